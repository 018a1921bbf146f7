"""The library's own text in German and Spanish: catalogs, renders, CLI."""

# German and Spanish dosage lines use the en dash and the multiplication
# sign on purpose.
# ruff: noqa: RUF001 -- German and Spanish text has look-alike letters

from __future__ import annotations

import datetime as dt
import gettext
import html
import importlib.resources
import io
import json
import pathlib
import re
import subprocess
import sys
import typing

import attrs
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from exerciselib import (
    Credit,
    Dosage,
    Exercise,
    Frequency,
    Group,
    InvalidValueError,
    Media,
    Plan,
    Progression,
    Routine,
    SessionLog,
    cli,
    load_catalog,
    session_timeline,
    to_html,
    to_ics,
    to_markdown,
    write_logs,
)
from exerciselib import _i18n as i18n
from exerciselib._model.wording import dosage_line

RELIEF = "sciatica:sciatica-relief"
LOCALE = pathlib.Path(str(importlib.resources.files("exerciselib"))) / "locale"
POT = LOCALE / "exerciselib.pot"
SOURCE = LOCALE.parent


def _catalog(language: str) -> typing.Any:
    path = LOCALE / language / "LC_MESSAGES" / "exerciselib.po"
    with path.open("rb") as file:
        return read_po(file, locale=language)


def _keys(catalog: typing.Iterable[typing.Any]) -> set[tuple[str | None, str]]:
    return {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id
    }


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_language_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests choose the language; the machine's locale plays no part."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


class TestCatalogs:
    """Every message of the library is translated, and nothing else."""

    @pytest.mark.parametrize("language", ["de", "es"])
    def test_every_entry_translated(self, language: str) -> None:
        """No entry is fuzzy, empty, short of a plural form or malformed."""
        catalog = _catalog(language)
        faults = []
        for message in catalog:
            if not message.id:
                continue
            strings = (
                message.string
                if isinstance(message.string, tuple)
                else (message.string,)
            )
            if message.fuzzy:
                faults.append(f"fuzzy: {message.id!r}")
            if not all(strings):
                faults.append(f"empty: {message.id!r}")
            if message.pluralizable and len(strings) != catalog.num_plurals:
                faults.append(f"plural forms: {message.id!r}")
        faults += [
            f"{message.id!r}: {errors}"
            for message, errors in catalog.check()
            if errors
        ]

        assert [] == faults
        assert not catalog.fuzzy

    def test_spanish_has_three_plural_forms(self) -> None:
        """Spanish plurals carry CLDR's three forms (one, many, other)."""
        assert 3 == _catalog("es").num_plurals

    @pytest.mark.parametrize("language", ["de", "es"])
    def test_catalog_matches_the_template(self, language: str) -> None:
        """Each catalog holds exactly the template's messages."""
        with POT.open("rb") as file:
            template = read_po(file)

        assert _keys(template) == _keys(_catalog(language))

    def test_template_is_up_to_date(self) -> None:
        """The template holds exactly the messages the source code marks."""
        found = {
            (context, message if isinstance(message, str) else message[0])
            for _, _, message, _, context in extract_from_dir(
                str(SOURCE),
                method_map=[("**.py", "python")],
                keywords=DEFAULT_KEYWORDS,
                directory_filter=lambda path: (
                    not pathlib.Path(path).name.startswith(".")
                    and pathlib.Path(path).name != "__pycache__"
                ),
            )
        }
        with POT.open("rb") as file:
            template = read_po(file)

        assert found == _keys(template)


