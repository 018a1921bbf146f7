"""The command line and the handouts show pack text in the language asked."""

from __future__ import annotations

import html
import io
import re
import typing

import attrs
import pytest

import exerciselib
from exerciselib import cli, to_html, to_markdown

if typing.TYPE_CHECKING:
    import pathlib

RELIEF = "sciatica:sciatica-relief"


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_language_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests choose the language; the machine's locale plays no part."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def catalog() -> exerciselib.Catalog:
    """The installed catalog."""
    return exerciselib.load_catalog(strict=True)


def _at(data: typing.Any, pointer: str) -> typing.Any:
    for part in pointer.split("/")[1:]:
        data = data[int(part) if isinstance(data, list) else part]
    return data


def _english(catalog: exerciselib.Catalog) -> list[str]:
    """Every translatable text of the routine, in the pack's English."""
    original = catalog.routine(RELIEF).to_dict()
    pointers = catalog.localized_routine(RELIEF, lang="de").sources
    return [_at(original, pointer) for pointer in pointers]


def _translated(catalog: exerciselib.Catalog, lang: str) -> list[str]:
    shown = catalog.localized_routine(RELIEF, lang=lang)
    return [
        *(item.exercise.name for item in shown.value.items),
        *shown.value.warning_signs,
    ]


def _flat(text: str) -> str:
    """Text with tags dropped and entities read, whitespace as spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


class TestShow:
    """``show`` prints the routine's pack text in the language chosen."""

    @pytest.mark.parametrize("lang", ["de", "es"])
    def test_show_in_the_language(
        self, catalog: exerciselib.Catalog, lang: str
    ) -> None:
        """The names and warning signs are translated; no English is left."""
        code, out, err = _run("--lang", lang, "show", RELIEF)

        assert (0, "") == (code, err)
        for text in _translated(catalog, lang):
            assert text in out
        assert [] == [text for text in _english(catalog) if text in out]

    def test_region_gives_the_language(self) -> None:
        """de-AT shows the German pack text, with no notice."""
        code, out, err = _run("--lang", "de-AT", "show", RELIEF)

        assert (0, "") == (code, err)
        assert _run("--lang", "de", "show", RELIEF)[1] == out

    def test_unshipped_language_is_english_with_one_notice(self) -> None:
        """Fr shows the English pack text and says so once on stderr."""
        code, out, err = _run("--lang", "fr", "show", RELIEF)

        assert 0 == code
        assert _run("show", RELIEF)[1] == out
        assert 1 == len(err.splitlines())
        assert "'fr'" in err

    def test_exercise_and_lists(self, catalog: exerciselib.Catalog) -> None:
        """An exercise, the routine list and a search show Spanish names."""
        hurdler = catalog.localized_exercise(
            "sciatica:seated-hurdler-stretch", lang="es"
        ).value
        shown = _run("--lang", "es", "show", "sciatica:seated-hurdler-stretch")
        listed = _run("--lang", "es", "routines")[1]
        found = _run("--lang", "es", "search", "hurdler")[1]

        assert hurdler.name in shown[1]
        assert hurdler.form_cues[0] in shown[1]
        assert _translated(catalog, "es")[0] in found
        assert (
            catalog.localized_routine(RELIEF, lang="es").value.name in listed
        )

    def test_timeline_in_the_language(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """The timer cues name the exercises in German."""
        out = _run("--lang", "de", "timeline", RELIEF)[1]

        assert _translated(catalog, "de")[0] in out
        assert catalog.routine(RELIEF).items[0].exercise.name not in out


class TestExport:
    """The exported handout is in the language chosen, pack text too."""

    @pytest.mark.parametrize(("lang", "tag"), [("de", "de"), ("es", "es")])
    def test_html_in_the_language(
        self,
        catalog: exerciselib.Catalog,
        tmp_path: pathlib.Path,
        lang: str,
        tag: str,
    ) -> None:
        """Names and warning signs translated, no English, html lang set."""
        path = tmp_path / "h.html"
        code, _out, err = _run(
            "--lang", lang, "export", RELIEF, "--html", str(path)
        )
        page = path.read_text(encoding="utf-8")
        text = _flat(page.split("<body>", 1)[1])

        assert (0, "") == (code, err)
        assert f'<html lang="{tag}">' in page
        assert 'lang="en' not in page
        for shown in _translated(catalog, lang):
            assert shown in text
        assert [] == [t for t in _english(catalog) if t in text]

    def test_region_html(self, tmp_path: pathlib.Path) -> None:
        """de-AT gives the German handout, its page tagged de-AT."""
        path = tmp_path / "h.html"
        _run("--lang", "de-AT", "export", RELIEF, "--html", str(path))
        page = path.read_text(encoding="utf-8")

        assert '<html lang="de-AT">' in page
        assert "<span lang=" not in page
        assert "Linderung von Ischiasbeschwerden" in page

    def test_unshipped_language_html(self, tmp_path: pathlib.Path) -> None:
        """Fr gives the English handout of the en-AU pack and one notice."""
        path = tmp_path / "h.html"
        code, _out, err = _run(
            "--lang", "fr", "export", RELIEF, "--html", str(path)
        )
        page = path.read_text(encoding="utf-8")

        assert 0 == code
        assert '<html lang="en-AU">' in page
        assert "Sciatica relief" in page
        assert ["exerciselib: no interface text in 'fr'; using English"] == (
            err.splitlines()
        )

    def test_fallback_text_carries_its_language(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """A text the translation lacks is marked with the pack's tag."""
        shown = catalog.localized_routine(RELIEF, lang="de")
        sources = dict(shown.sources) | {"/description": "en-AU"}
        original = catalog.routine(RELIEF)
        mixed = attrs.evolve(shown.value, description=original.description)

        page = to_html(mixed, lang="de", text_languages={"": "de", **sources})

        assert (
            f'<span lang="en-AU">{html.escape(original.description or "")}'
            in page
        )


class TestLocalizedArgument:
    """``to_html`` and ``to_markdown`` take a Localized routine as it is."""

    def test_html_of_a_localized_routine(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """Its language is the page's and the interface text's."""
        shown = catalog.localized_routine(RELIEF, lang="es")

        page = to_html(shown)

        assert '<html lang="es">' in page
        assert f"{html.escape(shown.value.name)}</h1>" in page
        assert page == to_html(
            shown.value,
            lang="es",
            text_languages={"": "es", **shown.sources},
        )

    def test_markdown_of_a_localized_routine(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """The Markdown handout is the one of its value in its language."""
        shown = catalog.localized_routine(RELIEF, lang="de")

        assert to_markdown(shown) == to_markdown(shown.value, lang="de")

    def test_explicit_lang_wins(self, catalog: exerciselib.Catalog) -> None:
        """A ``lang`` given is the interface language, sources still used."""
        shown = catalog.localized_routine(RELIEF, lang="de")

        page = to_html(shown, lang="es")

        assert '<html lang="es">' in page
        assert '<span lang="de">' in page

    def test_localized_exercise_is_refused(
        self, catalog: exerciselib.Catalog
    ) -> None:
        """A localized exercise is not a routine: InvalidValueError."""
        shown = catalog.localized_exercise(
            "sciatica:seated-hurdler-stretch", lang="de"
        )

        with pytest.raises(exerciselib.InvalidValueError) as caught:
            to_html(shown)  # type: ignore[arg-type]

        assert "routine" == caught.value.field
