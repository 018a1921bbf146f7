"""The length of a grown routine, by its dosages, equals the full sum."""

from __future__ import annotations

import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exerciselib._schedule.build import length_by_dosages, session_length_ms
from exerciselib._validators import trusted_evolve
from strategies import (
    grouped_routines,
    prescription_routines,
    small_dosages,
    small_prescriptions,
    timeline_routines,
)

if typing.TYPE_CHECKING:
    from exerciselib import Dosage, Routine

pytestmark = pytest.mark.property

_ROUTINES = st.one_of(timeline_routines(), prescription_routines())
_DOSAGES = st.one_of(small_dosages(), small_prescriptions())


def _with(routine: Routine, dosages: list[Dosage]) -> Routine:
    items = tuple(
        trusted_evolve(item, dosage=dosage)
        for item, dosage in zip(routine.items, dosages, strict=True)
    )
    return trusted_evolve(routine, items=items)


@given(_ROUTINES, st.data())
def test_equals_session_length(routine: Routine, data: st.DataObject) -> None:
    """With any other dosages, the length by dosages is session_length_ms."""
    dosages = [data.draw(_DOSAGES) for _ in routine.items]
    length = length_by_dosages(routine)
    if length is None:
        assert routine.groups
        return

    assert length(dosages) == session_length_ms(_with(routine, dosages))
    assert length([item.dosage for item in routine.items]) == (
        session_length_ms(routine)
    )


@given(grouped_routines())
def test_groups_take_the_full_sum(routine: Routine) -> None:
    """A routine with groups has no length by dosages: the full sum counts."""
    assert length_by_dosages(routine) is None