class TestTranslations:
    """Tags are checked, resolved to a shipped language and cached."""

    @pytest.mark.parametrize(
        ("tag", "language"),
        [
            ("de", "de"),
            ("de-AT", "de"),
            ("DE-at", "de"),
            ("es-MX", "es"),
            ("es-419", "es"),
            ("en-GB", "en"),
            ("fr", "en"),
            (None, "en"),
        ],
    )
    def test_resolves(self, tag: str | None, language: str) -> None:
        """A tag gives its language's text, or English if not shipped."""
        assert language == i18n.translations(tag).language

    def test_one_object_per_tag(self) -> None:
        """A language's catalog is read once and shared."""
        assert i18n.translations("de") is i18n.translations("de")

    @pytest.mark.parametrize(
        "tag", ["../../etc/passwd", "/var/evil", "de_AT", "de-AT-x-foo", ""]
    )
    def test_malformed_tag_refused(self, tag: str) -> None:
        """A malformed tag is an InvalidValueError before any file opens."""
        with pytest.raises(InvalidValueError, match="not a language tag"):
            i18n.translations(tag)

    def test_austrian_month_names(self) -> None:
        """de-AT is German text with Austrian CLDR data (Jänner)."""
        assert "Jänner" == i18n.translations("de-AT").month_name(1)
        assert "Januar" == i18n.translations("de").month_name(1)

    def test_day_names_by_number(self) -> None:
        """Day names are looked up by number, Monday = 0."""
        assert "Montag" == i18n.translations("de").day_name(0)
        assert "domingo" == i18n.translations("es").day_name(6)
        assert "Mon" == i18n.translations(None).day_name(0, "abbreviated")

    def test_no_babel_for_english(self) -> None:
        """Importing exerciselib and English output import no Babel."""
        code = (
            "import sys, exerciselib\n"
            "from exerciselib import load_catalog, to_html\n"
            "to_html(load_catalog().routine('sciatica:sciatica-relief'))\n"
            "print('babel' in sys.modules)\n"
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )

        assert "False" == result.stdout.strip()


class TestDosageLine:
    """The dosage line in the language, read back by Dosage.parse."""

    @pytest.mark.parametrize(
        ("lang", "text", "expected"),
        [
            ("de", "1 x 10 x 5 s", "1 Satz / 10 Wdh. / 5 s halten"),
            ("es", "1 x 10 x 5 s", "1 serie / 10 rep. / mantener 5 s"),
            ("de", "3 x 8-12 @ 2.5 kg", "3 Sätze / 8–12 Wdh. / 2,5 kg"),
            ("es", "3 x 8-12 @ 2.5 kg", "3 series / 8-12 rep. / 2,5 kg"),
            ("de", "2 x 1 min", "2 Sätze / 1 Min."),
            ("es", "1 x 10 each side", "1 serie / 10 rep. / por lado"),
            ("de", "3 x 10 @ red band", "3 Sätze / 10 Wdh. / rotes Band"),
            ("es", "3 x 10 @ red band", "3 series / 10 rep. / banda roja"),
            ("en", "1 x 10 x 5 s", "1 Set / 10 Reps / 5 s hold"),
        ],
    )
    def test_forms(self, lang: str, text: str, expected: str) -> None:
        """German and Spanish write the forms physiotherapists write."""
        texts = i18n.translations(lang)

        assert expected == dosage_line(texts, Dosage.parse(text))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1 Satz / 10 Wdh. / 5 s halten", "1 Set / 10 Reps / 5 s hold"),
            ("1 serie / 10 rep. / mantener 5 s", "1 Set / 10 Reps / 5 s hold"),
            (
                "3 Sätze / 10 Wiederholungen / 2,5 kg",
                "3 Sets / 10 Reps / 2.5 kg",
            ),
            ("3 series / 10 repeticiones", "3 Sets / 10 Reps"),
            (
                "2 Sätze / 1 Min. / Körpergewicht",
                "2 Sets / 1 min / bodyweight",
            ),
            (
                "1 serie / 30 segundos / peso corporal",
                "1 Set / 30 s / bodyweight",
            ),
            (
                "3 × 10 / 10 Sek. halten / pro Seite",
                "3 Sets / 10 Reps / 10 s hold / each side",
            ),
            ("3 x 10 / por cada lado", "3 Sets / 10 Reps / each side"),
            (
                "2 Sätze / 10 Wdh. / 45 s Pause zwischen den Sätzen",
                "2 Sets / 10 Reps / 45 s rest between sets",
            ),
            (
                "2 series / 10 rep. / 5 s de descanso entre repeticiones",
                "2 Sets / 10 Reps / 5 s rest between reps",
            ),
            # a comma and a space still separate parts
            ("3 x 10, 5 s hold", "3 Sets / 10 Reps / 5 s hold"),
        ],
    )
    def test_parse_reads_the_forms(self, text: str, expected: str) -> None:
        """Dosage.parse reads German and Spanish forms and decimal commas."""
        assert expected == str(Dosage.parse(text))


