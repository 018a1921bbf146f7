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

from exerciselib._model.dosage import Dosage
from exerciselib._model.types import (
    ALL_DAYS,
    Credit,
    Exercise,
    Frequency,
    Group,
    Laterality,
    Media,
    Routine,
    RoutineItem,
    Weekday,
)
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
    from exerciselib._export.handout import to_html, to_markdown
    from exerciselib._export.ics import to_ics
    from exerciselib._packs.catalog import Catalog, PackLoadFailure
    from exerciselib._packs.loading import load_catalog, refresh_catalog
    from exerciselib._packs.pack import Pack, load_pack
    from exerciselib._schedule.build import (
        Side,
        Step,
        StepKind,
        Timeline,
        session_timeline,
    )
    from exerciselib._schedule.plan import GapPolicy, Plan, ScheduledSession
    from exerciselib._schedule.progression import Progression

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
    "Group",
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
    "Catalog": "exerciselib._packs.catalog",
    "Pack": "exerciselib._packs.pack",
    "PackLoadFailure": "exerciselib._packs.catalog",
    "load_catalog": "exerciselib._packs.loading",
    "load_pack": "exerciselib._packs.pack",
    "refresh_catalog": "exerciselib._packs.loading",
    # Plans import zoneinfo, which reads the tz database on first use.
    "GapPolicy": "exerciselib._schedule.sessions",
    "Plan": "exerciselib._schedule.plan",
    "ScheduledSession": "exerciselib._schedule.sessions",
    "to_html": "exerciselib._export.handout",
    # The iCalendar export needs icalendar, an optional extra.
    "to_ics": "exerciselib._export.ics",
    "to_markdown": "exerciselib._export.handout",
    # The schedule engine's modules are not needed to describe content;
    # loading them on first use keeps ``import exerciselib`` close to the
    # cost of importing attrs (see docs/performance.md).
    "Progression": "exerciselib._schedule.progression",
    "Side": "exerciselib._schedule.timeline",
    "Step": "exerciselib._schedule.timeline",
    "StepKind": "exerciselib._schedule.timeline",
    "Timeline": "exerciselib._schedule.timeline",
    "session_timeline": "exerciselib._schedule.build",
}


def __getattr__(name: str) -> typing.Any:  # noqa: ANN401 -- any public name
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 -- lazy: start-up time

        return version("exerciselib")
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'exerciselib' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
