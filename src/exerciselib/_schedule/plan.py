"""
Dated plans: a routine on chosen days and times, in a time zone.

A :class:`Plan` keeps local wall-clock times and an IANA zone name, and
expands over *local dates*; instants are resolved last (RFC 5545
§3.8.5.3: a DTSTART with a TZID keeps every instance at the same local
time). The resolution rules, with the zone's transitions:

* A local time that occurs twice (a fall-back fold) means the earlier
  instant (RFC 5545 §3.3.5).
* A local time that does not exist (a spring-forward gap) follows
  :class:`GapPolicy`: ``shift`` moves it forward by the length of the
  gap (RFC 5545 §3.3.5), ``skip`` leaves the session out, ``raise``
  raises :class:`~exerciselib.ScheduleError`. A shift never carries over
  to the next session.
* A session whose whole local date does not exist is skipped under
  ``shift`` (Pacific/Apia skipped 2011-12-30: a shift would move its
  sessions onto another day, perhaps one the plan does not use).
* A shifted session that would not end before the next session that
  needed no shift is skipped.
* A session that would start before the previous one ended (two times
  of day closer than a forward clock change plus a session) is skipped,
  so sessions never overlap.

Skipped sessions get no number and do not count towards ``count``.
Nothing here reads the current time, the locale or other global state.
"""

from __future__ import annotations

import datetime as dt
import itertools
import typing
import warnings

import attrs

from exerciselib._model.types import Frequency, Routine, Weekday
from exerciselib._schedule import calendar
from exerciselib._schedule.checks import (
    Count,
    Date,
    Days,
    Times,
    Weeks,
    Zone,
    check_plan,
    to_days,
    to_item_progressions,
    to_times,
    to_zone_name,
    zone,
)
from exerciselib._schedule.program import (
    slots_from_frequency,
    to_metadata,
    to_side,
)
from exerciselib._schedule.progression import Progression
from exerciselib._schedule.sessions import GapPolicy, ScheduledSession
from exerciselib._validators import instance, of_kind, one_of, optional
from exerciselib.exceptions import ScheduleValueError

if typing.TYPE_CHECKING:
    import zoneinfo

    from exerciselib._schedule.timeline import Side, Timeline

__all__ = ["GapPolicy", "Plan", "ScheduledSession"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)


#: A refused field value: an InvalidValueError, and a ScheduleError too.
_Refused = ScheduleValueError


def _frequency_days(plan: Plan) -> tuple[Weekday, ...]:
    return slots_from_frequency(_frequency(plan))[0]


def _frequency_times(plan: Plan) -> tuple[dt.time, ...]:
    return slots_from_frequency(_frequency(plan))[1]


def _frequency(plan: Plan) -> Frequency | None:
    # The routine is checked after the defaults are made: it may be
    # anything here, and its own check names it.
    routine: object = plan.routine
    return routine.frequency if isinstance(routine, Routine) else None


def _to_gap_policy(value: object) -> object:
    try:
        return GapPolicy(typing.cast("str", value))
    except ValueError:
        return value  # the validator names the field and the value


