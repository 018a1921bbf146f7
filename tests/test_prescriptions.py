"""
Tests for the prescriptions clinicians write.

Ranges, time, distance, load, effort, tempo and per side, in the
notation, in JSON and in timelines.
"""

from __future__ import annotations

import math

import pytest

from exerciselib import (
    Dosage,
    DosageError,
    Exercise,
    InvalidDataError,
    InvalidValueError,
    Routine,
    Side,
    StepKind,
    session_timeline,
)


def _exercise(
    laterality: str = "none", exercise_id: str = "knee-bend"
) -> Exercise:
    """A small exercise with the given laterality."""
    return Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        summary="Move.",
        steps=["Move."],
        laterality=laterality,
    )


class TestNotation:
    """Every form the issue lists parses to its dosage and round-trips."""

    @pytest.mark.parametrize(
        ("raw", "expected", "canonical"),
        [
            # rep ranges
            (
                "3 x 8-12",
                Dosage(sets=3, reps=8, reps_max=12),
                "3 Sets / 8-12 Reps",
            ),
            (
                "3 sets of 8 to 12 reps",
                Dosage(sets=3, reps=8, reps_max=12),
                None,
            ),
            # timed work and a leading activity word
            ("3 x 30 s", Dosage(sets=3, work_seconds=30), "3 Sets / 30 s"),
            ("walk 10 min", Dosage(work_seconds=600), "1 Set / 10 min"),
            ("Brisk walk for 20 minutes", Dosage(work_seconds=1200), None),
            (
                "hold 1 min",
                Dosage(hold_seconds=60),
                "1 Set / 1 Rep / 60 s hold",
            ),
            ("3 x 90 s", Dosage(sets=3, work_seconds=90), "3 Sets / 90 s"),
            # distance
            ("2 x 400 m", Dosage(sets=2, distance_m=400), "2 Sets / 400 m"),
            ("walk 1.5 km", Dosage(distance_m=1500), "1 Set / 1500 m"),
            ("2 x 1 km", Dosage(sets=2, distance_m=1000), "2 Sets / 1 km"),
            # holds with sets x reps, as before
            ("2x10 5s hold", Dosage(sets=2, reps=10, hold_seconds=5), None),
            # per side
            (
                "10 reps each side",
                Dosage(reps=10, per_side=True),
                "1 Set / 10 Reps / each side",
            ),
            (
                "1 Set / 10 Reps / 5 s hold / each side",
                Dosage(reps=10, hold_seconds=5, per_side=True),
                "1 Set / 10 Reps / 5 s hold / each side",
            ),
            (
                "2 x 30 s each side",
                Dosage(sets=2, work_seconds=30, per_side=True),
                "2 Sets / 30 s / each side",
            ),
            # orders of sets and reps
            ("10 reps x 3 sets", Dosage(sets=3, reps=10), "3 Sets / 10 Reps"),
            ("3 sets of 10", Dosage(sets=3, reps=10), "3 Sets / 10 Reps"),
            # load
            (
                "3 x 10 @ 5 kg",
                Dosage(sets=3, reps=10, load_kg=5),
                "3 Sets / 10 Reps / 5 kg",
            ),
            (
                "3 x 10 @ 2.5kg",
                Dosage(sets=3, reps=10, load_kg=2.5),
                "3 Sets / 10 Reps / 2.5 kg",
            ),
            (
                "3 x 10 @ 10 lbs",
                Dosage(sets=3, reps=10, load_lb=10),
                "3 Sets / 10 Reps / 10 lb",
            ),
            (
                "2 x 12 @ red band",
                Dosage(sets=2, reps=12, band="red"),
                "2 Sets / 12 Reps / red band",
            ),
            (
                "2 x 12 @ Green Resistance Band",
                Dosage(sets=2, reps=12, band="green"),
                None,
            ),
            (
                "3 x 15 @ bodyweight",
                Dosage(sets=3, reps=15, bodyweight=True),
                "3 Sets / 15 Reps / bodyweight",
            ),
            # effort
            (
                "3 x 8 @ RPE 7",
                Dosage(sets=3, reps=8, rpe=7),
                "3 Sets / 8 Reps / RPE 7",
            ),
            (
                "3 x 8 @ rpe 7.5",
                Dosage(sets=3, reps=8, rpe=7.5),
                "3 Sets / 8 Reps / RPE 7.5",
            ),
            (
                "3 x 8, RIR 2",
                Dosage(sets=3, reps=8, rir=2),
                "3 Sets / 8 Reps / RIR 2",
            ),
            ("3 x 8, 2 reps in reserve", Dosage(sets=3, reps=8, rir=2), None),
            # tempo
            (
                "3 x 10, tempo 3-1-1-0",
                Dosage(sets=3, reps=10, tempo=(3, 1, 1, 0)),
                "3 Sets / 10 Reps / tempo 3-1-1-0",
            ),
            # everything at once
            (
                (
                    "3 x 8-12 @ 20 kg, RPE 8, tempo 2-0-1-0 / 90 s rest "
                    "between sets"
                ),
                Dosage(
                    sets=3,
                    reps=8,
                    reps_max=12,
                    load_kg=20,
                    rpe=8,
                    tempo=(2, 0, 1, 0),
                    rest_between_sets_seconds=90,
                ),
                (
                    "3 Sets / 8-12 Reps / tempo 2-0-1-0 / 20 kg / RPE 8"
                    " / 90 s rest between sets"
                ),
            ),
        ],
    )
    def test_examples(
        self, raw: str, expected: Dosage, canonical: str | None
    ) -> None:
        """Each text reads as its dosage, and str() reads back the same."""
        dosage = Dosage.parse(raw)

        assert expected == dosage
        assert dosage == Dosage.parse(str(dosage))
        if canonical is not None:
            assert canonical == str(dosage)

    @pytest.mark.parametrize(
        ("raw", "quoted"),
        [
            ("3 sets / 12 bananas", "'12 bananas' at position 9"),
            (
                "3 x 10 @ 5 kg @ 6 kg",
                "'6 kg' at position 16 gives load_kg a second time",
            ),
            ("3 x 10 @ purple band", "'purple band' at position 9"),
            ("3 x 10 /", "(after the separator at position 7) is empty"),
            ("walk", "'walk' at position 0"),
            ("3 x 10, tempo 3-1-1", "'tempo 3-1-1' at position 8"),
        ],
    )
    def test_refusal_names_the_part(self, raw: str, quoted: str) -> None:
        """A refusal quotes the part at fault and its position."""
        with pytest.raises(DosageError) as info:
            Dosage.parse(raw)

        assert quoted in str(info.value)
        assert ("text", raw) == (info.value.field, info.value.value)

    def test_value_out_of_range_names_the_field(self) -> None:
        """Readable text with a bad value names the field, not the text."""
        with pytest.raises(DosageError) as info:
            Dosage.parse("3 x 8 @ RPE 11")

        assert "rpe" == info.value.field


