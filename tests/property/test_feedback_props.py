"""Properties of adherence and adapt over generated session logs."""

from __future__ import annotations

import datetime as dt
import typing

import attrs
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from exerciselib import (
    Dosage,
    Exercise,
    FeedbackRules,
    ItemLog,
    Plan,
    Progression,
    RevisedPlan,
    Routine,
    ScheduleError,
    SessionLog,
    adapt,
    adherence,
)

if typing.TYPE_CHECKING:
    import random

pytestmark = pytest.mark.property


def _exercise(exercise_id: str) -> Exercise:
    return Exercise(
        id=exercise_id, name=exercise_id, summary="Do it.", steps=["Go."]
    )


ROUTINE = Routine(
    id="knee",
    name="Knee",
    items=[
        _exercise("knee-bend").prescribe("2 x 10"),
        _exercise("wall-sit").prescribe("1 x 3 x 20s"),
    ],
)
#: Twice a day for two weeks, and once a day with a weekly progression.
PLANS = [
    Plan(
        routine=ROUTINE,
        start=dt.date(2026, 3, 23),
        weeks=2,
        timezone="Europe/Berlin",
        times=[dt.time(8), dt.time(18)],
    ),
    Plan(
        routine=ROUTINE,
        start=dt.date(2026, 3, 2),
        weeks=3,
        timezone="America/New_York",
        progression=Progression(every_weeks=1, add_reps=2, max_reps=14),
    ),
]
SESSIONS = {id(plan): plan.take(100) for plan in PLANS}

scores = st.none() | st.integers(0, 10)
statuses = st.sampled_from(["completed", "partial", "skipped"])


@st.composite
def logs_of(
    draw: st.DrawFn, plan: Plan, *, upto: int | None = None
) -> list[SessionLog]:
    """Logs of some of ``plan``'s first ``upto`` sessions, one each."""
    sessions = SESSIONS[id(plan)][:upto]
    chosen = draw(st.sets(st.sampled_from([s.number for s in sessions])))
    logs = []
    for number in sorted(chosen):
        session = sessions[number - 1]
        item_status = draw(st.none() | statuses)
        items = (
            []
            if item_status is None
            else [
                ItemLog(
                    exercise=draw(st.sampled_from(["knee-bend", "wall-sit"])),
                    status=item_status,
                    pain_during=draw(scores),
                    effort=draw(scores),
                )
            ]
        )
        logs.append(
            SessionLog(
                session=number,
                done_at=session.start
                + dt.timedelta(minutes=draw(st.integers(0, 300))),
                status=draw(statuses),
                items=items,
                pain_during=draw(scores),
                pain_next_morning=draw(scores),
                effort=draw(scores),
            )
        )
    return logs


@st.composite
def cases(
    draw: st.DrawFn,
) -> tuple[Plan, list[SessionLog], dt.datetime]:
    """A plan, logs of sessions up to a moment, and that moment."""
    plan = draw(st.sampled_from(PLANS))
    sessions = SESSIONS[id(plan)]
    last = draw(st.integers(1, len(sessions) - 1))
    as_of = sessions[last - 1].start + dt.timedelta(hours=6)
    return plan, draw(logs_of(plan, upto=last)), as_of


rule_sets = st.builds(
    FeedbackRules,
    green_max=st.integers(1, 3),
    consecutive=st.integers(1, 3),
    missing=st.sampled_from(["hold", "regress"]),
    next_morning_outweighs=st.booleans(),
    need_next_morning=st.booleans(),
    baseline=st.none() | st.integers(0, 3),
)


