"""Tests for pack format 2 and the migration of format 1 packs."""

from __future__ import annotations

import json
import pathlib
import shutil

import attrs
import exerciselib_sciatica

from exerciselib import load_pack, session_timeline
from exerciselib._packs.reader import CURRENT_FORMAT, MIGRATIONS

#: The sciatica pack as installed, in format 2.
PACK = pathlib.Path(exerciselib_sciatica.__file__).parent
#: The sciatica pack's manifest as released in format 1.
FORMAT_1 = (
    pathlib.Path(__file__).parent / "packs" / "format-1" / "sciatica-pack.json"
)


def _format_1_copy(target: pathlib.Path) -> pathlib.Path:
    """A copy of the sciatica pack whose manifest is the format 1 one."""
    folder = target / "sciatica"
    shutil.copytree(PACK, folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(FORMAT_1, folder / "pack.json")
    return folder


class TestFormat2:
    """Format 2 is current; format 1 packs load through the migration."""

    def test_current(self) -> None:
        """The sciatica pack is written in the current format, 2."""
        manifest = json.loads((PACK / "pack.json").read_text(encoding="utf-8"))

        assert 2 == CURRENT_FORMAT == manifest["format"]
        assert 1 in MIGRATIONS

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
            k: attrs.evolve(e, pack_version="1.2.0")
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
