"""
Reading the files of a content pack safely.

Pack files are untrusted data. Every path a pack names is checked before
anything is opened: it must be a relative POSIX path that stays inside the
pack (after following links), names a regular file, and spells the file's
name exactly as it is on disk. Sizes are checked before a file is read, a
file is never read past its limit, and JSON is parsed strictly. Nothing
here writes, creates or deletes a file.

Problems are reported as :class:`InvalidDataError` carrying one
:class:`Problem` each; the pack loader collects them.
"""

from __future__ import annotations

import collections
import errno
import functools
import json
import math
import os
import pathlib  # noqa: TC003 -- PackFolder resolves the path it is given
import re
import stat
import typing
import unicodedata

from exerciselib._model.types import PATH_PATTERN
from exerciselib._text import close_matches, did_you_mean
from exerciselib.exceptions import InvalidDataError, Problem

if typing.TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "MANIFEST",
    "MAX_DEPTH",
    "MAX_EXERCISES",
    "MAX_FILES",
    "MAX_JSON_BYTES",
    "MAX_MEDIA_BYTES",
    "MAX_PACK_JSON_BYTES",
    "MAX_ROUTINES",
    "PackFolder",
    "parse_json",
    "read_json",
]

#: The largest JSON file (manifest, exercise or routine file) read, in
#: bytes. Checked with ``stat`` before reading; reading stops one byte
#: past the limit even when ``stat`` was wrong.
#: The manifest's file name, at the root of every pack folder.
MANIFEST = "pack.json"

MAX_JSON_BYTES = 1024 * 1024
#: The deepest nesting of arrays and objects accepted in a JSON file. Real
#: pack data nests about eight levels deep.
MAX_DEPTH = 32
#: The most files (JSON and media) one manifest may refer to: room for a
#: pack at the schema's limits with every exercise and routine in its own
#: file (10,000 + 1,000, plus the manifest) and one media file for each
#: exercise. (It was 500, which refused packs the schema allows.)
MAX_FILES = 25_000
#: The largest total size of the JSON files of one pack (manifest,
#: exercise and routine files together), in bytes. Measured on 2 cores:
#: a pack of the largest valid exercises totalling 19.5 MiB of JSON loads
#: in about 4 s with a peak of 43 MiB; without it, 10,000 exercises of
#: 1 MiB each passed every other limit and took minutes and gigabytes.
MAX_PACK_JSON_BYTES = 20 * 1024 * 1024
#: The largest total size of the media files of one pack, in bytes.
MAX_MEDIA_BYTES = 50 * 1024 * 1024
#: The most exercises one pack holds (inline or as files). The schema's
#: ``maxItems`` says the same; the count is checked before the schema, so
#: a refusal costs nothing however long the list.
MAX_EXERCISES = 10_000
#: The most routines one pack holds, checked as :data:`MAX_EXERCISES`.
MAX_ROUTINES = 1_000

_PATH = re.compile(PATH_PATTERN)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BOM = b"\xef\xbb\xbf"
#: File names Windows reserves for devices, whatever their extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)

#: The most symbolic links followed to reach one file, as Linux allows.
_MAX_LINKS = 40
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY_FLAGS = (
    os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
)
#: Whether files can be opened relative to a folder descriptor (POSIX).
#: Where they cannot (Windows), each step is checked with ``lstat`` and
#: opened by path: links are still refused or walked by hand, but a
#: folder swapped between the check and the open is not noticed.
_DIR_FD = (
    os.open in os.supports_dir_fd
    and os.readlink in os.supports_dir_fd
    and os.listdir in os.supports_fd
)
# Non-blocking, so that a FIFO in place of a file cannot stall the load.
_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW | _CLOEXEC


def _refuse(message: str, *, file: str, json_path: str) -> InvalidDataError:
    problem = Problem(json_path=json_path, message=message, file=file)
    return InvalidDataError(
        f"{file}: {json_path}: {message}", problems=[problem]
    )


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


