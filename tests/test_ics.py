"""Tests for the iCalendar export: to_ics."""

from __future__ import annotations

import datetime as dt
import doctest
import sys
import typing
import uuid
import zoneinfo

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]

from exerciselib import (
    Exercise,
    MissingExtraError,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    to_ics,
)
from exerciselib._export import ics as ics_module

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

BEND = Exercise(
    id="knee-bend",
    name="Knee bend",
    summary="Bend the knee.",
    steps=["Sit tall.", "Bend and straighten the knee."],
)
BRIDGE = Exercise(
    id="bridge",
    name="Bridge, hips up; hold",
    summary="Lift the hips.",
    steps=["Lie on your back.", "Lift the hips."],
)
ROUTINE = Routine(
    id="knee-care",
    name="Knee care",
    items=[BEND.prescribe("2 x 10"), BRIDGE.prescribe("1 x 5 x 10s")],
)
#: One item, so that a cap on reps stops the whole routine growing.
BENDS = Routine(id="bends", name="Bends", items=[BEND.prescribe("2 x 10")])


def _plan(**kwargs: typing.Any) -> Plan:
    values: dict[str, typing.Any] = {
        "routine": ROUTINE,
        "start": dt.date(2026, 9, 28),
        "weeks": 6,
        "timezone": "Australia/Sydney",
    }
    values.update(kwargs)
    values["times"] = [
        dt.time.fromisoformat(time) for time in values.get("times", ["08:00"])
    ]
    return Plan(**values)


def _calendar(plan: Plan, **kwargs: typing.Any) -> icalendar.Calendar:
    data = to_ics(plan, dtstamp=STAMP, **kwargs)
    return icalendar.Calendar.from_ical(data)


def _events(calendar: icalendar.Calendar) -> list[typing.Any]:
    """Return the events; typed loosely, as properties vary in type."""
    return list(calendar.walk("VEVENT"))


