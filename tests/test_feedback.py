"""Tests for the patient's side: matching logs, adherence, rules, adapt."""

from __future__ import annotations

import datetime as dt
import doctest
import pathlib
import typing

import attrs
import pytest

import exerciselib
from exerciselib import (
    Action,
    Dosage,
    Exercise,
    FeedbackRules,
    InvalidDataError,
    InvalidValueError,
    ItemLog,
    LogError,
    Plan,
    Progression,
    RevisedPlan,
    Routine,
    ScheduleError,
    SessionLog,
    adapt,
    adherence,
    load_pack,
)

ROOT = pathlib.Path(__file__).parent.parent
SCIATICA = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"
ZONE = "Europe/London"


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
#: Daily at 08:00 for 3 weeks from Monday 2 March 2026.
PLAN = Plan(
    routine=ROUTINE,
    start=dt.date(2026, 3, 2),
    weeks=3,
    timezone=ZONE,
)
START = PLAN.take(1)[0].start


def at(day: int, hour: int = 20) -> dt.datetime:
    """The given hour of the plan's ``day`` (1-based), local time."""
    return START.replace(hour=hour) + dt.timedelta(days=day - 1)


def log(number: int, **changes: object) -> SessionLog:
    """A completed log of session ``number`` (daily plans: day = number)."""
    fields: dict[str, object] = {
        "session": number,
        "done_at": at(number, 9),
        "status": "completed",
        "pain_during": 2,
        "pain_next_morning": 1,
        "effort": 5,
    }
    fields.update(changes)
    return SessionLog(**fields)  # type: ignore[arg-type]


class TestMatching:
    """Logs that do not fit the plan are refused with LogError."""

    @pytest.mark.parametrize(
        ("bad", "field"),
        [
            (log(22, done_at=at(3)), "session"),
            (log(1, done_at=at(5)), "done_at"),
            (log(1, items=[ItemLog(exercise="lunge")]), "items"),
            (
                log(1, session=None, scheduled=START + dt.timedelta(hours=1)),
                "scheduled",
            ),
        ],
    )
    def test_refused(self, bad: SessionLog, field: str) -> None:
        """Each fault raises LogError naming the field at fault."""
        with pytest.raises(LogError) as caught:
            adherence(PLAN, [bad], as_of=at(4))

        assert field == caught.value.field

    def test_unknown_item_suggests(self) -> None:
        """An unknown exercise id comes with close matches."""
        bad = log(1, items=[ItemLog(exercise="knee-bends")])
        with pytest.raises(LogError, match="Did you mean 'knee-bend'"):
            adherence(PLAN, [bad], as_of=at(4))

    def test_naive_as_of_refused(self) -> None:
        """as_of must be aware."""
        with pytest.raises(ScheduleError) as caught:
            adherence(PLAN, [], as_of=dt.datetime(2026, 3, 4))  # noqa: DTZ001 -- the fault tested

        assert "as_of" == caught.value.field

    def test_latest_log_wins(self) -> None:
        """Of two logs of one session, the one done latest counts."""
        first = log(1, status="skipped")
        second = log(1, done_at=at(1, 10))

        for logs in ([first, second], [second, first]):
            report = adherence(PLAN, logs, as_of=at(1))

            assert (1, 1, 0) == (report.due, report.done, report.skipped)

    def test_same_moment_disagreeing_refused(self) -> None:
        """Two different logs of one session at one moment are an error."""
        with pytest.raises(LogError, match="same moment") as caught:
            adherence(PLAN, [log(1), log(1, effort=6)], as_of=at(1))

        assert 1 == caught.value.session

    def test_same_log_twice_accepted(self) -> None:
        """The same log twice (by number and by start) counts once."""
        twice = log(1, session=None, scheduled=START)
        report = adherence(PLAN, [log(1), twice], as_of=at(1))

        assert (1, 1) == (report.due, report.done)

    def test_same_instant_other_offset_accepted(self) -> None:
        """One log written with two UTC offsets for one instant counts once."""
        there = log(1, done_at=at(1, 9).astimezone(dt.UTC))
        shifted = log(
            1, done_at=at(1, 9).astimezone(dt.timezone(dt.timedelta(hours=5)))
        )
        report = adherence(PLAN, [there, shifted], as_of=at(1))

        assert (1, 1) == (report.due, report.done)

    def test_done_early_counts_as_due(self) -> None:
        """A session logged before its start is due, and done."""
        early = log(3, done_at=at(2, 21))
        report = adherence(PLAN, [early], as_of=at(2, 22))

        assert (3, 1, 2) == (report.due, report.done, report.missed)


