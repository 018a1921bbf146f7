"""Simple version ranges are read as packaging reads them, without it."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from exerciselib._packs.reader import simple_contains

_releases = st.lists(st.integers(0, 12), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)
_clauses = st.tuples(
    st.sampled_from([">=", "<=", "==", "!=", "<", ">"]),
    st.sampled_from(["", " "]),
    _releases,
).map("".join)
_specifiers = st.lists(_clauses, min_size=1, max_size=3).map(",".join)


@given(_specifiers, _releases)
@example(">=0.1", "0.1.0")
@example("==1.0", "1.0.0")
@example(">1", "1.0.1")
@example("<1", "1.0")
@example(" >= 0.1 , < 1 ", "0.9")
def test_same_answer_as_packaging(specifier: str, version: str) -> None:
    """A simple range gives the answer packaging gives for a release."""
    expected = SpecifierSet(specifier).contains(version, prereleases=True)

    assert expected == simple_contains(specifier, version)


def test_anything_else_is_left_to_packaging() -> None:
    """Wildcards, pre-releases, ~= and empty ranges get no quick answer."""
    assert simple_contains("==1.*", "1.0") is None
    assert simple_contains("~=1.0", "1.0") is None
    assert simple_contains(">=1.0", "1.0rc1") is None
    assert simple_contains("", "1.0") is None
    assert simple_contains(">=1.0a1", "1.0") is None
