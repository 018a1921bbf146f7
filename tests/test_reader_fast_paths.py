"""
Tests that the pack reader's quick paths decide as its full checks do.

A parsed file skips the walk for depth and lone surrogates when its text
shows it cannot break them; a file is read by its own size rather than
into a buffer of the whole limit; a name spelled as on disk with no twin
passes at once. Each must give the same value, or the same error, as the
full check.
"""

from __future__ import annotations

import json
import os
import types
import typing

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from exerciselib import InvalidDataError
from exerciselib._packs import files
from exerciselib._packs.files import MAX_DEPTH, MAX_JSON_BYTES, parse_json

if typing.TYPE_CHECKING:
    import pathlib

#: Texts with what the checks look for: surrogate escapes (alone and in
#: pairs), brackets and braces inside strings, backslashes.
_text = st.text(
    alphabet=st.sampled_from(
        ["a", "[", "{", "\\", "\ud800", "\udc00", "\U0001f600", '"', "é"]
    ),
    max_size=6,
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3)
    ),
    max_leaves=10,
)


def _nested(depth: int, leaf: object) -> object:
    """``leaf`` inside ``depth`` levels of arrays and objects."""
    value = leaf
    for index in range(depth):
        value = [value] if index % 2 else {"k": value}
    return value


def _full(raw: bytes) -> object:
    """``parse_json`` as it was: the full walk after every parse."""
    text = raw.decode("utf-8")
    data = files._decoder().decode(text)
    files._check_tree(data, file="f.json")
    return data


def _outcome(parse: typing.Callable[[bytes], object], raw: bytes) -> object:
    try:
        return ("value", parse(raw))
    except InvalidDataError as error:
        return ("error", str(error), error.problems)


class TestBounds:
    """The depth and surrogate checks, quick or full, agree."""

    @given(data=_json, indent=st.none() | st.just(1))
    @example(data=_nested(MAX_DEPTH, "x"), indent=None)
    @example(data=_nested(MAX_DEPTH + 1, "x"), indent=None)
    @example(data=_nested(MAX_DEPTH + 1, "[{" * 20), indent=None)
    @example(data=_nested(MAX_DEPTH, "\ud800"), indent=None)
    @example(data={"\udfff": [1]}, indent=None)
    @example(data=["\ud83d\ude00"], indent=None)
    def test_same_outcome(self, data: object, indent: int | None) -> None:
        """Any JSON text parses to the same value or error both ways."""
        raw = json.dumps(data, indent=indent).encode()

        assert _outcome(_full, raw) == _outcome(
            lambda r: parse_json(r, file="f.json"), raw
        )

    @given(data=_json)
    def test_never_passes_what_the_walk_refuses(self, data: object) -> None:
        """A text the quick test passes is never refused by the walk."""
        text = json.dumps(data)
        parsed = json.loads(text)

        if files._within_bounds(parsed, text):
            files._check_tree(parsed, file="f.json")

    @pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1])
    def test_deep_text_with_many_brackets(self, depth: int) -> None:
        """Past MAX_DEPTH brackets, the level walk still finds the depth."""
        wide = [[[]] * 20, {"a": [[]] * 20}]
        data = [wide, _nested(depth - 1, "x")]
        text = json.dumps(data)
        assert text.count("[") + text.count("{") > MAX_DEPTH

        assert files._within_bounds(data, text) is (depth <= MAX_DEPTH)

    def test_escaped_backslash_is_not_a_surrogate(self) -> None:
        r"""A text holding ``\\ud800`` (a backslash, then text) loads."""
        raw = b'{"a": "\\\\ud800"}'

        assert {"a": "\\ud800"} == parse_json(raw, file="f.json")


