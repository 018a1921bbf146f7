"""Shared Hypothesis strategies for exerciselib's tests."""

from __future__ import annotations

from hypothesis import strategies as st

from exerciselib import (
    ALL_DAYS,
    Credit,
    Dosage,
    Exercise,
    Frequency,
    Laterality,
    Media,
    Routine,
    RoutineItem,
)
from exerciselib._domain import CREDIT_ROLES, MEDIA_KINDS
from exerciselib._dosage import MAX_REPS, MAX_SECONDS, MAX_SETS

# ---------------------------------------------------------------------------
# core types: Dosage, Exercise, Routine and the pieces they are made of
# ---------------------------------------------------------------------------

#: A number of seconds the way callers pass it: an int, or any float in
#: range (the type rounds it to the millisecond).
seconds = st.one_of(
    st.integers(min_value=0, max_value=int(MAX_SECONDS)),
    st.integers(min_value=0, max_value=int(MAX_SECONDS) * 1000).map(
        lambda ms: ms / 1000
    ),
    st.floats(min_value=0, max_value=MAX_SECONDS),
)

dosages = st.builds(
    Dosage,
    sets=st.integers(min_value=1, max_value=MAX_SETS),
    reps=st.integers(min_value=1, max_value=MAX_REPS),
    hold_seconds=seconds,
    rest_between_reps_seconds=seconds,
    rest_between_sets_seconds=seconds,
)

#: Non-blank text, any Unicode (no surrogates), short to keep tests fast.
texts = st.text(min_size=1, max_size=30).filter(str.strip)
optional_texts = st.none() | texts
text_tuples = st.lists(texts, max_size=3).map(tuple)

_segment = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)

#: Local ids: lower-case ASCII kebab-case starting with a letter.
ids = st.builds(
    lambda first, rest: "-".join([first, *rest]),
    st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True),
    st.lists(_segment, max_size=3),
)

#: Relative paths inside a pack, such as ``images/knee-bend.jpg``.
paths = st.builds(
    lambda parts, ext: "/".join(parts) + ext,
    st.lists(
        st.from_regex(r"[a-z0-9][a-z0-9_-]{0,6}", fullmatch=True),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["", ".jpg", ".png", ".webm", ".tar.gz"]),
)

urls = st.builds(
    lambda scheme, rest: f"{scheme}://{rest}",
    st.sampled_from(["http", "https"]),
    st.from_regex(
        r"[a-z0-9.-]{1,12}(/[a-zA-Z0-9._~-]{0,12}){0,2}", fullmatch=True
    ),
)

credit_records = st.builds(
    Credit,
    name=texts,
    role=st.sampled_from(sorted(CREDIT_ROLES)),
    title=optional_texts,
    organization=optional_texts,
    url=st.none() | urls,
    note=optional_texts,
)

media = st.builds(
    Media,
    path=paths,
    alt=texts,
    kind=st.sampled_from(sorted(MEDIA_KINDS)),
    credit=optional_texts,
    license=st.none() | st.sampled_from(["CC-BY-4.0", "MIT", "CC0-1.0"]),
)

exercises = st.builds(
    Exercise,
    id=ids,
    name=texts,
    summary=texts,
    steps=st.lists(texts, min_size=1, max_size=3).map(tuple),
    safety_cues=text_tuples,
    laterality=st.sampled_from(Laterality),
    starting_position=optional_texts,
    equipment=text_tuples,
    tags=text_tuples,
    body_regions=text_tuples,
    media=st.lists(media, max_size=2).map(tuple),
    credits=st.lists(credit_records, max_size=2).map(tuple),
)

routine_items = st.builds(
    RoutineItem, exercise=exercises, dosage=dosages, notes=optional_texts
)

frequencies = st.builds(
    Frequency,
    times_per_day=st.integers(min_value=1, max_value=12),
    days=st.lists(st.sampled_from(ALL_DAYS), min_size=1, max_size=7),
)

routines = st.builds(
    Routine,
    id=ids,
    name=texts,
    items=st.lists(routine_items, min_size=1, max_size=3).map(tuple),
    description=optional_texts,
    frequency=st.none() | frequencies,
    advice=text_tuples,
    credits=st.lists(credit_records, max_size=2).map(tuple),
)


# ---------------------------------------------------------------------------
# exports: hostile pack text
# ---------------------------------------------------------------------------

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
