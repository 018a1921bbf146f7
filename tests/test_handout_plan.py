"""Tests for the handout's header, cues, schedule and log sheet."""

from __future__ import annotations

import datetime as dt
import io
import re
import typing

import attrs
import markdown_it
import pytest
from hypothesis import example, given

from exerciselib import (
    Exercise,
    InvalidValueError,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    SessionLog,
    load_catalog,
    to_html,
    to_markdown,
)
from exerciselib._export import handout, paperwork
from exerciselib.cli import run
from htmltree import Node, parse
from strategies import hostile_text

if typing.TYPE_CHECKING:
    import pathlib

RELIEF = "sciatica:sciatica-relief"
START = dt.date(2026, 9, 28)  # a Monday
DETAILS = {
    "patient": "Ann Example",
    "clinician": "Dr Lee",
    "clinic": "Bondi Physio",
    "contact": "02 9999 0000",
    "date": dt.date(2026, 9, 27),
}


@pytest.fixture(scope="module")
def relief() -> Routine:
    """Return the sciatica pack's routine."""
    return load_catalog().routine(RELIEF)


@pytest.fixture(scope="module")
def plan(relief: Routine) -> Plan:
    """Return six weeks of the routine, its hold growing every 2 weeks."""
    return Plan(
        routine=relief,
        start=START,
        weeks=6,
        timezone="Australia/Sydney",
        progression=Progression(every_weeks=2, add_hold_seconds=5),
    )


def _root(page: str) -> Node:
    document = parse(page)

    assert [] == document.mismatches
    assert [] == document.unclosed
    return document.root


def _style(page: str) -> str:
    return page.split("<style>", 1)[1].split("</style>", 1)[0]


def _css_text(quoted: str) -> str:
    """Read back a CSS string written with hex escapes."""
    body = quoted[1:-1]
    return re.sub(
        r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), body
    )


def _boxes(page: str) -> dict[str, str]:
    """The text of each running header and footer box of the page."""
    return {
        name: _css_text(text)
        for name, text in re.findall(
            r'@([a-z-]+) \{ content: ("[^"]*");', _style(page)
        )
    }


class TestCues:
    """Tips are shown plainly, warnings set apart, signs apart from both."""

    def test_tips_are_plain_and_warnings_set_apart(
        self, relief: Routine
    ) -> None:
        """Form cues are tips outside the safety aside; safety cues in it."""
        root = _root(to_html(relief))
        sections = root.find_all("section", "exercise")
        first, last = sections[0], sections[3]

        assert [] == first.find_all("aside", "safety")
        assert "Tips" == first.find("div", "tips").find("h3").text()
        assert list(relief.items[0].exercise.form_cues) == [
            li.text() for li in first.find("div", "tips").find_all("li")
        ]
        assert [] == last.find_all("div", "tips")
        assert ["Check that the stretch causes no pain in your knee."] == [
            li.text() for li in last.find("aside", "safety").find_all("li")
        ]

    def test_warning_signs_come_before_the_exercises(
        self, relief: Routine
    ) -> None:
        """The routine's warning signs are one section, set apart, first."""
        root = _root(to_html(relief))
        body = root.find("body")
        warnings = root.find("section", "warnings")

        assert "When to stop and seek help" == warnings.find("h2").text()
        assert list(relief.warning_signs) == [
            li.text() for li in warnings.find_all("li")
        ]
        assert body.child_tags().index("section") < body.child_tags().index(
            "main"
        )

    def test_markdown_tips_and_signs(self, relief: Routine) -> None:
        """Markdown shows tips as a list and signs as a block quote."""
        text = to_markdown(relief)

        assert "**Tips**\n\n- Let the foot of the straight leg" in text
        assert "## When to stop and seek help\n\n> - Stop the exercises" in (
            text
        )
        assert "> **Safety**\n>\n> - Check that the stretch" in text

    def test_json_round_trip(self, relief: Routine) -> None:
        """Form cues and warning signs survive the routine's JSON."""
        data = relief.to_dict()

        assert Routine.from_dict(data) == relief
        assert "warning_signs" in data
        assert "form_cues" in data["items"][0]["exercise"]

    def test_empty_lists_are_left_out_of_json(self) -> None:
        """Without them, the JSON has no form_cues or warning_signs key."""
        bend = Exercise(id="b", name="B", summary="S", steps=["One."])
        routine = Routine(id="r", name="R", items=[bend.prescribe("1x5")])
        data = routine.to_dict()

        assert "warning_signs" not in data
        assert "form_cues" not in data["items"][0]["exercise"]

    def test_fields_are_checked(self) -> None:
        """A blank form cue or warning sign is refused, naming its field."""
        with pytest.raises(InvalidValueError) as caught:
            Exercise(
                id="b", name="B", summary="S", steps=["1"], form_cues=[""]
            )
        assert "form_cues" == caught.value.field

        bend = Exercise(id="b", name="B", summary="S", steps=["One."])
        with pytest.raises(InvalidValueError) as caught:
            Routine(
                id="r",
                name="R",
                items=[bend.prescribe("1x5")],
                warning_signs=[" "],
            )
        assert "warning_signs" == caught.value.field


