"""
Expanding a :class:`~exerciselib.Plan` into its dated sessions.

The rules are those of ``_plan`` (gaps, folds, skipped days, shifted
sessions that may not reach the next one, no overlaps). Most local days
are far from any clock change: on such a *plain* day every local time
exists once, at one UTC offset, so a session starts at
``datetime.combine(day, time, tzinfo=zone)`` and ends that much wall time
later, with no conversion through UTC. Every other day, and every
session that ends past the last midnight of its run of plain days, is
resolved exactly through UTC, one time at a time.

Which days are plain is known per zone, found once (``clock``): a run of
plain days shares one offset and one limit (the midnight that ends it),
so a plain day costs no conversion at all.
``tests/property/test_plan_props.py`` holds the sessions equal to those
resolved one by one in every tested zone.

Sessions are built with the trusted constructor
(``exerciselib._validators.trusted``), like the steps of a timeline:
the values are checked by the plan and by this walk. The fast path does
what that constructor does inline (plain stores on the session's twin,
then its class), and takes the routine in force once a week
(``Parts.at_week``); ``tests/property/test_plan_props.py`` holds every
session equal to one built through ``ScheduledSession(...)`` and every
routine to one grown through ``Progression.dosage`` with every check.
"""

from __future__ import annotations

import datetime as dt
import typing

from exerciselib._schedule import calendar
from exerciselib._schedule.clock import zone_clock
from exerciselib._schedule.dose import plan_parts
from exerciselib._schedule.sessions import GapPolicy, ScheduledSession
from exerciselib._validators import trusted, twin_of
from exerciselib.exceptions import ScheduleError

if typing.TYPE_CHECKING:
    import zoneinfo

    from exerciselib._schedule.dose import Parts
    from exerciselib._schedule.plan import Plan

__all__ = ["Slot", "resolve", "sessions", "walk"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)
_MIDNIGHT = dt.time(0, 0)
#: Past every session: the limit of a plain run that never ends.
_FAR = dt.datetime(9999, 12, 31, 23, 59)  # noqa: DTZ001 -- a wall time, given the zone later

#: Builds a session without checks: the plan and the walk checked it.
_session = trusted(ScheduledSession)
#: The fast path builds sessions as the trusted constructor does, inline:
#: plain stores on this twin of the session's slots, then ``__class__``
#: (``exerciselib._validators.twin_of``); the call alone cost a tenth of
#: the walk.
_TWIN: type[typing.Any] = typing.cast("type", twin_of(ScheduledSession))
assert _TWIN is not None  # noqa: S101 -- ScheduledSession's slots are in a base


class Slot(typing.NamedTuple):
    """
    A candidate session, before the walk numbers it or drops it.

    One is built for every session, so the walk makes them with
    ``tuple.__new__`` (no Python call) and unpacks them.
    """

    #: The local date.
    day: dt.date
    #: Its week, 0-based.
    week: int
    #: The time of day.
    time: dt.time
    #: The start in the plan's zone.
    local: dt.datetime
    #: Whether a spring-forward gap moved it off ``time``.
    shifted: bool
    #: On a plain day, the zone's offset all day; else None.
    offset: dt.timedelta | None
    #: On a plain day, the next local midnight; else None.
    limit: dt.datetime | None


_slot = tuple.__new__
#: The slot that ends the walk: the shifted slots still waiting go out.
_END = Slot(
    day=dt.date.min,
    week=0,
    time=_MIDNIGHT,
    local=dt.datetime(1, 1, 1, tzinfo=_UTC),
    shifted=False,
    offset=None,
    limit=None,
)


def resolve(
    plan: Plan,
    day: dt.date,
    week: int,
    time: dt.time,
    zone: zoneinfo.ZoneInfo,
) -> Slot | None:
    """Resolve a local date and time to an instant, by the policies."""
    # fold=0: the earlier instant in a fold; in a gap, the offset
    # before the gap, which lands ``gap`` later (RFC 5545 §3.3.5).
    wall = dt.datetime.combine(day, time, tzinfo=zone)
    local = wall.astimezone(_UTC).astimezone(zone)
    # Same tzinfo: compared as wall-clock times, fold ignored.
    shifted = local != wall
    if shifted and plan.gap_policy is GapPolicy.SKIP:
        return None
    if shifted and plan.gap_policy is GapPolicy.RAISE:
        msg = (
            f"The session at {wall:%Y-%m-%d %H:%M:%S} does not exist "
            f"in {plan.timezone} (the clocks jump forward); choose "
            "another time or gap_policy='shift' or 'skip'."
        )
        raise ScheduleError(msg, field="times")
    if shifted and local.date() != day:
        return None  # the whole day is missing: nothing to shift to
    return Slot(day, week, time, local, shifted, None, None)


