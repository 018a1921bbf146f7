"""Golden and error-path tests for session timelines."""

from __future__ import annotations

import json
import math

import pytest

from exerciselib import (
    Dosage,
    Exercise,
    InvalidDataError,
    Laterality,
    Routine,
    ScheduleError,
    ScheduleValueError,
    Side,
    Step,
    StepKind,
    Timeline,
    session_timeline,
)


def exercise(
    exercise_id: str, name: str, laterality: Laterality | str = "none"
) -> Exercise:
    """Build a minimal exercise."""
    return Exercise(
        id=exercise_id,
        name=name,
        summary=f"{name}.",
        steps=["Do it gently."],
        laterality=laterality,
    )


def routine_of(*items: tuple[Exercise, str | Dosage]) -> Routine:
    """Build a routine from (exercise, dosage) pairs."""
    return Routine(
        id="test",
        name="Test",
        items=[ex.prescribe(dosage) for ex, dosage in items],
    )


@pytest.fixture
def sciatica() -> Routine:
    """The article's four exercises, as the sciatica pack declares them."""
    return routine_of(
        (
            exercise(
                "seated-hurdler-stretch", "Seated hurdler stretch", "affected"
            ),
            "1 Set / 1 Rep / 30 s hold",
        ),
        (
            exercise(
                "hamstring-stretch-in-stand",
                "Hamstring stretch in stand",
                "affected",
            ),
            "1 Set / 1 Rep / 30 s hold",
        ),
        (
            exercise(
                "lower-trunk-rotation", "Lower trunk rotation", "alternating"
            ),
            "1 Set / 10 Reps / 5 s hold",
        ),
        (
            exercise(
                "gluteus-medius-stretch-in-supine",
                "Gluteus medius stretch in supine",
                "affected",
            ),
            "1 Set / 1 Rep / 30 s hold",
        ),
    )


def shape(
    timeline: Timeline,
) -> list[tuple[str, int, int | None, int | None, str, int, int]]:
    """Summarise each step: kind, item, set, rep, side, start, duration."""
    return [
        (
            s.kind.value,
            s.item_index,
            s.set_number,
            s.rep_number,
            s.side.value,
            s.start_ms,
            s.duration_ms,
        )
        for s in timeline
    ]


class TestSciaticaTimeline:
    """The sciatica routine's timeline, step by step."""

    def test_whole_list(self, sciatica: Routine) -> None:
        """The defaults give setup, holds and transitions in this order."""
        rotation = []
        for rep in range(1, 11):
            start = 110_000 + (rep - 1) * 10_000
            rotation += [
                ("hold", 2, 1, rep, "right", start, 5000),
                ("hold", 2, 1, rep, "left", start + 5000, 5000),
            ]
        expected = [
            ("setup", 0, None, None, "affected", 0, 10_000),
            ("hold", 0, 1, 1, "affected", 10_000, 30_000),
            ("transition", 1, None, None, "none", 40_000, 10_000),
            ("setup", 1, None, None, "affected", 50_000, 10_000),
            ("hold", 1, 1, 1, "affected", 60_000, 30_000),
            ("transition", 2, None, None, "none", 90_000, 10_000),
            ("setup", 2, None, None, "right", 100_000, 10_000),
            *rotation,
            ("transition", 3, None, None, "none", 210_000, 10_000),
            ("setup", 3, None, None, "affected", 220_000, 10_000),
            ("hold", 3, 1, 1, "affected", 230_000, 30_000),
        ]

        assert expected == shape(session_timeline(sciatica))

    def test_hold_counts(self, sciatica: Routine) -> None:
        """The routine has 1 + 1 + 20 + 1 holds."""
        timeline = session_timeline(sciatica)

        assert [1, 1, 20, 1] == [
            sum(s.kind is StepKind.HOLD for s in timeline.for_item(i))
            for i in range(4)
        ]

    def test_total_is_sum_of_steps(self, sciatica: Routine) -> None:
        """The total is the sum of all durations, in ms and in seconds."""
        timeline = session_timeline(sciatica)

        assert (
            260_000
            == timeline.total_ms
            == sum(s.duration_ms for s in timeline)
        )
        assert 260.0 == timeline.total

    def test_cues(self, sciatica: Routine) -> None:
        """Cues name the step, the exercise, the side and the rep."""
        timeline = session_timeline(sciatica, affected_side="left")

        assert [
            "Get into position: Seated hurdler stretch",
            "Hold: Seated hurdler stretch, left side, rep 1 of 1",
            "Next: Hamstring stretch in stand",
        ] == [s.cue for s in timeline[:3]]
        assert "Hold: Lower trunk rotation, right side, rep 1 of 10" == (
            timeline[8].cue
        )

    def test_affected_side_named(self, sciatica: Routine) -> None:
        """A named affected side replaces 'affected' and leads alternation."""
        timeline = session_timeline(sciatica, affected_side=Side.LEFT)

        assert ["left", "left", "left", "right", "left"] == [
            s.side.value
            for s in timeline
            if s.kind is StepKind.HOLD and (s.rep_number or 0) <= 2
        ][:5]


