"""The benchmarks run: each script's ``run("quick")`` gives sane rows."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
import typing

from exerciselib import refresh_catalog

if typing.TYPE_CHECKING:
    import types

BENCHMARKS = pathlib.Path(__file__).parent.parent / "benchmarks"


def load(name: str) -> types.ModuleType:
    """Import ``benchmarks/{name}.py`` as a module."""
    spec = importlib.util.spec_from_file_location(
        name, BENCHMARKS / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


class TestBenchFaults:
    """benchmarks/bench_faults.py, at its quick size."""

    def test_quick_run(self) -> None:
        """Each row counts a fifth of the packs as failed, the rest loaded."""
        bench = load("bench_faults")

        rows = bench.run("quick")
        refresh_catalog()

        assert [10, 20, 40] == [row.packs for row in rows]
        assert [(8, 2), (16, 4), (32, 8)] == [
            (row.loaded, row.failed) for row in rows
        ]
        assert all(row.fastest <= row.median <= row.slowest for row in rows)
