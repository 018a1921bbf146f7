"""Properties of the new prescriptions in timelines: exact, closed form."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from exerciselib import Laterality, Routine, StepKind, Timeline
from exerciselib import session_timeline as timeline_of
from exerciselib._schedule.build import (
    DEFAULT_PACE_SECONDS_PER_KM,
    DEFAULT_REP_SECONDS,
    session_length_ms,
)
from strategies import prescription_routines, timeline_options

pytestmark = pytest.mark.property

_WORK = {StepKind.HOLD, StepKind.REP, StepKind.WORK, StepKind.DISTANCE}


class TestPrescriptionTimelines:
    """
    Each set of a rep range, tempo, timed or distance dosage is exact.

    A range is timed at its top; a tempo rep lasts the tempo's total;
    timed work and distance are one step per set and side; the closed
    form equals the built total; contiguity and JSON round trips hold.
    """

    @given(prescription_routines())
    def test_closed_form(self, routine: Routine) -> None:
        """The session length in closed form equals the built total."""
        expected = timeline_of(routine).total_ms

        assert expected == session_length_ms(routine)

    @given(prescription_routines(), timeline_options())
    def test_work_steps(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """Work steps: count, kind and length follow the dosage."""
        timeline = timeline_of(routine, **options)  # type: ignore[arg-type]
        rep_ms = round(
            float(options.get("rep_seconds", DEFAULT_REP_SECONDS)) * 1000  # type: ignore[arg-type]
        )
        for index, item in enumerate(routine.items):
            dosage = item.dosage
            sides = item.exercise.laterality.sides
            work = [s for s in timeline.for_item(index) if s.kind in _WORK]
            if dosage.work_seconds is not None:
                kinds, count = {StepKind.WORK}, 1
                lengths = {round(dosage.work_seconds * 1000)}
            elif dosage.distance_m is not None:
                kinds, count = {StepKind.DISTANCE}, 1
                lengths = {
                    max(
                        1,
                        round(dosage.distance_m * DEFAULT_PACE_SECONDS_PER_KM),
                    )
                }
            else:
                count = dosage.reps_max or dosage.reps
                hold = round(dosage.hold_seconds * 1000)
                kinds = {StepKind.HOLD if hold else StepKind.REP}
                tempo = sum(dosage.tempo) * 1000 if dosage.tempo else 0
                lengths = {hold or tempo or rep_ms}

            assert dosage.sets * count * sides == len(work)
            assert kinds == {s.kind for s in work}
            assert lengths == {s.duration_ms for s in work}
            if count == 1 and item.exercise.laterality is Laterality.NONE:
                assert all(s.rep_number in {None, 1} for s in work)

    @given(prescription_routines(), timeline_options())
    def test_contiguous_and_json(
        self, routine: Routine, options: dict[str, object]
    ) -> None:
        """Steps are contiguous from 0 and survive JSON text unchanged."""
        timeline = timeline_of(routine, **options)  # type: ignore[arg-type]
        text = json.dumps(timeline.to_dict())

        assert 0 == timeline[0].start_ms
        assert all(
            a.end_ms == b.start_ms
            for a, b in zip(timeline.steps, timeline.steps[1:], strict=False)
        )
        assert timeline == Timeline.from_dict(json.loads(text))

    @given(prescription_routines())
    def test_estimated_only_with_distance(self, routine: Routine) -> None:
        """A timeline is an estimate exactly when it holds a distance."""
        timeline = timeline_of(routine)

        assert timeline.estimated == any(
            item.dosage.distance_m is not None for item in routine.items
        )
