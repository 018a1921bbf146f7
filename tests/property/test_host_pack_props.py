"""Properties: a pack built in code is the pack its manifest would load as."""

from __future__ import annotations

import json
import pathlib
import tempfile
import typing

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import exerciselib
from exerciselib import Dosage, Exercise, Pack, Routine, load_pack
from strategies import dosages, exercises, routines

pytestmark = pytest.mark.property

#: Exercises without media: media need files in a pack folder.
plain_exercises = exercises.map(lambda e: attrs.evolve(e, media=()))


def _manifest(
    items: list[Exercise], kept: list[Routine]
) -> dict[str, typing.Any]:
    """The pack.json that Pack.from_objects checks for these objects."""
    return {
        "format": 1,
        "id": "host",
        "name": "Host",
        "version": "1.0.0",
        "description": "Host",
        "language": "en",
        "license": "NOASSERTION",
        "credits": [],
        "requires_exerciselib": ">=0",
        "exercises": [e.to_dict() for e in items],
        "routines": [r.to_dict() for r in kept],
    }


def _stamped(exercise: Exercise) -> Exercise:
    """``exercise`` with the provenance the loader gives it."""
    return attrs.evolve(exercise, pack="host", pack_version="1.0.0")


class TestFromObjects:
    """
    A pack built from objects equals the pack its manifest loads as.

    Rule: ``Pack.from_objects`` is checked exactly like a ``pack.json``
    with every exercise and routine embedded.
    """

    # Routines embed whole exercises, and each example writes a pack:
    # seconds per test.
    @pytest.mark.slow
    @given(
        items=st.lists(plain_exercises, max_size=3, unique_by=lambda e: e.id),
        kept=st.lists(routines, max_size=2, unique_by=lambda r: r.id),
    )
    def test_same_as_manifest(
        self, items: list[Exercise], kept: list[Routine]
    ) -> None:
        """Built and loaded, the exercises and routines are equal."""
        built = Pack.from_objects(
            id="host",
            name="Host",
            version="1.0.0",
            exercises=items,
            routines=kept,
        )
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "pack.json"
            path.write_text(json.dumps(_manifest(items, kept)))
            loaded = load_pack(folder)

        assert (loaded.exercises, loaded.routines) == (
            built.exercises,
            built.routines,
        )
        # The loader records each exercise's pack and version.
        assert [_stamped(e) for e in items] == list(built.exercises.values())
        assert [r.id for r in kept] == list(built.routines)
        assert [[i.dosage for i in r.items] for r in kept] == [
            [i.dosage for i in r.items] for r in built.routines.values()
        ]


class TestPublicRegistry:
    """The library's own output is valid through the public registry."""

    @given(value=dosages | plain_exercises)
    def test_valid(self, value: Dosage | Exercise) -> None:
        """to_dict output of any dosage or exercise has no schema error."""
        name = "dosage" if isinstance(value, Dosage) else "exercise"
        validator = Draft202012Validator(
            exerciselib.schema(name), registry=exerciselib.schema_registry()
        )

        assert [] == [
            e.message for e in validator.iter_errors(value.to_dict())
        ]