class TestAdherenceProperties:
    """done + partial + missed == due; percentages stay in 0-100."""

    @given(cases())
    def test_counts_add_up(
        self, case: tuple[Plan, list[SessionLog], dt.datetime]
    ) -> None:
        """Totals, weeks and exercises all add up to the sessions due."""
        plan, logs, as_of = case
        report = adherence(plan, logs, as_of=as_of)

        assert report.due == report.done + report.partial + report.missed
        assert report.missed == report.skipped + report.unlogged
        assert report.due == sum(w.due for w in report.weeks)
        assert report.done == sum(w.done for w in report.weeks)
        for entry in (*report.weeks, *report.exercises):
            assert entry.due == entry.done + entry.partial + entry.missed
        for entry in report.exercises:
            assert report.due == entry.due
        for percent in (
            report.percent,
            *(e.percent for e in (*report.weeks, *report.exercises)),
        ):
            assert percent is None or 0 <= percent <= 100
        assert 0 <= report.current_streak <= report.due
        assert 0 <= report.longest_gap <= report.missed

    @given(cases(), st.data())
    def test_past_weeks_unchanged_by_later_logs(
        self,
        case: tuple[Plan, list[SessionLog], dt.datetime],
        data: st.DataObject,
    ) -> None:
        """Logs of later sessions never change the figures of past weeks."""
        plan, logs, as_of = case
        sessions = SESSIONS[id(plan)]
        later = [
            log
            for log in data.draw(logs_of(plan))
            if sessions[session_number(log.session) - 1].start > as_of
        ]
        after = max(
            (log.done_at for log in later), default=as_of
        ) + dt.timedelta(days=1)
        before = adherence(plan, logs, as_of=as_of)
        report = adherence(plan, [*logs, *later], as_of=after)
        current = max(s.week_number - 1 for s in sessions if s.start <= as_of)

        assert before.weeks[:current] == report.weeks[:current]


def session_number(value: int | None) -> int:
    """The session number of a log made by number."""
    assert value is not None
    return value


def _level(revised: RevisedPlan, item: int) -> int:
    return revised.revisions[-1].decisions[item].level


class TestAdaptProperties:
    """adapt never changes the past and never rewards more pain."""

    @given(cases(), rule_sets)
    def test_past_never_changes(
        self,
        case: tuple[Plan, list[SessionLog], dt.datetime],
        rules: FeedbackRules,
    ) -> None:
        """Every session started by as_of keeps its number, start, dosages."""
        plan, logs, as_of = case
        revised = adapt(plan, logs, rules, as_of=as_of)
        past = [s for s in plan.sessions() if s.start <= as_of]

        assert past == list(revised.take(len(past)))
        assert revised.revisions[-1].effective_from > len(past)

    @given(cases(), rule_sets, st.randoms(use_true_random=False))
    def test_order_independent_and_idempotent(
        self,
        case: tuple[Plan, list[SessionLog], dt.datetime],
        rules: FeedbackRules,
        shuffler: random.Random,
    ) -> None:
        """Shuffled logs give the same plan; adapting again adds nothing."""
        plan, logs, as_of = case
        revised = adapt(plan, logs, rules, as_of=as_of)
        shuffled = list(logs)
        shuffler.shuffle(shuffled)

        assert revised == adapt(plan, shuffled, rules, as_of=as_of)
        assert revised == adapt(revised, shuffled, rules, as_of=as_of)

    @given(cases(), rule_sets, st.data())
    def test_more_pain_never_a_higher_dosage(
        self,
        case: tuple[Plan, list[SessionLog], dt.datetime],
        rules: FeedbackRules,
        data: st.DataObject,
    ) -> None:
        """Raising pain scores, all else equal, never raises a dosage."""
        plan, logs, as_of = case

        def worse(log: SessionLog) -> SessionLog:
            def up(score: int | None) -> int | None:
                bump = data.draw(st.integers(0, 10))
                return None if score is None else min(10, score + bump)

            items = [
                attrs.evolve(i, pain_during=up(i.pain_during))
                for i in log.items
            ]
            return attrs.evolve(
                log,
                items=items,
                pain_during=up(log.pain_during),
                pain_next_morning=up(log.pain_next_morning),
            )

        painful = [worse(log) for log in logs]
        calm = adapt(plan, logs, rules, as_of=as_of)
        hurt = adapt(plan, painful, rules, as_of=as_of)
        for item in range(len(ROUTINE.items)):
            assert _level(hurt, item) <= _level(calm, item)


