"""The benchmarks run at a tiny size, so that none of them rots."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"


class TestBenchmarks:
    """``python benchmarks/run.py --size tiny`` (timings are not judged)."""

    def test_tiny_run_prints_all_six(self) -> None:
        """The tiny run completes and prints rows for benchmarks 1 to 6."""
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
        assert {1, 2, 3, 4, 5, 6} == numbers