class TestAdherence:
    """The adherence report counts due sessions and how they went."""

    def test_report(self) -> None:
        """A mixed fortnight gives the expected figures."""
        logs = [
            *(log(n) for n in range(1, 6)),
            log(6, status="partial", items=[ItemLog(exercise="wall-sit")]),
            log(7, status="skipped"),
            log(9, items=[ItemLog(exercise="wall-sit", status="partial")]),
            log(10),
        ]
        report = adherence(PLAN, logs, as_of=at(12))

        assert (12, 7, 1, 4) == (
            report.due,
            report.done,
            report.partial,
            report.missed,
        )
        assert (1, 3) == (report.skipped, report.unlogged)
        assert 58.3 == report.percent
        assert [("week 1", 7, 5, 1, 1), ("week 2", 5, 2, 0, 3)] == [
            (w.label, w.due, w.done, w.partial, w.missed) for w in report.weeks
        ]
        assert [("knee-bend", 7, 0, 5), ("wall-sit", 7, 1, 4)] == [
            (e.label, e.done, e.partial, e.missed) for e in report.exercises
        ]
        assert (0, 2) == (report.current_streak, report.longest_gap)
        assert (10, at(10, 9)) == (report.last_done, report.last_done_at)

    def test_nothing_due(self) -> None:
        """Before the first session nothing is due and no percent shows."""
        report = adherence(PLAN, [], as_of=START - dt.timedelta(hours=1))

        assert (0, None, None) == (
            report.due,
            report.percent,
            report.last_done,
        )
        assert () == report.weeks

    def test_to_dict(self) -> None:
        """The JSON form says the figures are self-reported."""
        data = adherence(PLAN, [log(1)], as_of=at(2)).to_dict()

        assert data["self_reported"] is True
        assert 50.0 == data["percent"]
        assert {"label": "week 1", "due": 2, "done": 1, "partial": 0,
                "missed": 1, "percent": 50.0} == data["weeks"][0]  # fmt: skip

    def test_revised_plan_accepted(self) -> None:
        """A revised plan's adherence is the plan's."""
        revised = adapt(PLAN, [log(1), log(2)], FeedbackRules(), as_of=at(2))

        assert adherence(PLAN, [log(1)], as_of=at(4)) == adherence(
            revised, [log(1)], as_of=at(4)
        )


class TestRules:
    """FeedbackRules validates its thresholds and round-trips JSON."""

    def test_defaults_are_silbernagel(self) -> None:
        """The traffic light defaults to 0-3 safe, 4-5 acceptable."""
        rules = FeedbackRules()

        assert (3, 5, True, "hold") == (
            rules.green_max,
            rules.amber_max,
            rules.next_morning_outweighs,
            rules.missing,
        )

    def test_round_trip(self) -> None:
        """to_dict then from_dict gives the same rules."""
        rules = FeedbackRules(
            green_max=2,
            amber_max=6,
            baseline=3,
            missing="regress",
            floors={"knee-bend": Dosage(reps=5)},
        )

        assert rules == FeedbackRules.from_dict(rules.to_dict())
        assert FeedbackRules() == FeedbackRules.from_dict({})

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"green_max": 11}, "green_max"),
            ({"green_max": 5}, "amber_max"),
            ({"effort_easy_max": 9}, "effort_hard_min"),
            ({"consecutive": 0}, "consecutive"),
            ({"missing": "progress"}, "missing"),
            ({"above_baseline": 0}, "above_baseline"),
            ({"next_morning_outweighs": 1}, "next_morning_outweighs"),
            ({"step_hold_seconds": -1}, "step_hold_seconds"),
            ({"floors": {"Knee": Dosage()}}, "floors"),
        ],
    )
    def test_refused(self, changes: dict[str, object], field: str) -> None:
        """A bad value raises InvalidValueError naming its field."""
        with pytest.raises(InvalidValueError) as caught:
            FeedbackRules(**changes)  # type: ignore[arg-type]

        assert field == caught.value.field

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"green_max": "3"}, "$.green_max"),
            ({"amber_max": 2}, "$.amber_max"),
            ({"colour": "red"}, "$"),
        ],
    )
    def test_bad_data(self, data: object, path: str) -> None:
        """Bad JSON raises InvalidDataError with the path at fault."""
        with pytest.raises(InvalidDataError) as caught:
            FeedbackRules.from_dict(data)

        assert path in {p.json_path for p in caught.value.problems}


