"""Tests for supersets and circuits: model, JSON, timelines, handouts."""

from __future__ import annotations

import pytest

from exerciselib import (
    Exercise,
    Group,
    InvalidDataError,
    InvalidValueError,
    Routine,
    session_timeline,
    to_html,
    to_markdown,
)


def _exercise(exercise_id: str) -> Exercise:
    """A small no-side exercise."""
    return Exercise(
        id=exercise_id,
        name=exercise_id.capitalize(),
        summary="Move.",
        steps=["Move."],
    )


def _routine(*groups: Group) -> Routine:
    """Three items: squat 3 x 2, row 2 x 2, plank 1 x 20 s."""
    return Routine(
        id="strength",
        name="Strength",
        items=[
            _exercise("squat").prescribe("3 x 2"),
            _exercise("row").prescribe("2 x 2"),
            _exercise("plank").prescribe("1 x 20 s"),
        ],
        groups=groups,
    )


class TestTimelines:
    """Groups interleave their members round by round, exactly."""

    def test_superset(self) -> None:
        """Superset: A set 1, B set 1, rest, A set 2, B set 2, rest, A."""
        routine = _routine(
            Group(kind="superset", first=0, rest_between_rounds_seconds=45)
        )

        timeline = session_timeline(
            routine, setup_seconds=0, transition_seconds=0, rep_seconds=1
        )
        shown = [
            (s.kind.value, s.item_index, s.set_number, s.duration)
            for s in timeline
        ]

        assert [
            ("rep", 0, 1, 1.0),
            ("rep", 0, 1, 1.0),
            ("rep", 1, 1, 1.0),
            ("rep", 1, 1, 1.0),
            ("rest-between-sets", 1, 1, 45.0),
            ("rep", 0, 2, 1.0),
            ("rep", 0, 2, 1.0),
            ("rep", 1, 2, 1.0),
            ("rep", 1, 2, 1.0),
            ("rest-between-sets", 1, 2, 45.0),
            ("rep", 0, 3, 1.0),
            ("rep", 0, 3, 1.0),
            ("work", 2, 1, 20.0),
        ] == shown
        assert "Rest 45 s before round 2 of 3" == timeline[4].cue
        assert "Rep: Squat, round 1 of 3, rep 1 of 2" == timeline[0].cue

    def test_circuit(self) -> None:
        """Circuit: each exercise once per round, rests between them."""
        routine = _routine(
            Group(
                kind="circuit",
                first=0,
                size=3,
                rest_between_rounds_seconds=60,
                rest_between_exercises_seconds=15,
            )
        )

        timeline = session_timeline(
            routine, setup_seconds=10, transition_seconds=0, rep_seconds=1
        )
        shown = [(s.kind.value, s.item_index, s.duration) for s in timeline]

        assert [
            ("setup", 0, 10.0),
            ("rep", 0, 1.0),
            ("rep", 0, 1.0),
            ("transition", 1, 15.0),
            ("setup", 1, 10.0),
            ("rep", 1, 1.0),
            ("rep", 1, 1.0),
            ("transition", 2, 15.0),
            ("setup", 2, 10.0),
            ("work", 2, 20.0),
            ("rest-between-sets", 2, 60.0),
            ("rep", 0, 1.0),
            ("rep", 0, 1.0),
            ("transition", 1, 15.0),
            ("rep", 1, 1.0),
            ("rep", 1, 1.0),
            ("rest-between-sets", 1, 60.0),
            ("rep", 0, 1.0),
            ("rep", 0, 1.0),
        ] == shown

    def test_for_item_spans_the_group(self) -> None:
        """An item's part holds the steps from its first to its last."""
        routine = _routine(Group(kind="superset", first=0))
        timeline = session_timeline(routine)

        part = timeline.for_item(1)

        assert {0, 1} == {s.item_index for s in part}
        assert 1 == part[0].item_index
        assert 1 == part[-1].item_index


class TestModel:
    """Groups are checked, labelled and written to JSON."""

    def test_labels(self) -> None:
        """Groups are lettered in order, members numbered from 1."""
        routine = _routine(Group(kind="superset", first=0))

        assert ["A1", "A2", None] == [routine.label(i) for i in range(3)]
        assert routine.group_of(2) is None

    @pytest.mark.parametrize(
        ("groups", "why"),
        [
            (
                [
                    Group(kind="superset", first=0),
                    Group(kind="superset", first=1),
                ],
                "must not overlap",
            ),
            ([Group(kind="circuit", first=1, size=3)], "must lie within"),
        ],
    )
    def test_refused(self, groups: list[Group], why: str) -> None:
        """Overlapping groups and groups past the items are refused."""
        with pytest.raises(InvalidValueError, match=why) as info:
            _routine(*groups)

        assert "groups" == info.value.field

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"kind": "triset", "first": 0}, "kind"),
            ({"kind": "superset", "first": -1}, "first"),
            ({"kind": "superset", "first": 0, "size": 1}, "size"),
            (
                {
                    "kind": "circuit",
                    "first": 0,
                    "rest_between_rounds_seconds": -1,
                },
                "rest_between_rounds_seconds",
            ),
        ],
    )
    def test_group_fields(self, fields: dict[str, object], field: str) -> None:
        """Each group field is checked and named."""
        with pytest.raises(InvalidValueError) as info:
            Group(**fields)  # type: ignore[arg-type]

        assert field == info.value.field

    def test_json(self) -> None:
        """Groups round-trip; bad ones are refused at their path."""
        routine = _routine(Group(kind="circuit", first=1, size=2))
        data = routine.to_dict()

        assert Routine.from_dict(data) == routine
        data["groups"] = [{"kind": "circuit", "first": 2, "size": 2}]
        with pytest.raises(InvalidDataError) as info:
            Routine.from_dict(data)

        assert ["$.groups"] == [p.json_path for p in info.value.problems]

    def test_handouts_label_groups(self) -> None:
        """Handouts open a group with its rounds and label its items."""
        routine = _routine(Group(kind="superset", first=0))

        html = to_html(routine)
        markdown = to_markdown(routine)

        line = "Superset A (A1, A2): 3 rounds, 60 s rest between rounds"
        assert line in html
        assert line in markdown
        assert "<h2>1. A1 Squat</h2>" in html
        assert "## 2. A2 Row" in markdown


class TestCalendar:
    """The .ics description shows groups as the handouts do."""

    def test_description_names_the_group(self) -> None:
        """A superset opens with its line, and its items carry A1, A2."""
        from exerciselib._export.ics import describe  # noqa: PLC0415 -- test

        routine = _routine(Group(kind="superset", first=0))

        assert [
            "Superset A (A1, A2): 3 rounds, 60 s rest between rounds",
            "1. A1 Squat: 3 Sets / 2 Reps",
            "2. A2 Row: 2 Sets / 2 Reps",
            "3. Plank: 1 Set / 20 s",
            "Session length: 2 min",
        ] == describe(routine, 120).splitlines()
