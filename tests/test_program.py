"""
Tests for the plan as the patient's program.

Days and times from the routine's frequency, the affected side in every
output, and the host's metadata.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import pathlib  # noqa: TC003 -- fixtures are typed at runtime

import pytest

from exerciselib import (
    Dosage,
    Exercise,
    Frequency,
    InvalidDataError,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    Side,
    cli,
    session_timeline,
    to_html,
    to_ics,
    to_markdown,
)
from exerciselib._schedule.program import slots_from_frequency
from exerciselib.cli import _commands
from exerciselib.cli import _text as cli_text

RELIEF = "sciatica:sciatica-relief"
PLAN = ["--start", "2026-12-07", "--weeks", "1", "--tz", "UTC"]


def _routine(frequency: Frequency | None = None) -> Routine:
    """A routine of one one-sided stretch and one each-side exercise."""
    stretch = Exercise(
        id="hamstring-stretch",
        name="Hamstring stretch",
        summary="Stretch.",
        steps=["Stretch."],
        laterality="affected",
    )
    lunge = Exercise(
        id="lunge",
        name="Lunge",
        summary="Lunge.",
        steps=["Lunge."],
        laterality="each-side",
    )
    return Routine(
        id="legs",
        name="Legs",
        items=[
            stretch.prescribe("1 Set / 1 Rep / 30 s hold"),
            lunge.prescribe("2 x 8-12 each side"),
        ],
        frequency=frequency,
    )


def _plan(**fields: object) -> Plan:
    """A one-week plan of the routine, in UTC."""
    values: dict[str, object] = {
        "routine": _routine(),
        "start": dt.date(2026, 12, 7),
        "weeks": 1,
        "timezone": "UTC",
    }
    values.update(fields)
    return Plan(**values)  # type: ignore[arg-type]


def _run(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


class TestFrequencyDefaults:
    """A plan without days or times takes them from the frequency."""

    def test_twice_a_day_three_days(self) -> None:
        """Twice a day on Mon/Wed/Fri gives 6 sessions a week, not 7."""
        twice = Frequency(times_per_day=2, days=["mon", "wed", "fri"])

        plan = _plan(routine=_routine(twice))
        sessions = list(plan.sessions())

        assert 6 == len(sessions)
        assert [
            "2026-12-07 08:00",
            "2026-12-07 18:00",
            "2026-12-09 08:00",
            "2026-12-09 18:00",
            "2026-12-11 08:00",
            "2026-12-11 18:00",
        ] == [f"{s.start:%Y-%m-%d %H:%M}" for s in sessions]

    def test_given_days_and_times_win(self) -> None:
        """Days and times given explicitly override the frequency."""
        twice = Frequency(times_per_day=2, days=["mon", "wed", "fri"])

        plan = _plan(routine=_routine(twice), days=["tue"], times=[dt.time(9)])

        assert ["2026-12-08 09:00"] == [
            f"{s.start:%Y-%m-%d %H:%M}" for s in plan.sessions()
        ]

    def test_no_frequency(self) -> None:
        """Without a frequency: every day at 08:00, as before."""
        plan = _plan()

        assert 7 == len(list(plan.sessions()))
        assert (dt.time(8),) == plan.times

    @pytest.mark.parametrize(
        ("per_day", "expected"),
        [
            (1, ["08:00"]),
            (2, ["08:00", "18:00"]),
            (3, ["08:00", "13:00", "18:00"]),
            (4, ["08:00", "12:00", "16:00", "20:00"]),
            (5, ["08:00", "11:00", "14:00", "17:00", "20:00"]),
            (12, ["08:00", "09:05", "10:11", "11:16"]),
        ],
    )
    def test_times_rule(self, per_day: int, expected: list[str]) -> None:
        """One to three a day by table, more spread from 08:00 to 20:00."""
        times = slots_from_frequency(Frequency(times_per_day=per_day))[1]

        assert expected == [f"{t:%H:%M}" for t in times][: len(expected)]
        assert per_day == len(times)

    def test_cli_and_api_agree(self) -> None:
        """The CLI builds the same plan as the API for the same routine."""
        routine = _routine(Frequency(times_per_day=3, days=["tue", "sat"]))
        arguments = argparse.Namespace(
            start=dt.date(2026, 12, 7),
            until=None,
            weeks=2,
            count=None,
            tz="UTC",
            days=None,
            at=None,
            progress=None,
            gap="shift",
            side=None,
        )

        from_cli = _commands._make_plan(arguments, routine)

        assert from_cli == _plan(routine=routine, weeks=2)
        assert 12 == len(list(from_cli.sessions()))

    def test_json_keeps_the_resolved_slots(self) -> None:
        """Stored plans keep their slots; JSON without them has defaults."""
        twice = Frequency(times_per_day=2, days=["mon", "wed", "fri"])
        plan = _plan(routine=_routine(twice))
        data = plan.to_dict()

        assert ["mon", "wed", "fri"] == data["days"]
        assert plan == Plan.from_dict(data)
        del data["days"], data["times"]
        assert plan == Plan.from_dict(data)


class TestAffectedSide:
    """The plan's side reaches JSON, timelines, handouts and calendars."""

    def test_json_round_trip(self) -> None:
        """The side is stored in the plan's JSON and read back."""
        plan = _plan(affected_side="left")

        data = json.loads(json.dumps(plan.to_dict()))

        assert "left" == data["affected_side"]
        assert plan == Plan.from_dict(data)
        assert Side.LEFT is Plan.from_dict(data).affected_side

    @pytest.mark.parametrize("bad", ["both", "affected", "none", 1, "Left"])
    def test_refused(self, bad: object) -> None:
        """Only left, right or None are sides."""
        with pytest.raises(ScheduleError) as info:
            _plan(affected_side=bad)

        assert "affected_side" == info.value.field

    def test_json_refuses_other_sides(self) -> None:
        """The schema refuses any other side at its path."""
        data = _plan().to_dict()
        data["affected_side"] = "both"

        with pytest.raises(InvalidDataError) as info:
            Plan.from_dict(data)

        assert ["$.affected_side"] == [
            p.json_path for p in info.value.problems
        ]

    def test_timeline_honours_the_side(self) -> None:
        """The plan's timeline works the one-sided stretch on its side."""
        plan = _plan(affected_side="right")

        timeline = plan.timeline(plan.take(1)[0])

        assert Side.RIGHT == timeline[1].side
        assert Side.AFFECTED == _plan().timeline()[1].side

    def test_handouts_name_the_side(self) -> None:
        """Handouts name the side, and where each-side exercises start."""
        routine = _routine()

        html = to_html(routine, affected_side="left")
        markdown = to_markdown(routine, affected_side="right")

        assert "Left side only" in html
        assert "start on the left side" in html
        assert "Affected side: left." in html
        assert "Right side only" in markdown
        assert "Affected side only" in to_html(routine)
        assert "Affected side only" not in html

    def test_handout_refuses_bad_side(self) -> None:
        """A handout refuses a side that is not left or right."""
        with pytest.raises(ScheduleError):
            to_markdown(_routine(), affected_side="up")

    def test_ics_names_the_side(self) -> None:
        """The calendar description names the plan's side."""
        stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

        with_side = to_ics(_plan(affected_side="left"), dtstamp=stamp)
        without = to_ics(_plan(), dtstamp=stamp)

        assert b"Affected side: left" in with_side.replace(b"\r\n ", b"")
        assert b"Affected side" not in without


