"""Tests for pack format 3 and the migration of format 1 and 2 packs."""

from __future__ import annotations

import json
import pathlib
import shutil

import attrs
import exerciselib_sciatica

from exerciselib import load_pack, session_timeline
from exerciselib._packs.reader import CURRENT_FORMAT, MIGRATIONS

#: The sciatica pack as installed, in format 3.
PACK = pathlib.Path(exerciselib_sciatica.__file__).parent
#: The sciatica pack's manifest as released in format 1.
FORMAT_1 = (
    pathlib.Path(__file__).parent / "packs" / "format-1" / "sciatica-pack.json"
)
#: The sciatica pack as released in format 2 (1.1.0), every file.
FORMAT_2 = pathlib.Path(__file__).parent / "packs" / "format-2" / "sciatica"


def _format_1_copy(target: pathlib.Path) -> pathlib.Path:
    """A copy of the sciatica pack whose manifest is the format 1 one."""
    folder = target / "sciatica"
    shutil.copytree(PACK, folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(FORMAT_1, folder / "pack.json")
    return folder


class TestFormat2:
    """Format 3 is current; format 1 packs load through the migrations."""

    def test_current(self) -> None:
        """The sciatica pack is written in the current format, 3."""
        manifest = json.loads((PACK / "pack.json").read_text(encoding="utf-8"))

        assert 3 == CURRENT_FORMAT == manifest["format"]
        assert {1, 2} <= set(MIGRATIONS)

    def test_format_1_fixture_is_format_1(self) -> None:
        """The fixture is the manifest as it was released in format 1."""
        manifest = json.loads(FORMAT_1.read_text(encoding="utf-8"))

        assert 1 == manifest["format"]

    def test_format_1_pack_loads_unchanged(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A format 1 pack loads with the same exercises and timeline."""
        old = load_pack(_format_1_copy(tmp_path))
        new = load_pack(PACK)
        routine = "sciatica-relief"

        # Only the provenance differs: the format 1 release was 1.0.0.
        assert {"1.0.0"} == {e.pack_version for e in old.exercises.values()}
        assert {
            k: attrs.evolve(e, pack_version="1.3.0")
            for k, e in old.exercises.items()
        } == dict(new.exercises)
        assert [i.dosage for i in new.routines[routine].items] == [
            i.dosage for i in old.routines[routine].items
        ]
        assert session_timeline(
            new.routines[routine], affected_side="left"
        ) == session_timeline(old.routines[routine], affected_side="left")
        assert session_timeline(new.routines[routine]).total == 260.0

    def test_migration_is_pure(self) -> None:
        """The 1 to 2 migration only changes the format number."""
        manifest = json.loads(FORMAT_1.read_text(encoding="utf-8"))

        upgraded = MIGRATIONS[1](manifest)

        assert 2 == upgraded["format"]
        assert 1 == manifest["format"]
        assert {k: v for k, v in upgraded.items() if k != "format"} == {
            k: v for k, v in manifest.items() if k != "format"
        }


class TestFormat3:
    """Format 3 tells tips from warnings; format 2 packs keep loading."""

    def test_format_2_fixture_is_format_2(self) -> None:
        """The fixture is the pack as released in format 2, cues unsorted."""
        manifest = json.loads(
            (FORMAT_2 / "pack.json").read_text(encoding="utf-8")
        )
        files = [
            (FORMAT_2 / name).read_text(encoding="utf-8")
            for name in manifest["exercises"]
        ]

        assert (2, "1.1.0") == (manifest["format"], manifest["version"])
        assert not any("form_cues" in text for text in files)

    def test_format_2_pack_keeps_its_safety_cues(self) -> None:
        """A format 2 pack loads; its safety cues stay safety cues."""
        old = load_pack(FORMAT_2)
        new = load_pack(PACK)

        assert 3 == old.format
        for exercise_id, exercise in old.exercises.items():
            now = new.exercise(exercise_id)
            assert () == exercise.form_cues
            assert (*now.form_cues, *now.safety_cues) == exercise.safety_cues
        assert () == old.routines["sciatica-relief"].warning_signs
        assert [i.dosage for i in new.routines["sciatica-relief"].items] == [
            i.dosage for i in old.routines["sciatica-relief"].items
        ]

    def test_migration_is_pure(self) -> None:
        """The 2 to 3 migration only changes the format number."""
        manifest = json.loads(
            (FORMAT_2 / "pack.json").read_text(encoding="utf-8")
        )

        upgraded = MIGRATIONS[2](manifest)

        assert 3 == upgraded["format"]
        assert 2 == manifest["format"]
        assert {k: v for k, v in upgraded.items() if k != "format"} == {
            k: v for k, v in manifest.items() if k != "format"
        }

    def test_sorted_cues(self) -> None:
        """The sciatica pack sorts its cues into tips and one warning."""
        pack = load_pack(PACK)
        sorted_cues = {
            exercise_id: (
                len(exercise.form_cues),
                exercise.safety_cues,
            )
            for exercise_id, exercise in pack.exercises.items()
        }

        assert {
            "seated-hurdler-stretch": (1, ()),
            "hamstring-stretch-in-stand": (2, ()),
            "lower-trunk-rotation": (3, ()),
            "gluteus-medius-stretch-in-supine": (
                0,
                ("Check that the stretch causes no pain in your knee.",),
            ),
        } == sorted_cues

    def test_warning_signs(self) -> None:
        """The routine carries its three warning signs, in order."""
        routine = load_pack(PACK).routines["sciatica-relief"]

        assert 3 == len(routine.warning_signs)
        assert routine.warning_signs[0].startswith(
            "Stop the exercises and contact your clinician if the pain "
            "spreads further down your leg"
        )
        assert (
            "new numbness, tingling or weakness" in (routine.warning_signs[1])
        )
        assert routine.warning_signs[2].startswith("Get urgent medical help")
        assert any(
            credit.url == "https://www.nhs.uk/conditions/sciatica/"
            for credit in routine.credits
        )
