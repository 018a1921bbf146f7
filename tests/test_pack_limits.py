"""
Hostile packs: size limits, read cost, paths and look-alike ids.

Each limit is tested at its value (accepted) and one past it (refused
with a PackError naming the place), and the cost of refusing is bounded:
a huge file is not read whole, a file full of faults does not produce a
problem per fault.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import threading
import tracemalloc
import types
import typing

import jsonschema
import pytest

from exerciselib import PackError, load_pack
from exerciselib._model.types import (
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
)
from exerciselib._packs import files
from exerciselib._packs.files import (
    MAX_DEPTH,
    MAX_EXERCISES,
    MAX_FILES,
    MAX_JSON_BYTES,
    MAX_ROUTINES,
)
from exerciselib._schema import (
    MAX_PROBLEMS,
    problems,
    python_pattern,
    schema,
)

ROOT = pathlib.Path(__file__).parent.parent
SCIATICA = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"

_JSON = dict[str, typing.Any]


def manifest(**extra: object) -> _JSON:
    """Return a small valid manifest with one exercise and one routine."""
    data: _JSON = {
        "format": 1,
        "id": "demo",
        "name": "Demo pack",
        "version": "1.0.0",
        "description": "A pack for limit tests.",
        "language": "en",
        "license": "CC0-1.0",
        "credits": [],
        "requires_exerciselib": ">=0.1",
        "exercises": [exercise("knee-bend")],
        "routines": [
            {
                "id": "daily",
                "name": "Daily",
                "items": [{"exercise": "knee-bend"}],
            }
        ],
    }
    data.update(extra)
    return data


def exercise(local_id: str, **extra: object) -> _JSON:
    """Return a small valid exercise."""
    return {
        "id": local_id,
        "name": "Knee bend",
        "summary": "Bend the knee.",
        "steps": ["Bend and straighten the knee."],
        **extra,
    }


def write(folder: pathlib.Path, data: object) -> pathlib.Path:
    """Write ``data`` as ``folder/pack.json``, compactly; return folder."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"))
    (folder / "pack.json").write_text(text, encoding="utf-8")
    return folder


def refused(folder: pathlib.Path) -> PackError:
    """Load ``folder`` expecting a PackError that names its place."""
    with pytest.raises(PackError) as info:
        load_pack(folder)
    error = info.value
    assert f": {error.file}: {error.json_path}: " in str(error)
    return error


def nested(depth: int) -> object:
    """Return ``depth`` arrays nested around one string."""
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


@pytest.fixture
def sciatica(tmp_path: pathlib.Path) -> pathlib.Path:
    """Return a writable copy of the sciatica pack."""
    return pathlib.Path(shutil.copytree(SCIATICA, tmp_path / "sciatica"))


class TestLimitValues:
    """The documented limits are the ones the schemas enforce."""

    def test_counts_match_schema(self) -> None:
        """MAX_EXERCISES and MAX_ROUTINES equal the schema's maxItems."""
        properties = schema("pack")["properties"]

        assert (MAX_EXERCISES, MAX_ROUTINES) == (
            properties["exercises"]["maxItems"],
            properties["routines"]["maxItems"],
        )

    def test_lengths_match_schema(self) -> None:
        """Text, name and id lengths equal the schema's maxLength."""
        defs = schema("common")["$defs"]

        assert (MAX_TEXT_LENGTH, MAX_NAME_LENGTH, MAX_ID_LENGTH) == (
            defs["text"]["maxLength"],
            defs["name"]["maxLength"],
            defs["id"]["maxLength"],
        )

    def test_values(self) -> None:
        """The limits have the values docs/security.md states."""
        assert (1024 * 1024, 32, 25_000, 10_000, 1_000, 2000, 100) == (
            MAX_JSON_BYTES,
            MAX_DEPTH,
            MAX_FILES,
            MAX_EXERCISES,
            MAX_ROUTINES,
            MAX_TEXT_LENGTH,
            MAX_PROBLEMS,
        )


