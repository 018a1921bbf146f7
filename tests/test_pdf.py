"""Tests for the PDF handout: to_pdf and exerciselib export --pdf."""

from __future__ import annotations

import builtins
import io
import os
import socket
import sys
import typing

import pytest
from PIL import Image, ImageOps
from pypdf import PdfReader

from exerciselib import (
    Exercise,
    InvalidValueError,
    Media,
    MissingExtraError,
    Routine,
    load_catalog,
    to_pdf,
)
from exerciselib._export import pdf as pdf_module
from exerciselib.cli import run
from pdftext import first_page, in_order, normal, page_texts, word_boxes

if typing.TYPE_CHECKING:
    import pathlib

# Page sizes in points, and the width the text must stay inside.
PAPER = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.fixture(scope="module")
def relief() -> Routine:
    """Return the sciatica-relief routine of the sciatica pack."""
    return load_catalog().routine("sciatica:sciatica-relief")


@pytest.fixture(scope="module", params=["a4", "letter"])
def paper(request: pytest.FixtureRequest) -> str:
    """Return each paper size in turn."""
    return typing.cast("str", request.param)


@pytest.fixture(scope="module")
def made(relief: Routine, paper: str) -> bytes:
    """Return the sciatica handout as a PDF on ``paper``."""
    return to_pdf(relief, paper=paper)


