"""
A small benchmark harness: repeated timings, fresh processes, table rows.

Every figure is compared with a baseline measured in the same run, with
the two measured in turn (a, b, a, b, ...) so that a noisy machine slows
both alike. A figure is the median of its repetitions, shown with the
fastest and slowest.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import typing

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "Row",
    "Sample",
    "alternate",
    "child_env",
    "format_table",
    "in_process",
    "judge",
    "run_child",
    "run_process",
]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Row:
    """One line of the results table."""

    #: What is measured, numbered by the issue's list ("3 content 10k").
    name: str
    #: The library's figure, as shown ("12.3 ms (11.9-13.0)").
    figure: str
    #: The baseline's figure, measured in the same run.
    baseline: str
    #: figure / baseline (medians), or None where no ratio applies.
    ratio: float | None
    #: The target, as text ("<= 1.15").
    target: str
    #: Whether the target is met; None where it cannot be judged.
    met: bool | None
    #: What the baseline is, or why a target is missed.
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Sample:
    """Repeated measurements of one thing, in seconds or bytes."""

    values: tuple[float, ...]
    unit: str = "s"

    @property
    def median(self) -> float:
        """The median value."""
        return statistics.median(self.values)

    def show(self) -> str:
        """The median with the range, as ``12.3 ms [11.9, 13.0]``."""
        low, high = min(self.values), max(self.values)
        if self.unit == "B":
            scale, unit = 1 / 2**20, "MiB"
            return (
                f"{self.median * scale:.2f} {unit} "
                f"[{low * scale:.2f}, {high * scale:.2f}]"
            )
        scale, unit = _time_scale(self.median)
        return (
            f"{_number(self.median * scale)} {unit} "
            f"[{_number(low * scale)}, {_number(high * scale)}]"
        )


def _time_scale(seconds: float) -> tuple[float, str]:
    if seconds >= 1:
        return 1, "s"
    if seconds >= 1e-3:
        return 1e3, "ms"
    return 1e6, "µs"


def _number(value: float) -> str:
    """Three significant digits or so: 123, 12.3, 1.23."""
    size = abs(value)
    digits = 0 if size >= 100 else 1 if size >= 10 else 2
    return f"{value:.{digits}f}"


def in_process(function: Callable[[], object], *, number: int = 1) -> float:
    """Seconds one call of ``function`` takes, over ``number`` calls."""
    start = time.perf_counter()
    for _ in range(number):
        function()
    return (time.perf_counter() - start) / number


def alternate(
    measures: Sequence[Callable[[], float]], *, repeat: int
) -> list[Sample]:
    """Run each measure ``repeat`` times, in turn; one sample each."""
    values: list[list[float]] = [[] for _ in measures]
    for _ in range(repeat):
        for index, measure in enumerate(measures):
            values[index].append(measure())
    return [Sample(tuple(v)) for v in values]


#: Bytecode for child processes goes here, never into the source tree.
_PYCACHE = tempfile.mkdtemp(prefix="exerciselib-bench-pycache-")
atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)


def child_env(**extra: str) -> dict[str, str]:
    """
    The environment for child processes, with bytecode caching on.

    An installed library runs from cached bytecode; a source checkout
    run with ``PYTHONDONTWRITEBYTECODE`` would compile every module of
    ours (and none of the site-packages ones) in every process. Children
    write and read bytecode in a private temporary folder instead.
    """
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    env.update(extra)
    return env


def run_process(code: str, *, env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of a fresh ``python -c code`` process."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env=env or child_env(),
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def run_child(code: str, *, env: dict[str, str] | None = None) -> typing.Any:  # noqa: ANN401 -- whatever JSON the child prints
    """Run ``python -c code`` and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env=env or child_env(),
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def judge(
    name: str,
    figure: Sample,
    baseline: Sample,
    *,
    limit: float,
    note: str = "",
) -> Row:
    """A row comparing medians: met when figure/baseline <= ``limit``."""
    ratio = figure.median / baseline.median
    return Row(
        name=name,
        figure=figure.show(),
        baseline=baseline.show(),
        ratio=ratio,
        target=f"<= {limit:g}",
        met=ratio <= limit,
        note=note,
    )


def format_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned text table."""
    header = ("benchmark", "exerciselib", "baseline", "ratio", "target", "")
    lines = [
        (
            row.name,
            row.figure,
            row.baseline,
            "-" if row.ratio is None else f"{row.ratio:.2f}",
            row.target,
            {True: "met", False: "MISSED", None: "-"}[row.met],
        )
        for row in rows
    ]
    widths = [
        max(len(line[i]) for line in [header, *lines])
        for i in range(len(header))
    ]
    text = [
        "  ".join(
            cell.ljust(width) for cell, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in [header, *lines]
    ]
    text.insert(1, "  ".join("-" * width for width in widths).rstrip())
    notes = [f"  {row.name}: {row.note}" for row in rows if row.note]
    if notes:
        text += ["", "notes:", *notes]
    return "\n".join(text)
