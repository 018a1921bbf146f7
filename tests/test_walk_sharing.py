"""Plans of one routine and progression share the routines they grow into."""

from __future__ import annotations

import datetime as dt
import typing

from exerciselib import Exercise, Plan, Progression, Routine
from exerciselib._schedule import dose

if typing.TYPE_CHECKING:
    import pytest

    from exerciselib import ScheduledSession


def _plan(name: str = "Knee bend", weeks: int = 30) -> Plan:
    bend = Exercise(
        id="knee-bend",
        name=name,
        summary="Bend and straighten the knee.",
        steps=["Sit tall.", "Bend the knee."],
    )
    routine = Routine(id="knee", name="Knee", items=[bend.prescribe("2x10")])
    return Plan(
        routine=routine,
        start=dt.date(2026, 1, 5),
        weeks=weeks,
        timezone="Europe/Berlin",
        times=[dt.time(8, 0), dt.time(18, 0)],
        progression=Progression(every_weeks=1, add_reps=1, max_reps=20),
    )


def _grown(sessions: list[ScheduledSession]) -> list[ScheduledSession]:
    return [s for s in sessions if s.week_number > 1]


class TestSharedGrowth:
    """The grown routines of equal plans are built once."""

    def test_equal_plans_share_grown_routines(self) -> None:
        """Equal plans built apart give equal sessions, one grown routine."""
        first = list(_plan().sessions())
        second = list(_plan().sessions())

        assert first == second
        for mine, theirs in zip(_grown(first), _grown(second), strict=True):
            assert mine.routine is theirs.routine
        assert first[-1].routine.items[0].dosage.reps == 20

    def test_first_week_keeps_the_plans_own_routine(self) -> None:
        """Sessions before any growth carry the plan's own routine object."""
        plan = _plan()
        list(_plan().sessions())

        assert next(plan.sessions()).routine is plan.routine

    def test_different_routines_do_not_share(self) -> None:
        """A plan of another exercise grows its own routine, not another's."""
        list(_plan().sessions())
        other = list(_plan(name="Deep knee bend").sessions())

        assert {s.routine.items[0].exercise.name for s in other} == {
            "Deep knee bend"
        }

    def test_store_is_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The shared store keeps only the most recently used plans' growth."""
        monkeypatch.setattr(dose, "_SHARED", 3)
        monkeypatch.setattr(dose, "_GROWN", type(dose._GROWN)())
        names = [f"Knee bend {n}" for n in range(6)]
        for name in names:
            list(_plan(name=name, weeks=3).sessions())

        kept = [routine.items[0].exercise.name for routine, _ in dose._GROWN]
        assert kept == names[-3:]


class TestSharedWindows:
    """Seeks over equal plans count each clock-change window once."""

    def test_equal_plans_share_window_counts(self) -> None:
        """An equal plan built apart finds the windows already counted."""
        first, second = _plan(weeks=120), _plan(weeks=120)
        when = dt.datetime(2028, 3, 1, 12, tzinfo=first.zone)
        found = first.after(when)

        windows = dose.window_counts(first)
        assert windows
        assert dose.window_counts(second) is windows
        assert second.after(when) == found
        assert found == next(s for s in first.sessions() if s.start > when)

    def test_a_walk_makes_no_window_counts(self) -> None:
        """Walking a plan leaves its window counts to the first seek."""
        plan = _plan(weeks=120)
        for _ in plan.sessions():
            pass

        assert dose.plan_parts(plan).windows is None
        plan.after(dt.datetime(2028, 3, 1, 12, tzinfo=plan.zone))
        assert dose.plan_parts(plan).windows

    def test_other_plans_do_not_share(self) -> None:
        """A plan at other times keeps its own window counts."""
        first, other = _plan(weeks=120), _plan(weeks=121)

        assert dose.window_counts(other) is not (dose.window_counts(first))
