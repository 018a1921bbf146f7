"""
Seeking in a plan: the n-th session, and the sessions near an instant.

A plan's dates fall into *plain runs*, where every slot (allowed date x
time of day) is a session, and *windows* of a few days around each clock
change (see ``clock``), where gaps, missing days, shifted sessions and
the overlap rule may drop some. Seeking counts the sessions of a plain
run by arithmetic (``calendar.count_dates``) and walks only the windows
before the point sought, with the plan's own walk (``expand.walk``), so
it costs O(clock changes) and O(1) per plain run; the sessions near the
point are then built by that same walk, resumed there. Everything that
depends on session numbers (count-bounded plans, progression by session
count, regression) therefore sees the same numbers as a full walk.

A window runs from the day before an irregular date to the day after
it (merged with the next when they touch), so both its ends are plain
dates after plain dates: a walk resumed there carries nothing over (no
shifted session waits for its anchor, as a shift stays within its day
and the next allowed date is a day on; no session overlaps the one
before, which the plan's checks keep apart on plain days).
"""

from __future__ import annotations

import datetime as dt
import itertools
import typing

from exerciselib._schedule import calendar
from exerciselib._schedule.clock import zone_clock
from exerciselib._schedule.dose import plan_parts, window_counts
from exerciselib._schedule.expand import walk
from exerciselib.exceptions import ScheduleValueError

if typing.TYPE_CHECKING:
    from collections.abc import Iterator

    from exerciselib._schedule.plan import Plan
    from exerciselib._schedule.sessions import ScheduledSession

__all__ = ["after", "before", "between", "nth"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)
#: How far a window reaches before and after an irregular date.
_BEFORE = _DAY
_AFTER = 2 * _DAY
#: How far before an instant's local date a seek resumes.
_MARGIN = 2 * _DAY


class _Slots:
    """
    How many slots lie on allowed dates before a date, for one plan.

    A seek counts the slots before every window it passes: the plan's
    last date and weekday offsets (properties, worked out on each read)
    are read once.
    """

    __slots__ = ("_last", "_offsets", "_per_day", "_start")

    def __init__(self, plan: Plan) -> None:
        self._start = plan.start
        self._offsets = plan.day_offsets
        self._last = plan.last_date
        self._per_day = len(plan.times)

    def __call__(self, day: dt.date) -> int:
        """How many slots lie on allowed dates before ``day``."""
        last = day - _DAY
        if self._last is not None and self._last < last:
            last = self._last
        if last < self._start:
            return 0
        dates = calendar.count_dates(self._start, self._offsets, last)
        return dates * self._per_day


def _windows(plan: Plan) -> Iterator[tuple[dt.date, dt.date]]:
    """The plan's windows ``[first, end)`` in order, merged, from its start."""
    clock = zone_clock(plan.zone)
    last = plan.last_date
    day = plan.start
    while last is None or day <= last:
        change = clock.next_change(day)
        if change is None or (last is not None and change - _BEFORE > last):
            return
        first = max(change - _BEFORE, plan.start)
        # Merge the windows of the next irregular dates that overlap.
        while True:
            following = clock.next_change(change + _DAY)
            if following is None or following - _BEFORE > change + _AFTER:
                break
            change = following
        end = change + _AFTER
        yield first, end
        day = end


def _state(plan: Plan, day: dt.date) -> tuple[dt.date, int]:
    """
    A plain date on or before ``day`` to resume at, and the sessions before it.

    Walks the windows before it (raising as the full walk would on a
    nonexistent time under ``gap_policy='raise'``).
    """
    count = plan.count
    number = 0
    slots = _Slots(plan)
    at_cursor = 0  # the slots before the cursor
    known = (window_counts(plan), _Lossless(plan)) if _by_week(plan) else None
    for first, end in _windows(plan):
        if first >= day:
            break
        at_first = slots(first)
        number += at_first - at_cursor
        if count is not None and number >= count:
            return first, count
        if end > day:
            return first, number  # resume at the window's start
        at_cursor = slots(end)
        number = _through(
            plan, first, end, number, known=known, slots=at_cursor - at_first
        )
        if count is not None and number >= count:
            return end, count
    number += slots(day) - at_cursor
    if count is not None:
        number = min(number, count)
    return max(day, plan.start), number


