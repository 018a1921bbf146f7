"""Golden and error-path tests for dated plans and progression."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest

from exerciselib import (
    Dosage,
    Exercise,
    GapPolicy,
    InvalidDataError,
    InvalidValueError,
    Plan,
    Progression,
    Routine,
    ScheduledSession,
    ScheduleError,
    ScheduleValueError,
)

D = dt.date
T = dt.time


def routine_of(*dosages: str | Dosage) -> Routine:
    """A routine of distinct no-side exercises at ``dosages``."""
    return Routine(
        id="test",
        name="Test",
        items=[
            Exercise(
                id=f"move-{index}",
                name=f"Move {index}",
                summary="Move.",
                steps=["Move."],
            ).prescribe(dosage)
            for index, dosage in enumerate(dosages)
        ],
    )


#: 10 s setup + 5 reps of 3 s: sessions of 25 s.
SHORT = routine_of("1 x 5")


def starts(plan: Plan) -> list[str]:
    """Each session's start as ISO text with its offset."""
    return [s.start.isoformat() for s in plan.sessions()]


def plan(**fields: object) -> Plan:
    """Build a plan of the short routine."""
    return Plan(routine=fields.pop("routine", SHORT), **fields)  # type: ignore[arg-type]


class TestWallClockAcrossDst:
    """Sessions keep their local time across daylight-saving changes."""

    def test_sydney_october_change(self) -> None:
        """A daily 08:00 plan in Sydney stays at 08:00 across 2025-10-05."""
        expected = [
            "2025-10-02T08:00:00+10:00",
            "2025-10-03T08:00:00+10:00",
            "2025-10-04T08:00:00+10:00",
            "2025-10-05T08:00:00+11:00",
            "2025-10-06T08:00:00+11:00",
            "2025-10-07T08:00:00+11:00",
            "2025-10-08T08:00:00+11:00",
        ]

        assert expected == starts(
            plan(start=D(2025, 10, 2), count=7, timezone="Australia/Sydney")
        )

    def test_sydney_sessions_are_23_hours_apart_across_change(self) -> None:
        """Across the change, consecutive sessions are 23 h apart in UTC."""
        sessions = plan(
            start=D(2025, 10, 4), count=2, timezone="Australia/Sydney"
        ).take(2)
        elapsed = sessions[1].start.astimezone(dt.UTC) - sessions[
            0
        ].start.astimezone(dt.UTC)

        assert dt.timedelta(hours=23) == elapsed


