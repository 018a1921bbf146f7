"""Property tests: two independent readers find exactly the plan's sessions."""

from __future__ import annotations

import datetime as dt
import typing
import zoneinfo

import pytest
from hypothesis import assume, example, given, settings
from tests.readers import expected, recurring
from tests.vtimezone_rfc import Zones

from exerciselib import (
    Exercise,
    GapPolicy,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    to_ics,
)
from strategies import plans, transitions

if typing.TYPE_CHECKING:
    from tests.icaljs import IcalJs

pytestmark = pytest.mark.property

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: Every IANA zone but ``localtime``, which is the host's.
ALL_ZONES = tuple(
    sorted(
        zone for zone in zoneinfo.available_timezones() if zone != "localtime"
    )
)
#: Years with transitions of all kinds: regular rules, Casablanca's
#: Ramadan changes, zones changing their standard offset.
YEARS = (1996, 2011, 2012, 2016, 2024, 2026)
#: Drawing a plan near a change takes about 0.1 s, so these tests run
#: fewer examples than the profile says: 5 and 10 by default, 200 and
#: 400 with HYPOTHESIS_PROFILE=thorough.
READERS = settings(max_examples=max(5, settings.default.max_examples // 10))
FEWER = settings(max_examples=max(10, settings.default.max_examples // 5))

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


def _plan(zone: str, start: str, time: str, **kwargs: typing.Any) -> Plan:
    values: dict[str, typing.Any] = {"weeks": 1}
    values.update(kwargs)
    return Plan(
        routine=ROUTINE,
        start=dt.date.fromisoformat(start),
        timezone=zone,
        times=[dt.time.fromisoformat(time)],
        **values,
    )


def _plans() -> typing.Any:
    return plans(zones=ALL_ZONES, gap_policies=tuple(GapPolicy), years=YEARS)


class TestReaders:
    """
    The export is the plan, in every reader.

    For plans in any IANA zone, starting within 3 days of a real change
    of offset, with or without progression, under every gap policy,
    recurring-ical-events (on icalendar and dateutil) and ical.js (which
    knows no zone but the file's VTIMEZONE) each find one occurrence per
    session, at its instant and of its length (whole seconds, rounded
    up). A plan that raises at a gap raises when exported.
    """

    @READERS
    @given(plan=_plans())
    # Ramadan changes: a fold and a gap at 02:30.
    @example(plan=_plan("Africa/Casablanca", "2026-02-09", "02:30", weeks=6))
    # Folds: the first of the two instants.
    @example(plan=_plan("America/New_York", "2026-10-29", "01:30"))
    @example(plan=_plan("Europe/Berlin", "2026-10-25", "02:58", weeks=2))
    # A whole missing day, a session in a gap with a progression.
    @example(plan=_plan("Pacific/Apia", "2011-12-27", "12:00"))
    @example(
        plan=_plan(
            "America/New_York",
            "2026-03-06",
            "02:30",
            progression=Progression(every_sessions=2, add_reps=1),
        )
    )
    def test_both_readers_find_the_sessions(
        self, plan: Plan, icaljs: IcalJs
    ) -> None:
        """Starts and lengths equal plan.sessions() in both readers."""
        try:
            sessions = expected(plan)
        except ScheduleError:
            with pytest.raises(ScheduleError):
                to_ics(plan, dtstamp=STAMP)
            return
        assume(sessions)  # a plan with no session has nothing to export
        data = to_ics(plan, dtstamp=STAMP)

        assert sessions == recurring(data)
        assert sessions == icaljs.expand(data)


class TestVtimezone:
    """
    The VTIMEZONE gives the zone's offsets, read by RFC 5545 §3.6.5.

    At every session's start and end, and a second before and at every
    change of offset from the first session to the last, the offset the
    file's VTIMEZONE gives equals the tz database's.
    """

    @FEWER
    @given(_plans())
    def test_offsets_equal_the_zone_data(self, plan: Plan) -> None:
        """The file's offsets are zoneinfo's wherever the plan is."""
        try:
            sessions = list(plan.sessions())
        except ScheduleError:
            return
        assume(sessions)
        zones = Zones(to_ics(plan, dtstamp=STAMP).decode())
        first, last = sessions[0].start, sessions[-1].end
        instants = [s.start for s in sessions] + [s.end for s in sessions]
        for year in range(first.year, last.year + 1):
            for change in transitions(plan.timezone, year):
                if first <= change <= last:
                    instants += [change - dt.timedelta(seconds=1), change]
        zone = zoneinfo.ZoneInfo(plan.timezone)

        for tzid in zones.tzids:
            assert plan.timezone == tzid
            for instant in instants:
                assert instant.astimezone(zone).utcoffset() == (
                    zones.utcoffset(tzid, instant)
                ), instant


@FEWER
@given(_plans())
def test_same_plan_same_bytes(plan: Plan) -> None:
    """Two exports with one DTSTAMP are byte for byte equal."""
    try:
        sessions = list(plan.sessions())
    except ScheduleError:
        return  # the other tests hold that its export raises too
    assume(sessions)

    assert to_ics(plan, dtstamp=STAMP) == to_ics(plan, dtstamp=STAMP)
