"""Property: a localized routine is the original with texts from the chain."""

from __future__ import annotations

import typing

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import exerciselib
from exerciselib import session_timeline
from exerciselib._lang import fallback_chain
from exerciselib._packs.translations import TRANSLATABLE
from translated import resolve, write_plus

pytestmark = pytest.mark.property

ROUTINES = ("sciatica:sciatica-relief", "plus:back-and-legs")
#: Tags the packs translate, their regions, and others they do not.
KNOWN = ("de", "de-AT", "de-CH", "es", "es-419", "es-MX", "en", "en-GB")
tags = st.one_of(
    st.sampled_from(KNOWN),
    st.from_regex(
        r"\A[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?\Z",
        fullmatch=True,
    ),
)


@pytest.fixture(scope="module")
def catalog(
    tmp_path_factory: pytest.TempPathFactory,
) -> exerciselib.Catalog:
    """The installed catalog plus the partly translated pack ``plus``."""
    root = write_plus(tmp_path_factory.mktemp("plus") / "plus")
    installed = exerciselib.load_catalog(strict=True)
    plus = exerciselib.load_pack(
        root, dependencies=[installed.pack("sciatica")]
    )
    return installed.with_packs(plus)


def _owner(
    catalog: exerciselib.Catalog, routine_id: str, pointer: str
) -> tuple[exerciselib.Pack, str, str, str]:
    """The pack that owns the text at ``pointer``: (pack, kind, id, rest)."""
    routine = catalog.routine(routine_id)
    parts = pointer.split("/")
    if len(parts) > 3 and parts[1] == "items" and parts[3] == "exercise":
        exercise = routine.items[int(parts[2])].exercise
        pack = catalog.pack(typing.cast("str", exercise.pack))
        return pack, "exercises", exercise.id, "/" + "/".join(parts[4:])
    pack = catalog.pack(routine_id.partition(":")[0])
    return pack, "routines", routine.id, pointer


class TestLocalizedRoutine:
    """
    For any routine and tag, every text comes from the fallback chain.

    Each translatable text is the first of: the requested tag's
    translation, its parents', the pack's own text (RFC 4647 lookup,
    per field); ``sources`` names that language; nothing else changes.
    """

    @given(routine_id=st.sampled_from(ROUTINES), lang=tags)
    @example(routine_id="plus:back-and-legs", lang="de-AT")  # three tags
    @example(routine_id="sciatica:sciatica-relief", lang="en")  # en-AU pack
    def test_texts_come_from_the_chain(
        self, catalog: exerciselib.Catalog, routine_id: str, lang: str
    ) -> None:
        """Each text is the first translation along the chain, as sourced."""
        original = catalog.routine(routine_id).to_dict()
        shown = catalog.localized_routine(routine_id, lang=lang)
        data = shown.value.to_dict()

        for pointer, source in shown.sources.items():
            pack, kind, local, rest = _owner(catalog, routine_id, pointer)
            chain = fallback_chain(shown.requested, pack.languages[0])
            for tag in chain[: chain.index(source)]:
                entries = pack.translations.get(tag, {}).get(kind, {})
                entry = typing.cast("typing.Mapping[str, object]", entries)
                # an earlier language in the chain lacks this text
                assert resolve_frozen(entry.get(local, {}), rest) is None
            if source == pack.languages[0]:
                expected = resolve(original, pointer)
            else:
                translated = pack.translations[source][kind][local]
                expected = resolve_frozen(translated, rest)

            assert source in chain
            assert expected == resolve(data, pointer), pointer

    @given(routine_id=st.sampled_from(ROUTINES), lang=tags)
    def test_only_texts_change(
        self, catalog: exerciselib.Catalog, routine_id: str, lang: str
    ) -> None:
        """Put the original texts back and the original routine returns."""
        original = catalog.routine(routine_id)
        shown = catalog.localized_routine(routine_id, lang=lang)
        data = shown.value.to_dict()
        before = original.to_dict()
        for pointer in shown.sources:
            *path, last = pointer.split("/")[1:]
            parent = resolve(data, "/" + "/".join(path)) if path else data
            key: typing.Any = int(last) if isinstance(parent, list) else last
            typing.cast("typing.Any", parent)[key] = resolve(before, pointer)

        assert before == data

    @given(routine_id=st.sampled_from(ROUTINES), lang=tags)
    def test_same_structure(
        self, catalog: exerciselib.Catalog, routine_id: str, lang: str
    ) -> None:
        """Ids, steps, cues, dosages and the session length are kept."""
        original = catalog.routine(routine_id)
        shown = catalog.localized_routine(routine_id, lang=lang).value

        assert original.id == shown.id
        assert [
            (i.exercise.id, len(i.exercise.steps), len(i.exercise.safety_cues))
            for i in original.items
        ] == [
            (i.exercise.id, len(i.exercise.steps), len(i.exercise.safety_cues))
            for i in shown.items
        ]
        assert [i.dosage for i in original.items] == [
            i.dosage for i in shown.items
        ]
        assert (
            session_timeline(original).total == session_timeline(shown).total
        )

    @given(routine_id=st.sampled_from(ROUTINES), lang=tags)
    def test_every_text_is_sourced(
        self, catalog: exerciselib.Catalog, routine_id: str, lang: str
    ) -> None:
        """Every translatable text of the routine has a source."""
        data = catalog.routine(routine_id).to_dict()
        shown = catalog.localized_routine(routine_id, lang=lang)
        expected = set(_pointers("routine", data, ""))
        for index, item in enumerate(data["items"]):
            at = f"/items/{index}/exercise"
            expected |= set(_pointers("exercise", item["exercise"], at))

        assert expected == set(shown.sources)
        assert {"/name", "/items/0/exercise/steps/0"} <= expected


def _pointers(kind: str, data: dict[str, typing.Any], at: str) -> list[str]:
    """The pointers of every translatable text of ``kind`` in ``data``."""
    found: list[str] = []
    for field in TRANSLATABLE:
        value = data.get(field.name) if field.kind == kind else None
        if isinstance(value, str):
            found.append(f"{at}/{field.name}")
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if field.part is None:
                    found.append(f"{at}/{field.name}/{index}")
                elif field.part in entry:
                    found.append(f"{at}/{field.name}/{index}/{field.part}")
    return found


def resolve_frozen(data: object, pointer: str) -> object:
    """:func:`resolve` over read-only translation data (mappings, tuples)."""
    for token in pointer.split("/")[1:]:
        if isinstance(data, tuple):
            data = data[int(token)]
        else:
            data = typing.cast("typing.Mapping[str, object]", data).get(token)
            if data is None:
                return None
    return data
