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

from exerciselib._model.types import Routine
from exerciselib._validators import instance, of_kind, whole
from exerciselib.exceptions import ScheduleValueError

__all__ = ["GapPolicy", "ScheduledSession"]

_UTC = dt.UTC

#: A refused field value: an InvalidValueError, and a ScheduleError too.
_Refused = ScheduleValueError


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


class _Slots:
    """
    Where a :class:`ScheduledSession` keeps its fields: plain slots.

    A session is filled in by the trusted constructor with plain stores
    on a twin class of this base, then becomes a session (see
    ``exerciselib._validators.trusted``): a plan builds one per session,
    and setting eight slots through their setters cost as much as the
    rest of the walk. Never instantiated on its own.
    """

    __slots__ = (
        "end",
        "local_date",
        "local_time",
        "number",
        "routine",
        "shifted",
        "start",
        "week_number",
    )


@typing.final
@attrs.frozen(kw_only=True)
class ScheduledSession(_Slots):
    """
    One dated session of a plan.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: 1-based position among the plan's sessions.
    number: int = attrs.field(validator=of_kind(whole(1), error=_Refused))
    #: When it starts, aware, in the plan's zone.
    start: dt.datetime = attrs.field(
        validator=instance(dt.datetime, error=_Refused)
    )
    #: When it ends: ``start`` plus the session's timeline, aware.
    end: dt.datetime = attrs.field(
        validator=instance(dt.datetime, error=_Refused)
    )
    #: The local date it was scheduled for.
    local_date: dt.date = attrs.field(
        validator=instance(dt.date, error=_Refused)
    )
    #: The local time of day it was scheduled for.
    local_time: dt.time = attrs.field(
        validator=instance(dt.time, error=_Refused)
    )
    #: The plan week it falls in, counted from 1 as people do: week 1
    #: is the plan's first seven days,
    #: ``(local_date - plan.start).days // 7 + 1``.
    #:
    #: .. versionadded:: 0.2.0
    week_number: int = attrs.field(validator=of_kind(whole(1), error=_Refused))
    #: The routine with the dosages in force for this session.
    routine: Routine = attrs.field(validator=instance(Routine, error=_Refused))
    #: Whether a spring-forward gap moved it off ``local_time``.
    shifted: bool = attrs.field(validator=instance(bool, error=_Refused))

    @property
    def slot(self) -> dt.time:
        """
        The local time of day it was scheduled for.

        .. deprecated:: 0.2.0
            Use :attr:`local_time`; ``slot`` goes in 0.3.0.
        """
        msg = "ScheduledSession.slot is deprecated; use local_time."
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return self.local_time

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

    def to_dict(self) -> dict[str, typing.Any]:
        """
        Return the session as JSON data: when it is, and what to do.

        ``start`` and ``end`` are ISO 8601 with their UTC offset,
        ``local_date`` an ISO date; ``dosages`` names each item's
        exercise by id with its dosage in the clinical notation, as in
        force for this session. ``exerciselib plan --format json``
        writes these.

        .. versionadded:: 0.2.0
        """
        return {
            "number": self.number,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "local_date": self.local_date.isoformat(),
            "week_number": self.week_number,
            "shifted": self.shifted,
            "dosages": [
                {"exercise": item.exercise.id, "dosage": str(item.dosage)}
                for item in self.routine.items
            ],
        }