class TestGap:
    """Local times that do not exist (spring forward)."""

    def test_berlin_shift(self) -> None:
        """02:30 on 2025-03-30 moves to 03:30; the next day is back."""
        sessions = plan(
            start=D(2025, 3, 28),
            count=4,
            timezone="Europe/Berlin",
            times=[T(2, 30)],
        ).take(4)

        assert [
            ("2025-03-28T02:30:00+01:00", False),
            ("2025-03-29T02:30:00+01:00", False),
            ("2025-03-30T03:30:00+02:00", True),
            ("2025-03-31T02:30:00+02:00", False),
        ] == [(s.start.isoformat(), s.shifted) for s in sessions]

    def test_berlin_skip(self) -> None:
        """Skipped sessions do not count: the count reaches a day further."""
        assert [
            "2025-03-28T02:30:00+01:00",
            "2025-03-29T02:30:00+01:00",
            "2025-03-31T02:30:00+02:00",
            "2025-04-01T02:30:00+02:00",
        ] == starts(
            plan(
                start=D(2025, 3, 28),
                count=4,
                timezone="Europe/Berlin",
                times=[T(2, 30)],
                gap_policy="skip",
            )
        )

    def test_new_york_raise(self) -> None:
        """With the raise policy, reaching a gap raises ScheduleError."""
        sessions = plan(
            start=D(2025, 3, 8),
            count=3,
            timezone="America/New_York",
            times=[T(2, 30)],
            gap_policy=GapPolicy.RAISE,
        ).sessions()

        assert "2025-03-08T02:30:00-05:00" == next(sessions).start.isoformat()
        with pytest.raises(ScheduleError, match="does not exist") as info:
            next(sessions)
        assert "times" == info.value.field

    def test_lord_howe_half_hour(self) -> None:
        """Lord Howe's 30-minute gap moves 02:15 to 02:45."""
        assert [
            "2025-10-04T02:15:00+10:30",
            "2025-10-05T02:45:00+11:00",
            "2025-10-06T02:15:00+11:00",
        ] == starts(
            plan(
                start=D(2025, 10, 4),
                count=3,
                timezone="Australia/Lord_Howe",
                times=[T(2, 15)],
            )
        )

    def test_santiago_midnight(self) -> None:
        """Santiago skips 00:00-01:00 on 2025-09-07: 00:30 becomes 01:30."""
        assert [
            "2025-09-06T00:30:00-04:00",
            "2025-09-07T01:30:00-03:00",
            "2025-09-08T00:30:00-03:00",
        ] == starts(
            plan(
                start=D(2025, 9, 6),
                count=3,
                timezone="America/Santiago",
                times=[T(0, 30)],
            )
        )

    def test_apia_skipped_day(self) -> None:
        """Apia had no 2011-12-30: its sessions would collide, so go."""
        sessions = plan(
            start=D(2011, 12, 28),
            count=4,
            timezone="Pacific/Apia",
            times=[T(12)],
        ).take(4)

        assert [
            ("2011-12-28T12:00:00-10:00", 1),
            ("2011-12-29T12:00:00-10:00", 2),
            ("2011-12-31T12:00:00+14:00", 3),
            ("2012-01-01T12:00:00+14:00", 4),
        ] == [(s.start.isoformat(), s.number) for s in sessions]

    def test_apia_skipped_day_before_an_unused_day(self) -> None:
        """A missing day's session is not moved onto a day the plan skips."""
        sessions = plan(
            start=D(2011, 12, 26),
            end=D(2012, 1, 8),
            days=["fri"],  # 2011-12-30 was a Friday; 12-31 a Saturday
            timezone="Pacific/Apia",
            times=[T(12)],
        ).sessions()

        assert [
            ("2012-01-06T12:00:00+14:00", 1),
        ] == [(s.start.isoformat(), s.number) for s in sessions]

    def test_apia_two_times_a_day(self) -> None:
        """Both of 2011-12-30's sessions go, also by an end date."""
        assert [
            "2011-12-29T08:00:00-10:00",
            "2011-12-29T18:00:00-10:00",
            "2011-12-31T08:00:00+14:00",
            "2011-12-31T18:00:00+14:00",
        ] == starts(
            plan(
                start=D(2011, 12, 29),
                end=D(2011, 12, 31),
                timezone="Pacific/Apia",
                times=[T(8), T(18)],
            )
        )

    def test_overlap_after_forward_change_is_skipped(self) -> None:
        """A session that would start before the previous ended is skipped."""
        hour = routine_of(Dosage(hold_seconds=3590))  # 10 s setup + 3590 s
        sessions = plan(
            routine=hour,
            start=D(2025, 3, 8),
            end=D(2025, 3, 10),
            timezone="America/New_York",
            times=[T(1, 30), T(3)],
        ).sessions()

        assert [
            "2025-03-08T01:30:00-05:00",
            "2025-03-08T03:00:00-05:00",
            "2025-03-09T01:30:00-05:00",
            "2025-03-10T01:30:00-04:00",
            "2025-03-10T03:00:00-04:00",
        ] == [s.start.isoformat() for s in sessions]

    def test_shift_never_reaches_the_next_session(self) -> None:
        """A shifted session that would overlap the next one is skipped."""
        sessions = plan(
            routine=routine_of(Dosage(hold_seconds=1790)),  # 30 min
            start=D(2025, 3, 9),
            end=D(2025, 3, 9),
            timezone="America/New_York",
            times=[T(2, 30), T(3, 45)],
        ).sessions()

        assert ["2025-03-09T03:45:00-04:00"] == [
            s.start.isoformat() for s in sessions
        ]