class TestContent:
    """The PDF holds the whole handout, in reading order."""

    def test_every_name_dosage_step_and_cuein_order(
        self, relief: Routine, made: bytes
    ) -> None:
        """Names, dosage lines, steps and safety cues read in order."""
        text = " ".join(page_texts(made))
        parts = []
        for number, item in enumerate(relief.items, start=1):
            parts += [f"{number}. {item.exercise.name}", str(item.dosage)]
            parts += [*item.exercise.steps, *item.exercise.safety_cues]

        in_order(text, parts)

    def test_title_and_page_numbers_on_every_page(
        self, relief: Routine, made: bytes
    ) -> None:
        """Each page shows the title and "Page N of M"."""
        pages = page_texts(made)

        assert len(pages) > 1
        for number, page in enumerate(pages, start=1):
            assert relief.name in page
            assert f"Page {number} of {len(pages)}" in page

    def test_page_size(self, made: bytes, paper: str) -> None:
        """Every page has the paper's size."""
        width, height = PAPER[paper]

        for page in PdfReader(io.BytesIO(made)).pages:
            box = page.mediabox
            assert width == pytest.approx(float(box.width), abs=0.5)
            assert height == pytest.approx(float(box.height), abs=0.5)

    def test_fonts_are_embedded(self, made: bytes) -> None:
        """Every font used is embedded in the file."""
        fonts = []
        for page in PdfReader(io.BytesIO(made)).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()  # noqa: PLW2901 -- resolved
                if "/DescendantFonts" in font:
                    font = font["/DescendantFonts"][0].get_object()  # noqa: PLW2901 -- follow the font to its descendant
                descriptor = font["/FontDescriptor"].get_object()
                fonts.append(
                    {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
                )

        assert fonts
        assert all(fonts)

    def test_language_and_title(self, made: bytes, relief: Routine) -> None:
        """The PDF says its language and has the routine's title."""
        reader = PdfReader(io.BytesIO(made))

        assert "en" == reader.trailer["/Root"]["/Lang"]
        assert relief.name == reader.metadata.title

    def test_text_stays_on_the_page(self, made: bytes, paper: str) -> None:
        """No word runs past the right margin."""
        words = word_boxes(made)

        assert words
        assert max(right for right, _, _ in words) <= PAPER[paper][0] - 30

    def test_first_page_is_not_blank(
        self, made: bytes, tmp_path: pathlib.Path
    ) -> None:
        """Page 1 rendered to PNG has dark and light pixels."""
        image = first_page(made, tmp_path, dpi=40)
        darkest, lightest = ImageOps.grayscale(image).getextrema()

        assert darkest < 80
        assert 255 == lightest


class TestPictures:
    """Pictures from the pack are embedded, nothing else is read."""

    def test_picture_is_embedded(self, tmp_path: pathlib.Path) -> None:
        """A PNG inside media_root is drawn in the PDF."""
        (tmp_path / "img").mkdir()
        Image.new("RGB", (40, 30), "red").save(tmp_path / "img" / "a.png")
        routine = _pictured("img/a.png")

        pdf = to_pdf(routine, media_root=tmp_path)
        images = [
            image
            for page in PdfReader(io.BytesIO(pdf)).pages
            for image in page.images
        ]

        assert 1 == len(images)
        assert (40, 30) == images[0].image.size

    def test_wide_picture_fits_the_page(self, tmp_path: pathlib.Path) -> None:
        """A picture wider than the page is scaled into the margins."""
        (tmp_path / "img").mkdir()
        Image.new("RGB", (4000, 300), "blue").save(tmp_path / "img" / "w.png")
        pdf = to_pdf(_pictured("img/w.png"), media_root=tmp_path)
        image = first_page(pdf, tmp_path, dpi=20).convert("RGB")
        width = image.size[0]
        blue = [
            x
            for x in range(width)
            for y in range(image.size[1])
            if _blue(image.getpixel((x, y)))
        ]

        assert blue
        assert max(blue) < width - 5  # the right margin stays white

    @pytest.mark.skipif(os.name == "nt", reason="symbolic links need POSIX")
    def test_link_out_of_the_pack_is_not_read(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A media file linking outside media_root is not embedded."""
        outside = tmp_path / "outside.png"
        Image.new("RGB", (8, 8), "green").save(outside)
        root = tmp_path / "pack"
        (root / "img").mkdir(parents=True)
        (root / "img" / "a.png").symlink_to(outside)

        pdf = to_pdf(_pictured("img/a.png"), media_root=root)

        assert [] == [
            image
            for page in PdfReader(io.BytesIO(pdf)).pages
            for image in page.images
        ]
        assert "Picture: A red box" in " ".join(page_texts(pdf))


def _blue(pixel: typing.Any) -> bool:
    red, green, blue = pixel
    return bool(blue > 180 and red < 80 and green < 80)


def _pictured(path: str) -> Routine:
    box = Exercise(
        id="box",
        name="Box",
        summary="Look at the box.",
        steps=["Look."],
        media=[Media(path=path, alt="A red box")],
    )
    return Routine(id="r", name="Pictured", items=[box.prescribe("1x5")])


class TestNothingIsFetched:
    """Neither pack text nor the HTML can make WeasyPrint fetch anything."""

    @pytest.fixture
    def listener(self) -> typing.Iterator[socket.socket]:
        """Return a local TCP socket that records any connection."""
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.setblocking(False)
        yield server
        server.close()

    def _connected(self, server: socket.socket) -> bool:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return False
        connection.close()
        return True

    def test_urls_in_pack_text_are_text(
        self, tmp_path: pathlib.Path, listener: socket.socket
    ) -> None:
        """URLs and file paths in pack text print as text, unfetched."""
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP-SECRET-42", "utf-8")
        port = listener.getsockname()[1]
        url = f"http://127.0.0.1:{port}/x.png"
        exercise = Exercise(
            id="x",
            name=f'<img src="{url}"> <link rel="attachment" '
            f'href="{secret.as_uri()}">',
            summary=f"url({url}) {secret.as_uri()}",
            steps=[f"<style>@import url({url});</style>"],
            media=[Media(path="img/a.png", alt=secret.as_uri())],
        )
        routine = Routine(id="r", name="R", items=[exercise.prescribe("1x5")])

        pdf = to_pdf(routine, media_root=tmp_path)
        reader = PdfReader(io.BytesIO(pdf))

        assert not self._connected(listener)
        assert b"TOP-SECRET-42" not in pdf
        assert {} == reader.attachments
        assert url in " ".join(page_texts(pdf))

    def test_the_fetcher_refuses_network_and_files(
        self,
        tmp_path: pathlib.Path,
        listener: socket.socket,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """Even raw HTML asking for http and file URLs fetches nothing."""
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP-SECRET-42", "utf-8")
        picture = tmp_path / "p.png"
        Image.new("RGB", (8, 8), "green").save(picture)
        port = listener.getsockname()[1]
        hostile = (
            f'<link rel="attachment" href="{secret.as_uri()}">'
            f'<img src="{picture.as_uri()}">'
            f'<img src="http://127.0.0.1:{port}/a.png">'
            f"<style>@import url(http://127.0.0.1:{port}/b.css);</style>"
        )

        def page(*_: object, **__: object) -> str:
            return f"<!DOCTYPE html><html><head></head><body>{hostile}</body>"

        monkeypatch.setattr(pdf_module, "to_html", page)
        pdf = pdf_module.to_pdf(Routine(id="r", name="R", items=_items()))
        reader = PdfReader(io.BytesIO(pdf))

        assert not self._connected(listener)
        assert b"TOP-SECRET-42" not in pdf
        assert {} == reader.attachments
        assert [] == [img for p in reader.pages for img in p.images]
        assert "disallowed protocol" in caplog.text


def _items() -> list[typing.Any]:
    bend = Exercise(id="b", name="B", summary="S.", steps=["Go."])
    return [bend.prescribe("1x5")]


class TestErrors:
    """Without WeasyPrint, or with a wrong paper size, a clear error."""

    def test_missing_weasyprint(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without WeasyPrint the error names the pdf extra."""
        monkeypatch.setitem(sys.modules, "weasyprint", None)

        with pytest.raises(MissingExtraError) as caught:
            to_pdf(Routine(id="r", name="R", items=_items()))

        assert "pip install 'exerciselib[pdf]'" in str(caught.value)
        assert "pdf" == caught.value.extra

    def test_missing_pango(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """When WeasyPrint cannot load Pango the error says what to install."""
        real = builtins.__import__

        def failing(
            name: str, *args: typing.Any, **kwargs: typing.Any
        ) -> object:
            if name == "weasyprint":
                msg = "cannot load library 'libpango-1.0-0'"
                raise OSError(msg)
            return real(name, *args, **kwargs)

        monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
        monkeypatch.setattr(builtins, "__import__", failing)

        with pytest.raises(MissingExtraError) as caught:
            to_pdf(Routine(id="r", name="R", items=_items()))

        assert "libpango-1.0-0" in str(caught.value)

    @pytest.mark.parametrize("paper", ["a5", "", None, 4])
    def test_unknown_paper(self, paper: object) -> None:
        """A paper size other than a4 or letter is refused."""
        with pytest.raises(InvalidValueError) as caught:
            to_pdf(
                Routine(id="r", name="R", items=_items()),
                paper=paper,  # type: ignore[arg-type]
            )

        assert "paper" == caught.value.field


class TestCommandLine:
    """exerciselib export --pdf writes the handout."""

    def test_export(self, tmp_path: pathlib.Path, relief: Routine) -> None:
        """The PDF holds every exercise, dosage line and safety cue."""
        path = tmp_path / "relief.pdf"
        err = io.StringIO()
        code = run(
            [
                *("export", "sciatica:sciatica-relief"),
                *("--pdf", str(path), "--paper", "letter"),
            ],
            stdout=io.StringIO(),
            stderr=err,
        )
        pdf = path.read_bytes()
        text = " ".join(page_texts(pdf))

        assert 0 == code, err.getvalue()
        assert 612 == PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width
        for item in relief.items:
            assert normal(item.exercise.name) in text
            assert normal(str(item.dosage)) in text
            for cue in item.exercise.safety_cues:
                assert normal(cue) in text

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--pdf", "x.pdf", "--weeks", "2"], "schedule needs --start"),
            (["--html", "x.html", "--paper", "a4"], "--paper applies to"),
        ],
    )
    def test_usage_errors(self, extra: list[str], message: str) -> None:
        """Half a plan with --pdf, or --paper without it, is refused."""
        err = io.StringIO()
        code = run(
            ["export", "sciatica:sciatica-relief", *extra],
            stdout=io.StringIO(),
            stderr=err,
        )

        assert 2 == code
        assert message in err.getvalue()
