"""
Tests that an interrupted export leaves no temporary file behind.

SIGTERM and SIGHUP clean up as Ctrl+C does; a temporary file left by a
process killed with SIGKILL (which cannot be caught) is removed by the
next export to the same target; names up to the system's limit export.
"""

from __future__ import annotations

import os
import pathlib  # noqa: TC003 -- fixtures are typed at runtime
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from exerciselib import cli
from exerciselib._export import atomic
from exerciselib._export.atomic import write_atomic

pytestmark = pytest.mark.skipif(
    os.name == "nt", reason="POSIX signals and process ids"
)

#: A child that starts an export whose write blocks until it is killed.
CHILD = textwrap.dedent(
    """
    import pathlib, sys, time
    from exerciselib._export import atomic

    def stuck(file, data):
        file.write(data[:10])
        file.flush()
        pathlib.Path(sys.argv[2]).write_text("writing")
        time.sleep(60)

    atomic._write_all = stuck
    from exerciselib import cli
    cli.main(["export", "sciatica:sciatica-relief", "--md", sys.argv[1]])
    """
)


def start_stuck_export(tmp_path: pathlib.Path) -> subprocess.Popen[bytes]:
    """Start a child process stuck half-way through writing its export."""
    ready = tmp_path / "ready"
    child = subprocess.Popen(  # noqa: S603 -- our own interpreter
        [sys.executable, "-c", CHILD, str(tmp_path / "out.md"), str(ready)],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert time.monotonic() < deadline, "the child never started writing"
        assert child.poll() is None, child.stderr.read()  # type: ignore[union-attr]
        time.sleep(0.02)
    return child


def temporary_files(folder: pathlib.Path) -> list[str]:
    """The hidden temporary files in ``folder``."""
    return sorted(p.name for p in folder.glob(".*.tmp"))


class TestSignals:
    """SIGTERM and SIGHUP end an export cleanly, as Ctrl+C does."""

    @pytest.mark.parametrize(
        "number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]
    )
    def test_cleans_up(
        self, number: signal.Signals, tmp_path: pathlib.Path
    ) -> None:
        """The temporary file is removed and the exit code is 128 + N."""
        child = start_stuck_export(tmp_path)
        assert 1 == len(temporary_files(tmp_path))

        child.send_signal(number)
        _, stderr = child.communicate(timeout=60)

        assert 128 + number == child.returncode
        assert [] == temporary_files(tmp_path)
        assert not (tmp_path / "out.md").exists()
        assert b"Traceback" not in stderr

    def test_kill_leftover_removed_by_next_export(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A file left by SIGKILL goes with the next export to the target."""
        child = start_stuck_export(tmp_path)
        child.kill()
        child.communicate(timeout=60)
        assert 1 == len(temporary_files(tmp_path))

        write_atomic(tmp_path / "out.md", "new")

        assert [] == temporary_files(tmp_path)
        assert "new" == (tmp_path / "out.md").read_text()

    def test_live_writer_left_alone(self, tmp_path: pathlib.Path) -> None:
        """Another running process's temporary file is not removed."""
        child = start_stuck_export(tmp_path)
        try:
            write_atomic(tmp_path / "out.md", "new")

            assert 1 == len(temporary_files(tmp_path))
        finally:
            child.kill()
            child.communicate(timeout=60)

    def test_other_targets_left_alone(self, tmp_path: pathlib.Path) -> None:
        """Stale files of another target, or not ours, are kept."""
        foreign = [
            ".other.ics.1.abcdefgh.tmp",
            ".out.md.tmp",
            ".out.md.x.tmp",
        ]
        for name in foreign:
            (tmp_path / name).write_text("")

        write_atomic(tmp_path / "out.md", "new")

        assert sorted(foreign) == temporary_files(tmp_path)


class TestLongNames:
    """A name as long as the file system allows can be exported."""

    @pytest.mark.parametrize("length", [250, 255])
    def test_ascii(self, tmp_path: pathlib.Path, length: int) -> None:
        """A 250 to 255-byte name is written; no temporary file is left."""
        target = tmp_path / ("h" * (length - 5) + ".html")

        write_atomic(target, "page")

        assert "page" == target.read_text()
        assert [target] == list(tmp_path.iterdir())

    def test_multibyte(self, tmp_path: pathlib.Path) -> None:
        """A long name of multi-byte characters is written."""
        target = tmp_path / ("\u00e9" * 125 + ".md")  # 253 bytes

        write_atomic(target, "text")

        assert "text" == target.read_text()

    def test_temporary_name_within_limit(self) -> None:
        """The temporary name of any target stays within 255 bytes."""
        prefix = atomic._temporary_prefix("x" * 255)

        assert len(prefix.encode()) + 8 + len(".tmp") <= 255


class TestStartUp:
    """Ctrl+C before the command runs ends quietly."""

    def test_interrupt_while_parsing(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A KeyboardInterrupt while reading the arguments exits 130."""

        def interrupted(*_: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(cli.parser, "parse_args", interrupted)

        with pytest.raises(SystemExit) as info:
            cli.main(["packs"])

        assert 130 == info.value.code
        assert "Traceback" not in capsys.readouterr().err

    def test_version_not_imported_at_start(self) -> None:
        """Importing the command line does not read package metadata."""
        code = (
            "import sys, exerciselib.cli; "
            "assert 'importlib.metadata' not in sys.modules"
        )

        result = subprocess.run(  # noqa: S603 -- our own interpreter
            [sys.executable, "-c", code], capture_output=True, check=False
        )

        assert 0 == result.returncode, result.stderr