class TestHeader:
    """The header shows what the host gave, and nothing else."""

    def test_details_in_order(self, relief: Routine) -> None:
        """Each detail given is a labelled row, in a fixed order."""
        root = _root(to_html(relief, **DETAILS))
        details = root.find("dl", "details")

        assert [
            "Patient",
            "Clinician",
            "Clinic",
            "Contact",
            "Date",
        ] == [dt_.text() for dt_ in details.find_all("dt")]
        assert [
            "Ann Example",
            "Dr Lee",
            "Bondi Physio",
            "02 9999 0000",
            "Sunday 27 September 2026",
        ] == [dd.text() for dd in details.find_all("dd")]

    def test_nothing_is_invented(self, relief: Routine) -> None:
        """Without details there is no details list and no patient box."""
        page = to_html(relief)

        assert [] == _root(page).find_all("dl", "details")
        assert "Patient" not in page
        assert {
            "top-left": "Sciatica relief",
            "top-right": "",
            "bottom-left": "",
        } == _boxes(page)

    def test_running_header_and_footer(self, relief: Routine) -> None:
        """Every page repeats title, patient, clinic and its contact."""
        page = to_html(relief, **DETAILS)

        assert {
            "top-left": "Sciatica relief",
            "top-right": "Patient: Ann Example",
            "bottom-left": "Bondi Physio \u00b7 02 9999 0000",
        } == _boxes(page)
        assert (
            '@bottom-right { content: "Page " counter(page) " of " '
            "counter(pages);" in page
        )

    def test_a_date_as_text(self, relief: Routine) -> None:
        """A date given as text is printed as given."""
        root = _root(to_html(relief, date="next Monday"))

        assert ["next Monday"] == [
            dd.text() for dd in root.find("dl", "details").find_all("dd")
        ]

    def test_long_running_text_is_cut(self, relief: Routine) -> None:
        """A long title is cut to one line in the running header."""
        page = to_html(relief, title="x" * 150)

        assert "x" * 69 + "\u2026" == _boxes(page)["top-left"]

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("patient", ""),
            ("patient", "   "),
            ("clinician", 7),
            ("clinic", "x" * 201),
            ("contact", b"02"),
            ("date", dt.datetime(2026, 9, 27, tzinfo=dt.UTC)),
            ("date", 20260927),
        ],
    )
    def test_bad_details_are_refused(
        self, relief: Routine, name: str, value: object
    ) -> None:
        """A detail that is not 1 to 200 characters names its field."""
        with pytest.raises(InvalidValueError) as caught:
            to_html(relief, **{name: value})  # type: ignore[arg-type]

        assert name == caught.value.field
        assert f"The handout's {name} must be" in str(caught.value)

    @given(hostile_text(max_size=200))
    @example('"; } body { display: none } @page { content: "')
    @example("</style><script>alert(1)</script>")
    @example("a\\\nb")
    def test_hostile_details_stay_text(self, text: str) -> None:
        """Host text is escaped in the page and in the running header."""
        bend = Exercise(id="b", name="B", summary="S", steps=["One."])
        routine = Routine(id="r", name="R", items=[bend.prescribe("1x5")])
        page = to_html(routine, patient=text, clinic=text, contact=text)
        root = _root(page)
        shown = " ".join(handout.clean_lines(text))

        assert "<script" not in page.lower()
        assert "</" not in _style(page)
        assert "\n".join(handout.clean_lines(text)) == (
            root.find("dl", "details").find_all("dd")[0].text()
        )
        assert (
            handout._running(f"Patient: {shown}")
            == (_boxes(page)["top-right"])
        )
        assert ["style"] == [
            node.tag
            for node in root.find("head").iter()
            if node.tag == "style"
        ]

    @given(hostile_text(max_size=200))
    def test_hostile_details_in_markdown(self, text: str) -> None:
        """In Markdown a detail renders as its own text on one line."""
        bend = Exercise(id="b", name="B", summary="S", steps=["One."])
        routine = Routine(id="r", name="R", items=[bend.prescribe("1x5")])
        rendered = markdown_it.MarkdownIt("commonmark").render(
            to_markdown(routine, patient=text)
        )
        item = parse(rendered).root.find_all("ul")[0].find("li")
        expected = " ".join(
            line.strip() for line in handout.clean_lines(text)
        ).strip()

        assert f"Patient: {expected}" == item.text().strip()