def _day_slots(
    plan: Plan,
    zone: zoneinfo.ZoneInfo,
    day: dt.date,
    week: int,
    plain: tuple[dt.timedelta, dt.datetime] | None,
) -> list[Slot]:
    """A day's candidate slots, shifted ones included, for the slow path."""
    found = []
    for time in plan.times:
        if plain is not None and not time.fold:
            local = dt.datetime.combine(day, time, zone)
            found.append(Slot(day, week, time, local, False, *plain))
        else:
            resolved = resolve(plan, day, week, time, zone)
            if resolved is not None:
                found.append(resolved)
    return found


def _utc(when: dt.datetime) -> dt.datetime:
    return when.astimezone(_UTC)


class _Walk:
    """
    The walk's state, for the slow path: days near a clock change.

    The fast path (plain days, no shifted session waiting) keeps the
    same values in local variables and hands them over here and back.
    """

    __slots__ = (
        "by_week",
        "count",
        "known_week",
        "length",
        "number",
        "parts",
        "previous",
        "previous_offset",
        "routine",
        "waiting",
        "zone",
    )

    def __init__(self, plan: Plan, parts: Parts, number: int) -> None:
        self.zone = plan.zone
        self.count = plan.count
        self.parts = parts
        # Whether the routine in force depends on the week alone.
        self.by_week = parts.by_week
        self.number = number
        self.known_week = -1
        self.routine, self.length = plan.routine, _DAY
        #: The previous session's end, and its plain offset (or None).
        self.previous: dt.datetime | None = None
        self.previous_offset: dt.timedelta | None = None
        #: Shifted slots waiting for their anchor.
        self.waiting: list[Slot] = []

    def settle(self, slots: typing.Iterable[Slot]) -> list[ScheduledSession]:
        """
        Number the sessions of ``slots`` (``_END`` flushes the waiting).

        Each shifted slot waits for the next slot that needed no shift
        (its anchor); only the shifted slots of one gap wait, so
        expansion stays lazy.
        """
        made: list[ScheduledSession] = []
        waiting = self.waiting
        for slot in slots:
            if slot.shifted:
                waiting.append(slot)
                continue
            batch: list[tuple[Slot, dt.datetime | None]] = []
            if waiting:
                anchor = None if slot is _END else slot.local
                batch = [(shifted, anchor) for shifted in waiting]
                waiting.clear()
            if slot is not _END:
                batch.append((slot, None))
            for one, anchor in batch:
                if self._add(one, anchor, made):
                    return made  # the count is reached
        return made

    def _add(
        self,
        slot: Slot,
        anchor: dt.datetime | None,
        made: list[ScheduledSession],
    ) -> bool:
        """Number ``slot`` unless it is dropped; True at the count."""
        day, week, time, local, shifted, plain, limit = slot
        if not self.by_week:
            number = self.number + 1
            self.routine, self.length = self.parts.at(number=number, week=week)
            self.known_week = week
        elif week != self.known_week:
            self.routine, self.length = self.parts.at_week(week)
            self.known_week = week
        end = local + self.length  # wall-clock time: exact on a plain day
        offset = plain
        if offset is None or end >= limit:  # type: ignore[operator]  # set with the offset
            end = (local.astimezone(_UTC) + self.length).astimezone(self.zone)
            offset = None
        if anchor is not None and _utc(end) >= _utc(anchor):
            return False  # a shifted session must end before the next one
        previous = self.previous
        if previous is not None and (
            local < previous  # the same offset: as wall times
            if offset is not None and offset == self.previous_offset
            else _utc(local) < _utc(previous)
        ):
            return False  # sessions never overlap
        self.number += 1
        self.previous, self.previous_offset = end, offset
        # week_number counts from 1.
        made.append(
            _session(
                self.number,
                local,
                end,
                day,
                time,
                week + 1,
                self.routine,
                shifted,
            )
        )
        return self.number == self.count


