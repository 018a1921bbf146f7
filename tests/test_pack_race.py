"""
Tests that a pack's files are read from the folder that was checked.

Each file is opened once, relative to the pack folder opened at the start
of the load, without following links out of it: swapping the folder (or
one inside it) for a link to somewhere else between the check and the
read cannot make the loader read outside the pack. Hard-linked files are
refused.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import typing

import pytest

from exerciselib import PackError, load_pack
from exerciselib._packs import files

SCIATICA = (
    pathlib.Path(__file__).parents[1]
    / "packs"
    / "sciatica"
    / "src"
    / "exerciselib_sciatica"
)

pytestmark = pytest.mark.skipif(
    os.name == "nt", reason="symbolic links and dir_fd need POSIX"
)


@pytest.fixture
def sciatica(tmp_path: pathlib.Path) -> pathlib.Path:
    """Return a writable copy of the sciatica pack."""
    return pathlib.Path(shutil.copytree(SCIATICA, tmp_path / "sciatica"))


@pytest.fixture
def evil(tmp_path: pathlib.Path) -> pathlib.Path:
    """Return a copy of the pack outside it, every name changed to EVIL."""
    copy = pathlib.Path(shutil.copytree(SCIATICA, tmp_path / "evil"))
    for path in copy.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "name" in data:
            data["name"] = "EVIL"
        path.write_text(json.dumps(data), encoding="utf-8")
    return copy


def swap_on_open(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    folder: pathlib.Path,
    target: pathlib.Path,
) -> list[bool]:
    """
    Just before ``name`` is opened, replace ``folder`` with a link.

    This is the moment between checking a path and reading it: the
    folder moves away and a link to ``target`` takes its place.
    """
    real_open = os.open
    swapped: list[bool] = []

    def opening(
        path: typing.Any, *args: typing.Any, **kwargs: typing.Any
    ) -> int:
        if not swapped and os.fspath(path).endswith(name):
            swapped.append(True)
            folder.rename(folder.with_name(folder.name + "-moved"))
            folder.symlink_to(target, target_is_directory=True)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)
    return swapped


class TestSwappedFolder:
    """A folder swapped for a link mid-load is never read through."""

    def test_pack_folder_swapped_before_manifest(
        self,
        sciatica: pathlib.Path,
        evil: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The manifest is read from the folder opened, not the link."""
        swapped = swap_on_open(monkeypatch, "pack.json", sciatica, evil)

        pack = load_pack(sciatica)

        assert swapped
        assert "EVIL" != pack.name

    def test_pack_folder_swapped_before_exercise(
        self,
        sciatica: pathlib.Path,
        evil: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """An exercise file is read from the pack opened, not the link."""
        swapped = swap_on_open(
            monkeypatch, "lower-trunk-rotation.json", sciatica, evil
        )

        pack = load_pack(sciatica)

        assert swapped
        assert "EVIL" not in {e.name for e in pack.exercises.values()}

    def test_inner_folder_swapped_before_exercise(
        self,
        sciatica: pathlib.Path,
        evil: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A folder inside the pack swapped for a link is not followed."""
        swapped = swap_on_open(
            monkeypatch,
            "lower-trunk-rotation.json",
            sciatica / "exercises",
            evil / "exercises",
        )

        with pytest.raises(PackError, match="outside the pack"):
            load_pack(sciatica)
        assert swapped


class TestHardLinks:
    """Hard-linked files are read: installers such as uv link them."""

    def test_hard_linked_pack_loads(
        self, sciatica: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A pack whose files have a second name elsewhere still loads."""
        cache = tmp_path / "cache"
        cache.mkdir()
        for number, path in enumerate(sorted(sciatica.rglob("*.json"))):
            os.link(path, cache / f"{number}.json")

        pack = load_pack(sciatica)

        assert 4 == len(pack.exercises)


class TestTotalSize:
    """The JSON files of one pack together stay under a limit."""

    def test_limit_value(self) -> None:
        """The documented limit: 20 MiB of JSON per pack."""
        assert 20 * 1024 * 1024 == files.MAX_PACK_JSON_BYTES

    def test_refused_past_the_limit(
        self, sciatica: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Past the total, the next file is refused unread, with the limit."""
        manifest = (sciatica / "pack.json").stat().st_size
        monkeypatch.setattr(files, "MAX_PACK_JSON_BYTES", manifest + 10)
        read: list[int] = []
        real_read = files._read_bytes

        def counting(descriptor: int, size: int, *, file: str) -> bytes:
            raw = real_read(descriptor, size, file=file)
            read.append(len(raw))
            return raw

        monkeypatch.setattr(files, "_read_bytes", counting)

        with pytest.raises(PackError) as info:
            load_pack(sciatica)

        assert [manifest] == read
        assert "$.exercises[0]" == info.value.json_path
        assert "split it into several packs" in str(info.value)
        assert f"more than {manifest + 10} bytes" in str(info.value)


@pytest.mark.parametrize("dir_fd", [True, False], ids=["dir-fd", "by-path"])
class TestBothModes:
    """Files open the same way with dir_fd and without (Windows)."""

    @pytest.fixture(autouse=True)
    def mode(self, dir_fd: bool, monkeypatch: pytest.MonkeyPatch) -> None:
        """Use dir_fd, or the path-by-path walk used where it is missing."""
        monkeypatch.setattr(files, "_DIR_FD", dir_fd)

    def test_loads(self, sciatica: pathlib.Path) -> None:
        """The pack loads."""
        assert 4 == len(load_pack(sciatica).exercises)

    def test_link_inside(self, sciatica: pathlib.Path) -> None:
        """Links inside the pack, relative and absolute, are followed."""
        folder = sciatica / "exercises"
        (folder / "lower-trunk-rotation.json").rename(sciatica / "moved.json")
        (folder / "lower-trunk-rotation.json").symlink_to("../moved.json")
        (sciatica / "routines").rename(sciatica / "kept")
        (sciatica / "routines").symlink_to(sciatica / "kept")

        assert 4 == len(load_pack(sciatica).exercises)

    @pytest.mark.parametrize("relative", [True, False])
    def test_link_outside(
        self,
        sciatica: pathlib.Path,
        evil: pathlib.Path,
        relative: bool,
    ) -> None:
        """A link leading outside the pack is refused."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        target.unlink()
        outside = evil / "exercises" / "lower-trunk-rotation.json"
        target.symlink_to(
            "../../evil/exercises/lower-trunk-rotation.json"
            if relative
            else outside
        )

        with pytest.raises(PackError, match="leads outside the pack"):
            load_pack(sciatica)

    def test_link_loop(self, sciatica: pathlib.Path) -> None:
        """A link to itself is refused, not followed forever."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        target.unlink()
        target.symlink_to("lower-trunk-rotation.json")

        with pytest.raises(PackError, match="too many links"):
            load_pack(sciatica)

    def test_folder_as_file(self, sciatica: pathlib.Path) -> None:
        """A folder where a file is named is not a regular file."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        target.unlink()
        target.mkdir()

        with pytest.raises(PackError, match="not a regular file"):
            load_pack(sciatica)
