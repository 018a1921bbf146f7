"""
Tests that extreme or malformed input ends in the documented error.

Dates at the ends of the calendar, zones that are folders, overlong or
host-dependent, integral floats where integers go, extreme time stamps
and empty file names each give a :class:`ScheduleError`, an
:class:`InvalidDataError` or a clean exit 2: never an OverflowError,
OSError or TypeError from deep inside.
"""

from __future__ import annotations

import datetime as dt
import io
import pathlib  # noqa: TC003 -- fixtures are typed at runtime

import pytest

from exerciselib import (
    InvalidDataError,
    Plan,
    Routine,
    ScheduleError,
    ScheduleValueError,
    Timeline,
    cli,
    load_catalog,
)
from exerciselib._schedule import checks
from exerciselib._schedule.build import session_timeline

RELIEF = "sciatica:sciatica-relief"


@pytest.fixture(scope="module")
def routine() -> Routine:
    """The sciatica relief routine."""
    return load_catalog().routine(RELIEF)


def run(*args: str) -> tuple[int, str]:
    """Run the command line; return the code and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=out, stderr=err)
    return code, err.getvalue()


class TestCalendarEnds:
    """Plans near year 1 or year 9999 are refused when they are built."""

    @pytest.mark.parametrize(
        "bounds",
        [
            {"start": dt.date(9999, 12, 25), "end": dt.date(9999, 12, 31)},
            {"start": dt.date(9999, 12, 30), "count": 1},
            {"start": dt.date(1, 1, 1), "weeks": 1},
        ],
        ids=["end-9999", "count-9999", "start-0001"],
    )
    def test_refused(self, routine: Routine, bounds: dict) -> None:  # type: ignore[type-arg]
        """A plan reaching the calendar's ends raises ScheduleError."""
        with pytest.raises(ScheduleError, match=r"between|past") as info:
            Plan(
                routine=routine,
                timezone="Pacific/Kiritimati",
                times=(dt.time(23, 59),),
                **bounds,
            )

        assert info.value.field in {"start", "end", "count"}

    def test_latest_plan_works(self, routine: Routine) -> None:
        """The latest plan allowed expands in every zone."""
        for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
            plan = Plan(
                routine=routine,
                timezone=zone,
                start=dt.date(9999, 12, 20),
                end=dt.date(9999, 12, 29),
                times=(dt.time(23, 59),),
            )

            assert 10 == len(list(plan.sessions()))
            assert plan.to_rfc5545()

    @pytest.mark.parametrize("command", ["plan", "export"])
    def test_command_line(self, command: str, tmp_path: pathlib.Path) -> None:
        """Plan and export --ics at year 1 exit 2 with one line."""
        target = (
            ["--ics", str(tmp_path / "x.ics")] if command == "export" else []
        )
        code, err = run(
            command, RELIEF, *target,
            "--start", "0001-01-01", "--weeks", "1", "--tz", "UTC",
        )  # fmt: skip

        assert 2 == code
        assert "internal error" not in err
        assert 1 == len(err.splitlines())


class TestZones:
    """Only real IANA zone names are accepted."""

    @pytest.mark.parametrize(
        "zone",
        ["America", "a" * 300, "localtime", "posixrules", "Europe/"],
    )
    def test_plan(self, routine: Routine, zone: str) -> None:
        """A folder, an overlong name or a host zone raises ScheduleError."""
        with pytest.raises(ScheduleError, match="IANA") as info:
            Plan(
                routine=routine,
                timezone=zone,
                start=dt.date(2026, 1, 5),
                weeks=1,
                times=(dt.time(8),),
            )

        assert "timezone" == info.value.field
        assert isinstance(info.value, ScheduleValueError)
        assert zone == info.value.value

    @pytest.mark.parametrize("key", ["America", "localtime", "posixrules"])
    def test_one_zone_rule(self, key: str) -> None:
        """The Zone field check and the zone lookup refuse the same names."""
        assert checks.Zone.refusal(key) is not None
        assert checks.Zone.refusal("Europe/Berlin") is None
        with pytest.raises(ScheduleValueError, match="IANA") as info:
            checks.zone(key)

        assert "timezone" == info.value.field

    def test_from_dict(self, routine: Routine) -> None:
        """Plan.from_dict with a folder as zone raises InvalidDataError."""
        plan = Plan(
            routine=routine,
            timezone="UTC",
            start=dt.date(2026, 1, 5),
            weeks=1,
            times=(dt.time(8),),
        )
        data = plan.to_dict()
        data["timezone"] = "America"

        with pytest.raises(InvalidDataError):
            Plan.from_dict(data)

    @pytest.mark.parametrize("zone", ["America", "a" * 300, "localtime"])
    def test_command_line(self, zone: str) -> None:
        """--tz with a folder or an overlong name exits 2 with one line."""
        code, err = run(
            "plan", RELIEF, "--start", "2026-01-05", "--weeks", "1",
            "--tz", zone,
        )  # fmt: skip

        assert 2 == code
        assert "internal error" not in err


class TestOtherInput:
    """Integral floats, extreme stamps and empty names are handled."""

    def test_timeline_integral_float(self, routine: Routine) -> None:
        """A float item_index raises InvalidDataError naming the place."""
        data = session_timeline(routine).to_dict()
        data["steps"][0]["item_index"] = 0.0

        with pytest.raises(InvalidDataError, match=r"\$\.steps\[0\]"):
            Timeline.from_dict(data)

    def test_extreme_dtstamp(self, tmp_path: pathlib.Path) -> None:
        """A --dtstamp before year 1 in UTC exits 2 with one line."""
        code, err = run(
            "export", RELIEF, "--ics", str(tmp_path / "x.ics"),
            "--start", "2026-01-05", "--weeks", "1", "--tz", "UTC",
            "--dtstamp", "0001-01-01T00:00+05:00",
        )  # fmt: skip

        assert 2 == code
        assert "--dtstamp" in err
        assert "internal error" not in err

    @pytest.mark.parametrize("option", ["--md", "--html", "--json", "--ics"])
    def test_empty_file_name(self, option: str) -> None:
        """An empty file name is a usage error, not another format."""
        code, err = run("export", RELIEF, option, "")

        assert 2 == code
        assert "file name" in err
        assert "internal error" not in err
