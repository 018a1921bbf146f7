"""Tests for load_pack: the real sciatica pack, and every way to break one."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import typing

import pytest

import exerciselib
from exerciselib import (
    PackError,
    UnknownIdError,
    load_pack,
)
from exerciselib._packs import files, reader

ROOT = pathlib.Path(__file__).parent.parent
SCIATICA = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"
CASES = pathlib.Path(__file__).parent / "packs"
INVALID_EXPECTED = json.loads(
    (CASES / "expected-invalid.json").read_text(encoding="utf-8")
)


def minimal_manifest(
    pack_id: str = "demo", **extra: typing.Any
) -> dict[str, typing.Any]:
    """Return a small valid manifest with one inline exercise and routine."""
    manifest: dict[str, typing.Any] = {
        "format": 1,
        "id": pack_id,
        "name": "Demo pack",
        "version": "1.0.0",
        "description": "A pack for tests.",
        "language": "en-AU",
        "license": "CC0-1.0",
        "credits": [{"name": "Test author", "role": "author"}],
        "requires_exerciselib": ">=0.1",
        "exercises": [
            {
                "id": "knee-bend",
                "name": "Knee bend",
                "summary": "Bend the knee.",
                "steps": ["Sit tall.", "Bend and straighten the knee."],
            }
        ],
        "routines": [
            {
                "id": "daily",
                "name": "Daily",
                "items": [
                    {"exercise": "knee-bend", "dosage": {"reps": 10}},
                ],
            }
        ],
    }
    manifest.update(extra)
    return manifest


def write_pack(folder: pathlib.Path, manifest: object) -> pathlib.Path:
    """Write ``manifest`` as the pack.json of ``folder``; return folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture
def sciatica(tmp_path: pathlib.Path) -> pathlib.Path:
    """Return a writable copy of the sciatica pack folder."""
    copy = tmp_path / "sciatica"
    shutil.copytree(SCIATICA, copy)
    return copy


def edit_json(
    path: pathlib.Path, change: typing.Callable[[typing.Any], object]
) -> None:
    """Load the JSON file at ``path``, apply ``change``, write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def failure(folder: pathlib.Path, **kwargs: typing.Any) -> PackError:
    """Load ``folder`` expecting a PackError; return it."""
    with pytest.raises(PackError) as info:
        load_pack(folder, **kwargs)
    return info.value


def assert_names(
    error: PackError, *, pack: str, file: str, json_path: str
) -> None:
    """Check the error's fields and that its message names the place."""
    assert (pack, file, json_path) == (
        error.pack,
        error.file,
        error.json_path,
    )
    assert f"{pack}: {file}: {json_path}: " in str(error)


class TestLoadPackSciatica:
    """load_pack on the real sciatica pack folder."""

    def test_loads(self) -> None:
        """The sciatica pack loads with four exercises and one routine."""
        pack = load_pack(SCIATICA)

        assert "sciatica" == pack.id
        assert 4 == len(pack.exercises)
        assert ["sciatica-relief"] == list(pack.routines)
        assert pack.distribution is None
        assert SCIATICA.resolve() == pack.root

    def test_lookup_suggests(self) -> None:
        """An unknown local id raises UnknownIdError with close matches."""
        pack = load_pack(SCIATICA)

        with pytest.raises(UnknownIdError) as info:
            pack.exercise("lower-trunk-rotaton")

        assert ("lower-trunk-rotation",) == info.value.suggestions
        assert "lower-trunk-rotation" in str(info.value)
        assert isinstance(info.value, LookupError)

    def test_qualified_lookup(self) -> None:
        """A pack finds its own content by qualified id too."""
        pack = load_pack(SCIATICA)

        assert pack.exercise("sciatica:lower-trunk-rotation") is (
            pack.exercise("lower-trunk-rotation")
        )
        assert "sciatica:x" == pack.qualified_id("x")

    def test_read_only(self, sciatica: pathlib.Path) -> None:
        """Loading changes no file of a read-only pack and adds none."""

        def tree() -> dict[str, str]:
            return {
                str(p.relative_to(sciatica)): hashlib.sha256(
                    p.read_bytes()
                ).hexdigest()
                for p in sorted(sciatica.rglob("*"))
                if p.is_file()
            }

        before = tree()
        for path in sciatica.rglob("*"):
            path.chmod(path.stat().st_mode & ~0o222)
        try:
            load_pack(sciatica)
        finally:
            for path in sciatica.rglob("*"):
                path.chmod(path.stat().st_mode | 0o200)

        assert before == tree()

    def test_immutable(self) -> None:
        """The mappings of a pack cannot be changed."""
        pack = load_pack(SCIATICA)

        with pytest.raises(TypeError):
            pack.exercises["x"] = pack.exercise("lower-trunk-rotation")  # type: ignore[index]


