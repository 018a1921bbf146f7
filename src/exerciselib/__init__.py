"""
exerciselib: typed building blocks for therapeutic home-exercise programs.

Exercises, dosages and routines are frozen ``attrs`` classes. Everything
public is importable from here; the modules behind it are private.
Importing this package reads no files and imports neither ``jsonschema``
nor ``importlib_metadata``: those load on first use.
"""

from __future__ import annotations

import importlib
import typing

from exerciselib._domain import (
    ALL_DAYS,
    Credit,
    Exercise,
    Frequency,
    Laterality,
    Media,
    Routine,
    RoutineItem,
    Weekday,
)
from exerciselib._dosage import Dosage
from exerciselib.exceptions import (
    DosageError,
    ExerciseLibError,
    ExportError,
    InvalidDataError,
    InvalidValueError,
    MissingExtraError,
    PackError,
    Problem,
    ScheduleError,
    UnknownIdError,
)

if typing.TYPE_CHECKING:
    from exerciselib._catalog import Catalog, PackLoadFailure
    from exerciselib._handout import to_html, to_markdown
    from exerciselib._ics import to_ics
    from exerciselib._loading import load_catalog, refresh_catalog
    from exerciselib._packs import Pack, load_pack
    from exerciselib._plan import GapPolicy, Plan, ScheduledSession
    from exerciselib._progression import Progression
    from exerciselib._timeline import (
        Side,
        Step,
        StepKind,
        Timeline,
        session_timeline,
    )

__all__ = [
    "ALL_DAYS",
    "Catalog",
    "Credit",
    "Dosage",
    "DosageError",
    "Exercise",
    "ExerciseLibError",
    "ExportError",
    "Frequency",
    "GapPolicy",
    "InvalidDataError",
    "InvalidValueError",
    "Laterality",
    "Media",
    "MissingExtraError",
    "Pack",
    "PackError",
    "PackLoadFailure",
    "Plan",
    "Problem",
    "Progression",
    "Routine",
    "RoutineItem",
    "ScheduleError",
    "ScheduledSession",
    "Side",
    "Step",
    "StepKind",
    "Timeline",
    "UnknownIdError",
    "Weekday",
    "load_catalog",
    "load_pack",
    "refresh_catalog",
    "session_timeline",
    "to_html",
    "to_ics",
    "to_markdown",
]

#: Public names whose modules load on first access (PEP 562), mapped to
#: the private module that defines them.
_LAZY: dict[str, str] = {
    "Catalog": "exerciselib._catalog",
    "Pack": "exerciselib._packs",
    "PackLoadFailure": "exerciselib._catalog",
    "load_catalog": "exerciselib._loading",
    "load_pack": "exerciselib._packs",
    "refresh_catalog": "exerciselib._loading",
    # _plan imports zoneinfo, which reads the tz database on first use.
    "GapPolicy": "exerciselib._plan",
    "Plan": "exerciselib._plan",
    "ScheduledSession": "exerciselib._plan",
    "to_html": "exerciselib._handout",
    # _ics imports icalendar (an optional extra) only when it exports.
    "to_ics": "exerciselib._ics",
    "to_markdown": "exerciselib._handout",
    # The schedule engine's modules are not needed to describe content;
    # loading them on first use keeps ``import exerciselib`` close to the
    # cost of importing attrs (see docs/performance.md).
    "Progression": "exerciselib._progression",
    "Side": "exerciselib._timeline",
    "Step": "exerciselib._timeline",
    "StepKind": "exerciselib._timeline",
    "Timeline": "exerciselib._timeline",
    "session_timeline": "exerciselib._timeline",
}


def __getattr__(name: str) -> typing.Any:  # noqa: ANN401 -- any public name
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 -- lazy: metadata is read for __version__ only

        return version("exerciselib")
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'exerciselib' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