class TestFold:
    """Local times that occur twice (fall back) take the earlier instant."""

    @pytest.mark.parametrize(
        ("zone", "day", "time", "expected"),
        [
            ("America/New_York", D(2025, 11, 2), T(1, 30), "05:30"),
            ("Europe/Berlin", D(2025, 10, 26), T(2, 30), "00:30"),
            ("Australia/Lord_Howe", D(2025, 4, 6), T(1, 45), "14:45"),
            ("America/Santiago", D(2025, 4, 5), T(23, 30), "02:30"),
        ],
    )
    def test_earlier_instant(
        self, zone: str, day: dt.date, time: dt.time, expected: str
    ) -> None:
        """The session is at the first of the two instants, in UTC."""
        (session,) = plan(
            start=day, count=1, timezone=zone, times=[time]
        ).sessions()

        assert expected == f"{session.start.astimezone(dt.UTC):%H:%M}"
        assert time == session.start.timetz().replace(tzinfo=None)

    def test_fold_then_next_day(self) -> None:
        """Sessions around a fold are one day plus an hour apart in UTC."""
        sessions = plan(
            start=D(2025, 11, 1),
            count=3,
            timezone="America/New_York",
            times=[T(1, 30)],
        ).take(3)

        assert ["05:30", "05:30", "06:30"] == [
            f"{s.start.astimezone(dt.UTC):%H:%M}" for s in sessions
        ]


class TestExpansion:
    """Days, times, bounds, weeks and session fields."""

    def test_weekdays_and_two_times(self) -> None:
        """Mon/Wed/Fri at 08:00 and 18:00 for one week."""
        assert [
            "2025-06-02T08:00:00+02:00",
            "2025-06-02T18:00:00+02:00",
            "2025-06-04T08:00:00+02:00",
            "2025-06-04T18:00:00+02:00",
            "2025-06-06T08:00:00+02:00",
            "2025-06-06T18:00:00+02:00",
        ] == starts(
            plan(
                start=D(2025, 6, 1),
                weeks=1,
                days=["fri", "mon", "wed"],
                times=[T(18), T(8)],
                timezone="Europe/Berlin",
            )
        )

    def test_end_is_inclusive(self) -> None:
        """A session on the end date is part of the plan."""
        assert ["2025-01-01T08:00:00+00:00", "2025-01-02T08:00:00+00:00"] == (
            starts(
                plan(start=D(2025, 1, 1), end=D(2025, 1, 2), timezone="UTC")
            )
        )

    def test_session_fields(self) -> None:
        """A session has its number, end, date, slot, week and routine."""
        sessions = plan(
            start=D(2025, 1, 1), weeks=2, timezone="UTC", days=["wed"]
        ).take(5)
        second = sessions[1]

        assert 2 == len(sessions)
        assert (2, D(2025, 1, 8), T(8), 2, False) == (
            second.number,
            second.local_date,
            second.local_time,
            second.week_number,
            second.shifted,
        )
        assert dt.timedelta(seconds=25) == second.duration
        assert second.start + dt.timedelta(seconds=25) == second.end
        assert SHORT == second.routine
        assert isinstance(second, ScheduledSession)

    def test_slot_deprecated(self) -> None:
        """The old name of local_time still reads it, with a warning."""
        session = plan(start=D(2025, 1, 1), count=1, timezone="UTC").take(1)[0]
        with pytest.deprecated_call(match="local_time"):
            slot = session.slot

        assert session.local_time == slot

    def test_session_to_dict(self) -> None:
        """A session's JSON says when it is and the dosages in force."""
        session = plan(
            start=D(2025, 1, 1), count=1, timezone="Europe/Berlin"
        ).take(1)[0]

        assert {
            "number": 1,
            "start": "2025-01-01T08:00:00+01:00",
            "end": "2025-01-01T08:00:25+01:00",
            "local_date": "2025-01-01",
            "week_number": 1,
            "shifted": False,
            "dosages": [
                {"exercise": item.exercise.id, "dosage": str(item.dosage)}
                for item in SHORT.items
            ],
        } == session.to_dict()

    def test_end_is_elapsed_time_across_a_change(self) -> None:
        """A session's end is its length after its start, in real time."""
        (session,) = plan(
            routine=routine_of(Dosage(hold_seconds=3590)),
            start=D(2025, 3, 30),
            count=1,
            timezone="Europe/Berlin",
            times=[T(1, 30)],
        ).sessions()

        assert "2025-03-30T03:30:00+02:00" == session.end.isoformat()

    def test_five_year_plan_is_lazy(self) -> None:
        """A five-year plan yields its first sessions without the rest."""
        sessions = plan(
            start=D(2025, 1, 1), weeks=260, timezone="UTC"
        ).sessions()

        assert "2025-01-01T08:00:00+00:00" == next(sessions).start.isoformat()


