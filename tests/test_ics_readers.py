"""Calendars read alike by two independent engines, on clock-change days."""

from __future__ import annotations

import datetime as dt
import io
import pathlib  # noqa: TC003 -- fixtures are typed at runtime
import re
import typing
import zoneinfo

import pytest
from tests import icaljs as icaljs_module
from tests.readers import expected, recurring
from tests.vtimezone_rfc import Zones

from exerciselib import (
    Exercise,
    Plan,
    Progression,
    Routine,
    cli,
    load_catalog,
    to_ics,
)

if typing.TYPE_CHECKING:
    from tests.icaljs import IcalJs

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: A 4-minute session.
ROUTINE = Routine(
    id="knee-care",
    name="Knee care",
    items=[
        Exercise(
            id="knee-bend",
            name="Knee bend",
            summary="Bend the knee.",
            steps=["Sit tall."],
        ).prescribe("2 x 10 x 10s")
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


def _unfolded(data: bytes) -> str:
    return data.decode().replace("\r\n ", "")


#: Plans with a session at a clock change, named for what they test.
CASES = {
    # Ramadan 2026 in Morocco: +01 to +00 on 02-15 (a fold at 02:00 to
    # 03:00), back on 03-22 (a gap): no yearly rule gives these dates.
    "casablanca-ramadan": _plan(
        "Africa/Casablanca", "2026-02-09", "02:30", weeks=6
    ),
    "casablanca-2016": _plan("Africa/Casablanca", "2016-06-01", "02:30"),
    # Folds: the first of the two instants (RFC 5545 §3.3.5).
    "new-york-fold": _plan("America/New_York", "2026-10-29", "01:30"),
    "berlin-fold": _plan("Europe/Berlin", "2026-10-25", "02:58", weeks=2),
    # A session that starts before a gap and ends after it.
    "berlin-across-gap": _plan("Europe/Berlin", "2026-03-27", "01:58"),
    # Gaps: shifted forward, or skipped.
    "new-york-gap": _plan("America/New_York", "2026-03-06", "02:30"),
    "new-york-gap-skip": _plan(
        "America/New_York", "2026-03-06", "02:30", gap_policy="skip"
    ),
    "indianapolis-2012": _plan(
        "America/Indiana/Indianapolis", "2012-03-08", "02:30"
    ),
    # A 30-minute change, and a whole missing day.
    "lord-howe": _plan("Australia/Lord_Howe", "2026-04-02", "01:45"),
    "apia-2011": _plan(
        "Pacific/Apia", "2011-12-27", "12:00", days=["tue", "fri", "sat"]
    ),
    # Plain days in a zone without changes.
    "utc": _plan("UTC", "2026-03-06", "02:30"),
    # A VTIMEZONE over two summers: a change of each kind twice.
    "berlin-two-years": _plan(
        "Europe/Berlin",
        "2025-01-01",
        "01:00",
        days=["mon"],
        weeks=None,
        count=65,
    ),
    # Series of a growing dosage, cut and excluded at clock changes.
    "berlin-gap-weekly-growth": _plan(
        "Europe/Berlin",
        "2026-03-16",
        "02:30",
        weeks=4,
        progression=Progression(every_weeks=1, add_reps=1),
    ),
    "berlin-gap-skip-growth": _plan(
        "Europe/Berlin",
        "2026-03-16",
        "02:30",
        weeks=4,
        gap_policy="skip",
        progression=Progression(every_weeks=1, add_reps=1),
    ),
    "new-york-year-growth": _plan(
        "America/New_York",
        "2026-01-05",
        "01:30",
        weeks=52,
        days=["mon", "wed", "sun"],
        progression=Progression(every_weeks=4, add_reps=1, max_reps=16),
    ),
    "lord-howe-count-growth": _plan(
        "Australia/Lord_Howe",
        "2026-09-28",
        "02:15",
        weeks=None,
        count=30,
        progression=Progression(every_sessions=4, add_reps=1, max_reps=14),
    ),
    # Growth by session count across the day: each time its own series.
    "new-york-fold-growth-three-times": Plan(
        routine=ROUTINE,
        start=dt.date(2026, 10, 26),
        count=40,
        timezone="America/New_York",
        times=[dt.time(1, 0), dt.time(1, 45), dt.time(12, 0)],
        progression=Progression(every_sessions=5, add_reps=1, max_reps=16),
    ),
    # One event per session: the dosage grows by session.
    "berlin-fold-progression": _plan(
        "Europe/Berlin",
        "2026-10-23",
        "02:58",
        count=6,
        weeks=None,
        progression=Progression(every_sessions=1, add_reps=1, max_reps=15),
    ),
}


class TestReadersAgree:
    """Both readers find exactly the plan's sessions, instant and length."""

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_recurring_ical_events(self, name: str) -> None:
        """recurring-ical-events (icalendar, dateutil) finds the sessions."""
        plan = CASES[name]

        assert expected(plan) == recurring(to_ics(plan, dtstamp=STAMP))

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_icaljs(self, name: str, icaljs: IcalJs) -> None:
        """ical.js, reading only the file's VTIMEZONE, finds the sessions."""
        plan = CASES[name]

        assert expected(plan) == icaljs.expand(to_ics(plan, dtstamp=STAMP))


class TestUnambiguousTimes:
    """A session at a fold or gap is written as an instant in UTC."""

    def test_fold_session_is_excluded_and_written_in_utc(self) -> None:
        """01:30 on 2026-11-01 in New York: EXDATE, and 05:30Z alone."""
        text = _unfolded(to_ics(CASES["new-york-fold"], dtstamp=STAMP))

        assert "DTSTART;TZID=America/New_York:20261029T013000\r\n" in text
        assert "RRULE:FREQ=DAILY;COUNT=7;WKST=MO\r\n" in text
        assert "EXDATE;TZID=America/New_York:20261101T013000\r\n" in text
        assert "DTSTART:20261101T053000Z\r\n" in text

    def test_gap_splits_the_series(self) -> None:
        """No rule gives a nonexistent time: two series, and 07:30Z alone."""
        text = _unfolded(to_ics(CASES["new-york-gap"], dtstamp=STAMP))
        events = text.split("END:VTIMEZONE")[1]
        rules = re.findall(r"^(DTSTART.*|RRULE.*)\r$", events, re.MULTILINE)

        assert [
            "DTSTART;TZID=America/New_York:20260306T023000",
            "RRULE:FREQ=DAILY;COUNT=2;WKST=MO",
            "DTSTART;TZID=America/New_York:20260309T023000",
            "RRULE:FREQ=DAILY;COUNT=4;WKST=MO",
            # Shifted to 03:30 EDT.
            "DTSTART:20260308T073000Z",
        ] == rules
        assert "EXDATE" not in text

    def test_skipped_session_is_left_out(self) -> None:
        """With gap_policy='skip' the missing session is in no event."""
        text = _unfolded(to_ics(CASES["new-york-gap-skip"], dtstamp=STAMP))

        assert 2 == text.count("BEGIN:VEVENT")
        assert "20260308" not in text.split("END:VTIMEZONE")[1]

    def test_session_across_a_change_is_in_utc(self) -> None:
        """A session that starts before a gap and ends after it: UTC."""
        text = _unfolded(to_ics(CASES["berlin-across-gap"], dtstamp=STAMP))

        assert "EXDATE;TZID=Europe/Berlin:20260329T015800\r\n" in text
        assert "DTSTART:20260329T005800Z\r\n" in text

    def test_plain_days_keep_local_times(self) -> None:
        """A plan without clock changes is one series in local time."""
        text = _unfolded(
            to_ics(
                _plan("Europe/Berlin", "2026-06-01", "08:00"), dtstamp=STAMP
            )
        )

        assert 1 == text.count("BEGIN:VEVENT")
        assert "DTSTART;TZID=Europe/Berlin:20260601T080000\r\n" in text
        assert "EXDATE" not in text

    def test_growing_series_exclude_the_fold(self) -> None:
        """A year of growth every 4 weeks: 7 series, the fold an EXDATE."""
        plan = CASES["new-york-year-growth"]
        text = _unfolded(to_ics(plan, dtstamp=STAMP))
        events = text.split("END:VTIMEZONE")[1]
        lines = re.findall(
            r"^(DTSTART.*|RRULE.*|EXDATE.*)\r$", events, re.MULTILINE
        )
        rule = "RRULE:FREQ=WEEKLY;COUNT={};BYDAY=MO,WE,SU;WKST=MO"
        firsts = ["0105", "0202", "0302", "0330", "0427", "0525", "0622"]

        assert [
            line
            for first in firsts
            for line in (
                f"DTSTART;TZID=America/New_York:2026{first}T013000",
                rule.format(84 if first == "0622" else 12),
            )
        ] + [
            "EXDATE;TZID=America/New_York:20261101T013000",
            "DTSTART:20261101T053000Z",  # the first 01:30, in EDT
        ] == lines

    def test_per_session_events_at_a_fold(self) -> None:
        """A dosage new each session: an event each, the fold one in UTC."""
        plan = CASES["berlin-fold-progression"]
        events = _unfolded(to_ics(plan, dtstamp=STAMP)).split("END:VTIMEZONE")
        starts = re.findall(r"^DTSTART[;:].*$", events[1], re.MULTILINE)

        assert [
            "DTSTART;TZID=Europe/Berlin:20261023T025800\r",
            "DTSTART;TZID=Europe/Berlin:20261024T025800\r",
            "DTSTART;TZID=Europe/Berlin:20261026T025800\r",
            "DTSTART;TZID=Europe/Berlin:20261027T025800\r",
            "DTSTART;TZID=Europe/Berlin:20261028T025800\r",
            # The series come first, then the events of their own.
            "DTSTART:20261025T005800Z\r",
        ] == starts
        assert "RRULE" not in events[1]  # each series holds one session


class TestDuration:
    """DURATION is the session's elapsed length, across clock changes."""

    @pytest.mark.parametrize(
        "name", ["berlin-fold", "berlin-across-gap", "casablanca-ramadan"]
    )
    def test_every_duration_is_the_session_length(self, name: str) -> None:
        """Never negative, never a wall-clock difference: PT4M."""
        text = _unfolded(to_ics(CASES[name], dtstamp=STAMP))
        durations = re.findall(r"^DURATION:(.*)\r$", text, re.MULTILINE)

        assert {dt.timedelta(minutes=4)} == {
            s.duration for s in CASES[name].sessions()
        }
        assert durations
        assert {"PT4M"} == set(durations)

    def test_fractions_of_a_second_round_up(self) -> None:
        """A 12.5 s session lasts PT13S: the event covers the session."""
        short = Routine(
            id="short",
            name="Short",
            items=[ROUTINE.items[0].exercise.prescribe("1 x 1 x 2.5s")],
        )
        plan = Plan(
            routine=short, start=dt.date(2026, 1, 5), count=1, timezone="UTC"
        )
        (session,) = plan.sessions()

        assert dt.timedelta(seconds=12.5) == session.duration
        assert "DURATION:PT13S\r\n" in _unfolded(to_ics(plan, dtstamp=STAMP))


class TestVtimezone:
    """The VTIMEZONE, read by RFC 5545 §3.6.5, gives the zone's offsets."""

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_offsets_equal_the_zone_data(self, name: str) -> None:
        """At each session and each second around a change: zoneinfo's."""
        plan = CASES[name]
        zone = zoneinfo.ZoneInfo(plan.timezone)
        zones = Zones(to_ics(plan, dtstamp=STAMP).decode())
        sessions = list(plan.sessions())
        instants = [s.start for s in sessions] + [s.end for s in sessions]
        moment = sessions[0].start.astimezone(dt.UTC)
        while moment < sessions[-1].end:
            instants.append(moment)
            moment += dt.timedelta(minutes=30)

        for tzid in zones.tzids:
            assert plan.timezone == tzid
            for instant in instants:
                assert instant.astimezone(zone).utcoffset() == zones.utcoffset(
                    tzid, instant
                ), instant

    def test_spring_onset_is_the_local_time_before_the_change(self) -> None:
        """Indianapolis 2012: DTSTART 02:00 in the offset it leaves."""
        text = _unfolded(to_ics(CASES["indianapolis-2012"], dtstamp=STAMP))
        daylight = text.split("BEGIN:DAYLIGHT")[1].split("END:DAYLIGHT")[0]

        assert "DTSTART:20120311T020000\r\n" in daylight
        assert "TZOFFSETFROM:-0500\r\n" in daylight
        assert "TZOFFSETTO:-0400\r\n" in daylight

    def test_irregular_changes_are_all_there(self) -> None:
        """Casablanca 2026: +01, +00 from 02-15, +01 again from 03-22."""
        text = _unfolded(to_ics(CASES["casablanca-ramadan"], dtstamp=STAMP))
        onsets = re.findall(
            r"DTSTART:(\d{8}T\d{6})\r\n(?:.*\r\n)*?TZOFFSETFROM:(.*)\r\n"
            r"TZOFFSETTO:(.*)\r\n",
            text.split("END:VTIMEZONE")[0],
        )

        assert [
            ("20260208T023000", "+0100", "+0100"),
            ("20260215T030000", "+0100", "+0000"),
            ("20260322T020000", "+0000", "+0100"),
        ] == onsets

    def test_each_change_is_its_own_observance(self) -> None:
        """Berlin over two summers: four observances and no RDATE."""
        text = _unfolded(to_ics(CASES["berlin-two-years"], dtstamp=STAMP))
        zone = text.split("END:VTIMEZONE")[0]
        starts = re.findall(
            r"BEGIN:(STANDARD|DAYLIGHT)\r\nDTSTART:(\d{8})", zone
        )

        assert [
            ("STANDARD", "20250105"),
            ("DAYLIGHT", "20250330"),
            ("STANDARD", "20251026"),
            ("DAYLIGHT", "20260329"),
        ] == starts
        assert "RDATE" not in zone

    def test_no_vtimezone_in_utc(self) -> None:
        """A plan in UTC writes UTC times and no VTIMEZONE."""
        text = _unfolded(to_ics(CASES["utc"], dtstamp=STAMP))

        assert "VTIMEZONE" not in text
        assert "DTSTART:20260306T023000Z\r\n" in text


class TestIcalJsReadsOnlyTheFile:
    """ical.js places times by the file's VTIMEZONE, never by zone name."""

    CALENDAR = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "{zone}"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=America/New_York:20260701T080000\r\n"
        "DURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    #: A made-up zone under a real zone's name: +03:00 all year.
    MADE_UP = (
        "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\n"
        "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\n"
        "TZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )

    def test_made_up_vtimezone_wins_over_the_name(
        self, icaljs: IcalJs
    ) -> None:
        """08:00 in a +03:00 VTIMEZONE named New York is 05:00Z."""
        data = self.CALENDAR.format(zone=self.MADE_UP).encode()

        assert [
            (
                dt.datetime(2026, 7, 1, 5, tzinfo=dt.UTC),
                dt.timedelta(hours=1),
            )
        ] == icaljs.expand(data)

    def test_no_vtimezone_no_offset(self, icaljs: IcalJs) -> None:
        """Without a VTIMEZONE, ical.js knows no New York (not 12:00Z)."""
        data = self.CALENDAR.format(zone="").encode()
        ((start, _),) = icaljs.expand(data)

        assert dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC) != start


class TestCommandLine:
    """The reported exports: sciatica relief on Berlin's change days."""

    @pytest.mark.parametrize(
        ("start", "at"),
        [
            ("2026-10-25", "02:58"),  # a fold: once -PT55M40S
            ("2026-03-29", "01:58"),  # across the gap: once PT1H4M20S
        ],
    )
    def test_berlin_export(
        self, start: str, at: str, tmp_path: pathlib.Path, icaljs: IcalJs
    ) -> None:
        """Every DURATION is PT4M20S and both readers find the sessions."""
        target = tmp_path / "f.ics"
        stdout, stderr = io.StringIO(), io.StringIO()
        arguments = f"export sciatica:sciatica-relief --ics {target} "
        arguments += f"--start {start} --weeks 2 --at {at} --tz Europe/Berlin"

        code = cli.run(arguments.split(), stdout=stdout, stderr=stderr)
        data = target.read_bytes()
        plan = Plan(
            routine=load_catalog().routine("sciatica:sciatica-relief"),
            start=dt.date.fromisoformat(start),
            weeks=2,
            times=[dt.time.fromisoformat(at)],
            timezone="Europe/Berlin",
        )

        assert 0 == code, stderr.getvalue()
        assert {"PT4M20S"} == set(
            re.findall(r"^DURATION:(.*)\r$", data.decode(), re.MULTILINE)
        )
        assert 14 == len(expected(plan))
        assert expected(plan) == recurring(data)
        assert expected(plan) == icaljs.expand(data)


class TestSecondReaderSetup:
    """Without ical.js the tests skip, saying why, except under CI."""

    @pytest.mark.parametrize(
        ("ci", "outcome"),
        [(None, pytest.skip.Exception), ("true", pytest.fail.Exception)],
    )
    def test_missing_icaljs(
        self,
        ci: str | None,
        outcome: type[BaseException],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """No EXERCISELIB_ICALJS: a skip naming the fix, a failure in CI."""
        monkeypatch.delenv(icaljs_module.ENVIRONMENT, raising=False)
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)

        with pytest.raises(outcome, match=r"npm install --prefix DIR"):
            icaljs_module.start()

    def test_wrong_version(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Another ical.js release than the pinned one is not used."""
        package = tmp_path / "node_modules" / "ical.js"
        (package / "dist").mkdir(parents=True)
        (package / "dist" / "ical.js").write_text("", encoding="utf-8")
        (package / "package.json").write_text(
            '{"version": "1.0.0"}', encoding="utf-8"
        )
        monkeypatch.setenv(icaljs_module.ENVIRONMENT, str(tmp_path))
        monkeypatch.setenv("CI", "true")
        # As if Node.js were installed, to reach the version check.
        monkeypatch.setattr(icaljs_module.shutil, "which", lambda _: "node")

        with pytest.raises(pytest.fail.Exception, match=r"1\.0\.0, not"):
            icaljs_module.start()
