"""Tests for the printable handouts: to_html and to_markdown."""

from __future__ import annotations

import base64
import doctest
import os
import struct
import typing
import zlib
from typing import TYPE_CHECKING

import markdown_it
import pytest

from exerciselib import (
    Credit,
    Dosage,
    Exercise,
    Frequency,
    InvalidValueError,
    Laterality,
    Media,
    Routine,
    _text,
    to_html,
    to_markdown,
)
from exerciselib._export import handout
from htmltree import Node, parse

if TYPE_CHECKING:
    import pathlib


def _png() -> bytes:
    """Return a valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (
            struct.pack(">I", len(data))
            + body
            + struct.pack(">I", zlib.crc32(body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


HURDLER = Exercise(
    id="seated-hurdler-stretch",
    name="Seated hurdler stretch",
    summary="Stretches the back of the thigh and the sciatic nerve.",
    steps=[
        "Sit on the edge of a chair.",
        "Straighten the affected leg in front of you, heel on the floor.",
        "Lean forward from the hips until you feel a gentle stretch.",
    ],
    safety_cues=[
        "Keep your back straight.",
        "Stop if pain spreads down the leg.",
    ],
    laterality=Laterality.AFFECTED,
    starting_position="Sitting on a firm chair",
    equipment=["chair"],
    media=[Media(path="img/hurdler.png", alt="A person leaning forward")],
    credits=[Credit(name="A. Author", role="author", title="Physio")],
)
KNEES = Exercise(
    id="knees-to-chest",
    name="Knees to chest",
    summary="Eases the lower back.",
    steps=["Lie on your back.", "Pull both knees to your chest."],
)
ROUTINE = Routine(
    id="sciatica-relief",
    name="Sciatica relief",
    description="Gentle stretches for sciatica.",
    frequency=Frequency(times_per_day=2),
    items=[
        HURDLER.prescribe("1 set / 1 rep / 30 s hold", notes="Go slowly."),
        KNEES.prescribe(Dosage(sets=2, reps=10, hold_seconds=5)),
    ],
    advice=["Warm up first.", "See your doctor if numbness appears."],
    credits=[Credit(name="Example Clinic", role="publisher")],
)


def _html(routine: Routine = ROUTINE, **kwargs: typing.Any) -> Node:
    document = parse(to_html(routine, **kwargs))

    assert [] == document.mismatches
    assert [] == document.unclosed
    return document.root


class TestToHtml:
    """to_html writes one well-formed, self-contained page."""

    def test_document_shape(self) -> None:
        """The page is a doctype, then html with lang, head and body."""
        text = to_html(ROUTINE)
        document = parse(text)
        html = document.root.find("html")

        assert ["DOCTYPE html"] == document.declarations
        assert "en" == html.attrs["lang"]
        assert ["head", "body"] == html.child_tags()
        assert "utf-8" in [
            meta.attrs.get("charset") for meta in html.find_all("meta")
        ]
        assert text.endswith("</html>\n")

    def test_one_h1_with_the_title(self) -> None:
        """There is one h1, the routine's name, also the page title."""
        root = _html()

        assert ["Sciatica relief"] == [h.text() for h in root.find_all("h1")]
        assert "Sciatica relief" == root.find("title").text()

    def test_title_overrides_the_name(self) -> None:
        """A given title replaces the routine's name in h1 and title."""
        root = _html(title="For Sam <3")

        assert "For Sam <3" == root.find("h1").text()
        assert "For Sam <3" == root.find("title").text()

    def test_description_and_frequency(self) -> None:
        """The header gives the description and how often to do it."""
        root = _html()

        assert "Gentle stretches for sciatica." == (
            root.find("p", "description").text()
        )
        assert "Do this routine twice a day." == (
            root.find("p", "frequency").text()
        )

    def test_one_section_per_exercise_in_order(self) -> None:
        """Each item is one numbered section headed by its exercise."""
        sections = _html().find_all("section", "exercise")

        assert ["exercise-1", "exercise-2"] == [
            section.attrs["id"] for section in sections
        ]
        assert ["1. Seated hurdler stretch", "2. Knees to chest"] == [
            section.find("h2").text() for section in sections
        ]

    def test_dosage_line_in_clinical_notation(self) -> None:
        """Each section shows str(dosage) as its dosage line."""
        sections = _html().find_all("section", "exercise")

        assert [
            "1 Set / 1 Rep / 30 s hold",
            "2 Sets / 10 Reps / 5 s hold",
        ] == [section.find("p", "dosage").text() for section in sections]

    def test_steps_are_an_ordered_list(self) -> None:
        """The steps are the items of one ordered list, in order."""
        section = _html().find_all("section", "exercise")[0]
        steps = section.find("ol", "steps")

        assert ["li"] * 3 == steps.child_tags()
        assert list(HURDLER.steps) == [
            li.text() for li in steps.find_all("li")
        ]

    def test_safety_cues_are_set_apart(self) -> None:
        """Safety cues sit in an aside with a heading, not in the steps."""
        first, second = _html().find_all("section", "exercise")
        aside = first.find("aside", "safety")

        assert "Safety" == aside.find("h3").text()
        assert list(HURDLER.safety_cues) == [
            li.text() for li in aside.find("ul").find_all("li")
        ]
        assert [] == second.find_all("aside")

    def test_setup_facts(self) -> None:
        """Starting position, equipment and sides are listed as terms."""
        setup = _html().find("dl", "setup")
        terms = [node.text() for node in setup.find_all("dt")]
        values = [node.text() for node in setup.find_all("dd")]

        assert ["Starting position", "Equipment", "Sides"] == terms
        assert [
            "Sitting on a firm chair",
            "chair",
            "Affected side only",
        ] == values

    def test_notes_and_credits_of_an_item(self) -> None:
        """Item notes and exercise credits appear in the section."""
        section = _html().find_all("section", "exercise")[0]

        assert "Go slowly." == section.find("p", "notes").text()
        assert "Credits: author: A. Author, Physio" == (
            section.find("p", "credits").text()
        )

    def test_advice_and_routine_credits(self) -> None:
        """The routine's advice and credits close the page."""
        root = _html()
        advice = root.find("section", "advice")

        assert "Advice and safety" == advice.find("h2").text()
        assert list(ROUTINE.advice) == [
            li.text() for li in advice.find("ul").find_all("li")
        ]
        assert ["publisher: Example Clinic"] == [
            li.text() for li in root.find("footer").find_all("li")
        ]

    def test_credit_url_is_text_not_a_link(self) -> None:
        """A credit's URL is printed, never made a link or a resource."""
        credit = Credit(
            name="Clinic", role="source", url="https://clinic.example/x"
        )
        routine = Routine(
            id="r", name="R", items=[KNEES.prescribe("1x1")], credits=[credit]
        )
        root = _html(routine)

        assert [] == root.find_all("a")
        assert "source: Clinic <https://clinic.example/x>" == (
            root.find("footer").find("li").text()
        )

    def test_no_scripts_and_no_external_references(self) -> None:
        """The page has no script, link, URL or external reference."""
        text = to_html(ROUTINE)
        tags = {node.tag for node in parse(text).root.iter()}

        assert set() == tags & {"script", "link", "iframe", "object", "a"}
        assert "<script" not in text.lower()
        assert "http" not in text
        assert "url(" not in text
        assert "@import" not in text

    def test_print_stylesheet(self) -> None:
        """The inline stylesheet has page margins and print rules."""
        style = _html().find("style").text()

        assert "@page" in style
        assert "size: auto" in style
        assert "@media print" in style
        assert "break-inside: avoid" in style

    def test_picture_is_embedded_as_data_uri(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A picture under media_root becomes a data: URI with its alt."""
        png = _png()
        (tmp_path / "img").mkdir()
        (tmp_path / "img" / "hurdler.png").write_bytes(png)
        root = _html(media_root=tmp_path)
        figure = root.find("figure")
        image = figure.find("div", "picture picture-1")
        expected_src = "data:image/png;base64," + base64.b64encode(png).decode(
            "ascii"
        )

        assert (
            f'.picture-1 {{ background-image: url("{expected_src}"); }}'
            in (root.find("style").text())
        )
        assert "picture picture-1" == image.attrs["class"]
        assert "img" == image.attrs["role"]
        assert "A person leaning forward" == image.attrs["aria-label"]
        assert "A person leaning forward" == figure.find("figcaption").text()

    def test_picture_caption_has_credit_and_licence(
        self, tmp_path: pathlib.Path
    ) -> None:
        """The caption names the picture's credit and licence."""
        (tmp_path / "p.png").write_bytes(_png())
        exercise = Exercise(
            id="x",
            name="X",
            summary="X.",
            steps=["Do it."],
            media=[
                Media(path="p.png", alt="Alt", credit="Sam", license="CC0-1.0")
            ],
        )
        routine = Routine(id="r", name="R", items=[exercise.prescribe("1x1")])
        caption = _html(routine, media_root=tmp_path).find("figcaption")

        assert "Alt · Credit: Sam · Licence: CC0-1.0" == caption.text()

    @pytest.mark.parametrize(
        ("name", "content", "kind"),
        [
            # no file at the path
            (None, None, "image"),
            # a format that can carry scripts
            (
                "drawing.svg",
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                "image",
            ),
            # videos cannot be printed
            ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", "video"),
        ],
        ids=["missing", "svg", "video"],
    )
    def test_media_not_embedded_shows_alt_text(
        self,
        tmp_path: pathlib.Path,
        name: str | None,
        content: bytes | None,
        kind: str,
    ) -> None:
        """Missing, SVG and video media are shown by their alt text."""
        path = name or "missing.png"
        if content is not None:
            (tmp_path / path).write_bytes(content)
        exercise = Exercise(
            id="x",
            name="X",
            summary="X.",
            steps=["Do it."],
            media=[Media(path=path, alt="What it shows", kind=kind)],
        )
        routine = Routine(id="r", name="R", items=[exercise.prescribe("1x1")])
        root = _html(routine, media_root=tmp_path)
        label = "Video" if kind == "video" else "Picture"

        assert [] == root.find_all("figure")
        assert f"{label}: What it shows" == root.find("p", "media-alt").text()

    def test_without_media_root_alt_text_is_shown(self) -> None:
        """With no media_root nothing is read and the alt text is shown."""
        root = _html()

        assert [] == root.find_all("figure")
        assert "Picture: A person leaning forward" == (
            root.find("p", "media-alt").text()
        )

    @pytest.mark.skipif(
        not hasattr(os, "symlink") or os.name == "nt",
        reason="symbolic links need POSIX",
    )
    def test_link_out_of_media_root_is_not_followed(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A media file that links outside media_root is not embedded."""
        outside = tmp_path / "secret.png"
        outside.write_bytes(_png())
        root_dir = tmp_path / "pack"
        (root_dir / "img").mkdir(parents=True)
        (root_dir / "img" / "hurdler.png").symlink_to(outside)

        assert [] == _html(media_root=root_dir).find_all("figure")

    def test_oversized_picture_is_not_embedded(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A picture over the size limit is shown by its alt text."""
        (tmp_path / "img").mkdir()
        (tmp_path / "img" / "hurdler.png").write_bytes(_png())
        monkeypatch.setattr(handout, "MAX_EMBEDDED_MEDIA_BYTES", 10)

        assert [] == _html(media_root=tmp_path).find_all("figure")

    def test_lang_attribute(self) -> None:
        """The lang argument sets the html element's language."""
        root = _html(lang="de")

        assert "de" == root.find("html").attrs["lang"]

    def test_malformed_lang_is_refused(self) -> None:
        """A lang that is not a language tag never reaches the page."""
        with pytest.raises(InvalidValueError, match="not a language tag"):
            _html(lang='de"><script>')

    def test_line_breaks_in_pack_text_become_br(self) -> None:
        """CR, LF and CRLF in pack text become <br>, never raw breaks."""
        exercise = Exercise(
            id="x", name="X", summary="a\r\nb\rc\nd", steps=["Do it."]
        )
        routine = Routine(id="r", name="R", items=[exercise.prescribe("1x1")])
        text = to_html(routine)

        assert "a<br>b<br>c<br>d" in text
        assert "\r" not in text


class TestToMarkdown:
    """to_markdown writes a handout that renders as itself."""

    def test_exact_text(self) -> None:
        """The Markdown handout of a small routine is exactly as expected."""
        routine = Routine(
            id="r",
            name="Knee care",
            items=[
                Exercise(
                    id="knee-bend",
                    name="Knee bend",
                    summary="Bend the knee.",
                    steps=["Sit tall.", "Bend and straighten the knee."],
                    safety_cues=["Stop if it hurts."],
                    equipment=["chair"],
                    media=[Media(path="a.png", alt="Bent knee")],
                ).prescribe("2 x 10", notes="Slowly."),
            ],
            advice=["Rest if tired."],
            credits=[Credit(name="Clinic", role="publisher")],
        )
        expected = """\
# Knee care

## 1. Knee bend

**2 Sets / 10 Reps**

Bend the knee.

- **Equipment:** chair

*Picture: Bent knee*

### Steps

1. Sit tall.
2. Bend and straighten the knee.

> **Safety**
>
> - Stop if it hurts.

*Note:* Slowly.

## Advice and safety

- Rest if tired.

## Credits

- publisher: Clinic
"""

        assert expected == to_markdown(routine)

    def test_renders_to_the_expected_structure(self) -> None:
        """Rendered, the handout has one h1, an h2 per item and ol steps."""
        rendered = markdown_it.MarkdownIt("commonmark").render(
            to_markdown(ROUTINE)
        )
        root = parse(rendered).root

        assert ["Sciatica relief"] == [h.text() for h in root.find_all("h1")]
        assert [
            "1. Seated hurdler stretch",
            "2. Knees to chest",
            "Advice and safety",
            "Credits",
        ] == [h.text() for h in root.find_all("h2")]
        assert [list(HURDLER.steps), list(KNEES.steps)] == [
            [li.text().strip() for li in ol.find_all("li")]
            for ol in root.find_all("ol")
        ]
        assert list(HURDLER.safety_cues) == [
            li.text().strip() for li in root.find("blockquote").find_all("li")
        ]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("plain words", "plain words"),
            # emphasis, code, links and tables
            ("*a* _b_ `c` [d](e) |f|", r"\*a\* \_b\_ \`c\` \[d\](e) \|f\|"),
            # raw HTML and entities
            ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
            # list, heading and break markers at the start
            ("- x", r"\- x"),
            ("+ x", r"\+ x"),
            ("12. x", r"12\. x"),
            ("3) x", r"3\) x"),
            ("=== x", r"\=== x"),
            ("# x", r"\# x"),
            # not markers in the middle of a line
            ("a - b. 3. c", "a - b. 3. c"),
            # line breaks and indentation collapse to one line
            ("a\r\n    b\rc", "a b c"),
        ],
    )
    def test_escaping(self, text: str, expected: str) -> None:
        """Markdown syntax in pack text is escaped to read as itself."""
        assert expected == handout._md_text(text)


class TestDocstringExamples:
    """The examples in the text helpers' docstrings are right."""

    def test_doctests(self) -> None:
        """Each docstring example of the shared text helpers holds."""
        result = doctest.testmod(_text, optionflags=doctest.ELLIPSIS)

        assert result.attempted > 0
        assert 0 == result.failed