class TestLaterality:
    """Each laterality's sides and rests."""

    def test_none(self) -> None:
        """No side: reps with rests between them, rests between sets."""
        routine = routine_of(
            (
                exercise("bridge", "Bridge"),
                Dosage(
                    sets=2,
                    reps=2,
                    hold_seconds=3,
                    rest_between_reps_seconds=1,
                    rest_between_sets_seconds=4,
                ),
            )
        )
        expected = [
            ("hold", 0, 1, 1, "none", 0, 3000),
            ("rest-between-reps", 0, 1, 1, "none", 3000, 1000),
            ("hold", 0, 1, 2, "none", 4000, 3000),
            ("rest-between-sets", 0, 1, None, "none", 7000, 4000),
            ("hold", 0, 2, 1, "none", 11_000, 3000),
            ("rest-between-reps", 0, 2, 1, "none", 14_000, 1000),
            ("hold", 0, 2, 2, "none", 15_000, 3000),
        ]

        assert expected == shape(session_timeline(routine, setup_seconds=0))

    def test_each_side(self) -> None:
        """Each side in turn: a side's reps, a switch, the other side's."""
        routine = routine_of(
            (
                exercise("clam", "Clam", "each-side"),
                Dosage(
                    sets=2,
                    reps=2,
                    hold_seconds=2,
                    rest_between_reps_seconds=1,
                    rest_between_sets_seconds=3,
                ),
            )
        )
        expected = [
            ("setup", 0, None, None, "right", 0, 10_000),
            ("hold", 0, 1, 1, "right", 10_000, 2000),
            ("rest-between-reps", 0, 1, 1, "right", 12_000, 1000),
            ("hold", 0, 1, 2, "right", 13_000, 2000),
            ("switch-side", 0, 1, None, "left", 15_000, 5000),
            ("hold", 0, 1, 1, "left", 20_000, 2000),
            ("rest-between-reps", 0, 1, 1, "left", 22_000, 1000),
            ("hold", 0, 1, 2, "left", 23_000, 2000),
            ("rest-between-sets", 0, 1, None, "none", 25_000, 3000),
            ("hold", 0, 2, 1, "right", 28_000, 2000),
            ("rest-between-reps", 0, 2, 1, "right", 30_000, 1000),
            ("hold", 0, 2, 2, "right", 31_000, 2000),
            ("switch-side", 0, 2, None, "left", 33_000, 5000),
            ("hold", 0, 2, 1, "left", 38_000, 2000),
            ("rest-between-reps", 0, 2, 1, "left", 40_000, 1000),
            ("hold", 0, 2, 2, "left", 41_000, 2000),
        ]

        assert expected == shape(session_timeline(routine))

    def test_each_side_starts_on_affected_side(self) -> None:
        """A named affected side is done first."""
        routine = routine_of(
            (exercise("clam", "Clam", "each-side"), "1 x 1 x 2s")
        )
        timeline = session_timeline(
            routine, affected_side="left", setup_seconds=0
        )

        assert [
            ("hold", "left"),
            ("switch-side", "right"),
            ("hold", "right"),
        ] == [(s.kind.value, s.side.value) for s in timeline]

    def test_alternating_rests_after_every_hold(self) -> None:
        """Alternating: rests follow every hold but the last of the set."""
        routine = routine_of(
            (
                exercise("twist", "Twist", "alternating"),
                Dosage(reps=2, hold_seconds=1, rest_between_reps_seconds=0.5),
            )
        )
        expected = [
            ("hold", 0, 1, 1, "right", 0, 1000),
            ("rest-between-reps", 0, 1, 1, "right", 1000, 500),
            ("hold", 0, 1, 1, "left", 1500, 1000),
            ("rest-between-reps", 0, 1, 1, "left", 2500, 500),
            ("hold", 0, 1, 2, "right", 3000, 1000),
            ("rest-between-reps", 0, 1, 2, "right", 4000, 500),
            ("hold", 0, 1, 2, "left", 4500, 1000),
        ]

        assert expected == shape(session_timeline(routine, setup_seconds=0))

    def test_affected_without_name(self) -> None:
        """An affected-side exercise without a named side says 'affected'."""
        routine = routine_of(
            (exercise("lunge", "Lunge", "affected"), "1 x 2 x 1s")
        )

        assert {Side.AFFECTED} == {s.side for s in session_timeline(routine)}


