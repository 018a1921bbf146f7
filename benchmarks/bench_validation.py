"""
8. Validation and stored data; 9. the command line's start-up.

* One exercise document: ``json.loads`` and ``Exercise.from_dict``,
  against the floor of ``json.loads`` plus the fast validator's
  ``is_valid`` (jsonschema-rs, the ``fast`` extra).
* A 10,000-exercise pack through ``load_pack``, against 1.5 s.
* ``Plan.from_dict`` of a stored one-year plan, trusted and validated,
  against building the same plan directly with ``Plan(...)``.
* ``exerciselib show sciatica:sciatica-relief`` in a fresh process,
  against ``python -c "import jsonschema"``.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from _harness import Row, Sample, alternate, child_env, in_process, judge
from bench_content import _exercise, write_pack

import exerciselib
from exerciselib import Exercise, Plan, Progression, Routine, _schema

__all__ = ["run"]


def _document_rows(size: str) -> list[Row]:
    text = json.dumps(_exercise(7), indent=2)
    fast = _schema.fast_validator("exercise")
    if fast is None:
        return [
            Row(
                name="8 exercise document",
                figure="-",
                baseline="-",
                ratio=None,
                target="<= 1.5",
                met=None,
                note="jsonschema-rs is not installed (pip install "
                "exerciselib[fast])",
            )
        ]
    number = 2000 if size == "full" else 10
    repeat = 9 if size == "full" else 1
    ours, floor = alternate(
        [
            lambda: in_process(
                lambda: Exercise.from_dict(json.loads(text)), number=number
            ),
            lambda: in_process(lambda: fast(json.loads(text)), number=number),
        ],
        repeat=repeat,
    )
    return [
        judge(
            "8 exercise document",
            ours,
            floor,
            limit=1.5,
            note="json.loads + Exercise.from_dict; floor: json.loads + "
            f"jsonschema-rs is_valid; {repeat} runs of {number}",
        )
    ]


def _pack_row(size: str) -> Row:
    count = 10_000 if size == "full" else 50
    limit = 1.5
    with tempfile.TemporaryDirectory() as folder:
        root = write_pack(pathlib.Path(folder) / "pack", count)
        times = []
        for _ in range(3 if size == "full" else 1):
            start = time.perf_counter()
            exerciselib.load_pack(root)
            times.append(time.perf_counter() - start)
    sample = Sample(tuple(times))
    return Row(
        name=f"8 pack of {count:,} exercises",
        figure=sample.show(),
        baseline=f"{limit} s",
        ratio=sample.median / limit,
        target="<= 1.5 s (ratio <= 1)",
        met=sample.median <= limit,
        note="load_pack, one file an exercise; against a fixed 1.5 s",
    )


def _plan() -> Plan:
    routine = Routine(
        id="knees",
        name="Knees",
        items=[
            Exercise.from_dict(_exercise(index)).prescribe("2x10x5s hold")
            for index in range(4)
        ],
    )
    return Plan(
        routine=routine,
        start=dt.date(2026, 1, 5),
        weeks=52,
        times=[dt.time(8), dt.time(18)],
        timezone="Europe/Berlin",
        progression=Progression(every_weeks=1, add_reps=1, max_reps=20),
    )


def _plan_rows(size: str) -> list[Row]:
    plan = _plan()
    fields = {
        name: getattr(plan, name)
        for name in (
            "routine",
            "start",
            "weeks",
            "times",
            "timezone",
            "progression",
        )
    }
    stored = json.loads(json.dumps(plan.to_dict()))
    number = 200 if size == "full" else 2
    repeat = 9 if size == "full" else 1
    direct, trusted, validated = alternate(
        [
            lambda: in_process(lambda: Plan(**fields), number=number),
            lambda: in_process(
                lambda: Plan.from_dict(stored, trusted=True), number=number
            ),
            lambda: in_process(lambda: Plan.from_dict(stored), number=number),
        ],
        repeat=repeat,
    )
    note = "a stored one-year plan, 4 exercises; baseline: Plan(...) of "
    return [
        judge(
            "8 Plan.from_dict trusted",
            trusted,
            direct,
            limit=3,
            note=note + "the same fields",
        ),
        judge(
            "8 Plan.from_dict validated",
            validated,
            direct,
            limit=10,
            note=note + f"the same fields; fast validator "
            f"{'on' if _schema.fast_validator('plan') else 'NOT INSTALLED'}",
        ),
    ]


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, check=True, env=child_env(), stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _show_row(size: str) -> Row:
    cli = shutil.which("exerciselib")
    show = [cli or "exerciselib", "show", "sciatica:sciatica-relief"]
    floor = [sys.executable, "-c", "import jsonschema"]
    repeat = 15 if size == "full" else 1
    _run(show)
    _run(floor)
    ours, baseline = alternate(
        [lambda: _run(show), lambda: _run(floor)], repeat=repeat
    )
    return judge(
        "9 exerciselib show",
        ours,
        baseline,
        limit=1.5,
        note=f'{repeat} alternating runs; floor: python -c "import '
        'jsonschema"; sciatica pack installed',
    )


def run(size: str = "full") -> list[Row]:
    """The rows of benchmarks 8 and 9."""
    return [
        *_document_rows(size),
        _pack_row(size),
        *_plan_rows(size),
        _show_row(size),
    ]