def _spy_read(
    monkeypatch: pytest.MonkeyPatch, *, size: int | None
) -> list[int]:
    """Log each ``os.read`` of the reader; ``fstat`` says ``size``."""
    log: list[int] = []

    def read(fd: int, count: int) -> bytes:
        chunk = os.read(fd, count)
        log.append(len(chunk))
        return chunk

    def fstat(fd: int) -> os.stat_result:
        real = list(os.fstat(fd))
        if size is not None:
            real[6] = size  # st_size
        return os.stat_result(real)

    proxy = types.SimpleNamespace(
        **{name: getattr(os, name) for name in dir(os)}
    )
    proxy.read = read
    proxy.fstat = fstat
    monkeypatch.setattr(files, "os", proxy)
    return log


class TestReadBySize:
    """A file is read whole, whatever its ``stat`` said, up to the limit."""

    @pytest.mark.parametrize(
        "length", [0, 1, files._CHUNK - 1, files._CHUNK, 3 * files._CHUNK + 7]
    )
    @pytest.mark.parametrize("said", [None, 0, 10])
    def test_whole_file(
        self,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
        length: int,
        said: int | None,
    ) -> None:
        """The bytes read are the file's, when stat is right or too small."""
        content = json.dumps("x" * max(length - 2, 0)).encode()[:length]
        path = tmp_path / "f.json"
        path.write_bytes(content)
        log = _spy_read(monkeypatch, size=said)
        descriptor = os.open(path, os.O_RDONLY)

        raw = files._read_bytes(
            descriptor, os.fstat(descriptor).st_size, file="f.json"
        )

        assert content == raw
        assert 0 == log[-1]  # read on to the end of the file
        if said is None:
            assert len(log) <= 2  # its size and one more byte, then the end

    def test_stat_too_large(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file shorter than its stat is read as it is."""
        path = tmp_path / "f.json"
        path.write_bytes(b"[1, 2]")
        _spy_read(monkeypatch, size=5000)
        descriptor = os.open(path, os.O_RDONLY)

        assert b"[1, 2]" == files._read_bytes(descriptor, 5000, file="f")

    def test_grown_past_the_limit(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file grown past the limit since stat is refused there."""
        path = tmp_path / "f.json"
        path.write_bytes(b" " * (MAX_JSON_BYTES + 5000))
        log = _spy_read(monkeypatch, size=10)
        descriptor = os.open(path, os.O_RDONLY)

        with pytest.raises(InvalidDataError, match="the limit is"):
            files._read_bytes(descriptor, 10, file="f.json")
        assert MAX_JSON_BYTES + 1 == sum(log)

    def test_descriptor_closed_on_refusal(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A file refused by its size is closed, unread."""
        path = tmp_path / "f.json"
        path.write_bytes(b"{}")
        descriptor = os.open(path, os.O_RDONLY)

        with pytest.raises(InvalidDataError):
            files._read_bytes(descriptor, MAX_JSON_BYTES + 1, file="f.json")
        with pytest.raises(OSError, match="Bad file descriptor"):
            os.fstat(descriptor)


class TestNamesOnDisk:
    """The quick name check passes exactly what the full one passes."""

    @pytest.mark.parametrize(
        ("on_disk", "asked", "message"),
        [
            (["a.json"], "a.json", None),
            (["a.json", "b.json"], "b.json", None),
            (["A.json"], "a.json", "does not match the name on disk"),
            (["a.json", "A.json"], "a.json", "is ambiguous"),
            (["caf\u00e9.json"], "cafe\u0301.json", "does not match"),
            (["a.json"], "c.json", "does not exist"),
        ],
    )
    def test_same_answer(
        self,
        tmp_path: pathlib.Path,
        on_disk: list[str],
        asked: str,
        message: str | None,
    ) -> None:
        """Each name is passed, or refused with the full check's message."""
        for name in on_disk:
            (tmp_path / name).write_text("{}", encoding="utf-8")
        if len(list(tmp_path.iterdir())) < len(on_disk):
            pytest.skip("this file system folds case or normalisation")
        where: files._Where = {"file": "pack.json", "json_path": "$"}
        with files.PackFolder(tmp_path) as folder:
            top = folder._top
            if message is None:
                folder._check_segment(top, asked, asked, where)
                assert asked in folder._alone[folder._key(top)]
            else:
                with pytest.raises(InvalidDataError, match=message):
                    folder._check_segment(top, asked, asked, where)
