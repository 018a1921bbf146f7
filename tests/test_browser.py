"""
The HTML handout in a real browser: headless Chromium prints and shows it.

CI installs Debian's ``chromium`` (``.ci/system-packages``), so these
tests run there; on a machine without Chromium they skip, saying so.
Chromium prints ``@page { size: auto }`` as US Letter, so each paper
size is printed from a copy of the page that names it. Chromium exits 0
even when it wrote nothing, so every test checks the file it asked for.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import statistics
import struct
import subprocess
import typing

import pytest
from PIL import Image, ImageOps
from pypdf import PdfReader

from exerciselib import Routine, load_catalog, to_html
from pdftext import in_order, page_texts, word_boxes

if typing.TYPE_CHECKING:
    import pathlib

pytestmark = pytest.mark.slow

#: The browser names tried, Debian's first.
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
#: Paper sizes in points, and the paper's width and height in CSS pixels.
PAPER = {"A4": (595.28, 841.89), "letter": (612.0, 792.0)}
WINDOW = {"A4": (794, 1123), "letter": (816, 1056)}
#: The handout's print text is 11pt; pdftotext's word boxes are about
#: 1.16 times the font size. Chromium shrinks a page that is too wide
#: to fit, which brings the boxes well under this.
MIN_WORD_HEIGHT = 11.0

# Written into a copy of the page for the screen tests: how far the page
# is wider than the window (0 when nothing is cut off at the right).
_MEASURE = (
    "<script>document.body.dataset.overflow = String("
    "document.documentElement.scrollWidth - "
    "document.documentElement.clientWidth)</script>"
)


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    reason = (
        "no Chromium found (chromium, chromium-browser or google-chrome on "
        "PATH); bash .ci/system-packages installs Debian's chromium"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class Chromium:
    """Headless Chromium with a throwaway profile, one run per call."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.path = _browser()
        self.folder = folder

    def run(self, page: pathlib.Path, *flags: str) -> str:
        """Load ``page`` with ``flags``; return what it wrote to stdout."""
        result = subprocess.run(  # noqa: S603 -- a found browser, our file
            [
                self.path,
                "--headless",
                # CI runs as root, where the sandbox cannot start.
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                f"--user-data-dir={self.folder / 'profile'}",
                *flags,
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
        self.stderr = result.stderr.decode(errors="replace")
        return result.stdout.decode(errors="replace")

    def pdf(self, page: pathlib.Path) -> bytes:
        """Print ``page`` to PDF and return it."""
        out = page.with_suffix(".pdf")
        self.run(page, "--no-pdf-header-footer", f"--print-to-pdf={out}")
        assert out.exists(), self.stderr
        return out.read_bytes()

    def png(self, page: pathlib.Path, size: tuple[int, int]) -> bytes:
        """Take a screenshot of ``page`` in a window of ``size``."""
        out = page.with_suffix(".png")
        width, height = size
        self.run(
            page, f"--window-size={width},{height}", f"--screenshot={out}"
        )
        assert out.exists(), self.stderr
        return out.read_bytes()

    def overflow(self, page: pathlib.Path, size: tuple[int, int]) -> int:
        """Return how many pixels the page is wider than a window."""
        measured = page.with_name(f"measure-{page.name}")
        measured.write_text(
            page.read_text("utf-8").replace("</body>", f"{_MEASURE}</body>"),
            "utf-8",
        )
        width, height = size
        dom = self.run(
            measured, f"--window-size={width},{height}", "--dump-dom"
        )
        found = re.search(r'data-overflow="(-?[0-9]+)"', dom)
        assert found, self.stderr
        return int(found.group(1))


def _on_paper(page: str, paper: str) -> str:
    """Return ``page`` with its paper size named."""
    return page.replace(
        "</head>", f"<style>@page {{ size: {paper}; }}</style>\n</head>", 1
    )


@pytest.fixture(scope="module")
def relief() -> Routine:
    """Return the sciatica-relief routine of the sciatica pack."""
    return load_catalog().routine("sciatica:sciatica-relief")


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    """Return the browser, with its own folder."""
    return Chromium(tmp_path_factory.mktemp("chromium"))


@pytest.fixture(scope="module", params=sorted(PAPER))
def paper(request: pytest.FixtureRequest) -> str:
    """Return each paper size in turn."""
    return typing.cast("str", request.param)


@pytest.fixture(scope="module")
def page(chromium: Chromium, relief: Routine, paper: str) -> pathlib.Path:
    """Write the sciatica handout, on ``paper``, and return its path."""
    catalog = load_catalog()
    handout = to_html(relief, media_root=catalog.pack("sciatica").root)
    path = chromium.folder / f"handout-{paper}.html"
    path.write_text(_on_paper(handout, paper), "utf-8")
    return path


@pytest.fixture(scope="module")
def printed(chromium: Chromium, page: pathlib.Path) -> bytes:
    """Return the handout as Chromium prints it."""
    return chromium.pdf(page)


class TestPrint:
    """Chromium prints the handout whole, on A4 and on US Letter."""

    def test_every_page_has_the_paper_size(
        self, printed: bytes, paper: str
    ) -> None:
        """The PDF has pages of the paper's size."""
        assert printed.startswith(b"%PDF-")
        pages = PdfReader(io.BytesIO(printed)).pages
        width, height = PAPER[paper]

        assert len(pages) >= 1
        for sheet in pages:
            assert width == pytest.approx(float(sheet.mediabox.width), abs=1)
            assert height == pytest.approx(float(sheet.mediabox.height), abs=1)

    def test_text_holds_every_step_in_order(
        self, printed: bytes, relief: Routine
    ) -> None:
        """Names, dosage lines, steps and safety cues print in order."""
        parts = [relief.name]
        for number, item in enumerate(relief.items, start=1):
            parts += [f"{number}. {item.exercise.name}", str(item.dosage)]
            parts += [*item.exercise.steps, *item.exercise.safety_cues]

        in_order(" ".join(page_texts(printed)), parts)

    def test_nothing_is_clipped_or_shrunk(
        self, printed: bytes, paper: str
    ) -> None:
        """Words stay on the page at their size (nothing shrunk to fit)."""
        words = word_boxes(printed)

        assert words
        assert max(right for right, _, _ in words) <= PAPER[paper][0]
        assert statistics.median(h for _, h, _ in words) >= MIN_WORD_HEIGHT


class TestScreen:
    """At the paper's width on screen the page shows whole."""

    def test_screenshot_is_not_blank(
        self, chromium: Chromium, page: pathlib.Path, paper: str
    ) -> None:
        """The screenshot has the window's size and shows text."""
        data = chromium.png(page, WINDOW[paper])
        image = Image.open(page.with_suffix(".png"))

        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert WINDOW[paper] == struct.unpack(">II", data[16:24])
        assert WINDOW[paper] == image.size
        darkest, lightest = ImageOps.grayscale(image).getextrema()
        assert darkest < 80
        assert 255 == lightest

    def test_nothing_is_cut_off_at_the_paper_width(
        self, chromium: Chromium, page: pathlib.Path, paper: str
    ) -> None:
        """The page is no wider than the paper (794 or 816 CSS px)."""
        assert 0 >= chromium.overflow(page, WINDOW[paper])


class TestTheChecksCanFail:
    """A page made too wide on purpose fails both width checks."""

    @pytest.fixture
    def wide(self, chromium: Chromium, relief: Routine) -> pathlib.Path:
        """Write a handout with a box wider than any paper."""
        handout = to_html(relief).replace(
            "<main>",
            f'<main><div style="width: 1400px">{html.escape("wide")}</div>',
            1,
        )
        path = chromium.folder / "wide.html"
        path.write_text(_on_paper(handout, "A4"), "utf-8")
        return path

    def test_screen_overflow_is_seen(
        self, chromium: Chromium, wide: pathlib.Path
    ) -> None:
        """The overflow measure reports the extra width."""
        assert chromium.overflow(wide, WINDOW["A4"]) > 500

    def test_shrunk_print_is_seen(
        self, chromium: Chromium, wide: pathlib.Path
    ) -> None:
        """Chromium shrinks the wide page, and the word height shows it."""
        words = word_boxes(chromium.pdf(wide))

        assert statistics.median(h for _, h, _ in words) < MIN_WORD_HEIGHT
