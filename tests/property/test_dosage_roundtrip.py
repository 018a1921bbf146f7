"""Property: dosages survive their text and JSON forms unchanged."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from exerciselib import Dosage, DosageError
from strategies import dosages

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


#: What a DosageError from parse may name: the text or a field.
FIELDS = {"text", *attrs.fields_dict(Dosage)}


def _parse(text: str) -> Dosage | DosageError:
    """Return ``Dosage.parse(text)``, or the DosageError raised."""
    try:
        return Dosage.parse(text)
    except DosageError as error:
        return error


class TestParseRefusals:
    """Dosage.parse returns a dosage or raises DosageError, nothing else."""

    @given(st.text(max_size=40))
    @example("1 set / 1 rep / 30 s hold / 30 s hold")  # a repeated part
    @example("999999999 x 999999999 x 999999999.999999999 min")
    def test_any_text(self, text: str) -> None:
        """Any text is read or refused with DosageError."""
        result = _parse(text)

        if isinstance(result, DosageError):
            assert result.field in FIELDS
        else:
            assert isinstance(result, Dosage)

    @given(
        st.lists(
            st.sampled_from(
                [
                    "2",
                    "10",
                    "x",
                    "sets",
                    "rep",
                    "s",
                    "min",
                    "hold",
                    "/",
                    " ",
                    "rest between",
                    "reps",
                    "0.5",
                    "\N{MULTIPLICATION SIGN}",
                ]
            ),
            max_size=12,
        ).map("".join)
    )
    def test_near_miss_text(self, text: str) -> None:
        """Text built from the notation's own words is read or refused."""
        result = _parse(text)

        assert isinstance(result, Dosage) or result.field in FIELDS