def _ascii_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", text))


def _pseudo_catalog() -> gettext.GNUTranslations:
    """Every message translated as ⟦msgid⟧: what is left outside is missed."""
    with POT.open("rb") as file:
        catalog = read_po(file, locale="de")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(
                f"⟦{message.id[min(i, 1)]}⟧"
                for i in range(catalog.num_plurals)
            )
        else:
            message.string = f"⟦{message.id}⟧"
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    """German is the ⟦msgid⟧ pseudo-catalog (with German CLDR data)."""
    texts = i18n.Texts(language="de", tag="de", catalog=_pseudo_catalog())
    monkeypatch.setattr(
        i18n,
        "_load",
        lambda language, _tag: (
            texts
            if language == "de"
            else i18n.Texts(
                language="en", tag="en", catalog=gettext.NullTranslations()
            )
        ),
    )


def _outside(text: str) -> str:
    """The text outside every ⟦...⟧, innermost first."""
    inner = re.compile("⟦[^⟦⟧]*⟧")
    while True:
        shorter = inner.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def _visible(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


#: Units and abbreviations that are the same in every language.
_INTERNATIONAL = {"min", "kg", "lb", "km", "UTC", "CET", "CEST"}


def _cldr_words() -> set[str]:
    """German day and month names from CLDR: German, not English."""
    locale = i18n.translations("de").locale()
    words: set[str] = set()
    for table in (locale.days, locale.months):
        for widths in table.values():
            for names in widths.values():
                words |= _ascii_words(" ".join(map(str, names.values())))
    return words


def _german_pack_words() -> set[str]:
    """The words of the installed packs' text, shown in German."""
    catalog = load_catalog()
    return _ascii_words(
        json.dumps(
            [
                [
                    catalog.localized_routine(q, lang="de").value.to_dict()
                    for q in catalog.routines
                ],
                [
                    catalog.localized_exercise(q, lang="de").value.to_dict()
                    for q in catalog.exercises
                ],
                [
                    [p.name, p.description]
                    for p in (
                        catalog.localized_pack(i, lang="de").value
                        for i in catalog.packs
                    )
                ],
            ],
            ensure_ascii=False,
        )
    )


def _greek_routine() -> Routine:
    """A routine using every part of a handout, its own text in Greek."""
    word = "Άσκηση"

    def exercise(ident: str, laterality: str, media: bool) -> Exercise:
        return Exercise(
            id=ident,
            name=f"{word} {ident}",
            summary="Περίληψη.",
            steps=["Βήμα ένα.", "Βήμα δύο."],
            safety_cues=["Προσοχή."],
            form_cues=["Συμβουλή άσκησης."],
            starting_position="Καθιστή θέση.",
            equipment=["στρώμα"],
            laterality=laterality,
            media=[
                Media(path="a.png", alt="Εικόνα", credit="Φ", license="Λ"),
                Media(path="b.mp4", alt="Βίντεο", kind="video"),
            ]
            if media
            else [],
            credits=[Credit(name="Όνομα", role="source")],
        )

    items = [
        exercise("q1", "affected", True).prescribe("3 x 8-12 x 5 s @ 2.5 kg"),
        exercise("q2", "each-side", False).prescribe(
            "2 x 10 @ red band / tempo 3-1-1-0 / RPE 7 / 10 s rest between "
            "reps / 45 s rest between sets"
        ),
        exercise("q3", "alternating", False).prescribe("1 x 4 / RIR 2"),
        exercise("q4", "none", False).prescribe("2 x 30 s / bodyweight"),
        exercise("q5", "none", False).prescribe("1 x 400 m"),
    ]
    items[0] = attrs.evolve(items[0], notes="Σημείωση.")
    return Routine(
        id="r1",
        name="Πρόγραμμα",
        description="Περιγραφή.",
        items=items,
        frequency=Frequency(times_per_day=3, days=["mon", "wed", "fri"]),
        advice=["Συμβουλή."],
        warning_signs=["Σταματήστε."],
        credits=[Credit(name="Όνομα", role="author")],
        groups=[
            Group(
                kind="superset",
                first=2,
                size=2,
                rest_between_rounds_seconds=60,
                rest_between_exercises_seconds=15,
            )
        ],
    )


#: A host's header details, in ASCII so that a left English word shows.
_DETAILS: dict[str, typing.Any] = {
    "patient": "Ann Zed",
    "clinician": "Bo Yu",
    "clinic": "Cy Clinic",
    "contact": "555 0100",
    "date": dt.date(2026, 3, 20),
}


def _greek_plan() -> Plan:
    """Two weeks of the Greek routine whose holds grow, so dosages change."""
    return Plan(
        routine=_greek_routine(),
        start=dt.date(2026, 3, 23),
        weeks=2,
        timezone="Europe/Berlin",
        times=[dt.time(7, 30), dt.time(18)],
        progression=Progression(every_weeks=1, add_hold_seconds=5),
        affected_side="left",
    )


@pytest.mark.usefixtures("pseudo")
class TestPseudoLocale:
    """Rendered with ⟦msgid⟧ text, no English interface word is left."""

    @pytest.mark.parametrize("side", [None, "left", "right"])
    def test_html(self, tmp_path: pathlib.Path, side: str | None) -> None:
        """The HTML handout has no interface text outside the catalog."""
        (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        page = to_html(
            _greek_routine(),
            lang="de",
            media_root=tmp_path,
            affected_side=side,
        )

        assert set() == _ascii_words(_outside(_visible(page))) - {"kg"}

    @pytest.mark.parametrize("side", [None, "left", "right"])
    def test_markdown(self, side: str | None) -> None:
        """The Markdown handout has no interface text outside the catalog."""
        text = to_markdown(_greek_routine(), lang="de", affected_side=side)

        assert set() == _ascii_words(_outside(text)) - {"kg"}

    @pytest.mark.parametrize("zone", ["Europe/Berlin", None])
    def test_handout_with_plan(self, zone: str | None) -> None:
        """Header, schedule, dosage changes and log sheet are catalog text."""
        plan = _greek_plan()
        details = _DETAILS | {"reader_timezone": zone}
        page = to_html(plan, lang="de", log_sheet=True, **details)
        text = to_markdown(plan, lang="de", log_sheet=True, **details)
        host = _ascii_words(
            " ".join(str(value) for value in _DETAILS.values())
        ) | {"Europe", "Berlin"}
        visible = _visible(page)

        assert "log-week" in page
        assert "dosage changes" not in page  # the table is there, translated
        assert 'class="changes"' in page
        assert set() == (
            _ascii_words(_outside(visible)) - {"kg"} - host - _cldr_words()
        )
        assert set() == (
            _ascii_words(_outside(text)) - {"kg"} - host - _cldr_words()
        )

    def test_running_header_and_footer(self) -> None:
        """The printed page's patient label and page count are catalog text."""
        from exerciselib._export.paperwork import css_string  # noqa: PLC0415 -- only this test needs it

        page = to_html(_greek_plan(), lang="de", patient="Ann")
        style = page.split("</style>", 1)[0]

        assert css_string("⟦Patient: Ann⟧") in style
        assert css_string("⟦Page ") + " counter(page)" in style

    def test_timeline_cues(self) -> None:
        """Every timer cue is catalog text around the exercise's name."""
        for side in (None, "left"):
            timeline = session_timeline(
                _greek_routine(), lang="de", affected_side=side
            )
            cues = " ".join(step.cue for step in timeline)

            assert set() == _ascii_words(_outside(cues))

    @pytest.mark.parametrize(
        "args",
        [
            ["show", RELIEF],
            ["show", "sciatica:seated-hurdler-stretch"],
            ["timeline", RELIEF],
            ["timeline", RELIEF, "--side", "left"],
            [
                "plan",
                RELIEF,
                "--start",
                "2026-03-23",
                "--weeks",
                "2",
                "--tz",
                "Europe/Berlin",
                "--side",
                "left",
            ],
            ["packs"],
            ["search", "stretch"],
            ["search", "zzzz-nothing"],
            ["routines"],
            ["routines", "zzzz-nothing"],
        ],
        ids=lambda args: "-".join(a for a in args if not a.startswith("-"))[
            :40
        ],
    )
    def test_cli(self, args: list[str]) -> None:
        """A command's output has no interface text outside the catalog."""
        code, out, err = _run("--lang", "de", *args)
        catalog = load_catalog()
        pack_words = _ascii_words(
            json.dumps(
                [
                    [r.to_dict() for r in catalog.routines.values()],
                    [
                        e.to_dict()
                        for p in catalog.packs.values()
                        for e in p.exercises.values()
                    ],
                    [
                        [p.id, p.name, p.version, p.license, str(p.root)]
                        + [str(c) for c in p.credits]
                        + [str(p.distribution)]
                        for p in catalog.packs.values()
                    ],
                    "Europe/Berlin",
                ],
                ensure_ascii=False,
            )
        )

        assert code in {0, 1}
        assert set() == (
            _ascii_words(_outside(out + err))
            - pack_words
            - _german_pack_words()
            - _INTERNATIONAL
            - _cldr_words()
        )

    def test_cli_export(self, tmp_path: pathlib.Path) -> None:
        """CLI handouts with a plan, details and log sheet are catalog text."""
        options = [
            "--start",
            "2026-03-23",
            "--weeks",
            "2",
            "--tz",
            "Europe/Berlin",
            "--side",
            "left",
            "--patient",
            "Ann",
            "--clinician",
            "Bo",
            "--clinic",
            "Cy",
            "--contact",
            "555",
            "--date",
            "2026-03-20",
            "--log-sheet",
        ]
        html_file, md_file = tmp_path / "h.html", tmp_path / "h.md"
        made = [
            _run("--lang", "de", "export", RELIEF, flag, str(path), *options)
            for flag, path in (("--html", html_file), ("--md", md_file))
        ]
        catalog = load_catalog()
        pack_words = _ascii_words(
            json.dumps(
                [
                    catalog.routine(RELIEF).to_dict(),
                    [str(c) for c in catalog.pack("sciatica").credits],
                ],
                ensure_ascii=False,
            )
        )
        allowed = (
            pack_words
            | _INTERNATIONAL
            | _cldr_words()
            | {"Ann", "Bo", "Cy", "Europe", "Berlin"}
            | {"lt", "gt"}  # Markdown's &lt; &gt; around credit links
            | _german_pack_words()
        )
        page = html_file.read_text(encoding="utf-8")

        assert [0, 0] == [code for code, _out, _err in made]
        assert "log-week" in page
        for shown in (_visible(page), md_file.read_text(encoding="utf-8")):
            assert set() == _ascii_words(_outside(shown)) - allowed
        paths = _ascii_words(str(tmp_path)) | {"h", "html", "md"}
        for _code, out, err in made:
            assert set() == _ascii_words(_outside(out + err)) - allowed - paths

    def test_validate_and_new(self, tmp_path: pathlib.Path) -> None:
        """Validate's and new's own lines are catalog text."""
        root = str(load_catalog().pack("sciatica").root)
        code, out, _ = _run("--lang", "de", "validate", root)
        made = _run(
            "--lang", "de", "new", "pack", "qq", "--dir", str(tmp_path / "q")
        )
        paths = _ascii_words(f"{root} {tmp_path} sciatica qq validate")

        assert (0, 0) == (code, made[0])
        assert set() == _ascii_words(_outside(out + made[1])) - paths - {
            "exerciselib"
        }

    def test_review(self, tmp_path: pathlib.Path) -> None:
        """Review's framing is catalog text; reasons are the model's."""
        plan = Plan(
            routine=load_catalog().routine(RELIEF),
            start=dt.date(2026, 3, 2),
            weeks=2,
            timezone="UTC",
        )
        plan_file = tmp_path / "plan.json"
        plan_file.write_text(json.dumps(plan.to_dict()), encoding="utf-8")
        logs = write_logs(
            tmp_path / "logs.jsonl",
            [
                SessionLog(
                    session=number,
                    done_at=plan.take(number)[-1].start
                    + dt.timedelta(minutes=30),
                    status="completed",
                    pain_during=2,
                    pain_next_morning=1,
                )
                for number in (1, 2, 3)
            ],
        )
        args = ("review", str(plan_file), str(logs), "--as-of", "2026-03-04")
        code, out, _ = _run("--lang", "de", *args)
        data = json.loads(_run(*args, "--format", "json")[1])
        model_words = _ascii_words(
            json.dumps(
                [
                    [d["reason"] for d in data["revision"]["decisions"]],
                    [w["label"] for w in data["adherence"]["weeks"]],
                    [e["label"] for e in data["adherence"]["exercises"]],
                    [d["exercise"] for d in data["revision"]["decisions"]],
                ]
            )
        )

        assert 0 == code
        assert set() == (
            _ascii_words(_outside(out))
            - model_words
            - _INTERNATIONAL
            - _cldr_words()
        )

    def test_export(self, tmp_path: pathlib.Path) -> None:
        """Export's own line is catalog text."""
        target = tmp_path / "h.md"
        code, out, _ = _run(
            "--lang", "de", "export", RELIEF, "--md", str(target)
        )

        assert 0 == code
        assert out.startswith("⟦Wrote ")


class TestCommandLine:
    """--lang, the environment, and one notice when falling back."""

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--lang", "de"], "Dieses Übungsprogramm einmal täglich"),
            (["--lang", "de-AT"], "Dieses Übungsprogramm einmal täglich"),
            (["--lang", "es"], "Realice esta rutina una vez al día."),
            (["--lang", "en"], "Do this routine once daily."),
        ],
    )
    def test_lang(self, args: list[str], expected: str) -> None:
        """--lang gives the language, its region falling back to it."""
        code, out, err = _run(*args, "show", RELIEF)

        assert (0, "") == (code, err)
        assert expected in out

    def test_lang_after_the_command(self) -> None:
        """--lang may also follow the command's name."""
        _, out, _ = _run("show", RELIEF, "--lang", "es")

        assert "1 serie / 1 rep. / mantener 30 s" in out

    @pytest.mark.parametrize(
        ("value", "notice"),
        [
            ("fr", "exerciselib: no interface text in 'fr'; using English\n"),
            (
                "../../etc",
                (
                    "exerciselib: '../../etc' is not a language tag (such "
                    "as de, de-AT or es); using English\n"
                ),
            ),
        ],
    )
    def test_unavailable_language(self, value: str, notice: str) -> None:
        """An unknown language gives English and exactly one notice."""
        code, out, err = _run("--lang", value, "show", RELIEF)

        assert (0, notice) == (code, err)
        assert "Do this routine once daily." in out

    @pytest.mark.parametrize(
        ("environ", "expected", "notice"),
        [
            ({"LANG": "de_DE.UTF-8"}, "einmal täglich", ""),
            ({"LANGUAGE": "fr:es", "LANG": "de_DE"}, "una vez al día", ""),
            ({"LC_ALL": "C"}, "once daily", ""),
            (
                {"LC_MESSAGES": "fr_FR.UTF-8"},
                "once daily",
                (
                    "exerciselib: no interface text in 'fr-FR' (from the "
                    "environment); using English\n"
                ),
            ),
        ],
    )
    def test_environment(
        self,
        monkeypatch: pytest.MonkeyPatch,
        environ: dict[str, str],
        expected: str,
        notice: str,
    ) -> None:
        """Without --lang the locale variables choose, as gettext does."""
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        code, out, err = _run("show", RELIEF)

        assert (0, notice) == (code, err)
        assert expected in out

    def test_lang_beats_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--lang wins over the environment."""
        monkeypatch.setenv("LANG", "es_ES.UTF-8")
        _, out, _ = _run("--lang", "de", "show", RELIEF)

        assert "einmal täglich" in out

    def test_export_html_in_german(self, tmp_path: pathlib.Path) -> None:
        """Export --html writes the German page, the pack's text too."""
        target = tmp_path / "h.html"
        code, out, _ = _run(
            "--lang", "de", "export", RELIEF, "--html", str(target)
        )
        page = target.read_text("utf-8")

        assert (0, f"{target} geschrieben\n") == (code, out)
        assert '<html lang="de">' in page
        assert "<h1>Linderung von Ischiasbeschwerden</h1>" in page
        assert 'lang="en' not in page
        assert "<h3>Ausführung</h3>" in page

    def test_timeline_json_keeps_machine_fields(self) -> None:
        """The timeline JSON differs across languages only in its cues."""
        en = json.loads(_run("timeline", RELIEF, "--format", "json")[1])
        de = json.loads(
            _run("--lang", "de", "timeline", RELIEF, "--format", "json")[1]
        )
        strip = [
            {k: v for k, v in step.items() if k != "cue"}
            for step in en["steps"]
        ]

        assert strip == [
            {k: v for k, v in step.items() if k != "cue"}
            for step in de["steps"]
        ]
        assert en["steps"][1]["cue"] != de["steps"][1]["cue"]