class TestManifestFiles:
    """tests/packs: valid and invalid manifests, one case a file."""

    @pytest.mark.parametrize(
        "name",
        sorted(p.name for p in (CASES / "valid").glob("*.json")),
    )
    def test_valid(self, name: str, tmp_path: pathlib.Path) -> None:
        """Each valid manifest loads."""
        folder = tmp_path / "pack"
        folder.mkdir()
        shutil.copy(CASES / "valid" / name, folder / "pack.json")

        pack = load_pack(folder)

        assert pack.exercises

    @pytest.mark.parametrize(
        "name",
        sorted(p.name for p in (CASES / "invalid").glob("*.json")),
    )
    def test_invalid(self, name: str, tmp_path: pathlib.Path) -> None:
        """Each invalid manifest fails at the path its sidecar names."""
        expected = INVALID_EXPECTED[name]
        folder = tmp_path / "pack"
        folder.mkdir()
        shutil.copy(CASES / "invalid" / name, folder / "pack.json")

        error = failure(folder)

        # A manifest without a valid id is named after its folder.
        label = expected["pack"] or folder.name
        assert expected["pack"] == error.pack
        assert ("pack.json", expected["json_path"]) == (
            error.file,
            error.json_path,
        )
        assert f"{label}: pack.json: {expected['json_path']}: " in str(error)
        assert expected["message"] in str(error)

    def test_sidecar_complete(self) -> None:
        """Every invalid case has an expectation, and no more."""
        names = {p.name for p in (CASES / "invalid").glob("*.json")}

        assert names == set(INVALID_EXPECTED)


