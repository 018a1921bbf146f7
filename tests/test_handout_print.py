"""
The handout of a plan, printed by headless Chromium on A4 and US Letter.

Read back with pypdf (text per page) and poppler's ``pdftotext -bbox``
(word boxes): no exercise is split across pages, every page carries the
running header and footer, and the log sheet has one row per session.
Like ``test_browser.py``, these tests skip without Chromium or poppler,
and fail without them under CI (``CI=true``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import typing

import attrs
import pytest

from exerciselib import Plan, Progression, load_catalog, to_html, to_pdf
from exerciselib._export import paperwork
from exerciselib._i18n import translations
from exerciselib._model.wording import dosage_line
from pdftext import need, normal, page_texts
from test_browser import PAPER, Chromium

if typing.TYPE_CHECKING:
    import pathlib

pytestmark = pytest.mark.slow

DETAILS = {
    "patient": "Ann Example",
    "clinician": "Dr Lee",
    "clinic": "Bondi Physio",
    "contact": "02 9999 0000",
    "date": dt.date(2026, 9, 27),
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    """Six weeks of the sciatica routine, its hold growing every 2 weeks."""
    return Plan(
        routine=load_catalog().routine("sciatica:sciatica-relief"),
        start=dt.date(2026, 9, 28),
        weeks=6,
        timezone="Australia/Sydney",
        progression=Progression(every_weeks=2, add_hold_seconds=5),
        affected_side="left",
    )


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    """Return the browser, with its own folder."""
    return Chromium(tmp_path_factory.mktemp("chromium-handout"))


@pytest.fixture(scope="module", params=sorted(PAPER))
def paper(request: pytest.FixtureRequest) -> str:
    """Return each paper size in turn."""
    return typing.cast("str", request.param)


def _print(chromium: Chromium, page: str, paper: str, name: str) -> bytes:
    """Print ``page`` on ``paper`` with Chromium."""
    page = page.replace(
        "</head>", f"<style>@page {{ size: {paper}; }}</style>\n</head>", 1
    )
    path: pathlib.Path = chromium.folder / f"{name}-{paper}.html"
    path.write_text(page, "utf-8")
    return chromium.pdf(path)


@pytest.fixture(scope="module")
def printed(chromium: Chromium, plan: Plan, paper: str) -> bytes:
    """Return the plan's handout with a log sheet, as Chromium prints it."""
    return _print(
        chromium, to_html(plan, log_sheet=True, **DETAILS), paper, "plan"
    )


@pytest.fixture(scope="module")
def lines(printed: bytes) -> list[list[tuple[float, str]]]:
    """Return each page's lines, from pdftotext's word boxes."""
    return _lines(printed)


@pytest.fixture(scope="module")
def pages(printed: bytes) -> list[str]:
    """Return each page's text, normalised."""
    return page_texts(printed)


