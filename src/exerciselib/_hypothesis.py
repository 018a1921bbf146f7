"""
Hypothesis strategies for exerciselib's public types and field values.

exerciselib declares :func:`register` as a ``hypothesis`` entry point,
so Hypothesis calls it when it is imported, in any project that has
exerciselib installed (unless ``HYPOTHESIS_NO_PLUGINS`` is set).

Most types need nothing written for them: each field's validator is an
``instance_of`` check of a kind (``exerciselib._validators``), or an
``in_`` check, or an ``instance_of`` check of another exerciselib type,
so with the kinds registered ``hypothesis.strategies.builds(Exercise)``
draws valid values. Those are :data:`INFERABLE`.

The rest are in :data:`WRITTEN`, with a strategy registered here for
``st.from_type(T)`` (and so for every field that holds a ``T``, which
``st.builds`` of a containing type draws with ``from_type``):

* ``Plan``, ``Progression`` and ``SessionLog`` have rules across
  fields: a plan needs exactly one of ``end``, ``weeks`` and ``count``,
  a progression exactly one of ``every_weeks`` and ``every_sessions``
  and at least one step, a session log exactly one of ``session`` and
  ``scheduled``. ``st.builds(T)`` fills in only the required
  arguments, and none of these is required, so it cannot draw a valid
  one; a strategy that passes one of them can
  (``st.builds(Plan, weeks=...)``).
* ``Revision`` takes any value for ``decisions`` (its plan checks
  them), which Hypothesis would draw from every type there is.
* ``Adherence``, ``AdherenceCounts``, ``Localized``, ``Problem``,
  ``Pack`` and ``PackLoadFailure`` are results the library builds (a report, a
  problem found, a loaded pack), with no validator on their fields,
  and their annotations are text (PEP 563), so Hypothesis finds
  nothing to infer from; the strategies here name what each required
  field holds and infer the rest.

``tests/property/test_inference.py`` walks ``exerciselib.__all__``: a
new public type must be inferable or have a strategy here.

Nothing here runs unless Hypothesis is installed and imported.
"""

from __future__ import annotations

import datetime as dt
import typing

# Importing the modules that define kinds makes every kind.
from exerciselib._feedback.adherence import Adherence, AdherenceCounts
from exerciselib._feedback.logs import Completion, ItemLog, SessionLog
from exerciselib._feedback.revisions import (
    Decision,
    RevisedPlan,
    Revision,
)
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
from exerciselib._packs.catalog import Catalog, PackLoadFailure
from exerciselib._packs.localized import Localized
from exerciselib._packs.pack import Pack
from exerciselib._schedule.build import session_timeline
from exerciselib._schedule.checks import Count, Weeks
from exerciselib._schedule.plan import Plan
from exerciselib._schedule.progression import Progression
from exerciselib._schedule.sessions import ScheduledSession
from exerciselib._schedule.timeline import Step, Timeline
from exerciselib._validators import kinds
from exerciselib.exceptions import PackError, Problem

if typing.TYPE_CHECKING:
    import types

    from hypothesis.strategies import SearchStrategy

__all__ = ["INFERABLE", "WRITTEN", "register"]

#: The public types whose every required field Hypothesis can infer.
#: Each is also registered as ``st.builds(T)``: ``st.from_type`` reads
#: annotations, which are text here, while ``builds`` reads the
#: validators.
INFERABLE: tuple[type[typing.Any], ...] = (
    Catalog,
    Credit,
    Decision,
    Dosage,
    Exercise,
    FeedbackRules,
    Frequency,
    Group,
    ItemLog,
    Media,
    RevisedPlan,
    Routine,
    RoutineItem,
    ScheduledSession,
    Step,
    Timeline,
)

#: The public types with a strategy written here (see the module
#: docstring for why ``st.builds(T)`` alone cannot draw them).
WRITTEN: tuple[type[typing.Any], ...] = (
    Adherence,
    AdherenceCounts,
    Localized,
    Pack,
    PackLoadFailure,
    Plan,
    Problem,
    Progression,
    Revision,
    SessionLog,
)

