"""
Language tags: the BCP 47 check, the lookup fallback chain, the environment.

A language tag comes from a pack, a user or the environment, so it is
untrusted: it is checked here, against a strict subset of BCP 47
(language, optional script, optional region; no extensions or private
use), before any other code (gettext, Babel, a file name) sees it. Babel's
CVE-2021-42771 was a path traversal through a locale name.

The fallback chain is RFC 4647 "Lookup": the requested tag, then the tag
with subtags cut from the right (``de-AT`` → ``de``), then the default
(the pack's own language).
"""

from __future__ import annotations

import re
import typing

from exerciselib.exceptions import InvalidValueError

if typing.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "ENVIRONMENT",
    "MAX_TAG",
    "environment_tags",
    "fallback_chain",
    "is_tag",
    "tag",
]

#: The longest tag accepted (RFC 5646 §4.4.1 asks for at least 35).
MAX_TAG = 35

# language (2-3 letters), script (4 letters), region (2 letters or 3 digits)
_TAG = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
)

#: The environment variables that name the messages language, in the
#: order gettext reads them (``LANGUAGE`` is a colon-separated list).
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_SCRIPT = 4

# C, POSIX and C.UTF-8 name no language: they mean "no preference".
_NO_PREFERENCE = frozenset({"c", "posix"})


def is_tag(value: object) -> bool:
    """
    Whether ``value`` is a language tag exerciselib accepts.

    >>> is_tag("de-AT"), is_tag("es-419"), is_tag("../../etc/passwd")
    (True, True, False)
    """
    return (
        isinstance(value, str)
        and len(value) <= MAX_TAG
        and _TAG.fullmatch(value) is not None
    )


def tag(value: object, *, field: str = "language") -> str:
    """
    The tag ``value`` in its canonical case, or :class:`InvalidValueError`.

    Canonical case is lower-case language, title-case script and
    upper-case region (RFC 5646 §2.1.1).

    >>> tag("DE-at"), tag("zh-hant-tw")
    ('de-AT', 'zh-Hant-TW')

    Raises:
        InvalidValueError: ``value`` is not a language tag of the form
            ``language[-Script][-REGION]``.
    """
    if not is_tag(value):
        shown = repr(value) if not isinstance(value, str) else repr(value[:40])
        msg = (
            f"{field}: {shown} is not a language tag; use a BCP 47 tag such "
            "as 'de', 'de-AT', 'es-419' or 'zh-Hant-TW' (language, optional "
            "script, optional region)"
        )
        raise InvalidValueError(msg, field=field, value=value)
    assert isinstance(value, str)  # noqa: S101 -- is_tag checked it
    parts = value.split("-")
    # a script subtag has four letters, a region two letters or 3 digits
    rest = [p.title() if len(p) == _SCRIPT else p.upper() for p in parts[1:]]
    return "-".join([parts[0].lower(), *rest])


def fallback_chain(requested: str, default: str) -> tuple[str, ...]:
    """
    The tags to try, in order, for ``requested`` with ``default`` last.

    RFC 4647 lookup: cut subtags from the right, then the default. Both
    tags must already be checked with :func:`tag`; no tag appears twice.

    >>> fallback_chain("de-AT", "en-AU")
    ('de-AT', 'de', 'en-AU')
    >>> fallback_chain("en", "en")
    ('en',)
    """
    chain: list[str] = []
    parts = requested.split("-")
    while parts:
        candidate = "-".join(parts)
        if candidate not in chain:
            chain.append(candidate)
        parts.pop()
    if default not in chain:
        chain.append(default)
    return tuple(chain)


def environment_tags(environ: Mapping[str, str]) -> tuple[str, ...]:
    """
    The languages the environment asks for, best first, as checked tags.

    Reads ``LANGUAGE`` (a colon-separated list), ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` in that order and uses the first that is
    set and not empty, as gettext does. A POSIX locale name such as
    ``de_AT.UTF-8@euro`` becomes ``de-AT``; ``C`` and ``POSIX`` mean no
    preference; names that are not language tags are left out.

    >>> environment_tags({"LANG": "de_AT.UTF-8"})
    ('de-AT',)
    >>> environment_tags({"LANGUAGE": "fr:de", "LANG": "C.UTF-8"})
    ('fr', 'de')
    >>> environment_tags({"LC_ALL": "C"})
    ()
    """
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            names = value.split(":") if name == "LANGUAGE" else [value]
            return tuple(_tags(names))
    return ()


def _tags(names: Iterable[str]) -> list[str]:
    """The checked tags of POSIX locale names, skipping the rest."""
    out: list[str] = []
    for name in names:
        bare = name.split("@", 1)[0].split(".", 1)[0].replace("_", "-")
        if bare.lower() in _NO_PREFERENCE or not is_tag(bare):
            continue
        checked = tag(bare)
        if checked not in out:
            out.append(checked)
    return out