def _by_week(plan: Plan) -> bool:
    """Whether a session's length depends on its week alone."""
    return all(
        progression is None
        or (
            progression.every_sessions is None
            and progression.regress_from_session is None
        )
        for progression in plan.progressions
    )


def _through(
    plan: Plan,
    first: dt.date,
    end: dt.date,
    number: int,
    *,
    known: tuple[dict[tuple[dt.date, dt.date], int], _Lossless] | None,
    slots: int,
) -> int:
    """
    The sessions up to the end of the window ``[first, end)``.

    Where sessions do not depend on their numbers (no progression by
    session count), the sessions a window holds are the same in every
    seek: the plan keeps them, so a window is walked once per plan.
    ``slots``: how many slots the window holds.
    """
    if known is not None:
        counts, lossless = known
        held = counts.get((first, end))
        if held is None and lossless(first, end):
            held = counts[(first, end)] = slots
        if held is not None:
            return number + held
    start = number
    for session in walk(plan, since=first, until=end, number=number):
        number = session.number
    if known is not None and (plan.count is None or number < plan.count):
        known[0][(first, end)] = number - start
    return number


class _Lossless:
    """
    Whether every slot of a window ``[first, end)`` is a session.

    So when no time of day falls in a gap on its irregular dates, and the
    closest two times of day (across midnight too) stay more than the
    longest session apart even when the clocks jump forward by the
    window's largest change of offset: then nothing shifts, nothing is
    skipped and nothing overlaps, and the window is counted, not walked.
    Only for plans whose sessions depend on their week alone.

    Made once per seek: what depends on the plan alone (its zone, times
    of day and their closest distance) is worked out once, not per window.
    """

    __slots__ = ("_clock", "_closest", "_parts", "_start", "_times", "_zone")

    def __init__(self, plan: Plan) -> None:
        self._zone = plan.zone
        self._clock = zone_clock(self._zone)
        self._times = plan.times
        self._start = plan.start
        self._parts = plan_parts(plan)
        walls = [dt.datetime.combine(dt.date(2, 1, 1), t) for t in plan.times]
        gaps = [b - a for a, b in itertools.pairwise(walls)]
        gaps.append(walls[0] + _DAY - walls[-1])
        self._closest = min(gaps)

    def __call__(self, first: dt.date, end: dt.date) -> bool:
        """Whether every slot of the window ``[first, end)`` is a session."""
        zone = self._zone
        clock = self._clock
        irregular = []
        change = clock.next_change(first)
        while change is not None and change < end:
            irregular.append(change)
            change = clock.next_change(change + _DAY)
        for day in irregular:
            for time in self._times:
                wall = dt.datetime.combine(day, time, zone)
                if wall.astimezone(_UTC).astimezone(zone) != wall:
                    return False  # a gap: shifted, skipped or raised
        offsets: list[dt.timedelta | None] = []
        day = first
        while day <= end:
            try:
                midnight = dt.datetime.combine(day, dt.time(), zone)
                if day == end or day in irregular:
                    # Through UTC: this midnight may not exist.
                    midnight = midnight.astimezone(_UTC).astimezone(zone)
                # A plain date's midnight exists once: its own offset.
                offsets.append(midnight.utcoffset())
            except OverflowError:
                return False
            day += _DAY
        known = typing.cast("list[dt.timedelta]", offsets)
        jump = max(known) - min(known)
        start = self._start
        longest = max(
            self._parts.at_week((day - start).days // 7)[1]
            for day in (first, end)
        )
        return self._closest - jump > longest


def _from(plan: Plan, day: dt.date) -> Iterator[ScheduledSession]:
    """The plan's sessions from a plain date on or before ``day``."""
    if day <= plan.start:
        return walk(plan)
    since, number = _state(plan, day)
    if since <= plan.start:
        return walk(plan)
    return walk(plan, since=since, number=number)


def _local_date(plan: Plan, instant: dt.datetime) -> dt.date:
    """The local date of ``instant``, two days early (a safe margin)."""
    try:
        return instant.astimezone(plan.zone).date() - _MARGIN
    except OverflowError:
        return dt.date.min if instant.year < 2 else dt.date.max  # noqa: PLR2004 -- the calendar's ends


def after(
    plan: Plan, instant: dt.datetime, *, inc: bool
) -> ScheduledSession | None:
    """The first session starting after ``instant`` (UTC), or None."""
    # Past the end too: the windows are walked, and raise as the full
    # walk would under gap_policy='raise'.
    for session in _from(plan, _local_date(plan, instant)):
        start = session.start.astimezone(_UTC)
        if start > instant or (inc and start == instant):
            return session
    return None


def before(
    plan: Plan, instant: dt.datetime, *, inc: bool
) -> ScheduledSession | None:
    """The last session starting before ``instant`` (UTC), or None."""
    day = _local_date(plan, instant)
    if plan.last_date is not None:
        day = min(day, plan.last_date)
    back = dt.timedelta(days=7)
    while True:
        found = None
        for session in _from(plan, day):
            start = session.start.astimezone(_UTC)
            if start > instant or (not inc and start == instant):
                break
            found = session
        if found is not None or day <= plan.start:
            return found
        # Nothing from ``day`` on: look further back, twice as far.
        try:
            day = max(day - back, plan.start)
        except OverflowError:
            day = plan.start
        back *= 2


def between(
    plan: Plan, low: dt.datetime, high: dt.datetime, *, inc: bool
) -> tuple[ScheduledSession, ...]:
    """The sessions starting between ``low`` and ``high`` (UTC)."""
    found = []
    for session in _from(plan, _local_date(plan, min(low, high))):
        start = session.start.astimezone(_UTC)
        if start > high or (not inc and start == high):
            break
        if start > low or (inc and start == low):
            found.append(session)
    return tuple(found)


def nth(plan: Plan, n: object) -> ScheduledSession:  # noqa: C901 -- one walk
    """
    The session numbered ``n`` (1-based, as ``ScheduledSession.number``).

    Raises:
        ScheduleValueError: ``n`` is not a whole number from 1 to the
            number of sessions (``field='n'``).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        _out_of_range(plan, n)
    if plan.count is not None and n > plan.count:
        _out_of_range(plan, n)
    per_day = len(plan.times)
    number = 0
    cursor = plan.start
    slots = _Slots(plan)
    for first, end in _windows(plan):
        plain = slots(first) - slots(cursor)
        if number + plain >= n:
            break
        number += plain
        for session in walk(plan, since=first, until=end, number=number):
            if session.number == n:
                return session
            number = session.number
        cursor = end
    else:
        first = None
    # In the plain run from ``cursor``: every slot is a session.
    dates_before = slots(cursor) // per_day
    index = (n - number - 1) // per_day  # allowed dates into the run
    try:
        day = calendar.nth_date(
            plan.start, plan.day_offsets, dates_before + index + 1
        )
    except OverflowError:
        _out_of_range(plan, n)
    if (plan.last_date is not None and day > plan.last_date) or (
        first is not None and day >= first
    ):
        _out_of_range(plan, n)
    number += index * per_day
    for session in walk(plan, since=day, number=number):
        if session.number == n:
            return session
    return _out_of_range(plan, n)


def _out_of_range(plan: Plan, n: object) -> typing.NoReturn:
    bound = (
        f"the plan has {plan.count}"
        if plan.count is not None
        else f"the plan's sessions end on {plan.last_date}"
    )
    msg = (
        f"Plan.session(n) takes a session number from 1 (the first "
        f"session) to the number of sessions; {bound}, got {n!r}."
    )
    raise ScheduleValueError(msg, field="n", value=n)
