"""Shared Hypothesis strategies for exerciselib's tests."""

from __future__ import annotations

from hypothesis import strategies as st

from exerciselib import (
    Credit,
    Exercise,
    Laterality,
    Media,
    Routine,
)

# --- Exports: hostile pack text ----------------------------------------
# Pack text is untrusted. These fragments are the syntax of every format
# the exports write (HTML, Markdown, iCalendar) plus characters that have
# no place in a document; generated text mixes them with arbitrary text.

HOSTILE_FRAGMENTS = (
    "<script>alert(1)</script>",
    "<SCRIPT src=x>",
    "<img src=x onerror=alert(1)>",
    "</li></ol></section><h1>x</h1>",
    "<!--",
    "-->",
    "<![CDATA[",
    '"',
    "'",
    "&",
    "&amp;",
    "&#60;",
    "&lt;",
    "\r\n",
    "\r",
    "\n",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ud800",
    "END:VEVENT\r\nBEGIN:VEVENT",
    "\r\nDTSTART:19700101T000000Z",
    "BEGIN:VALARM",
    ",",
    ";",
    ":",
    "\\",
    "\\n",
    "[x](javascript:alert(1))",
    "![x](x.png)",
    "`",
    "*",
    "_",
    "#",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    "|",
    "~~",
    "    ",
    "===",
    "---",
)


def hostile_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Non-blank text of at most ``max_size`` characters, full of syntax."""
    return (
        st.lists(
            st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=6)),
            min_size=1,
            max_size=6,
        )
        .map("".join)
        .filter(lambda text: bool(text.strip()) and len(text) <= max_size)
    )


def _hostile_texts(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(hostile_text(), max_size=max_size)


def _optional(
    strategy: st.SearchStrategy[str],
) -> st.SearchStrategy[str | None]:
    return st.none() | strategy


@st.composite
def hostile_credits(draw: st.DrawFn) -> Credit:
    """A credit whose every text field is hostile (and with no URL)."""
    return Credit(
        name=draw(hostile_text()),
        role=draw(st.sampled_from(["author", "source", "demonstrator"])),
        title=draw(_optional(hostile_text())),
        organization=draw(_optional(hostile_text())),
        note=draw(_optional(hostile_text())),
    )


@st.composite
def hostile_exercises(draw: st.DrawFn, *, number: int = 1) -> Exercise:
    """An exercise whose every text field is hostile."""
    return Exercise(
        id=f"exercise-{number}",
        name=draw(hostile_text()),
        summary=draw(hostile_text()),
        steps=draw(st.lists(hostile_text(), min_size=1, max_size=4)),
        safety_cues=draw(_hostile_texts()),
        laterality=draw(st.sampled_from(Laterality)),
        starting_position=draw(_optional(hostile_text())),
        equipment=draw(_hostile_texts(2)),
        media=[
            Media(path="img/picture.png", alt=alt)
            for alt in draw(_hostile_texts(1))
        ],
        credits=draw(st.lists(hostile_credits(), max_size=2)),
    )


@st.composite
def hostile_routines(draw: st.DrawFn) -> Routine:
    """A routine of one to three hostile exercises, with hostile notes."""
    count = draw(st.integers(min_value=1, max_value=3))
    items = [
        draw(hostile_exercises(number=number)).prescribe(
            "2 sets / 10 reps / 5 s hold",
            notes=draw(_optional(hostile_text())),
        )
        for number in range(1, count + 1)
    ]
    return Routine(
        id="hostile-routine",
        name=draw(hostile_text()),
        items=items,
        description=draw(_optional(hostile_text())),
        advice=draw(_hostile_texts()),
        credits=draw(st.lists(hostile_credits(), max_size=2)),
    )
