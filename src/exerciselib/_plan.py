# Copyright 2025 exerciselib developers. MIT licence.
"""Dated plans: a routine on chosen days and times, in a time zone.

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
* A shifted session that would not end before the next session that
  needed no shift is skipped (Pacific/Apia skipped 2011-12-30: its
  sessions would land on those of 2011-12-31).
* A session that would start before the previous one ended (two times
  of day closer than a forward clock change plus a session) is skipped,
  so sessions never overlap.

Skipped sessions get no number and do not count towards ``count``.
Nothing here reads the current time, the locale or other global state.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import typing
import zoneinfo

import attrs
from attrs import validators as v

from exerciselib._domain import ALL_DAYS, Routine, Weekday
from exerciselib._progression import Progression
from exerciselib._timeline import session_timeline
from exerciselib.exceptions import ScheduleError

__all__ = ["GapPolicy", "Plan", "ScheduledSession"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)
#: Bounds that keep every plan far inside what ``datetime`` can hold.
MAX_COUNT = 100_000
MAX_WEEKS = 5_200


class GapPolicy(enum.StrEnum):
    """What to do with a session at a local time that does not exist.

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
    """One dated session of a plan.

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


def _to_gap_policy(value: GapPolicy | str) -> GapPolicy:
    try:
        return GapPolicy(value)
    except ValueError:
        known = ", ".join(repr(p.value) for p in GapPolicy)
        msg = f"gap_policy must be one of {known}, got {value!r}."
        raise ScheduleError(msg, field="gap_policy") from None


def _to_days(value: typing.Iterable[Weekday | str]) -> tuple[Weekday, ...]:
    if isinstance(value, str):
        value = (value,)
    try:
        days = {Weekday(day) for day in value}
    except (TypeError, ValueError):
        msg = (
            f"days must be weekdays such as ('mon', 'wed', 'fri'), "
            f"got {value!r}."
        )
        raise ScheduleError(msg, field="days") from None
    return tuple(sorted(days, key=ALL_DAYS.index))


def _to_times(value: typing.Iterable[object]) -> tuple[dt.time, ...]:
    if isinstance(value, dt.time):
        value = (value,)
    times: tuple[typing.Any, ...] = tuple(value)
    for time in times:
        if (
            not isinstance(time, dt.time)
            or time.tzinfo is not None
            or time.microsecond
        ):
            msg = (
                "times must be naive datetime.time values in whole "
                f"seconds, such as time(8, 0), got {time!r}; the zone is "
                "given by timezone."
            )
            raise ScheduleError(msg, field="times")
    if len(set(times)) != len(times):
        msg = f"times must not repeat a time of day, got {times!r}."
        raise ScheduleError(msg, field="times")
    return tuple(sorted(times))


def _check_zone(_: object, __: attrs.Attribute[str], value: str) -> None:
    _zone(value)


@functools.cache
def _zone_cached(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


def _zone(key: object) -> zoneinfo.ZoneInfo:
    try:
        if not isinstance(key, str):
            raise TypeError(key)  # noqa: TRY301 -- one message for all
        return _zone_cached(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        msg = (
            f"timezone {key!r} is not a known IANA time zone; use a name "
            "such as 'Europe/Berlin' or 'Australia/Sydney'."
        )
        raise ScheduleError(msg, field="timezone") from None


def _whole(
    field: str,
) -> typing.Callable[[object, attrs.Attribute[typing.Any], typing.Any], None]:
    maximum = MAX_COUNT if field == "count" else MAX_WEEKS

    def check(
        _: object, __: attrs.Attribute[int | None], value: object
    ) -> None:
        if value is None:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= maximum
        ):
            msg = f"{field} must be from 1 to {maximum}, got {value!r}."
            raise ScheduleError(msg, field=field)

    return check


def _date(
    _: object, attribute: attrs.Attribute[typing.Any], value: object
) -> None:
    if value is None and attribute.name == "end":
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{attribute.name} must be a datetime.date, got {value!r}."
        raise ScheduleError(msg, field=attribute.name)


def _routine(_: object, __: attrs.Attribute[Routine], value: object) -> None:
    if not isinstance(value, Routine):
        msg = f"routine must be a Routine, got {type(value).__name__}."
        raise ScheduleError(msg, field="routine")


def _progression(
    _: object, __: attrs.Attribute[Progression | None], value: object
) -> None:
    if value is not None and not isinstance(value, Progression):
        msg = f"progression must be a Progression or None, got {value!r}."
        raise ScheduleError(msg, field="progression")


@attrs.frozen
class _Slot:
    """A candidate session: a local date and time, resolved."""

    local_date: dt.date
    time: dt.time
    start: dt.datetime  # in UTC
    shifted: bool


@typing.final
@attrs.frozen(kw_only=True)
class Plan:
    """A routine on chosen weekdays and times of day, in an IANA time zone.

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
        ScheduleError: The plan cannot work; ``field`` names the field at
            fault (``end``, ``weeks``, ``count``, ``days``, ``times``,
            ``timezone``, ``progression``, ``gap_policy`` ...).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The routine done at every session (at its base dosages).
    routine: Routine = attrs.field(validator=_routine)
    #: The first local date of the plan.
    start: dt.date = attrs.field(validator=_date)
    #: The last local date (inclusive), or None.
    end: dt.date | None = attrs.field(default=None, validator=_date)
    #: The length in weeks, or None.
    weeks: int | None = attrs.field(default=None, validator=_whole("weeks"))
    #: The number of sessions, or None.
    count: int | None = attrs.field(default=None, validator=_whole("count"))
    #: The IANA time zone the times of day are in.
    timezone: str = attrs.field(validator=_check_zone)
    #: The weekdays with sessions, Monday first; every day by default.
    days: tuple[Weekday, ...] = attrs.field(
        default=ALL_DAYS, converter=_to_days
    )
    #: The local times of day of the sessions, sorted.
    times: tuple[dt.time, ...] = attrs.field(
        default=(dt.time(8, 0),), converter=_to_times
    )
    #: How dosages grow, or None for the same dosage throughout.
    progression: Progression | None = attrs.field(
        default=None, validator=_progression
    )
    #: What happens to a session at a nonexistent local time.
    gap_policy: GapPolicy = attrs.field(
        default=GapPolicy.SHIFT,
        converter=_to_gap_policy,
        validator=v.instance_of(GapPolicy),
    )

    def __attrs_post_init__(self) -> None:
        from exerciselib._plan_checks import check_plan  # noqa: PLC0415

        check_plan(self)

    # -- expansion --------------------------------------------------------

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The plan's time zone."""
        return _zone(self.timezone)

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
        indices = {day.index for day in self.days}
        return tuple(
            offset
            for offset in range(7)
            if (self.start.weekday() + offset) % 7 in indices
        )

    def _dates(self) -> typing.Iterator[dt.date]:
        """Yield the allowed local dates in order, up to ``last_date``."""
        last = self.last_date
        offsets = self.day_offsets
        for week in itertools.count():
            for offset in offsets:
                try:
                    day = self.start + dt.timedelta(days=7 * week + offset)
                except OverflowError:
                    return
                if last is not None and day > last:
                    return
                yield day

    def _resolve(self, day: dt.date, time: dt.time) -> _Slot | None:
        """Resolve a local date and time to an instant, by the policies."""
        zone = self.zone
        wall = dt.datetime.combine(day, time)
        # fold=0: the earlier instant in a fold; in a gap, the offset
        # before the gap, which lands ``gap`` later (RFC 5545 §3.3.5).
        instant = wall.replace(tzinfo=zone).astimezone(_UTC)
        shifted = instant.astimezone(zone).replace(tzinfo=None) != wall
        if shifted and self.gap_policy is GapPolicy.SKIP:
            return None
        if shifted and self.gap_policy is GapPolicy.RAISE:
            msg = (
                f"The session at {wall:%Y-%m-%d %H:%M:%S} does not exist "
                f"in {self.timezone} (the clocks jump forward); choose "
                "another time or gap_policy='shift' or 'skip'."
            )
            raise ScheduleError(msg, field="times")
        return _Slot(day, time, instant, shifted)

    def _slots(self) -> typing.Iterator[_Slot]:
        for day in self._dates():
            for time in self.times:
                slot = self._resolve(day, time)
                if slot is not None:
                    yield slot

    def sessions(self) -> typing.Iterator[ScheduledSession]:
        """Yield the plan's sessions lazily, in order.

        Raises:
            ScheduleError: With ``gap_policy='raise'``, on reaching a
                session at a local time that does not exist
                (``field='times'``).
        """
        number = 0
        previous_end: dt.datetime | None = None
        for slot, anchor in _anchored(self._slots()):
            session = self._session(slot, number + 1)
            end = session.end.astimezone(_UTC)
            if anchor is not None and end > anchor:
                continue  # a shifted session may not reach the next one
            if previous_end is not None and slot.start < previous_end:
                continue  # sessions never overlap
            number += 1
            previous_end = end
            yield session
            if self.count is not None and number >= self.count:
                return

    def _session(self, slot: _Slot, number: int) -> ScheduledSession:
        week = (slot.local_date - self.start).days // 7
        steps = 0
        if self.progression is not None:
            steps = self.progression.steps(number=number, week=week)
        routine, length = _session_parts(self, steps)
        zone = self.zone
        return ScheduledSession(
            number=number,
            start=slot.start.astimezone(zone),
            end=(slot.start + length).astimezone(zone),
            local_date=slot.local_date,
            slot=slot.time,
            week=week,
            routine=routine,
            shifted=slot.shifted,
        )

    # -- queries (as dateutil's rrulebase) --------------------------------

    def take(self, n: int) -> tuple[ScheduledSession, ...]:
        """Return the first ``n`` sessions (fewer if the plan is shorter)."""
        return tuple(itertools.islice(self.sessions(), max(n, 0)))

    def after(
        self, when: dt.datetime, *, inc: bool = False
    ) -> ScheduledSession | None:
        """Return the first session starting after ``when``, or None.

        Args:
            when: An aware datetime; compared as an instant (in UTC).
            inc: Also accept a session starting exactly at ``when``.
        """
        instant = _instant(when, "when")
        for session in self.sessions():
            start = session.start.astimezone(_UTC)
            if start > instant or (inc and start == instant):
                return session
        return None

    def before(
        self, when: dt.datetime, *, inc: bool = False
    ) -> ScheduledSession | None:
        """Return the last session starting before ``when``, or None.

        Args:
            when: An aware datetime; compared as an instant (in UTC).
            inc: Also accept a session starting exactly at ``when``.
        """
        instant = _instant(when, "when")
        found = None
        for session in self.sessions():
            start = session.start.astimezone(_UTC)
            if start > instant or (not inc and start == instant):
                break
            found = session
        return found

    def between(
        self, after: dt.datetime, before: dt.datetime, *, inc: bool = False
    ) -> tuple[ScheduledSession, ...]:
        """Return the sessions starting between ``after`` and ``before``.

        Args:
            after: An aware datetime, the lower bound.
            before: An aware datetime, the upper bound.
            inc: Include sessions starting exactly at a bound.
        """
        low = _instant(after, "after")
        high = _instant(before, "before")
        found = []
        for session in self.sessions():
            start = session.start.astimezone(_UTC)
            if start > high or (not inc and start == high):
                break
            if start > low or (inc and start == low):
                found.append(session)
        return tuple(found)

    # -- export -------------------------------------------------------------

    def to_rrule(self) -> tuple[str, ...]:
        """Return the plan's timing as RFC 5545 text, one rule per time of day.

        See :func:`exerciselib._plan_io.plan_to_rrule` for the format.
        """
        from exerciselib._plan_io import plan_to_rrule  # noqa: PLC0415

        return plan_to_rrule(self)

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the plan as JSON data matching ``plan.json``."""
        from exerciselib._plan_io import plan_to_dict  # noqa: PLC0415

        return plan_to_dict(self)

    @classmethod
    def from_dict(cls, data: object) -> Plan:
        """Build a plan from JSON data matching ``plan.json``.

        Raises:
            InvalidDataError: The data does not match the schema or makes
                no valid plan; every problem is listed with its JSON path.
        """
        from exerciselib._plan_io import plan_from_dict  # noqa: PLC0415

        return plan_from_dict(data)


def _anchored(
    slots: typing.Iterable[_Slot],
) -> typing.Iterator[tuple[_Slot, dt.datetime | None]]:
    """Pair each shifted slot with the start of the next unshifted one.

    Unshifted slots are paired with None. Only the shifted slots of one
    gap wait in memory, so expansion stays lazy.
    """
    waiting: list[_Slot] = []
    for slot in slots:
        if slot.shifted:
            waiting.append(slot)
            continue
        for shifted in waiting:
            yield shifted, slot.start
        waiting.clear()
        yield slot, None
    for shifted in waiting:
        yield shifted, None


def _instant(when: object, name: str) -> dt.datetime:
    if not isinstance(when, dt.datetime) or when.utcoffset() is None:
        msg = f"{name} must be an aware datetime, got {when!r}."
        raise ScheduleError(msg, field=name)
    return when.astimezone(_UTC)


def _session_parts(plan: Plan, steps: int) -> tuple[Routine, dt.timedelta]:
    """The routine in force after ``steps`` steps, and its length."""
    return _parts(plan.routine, plan.progression, steps)


@functools.lru_cache(maxsize=256)
def _parts(
    routine: Routine, progression: Progression | None, steps: int
) -> tuple[Routine, dt.timedelta]:
    if progression is not None and steps:
        items: typing.Any = tuple(  # the converter's type is unresolved
            attrs.evolve(item, dosage=progression.apply(item.dosage, steps))
            for item in routine.items
        )
        routine = attrs.evolve(routine, items=items)
    length = session_timeline(routine).total_ms
    return routine, dt.timedelta(milliseconds=length)
