"""Pack translation files: how they are read, checked and refused."""

from __future__ import annotations

import copy
import io
import json
import os
import pathlib
import re
import typing

import pytest

import exerciselib
from exerciselib import PackError, load_pack
from exerciselib._packs.files import MAX_JSON_BYTES
from exerciselib._packs.translations import TRANSLATABLE
from exerciselib._text import close_matches
from exerciselib.cli import run
from translated import GERMAN, write_pack

ROOT = pathlib.Path(__file__).parent.parent

_JSON = dict[str, typing.Any]

_KINDS = ("exercises", "routines")


def german(**changes: object) -> _JSON:
    """The German translation with top-level or dotted keys changed."""
    data = copy.deepcopy(GERMAN)
    for dotted, value in changes.items():
        keys = dotted.split("__")
        # Ids (below "exercises" and "routines") are spelled with "-".
        keys = [
            k.replace("_", "-") if i and keys[i - 1] in _KINDS else k
            for i, k in enumerate(keys)
        ]
        *path, last = keys
        here = data
        for key in path:
            here = here[key]
        if value is None:
            del here[last]
        else:
            here[last] = value
    return data


def refused(root: pathlib.Path) -> list[tuple[str | None, str, str]]:
    """Load the pack; return its problems as (file, path, message)."""
    with pytest.raises(PackError) as caught:
        load_pack(root)
    return [(p.file, p.json_path, p.message) for p in caught.value.problems]