class TestLimits:
    """At a limit a pack loads; one past it, a clear PackError."""

    def test_longest_text(self, tmp_path: pathlib.Path) -> None:
        """A text field of MAX_TEXT_LENGTH loads; one longer is refused."""
        at_limit = "x" * MAX_TEXT_LENGTH
        loaded = load_pack(
            write(tmp_path / "a", manifest(description=at_limit))
        )
        error = refused(
            write(tmp_path / "b", manifest(description=at_limit + "x"))
        )

        assert at_limit == loaded.description
        assert "$.description" == error.json_path
        assert f"2001 characters long; the limit is {MAX_TEXT_LENGTH}" in str(
            error
        )

    def test_deepest_nesting(self, tmp_path: pathlib.Path) -> None:
        """Arrays and objects nest MAX_DEPTH deep at most."""
        # The manifest object is the first level.
        at_limit = manifest(**{"x-deep": nested(MAX_DEPTH - 1)})
        past = manifest(**{"x-deep": nested(MAX_DEPTH)})

        loaded = load_pack(write(tmp_path / "a", at_limit))
        error = refused(write(tmp_path / "b", past))

        assert "x-deep" in loaded.extensions
        assert "$.x-deep" + "[0]" * (MAX_DEPTH - 1) == error.json_path
        assert f"nested more than {MAX_DEPTH} levels deep" in str(error)

    def test_most_exercises(self, tmp_path: pathlib.Path) -> None:
        """More than MAX_EXERCISES exercises are refused before the schema."""
        many = [exercise(f"e{i}") for i in range(MAX_EXERCISES + 1)]

        error = refused(write(tmp_path, manifest(exercises=many)))

        assert "$.exercises" == error.json_path
        assert "lists 10001 exercises; the limit is 10000" in str(error)
        assert 1 == len(error.problems)

    def test_most_routines(self, tmp_path: pathlib.Path) -> None:
        """More than MAX_ROUTINES routines are refused before the schema."""
        routine = {
            "id": "r",
            "name": "R",
            "items": [{"exercise": "knee-bend"}],
        }

        error = refused(
            write(tmp_path, manifest(routines=[routine] * (MAX_ROUTINES + 1)))
        )

        assert "$.routines" == error.json_path
        assert "lists 1001 routines; the limit is 1000" in str(error)

    def test_largest_file(self, tmp_path: pathlib.Path) -> None:
        """A file of MAX_JSON_BYTES loads; one byte more is refused."""
        text = json.dumps(manifest())
        padded = text + " " * (MAX_JSON_BYTES - len(text))
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        (tmp_path / "a" / "pack.json").write_text(padded, encoding="utf-8")
        (tmp_path / "b" / "pack.json").write_text(
            padded + " ", encoding="utf-8"
        )

        loaded = load_pack(tmp_path / "a")
        error = refused(tmp_path / "b")

        assert "demo" == loaded.id
        assert ("pack.json", "$") == (error.file, error.json_path)
        assert f"the limit is {MAX_JSON_BYTES} bytes" in str(error)

    def test_limit_in_named_file(self, sciatica: pathlib.Path) -> None:
        """An exercise file past the size limit is refused by name."""
        target = sciatica / "exercises" / "lower-trunk-rotation.json"
        with target.open("ab") as stream:
            stream.truncate(MAX_JSON_BYTES + 1)

        error = refused(sciatica)

        assert "exercises/lower-trunk-rotation.json" == error.file
        assert "the limit is" in str(error)


class _Counting:
    """A file object that counts the bytes read from it."""

    def __init__(self, stream: typing.IO[bytes], log: list[int]) -> None:
        self._stream = stream
        self._log = log

    def __enter__(self) -> typing.Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()

    def fileno(self) -> int:
        return self._stream.fileno()

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._log.append(len(data))
        return data


