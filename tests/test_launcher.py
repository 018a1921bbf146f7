"""The console script exits quietly when Ctrl+C comes during start-up."""

from __future__ import annotations

import builtins
import subprocess
import sys
import typing

import pytest

import _exerciselib_launch


def test_interrupt_while_importing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C while importing exerciselib.cli exits 130, printing nothing."""
    real_import = builtins.__import__

    def interrupted(
        name: str, *args: typing.Any, **kwargs: typing.Any
    ) -> object:
        if name == "exerciselib.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as stopped:
        _exerciselib_launch.main()

    assert 130 == stopped.value.code
    assert ("", "") == capsys.readouterr()


def test_runs_the_command_line() -> None:
    """The launcher runs exerciselib's command line with its arguments."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys, _exerciselib_launch;"
                " sys.argv = ['exerciselib', '--version'];"
                " _exerciselib_launch.main()"
            ),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert (0, "") == (done.returncode, done.stderr)
    assert done.stdout.startswith("exerciselib ")


def test_is_the_console_script() -> None:
    """The installed ``exerciselib`` script points at the launcher."""
    from importlib.metadata import entry_points  # noqa: PLC0415 -- test only

    (script,) = entry_points(group="console_scripts", name="exerciselib")

    assert "_exerciselib_launch:main" == script.value
