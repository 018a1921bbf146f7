"""Localized routines and exercises: fallback per field, and their sources."""

from __future__ import annotations

import pickle
import re
import typing

import attrs
import pytest

import exerciselib
from exerciselib import (
    InvalidValueError,
    Localized,
    Routine,
    UnknownIdError,
    session_timeline,
)
from translated import resolve, write_pack, write_plus

if typing.TYPE_CHECKING:
    import pathlib

RELIEF = "sciatica:sciatica-relief"
PLUS = "plus:back-and-legs"

#: A dosage figure in the text: a number followed by a unit of time or a
#: count, in English, German or Spanish.
DOSAGE_FIGURE = re.compile(
    r"\d+\s*(s|sec|secs|seconds?|Sek\.?|Sekunden|seg|segundos|min|"
    r"Minuten|minutos|reps?|Wdh\.?|Wiederholungen|repeticiones|rep\.?|"
    r"sets?|Sätze|Satz|series|serie|x|\u00d7|mal|veces)\b",
    re.IGNORECASE,
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


class TestSciaticaTranslations:
    """The sciatica pack reads in German and Spanish, facts unchanged."""

    @pytest.mark.parametrize("lang", ["de", "es"])
    def test_every_text_is_translated(
        self, catalog: exerciselib.Catalog, lang: str
    ) -> None:
        """Asking for de or es gives every text in that language."""
        shown = catalog.localized_routine(RELIEF, lang=lang)

        assert {lang} == set(shown.sources.values())
        assert lang == shown.language

    @pytest.mark.parametrize("lang", ["de", "es"])
    def test_same_steps_and_cues_as_the_original(
        self, catalog: exerciselib.Catalog, lang: str
    ) -> None:
        """Each translated exercise keeps its number of steps and cues."""
        for qualified, original in catalog.exercises.items():
            if not qualified.startswith("sciatica:"):
                continue
            shown = catalog.localized_exercise(qualified, lang=lang).value

            assert len(original.steps) == len(shown.steps)
            assert len(original.safety_cues) == len(shown.safety_cues)
            assert len(original.form_cues) == len(shown.form_cues)
            assert original.steps != shown.steps
            assert not set(original.form_cues) & set(shown.form_cues)

    @pytest.mark.parametrize(
        ("lang", "start"), [("de", "Beenden Sie"), ("es", "Deje de hacer")]
    )
    def test_warning_signs_translated(
        self, catalog: exerciselib.Catalog, lang: str, start: str
    ) -> None:
        """The routine's three warning signs come in the language."""
        shown = catalog.localized_routine(RELIEF, lang=lang)

        assert 3 == len(shown.value.warning_signs)
        assert shown.value.warning_signs[0].startswith(start)
        assert {lang} == {
            shown.source(f"/warning_signs/{n}") for n in range(3)
        }

    @pytest.mark.parametrize("lang", ["de", "es"])
    def test_no_dosage_in_the_text(
        self, catalog: exerciselib.Catalog, lang: str
    ) -> None:
        """No translated text holds a dosage figure (the dosage says it)."""
        pack = catalog.pack("sciatica")
        data = pack.translations[lang]
        texts = _texts([data[k] for k in ("pack", "exercises", "routines")])

        assert len(texts) > 40
        assert [] == [t for t in texts if DOSAGE_FIGURE.search(t)]
        assert [] == [t for t in texts if re.search(r"\d", t)]

    def test_the_pattern_finds_dosage_figures(self) -> None:
        """The dosage pattern catches figures in each language."""
        for text in (
            "Hold for 30 s.",
            "30 Sekunden halten.",
            "Mantenga 30 segundos.",
            "10 Wdh.",
            "3 series",
        ):
            assert DOSAGE_FIGURE.search(text), text

    @pytest.mark.parametrize("lang", ["de", "es"])
    def test_facts_and_credits_unchanged(
        self, catalog: exerciselib.Catalog, lang: str
    ) -> None:
        """Dosages, sides, ids and credits are the original's."""
        original = catalog.routine(RELIEF)
        shown = catalog.localized_routine(RELIEF, lang=lang).value

        assert original.credits == shown.credits
        assert original.frequency == shown.frequency
        for before, after in zip(original.items, shown.items, strict=True):
            assert before.dosage == after.dosage
            assert before.exercise.id == after.exercise.id
            assert before.exercise.laterality == after.exercise.laterality
            # equipment is translated, item by item
            assert len(before.exercise.equipment) == len(
                after.exercise.equipment
            )
            assert before.exercise.credits == after.exercise.credits

    def test_languages(self, catalog: exerciselib.Catalog) -> None:
        """The pack offers its own language, then German and Spanish."""
        assert ("en-AU", "de", "es") == catalog.languages("sciatica")
        assert ("en-GB", "de", "de-AT", "es") == catalog.languages("plus")

    def test_translators_are_credited(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """Each translation file credits a translator; the pack's do not."""
        pack = catalog.pack("sciatica")

        assert ["translator"] == [c.role for c in pack.translators("de")]
        assert ["translator"] == [c.role for c in pack.translators("es")]
        assert "translator" not in {c.role for c in pack.credits}


class TestFallback:
    """Each text comes from the requested tag, its parents, or the pack."""

    def test_region_falls_back_to_language(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """de-AT finds the German translation of the sciatica pack."""
        shown = catalog.localized_routine(RELIEF, lang="de-AT")

        assert "de-AT" == shown.requested
        assert "de" == shown.language
        assert {"de"} == set(shown.sources.values())
        assert (
            shown.value == catalog.localized_routine(RELIEF, lang="de").value
        )

    def test_unknown_language_falls_back_to_the_pack(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """Fr finds no translation: the routine is the original, en-AU."""
        shown = catalog.localized_routine(RELIEF, lang="fr")

        assert catalog.routine(RELIEF) == shown.value
        assert {"en-AU"} == set(shown.sources.values())
        assert "en-AU" == shown.language

    def test_per_field(self, catalog: exerciselib.Catalog) -> None:
        """Each field comes from the first language of the chain having it."""
        shown = catalog.localized_routine(PLUS, lang="de-at")
        squat = shown.value.items[0].exercise

        assert "de-AT" == shown.requested
        assert ("Wandsitz", "de") == (
            squat.name,
            shown.source("/items/0/exercise/name"),
        )
        assert "de-AT" == shown.source("/items/0/exercise/summary")
        assert "An der Wand hinunter und hinauf." == squat.summary
        assert "de" == shown.source("/items/0/exercise/steps/2")
        assert "en-GB" == shown.source("/items/0/exercise/safety_cues/0")
        assert "en-GB" == shown.source("/items/0/exercise/starting_position")
        assert ("Rücken und Beine", "de") == (
            shown.value.name,
            shown.source("/name"),
        )
        assert ("Eine Kniebeuge.", "de-AT") == (
            shown.value.description,
            shown.source("/description"),
        )
        assert ("Langsam.", "de") == (
            shown.value.items[0].notes,
            shown.source("/items/0/notes"),
        )
        assert "en-GB" == shown.source("/advice/1")

    def test_a_field_is_never_mixed(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """A list of steps comes whole from one language."""
        shown = catalog.localized_routine(PLUS, lang="de-AT")
        steps = {
            shown.source(f"/items/0/exercise/steps/{i}") for i in range(3)
        }

        assert {"de"} == steps

    def test_other_packs_exercises_in_their_translation(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """An exercise from another pack comes in that pack's translation."""
        shown = catalog.localized_routine(PLUS, lang="es")
        rotation = shown.value.items[1].exercise

        assert "Rotación del tronco inferior" == rotation.name
        assert "es" == shown.source("/items/1/exercise/name")
        # plus has no Spanish name: its own texts fall back to en-GB
        assert ("Back and legs", "en-GB") == (
            shown.value.name,
            shown.source("/name"),
        )
        assert "es" == shown.source("/advice/0")
        assert "en-GB" == shown.source("/items/0/exercise/name")

    def test_other_packs_exercise_in_its_own_language(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """An untranslated exercise of another pack is in that pack's tag."""
        shown = catalog.localized_routine(PLUS, lang="fr")

        assert "en-AU" == shown.source("/items/1/exercise/name")
        assert "en-GB" == shown.source("/items/0/exercise/name")
        assert "en-GB" == shown.source("/name")

    def test_host_routine_with_pack_exercises(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """Another pack's exercise is translated; a changed copy is not."""
        rotation = catalog.exercise("sciatica:lower-trunk-rotation")
        changed = attrs.evolve(rotation, steps=[*rotation.steps, "Rest."])
        clinic = exerciselib.Pack.from_objects(
            id="clinic",
            name="Clinic",
            version="1.0.0",
            language="en-US",
            routines=[
                Routine(
                    id="mine",
                    name="Mine",
                    items=[rotation.prescribe("1 x 10")],
                ),
                Routine(
                    id="changed",
                    name="Changed",
                    items=[changed.prescribe("1 x 10")],
                ),
            ],
        )
        host = catalog.with_packs(clinic)

        mine = host.localized_routine("clinic:mine", lang="es")
        other = host.localized_routine("clinic:changed", lang="es")

        assert (
            "Rotación del tronco inferior" == mine.value.items[0].exercise.name
        )
        assert ("es", "en-US") == (
            mine.source("/items/0/exercise/name"),
            mine.source("/name"),
        )
        assert changed == other.value.items[0].exercise
        assert "en-AU" == other.source("/items/0/exercise/steps/4")

    def test_language_is_the_most_used(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """Language is the tag most texts came from."""
        shown = catalog.localized_routine(PLUS, lang="de-AT")
        counts: dict[str, int] = {}
        for source in shown.sources.values():
            counts[source] = counts.get(source, 0) + 1

        assert max(counts, key=counts.__getitem__) == shown.language

    def test_pack_name(self, catalog: exerciselib.Catalog) -> None:
        """A pack's name and description are looked up the same way."""
        shown = catalog.localized_pack("plus", lang="es-MX")

        assert "Espalda y piernas" == shown.value.name
        assert {"/name": "es", "/description": "en-GB"} == dict(shown.sources)

    def test_media_alt_text(self, tmp_path: pathlib.Path) -> None:
        """Media alt text is translated; the picture stays its pack's."""
        pack = exerciselib.load_pack(write_pack(tmp_path / "knees"))
        catalog = exerciselib.build_catalog(discover=False, packs=[pack])
        shown = catalog.localized_exercise("knees:knee-bend", lang="de")

        assert "Ein gebeugtes Knie." == shown.value.media[0].alt
        assert "de" == shown.source("/media/0/alt")
        assert pack.root == catalog.media_root(shown.value)


class TestLocalizedValue:
    """The Localized type: checked tags, pointers and copies."""

    def test_invalid_tag_is_refused(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """A lang that is no language tag raises InvalidValueError."""
        with pytest.raises(InvalidValueError) as caught:
            catalog.localized_routine(RELIEF, lang="../../etc/passwd")

        assert "lang" == caught.value.field

    def test_unknown_routine(self, catalog: exerciselib.Catalog) -> None:
        """An unknown routine id raises UnknownIdError as routine() does."""
        with pytest.raises(UnknownIdError):
            catalog.localized_routine("sciatica:nope", lang="de")

    def test_unknown_pointer(self, catalog: exerciselib.Catalog) -> None:
        """source() of a pointer to no translatable text is refused."""
        shown = catalog.localized_routine(RELIEF, lang="de")

        with pytest.raises(UnknownIdError) as caught:
            shown.source("/items/0/dosage")
        with pytest.raises(UnknownIdError) as close:
            shown.source("/nam")

        assert "/items/0/dosage" == caught.value.id
        assert "/name" in close.value.suggestions

    def test_pointers_name_texts_of_the_value(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """Every pointer in sources names a text of value.to_dict()."""
        shown = catalog.localized_routine(PLUS, lang="de-AT")
        data = shown.value.to_dict()

        assert all(isinstance(resolve(data, p), str) for p in shown.sources)
        assert "/items/1/exercise/steps/0" in shown.sources

    def test_frozen_and_picklable(self, catalog: exerciselib.Catalog) -> None:
        """A Localized value is frozen, and survives pickling."""
        shown = catalog.localized_routine(RELIEF, lang="es")

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            shown.language = "de"  # type: ignore[misc]
        assert shown == pickle.loads(pickle.dumps(shown))  # noqa: S301 -- own data

    def test_the_plain_calls_are_unchanged(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """routine() without a language still returns the plain Routine."""
        routine = catalog.routine(RELIEF)

        assert isinstance(routine, Routine)
        assert "Sciatica relief" == routine.name

    def test_same_timeline(self, catalog: exerciselib.Catalog) -> None:
        """A localized routine times exactly as the original."""
        original = catalog.routine(PLUS)
        shown: Localized[Routine] = catalog.localized_routine(PLUS, lang="de")

        assert (
            session_timeline(original).total
            == session_timeline(shown.value).total
        )


def _texts(data: object) -> list[str]:
    """Every string in translation data (values, not keys)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, typing.Mapping):
        return [t for v in data.values() for t in _texts(v)]
    if isinstance(data, tuple | list):
        return [t for v in data for t in _texts(v)]
    return []