class TestQueries:
    """after, before, between and take, with explicit boundary flags."""

    @pytest.fixture
    def daily(self) -> Plan:
        """Five daily 08:00 sessions in Berlin."""
        return plan(start=D(2025, 3, 1), count=5, timezone="Europe/Berlin")

    def at(self, day: int, hour: int = 8) -> dt.datetime:
        """08:00 Berlin on a day of March 2025, as UTC."""
        return dt.datetime(2025, 3, day, hour - 1, tzinfo=dt.UTC)

    def test_after(self, daily: Plan) -> None:
        """after() is exclusive unless inc=True."""
        after = daily.after(self.at(2))
        inclusive = daily.after(self.at(2), inc=True)

        assert (3, 2) == (
            after.number if after else None,
            inclusive.number if inclusive else None,
        )
        assert daily.after(self.at(5)) is None

    def test_before(self, daily: Plan) -> None:
        """before() is exclusive unless inc=True."""
        before = daily.before(self.at(4))
        inclusive = daily.before(self.at(4), inc=True)

        assert (3, 4) == (
            before.number if before else None,
            inclusive.number if inclusive else None,
        )
        assert daily.before(self.at(1)) is None

    def test_between(self, daily: Plan) -> None:
        """between() excludes both bounds unless inc=True."""
        assert [3] == [s.number for s in daily.between(self.at(2), self.at(4))]
        assert [2, 3, 4] == [
            s.number for s in daily.between(self.at(2), self.at(4), inc=True)
        ]

    def test_take(self, daily: Plan) -> None:
        """take(n) gives the first n sessions, at most all of them."""
        assert ([1, 2], 5, ()) == (
            [s.number for s in daily.take(2)],
            len(daily.take(50)),
            daily.take(-1),
        )

    def test_naive_datetime_refused(self, daily: Plan) -> None:
        """Queries need aware datetimes."""
        naive = dt.datetime(2025, 3, 1, 8)  # noqa: DTZ001 -- on purpose
        with pytest.raises(ScheduleError) as info:
            daily.after(naive)

        assert "when" == info.value.field
        # a refused value: also an InvalidValueError, with the value
        assert isinstance(info.value, InvalidValueError)
        assert naive == info.value.value