@pytest.mark.usefixtures("fresh_catalog")
class TestCliSide:
    """Every command honours --side or refuses it (exit 2)."""

    def test_export_html_side_changes_output(
        self, tmp_path: pathlib.Path
    ) -> None:
        """An HTML export with --side left differs and names the side."""
        plain, left = tmp_path / "plain.html", tmp_path / "left.html"

        assert 0 == _run("export", RELIEF, "--html", str(plain))[0]
        assert (
            0
            == _run("export", RELIEF, "--html", str(left), "--side", "left")[0]
        )

        assert plain.read_bytes() != left.read_bytes()
        assert "Left side only" in left.read_text(encoding="utf-8")

    def test_plan_json_stores_the_side(self) -> None:
        """The plan command stores --side right in the plan JSON."""
        code, out, _ = _run(
            "plan", RELIEF, *PLAN, "--side", "right", "--format", "json"
        )

        assert 0 == code
        assert "right" == json.loads(out)["plan"]["affected_side"]

    def test_plan_text_names_the_side(self) -> None:
        """The plan command's text names the affected side."""
        code, out, _ = _run("plan", RELIEF, *PLAN, "--side", "left")

        assert 0 == code
        assert "Affected side: left" in out.splitlines()[1]

    def test_timeline_total_says_about(self) -> None:
        """A timeline total holding a distance reads "about"."""
        walk = Exercise(id="walk", name="Walk", summary="W.", steps=["W."])
        routine = Routine(id="w", name="W", items=[walk.prescribe("400 m")])

        lines = cli_text.timeline_lines(routine, session_timeline(routine))

        assert lines[-1].startswith("Total: about ")

    def test_routine_json_refuses_side(self, tmp_path: pathlib.Path) -> None:
        """A routine exported as JSON has no side: --side is refused."""
        target = tmp_path / "r.json"

        code, _, err = _run(
            "export", RELIEF, "--json", str(target), "--side", "left"
        )

        assert 2 == code
        assert "--side" in err
        assert not target.exists()