#: Kept for their kinds only.
_KIND_MODULES = (session_timeline,)


def _written(
    st: types.ModuleType,
) -> dict[type[typing.Any], SearchStrategy[typing.Any]]:
    """The strategy of each type in :data:`WRITTEN`, by type."""
    counts = st.integers(0, 1_000)
    text = st.text(min_size=1, max_size=40).filter(str.strip)
    maybe_text = st.none() | text
    aware = st.datetimes(timezones=st.just(dt.UTC))
    ids = st.builds(Exercise).map(lambda exercise: exercise.id)
    step = st.integers(1, 8)
    progression = st.one_of(
        st.builds(Progression, every_weeks=step, add_reps=step),
        st.builds(Progression, every_sessions=step, add_sets=step),
    )
    # Starts far from the calendar's ends, so that every bound fits.
    start = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
    plan = st.one_of(
        st.builds(Plan, start=start, weeks=st.from_type(Weeks)),
        st.builds(Plan, start=start, count=st.from_type(Count)),
        start.flatmap(
            lambda first: st.builds(
                Plan,
                start=st.just(first),
                end=st.integers(0, 730).map(
                    lambda days: first + dt.timedelta(days=days)
                ),
            )
        ),
    )
    tallies = st.builds(AdherenceCounts, label=text)
    tags = st.sampled_from(["en", "de", "de-AT", "es"])
    localized = st.builds(Exercise).flatmap(
        lambda exercise: tags.flatmap(
            lambda tag: st.builds(
                Localized,
                value=st.just(exercise),
                requested=st.just(tag),
                language=st.just(tag),
                sources=st.just({"/name": tag, "/summary": tag}),
            )
        )
    )
    error = st.builds(PackError, text)
    return {
        Adherence: st.builds(
            Adherence,
            as_of=aware,
            due=counts,
            done=counts,
            partial=counts,
            missed=counts,
            skipped=counts,
            unlogged=counts,
            weeks=st.lists(tallies, max_size=3).map(tuple),
            exercises=st.lists(tallies, max_size=3).map(tuple),
            current_streak=counts,
            longest_gap=counts,
            last_done=st.none() | counts,
            last_done_at=st.none() | aware,
        ),
        AdherenceCounts: tallies,
        Pack: st.builds(
            Pack,
            id=ids,
            name=text,
            version=st.just("1.0.0"),
            description=text,
            language=st.just("en"),
            license=st.just("NOASSERTION"),
            credits=st.lists(st.builds(Credit), max_size=2),
            requires_exerciselib=st.just(">=0"),
            root=st.none(),
        ),
        PackLoadFailure: st.builds(
            PackLoadFailure,
            pack=st.none() | ids,
            distribution=maybe_text,
            file=maybe_text,
            json_path=st.none() | st.just("$"),
            reason=text,
            error=error,
        ),
        Localized: localized,
        Plan: plan,
        Problem: st.builds(Problem, message=text),
        Progression: progression,
        SessionLog: st.builds(
            SessionLog,
            session=st.integers(1, 1_000),
            done_at=aware,
            status=st.sampled_from(Completion),
        ),
        Revision: st.builds(
            Revision,
            effective_from=st.integers(1, 1_000),
            as_of=aware,
            rules=st.builds(FeedbackRules),
            decisions=st.lists(
                st.builds(
                    Decision,
                    item=counts,
                    exercise=ids,
                    level=st.integers(-5, 5),
                    dosage=st.builds(Dosage),
                    previous=st.builds(Dosage),
                    reason=text,
                ),
                max_size=3,
            ),
        ),
    }


def register() -> None:
    """Register a Hypothesis strategy for every kind and public type."""
    from hypothesis import strategies as st  # noqa: PLC0415 -- only when Hypothesis runs this hook

    for kind in kinds():
        strategy = typing.cast("typing.Any", kind.strategy(st))
        st.register_type_strategy(kind, strategy)
    for cls in INFERABLE:
        st.register_type_strategy(cls, st.builds(cls))
    for cls, written in _written(st).items():
        st.register_type_strategy(cls, written)