class TestProgression:
    """Dosages grow on schedule, within caps, and step back on request."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("every_weeks", 0),
            ("add_reps", -1),
            ("add_hold_seconds", float("nan")),
            ("max_load", 1e12),
            ("double", "yes"),
        ],
    )
    def test_a_refused_value_is_an_invalid_value(
        self, field: str, value: object
    ) -> None:
        """A value refused on its own is a ScheduleValueError, with it."""
        fields: dict[str, object] = {"every_weeks": 1, "add_reps": 1}
        fields[field] = value
        with pytest.raises(ScheduleValueError) as info:
            Progression(**fields)  # type: ignore[arg-type]

        assert field == info.value.field
        assert isinstance(info.value, InvalidValueError)
        assert isinstance(info.value, ScheduleError)
        assert repr(value) == repr(info.value.value)  # nan != nan

    def test_values_that_cannot_work_together_are_a_schedule_error(
        self,
    ) -> None:
        """Neither every_weeks nor every_sessions: a plain ScheduleError."""
        with pytest.raises(ScheduleError) as info:
            Progression(add_reps=1)

        assert not isinstance(info.value, InvalidValueError)
        assert "every_weeks" == info.value.field

    def test_every_two_weeks(self) -> None:
        """Reps grow by 2 every 2 weeks, capped at 14."""
        grow = Progression(every_weeks=2, add_reps=2, max_reps=14)
        sessions = plan(
            routine=routine_of("1 x 10 x 5s"),
            start=D(2025, 1, 6),
            weeks=8,
            days=["mon"],
            timezone="UTC",
            progression=grow,
        ).sessions()

        assert [10, 10, 12, 12, 14, 14, 14, 14] == [
            s.routine.items[0].dosage.reps for s in sessions
        ]

    def test_every_session_with_regression(self) -> None:
        """Hold seconds grow per session and step back from session 4."""
        grow = Progression(
            every_sessions=1,
            add_hold_seconds=2.5,
            max_hold_seconds=12,
            regress_from_session=4,
            regress_steps=2,
        )
        sessions = plan(
            routine=routine_of("1 x 1 x 5s", "1 x 3"),
            start=D(2025, 1, 1),
            count=6,
            timezone="UTC",
            progression=grow,
        ).sessions()

        assert [
            (5.0, 0.0),
            (7.5, 0.0),
            (10.0, 0.0),
            (7.5, 0.0),
            (10.0, 0.0),
            (12.0, 0.0),
        ] == [
            tuple(i.dosage.hold_seconds for i in s.routine.items)
            for s in sessions
        ]

    def test_sets_grow_and_lengthen_sessions(self) -> None:
        """More sets make a longer session."""
        sessions = plan(
            routine=routine_of(Dosage(sets=1, reps=1, hold_seconds=10)),
            start=D(2025, 1, 1),
            count=3,
            timezone="UTC",
            progression=Progression(every_sessions=1, add_sets=1, max_sets=2),
        ).take(3)

        assert [20, 60, 60] == [s.duration.seconds for s in sessions]

    def test_steps(self) -> None:
        """steps() counts by weeks or sessions, minus the regression."""
        weekly = Progression(every_weeks=3, add_reps=1)
        by_session = Progression(
            every_sessions=2, add_sets=1, regress_from_session=5
        )

        assert [0, 0, 1, 2] == [
            weekly.steps(number=1, week=w) for w in (0, 2, 3, 7)
        ]
        assert [0, 0, 1, 1, 1, 1, 2] == [
            by_session.steps(number=n, week=0) for n in range(1, 8)
        ]


class TestToRrule:
    """The RFC 5545 text of a plan's timing."""

    def test_daily_count(self) -> None:
        """A daily plan bounded by a count gives FREQ=DAILY and COUNT."""
        assert (
            (
                "DTSTART;TZID=Australia/Sydney:20251002T080000\n"
                "RRULE:FREQ=DAILY;WKST=MO;COUNT=7"
            ),
        ) == plan(
            start=D(2025, 10, 2), count=7, timezone="Australia/Sydney"
        ).to_rfc5545()

    def test_weekly_until_two_times(self) -> None:
        """Chosen days give FREQ=WEEKLY, BYDAY and UNTIL on the last date."""
        assert (
            (
                "DTSTART;TZID=Europe/Berlin:20250602T080000\n"
                "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,WE,FR;UNTIL=20250614T060000Z"
            ),
            (
                "DTSTART;TZID=Europe/Berlin:20250602T183000\n"
                "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,WE,FR;UNTIL=20250614T163000Z"
            ),
        ) == plan(
            start=D(2025, 6, 1),
            weeks=2,
            days=["mon", "wed", "fri"],
            times=[T(8), T(18, 30)],
            timezone="Europe/Berlin",
        ).to_rfc5545()

    def test_count_split_across_times(self) -> None:
        """A count is split between the times of day; none left out."""
        assert (
            (
                "DTSTART;TZID=UTC:20250101T080000\n"
                "RRULE:FREQ=DAILY;WKST=MO;COUNT=2"
            ),
            (
                "DTSTART;TZID=UTC:20250101T180000\n"
                "RRULE:FREQ=DAILY;WKST=MO;COUNT=1"
            ),
        ) == plan(
            start=D(2025, 1, 1), count=3, times=[T(8), T(18)], timezone="UTC"
        ).to_rfc5545()

    def test_count_of_one_leaves_later_time_out(self) -> None:
        """A time of day with no session in a count plan has no rule."""
        assert 1 == len(
            plan(
                start=D(2025, 1, 1),
                count=1,
                times=[T(8), T(18)],
                timezone="UTC",
            ).to_rfc5545()
        )

    def test_skipped_gap_counts_in_rule(self) -> None:
        """Skipped gap sessions are part of the rule's COUNT."""
        assert (
            (
                "DTSTART;TZID=Europe/Berlin:20250328T023000\n"
                "RRULE:FREQ=DAILY;WKST=MO;COUNT=5"
            ),
        ) == plan(
            start=D(2025, 3, 28),
            count=4,
            timezone="Europe/Berlin",
            times=[T(2, 30)],
            gap_policy="skip",
        ).to_rfc5545()


