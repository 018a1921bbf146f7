"""Seeking in a plan gives what replaying it from the start gives."""

from __future__ import annotations

import datetime as dt
import itertools
import typing
from functools import partial

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exerciselib import (
    Exercise,
    GapPolicy,
    Plan,
    Routine,
    ScheduledSession,
    Weekday,
)
from exerciselib._schedule import seek as seeking
from exerciselib._schedule.expand import walk
from exerciselib.exceptions import ScheduleError, ScheduleValueError
from strategies import progressions, timeline_routines, transitions

if typing.TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.property

UTC = dt.UTC

#: Zones with and without clock changes: a 30-minute change (Lord Howe),
#: changes at midnight (Santiago, Beirut), a missing day (Apia, 2011).
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "UTC",
    "Asia/Kolkata",
    "America/Santiago",
    "Asia/Beirut",
    "Pacific/Apia",
)
#: Times of day in and near the gaps and folds of those zones, and some
#: close enough that a shifted session runs into the next one.
TIMES = [
    dt.time(h, m)
    for h, m in (
        (0, 0),
        (0, 15),
        (0, 30),
        (1, 30),
        (2, 0),
        (2, 15),
        (2, 30),
        (3, 0),
        (3, 15),
        (8, 0),
        (23, 30),
    )
]


def _outcome(function: Callable[[], object]) -> object:
    """The value returned, or the error raised (its type and field)."""
    try:
        return function()
    except ScheduleError as error:
        return (type(error), error.field, str(error))


def _start(session: ScheduledSession) -> dt.datetime:
    return session.start.astimezone(UTC)


# The replaying walk: every session from the start, as Plan did before.


def replay_after(
    plan: Plan, when: dt.datetime, *, inc: bool
) -> ScheduledSession | None:
    """The first session after ``when``, by replaying."""
    for session in plan.sessions():
        if _start(session) > when or (inc and _start(session) == when):
            return session
    return None


def replay_before(
    plan: Plan, when: dt.datetime, *, inc: bool
) -> ScheduledSession | None:
    """The last session before ``when``, by replaying."""
    found = None
    for session in plan.sessions():
        if _start(session) > when or (not inc and _start(session) == when):
            break
        found = session
    return found


def replay_between(
    plan: Plan, low: dt.datetime, high: dt.datetime, *, inc: bool
) -> tuple[ScheduledSession, ...]:
    """The sessions between the bounds, by replaying."""
    found = []
    for session in plan.sessions():
        start = _start(session)
        if start > high or (not inc and start == high):
            break
        if start > low or (inc and start == low):
            found.append(session)
    return tuple(found)


def replay_nth(plan: Plan, n: int) -> ScheduledSession | None:
    """Session number ``n``, by replaying (None past the end)."""
    for session in plan.sessions():
        if session.number == n:
            return session
    return None


