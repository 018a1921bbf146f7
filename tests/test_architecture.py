"""The package's layout holds: no import cycles, no private reach-ins."""

from __future__ import annotations

import ast
import importlib
import pathlib
import pkgutil
import re

import attrs
import grimp
import pytest

SRC = pathlib.Path(__file__).parent.parent / "src" / "exerciselib"

#: The one documented exception (docs/architecture.md, "Own
#: implementation"): a type's method imports, inside the method, the
#: module that implements it, which imports the type back. These edges
#: (type -> implementation) are left out; every other import counts.
OWN_IMPLEMENTATION = (
    ("exerciselib._model.types", "exerciselib._model.convert"),
    ("exerciselib._model.dosage", "exerciselib._model.convert"),
    ("exerciselib._schedule.plan", "exerciselib._schedule.plan_json"),
    ("exerciselib._schedule.timeline", "exerciselib._schedule.timeline_json"),
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """The import graph of exerciselib, lazy imports included."""
    found = grimp.build_graph(
        "exerciselib", exclude_type_checking_imports=True, cache_dir=None
    )
    for importer, imported in OWN_IMPLEMENTATION:
        found.remove_import(importer=importer, imported=imported)
    return found


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Every pair of modules that import each other, directly or not."""
    modules = sorted(graph.modules - {"exerciselib"})
    found = []
    for index, first in enumerate(modules):
        for second in modules[index + 1 :]:
            there = graph.find_shortest_chain(importer=first, imported=second)
            back = graph.find_shortest_chain(importer=second, imported=first)
            if there and back:
                found.append((*there, *back[1:]))
    return found


class TestImports:
    """The import graph has one order."""

    def test_no_cycles(self, graph: grimp.ImportGraph) -> None:
        """No two modules import each other, even through function bodies."""
        assert [] == _cycles(graph)

    def test_cycle_found(self) -> None:
        """The cycle finder sees a cycle when there is one."""
        graph = grimp.ImportGraph()
        for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
            graph.add_module(name)
        graph.add_import(importer="pkg.a", imported="pkg.b")
        graph.add_import(importer="pkg.b", imported="pkg.c")
        graph.add_import(importer="pkg.c", imported="pkg.a")

        assert 3 == len(_cycles(graph))

    def test_root_imported_only_by_the_cli(
        self, graph: grimp.ImportGraph
    ) -> None:
        """Only the command line imports the package root (for its version)."""
        importers = graph.find_modules_that_directly_import("exerciselib")

        assert set() == {
            name
            for name in importers
            if not name.startswith("exerciselib.cli")
        }


def _private_imports(path: pathlib.Path) -> list[str]:
    """``from exerciselib.x import _name`` lines in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "exerciselib"
        ):
            found.extend(
                f"{path.name}:{node.lineno}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_")
                and not alias.name.startswith("__")
                and not _is_module(node.module or "", alias.name)
            )
    return found


def _is_module(package: str, name: str) -> bool:
    """Whether ``package.name`` is a module (importing it is fine)."""
    folder = SRC.parent.joinpath(*package.split("."))
    return (folder / f"{name}.py").exists() or (folder / name).is_dir()


def test_no_private_names_across_modules() -> None:
    """No module imports a private name that another module defines."""
    found = [
        line
        for path in sorted(SRC.rglob("*.py"))
        for line in _private_imports(path)
    ]

    assert [] == found


def test_private_import_found(tmp_path: pathlib.Path) -> None:
    """The private-name check sees such an import."""
    module = tmp_path / "m.py"
    module.write_text("from exerciselib._model.dosage import _count\n")

    assert ["m.py:1: exerciselib._model.dosage._count"] == _private_imports(
        module
    )


#: The folders of Python code ruff checks.
CHECKED = ("src", "tests", "benchmarks", "packs", "docs")

#: A ``noqa`` pragma (line or file) and what follows its codes.
_NOQA = re.compile(
    r"#\s*(?:ruff:\s*)?noqa:\s*[A-Z]+[0-9]+(?:[, ]+[A-Z]+[0-9]+)*(.*)$"
)


def _unexplained(path: pathlib.Path, root: pathlib.Path) -> list[str]:
    """Each ``noqa`` in ``path`` that gives no reason after ``--``."""
    found = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        match = _NOQA.search(line)
        if match and not match.group(1).strip().startswith("-- "):
            found.append(f"{path.relative_to(root)}:{number}")
    return found


def test_every_noqa_says_why() -> None:
    """Every noqa pragma gives its reason after ``--``."""
    root = SRC.parent.parent
    found = [
        place
        for folder in CHECKED
        for path in sorted((root / folder).rglob("*.py"))
        if ".venv" not in path.parts
        for place in _unexplained(path, root)
    ]

    assert [] == found


def test_unexplained_noqa_found(tmp_path: pathlib.Path) -> None:
    """The noqa check sees a pragma without a reason."""
    module = tmp_path / "m.py"
    pragma = "# noqa" + ": F401"  # written apart, or this file is found
    module.write_text(f"import os  {pragma}\nimport re  {pragma} -- kept\n")

    assert ["m.py:1"] == _unexplained(module, tmp_path)


def _attrs_classes() -> list[type]:
    """Every attrs class exerciselib defines, public and private."""
    import exerciselib  # noqa: PLC0415 -- the walk imports every module

    found: dict[int, type] = {}
    names = [
        info.name
        for info in pkgutil.walk_packages(exerciselib.__path__, "exerciselib.")
    ]
    for name in ["exerciselib", *names]:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and attrs.has(value)
                and value.__module__.split(".")[0] == "exerciselib"
            ):
                found[id(value)] = value
    return sorted(found.values(), key=lambda cls: cls.__qualname__)


def _made_by_validators(validator: object) -> bool:
    """Whether ``validator`` is all from ``exerciselib._validators``."""
    if validator is None:
        return True
    kind = type(validator)
    if kind is type(attrs.validators.optional(attrs.validators.and_())):
        return _made_by_validators(getattr(validator, "validator", None))
    if kind is type(attrs.validators.and_()):
        parts: tuple[object, ...] = getattr(validator, "_validators", ())
        return all(map(_made_by_validators, parts))
    return kind.__module__ == "exerciselib._validators"


def _hand_written(cls: type) -> list[str]:
    """The fields of ``cls`` whose validator is not from _validators."""
    return [
        f"{cls.__qualname__}.{field.name}"
        for field in attrs.fields(cls)
        if not _made_by_validators(field.validator)
    ]


ATTRS_CLASSES = _attrs_classes()


@pytest.mark.parametrize(
    "cls", ATTRS_CLASSES, ids=lambda cls: cls.__qualname__
)
def test_one_way_to_validate(cls: type) -> None:
    """Each attrs field is checked by _validators, or not at all."""
    assert [] == _hand_written(cls)


def test_walk_finds_every_kind_of_class() -> None:
    """The walk finds public and private classes, and hand-written checks."""
    names = {cls.__qualname__ for cls in ATTRS_CLASSES}

    @attrs.frozen
    class Hand:
        value: int = attrs.field(
            validator=attrs.validators.optional(
                [attrs.validators.instance_of(int)]
            )
        )

    assert {"Dosage", "Plan", "SessionLog", "Matched"} <= names
    assert ["test_walk_finds_every_kind_of_class.<locals>.Hand.value"] == (
        _hand_written(Hand)
    )
