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
the values are checked by the plan and by this walk.
"""

from __future__ import annotations

import datetime as dt
import typing

from exerciselib._schedule import calendar
from exerciselib._schedule.clock import zone_clock
from exerciselib._schedule.dose import plan_parts
from exerciselib._schedule.sessions import GapPolicy, ScheduledSession
from exerciselib._validators import trusted
from exerciselib.exceptions import ScheduleError

if typing.TYPE_CHECKING:
    import zoneinfo

    from exerciselib._schedule.plan import Plan

__all__ = ["Slot", "resolve", "sessions", "walk"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)
_MIDNIGHT = dt.time(0, 0)
#: Past every session: the limit of a plain run that never ends.
_FAR = dt.datetime(9999, 12, 31, 23, 59)  # noqa: DTZ001 -- a wall time, given the zone later

#: Builds a session without checks: the plan and the walk checked it.
_session = trusted(ScheduledSession)


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


def _slots(  # noqa: C901 -- the hot loop, kept flat for speed
    plan: Plan,
    zone: zoneinfo.ZoneInfo,
    since: dt.date | None,
    until: dt.date | None,
) -> typing.Iterator[Slot]:
    """
    Yield the plan's candidate slots in order, shifted ones included.

    From the allowed date ``since`` (or the start) to before ``until``
    (or the end). Irregular dates (near a clock change, see ``clock``)
    are resolved exactly; a run of plain dates shares its offset and the
    midnight that ends it, found once per run.
    """
    clock = zone_clock(zone)
    times = plan.times
    first = plan.start
    combine, slot = dt.datetime.combine, _slot
    last = plan.last_date
    if until is not None:
        last = until - _DAY if last is None else min(last, until - _DAY)
    # The plain run in force: its first irregular date (None: no more),
    # its offset and the local midnight that ends it.
    change: dt.date | None = dt.date.min
    offset: dt.timedelta | None = None
    limit: dt.datetime | None = None
    for day in calendar.dates(first, plan.day_offsets, last, since):
        if change is not None and day >= change:
            change = clock.next_change(day)
            if change == day:
                offset = None
            else:
                offset = combine(day, _MIDNIGHT, zone).utcoffset()
                limit = (
                    _FAR.replace(tzinfo=zone)
                    if change is None
                    else combine(change, _MIDNIGHT, zone)
                )
        week = (day - first).days // 7
        if change == day:
            for time in times:
                resolved = resolve(plan, day, week, time, zone)
                if resolved is not None:
                    yield resolved
            continue
        for time in times:
            if not time.fold:
                local = combine(day, time, zone)  # positional: faster
                yield slot(
                    Slot, (day, week, time, local, False, offset, limit)
                )
            else:
                resolved = resolve(plan, day, week, time, zone)
                if resolved is not None:
                    yield resolved
    yield _END


def _utc(when: dt.datetime) -> dt.datetime:
    return when.astimezone(_UTC)


def sessions(plan: Plan) -> typing.Iterator[ScheduledSession]:
    """Yield the plan's sessions lazily, in order (see ``Plan.sessions``)."""
    return walk(plan)


def walk(  # noqa: C901, PLR0912 -- the hot loop, kept flat for speed
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

    Each shifted slot waits for the next slot that needed no shift (its
    anchor); only the shifted slots of one gap wait, so expansion stays
    lazy.
    """
    zone = plan.zone
    count = plan.count
    if count is not None and number >= count:
        return
    progressions = plan.progressions
    parts = plan_parts(plan)
    # Whether the routine in force depends on the week alone.
    by_week = all(
        progression is None
        or (
            progression.every_sessions is None
            and progression.regress_from_session is None
        )
        for progression in progressions
    )
    known_week = -1
    routine, length = plan.routine, _DAY
    previous: dt.datetime | None = None  # the previous session's end
    previous_offset: dt.timedelta | None = None  # its plain offset
    session = _session
    waiting: list[Slot] = []  # shifted slots waiting for their anchor
    for slot in _slots(plan, zone, since, until):
        if slot.shifted:
            waiting.append(slot)
            continue
        batch: typing.Sequence[tuple[Slot, dt.datetime | None]]
        if waiting:
            anchor = None if slot is _END else slot.local
            batch = [(shifted, anchor) for shifted in waiting]
            waiting.clear()
            if slot is not _END:
                batch.append((slot, None))
        elif slot is _END:
            return
        else:
            batch = ((slot, None),)  # a tuple: cheaper than a list
        for (day, week, time, local, shifted, plain, limit), anchor in batch:
            if week != known_week or not by_week:
                routine, length = parts.at(number=number + 1, week=week)
                known_week = week
            end = local + length  # wall-clock time: exact on a plain day
            offset = plain
            if offset is None or end >= limit:  # type: ignore[operator]  # set with the offset
                end = (local.astimezone(_UTC) + length).astimezone(zone)
                offset = None
            if anchor is not None and _utc(end) >= _utc(anchor):
                continue  # a shifted session must end before the next one
            if previous is not None and (
                local < previous  # the same offset: as wall times
                if offset is not None and offset == previous_offset
                else _utc(local) < _utc(previous)
            ):
                continue  # sessions never overlap
            number += 1
            previous, previous_offset = end, offset
            # week_number counts from 1.
            yield session(
                number, local, end, day, time, week + 1, routine, shifted
            )
            if number == count:
                return