def _decision(revised: RevisedPlan, item: int = 0) -> tuple[Action, Dosage]:
    decision = revised.revisions[-1].decisions[item]
    return decision.action, decision.dosage


class TestAdapt:
    """adapt decides per exercise and revises the plan from then on."""

    rules = FeedbackRules()

    def test_green_progresses(self) -> None:
        """Two green sessions progress one step from the next session."""
        revised = adapt(PLAN, [log(1), log(2)], self.rules, as_of=at(2))
        revision = revised.revisions[-1]

        assert 3 == revision.effective_from
        assert (Action.PROGRESS, Dosage.parse("2 x 11")) == _decision(revised)
        assert (Action.PROGRESS, Dosage.parse("1 x 3 x 25s")) == _decision(
            revised, 1
        )
        assert (
            "pain 1/10 the next morning, effort 5/10 (about right) after "
            "sessions 1 and 2: progress one step"
        ) == revision.decisions[0].reason
        assert (1, 2) == revision.decisions[0].sessions

    def test_sessions_follow_revision(self) -> None:
        """Sessions before the revision keep their dosages; later ones not."""
        revised = adapt(PLAN, [log(1), log(2)], self.rules, as_of=at(2))
        reps = [s.routine.items[0].dosage.reps for s in revised.take(4)]

        assert [10, 10, 11, 11] == reps
        assert PLAN.take(2) == revised.take(2)

    def test_red_regresses_below_base(self) -> None:
        """Two red next mornings regress one step, below the base."""
        logs = [log(1, pain_next_morning=6), log(2, pain_next_morning=7)]
        revised = adapt(PLAN, logs, self.rules, as_of=at(2))

        assert (Action.REGRESS, Dosage.parse("2 x 9")) == _decision(revised)
        assert (
            "session 1: pain 6/10 the next morning; session 2: pain 7/10 the "
            "next morning: regress one step"
        ) == revised.revisions[-1].decisions[0].reason

    def test_same_reason_grouped(self) -> None:
        """The same reason for every session is said once."""
        logs = [log(11, pain_next_morning=6), log(12, pain_next_morning=6)]
        revised = adapt(PLAN, logs, self.rules, as_of=at(12))

        assert (
            "pain 6/10 the next morning after sessions 11 and 12: regress "
            "one step"
        ) == revised.revisions[-1].decisions[0].reason

    @pytest.mark.parametrize(
        ("changes", "words"),
        [
            ({"pain_next_morning": 4}, "acceptable, not safe"),
            ({"pain_next_morning": None}, "next morning not known yet"),
            ({"effort": 9}, "too hard"),
            (
                {
                    "status": "partial",
                    "items": [ItemLog(exercise="knee-bend", status="partial")],
                },
                "done in part",
            ),
            ({"status": "skipped"}, "skipped"),
            ({"pain_during": None, "pain_next_morning": None}, "no pain"),
        ],
    )
    def test_holds(self, changes: dict[str, object], words: str) -> None:
        """Anything short of two good sessions holds, and says why."""
        revised = adapt(
            PLAN, [log(1), log(2, **changes)], self.rules, as_of=at(2)
        )
        decision = revised.revisions[-1].decisions[0]

        assert Action.HOLD == decision.action
        assert Dosage.parse("2 x 10") == decision.dosage
        assert words in decision.reason

    def test_one_red_holds(self) -> None:
        """One red session among two holds (a decision needs both)."""
        logs = [log(1), log(2, pain_next_morning=8)]
        revised = adapt(PLAN, logs, self.rules, as_of=at(2))

        assert Action.HOLD == _decision(revised)[0]

    def test_missing_holds_by_default(self) -> None:
        """No logs at all holds every exercise."""
        revised = adapt(PLAN, [], self.rules, as_of=at(4))

        assert {Action.HOLD} == {
            d.action for d in revised.revisions[-1].decisions
        }
        assert "no log" in revised.revisions[-1].decisions[0].reason

    def test_missing_may_regress(self) -> None:
        """With missing='regress', unlogged sessions regress."""
        rules = FeedbackRules(missing="regress")
        revised = adapt(PLAN, [], rules, as_of=at(4))

        assert Action.REGRESS == _decision(revised)[0]

    def test_too_few_sessions_hold(self) -> None:
        """Fewer due sessions than a decision needs holds."""
        revised = adapt(PLAN, [log(1)], self.rules, as_of=at(1))

        assert Action.HOLD == _decision(revised)[0]
        assert (
            "1 of the 2 sessions" in revised.revisions[-1].decisions[0].reason
        )

    def test_next_morning_may_not_outweigh(self) -> None:
        """A settled morning after red pain during holds; else it regresses."""
        logs = [log(1, pain_during=6), log(2, pain_during=6)]

        assert (
            Action.HOLD
            == _decision(adapt(PLAN, logs, self.rules, as_of=at(2)))[0]
        )
        rules = FeedbackRules(next_morning_outweighs=False)
        assert (
            Action.REGRESS
            == _decision(adapt(PLAN, logs, rules, as_of=at(2)))[0]
        )

    def test_item_scores_override_session(self) -> None:
        """An item's own pain during counts for that exercise only."""
        rules = FeedbackRules(next_morning_outweighs=False)
        items = [ItemLog(exercise="wall-sit", pain_during=7)]
        logs = [log(1, items=items), log(2, items=items)]
        revised = adapt(PLAN, logs, rules, as_of=at(2))

        assert Action.PROGRESS == _decision(revised, 0)[0]
        assert Action.REGRESS == _decision(revised, 1)[0]

    def test_baseline_rule(self) -> None:
        """Next-morning pain more than N above baseline regresses."""
        rules = FeedbackRules(baseline=0, above_baseline=2)
        logs = [log(1, pain_next_morning=3), log(2, pain_next_morning=3)]

        assert (
            Action.REGRESS
            == _decision(adapt(PLAN, logs, rules, as_of=at(2)))[0]
        )

    def test_floor_stops_regression(self) -> None:
        """Regression stops at the floor, and then holds."""
        rules = FeedbackRules(floors={"knee-bend": Dosage(sets=2, reps=9)})
        red = {"pain_next_morning": 7}
        revised = adapt(
            PLAN, [log(1, **red), log(2, **red)], rules, as_of=at(2)
        )

        assert (Action.REGRESS, Dosage.parse("2 x 9")) == _decision(revised)
        logs = [log(n, **red) for n in range(1, 5)]
        again = adapt(revised, logs, rules, as_of=at(4))

        assert (Action.HOLD, Dosage.parse("2 x 9")) == _decision(again)
        assert "at its floor" in again.revisions[-1].decisions[0].reason

    def test_cap_stops_progression(self) -> None:
        """Progression stops at the progression's cap, and then holds."""
        plan = attrs.evolve(
            PLAN,
            progression=Progression(every_weeks=1, add_reps=1, max_reps=11),
        )
        first = adapt(plan, [log(1), log(2)], self.rules, as_of=at(2))

        assert (Action.PROGRESS, Dosage.parse("2 x 11")) == _decision(first)
        logs = [log(n) for n in range(1, 5)]
        second = adapt(first, logs, self.rules, as_of=at(4))

        assert (Action.HOLD, Dosage.parse("2 x 11")) == _decision(second)
        assert "at its cap" in second.revisions[-1].decisions[0].reason

    @pytest.mark.parametrize(
        ("prescribed", "up", "down"),
        [
            ("3 x 30 s", "3 x 35 s", "3 x 25 s"),
            ("2 x 400 m", "2 x 400 m", "2 x 400 m"),
            ("2 x 8-12", "2 x 9-13", "2 x 7-11"),
            ("2 x 1-5", "2 x 2-6", "2 x 1-5"),
            ("2 x 995-1000", "2 x 995-1000", "2 x 994-999"),
        ],
    )
    def test_kind_of_work_kept(
        self, prescribed: str, up: str, down: str
    ) -> None:
        """Steps keep timed and distance work one rep, and ranges whole."""
        routine = Routine(
            id="mixed",
            name="Mixed",
            items=[_exercise("plank").prescribe(prescribed)],
        )
        plan = attrs.evolve(PLAN, routine=routine)
        red = {"pain_next_morning": 7}

        green = adapt(plan, [log(1), log(2)], self.rules, as_of=at(2))
        red_plan = adapt(
            plan, [log(1, **red), log(2, **red)], self.rules, as_of=at(2)
        )

        assert Dosage.parse(up) == _decision(green)[1]
        assert Dosage.parse(down) == _decision(red_plan)[1]

    def test_nothing_to_step_says_so(self) -> None:
        """Distance work with no step for its sets holds, and says why."""
        routine = Routine(
            id="walk",
            name="Walk",
            items=[_exercise("walk").prescribe("2 x 400 m")],
        )
        plan = attrs.evolve(PLAN, routine=routine)

        revised = adapt(plan, [log(1), log(2)], self.rules, as_of=at(2))
        stepping = adapt(
            plan,
            [log(1), log(2)],
            FeedbackRules(step_sets=1),
            as_of=at(2),
        )

        decision = revised.revisions[-1].decisions[0]
        assert Action.HOLD == decision.action
        assert "but walk has no step to take" in decision.reason
        assert (Action.PROGRESS, Dosage.parse("3 x 400 m")) == _decision(
            stepping
        )

    def test_timed_work_with_progression(self) -> None:
        """Timed work steps by the progression's seconds, both ways."""
        routine = Routine(
            id="timed",
            name="Timed",
            items=[_exercise("plank").prescribe("3 x 30 s")],
        )
        plan = attrs.evolve(
            PLAN,
            routine=routine,
            progression=Progression(
                every_weeks=1, add_reps=2, add_work_seconds=10
            ),
        )
        red = {"pain_next_morning": 7}

        green = adapt(plan, [log(1), log(2)], self.rules, as_of=at(2))
        red_plan = adapt(
            plan, [log(1, **red), log(2, **red)], self.rules, as_of=at(2)
        )

        assert Dosage.parse("3 x 40 s") == _decision(green)[1]
        assert Dosage.parse("3 x 20 s") == _decision(red_plan)[1]

    def test_floor_of_other_kind_ignored(self) -> None:
        """A floor in reps does not stop timed work going down to 1 s."""
        routine = Routine(
            id="timed",
            name="Timed",
            items=[_exercise("plank").prescribe("1 x 3 s")],
        )
        plan = attrs.evolve(PLAN, routine=routine)
        rules = FeedbackRules(floors={"plank": Dosage(sets=1, reps=5)})
        logs = [log(n, pain_next_morning=7) for n in range(1, 3)]

        revised = adapt(plan, logs, rules, as_of=at(2))

        assert Dosage.parse("1 x 1 s") == _decision(revised)[1]

    def test_item_progression_steps_its_item(self) -> None:
        """An item's own progression, not the plan's, sets its step."""
        plan = attrs.evolve(
            PLAN,
            progression=Progression(every_weeks=1, add_reps=1, max_reps=11),
            item_progressions={
                0: Progression(every_weeks=1, add_sets=1, max_sets=3)
            },
        )
        revised = adapt(plan, [log(1), log(2)], self.rules, as_of=at(2))

        assert (Action.PROGRESS, Dosage.parse("3 x 10")) == _decision(revised)

    def test_no_room_holds(self) -> None:
        """A progression that would make sessions overlap holds instead."""
        long = Routine(
            id="long",
            name="Long",
            items=[_exercise("wall-sit").prescribe("1 x 1 x 3588s")],
        )
        plan = attrs.evolve(PLAN, routine=long, times=[dt.time(8), dt.time(9)])
        logs = [log(n, session=n, done_at=at(1, 8 + n)) for n in (1, 2)]
        revised = adapt(plan, logs, self.rules, as_of=at(1, 12))

        assert Action.HOLD == _decision(revised)[0]
        assert (
            "run into the next one"
            in revised.revisions[-1].decisions[0].reason
        )

    def test_room_does_not_depend_on_pain(self) -> None:
        """Pain in one exercise never makes room for another to grow."""
        two = Routine(
            id="two",
            name="Two",
            items=[
                _exercise("wall-sit").prescribe("1 x 1 x 1781s"),
                _exercise("plank").prescribe("1 x 1 x 1781s"),
            ],
        )
        plan = attrs.evolve(PLAN, routine=two, times=[dt.time(8), dt.time(9)])
        sore = [ItemLog(exercise="wall-sit", status="partial")]
        calm = [log(n, done_at=at(1, 8 + n)) for n in (1, 2)]
        hurt = [log(n, done_at=at(1, 8 + n), items=sore) for n in (1, 2)]
        decided = [
            _decision(adapt(plan, logs, self.rules, as_of=at(1, 12)), 1)
            for logs in (calm, hurt)
        ]

        assert [Action.HOLD, Action.HOLD] == [a for a, _ in decided]

    def test_steps_from_dosage_in_force(self) -> None:
        """A hold keeps the dosage in force though the rules' step changed."""
        first = adapt(PLAN, [log(1), log(2)], self.rules, as_of=at(2))

        assert Dosage.parse("1 x 3 x 25s") == _decision(first, 1)[1]
        bigger = FeedbackRules(step_hold_seconds=10)
        logs = [log(1), log(2), log(3), log(4, pain_next_morning=4)]
        held = adapt(first, logs, bigger, as_of=at(4))

        assert (Action.HOLD, Dosage.parse("1 x 3 x 25s")) == _decision(held, 1)
        red = [*logs[:3], *(log(n, pain_next_morning=7) for n in (4, 5, 6))]
        down = adapt(held, red, bigger, as_of=at(6))

        assert (Action.REGRESS, Dosage.parse("1 x 3 x 15s")) == _decision(
            down, 1
        )

    def test_idempotent(self) -> None:
        """Adapting twice with the same logs and as_of changes nothing."""
        logs = [log(1), log(2)]
        once = adapt(PLAN, logs, self.rules, as_of=at(2))

        assert once == adapt(once, logs, self.rules, as_of=at(2))

    def test_append_only(self) -> None:
        """Adapting as of a moment before the last revision is refused."""
        revised = adapt(PLAN, [log(1), log(2)], self.rules, as_of=at(5))
        with pytest.raises(ScheduleError, match="append-only"):
            adapt(revised, [log(1)], self.rules, as_of=at(1))

    def test_nothing_left(self) -> None:
        """Adapting after the plan's last session is refused."""
        with pytest.raises(ScheduleError, match="no session after"):
            adapt(PLAN, [], self.rules, as_of=at(30))

    def test_rules_type_checked(self) -> None:
        """Rules must be FeedbackRules."""
        with pytest.raises(ScheduleError):
            adapt(PLAN, [], typing.cast("FeedbackRules", {}), as_of=at(2))


