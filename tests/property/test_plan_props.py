"""Properties of dated plans: the rules every plan keeps."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import zoneinfo
from unittest import mock

import attrs
import pytest
from dateutil.rrule import rrulestr
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from exerciselib import (
    Dosage,
    Exercise,
    GapPolicy,
    Plan,
    Progression,
    Routine,
    ScheduledSession,
    Weekday,
)
from exerciselib._schedule import clock
from exerciselib.exceptions import ScheduleError
from strategies import plans, progressions, small_dosages

pytestmark = pytest.mark.property

UTC = dt.UTC


def utc(session: ScheduledSession) -> dt.datetime:
    """The session's start as a UTC instant (fold-safe comparisons)."""
    return session.start.astimezone(UTC)


def exists(wall: dt.datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether a naive local wall time exists in ``zone``."""
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def candidates(plan: Plan) -> list[dt.datetime]:
    """Every (date, time) slot of an end- or weeks-bounded plan, naive."""
    last = plan.last_date
    assert last is not None
    days = {d.number for d in plan.days}
    found = []
    day = plan.start
    while day <= last:
        if day.weekday() in days:
            found += [dt.datetime.combine(day, t) for t in plan.times]
        day += dt.timedelta(days=1)
    return found


def sessions(plan: Plan) -> list[ScheduledSession]:
    """All sessions of a plan."""
    return list(plan.sessions())


class TestOrderAndPlace:
    """
    Sessions come in order, apart, on the days and times planned.

    The rule: plan sessions are strictly increasing and never overlap; each
    falls on an allowed weekday at an allowed local time in the plan's zone,
    across DST changes.
    """

    @given(plans())
    def test_order_and_place(self, plan: Plan) -> None:
        """Increasing UTC starts, no overlap, allowed days and times."""
        found = sessions(plan)
        zone = plan.zone
        allowed = {d.number for d in plan.days}

        assert all(utc(a) < utc(b) for a, b in itertools.pairwise(found))
        assert all(
            a.end.astimezone(UTC) <= utc(b)
            for a, b in itertools.pairwise(found)
        )
        for session in found:
            local = session.start.astimezone(zone)
            assert session.local_date.weekday() in allowed
            assert session.local_time in plan.times
            assert local == session.start
            assert exists(local.replace(tzinfo=None), zone)
            if session.shifted:
                day, time = session.local_date, session.local_time
                wall = dt.datetime.combine(day, time)
                assert not exists(wall, zone)
                assert local.replace(tzinfo=None) > wall
            else:
                assert (session.local_date, session.local_time) == (
                    local.date(),
                    local.time(),
                )


class TestCount:
    """
    A plan has the number of sessions its bounds and days imply.

    The rule: the number of sessions equals what the bounds and days imply; the
    first is on or after the start and the last on or before the end. (Under
    ``skip`` the shortfall is the slots in a gap; under ``shift`` only the
    slots of a wholly missing day, as Apia's 2011-12-30, are dropped.)
    """

    @given(plans())
    def test_count(self, plan: Plan) -> None:
        """Bounds, days and gaps decide the number of sessions."""
        found = sessions(plan)
        zone = plan.zone
        if plan.count is not None:
            assert plan.count == len(found)
        else:
            slots = candidates(plan)
            if plan.gap_policy is GapPolicy.SKIP:
                dropped = [w for w in slots if not exists(w, zone)]
            else:
                dropped = [
                    w
                    for w in slots
                    if not exists(w.replace(hour=0, minute=0), zone)
                    and not exists(w.replace(hour=23, minute=59), zone)
                ]
            assert len(slots) - len(dropped) == len(found)
            assert all(s.local_date <= plan.last_date for s in found)  # type: ignore[operator]
        assert all(s.local_date >= plan.start for s in found)
        assert list(range(1, len(found) + 1)) == [s.number for s in found]


@pytest.mark.slow  # about a second or more
class TestProgressionInPlans:
    """
    Progression only grows dosages, within caps, from the base.

    The rule: progressed dosages are non-decreasing in session order (except at
    the explicit regression), never exceed their caps, and equal the base
    dosage before the first step.
    """

    @given(plans())
    def test_progressed_dosages(self, plan: Plan) -> None:
        """Each field rises, stays capped and starts at the base."""
        progression = plan.progression
        assume(progression is not None)
        assert progression is not None
        max_reps, max_hold, max_sets = progression.caps
        previous = None
        for session in plan.sessions():
            values = [
                (i.dosage.reps, i.dosage.sets, i.dosage.hold_seconds)
                for i in session.routine.items
            ]
            for (reps, sets, hold), base in zip(
                values, plan.routine.items, strict=True
            ):
                assert reps <= max(max_reps, base.dosage.reps)
                assert sets <= max(max_sets, base.dosage.sets)
                assert hold <= max(max_hold, base.dosage.hold_seconds)
            raw = (
                (session.week_number - 1) // progression.every_weeks
                if progression.every_weeks
                else (session.number - 1) // (progression.every_sessions or 1)
            )
            if raw == 0:
                assert plan.routine == session.routine
            if previous is not None and session.number != (
                progression.regress_from_session
            ):
                assert all(
                    a <= b
                    for old, new in zip(previous, values, strict=True)
                    for a, b in zip(old, new, strict=True)
                )
            previous = values


class ProgressionMachine(RuleBasedStateMachine):
    """
    Progression, stepped session by session as a state machine.

    The rule: session by session (in week order), a progression's dosage never
    decreases except at the explicit regression session, never passes its caps
    and equals the base dosage before the first step.
    """

    @initialize(
        progression=progressions(), base=small_dosages(max_reps=3, max_sets=2)
    )
    def setup(self, progression: Progression, base: Dosage) -> None:
        """Start at session 1 in week 0."""
        assume(not progression.exceeded_caps(base))
        self.progression = progression
        self.base = base
        self.number = 1
        self.week = 0
        self.previous = self.current()

    def current(self) -> Dosage:
        """The dosage in force now."""
        return self.progression.dosage(
            self.base, number=self.number, week=self.week
        )

    @rule(weeks=st.integers(0, 2))
    def next_session(self, weeks: int) -> None:
        """Go to the next session, zero or more weeks later."""
        self.number += 1
        self.week += weeks
        now = self.current()
        if self.number != self.progression.regress_from_session:
            assert self.previous.hold_seconds <= now.hold_seconds
            assert self.previous.reps <= now.reps
            assert self.previous.sets <= now.sets
        self.previous = now

    @precondition(lambda self: self.progression.regress_from_session is None)
    @rule()
    def pure_in_steps(self) -> None:
        """Without a regression, the dosage depends on the steps alone."""
        steps = self.progression.steps(number=self.number, week=self.week)

        assert self.progression.apply(self.base, steps) == self.current()

    @invariant()
    def capped_and_base_first(self) -> None:
        """Caps hold, and before the first step the dosage is the base."""
        max_reps, max_hold, max_sets = self.progression.caps
        now = self.current()
        assert now.reps <= max_reps
        assert now.sets <= max_sets
        assert now.hold_seconds <= max(max_hold, self.base.hold_seconds)
        assert now.reps >= self.base.reps
        assert now.sets >= self.base.sets
        assert now.hold_seconds >= self.base.hold_seconds
        if self.progression.steps(number=self.number, week=self.week) == 0:
            assert self.base == now


# About a second or more.
TestProgressionMachine = pytest.mark.slow(ProgressionMachine.TestCase)


@pytest.mark.slow  # about a second or more
class TestDeterminismAndJson:
    """
    Plans are deterministic and survive JSON.

    The rule: the same inputs always give the same outputs; JSON round trips
    are exact.
    """

    @given(plans())
    def test_same_and_round_trip(self, plan: Plan) -> None:
        """A rebuilt plan and a JSON copy give the same sessions."""
        text = json.dumps(plan.to_dict())
        copy = Plan.from_dict(json.loads(text))
        rebuilt = attrs.evolve(plan)

        assert plan == copy
        assert text == json.dumps(copy.to_dict())
        assert sessions(plan) == sessions(copy) == sessions(rebuilt)
        assert plan.to_rfc5545() == copy.to_rfc5545()


class TestRruleOracle:
    """
    An independent RFC 5545 reader expands to_rfc5545() to the sessions.

    The rule: expanding ``plan.to_rfc5545()`` with an independent RFC 5545
    implementation (python-dateutil, WKST=MO) gives exactly the plan's session
    starts in local wall time, except where the gap policy moved a nonexistent
    local time (dateutil emits such times unchanged).
    """

    @given(plans())
    def test_dateutil_agrees(self, plan: Plan) -> None:
        """The wall times dateutil expands, minus nonexistent ones, match."""
        zone = plan.zone
        walls = sorted(
            when.replace(tzinfo=None)
            for text in plan.to_rfc5545()
            for when in rrulestr(text, tzids=zoneinfo.ZoneInfo)
        )
        expected = [w for w in walls if exists(w, zone)]
        actual = [
            s.start.replace(tzinfo=None)
            for s in plan.sessions()
            if not s.shifted
        ]

        assert expected == actual


class TestQueries:
    """
    Queries agree with the iteration, as in dateutil's rrulebase.

    Sessions are monotonic; ``between`` is a subset of the iteration;
    ``after(x) == first(between(x, ...))``; ``before`` and ``after``
    split the sessions around any instant.
    """

    @given(plans(), st.data())
    def test_queries(self, plan: Plan, data: st.DataObject) -> None:
        """The after, before, between and take queries match iteration."""
        found = sessions(plan)
        assume(found)
        first, last = utc(found[0]), utc(found[-1])
        span = int((last - first).total_seconds()) + 7200
        x = first + dt.timedelta(seconds=data.draw(st.integers(-3600, span)))
        if data.draw(st.booleans()):  # exact session starts as bounds
            x = utc(data.draw(st.sampled_from(found)))
        y = x + dt.timedelta(seconds=data.draw(st.integers(0, span)))
        inc = data.draw(st.booleans())
        far = last + dt.timedelta(days=1)
        window = plan.between(x, y, inc=inc)
        after = plan.after(x, inc=inc)
        before = plan.before(x, inc=not inc)

        assert all(s in found for s in window)
        assert [
            s for s in found if (x < utc(s) < y) or (inc and utc(s) in {x, y})
        ] == list(window)
        assert (plan.between(x, far, inc=inc) or (None,))[0] == after
        assert [s for s in found if utc(s) < x or (not inc and utc(s) == x)][
            -1:
        ] == ([before] if before else [])
        assert tuple(found[:3]) == plan.take(3)
        assert (before is None or after is None) or utc(before) <= utc(after)


@given(plans())
def test_weekday_and_week_index(plan: Plan) -> None:
    """Weeks count from the start date; weekdays agree with the date."""
    for session in plan.sessions():
        assert (session.local_date - plan.start).days // 7 + 1 == (
            session.week_number
        )
        assert (
            Weekday(
                ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][
                    session.local_date.weekday()
                ]
            )
            in plan.days
        )


def _expanded(
    plan: Plan,
) -> tuple[list[tuple[object, ...]], str | None]:
    """
    The sessions with the fold and offset of each instant, and any error.

    Datetimes in one zone compare as wall times, so the fold and the
    offset of ``start`` and ``end`` are compared as well.
    """
    found: list[tuple[object, ...]] = []
    try:
        found.extend(
            (
                *attrs.astuple(session, recurse=False),
                session.start.fold,
                session.start.utcoffset(),
                session.end.fold,
                session.end.utcoffset(),
            )
            for session in plan.sessions()
        )
    except ScheduleError as error:
        return found, str(error)
    return found, None


class TestPlainDays:
    """
    Days far from a clock change skip the conversions through UTC.

    Expansion resolves a session on a *plain* day (no clock change from
    its midnight to the next) by wall-clock arithmetic alone. With plain
    days switched off, every session is resolved through UTC one by one:
    both must give the same sessions, the same instants and the same
    errors.
    """

    @given(
        plans(gap_policies=(GapPolicy.SHIFT, GapPolicy.SKIP, GapPolicy.RAISE))
    )
    def test_same_as_resolved_one_by_one(self, plan: Plan) -> None:
        """Sessions equal those resolved exactly, fold and offset too."""
        with mock.patch.object(
            clock.ZoneClock, "next_change", lambda _, day: day
        ):
            expected = _expanded(plan)

        assert expected == _expanded(plan)

    @given(plans())
    def test_sessions_equal_validated(self, plan: Plan) -> None:
        """Each session equals the one ``ScheduledSession(...)`` builds."""
        found = list(plan.sessions())

        rebuilt = [
            ScheduledSession(**attrs.asdict(s, recurse=False)) for s in found
        ]

        assert rebuilt == found
        assert [repr(s) for s in rebuilt] == [repr(s) for s in found]


def _checked_routine(plan: Plan, session: ScheduledSession) -> object:
    """The routine in force at ``session``, built through every check."""
    items = [
        item
        if progression is None
        else attrs.evolve(
            item,
            dosage=progression.dosage(
                item.dosage,
                number=session.number,
                week=session.week_number - 1,
            ),
        )
        for item, progression in zip(
            plan.routine.items, plan.progressions, strict=True
        )
    ]
    return attrs.evolve(plan.routine, items=items)


class TestRoutineInForce:
    """
    Each session carries the routine its progression step gives.

    The walk builds each step's routine once, through the trusted
    constructor, rebuilding only the items whose dosage changed and
    reusing an item whose dosage stopped growing; a plan whose routine
    depends on the week alone finds it by week. Each must equal the
    routine built from ``Progression.dosage`` through every check, and
    each session must last as long as that routine's timeline.
    """

    @given(plans())
    def test_equal_to_checked(self, plan: Plan) -> None:
        """The routine and length equal those of the checked routine."""
        for session in plan.sessions():
            checked = _checked_routine(plan, session)

            assert checked == session.routine
            assert session.duration == dt.timedelta(
                seconds=plan.timeline(session).total
            )

    def test_year_of_weekly_growth(self) -> None:
        """A year growing weekly to its caps equals the checked routines."""
        bend = Exercise(
            id="knee-bend",
            name="Knee bend",
            summary="Bend the knee.",
            steps=["Sit tall."],
            laterality="each-side",
        )
        bridge = Exercise(
            id="bridge", name="Bridge", summary="Lift.", steps=["Lift."]
        )
        plan = Plan(
            routine=Routine(
                id="knee-year",
                name="Knee",
                items=[
                    bend.prescribe("2 x 10"),
                    bridge.prescribe("2 x 8 x 5s"),
                ],
            ),
            start=dt.date(2025, 1, 6),
            count=730,
            timezone="Europe/Berlin",
            times=[dt.time(8, 0), dt.time(18, 0)],
            progression=Progression(every_weeks=1, add_reps=1, max_reps=30),
        )
        for _ in range(2):  # built, then found again
            found = list(plan.sessions())

            assert 730 == len(found)
            assert [_checked_routine(plan, s) for s in found] == [
                s.routine for s in found
            ]
            assert [s.duration for s in found] == [
                dt.timedelta(seconds=plan.timeline(s).total) for s in found
            ]
        assert 30 == found[-1].routine.items[1].dosage.reps