def _occurrences(plan: Plan, **kwargs: typing.Any) -> list[dt.datetime]:
    """Expand the export with recurring-ical-events, an independent reader."""
    calendar = _calendar(plan, **kwargs)
    found = recurring_ical_events.of(calendar).between(
        dt.datetime(1990, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
    )
    return sorted(
        (event.decoded("DTSTART") for event in found),
        key=lambda start: start.astimezone(dt.UTC),
    )


def _assert_same_starts(plan: Plan, **kwargs: typing.Any) -> None:
    """The export expands to the plan's session starts, start for start."""
    expected = [session.start for session in plan.sessions()]
    actual = _occurrences(plan, **kwargs)
    zone = zoneinfo.ZoneInfo(plan.timezone)

    assert [s.astimezone(dt.UTC) for s in expected] == [
        s.astimezone(dt.UTC) for s in actual
    ]
    assert [s.replace(tzinfo=None) for s in expected] == [
        s.astimezone(zone).replace(tzinfo=None) for s in actual
    ]


class TestOccurrences:
    """An independent reader finds exactly the plan's sessions."""

    def test_six_weeks_at_eight_in_sydney_across_dst(self) -> None:
        """42 sessions at 08:00 local, before and after 2026-10-04."""
        plan = _plan(times=["08:00"])
        sessions = list(plan.sessions())

        assert 42 == len(sessions)
        assert {dt.timedelta(hours=10), dt.timedelta(hours=11)} == {
            s.start.utcoffset() for s in sessions
        }
        _assert_same_starts(plan)

    def test_two_times_on_three_weekdays(self) -> None:
        """A weekly plan on mon, wed, fri at 08:00 and 18:00."""
        _assert_same_starts(
            _plan(days=["mon", "wed", "fri"], times=["08:00", "18:00"])
        )

    def test_count_ending_mid_day(self) -> None:
        """A count plan that ends after the morning session of a day."""
        plan = _plan(weeks=None, count=7, times=["08:00", "18:00"])

        counts = [
            event["RRULE"]["COUNT"] for event in _events(_calendar(plan))
        ]

        assert [[4], [3]] == counts
        _assert_same_starts(plan)

    def test_end_date_in_europe(self) -> None:
        """An end-dated plan in Berlin across the October change."""
        _assert_same_starts(
            _plan(
                start=dt.date(2026, 10, 20),
                weeks=None,
                end=dt.date(2026, 11, 3),
                timezone="Europe/Berlin",
                times=["07:30"],
            )
        )

    def test_progression_plan(self) -> None:
        """A plan whose dosage grows weekly, one event per session."""
        _assert_same_starts(
            _plan(progression=Progression(every_weeks=1, add_reps=1))
        )

    def test_session_in_a_gap_is_shifted(self) -> None:
        """02:30 on the New York spring-forward day is written as 03:30."""
        plan = _plan(
            start=dt.date(2026, 3, 6),
            weeks=1,
            timezone="America/New_York",
            times=["02:30"],
        )
        zone = zoneinfo.ZoneInfo("America/New_York")
        starts = [
            event.decoded("DTSTART").astimezone(zone).replace(tzinfo=None)
            for event in _events(_calendar(plan))
        ]

        assert dt.datetime(2026, 3, 8, 3, 30) in starts  # noqa: DTZ001 -- wall-clock times, as the reader gives them
        assert dt.datetime(2026, 3, 8, 2, 30) not in starts  # noqa: DTZ001 -- wall-clock times, as the reader gives them
        _assert_same_starts(plan)

    def test_skipped_session_is_left_out(self) -> None:
        """With gap_policy='skip' the missing session is not exported."""
        plan = _plan(
            start=dt.date(2026, 3, 6),
            weeks=1,
            timezone="America/New_York",
            times=["02:30"],
            gap_policy="skip",
        )

        assert 6 == len(list(plan.sessions()))
        _assert_same_starts(plan)


class TestShape:
    """The calendar has the parts RFC 5545 asks for."""

    def test_plain_plan_is_one_series_per_time_of_day(self) -> None:
        """Without progression: one VEVENT with an RRULE per time."""
        events = _events(_calendar(_plan(times=["08:00", "18:00"])))

        assert 2 == len(events)
        assert [
            "FREQ=DAILY;COUNT=42;WKST=MO",
            "FREQ=DAILY;COUNT=42;WKST=MO",
        ] == [event["RRULE"].to_ical().decode() for event in events]
        assert [dt.time(8), dt.time(18)] == [
            event.decoded("DTSTART").time() for event in events
        ]

    def test_weekly_rule_names_the_days(self) -> None:
        """A plan on some weekdays gets FREQ=WEEKLY with BYDAY."""
        (event,) = _events(_calendar(_plan(days=["mon", "wed", "fri"])))

        assert "FREQ=WEEKLY;COUNT=18;BYDAY=MO,WE,FR;WKST=MO" == (
            event["RRULE"].to_ical().decode()
        )

    def test_progression_plan_is_one_series_per_step(self) -> None:
        """With a weekly progression: one VEVENT with an RRULE per week."""
        plan = _plan(progression=Progression(every_weeks=1, add_reps=1))
        events = _events(_calendar(plan))

        assert 6 == len(events)
        assert ["FREQ=DAILY;COUNT=7;WKST=MO"] * 6 == [
            event["RRULE"].to_ical().decode() for event in events
        ]
        assert [
            dt.date(2026, 9, 28) + dt.timedelta(weeks=w) for w in range(6)
        ] == [event.decoded("DTSTART").date() for event in events]
        assert [f"1. Knee bend: 2 Sets / {10 + w} Reps" for w in range(6)] == [
            str(event["DESCRIPTION"]).splitlines()[0] for event in events
        ]

    def test_progression_by_session_with_two_times(self) -> None:
        """Growth every 4 sessions, twice a day: a series per time and step."""
        plan = _plan(
            weeks=None,
            count=12,
            times=["08:00", "18:00"],
            progression=Progression(every_sessions=4, add_reps=1),
        )
        events = _events(_calendar(plan))

        assert [
            (dt.time(8), dt.date(2026, 9, 28), 2),
            (dt.time(8), dt.date(2026, 9, 30), 2),
            (dt.time(8), dt.date(2026, 10, 2), 2),
            (dt.time(18), dt.date(2026, 9, 28), 2),
            (dt.time(18), dt.date(2026, 9, 30), 2),
            (dt.time(18), dt.date(2026, 10, 2), 2),
        ] == [
            (
                event.decoded("DTSTART").time(),
                event.decoded("DTSTART").date(),
                event["RRULE"]["COUNT"][0],
            )
            for event in events
        ]
        _assert_same_starts(plan)

    def test_capped_progression_ends_in_one_long_series(self) -> None:
        """Once the dosage stops growing, the rest is one series."""
        plan = _plan(
            routine=BENDS,
            weeks=52,
            days=["mon", "wed", "fri"],
            progression=Progression(every_weeks=1, add_reps=1, max_reps=12),
        )
        events = _events(_calendar(plan))

        assert ["3", "3", "150"] == [
            str(event["RRULE"]["COUNT"][0]) for event in events
        ]
        _assert_same_starts(plan)

    def test_each_routine_is_described_once(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The timeline behind the description is built once per step."""
        built: list[object] = []
        real = ics_module._description

        def counting(routine: Routine, side: str | None, texts: object) -> str:
            built.append(routine)
            return real(routine, side, texts)  # type: ignore[arg-type]

        monkeypatch.setattr(ics_module, "_description", counting)
        plan = _plan(
            times=["08:00", "18:00"],
            progression=Progression(every_weeks=2, add_reps=1),
        )
        to_ics(plan, dtstamp=STAMP)

        assert 3 == len(built)

    def test_one_vtimezone_per_zone_within_the_plan(self) -> None:
        """There is one VTIMEZONE, for the plan's zone, near its dates."""
        calendar = _calendar(_plan())
        (zone,) = calendar.walk("VTIMEZONE")
        starts = [part.decoded("DTSTART") for part in zone.subcomponents]

        assert "Australia/Sydney" == str(zone["TZID"])
        window = (dt.datetime(2026, 9, 1), dt.datetime(2026, 11, 30))  # noqa: DTZ001 -- VTIMEZONE is naive

        assert window[0] <= min(starts)
        assert max(starts) <= window[1]

    def test_dtstart_carries_the_zone(self) -> None:
        """DTSTART is written with TZID and local time, never an offset."""
        text = to_ics(_plan(), dtstamp=STAMP).decode()

        assert "DTSTART;TZID=Australia/Sydney:20260928T080000\r\n" in text
        assert "+10" not in text.split("END:VTIMEZONE")[1]

    def test_required_properties(self) -> None:
        """Calendar and events have the properties RFC 5545 requires."""
        calendar = _calendar(_plan())
        (event,) = _events(calendar)

        assert "2.0" == str(calendar["VERSION"])
        assert "-//exerciselib//exerciselib//EN" == str(calendar["PRODID"])
        assert STAMP == event.decoded("DTSTAMP")
        assert dt.timedelta(minutes=2, seconds=50) == (
            event.decoded("DURATION")
        )
        assert "Knee care" == str(event["SUMMARY"])
        assert uuid.UUID(str(event["UID"])).version == 5

    def test_description_lists_exercises_and_length(self) -> None:
        """The description gives each exercise, its dosage and the total."""
        (event,) = _events(_calendar(_plan()))

        assert (
            "1. Knee bend: 2 Sets / 10 Reps\n"
            "2. Bridge, hips up; hold: 1 Set / 5 Reps / 10 s hold\n"
            "Session length: 2 min 50 s"
        ) == str(event["DESCRIPTION"])

    def test_lines_are_crlf_and_folded(self) -> None:
        """Every line ends in CRLF and is at most 75 octets."""
        data = to_ics(
            _plan(progression=Progression(every_weeks=1, add_reps=1)),
            dtstamp=STAMP,
        )
        lines = data.split(b"\r\n")

        assert b"" == lines[-1]
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert max(len(line) for line in lines) <= 75

    def test_text_is_escaped(self) -> None:
        """Commas and semicolons in names are escaped, colons are not."""
        text = to_ics(_plan(), dtstamp=STAMP).decode()
        unfolded = text.replace("\r\n ", "")

        assert "2. Bridge\\, hips up\\; hold: 1 Set" in unfolded


class TestDeterminism:
    """The same plan gives the same UIDs, and the same bytes."""

    def test_same_plan_same_bytes(self) -> None:
        """A fixed dtstamp makes two exports byte for byte equal."""
        plan = _plan(progression=Progression(every_weeks=1, add_reps=1))

        assert to_ics(plan, dtstamp=STAMP) == to_ics(plan, dtstamp=STAMP)

    def test_uids_are_unique_and_stable(self) -> None:
        """Series UIDs differ, and a changed dosage keeps them."""
        grow = Progression(every_weeks=1, add_reps=1)
        faster = Progression(every_weeks=1, add_reps=2)

        first = [
            str(e["UID"]) for e in _events(_calendar(_plan(progression=grow)))
        ]
        second = [
            str(e["UID"])
            for e in _events(_calendar(_plan(progression=faster)))
        ]

        assert len(first) == len(set(first)) == 6
        assert first == second

    def test_a_later_change_keeps_earlier_uids(self) -> None:
        """A later cap adds a series; earlier series keep their UIDs."""
        low = Progression(every_weeks=1, add_reps=1, max_reps=12)
        high = Progression(every_weeks=1, add_reps=1, max_reps=13)

        before = [
            str(e["UID"])
            for e in _events(_calendar(_plan(routine=BENDS, progression=low)))
        ]
        after = [
            str(e["UID"])
            for e in _events(_calendar(_plan(routine=BENDS, progression=high)))
        ]
        (plain,) = [
            str(e["UID"]) for e in _events(_calendar(_plan(routine=BENDS)))
        ]

        assert (3, 4) == (len(before), len(after))
        assert before == after[:3]
        assert plain == before[0]

    def test_other_start_other_uids(self) -> None:
        """Plans starting on different dates share no UID."""
        one = {str(e["UID"]) for e in _events(_calendar(_plan()))}
        other = _plan(start=dt.date(2026, 9, 29))

        assert set() == one & {
            str(e["UID"]) for e in _events(_calendar(other))
        }

    def test_default_dtstamp_is_now_in_utc(self) -> None:
        """Without dtstamp the current UTC time, to the second, is used."""
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        (event,) = _events(icalendar.Calendar.from_ical(to_ics(_plan())))
        after = dt.datetime.now(dt.UTC)

        assert before <= event.decoded("DTSTAMP") <= after


class TestAlarm:
    """An optional reminder goes before each session."""

    def test_display_alarm(self) -> None:
        """alarm_minutes adds a DISPLAY VALARM that many minutes before."""
        (event,) = _events(_calendar(_plan(), alarm_minutes=15))
        (alarm,) = event.walk("VALARM")

        assert "DISPLAY" == str(alarm["ACTION"])
        assert dt.timedelta(minutes=-15) == alarm.decoded("TRIGGER")
        assert "Knee care" == str(alarm["DESCRIPTION"])

    def test_no_alarm_by_default(self) -> None:
        """Without alarm_minutes there is no VALARM."""
        assert [] == _calendar(_plan()).walk("VALARM")


class TestErrors:
    """Bad arguments and a missing extra give clear errors."""

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"dtstamp": dt.datetime(2026, 1, 1)}, "dtstamp"),  # noqa: DTZ001 -- naive is the fault
            ({"dtstamp": "2026-01-01"}, "dtstamp"),
            ({"alarm_minutes": -1}, "alarm_minutes"),
            ({"alarm_minutes": 10081}, "alarm_minutes"),
            ({"alarm_minutes": True}, "alarm_minutes"),
            ({"alarm_minutes": 1.5}, "alarm_minutes"),
        ],
    )
    def test_bad_arguments(
        self, kwargs: dict[str, typing.Any], field: str
    ) -> None:
        """A naive dtstamp or out-of-range alarm names its field."""
        with pytest.raises(ScheduleError) as info:
            to_ics(_plan(), **kwargs)

        assert field == info.value.field

    def test_missing_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without icalendar, MissingExtraError says what to install."""
        monkeypatch.setitem(sys.modules, "icalendar", None)

        with pytest.raises(
            MissingExtraError, match=r"exerciselib\[ics\]"
        ) as info:
            to_ics(_plan(), dtstamp=STAMP)

        assert "ics" == info.value.extra


class TestDocstringExamples:
    """The examples in the module's docstrings are right."""

    def test_doctests(self) -> None:
        """Each docstring example of _ics gives its output."""
        result = doctest.testmod(ics_module, optionflags=doctest.ELLIPSIS)

        assert result.attempted > 0
        assert 0 == result.failed