class TestRevisedPlan:
    """A revised plan keeps its revisions and round-trips JSON."""

    def test_round_trip(self) -> None:
        """to_dict then from_dict gives the same revised plan."""
        revised = adapt(PLAN, [log(1), log(2)], FeedbackRules(), as_of=at(2))
        revised = adapt(
            revised,
            [log(n, pain_next_morning=6) for n in range(1, 6)],
            FeedbackRules(),
            as_of=at(5),
        )

        assert revised == RevisedPlan.from_dict(revised.to_dict())
        assert 2 == len(revised.revisions)

    def test_bad_revision_data(self) -> None:
        """A decision for the wrong exercise is reported at its path."""
        data = adapt(
            PLAN, [log(1), log(2)], FeedbackRules(), as_of=at(2)
        ).to_dict()
        data["revisions"][0]["decisions"][0]["exercise"] = "lunge"
        with pytest.raises(InvalidDataError) as caught:
            RevisedPlan.from_dict(data)

        assert ["$.revisions"] == [p.json_path for p in caught.value.problems]

    def test_out_of_order_refused(self) -> None:
        """Revisions must take effect in order."""
        revised = adapt(PLAN, [log(1), log(2)], FeedbackRules(), as_of=at(2))
        later = attrs.evolve(revised.revisions[0], effective_from=2)
        with pytest.raises(InvalidValueError, match="in order"):
            RevisedPlan(plan=PLAN, revisions=[revised.revisions[0], later])


