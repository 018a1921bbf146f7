"""
1. Import: ``import exerciselib`` against ``import attrs``, fresh processes.

The library's only eager dependency is attrs, so a process importing it
is the floor. The child importing exerciselib also checks that nothing
heavy came along (jsonschema, importlib_metadata and friends).

The model's classes load on first use, so a second row, with no target,
shows what a host app pays that goes on to use them: the import and
``from exerciselib import Dosage, Exercise, Routine``.
"""

from __future__ import annotations

from _harness import Row, alternate, judge, run_child, run_process

__all__ = ["run"]

#: Modules that ``import exerciselib`` must not load.
HEAVY = (
    "jsonschema",
    "referencing",
    "importlib_metadata",
    "importlib.metadata",
    "icalendar",
    "zoneinfo",
    "packaging",
)

#: Importing and using the model, as most host apps do.
_MODEL = "from exerciselib import Dosage, Exercise, Routine"

_CHECK = (
    "import sys, json, exerciselib; "
    f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
)


def run(size: str = "full") -> list[Row]:
    """Time both imports in turn; check what the library import loads."""
    repeat = 20 if size == "full" else 1
    heavy = run_child(_CHECK)
    # One untimed run each: the first start-up pays for a cold file cache.
    run_process("import exerciselib")
    run_process("import attrs")
    run_process(_MODEL)
    ours, floor, model = alternate(
        [
            lambda: run_process("import exerciselib"),
            lambda: run_process("import attrs"),
            lambda: run_process(_MODEL),
        ],
        repeat=repeat,
    )
    note = f"{repeat} alternating runs; whole process; " + (
        f"HEAVY MODULES LOADED: {heavy}" if heavy else "no heavy imports"
    )
    row = judge("1 import", ours, floor, limit=1.15, note=note)
    if heavy:
        row = Row(**{**row.__dict__, "met": False})
    used = Row(
        name="1 import and use the model (no target)",
        figure=model.show(),
        baseline=floor.show(),
        ratio=model.median / floor.median,
        target="-",
        met=None,
        note=f"{_MODEL}: the model's classes built on first use",
    )
    return [row, used]