class TestSchedule:
    """A plan puts its schedule and dosage changes on the page."""

    def test_schedule_lines(self, plan: Plan) -> None:
        """Dates, days, times with the zone, and the number of sessions."""
        root = _root(to_html(plan))
        section = root.find("section", "schedule")

        assert [
            (
                "From Monday 28 September 2026 to Sunday 8 November 2026 "
                "(6 weeks)."
            ),
            "Sessions every day, at 08:00 (Australia/Sydney time).",
            "42 sessions in all.",
        ] == [p.text() for p in section.find_all("p")]

    def test_zone_left_out_for_the_reader(self, relief: Routine) -> None:
        """The reader's own zone is not named; days and times are."""
        plan = Plan(
            routine=relief,
            start=START,
            weeks=1,
            days=["mon", "wed", "fri"],
            times=[dt.time(7, 30), dt.time(18, 0)],
            timezone="Europe/Berlin",
        )
        section = _root(to_html(plan, reader_timezone="Europe/Berlin")).find(
            "section", "schedule"
        )

        assert (
            "Sessions on Monday, Wednesday and Friday, at 07:30 and 18:00."
            == section.find_all("p")[1].text()
        )
        assert "6 sessions in all." == section.find_all("p")[2].text()

    def test_dosage_changes(self, plan: Plan) -> None:
        """One row per dosage in force, with every exercise's dosage."""
        table = _root(to_html(plan)).find("table", "changes")
        rows = [
            [cell.text() for cell in row.iter() if cell.tag in {"th", "td"}]
            for row in table.find_all("tr")
        ]

        assert [
            "From",
            "1. Seated hurdler stretch",
            "2. Hamstring stretch in stand",
            "3. Lower trunk rotation",
            "4. Gluteus medius stretch in supine",
        ] == rows[0]
        assert [
            "Week 1, session 1 (Mon 28 Sep)",
            "Week 3, session 15 (Mon 12 Oct)",
            "Week 5, session 29 (Mon 26 Oct)",
        ] == [row[0] for row in rows[1:]]
        assert [
            "1 Set / 1 Rep / 30 s hold",
            "1 Set / 1 Rep / 35 s hold",
            "1 Set / 1 Rep / 40 s hold",
        ] == [row[1] for row in rows[1:]]
        assert "1 Set / 10 Reps / 15 s hold" == rows[3][3]

    def test_no_changes_no_table(self, relief: Routine) -> None:
        """A plan at one dosage has a schedule but no changes table."""
        plan = Plan(routine=relief, start=START, weeks=2, timezone="UTC")
        root = _root(to_html(plan))

        assert [] == root.find_all("table", "changes")
        assert 1 == len(root.find_all("section", "schedule"))

    def test_markdown_schedule(self, plan: Plan) -> None:
        """The Markdown handout has the same schedule and table."""
        text = to_markdown(plan)

        assert "## Your schedule\n\nFrom Monday 28 September 2026" in text
        assert "### Dosage changes\n\n| From | 1. Seated hurdler" in text
        assert (
            "| Week 3, session 15 (Mon 12 Oct) | 1 Set / 1 Rep / 35 s hold |"
        ) in text

    def test_plan_side(self, relief: Routine) -> None:
        """A plan's affected side is named unless the caller gives one."""
        plan = Plan(
            routine=relief,
            start=START,
            weeks=1,
            timezone="UTC",
            affected_side="right",
        )

        assert "Affected side: right." in to_html(plan)
        assert "Affected side: left." in to_html(plan, affected_side="left")

    def test_not_a_plan(self) -> None:
        """Something that is neither a routine nor a plan is refused."""
        with pytest.raises(InvalidValueError) as caught:
            to_html("sciatica")  # type: ignore[arg-type]

        assert "routine" == caught.value.field


