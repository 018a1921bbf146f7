"""
Properties: any input given as a pack loads, or fails with a PackError.

Each example writes its pack into a fresh temporary folder (Hypothesis
forbids function-scoped fixtures such as ``tmp_path`` in ``@given``
tests) and calls :func:`load_pack`. Any exception other than
:class:`PackError` fails the test, and so does a ``PackError`` that does
not name the file and JSON path of every problem.
"""

from __future__ import annotations

import copy
import json
import os
import pathlib
import re
import tempfile
import typing

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.strategies import (
    control_texts,
    extreme_numbers,
    json_values,
    nested,
    swapped_types,
)

from exerciselib import Pack, PackError, load_pack
from exerciselib._model.types import ID_PATTERN
from exerciselib._packs.files import MAX_DEPTH, MAX_JSON_BYTES

# Every property here runs on both validation paths (tests/conftest.py).
pytestmark = [
    pytest.mark.property,
    pytest.mark.usefixtures("validator_path"),
]

ROOT = pathlib.Path(__file__).parent.parent.parent
SCIATICA = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"

#: The sciatica pack's files, relative path to parsed JSON.
REAL: dict[str, typing.Any] = {
    str(path.relative_to(SCIATICA)): json.loads(
        path.read_text(encoding="utf-8")
    )
    for path in sorted(SCIATICA.rglob("*.json"))
}
REAL_BYTES: dict[str, bytes] = {
    name: (SCIATICA / name).read_bytes() for name in REAL
}

#: Placeholders replaced by bare tokens once the JSON text is written,
#: since ``json.dumps`` writes no such tokens on request.
TOKENS = {
    "\x00NaN": "NaN",
    "\x00Infinity": "Infinity",
    "\x00-Infinity": "-Infinity",
    "\x001e999": "1e999",
    "\x00-1e999": "-1e999",
}

_ID = re.compile(ID_PATTERN)

#: The keys a manifest may hold, besides ``x-`` extensions.
MANIFEST_KEYS = [
    "format",
    "id",
    "name",
    "version",
    "description",
    "language",
    "license",
    "credits",
    "requires_exerciselib",
    "dependencies",
    "exercises",
    "routines",
]


def write_tree(folder: pathlib.Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path to content) under ``folder``."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def assert_named(error: PackError) -> None:
    """Check that the error names the file and JSON path of each problem."""
    assert error.problems
    assert (error.file, error.json_path) == (
        error.problems[0].file,
        error.problems[0].json_path,
    )
    for problem in error.problems:
        assert problem.file
        assert problem.json_path.startswith("$")
        assert f": {problem.file}: {problem.json_path}: " in str(error)


def load(files: dict[str, bytes]) -> Pack | PackError:
    """Load ``files`` as a pack from a fresh folder; return the outcome."""
    with tempfile.TemporaryDirectory() as folder:
        write_tree(pathlib.Path(folder), files)
        try:
            pack = load_pack(folder)
        except PackError as error:
            assert_named(error)
            return error
    assert _ID.fullmatch(pack.id)
    assert all(_ID.fullmatch(local) for local in pack.exercises)
    return pack


def dumps(data: object) -> bytes:
    """Write ``data`` as JSON, with the placeholder tokens made bare."""
    text = json.dumps(data, ensure_ascii=False)
    for placeholder, token in TOKENS.items():
        text = text.replace(json.dumps(placeholder), token)
    return text.encode("utf-8", "surrogatepass")


Path = tuple[str | int, ...]


def paths(value: object, prefix: Path = ()) -> list[Path]:
    """Every path to a value inside ``value``, at most 40 levels deep."""
    found = [prefix]
    if len(prefix) >= 40:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


#: What a mutation puts in place of a value.
replacements = st.one_of(
    swapped_types,
    extreme_numbers,
    st.sampled_from(list(TOKENS)),
    st.sampled_from(["", " ", "x" * 3000, "x" * (MAX_JSON_BYTES + 1)]),
    control_texts,
    st.sampled_from([nested(MAX_DEPTH - 2), nested(MAX_DEPTH + 1)]),
    st.sampled_from([nested(500), {"x-deep": nested(40)}]),
    json_values,
)


@st.composite
def mutated_sciatica(draw: st.DrawFn) -> dict[str, bytes]:
    """The sciatica pack with one to three of its values broken."""
    files = copy.deepcopy(REAL)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        name = draw(st.sampled_from(sorted(files)))
        where = draw(st.sampled_from(paths(files[name])))
        delete = draw(st.booleans()) and bool(where)
        # A fresh copy: one shared value placed twice could nest in itself.
        replacement = (
            None if delete else json.loads(json.dumps(draw(replacements)))
        )
        if not where:
            files[name] = replacement
            continue
        parent = files[name]
        for step in where[:-1]:
            parent = parent[step]
        if delete:
            del parent[where[-1]]
        else:
            parent[where[-1]] = replacement
    return {name: dumps(data) for name, data in files.items()}


