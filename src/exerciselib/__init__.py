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

from exerciselib.exceptions import (
    DosageError,
    ExerciseLibError,
    ExportError,
    InvalidDataError,
    InvalidValueError,
    LogError,
    MissingExtraError,
    PackError,
    Problem,
    ScheduleError,
    ScheduleValueError,
    UnknownIdError,
)

if typing.TYPE_CHECKING:
    from exerciselib._export.fhir import to_fhir
    from exerciselib._export.handout import to_html, to_markdown
    from exerciselib._export.ics import to_ics
    from exerciselib._export.logs import write_logs
    from exerciselib._export.pdf import to_pdf
    from exerciselib._feedback.adapt import adapt
    from exerciselib._feedback.adherence import (
        Adherence,
        AdherenceCounts,
        adherence,
    )
    from exerciselib._feedback.jsonl import read_logs
    from exerciselib._feedback.logs import Completion, ItemLog, SessionLog
    from exerciselib._feedback.revisions import (
        Action,
        Decision,
        RevisedPlan,
        Revision,
    )
    from exerciselib._feedback.rules import FeedbackRules
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
    from exerciselib._packs.catalog import Catalog, PackLoadFailure
    from exerciselib._packs.loading import (
        build_catalog,
        load_catalog,
        refresh_catalog,
    )
    from exerciselib._packs.localized import Localized
    from exerciselib._packs.pack import Pack, load_pack
    from exerciselib._published import schema, schema_names, schema_registry
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
    "Action",
    "Adherence",
    "AdherenceCounts",
    "Catalog",
    "Completion",
    "Credit",
    "Decision",
    "Dosage",
    "DosageError",
    "Exercise",
    "ExerciseLibError",
    "ExportError",
    "FeedbackRules",
    "Frequency",
    "GapPolicy",
    "Group",
    "InvalidDataError",
    "InvalidValueError",
    "ItemLog",
    "Laterality",
    "Localized",
    "LogError",
    "Media",
    "MissingExtraError",
    "Pack",
    "PackError",
    "PackLoadFailure",
    "Plan",
    "Problem",
    "Progression",
    "RevisedPlan",
    "Revision",
    "Routine",
    "RoutineItem",
    "ScheduleError",
    "ScheduleValueError",
    "ScheduledSession",
    "SessionLog",
    "Side",
    "Step",
    "StepKind",
    "Timeline",
    "UnknownIdError",
    "Weekday",
    "adapt",
    "adherence",
    "build_catalog",
    "load_catalog",
    "load_pack",
    "read_logs",
    "refresh_catalog",
    "schema",
    "schema_names",
    "schema_registry",
    "session_timeline",
    "to_fhir",
    "to_html",
    "to_ics",
    "to_markdown",
    "to_pdf",
    "write_logs",
]

#: Public names whose modules load on first access (PEP 562), mapped to
#: the private module that defines them.
_LAZY: dict[str, str] = {
    # The model: attrs builds each class's methods as it is defined, the
    # most of what importing the model costs; a host app that only maps
    # our errors, or a command that only prints the version, skips it.
    "ALL_DAYS": "exerciselib._model.types",
    "Credit": "exerciselib._model.types",
    "Dosage": "exerciselib._model.dosage",
    "Exercise": "exerciselib._model.types",
    "Frequency": "exerciselib._model.types",
    "Group": "exerciselib._model.types",
    "Laterality": "exerciselib._model.types",
    "Media": "exerciselib._model.types",
    "Routine": "exerciselib._model.types",
    "RoutineItem": "exerciselib._model.types",
    "Weekday": "exerciselib._model.types",
    "Catalog": "exerciselib._packs.catalog",
    "Pack": "exerciselib._packs.pack",
    "PackLoadFailure": "exerciselib._packs.catalog",
    "build_catalog": "exerciselib._packs.loading",
    "load_catalog": "exerciselib._packs.loading",
    "load_pack": "exerciselib._packs.pack",
    "refresh_catalog": "exerciselib._packs.loading",
    "Localized": "exerciselib._packs.localized",
    # Plans import zoneinfo, which reads the tz database on first use.
    "GapPolicy": "exerciselib._schedule.sessions",
    "Plan": "exerciselib._schedule.plan",
    "ScheduledSession": "exerciselib._schedule.sessions",
    "to_html": "exerciselib._export.handout",
    # The iCalendar export needs icalendar, an optional extra.
    "to_ics": "exerciselib._export.ics",
    "to_markdown": "exerciselib._export.handout",
    # FHIR is plain JSON; the PDF handout needs WeasyPrint (the pdf extra).
    "to_fhir": "exerciselib._export.fhir",
    "to_pdf": "exerciselib._export.pdf",
    # The schedule engine's modules are not needed to describe content;
    # loading them on first use keeps ``import exerciselib`` close to the
    # cost of importing attrs (see docs/performance.md).
    "Progression": "exerciselib._schedule.progression",
    "Side": "exerciselib._schedule.timeline",
    "Step": "exerciselib._schedule.timeline",
    "StepKind": "exerciselib._schedule.timeline",
    "Timeline": "exerciselib._schedule.timeline",
    "session_timeline": "exerciselib._schedule.build",
    # The patient's side: logs, adherence, rules and plan revisions.
    "Action": "exerciselib._feedback.revisions",
    "Adherence": "exerciselib._feedback.adherence",
    "AdherenceCounts": "exerciselib._feedback.adherence",
    "Completion": "exerciselib._feedback.logs",
    "Decision": "exerciselib._feedback.revisions",
    "FeedbackRules": "exerciselib._feedback.rules",
    "ItemLog": "exerciselib._feedback.logs",
    "RevisedPlan": "exerciselib._feedback.revisions",
    "Revision": "exerciselib._feedback.revisions",
    "SessionLog": "exerciselib._feedback.logs",
    "adapt": "exerciselib._feedback.adapt",
    "adherence": "exerciselib._feedback.adherence",
    "read_logs": "exerciselib._feedback.jsonl",
    "write_logs": "exerciselib._export.logs",
    # The shipped JSON Schemas, read on first use.
    "schema": "exerciselib._published",
    "schema_names": "exerciselib._published",
    "schema_registry": "exerciselib._published",
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