class TestLogSheet:
    """The log sheet has a page per week and a row per session."""

    def test_one_row_per_session(self, plan: Plan) -> None:
        """Every session of the plan is a row, in its week, in order."""
        root = _root(to_html(plan, log_sheet=True))
        weeks = root.find_all("section", "log-week")
        sessions = list(plan.sessions())

        assert 6 == len(weeks)
        rows = [
            row for week in weeks for row in week.find_all("tr", "session")
        ]
        assert [str(s.number) for s in sessions] == [
            row.find_all("td")[0].text() for row in rows
        ]
        assert "Mon 28 Sep 08:00" == rows[0].find_all("td")[1].text()
        for week in weeks:
            assert 7 == len(week.find_all("tr", "session"))

    def test_columns_match_the_session_log(self, plan: Plan) -> None:
        """A tick box per exercise, then the session log's 0-10 scores."""
        root = _root(to_html(plan, log_sheet=True))
        week = root.find_all("section", "log-week")[0]
        heads = [th.text() for th in week.find("thead").find_all("th")]
        row = week.find_all("tr", "session")[0]

        assert [
            "No.",
            "Planned",
            "1",
            "2",
            "3",
            "4",
            "Pain during (0-10)",
            "Pain next morning (0-10)",
            "Effort (0-10)",
            "Comment",
        ] == heads
        assert 4 == len(row.find_all("span", "box"))
        fields = attrs.fields_dict(SessionLog)
        for name, _ in paperwork.LOG_SCORES:
            assert name in fields
        assert "Log sheet: Week 1: Mon 28 Sep to Sun 4 Oct" == (
            week.find("h2").text()
        )

    def test_markdown_log(self, plan: Plan) -> None:
        """The Markdown log is a table per week, a row per session."""
        text = to_markdown(plan, log_sheet=True)
        rows = re.findall(r"^\| (\d+) \| ", text, flags=re.MULTILINE)

        assert [str(n) for n in range(1, 43)] == rows
        assert 6 == text.count("\n### Week ")
        assert "| 1 | Mon 28 Sep 08:00 | \\[ \\] | \\[ \\] | \\[ \\] |" in text

    def test_no_log_sheet_by_default(self, plan: Plan) -> None:
        """Without log_sheet, a plan's handout has no log."""
        assert [] == _root(to_html(plan)).find_all("section", "log-sheet")
        assert "Log sheet" not in to_markdown(plan)

    def test_needs_a_plan(self, relief: Routine) -> None:
        """A log sheet for a routine alone is refused."""
        with pytest.raises(InvalidValueError) as caught:
            to_markdown(relief, log_sheet=True)

        assert "log_sheet" == caught.value.field

    def test_bounded(
        self, plan: Plan, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A plan with more sessions than a log sheet prints is refused."""
        monkeypatch.setattr(paperwork, "MAX_LOG_SESSIONS", 41)

        with pytest.raises(InvalidValueError, match="at most 41 sessions"):
            to_html(plan, log_sheet=True)
        assert "42 sessions in all." in to_html(plan)

    def test_no_session(self, relief: Routine) -> None:
        """A plan with no session at all is a ScheduleError."""
        plan = Plan(
            routine=relief,
            start=dt.date(2026, 3, 8),
            end=dt.date(2026, 3, 8),
            times=[dt.time(2, 30)],
            timezone="America/New_York",
            gap_policy="skip",
        )

        with pytest.raises(ScheduleError, match="has no session"):
            to_html(plan)


class TestCommandLine:
    """exerciselib export writes the handout of a plan with its details."""

    def _run(self, *args: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        code = run(["export", RELIEF, *args], stdout=out, stderr=err)
        return code, err.getvalue()

    def test_done_when(self, tmp_path: pathlib.Path) -> None:
        """Details, six weeks of schedule and log sheet, no zone named."""
        target = tmp_path / "h.html"
        code, err = self._run(
            "--html",
            str(target),
            "--patient",
            "Ann Example",
            "--clinician",
            "Dr Lee",
            "--clinic",
            "Bondi Physio",
            "--contact",
            "02 9999 0000",
            "--date",
            "2026-09-27",
            "--side",
            "left",
            "--start",
            "2026-09-28",
            "--weeks",
            "6",
            "--log-sheet",
        )
        page = target.read_text("utf-8")
        root = _root(page)

        assert (0, "") == (code, err)
        assert 42 == len(root.find_all("tr", "session"))
        assert 6 == len(root.find_all("section", "log-week"))
        assert "Sessions every day, at 08:00." in page
        assert "Sunday 27 September 2026" in page
        assert "Affected side: left." in page
        assert "<script" not in page

    def test_markdown_with_zone(self, tmp_path: pathlib.Path) -> None:
        """With --tz the zone is named; --md takes the same options."""
        target = tmp_path / "h.md"
        code, _ = self._run(
            "--md",
            str(target),
            "--patient",
            "Ann",
            "--start",
            "2026-09-28",
            "--count",
            "3",
            "--tz",
            "Europe/Berlin",
            "--log-sheet",
        )
        text = target.read_text("utf-8")

        assert 0 == code
        assert "- **Patient:** Ann" in text
        assert "(Europe/Berlin time)" in text
        assert 3 == len(re.findall(r"^\| \d+ \| ", text, flags=re.MULTILINE))