class TestOptions:
    """Timing options and their defaults."""

    def test_reps_without_hold_use_rep_seconds(self) -> None:
        """A movement without a hold gives rep steps of rep_seconds."""
        routine = routine_of((exercise("squat", "Squat"), "1 x 3"))
        timeline = session_timeline(routine, rep_seconds=2.5)

        assert [
            ("setup", 10_000),
            ("rep", 2500),
            ("rep", 2500),
            ("rep", 2500),
        ] == [(s.kind.value, s.duration_ms) for s in timeline]
        assert "Rep: Squat, rep 2 of 3" == timeline[2].cue

    def test_default_rep_seconds(self) -> None:
        """A rep without a hold takes 3 s by default."""
        routine = routine_of((exercise("squat", "Squat"), "1 x 1"))

        assert 13.0 == session_timeline(routine).total

    def test_zero_length_steps_left_out(self) -> None:
        """Setup, transition and switch of 0 s leave no step behind."""
        routine = routine_of(
            (exercise("clam", "Clam", "each-side"), "1 x 1 x 2s"),
            (exercise("squat", "Squat"), "1 x 1"),
        )
        timeline = session_timeline(
            routine,
            setup_seconds=0,
            transition_seconds=0,
            switch_side_seconds=0,
        )

        assert ["hold", "hold", "rep"] == [s.kind.value for s in timeline]
        assert 7.0 == timeline.total

    def test_sets_named_in_cues(self) -> None:
        """Cues name the set when there is more than one."""
        routine = routine_of((exercise("squat", "Squat"), "2 x 1"))
        cues = [s.cue for s in session_timeline(routine, setup_seconds=0)]

        assert [
            "Rep: Squat, set 1 of 2, rep 1 of 1",
            "Rest 30 s before set 2 of 2",
            "Rep: Squat, set 2 of 2, rep 1 of 1",
        ] == cues

    def test_millisecond_offsets_do_not_drift(self) -> None:
        """Offsets are exact sums of whole milliseconds."""
        routine = routine_of(
            (
                exercise("tap", "Tap"),
                Dosage(
                    reps=1000, hold_seconds=0.1, rest_between_reps_seconds=0.2
                ),
            )
        )
        timeline = session_timeline(routine, setup_seconds=0.001)

        assert 1 + 1000 * 100 + 999 * 200 == timeline.total_ms
        assert timeline[-1].end_ms == timeline.total_ms


class TestSessionTimelineErrors:
    """Bad options raise ScheduleError naming the option."""

    @pytest.mark.parametrize(
        ("options", "field"),
        [
            # rep time must be positive
            ({"rep_seconds": 0}, "rep_seconds"),
            ({"rep_seconds": 0.0004}, "rep_seconds"),
            # others must be finite, non-negative numbers up to an hour
            ({"setup_seconds": -1}, "setup_seconds"),
            ({"transition_seconds": math.nan}, "transition_seconds"),
            ({"switch_side_seconds": math.inf}, "switch_side_seconds"),
            ({"setup_seconds": 3601}, "setup_seconds"),
            ({"setup_seconds": True}, "setup_seconds"),
            ({"setup_seconds": "10"}, "setup_seconds"),
            # the affected side is left or right
            ({"affected_side": "affected"}, "affected_side"),
            ({"affected_side": "up"}, "affected_side"),
            ({"affected_side": Side.NONE}, "affected_side"),
        ],
    )
    def test_bad_option(
        self, sciatica: Routine, options: dict[str, object], field: str
    ) -> None:
        """The error's field names the option at fault."""
        with pytest.raises(ScheduleError) as info:
            session_timeline(sciatica, **options)  # type: ignore[arg-type]

        assert field == info.value.field

    def test_not_a_routine(self) -> None:
        """Something other than a routine is refused."""
        with pytest.raises(ScheduleError, match="Routine") as info:
            session_timeline({"items": []})

        assert "routine" == info.value.field


