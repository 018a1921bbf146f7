"""Property tests: an independent reader finds exactly the plan's sessions."""

from __future__ import annotations

import datetime as dt
import typing

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from hypothesis import assume, example, given
from hypothesis import strategies as st

from exerciselib import (
    Exercise,
    GapPolicy,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    to_ics,
)

pytestmark = pytest.mark.property

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ROUTINE = Routine(
    id="knee",
    name="Knee",
    items=[
        Exercise(
            id="knee-bend",
            name="Knee bend",
            summary="Bend the knee.",
            steps=["Sit tall."],
        ).prescribe("1 x 5 x 5s")
    ],
)

#: Zones with daylight-saving changes north and south, a half-hour
#: change (Lord Howe), and a whole missing day (Apia, 2011-12-30), each
#: with a date near a change to start from.
ZONES = {
    "Australia/Sydney": dt.date(2026, 10, 1),
    "Europe/Berlin": dt.date(2026, 3, 26),
    "America/New_York": dt.date(2026, 11, 28) - dt.timedelta(days=27),
    "Australia/Lord_Howe": dt.date(2026, 4, 1),
    "Pacific/Apia": dt.date(2011, 12, 27),
    "UTC": dt.date(2026, 1, 1),
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Short plans around clock changes, with any days, times and bounds."""
    zone = draw(st.sampled_from(sorted(ZONES)))
    start = ZONES[zone] + dt.timedelta(days=draw(st.integers(-7, 7)))
    times = draw(
        st.lists(
            st.sampled_from(
                [
                    dt.time(0, 0),
                    dt.time(1, 45),
                    dt.time(2, 0),
                    dt.time(2, 30),
                    dt.time(3, 0),
                    dt.time(8, 0),
                    dt.time(23, 59),
                ]
            ),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, unique=True))
    bound: dict[str, int] = draw(
        st.one_of(
            st.builds(dict, weeks=st.integers(1, 3)),
            st.builds(dict, count=st.integers(1, 20)),
        )
    )
    progression = draw(
        st.none() | st.just(Progression(every_sessions=2, add_reps=1))
    )
    values: dict[str, typing.Any] = {
        "routine": ROUTINE,
        "start": start,
        "timezone": zone,
        "days": days,
        "times": sorted(times),
        "gap_policy": draw(st.sampled_from([GapPolicy.SHIFT, GapPolicy.SKIP])),
        **bound,
    }
    try:
        return Plan(progression=progression, **values)
    except ScheduleError:
        # A plan refuses a progression that could never apply in it.
        return Plan(**values)


def _expand(data: bytes) -> list[typing.Any]:
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(
        dt.datetime(1990, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
    )
    return sorted(found, key=lambda e: e.decoded("DTSTART").astimezone(dt.UTC))


class TestIcsOccurrences:
    """
    The export is the plan: RFC 5545 expansion gives its sessions.

    Whatever the zone, days, times, bound and gap policy, an independent
    reader (recurring-ical-events, on dateutil) finds one occurrence per
    session, at the same instant and local wall time, of the same length.
    """

    @pytest.mark.slow  # about a second or more
    @given(plans())
    @example(
        Plan(
            routine=ROUTINE,
            start=dt.date(2026, 3, 6),
            weeks=1,
            timezone="America/New_York",
            times=[dt.time(2, 30)],
        )
    )
    def test_occurrences_are_the_sessions(self, plan: Plan) -> None:
        """Starts, wall times and lengths equal plan.sessions()."""
        sessions = list(plan.sessions())
        assume(sessions)  # a plan with no session has nothing to export
        found = _expand(to_ics(plan, dtstamp=STAMP))

        assert [s.start.astimezone(dt.UTC) for s in sessions] == [
            e.decoded("DTSTART").astimezone(dt.UTC) for e in found
        ]
        assert [s.start.replace(tzinfo=None) for s in sessions] == [
            e.decoded("DTSTART").replace(tzinfo=None) for e in found
        ]
        assert [s.end - s.start for s in sessions] == [
            e.decoded("DTEND") - e.decoded("DTSTART") for e in found
        ]

    @given(plans())
    def test_same_plan_same_bytes(self, plan: Plan) -> None:
        """Two exports with one DTSTAMP are byte for byte equal."""
        assume(plan.take(1))

        assert to_ics(plan, dtstamp=STAMP) == to_ics(plan, dtstamp=STAMP)
