"""Plan refusals name the field to change; zones by name or ZoneInfo."""

from __future__ import annotations

import datetime as dt
import io
import typing
import zoneinfo
from importlib import resources

import pytest

from exerciselib import (
    Exercise,
    InvalidDataError,
    Plan,
    Progression,
    Routine,
    ScheduleError,
)

D = dt.date
T = dt.time


def _routine(dosage: str = "1 x 10 x 30s") -> Routine:
    """One each-side exercise at ``dosage``."""
    bridge = Exercise(
        id="side-bridge",
        name="Side bridge",
        summary="Hold a side bridge.",
        steps=["Lie on your side.", "Lift your hips."],
        laterality="each-side",
    )
    return Routine(id="core", name="Core", items=[bridge.prescribe(dosage)])


def _plan(**fields: typing.Any) -> Plan:
    """A plan of the routine; ``fields`` override the defaults."""
    values: dict[str, typing.Any] = {
        "routine": _routine(),
        "start": D(2026, 1, 5),
        "count": 2000,
        "timezone": "Europe/Berlin",
        "times": [T(8), T(18)],
    }
    values.update(fields)
    return Plan(**values)


class TestUncappedProgression:
    """A progression that grows sessions too long blames its cap."""

    def test_names_max_reps(self) -> None:
        """Reps growing without max_reps are blamed, not the times of day."""
        with pytest.raises(ScheduleError) as info:
            _plan(progression=Progression(every_sessions=1, add_reps=1))

        assert "progression.max_reps" == info.value.field
        assert "max_reps is not set" in str(info.value)
        assert "Set max_reps" in str(info.value)

    def test_names_every_missing_cap(self) -> None:
        """Each uncapped growing quantity is named; the first is the field."""
        with pytest.raises(ScheduleError) as info:
            _plan(
                progression=Progression(
                    every_sessions=1, add_reps=1, add_hold_seconds=1
                )
            )

        assert "progression.max_reps" == info.value.field
        assert "max_reps and max_hold_seconds are not set" in str(info.value)

    def test_cap_too_high(self) -> None:
        """A cap that still lets sessions overlap is named as too high."""
        with pytest.raises(ScheduleError, match="max_reps allows") as info:
            _plan(
                progression=Progression(
                    every_sessions=1, add_reps=1, max_reps=900
                )
            )

        assert "progression.max_reps" == info.value.field

    def test_capped_fits(self) -> None:
        """With a cap the grown session fits under, the plan is built."""
        plan = _plan(
            progression=Progression(every_sessions=1, add_reps=1, max_reps=30)
        )

        assert 30 == plan.take(40)[-1].routine.items[0].dosage.reps

    def test_base_overlap_blames_times(self) -> None:
        """When even the base session overlaps, times is still the field."""
        with pytest.raises(ScheduleError, match="overlap") as info:
            _plan(
                times=[T(8), T(8, 5)],
                progression=Progression(every_sessions=1, add_reps=1),
            )

        assert "times" == info.value.field

    def test_json_path(self) -> None:
        """Read from JSON, the problem sits at $.progression.max_reps."""
        data = _plan(count=2).to_dict()
        data["count"] = 2000
        data["progression"] = {"every_sessions": 1, "add_reps": 1}

        with pytest.raises(InvalidDataError) as info:
            Plan.from_dict(data)

        assert ["$.progression.max_reps"] == [
            p.json_path for p in info.value.problems
        ]


#: Plans refused when built: the fields given and the field blamed.
REFUSALS: list[tuple[dict[str, typing.Any], str]] = [
    # bounds
    ({"count": None}, "end"),
    ({"weeks": 2}, "count"),  # two bounds: the last given
    ({"count": None, "end": D(2026, 1, 1)}, "end"),
    ({"count": 0}, "count"),
    ({"count": None, "weeks": 0}, "weeks"),
    ({"count": None, "weeks": 10**6}, "weeks"),
    ({"start": "2026-01-05"}, "start"),
    ({"count": None, "end": dt.datetime(2026, 2, 1)}, "end"),  # noqa: DTZ001 -- refused anyway
    # days
    ({"days": []}, "days"),
    ({"days": ["moon"]}, "days"),
    ({"count": None, "end": D(2026, 1, 6), "days": ["fri"]}, "days"),
    # times
    ({"times": []}, "times"),
    ({"times": [T(8), T(8)]}, "times"),
    ({"times": [T(8, tzinfo=dt.UTC)]}, "times"),
    ({"times": [T(8, 0, 0, 5)]}, "times"),
    ({"times": ["08:00"]}, "times"),
    ({"times": [T(8), T(8, 1)]}, "times"),
    # zone, routine, gap policy
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": dt.timezone(dt.timedelta(hours=2))}, "timezone"),
    ({"routine": "core"}, "routine"),
    ({"gap_policy": "jump"}, "gap_policy"),
    # progression
    ({"progression": "weekly"}, "progression"),
    (
        {"progression": Progression(every_sessions=1, add_reps=1, max_reps=5)},
        "progression.max_reps",
    ),
    (
        {
            "count": 3,
            "progression": Progression(every_sessions=5, add_reps=1),
        },
        "progression.every_sessions",
    ),
    (
        {"progression": Progression(every_sessions=1, add_reps=1)},
        "progression.max_reps",
    ),
]


@pytest.mark.parametrize(
    ("fields", "field"), REFUSALS, ids=[f for _, f in REFUSALS]
)
def test_refusal_names_field(
    fields: dict[str, typing.Any], field: str
) -> None:
    """The error's field is the one to change, and the message names it."""
    with pytest.raises(ScheduleError) as info:
        _plan(**fields)

    assert field == info.value.field
    assert field.rpartition(".")[2] in str(info.value)


class TestTimezone:
    """A plan's zone is an IANA name or a ZoneInfo, stored by name."""

    def test_zoneinfo_by_key(self) -> None:
        """A ZoneInfo is stored as its key; the plan equals one by name."""
        plan = _plan(count=2, timezone=zoneinfo.ZoneInfo("Australia/Sydney"))

        assert "Australia/Sydney" == plan.timezone
        assert _plan(count=2, timezone="Australia/Sydney") == plan
        assert "Australia/Sydney" == plan.to_dict()["timezone"]

    def test_fixed_offset_refused(self) -> None:
        """A fixed offset has no IANA key and is refused, saying so."""
        with pytest.raises(ScheduleError, match="no IANA key") as info:
            _plan(timezone=dt.UTC)

        assert "timezone" == info.value.field
        assert isinstance(info.value, ValueError)

    def test_zoneinfo_without_key_refused(self) -> None:
        """A ZoneInfo read from a file has no key and is refused."""
        data = resources.files("tzdata").joinpath(
            "zoneinfo", "Europe", "Berlin"
        )
        zone = zoneinfo.ZoneInfo.from_file(io.BytesIO(data.read_bytes()))

        with pytest.raises(ScheduleError, match="no IANA key") as info:
            _plan(timezone=zone)

        assert "timezone" == info.value.field


class TestWeekNumbers:
    """Weeks count from 1; the 0-based week is deprecated."""

    def test_week_number(self) -> None:
        """Week 1 is the first seven days, week 2 the next seven."""
        sessions = _plan(count=9, times=[T(8)]).take(9)

        assert [1] * 7 + [2] * 2 == [s.week_number for s in sessions]

    def test_week_deprecated(self) -> None:
        """The old 0-based week still works, with a DeprecationWarning."""
        session = _plan(count=9, times=[T(8)]).take(9)[-1]

        with pytest.warns(DeprecationWarning, match="week_number"):
            week = session.week

        assert session.week_number - 1 == week == 1
