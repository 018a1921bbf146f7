"""
What a plan gives: its dated sessions, and the rule for missing times.

:class:`ScheduledSession` is one dated session; :class:`GapPolicy` says
what happens to a session at a local time that does not exist.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
import warnings

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
    #: The plan week it falls in, counted from 1 as people do: week 1
    #: is the plan's first seven days,
    #: ``(local_date - plan.start).days // 7 + 1``.
    #:
    #: .. versionadded:: 0.2.0
    week_number: int
    #: The routine with the dosages in force for this session.
    routine: Routine
    #: Whether a spring-forward gap moved it off ``slot``.
    shifted: bool

    @property
    def week(self) -> int:
        """
        The 0-based week index; deprecated, use :attr:`week_number`.

        ``week == week_number - 1``. Weeks are counted from 1 everywhere
        else (the command line, its JSON, the docs).

        .. deprecated:: 0.2.0
            Use ``week_number``, which counts from 1.
        """
        msg = (
            "ScheduledSession.week counts from 0 and is deprecated; use "
            "week_number, which counts from 1 (week == week_number - 1)."
        )
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return self.week_number - 1

    @property
    def duration(self) -> dt.timedelta:
        """How long the session takes."""
        return self.end.astimezone(_UTC) - self.start.astimezone(_UTC)