class TestValidation:
    """Every new field has documented bounds; errors name the field."""

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"reps_max": 1}, "reps_max"),
            ({"reps_max": 1001}, "reps_max"),
            ({"reps_max": 2.0}, "reps_max"),
            ({"reps": 10, "reps_max": 10}, "reps_max"),
            ({"work_seconds": 0}, "work_seconds"),
            ({"work_seconds": 0.0001}, "work_seconds"),
            ({"work_seconds": 3601}, "work_seconds"),
            ({"work_seconds": math.nan}, "work_seconds"),
            ({"work_seconds": "30"}, "work_seconds"),
            ({"distance_m": 0}, "distance_m"),
            ({"distance_m": 100_001}, "distance_m"),
            ({"distance_m": 0.5}, "distance_m"),
            ({"tempo": (3, 1, 1)}, "tempo"),
            ({"tempo": (0, 0, 0, 0)}, "tempo"),
            ({"tempo": (61, 0, 0, 0)}, "tempo"),
            ({"tempo": (3.0, 1, 1, 0)}, "tempo"),
            ({"tempo": "3-1-1-0"}, "tempo"),
            ({"load_kg": 0}, "load_kg"),
            ({"load_kg": 500.5}, "load_kg"),
            ({"load_kg": True}, "load_kg"),
            ({"load_lb": -1}, "load_lb"),
            ({"load_lb": math.inf}, "load_lb"),
            ({"band": "purple"}, "band"),
            ({"band": "Red"}, "band"),
            ({"bodyweight": 1}, "bodyweight"),
            ({"rpe": 0.5}, "rpe"),
            ({"rpe": 10.5}, "rpe"),
            ({"rpe": 7.25}, "rpe"),
            ({"rir": -1}, "rir"),
            ({"rir": 6}, "rir"),
            ({"rir": 2.0}, "rir"),
            ({"per_side": "yes"}, "per_side"),
        ],
        ids=repr,
    )
    def test_refused(self, fields: dict[str, object], field: str) -> None:
        """A value out of range or of the wrong type names its field."""
        with pytest.raises(DosageError) as info:
            Dosage(**fields)  # type: ignore[arg-type]

        assert field == info.value.field
        assert field in str(info.value)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"reps": 3, "work_seconds": 30}, "work_seconds"),
            ({"reps_max": 12, "reps": 8, "work_seconds": 30}, "work_seconds"),
            ({"hold_seconds": 5, "distance_m": 400}, "distance_m"),
            ({"work_seconds": 30, "distance_m": 400}, "distance_m"),
            ({"tempo": (3, 1, 1, 0), "work_seconds": 30}, "work_seconds"),
            ({"load_kg": 5, "load_lb": 10}, "load_lb"),
            ({"load_kg": 5, "band": "red"}, "band"),
            ({"band": "red", "bodyweight": True}, "bodyweight"),
            ({"rpe": 7, "rir": 2}, "rir"),
            ({"hold_seconds": 5, "tempo": (3, 1, 1, 0)}, "hold_seconds"),
        ],
    )
    def test_combinations_refused(
        self, fields: dict[str, object], field: str
    ) -> None:
        """Fields that exclude each other are refused, naming the later."""
        with pytest.raises(DosageError, match="cannot be combined") as info:
            Dosage(**fields)  # type: ignore[arg-type]

        assert field == info.value.field

    @pytest.mark.parametrize(
        "fields",
        [
            {"reps_max": 1000, "reps": 999},
            {"work_seconds": 3600},
            {"distance_m": 100_000},
            {"tempo": (60, 60, 60, 60)},
            {"load_kg": 500},
            {"load_lb": 1100},
            {"rpe": 1},
            {"rpe": 10},
            {"rir": 0},
            {"rir": 5},
            {"band": "gold", "rpe": 9.5},
            {"tempo": [3, 1, 1, 0]},
        ],
        ids=repr,
    )
    def test_bounds_accepted(self, fields: dict[str, object]) -> None:
        """The bounds themselves are valid, and tempo lists become tuples."""
        dosage = Dosage(**fields)  # type: ignore[arg-type]

        assert dosage == Dosage.parse(str(dosage))
        assert dosage.tempo is None or isinstance(dosage.tempo, tuple)