class TestReading:
    """Translation files beside pack.json are read into the pack."""

    def test_translations_load(self, tmp_path: pathlib.Path) -> None:
        """A valid file is read into the pack, keyed by its tag."""
        pack = load_pack(write_pack(tmp_path))

        assert ("en", "de") == pack.languages
        assert (
            "Täglich" == pack.translations["de"]["routines"]["daily"]["name"]
        )
        assert ("Kim",) == tuple(c.name for c in pack.translators("de"))

    def test_no_folder_means_no_translations(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A pack without translations/ has only its own language."""
        root = write_pack(tmp_path, {})
        (root / "translations").rmdir()

        assert ("en",) == load_pack(root).languages

    def test_region_tag_file(self, tmp_path: pathlib.Path) -> None:
        """A file for de-AT is named de-at.json; its tag keeps its case."""
        austrian = dict(GERMAN, language="de-AT")

        pack = load_pack(write_pack(tmp_path, {"de-at.json": austrian}))

        assert ("en", "de-AT") == pack.languages


BAD: list[tuple[str, dict[str, object], str, str, str]] = [
    # ids the pack does not have
    (
        "unknown-exercise",
        {
            "de.json": german(
                exercises__knee_bendd=GERMAN["exercises"]["knee-bend"]
            )
        },
        "translations/de.json",
        "$.exercises['knee-bendd']",
        "the pack has no exercise 'knee-bendd'; did you mean 'knee-bend'",
    ),
    (
        "unknown-routine",
        {"de.json": german(routines__weekly={"name": "Wöchentlich"})},
        "translations/de.json",
        "$.routines.weekly",
        "the pack has no routine 'weekly'",
    ),
    # fields that are not translatable, or not text
    (
        "untranslatable-field",
        {"de.json": german(exercises__knee_bend__tags=["Knie"])},
        "translations/de.json",
        "$.exercises['knee-bend'].tags",
        "'tags' cannot be translated",
    ),
    (
        "credits-inside-an-entry",
        {"de.json": german(routines__daily__credits="Jo")},
        "translations/de.json",
        "$.routines.daily.credits",
        "'credits' cannot be translated",
    ),
    (
        "number-not-text",
        {"de.json": german(exercises__knee_bend__name=5)},
        "translations/de.json",
        "$.exercises['knee-bend'].name",
        "",
    ),
    (
        "list-for-a-name",
        {"de.json": german(exercises__knee_bend__name=["Knie"])},
        "translations/de.json",
        "$.exercises['knee-bend'].name",
        "must be a string, as the original name must",
    ),
    (
        "name-too-long",
        {"de.json": german(exercises__knee_bend__name="K" * 201)},
        "translations/de.json",
        "$.exercises['knee-bend'].name",
        "at most 200 characters",
    ),
    (
        "blank-step",
        {"de.json": german(exercises__knee_bend__steps=["Sitzen.", " "])},
        "translations/de.json",
        "$.exercises['knee-bend'].steps[1]",
        "",
    ),
    (
        "field-the-original-lacks",
        {
            "de.json": german(
                exercises__calf_raise={"starting_position": "Im Stand."}
            )
        },
        "translations/de.json",
        "$.exercises['calf-raise'].starting_position",
        "the original exercise has no starting_position",
    ),
    (
        "notes-the-original-lacks",
        {"de.json": german(routines__daily__items=[{"notes": "X."}, {}])},
        "translations/de.json",
        "$.routines.daily.items[0].notes",
        "the original has no notes here",
    ),
    (
        "other-key-in-an-item",
        {"de.json": german(routines__daily__items=[{"exercise": "x"}, {}])},
        "translations/de.json",
        "$.routines.daily.items[0].exercise",
        "each entry of items holds only 'notes'",
    ),
    # a different number of steps, cues, media or items
    (
        "fewer-steps",
        {"de.json": german(exercises__knee_bend__steps=["Beugen."])},
        "translations/de.json",
        "$.exercises['knee-bend'].steps",
        "has 1 entries; the original exercise has 2",
    ),
    (
        "more-cues",
        {"de.json": german(exercises__knee_bend__safety_cues=["A.", "B."])},
        "translations/de.json",
        "$.exercises['knee-bend'].safety_cues",
        "has 2 entries; the original exercise has 1",
    ),
    (
        "fewer-items",
        {"de.json": german(routines__daily__items=[{}])},
        "translations/de.json",
        "$.routines.daily.items",
        "has 1 entries; the original routine has 2",
    ),
    (
        "more-media",
        {"de.json": german(exercises__knee_bend__media=[{}, {}])},
        "translations/de.json",
        "$.exercises['knee-bend'].media",
        "has 2 entries; the original exercise has 1",
    ),
    # language tags
    (
        "invalid-tag",
        {"de.json": german(language="../../etc/passwd")},
        "translations/de.json",
        "$.language",
        "",
    ),
    (
        "tag-unlike-the-file-name",
        {"de.json": german(language="es")},
        "translations/de.json",
        "$.language",
        "must be named translations/es.json",
    ),
    (
        "duplicate-tag",
        {"de.json": GERMAN, "de-at.json": german(language="DE")},
        "translations/de.json",
        "$.language",
        (
            "the language 'de' is translated twice "
            "(also in translations/de-at.json)"
        ),
    ),
    (
        "the-pack-language",
        {"en.json": german(language="en")},
        "translations/en.json",
        "$.language",
        "is the pack's own language",
    ),
    (
        "missing-language",
        {"de.json": german(language=None)},
        "translations/de.json",
        "$",
        "'language' is a required property",
    ),
    # files
    (
        "not-a-translation-file",
        {"de.json": GERMAN, "notes.txt": "hello"},
        "translations/",
        "$",
        "'notes.txt' is not a translation file",
    ),
    (
        "upper-case-file-name",
        {"DE.json": GERMAN},
        "translations/",
        "$",
        "'DE.json' is not a translation file",
    ),
    (
        "invalid-json",
        {"de.json": '{"format": 1, "language": "de",}'},
        "translations/de.json",
        "$",
        "trailing comma",
    ),
    (
        "translator-credit-with-a-bad-role",
        {"de.json": german(credits=[{"name": "Kim", "role": "boss"}])},
        "translations/de.json",
        "$.credits[0].role",
        "",
    ),
]


class TestRefusals:
    """A translation that does not fit its pack is refused, located."""

    @pytest.mark.parametrize(
        ("files", "file", "json_path", "says"),
        [case[1:] for case in BAD],
        ids=[case[0] for case in BAD],
    )
    def test_refused_with_file_and_path(
        self,
        tmp_path: pathlib.Path,
        files: dict[str, object],
        file: str,
        json_path: str,
        says: str,
    ) -> None:
        """A translation that does not fit its pack names file and path."""
        problems = refused(write_pack(tmp_path, files))

        assert any(
            (file, json_path) == (f, p) and says in m for f, p, m in problems
        ), problems

    def test_message_names_pack_file_and_path(
        self, tmp_path: pathlib.Path
    ) -> None:
        """The error's message reads pack: file: path: how to fix."""
        root = write_pack(
            tmp_path, {"de.json": german(exercises__knee_bend__steps=["B."])}
        )

        with pytest.raises(PackError) as caught:
            load_pack(root)

        assert (
            "knees: translations/de.json: $.exercises['knee-bend'].steps: "
            "has 1 entries; the original exercise has 2: translate each one"
        ) in str(caught.value)

    def test_every_problem_is_listed(self, tmp_path: pathlib.Path) -> None:
        """Problems in several files and fields are all reported."""
        root = write_pack(
            tmp_path,
            {
                "de.json": german(exercises__knee_bend__steps=["B."]),
                "es.json": german(language="es", routines__daily__advice=[]),
            },
        )

        places = {(f, p) for f, p, _ in refused(root)}

        assert {
            ("translations/de.json", "$.exercises['knee-bend'].steps"),
            ("translations/es.json", "$.routines.daily.advice"),
        } <= places

    def test_many_unknown_ids_are_bounded(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Hundreds of unknown ids: close ids are sought for 101 at most."""
        searched: list[str] = []

        def counted(wanted: str, known: list[str], n: int = 5) -> list[str]:
            searched.append(wanted)
            return close_matches(wanted, known, n)

        monkeypatch.setattr(
            "exerciselib._packs.translations.close_matches", counted
        )
        many = {f"exercise-{n}": {"name": "X"} for n in range(300)}
        root = write_pack(tmp_path, {"de.json": german(exercises=many)})

        problems = refused(root)

        assert 101 == len(searched)
        assert "checking stops after 100" in problems[-1][2]

    def test_folder_that_is_a_file(self, tmp_path: pathlib.Path) -> None:
        """The translations entry must be a folder."""
        root = write_pack(tmp_path, {})
        (root / "translations").rmdir()
        (root / "translations").write_text("de", encoding="utf-8")

        ((file, path, message),) = refused(root)

        assert ("translations/", "$") == (file, path)
        assert "must be a folder inside the pack" in message

    @pytest.mark.skipif(os.name == "nt", reason="symbolic links")
    def test_folder_that_is_a_link(self, tmp_path: pathlib.Path) -> None:
        """A translations folder linking elsewhere is not followed."""
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "de.json").write_text(json.dumps(GERMAN), "utf-8")
        root = write_pack(tmp_path / "pack", {})
        (root / "translations").rmdir()
        (root / "translations").symlink_to(elsewhere)

        ((file, path, message),) = refused(root)

        assert ("translations/", "$") == (file, path)
        assert "not a link" in message

    @pytest.mark.skipif(os.name == "nt", reason="symbolic links")
    def test_file_linking_outside(self, tmp_path: pathlib.Path) -> None:
        """A translation file linking outside the pack is refused."""
        outside = tmp_path / "de.json"
        outside.write_text(json.dumps(GERMAN), "utf-8")
        root = write_pack(tmp_path / "pack", {})
        (root / "translations" / "de.json").symlink_to(outside)

        ((file, _, message),) = refused(root)

        assert "translations/de.json" == file
        assert "leads outside the pack" in message

    def test_too_big(self, tmp_path: pathlib.Path) -> None:
        """A translation file over the JSON size limit is not read."""
        big = " " * (MAX_JSON_BYTES + 1)
        root = write_pack(tmp_path, {"de.json": big})

        ((file, _, message),) = refused(root)

        assert "translations/de.json" == file
        assert "per JSON file" in message

    def test_too_many_files(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A pack holding more translation files than the limit is refused."""
        monkeypatch.setattr(
            "exerciselib._packs.translations.MAX_TRANSLATIONS", 1
        )
        root = write_pack(
            tmp_path, {"de.json": GERMAN, "es.json": german(language="es")}
        )

        ((file, _, message),) = refused(root)

        assert "translations/" == file
        assert "the limit is 1 translation files per pack" in message


class TestStaleness:
    """A translation made from another version of the pack is noted."""

    def test_validate_notes_an_older_translation(
        self, tmp_path: pathlib.Path
    ) -> None:
        """Validate notes the version, exit 0; the pack still loads."""
        root = write_pack(
            tmp_path / "p", {"de.json": german(pack_version="0.9.0")}
        )
        out, err = io.StringIO(), io.StringIO()

        code = run(["validate", str(root)], out, err)
        lines = out.getvalue().splitlines()

        assert 0 == code
        assert (
            f"{root / 'translations' / 'de.json'}:$.pack_version: note: "
            "translated from version 0.9.0 of the pack, which is now 1.0.0"
        ) in lines[1]
        assert "set pack_version to '1.0.0'" in lines[1]
        assert ("en", "de") == load_pack(root).languages

    def test_current_translation_is_not_noted(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A translation of the current version, or unversioned, is fine."""
        root = write_pack(
            tmp_path / "p",
            {
                "de.json": german(pack_version="1.0.0"),
                "es.json": german(language="es"),
            },
        )
        out = io.StringIO()

        assert 0 == run(["validate", str(root)], out, out)
        assert 1 == len(out.getvalue().splitlines())


class TestTable:
    """The translatable fields are listed once, and documented."""

    def test_docs_list_every_translatable_field(self) -> None:
        """docs/languages.md shows exactly the fields of TRANSLATABLE."""
        page = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")
        rows = re.findall(
            r"^\s*\| `(\w+)[.`][^|]*\| `(\w+)` \|", page, re.MULTILINE
        )
        kinds = {
            "pack": "pack",
            "exercises": "exercise",
            "routines": "routine",
        }

        assert [(f.kind, f.name) for f in TRANSLATABLE] == [
            (kinds[kind], name) for kind, name in rows
        ]


class TestSchema:
    """schemas/translation.json is published and describes the files."""

    def test_published(self) -> None:
        """The translation schema is shipped and versioned like the others."""
        schema = exerciselib.schema("translation")

        assert (
            "https://exerciselib.example/schemas/v1/translation.json"
            == schema["$id"]
        )
        assert "translation" in exerciselib.schema_names()

    def test_sciatica_files_match_it(self) -> None:
        """The sciatica pack's translation files are valid documents."""
        from jsonschema import Draft202012Validator  # noqa: PLC0415 -- test only

        validator = Draft202012Validator(
            exerciselib.schema("translation"),
            registry=exerciselib.schema_registry(),
        )
        root = exerciselib.load_catalog().pack("sciatica").root
        assert root is not None
        for name in ("de.json", "es.json"):
            data = json.loads(
                (root / "translations" / name).read_text("utf-8")
            )

            assert [] == list(validator.iter_errors(data))
