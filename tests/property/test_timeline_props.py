"""Properties of session timelines: the rules every timeline keeps."""

from __future__ import annotations

import itertools
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exerciselib import (
    Laterality,
    Routine,
    Side,
    Step,
    StepKind,
    Timeline,
    session_timeline,
)
from exerciselib._schedule.build import session_length_ms
from strategies import timeline_options, timeline_routines

pytestmark = pytest.mark.property

_WORK = {StepKind.HOLD, StepKind.REP}


class TestContiguity:
    """
    Steps follow one another with no gap or overlap.

    The rule: timeline steps are contiguous: the first starts at 0, each starts
    where the previous ended, and ``total`` is the sum of all durations.
    """

    @given(timeline_routines(), timeline_options())
    def test_contiguous(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """Steps start at 0, abut, and add up to the total."""
        timeline = session_timeline(routine, **options)  # type: ignore[arg-type]

        assert 0 == timeline[0].start_ms
        assert all(
            a.end_ms == b.start_ms for a, b in itertools.pairwise(timeline)
        )
        assert sum(s.duration_ms for s in timeline) == timeline.total_ms
        assert timeline[-1].end_ms == timeline.total_ms
        assert timeline.total_ms / 1000 == timeline.total


class TestDurations:
    """
    No step runs backwards, and every hold or rep takes time.

    The rule: every duration is non-negative; every hold or rep step is
    positive (and zero-length steps are left out entirely).
    """

    @given(timeline_routines(), timeline_options())
    def test_positive(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """No step lasts 0 ms or less."""
        timeline = session_timeline(routine, **options)  # type: ignore[arg-type]

        assert all(isinstance(s.duration_ms, int) for s in timeline)
        assert all(s.duration_ms > 0 for s in timeline)


class TestCounts:
    """
    Each item has exactly its dosage of holds, numbered in order.

    The rule: per item, the number of hold/rep steps is sets x reps x sides;
    set and rep numbers run 1..n in order; exercises keep the routine's order.
    """

    @given(timeline_routines(), timeline_options())
    def test_work_steps(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """Each item has sets x reps x sides work steps, numbered in order."""
        timeline = session_timeline(routine, **options)  # type: ignore[arg-type]

        assert [s.item_index for s in timeline] == sorted(
            s.item_index for s in timeline
        )
        for index, item in enumerate(routine.items):
            dosage = item.dosage
            sides = item.exercise.laterality.sides
            work = [s for s in timeline.for_item(index) if s.kind in _WORK]
            assert {item.exercise.id} == {s.exercise_id for s in work}
            assert dosage.sets * dosage.reps * sides == len(work)
            sets = [s.set_number or 0 for s in work]
            assert sets == sorted(sets)
            assert list(range(1, dosage.sets + 1)) == sorted(set(sets))
            for _, group in itertools.groupby(
                work, key=lambda s: s.set_number
            ):
                reps = [s.rep_number for s in group]
                per_side = (
                    [reps[i::sides] for i in range(sides)]
                    if (item.exercise.laterality is Laterality.ALTERNATING)
                    else [
                        reps[i * dosage.reps : (i + 1) * dosage.reps]
                        for i in range(sides)
                    ]
                )
                for run in per_side:
                    assert list(range(1, dosage.reps + 1)) == run


class TestSides:
    """
    Sides follow the exercise's laterality.

    The rule: alternating sides alternate; each-side-in-turn finishes one side
    before switching; no rest or switch step ends a session.
    """

    @given(timeline_routines(), timeline_options())
    def test_sides(self, routine: Routine, options: dict[str, object]) -> None:
        """Sides follow the laterality rule; the last step is work."""
        timeline = session_timeline(routine, **options)  # type: ignore[arg-type]

        assert timeline[-1].kind in _WORK
        for index, item in enumerate(routine.items):
            work = [s for s in timeline.for_item(index) if s.kind in _WORK]
            sides = [s.side for s in work]
            laterality = item.exercise.laterality
            if laterality is Laterality.ALTERNATING:
                assert all(a.other == b for a, b in itertools.pairwise(sides))
                assert all(a != b for a, b in itertools.pairwise(sides))
            elif laterality is Laterality.EACH_SIDE:
                for _, group in itertools.groupby(
                    work, key=lambda s: s.set_number
                ):
                    runs = [
                        k for k, _ in itertools.groupby(s.side for s in group)
                    ]
                    assert 2 == len(runs)
                    assert runs[0].other == runs[1]
            elif laterality is Laterality.NONE:
                assert {Side.NONE} == set(sides)
            else:
                assert 1 == len(set(sides))
                assert set(sides) <= {Side.AFFECTED, Side.LEFT, Side.RIGHT}


@pytest.mark.slow  # about a second or more
class TestDeterminismAndJson:
    """
    Timelines are deterministic and survive JSON.

    The rule: the same inputs always give the same outputs; JSON round trips
    are exact.
    """

    @given(timeline_routines(), timeline_options())
    def test_same_and_round_trip(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """Two builds are equal and survive JSON text unchanged."""
        timeline = session_timeline(routine, **options)  # type: ignore[arg-type]
        again = session_timeline(routine, **options)  # type: ignore[arg-type]
        text = json.dumps(timeline.to_dict())

        assert timeline == again
        assert timeline == Timeline.from_dict(json.loads(text))
        assert text == json.dumps(
            Timeline.from_dict(json.loads(text)).to_dict()
        )


class TestOneMoreRep:
    """
    One more rep costs exactly one rep on each side worked.

    The rule: adding one rep to an item lengthens the timeline by exactly that
    rep's hold (or rep time) plus its rest, times its sides (in each set: a set
    of n reps has n holds and n - 1 rests per side).
    """

    @given(timeline_routines(), timeline_options(), st.data())
    def test_one_more_rep(
        self, routine: Routine, options: dict[str, object], data: st.DataObject
    ) -> None:
        """One more rep adds sets x sides x (hold or rep time + rest)."""
        index = data.draw(st.integers(0, len(routine.items) - 1))
        item = routine.items[index]
        dosage = item.dosage
        more = attrs.evolve(
            routine,
            items=[
                attrs.evolve(
                    i, dosage=attrs.evolve(dosage, reps=dosage.reps + 1)
                )
                if n == index
                else i
                for n, i in enumerate(routine.items)
            ],
        )
        rep_ms = round(float(options.get("rep_seconds", 3)) * 1000)  # type: ignore[arg-type]
        work_ms = round(dosage.hold_seconds * 1000) or rep_ms
        rest_ms = round(dosage.rest_between_reps_seconds * 1000)
        sides = item.exercise.laterality.sides
        before = session_timeline(routine, **options)  # type: ignore[arg-type]
        after = session_timeline(more, **options)  # type: ignore[arg-type]

        assert dosage.sets * sides * (work_ms + rest_ms) == (
            after.total_ms - before.total_ms
        )


class TestSessionLength:
    """
    A plan's session length is its timeline's total.

    ``session_length_ms`` sums the timeline in closed form, so that
    plans need not build every step of every session.
    """

    @given(timeline_routines())
    def test_equals_timeline_total(self, routine: Routine) -> None:
        """The closed form equals the total of the built timeline."""
        expected = session_timeline(routine).total_ms

        assert expected == session_length_ms(routine)


class TestTrustedConstruction:
    """
    The engine builds steps without Step's checks; they must pass them.

    ``session_timeline`` sets each step's slots directly, for speed. Each
    step must equal, field by field and type by type, the step the
    validating ``Step(...)`` builds from the same values, and the
    timeline the one ``Timeline(...)`` builds.
    """

    @given(timeline_routines(), timeline_options())
    def test_steps_equal_validated(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """Rebuilding every step and the timeline validated changes nothing."""
        timeline = session_timeline(routine, **options)  # type: ignore[arg-type]

        rebuilt = Timeline(
            steps=[
                Step(**attrs.asdict(step, recurse=False)) for step in timeline
            ]
        )

        assert rebuilt == timeline
        assert repr(rebuilt) == repr(timeline)
        assert hash(rebuilt) == hash(timeline)
        assert [
            [type(value) for value in attrs.astuple(step, recurse=False)]
            for step in rebuilt
        ] == [
            [type(value) for value in attrs.astuple(step, recurse=False)]
            for step in timeline
        ]
        assert type(timeline.steps) is tuple