class TestSciaticaScenario:
    """Three weeks of sciatica logs: green, two red mornings, green."""

    def test_decisions_and_dosages(self) -> None:
        """The weekly decisions and the dosages in force are as expected."""
        routine = load_pack(SCIATICA).routine("sciatica-relief")
        plan = Plan(
            routine=routine,
            start=dt.date(2026, 3, 2),
            weeks=4,
            timezone=ZONE,
            progression=Progression(
                every_weeks=1, add_hold_seconds=5, max_hold_seconds=60
            ),
        )
        rules = FeedbackRules()
        logs = [log(n) for n in range(1, 8)]
        week1 = adapt(plan, logs, rules, as_of=at(7))
        logs += [
            log(n, pain_next_morning=6 if n > 12 else 2) for n in range(8, 15)
        ]
        week2 = adapt(week1, logs, rules, as_of=at(14))
        logs += [log(n) for n in range(15, 22)]
        week3 = adapt(week2, logs, rules, as_of=at(21))

        assert [Action.PROGRESS, Action.REGRESS, Action.PROGRESS] == [
            r.decisions[0].action for r in week3.revisions
        ]
        assert [8, 15, 22] == [r.effective_from for r in week3.revisions]
        assert (
            "pain 6/10 the next morning after sessions 13 and 14: regress "
            "one step"
        ) == week3.revisions[1].decisions[0].reason
        holds = [
            s.routine.items[0].dosage.hold_seconds for s in week3.sessions()
        ]

        assert [30.0] * 7 + [35.0] * 7 + [30.0] * 7 + [35.0] * 7 == holds
        assert plan.take(7) == week3.take(7)
        rotation = [s.routine.items[2].dosage for s in week3.sessions()]

        assert str(rotation[14]) == "1 Set / 10 Reps / 5 s hold"
        assert str(rotation[21]) == "1 Set / 10 Reps / 10 s hold"