class TestPlanErrors:
    """Bad plans fail at construction, naming the field."""

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            # bounds: exactly one, sensible
            ({}, "end"),
            ({"end": D(2025, 1, 5), "count": 3}, "count"),
            ({"end": D(2024, 12, 31)}, "end"),
            ({"weeks": 0}, "weeks"),
            ({"count": 0}, "count"),
            ({"count": True}, "count"),
            ({"weeks": 5201}, "weeks"),
            ({"start": D(9999, 12, 1), "weeks": 52}, "weeks"),
            ({"start": D(9999, 12, 1), "count": 1000}, "count"),
            # dates
            ({"start": dt.datetime(2025, 1, 1), "count": 1}, "start"),  # noqa: DTZ001 -- on purpose
            ({"end": "2025-02-01"}, "end"),
            # days
            ({"count": 1, "days": []}, "days"),
            ({"count": 1, "days": ["mon", "funday"]}, "days"),
            ({"end": D(2025, 1, 2), "days": ["mon"]}, "days"),
            # times
            ({"count": 1, "times": []}, "times"),
            ({"count": 1, "times": [T(8), T(8)]}, "times"),
            ({"count": 1, "times": [T(8, tzinfo=dt.UTC)]}, "times"),
            ({"count": 1, "times": [T(8, 0, 0, 5)]}, "times"),
            ({"count": 1, "times": ["08:00"]}, "times"),
            ({"count": 1, "times": [T(8), T(8, 0, 20)]}, "times"),
            # zone
            ({"count": 1, "timezone": "Mars/Olympus"}, "timezone"),
            ({"count": 1, "timezone": "../etc/passwd"}, "timezone"),
            ({"count": 1, "timezone": ""}, "timezone"),
            ({"count": 1, "timezone": 3}, "timezone"),
            # policy and types
            ({"count": 1, "gap_policy": "later"}, "gap_policy"),
            ({"count": 1, "routine": "sciatica"}, "routine"),
            ({"count": 1, "progression": "weekly"}, "progression"),
        ],
    )
    def test_bad_field(self, fields: dict[str, object], field: str) -> None:
        """ScheduleError.field names what to fix."""
        values: dict[str, object] = {
            "routine": SHORT,
            "start": D(2025, 1, 1),
            "timezone": "UTC",
            **fields,
        }
        with pytest.raises(ScheduleError) as info:
            Plan(**values)  # type: ignore[arg-type]

        assert field == info.value.field

    def test_times_overlapping_midnight(self) -> None:
        """Sessions must not overlap across midnight on consecutive days."""
        with pytest.raises(ScheduleError, match="overlap") as info:
            plan(
                routine=routine_of(Dosage(hold_seconds=3590)),
                start=D(2025, 1, 1),
                count=2,
                timezone="UTC",
                times=[T(0, 30), T(2), T(23, 45)],
            )

        assert "times" == info.value.field

    def test_late_time_fine_when_days_apart(self) -> None:
        """Across midnight only consecutive allowed days count."""
        late = plan(
            routine=routine_of(Dosage(hold_seconds=3590)),
            start=D(2025, 1, 1),
            count=2,
            timezone="UTC",
            days=["mon", "wed"],
            times=[T(0, 30), T(23, 45)],
        )

        assert 2 == len(late.take(2))

    @pytest.mark.parametrize(
        ("progression", "fields", "field"),
        [
            # caps below the base dosage: the cap is at fault
            (
                Progression(every_weeks=1, add_reps=1, max_reps=2),
                {},
                "progression.max_reps",
            ),
            (
                Progression(every_weeks=1, add_sets=1, max_sets=1),
                {},
                "progression.max_sets",
            ),
            # hold seconds only grow for exercises with a hold
            (
                Progression(every_weeks=1, add_hold_seconds=1),
                {"hold": False},
                "progression",
            ),
            # the first step comes after the plan ends: the step is
            (
                Progression(every_weeks=5, add_reps=1),
                {},
                "progression.every_weeks",
            ),
            (
                Progression(every_sessions=28, add_reps=1),
                {},
                "progression.every_sessions",
            ),
            (
                Progression(every_sessions=10, add_reps=1),
                {"count": 10},
                "progression.every_sessions",
            ),
        ],
    )
    def test_progression_could_never_apply(
        self, progression: Progression, fields: dict[str, object], field: str
    ) -> None:
        """A progression that could never apply names the field to change."""
        dosage = "2 x 3 x 5s" if fields.get("hold", True) else "1 x 3"
        bound = (
            {"count": fields["count"]} if "count" in fields else {"weeks": 4}
        )
        with pytest.raises(ScheduleError, match=r"progression|cap") as info:
            plan(
                routine=routine_of(dosage),
                start=D(2025, 1, 1),
                timezone="UTC",
                progression=progression,
                **bound,
            )

        assert field == info.value.field
        assert field.rpartition(".")[2] in str(info.value)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({}, "every_weeks"),
            ({"every_weeks": 1, "every_sessions": 1}, "every_weeks"),
            ({"every_weeks": 1}, "add_reps"),
            ({"every_weeks": 0, "add_reps": 1}, "every_weeks"),
            ({"every_weeks": 1, "add_reps": -1}, "add_reps"),
            ({"every_weeks": 1, "add_hold_seconds": -1}, "add_hold_seconds"),
            ({"every_weeks": 1, "add_reps": 1, "max_reps": 0}, "max_reps"),
            (
                {"every_weeks": 1, "add_reps": 1, "max_hold_seconds": "9"},
                "max_hold_seconds",
            ),
            (
                {"every_weeks": 1, "add_reps": 1, "regress_steps": 0},
                "regress_steps",
            ),
        ],
    )
    def test_bad_progression(
        self, fields: dict[str, object], field: str
    ) -> None:
        """Progression refuses bad values, naming the field."""
        with pytest.raises(ScheduleError) as info:
            Progression(**fields)  # type: ignore[arg-type]

        assert field == info.value.field

    def test_error_pickles(self) -> None:
        """ScheduleError keeps its field through pickle."""
        with pytest.raises(ScheduleError) as info:
            plan(start=D(2025, 1, 1), count=1, timezone="Nowhere/Land")
        copy = pickle.loads(pickle.dumps(info.value))  # noqa: S301 -- own data

        assert ("timezone", str(info.value)) == (copy.field, str(copy))