class TestJson:
    """New fields are written only when set, and read back."""

    def test_classic_json_unchanged(self) -> None:
        """A classic dosage writes exactly the five original fields."""
        assert {
            "sets": 1,
            "reps": 10,
            "hold_seconds": 5.0,
            "rest_between_reps_seconds": 0.0,
            "rest_between_sets_seconds": 30.0,
        } == Dosage(reps=10, hold_seconds=5).to_dict()

    def test_new_fields(self) -> None:
        """Set fields are written, a tempo as a list."""
        dosage = Dosage.parse(
            "3 x 8-12 @ red band, RIR 2, tempo 3-1-1-0 / each side"
        )

        data = dosage.to_dict()

        assert {
            "reps_max": 12,
            "band": "red",
            "rir": 2,
            "tempo": [3, 1, 1, 0],
            "per_side": True,
        }.items() <= data.items()
        assert dosage == Dosage.from_dict(data)

    def test_integral_floats(self) -> None:
        """JSON 12.0 counts as the integer 12, in a tempo too."""
        assert Dosage(
            reps=8, reps_max=12, tempo=(3, 1, 1, 0)
        ) == Dosage.from_dict(
            {"reps": 8, "reps_max": 12.0, "tempo": [3.0, 1, 1, 0]}
        )

    def test_schema_refuses_bad_band(self) -> None:
        """The schema refuses an unknown band colour at its path."""
        with pytest.raises(InvalidDataError) as info:
            Dosage.from_dict({"band": "purple"})

        assert ["$.band"] == [p.json_path for p in info.value.problems]

    def test_combination_refused_at_its_path(self) -> None:
        """A combination the schema allows is refused at the field's path."""
        with pytest.raises(InvalidDataError) as info:
            Dosage.from_dict({"load_kg": 5, "load_lb": 10})

        assert ["$.load_lb"] == [p.json_path for p in info.value.problems]


