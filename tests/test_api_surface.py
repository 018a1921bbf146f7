"""
The public API surface: names, docstrings, modules and import cost.

Modelled on whenever's ``tests/test_api_surface.py``. Every check walks
``exerciselib.__all__``, so new public names are covered as they land.
"""

from __future__ import annotations

import enum
import functools
import importlib.metadata
import inspect
import json
import subprocess
import sys
import typing

import pytest

import exerciselib

PUBLIC = sorted(exerciselib.__all__)

#: Modules ``import exerciselib`` must not load: they are heavy or only
#: needed once data is validated, a schedule exported, a language chosen
#: or the command line run.
HEAVY = [
    "jsonschema",
    "referencing",
    "importlib_metadata",
    "importlib.metadata",
    "icalendar",
    "zoneinfo",
    "packaging",
    "babel",
    "gettext",
    "tomllib",
    "tempfile",
    "importlib.resources",
    "exerciselib._i18n",
    "exerciselib._packs.translations",
    "exerciselib._packs.localized",
    "exerciselib._export.paperwork",
    "exerciselib._export.handout",
    "exerciselib.cli",
]


def _public_classes() -> list[type]:
    """Every class exported by name."""
    return [
        value
        for value in (getattr(exerciselib, name) for name in PUBLIC)
        if isinstance(value, type)
    ]


def _members(cls: type) -> typing.Iterator[tuple[str, object]]:
    """Public methods and properties defined on ``cls`` itself."""
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, staticmethod | classmethod):
            yield name, value.__func__
        elif isinstance(
            value, property | functools.cached_property
        ) or inspect.isfunction(value):
            yield name, value


def _documented() -> list[tuple[str, object]]:
    """Every public class, function, method and property, by name."""
    found: list[tuple[str, object]] = []
    for name in PUBLIC:
        value = getattr(exerciselib, name)
        if isinstance(value, type):
            found.append((name, value))
            found.extend(
                (f"{name}.{member}", obj) for member, obj in _members(value)
            )
        elif callable(value):
            found.append((name, value))
    return found


class TestNames:
    """__all__ is sorted and every name in it resolves."""

    def test_sorted_and_unique(self) -> None:
        """__all__ is sorted, with no repeats."""
        assert sorted(set(exerciselib.__all__)) == exerciselib.__all__

    @pytest.mark.parametrize("name", PUBLIC)
    def test_resolves(self, name: str) -> None:
        """Every name in __all__ is an attribute of the package."""
        assert hasattr(exerciselib, name)

    def test_dir(self) -> None:
        """dir() shows the public names and __version__."""
        assert sorted([*PUBLIC, "__version__"]) == sorted(dir(exerciselib))

    def test_lazy_names_are_public(self) -> None:
        """Every lazily loaded name is also in __all__."""
        assert set(exerciselib._LAZY) <= set(PUBLIC)

    def test_unknown_name(self) -> None:
        """A name that does not exist raises AttributeError, named."""
        with pytest.raises(AttributeError, match="no_such_thing"):
            _ = exerciselib.no_such_thing


class TestDocstrings:
    """Every public member says what it is."""

    @pytest.mark.parametrize(
        ("name", "obj"), _documented(), ids=[n for n, _ in _documented()]
    )
    def test_docstring(self, name: str, obj: object) -> None:
        """The member has a docstring of its own."""
        assert (getattr(obj, "__doc__", None) or "").strip(), name

    @pytest.mark.parametrize(
        "cls", _public_classes(), ids=lambda cls: cls.__name__
    )
    def test_versionadded(self, cls: type) -> None:
        """Each public class says when it was added."""
        assert ".. versionadded::" in (cls.__doc__ or "")


class TestModules:
    """Public classes present themselves as exerciselib's."""

    @pytest.mark.parametrize(
        "cls", _public_classes(), ids=lambda cls: cls.__name__
    )
    def test_module(self, cls: type) -> None:
        """__module__ is 'exerciselib', the place to import it from."""
        assert "exerciselib" == cls.__module__

    @pytest.mark.parametrize(
        "cls",
        [c for c in _public_classes() if not issubclass(c, enum.Enum)],
        ids=lambda cls: cls.__name__,
    )
    def test_repr_uses_public_name(self, cls: type) -> None:
        """The class is found under its name in the package."""
        assert cls is getattr(exerciselib, cls.__qualname__)


def _fresh_import(code: str) -> typing.Any:
    """Run ``code`` after ``import exerciselib`` in a new interpreter."""
    script = f"import json, sys\nimport exerciselib\n{code}"
    result = subprocess.run(  # noqa: S603 -- our own interpreter and code
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


class TestImport:
    """import exerciselib stays cheap and knows its version."""

    def test_no_heavy_imports(self) -> None:
        """A fresh import loads none of the heavy or optional modules."""
        loaded = _fresh_import(
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
        )

        assert [] == loaded

    def test_model_loads_on_first_use(self) -> None:
        """The model's classes are built when a model name is first used."""
        loaded = _fresh_import(
            "before = 'exerciselib._model.types' in sys.modules\n"
            "from exerciselib import Dosage, Routine\n"
            "dosage = str(Dosage(reps=5))\n"
            "print(json.dumps([before, Routine.__module__, dosage]))"
        )

        assert [False, "exerciselib", "1 Set / 5 Reps"] == loaded

    def test_version(self) -> None:
        """__version__ is the installed distribution's version."""
        assert importlib.metadata.version("exerciselib") == (
            exerciselib.__version__
        )

    def test_version_is_lazy(self) -> None:
        """Reading __version__ works in a fresh interpreter too."""
        version = _fresh_import("print(json.dumps(exerciselib.__version__))")

        assert importlib.metadata.version("exerciselib") == version
