r"""
Tests that no output of the command line carries control characters.

Pack text is hostile: C0 and C1 control characters and DEL in it could
restyle, move or clear the user's terminal. Text output shows them as
U+FFFD, JSON output escapes them (``\u009b``), and a terminal that
cannot encode a character gets an escape instead of a failure.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from exerciselib import cli

SCIATICA = (
    pathlib.Path(__file__).parents[1]
    / "packs"
    / "sciatica"
    / "src"
    / "exerciselib_sciatica"
)
#: Every control character a terminal acts on, other than the line feed.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
#: What the hostile pack puts in its text: ESC, BEL, CSI, ST, OSC, DEL.
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\x9c\x9d\x7f\x08\x0d"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A copy of the sciatica pack, as 'hostile', with controls in text."""
    root = tmp_path_factory.mktemp("packs") / "hostile"
    # Its translations would no longer match the rewritten texts.
    shutil.copytree(
        SCIATICA, root, ignore=shutil.ignore_patterns("translations")
    )
    for path in root.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "pack.json":
            data["id"] = "hostile"
        data["name"] = f"Name {HOSTILE} end"
        if "summary" in data:
            data["summary"] = f"Summary {HOSTILE}"
            data["steps"] = [f"Step {HOSTILE}"]
            data["tags"] = ["tag"]
        path.write_text(json.dumps(data), encoding="utf-8")
    return root


def strings(value: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line; return the code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


RELIEF = "hostile:sciatica-relief"
PLAN = ("--start", "2026-01-05", "--weeks", "1", "--tz", "UTC")
COMMANDS = [
    pytest.param(("packs",), id="packs"),
    pytest.param(("show", RELIEF), id="show-routine"),
    pytest.param(("show", "hostile:lower-trunk-rotation"), id="show-exercise"),
    pytest.param(("search", "summary"), id="search"),
    pytest.param(("timeline", RELIEF), id="timeline"),
    pytest.param(("plan", RELIEF, *PLAN), id="plan"),
]


@pytest.mark.usefixtures("fresh_catalog")
class TestNoControlCharacters:
    """No command prints a control character from pack data."""

    @pytest.mark.parametrize("args", COMMANDS)
    def test_text(self, hostile: pathlib.Path, args: tuple[str, ...]) -> None:
        """Text output shows control characters as U+FFFD."""
        code, out, err = run("--pack", str(hostile), *args)

        assert 0 == code, err
        assert "\ufffd" in out
        assert [] == CONTROL.findall(out + err)

    @pytest.mark.parametrize("args", COMMANDS)
    def test_json(self, hostile: pathlib.Path, args: tuple[str, ...]) -> None:
        """JSON output escapes control characters, keeping the data."""
        code, out, err = run("--pack", str(hostile), *args, "--format", "json")

        assert 0 == code, err
        assert [] == CONTROL.findall(out + err)
        if args[0] != "timeline":  # a timeline holds no pack text
            assert "\\u009b" in out
            assert any(HOSTILE in text for text in strings(json.loads(out)))

    def test_validate_json_path(self, tmp_path: pathlib.Path) -> None:
        """A key holding ESC and BEL is shown cleaned in a JSON path."""
        (tmp_path / "pack.json").write_text(
            '{"\\u001b[31m\\u0007": "\\ud800"}', encoding="utf-8"
        )

        code, out, err = run("validate", str(tmp_path))

        assert 1 == code
        assert "$" in out
        assert [] == CONTROL.findall(out + err)

    def test_export_json_file(
        self, hostile: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """An exported JSON file escapes control characters too."""
        target = tmp_path / "routine.json"

        code, _, err = run(
            "--pack", str(hostile), "export", RELIEF, "--json", str(target)
        )

        assert 0 == code, err
        written = target.read_text(encoding="utf-8")
        assert [] == CONTROL.findall(written.replace("\n", ""))
        assert any(HOSTILE in text for text in strings(json.loads(written)))


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    "args",
    [("show", "sciatica:sciatica-relief"), ("search", "stretch")],
    ids=["show", "search"],
)
def test_narrow_terminal_encoding(
    encoding: str, args: tuple[str, ...], tmp_path: pathlib.Path
) -> None:
    """A terminal that cannot encode a character gets an escape."""
    folder = tmp_path / "wide"
    shutil.copytree(SCIATICA, folder)
    manifest = folder / "pack.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["id"] = "wide"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    routine = folder / "routines" / "sciatica-relief.json"
    data = json.loads(routine.read_text(encoding="utf-8"))
    data["name"] = "\u00c9tirements \u2013 \u5750\u9aa8"
    routine.write_text(json.dumps(data), encoding="utf-8")
    exercise = folder / "exercises" / "lower-trunk-rotation.json"
    data = json.loads(exercise.read_text(encoding="utf-8"))
    data["name"] = "Rotation \u2013 \u5750\u9aa8 stretch"
    exercise.write_text(json.dumps(data), encoding="utf-8")
    wanted = [args[0], args[1].replace("sciatica:", "wide:")]
    environment = {**os.environ, "PYTHONIOENCODING": encoding}

    result = subprocess.run(  # noqa: S603 -- our own interpreter
        [sys.executable, "-m", "exerciselib", "--pack", str(folder), *wanted],
        capture_output=True,
        env=environment,
        check=False,
    )

    assert 0 == result.returncode, result.stderr
    assert b"\\u5750" in result.stdout
    assert b"Traceback" not in result.stderr
