"""The shipped JSON Schemas, reached through the public API."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import typing

import pytest
from jsonschema import Draft202012Validator

import exerciselib
from exerciselib import (
    Dosage,
    Exercise,
    Frequency,
    Plan,
    Progression,
    Routine,
    UnknownIdError,
    session_timeline,
)

SCHEMA_DIR = pathlib.Path(__file__).parent.parent / "schemas"


def _routine() -> Routine:
    """A routine with an each-side and a holding exercise."""
    bridge = Exercise(
        id="bridge",
        name="Bridge",
        summary="Lift the hips.",
        steps=["Lie on your back.", "Lift your hips."],
        safety_cues=["Stop if it hurts."],
        tags=["strength"],
        body_regions=["hips"],
        laterality="each-side",
    )
    rotation = Exercise(
        id="rotation",
        name="Rotation",
        summary="Roll the knees.",
        steps=["Roll your knees."],
        laterality="alternating",
    )
    return Routine(
        id="back",
        name="Back",
        items=[
            bridge.prescribe("2 Sets / 8 Reps / 5 s hold"),
            rotation.prescribe("1 Set / 10 Reps / 5 s hold"),
        ],
        frequency=Frequency(times_per_day=1),
        advice=["Keep breathing."],
    )


def _plan() -> Plan:
    """A plan with a progression."""
    return Plan(
        routine=_routine(),
        start=dt.date(2026, 1, 5),
        weeks=4,
        timezone="Europe/Berlin",
        days=["mon", "thu"],
        times=[dt.time(8), dt.time(18)],
        progression=Progression(every_weeks=1, add_reps=1, max_reps=12),
    )


#: Each schema with the library's own output for it.
OUTPUTS: list[tuple[str, typing.Callable[[], object]]] = [
    ("dosage", lambda: Dosage.parse("3 x 10 x 5s").to_dict()),
    ("exercise", lambda: _routine().items[0].exercise.to_dict()),  # noqa: PLW0108 -- built per test
    ("routine", lambda: _routine().to_dict()),
    ("plan", lambda: _plan().to_dict()),
    ("timeline", lambda: session_timeline(_routine()).to_dict()),
]


class TestAccessors:
    """Each shipped schema is reachable from the public API."""

    def test_names(self) -> None:
        """schema_names lists every file in schemas/, sorted."""
        expected = tuple(sorted(p.stem for p in SCHEMA_DIR.glob("*.json")))

        assert expected == exerciselib.schema_names()

    @pytest.mark.parametrize("name", exerciselib.schema_names())
    def test_schema_is_the_file(self, name: str) -> None:
        """schema(name) is the shipped file's JSON, with its $id."""
        shipped = json.loads((SCHEMA_DIR / f"{name}.json").read_text())

        assert shipped == exerciselib.schema(name)

    def test_copy(self) -> None:
        """Changing a returned schema changes neither copies nor checks."""
        shipped = json.loads((SCHEMA_DIR / "dosage.json").read_text())
        first = exerciselib.schema("dosage")
        first["properties"].clear()
        first["required"] = ["nothing"]

        assert shipped == exerciselib.schema("dosage")
        assert Dosage(sets=1, reps=2) == Dosage.from_dict(
            {"sets": 1, "reps": 2}
        )

    def test_unknown(self) -> None:
        """An unknown name raises UnknownIdError listing the known names."""
        with pytest.raises(UnknownIdError, match="routine") as info:
            exerciselib.schema("routines")

        assert "routine" in info.value.suggestions

    def test_registry_resolves_every_ref(self) -> None:
        """The registry resolves each schema's $id to that schema."""
        registry = exerciselib.schema_registry()

        for name in exerciselib.schema_names():
            schema = exerciselib.schema(name)
            resolved = registry.resolver().lookup(schema["$id"]).contents

            assert schema == resolved


class TestOwnOutput:
    """The library's own to_dict output is valid against its schemas."""

    @pytest.mark.parametrize(
        ("name", "make"), OUTPUTS, ids=[name for name, _ in OUTPUTS]
    )
    def test_valid(self, name: str, make: typing.Callable[[], object]) -> None:
        """The output validates through the public registry."""
        validator = Draft202012Validator(
            exerciselib.schema(name),
            registry=exerciselib.schema_registry(),
        )

        assert [] == [e.message for e in validator.iter_errors(make())]

    def test_invalid_refused(self) -> None:
        """The registry-backed validator refuses output broken on purpose."""
        data = _routine().to_dict()
        data["items"][0]["exercise"]["laterality"] = "sideways"
        validator = Draft202012Validator(
            exerciselib.schema("routine"),
            registry=exerciselib.schema_registry(),
        )

        assert not validator.is_valid(data)