class PackFolder:
    """
    A pack folder, opened once; every file in it is opened relative to it.

    The folder is opened when the load starts and held open until it
    ends, and each file is reached from it one name at a time, never
    following a symbolic link implicitly (``O_NOFOLLOW`` with
    ``dir_fd``). A link inside the pack is followed by reading it and
    walking its target from the opened folder, so it must stay inside
    the pack. Swapping the pack folder, or a folder in it, for a link
    while the pack loads therefore cannot make the loader read anything
    outside the folder it opened: there is no moment between checking a
    path and opening it. What was opened is checked with ``fstat``.

    Raises:
        OSError: The folder cannot be opened as a folder.
    """

    def __init__(self, root: pathlib.Path) -> None:
        #: The folder's real path when it was opened, for messages and
        #: for links with an absolute target.
        self.root = root.resolve(strict=True)
        #: The opened folder, or its path where folders cannot be opened.
        self._top: int | str
        if _DIR_FD:
            self._top = os.open(self.root, _DIRECTORY_FLAGS & ~_NOFOLLOW)
        elif self.root.is_dir():
            self._top = str(self.root)
        else:
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", root)
        self._closed = False
        #: Directory listings read so far, by (device, inode). Each maps
        #: a name folded for comparison (NFC, case-folded) to the names
        #: on disk that fold to it.
        self._listings: dict[tuple[int, int], dict[str, tuple[str, ...]]] = {}
        #: For each listing, the names no other name folds to: such a
        #: name, spelled exactly, passes :meth:`_check_segment` at once.
        self._alone: dict[tuple[int, int], frozenset[str]] = {}
        #: The pack folder's (device, inode), read once.
        self._top_key: tuple[int, int] | None = None
        #: Bytes of JSON read so far, held to MAX_PACK_JSON_BYTES.
        self.json_bytes = 0

    def close(self) -> None:
        """Close the folder (idempotent)."""
        if not self._closed:
            self._closed = True
            _close_all([self._top])

    def __enter__(self) -> typing.Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def names(self) -> list[str]:
        """The names in the pack folder itself, listed through it."""
        listing = self._listing(self._top)
        return [name for group in listing.values() for name in group]

    def _key(self, directory: int | str) -> tuple[int, int]:
        """The (device, inode) of an opened folder, to key its listing."""
        if directory is self._top and self._top_key is not None:
            return self._top_key
        info = (
            os.fstat(directory)
            if isinstance(directory, int)
            else os.stat(directory)  # noqa: PTH116 -- without dir_fd
        )
        key = (info.st_dev, info.st_ino)
        if directory is self._top and isinstance(directory, int):
            self._top_key = key  # an opened folder stays the same folder
        return key

    def _listing(
        self, directory: int | str, key: tuple[int, int] | None = None
    ) -> dict[str, tuple[str, ...]]:
        key = key or self._key(directory)
        names = self._listings.get(key)
        if names is None:
            grouped: dict[str, list[str]] = {}
            try:
                for name in os.listdir(directory):  # noqa: PTH208 -- an fd too
                    grouped.setdefault(_fold(name), []).append(name)
            except OSError:
                grouped = {}
            names = {k: tuple(sorted(v)) for k, v in grouped.items()}
            self._listings[key] = names
            self._alone[key] = frozenset(
                group[0] for group in names.values() if len(group) == 1
            )
        return names

    def _check_segment(
        self, directory: int | str, segment: str, relative: str, where: _Where
    ) -> None:
        """Refuse a device name, a twin, or a name spelled unlike on disk."""
        if segment.partition(".")[0] in _RESERVED:
            msg = (
                f"{relative!r} uses the name {segment!r}, which is a "
                "device on Windows (CON, NUL, COM1...); rename it"
            )
            raise _refuse(msg, **where)
        key = self._key(directory)
        listing = self._listing(directory, key)
        if segment in self._alone[key]:
            return  # on disk as spelled, and no other name folds to it
        alike = listing.get(_fold(segment), ())
        twins = [name for name in alike if name != segment]
        if segment in alike and twins:
            msg = (
                f"{relative!r} is ambiguous: {twins[0]!r} differs from it "
                "only by case or Unicode normalisation, and names the same "
                "file on some systems; remove or rename one"
            )
            raise _refuse(msg, **where)
        if segment not in alike:
            if twins:
                msg = (
                    f"{relative!r} does not match the name on disk "
                    f"{twins[0]!r}: names must match exactly, in case and "
                    "in Unicode normalisation; rename one to match"
                )
            else:
                hint = self._closest(directory, segment, relative)
                msg = f"{relative!r} does not exist in the pack{hint}"
            raise _refuse(msg, **where)

    def _closest(
        self, directory: int | str, segment: str, relative: str
    ) -> str:
        """Suggest the name in ``directory`` closest to ``segment``."""
        names = [
            n for group in self._listing(directory).values() for n in group
        ]
        close = close_matches(segment, names, n=1)
        if not close:
            return ""
        head = relative[: len(relative) - len(segment)]
        return did_you_mean([head + close[0]], lead="; did you mean")

    def _follow(
        self, directory: int | str, segment: str, relative: str, where: _Where
    ) -> list[str] | None:
        """
        The parts of the link ``segment``, or None if it is not a link.

        An absolute target counts only when it names a place inside the
        pack folder; the walk then restarts from the folder.
        """
        try:
            target = (
                os.readlink(segment, dir_fd=directory)
                if isinstance(directory, int)
                else os.readlink(os.path.join(directory, segment))  # noqa: PTH115, PTH118 -- without dir_fd
            )
        except OSError:
            return None
        if not _DIR_FD:
            target = target.replace(os.sep, "/")
        if os.path.isabs(target):  # noqa: PTH117 -- a link's text
            root = self.root.as_posix()
            if target != root and not target.startswith(root + "/"):
                raise _refuse(_outside(relative), **where)
            return ["/", *target[len(root) :].split("/")]
        return target.split("/")

    def open(self, relative: str, *, file: str, json_path: str) -> int:
        """
        Open the regular file ``relative`` inside the pack, for reading.

        See :meth:`_open` (which also gives the file's ``fstat``).
        """
        return self._open(relative, file=file, json_path=json_path)[0]

    def _open(
        self, relative: str, *, file: str, json_path: str
    ) -> tuple[int, os.stat_result]:
        """
        Open the regular file ``relative`` inside the pack, for reading.

        Args:
            relative: The path as the pack wrote it.
            file: The file that names ``relative`` (for the error).
            json_path: Where in ``file`` it is named (for the error).

        Returns:
            A file descriptor the caller must close, and its ``fstat``.

        Raises:
            InvalidDataError: The path is not a plain relative POSIX
                path, does not exist with exactly this spelling, leads
                outside the pack, or is not a regular file.
        """
        where: _Where = {"file": file, "json_path": json_path}
        if not _PATH.fullmatch(relative):
            msg = (
                f"{relative!r} is not an allowed path: use a relative POSIX "
                "path of lower-case letters, digits, '-', '_' and '.', with "
                "no leading '/', no '..' and no hidden ('.') names"
            )
            raise _refuse(msg, **where)
        if self._closed:
            msg = "the pack folder was closed before the file was read"
            raise _refuse(msg, **where)
        # Each part, and whether the pack named it (its spelling is then
        # checked) or a link's target did.
        parts = collections.deque((part, True) for part in relative.split("/"))
        opened: list[int | str] = []  # folders below the pack folder
        links = 0
        try:
            while parts:
                segment, named = parts.popleft()
                if _special(segment, opened, relative, where):
                    continue
                here = opened[-1] if opened else self._top
                if named:
                    self._check_segment(here, segment, relative, where)
                try:
                    descriptor = _enter(here, segment, last=not parts)
                except OSError as error:
                    links += 1
                    target = self._follow(here, segment, relative, where)
                    if target is None or links > _MAX_LINKS:
                        reason = (
                            "too many links"
                            if target
                            else error.strerror or error
                        )
                        msg = f"{relative!r} cannot be read: {reason}"
                        raise _refuse(msg, **where) from error
                    parts.extendleft(
                        (part, False) for part in reversed(target)
                    )
                    continue
                if not parts:
                    assert isinstance(descriptor, int)  # noqa: S101 -- _enter
                    return _regular_stat(descriptor, relative, where)
                opened.append(descriptor)
            msg = f"{relative!r} is not a regular file"
            raise _refuse(msg, **where)
        finally:
            _close_all(opened)

    def read_json(self, relative: str, *, file: str, json_path: str) -> object:
        """Open ``relative`` as :meth:`open` does; :func:`parse_json` it."""
        descriptor, info = self._open(relative, file=file, json_path=json_path)
        size = info.st_size
        # A file over the per-file limit is refused by that rule instead.
        total = self.json_bytes + size
        if size <= MAX_JSON_BYTES and total > MAX_PACK_JSON_BYTES:
            os.close(descriptor)
            msg = (
                f"with {relative!r} the pack's JSON files total more than "
                f"{MAX_PACK_JSON_BYTES} bytes ({total} so "
                f"far); the limit is {MAX_PACK_JSON_BYTES // 2**20} MiB of "
                "JSON per pack: split it into several packs"
            )
            raise _refuse(msg, file=file, json_path=json_path)
        raw = _read_bytes(descriptor, size, file=relative)
        self.json_bytes += len(raw)
        return parse_json(raw, file=relative)

    def folder_names(
        self, name: str, *, file: str, json_path: str
    ) -> list[str]:
        """
        The names in the folder ``name`` at the top of the pack.

        An absent folder holds nothing (``[]``). The folder is opened
        from the pack folder without following a link, so it must be a
        real folder inside the pack; its listing is read through the
        opened folder.

        Raises:
            InvalidDataError: ``name`` is a link, or not a folder, or
                cannot be listed.
        """
        where: _Where = {"file": file, "json_path": json_path}
        if name not in self._listing(self._top).get(_fold(name), ()):
            return []
        try:
            if isinstance(self._top, int):
                descriptor = os.open(name, _DIRECTORY_FLAGS, dir_fd=self._top)
                try:
                    return os.listdir(descriptor)  # noqa: PTH208 -- an fd
                finally:
                    os.close(descriptor)
            path = os.path.join(self._top, name)  # noqa: PTH118 -- without dir_fd
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                raise NotADirectoryError(errno.ENOTDIR, "Not a folder", path)
            return os.listdir(path)  # noqa: PTH208 -- without dir_fd
        except OSError as error:
            msg = (
                f"{name!r} must be a folder inside the pack (not a link or "
                f"a file): {error.strerror or error}"
            )
            raise _refuse(msg, **where) from error

    def size(self, relative: str, *, file: str, json_path: str) -> int:
        """The size of the regular file ``relative``; it is not read."""
        descriptor, info = self._open(relative, file=file, json_path=json_path)
        os.close(descriptor)
        return info.st_size


