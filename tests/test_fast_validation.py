"""The fast validator's accept path, held to jsonschema's answers."""

from __future__ import annotations

import copy
import enum
import re
import sys
import typing

import attrs
import jsonschema_rs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from exerciselib import Dosage, Exercise, InvalidDataError, Laterality, _schema
from exerciselib._model.convert import exercise_at, exercise_from_valid

_JSON = dict[str, typing.Any]


def _patterns(node: object) -> typing.Iterator[str]:
    """Every ``pattern`` and ``patternProperties`` key in a schema."""
    if isinstance(node, list):
        for item in node:
            yield from _patterns(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from _patterns(value)


PATTERNS = sorted(
    {
        p
        for name in _schema.SCHEMA_NAMES
        for p in _patterns(_schema.schema(name))
    }
)


def _agree(pattern: str, value: str) -> None:
    python = re.search(_schema.python_pattern(pattern), value) is not None
    rust = jsonschema_rs.validator_for(
        {"type": "string", "pattern": _schema.rust_pattern(pattern)}
    ).is_valid(value)
    assert python == rust, (pattern, value)


def _on_both(instance: object, name: str) -> tuple[list[object], ...]:
    """The problems jsonschema-rs-first and jsonschema-only give."""
    answers = []
    for fast in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_schema, "USE_FAST", fast)
            answers.append(list(_schema.problems(instance, name)))
    return tuple(answers)


#: Characters where regex dialects differ, and a few ordinary ones.
_odd = st.sampled_from(
    [*_schema.WHITESPACE, "\ufeff", "\u180e", "\u200b", "a", "0", "-"]
)
#: Strings full of them (text, so no lone surrogates).
_tricky = st.text(
    alphabet=_odd | st.characters(exclude_categories=["Cs"]), max_size=12
)

#: JSON-like values with what only Python has: tuples, lone surrogates.
_pythonish = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=_odd | st.characters(), max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


class TestPatterns:
    """Both validators read every schema pattern alike."""

    def test_whitespace_is_pythons(self) -> None:
        """WHITESPACE holds exactly the characters str.isspace accepts."""
        found = "".join(
            chr(code)
            for code in range(sys.maxunicode + 1)
            if chr(code).isspace()
        )

        assert found == _schema.WHITESPACE

    def test_escapes_are_translated(self) -> None:
        """The schemas use no escape whose meaning differs between them."""
        for pattern in PATTERNS:
            escapes = set(re.findall(r"\\(.)", pattern))

            assert escapes <= {"S", "s", ".", "+", "-"}, pattern

    @pytest.mark.parametrize("pattern", PATTERNS)
    @given(value=_tricky)
    @example(value="\x1c")  # whitespace to Python, not to ECMA-262
    @example(value="\ufeff")  # whitespace to ECMA-262, not to Python
    @example(value="demo\n")  # Python's own "$" passes it
    def test_same_answer(self, pattern: str, value: str) -> None:
        """jsonschema-rs and Python's re accept the same strings."""
        _agree(pattern, value)

    @pytest.mark.slow  # drawing from the patterns takes seconds each
    @pytest.mark.parametrize("pattern", PATTERNS)
    @given(data=st.data())
    def test_same_answer_on_matches(
        self, pattern: str, data: st.DataObject
    ) -> None:
        """Strings made to match a pattern get the same answer from both."""
        _agree(pattern, data.draw(st.from_regex(pattern)))

    def test_class_holding_non_space_is_refused(self) -> None:
        """A pattern the translation cannot spell is refused, not changed."""
        with pytest.raises(ValueError, match="inside a class"):
            _schema.rust_pattern(r"[\Sa]")

    def test_space_inside_a_class(self) -> None:
        r"""A \s inside a class becomes Python's whitespace characters."""
        translated = _schema.rust_pattern(r"^[\sa]+$")
        rust = jsonschema_rs.validator_for(
            {"type": "string", "pattern": translated}
        )

        assert rust.is_valid("a\x1c a")
        assert not rust.is_valid("a\ufeff")


