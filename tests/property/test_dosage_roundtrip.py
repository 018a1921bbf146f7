"""Property: dosages survive their text and JSON forms unchanged."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from tests.strategies import dosages

from exerciselib import Dosage

pytestmark = pytest.mark.property


class TestTextRoundTrip:
    """``Dosage.parse(str(d)) == d`` for every valid dosage ``d``."""

    @given(dosages)
    @example(Dosage(hold_seconds=0.001))  # smallest hold str() writes
    @example(Dosage(hold_seconds=3600))  # largest hold, a whole number
    @example(Dosage(rest_between_sets_seconds=0))  # a rest below default
    @example(Dosage(sets=100, reps=1000, hold_seconds=1234.567))
    def test_parse_reads_back_str(self, dosage: Dosage) -> None:
        """Parsing the canonical text gives back an equal dosage."""
        parsed = Dosage.parse(str(dosage))

        assert dosage == parsed

    @given(dosages)
    def test_str_is_stable(self, dosage: Dosage) -> None:
        """The canonical text of a parsed dosage is the text parsed."""
        text = str(dosage)

        assert text == str(Dosage.parse(text))


class TestDictRoundTrip:
    """``Dosage.from_dict(d.to_dict()) == d`` for every valid dosage."""

    @given(dosages)
    def test_from_dict_reads_back_to_dict(self, dosage: Dosage) -> None:
        """Rebuilding from the JSON data gives back an equal dosage."""
        rebuilt = Dosage.from_dict(dosage.to_dict())

        assert dosage == rebuilt
