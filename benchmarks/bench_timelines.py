"""
5. Timelines: ``session_timeline`` of a 50-exercise routine.

The routine mixes every laterality, holds and plain reps, rests between
reps and sets. The floor builds the same number of plain tuples holding
the same fields (kind, item, exercise, set, rep, side, start, duration
and the cue text), in one loop.
"""

from __future__ import annotations

from _harness import Row, alternate, in_process, judge

import exerciselib

__all__ = ["routine", "run"]

_LATERALITY = ("none", "affected", "each-side", "alternating")
_DOSAGES = ("2 x 10", "3 x 5 x 10s", "1 x 8", "2 x 6 x 5s")


def routine(size: int = 50) -> exerciselib.Routine:
    """A routine of ``size`` exercises with mixed laterality and dosages."""
    items = []
    for index in range(size):
        exercise = exerciselib.Exercise(
            id=f"exercise-{index}",
            name=f"Exercise {index}",
            summary="Move slowly and breathe.",
            steps=["Get ready.", "Move."],
            laterality=_LATERALITY[index % 4],
        )
        dosage = exerciselib.Dosage.parse(_DOSAGES[(index // 4) % 4])
        if index % 3 == 0:
            dosage = exerciselib.Dosage(
                sets=dosage.sets,
                reps=dosage.reps,
                hold_seconds=dosage.hold_seconds,
                rest_between_reps_seconds=2,
            )
        items.append(exercise.prescribe(dosage))
    return exerciselib.Routine(id="long", name="Long routine", items=items)


def _floor(count: int) -> list[tuple[object, ...]]:
    """``count`` plain tuples with a timeline step's fields."""
    steps: list[tuple[object, ...]] = []
    offset = 0
    for index in range(count):
        duration = 3000
        steps.append(
            (
                "rep",
                index // 40,
                "exercise-0",
                1,
                index % 10 + 1,
                "right",
                offset,
                duration,
                f"Rep: Exercise {index // 40}, right side, rep {index % 10}",
            )
        )
        offset += duration
    return steps


def run(size: str = "full") -> list[Row]:
    """Time the timeline against the tuple floor, in turn."""
    subject = routine(50 if size == "full" else 8)
    repeat, number = (15, 5) if size == "full" else (1, 1)
    count = len(exerciselib.session_timeline(subject))
    if len(_floor(count)) != count:
        msg = "the floor must build as many tuples as the timeline has steps"
        raise SystemExit(msg)
    ours, floor = alternate(
        [
            lambda: in_process(
                lambda: exerciselib.session_timeline(subject), number=number
            ),
            lambda: in_process(lambda: _floor(count), number=number),
        ],
        repeat=repeat,
    )
    note = f"{count} steps; floor: {count} plain 9-tuples with cue text"
    name = f"5 timeline {len(subject.items)} exercises"
    return [judge(name, ours, floor, limit=3, note=note)]