@st.composite
def long_plans(
    draw: st.DrawFn,
    *,
    max_days: int,
    gap_policies: tuple[GapPolicy, ...] = tuple(GapPolicy),
) -> Plan:
    """Plans over months or years, at times near the zones' changes."""
    zone = draw(st.sampled_from(ZONES))
    year = 2011 if zone == "Pacific/Apia" else draw(st.integers(2000, 2045))
    changes = transitions(zone, year)
    if changes and draw(st.booleans()):
        # Start shortly before a change, so that the window around it
        # lies inside the plan more often than by chance.
        change = draw(st.sampled_from(changes)).date()
        start = change - dt.timedelta(days=draw(st.integers(0, 30)))
    else:
        start = dt.date(year, 1, 1) + dt.timedelta(
            days=draw(st.integers(0, 364))
        )
    times = draw(st.lists(st.sampled_from(TIMES), min_size=1, max_size=3))
    days = draw(
        st.just(tuple(Weekday))
        | st.lists(st.sampled_from(Weekday), min_size=1, unique=True)
    )
    bound = draw(st.sampled_from(["end", "weeks", "count"]))
    per_day = len(set(times))
    bounds: dict[str, object] = {
        "end": {
            "end": start + dt.timedelta(days=draw(st.integers(0, max_days)))
        },
        "weeks": {"weeks": draw(st.integers(1, max(1, max_days // 7)))},
        "count": {"count": draw(st.integers(1, max(1, max_days * per_day)))},
    }[bound]  # type: ignore[assignment]
    routine = draw(timeline_routines(max_items=2, max_reps=3, max_sets=2))
    try:
        return Plan(
            routine=routine,
            start=start,
            timezone=zone,
            days=days,
            times=times,
            gap_policy=draw(st.sampled_from(gap_policies)),
            progression=draw(st.none() | progressions()),
            **bounds,  # type: ignore[arg-type]
        )
    except ScheduleError:
        assume(False)
        raise  # pragma: no cover -- assume() raised already


@st.composite
def instants(draw: st.DrawFn, plan: Plan) -> dt.datetime:
    """Instants at, next to and between the plan's sessions, and outside."""
    zone = plan.zone
    if plan.last_date is not None:
        span = (plan.last_date - plan.start).days
    else:
        assert plan.count is not None
        slots = len(plan.times) * len(plan.day_offsets)
        span = (plan.count // slots + 1) * 7
    local = dt.datetime.combine(
        plan.start, draw(st.sampled_from(TIMES)), tzinfo=zone
    ) + dt.timedelta(
        days=draw(st.integers(-3, span + 3)),
        minutes=draw(st.sampled_from([-61, -30, -1, 0, 1, 30, 61])),
    )
    return local.astimezone(UTC)


def _check(plan: Plan, data: st.DataObject) -> None:
    """after, before, between and session(n) equal the replaying walk."""
    for _ in range(4):
        when = data.draw(instants(plan))
        other = data.draw(instants(plan))
        inc = data.draw(st.booleans())
        pairs = [
            (
                partial(plan.after, when, inc=inc),
                partial(replay_after, plan, when, inc=inc),
            ),
            (
                partial(plan.before, when, inc=inc),
                partial(replay_before, plan, when, inc=inc),
            ),
            (
                partial(plan.between, when, other, inc=inc),
                partial(replay_between, plan, when, other, inc=inc),
            ),
        ]
        for seek, replay in pairs:
            assert _outcome(seek) == _outcome(replay)
    sessions = _outcome(partial(list, plan.sessions()))
    if not isinstance(sessions, list):  # gap_policy='raise' on the way
        n = data.draw(st.integers(1, 2000))
        if plan.count is not None and n > plan.count:
            # A number past a count is refused before any walk.
            with pytest.raises(ScheduleValueError):
                plan.session(n)
            return
        expected = _outcome(partial(replay_nth, plan, n))
        if expected is not None:
            assert _outcome(partial(plan.session, n)) == expected
        return
    total = len(sessions)
    for n in data.draw(st.lists(st.integers(1, total + 2), max_size=6)):
        if n <= total:
            assert plan.session(n) == sessions[n - 1]
        else:
            with pytest.raises(ScheduleValueError):
                plan.session(n)


class TestSeekAgreesWithReplay:
    """Seeking and the full walk give the same sessions and errors."""

    @given(long_plans(max_days=120), st.data())
    def test_months(self, plan: Plan, data: st.DataObject) -> None:
        """Plans of up to four months in every zone agree."""
        _check(plan, data)

    @pytest.mark.slow
    @settings(max_examples=300)
    @given(long_plans(max_days=20 * 365), st.data())
    def test_years(self, plan: Plan, data: st.DataObject) -> None:
        """Plans of up to twenty years, across many clock changes, agree."""
        _check(plan, data)


class TestLosslessWindows:
    """
    A window seeking counts instead of walking holds a session per slot.

    Seeking skips the walk of a window around a clock change when the
    zone's offsets and the plan's times and lengths show that nothing in
    it shifts, is skipped or overlaps; the walk itself must agree.
    """

    @given(long_plans(max_days=800, gap_policies=(GapPolicy.SKIP,)))
    @settings(max_examples=150)
    def test_counted_window_equals_walked(self, plan: Plan) -> None:
        """Each window judged lossless yields, walked, one session per slot."""
        assume(plan.count is None and seeking._by_week(plan))
        lossless = seeking._Lossless(plan)
        slots = seeking._Slots(plan)
        for first, end in itertools.islice(seeking._windows(plan), 6):
            if not lossless(first, end):
                continue
            walked = sum(
                1 for _ in walk(plan, since=first, until=end, number=0)
            )

            assert walked == slots(end) - slots(first)

    def test_spring_forward_overlap_is_walked(self) -> None:
        """A session the jump runs into the next one is not counted away."""
        bend = Exercise(
            id="bend", name="Bend", summary="Bend.", steps=["Bend."]
        )
        routine = Routine(
            id="long", name="Long", items=[bend.prescribe("10 x 10 x 20s")]
        )
        plan = Plan(
            routine=routine,
            start=dt.date(2025, 3, 20),
            end=dt.date(2025, 4, 5),
            timezone="Europe/Berlin",
            times=(dt.time(1, 50), dt.time(3, 10)),
        )
        first, end = next(seeking._windows(plan))
        walked = sum(1 for _ in walk(plan, since=first, until=end, number=0))
        slots = seeking._Slots(plan)

        assert walked < slots(end) - slots(first)
        assert not seeking._Lossless(plan)(first, end)
        assert plan.after(dt.datetime(2025, 4, 1, tzinfo=UTC)) == replay_after(
            plan, dt.datetime(2025, 4, 1, tzinfo=UTC), inc=False
        )
