"""
Reading PDFs in tests: text in reading order, word boxes, page images.

pypdf reads the text (its layout mode keeps visual order); poppler-utils
(``pdftotext``, ``pdftoppm``), which ``.ci/system-packages`` installs,
gives word boxes and page images. Without a tool a test skips, except
under CI, where it fails: CI must run every check.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import typing
import unicodedata

import pytest
from PIL import Image
from pypdf import PdfReader

if typing.TYPE_CHECKING:
    import pathlib


def need(tool: str, package: str = "poppler-utils") -> str:
    """Return a tool's path; skip without it, or fail under CI."""
    path = shutil.which(tool)
    if path is None:
        reason = (
            f"{tool} ({package}) is not installed; "
            "bash .ci/system-packages installs it"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def normal(text: str) -> str:
    """Normalise extracted text: NFKC, joined hyphen breaks, one space."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2010-]\n", "", text)
    return " ".join(text.split())


def in_order(text: str, parts: list[str]) -> None:
    """Assert each part occurs in ``text``, each after the one before."""
    position = 0
    for part in parts:
        found = text.find(normal(part), position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(normal(part))


def page_texts(pdf: bytes) -> list[str]:
    """Return each page's text, normalised, in visual order."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        normal(page.extract_text(extraction_mode="layout"))
        for page in reader.pages
    ]


def word_boxes(pdf: bytes) -> list[tuple[float, float, str]]:
    """Return (right edge, height, word) of every word (pdftotext)."""
    tool = need("pdftotext")
    result = subprocess.run(  # noqa: S603 -- a found poppler tool
        [tool, "-bbox", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return [
        (float(right), float(bottom) - float(top), word)
        for top, right, bottom, word in re.findall(
            r'<word xMin="[^"]*" yMin="([^"]*)" xMax="([^"]*)" '
            r'yMax="([^"]*)">([^<]*)</word>',
            result.stdout.decode("utf-8"),
        )
    ]


def first_page(pdf: bytes, folder: pathlib.Path, *, dpi: int) -> Image.Image:
    """Render page 1 to PNG with pdftoppm and open it."""
    tool = need("pdftoppm")
    source = folder / "in.pdf"
    source.write_bytes(pdf)
    command = [tool, "-r", str(dpi), "-f", "1", "-l", "1", "-png"]
    subprocess.run(  # noqa: S603 -- a found poppler tool, our file
        [*command, str(source), str(folder / "page")],
        check=True,
        timeout=60,
    )
    (png,) = folder.glob("page*.png")
    return Image.open(png)