class TestRefusedValues:
    """
    A value a plan refuses raises InvalidValueError with its field.

    It is a ScheduleValueError, so ``except ScheduleError`` still
    catches it; plans whose values cannot work together raise a plain
    ScheduleError.
    """

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"timezone": "Mars/Base"}, "timezone"),
            ({"count": 0}, "count"),
            ({"start": "2025-01-01"}, "start"),
            ({"days": ["funday"]}, "days"),
            ({"times": [T(8, 0, 0, 5)]}, "times"),
            ({"gap_policy": "later"}, "gap_policy"),
            ({"progression": "weekly"}, "progression"),
        ],
    )
    def test_refused(self, fields: dict[str, object], field: str) -> None:
        """Each refused value names its field and keeps the value."""
        values: dict[str, object] = {
            "routine": SHORT,
            "start": D(2025, 1, 1),
            "count": 3,
            "timezone": "UTC",
        }
        values.update(fields)
        with pytest.raises(ScheduleValueError) as info:
            Plan(**values)  # type: ignore[arg-type]

        assert field == info.value.field
        assert fields[field] == info.value.value or field in {"days", "times"}

    def test_cannot_work_is_schedule_error(self) -> None:
        """A plan with two bounds cannot work: a plain ScheduleError."""
        with pytest.raises(ScheduleError) as info:
            plan(start=D(2025, 1, 1), count=3, weeks=1, timezone="UTC")

        assert not isinstance(info.value, ScheduleValueError)


