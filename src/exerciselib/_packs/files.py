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

import json
import math
import os
import pathlib
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
    "MAX_ROUTINES",
    "DirectoryCache",
    "parse_json",
    "read_json",
    "resolve_inside",
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

#: Directory listings already read while loading one pack.
#: Each maps a name folded for comparison (NFC, case-folded) to the names
#: on disk that fold to it.
DirectoryCache = dict[pathlib.Path, dict[str, tuple[str, ...]]]


def _refuse(message: str, *, file: str, json_path: str) -> InvalidDataError:
    problem = Problem(json_path=json_path, message=message, file=file)
    return InvalidDataError(
        f"{file}: {json_path}: {message}", problems=[problem]
    )


def _listing(
    directory: pathlib.Path, cache: DirectoryCache
) -> dict[str, tuple[str, ...]]:
    names = cache.get(directory)
    if names is None:
        grouped: dict[str, list[str]] = {}
        try:
            for entry in directory.iterdir():
                grouped.setdefault(_fold(entry.name), []).append(entry.name)
        except OSError:
            grouped = {}
        names = {k: tuple(sorted(v)) for k, v in grouped.items()}
        cache[directory] = names
    return names


def _closest(
    folder: pathlib.Path, segment: str, relative: str, cache: DirectoryCache
) -> str:
    """Suggest the file on disk whose name is closest to ``segment``."""
    names = [n for group in _listing(folder, cache).values() for n in group]
    close = close_matches(segment, names, n=1)
    if not close:
        return ""
    head = relative[: len(relative) - len(segment)]
    return did_you_mean([head + close[0]], lead="; did you mean")


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def resolve_inside(
    root: pathlib.Path,
    relative: str,
    *,
    file: str,
    json_path: str,
    cache: DirectoryCache,
) -> pathlib.Path:
    """
    Return the real path of the regular file ``relative`` inside ``root``.

    Args:
        root: The pack's directory, already resolved.
        relative: The path as the pack wrote it.
        file: The file that names ``relative`` (for the error).
        json_path: Where in ``file`` it is named (for the error).
        cache: Directory listings read so far for this pack.

    Raises:
        InvalidDataError: The path is not a plain relative POSIX path,
            does not exist with exactly this spelling, leads outside the
            pack, or is not a regular file.
    """
    if not _PATH.fullmatch(relative):
        msg = (
            f"{relative!r} is not an allowed path: use a relative POSIX "
            "path of lower-case letters, digits, '-', '_' and '.', with no "
            "leading '/', no '..' and no hidden ('.') names"
        )
        raise _refuse(msg, file=file, json_path=json_path)
    current = root
    for segment in relative.split("/"):
        if segment.partition(".")[0] in _RESERVED:
            msg = (
                f"{relative!r} uses the name {segment!r}, which is a "
                "device on Windows (CON, NUL, COM1...); rename it"
            )
            raise _refuse(msg, file=file, json_path=json_path)
        alike = _listing(current, cache).get(_fold(segment), ())
        twins = [name for name in alike if name != segment]
        if segment in alike and twins:
            msg = (
                f"{relative!r} is ambiguous: {twins[0]!r} differs from it "
                "only by case or Unicode normalisation, and names the same "
                "file on some systems; remove or rename one"
            )
            raise _refuse(msg, file=file, json_path=json_path)
        if segment not in alike:
            if twins:
                msg = (
                    f"{relative!r} does not match the name on disk "
                    f"{twins[0]!r}: names must match exactly, in case and "
                    "in Unicode normalisation; rename one to match"
                )
            else:
                hint = _closest(current, segment, relative, cache)
                msg = f"{relative!r} does not exist in the pack{hint}"
            raise _refuse(msg, file=file, json_path=json_path)
        current = current / segment
    try:
        real = current.resolve(strict=True)
        mode = real.stat().st_mode
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or error
        msg = f"{relative!r} cannot be read: {reason}"
        raise _refuse(msg, file=file, json_path=json_path) from error
    if not real.is_relative_to(root):
        msg = (
            f"{relative!r} is a link that leads outside the pack; "
            "ship the file itself inside the pack"
        )
        raise _refuse(msg, file=file, json_path=json_path)
    if not stat.S_ISREG(mode):
        msg = f"{relative!r} is not a regular file"
        raise _refuse(msg, file=file, json_path=json_path)
    return real


def _read_bytes(path: pathlib.Path, *, file: str) -> bytes:
    """Read at most ``MAX_JSON_BYTES`` + 1 bytes of a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        msg = f"cannot be opened: {error.strerror or error}"
        raise _refuse(msg, file=file, json_path="$") from error
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            msg = "is not a regular file"
            raise _refuse(msg, file=file, json_path="$")
        if info.st_size > MAX_JSON_BYTES:
            msg = _too_big(info.st_size)
            raise _refuse(msg, file=file, json_path="$")
        raw = stream.read(MAX_JSON_BYTES + 1)
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
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            msg = f"the key {key!r} appears twice in one object; keep one"
            raise ValueError(msg)
        result[key] = value
    return result


def read_json(path: pathlib.Path, *, file: str) -> object:
    """
    Read and strictly parse the JSON file at ``path``.

    UTF-8 only, without a byte-order mark; no ``NaN`` or infinities; no
    key twice in an object; no lone surrogates; at most
    :data:`MAX_DEPTH` levels of nesting.

    Raises:
        InvalidDataError: The file breaks one of these rules, with the
            position when the parser knows it.
    """
    return parse_json(_read_bytes(path, file=file), file=file)


def parse_json(raw: bytes, *, file: str) -> object:
    """
    Strictly parse JSON bytes, by the rules of :func:`read_json`.

    Raises:
        InvalidDataError: The bytes break one of the rules; ``file``
            names where they came from.
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
        data: object = json.loads(
            text,
            parse_constant=_no_constant,
            parse_float=_finite,
            object_pairs_hook=_unique_keys,
        )
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
    _check_tree(data, file=file)
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
