"""Tests for the JSON Schemas and the validation built on them."""

from __future__ import annotations

import json
import pathlib
import typing
import urllib.parse
import urllib.request
from importlib import resources

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from exerciselib import Dosage, InvalidDataError, Problem, UnknownIdError
from exerciselib._schema import (
    SCHEMA_BASE,
    SCHEMA_NAMES,
    _registry,
    check,
    package_files,
    problems,
    python_schema,
    schema,
)

ROOT = pathlib.Path(__file__).parent.parent
SCHEMA_DIR = ROOT / "schemas"
FILES = sorted(SCHEMA_DIR.glob("*.json"))


def _refs(node: object) -> typing.Iterator[str]:
    """Yield every ``$ref`` value anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _target(base: str, ref: str) -> object:
    """Return what ``ref`` in the schema ``base`` points at, read from disk."""
    uri, _, pointer = urllib.parse.urljoin(base, ref).partition("#")
    node = json.loads((SCHEMA_DIR / uri.removeprefix(SCHEMA_BASE)).read_text())
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _paths(found: list[Problem]) -> list[str]:
    """The JSON paths of ``found``, in order."""
    return [problem.json_path for problem in found]


class TestPackageFiles:
    """Package files come from its folder, or else from resources."""

    def test_folder_on_disk(self) -> None:
        """An installed folder is read directly, the same as resources give."""
        folder = package_files()

        assert isinstance(folder, pathlib.Path)
        assert str(resources.files("exerciselib")) == str(folder)

    def test_not_a_folder_falls_back_to_resources(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
    ) -> None:
        """A package not in a folder (a zip) is read through resources."""
        import exerciselib._schema as module  # noqa: PLC0415 -- to patch

        fake = tmp_path / "site.zip" / "exerciselib" / "_schema.py"
        monkeypatch.setattr(module, "__file__", str(fake))
        found = package_files.__wrapped__()  # type: ignore[attr-defined]

        assert found == resources.files("exerciselib")
        assert found.joinpath("schemas", "exercise.json").is_file()


class TestSchemaFiles:
    """Each file in schemas/ is a valid, self-identifying 2020-12 schema."""

    def test_files_match_names(self) -> None:
        """SCHEMA_NAMES lists exactly the files in schemas/."""
        assert sorted(SCHEMA_NAMES) == [path.stem for path in FILES]

    @pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
    def test_meta_schema(self, path: pathlib.Path) -> None:
        """The schema passes the Draft 2020-12 meta-schema."""
        Draft202012Validator.check_schema(json.loads(path.read_text()))

    @pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
    def test_dialect_and_id(self, path: pathlib.Path) -> None:
        """$schema is 2020-12 and $id is the base plus the file name."""
        loaded = json.loads(path.read_text())

        assert (
            "https://json-schema.org/draft/2020-12/schema",
            SCHEMA_BASE + path.name,
        ) == (loaded["$schema"], loaded["$id"])

    @pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
    def test_refs_resolve_offline(
        self, path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every $ref resolves offline to its target in schemas/."""
        monkeypatch.setattr(urllib.request, "urlopen", _no_network)
        loaded = json.loads(path.read_text())
        resolver = _registry().resolver(base_uri=loaded["$id"])

        wrong = [
            ref
            for ref in _refs(loaded)
            if resolver.lookup(ref).contents
            != python_schema(_target(loaded["$id"], ref))
        ]

        assert [] == wrong

    def test_registry_never_fetches(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An unknown $ref is an error, never a network request."""
        monkeypatch.setattr(urllib.request, "urlopen", _no_network)
        resolver = _registry().resolver()

        with pytest.raises(Unresolvable):
            resolver.lookup("https://example.com/elsewhere.json")
        with pytest.raises(Unresolvable):
            resolver.lookup(SCHEMA_BASE + "missing.json")

    @pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
    def test_packaged_copy_is_the_file(self, path: pathlib.Path) -> None:
        """importlib.resources reads the very bytes of schemas/."""
        packaged = resources.files("exerciselib").joinpath("schemas")

        assert path.read_bytes() == packaged.joinpath(path.name).read_bytes()

    def test_one_copy(self) -> None:
        """The package's schemas directory is the top-level one, not a copy."""
        inside = ROOT / "src" / "exerciselib" / "schemas"

        assert SCHEMA_DIR.resolve() == inside.resolve()

    def test_unknown_schema(self) -> None:
        """Asking for a schema that does not exist names the known ones."""
        with pytest.raises(UnknownIdError, match="exercise") as info:
            schema("excercise")

        assert "excercise" == info.value.id


def _no_network(*args: object, **kwargs: object) -> typing.NoReturn:
    """Stand in for urlopen: fail the test if anything is fetched."""
    pytest.fail(f"network access attempted: {args!r} {kwargs!r}")


class TestProblems:
    """Validation collects every problem, each with its JSON path."""

    def test_valid(self) -> None:
        """A valid document has no problems."""
        data = {"id": "a", "name": "A", "summary": "A.", "steps": ["Do."]}

        assert [] == problems(data, "exercise")

    def test_exercise_three_faults(self) -> None:
        """An exercise with three faults gives three located problems."""
        data = {
            "id": "Bad Id",
            "name": "A",
            "summary": "A.",
            "steps": [],
            "laterality": "left",
        }

        found = problems(data, "exercise")

        assert ["$.id", "$.laterality", "$.steps"] == _paths(found)
        assert "kebab-case" in found[0].message
        assert "'each-side'" in found[1].message

    def test_routine_nested_paths(self) -> None:
        """Faults deep in a routine are reported at their full paths."""
        data = {
            "id": "r",
            "name": "R",
            "items": [
                {"exercise": "a"},
                {"exercise": "b", "dosage": {"reps": 0, "sets": 1.5}},
                {"exercise": {"id": "x", "name": "X", "summary": "S"}},
                {"exercise": "c", "notes": ""},
            ]
            + [{"exercise": "d"}] * 7
            + [{"exercise": "e", "dosage": {"hold_seconds": -1}}],
            "frequency": {"days": ["mon", "mon"]},
        }

        found = problems(data, "routine")

        assert [
            "$.frequency.days",
            "$.items[1].dosage.reps",
            "$.items[1].dosage.sets",
            "$.items[2].exercise",
            "$.items[3].notes",
            "$.items[3].notes",
            "$.items[11].dosage.hold_seconds",
        ] == _paths(found)
        assert "'steps' is a required property" == found[3].message

    def test_pack_manifest(self) -> None:
        """A pack's inline exercises and paths are checked, with the file."""
        data = {
            "format": 1,
            "id": "p",
            "name": "P",
            "version": "1.0.0",
            "description": "A pack.",
            "language": "en-AU",
            "license": "CC-BY-4.0",
            "credits": [],
            "requires_exerciselib": ">=0.1",
            "exercises": [
                "exercises/a.json",
                "../b.json",
                {"id": "c", "name": "C", "summary": "C.", "steps": [""]},
            ],
            "x-note": "extensions are allowed",
        }

        found = problems(data, "pack", file="pack.json")

        assert ["$.exercises[1]", "$.exercises[2].steps[0]"] == sorted(
            set(_paths(found))
        )
        assert all("pack.json" == problem.file for problem in found)
        assert str(found[0]).startswith("pack.json:$.exercises[1]: ")

    def test_check_raises_with_every_problem(self) -> None:
        """check() raises InvalidDataError listing each problem on a line."""
        data = {"sets": 0, "reps": "ten", "cadence": "3-1-1"}

        with pytest.raises(InvalidDataError) as info:
            check(data, "dosage", file="d.json")

        message = str(info.value)

        assert ["$", "$.reps", "$.sets"] == _paths(list(info.value.problems))
        assert "d.json" == info.value.file
        assert "(3 problems)" in message
        assert "d.json:$.sets: 0 is less than the minimum of 1" in message

    def test_long_values_cut_short(self) -> None:
        """A huge bad value does not flood the message."""
        found = problems({"sets": "x" * 10_000}, "dosage")

        assert len(found[0].message) <= 300

    def test_huge_int(self) -> None:
        """An int too long to print is reported, not a crash."""
        data = {"sets": 10**5000, "reps": [1, 10**5000]}

        found = problems(data, "dosage")

        assert ["$.reps[1]", "$.sets"] == sorted(_paths(found))
        assert "too large" in found[0].message

    def test_nan_in_data(self) -> None:
        """NaN slips past the schema's bounds but not past from_dict."""
        with pytest.raises(InvalidDataError) as info:
            Dosage.from_dict({"hold_seconds": float("nan")})

        assert ["$.hold_seconds"] == _paths(list(info.value.problems))

    def test_paths_sort_numerically(self) -> None:
        """Problems in item 2 come before item 10."""
        items: list[dict[str, typing.Any]] = [{"exercise": "a"}] * 11
        items[2] = {"exercise": "A"}
        items[10] = {"exercise": "A"}

        found = problems({"id": "r", "name": "R", "items": items}, "routine")

        expected = ["$.items[2].exercise", "$.items[10].exercise"]

        assert expected == _paths(found)
