"""
Benchmark: loading a catalog of N installed packs, a fifth of them broken.

For each N it installs N synthetic packs as real ``.dist-info`` folders
in a temporary site folder put on ``sys.path`` (a fifth broken in eight
ways: invalid JSON, schema error, missing package, no pack data, id
mismatch, missing dependency, needs another exerciselib, unknown
exercise), then times ``load_catalog(refresh=True)``: the median of 5
runs, with min and max. Time per pack should stay flat, and
``time(200) / time(50)`` near 4 (linear).

No assertions: it prints a table. Run it as a script, or through
``benchmarks/run.py``, which calls :func:`run` for its summary row
(``time(largest) / time(smallest)`` against the linear ratio)::

    python benchmarks/bench_faults.py [full|tiny]
"""

from __future__ import annotations

import json
import pathlib
import statistics
import sys
import tempfile
import time
import typing

from _harness import Row

from exerciselib import load_catalog, refresh_catalog

#: The pack counts timed for each size of run.
SIZES = {"full": (50, 100, 200), "tiny": (10, 20, 40)}
#: Timed runs per pack count.
REPEATS = 5


class Timing(typing.NamedTuple):
    """The timings for one pack count."""

    #: How many packs were installed.
    packs: int
    #: How many of them loaded.
    loaded: int
    #: How many failed (each in ``catalog.failures``).
    failed: int
    #: The median time of ``load_catalog(refresh=True)``, in seconds.
    median: float
    #: The fastest run, in seconds.
    fastest: float
    #: The slowest run, in seconds.
    slowest: float

    @property
    def per_pack_ms(self) -> float:
        """The median time per installed pack, in milliseconds."""
        return self.median / self.packs * 1000


def _manifest(pack_id: str, **extra: object) -> dict[str, object]:
    items: list[dict[str, object]] = [{"exercise": "reach"}]
    data: dict[str, object] = {
        "format": 1,
        "id": pack_id,
        "name": f"Pack {pack_id}",
        "version": "1.0.0",
        "description": "A synthetic pack for the benchmark.",
        "language": "en",
        "license": "CC0-1.0",
        "credits": [],
        "requires_exerciselib": ">=0.1",
        "exercises": [
            {
                "id": "reach",
                "name": "Reach",
                "summary": "Reach up.",
                "steps": ["Stand tall.", "Reach up with both arms."],
            }
        ],
        "routines": [{"id": "daily", "name": "Daily", "items": items}],
    }
    data.update(extra)
    return data


def _unknown_exercise(pack_id: str) -> object:
    routine = {
        "id": "daily",
        "name": "Daily",
        "items": [{"exercise": "nowhere"}],
    }
    return _manifest(pack_id, routines=[routine])


#: The eight faults: each builds the pack data (``...`` for no package at
#: all, ``None`` for a package without pack.json).
BROKEN: tuple[typing.Callable[[str], object], ...] = (
    lambda _pack_id: "{nope",
    lambda pack_id: _manifest(pack_id, version="one"),
    lambda _pack_id: ...,
    lambda _pack_id: None,
    lambda pack_id: _manifest(f"{pack_id}-x"),
    lambda pack_id: _manifest(pack_id, dependencies=["absent"]),
    lambda pack_id: _manifest(pack_id, requires_exerciselib=">=42"),
    _unknown_exercise,
)


def _install(site: pathlib.Path, number: int) -> None:
    """Install pack ``number`` as pip would lay it out."""
    pack_id = f"bench{number:04d}"
    package = f"bench_{number:04d}"
    data: object = _manifest(pack_id)
    if number % 5 == 0:
        data = BROKEN[(number // 5) % len(BROKEN)](pack_id)
    files: list[str] = []
    if data is not ...:
        folder = site / package
        folder.mkdir()
        (folder / "__init__.py").write_text("", encoding="utf-8")
        files.append(f"{package}/__init__.py")
        if data is not None:
            text = data if isinstance(data, str) else json.dumps(data)
            (folder / "pack.json").write_text(text, encoding="utf-8")
            files.append(f"{package}/pack.json")
    info_name = f"bench_{number:04d}-1.0.0.dist-info"
    info = site / info_name
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: bench-{number:04d}\nVersion: 1.0.0\n",
        encoding="utf-8",
    )
    (info / "entry_points.txt").write_text(
        f"[exerciselib.packs]\n{pack_id} = {package}\n", encoding="utf-8"
    )
    record = [*files, f"{info_name}/METADATA", f"{info_name}/RECORD"]
    record.append(f"{info_name}/entry_points.txt")
    (info / "RECORD").write_text(
        "".join(f"{line},,\n" for line in record), encoding="utf-8"
    )


def _time(count: int) -> Timing:
    """Install ``count`` packs and time loading them."""
    with tempfile.TemporaryDirectory() as folder:
        site = pathlib.Path(folder)
        for number in range(count):
            _install(site, number)
        sys.path.insert(0, folder)
        try:
            timings: list[float] = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                catalog = load_catalog(refresh=True)
                timings.append(time.perf_counter() - start)
        finally:
            sys.path.remove(folder)
            refresh_catalog()
    ours = [p for p in catalog if p.startswith("bench")]
    failed = [
        f for f in catalog.failures if (f.pack or "").startswith("bench")
    ]
    return Timing(
        packs=count,
        loaded=len(ours),
        failed=len(failed),
        median=statistics.median(timings),
        fastest=min(timings),
        slowest=max(timings),
    )


def measure(size: str = "full") -> list[Timing]:
    """
    Time ``load_catalog(refresh=True)`` for each pack count of ``size``.

    Args:
        size: ``"full"`` (50, 100 and 200 packs) or ``"tiny"``.

    Returns:
        One timing per pack count, smallest first.
    """
    return [_time(count) for count in SIZES[size]]


def run(size: str = "full") -> list[Row]:
    """
    The summary row for ``benchmarks/run.py``: cost grows with pack count.

    The figure is the largest catalog's time, the baseline the smallest's;
    the target is the linear ratio plus a tenth.
    """
    timings = measure(size)
    first, last = timings[0], timings[-1]
    linear = last.packs / first.packs
    ratio = last.median / first.median
    return [
        Row(
            name=f"7 faults {last.packs} vs {first.packs} packs",
            figure=f"{last.median * 1000:.0f} ms",
            baseline=f"{first.median * 1000:.0f} ms",
            ratio=ratio,
            target=f"<= {linear * 1.1:g} (linear {linear:g})",
            met=ratio <= linear * 1.1,
            note=f"{last.failed} of {last.packs} broken, each in errors",
        )
    ]


def _report(rows: list[Timing]) -> None:
    print(
        f"{'packs':>6} {'loaded':>7} {'failed':>7} {'median s':>9} "
        f"{'min-max s':>15} {'ms/pack':>8}"
    )
    for row in rows:
        spread = f"{row.fastest:.3f}-{row.slowest:.3f}"
        print(
            f"{row.packs:>6} {row.loaded:>7} {row.failed:>7} "
            f"{row.median:>9.3f} {spread:>15} {row.per_pack_ms:>8.2f}"
        )
    first, last = rows[0], rows[-1]
    ratio = last.median / first.median
    linear = last.packs / first.packs
    print(
        f"time({last.packs}) / time({first.packs}) = {ratio:.2f} "
        f"(linear = {linear:.0f})"
    )


if __name__ == "__main__":
    _report(measure(sys.argv[1] if len(sys.argv) > 1 else "full"))
