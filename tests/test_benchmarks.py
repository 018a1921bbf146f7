"""The benchmarks run at a tiny size, so that none of them rots."""

from __future__ import annotations

import importlib
import pathlib
import re
import subprocess
import sys

import pytest

from exerciselib import refresh_catalog

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"


class TestBenchmarks:
    """``python benchmarks/run.py --size tiny`` (timings are not judged)."""

    @pytest.mark.slow  # every benchmark, each in fresh interpreters
    def test_tiny_run_prints_every_row(self) -> None:
        """The tiny run completes and prints rows for benchmarks 1 to 9."""
        done = subprocess.run(  # noqa: S603 -- our own interpreter and script
            [sys.executable, str(RUN), "--size", "tiny"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=120,
        )
        table = done.stdout.split("\n\nnotes:")[0]
        numbers = {
            int(match[1])
            for match in re.finditer(
                r"^(\d) \S.*(?:met|MISSED|-)$", table, re.MULTILINE
            )
        }

        assert 0 == done.returncode, done.stderr
        assert {1, 2, 3, 4, 5, 6, 7, 8, 9} == numbers


class TestBenchFaults:
    """benchmarks/bench_faults.py, at its tiny size."""

    @pytest.mark.slow  # fresh interpreters and 50 to 200 packs
    def test_tiny_measure(self) -> None:
        """Each count has a fifth of the packs failed, the rest loaded."""
        sys.path.insert(0, str(ROOT / "benchmarks"))
        try:
            bench = importlib.import_module("bench_faults")
            timings = bench.measure("tiny")
        finally:
            sys.path.remove(str(ROOT / "benchmarks"))
            refresh_catalog()

        assert [10, 20, 40] == [t.packs for t in timings]
        assert [(8, 2), (16, 4), (32, 8)] == [
            (t.loaded, t.failed) for t in timings
        ]
        assert all(t.fastest <= t.median <= t.slowest for t in timings)
