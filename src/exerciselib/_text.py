"""
Text helpers shared by every layer: quoting, plurals, lengths, hints.

Nothing here knows the model: these functions take and return plain
strings and numbers, so the model, the schedule engine, the exports and
the command line can all use them without importing each other.
"""

from __future__ import annotations

import functools
import re
import typing

if typing.TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "clean_lines",
    "close_matches",
    "counted",
    "did_you_mean",
    "length",
    "markdown_line",
    "show",
]

#: The longest quoted value a message shows before cutting it short.
_MAX_SHOWN = 80

# C0 and C1 controls other than tab and the line breaks, DEL, and lone
# surrogates (which cannot be encoded as UTF-8).
_UNPRINTABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
_LINE_BREAKS = "\r\n|[\r\n\x85\u2028\u2029]"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` on first use: ``import exerciselib`` stays cheap."""
    return re.compile(pattern)


def show(value: object) -> str:
    """
    Quote ``value`` for a message, cut short if it is long.

    >>> show("abc"), show("x" * 100)[-5:]
    ("'abc'", 'xx...')
    """
    try:
        text = repr(value)
    except ValueError:  # an int with more digits than str() allows
        return "a number too large to show"
    return text if len(text) <= _MAX_SHOWN else f"{text[: _MAX_SHOWN - 3]}..."


def clean_lines(text: str) -> list[str]:
    r"""
    Return ``text`` split into lines, without unprintable characters.

    >>> clean_lines("one\r\ntwo\x1b[31m")
    ['one', 'two\ufffd[31m']
    """
    unprintable = _compiled(_UNPRINTABLE)
    return _compiled(_LINE_BREAKS).split(unprintable.sub("\ufffd", text))


def length(seconds: float) -> str:
    """
    Write a session length the way a handout says it.

    >>> length(260), length(45), length(120)
    ('4 min 20 s', '45 s', '2 min')
    """
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def counted(number: int, noun: str) -> str:
    """
    Write ``3 exercises`` or ``1 routine``.

    >>> counted(3, "exercise"), counted(1, "routine")
    ('3 exercises', '1 routine')
    """
    return f"{number} {noun}{'' if number == 1 else 's'}"


def close_matches(wanted: str, known: Iterable[str], n: int = 5) -> list[str]:
    """Return up to ``n`` of ``known`` that look like ``wanted``."""
    # Only a failed lookup needs difflib: keep it out of start-up.
    import difflib  # noqa: PLC0415 -- lazy, see above

    return difflib.get_close_matches(wanted, list(known), n=n)


def did_you_mean(
    suggestions: Iterable[str], *, lead: str = " Did you mean"
) -> str:
    """
    Write the hint that follows an unknown name, or ``""`` for none.

    >>> did_you_mean(["knee-bend", "knee-lift"])
    " Did you mean 'knee-bend', 'knee-lift'?"
    >>> did_you_mean([])
    ''
    """
    shown = list(suggestions)
    if not shown:
        return ""
    return f"{lead} {', '.join(map(repr, shown))}?"


# Characters that start Markdown syntax anywhere in a line. "<", ">" and
# "&" become entities (so no raw HTML or entity can form); the rest are
# backslash-escaped, which CommonMark allows before any ASCII punctuation.
# "(", ")" and "!" need no escape: they act only next to "[" or "]".
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"[\\`*_\[\]|~#&<>]")
# At the start of a line "-", "+", "=" and "1." or "1)" make lists,
# thematic breaks and setext headings.
_MD_LINE_START = re.compile(r"^(?:[-+=]|[0-9]{1,9}(?=[.)]))")


def _md_char(match: re.Match[str]) -> str:
    char = match.group()
    return _MD_ENTITIES.get(char) or "\\" + char


def _md_start(match: re.Match[str]) -> str:
    start = match.group()
    if start[0] in "0123456789":
        return start + "\\"  # the "." or ")" that follows is escaped
    return "\\" + start


def markdown_line(text: str) -> str:
    """
    Escape untrusted text for Markdown, on one line.

    Line breaks become spaces (a list item or heading is one line), and
    every ASCII character that could start emphasis, a link, code, raw
    HTML, an entity, a heading, a list or a table cell is escaped, so
    the text renders as exactly itself wherever it is placed.
    """
    line = " ".join(part.strip() for part in clean_lines(text)).strip()
    return _MD_LINE_START.sub(_md_start, _MD_SPECIAL.sub(_md_char, line))