class TestMetadata:
    """Host metadata: a small JSON object, frozen, that round-trips."""

    def test_round_trip(self) -> None:
        """Metadata survives JSON text unchanged."""
        metadata = {"patient": "p-17", "program": 3, "tags": ["knee", None]}
        plan = _plan(metadata=metadata)

        data = json.loads(json.dumps(plan.to_dict()))

        assert metadata == data["metadata"]
        assert plan == Plan.from_dict(data)
        assert isinstance(hash(plan), int)

    def test_frozen_copy(self) -> None:
        """Changing the dict given afterwards changes nothing."""
        metadata: dict[str, object] = {"tags": ["a"]}
        plan = _plan(metadata=metadata)

        metadata["tags"] = ["b"]

        assert ("a",) == plan.metadata["tags"]
        with pytest.raises(TypeError):
            plan.metadata["x"] = 1  # type: ignore[index]

    def test_empty_is_left_out(self) -> None:
        """A plan without metadata writes no metadata key."""
        assert "metadata" not in _plan().to_dict()

    @pytest.mark.parametrize(
        ("metadata", "why"),
        [
            ("p-17", "got a str"),
            ({"a": "x" * 5000}, "bytes"),
            ({"a": {"b": {"c": {"d": {"e": 1}}}}}, "levels"),
            ({1: "x"}, "keys must be strings"),
            ({"x" * 65: 1}, "keys must be strings"),
            ({"a": float("nan")}, "JSON cannot hold"),
            ({"a": 2**60}, "exact"),
            ({"a": {1, 2}}, "not JSON data"),
        ],
    )
    def test_refused(self, metadata: object, why: str) -> None:
        """Metadata that is not a small JSON object is refused."""
        with pytest.raises(ScheduleError, match=why) as info:
            _plan(metadata=metadata)

        assert "metadata" == info.value.field

    def test_json_size_refused_at_its_path(self) -> None:
        """Plan JSON with oversized metadata is refused at $.metadata."""
        data = _plan().to_dict()
        data["metadata"] = {"a": "x" * 5000}

        with pytest.raises(InvalidDataError) as info:
            Plan.from_dict(data)

        assert ["$.metadata"] == [p.json_path for p in info.value.problems]


def _sciatica() -> Routine:
    """The four sciatica stretches: three 30 s holds, one 5 s rotation."""

    def exercise(exercise_id: str, laterality: str) -> Exercise:
        return Exercise(
            id=exercise_id,
            name=exercise_id.replace("-", " ").capitalize(),
            summary="Stretch.",
            steps=["Stretch."],
            laterality=laterality,
        )

    return Routine(
        id="sciatica",
        name="Sciatica",
        items=[
            exercise("hurdler", "affected").prescribe("1 x 1 x 30 s"),
            exercise("hamstring", "affected").prescribe("1 x 1 x 30 s"),
            exercise("rotation", "alternating").prescribe("1 x 10 x 5 s"),
            exercise("gluteus", "affected").prescribe("1 x 1 x 30 s"),
        ],
    )