class AdaptMachine(RuleBasedStateMachine):
    """Log sessions and adapt, in any order: the invariants always hold."""

    def __init__(self) -> None:
        super().__init__()
        self.plan = PLANS[1]
        self.sessions = SESSIONS[id(self.plan)]
        self.revised = RevisedPlan(plan=self.plan)
        self.logs: list[SessionLog] = []
        self.done = 0  # sessions passed
        #: Sessions already in the past, as they were when they passed.
        self.history: list[object] = []

    @initialize(rules=rule_sets)
    def setup(self, rules: FeedbackRules) -> None:
        """Choose the rules for the run."""
        self.rules = rules

    @rule(
        pain=st.integers(0, 10),
        morning=scores,
        status=statuses,
    )
    def log_next(self, pain: int, morning: int | None, status: str) -> None:
        """The next session passes, with a log."""
        if self.done >= len(self.sessions) - 1:
            return
        session = self.sessions[self.done]
        self.done += 1
        self.logs.append(
            SessionLog(
                session=session.number,
                done_at=session.start + dt.timedelta(minutes=30),
                status=status,
                pain_during=pain,
                pain_next_morning=morning,
            )
        )
        self._remember()

    @rule()
    def skip_next(self) -> None:
        """The next session passes with no log."""
        if self.done < len(self.sessions) - 1:
            self.done += 1
            self._remember()

    @rule()
    def adapt_now(self) -> None:
        """The clinician's app adapts the plan as of now."""
        if not self.done:
            return
        as_of = self.sessions[self.done - 1].start + dt.timedelta(hours=2)
        self.revised = adapt(self.revised, self.logs, self.rules, as_of=as_of)

    def _remember(self) -> None:
        self.history = list(self.revised.take(self.done))

    @invariant()
    def past_unchanged(self) -> None:
        """Sessions that have passed keep the dosages they had."""
        assert self.history == list(self.revised.take(len(self.history)))

    @invariant()
    def dosages_valid(self) -> None:
        """Every revised dosage stays at or above one rep of one set."""
        for revision in self.revised.revisions:
            for decision in revision.decisions:
                assert decision.dosage.reps >= 1
                assert decision.dosage.sets >= 1

    @rule()
    def round_trips(self) -> None:
        """The revised plan round-trips through JSON."""
        if self.revised.revisions:
            assert self.revised == RevisedPlan.from_dict(
                self.revised.to_dict()
            )


TestAdaptMachine = AdaptMachine.TestCase
# Each step expands the plan a few times: fewer, shorter runs than the
# profile's examples keep the default run fast; "thorough" still runs
# hundreds.
TestAdaptMachine.settings = settings(
    max_examples=max(settings().max_examples // 5, 1),
    stateful_step_count=15,
)


_sets = st.integers(1, 5)
#: Every kind of work a step may meet: reps (with a hold or a range, one
#: near the cap), timed work, distance work.
_worked = st.one_of(
    st.builds(
        Dosage,
        sets=_sets,
        reps=st.integers(1, 30),
        hold_seconds=st.sampled_from([0, 5, 30]),
    ),
    st.builds(
        Dosage,
        sets=_sets,
        reps=st.integers(1, 20),
        reps_max=st.integers(21, 40),
    ),
    st.builds(Dosage, reps=st.integers(990, 998), reps_max=st.just(1000)),
    st.builds(Dosage, sets=_sets, work_seconds=st.integers(1, 600)),
    st.builds(Dosage, sets=_sets, distance_m=st.integers(1, 2000)),
)


@settings(max_examples=60, deadline=None)
@given(
    dosage=_worked,
    progression=st.none()
    | st.builds(
        Progression,
        every_weeks=st.just(1),
        add_sets=st.integers(1, 2),
        add_reps=st.integers(1, 3),
        add_work_seconds=st.sampled_from([0.0, 5.0]),
    ),
    pain=st.sampled_from([1, 8]),
)
def test_steps_keep_the_kind_of_work(
    dosage: Dosage, progression: Progression | None, pain: int
) -> None:
    """Adapt steps any prescribed dosage to one of the same kind of work."""
    routine = Routine(
        id="one", name="One", items=[_exercise("move").prescribe(dosage)]
    )
    try:
        plan = Plan(
            routine=routine,
            start=dt.date(2026, 3, 23),
            weeks=2,
            timezone="UTC",
            progression=progression,
        )
    except ScheduleError:  # too long for daily sessions, or cannot grow
        reject()
    first, second, third = plan.take(3)
    logs = [
        SessionLog(
            session=session.number,
            done_at=session.start + dt.timedelta(minutes=1),
            status="completed",
            pain_during=pain,
            pain_next_morning=pain,
            effort=5,
        )
        for session in (first, second)
    ]

    revised = adapt(plan, logs, FeedbackRules(), as_of=third.start)

    (decision,) = revised.revisions[-1].decisions
    stepped = decision.dosage
    assert dosage.kind == stepped.kind
    if dosage.reps_max is not None:
        assert dosage.reps_max - dosage.reps == stepped.reps_max - stepped.reps
    if dosage.kind != "reps":
        assert stepped.reps == 1
