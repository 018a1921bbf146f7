"""
ical.js, a second calendar reader for the tests, run through Node.js.

``.ci/run`` installs the npm package ``ical.js`` (pinned) into a temporary
folder and names it in ``EXERCISELIB_ICALJS``. Elsewhere the tests that
need it skip, saying how to install it; under ``CI=true`` they fail
instead, so CI never passes without the second reader.

One Node.js process serves a whole test run: it reads calendars one per
line and answers with their occurrences (``tests/icaljs_expand.mjs``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import shutil
import subprocess
import typing

import pytest

#: The ical.js release the tests are written against (.ci/run installs it).
VERSION = "2.2.1"
#: Where .ci/run says ical.js is: an npm prefix or the package folder.
ENVIRONMENT = "EXERCISELIB_ICALJS"
DRIVER = pathlib.Path(__file__).with_name("icaljs_expand.mjs")
HOW = (
    f"install it with `npm install --prefix DIR ical.js@{VERSION}` "
    f"and set {ENVIRONMENT}=DIR (as .ci/run does)"
)

#: One occurrence: its start (aware, UTC) and its length.
Occurrence: typing.TypeAlias = tuple[dt.datetime, dt.timedelta]


def _module() -> pathlib.Path | str:
    """Return ical.js's module file, or why it cannot be used."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    where = os.environ.get(ENVIRONMENT)
    if not where:
        return f"{ENVIRONMENT} is not set"
    root = pathlib.Path(where)
    for package in (root / "node_modules" / "ical.js", root):
        module = package / "dist" / "ical.js"
        if module.is_file():
            manifest = json.loads(
                (package / "package.json").read_text(encoding="utf-8")
            )
            if manifest.get("version") != VERSION:
                return (
                    f"{package} holds ical.js {manifest.get('version')}, "
                    f"not {VERSION}"
                )
            return module
    return f"{ENVIRONMENT}={where} holds no ical.js"


class IcalJs:
    """A running ical.js reader: calendars in, occurrences out."""

    def __init__(self, module: pathlib.Path) -> None:
        self._process = subprocess.Popen(  # noqa: S603 -- fixed arguments
            ["node", str(DRIVER), str(module)],  # noqa: S607 -- node on PATH
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def expand_many(self, calendars: list[bytes]) -> list[list[Occurrence]]:
        """Return each calendar's occurrences, sorted by start."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None
        assert stdout is not None
        results = []
        for calendar in calendars:
            # One calendar a line; its answer is read before the next is
            # sent, so neither pipe can fill up.
            stdin.write(json.dumps(calendar.decode("utf-8")) + "\n")
            stdin.flush()
            answer = json.loads(stdout.readline() or "null")
            if answer is None:
                pytest.fail("ical.js stopped (see its output above)")
            if "error" in answer:
                pytest.fail(f"ical.js could not read the file: {answer}")
            results.append(
                [
                    (
                        dt.datetime.fromtimestamp(start, dt.UTC),
                        dt.timedelta(seconds=length),
                    )
                    for start, length in answer["occurrences"]
                ]
            )
        return results

    def expand(self, calendar: bytes) -> list[Occurrence]:
        """Return the calendar's occurrences, sorted by start."""
        (found,) = self.expand_many([calendar])
        return found

    def close(self) -> None:
        """Stop the Node.js process."""
        self._process.communicate(timeout=30)


def start() -> IcalJs:
    """Start ical.js, or skip (fail under ``CI=true``) if it is missing."""
    module = _module()
    if isinstance(module, str):
        reason = f"ical.js is not available: {module}; {HOW}."
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return IcalJs(module)
