"""Tests for provenance: where each exercise of a routine or plan came from."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import exerciselib_sciatica
import pytest

from exerciselib import (
    Exercise,
    InvalidDataError,
    InvalidValueError,
    Plan,
    Routine,
    load_pack,
)

PACK = pathlib.Path(exerciselib_sciatica.__file__).parent


class TestProvenance:
    """Pack exercises record their pack and version, in JSON too."""

    def test_loaded_exercises(self) -> None:
        """Every exercise of a pack carries the pack's id and version."""
        pack = load_pack(PACK)
        hurdler = pack.exercise("seated-hurdler-stretch")

        assert ("sciatica", "1.3.0") == (hurdler.pack, hurdler.pack_version)
        assert "sciatica:seated-hurdler-stretch" == hurdler.qualified_id

    def test_stored_routine_and_plan(self) -> None:
        """Routine and plan JSON keep each exercise's provenance."""
        routine = load_pack(PACK).routines["sciatica-relief"]
        plan = Plan(
            routine=routine,
            start=dt.date(2026, 12, 7),
            weeks=1,
            timezone="UTC",
        )

        data = json.loads(json.dumps(plan.to_dict()))

        assert {("sciatica", "1.3.0")} == {
            (i["exercise"]["pack"], i["exercise"]["pack_version"])
            for i in data["routine"]["items"]
        }
        assert plan == Plan.from_dict(data)
        assert routine == Routine.from_dict(routine.to_dict())

    def test_pack_files_cannot_claim_another_pack(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A pack file's own provenance is replaced by the loader's."""
        manifest = json.loads((PACK / "pack.json").read_text("utf-8"))
        manifest["exercises"] = [
            {
                "id": "stretch",
                "name": "Stretch",
                "summary": "Stretch.",
                "steps": ["Stretch."],
                "pack": "other",
                "pack_version": "9.9.9",
            }
        ]
        manifest["routines"] = []
        (tmp_path / "pack.json").write_text(json.dumps(manifest), "utf-8")

        exercise = load_pack(tmp_path).exercise("stretch")

        assert ("sciatica", "1.3.0") == (exercise.pack, exercise.pack_version)

    def test_code_exercises_have_none(self) -> None:
        """An exercise built in code has no pack; its id is unqualified."""
        bend = Exercise(id="bend", name="Bend", summary="B.", steps=["B."])

        assert (None, "bend") == (bend.pack, bend.qualified_id)
        assert "pack" not in bend.to_dict()

    @pytest.mark.parametrize("bad", ["Sciatica", "a b", ""])
    def test_bad_pack_id(self, bad: str) -> None:
        """The pack must be a valid id."""
        with pytest.raises(InvalidValueError) as info:
            Exercise(id="b", name="B", summary="B.", steps=["B."], pack=bad)

        assert "pack" == info.value.field


class TestOneIdOneExercise:
    """Two different exercises with one local id in a routine are refused."""

    def _exercise(self, pack: str, name: str = "Stretch") -> Exercise:
        return Exercise(
            id="stretch", name=name, summary="S.", steps=["S."], pack=pack
        )

    def test_refused(self) -> None:
        """Same id from two packs: refused, naming both qualified ids."""
        with pytest.raises(InvalidValueError) as info:
            Routine(
                id="r",
                name="R",
                items=[
                    self._exercise("knee").prescribe("1 x 5"),
                    self._exercise("hip").prescribe("1 x 5"),
                ],
            )

        message = str(info.value)

        assert "items" == info.value.field
        assert "knee:stretch" in message
        assert "hip:stretch" in message

    def test_same_exercise_twice(self) -> None:
        """The same exercise twice (warm-up and cool-down) is fine."""
        stretch = self._exercise("knee")

        routine = Routine(
            id="r",
            name="R",
            items=[stretch.prescribe("1 x 5"), stretch.prescribe("1 x 8")],
        )

        assert 2 == len(routine.items)

    def test_json_path(self) -> None:
        """From JSON, the refusal is located at the routine's items."""
        data = {
            "id": "r",
            "name": "R",
            "items": [
                {"exercise": self._exercise("knee").to_dict()},
                {"exercise": self._exercise("knee", "Other").to_dict()},
            ],
        }

        with pytest.raises(InvalidDataError) as info:
            Routine.from_dict(data)

        assert ["$.items"] == [p.json_path for p in info.value.problems]
