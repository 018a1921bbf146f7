"""
Run every benchmark and print one table: ``python benchmarks/run.py``.

The six benchmarks of the issue run first, in its order; any other
``benchmarks/bench_*.py`` module with a ``run(size)`` function joins
after them. ``--size tiny`` runs each benchmark once at a tiny size, to
check that none of them rots; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import importlib
import pathlib
import sys
import time
import typing

HERE = pathlib.Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _harness import Row, format_table  # noqa: E402 -- after sys.path

if typing.TYPE_CHECKING:
    from collections.abc import Sequence

#: The issue's six benchmarks, in its order.
CORE = (
    "bench_import",
    "bench_catalog",
    "bench_content",
    "bench_plans",
    "bench_timelines",
    "bench_discovery",
)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
parser.add_argument(
    "--size",
    choices=["tiny", "full"],
    default="full",
    help="tiny: one quick repetition of each, to check they run",
)


def modules() -> list[str]:
    """The benchmark modules: the six first, then any others by name."""
    others = sorted(
        path.stem for path in HERE.glob("bench_*.py") if path.stem not in CORE
    )
    return [*CORE, *others]


def collect(size: str, names: Sequence[str]) -> list[Row]:
    """Run each module's benchmarks and gather their rows."""
    rows: list[Row] = []
    for name in names:
        module = importlib.import_module(name)
        run = getattr(module, "run", None)
        if run is None:
            continue
        start = time.perf_counter()
        rows += run(size)
        seconds = time.perf_counter() - start
        print(f"# {name}: {seconds:.1f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    args = parser.parse_args(argv)
    rows = collect(args.size, modules())
    print(f"exerciselib benchmarks, size {args.size}, Python {sys.version}")
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
