"""Property tests: pack text cannot change the structure of an export."""

from __future__ import annotations

import datetime as dt

import icalendar
import markdown_it
import pytest
from hypothesis import example, given

from exerciselib import (
    Exercise,
    Plan,
    Routine,
    session_timeline,
    to_html,
    to_ics,
    to_markdown,
)
from exerciselib._export import handout
from exerciselib._export.ics import describe
from exerciselib.cli import _text as terminal
from htmltree import Node, parse
from strategies import hostile_routines, hostile_text

pytestmark = pytest.mark.property

#: Every element the handout writes; anything else was injected.
HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "section",
    "aside",
    "h1",
    "h2",
    "h3",
    "p",
    "dl",
    "dt",
    "dd",
    "ol",
    "ul",
    "li",
    "br",
    "figure",
    "img",
    "figcaption",
    "div",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
#: Every attribute the handout writes.
HTML_ATTRIBUTES = {"lang", "charset", "name", "content", "class", "id"}
#: Every element the rendered Markdown handout has (em for media alt
#: text and notes, strong for dosages and labels).
MARKDOWN_TAGS = {
    "#document",
    "h1",
    "h2",
    "h3",
    "p",
    "em",
    "strong",
    "ol",
    "ul",
    "li",
    "blockquote",
}


def _printed(text: str) -> str:
    """Return ``text`` as the HTML page shows it: lines joined by LF."""
    return "\n".join(handout.clean_lines(text))


def _routine(text: str) -> Routine:
    exercise = Exercise(
        id="x", name=text, summary=text, steps=[text], safety_cues=[text]
    )
    return Routine(id="r", name=text, items=[exercise.prescribe("1x1")])


class TestHtmlEscaping:
    """
    Pack text is untrusted: in the HTML handout it is only ever text.

    Whatever a pack's strings contain, the page has the same elements and
    attributes as for plain text, and each string reads back exactly.
    """

    @pytest.mark.slow  # a whole hostile routine per example
    @given(hostile_routines())
    def test_structure_and_text_survive_any_pack_text(
        self, routine: Routine
    ) -> None:
        """Only handout elements appear, and each text reads back."""
        text = to_html(routine)
        document = parse(text)
        root = document.root
        sections = root.find_all("section", "exercise")

        assert [] == document.mismatches
        assert [] == document.unclosed
        assert [] == document.comments
        assert ["DOCTYPE html"] == document.declarations
        assert set() == {node.tag for node in root.iter()} - HTML_TAGS - {
            "#document"
        }
        assert (
            set()
            == {name for node in root.iter() for name in node.attrs}
            - HTML_ATTRIBUTES
        )
        assert 1 == len(root.find_all("h1"))
        assert _printed(routine.name) == root.find("h1").text()
        assert len(routine.items) == len(sections)
        for item, section in zip(routine.items, sections, strict=True):
            exercise = item.exercise
            steps = section.find("ol", "steps").find_all("li")
            asides = section.find_all("aside", "safety")
            cues = [
                li.text() for aside in asides for li in aside.find_all("li")
            ]
            assert [_printed(step) for step in exercise.steps] == [
                li.text() for li in steps
            ]
            assert [_printed(cue) for cue in exercise.safety_cues] == cues
            tips = [
                li.text()
                for div in section.find_all("div", "tips")
                for li in div.find_all("li")
            ]
            assert [_printed(cue) for cue in exercise.form_cues] == tips
            assert _printed(exercise.summary) == (
                section.find("p", "summary").text()
            )
        signs = [
            li.text()
            for part in root.find_all("section", "warnings")
            for li in part.find_all("li")
        ]
        assert [_printed(sign) for sign in routine.warning_signs] == signs

    @given(hostile_text())
    @example("<script>alert(1)</script>")
    @example('"><img src=x onerror=alert(1)>')
    @example("a\r\nb")
    def test_no_raw_syntax_reaches_the_page(self, text: str) -> None:
        """No script tag, CR or stray markup from pack text is written."""
        page = to_html(_routine(text))
        root = parse(page).root

        assert "\r" not in page
        assert "<script" not in page.lower()
        assert [] == root.find_all("img")
        assert _printed(text) == root.find("h1").text()
        assert " ".join(handout.clean_lines(text)) == root.find("title").text()

    @given(hostile_text())
    def test_the_title_argument_is_escaped(self, text: str) -> None:
        """A caller's title is escaped like pack text."""
        root = parse(to_html(_routine("x"), title=text)).root

        assert _printed(text) == root.find("h1").text()
        assert ["title"] == [
            node.tag
            for node in root.find("head").iter()
            if node.tag == "title"
        ]


def _render(markdown: str) -> Node:
    return parse(markdown_it.MarkdownIt("commonmark").render(markdown)).root


def _one_line(text: str) -> str:
    """Return ``text`` as the Markdown handout shows it: on one line."""
    return " ".join(line.strip() for line in handout.clean_lines(text)).strip()


