"""
Every ``>>>`` example in exerciselib's docstrings runs and passes.

Public classes set ``__module__ = "exerciselib"``, so ``doctest.testmod``
of the module that defines one skips it and its methods. Two walks find
every example instead:

* the public one: each name in ``exerciselib.__all__`` and in
  ``exerciselib.exceptions``, and each method and property of those
  classes, run with the public names as globals (what a reader of the
  API reference has);
* the module one: every module under ``exerciselib``, at any depth, with
  that module's globals, for private helpers and module docstrings.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
import typing

import pytest

import exerciselib
from exerciselib import exceptions

if typing.TYPE_CHECKING:
    import types

#: How examples compare output (``...`` elides a long repr).
OPTIONS = doctest.ELLIPSIS


def modules() -> list[types.ModuleType]:
    """Return exerciselib and every module under it, at any depth."""
    # __main__ stands for running the command line; it has no examples.
    return [exerciselib] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(exerciselib.__path__, "exerciselib.")
        if info.name.rpartition(".")[2] != "__main__"
    ]


def public_objects() -> dict[str, object]:
    """Return every public name's object, by its public dotted name."""
    found: dict[str, object] = {
        f"exerciselib.{name}": getattr(exerciselib, name)
        for name in exerciselib.__all__
    }
    found.update(
        (f"exerciselib.exceptions.{name}", getattr(exceptions, name))
        for name in exceptions.__all__
    )
    return found


def members(cls: type) -> typing.Iterator[tuple[str, object]]:
    """Yield the functions behind ``cls``'s own methods and properties."""
    for name, value in vars(cls).items():
        if isinstance(value, staticmethod | classmethod):
            yield name, value.__func__
        elif isinstance(value, property) and value.fget is not None:
            yield name, value.fget
        elif inspect.isfunction(value):
            yield name, value


def home(cls: type, candidates: list[types.ModuleType]) -> types.ModuleType:
    """Return the module whose source defines ``cls``."""
    pattern = re.compile(rf"^class {re.escape(cls.__name__)}\b", re.MULTILINE)
    for module in candidates:
        if vars(module).get(cls.__name__) is cls and pattern.search(
            inspect.getsource(module)
        ):
            return module
    msg = f"no module under exerciselib defines {cls.__qualname__}"
    raise LookupError(msg)


def docstring_line(cls: type, module: types.ModuleType) -> int:
    """
    Return the 0-based line where ``cls``'s docstring opens in ``module``.

    doctest counts an example's line from there, as it does for functions.
    """
    header = re.compile(rf"^class {re.escape(cls.__name__)}\b")
    quotes = re.compile(r"^\s*[rRuU]?(\"{3}|'{3})")
    lines = inspect.getsource(module).splitlines()
    start = next(i for i, line in enumerate(lines) if header.match(line))
    return next(i for i in range(start, len(lines)) if quotes.match(lines[i]))


def public_tests(
    all_modules: list[types.ModuleType],
) -> list[doctest.DocTest]:
    """Return the doctests of the public names and their members."""
    finder = doctest.DocTestFinder(recurse=False)
    globs = {"exerciselib": exerciselib} | {
        name: getattr(exerciselib, name) for name in exerciselib.__all__
    }
    tests = []
    for name, obj in public_objects().items():
        if inspect.isclass(obj):
            module = home(obj, all_modules)
            for test in finder.find(obj, name, module=False, globs=globs):
                # doctest looks for the class in the module __module__
                # names; point the test at the file that defines it.
                test.filename = module.__file__
                test.lineno = docstring_line(obj, module)
                tests.append(test)
            for member, function in members(obj):
                tests.extend(
                    finder.find(
                        function,
                        f"{name}.{member}",
                        module=inspect.getmodule(function),
                        globs=globs,
                    )
                )
        elif inspect.isfunction(obj):
            tests.extend(
                finder.find(
                    obj, name, module=inspect.getmodule(obj), globs=globs
                )
            )
    return [test for test in tests if test.examples]


def all_tests() -> list[doctest.DocTest]:
    """
    Return every docstring's doctest once, public walk first.

    A docstring is found more than once when a name is public twice
    (``exerciselib.DosageError``, ``exerciselib.exceptions.DosageError``)
    or public and in its module (``session_timeline``); it runs once.
    """
    all_modules = modules()
    tests = []
    seen: set[str] = set()
    finder = doctest.DocTestFinder()
    found = public_tests(all_modules) + [
        test
        for module in all_modules
        for test in finder.find(module)
        if test.examples
    ]
    for test in found:
        if test.docstring not in seen:
            seen.add(test.docstring or "")
            tests.append(test)
    return sorted(tests, key=lambda test: test.name)


TESTS = all_tests()


class TestDocstringExamples:
    """Docstring examples are specifications: each one runs as written."""

    @pytest.mark.parametrize("test", TESTS, ids=lambda test: test.name)
    def test_example_runs(self, test: doctest.DocTest) -> None:
        """The docstring's examples give the output they show."""
        output: list[str] = []
        runner = doctest.DocTestRunner(optionflags=OPTIONS)

        result = runner.run(test, out=output.append, clear_globs=True)

        assert 0 == result.failed, "".join(output)

    def test_examples_found(self) -> None:
        """The walks find examples, public and private, so this can fail."""
        names = {test.name for test in TESTS}

        assert sum(len(test.examples) for test in TESTS) > 0
        assert "exerciselib.Exercise" in names
        assert "exerciselib.Dosage.parse" in names
        assert any(
            not name.startswith("exerciselib.") or "._" in name
            for name in names
        )
