"""Properties of supersets and circuits in timelines."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exerciselib import Routine, Timeline, session_timeline
from exerciselib._schedule.build import (
    DEFAULT_SWITCH_SIDE_SECONDS,
    session_length_ms,
)
from strategies import grouped_routines

pytestmark = pytest.mark.property


def _one_set_ms(routine: Routine, index: int) -> int:
    """One set of item ``index`` alone, from a one-item timeline."""
    item = attrs.evolve(
        routine.items[index],
        dosage=attrs.evolve(routine.items[index].dosage, sets=1),
    )
    alone = Routine(id="one", name="One", items=[item])
    return session_timeline(
        alone, setup_seconds=0, switch_side_seconds=DEFAULT_SWITCH_SIDE_SECONDS
    ).total_ms


class TestGroups:
    """
    The session length rule stays exact with groups.

    The total equals the sum of the steps and the closed form; the
    steps are contiguous and survive JSON; adding a round (one more set
    for every member) adds exactly one round's length: each member's
    set, the rests between exercises, and one rest between rounds.
    """

    @given(grouped_routines())
    def test_closed_form_and_json(self, routine: Routine) -> None:
        """The closed form equals the built total; JSON round-trips."""
        timeline = session_timeline(routine)

        assert timeline.total_ms == session_length_ms(routine)
        assert timeline.total_ms == sum(s.duration_ms for s in timeline)
        assert timeline == Timeline.from_dict(
            json.loads(json.dumps(timeline.to_dict()))
        )
        assert routine == Routine.from_dict(
            json.loads(json.dumps(routine.to_dict()))
        )

    @given(grouped_routines(), st.data())
    def test_one_more_round(
        self, routine: Routine, data: st.DataObject
    ) -> None:
        """A round more adds its members' sets and its rests, exactly."""
        group = data.draw(st.sampled_from(routine.groups))
        sets = {i: routine.items[i].dosage.sets for i in group.indexes}
        rounds = max(sets.values())
        # Members with every round get one more set: one round more.
        grown = [
            attrs.evolve(
                item,
                dosage=attrs.evolve(item.dosage, sets=item.dosage.sets + 1),
            )
            if i in group.indexes and sets[i] == rounds
            else item
            for i, item in enumerate(routine.items)
        ]
        more = attrs.evolve(routine, items=grown)
        full = [i for i in group.indexes if sets[i] == rounds]
        expected = (
            sum(_one_set_ms(routine, i) for i in full)
            + (len(full) - 1)
            * round(group.rest_between_exercises_seconds * 1000)
            + round(group.rest_between_rounds_seconds * 1000)
        )

        assert expected == (
            session_timeline(more).total_ms
            - session_timeline(routine).total_ms
        )

    @given(grouped_routines())
    def test_rounds_interleave(self, routine: Routine) -> None:
        """In a group, each round does every member still in it, in order."""
        timeline = session_timeline(routine)
        for group in routine.groups:
            work = [
                (s.set_number, s.item_index)
                for s in timeline
                if s.kind.is_work and s.item_index in group.indexes
            ]
            order = [key for n, key in enumerate(work) if key not in work[:n]]
            expected = [
                (number, i)
                for number in range(
                    1,
                    max(routine.items[i].dosage.sets for i in group.indexes)
                    + 1,
                )
                for i in group.indexes
                if routine.items[i].dosage.sets >= number
            ]

            assert expected == order