class TestAnyInput:
    """
    The contract of load_pack on hostile input.

    The rule: ``load_pack`` returns a valid :class:`Pack` or raises
    :class:`PackError` naming the file and JSON path at fault; no other
    exception escapes.
    """

    @given(json_values)
    @example({"format": 1, "id": "demo\n"})  # Python '$' before a newline
    @example([])
    @example(None)
    def test_any_json_manifest(self, manifest: object) -> None:
        """Any JSON value as pack.json is refused with a named place."""
        outcome = load({"pack.json": dumps(manifest)})

        assert isinstance(outcome, PackError)

    @pytest.mark.slow  # about a second or more
    @given(
        st.fixed_dictionaries(
            {},
            optional=dict.fromkeys(MANIFEST_KEYS, json_values),
        )
    )
    def test_manifest_keys(self, manifest: dict[str, object]) -> None:
        """Any JSON values under the manifest's own keys are handled."""
        base = copy.deepcopy(REAL["pack.json"])
        base.update(manifest)
        files = {**REAL_BYTES, "pack.json": dumps(base)}

        assert isinstance(load(files), Pack | PackError)

    @pytest.mark.slow  # about a second or more
    @given(mutated_sciatica())
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def test_mutated_sciatica(self, files: dict[str, bytes]) -> None:
        """The real pack with values deleted or replaced is handled."""
        assert isinstance(load(files), Pack | PackError)

    @given(st.sampled_from(sorted(REAL)), st.binary(max_size=200))
    @example("pack.json", b"\xef\xbb\xbf" + REAL_BYTES["pack.json"])
    @example("pack.json", b"\xff\xfe{}")
    @example("routines/sciatica-relief.json", b"\x00" * 10)
    def test_any_bytes(self, name: str, raw: bytes) -> None:
        """Any bytes in place of one of the pack's files are handled."""
        outcome = load({**REAL_BYTES, name: raw})

        assert isinstance(outcome, PackError)
        assert name == outcome.problems[0].file or name != "pack.json"

    @given(
        st.sampled_from(sorted(REAL)),
        st.data(),
        # Cut short; a lone lead byte; an encoded surrogate (not UTF-8).
        st.sampled_from([b"", b"\xc3", b"\xed\xa0\x80"]),
    )
    def test_truncated_or_spliced(
        self, name: str, data: st.DataObject, splice: bytes
    ) -> None:
        """A real file cut short, or with bad bytes spliced in, fails."""
        raw = REAL_BYTES[name]
        end = len(raw.rstrip()) - 1
        cut = data.draw(st.integers(min_value=0, max_value=end))
        broken = raw[:cut] + splice + (raw[cut:] if splice else b"")

        outcome = load({**REAL_BYTES, name: broken})

        assert isinstance(outcome, PackError)
        assert name in {p.file for p in outcome.problems}


#: Names a layout may use, including case twins and a Windows device.
LAYOUT_NAMES = ["a.json", "A.json", "b", "nul.json", "ex/a.json", "ex/B.json"]
#: What a layout entry is: the real exercise, a folder, a link inside,
#: a link outside, a link to a device, a FIFO, or junk bytes.
LAYOUT_KINDS = ["exercise", "folder", "link-in", "link-out", "device", "fifo"]


@st.composite
def layouts(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A few files, folders, links and FIFOs under a pack folder."""
    names = draw(st.lists(st.sampled_from(LAYOUT_NAMES), unique=True))
    kinds = LAYOUT_KINDS if hasattr(os, "mkfifo") else LAYOUT_KINDS[:-1]
    return [(name, draw(st.sampled_from(kinds))) for name in names]


def build_layout(folder: pathlib.Path, layout: list[tuple[str, str]]) -> None:
    """Create ``layout`` under ``folder``; skip what cannot coexist."""
    exercise = REAL_BYTES["exercises/lower-trunk-rotation.json"]
    outside = folder.parent / f"{folder.name}-outside.json"
    outside.write_bytes(exercise)
    for name, kind in layout:
        path = folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "exercise":
                path.write_bytes(exercise)
            elif kind == "folder":
                path.mkdir()
            elif kind == "link-in":
                path.symlink_to(folder / "pack.json")
            elif kind == "link-out":
                path.symlink_to(outside)
            elif kind == "device":
                path.symlink_to(os.devnull)
            else:
                os.mkfifo(path)
        except OSError:
            continue  # e.g. "ex" is a file already: not this layout


class TestAnyLayout:
    """
    Any directory layout under a pack folder.

    The rule: whatever the manifest names (files, folders, links inside
    and outside, devices, FIFOs, case twins), loading returns a Pack or
    raises PackError, and never blocks.
    """

    @given(layouts(), st.lists(st.sampled_from(LAYOUT_NAMES), max_size=4))
    @example([("a.json", "exercise"), ("A.json", "exercise")], ["a.json"])
    @example([("b", "fifo")], ["b"])
    def test_any_layout(
        self, layout: list[tuple[str, str]], named: list[str]
    ) -> None:
        """Named entries of any kind load or fail with a named place."""
        manifest = copy.deepcopy(REAL["pack.json"])
        manifest["exercises"] = named
        manifest["routines"] = []
        with tempfile.TemporaryDirectory() as parent:
            folder = pathlib.Path(parent) / "pack"
            folder.mkdir()
            (folder / "pack.json").write_bytes(dumps(manifest))
            build_layout(folder, layout)
            try:
                pack = load_pack(folder)
            except PackError as error:
                assert_named(error)
            else:
                assert len(named) == len(pack.exercises)