class TestTimelineApi:
    """Timeline's sequence protocol, parts and steps."""

    def test_sequence(self, sciatica: Routine) -> None:
        """A timeline iterates, has a length and indexes like a tuple."""
        timeline = session_timeline(sciatica)

        assert 30 == len(timeline)
        assert timeline.steps == tuple(timeline)
        assert timeline.steps[-1] == timeline[-1]
        assert timeline.steps[1:3] == timeline[1:3]

    def test_for_item_keeps_offsets(self, sciatica: Routine) -> None:
        """A part keeps the session's offsets and includes its transition."""
        part = session_timeline(sciatica).for_item(1)

        assert [
            ("transition", 40_000),
            ("setup", 50_000),
            ("hold", 60_000),
        ] == [(s.kind.value, s.start_ms) for s in part]
        assert 50.0 == part.total

    def test_for_item_unknown(self, sciatica: Routine) -> None:
        """Asking for an item the timeline lacks raises ScheduleError."""
        with pytest.raises(ScheduleError) as info:
            session_timeline(sciatica).for_item(4)

        assert "index" == info.value.field

    def test_step_seconds(self) -> None:
        """Step shows start, duration and end in seconds."""
        step = Step(
            kind="hold",
            item_index=0,
            exercise_id="x",
            set_number=1,
            rep_number=1,
            side="left",
            start_ms=1500,
            duration_ms=250,
            cue="Hold",
        )

        assert (1.5, 0.25, 1.75, 1750) == (
            step.start,
            step.duration,
            step.end,
            step.end_ms,
        )

    def test_empty_timeline(self) -> None:
        """An empty timeline has length zero."""
        assert (0, 0.0) == (len(Timeline(steps=())), Timeline(steps=()).total)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"duration_ms": 0}, "duration_ms"),
            ({"duration_ms": -1}, "duration_ms"),
            ({"start_ms": 1.5}, "start_ms"),
            ({"set_number": 0}, "set_number"),
            ({"rep_number": True}, "rep_number"),
            # the timeline schema's limits: an id, a bounded cue
            ({"exercise_id": ""}, "exercise_id"),
            ({"cue": "x" * 2001}, "cue"),
            ({"kind": "nap"}, "kind"),
            ({"side": "up"}, "side"),
        ],
    )
    def test_bad_step(self, fields: dict[str, object], field: str) -> None:
        """A step with a bad value raises ScheduleError naming it."""
        values: dict[str, object] = {
            "kind": "hold",
            "item_index": 0,
            "exercise_id": "x",
            "set_number": 1,
            "rep_number": 1,
            "side": "none",
            "start_ms": 0,
            "duration_ms": 10,
            "cue": "Hold",
        }
        with pytest.raises(ScheduleValueError) as info:
            Step(**{**values, **fields})  # type: ignore[arg-type]

        assert field == info.value.field
        assert isinstance(info.value, ScheduleError)

    def test_gaps_refused(self, sciatica: Routine) -> None:
        """Steps that are not contiguous do not make a timeline."""
        steps = session_timeline(sciatica).steps
        with pytest.raises(ScheduleError, match="contiguous") as info:
            Timeline(steps=(steps[0], steps[2]))

        assert "steps" == info.value.field

    def test_not_steps_refused(self) -> None:
        """Anything but Step objects is refused."""
        with pytest.raises(ScheduleError) as info:
            Timeline(steps=[{"kind": "hold"}])  # type: ignore[list-item]

        assert "steps" == info.value.field


class TestTimelineJson:
    """Timelines to JSON data and back."""

    def test_round_trip(self, sciatica: Routine) -> None:
        """to_dict then from_dict (through JSON text) gives the timeline."""
        timeline = session_timeline(sciatica, affected_side="right")
        data = json.loads(json.dumps(timeline.to_dict()))

        assert timeline == Timeline.from_dict(data)
        assert 260_000 == data["total_ms"]

    def test_schema_problems(self, sciatica: Routine) -> None:
        """Data that breaks the schema lists every problem by path."""
        data = session_timeline(sciatica).to_dict()
        data["steps"][0]["kind"] = "nap"
        data["steps"][1]["side"] = "up"
        with pytest.raises(InvalidDataError) as info:
            Timeline.from_dict(data)

        assert ["$.steps[0].kind", "$.steps[1].side"] == [
            p.json_path for p in info.value.problems
        ]

    def test_bad_step_in_data(self, sciatica: Routine) -> None:
        """A hold of 0 ms is reported at its path."""
        data = session_timeline(sciatica).to_dict()
        data["steps"][1]["duration_ms"] = 0
        with pytest.raises(InvalidDataError) as info:
            Timeline.from_dict(data)

        assert ["$.steps[1].duration_ms"] == [
            p.json_path for p in info.value.problems
        ]

    def test_not_contiguous_in_data(self, sciatica: Routine) -> None:
        """Steps with a hole between them are reported at $.steps."""
        data = session_timeline(sciatica).to_dict()
        del data["steps"][1]
        with pytest.raises(InvalidDataError) as info:
            Timeline.from_dict(data)

        assert ["$.steps"] == [p.json_path for p in info.value.problems]

    def test_total_mismatch(self, sciatica: Routine) -> None:
        """A total_ms that the steps do not add up to is reported."""
        data = session_timeline(sciatica).to_dict()
        data["total_ms"] += 1
        with pytest.raises(InvalidDataError) as info:
            Timeline.from_dict(data)

        assert ["$.total_ms"] == [p.json_path for p in info.value.problems]
