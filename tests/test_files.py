"""Tests for atomic export writes: write_atomic."""

from __future__ import annotations

import errno
import os
import pickle
import stat
from typing import TYPE_CHECKING

import pytest

from exerciselib import ExerciseLibError, ExportError
from exerciselib._export import atomic as files
from exerciselib._export.atomic import write_atomic

if TYPE_CHECKING:
    import io
    import pathlib


def _listing(folder: pathlib.Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _half_then(
    exception: BaseException,
) -> object:
    """Return a writer that writes half the data, then raises."""

    def write(file: io.BufferedWriter, data: bytes) -> None:
        file.write(data[: len(data) // 2])
        file.flush()
        raise exception

    return write


class TestWriteAtomic:
    """write_atomic writes the whole file or nothing."""

    def test_writes_text_as_utf8(self, tmp_path: pathlib.Path) -> None:
        """Text is written as UTF-8, line ends unchanged."""
        target = tmp_path / "plan.ics"

        returned = write_atomic(target, "Knie\u2014beuge\r\nzwei\n")

        assert target == returned
        assert "Knie\u2014beuge\r\nzwei\n".encode() == target.read_bytes()
        assert ["plan.ics"] == _listing(tmp_path)

    def test_writes_bytes(self, tmp_path: pathlib.Path) -> None:
        """Bytes are written exactly."""
        target = tmp_path / "x.bin"

        write_atomic(str(target), b"\x00\xff")

        assert b"\x00\xff" == target.read_bytes()

    def test_refuses_to_replace_without_force(
        self, tmp_path: pathlib.Path
    ) -> None:
        """An existing file is left alone and ExportError says --force."""
        target = tmp_path / "handout.html"
        target.write_text("old")

        with pytest.raises(ExportError, match="--force") as info:
            write_atomic(target, "new")

        assert "old" == target.read_text()
        assert errno.EEXIST == info.value.errno
        assert str(target) == info.value.path
        assert ["handout.html"] == _listing(tmp_path)

    def test_refuses_a_dangling_link(self, tmp_path: pathlib.Path) -> None:
        """A link to nowhere counts as an existing file without force."""
        target = tmp_path / "link.ics"
        target.symlink_to(tmp_path / "nowhere")

        with pytest.raises(ExportError):
            write_atomic(target, "new")

        assert target.is_symlink()

    def test_replaces_with_force(self, tmp_path: pathlib.Path) -> None:
        """With force an existing file is replaced, keeping its mode."""
        target = tmp_path / "handout.html"
        target.write_text("old")
        target.chmod(0o640)

        write_atomic(target, "new", force=True)

        assert "new" == target.read_text()
        assert 0o640 == stat.S_IMODE(target.stat().st_mode)
        assert ["handout.html"] == _listing(tmp_path)

    def test_new_file_follows_the_umask(self, tmp_path: pathlib.Path) -> None:
        """A new file gets 0o666 less the umask, as open() would give."""
        target = tmp_path / "new.md"
        expected = 0o666 & ~files._umask()

        write_atomic(target, "x")

        assert expected == stat.S_IMODE(target.stat().st_mode)

    def test_force_on_a_new_file(self, tmp_path: pathlib.Path) -> None:
        """With force a file that does not exist yet is created."""
        target = tmp_path / "new.md"

        write_atomic(target, "x", force=True)

        assert "x" == target.read_text()

    @pytest.mark.parametrize(
        "exception",
        [KeyboardInterrupt(), RuntimeError("boom"), OSError(errno.ENOSPC, "")],
        ids=["keyboard-interrupt", "exception", "disk-full"],
    )
    @pytest.mark.parametrize("force", [False, True], ids=["new", "force"])
    def test_interrupted_write_leaves_old_file_and_no_temporary(
        self,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
        exception: BaseException,
        force: bool,
    ) -> None:
        """Interrupted mid-write, the old file (or none) stays, no temp."""
        target = tmp_path / "plan.ics"
        if force:
            target.write_text("old")
        before = _listing(tmp_path)
        monkeypatch.setattr(files, "_write_all", _half_then(exception))

        with pytest.raises(type(exception)):
            write_atomic(target, "new content " * 1000, force=force)

        assert before == _listing(tmp_path)
        if force:
            assert "old" == target.read_text()

    def test_os_errors_become_export_errors(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An OS error mid-write is an ExportError keeping its errno."""
        monkeypatch.setattr(
            files, "_write_all", _half_then(OSError(errno.ENOSPC, "No space"))
        )

        with pytest.raises(ExportError, match="No space") as info:
            write_atomic(tmp_path / "x", "data")

        assert errno.ENOSPC == info.value.errno
        assert isinstance(info.value.__cause__, OSError)

    def test_failure_at_rename_leaves_old_file(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failing rename leaves the old file and no temporary file."""
        target = tmp_path / "plan.ics"
        target.write_text("old")

        def refuse(*_: object, **__: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(files, "_publish", refuse)

        with pytest.raises(ExportError, match="Permission denied"):
            write_atomic(target, "new", force=True)

        assert "old" == target.read_text()
        assert ["plan.ics"] == _listing(tmp_path)

    def test_missing_folder(self, tmp_path: pathlib.Path) -> None:
        """A target in a missing folder is an ExportError naming it."""
        target = tmp_path / "nope" / "plan.ics"

        with pytest.raises(ExportError, match="nope") as info:
            write_atomic(target, "x")

        assert errno.ENOENT == info.value.errno

    def test_no_hard_links_falls_back_to_rename(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where hard links fail, a checked rename still writes the file."""

        def no_links(*_: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)
        target = tmp_path / "plan.ics"

        write_atomic(target, "x")

        assert "x" == target.read_text()
        assert ["plan.ics"] == _listing(tmp_path)

    def test_target_appearing_during_write_is_kept(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file created by someone else during the write is not lost."""
        target = tmp_path / "plan.ics"

        def racing_write(file: io.BufferedWriter, data: bytes) -> None:
            target.write_text("theirs")
            file.write(data)

        monkeypatch.setattr(files, "_write_all", racing_write)

        with pytest.raises(ExportError, match="already exists"):
            write_atomic(target, "ours")

        assert "theirs" == target.read_text()
        assert ["plan.ics"] == _listing(tmp_path)


class TestExportError:
    """ExportError is both a library error and an OSError."""

    def test_hierarchy(self) -> None:
        """It is caught by except ExerciseLibError and except OSError."""
        error = ExportError("msg", path="x", errno=errno.EEXIST)

        assert isinstance(error, ExerciseLibError)
        assert isinstance(error, OSError)
        assert "msg" == str(error)

    def test_pickles(self) -> None:
        """Its message, path and errno survive pickling."""
        error = ExportError("msg", path="x", errno=errno.EEXIST)

        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own

        assert ("msg", "x", errno.EEXIST) == (
            str(copy),
            copy.path,
            copy.errno,
        )
