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
# hostile input: any JSON value, and values that break pack data
# ---------------------------------------------------------------------------

#: Any JSON value: scalars, and arrays and objects of them, a few levels
#: deep. Floats are finite (``json.dumps`` would write NaN as a token).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)

#: Strings with control characters, line and paragraph separators, NUL,
#: bidi overrides and look-alike letters.
control_texts = st.text(
    st.sampled_from(
        "\x00\x01\x07\x1b\x1f\x7f\t\n\r\u0085\u2028\u2029\u202e\u200d"
        "\ufeff\u0430\uff41\u0131a-"
    ),
    min_size=1,
    max_size=12,
)

#: Numbers past every range a pack field allows.
extreme_numbers = st.sampled_from(
    [
        -1,
        0,
        -(10**30),
        10**30,
        2**63,
        -(2**63) - 1,
        10**4000,
        1e308,
        -1e308,
        5e-324,
        -0.0,
    ]
)

#: Values of every JSON type, to put where another type belongs.
swapped_types = st.sampled_from(
    [None, True, False, 0, 1.5, "", "text", [], [1], {}, {"a": 1}]
)


def nested(depth: int) -> object:
    """Return arrays nested ``depth`` levels deep around one value."""
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value