class TestRevisedPlanQueries:
    """A revised plan answers the plan's queries with the dosages in force."""

    revised = adapt(PLAN, [log(1), log(2)], FeedbackRules(), as_of=at(2))

    def test_same_as_sessions(self) -> None:
        """after, before and between agree with sessions()."""
        every = list(self.revised.sessions())

        assert every[3] == self.revised.after(at(3))
        assert every[2] == self.revised.before(at(3))
        assert tuple(every[1:5]) == self.revised.between(at(1), at(5))
        assert every[0] == self.revised.after(START, inc=True)

    def test_none_outside(self) -> None:
        """No session after the last, or before the first."""
        assert self.revised.after(at(30)) is None
        assert self.revised.before(START) is None

    def test_lengths_follow_dosages(self) -> None:
        """A revised session ends its revised length after its start."""
        session = self.revised.take(3)[-1]

        assert [11, 11] == [
            i.dosage.reps for i in session.routine.items[:1]
        ] * 2
        assert session.duration > PLAN.take(3)[-1].duration


@pytest.mark.parametrize(
    "public", [SessionLog, ItemLog, FeedbackRules], ids=lambda c: c.__name__
)
def test_doctests(public: type) -> None:
    """The docstring examples of the feedback types run."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names = {name: getattr(exerciselib, name) for name in exerciselib.__all__}
    for test in doctest.DocTestFinder().find(public, globs=names):
        runner.run(test)
    result = runner.summarize(verbose=False)

    assert result.attempted > 0
    assert 0 == result.failed