class TestStrictJson:
    """JSON files are parsed strictly; each fault names its file."""

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            (b"\xef\xbb\xbf{}", "byte-order mark"),
            (b'{"id": "\xff"}', "not valid UTF-8"),
            (b'{"id": ', "invalid JSON at line 1"),
            (b'{"a": NaN}', "NaN is not a JSON number"),
            (b'{"a": -Infinity}', "-Infinity is not a JSON number"),
            (b'{"a": 1e999}', "too large"),
            (b'{"a": 1, "a": 2}', "appears twice"),
            (b'{"a": "\\ud800"}', "lone surrogate"),
            (b"[" * 100_000, "nested more than"),
            (b"[" * 40 + b"]" * 40, "nested more than"),
            (b'{"a": ' + b"9" * 5000 + b"}", "invalid JSON"),
        ],
    )
    def test_refused(
        self, raw: bytes, message: str, tmp_path: pathlib.Path
    ) -> None:
        """A malformed manifest is refused with the reason, at its root."""
        (tmp_path / "pack.json").write_bytes(raw)

        error = failure(tmp_path)

        assert "pack.json" == error.file
        assert message in str(error)

    def test_not_an_object(self, tmp_path: pathlib.Path) -> None:
        """A manifest that is not an object says so."""
        write_pack(tmp_path, [1, 2])

        error = failure(tmp_path)

        assert "must be a JSON object" in str(error)
        assert "$" == error.json_path

    def test_too_big_before_parsing(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file over the size limit is refused without being parsed."""
        (tmp_path / "pack.json").write_bytes(b" " * (1024 * 1024 + 1))
        monkeypatch.setattr(json, "loads", pytest.fail)

        error = failure(tmp_path)

        assert "the limit is 1048576 bytes" in str(error)

    def test_missing_manifest(self, tmp_path: pathlib.Path) -> None:
        """A folder without pack.json is refused, naming the file."""
        error = failure(tmp_path)

        assert "holds no pack.json: give the folder that holds" in str(error)
        assert "pack.json" == error.file

    def test_not_a_folder(self, tmp_path: pathlib.Path) -> None:
        """A path that is not a folder is refused."""
        (tmp_path / "file").write_text("x", encoding="utf-8")

        error = failure(tmp_path / "file")

        assert "is not a folder" in str(error)

    def test_every_problem_listed(self, tmp_path: pathlib.Path) -> None:
        """All schema problems of a manifest are listed, not only one."""
        manifest = minimal_manifest(name="", version="one")
        write_pack(tmp_path, manifest)

        error = failure(tmp_path)

        assert {"$.name", "$.version"} == {p.json_path for p in error.problems}
        assert "demo: pack.json: $.name: " in str(error)
        assert "demo: pack.json: $.version: " in str(error)


class TestFormat:
    """The manifest format: newer is refused, older than known too."""

    def test_newer(self, tmp_path: pathlib.Path) -> None:
        """A newer format is refused, saying which format is understood."""
        write_pack(tmp_path, minimal_manifest(format=4))

        error = failure(tmp_path)

        assert_names(
            error, pack="demo", file="pack.json", json_path="$.format"
        )
        assert "format 4 is newer" in str(error)
        assert "reads format 3" in str(error)

    def test_older(self, tmp_path: pathlib.Path) -> None:
        """A format older than any migration is refused explicitly."""
        write_pack(tmp_path, minimal_manifest(format=0))

        error = failure(tmp_path)

        assert_names(
            error, pack="demo", file="pack.json", json_path="$.format"
        )
        assert "format 0 is older" in str(error)

    def test_migration_applied(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A registered migration upgrades an older manifest in memory."""

        def upgrade(data: dict[str, typing.Any]) -> dict[str, typing.Any]:
            new = dict(data, format=1)
            new["name"] = new.pop("title")
            return new

        manifest = minimal_manifest(format=0, title="Old name")
        del manifest["name"]
        write_pack(tmp_path, manifest)
        before = (tmp_path / "pack.json").read_bytes()
        monkeypatch.setitem(reader.MIGRATIONS, 0, upgrade)

        pack = load_pack(tmp_path)

        assert "Old name" == pack.name
        assert before == (tmp_path / "pack.json").read_bytes()


class TestManifestChecks:
    """What the schema cannot say: versions, ids, dependencies."""

    def test_extensions(self, tmp_path: pathlib.Path) -> None:
        """x- keys are kept, read-only; other unknown keys are refused."""
        manifest = minimal_manifest()
        manifest["x-host"] = {"a": [1, 2]}
        write_pack(tmp_path, manifest)

        pack = load_pack(tmp_path)

        assert [1, 2] == list(pack.extensions["x-host"]["a"])  # type: ignore[index]
        with pytest.raises(TypeError):
            pack.extensions["x-host"]["b"] = 1  # type: ignore[index]

    def test_requires_not_satisfied(self, tmp_path: pathlib.Path) -> None:
        """A pack for another exerciselib version is refused."""
        write_pack(tmp_path, minimal_manifest(requires_exerciselib=">=99"))

        error = failure(tmp_path)

        assert_names(
            error,
            pack="demo",
            file="pack.json",
            json_path="$.requires_exerciselib",
        )
        assert "needs exerciselib >=99" in str(error)

    def test_requires_invalid(self, tmp_path: pathlib.Path) -> None:
        """A version range that is not PEP 440 is refused."""
        write_pack(tmp_path, minimal_manifest(requires_exerciselib="soon"))

        error = failure(tmp_path)

        assert "not a PEP 440 version specifier" in str(error)
        assert "$.requires_exerciselib" == error.json_path

    def test_self_dependency(self, tmp_path: pathlib.Path) -> None:
        """A pack cannot depend on itself."""
        write_pack(tmp_path, minimal_manifest(dependencies=["demo"]))

        error = failure(tmp_path)

        assert_names(
            error, pack="demo", file="pack.json", json_path="$.dependencies[0]"
        )

    def test_too_many_files(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A manifest naming more files than the limit is refused."""
        monkeypatch.setattr(files, "MAX_FILES", 2)
        write_pack(
            tmp_path,
            minimal_manifest(exercises=["a.json", "b.json"], routines=[]),
        )

        error = failure(tmp_path)

        assert "names 3 files; the limit is 2" in str(error)


class TestContentChecks:
    """Duplicate ids and routine references."""

    def test_duplicate_exercise(self, sciatica: pathlib.Path) -> None:
        """Two exercises with one id: the second is named."""
        edit_json(
            sciatica / "exercises" / "lower-trunk-rotation.json",
            lambda d: d.update(id="seated-hurdler-stretch"),
        )

        error = failure(sciatica)

        assert_names(
            error,
            pack="sciatica",
            file="exercises/lower-trunk-rotation.json",
            json_path="$.id",
        )
        assert "used twice" in str(error)

    def test_duplicate_routine(self, tmp_path: pathlib.Path) -> None:
        """Two routines with one id: the second is named."""
        manifest = minimal_manifest()
        manifest["routines"] = manifest["routines"] * 2
        write_pack(tmp_path, manifest)

        error = failure(tmp_path)

        assert_names(
            error, pack="demo", file="pack.json", json_path="$.routines[1].id"
        )

    def test_unknown_exercise(self, sciatica: pathlib.Path) -> None:
        """A routine naming an unknown exercise gets a suggestion."""
        edit_json(
            sciatica / "routines" / "sciatica-relief.json",
            lambda d: d["items"][2].update(exercise="lower-trunk-rotaton"),
        )

        error = failure(sciatica)

        assert_names(
            error,
            pack="sciatica",
            file="routines/sciatica-relief.json",
            json_path="$.items[2].exercise",
        )
        assert "did you mean 'lower-trunk-rotation'" in str(error)

    def test_undeclared_pack(self, tmp_path: pathlib.Path) -> None:
        """A routine using a pack not in dependencies is refused."""
        manifest = minimal_manifest()
        manifest["routines"][0]["items"][0]["exercise"] = "other:knee-bend"
        write_pack(tmp_path, manifest)

        error = failure(tmp_path)

        assert_names(
            error,
            pack="demo",
            file="pack.json",
            json_path="$.routines[0].items[0].exercise",
        )
        assert "does not list in $.dependencies" in str(error)

    def test_dependency_not_given(self, tmp_path: pathlib.Path) -> None:
        """A declared dependency must be passed to load_pack."""
        manifest = minimal_manifest(dependencies=["sciatica"])
        items = manifest["routines"][0]["items"]
        items.append({"exercise": "sciatica:lower-trunk-rotation"})
        write_pack(tmp_path, manifest)

        error = failure(tmp_path)

        assert "$.routines[0].items[1].exercise" == error.json_path
        assert "which is not loaded" in str(error)

    def test_dependency_given(self, tmp_path: pathlib.Path) -> None:
        """Exercises of a dependency resolve when the pack is passed."""
        manifest = minimal_manifest(dependencies=["sciatica"])
        items = manifest["routines"][0]["items"]
        items.append({"exercise": "sciatica:lower-trunk-rotation"})
        write_pack(tmp_path, manifest)
        sciatica = load_pack(SCIATICA)

        pack = load_pack(tmp_path, dependencies=[sciatica])

        assert sciatica.exercise("lower-trunk-rotation") is (
            pack.routine("daily").items[1].exercise
        )

    def test_unknown_in_dependency(self, tmp_path: pathlib.Path) -> None:
        """An id missing from a dependency is named with a suggestion."""
        manifest = minimal_manifest(dependencies=["sciatica"])
        items = manifest["routines"][0]["items"]
        items.append({"exercise": "sciatica:lower-trunk-rotaton"})
        write_pack(tmp_path, manifest)

        error = failure(tmp_path, dependencies=[load_pack(SCIATICA)])

        assert "sciatica:lower-trunk-rotation" in str(error)

    def test_invalid_exercise_file(self, sciatica: pathlib.Path) -> None:
        """Schema problems in an exercise file name that file."""
        edit_json(
            sciatica / "exercises" / "lower-trunk-rotation.json",
            lambda d: d.update(steps=[]),
        )

        error = failure(sciatica)

        assert_names(
            error,
            pack="sciatica",
            file="exercises/lower-trunk-rotation.json",
            json_path="$.steps",
        )

    def test_invalid_dosage(self, sciatica: pathlib.Path) -> None:
        """A bad dosage in a routine file names the item's path."""
        edit_json(
            sciatica / "routines" / "sciatica-relief.json",
            lambda d: d["items"][1]["dosage"].update(reps=0),
        )

        error = failure(sciatica)

        assert_names(
            error,
            pack="sciatica",
            file="routines/sciatica-relief.json",
            json_path="$.items[1].dosage.reps",
        )


class TestPaths:
    """Files a manifest names must be regular files inside the pack."""

    @pytest.mark.parametrize(
        "path",
        [
            "/etc/passwd",
            "../outside.json",
            "exercises/../../outside.json",
            ".hidden/a.json",
            "exercises/.a.json",
            "exercises\\a.json",
            "./a.json",
            "",
        ],
    )
    def test_refused_spelling(self, path: str, sciatica: pathlib.Path) -> None:
        """Absolute, parent, hidden and non-POSIX paths are refused."""
        edit_json(
            sciatica / "pack.json", lambda d: d["exercises"].append(path)
        )

        error = failure(sciatica)

        assert_names(
            error,
            pack="sciatica",
            file="pack.json",
            json_path="$.exercises[4]",
        )

    def test_missing_file(self, sciatica: pathlib.Path) -> None:
        """A named file that does not exist is reported where named."""
        (sciatica / "routines" / "sciatica-relief.json").unlink()

        error = failure(sciatica)

        assert_names(
            error, pack="sciatica", file="pack.json", json_path="$.routines[0]"
        )
        assert "does not exist" in str(error)

    def test_link_leaving_pack(
        self, sciatica: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A symlink that leads outside the pack is refused."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        outside = tmp_path / "outside.json"
        shutil.move(target, outside)
        target.symlink_to(outside)

        error = failure(sciatica)

        assert "$.exercises[2]" == error.json_path
        assert "leads outside the pack" in str(error)

    def test_link_inside_pack(self, sciatica: pathlib.Path) -> None:
        """A symlink to a file inside the pack is fine."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        moved = sciatica / "exercises" / "moved.json"
        shutil.move(target, moved)
        target.symlink_to(moved)

        assert 4 == len(load_pack(sciatica).exercises)

    def test_link_to_folder_outside(
        self, sciatica: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A linked folder leading outside the pack is refused too."""
        outside = tmp_path / "elsewhere"
        shutil.move(sciatica / "routines", outside)
        (sciatica / "routines").symlink_to(outside)

        error = failure(sciatica)

        assert "leads outside the pack" in str(error)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
    def test_fifo(self, sciatica: pathlib.Path) -> None:
        """A FIFO in place of a file is refused without blocking."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        target.unlink()
        os.mkfifo(target)

        error = failure(sciatica)

        assert "is not a regular file" in str(error)

    def test_device(self, sciatica: pathlib.Path) -> None:
        """A device file is refused."""
        if not pathlib.Path("/dev/null").exists():
            pytest.skip("needs /dev/null")
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        target.unlink()
        target.symlink_to("/dev/null")

        error = failure(sciatica)

        assert "$.exercises[2]" == error.json_path

    def test_folder_in_place_of_file(self, sciatica: pathlib.Path) -> None:
        """A folder where a file is named is refused."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        target.unlink()
        target.mkdir()

        error = failure(sciatica)

        assert "is not a regular file" in str(error)

    @pytest.mark.parametrize(
        "on_disk",
        [
            "Lower-trunk-rotation.json",
            "lower-trunk-rotatio\u0301n.json",
        ],
    )
    def test_name_must_match_exactly(
        self, on_disk: str, sciatica: pathlib.Path
    ) -> None:
        """Names differing only by case or normalisation are refused."""
        folder = sciatica / "exercises"
        (folder / "lower-trunk-rotation.json").rename(folder / on_disk)

        error = failure(sciatica)

        assert "$.exercises[2]" == error.json_path
        if on_disk[0] == "L":
            assert "names must match exactly" in str(error)

    def test_media_missing(self, tmp_path: pathlib.Path) -> None:
        """A media file the pack names must exist in the pack."""
        manifest = minimal_manifest()
        manifest["exercises"][0]["media"] = [
            {"path": "media/knee.png", "alt": "A knee bending."}
        ]
        write_pack(tmp_path, manifest)

        error = failure(tmp_path)

        assert_names(
            error,
            pack="demo",
            file="pack.json",
            json_path="$.exercises[0].media[0].path",
        )

    def test_media_present(self, tmp_path: pathlib.Path) -> None:
        """A media file inside the pack is accepted and not read."""
        manifest = minimal_manifest()
        manifest["exercises"][0]["media"] = [
            {"path": "media/knee.png", "alt": "A knee bending."}
        ]
        write_pack(tmp_path, manifest)
        (tmp_path / "media").mkdir()
        (tmp_path / "media" / "knee.png").write_bytes(b"\x89PNG")

        pack = load_pack(tmp_path)

        assert "media/knee.png" == pack.exercise("knee-bend").media[0].path


class TestApi:
    """The pack API is public and cheap to import."""

    def test_import_is_cheap(self) -> None:
        """Importing exerciselib loads no pack machinery."""
        code = (
            "import sys, exerciselib; "
            "bad = [m for m in ('jsonschema', 'importlib_metadata', "
            "'importlib.metadata', 'packaging', 'exerciselib._packs.pack', "
            "'exerciselib._packs.loading') if m in sys.modules]; "
            "assert not bad, bad"
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
        )

        assert 0 == result.returncode, result.stderr

    @pytest.mark.parametrize(
        "name",
        [
            "Catalog",
            "Pack",
            "PackLoadFailure",
            "load_catalog",
            "load_pack",
            "refresh_catalog",
        ],
    )
    def test_public(self, name: str) -> None:
        """Each pack name is exported, documented and listed."""
        value = getattr(exerciselib, name)

        assert name in exerciselib.__all__
        assert value.__doc__
        assert "exerciselib" == value.__module__ or callable(value)
