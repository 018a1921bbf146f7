"""Plan.session(n), and seeking far into long plans."""

from __future__ import annotations

import datetime as dt

import pytest

from exerciselib import (
    Exercise,
    InvalidValueError,
    Plan,
    Progression,
    Routine,
    ScheduleError,
)
from exerciselib.exceptions import ScheduleValueError

UTC = dt.UTC


def _routine() -> Routine:
    bend = Exercise(
        id="knee-bend", name="Knee bend", summary="Bend.", steps=["Sit."]
    )
    return Routine(id="knee", name="Knee", items=[bend.prescribe("2 x 10")])


def _plan(**fields: object) -> Plan:
    values: dict[str, object] = {
        "routine": _routine(),
        "start": dt.date(2025, 1, 6),
        "timezone": "Europe/Berlin",
        "weeks": 2,
    }
    values.update(fields)
    return Plan(**values)  # type: ignore[arg-type]


class TestSession:
    """``session(n)`` is the session numbered n, counted from 1."""

    def test_numbers_count_from_one(self) -> None:
        """session(1) is the first session and session(n).number is n."""
        plan = _plan()
        sessions = list(plan.sessions())

        assert plan.session(1) == sessions[0]
        assert [plan.session(n).number for n in (1, 7, 14)] == [1, 7, 14]
        assert plan.session(14) == sessions[-1]

    @pytest.mark.parametrize("n", [0, -1, 15, True, 2.0, "3"])
    def test_out_of_range_is_refused(self, n: object) -> None:
        """A number outside 1 to the session count names the field n."""
        plan = _plan()

        with pytest.raises(ScheduleValueError) as caught:
            plan.session(n)  # type: ignore[arg-type]

        assert caught.value.field == "n"
        assert caught.value.value == n
        assert isinstance(caught.value, InvalidValueError)
        assert "from 1" in str(caught.value)

    def test_count_bound(self) -> None:
        """A count plan's last session is session(count), then refused."""
        plan = _plan(weeks=None, count=5)

        assert plan.session(5) == list(plan.sessions())[-1]
        with pytest.raises(ScheduleValueError, match="the plan has 5"):
            plan.session(6)

    def test_skipped_sessions_are_not_numbered(self) -> None:
        """Skipped sessions in a gap shift the numbers as the walk does."""
        plan = _plan(
            start=dt.date(2025, 3, 24),
            times=[dt.time(2, 30), dt.time(8)],
            gap_policy="skip",
        )
        sessions = list(plan.sessions())

        assert len(sessions) == 27  # 2025-03-30 02:30 does not exist
        assert [plan.session(n) for n in range(1, 28)] == sessions

    def test_gap_raises_on_the_way(self) -> None:
        """With gap_policy='raise', a later session raises as the walk does."""
        plan = _plan(
            start=dt.date(2025, 3, 24),
            times=[dt.time(2, 30), dt.time(8)],
            gap_policy="raise",
        )

        assert plan.session(12).local_date == dt.date(2025, 3, 29)
        with pytest.raises(ScheduleError) as caught:
            plan.session(13)
        assert caught.value.field == "times"

    def test_progression_by_sessions(self) -> None:
        """Far sessions carry the dosage their number gives."""
        plan = _plan(
            weeks=None,
            count=20 * 365,
            progression=Progression(every_sessions=100, add_reps=1),
        )

        last = plan.session(20 * 365)
        assert last.routine.items[0].dosage.reps == 10 + (20 * 365 - 1) // 100
        assert last.local_date == dt.date(2025, 1, 6) + dt.timedelta(
            days=20 * 365 - 1
        )


class TestSeekFar:
    """after, before and between years ahead agree with the full walk."""

    def test_twenty_years(self) -> None:
        """The sessions around a date 19 years on are those of the walk."""
        plan = _plan(weeks=20 * 52, times=[dt.time(2, 30), dt.time(18)])
        when = dt.datetime(2044, 3, 27, 12, tzinfo=UTC)
        walk = [
            s
            for s in plan.sessions()
            if dt.date(2044, 3, 25) <= s.local_date <= dt.date(2044, 3, 28)
        ]

        assert plan.after(when) == next(
            s for s in walk if s.start.astimezone(UTC) > when
        )
        assert (
            plan.before(when)
            == [s for s in walk if s.start.astimezone(UTC) < when][-1]
        )
        low = dt.datetime(2044, 3, 25, tzinfo=UTC)
        high = dt.datetime(2044, 3, 28, 23, tzinfo=UTC)
        assert plan.between(low, high) == tuple(walk)

    def test_before_the_start_and_after_the_end(self) -> None:
        """Nothing before the first session; nothing after the last."""
        plan = _plan()
        first, last = plan.session(1), plan.session(14)

        assert plan.before(first.start) is None
        assert plan.after(last.start) is None
        assert plan.before(first.start, inc=True) == first
        assert plan.after(last.start - dt.timedelta(seconds=1)) == last
