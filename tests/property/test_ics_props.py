"""Property tests: two independent readers find exactly the plan's sessions."""

from __future__ import annotations

import datetime as dt
import typing
import zoneinfo

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from tests.readers import expected, recurring
from tests.vtimezone_rfc import Zones

from exerciselib import (
    Exercise,
    GapPolicy,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    Weekday,
    to_ics,
)
from exerciselib._export import ics as ics_module
from exerciselib._export.ics import describe, exact
from exerciselib._export.vtimezone import onsets
from strategies import plans, progressions, timeline_routines, transitions

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


#: Zones with the common changes and a 30-minute one.
CHANGING = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
#: Times of day by the changes (01:00 to 03:45), in quarters of an hour.
NIGHT = tuple(
    dt.time(hour, minute) for hour in (1, 2, 3) for minute in (0, 15, 30, 45)
)


@st.composite
def long_plans(draw: st.DrawFn) -> Plan:
    """
    Plans of up to 40 weeks across clock changes, most with a progression.

    Any start in 2025 and 2026 in Berlin, New York or Lord Howe; one to
    three times of day, mostly at night near the changes (so sessions are
    shifted, skipped, in a fold or too close to the next one); bounded by
    an end, weeks or a count.
    """
    zone = draw(st.sampled_from(CHANGING))
    start = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 730)))
    anytime = st.builds(
        dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])
    )
    times = draw(
        st.lists(
            st.sampled_from(NIGHT) | anytime,
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    bound: dict[str, typing.Any] = draw(
        st.sampled_from(
            [
                {"weeks": draw(st.integers(1, 40))},
                {"count": draw(st.integers(1, 300))},
                {"end": start + dt.timedelta(days=draw(st.integers(6, 280)))},
            ]
        )
    )
    days = draw(
        st.just(tuple(Weekday))
        | st.lists(st.sampled_from(Weekday), min_size=1, unique=True)
    )
    fields: dict[str, typing.Any] = {
        "routine": draw(
            timeline_routines(
                max_items=2, max_reps=3, max_sets=2, seconds=(0.0, 0.5, 1.0)
            )
        ),
        "start": start,
        "timezone": zone,
        "days": days,
        "times": times,
        "gap_policy": draw(st.sampled_from([GapPolicy.SHIFT, GapPolicy.SKIP])),
        **bound,
    }
    progression = draw(st.none() | progressions() | progressions())
    try:
        return Plan(progression=progression, **fields)
    except ScheduleError as error:
        if str(error.field).partition(".")[0] != "progression":
            raise
    return Plan(**fields)


def _described(data: bytes) -> list[tuple[dt.datetime, str]]:
    """Each occurrence's start (UTC) and description, as read back."""
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(
        dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2200, 1, 1, tzinfo=dt.UTC),
    )
    return sorted(
        (
            event.decoded("DTSTART").astimezone(dt.UTC),
            str(event["DESCRIPTION"]),
        )
        for event in found
    )


def _descriptions(plan: Plan) -> list[tuple[dt.datetime, str]]:
    """Each session's start (UTC) and the description it should have."""
    side = None if plan.affected_side is None else plan.affected_side.value
    result = []
    for session in plan.sessions():
        timeline = plan.timeline(session)
        text = describe(
            session.routine,
            timeline.total,
            affected_side=side,
            estimated=timeline.estimated,
        )
        result.append((session.start.astimezone(dt.UTC), text))
    return result


def _check_structure(data: bytes, sessions: int) -> None:
    """The parsed file is well formed, and no bigger than per session."""
    calendar = icalendar.Calendar.from_ical(data)
    events: list[typing.Any] = calendar.walk("VEVENT")  # properties vary
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    assert len(events) <= sessions
    for event in events:
        if "RRULE" not in event:
            continue
        rule = event["RRULE"]
        assert ["MO"] == rule["WKST"]
        (count,) = rule["COUNT"]
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None
        exdates = event.get("EXDATE", [])
        if not isinstance(exdates, list):
            exdates = [exdates]
        excluded = [when.dt for exdate in exdates for when in exdate.dts]
        # The first occurrence is a session, so never excluded.
        assert start not in excluded
        assert len(excluded) < count


class TestCompactCalendars:
    """
    Series of identical sessions read back as exactly the plan.

    For long plans in Berlin, New York and Lord Howe, with progressions
    (by weeks or sessions, with caps and regressions), gaps, folds,
    skipped sessions, several times a day and count bounds, both readers
    find every session at its instant with its length, each occurrence
    carries its own session's dosages, and the file parses well formed.
    """

    @READERS
    @given(plan=long_plans())
    # A year of weekly growth in New York: series across both changes.
    @example(
        plan=Plan(
            routine=ROUTINE,
            start=dt.date(2026, 1, 5),
            weeks=52,
            timezone="America/New_York",
            times=[dt.time(2, 30), dt.time(18, 0)],
            progression=Progression(every_weeks=1, add_reps=1, max_reps=12),
        )
    )
    # Lord Howe's 30-minute changes, growth by sessions, a count.
    @example(
        plan=Plan(
            routine=ROUTINE,
            start=dt.date(2026, 3, 30),
            count=40,
            timezone="Australia/Lord_Howe",
            times=[dt.time(1, 45), dt.time(2, 15)],
            days=["mon", "wed", "thu", "sun"],
            progression=Progression(every_sessions=3, add_reps=1, max_reps=9),
        )
    )
    # Berlin, skipped gap sessions and a fold, weekly growth.
    @example(
        plan=Plan(
            routine=ROUTINE,
            start=dt.date(2026, 3, 16),
            end=dt.date(2026, 11, 2),
            timezone="Europe/Berlin",
            times=[dt.time(2, 30)],
            gap_policy="skip",
            progression=Progression(every_weeks=1, add_reps=1, max_reps=8),
        )
    )
    def test_readers_find_each_session_with_its_dosages(
        self, plan: Plan, icaljs: IcalJs
    ) -> None:
        """Both readers give plan.sessions(), each with its description."""
        sessions = expected(plan)
        assume(sessions)
        data = to_ics(plan, dtstamp=STAMP)

        assert sessions == recurring(data)
        assert sessions == icaljs.expand(data)
        assert _descriptions(plan) == _described(data)
        _check_structure(data, len(sessions))


@FEWER
@given(st.one_of(_plans(), long_plans()))
def test_quick_exactness_equals_exact(plan: Plan) -> None:
    """Knowing the zone's changes tells exact sessions as exact() does."""
    try:
        sessions = list(plan.sessions())
    except ScheduleError:
        return
    assume(sessions)
    day = dt.timedelta(days=1)
    changes = onsets(
        plan.zone, sessions[0].start - day, sessions[-1].end + day
    )
    clock = ics_module._Clock(changes[1:])

    assert [exact(s) for s in sessions] == [clock.exact(s) for s in sessions]
