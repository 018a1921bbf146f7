"""Language tags: the BCP 47 check, the fallback chain, the environment."""

from __future__ import annotations

import hypothesis
import pytest
from hypothesis import strategies as st

from exerciselib import InvalidValueError
from exerciselib._lang import (
    MAX_TAG,
    environment_tags,
    fallback_chain,
    is_tag,
    tag,
)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("de", "de"),
        ("DE-at", "de-AT"),
        ("es-419", "es-419"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("en-AU", "en-AU"),
    ],
)
def test_tags_are_put_in_canonical_case(given: str, canonical: str) -> None:
    """A well-formed tag comes back with RFC 5646 case."""
    assert tag(given) == canonical


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "d",
        "../../etc/passwd",
        "/etc/evil",
        "de_AT",
        "de-AT-x-foo",
        "i-klingon",
        "de-",
        "de-AT\n",
        "de\x00",
        "x" * 40,
        None,
        42,
    ],
)
def test_anything_else_is_refused_with_the_field(bad: object) -> None:
    """Paths, POSIX names, extensions and non-strings are not tags."""
    assert not is_tag(bad)
    with pytest.raises(InvalidValueError, match="not a language") as caught:
        tag(bad, field="lang")
    assert caught.value.field == "lang"
    assert caught.value.value == bad


@hypothesis.given(st.text(max_size=60))
def test_an_accepted_tag_is_short_and_safe_as_a_file_name(value: str) -> None:
    """What passes the check holds only ASCII letters, digits, hyphens."""
    if is_tag(value):
        assert len(value) <= MAX_TAG
        assert all(c.isascii() and (c.isalnum() or c == "-") for c in value)
        assert tag(tag(value)) == tag(value)


def test_the_chain_cuts_subtags_then_ends_with_the_default() -> None:
    """RFC 4647 lookup: de-AT, then de, then the pack's language."""
    assert fallback_chain("de-AT", "en-AU") == ("de-AT", "de", "en-AU")
    chain = fallback_chain("zh-Hant-TW", "en")
    assert chain == ("zh-Hant-TW", "zh-Hant", "zh", "en")
    assert fallback_chain("en-AU", "en-AU") == ("en-AU", "en")
    assert fallback_chain("de", "de") == ("de",)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ()),
        ({"LANG": "de_DE.UTF-8"}, ("de-DE",)),
        ({"LANG": "es_ES@euro"}, ("es-ES",)),
        ({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, ()),
        ({"LC_ALL": "", "LC_MESSAGES": "es", "LANG": "de"}, ("es",)),
        ({"LANGUAGE": "fr:de_AT:de", "LANG": "en_US"}, ("fr", "de-AT", "de")),
        ({"LANGUAGE": "../../x:de"}, ("de",)),
        ({"LANG": "POSIX"}, ()),
        ({"LANG": "C.UTF-8"}, ()),
    ],
)
def test_the_environment_is_read_in_gettext_order(
    environ: dict[str, str], expected: tuple[str, ...]
) -> None:
    """The first set variable wins; C and non-tags say nothing."""
    assert environment_tags(environ) == expected
