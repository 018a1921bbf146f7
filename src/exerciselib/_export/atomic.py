"""
Writing export files atomically.

An export is written to a temporary file in the target's folder, flushed
to disk, and only then renamed over the target, so an interrupted export
(an exception, Ctrl+C, a full disk, a crash) leaves either the old file or
the new one, never half of one, and no temporary file behind.

The temporary file is named ``.NAME.PID.<8 random characters>.tmp``
(NAME cut short and tagged with a hash when the target's name is long, so
the whole stays within the 255-byte limit of file names). A process
killed outright (SIGKILL, a power cut) cannot remove its file; the next
export to the same target removes any such file whose process no longer
runs.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
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


#: The longest target name used whole in a temporary name, in bytes; a
#: longer one is cut and tagged with a hash. With ``.``, the process id
#: (at most 7 digits on Linux, 10 anywhere), mkstemp's 8 random
#: characters, the dots and ``.tmp``, a temporary name stays under 255.
_MAX_STEM_BYTES = 200


def _stem(name: str) -> str:
    """``.NAME.``: how every temporary file of the target ``name`` starts."""
    encoded = os.fsencode(name)
    if len(encoded) > _MAX_STEM_BYTES:
        digest = hashlib.sha256(encoded).hexdigest()[:12]
        cut = os.fsdecode(encoded[: _MAX_STEM_BYTES - len(digest) - 1])
        name = f"{cut}~{digest}"
    return f".{name}."


def _temporary_prefix(name: str) -> str:
    """The prefix of this process's temporary file for the target ``name``."""
    return f"{_stem(name)}{os.getpid()}."


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs (or cannot be told: assume it does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # another user's process, or not ours to judge
    return True


def _remove_stale(target: pathlib.Path) -> None:
    """
    Remove temporary files for ``target`` whose writer no longer runs.

    Only names this module makes for this very target count (the stem,
    a process id, 8 random characters, ``.tmp``), and only when that
    process is gone: a concurrent export's file is left alone.
    """
    if os.name == "nt":
        return  # process ids cannot be checked the same way
    stem = _stem(target.name)
    try:
        names = [entry.name for entry in target.parent.iterdir()]
    except OSError:
        return
    for name in names:
        if not (name.startswith(stem) and name.endswith(".tmp")):
            continue
        pid, dot, random = name[len(stem) : -len(".tmp")].partition(".")
        if not (pid.isdigit() and dot and len(random) == 8):  # noqa: PLR2004 -- mkstemp's
            continue
        if not _running(int(pid)):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()


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
        _remove_stale(target)
        descriptor, name = tempfile.mkstemp(
            prefix=_temporary_prefix(target.name),
            suffix=".tmp",
            dir=target.parent,
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