@typing.final
@attrs.frozen(kw_only=True)
class Plan:
    """
    A routine on chosen weekdays and times of day, in an IANA time zone.

    Give exactly one bound: ``end`` (inclusive), ``weeks`` (``end`` is
    ``start + 7 * weeks - 1`` days) or ``count`` (sessions). Sessions keep
    their local wall-clock time across daylight-saving changes: an 08:00
    session is at 08:00 local time before and after the change.

    >>> import datetime as dt
    >>> from exerciselib import Exercise, Routine
    >>> bend = Exercise(
    ...     id="knee-bend", name="Knee bend", summary="Bend the knee.",
    ...     steps=["Sit tall."],
    ... )
    >>> routine = Routine(
    ...     id="knee", name="Knee", items=[bend.prescribe("1 x 5")]
    ... )
    >>> plan = Plan(
    ...     routine=routine, start=dt.date(2025, 10, 4), count=3,
    ...     timezone="Australia/Sydney",
    ... )
    >>> [str(s.start) for s in plan.sessions()]
    ['2025-10-04 08:00:00+10:00', '2025-10-05 08:00:00+11:00', \
'2025-10-06 08:00:00+11:00']

    Raises:
        ScheduleValueError: A field's value is refused on its own: of the
            wrong type or out of range (``weeks=0``, an unknown
            ``timezone``, a ``gap_policy`` that is not a
            :class:`~exerciselib.GapPolicy`); it is also an
            :class:`~exerciselib.InvalidValueError`; ``field`` names the
            field.
        ScheduleError: The values cannot make a plan that works: not
            exactly one of ``end``, ``weeks`` and ``count``, an end
            before the start, no weekday, an item progression for an
            item the routine lacks, a progression that never applies;
            ``field`` names the field at fault.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The routine done at every session (at its base dosages).
    routine: Routine = attrs.field(validator=instance(Routine, error=_Refused))
    #: The first local date of the plan.
    start: dt.date = attrs.field(validator=of_kind(Date, error=_Refused))
    #: The last local date (inclusive), or None.
    end: dt.date | None = attrs.field(
        default=None, validator=optional(of_kind(Date, error=_Refused))
    )
    #: The length in weeks, or None.
    weeks: int | None = attrs.field(
        default=None, validator=optional(of_kind(Weeks, error=_Refused))
    )
    #: The number of sessions, or None.
    count: int | None = attrs.field(
        default=None, validator=optional(of_kind(Count, error=_Refused))
    )
    #: The IANA time zone the times of day are in, by name; a
    #: ``zoneinfo.ZoneInfo`` given here is stored by its key.
    timezone: str = attrs.field(
        converter=to_zone_name, validator=of_kind(Zone, error=_Refused)
    )
    #: The weekdays with sessions, Monday first; by default the
    #: routine's frequency's days (every day without a frequency).
    days: tuple[Weekday, ...] = attrs.field(
        default=attrs.Factory(_frequency_days, takes_self=True),
        converter=to_days,
        validator=of_kind(Days, error=_Refused),
    )
    #: The local times of day of the sessions, sorted; by default from
    #: the routine's frequency (08:00 once a day, see
    #: :func:`slots_from_frequency`).
    times: tuple[dt.time, ...] = attrs.field(
        default=attrs.Factory(_frequency_times, takes_self=True),
        converter=to_times,
        validator=of_kind(Times, error=_Refused),
    )
    #: How dosages grow, or None for the same dosage throughout.
    progression: Progression | None = attrs.field(
        default=None,
        validator=optional(instance(Progression, error=_Refused)),
    )
    #: Progressions of single items, by item index (0-based): each
    #: replaces ``progression`` for its item; None keeps that item at its
    #: base dosage. Stored as (index, progression) pairs, by index.
    item_progressions: tuple[tuple[int, Progression | None], ...] = (
        attrs.field(default=(), converter=to_item_progressions)
    )
    #: What happens to a session at a nonexistent local time.
    gap_policy: GapPolicy = attrs.field(
        default=GapPolicy.SHIFT,
        converter=_to_gap_policy,
        validator=one_of(GapPolicy, error=_Refused),
    )

    #: The patient's affected side, ``left`` or ``right``, or None when
    #: not known: one-sided exercises are done on it, each-side and
    #: alternating ones start on it.
    affected_side: Side | None = attrs.field(default=None, converter=to_side)
    #: The host's own data (a patient or programme id): a JSON object of
    #: at most 4096 bytes, kept unchanged and frozen.
    metadata: typing.Mapping[str, typing.Any] = attrs.field(
        factory=dict, converter=to_metadata, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_plan(self)

    @property
    def progressions(self) -> tuple[Progression | None, ...]:
        """The progression in force for each item, in order."""
        own = dict(self.item_progressions)
        return tuple(
            own.get(index, self.progression)
            for index in range(len(self.routine.items))
        )

    def timeline(
        self, session: ScheduledSession | None = None, **options: float
    ) -> Timeline:
        """
        Return the timeline of ``session`` on the patient's side.

        Args:
            session: A session of this plan (its dosages in force), or
                None for the routine at its base dosages.
            options: Timing options of
                :func:`~exerciselib.session_timeline`.
        """
        from exerciselib._schedule.build import session_timeline  # noqa: PLC0415 -- lazy: start-up time

        routine = self.routine if session is None else session.routine
        return session_timeline(
            routine,
            affected_side=self.affected_side,
            **typing.cast("dict[str, typing.Any]", options),
        )

    # -- expansion --------------------------------------------------------

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The plan's time zone."""
        return zone(self.timezone)

    @property
    def last_date(self) -> dt.date | None:
        """The last local date with sessions allowed; None for a count."""
        if self.end is not None:
            return self.end
        if self.weeks is not None:
            return self.start + dt.timedelta(days=7 * self.weeks - 1)
        return None

    @property
    def day_offsets(self) -> tuple[int, ...]:
        """Days after ``start`` (0 to 6) that fall on an allowed weekday."""
        return calendar.weekly_offsets(self.start, self.days)

    def _dates(self) -> typing.Iterator[dt.date]:
        """Yield the allowed local dates in order, up to ``last_date``."""
        return calendar.dates(self.start, self.day_offsets, self.last_date)

    def sessions(self) -> typing.Iterator[ScheduledSession]:
        """
        Yield the plan's sessions lazily, in order.

        Raises:
            ScheduleError: With ``gap_policy='raise'``, on reaching a
                session at a local time that does not exist
                (``field='times'``).
        """
        from exerciselib._schedule.expand import sessions  # noqa: PLC0415 -- own implementation module

        return sessions(self)

    # -- queries (as dateutil's rrulebase) --------------------------------

    def take(self, n: int) -> tuple[ScheduledSession, ...]:
        """Return the first ``n`` sessions (fewer if the plan is shorter)."""
        return tuple(itertools.islice(self.sessions(), max(n, 0)))

    def after(
        self, when: dt.datetime, *, inc: bool = False
    ) -> ScheduledSession | None:
        """
        Return the first session starting after ``when``, or None.

        Seeks: only the days around the clock changes before ``when`` are
        walked, not every session (see :meth:`session`).

        Args:
            when: An aware datetime; compared as an instant (in UTC).
            inc: Also accept a session starting exactly at ``when``.
        """
        from exerciselib._schedule import seek  # noqa: PLC0415 -- own implementation module

        return seek.after(self, _instant(when, "when"), inc=inc)

    def before(
        self, when: dt.datetime, *, inc: bool = False
    ) -> ScheduledSession | None:
        """
        Return the last session starting before ``when``, or None.

        Seeks, as :meth:`after` does.

        Args:
            when: An aware datetime; compared as an instant (in UTC).
            inc: Also accept a session starting exactly at ``when``.
        """
        from exerciselib._schedule import seek  # noqa: PLC0415 -- own implementation module

        return seek.before(self, _instant(when, "when"), inc=inc)

    def between(
        self, after: dt.datetime, before: dt.datetime, *, inc: bool = False
    ) -> tuple[ScheduledSession, ...]:
        """
        Return the sessions starting between ``after`` and ``before``.

        Seeks, as :meth:`after` does.

        Args:
            after: An aware datetime, the lower bound.
            before: An aware datetime, the upper bound.
            inc: Include sessions starting exactly at a bound.
        """
        from exerciselib._schedule import seek  # noqa: PLC0415 -- own implementation module

        low = _instant(after, "after")
        high = _instant(before, "before")
        return seek.between(self, low, high, inc=inc)

    def session(self, n: int) -> ScheduledSession:
        """
        Return session number ``n``, counted from 1 as ``number`` is.

        ``plan.session(n)`` is the session whose
        :attr:`~ScheduledSession.number` is ``n``: the same as the n-th
        session of :meth:`sessions`, found without building the ones
        before it. Plain days are counted by arithmetic and only the days
        around clock changes are walked, so a session years ahead costs
        about as much as one next week.

        Raises:
            ScheduleValueError: ``n`` is not a whole number from 1 to the
                number of sessions (``field='n'``); also an
                :class:`~exerciselib.InvalidValueError`.
            ScheduleError: With ``gap_policy='raise'``, on a session at a
                local time that does not exist before session ``n``.

        .. versionadded:: 0.2.0
        """
        from exerciselib._schedule import seek  # noqa: PLC0415 -- own implementation module

        return seek.nth(self, n)

    # -- export -------------------------------------------------------------

    def to_rfc5545(self) -> tuple[str, ...]:
        """
        Return the plan's timing as RFC 5545 text, one rule per time of day.

        Each string is a ``DTSTART;TZID=<zone>:<local time>`` line and an
        ``RRULE`` line (``FREQ=DAILY`` or ``FREQ=WEEKLY;BYDAY=...``,
        always ``WKST=MO``, then ``UNTIL=...Z`` for an end date or weeks,
        ``COUNT=n`` for a count), joined by a newline: text for a
        calendar, not a ``dateutil`` ``rrule``. Calendars expand the
        rules keeping wall time; see ``docs/scheduling.md``.

        Raises:
            ScheduleError: For a ``count`` plan with ``gap_policy='raise'``
                that reaches a nonexistent local time.

        .. versionchanged:: 0.2.0
            Renamed from ``to_rrule``, which returned this same text.
        """
        from exerciselib._schedule.plan_json import plan_to_rfc5545  # noqa: PLC0415 -- own implementation module

        return plan_to_rfc5545(self)

    def to_rrule(self) -> tuple[str, ...]:
        """
        Return :meth:`to_rfc5545`: the old name, for DTSTART and RRULE text.

        .. deprecated:: 0.2.0
            Use :meth:`to_rfc5545`; ``to_rrule`` goes in 0.3.0.
        """
        msg = (
            "Plan.to_rrule() is deprecated: it returns DTSTART and RRULE "
            "text, not an rrule; use Plan.to_rfc5545()."
        )
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return self.to_rfc5545()

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the plan as JSON data matching ``plan.json``."""
        from exerciselib._schedule.plan_json import plan_to_dict  # noqa: PLC0415 -- own implementation module

        return plan_to_dict(self)

    @classmethod
    def from_dict(cls, data: object, *, trusted: bool = False) -> Plan:
        """
        Build a plan from JSON data matching ``plan.json``.

        The document is validated once, the routine inside it included.
        ``trusted`` skips that check, for plans this application stored
        itself (see :meth:`Exercise.from_dict`): a stored one-year plan
        then loads in about the time of building it in code.

        Raises:
            InvalidDataError: The data does not match the schema or makes
                no valid plan; every problem is listed with its JSON path.
        """
        from exerciselib._schedule.plan_json import plan_from_dict  # noqa: PLC0415 -- own implementation module

        return plan_from_dict(data, trusted=trusted)


def _instant(when: object, name: str) -> dt.datetime:
    if not isinstance(when, dt.datetime) or when.utcoffset() is None:
        msg = f"{name} must be an aware datetime, got {when!r}."
        raise ScheduleValueError(msg, field=name, value=when)
    return when.astimezone(_UTC)
