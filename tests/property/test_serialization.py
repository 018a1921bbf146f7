"""Properties: every core type survives JSON and matches its schema."""

from __future__ import annotations

import json
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exerciselib import Dosage, Exercise, InvalidDataError, Routine
from exerciselib._schema import problems
from strategies import dosages, exercises, routines

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
    # Routines embed whole exercises: seconds per test.
    pytest.param(
        _Case(Routine, "routine", routines),
        id="routine",
        marks=pytest.mark.slow,
    ),
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


#: Arbitrary JSON data, biased towards the keys the schemas know.
_KEYS = st.sampled_from(
    [
        "id",
        "name",
        "summary",
        "steps",
        "items",
        "exercise",
        "dosage",
        "sets",
        "reps",
        "hold_seconds",
        "frequency",
        "days",
        "media",
        "path",
        "alt",
        "credits",
        "role",
        "laterality",
        "x",
    ]
)
json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(_KEYS | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=20,
)


def _read(kind: typing.Any, data: object) -> object:
    """Return ``kind.from_dict(data)``, or the InvalidDataError raised."""
    try:
        return kind.from_dict(data)
    except InvalidDataError as error:
        return error


@pytest.mark.parametrize("case", CASES)
class TestFromDictRefusals:
    """
    Bad data is refused with InvalidDataError, never another error.

    The rule: ``from_dict`` returns a value or raises InvalidDataError.
    """

    def test_arbitrary_data(self, case: _Case) -> None:
        """Random JSON-like data never escapes as a bare exception."""

        @given(json_data)
        def check(data: object) -> None:
            result = _read(case.kind, data)

            if isinstance(result, InvalidDataError):
                assert result.problems
            else:
                assert isinstance(result, case.kind)

        check()

    def test_one_field_replaced(self, case: _Case) -> None:
        """Valid data with one field replaced is read or refused cleanly."""

        @given(case.values, st.data())
        def check(value: _Value, data: st.DataObject) -> None:
            document = value.to_dict()
            key = data.draw(st.sampled_from(sorted(document)))
            document[key] = data.draw(json_data)
            result = _read(case.kind, document)

            if isinstance(result, InvalidDataError):
                assert result.problems
            else:
                assert isinstance(result, case.kind)

        check()
