"""Run the Python blocks of the pack docs, as a reader would."""

from __future__ import annotations

import pathlib
import re

import pytest

from exerciselib import refresh_catalog

ROOT = pathlib.Path(__file__).parent.parent
PAGES = ["packs.md", "pack-authoring.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs(
    page: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every python block of the page runs, in order, in one namespace."""
    monkeypatch.chdir(ROOT)
    for name in (
        "EXERCISELIB_NO_DISCOVERY",
        "EXERCISELIB_BLOCKED_PACKS",
        "EXERCISELIB_STRICT_PACKS",
    ):
        monkeypatch.delenv(name, raising=False)
    refresh_catalog()
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    namespace: dict[str, object] = {"__name__": f"docs_{page}"}

    for block in blocks:
        exec(compile(block, page, "exec"), namespace)  # noqa: S102 -- docs

    assert blocks
    assert "" == capsys.readouterr().err
