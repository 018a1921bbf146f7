"""Tests for session logs: the type, its JSON, and JSON Lines files."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib  # noqa: TC003 -- fixtures are typed at runtime

import pytest

from exerciselib import (
    Completion,
    ExportError,
    InvalidDataError,
    InvalidValueError,
    ItemLog,
    SessionLog,
    read_logs,
    write_logs,
)
from exerciselib._feedback import jsonl

DONE = dt.datetime(
    2026, 3, 2, 8, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))
)


def _log(**changes: object) -> SessionLog:
    fields: dict[str, object] = {
        "session": 1,
        "done_at": DONE,
        "status": "completed",
    }
    fields.update(changes)
    return SessionLog(**fields)  # type: ignore[arg-type]


FULL = _log(
    status="partial",
    items=[
        ItemLog(exercise="knee-bend", sets=2, reps=8, load_kg=2.5),
        ItemLog(exercise="calf-raise", status="skipped"),
        ItemLog(exercise="bridge", seconds=12.5, pain_during=4, effort=6),
    ],
    pain_during=3,
    pain_next_morning=2,
    effort=5,
    comment="Knee ached \u2014 stopped early.",
)


class TestSessionLog:
    """SessionLog holds one session's report and refuses bad values."""

    def test_fields(self) -> None:
        """A log keeps what it is given, with the status as an enum."""
        assert Completion.PARTIAL is FULL.status
        assert Completion.SKIPPED is FULL.items[1].status
        assert 2.5 == FULL.item("knee-bend").load_kg  # type: ignore[union-attr]
        assert FULL.item("lunge") is None

    def test_by_scheduled_start(self) -> None:
        """A log may name its session by scheduled start instead."""
        log = _log(session=None, scheduled=DONE)

        assert DONE == log.scheduled

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            # scores are 0-10
            ({"pain_during": 11}, "pain_during"),
            ({"pain_next_morning": -1}, "pain_next_morning"),
            ({"effort": 2.5}, "effort"),
            ({"effort": True}, "effort"),
            # the session is named exactly once
            ({"session": None}, "session"),
            ({"scheduled": DONE}, "session"),
            ({"session": 0}, "session"),
            # times are aware
            ({"done_at": dt.datetime(2026, 3, 2, 8)}, "done_at"),  # noqa: DTZ001 -- the fault tested
            ({"status": "done"}, "status"),
            ({"comment": "x" * 2001}, "comment"),
            ({"items": ["knee-bend"]}, "items"),
            (
                {
                    "items": [
                        ItemLog(exercise="knee-bend"),
                        ItemLog(exercise="knee-bend"),
                    ]
                },
                "items",
            ),
        ],
    )
    def test_refused(self, changes: dict[str, object], field: str) -> None:
        """A bad value raises InvalidValueError naming its field."""
        with pytest.raises(InvalidValueError) as caught:
            _log(**changes)

        assert field == caught.value.field

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"exercise": "Knee Bend"}, "exercise"),
            ({"exercise": "k" * 65}, "exercise"),
            ({"sets": -1}, "sets"),
            ({"reps": 1001}, "reps"),
            ({"seconds": float("nan")}, "seconds"),
            ({"load_kg": 1000.5}, "load_kg"),
            ({"status": "nearly"}, "status"),
        ],
    )
    def test_item_refused(
        self, changes: dict[str, object], field: str
    ) -> None:
        """A bad item value raises InvalidValueError naming its field."""
        fields: dict[str, object] = {"exercise": "knee-bend", **changes}
        with pytest.raises(InvalidValueError) as caught:
            ItemLog(**fields)  # type: ignore[arg-type]

        assert field == caught.value.field


class TestJson:
    """A log round-trips through JSON matching log.json."""

    def test_round_trip(self) -> None:
        """to_dict then from_dict gives the same log."""
        assert FULL == SessionLog.from_dict(FULL.to_dict())

    def test_minimal_form(self) -> None:
        """Only the fields given are written."""
        expected = {
            "session": 1,
            "done_at": "2026-03-02T08:10:00+01:00",
            "status": "completed",
        }

        assert expected == _log().to_dict()

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"session": 1, "status": "completed"}, "$"),
            (
                {"session": 1, "done_at": "2026-03-02T08:10", "status": "x"},
                "$.done_at",
            ),
            (
                {
                    "session": 1,
                    "done_at": "2026-02-30T08:10:00Z",
                    "status": "completed",
                },
                "$.done_at",
            ),
            (
                {
                    "session": 1,
                    "done_at": "2026-03-02T08:10:00Z",
                    "status": "completed",
                    "items": [{"exercise": "a", "pain_during": 12}],
                },
                "$.items[0].pain_during",
            ),
            (
                {
                    "session": 1,
                    "scheduled": "2026-03-02T08:00:00Z",
                    "done_at": "2026-03-02T08:10:00Z",
                    "status": "completed",
                },
                "$",
            ),
        ],
    )
    def test_refused(self, data: dict[str, object], path: str) -> None:
        """Bad data raises InvalidDataError with the JSON path at fault."""
        with pytest.raises(InvalidDataError) as caught:
            SessionLog.from_dict(data)

        assert path in {p.json_path for p in caught.value.problems}


