"""Tests for the command line: exerciselib.cli.run and python -m."""

from __future__ import annotations

import datetime as dt
import doctest
import hashlib
import io
import json
import pathlib
import shutil
import subprocess
import sys
import typing

import icalendar
import pytest

from exerciselib import (
    Plan,
    Routine,
    cli,
    load_catalog,
    session_timeline,
    to_html,
    to_ics,
    to_markdown,
)
from exerciselib.cli import _text as cli_text

#: The repository root: the tests run from a checkout.
REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
RELIEF = "sciatica:sciatica-relief"
HURDLER = "sciatica:seated-hurdler-stretch"
PLAN = ["--start", "2026-12-07", "--weeks", "1", "--at", "08:00"]
SYDNEY = ["--tz", "Australia/Sydney"]


class Result(typing.NamedTuple):
    """What a run returned and printed."""

    code: int
    out: str
    err: str


def _run(*args: str) -> Result:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=stdout, stderr=stderr)
    return Result(code, stdout.getvalue(), stderr.getvalue())


def _routine() -> Routine:
    return load_catalog().routine(RELIEF)


@pytest.fixture
def pack_copy(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the sciatica pack folder, to break or to hash."""
    root = load_catalog().pack("sciatica").root
    copy = tmp_path / "sciatica"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture
def broken_pack(pack_copy: pathlib.Path) -> pathlib.Path:
    """The sciatica pack with a negative rep count in its routine."""
    path = pack_copy / "routines" / "sciatica-relief.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][1]["dosage"]["reps"] = -3
    path.write_text(json.dumps(data), encoding="utf-8")
    return pack_copy


def _tree_hash(root: pathlib.Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class TestUsage:
    """Help, version and bad usage."""

    def test_help(self) -> None:
        """--help prints the usage with every command and exits 0."""
        result = _run("--help")

        assert 0 == result.code
        for command in ("packs", "show", "search", "validate", "timeline"):
            assert command in result.out
        assert "" == result.err

    def test_command_help(self) -> None:
        """A command's --help documents its options."""
        result = _run("plan", "--help")

        assert 0 == result.code
        assert "--progress" in result.out
        assert "every=1w,reps=+1,max-reps=20" in result.out

    def test_version(self) -> None:
        """--version prints the version and exits 0."""
        result = _run("--version")

        assert 0 == result.code
        assert result.out.startswith("exerciselib ")

    @pytest.mark.parametrize(
        "args",
        [
            # no command
            [],
            # unknown command and option
            ["frobnicate"],
            ["packs", "--bogus"],
            # bad values
            ["plan", RELIEF, "--start", "2026-13-01", "--weeks", "1", *SYDNEY],
            ["plan", RELIEF, "--start", "2026-12-07", "--weeks", "0", *SYDNEY],
            ["plan", RELIEF, *PLAN[:2], "--weeks", "1", "--at", "8h", *SYDNEY],
            ["timeline", RELIEF, "--side", "middle"],
            # a missing or doubled bound
            ["plan", RELIEF, "--start", "2026-12-07", *SYDNEY],
            ["plan", RELIEF, *PLAN, "--count", "3", *SYDNEY],
            # export needs one target
            ["export", RELIEF],
            ["export", RELIEF, "--md", "a.md", "--html", "a.html"],
        ],
        ids=[
            "no-command",
            "unknown-command",
            "unknown-option",
            "bad-date",
            "zero-weeks",
            "bad-time",
            "bad-side",
            "no-bound",
            "two-bounds",
            "no-target",
            "two-targets",
        ],
    )
    def test_bad_usage_exits_2_with_one_line(self, args: list[str]) -> None:
        """Bad usage exits 2 with one error line and no traceback."""
        result = _run(*args)

        assert 2 == result.code
        assert 1 == len(result.err.splitlines())
        assert "error:" in result.err
        assert "Traceback" not in result.err
        assert "" == result.out

    def test_python_m(self) -> None:
        """Running python -m exerciselib --help shows the usage."""
        result = subprocess.run(
            [sys.executable, "-m", "exerciselib", "--help"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

        assert 0 == result.returncode
        assert result.stdout.startswith("usage: exerciselib")

    def test_closed_pipe_ends_quietly(self) -> None:
        """When the reader stops (| head), the command ends without noise."""
        process = subprocess.Popen(  # noqa: S603 -- our own interpreter
            [
                sys.executable,
                "-m",
                "exerciselib",
                "plan",
                RELIEF,
                "--start",
                "2026-12-07",
                "--count",
                "20000",
                *SYDNEY,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
        process.stderr.close()

        assert 141 == process.wait(timeout=120)
        assert first.startswith(b"Sciatica relief: from 2026-12-07")
        assert b"" == errors


class TestPacks:
    """exerciselib packs lists packs and failures."""

    def test_lists_installed_packs(self) -> None:
        """The sciatica pack is listed with its counts and source."""
        result = _run("packs")

        assert 0 == result.code
        assert (
            "sciatica 1.3.0: Sciatica relief stretches (4 exercises, "
            "1 routine; from exerciselib-sciatica)"
        ) in result.out.splitlines()

    def test_json(self) -> None:
        """--format json gives the packs and load failures for tools."""
        data = json.loads(_run("packs", "--format", "json").out)

        assert "sciatica" in [pack["id"] for pack in data["packs"]]
        assert [] == data["failures"]
        assert [] == data["errors"]

    def test_failed_pack_is_listed_and_exits_1(
        self, broken_pack: pathlib.Path
    ) -> None:
        """A pack that fails to load is listed with its reason; exit 1."""
        result = _run("packs", "--pack", str(broken_pack))
        failed = [line for line in result.out.splitlines() if "FAILED" in line]

        assert 1 == result.code
        assert 1 == len(failed)
        assert "sciatica" in failed[0]

    def test_failed_pack_in_json(self, broken_pack: pathlib.Path) -> None:
        """In JSON the failure names the file and JSON path."""
        data = json.loads(
            _run("packs", "--pack", str(broken_pack), "--format", "json").out
        )
        (failure,) = data["failures"]

        assert "routines/sciatica-relief.json" == failure["file"]
        assert "$.items[1].dosage.reps" == failure["json_path"]

    def test_failures_also_under_errors(
        self, broken_pack: pathlib.Path
    ) -> None:
        """The deprecated key "errors" holds the same list as "failures"."""
        data = json.loads(
            _run("packs", "--pack", str(broken_pack), "--format", "json").out
        )

        assert 1 == len(data["errors"])
        assert data["failures"] == data["errors"]


class TestShow:
    """exerciselib show prints a handout."""

    def test_routine(self) -> None:
        """A routine shows its name, dosage lines, steps and cues."""
        result = _run("show", RELIEF)
        lines = result.out.splitlines()

        assert 0 == result.code
        assert "Sciatica relief" == lines[0]
        assert "1. Seated hurdler stretch: 1 Set / 1 Rep / 30 s hold" in lines
        assert "Session length: about 4 min 20 s." in lines
        assert "   Steps:" in lines
        assert "   Safety:" in lines
        assert "Advice and safety:" in lines

    def test_exercise(self) -> None:
        """An exercise shows its steps and safety cues."""
        result = _run("show", HURDLER)

        assert 0 == result.code
        assert "Seated hurdler stretch" == result.out.splitlines()[0]
        assert "     1. Sit on a mat" in result.out

    def test_json_round_trips(self) -> None:
        """--format json gives the routine's data, which reads back."""
        data = json.loads(_run("show", RELIEF, "--format", "json").out)

        assert "routine" == data["kind"]
        assert _routine() == Routine.from_dict(data["routine"])

    def test_unknown_id_suggests_close_matches(self) -> None:
        """A misspelt id exits 2 with one line naming the right one."""
        result = _run("show", "sciatica:sciatica-releif")
        expected = (
            "exerciselib: error: No routine or exercise "
            "'sciatica:sciatica-releif' is installed. "
            "Did you mean 'sciatica:sciatica-relief'?"
        )

        assert 2 == result.code
        assert "" == result.out
        assert [expected] == result.err.splitlines()

    @pytest.mark.parametrize(
        ("lang", "needed"),
        [
            ([], []),
            (["--lang", "de"], ["babel", "exerciselib._packs.localized"]),
        ],
    )
    def test_imports_only_what_it_needs(
        self, lang: list[str], needed: list[str]
    ) -> None:
        """Show loads no export or TOML reader; Babel only for a language."""
        watched = [
            "babel",
            "exerciselib._packs.localized",
            "exerciselib._export.handout",
            "exerciselib._export.paperwork",
            "exerciselib._schedule.plan",
            "tomllib",
            "packaging",
        ]
        code = (
            "import json, sys\n"
            "from exerciselib import cli\n"
            "try:\n"
            f"    cli.main([*{lang!r}, 'show', {RELIEF!r}])\n"
            "except SystemExit as exit_:\n"
            "    assert exit_.code == 0, exit_.code\n"
            f"print(json.dumps([m for m in {watched!r} if m in sys.modules]),"
            " file=sys.stderr)\n"
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter and code
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )

        assert needed == json.loads(result.stderr.splitlines()[-1])


class TestSearch:
    """exerciselib search finds exercises."""

    def test_text(self) -> None:
        """Words match names and steps across packs."""
        result = _run("search", "hurdler")

        assert 0 == result.code
        assert [HURDLER] == [
            line.split()[0] for line in result.out.splitlines()
        ]

    def test_region(self) -> None:
        """--region keeps the exercises for that body region."""
        ids = [
            line.split()[0]
            for line in _run("search", "--region", "hip").out.splitlines()
        ]
        expected = [
            qualified
            for qualified, _ in load_catalog().search(None, region="hip")
        ]

        assert expected == ids

    def test_no_match(self) -> None:
        """Nothing found is not an error: exit 0 and a note on stderr."""
        result = _run("search", "zzzz-nothing")

        assert (0, "", "No exercise matches.\n") == result

    def test_json(self) -> None:
        """--format json gives ids, names and tags."""
        data = json.loads(
            _run("search", "--tag", "stretch", "--format", "json").out
        )

        assert len(load_catalog().search(None, tag="stretch")) == len(data)
        assert {"id", "name", "summary", "tags", "body_regions"} == set(
            data[0]
        )


class TestValidate:
    """exerciselib validate checks pack folders."""

    def test_valid_pack(self, pack_copy: pathlib.Path) -> None:
        """A valid pack exits 0 with an ok line."""
        result = _run("validate", str(pack_copy))

        assert 0 == result.code
        assert (
            f"{pack_copy}: ok: pack 'sciatica', 4 exercises, 1 routine\n"
        ) == result.out

    def test_broken_pack(self, broken_pack: pathlib.Path) -> None:
        """Each problem is one file:json.path: message line; exit 1."""
        result = _run("validate", str(broken_pack))
        file = broken_pack / "routines" / "sciatica-relief.json"

        assert 1 == result.code
        assert [
            f"{file}:$.items[1].dosage.reps: -3 is less than the minimum of 1"
        ] == result.out.splitlines()

    def test_several_paths_and_json(
        self, pack_copy: pathlib.Path, broken_pack: pathlib.Path
    ) -> None:
        """Several folders give one result each; JSON for tools."""
        missing = pack_copy.parent / "missing"
        result = _run(
            "validate", str(broken_pack), str(missing), "--format", "json"
        )
        data = json.loads(result.out)

        assert 1 == result.code
        assert [False, False] == [entry["ok"] for entry in data]
        assert "$.items[1].dosage.reps" == data[0]["problems"][0]["json_path"]
        assert str(missing) in data[1]["problems"][0]["file"]

    def test_never_writes_into_the_pack(
        self, broken_pack: pathlib.Path
    ) -> None:
        """Validation leaves every file of the pack as it was."""
        before = _tree_hash(broken_pack)

        _run("validate", str(broken_pack))

        assert before == _tree_hash(broken_pack)

    def test_progress_only_on_a_terminal(
        self, pack_copy: pathlib.Path
    ) -> None:
        """Progress goes to stderr on a terminal, not into a pipe."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        cli.run(["validate", str(pack_copy)], io.StringIO(), terminal)
        piped = _run("validate", str(pack_copy))

        assert "validating 1/1" in terminal.getvalue()
        assert "" == piped.err

    def test_distribution_project(self) -> None:
        """A pack's project folder is followed to its pack: exit 0."""
        project = REPOSITORY / "packs" / "sciatica"
        folder = project / "src" / "exerciselib_sciatica"

        result = _run("validate", str(project))

        assert 0 == result.code
        assert (
            f"{folder}: ok: pack 'sciatica', 4 exercises, 1 routine\n"
        ) == result.out

    def test_broken_project(self, tmp_path: pathlib.Path) -> None:
        """A broken pack in a project names its file and JSON path."""
        project = tmp_path / "project"
        shutil.copytree(
            REPOSITORY / "packs" / "sciatica",
            project,
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
        )
        folder = project / "src" / "exerciselib_sciatica"
        manifest = folder / "pack.json"
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["version"] = 3
        manifest.write_text(json.dumps(data), encoding="utf-8")

        result = _run("validate", str(project))

        assert 1 == result.code
        assert result.out.startswith(f"{manifest}:$.version: ")

    @pytest.mark.parametrize(
        ("pyproject", "json_path", "message"),
        [
            ("[project\n", "$", "cannot be read as TOML"),
            (
                "[project]\nname = 'x'\n",
                "$.project.entry-points.exerciselib.packs",
                "no [project.entry-points.'exerciselib.packs'] table",
            ),
            (
                "[project.entry-points.'exerciselib.packs']\nx = 'nowhere'\n",
                "$.project.entry-points.exerciselib.packs.x",
                "the package 'nowhere' has no folder",
            ),
        ],
        ids=["bad-toml", "no-entry-points", "missing-package"],
    )
    def test_project_problems(
        self,
        tmp_path: pathlib.Path,
        pyproject: str,
        json_path: str,
        message: str,
    ) -> None:
        """A project that registers no readable pack is one clear line."""
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")

        result = _run("validate", str(tmp_path))
        (line,) = result.out.splitlines()

        assert 1 == result.code
        assert line.startswith(f"{tmp_path / 'pyproject.toml'}:{json_path}: ")
        assert message in line


class TestTimeline:
    """exerciselib timeline prints the timed steps."""

    def test_text(self) -> None:
        """One line per step with offsets, then the total."""
        result = _run("timeline", RELIEF, "--side", "left")
        lines = result.out.splitlines()
        timeline = session_timeline(_routine(), affected_side="left")

        assert 0 == result.code
        assert len(timeline) + 1 == len(lines)
        assert (
            " 0:10.0    30.0 s  hold               Seated hurdler stretch "
            "(set 1, rep 1, left)"
        ) == lines[1]
        assert "Total: 4 min 20 s (260 s)" == lines[-1]

    def test_json(self) -> None:
        """--format json is the timeline's own data."""
        data = json.loads(_run("timeline", RELIEF, "--format", "json").out)

        assert session_timeline(_routine()).to_dict() == data

    def test_unknown_routine(self) -> None:
        """An exercise id is not a routine: exit 2 with a suggestion."""
        result = _run("timeline", "sciatica:sciatica")

        assert 2 == result.code
        assert "sciatica:sciatica-relief" in result.err


class TestPlan:
    """exerciselib plan prints dated sessions."""

    def test_readme_plan(self) -> None:
        """A week at 08:00 in Sydney: seven sessions in AEDT."""
        result = _run("plan", RELIEF, *PLAN, *SYDNEY)
        sessions = [line for line in result.out.splitlines() if "#" in line]

        assert 0 == result.code
        assert 7 == len(sessions)
        assert (
            "  #1    Mon 2026-12-07 08:00 AEDT (UTC+11:00)  week 1  4 min 20 s"
        ) == sessions[0]
        assert "7 sessions." == result.out.splitlines()[-1]

    def test_json_matches_the_plan(self) -> None:
        """--format json lists the sessions the plan gives."""
        data = json.loads(
            _run(
                "plan",
                RELIEF,
                "--start",
                "2026-09-28",
                "--weeks",
                "6",
                "--days",
                "mon,wed,fri",
                "--at",
                "08:00,18:00",
                *SYDNEY,
                "--format",
                "json",
            ).out
        )
        plan = Plan(
            routine=_routine(),
            start=dt.date(2026, 9, 28),
            weeks=6,
            days=["mon", "wed", "fri"],
            times=[dt.time(8), dt.time(18)],
            timezone="Australia/Sydney",
        )

        assert [s.start.isoformat() for s in plan.sessions()] == [
            s["start"] for s in data["sessions"]
        ]
        assert plan.to_dict() == data["plan"]

    def test_progression_shows_dosages_when_they_change(self) -> None:
        """With --progress the dosages are shown again when they grow."""
        result = _run(
            "plan",
            RELIEF,
            "--start",
            "2026-12-07",
            "--count",
            "3",
            "--progress",
            "every=1s,reps=+2,max-reps=12",
            *SYDNEY,
        )

        assert 0 == result.code
        assert 2 == result.out.count("From here on:")
        assert "   Lower trunk rotation: 1 Set / 12 Reps / 5 s hold" in (
            result.out
        )

    def test_until(self) -> None:
        """--until bounds the plan by its last date, inclusive."""
        result = _run(
            "plan",
            RELIEF,
            "--start",
            "2026-12-07",
            "--until",
            "2026-12-09",
            *SYDNEY,
        )

        assert "3 sessions." == result.out.splitlines()[-1]

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--tz", "Mars/Base"], "not a known IANA time zone"),
            (["--progress", "every=2x"], "every=2x is not like 2w or 3s"),
            (["--progress", "reps=+1"], "say how often to step up"),
            (["--progress", "reps=1,every=1w"], "write increments as +N"),
            (["--progress", "every=1w,jumps=+1"], "unknown key 'jumps'"),
            (["--progress", "every=1w,reps"], "is not key=value"),
            (["--progress", "every=1w,sets=+1.5"], "is not a whole number"),
            (["--progress", "every=1w,reps=+1s"], "is not a number"),
            (["--days", "mon,funday"], "days must be weekdays"),
        ],
        ids=[
            "zone",
            "every",
            "no-every",
            "no-plus",
            "unknown-key",
            "no-value",
            "fraction",
            "unit",
            "days",
        ],
    )
    def test_bad_plan_exits_2(self, extra: list[str], message: str) -> None:
        """A plan that cannot work exits 2 with one line saying why."""
        args = ["plan", RELIEF, "--start", "2026-12-07", "--count", "3"]
        if "--tz" not in extra:
            args += SYDNEY
        result = _run(*args, *extra)

        assert 2 == result.code
        assert 1 == len(result.err.splitlines())
        assert message in result.err

    def test_progress_with_hold(self) -> None:
        """hold=+Ns and max-hold grow holds in seconds."""
        result = _run(
            "plan",
            RELIEF,
            "--start",
            "2026-12-07",
            "--count",
            "2",
            "--progress",
            "every=1s,hold=+5s,max-hold=40",
            *SYDNEY,
        )

        assert 0 == result.code
        assert "Seated hurdler stretch: 1 Set / 1 Rep / 35 s hold" in (
            result.out
        )


class TestExport:
    """exerciselib export writes files atomically."""

    def test_html(self, tmp_path: pathlib.Path) -> None:
        """--html writes the handout with the pack's media."""
        target = tmp_path / "handout.html"
        routine = _routine()
        root = load_catalog().pack("sciatica").root

        result = _run("export", RELIEF, "--html", str(target))

        assert (0, f"Wrote {target}\n", "") == result
        assert to_html(
            routine, media_root=root, text_languages={"": "en-AU"}
        ) == target.read_text("utf-8")

    def test_markdown(self, tmp_path: pathlib.Path) -> None:
        """--md writes the Markdown handout."""
        target = tmp_path / "handout.md"

        _run("export", RELIEF, "--md", str(target))

        assert to_markdown(_routine()) == target.read_text("utf-8")

    def test_existing_file_needs_force(self, tmp_path: pathlib.Path) -> None:
        """An existing file is kept (exit 1) unless --force is given."""
        target = tmp_path / "handout.md"
        target.write_text("old")

        refused = _run("export", RELIEF, "--md", str(target))
        kept = target.read_text()
        forced = _run("export", RELIEF, "--md", str(target), "--force")

        assert 1 == refused.code
        assert "--force" in refused.err
        assert "old" == kept
        assert 0 == forced.code
        assert to_markdown(_routine()) == target.read_text("utf-8")

    def test_ics_equals_the_library_export(
        self, tmp_path: pathlib.Path
    ) -> None:
        """--ics with --dtstamp writes exactly to_ics of the plan."""
        target = tmp_path / "plan.ics"
        plan = Plan(
            routine=_routine(),
            start=dt.date(2026, 9, 28),
            weeks=6,
            times=[dt.time(8)],
            timezone="Australia/Sydney",
        )
        stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

        result = _run(
            "export",
            RELIEF,
            "--ics",
            str(target),
            "--start",
            "2026-09-28",
            "--weeks",
            "6",
            "--at",
            "08:00",
            *SYDNEY,
            "--alarm",
            "10",
            "--dtstamp",
            "2026-01-01T00:00:00+00:00",
        )

        assert 0 == result.code
        assert to_ics(plan, dtstamp=stamp, alarm_minutes=10) == (
            target.read_bytes()
        )
        assert 1 == len(
            icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        )

    def test_ics_needs_a_plan(self, tmp_path: pathlib.Path) -> None:
        """--ics without plan options is bad usage, and writes nothing."""
        result = _run("export", RELIEF, "--ics", str(tmp_path / "x.ics"))

        assert 2 == result.code
        assert "--start" in result.err
        assert [] == list(tmp_path.iterdir())

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--html", "x.html", "--tz", "Australia/Sydney"],
                "a handout's schedule needs --start",
            ),
            (["--md", "x.md", "--weeks", "2"], "schedule needs --start"),
            (["--md", "x.md", "--log-sheet"], "schedule needs --start"),
            (["--ics", "x.ics", *SYDNEY, "--patient", "A"], "--patient"),
            (["--html", "x.html", "--alarm", "5"], "--alarm and --dtstamp"),
            (["--json", "x.json", "--alarm", "5"], "--alarm and --dtstamp"),
            (["--json", "x.json", "--weeks", "2"], "a plan needs --start"),
            (["--ics", "x.ics", "--start", "2026-12-07"], "a plan needs"),
        ],
        ids=[
            "html-tz",
            "md-weeks",
            "md-log-sheet",
            "ics-patient",
            "html-alarm",
            "json-alarm",
            "json-partial",
            "ics-partial",
        ],
    )
    def test_options_that_do_not_apply(
        self,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
        args: list[str],
        message: str,
    ) -> None:
        """Options that would be ignored, or half a plan, exit 2."""
        monkeypatch.chdir(tmp_path)

        result = _run("export", RELIEF, *args)

        assert 2 == result.code
        assert message in result.err
        assert [] == list(tmp_path.iterdir())

    def test_json_routine_and_plan(self, tmp_path: pathlib.Path) -> None:
        """--json writes the routine, or the plan when one is given."""
        routine_file = tmp_path / "routine.json"
        plan_file = tmp_path / "plan.json"

        _run("export", RELIEF, "--json", str(routine_file))
        _run("export", RELIEF, "--json", str(plan_file), *PLAN, *SYDNEY)
        routine_data = json.loads(routine_file.read_text("utf-8"))
        plan_data = json.loads(plan_file.read_text("utf-8"))

        assert _routine() == Routine.from_dict(routine_data["routine"])
        assert 7 == len(plan_data["sessions"])

    def test_missing_folder_exits_1(self, tmp_path: pathlib.Path) -> None:
        """A target in a missing folder is a problem: exit 1, one line."""
        result = _run("export", RELIEF, "--md", str(tmp_path / "no" / "x.md"))

        assert 1 == result.code
        assert 1 == len(result.err.splitlines())

    def test_missing_ics_extra(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without icalendar the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "icalendar", None)

        result = _run(
            "export", RELIEF, "--ics", str(tmp_path / "x.ics"), *PLAN, *SYDNEY
        )

        assert 1 == result.code
        assert "pip install 'exerciselib[ics]'" in result.err