class TestHtmlLanguages:
    """The page's lang is the language used; differing texts carry theirs."""

    def _routine(self) -> Routine:
        return load_catalog().routine(RELIEF)

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [(None, "en"), ("de", "de"), ("de-AT", "de-AT"), ("fr", "en")],
    )
    def test_page_language(self, lang: str | None, expected: str) -> None:
        """The html element names the language actually used."""
        page = to_html(self._routine(), lang=lang)

        assert f'<html lang="{expected}">' in page

    def test_pack_language_when_none_asked(self) -> None:
        """Without lang, an en-GB routine gives lang="en-GB", not "en"."""
        page = to_html(self._routine(), text_languages={"": "en-GB"})

        assert '<html lang="en-GB">' in page
        assert "<span lang=" not in page

    def test_texts_in_another_language_marked(self) -> None:
        """A text whose tag differs from the page's carries its own lang."""
        page = to_html(
            self._routine(),
            lang="de",
            text_languages={
                "": "de",
                "/items/0/exercise/steps/1": "en-AU",
                "/items/1/exercise": "en",
            },
        )

        assert '<html lang="de">' in page
        assert page.count('<span lang="en-AU">') == 1
        assert '<span lang="en">Hamstring stretch in stand</span>' in page
        assert '<span lang="de">' not in page

    @pytest.mark.parametrize(
        "mapping",
        [{"name": "de"}, {"/name": "de_DE"}, {"/name": 'de"><b>'}],
    )
    def test_bad_mapping_refused(self, mapping: dict[str, str]) -> None:
        """A key that is not a JSON Pointer or a value not a tag is refused."""
        with pytest.raises(InvalidValueError):
            to_html(self._routine(), text_languages=mapping)