class TestItemProgressions:
    """A progression attached to one item replaces the plan's for it."""

    def test_weekly_hold_grows_only_the_stretches(self) -> None:
        """+5 s a week on the stretches leaves the rotation's 5 s holds."""
        grow = Progression(every_weeks=1, add_hold_seconds=5)
        plan = Plan(
            routine=_sciatica(),
            start=dt.date(2026, 12, 7),
            weeks=4,
            timezone="UTC",
            progression=grow,
            item_progressions={2: None},
        )

        last = list(plan.sessions())[-1].routine.items

        assert [45.0, 45.0, 5.0, 45.0] == [i.dosage.hold_seconds for i in last]

    def test_own_progression_overrides_default(self) -> None:
        """An item's own progression replaces the plan-wide one."""
        plan = Plan(
            routine=_sciatica(),
            start=dt.date(2026, 12, 7),
            weeks=3,
            timezone="UTC",
            progression=Progression(every_weeks=1, add_hold_seconds=5),
            item_progressions={
                2: Progression(every_weeks=1, add_reps=2, max_reps=12)
            },
        )

        last = list(plan.sessions())[-1].routine.items

        assert (12, 5.0) == (last[2].dosage.reps, last[2].dosage.hold_seconds)
        assert 40.0 == last[0].dosage.hold_seconds
        assert plan == Plan.from_dict(json.loads(json.dumps(plan.to_dict())))

    def test_load_work_and_range(self) -> None:
        """Loads and timed work grow within caps; ranges move up whole."""
        bend = Exercise(id="squat", name="Squat", summary="S.", steps=["S."])
        plank = Exercise(id="plank", name="Plank", summary="P.", steps=["P."])
        routine = Routine(
            id="r",
            name="R",
            items=[
                bend.prescribe("3 x 8-12 @ 20 kg"),
                plank.prescribe("3 x 30 s"),
            ],
        )
        plan = Plan(
            routine=routine,
            start=dt.date(2026, 12, 7),
            weeks=6,
            timezone="UTC",
            item_progressions={
                0: Progression(
                    every_weeks=2, add_load=2.5, add_reps=1, max_reps=13
                ),
                1: Progression(
                    every_weeks=1, add_work_seconds=10, max_work_seconds=60
                ),
            },
        )

        weekly = [s.routine.items for s in plan.sessions()][::7]

        assert ["3 Sets / 8-12 Reps / 20 kg"] * 2 + [
            "3 Sets / 9-13 Reps / 22.5 kg"
        ] * 2 + ["3 Sets / 9-13 Reps / 25 kg"] * 2 == [
            str(items[0].dosage) for items in weekly
        ]
        assert [30.0, 40.0, 50.0, 60.0, 60.0, 60.0] == [
            items[1].dosage.work_seconds for items in weekly
        ]

    @pytest.mark.parametrize(
        ("own", "field"),
        [
            ({7: None}, "item_progressions"),
            ({"2": None}, "item_progressions"),
            ({2: "weekly"}, "item_progressions"),
            ("weekly", "item_progressions"),
        ],
    )
    def test_refused(self, own: object, field: str) -> None:
        """Unknown items and non-progressions are refused, named."""
        with pytest.raises(ScheduleError) as info:
            Plan(
                routine=_sciatica(),
                start=dt.date(2026, 12, 7),
                weeks=2,
                timezone="UTC",
                item_progressions=own,  # type: ignore[arg-type]
            )

        assert field == info.value.field

    def test_item_progression_that_never_applies(self) -> None:
        """An item's progression that could never grow it is refused."""
        with pytest.raises(ScheduleError, match="never apply") as info:
            Plan(
                routine=_sciatica(),
                start=dt.date(2026, 12, 7),
                weeks=2,
                timezone="UTC",
                item_progressions={
                    0: Progression(every_weeks=1, add_work_seconds=5)
                },
            )

        assert "item_progressions" == info.value.field


class TestDoubleProgression:
    """Climb the rep range, then add load and start again at the bottom."""

    def test_cycles(self) -> None:
        """8-12 by +2: 8, 10, then +2.5 kg back at 8, up to the load cap."""
        grow = Progression(
            every_weeks=1, add_reps=2, add_load=2.5, max_load=25, double=True
        )
        base = Dosage.parse("3 x 8-12 @ 20 kg")

        shown = [str(grow.apply(base, steps)) for steps in range(7)]

        assert [
            "3 Sets / 8-12 Reps / 20 kg",
            "3 Sets / 10-12 Reps / 20 kg",
            "3 Sets / 8-12 Reps / 22.5 kg",
            "3 Sets / 10-12 Reps / 22.5 kg",
            "3 Sets / 8-12 Reps / 25 kg",
            "3 Sets / 10-12 Reps / 25 kg",
            "3 Sets / 10-12 Reps / 25 kg",
        ] == shown
        assert not grow.can_grow(grow.apply(base, 5))

    def test_needs_reps_and_load(self) -> None:
        """A double progression without add_load is refused, named."""
        with pytest.raises(ScheduleError) as info:
            Progression(every_weeks=1, add_reps=2, double=True)

        assert "double" == info.value.field

    def test_in_a_plan_and_json(self) -> None:
        """A plan with a double progression round-trips through JSON."""
        squat = Exercise(id="squat", name="Squat", summary="S.", steps=["S."])
        routine = Routine(
            id="r", name="R", items=[squat.prescribe("3 x 8-12 @ 20 kg")]
        )
        plan = Plan(
            routine=routine,
            start=dt.date(2026, 12, 7),
            weeks=3,
            timezone="UTC",
            progression=Progression(
                every_weeks=1, add_reps=4, add_load=5, double=True
            ),
        )

        weekly = [str(s.routine.items[0].dosage) for s in plan.sessions()]

        assert [
            "3 Sets / 8-12 Reps / 20 kg",
            "3 Sets / 8-12 Reps / 25 kg",
            "3 Sets / 8-12 Reps / 30 kg",
        ] == weekly[::7]
        assert plan.to_dict()["progression"]["double"] is True
        assert plan == Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