def sessions(plan: Plan) -> typing.Iterator[ScheduledSession]:
    """Yield the plan's sessions lazily, in order (see ``Plan.sessions``)."""
    return walk(plan)


def walk(  # noqa: C901, PLR0912, PLR0915 -- the hot loop, kept flat for speed
    plan: Plan,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    number: int = 0,
) -> typing.Iterator[ScheduledSession]:
    """
    Yield the plan's sessions lazily, in order, as ``Plan.sessions``.

    A seek resumes the walk at a plain date ``since``, with ``number``
    sessions before it, and may stop it before the date ``until``; the
    session before ``since`` never overlaps one from ``since`` on (the
    plan's checks), so nothing else carries over.

    Plain days with no shifted session waiting take the fast path:
    ``combine`` and wall-clock arithmetic, no intermediate values.
    Irregular days (near a clock change, see ``clock``), times with
    ``fold=1`` and the first day after a gap go through :class:`_Walk`.
    """
    count = plan.count
    if count is not None and number >= count:
        return
    zone = plan.zone
    clock = zone_clock(zone)
    state = _Walk(plan, plan_parts(plan), number)
    parts, by_week = state.parts, state.by_week
    times = plan.times
    folds = any(time.fold for time in times)
    first = plan.start
    last = plan.last_date
    if until is not None:
        last = until - _DAY if last is None else min(last, until - _DAY)
    combine, utc = dt.datetime.combine, _UTC
    new, twin, made_class = object.__new__, _TWIN, ScheduledSession
    known_week = -1
    routine, length = plan.routine, _DAY
    previous: dt.datetime | None = None  # the previous session's end
    previous_offset: dt.timedelta | None = None  # its plain offset
    # The plain run in force: its first irregular date (None: no more),
    # its offset and the local midnight that ends it.
    change: dt.date | None = dt.date.min
    offset: dt.timedelta | None = None
    limit: dt.datetime | None = None
    for week, days in calendar.weekly(first, plan.day_offsets, last, since):
        week_number = week + 1  # counts from 1
        for day in days:
            if change is not None and day >= change:
                change = clock.next_change(day)
                if change != day:
                    offset = combine(day, _MIDNIGHT, zone).utcoffset()
                    limit = (
                        _FAR.replace(tzinfo=zone)
                        if change is None
                        else combine(change, _MIDNIGHT, zone)
                    )
            if change == day or folds or state.waiting:
                # The slow path, with the state handed over and back.
                state.number, state.known_week = number, known_week
                state.routine, state.length = routine, length
                state.previous, state.previous_offset = (
                    previous,
                    previous_offset,
                )
                plain = None if change == day else (offset, limit)
                yield from state.settle(
                    _day_slots(plan, zone, day, week, plain)  # type: ignore[arg-type]  # both set on a plain day
                )
                number, known_week = state.number, state.known_week
                routine, length = state.routine, state.length
                previous, previous_offset = (
                    state.previous,
                    state.previous_offset,
                )
                if number == count:
                    return
                continue
            if week != known_week and by_week:
                routine, length = parts.at_week(week)
                known_week = week
            for time in times:
                if not by_week:
                    routine, length = parts.at(number=number + 1, week=week)
                local = combine(day, time, zone)  # positional: faster
                end = local + length  # wall-clock time: exact on a plain day
                end_offset = offset
                if end >= limit:  # type: ignore[operator]  # set with the offset
                    end = (local.astimezone(utc) + length).astimezone(zone)
                    end_offset = None
                if previous is not None and (
                    local < previous  # the same offset: as wall times
                    if end_offset is not None
                    # One plain run shares one offset object: ``is`` first.
                    and (
                        end_offset is previous_offset
                        or end_offset == previous_offset
                    )
                    else local.astimezone(utc) < previous.astimezone(utc)
                ):
                    continue  # sessions never overlap
                number += 1
                previous, previous_offset = end, end_offset
                made: typing.Any = new(twin)  # the trusted constructor, inline
                made.number = number
                made.start = local
                made.end = end
                made.local_date = day
                made.local_time = time
                made.week_number = week_number
                made.routine = routine
                made.shifted = False
                made.__class__ = made_class
                yield made
                if number == count:
                    return
    if state.waiting:
        state.number, state.known_week = number, known_week
        state.routine, state.length = routine, length
        state.previous, state.previous_offset = previous, previous_offset
        yield from state.settle((_END,))
