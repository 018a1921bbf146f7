"""Writing session logs as a JSON Lines file, atomically."""

from __future__ import annotations

import typing

from exerciselib._export.atomic import write_atomic
from exerciselib._feedback.jsonl import dumps_logs

if typing.TYPE_CHECKING:
    import os
    import pathlib
    from collections.abc import Iterable

    from exerciselib._feedback.logs import SessionLog

__all__ = ["write_logs"]


def write_logs(
    path: str | os.PathLike[str],
    logs: Iterable[SessionLog],
    *,
    force: bool = False,
) -> pathlib.Path:
    """
    Write ``logs`` to ``path`` as JSON Lines, one log per line.

    The file is complete or absent, as every export
    (:func:`~exerciselib._export.atomic.write_atomic`); read it back with
    :func:`~exerciselib.read_logs`.

    Args:
        path: The file to write.
        logs: The logs, written in this order.
        force: Replace ``path`` if it exists.

    Returns:
        The path written.

    Raises:
        ExportError: ``path`` exists and ``force`` is false, or the
            operating system refused the write.

    .. versionadded:: 0.1.0
    """
    return write_atomic(path, dumps_logs(logs), force=force)
