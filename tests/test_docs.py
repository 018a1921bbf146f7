"""Every ```python block in README.md and docs/*.md runs."""

from __future__ import annotations

import pathlib
import re
import traceback
import typing

import pytest

ROOT = pathlib.Path(__file__).parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: A fenced block: the opening fence with its info string, the body, and
#: a closing fence of the same length, as CommonMark pairs them.
_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


class Block(typing.NamedTuple):
    """A python block: where it starts and its source."""

    line: int
    source: str


def python_blocks(text: str) -> list[Block]:
    """
    Return the ```python blocks of Markdown ``text``, in order.

    ``line`` is the 1-based line of the first line of code, so that
    tracebacks point into the Markdown file.
    """
    found = []
    for match in _FENCE.finditer(text):
        language = match["info"].strip().split(" ")[0].lower()
        if language in {"python", "py"}:
            line = text.count("\n", 0, match.start("body")) + 1
            found.append(Block(line, match["body"]))
    return found


class TestBlockFinder:
    """The finder sees python blocks only, with their line numbers."""

    def test_finds_python_only(self) -> None:
        """Console, text and unlabelled blocks are skipped."""
        text = (
            "# Title\n"
            "```python\nx = 1\n```\n"
            "```console\n$ ls\n```\n"
            "```\nplain\n```\n"
            "````python\ny = '```'\n````\n"
        )

        expected = [Block(3, "x = 1\n"), Block(12, "y = '```'\n")]

        assert expected == python_blocks(text)

    def test_no_blocks(self) -> None:
        """A file with no python blocks gives an empty list."""
        assert [] == python_blocks("# Nothing\n\nJust prose.\n")


# A reader starts with no pack settings and no catalog cached.
@pytest.mark.usefixtures("fresh_catalog")
@pytest.mark.parametrize(
    "path", FILES, ids=lambda path: str(path.relative_to(ROOT))
)
def test_python_blocks_run(
    path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's python blocks run in order, in one namespace, from root."""
    monkeypatch.chdir(ROOT)
    namespace: dict[str, typing.Any] = {"__name__": "__docs__"}
    relative = path.relative_to(ROOT)
    for block in python_blocks(path.read_text(encoding="utf-8")):
        # Pad with blank lines so tracebacks show the Markdown line numbers.
        source = "\n" * (block.line - 1) + block.source
        # Run the code as written, not under this file's
        # ``from __future__ import annotations``, which compile() would
        # pass on (FastAPI and pydantic then cannot read the annotations).
        code = compile(source, str(relative), "exec", dont_inherit=True)
        try:
            exec(code, namespace)  # noqa: S102 -- the docs are our own code
        except Exception as error:  # noqa: BLE001 -- report any failure
            lines = [
                frame.lineno
                for frame in traceback.extract_tb(error.__traceback__)
                if frame.filename == str(relative)
            ]
            where = lines[-1] if lines else block.line
            pytest.fail(
                f"{relative}:{where}: {type(error).__name__}: {error} "
                f"(in the python block starting at line {block.line})"
            )