class TestJsonLines:
    """Log files are JSON Lines, read strictly and with bounds."""

    def test_round_trip(self, tmp_path: pathlib.Path) -> None:
        """write_logs then read_logs gives the same logs, in order."""
        logs = (FULL, _log(session=2), _log(session=1, effort=3))
        path = write_logs(tmp_path / "logs.jsonl", logs)

        assert logs == read_logs(path)
        assert 3 == len(path.read_text(encoding="utf-8").splitlines())

    def test_write_refuses_existing(self, tmp_path: pathlib.Path) -> None:
        """An existing file is replaced only with force=True."""
        path = tmp_path / "logs.jsonl"
        path.write_text("old\n", encoding="utf-8")
        with pytest.raises(ExportError):
            write_logs(path, [FULL])

        assert "old\n" == path.read_text(encoding="utf-8")

        write_logs(path, [FULL], force=True)

        assert (FULL,) == read_logs(path)

    def test_blank_lines_skipped(self) -> None:
        """Blank lines, and a missing final newline, are accepted."""
        line = json.dumps(FULL.to_dict())

        assert (FULL, FULL) == jsonl.loads_logs(f"\n{line}\n\n{line}")

    def test_bad_lines_reported_with_line_and_path(self) -> None:
        """Every bad line is reported as file:line with its JSON path."""
        good = json.dumps(_log().to_dict())
        text = "\n".join(
            [
                good,
                '{"session": 1, "done_at": "2026-03-02T08:10:00Z"}',
                "not json",
                good.replace('"completed"', '"done"'),
                '{"session": 1, "session": 2}',
                '{"effort": NaN}',
            ]
        )
        with pytest.raises(InvalidDataError) as caught:
            jsonl.loads_logs(text, file="logs.jsonl")

        where = {(p.file, p.json_path) for p in caught.value.problems}

        assert {
            ("logs.jsonl:2", "$"),
            ("logs.jsonl:3", "$"),
            ("logs.jsonl:4", "$.status"),
            ("logs.jsonl:5", "$"),
            ("logs.jsonl:6", "$"),
        } == where
        assert "logs.jsonl:3:$: invalid JSON" in str(caught.value)

    def test_long_line_refused(self) -> None:
        """A line past MAX_LINE_BYTES is refused without parsing it."""
        text = "{}\n" + " " * (jsonl.MAX_LINE_BYTES + 1) + "\n"
        with pytest.raises(InvalidDataError, match="line 2 is longer"):
            jsonl.loads_logs(text)

    def test_too_many_lines_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file of more than MAX_LINES lines is refused."""
        monkeypatch.setattr(jsonl, "MAX_LINES", 3)
        line = json.dumps(_log().to_dict()) + "\n"

        assert 3 == len(jsonl.loads_logs(line * 3))
        with pytest.raises(InvalidDataError, match="more than 3 lines"):
            jsonl.loads_logs(line * 4)

    def test_problems_bounded(self) -> None:
        """Past MAX_PROBLEMS bad lines, reading stops and says so."""
        with pytest.raises(InvalidDataError) as caught:
            jsonl.loads_logs("x\n" * 500)

        assert 101 == len(caught.value.problems)
        assert "checking stops" in caught.value.problems[-1].message

    def test_byte_order_mark_refused(self) -> None:
        """A line starting with a byte-order mark is refused."""
        line = json.dumps(_log().to_dict()).encode()
        with pytest.raises(InvalidDataError, match="byte-order mark"):
            jsonl.loads_logs(b"\xef\xbb\xbf" + line)

    def test_missing_file(self, tmp_path: pathlib.Path) -> None:
        """A file that cannot be opened is an InvalidDataError."""
        with pytest.raises(InvalidDataError, match="cannot be opened"):
            read_logs(tmp_path / "none.jsonl")

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    def test_not_a_regular_file(self, tmp_path: pathlib.Path) -> None:
        """A FIFO or folder is refused without blocking on it."""
        fifo = tmp_path / "logs.jsonl"
        os.mkfifo(fifo)
        with pytest.raises(InvalidDataError, match="not a regular file"):
            read_logs(fifo)
