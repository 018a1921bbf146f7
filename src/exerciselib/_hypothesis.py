"""
Hypothesis strategies for exerciselib's public types and field values.

exerciselib declares :func:`register` as a ``hypothesis`` entry point,
so Hypothesis calls it when it is imported, in any project that has
exerciselib installed (unless ``HYPOTHESIS_NO_PLUGINS`` is set).

No type needs a strategy written for it. Every field is checked by
``exerciselib._validators`` or not at all, and each check is an
``instance_of`` check of a kind or a type, or an ``in_`` check, which
Hypothesis reads; a field with no check is read from its annotation.
So, with the kinds' strategies registered, ``st.builds(T)`` draws
valid values of each type in :data:`INFERABLE`:

* most check every field they hold;
* the results the library builds (``Adherence``, ``AdherenceCounts``,
  ``Localized``, ``Pack``, ``PackLoadFailure``, ``Problem``) check
  none, and ``Revision`` does not check ``decisions``: Hypothesis reads
  their annotations, which are text (PEP 563) naming classes whose
  ``__module__`` is ``exerciselib``. :func:`register` resolves them
  (``attrs.resolve_types``) in the namespace of the module that
  defines each (:data:`RESOLVED`): when Hypothesis starts, not when
  exerciselib is imported, which stays cheap. ``Localized`` is
  generic: ``st.builds(Localized)`` draws any value for ``value``, and
  ``st.from_type(Localized[Exercise])`` an exercise.

The others, each with a strategy for ``st.from_type(T)`` registered:

* ``Plan``, ``Progression`` and ``SessionLog`` need exactly one of
  several optional fields (:data:`CHOICES`): a plan one of ``weeks``
  and ``count`` (or ``end``, on or after ``start``), a progression one
  of ``every_weeks`` and ``every_sessions`` and a step, a session log
  one of ``session`` and ``scheduled``. ``st.builds(T)`` fills in only
  required arguments, and none of these is; ``st.builds(Plan,
  weeks=...)`` draws the field's default (None) as its simplest value,
  as Hypothesis does for every field it is asked to infer. So
  ``st.from_type(T)`` draws one choice with :func:`asking`:
  ``st.builds(T)`` with the choice's fields drawn as Hypothesis infers
  them from their validators, but never their defaults. To pin a
  choice, pass its strategy: ``st.builds(Plan, weeks=st.integers(1,
  52))``.
* ``Pack``: its ``root`` is a ``pathlib.Path`` or None, and Hypothesis
  has no strategy for paths (it warns, and makes only ``Path('.')``),
  so ``st.from_type(Pack)`` is ``st.builds(Pack, root=st.none())``.

``tests/property/test_inference.py`` walks ``exerciselib.__all__``: a
new public type must be inferable or listed here.

Nothing here runs unless Hypothesis is installed and imported.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import pathlib
import typing

import attrs

# Importing the modules that define kinds makes every kind.
from exerciselib import exceptions
from exerciselib._feedback import adherence, revisions
from exerciselib._feedback.adherence import Adherence, AdherenceCounts
from exerciselib._feedback.logs import ItemLog, SessionLog
from exerciselib._feedback.revisions import Decision, RevisedPlan, Revision
from exerciselib._feedback.rules import FeedbackRules
from exerciselib._model.dosage import Dosage
from exerciselib._model.types import (
    Credit,
    Exercise,
    Frequency,
    Group,
    Media,
    Routine,
    RoutineItem,
)
from exerciselib._packs import catalog, localized, pack
from exerciselib._packs.catalog import Catalog, PackLoadFailure
from exerciselib._packs.localized import Localized
from exerciselib._packs.pack import Pack
from exerciselib._schedule.build import session_timeline
from exerciselib._schedule.plan import Plan
from exerciselib._schedule.progression import Progression
from exerciselib._schedule.sessions import ScheduledSession
from exerciselib._schedule.timeline import Step, Timeline
from exerciselib._validators import kinds
from exerciselib.exceptions import Problem

if typing.TYPE_CHECKING:
    import types

    from hypothesis.strategies import SearchStrategy

__all__ = ["CHOICES", "INFERABLE", "RESOLVED", "asking", "register"]

#: The public types ``st.builds(T)`` draws with nothing written for
#: them. Each is also registered as ``st.builds(T)`` for
#: ``st.from_type(T)``, which reads annotations only.
INFERABLE: tuple[type[typing.Any], ...] = (
    Adherence,
    AdherenceCounts,
    Catalog,
    Credit,
    Decision,
    Dosage,
    Exercise,
    FeedbackRules,
    Frequency,
    Group,
    ItemLog,
    Localized,
    Media,
    PackLoadFailure,
    Problem,
    RevisedPlan,
    Revision,
    Routine,
    RoutineItem,
    ScheduledSession,
    Step,
    Timeline,
)

#: The types whose annotations :func:`register` resolves, each with
#: the module that defines it.
RESOLVED: dict[type[typing.Any], types.ModuleType] = {
    Adherence: adherence,
    AdherenceCounts: adherence,
    Localized: localized,
    Pack: pack,
    PackLoadFailure: catalog,
    Problem: exceptions,
    Revision: revisions,
}

#: The public types that need one of several optional fields given:
#: for each, the choices, each the fields :func:`asking` gives.
CHOICES: dict[type[typing.Any], tuple[tuple[str, ...], ...]] = {
    Plan: (("weeks",), ("count",)),
    Progression: (
        ("every_weeks", "add_reps"),
        ("every_weeks", "add_hold_seconds"),
        ("every_sessions", "add_sets"),
        ("every_sessions", "add_work_seconds"),
        ("every_weeks", "add_load"),
    ),
    SessionLog: (("session",), ("scheduled",)),
}

#: Names the annotations use that their modules import only for type
#: checkers.
_ANNOTATION_NAMES: dict[str, object] = {
    "Exercise": Exercise,
    "Mapping": collections.abc.Mapping,
    "Pack": Pack,
    "Routine": Routine,
    "dt": dt,
    "pathlib": pathlib,
}

#: attrs' ``optional`` validator class, reached through its factory.
_Optional: typing.Any = type(
    attrs.validators.optional(attrs.validators.and_())
)

#: Kept for their kinds only.
_KIND_MODULES = (session_timeline,)


def asking(cls: type[typing.Any], *names: str) -> SearchStrategy[typing.Any]:
    """
    ``st.builds(cls)`` with the optional fields ``names`` given.

    Each is drawn as Hypothesis infers it from the field's validator
    (its kind's strategy, or the options of ``one_of``), never None and
    never the field's default: ``asking(Plan, "weeks")`` draws plans
    bounded by a number of weeks.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 -- only when Hypothesis runs

    return st.builds(cls, **{name: _given(st, cls, name) for name in names})


def _given(
    st: types.ModuleType, cls: type[typing.Any], name: str
) -> SearchStrategy[typing.Any]:
    """The strategy for field ``name`` of ``cls``, without its default."""
    field = getattr(attrs.fields(cls), name)
    validator = field.validator
    if isinstance(validator, _Optional):
        validator = validator.validator
    # Our validators are attrs ``and_`` validators holding one
    # ``instance_of`` check of a kind, as Hypothesis reads them.
    (check,) = validator._validators  # noqa: SLF001 -- attrs' field, as Hypothesis reads it
    default = field.default
    drawn: SearchStrategy[typing.Any] = st.from_type(check.type)
    return drawn.filter(lambda value: value != default)


def _resolve(cls: type[typing.Any], module: types.ModuleType) -> None:
    """Turn the annotations of ``cls`` from text into types."""
    namespace = {**_ANNOTATION_NAMES, **vars(module)}
    attrs.resolve_types(cls, globalns=namespace)


def _localized(thing: object) -> SearchStrategy[typing.Any]:
    """``Localized``, or ``Localized[T]`` holding a value of type ``T``."""
    from hypothesis import strategies as st  # noqa: PLC0415 -- only when Hypothesis runs

    args = typing.get_args(thing)
    if not args:
        return st.builds(Localized)
    return st.builds(Localized, value=st.from_type(args[0]))


def register() -> None:
    """Register a Hypothesis strategy for every kind and public type."""
    from hypothesis import strategies as st  # noqa: PLC0415 -- only when Hypothesis runs this hook

    for kind in kinds():
        strategy = typing.cast("typing.Any", kind.strategy(st))
        st.register_type_strategy(kind, strategy)
    for cls, module in RESOLVED.items():
        _resolve(cls, module)
    for cls in INFERABLE:
        st.register_type_strategy(cls, st.builds(cls))
    st.register_type_strategy(Localized, _localized)
    for cls, choices in CHOICES.items():
        st.register_type_strategy(
            cls, st.one_of([asking(cls, *names) for names in choices])
        )
    st.register_type_strategy(Pack, st.builds(Pack, root=st.none()))
