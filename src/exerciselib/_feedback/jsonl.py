"""
Session logs as JSON Lines: one log per line, read as hostile input.

A log file grows by one line per session, written by an app on the
patient's phone or a clinic's server: it is untrusted. Reading it is
bounded (the size of a line, the number of lines), strict (UTF-8 without
a byte-order mark, no ``NaN``, no key twice, no lone surrogates, limited
nesting: the rules for pack files) and reports every bad line, up to
:data:`~exerciselib._schema.MAX_PROBLEMS`, as ``file:line`` with the
JSON path inside the line.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
import stat
import typing

from exerciselib._feedback.logs import SessionLog
from exerciselib._packs.files import parse_json
from exerciselib._schema import MAX_PROBLEMS, invalid, too_many
from exerciselib.exceptions import InvalidDataError, Problem

if typing.TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "MAX_LINES",
    "MAX_LINE_BYTES",
    "dumps_logs",
    "loads_logs",
    "read_logs",
]

#: The longest line read, in bytes: a log at its limits (200 items, a
#: 2,000-character comment) takes about 60 KB.
MAX_LINE_BYTES = 128 * 1024
#: The most lines a file may hold: a plan's most sessions.
MAX_LINES = 100_000


def dumps_logs(logs: Iterable[SessionLog]) -> str:
    """Return ``logs`` as JSON Lines text, one compact log a line."""
    return "".join(
        json.dumps(log.to_dict(), ensure_ascii=False, separators=(",", ":"))
        + "\n"
        for log in logs
    )


def loads_logs(
    data: str | bytes, *, file: str = "<logs>"
) -> tuple[SessionLog, ...]:
    """Read JSON Lines text of logs (see :func:`read_logs`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return _parse(_bounded_lines(io.BytesIO(raw), file=file), file=file)


def read_logs(path: str | os.PathLike[str]) -> tuple[SessionLog, ...]:
    """
    Read a JSON Lines file of session logs, one log per line.

    Blank lines are skipped. Every line must be a log matching
    ``log.json``; a line longer than :data:`MAX_LINE_BYTES` or a file
    of more than :data:`MAX_LINES` lines is refused without being read
    further.

    Args:
        path: The file to read.

    Returns:
        The logs, in the order of the file.

    Raises:
        InvalidDataError: The file cannot be opened or is not a regular
            file, is too long, or has bad lines; each problem names
            ``file:line`` and the JSON path within the line.

    .. versionadded:: 0.1.0
    """
    target = pathlib.Path(path)
    file = str(target)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(target, flags)
    except OSError as error:
        msg = f"cannot be opened: {error.strerror or error}"
        raise _refuse(msg, file=file) from error
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            msg = "is not a regular file"
            raise _refuse(msg, file=file)
        return _parse(_bounded_lines(stream, file=file), file=file)


def _refuse(message: str, *, file: str) -> InvalidDataError:
    problem = Problem(json_path="$", message=message, file=file)
    return invalid([problem], what="log", file=file)


def _bounded_lines(stream: typing.BinaryIO, *, file: str) -> Iterable[bytes]:
    """Yield the lines of ``stream``, refusing one too long or too many."""
    for number in range(1, MAX_LINES + 2):
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if number > MAX_LINES:
            msg = f"the file has more than {MAX_LINES} lines; split it"
            raise _refuse(msg, file=file)
        if len(line) > MAX_LINE_BYTES:
            msg = (
                f"line {number} is longer than {MAX_LINE_BYTES} bytes; one "
                "log per line, each far shorter"
            )
            raise _refuse(msg, file=f"{file}:{number}")
        yield line


def _parse(lines: Iterable[bytes], *, file: str) -> tuple[SessionLog, ...]:
    logs: list[SessionLog] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            msg = f"the data has more than {MAX_LINES} lines; split it"
            raise _refuse(msg, file=file)
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            logs.append(
                SessionLog.from_dict(parse_json(line, file=where), file=where)
            )
        except InvalidDataError as error:
            problems.extend(error.problems)
        if len(problems) >= MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS], too_many(file)]
            break
    if problems:
        raise invalid(problems, what="log", file=file)
    return tuple(logs)