class TestReadCost:
    """Refusing a huge file does not read it whole."""

    @pytest.fixture
    def huge(self, tmp_path: pathlib.Path) -> pathlib.Path:
        """A pack whose manifest is a 50 MiB sparse file."""
        with (tmp_path / "pack.json").open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
        return tmp_path

    def spy(
        self, monkeypatch: pytest.MonkeyPatch, **replace: object
    ) -> list[int]:
        """Count every byte the pack reader reads; return the log."""
        log: list[int] = []

        def fdopen(fd: int, mode: str) -> _Counting:
            return _Counting(os.fdopen(fd, mode), log)

        def read(fd: int, size: int) -> bytes:
            chunk = os.read(fd, size)
            log.append(len(chunk))
            return chunk

        proxy = types.SimpleNamespace(
            **{name: getattr(os, name) for name in dir(os)}
        )
        proxy.fdopen = fdopen
        proxy.read = read
        for name, value in replace.items():
            setattr(proxy, name, value)
        monkeypatch.setattr(files, "os", proxy)
        return log

    def test_refused_unread(
        self, huge: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The size is checked before reading: nothing is read."""
        log = self.spy(monkeypatch)
        tracemalloc.start()
        try:
            error = refused(huge)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

        assert 0 == sum(log)
        assert peak < 4 * 1024 * 1024
        assert "the file is 52428800 bytes" in str(error)

    def test_size_misreported(
        self, huge: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When stat says the file is small, reading stops past the limit."""

        def small(fd: int) -> os.stat_result:
            real = list(os.fstat(fd))
            real[6] = 10  # st_size
            return os.stat_result(real)

        log = self.spy(monkeypatch, fstat=small)

        error = refused(huge)

        assert MAX_JSON_BYTES + 1 == sum(log)
        assert "the limit is" in str(error)


class TestBoundedFaults:
    """A file full of faults yields a bounded list of problems."""

    def test_schema_faults_capped(self, tmp_path: pathlib.Path) -> None:
        """500 000 wrong credits give MAX_PROBLEMS problems and a note."""
        write(tmp_path, manifest(credits=[0] * 500_000))

        error = refused(tmp_path)

        assert MAX_PROBLEMS + 1 == len(error.problems)
        assert "more problems were found" in error.problems[-1].message
        assert len(str(error)) < 100 * MAX_PROBLEMS * 2

    def test_validation_stops(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Checking stops with the last problem reported, not at the end."""
        drawn: list[object] = []
        iter_errors = jsonschema.Draft202012Validator.iter_errors

        def counting(
            validator: typing.Any, instance: object
        ) -> typing.Iterator[object]:
            for error in iter_errors(validator, instance):
                drawn.append(error)
                yield error

        monkeypatch.setattr(
            jsonschema.Draft202012Validator, "iter_errors", counting
        )
        write(tmp_path, manifest(credits=[0] * 10_000))

        error = refused(tmp_path)

        # One error per problem reported, but for the last: "more
        # problems were found" needs only one more error.
        assert error.problems[-1].message.startswith("more problems")
        assert len(error.problems) >= len(drawn)

    def test_reference_faults_capped(self, tmp_path: pathlib.Path) -> None:
        """Thousands of unknown references stop at MAX_PROBLEMS."""
        items = [{"exercise": f"missing-{i}"} for i in range(200)]
        routines = [
            {"id": f"r{n}", "name": "R", "items": items} for n in range(20)
        ]
        write(tmp_path, manifest(routines=routines))

        error = refused(tmp_path)

        assert MAX_PROBLEMS + 1 == len(error.problems)
        assert "more problems were found" in error.problems[-1].message


def watched(folder: pathlib.Path) -> PackError | None:
    """Load ``folder`` in a thread; fail if it blocks (a FIFO would)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            load_pack(folder)
        except PackError as error:
            outcome.append(error)
        else:
            outcome.append(None)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)

    assert not worker.is_alive(), "loading blocked"
    result = outcome[0]
    assert result is None or isinstance(result, PackError)
    return result


class TestPaths:
    """Paths leaving the pack, devices and ambiguous names are refused."""

    @pytest.mark.parametrize(
        "path",
        [
            "/etc/passwd",
            "../secret.png",
            "media/../../secret.png",
            "con.png",
            "media/nul.png",
            "media/com1.png",
            "media/lpt9.tar.gz",
        ],
    )
    def test_media_path_refused(
        self, path: str, tmp_path: pathlib.Path
    ) -> None:
        """Media paths obey the same rules as JSON file paths."""
        data = manifest(
            exercises=[
                exercise("knee-bend", media=[{"path": path, "alt": "A."}])
            ]
        )

        error = refused(write(tmp_path, data))

        assert "$.exercises[0].media[0].path" == error.json_path

    @pytest.mark.parametrize("path", ["con.json", "routines/aux.json"])
    def test_windows_device_names(
        self, path: str, sciatica: pathlib.Path
    ) -> None:
        """A file named like a Windows device is refused, even if present."""
        (sciatica / path).parent.mkdir(exist_ok=True)
        (sciatica / path).write_text("{}", encoding="utf-8")
        data = json.loads((sciatica / "pack.json").read_text(encoding="utf-8"))
        data["routines"] = [path]
        (sciatica / "pack.json").write_text(json.dumps(data), encoding="utf-8")

        error = refused(sciatica)

        assert "$.routines[0]" == error.json_path
        assert "device on Windows" in str(error)

    def test_case_twin_refused(self, sciatica: pathlib.Path) -> None:
        """A named file with a twin differing only by case is ambiguous."""
        folder = sciatica / "exercises"
        shutil.copy(
            folder / "lower-trunk-rotation.json",
            folder / "Lower-Trunk-Rotation.json",
        )

        error = refused(sciatica)

        assert "$.exercises[2]" == error.json_path
        assert "is ambiguous: 'Lower-Trunk-Rotation.json'" in str(error)

    def test_folder_twin_refused(self, sciatica: pathlib.Path) -> None:
        """A folder on the path with a case twin is ambiguous too."""
        (sciatica / "Exercises").mkdir()

        error = refused(sciatica)

        assert "is ambiguous: 'Exercises'" in str(error)

    def test_manifest_link_outside(
        self, tmp_path: pathlib.Path, sciatica: pathlib.Path
    ) -> None:
        """A pack.json that links outside the pack is refused."""
        outside = tmp_path / "elsewhere.json"
        shutil.move(sciatica / "pack.json", outside)
        (sciatica / "pack.json").symlink_to(outside)

        error = refused(sciatica)

        assert ("pack.json", "$") == (error.file, error.json_path)
        assert "leads outside the pack" in str(error)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
    @pytest.mark.parametrize(
        ("name", "json_path"),
        [
            ("pack.json", "$"),
            ("exercises/lower-trunk-rotation.json", "$.exercises[2]"),
        ],
    )
    def test_fifo_never_blocks(
        self, name: str, json_path: str, sciatica: pathlib.Path
    ) -> None:
        """A FIFO in place of a file is refused, and nothing waits on it."""
        (sciatica / name).unlink()
        os.mkfifo(sciatica / name)

        error = watched(sciatica)

        assert error is not None
        assert ("pack.json", json_path) == (error.file, error.json_path)
        assert "is not a regular file" in str(error)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
    def test_fifo_media_never_blocks(self, tmp_path: pathlib.Path) -> None:
        """A FIFO named as media is refused without being opened."""
        data = manifest(
            exercises=[
                exercise(
                    "knee-bend", media=[{"path": "knee.png", "alt": "A."}]
                )
            ]
        )
        write(tmp_path, data)
        os.mkfifo(tmp_path / "knee.png")

        error = watched(tmp_path)

        assert error is not None
        assert "$.exercises[0].media[0].path" == error.json_path
        assert "is not a regular file" in str(error)

    @pytest.mark.parametrize(
        "device", ["/dev/null", "/dev/zero", "/dev/urandom"]
    )
    def test_device_manifest(
        self, device: str, tmp_path: pathlib.Path
    ) -> None:
        """A pack.json linked to a device is refused, unread."""
        if not pathlib.Path(device).exists():
            pytest.skip(f"needs {device}")
        (tmp_path / "pack.json").symlink_to(device)

        error = watched(tmp_path)

        assert error is not None
        assert "pack.json" == error.file


#: Ids that look like ``demo`` or ``knee-bend`` but are not ASCII
#: kebab-case.
LOOKALIKES = [
    pytest.param("d\u0435mo", id="cyrillic-ie"),
    pytest.param("dem\u043e", id="cyrillic-o"),
    pytest.param("\uff44emo", id="fullwidth-d"),
    pytest.param("dem\u0131", id="dotless-i"),
    pytest.param("de\u200dmo", id="zero-width-joiner"),
    pytest.param("de\u200bmo", id="zero-width-space"),
    pytest.param("demo\u0301", id="combining-accent"),
    pytest.param("de\u2010mo", id="unicode-hyphen"),
    pytest.param("demo\n", id="trailing-newline"),
    pytest.param("Demo", id="upper-case"),
    pytest.param("demo-", id="trailing-dash"),
    pytest.param("de_mo", id="underscore"),
]


class TestIds:
    """Ids are ASCII kebab-case wherever they appear."""

    @pytest.mark.parametrize("bad", LOOKALIKES)
    @pytest.mark.parametrize(
        ("where", "json_path"),
        [
            ("pack", "$.id"),
            ("exercise", "$.exercises[0].id"),
            ("routine", "$.routines[0].id"),
            ("dependency", "$.dependencies[0]"),
            ("reference", "$.routines[0].items[0].exercise"),
        ],
    )
    def test_lookalike_refused(
        self, bad: str, where: str, json_path: str, tmp_path: pathlib.Path
    ) -> None:
        """A look-alike id is refused at its place, never loaded."""
        data = manifest()
        if where == "pack":
            data["id"] = bad
        elif where == "exercise":
            data["exercises"][0]["id"] = bad
            data["routines"] = []
        elif where == "routine":
            data["routines"][0]["id"] = bad
        elif where == "dependency":
            data["dependencies"] = [bad]
        else:
            data["routines"][0]["items"][0]["exercise"] = bad

        error = refused(write(tmp_path, data))

        assert json_path in {p.json_path for p in error.problems}


class TestPatterns:
    """Schema patterns are read with ECMA-262's '$': the very end."""

    @pytest.mark.parametrize(
        ("pattern", "expected"),
        [
            ("^[a-z]+$", r"^[a-z]+\Z"),
            # escaped and in a class, '$' is a character
            (r"^a\$b$", r"^a\$b\Z"),
            ("^[$]$", r"^[$]\Z"),
            (r"^[\]$]$", r"^[\]$]\Z"),
            # unanchored patterns are unchanged
            (r"\S", r"\S"),
        ],
    )
    def test_python_pattern(self, pattern: str, expected: str) -> None:
        r"""Only an unescaped '$' outside a class becomes '\Z'."""
        assert expected == python_pattern(pattern)

    @pytest.mark.parametrize(
        ("key", "value", "json_path"),
        [
            ("id", "demo\n", "$.id"),
            ("version", "1.0.0\n", "$.version"),
            ("language", "en\n", "$.language"),
            ("license", "MIT\n", "$.license"),
            ("x-meta\n", 1, "$"),
        ],
    )
    def test_trailing_newline_refused(
        self, key: str, value: object, json_path: str
    ) -> None:
        """A value that matches only before a final newline is refused."""
        found = problems(manifest(**{key: value}), "pack", file="pack.json")

        assert [json_path] == [p.json_path for p in found]
        assert r"\Z" not in found[0].message
