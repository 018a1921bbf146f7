"""Properties: every core type survives JSON and matches its schema."""

from __future__ import annotations

import json
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import dosages, exercises, routines

from exerciselib import Dosage, Exercise, Routine
from exerciselib._validation import problems

pytestmark = pytest.mark.property

_Value = Dosage | Exercise | Routine


class _Case(typing.NamedTuple):
    """A type with ``to_dict``/``from_dict``, its schema and a strategy."""

    kind: typing.Any
    schema: str
    values: st.SearchStrategy[typing.Any]


CASES = [
    pytest.param(_Case(Dosage, "dosage", dosages), id="dosage"),
    pytest.param(_Case(Exercise, "exercise", exercises), id="exercise"),
    pytest.param(_Case(Routine, "routine", routines), id="routine"),
]


@pytest.mark.parametrize("case", CASES)
class TestSerialization:
    """
    Round trip and schema agreement for every serializable type.

    The rule: ``X.from_dict(x.to_dict()) == x``, and ``to_dict()`` always
    matches the schema and is plain JSON.
    """

    def test_round_trip(self, case: _Case) -> None:
        """Building from ``to_dict()`` gives back an equal value."""

        @given(case.values)
        def check(value: _Value) -> None:
            rebuilt = case.kind.from_dict(value.to_dict())

            assert value == rebuilt

        check()

    def test_to_dict_matches_schema(self, case: _Case) -> None:
        """Every ``to_dict()`` output validates against its schema."""

        @given(case.values)
        def check(value: _Value) -> None:
            found = problems(value.to_dict(), case.schema)

            assert found == []

        check()

    def test_to_dict_is_plain_json(self, case: _Case) -> None:
        """The data survives ``json.dumps`` and ``json.loads`` unchanged."""

        @given(case.values)
        def check(value: _Value) -> None:
            data = value.to_dict()

            assert data == json.loads(json.dumps(data))

        check()

    def test_round_trip_through_json_text(self, case: _Case) -> None:
        """Building from the parsed JSON text gives back an equal value."""

        @given(case.values)
        def check(value: _Value) -> None:
            text = json.dumps(value.to_dict())

            assert value == case.kind.from_dict(json.loads(text))

        check()