class _Where(typing.TypedDict):
    file: str
    json_path: str


def _outside(relative: str) -> str:
    return (
        f"{relative!r} is a link that leads outside the pack; "
        "ship the file itself inside the pack"
    )


def _enter(here: int | str, segment: str, *, last: bool) -> int | str:
    """
    Open ``segment`` in the folder ``here``, never following a link.

    Returns a descriptor for the last segment, and for a folder on the
    way a descriptor (or, without ``dir_fd``, its path). A link raises
    :class:`OSError`, for the caller to follow by hand.
    """
    if isinstance(here, int):
        flags = _FILE_FLAGS if last else _DIRECTORY_FLAGS
        return os.open(segment, flags, dir_fd=here)
    path = os.path.join(here, segment)  # noqa: PTH118 -- without dir_fd
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        raise OSError(errno.ELOOP, "Is a link", path)
    if last:
        return os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    if not stat.S_ISDIR(mode):
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", path)
    return path


def _special(
    segment: str, opened: list[int | str], relative: str, where: _Where
) -> bool:
    """Apply a segment that names no file ("/", ".", ".."), if it is one."""
    if segment == "/":  # an absolute link inside the pack: start over
        _close_all(opened)
    elif segment == "..":
        if not opened:
            raise _refuse(_outside(relative), **where)
        _close_all([opened.pop()])
    elif segment not in {"", "."}:
        return False
    return True