class TestPerSide:
    """A per-side count must agree with the exercise's laterality."""

    @pytest.mark.parametrize("laterality", ["each-side", "alternating"])
    def test_two_sides_accepted(self, laterality: str) -> None:
        """Exercises with two sides take a per-side count."""
        item = _exercise(laterality).prescribe("10 reps each side")

        assert item.dosage.per_side

    @pytest.mark.parametrize("laterality", ["none", "affected"])
    def test_one_side_refused(self, laterality: str) -> None:
        """An exercise with one side or none refuses it, naming the item."""
        with pytest.raises(InvalidValueError) as info:
            _exercise(laterality).prescribe("10 reps each side")

        message = str(info.value)

        assert "dosage" == info.value.field
        assert "'knee-bend'" in message
        assert f"'{laterality}'" in message
        assert "counts each side" in message

    def test_routine_json_names_the_item(self) -> None:
        """A routine from JSON refuses it at the item's path."""
        data = {
            "id": "knees",
            "name": "Knees",
            "items": [
                {
                    "exercise": _exercise("each-side", "lunge").to_dict(),
                    "dosage": {"reps": 10, "per_side": True},
                },
                {
                    "exercise": _exercise("affected").to_dict(),
                    "dosage": {"reps": 10, "per_side": True},
                },
            ],
        }

        with pytest.raises(InvalidDataError) as info:
            Routine.from_dict(data)

        (problem,) = info.value.problems

        assert "$.items[1].dosage" == problem.json_path
        assert "counts each side" in problem.message


class TestTimelines:
    """Timed, distance, tempo and range items give exact timelines."""

    def test_timed_work(self) -> None:
        """3 x 30 s: one 30 s work step per set, rests between sets."""
        routine = Routine(
            id="r",
            name="R",
            items=[_exercise().prescribe("3 x 30 s / 20 s rest between sets")],
        )

        timeline = session_timeline(routine, setup_seconds=0)

        assert [
            ("work", 30.0),
            ("rest-between-sets", 20.0),
            ("work", 30.0),
            ("rest-between-sets", 20.0),
            ("work", 30.0),
        ] == [(s.kind.value, s.duration) for s in timeline]
        assert "Work 30 s: Knee bend, set 1 of 3" == timeline[0].cue
        assert not timeline.estimated

    def test_timed_work_each_side(self) -> None:
        """2 x 30 s each side: a side, a switch, the other side, per set."""
        routine = Routine(
            id="r",
            name="R",
            items=[
                _exercise("each-side", "side-plank").prescribe(
                    "2 x 30 s each side"
                )
            ],
        )

        timeline = session_timeline(
            routine, affected_side="left", setup_seconds=0
        )

        assert [
            ("work", Side.LEFT),
            ("switch-side", Side.RIGHT),
            ("work", Side.RIGHT),
            ("rest-between-sets", Side.NONE),
            ("work", Side.LEFT),
            ("switch-side", Side.RIGHT),
            ("work", Side.RIGHT),
        ] == [(s.kind.value, s.side) for s in timeline]
        assert 2 * 60 + 2 * 5 + 30 == timeline.total

    def test_distance(self) -> None:
        """2 x 400 m: self-paced steps estimated at 12 min/km."""
        routine = Routine(
            id="r",
            name="R",
            items=[_exercise(exercise_id="walk").prescribe("2 x 400 m")],
        )

        timeline = session_timeline(routine, setup_seconds=0)
        faster = session_timeline(
            routine, setup_seconds=0, pace_seconds_per_km=360
        )

        assert [
            StepKind.DISTANCE,
            StepKind.REST_BETWEEN_SETS,
            StepKind.DISTANCE,
        ] == [s.kind for s in timeline]
        assert 288.0 == timeline[0].duration
        assert 144.0 == faster[0].duration
        assert timeline.estimated
        assert (
            "400 m at your own pace (about 288 s): Walk, set 1 of 2"
            == timeline[0].cue
        )

    def test_tempo(self) -> None:
        """A tempo of 3-1-1-0 makes each rep last 5 s, not rep_seconds."""
        routine = Routine(
            id="r",
            name="R",
            items=[_exercise().prescribe("1 x 4, tempo 3-1-1-0")],
        )

        timeline = session_timeline(routine, setup_seconds=0, rep_seconds=1)

        assert [5.0] * 4 == [s.duration for s in timeline]

    def test_range_timed_at_top(self) -> None:
        """3 x 8-12 is timed at 12 reps a set; the cue names the range."""
        routine = Routine(
            id="r", name="R", items=[_exercise().prescribe("1 x 8-12")]
        )

        timeline = session_timeline(routine, setup_seconds=0)

        assert 12 == len(timeline)
        assert "Rep: Knee bend, rep 12 of 8-12" == timeline[-1].cue

    def test_bad_pace_refused(self) -> None:
        """The pace must be more than 0 seconds per kilometre."""
        routine = Routine(
            id="r", name="R", items=[_exercise().prescribe("400 m")]
        )

        with pytest.raises(ValueError, match="pace_seconds_per_km"):
            session_timeline(routine, pace_seconds_per_km=0)