@pytest.mark.slow
def test_wheel_ships_compiled_catalogs(tmp_path: pathlib.Path) -> None:
    """A wheel installed in a fresh environment renders German."""
    root = pathlib.Path(__file__).parent.parent
    subprocess.run(  # noqa: S603 -- our own interpreter and pip
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(root),
        ],
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("exerciselib-*.whl"))
    import zipfile  # noqa: PLC0415 -- only here

    names = zipfile.ZipFile(wheel).namelist()

    assert "exerciselib/locale/de/LC_MESSAGES/exerciselib.mo" in names
    assert "exerciselib/locale/es/LC_MESSAGES/exerciselib.mo" in names
    assert not [name for name in names if name.endswith((".po", ".pot"))]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603 -- our own interpreter
    python = venv / "bin" / "python"
    subprocess.run(  # noqa: S603 -- the fresh environment's pip
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
    )
    code = (
        "from exerciselib import Exercise, Routine, to_html\n"
        "e = Exercise(id='e', name='E', summary='S.', steps=['A.'])\n"
        "r = Routine(id='r', name='R', items=[e.prescribe('1 x 10 x 5 s')])\n"
        "print(to_html(r, lang='de'))\n"
    )
    page = subprocess.run(  # noqa: S603 -- the fresh environment
        [str(python), "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout

    assert "<h3>Ausführung</h3>" in page
    assert "1 Satz / 10 Wdh. / 5 s halten" in page


class TestPdfFooter:
    """The PDF's "Page N of M" is catalog text around CSS page counters."""

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [
            (None, '"Page " counter(page) " of " counter(pages)'),
            ("de", '"Seite " counter(page) " von " counter(pages)'),
            ("es", '"P\\e1 gina " counter(page) " de " counter(pages)'),
        ],
    )
    def test_page_of(self, lang: str | None, expected: str) -> None:
        """The printed footer's words are in the language, numbers counters."""
        page = to_html(load_catalog().routine(RELIEF), lang=lang)

        assert f"content: {expected};" in page


class TestCalendar:
    """The iCalendar descriptions are written in the language asked for."""

    def test_german_description(self) -> None:
        """Each event describes the dosages and length in German."""
        plan = Plan(
            routine=load_catalog().routine(RELIEF),
            start=dt.date(2026, 3, 2),
            count=2,
            timezone="Europe/Berlin",
            affected_side="left",
        )
        calendar = to_ics(
            plan, lang="de", dtstamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        ).decode("utf-8")
        unfolded = calendar.replace("\r\n ", "")

        assert "1 Satz / 1 Wdh. / 30 s halten" in unfolded
        assert "Betroffene Seite: links" in unfolded
        assert "Dauer einer Einheit: 4 Min. 20 s" in unfolded

    @pytest.mark.usefixtures("pseudo")
    def test_pseudo_locale(self) -> None:
        """The description has no interface text outside the catalog."""
        from exerciselib._export.ics import describe  # noqa: PLC0415 -- only this test needs it

        text = describe(
            _greek_routine(),
            95,
            affected_side="left",
            estimated=True,
            texts=i18n.translations("de"),
        )

        assert set() == _ascii_words(_outside(text)) - {"kg"}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "twice a day on Monday, Wednesday and Friday"),
        ("de", "zweimal täglich am Montag, Mittwoch und Freitag"),
        ("es", "dos veces al día, estos días: lunes, miércoles y viernes"),
    ],
)
def test_handout_names_the_days(lang: str, said: str) -> None:
    """A handout names the days of the week in full, in every language."""
    routine = Routine(
        id="knee",
        name="Knee",
        items=[
            Exercise(
                id="knee-bend",
                name="Knee bend",
                summary="Bend.",
                steps=["Go."],
            ).prescribe("2 x 10")
        ],
        frequency=Frequency(times_per_day=2, days=["mon", "wed", "fri"]),
    )

    assert said in to_markdown(routine, lang=lang)