class TestPlanJson:
    """Plans to JSON data and back."""

    def test_round_trip(self) -> None:
        """Every field survives to_dict, JSON text and from_dict."""
        original = plan(
            routine=routine_of("2 x 10 x 5s", "1 x 3"),
            start=D(2025, 10, 1),
            weeks=6,
            days=["mon", "thu"],
            times=[T(8), T(18, 0, 30)],
            timezone="Australia/Sydney",
            progression=Progression(
                every_weeks=2, add_reps=2, max_reps=14, regress_from_session=9
            ),
            gap_policy="skip",
        )
        data = json.loads(json.dumps(original.to_dict()))

        assert original == Plan.from_dict(data)
        assert ["08:00", "18:00:30"] == data["times"]
        assert {
            "every_weeks": 2,
            "add_reps": 2,
            "add_hold_seconds": 0.0,
            "add_sets": 0,
            "max_reps": 14,
            "regress_from_session": 9,
            "regress_steps": 1,
        } == data["progression"]

    def test_defaults(self) -> None:
        """Days, times and policy may be left out."""
        data = plan(start=D(2025, 1, 1), end=D(2025, 1, 3), timezone="UTC")
        raw = data.to_dict()
        for key in ("days", "times", "gap_policy"):
            del raw[key]

        assert data == Plan.from_dict(raw)

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"start": "2025-02-30"}, "$.start"),
            ({"timezone": "Mars/Olympus"}, "$.timezone"),
            ({"times": ["08:00", "08:00:10"]}, "$.times"),
            ({"progression": {"every_weeks": 1}}, "$.progression.add_reps"),
            ({"end": "2025-01-05"}, "$.count"),
            ({"end": "2025-01-01", "count": None}, "$.end"),
            ({"gap_policy": "later"}, "$.gap_policy"),
        ],
    )
    def test_problems_located(
        self, change: dict[str, object], path: str
    ) -> None:
        """Bad plan data is reported at its JSON path."""
        raw = plan(start=D(2025, 1, 2), count=3, timezone="UTC").to_dict()
        raw.update(change)
        raw = {k: v for k, v in raw.items() if v is not None}
        with pytest.raises(InvalidDataError) as info:
            Plan.from_dict(raw)

        assert path in [p.json_path for p in info.value.problems]

    def test_progression_error_kept(self) -> None:
        """A progression's error is the cause, its field left as raised."""
        raw = plan(start=D(2025, 1, 2), count=3, timezone="UTC").to_dict()
        raw["progression"] = {"every_weeks": 1}
        with pytest.raises(InvalidDataError) as info:
            Plan.from_dict(raw)

        cause = info.value.__cause__
        assert isinstance(cause, ScheduleError)
        assert "add_reps" == cause.field

    def test_routine_problems_located(self) -> None:
        """Problems inside the routine carry the $.routine prefix."""
        raw = plan(start=D(2025, 1, 2), count=3, timezone="UTC").to_dict()
        raw["routine"]["items"][0]["exercise"] = "unknown-move"
        with pytest.raises(InvalidDataError) as info:
            Plan.from_dict(raw)

        assert ["$.routine.items[0].exercise"] == [
            p.json_path for p in info.value.problems
        ]