def _lines(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Each page's lines (top, text), from pdftotext's word boxes."""
    tool = need("pdftotext")
    result = subprocess.run(  # noqa: S603 -- a found poppler tool
        [tool, "-bbox", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    found = []
    for page in result.stdout.decode("utf-8").split("<page ")[1:]:
        rows: dict[float, list[tuple[float, str]]] = {}
        for left, top, word in re.findall(
            r'<word xMin="([^"]*)" yMin="([^"]*)" xMax="[^"]*" '
            r'yMax="[^"]*">([^<]*)</word>',
            page,
        ):
            # Words within 2 pt of a line's top are on that line.
            line = next(
                (y for y in rows if abs(y - float(top)) <= 2),
                float(top),
            )
            rows.setdefault(line, []).append((float(left), word))
        found.append(
            [
                (top, " ".join(w for _, w in sorted(words)))
                for top, words in sorted(rows.items())
            ]
        )
    return found


def _split(pages: list[str], plan: Plan) -> list[int]:
    """The numbers of the exercises not wholly on the page of their heading."""
    split = []
    for number, item in enumerate(plan.routine.items, start=1):
        exercise = item.exercise
        heading = normal(f"{number}. {exercise.name}")
        (page,) = [p for p in pages if heading in p]
        parts = [
            str(item.dosage),
            *exercise.steps,
            *exercise.form_cues,
            *exercise.safety_cues,
        ]
        if not all(normal(part) in page for part in parts):
            split.append(number)
    return split


class TestPages:
    """Every page carries the running header and footer."""

    def test_header_and_page_numbers_on_every_page(
        self, lines: list[list[tuple[float, str]]], pages: list[str]
    ) -> None:
        """Title and patient at the top, clinic and Page N of M below."""
        count = len(pages)

        assert count >= 7  # the handout, then six log pages
        for number, page in enumerate(lines, start=1):
            top, bottom = page[0][1], page[-1][1]
            assert top.startswith("Sciatica relief"), top
            assert top.endswith("Patient: Ann Example"), top
            assert bottom.startswith("Bondi Physio"), bottom
            assert bottom.endswith(f"Page {number} of {count}"), bottom

    def test_no_exercise_is_split(self, pages: list[str], plan: Plan) -> None:
        """Each exercise's heading, dosage, steps and cues share a page."""
        assert [] == _split(pages, plan)

    def test_headings_stay_with_what_follows(
        self, lines: list[list[tuple[float, str]]], plan: Plan
    ) -> None:
        """No page's last line of body text is a heading."""
        headings = {
            f"{number}. {item.exercise.name}"
            for number, item in enumerate(plan.routine.items, start=1)
        }
        headings |= {
            "Your schedule",
            "Dosage changes",
            "When to stop and seek help",
            "Steps",
            "Tips",
            "Safety",
            "Advice and safety",
            "Credits",
        }
        for page in lines:
            body = page[1:-1]  # between the running header and footer
            assert body[-1][1] not in headings, body[-1]


class TestLogSheet:
    """The printed log sheet: a page per week, a row per session."""

    def test_a_page_per_week(self, pages: list[str]) -> None:
        """Each week's log is one page of its own, in order."""
        logs = [page for page in pages if "Log sheet: Week" in page]

        assert [f"Log sheet: Week {n}:" for n in range(1, 7)] == [
            re.search(r"Log sheet: Week \d+:", page).group()  # type: ignore[union-attr]
            for page in logs
        ]

    def test_one_row_per_session(
        self, lines: list[list[tuple[float, str]]], plan: Plan
    ) -> None:
        """Each session is one printed row, numbered, with its date."""
        rows = [
            text
            for page in lines
            for _, text in page
            if re.match(
                r"\d+ [A-Z][a-z]{2} \d+ [A-Z][a-z]{2} \d\d:\d\d$", text
            )
        ]
        english = translations(None)
        expected = [
            f"{s.number} {paperwork._short_date(english, s.local_date)} "
            f"{s.local_time:%H:%M}"
            for s in plan.sessions()
        ]

        assert expected == rows


class TestGerman:
    """The German handout prints as the English one does."""

    @pytest.fixture
    def german(
        self, chromium: Chromium, plan: Plan, paper: str
    ) -> tuple[Plan, bytes]:
        """The plan of the German routine, printed with its log sheet."""
        shown = load_catalog().localized_routine(
            "sciatica:sciatica-relief", lang="de"
        )
        german = attrs.evolve(plan, routine=shown.value)
        page = to_html(
            german,
            lang="de",
            text_languages={"": "de", **shown.sources},
            log_sheet=True,
            **DETAILS,
        )
        return german, _print(chromium, page, paper, "plan-de")

    def test_running_text_and_no_split(
        self, german: tuple[Plan, bytes]
    ) -> None:
        """German page furniture on every page; no exercise is split."""
        plan, pdf = german
        lines, pages = _lines(pdf), page_texts(pdf)
        texts = translations("de")
        count = len(pages)
        split = []
        for number, item in enumerate(plan.routine.items, start=1):
            exercise = item.exercise
            (page,) = [
                p for p in pages if normal(f"{number}. {exercise.name}") in p
            ]
            parts = [
                dosage_line(texts, item.dosage),
                *exercise.steps,
                *exercise.form_cues,
                *exercise.safety_cues,
            ]
            if not all(normal(part) in page for part in parts):
                split.append(number)

        assert count >= 7  # the handout, then six log pages
        assert [] == split
        for number, page_lines in enumerate(lines, start=1):
            top, bottom = page_lines[0][1], page_lines[-1][1]
            assert top.startswith("Linderung von Ischiasbeschwerden"), top
            assert top.endswith("Patient/in: Ann Example"), top
            assert bottom.endswith(f"Seite {number} von {count}"), bottom
        assert 6 == sum("Übungsprotokoll: Woche" in p for p in pages)


class TestTheCheckCanFail:
    """Without the print rules that keep an exercise whole, one splits."""

    def test_a_split_is_seen(
        self, chromium: Chromium, plan: Plan, paper: str
    ) -> None:
        """With break-inside left out, the split check finds an exercise."""
        page = to_html(plan, **DETAILS).replace(
            "  section.exercise, aside.safety,", "  aside.safety,", 1
        )
        assert "section.exercise, aside" not in page

        pages = page_texts(_print(chromium, page, paper, "loose"))

        assert [] != _split(pages, plan)


class TestWeasyPrint:
    """to_pdf lays out the same running header, footer and log sheet."""

    def test_plan_pdf(self, plan: Plan, paper: str) -> None:
        """Every page has the header and numbers; a log page per week."""
        pdf = to_pdf(plan, paper=paper.lower(), log_sheet=True, **DETAILS)
        pages = page_texts(pdf)

        assert len(pages) >= 7
        for number, page in enumerate(pages, start=1):
            assert page.startswith("Sciatica relief Patient: Ann Example")
            assert page.endswith(f"Page {number} of {len(pages)}"), page
        assert 6 == sum("Log sheet: Week" in page for page in pages)
        assert [] == _split(pages, plan)