def _close_all(descriptors: list[int | str]) -> None:
    """Close each descriptor (paths, used without ``dir_fd``, need not)."""
    while descriptors:
        descriptor = descriptors.pop()
        if isinstance(descriptor, int):
            os.close(descriptor)


def _regular_stat(
    descriptor: int, relative: str, where: _Where
) -> tuple[int, os.stat_result]:
    """Return ``descriptor`` and its ``fstat`` if it is a regular file."""
    try:
        info = os.fstat(descriptor)
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        msg = f"{relative!r} is not a regular file"
        raise _refuse(msg, **where)
    return descriptor, info


#: How much more is asked for at a time once a file outgrows its ``stat``.
_CHUNK = 64 * 1024


def _read_bytes(descriptor: int, size: int, *, file: str) -> bytes:
    """
    Read an opened regular file of ``size`` bytes (by ``fstat``); close it.

    Refused past :data:`MAX_JSON_BYTES`, by ``size`` before reading and
    by what was read: reading stops one byte past the limit however far
    the file has grown since ``fstat``. The first read asks for one byte
    more than ``size`` (asking for the whole limit at once allocated a
    1 MiB buffer per file, most of the time a small pack took); reading
    goes on until the end of the file, as a buffered ``read`` does.
    """
    try:
        if size > MAX_JSON_BYTES:
            raise _refuse(_too_big(size), file=file, json_path="$")
        left = MAX_JSON_BYTES + 1
        chunks: list[bytes] = []
        want = size + 1
        while left > 0:
            chunk = os.read(descriptor, min(want, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = _CHUNK
    finally:
        os.close(descriptor)
    raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(raw) > MAX_JSON_BYTES:
        raise _refuse(_too_big(len(raw)), file=file, json_path="$")
    return raw


def _too_big(size: int) -> str:
    return (
        f"the file is {size} bytes; the limit is {MAX_JSON_BYTES} bytes "
        "per JSON file: split it into several files"
    )


def _no_constant(name: str) -> object:
    msg = f"{name} is not a JSON number; write a finite number instead"
    raise ValueError(msg)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        msg = f"{text} is too large for a number; write a finite number"
        raise ValueError(msg)
    return number


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                msg = f"the key {key!r} appears twice in one object; keep one"
                raise ValueError(msg)
            seen.add(key)
    return result


@functools.cache
def _decoder() -> json.JSONDecoder:
    """
    The strict JSON decoder of :func:`parse_json`, made once.

    ``json.loads`` with options makes a decoder a call; a decoder keeps
    no state between documents, as ``json.loads``'s own shared one.
    """
    return json.JSONDecoder(
        parse_constant=_no_constant,
        parse_float=_finite,
        object_pairs_hook=_unique_keys,
    )


def read_json(path: pathlib.Path, *, file: str) -> object:
    """
    Read and strictly parse the JSON file at ``path``, named by its user.

    For a file given on the command line, not a pack's: a pack's files
    are read through :meth:`PackFolder.read_json`. Opened once, without
    blocking, checked to be a regular file with ``fstat``, and read no
    further than :data:`MAX_JSON_BYTES`; parsed by :func:`parse_json`.

    Raises:
        InvalidDataError: The file cannot be opened, is not a regular
            file, or breaks one of the rules of :func:`parse_json`.
    """
    try:
        descriptor = os.open(path, _FILE_FLAGS & ~_NOFOLLOW)
    except OSError as error:
        msg = f"cannot be opened: {error.strerror or error}"
        raise _refuse(msg, file=file, json_path="$") from error
    descriptor, info = _regular_stat(
        descriptor, file, {"file": file, "json_path": "$"}
    )
    raw = _read_bytes(descriptor, info.st_size, file=file)
    return parse_json(raw, file=file)


def parse_json(raw: bytes, *, file: str) -> object:
    """
    Strictly parse JSON bytes; ``file`` names where they came from.

    UTF-8 only, without a byte-order mark; no ``NaN`` or infinities; no
    key twice in an object; no lone surrogates; at most
    :data:`MAX_DEPTH` levels of nesting.

    Raises:
        InvalidDataError: The file breaks one of these rules, with the
            position when the parser knows it.
    """
    if raw.startswith(_BOM):
        msg = (
            "the file starts with a byte-order mark; save it as UTF-8 "
            "without one"
        )
        raise _refuse(msg, file=file, json_path="$")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        msg = (
            f"the file is not valid UTF-8 (byte {error.start}); "
            "save it as UTF-8"
        )
        raise _refuse(msg, file=file, json_path="$") from error
    try:
        data: object = _decoder().decode(text)
    except json.JSONDecodeError as error:
        msg = (
            f"invalid JSON at line {error.lineno} column {error.colno}: "
            f"{_in_words(text, error)}"
        )
        raise _refuse(msg, file=file, json_path="$") from error
    except ValueError as error:
        msg = f"invalid JSON: {error}"
        raise _refuse(msg, file=file, json_path="$") from error
    except RecursionError as error:
        raise _refuse(_too_deep(), file=file, json_path="$") from error
    if not _within_bounds(data, text):
        _check_tree(data, file=file)  # says what is wrong, and where
    return data


#: JSON syntax errors in words, by the parser's message.
_JSON_WORDS = {
    "Expecting ',' delimiter": (
        "a comma is missing between two items (or a string holds an "
        "unescaped '\"')"
    ),
    "Expecting ':' delimiter": "a ':' is missing after the key",
    "Unterminated string starting at": (
        "a string is not closed: add its closing '\"'"
    ),
    "Extra data": (
        "more text follows the end of the JSON value: a file holds one "
        "value (the manifest, an exercise or a routine)"
    ),
    "Invalid control character at": (
        "a string holds a raw line break or tab: write \\n or \\t"
    ),
}
_MISSING_VALUE = frozenset(
    {"Expecting value", "Expecting property name enclosed in double quotes"}
)


def _in_words(text: str, error: json.JSONDecodeError) -> str:
    """Say what is wrong at a JSON syntax error, as a person would."""
    if not text.strip():
        return "the file is empty: it must hold one JSON object"
    if error.msg in _MISSING_VALUE:
        return _missing_value(text, error)
    if error.msg.startswith("Invalid") and "escape" in error.msg:
        return "an invalid backslash escape: write \\\\ for a backslash"
    return _JSON_WORDS.get(error.msg, error.msg)


def _missing_value(text: str, error: json.JSONDecodeError) -> str:
    """Say why a value or a key is missing where the parser stopped."""
    before = text[: error.pos].rstrip()[-1:]
    after = text[error.pos : error.pos + 1]
    if before == "," and after in {"]", "}"}:
        reason = f"trailing comma before {after!r}: remove the comma"
    elif after == "'":
        reason = "strings and keys need double quotes (\"), not single (')"
    elif not after:
        reason = "the text ends where a value should be (cut short?)"
    elif error.msg == "Expecting value":
        reason = (
            f"a value was expected, not {after!r}: write a string in double "
            "quotes, a number, true, false, null, an object or an array"
        )
    else:
        reason = 'keys need double quotes, as in {"name": ...}'
    return reason


def _too_deep() -> str:
    return f"the data is nested more than {MAX_DEPTH} levels deep; flatten it"


#: The escape of a surrogate code point (U+D800-U+DFFF) in JSON text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _within_bounds(data: object, text: str) -> bool:
    r"""
    Whether ``data``, parsed from ``text``, passes :func:`_check_tree`.

    A quick test that never says True for data :func:`_check_tree`
    refuses; False means "not known", and :func:`_check_tree` decides
    (and says where the fault is). Text decoded from UTF-8 holds no
    surrogate, so a string of the data holds one only where the text
    escapes one (``\ud800``): without such an escape, only the depth
    needs checking. Each level of nesting opens with ``[`` or ``{``, so
    a text holding at most :data:`MAX_DEPTH` of them is shallow enough;
    otherwise the containers are walked level by level (no path spelled
    out for each, as :func:`_check_tree` does).
    """
    if _SURROGATE_ESCAPE.search(text) is not None:
        return False
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return True
    level = [data]
    for _ in range(MAX_DEPTH):
        deeper: list[object] = []
        for node in level:
            kind = type(node)
            values: Iterable[object]
            if kind is dict:
                values = typing.cast("dict[str, object]", node).values()
            elif kind is list:
                values = typing.cast("list[object]", node)
            else:
                continue
            deeper += [v for v in values if type(v) is dict or type(v) is list]
        if not deeper:
            return True
        level = deeper
    return False


def _check_tree(data: object, *, file: str) -> None:
    """
    Check depth and strings without recursion (hostile data is deep).

    A file may hold hundreds of thousands of values: the JSON path of a
    value is only spelled out for containers, and for a value at fault.
    """
    _check_text(data, file=file, json_path="$")
    stack: list[tuple[object, str, int]] = [(data, "$", 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _refuse(_too_deep(), file=file, json_path=path)
        if isinstance(value, dict):
            items: Iterable[tuple[object, object]] = value.items()
            form = "{}.{}"
            for key in value:
                _check_text(key, file=file, json_path=path)
        elif isinstance(value, list):
            items = enumerate(value)
            form = "{}[{}]"
        else:
            continue
        for key, item in items:
            if isinstance(item, dict | list):
                stack.append((item, form.format(path, key), depth + 1))
            elif isinstance(item, str) and _SURROGATE.search(item):
                where = form.format(path, key)
                raise _refuse(_surrogate(), file=file, json_path=where)


def _check_text(value: object, *, file: str, json_path: str) -> None:
    if isinstance(value, str) and _SURROGATE.search(value):
        raise _refuse(_surrogate(), file=file, json_path=json_path)


def _surrogate() -> str:
    return (
        "the text holds a lone surrogate escape (\\ud800-\\udfff), "
        "which is not a character; remove it"
    )
