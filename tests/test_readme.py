"""The README's test command is the one CI runs, so they never drift."""

from __future__ import annotations

import io
import pathlib
import re
import shlex

from exerciselib import cli

ROOT = pathlib.Path(__file__).parent.parent
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"

#: The start of the install-and-test part of the README command.
INSTALL = "python -m pip install "


def console_commands(text: str) -> list[str]:
    """Return the ``$ `` command lines of the ```console blocks in text."""
    blocks = re.findall(
        r"^```console\n(.*?)^```", text, re.MULTILINE | re.DOTALL
    )
    return [
        line.removeprefix("$ ")
        for block in blocks
        for line in block.splitlines()
        if line.startswith("$ ")
    ]


class TestReadmeCommands:
    """The README quick start has exactly two commands, one of them CI's."""

    def test_two_commands(self) -> None:
        """The quick start shows exactly two commands."""
        assert 2 == len(console_commands(README.read_text(encoding="utf-8")))

    def test_ci_runs_readme_test_command(self) -> None:
        """.ci/run runs the README's install-and-test command verbatim."""
        commands = console_commands(README.read_text(encoding="utf-8"))
        (test_command,) = [c for c in commands if "pytest" in c]
        install_and_test = test_command[test_command.index(INSTALL) :]
        ci_lines = [
            line.strip()
            for line in CI.read_text(encoding="utf-8").splitlines()
        ]

        assert install_and_test in ci_lines

    def test_test_command(self) -> None:
        """The test command is the one the project documents."""
        commands = console_commands(README.read_text(encoding="utf-8"))

        expected = (
            "python3 -m venv .venv && . .venv/bin/activate && "
            'python -m pip install -e ".[test]" -e ./packs/sciatica && '
            "python -m pytest"
        )

        assert expected == commands[1]

    def test_run_command_works(self) -> None:
        """The README's run command's exerciselib calls succeed and print."""
        commands = console_commands(README.read_text(encoding="utf-8"))
        calls = [
            shlex.split(part.strip())
            for part in commands[0].split("&&")
            if part.strip().startswith("exerciselib ")
        ]
        outputs = []
        for call in calls:
            stdout, stderr = io.StringIO(), io.StringIO()
            code = cli.run(call[1:], stdout=stdout, stderr=stderr)
            outputs.append(stdout.getvalue())

            assert (0, "") == (code, stderr.getvalue())

        assert ["show", "plan"] == [call[1] for call in calls]
        assert "Seated hurdler stretch" in outputs[0]
        assert "1 Set / 10 Reps / 5 s hold" in outputs[0]
        assert "2026-12-07" in outputs[1]
        assert "2026-12-13" in outputs[1]