class TestFailures:
    """Unexpected failures never show a traceback unless --debug."""

    def test_internal_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bug is one line pointing to --debug; exit 1."""

        def broken(*_: object, **__: object) -> typing.NoReturn:
            msg = "boom"
            raise RuntimeError(msg)

        monkeypatch.setattr(cli_text, "packs_lines", broken)

        result = _run("packs")
        expected = (
            "exerciselib: internal error: RuntimeError: boom "
            "(run again with --debug for details)"
        )

        assert 1 == result.code
        assert [expected] == result.err.splitlines()

    def test_debug_shows_the_traceback(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With --debug the exception propagates."""

        def broken(*_: object, **__: object) -> typing.NoReturn:
            msg = "boom"
            raise RuntimeError(msg)

        monkeypatch.setattr(cli_text, "packs_lines", broken)

        with pytest.raises(RuntimeError, match="boom"):
            _run("--debug", "packs")

    def test_debug_after_the_command(self) -> None:
        """--debug also works after the command, for library errors."""
        with pytest.raises(LookupError):
            _run("show", "sciatica:nope", "--debug")

    def test_interrupt(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl+C exits 130 with one line."""

        def interrupted(*_: object, **__: object) -> typing.NoReturn:
            raise KeyboardInterrupt

        monkeypatch.setattr(cli_text, "packs_lines", interrupted)

        assert (130, "", "exerciselib: interrupted\n") == _run("packs")


class TestMain:
    """main exits with run's code."""

    def test_exit_code(self, capsys: pytest.CaptureFixture[str]) -> None:
        """main(argv) raises SystemExit with the exit code."""
        with pytest.raises(SystemExit) as info:
            cli.main(["show", "sciatica:nope"])

        assert 2 == info.value.code
        assert "sciatica:nope" in capsys.readouterr().err


class TestDocstringExamples:
    """The examples in the module's docstrings are right."""

    def test_doctests(self) -> None:
        """Each docstring example of cli_text gives its output."""
        result = doctest.testmod(cli_text, optionflags=doctest.ELLIPSIS)

        assert result.attempted > 0
        assert 0 == result.failed