class TestAcceptPath:
    """Valid documents pass on jsonschema-rs; refusals read as before."""

    def test_installed(self) -> None:
        """The test extra installs jsonschema-rs, so the path is tested."""
        assert _schema._fast("exercise") is not None

    def test_valid_never_reaches_jsonschema(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A valid document is accepted without running jsonschema."""

        def refuse(name: str) -> typing.NoReturn:
            raise AssertionError(name)

        monkeypatch.setattr(_schema, "_validator", refuse)

        assert Dosage.from_dict({"sets": 2, "reps": 10}) == Dosage(
            sets=2, reps=10
        )

    def test_switched_off(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With USE_FAST off, jsonschema checks even a valid document."""
        seen: list[str] = []
        real = _schema._validator

        def spy(name: str) -> object:
            seen.append(name)
            return real(name)

        monkeypatch.setattr(_schema, "USE_FAST", False)
        monkeypatch.setattr(_schema, "_validator", spy)
        Dosage.from_dict({"sets": 2})

        assert ["dosage"] == seen

    def test_without_the_library(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without jsonschema-rs installed, jsonschema decides alone."""
        monkeypatch.setitem(sys.modules, "jsonschema_rs", None)
        _schema._fast.cache_clear()
        try:
            assert _schema._fast("dosage") is None
            assert not _schema.accepted({"sets": 2}, "dosage")
            with pytest.raises(InvalidDataError, match=r"\$\.sets"):
                Dosage.from_dict({"sets": "two"})
        finally:
            _schema._fast.cache_clear()

    @pytest.mark.parametrize(
        ("instance", "name"),
        [
            ({"sets": 2, "reps": 10, "tempo": (3, 1, 3)}, "dosage"),
            ({"sets": 10**5000}, "dosage"),
            ({1: 2}, "dosage"),
            ({"sets": float("nan")}, "dosage"),
            (
                {"id": "a", "name": "\ud800", "summary": "s", "steps": ["x"]},
                "exercise",
            ),
            (
                {"id": "a", "name": "\x1c", "summary": "s", "steps": ["x"]},
                "exercise",
            ),
        ],
    )
    def test_python_values_are_left_to_jsonschema(
        self, instance: object, name: str
    ) -> None:
        """Tuples, huge ints, odd keys and surrogates get jsonschema's say."""
        fast, slow = _on_both(instance, name)

        assert slow == fast

    @pytest.mark.parametrize("name", _schema.SCHEMA_NAMES)
    @given(instance=_pythonish)
    def test_same_problems_for_anything(
        self, name: str, instance: object
    ) -> None:
        """Any value gets the same problems with and without the path."""
        fast, slow = _on_both(instance, name)

        assert slow == fast

    @pytest.mark.slow  # generating documents takes seconds to minutes
    @pytest.mark.parametrize(
        "name", ["dosage", "exercise", "log", "routine", "timeline"]
    )
    @given(data=st.data())
    def test_schema_documents_accepted(
        self, name: str, data: st.DataObject
    ) -> None:
        """Documents each schema accepts, jsonschema-rs accepts too."""
        document = data.draw(from_schema(_bundled(name)))

        assert _schema.accepted(document, name)


def _bundled(name: str) -> _JSON:
    """The schema in one document, patterns in Python's dialect."""
    small = typing.cast("_JSON", _schema.python_schema(_schema.bundle(name)))
    return _capped(small)


def _capped(node: typing.Any) -> typing.Any:
    if isinstance(node, list):
        return [_capped(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _capped(value) for key, value in node.items()}
    if "maxItems" in result:
        result["maxItems"] = min(result["maxItems"], 3)
    if "maxLength" in result:
        result["maxLength"] = min(
            result["maxLength"], max(result.get("minLength", 0), 40)
        )
    return result


def test_exercise_loads_the_same() -> None:
    """An exercise document builds equal objects on both paths."""
    document = {
        "id": "knee-bend",
        "name": "Knee bend",
        "summary": "Bend the knee.",
        "steps": ["Sit.", "Bend."],
    }
    built = []
    for fast in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_schema, "USE_FAST", fast)
            built.append(Exercise.from_dict(document))

    assert built[0] == built[1]


def _same_exercise(document: _JSON) -> None:
    """The unchecked build equals the checking one, field types too."""
    checked = exercise_at(document, "$")
    built = exercise_from_valid(document)

    assert checked == built
    assert repr(checked) == repr(built)
    for field in attrs.fields(Exercise):
        mine = getattr(built, field.name)
        theirs = getattr(checked, field.name)
        assert type(theirs) is type(mine), field.name
        if isinstance(theirs, tuple):
            assert [type(x) for x in theirs] == [type(x) for x in mine]


class TestExerciseFromValid:
    """Documents the schema accepted are built without a second check."""

    def test_full_document(self) -> None:
        """Every field set, media and credits included, builds the same."""
        _same_exercise(
            {
                "$schema": "../schemas/exercise.json",
                "id": "knee-bend",
                "name": "Knee bend",
                "summary": "Bend the knee.",
                "steps": ["Sit.", "Bend."],
                "safety_cues": ["Stop if it hurts."],
                "laterality": "each-side",
                "starting_position": "Seated.",
                "equipment": ["chair"],
                "tags": ["knee"],
                "body_regions": ["knee"],
                "media": [
                    {"path": "images/knee.jpg", "alt": "A knee."},
                    {
                        "path": "v/knee.mp4",
                        "alt": "A knee bending.",
                        "kind": "video",
                        "credit": "A. Person",
                        "license": "CC-BY-4.0",
                    },
                ],
                "credits": [
                    {"name": "A. Person", "role": "author"},
                    {
                        "name": "B. Person",
                        "role": "reviewer",
                        "title": "Physiotherapist",
                        "organization": "Clinic",
                        "url": "https://example.org/b",
                        "note": "Reviewed in 2026.",
                    },
                ],
                "pack": "demo",
                "pack_version": "1.0.0",
            }
        )

    def test_least_document(self) -> None:
        """Only the required fields: the defaults are the types' own."""
        _same_exercise(
            {"id": "a", "name": "A", "summary": "S.", "steps": ["Do it."]}
        )

    def test_empty_lists(self) -> None:
        """Empty lists become empty tuples, as the types convert them."""
        _same_exercise(
            {
                "id": "a",
                "name": "A",
                "summary": "S.",
                "steps": ["Do it."],
                "media": [],
                "credits": [],
                "tags": [],
            }
        )

    @pytest.mark.slow  # generating documents takes seconds
    @given(data=st.data())
    def test_schema_documents(self, data: st.DataObject) -> None:
        """Any document exercise.json accepts builds the same both ways."""
        _same_exercise(data.draw(from_schema(_bundled("exercise"))))


#: A document with every field of an exercise, media and credits.
_FULL: _JSON = {
    "id": "knee-bend",
    "name": "Knee bend",
    "summary": "Bend the knee.",
    "steps": ["Sit.", "Bend."],
    "safety_cues": ["Stop if it hurts."],
    "form_cues": ["Slowly."],
    "laterality": "each-side",
    "starting_position": "Seated.",
    "equipment": ["chair"],
    "tags": ["knee"],
    "body_regions": ["knee"],
    "media": [{"path": "images/knee.jpg", "alt": "A knee."}],
    "credits": [
        {"name": "A. Person", "role": "author", "url": "https://a.example"}
    ],
}


class _Text(str):
    __slots__ = ()


class _List(list):  # type: ignore[type-arg]
    __slots__ = ()


class _Dict(dict):  # type: ignore[type-arg]
    __slots__ = ()


class _Side(enum.StrEnum):
    EACH = "each-side"


class _Word(enum.Enum):
    KNEE = "knee"


def _python_only(value: object) -> st.SearchStrategy[object]:
    """What only a Python value can be, in place of JSON ``value``."""
    if isinstance(value, str):
        return st.sampled_from(
            [_Text(value), _Side.EACH, _Word.KNEE, (value,), 7, None]
        )
    if isinstance(value, list):
        return st.sampled_from([tuple(value), _List(value), {"a": "b"}])
    return st.sampled_from(
        [_Dict(typing.cast("_JSON", value)), tuple(value)]  # type: ignore[arg-type]
    )


@st.composite
def _odd_exercises(draw: st.DrawFn) -> _JSON:
    """A full exercise with one value (or key) made Python-only."""
    document = copy.deepcopy(_FULL)
    parent: typing.Any = document
    key: typing.Any = draw(st.sampled_from(sorted(document)))
    while draw(st.booleans()) and isinstance(parent[key], list | dict):
        parent = parent[key]
        keys = range(len(parent)) if isinstance(parent, list) else parent
        key = draw(st.sampled_from(sorted(keys)))
    if isinstance(parent, dict) and draw(st.booleans()):
        parent[_Text(key)] = parent.pop(key)  # the key itself
    else:
        parent[key] = draw(_python_only(parent[key]))
    return document


def _loaded(document: object) -> tuple[str, object]:
    """The exercise (its repr and field types), or the error's message."""
    try:
        exercise = Exercise.from_dict(document)
    except InvalidDataError as error:
        return "error", str(error)
    kinds = [type(getattr(exercise, f.name)) for f in attrs.fields(Exercise)]
    return "value", (exercise, repr(exercise), kinds)


class TestExerciseAcceptPath:
    """``Exercise.from_dict`` gives the same with and without the path."""

    @given(document=_odd_exercises() | _pythonish)
    @example(document=_FULL)
    @example(document={**_FULL, "laterality": _Side.EACH})
    @example(document={**_FULL, "tags": ("knee",)})
    def test_same_value_or_error(self, document: object) -> None:
        """Python-only values anywhere: the same exercise or message."""
        answers = []
        for fast in (True, False):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_schema, "USE_FAST", fast)
                answers.append(_loaded(document))

        assert answers[0] == answers[1]

    def test_side_equal_to_a_name(self) -> None:
        """A side that only equals a side's name is found as the enum would."""

        class Alike:
            __hash__ = None  # type: ignore[assignment]

            def __eq__(self, other: object) -> bool:
                return other == "each-side"

        for fast in (True, False):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_schema, "USE_FAST", fast)
                exercise = Exercise.from_dict({**_FULL, "laterality": Alike()})

            assert Laterality.EACH_SIDE is exercise.laterality

    @given(document=_odd_exercises() | _pythonish)
    def test_text_trees_are_plain(self, document: object) -> None:
        """The one-pass check never calls plain what the full walk refuses."""
        if _schema._text_tree(document):
            assert _schema._plain_node(document)

    def test_odd_values_are_not_text_trees(self) -> None:
        """Tuples, subclasses and enums fail the one-pass check."""
        for document in (
            {**_FULL, "tags": ("knee",)},
            {**_FULL, "name": _Text("Knee")},
            {**_FULL, "laterality": _Side.EACH},
            {**_FULL, "credits": [_Dict(name="A", role="author")]},
            {**_FULL, "steps": _List(["Sit."])},
            _Dict(_FULL),
        ):
            assert not _schema._text_tree(document)
        assert _schema._text_tree(_FULL)
