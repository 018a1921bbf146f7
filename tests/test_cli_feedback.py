"""Tests for ``exerciselib review`` and ``exerciselib adapt``."""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib  # noqa: TC003 -- fixtures are typed at runtime
import typing

import pytest

from exerciselib import (
    Exercise,
    FeedbackRules,
    Plan,
    RevisedPlan,
    Routine,
    SessionLog,
    cli,
    write_logs,
)

ROUTINE = Routine(
    id="knee",
    name="Knee",
    items=[
        Exercise(
            id="knee-bend", name="Knee bend", summary="Bend.", steps=["Go."]
        ).prescribe("2 x 10")
    ],
)
PLAN = Plan(
    routine=ROUTINE, start=dt.date(2026, 3, 2), weeks=2, timezone="UTC"
)


class Result(typing.NamedTuple):
    """What a command returned and wrote."""

    code: int
    out: str
    err: str


def _run(*args: str) -> Result:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout, stderr)
    return Result(code, stdout.getvalue(), stderr.getvalue())


def _log(number: int, morning: int = 1) -> SessionLog:
    start = PLAN.take(number)[-1].start
    return SessionLog(
        session=number,
        done_at=start + dt.timedelta(minutes=30),
        status="completed",
        pain_during=2,
        pain_next_morning=morning,
    )


@pytest.fixture
def files(tmp_path: pathlib.Path) -> tuple[str, str]:
    """A plan file and a log file of three green sessions."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN.to_dict()), encoding="utf-8")
    logs = write_logs(tmp_path / "logs.jsonl", [_log(n) for n in (1, 2, 3)])
    return str(plan), str(logs)


class TestReview:
    """exerciselib review prints adherence and the decisions."""

    def test_text(self, files: tuple[str, str]) -> None:
        """The text shows the figures and each decision with its reason."""
        result = _run("review", *files, "--as-of", "2026-03-04")

        assert 0 == result.code
        assert "due 3, done 3 (100.0%)" in result.out
        assert "  week 1: 3/3 done (100.0%), 0 partial, 0 missed" in result.out
        assert "Decisions, from session 4:" in result.out
        assert (
            "  knee-bend: progress, 2 Sets / 10 Reps -> 2 Sets / 11 Reps"
            in result.out
        )
        assert "after sessions 2 and 3: progress one step" in result.out

    def test_json(self, files: tuple[str, str]) -> None:
        """--format json gives the report and the revision."""
        result = _run(
            "review",
            *files,
            "--as-of",
            "2026-03-04T20:00Z",
            "--format",
            "json",
        )
        data = json.loads(result.out)

        assert 3 == data["adherence"]["done"]
        assert "progress" == data["revision"]["decisions"][0]["action"]

    def test_rules_file(
        self, files: tuple[str, str], tmp_path: pathlib.Path
    ) -> None:
        """--rules reads FeedbackRules from JSON."""
        rules = tmp_path / "rules.json"
        rules.write_text(
            json.dumps(FeedbackRules(consecutive=4).to_dict()),
            encoding="utf-8",
        )
        result = _run(
            "review", *files, "--as-of", "2026-03-04", "--rules", str(rules)
        )

        assert "knee-bend: hold" in result.out

    def test_bad_as_of(self, files: tuple[str, str]) -> None:
        """A bad --as-of is a usage error."""
        result = _run("review", *files, "--as-of", "soon")

        assert 2 == result.code
        assert "--as-of 'soon'" in result.err

    def test_future_log(self, files: tuple[str, str]) -> None:
        """A log after --as-of is reported in one line, exit code 1."""
        result = _run("review", *files, "--as-of", "2026-03-02")

        assert 1 == result.code
        assert "cannot come from the future" in result.err
        assert "Traceback" not in result.err

    def test_bad_log_line(
        self, files: tuple[str, str], tmp_path: pathlib.Path
    ) -> None:
        """A bad log line is reported with its file, line and path."""
        logs = tmp_path / "bad.jsonl"
        logs.write_text('{"session": 1}\n', encoding="utf-8")
        result = _run("review", files[0], str(logs), "--as-of", "2026-03-04")

        assert 1 == result.code
        assert f"{logs}:1:$: 'done_at' is a required property" in result.err


class TestAdapt:
    """exerciselib adapt writes the revised plan atomically."""

    def test_writes_revised_plan(
        self, files: tuple[str, str], tmp_path: pathlib.Path
    ) -> None:
        """The file holds the plan and its new revision, and reads back."""
        out = tmp_path / "revised.json"
        result = _run(
            "adapt", *files, "--as-of", "2026-03-04", "--out", str(out)
        )

        assert 0 == result.code
        revised = RevisedPlan.from_dict(
            json.loads(out.read_text(encoding="utf-8"))
        )
        assert 4 == revised.revisions[-1].effective_from

        again = _run(
            "adapt", str(out), files[1], "--as-of", "2026-03-04", "--out",
            str(out),
        )  # fmt: skip

        assert 1 == again.code
        assert "already exists" in again.err

        forced = _run(
            "adapt", str(out), files[1], "--as-of", "2026-03-04", "--out",
            str(out), "--force",
        )  # fmt: skip

        assert 0 == forced.code
        assert revised == RevisedPlan.from_dict(
            json.loads(out.read_text(encoding="utf-8"))
        )

    def test_reads_plan_export(
        self, files: tuple[str, str], tmp_path: pathlib.Path
    ) -> None:
        """The document export --json writes for a plan is accepted."""
        export = tmp_path / "export.json"
        export.write_text(
            json.dumps({"plan": PLAN.to_dict(), "sessions": []}),
            encoding="utf-8",
        )
        out = tmp_path / "revised.json"
        result = _run(
            "adapt", str(export), files[1], "--as-of", "2026-03-04",
            "--out", str(out),
        )  # fmt: skip

        assert 0 == result.code
        assert out.exists()
