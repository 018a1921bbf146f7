"""
What a plan gives: its dated sessions, and the rule for missing times.

:class:`ScheduledSession` is one dated session; :class:`GapPolicy` says
what happens to a session at a local time that does not exist.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing

import attrs

if typing.TYPE_CHECKING:
    from exerciselib._model.types import Routine

__all__ = ["GapPolicy", "ScheduledSession"]

_UTC = dt.UTC


class GapPolicy(enum.StrEnum):
    """
    What to do with a session at a local time that does not exist.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Move it forward by the length of the gap (02:30 becomes 03:30).
    SHIFT = "shift"
    #: Leave it out; it does not count.
    SKIP = "skip"
    #: Raise :class:`~exerciselib.ScheduleError` when it is reached.
    RAISE = "raise"


@typing.final
@attrs.frozen(kw_only=True)
class ScheduledSession:
    """
    One dated session of a plan.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: 1-based position among the plan's sessions.
    number: int
    #: When it starts, aware, in the plan's zone.
    start: dt.datetime
    #: When it ends: ``start`` plus the session's timeline, aware.
    end: dt.datetime
    #: The local date it was scheduled for.
    local_date: dt.date
    #: The local time of day it was scheduled for.
    slot: dt.time
    #: 0-based week index: ``(local_date - plan.start).days // 7``.
    week: int
    #: The routine with the dosages in force for this session.
    routine: Routine
    #: Whether a spring-forward gap moved it off ``slot``.
    shifted: bool

    @property
    def duration(self) -> dt.timedelta:
        """How long the session takes."""
        return self.end.astimezone(_UTC) - self.start.astimezone(_UTC)
