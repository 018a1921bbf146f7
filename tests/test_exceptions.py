"""Tests for the exception hierarchy: roots, builtins, pickling, docs."""

from __future__ import annotations

import inspect
import pickle
import typing

import pytest

import exerciselib
from exerciselib import exceptions
from exerciselib.exceptions import (
    DosageError,
    ExerciseLibError,
    ExportError,
    InvalidDataError,
    InvalidValueError,
    LogError,
    MissingExtraError,
    PackError,
    Problem,
    ScheduleError,
    ScheduleValueError,
    UnknownIdError,
)

#: Every exception class exerciselib defines.
CLASSES = [
    value
    for value in (getattr(exceptions, name) for name in exceptions.__all__)
    if isinstance(value, type) and issubclass(value, BaseException)
]

#: The built-in exception each class also is, as documented.
BUILTINS: dict[type[Exception], type[Exception]] = {
    ExerciseLibError: Exception,
    InvalidValueError: ValueError,
    DosageError: ValueError,
    InvalidDataError: ValueError,
    PackError: Exception,
    UnknownIdError: LookupError,
    ScheduleError: ValueError,
    ScheduleValueError: ValueError,
    MissingExtraError: ImportError,
    ExportError: OSError,
    LogError: ValueError,
}

_PROBLEM = Problem(json_path="$.items[0]", message="bad", file="p.json")

#: One instance of each class, every field set to something telling.
EXAMPLES: list[ExerciseLibError] = [
    ExerciseLibError("root"),
    InvalidValueError("bad id", field="id", value="Bad"),
    DosageError("bad reps", field="reps", value=0),
    InvalidDataError("bad data", problems=[_PROBLEM], file="p.json"),
    PackError(
        "bad pack",
        pack="sciatica",
        distribution="exerciselib-sciatica",
        file="pack.json",
        json_path="$.id",
        problems=[_PROBLEM],
    ),
    UnknownIdError("no such id", id="knee", suggestions=["knee-bend"]),
    ScheduleError("bad end", field="end"),
    ScheduleValueError("bad zone", field="timezone", value="Mars/Base"),
    MissingExtraError("needs ics", extra="ics"),
    ExportError("exists", path="plan.ics", errno=17),
    LogError("no session 99", field="session", session=99),
]


def _fields(error: BaseException) -> dict[str, typing.Any]:
    """The public attributes an exception carries, besides ``args``."""
    return {
        name: value
        for name, value in vars(error).items()
        if not name.startswith("_")
    }


class TestHierarchy:
    """Every class roots in ExerciseLibError and its documented builtin."""

    def test_every_class_listed(self) -> None:
        """The tables below cover every exception class."""
        assert set(CLASSES) == set(BUILTINS)
        assert set(CLASSES) == {type(error) for error in EXAMPLES}

    @pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
    def test_roots(self, cls: type[Exception]) -> None:
        """Each class derives from ExerciseLibError and its builtin."""
        assert issubclass(cls, ExerciseLibError)
        assert issubclass(cls, BUILTINS[cls])

    def test_dosage_error_is_invalid_value(self) -> None:
        """A DosageError is caught by ``except InvalidValueError``."""
        assert issubclass(DosageError, InvalidValueError)

    def test_schedule_value_error_is_both(self) -> None:
        """A refused plan or timeline value is caught either way."""
        error = ScheduleValueError("bad", field="count", value=0)

        assert isinstance(error, InvalidValueError)
        assert isinstance(error, ScheduleError)
        assert ("count", 0) == (error.field, error.value)

    @pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
    def test_public(self, cls: type[Exception]) -> None:
        """Each class is exported from exerciselib under its own name."""
        assert cls is getattr(exerciselib, cls.__name__)
        assert "exerciselib" == cls.__module__

    @pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
    def test_documented(self, cls: type[Exception]) -> None:
        """Each class has a docstring saying when it was added."""
        doc = inspect.getdoc(cls) or ""

        assert ".. versionadded::" in doc


class TestPickle:
    """Errors pickle and unpickle with their message and fields."""

    @pytest.mark.parametrize(
        "error", EXAMPLES, ids=lambda error: type(error).__name__
    )
    def test_round_trip(self, error: ExerciseLibError) -> None:
        """The copy has the same type, message and fields."""
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own data

        assert type(error) is type(copy)
        assert str(error) == str(copy)
        assert _fields(error) == _fields(copy)

    @pytest.mark.parametrize(
        "error", EXAMPLES[1:], ids=lambda error: type(error).__name__
    )
    def test_has_fields(self, error: ExerciseLibError) -> None:
        """Each subclass carries at least one structured field."""
        assert _fields(error)


class TestFields:
    """Fields are stored as given; sequences become tuples."""

    def test_problems_tuple(self) -> None:
        """InvalidDataError keeps its problems as a tuple."""
        error = InvalidDataError("x", problems=[_PROBLEM])

        assert (_PROBLEM,) == error.problems

    def test_unknown_id_str(self) -> None:
        """UnknownIdError's str() is its message, not a quoted repr."""
        error = UnknownIdError("No exercise 'knee'.", id="knee")

        assert "No exercise 'knee'." == str(error)

    @pytest.mark.parametrize(
        ("problem", "expected"),
        [
            (_PROBLEM, "p.json:$.items[0]: bad"),
            (Problem(message="missing"), "$: missing"),
        ],
    )
    def test_problem_str(self, problem: Problem, expected: str) -> None:
        """A problem prints as file:path: message."""
        assert expected == str(problem)
