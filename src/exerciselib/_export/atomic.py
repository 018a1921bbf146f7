"""
Writing export files atomically.

An export is written to a temporary file in the target's folder, flushed
to disk, and only then renamed over the target, so an interrupted export
(an exception, Ctrl+C, a full disk, a crash) leaves either the old file or
the new one, never half of one, and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib
import tempfile
import typing

from exerciselib.exceptions import ExportError

if typing.TYPE_CHECKING:
    import io

__all__ = ["write_atomic"]

#: Mode bits of a new file before the umask, as ``open()`` uses.
_NEW_FILE_MODE = 0o666
#: The umask assumed where the process's own cannot be read.
_DEFAULT_UMASK = 0o022


def _umask() -> int:
    """
    Return the process umask without changing it.

    ``os.umask`` can only be read by setting it, which would race with
    other threads creating files, so read it from ``/proc`` (Linux) and
    otherwise assume the usual default.
    """
    with (
        contextlib.suppress(OSError, ValueError),
        pathlib.Path("/proc/self/status").open(encoding="ascii") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return _DEFAULT_UMASK


def _write_all(file: io.BufferedWriter, data: bytes) -> None:
    """Write ``data`` to ``file`` (a seam for tests that interrupt it)."""
    file.write(data)


def _sync_folder(folder: pathlib.Path) -> None:
    """Flush the folder entry of a renamed file, where the OS allows it."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(folder, flags)
    except OSError:
        return  # Windows cannot open folders; the rename is still atomic
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _exists_error(target: pathlib.Path) -> ExportError:
    msg = (
        f"{target} already exists; pass force=True (--force on the command "
        "line) to replace it, or choose another file name."
    )
    return ExportError(msg, path=str(target), errno=errno.EEXIST)


def _publish(
    temporary: pathlib.Path, target: pathlib.Path, *, force: bool
) -> None:
    """Move the finished temporary file to ``target``."""
    if force:
        temporary.replace(target)
        return
    try:
        # A hard link creates the target only if nothing is there, in one
        # step: no window in which another writer's file could be lost.
        os.link(temporary, target)
    except FileExistsError:
        raise _exists_error(target) from None
    except OSError:
        # The file system has no hard links (FAT, some network shares):
        # check, then rename, accepting the small window between them.
        if os.path.lexists(target):
            raise _exists_error(target) from None
        temporary.replace(target)
    else:
        temporary.unlink()


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    force: bool = False,
) -> pathlib.Path:
    """
    Write ``data`` to ``path`` atomically.

    The data goes to a temporary file in the same folder, is flushed to
    disk with ``fsync``, and the temporary file is then renamed to
    ``path``. If anything goes wrong before the rename, including
    :class:`KeyboardInterrupt`, the temporary file is removed and the file
    at ``path`` is left as it was. A new file gets the permissions
    ``open()`` would give it; a replaced file keeps its own.

    Args:
        path: The file to write.
        data: The content; text is written as UTF-8, as is.
        force: Replace ``path`` if it exists. Without it an existing file
            is never touched.

    Returns:
        The path written.

    Raises:
        ExportError: ``path`` exists and ``force`` is false (``errno`` is
            ``EEXIST``), or the operating system refused the write (the
            :class:`OSError` is the cause).

    .. versionadded:: 0.1.0
    """
    target = pathlib.Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not force and os.path.lexists(target):
        raise _exists_error(target)
    try:
        mode = (
            target.stat().st_mode & 0o7777
            if force and target.is_file()
            else _NEW_FILE_MODE & ~_umask()
        )
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        msg = f"Cannot write {target}: {error.strerror or error}."
        raise ExportError(msg, path=str(target), errno=error.errno) from error
    temporary = pathlib.Path(name)
    try:
        with os.fdopen(descriptor, "wb") as file:
            _write_all(file, payload)
            file.flush()
            os.fsync(file.fileno())
        temporary.chmod(mode)
        _publish(temporary, target, force=force)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError) and not isinstance(error, ExportError):
            msg = f"Cannot write {target}: {error.strerror or error}."
            raise ExportError(
                msg, path=str(target), errno=error.errno
            ) from error
        raise
    _sync_folder(target.parent)
    return target