class TestMarkdownEscaping:
    """
    Pack text is untrusted: in the Markdown handout it is only ever text.

    Rendered by a CommonMark parser, each string reads back as itself on
    one line and adds no element: no raw HTML, link, emphasis or list.
    """

    @given(hostile_text())
    @example("<script>alert(1)</script>")
    @example("[x](javascript:alert(1))")
    @example("- 1. *a* `b`")
    @example("&amp; &#60;")
    def test_text_renders_as_itself(self, text: str) -> None:
        """A step, cue and name render as their own text and nothing more."""
        markdown = to_markdown(_routine(text))
        root = _render(markdown)
        expected = _one_line(text)

        assert "\r" not in markdown
        assert "<" not in markdown
        assert expected == root.find("h1").text()
        assert f"1. {expected}" == root.find("h2").text()
        assert [expected] == [
            li.text() for li in root.find("ol").find_all("li")
        ]
        assert [expected] == [
            li.text() for li in root.find("blockquote").find_all("li")
        ]
        assert set() == {node.tag for node in root.iter()} - MARKDOWN_TAGS

    @pytest.mark.slow  # a whole hostile routine per example
    @given(hostile_routines())
    def test_structure_survives_any_pack_text(self, routine: Routine) -> None:
        """Headings and lists are exactly those of the routine."""
        root = _render(to_markdown(routine))
        titles = []
        if routine.warning_signs:
            titles.append("When to stop and seek help")
        titles += [
            f"{number}. {_one_line(item.exercise.name)}"
            for number, item in enumerate(routine.items, start=1)
        ]
        if routine.advice:
            titles.append("Advice and safety")
        if routine.credits:
            titles.append("Credits")

        assert [_one_line(routine.name)] == [
            h.text() for h in root.find_all("h1")
        ]
        assert titles == [h.text() for h in root.find_all("h2")]
        assert [
            [_one_line(step) for step in item.exercise.steps]
            for item in routine.items
        ] == [
            [li.text().strip() for li in ol.find_all("li")]
            for ol in root.find_all("ol")
        ]
        assert set() == {node.tag for node in root.iter()} - MARKDOWN_TAGS


class TestIcsEscaping:
    """
    Pack text is untrusted: in iCalendar it is only ever a TEXT value.

    RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks in TEXT
    are escaped, so no string can end a property or a component.
    """

    @pytest.mark.slow  # a whole hostile routine per example
    @given(hostile_routines())
    @example(_routine("x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:evil; a,b"))
    # icalendar's own escaping reads a literal backslash-N as a line break.
    @example(_routine("\\N"))
    def test_pack_text_cannot_add_properties_or_events(
        self, routine: Routine
    ) -> None:
        """One event with exactly its own properties, text read back."""
        plan = Plan(
            routine=routine,
            start=dt.date(2026, 9, 28),
            count=3,
            timezone="Australia/Sydney",
        )
        data = to_ics(
            plan,
            dtstamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            alarm_minutes=5,
        )
        calendar = icalendar.Calendar.from_ical(data)
        (event,) = calendar.walk("VEVENT")
        (alarm,) = event.walk("VALARM")
        name = "\n".join(handout.clean_lines(routine.name))

        assert 1 == data.count(b"\r\nBEGIN:VEVENT\r\n")
        assert 1 == data.count(b"\r\nBEGIN:VALARM\r\n")
        assert {
            "UID",
            "DTSTAMP",
            "DTSTART",
            "DURATION",
            "RRULE",
            "SUMMARY",
            "DESCRIPTION",
        } == set(event.keys())
        assert {"ACTION", "TRIGGER", "DESCRIPTION"} == set(alarm.keys())
        assert name == str(event["SUMMARY"])
        assert name == str(alarm["DESCRIPTION"])
        assert describe(routine, session_timeline(routine).total) == str(
            event["DESCRIPTION"]
        )


class TestTerminalText:
    """
    Pack text is untrusted: on a terminal it is only ever printable text.

    No control character but tab reaches the terminal (an escape could
    restyle, move or clear it), and each piece of text stays on its line.
    """

    @pytest.mark.slow  # a whole hostile routine per example
    @given(hostile_routines())
    @example(_routine("\x1b[2J\x1b[31mred\r\nnext\x07\x9b1m"))
    def test_show_prints_no_control_characters(self, routine: Routine) -> None:
        """The routine handout has no control characters in any line."""
        lines = terminal.routine_lines(routine, 60)
        text = "\n".join(lines)

        assert [] == [
            char
            for char in text
            if char not in "\t\n"
            and (ord(char) < 32 or 0x7F <= ord(char) <= 0x9F)
        ]
        assert terminal.safe(routine.name) == lines[0]
        assert len(routine.items) == sum(
            1 for line in lines if line.endswith(str(routine.items[0].dosage))
        )
