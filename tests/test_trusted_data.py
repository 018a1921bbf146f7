"""Loading JSON once validated: one check per document, or none if trusted."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from hypothesis import given

from exerciselib import (
    Dosage,
    Exercise,
    InvalidDataError,
    Plan,
    Routine,
    _schema,
)
from exerciselib._model.convert import TRUSTED_HINT
from strategies import plans, routines

if typing.TYPE_CHECKING:
    from collections.abc import Callable

_JSON = dict[str, typing.Any]


def _exercise() -> Exercise:
    return Exercise(
        id="knee-bend",
        name="Knee bend",
        summary="Bend and straighten the knee.",
        steps=("Sit tall.", "Bend the knee."),
    )


def _plan() -> Plan:
    routine = Routine(
        id="knees",
        name="Knees",
        items=[_exercise().prescribe("2x10")],
    )
    return Plan(
        routine=routine,
        start=dt.date(2026, 1, 5),
        weeks=52,
        times=[dt.time(8), dt.time(18)],
        timezone="Europe/Berlin",
    )


def _count_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> list[str]:
    """Record the schema each document is validated against."""
    seen: list[str] = []
    real = _schema.problems

    def spy(instance: object, name: str, **kwargs: typing.Any) -> object:
        seen.append(name)
        return real(instance, name, **kwargs)

    monkeypatch.setattr(_schema, "problems", spy)
    return seen


class TestValidatedOnce:
    """The default path validates each document exactly once."""

    def test_plan(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A plan is checked against plan.json only, its routine inside."""
        data = _plan().to_dict()
        seen = _count_checks(monkeypatch)

        assert _plan() == Plan.from_dict(data)
        assert ["plan"] == seen

    @pytest.mark.parametrize(
        ("load", "data"),
        [
            (Plan.from_dict, _plan().to_dict()),
            (Routine.from_dict, _plan().routine.to_dict()),
            (Exercise.from_dict, _exercise().to_dict()),
            (Dosage.from_dict, Dosage.parse("3x12").to_dict()),
        ],
    )
    def test_trusted_skips_the_schema(
        self,
        monkeypatch: pytest.MonkeyPatch,
        load: Callable[..., object],
        data: _JSON,
    ) -> None:
        """Trusted data builds the same value without any schema check."""
        expected = load(data)
        seen = _count_checks(monkeypatch)

        assert expected == load(data, trusted=True)
        assert [] == seen


class TestTrustedRoundTrip:
    """What to_dict wrote, trusted from_dict reads back equal."""

    @given(plans())
    def test_plans(self, plan: Plan) -> None:
        """Any plan comes back equal through to_dict and a trusted load."""
        assert plan == Plan.from_dict(plan.to_dict(), trusted=True)

    @given(routines)
    def test_routines(self, routine: Routine) -> None:
        """Any routine comes back equal through to_dict and a trusted load."""
        assert routine == Routine.from_dict(routine.to_dict(), trusted=True)


class TestHostileData:
    """Hostile data is refused by default; trusted loads still type-check."""

    def _hostile(self) -> _JSON:
        data = _plan().to_dict()
        data["routine"]["items"][0]["exercise"]["steps"] = ["x"] * 500
        data["routine"]["items"][0]["exercise"]["script"] = "<script>"
        return data

    def test_default_refuses(self) -> None:
        """The default path lists every schema problem with its path."""
        with pytest.raises(InvalidDataError) as caught:
            Plan.from_dict(self._hostile())

        paths = {problem.json_path for problem in caught.value.problems}
        assert {
            "$.routine.items[0].exercise",
            "$.routine.items[0].exercise.steps",
        } == paths

    def test_trusted_still_checks_values(self) -> None:
        """A value a type refuses is refused even from trusted data."""
        data = _plan().to_dict()
        data["routine"]["items"][0]["dosage"]["sets"] = 0

        with pytest.raises(InvalidDataError, match="sets"):
            Plan.from_dict(data, trusted=True)

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"routine": 3, "start": "2026-01-05", "timezone": "UTC"},
            [],
            None,
        ],
    )
    def test_trusted_malformed_is_one_error(self, data: object) -> None:
        """Malformed trusted data raises InvalidDataError, not KeyError."""
        with pytest.raises(InvalidDataError) as caught:
            Plan.from_dict(data, trusted=True)

        assert TRUSTED_HINT in str(caught.value)
        assert "$" == caught.value.problems[0].json_path
