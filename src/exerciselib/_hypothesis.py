"""
Hypothesis strategies for the kinds of value exerciselib's fields hold.

exerciselib declares :func:`register` as a ``hypothesis`` entry point,
so Hypothesis calls it when it is imported, in any project that has
exerciselib installed (unless ``HYPOTHESIS_NO_PLUGINS`` is set). Each
field's validator is an ``instance_of`` check of a kind
(``exerciselib._validators``), or an ``in_`` check, or an
``instance_of`` check of another exerciselib type, so with the kinds
registered ``hypothesis.strategies.builds(Exercise)`` (and
``st.from_type``) draws valid values with no strategy written for the
type itself.

Nothing here runs unless Hypothesis is installed and imported.
"""

from __future__ import annotations

import typing

# Importing the modules that define kinds makes every kind.
from exerciselib._model.types import (
    Credit,
    Exercise,
    Frequency,
    Group,
    Media,
    Routine,
    RoutineItem,
)
from exerciselib._schedule.build import session_timeline
from exerciselib._schedule.plan import Plan
from exerciselib._schedule.sessions import ScheduledSession
from exerciselib._schedule.timeline import Step, Timeline
from exerciselib._validators import kinds

__all__ = ["register"]

#: The types whose every required field Hypothesis can infer. Each is
#: registered as ``st.builds(T)``: ``st.from_type`` reads annotations,
#: which are text here, while ``builds`` reads the validators. Plan and
#: Progression are not: each needs exactly one of several fields
#: (``end``/``weeks``/``count``; ``every_weeks``/``every_sessions``).
INFERABLE = (
    Credit,
    Exercise,
    Frequency,
    Group,
    Media,
    Routine,
    RoutineItem,
    ScheduledSession,
    Step,
    Timeline,
)

#: Kept for their kinds only.
_KIND_MODULES = (session_timeline, Plan)


def register() -> None:
    """Register a Hypothesis strategy for every kind of field value."""
    from hypothesis import strategies as st  # noqa: PLC0415 -- only when Hypothesis runs this hook

    for kind in kinds():
        strategy = typing.cast("typing.Any", kind.strategy(st))
        st.register_type_strategy(kind, strategy)
    for cls in INFERABLE:
        st.register_type_strategy(cls, st.builds(cls))
