"""Grown dosages built without checks equal the ones the checks build."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exerciselib import Dosage, Progression
from exerciselib.exceptions import InvalidValueError
from strategies import (
    growing_progressions,
    progressions,
    small_dosages,
    small_prescriptions,
)

pytestmark = pytest.mark.property


@given(
    st.one_of(small_dosages(), small_prescriptions()),
    st.one_of(progressions(), growing_progressions()),
    st.integers(0, 5000),
)
def test_apply_equals_validated(
    base: Dosage, progression: Progression, steps: int
) -> None:
    """apply() gives the very dosage Dosage(...) builds from its fields."""
    grown = progression.apply(base, steps)

    rebuilt = Dosage(**attrs.asdict(grown, recurse=False))

    assert rebuilt == grown
    assert repr(rebuilt) == repr(grown)
    assert str(rebuilt) == str(grown)


def test_cap_past_the_dosage_limit_is_still_refused() -> None:
    """A progression capped above the dosage limits cannot build past them."""
    progression = Progression(every_weeks=1, add_reps=500, max_reps=5000)

    with pytest.raises(InvalidValueError):
        progression.apply(Dosage(reps=10), 3)
