"""
Tests that trusted loads give the same values and errors on both paths.

A trusted exercise the fast validator accepts is built unchecked; any
other goes through the checking constructors. Each test runs with the
fast validator on and off (``validator_path``): the results must match.
"""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from hypothesis import given

from exerciselib import (
    Credit,
    Exercise,
    InvalidDataError,
    Plan,
    Routine,
)
from exerciselib._model import convert
from strategies import exercises, plans

_JSON = dict[str, typing.Any]

pytestmark = pytest.mark.usefixtures("validator_path")


def _plan_data() -> _JSON:
    exercise = Exercise(
        id="knee-bend",
        name="Knee bend",
        summary="Bend and straighten the knee.",
        steps=("Sit tall.", "Bend the knee."),
        credits=[Credit(name="A. Author", role="author")],
    )
    routine = Routine(
        id="knees", name="Knees", items=[exercise.prescribe("2x10")]
    )
    plan = Plan(
        routine=routine,
        start=dt.date(2026, 1, 5),
        weeks=4,
        timezone="Europe/Berlin",
    )
    return plan.to_dict()


def _refusal(data: _JSON) -> str:
    with pytest.raises(InvalidDataError) as caught:
        Plan.from_dict(data, trusted=True)
    return str(caught.value)


@given(plans())
def test_plans_round_trip(plan: Plan) -> None:
    """Any plan comes back equal through to_dict and a trusted load."""
    assert plan == Plan.from_dict(plan.to_dict(), trusted=True)


@given(exercises)
def test_exercises_round_trip(exercise: Exercise) -> None:
    """Any exercise comes back equal, field types too, when trusted."""
    loaded = Exercise.from_dict(exercise.to_dict(), trusted=True)

    assert exercise == loaded
    assert repr(exercise) == repr(loaded)


def test_tuples_in_trusted_data_are_read_as_lists() -> None:
    """An embedded exercise holding tuples, not JSON lists, builds equal."""
    data = _plan_data()
    expected = Plan.from_dict(data, trusted=True)
    exercise = data["routine"]["items"][0]["exercise"]
    exercise["steps"] = tuple(exercise["steps"])

    assert expected == Plan.from_dict(data, trusted=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "steps",
            ["x"] * 500,
            "Exercise steps must have from 1 to 50 items (it has 500)",
        ),
        ("steps", ["   "], "item 0 must not be blank"),
        ("name", 3, "Exercise name must be a string"),
        (
            "laterality",
            "upside-down",
            "'upside-down' is not a valid Laterality",
        ),
        ("script", "<script>", "unexpected keyword argument 'script'"),
    ],
)
def test_a_refused_embedded_exercise_is_refused_as_before(
    field: str, value: object, message: str
) -> None:
    """The types refuse a bad embedded exercise with the same message."""
    data = _plan_data()
    data["routine"]["items"][0]["exercise"][field] = value

    refusal = _refusal(data)

    assert message in refusal


def test_constructors_check_what_the_fast_validator_did_not_accept(
    validator_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the fast validator on, an accepted exercise skips the checks."""
    checked: list[str] = []
    real = convert.exercise_at

    def spy(data: _JSON, path: str) -> Exercise:
        checked.append(path)
        return real(data, path)

    monkeypatch.setattr(convert, "exercise_at", spy)
    Plan.from_dict(_plan_data(), trusted=True)
    bad = _plan_data()
    bad["routine"]["items"][0]["exercise"]["steps"] = ["   "]
    with pytest.raises(InvalidDataError):
        Plan.from_dict(bad, trusted=True)

    first = ["$.items[0].exercise"]  # relative to the routine
    assert checked == (first if validator_path == "fast" else first * 2)
