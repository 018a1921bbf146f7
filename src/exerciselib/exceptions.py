"""
The exceptions exerciselib raises.

Every error the library raises on purpose derives from
:class:`ExerciseLibError`, and each also derives from the built-in
exception whose meaning it shares, so ``except ValueError`` keeps working
for callers that do not know the library's hierarchy.
"""

from __future__ import annotations

import typing

import attrs

__all__ = [
    "DosageError",
    "ExerciseLibError",
    "ExportError",
    "InvalidDataError",
    "InvalidValueError",
    "LogError",
    "MissingExtraError",
    "PackError",
    "Problem",
    "ScheduleError",
    "ScheduleValueError",
    "UnknownIdError",
]


class ExerciseLibError(Exception):
    """
    The root of every error exerciselib raises.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"


@typing.final
@attrs.frozen(kw_only=True)
class Problem:
    """
    One thing wrong with a piece of JSON data.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Where the problem is, as a JSON path such as ``$.items[2].dosage``.
    json_path: str = "$"
    #: What is wrong and, where it can, how to fix it.
    message: str
    #: The file holding the data, when it came from a file.
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:" if self.file else ""
        return f"{where}{self.json_path}: {self.message}"


class InvalidValueError(ExerciseLibError, ValueError):
    """
    A value given to an exerciselib type is refused.

    Raised when an :class:`~exerciselib.Exercise`, a
    :class:`~exerciselib.Routine` or another core type is built with a
    value of the wrong type or out of range. Data read with ``from_dict``
    reports the same faults as :class:`InvalidDataError` instead, with
    their JSON paths.

    Attributes:
        field: The field at fault, such as ``"id"`` or ``"steps"``.
        value: The rejected value.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(self, message: str, *, field: str, value: object) -> None:
        super().__init__(message)
        self.field = field
        self.value = value

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                str(self),
                {"field": self.field, "value": self.value},
            ),
        )


@typing.final
class DosageError(InvalidValueError):
    """
    A dosage value is out of range or dosage text cannot be read.

    Attributes:
        field: The dosage field at fault (``"reps"``), or ``"text"`` for
            text that :meth:`exerciselib.Dosage.parse` could not read.
        value: The rejected value.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"


class InvalidDataError(ExerciseLibError, ValueError):
    """
    JSON data does not match its exerciselib schema or meaning.

    Every problem found is collected, not only the first.

    Attributes:
        problems: Each problem with its JSON path, sorted by path.
        file: The file the data came from, if any.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(
        self,
        message: str,
        *,
        problems: typing.Sequence[Problem] = (),
        file: str | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = tuple(problems)
        self.file = file

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                str(self),
                {"problems": self.problems, "file": self.file},
            ),
        )


class PackError(ExerciseLibError):
    """
    A content pack could not be found, read, validated or loaded.

    Attributes:
        pack: The pack id, when known.
        distribution: The Python distribution that provided the pack.
        file: The file at fault, relative to the pack root.
        json_path: The JSON path at fault inside ``file``.
        problems: Every problem found, for validation failures.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(
        self,
        message: str,
        *,
        pack: str | None = None,
        distribution: str | None = None,
        file: str | None = None,
        json_path: str | None = None,
        problems: typing.Sequence[Problem] = (),
    ) -> None:
        super().__init__(message)
        self.pack = pack
        self.distribution = distribution
        self.file = file
        self.json_path = json_path
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                str(self),
                {
                    "pack": self.pack,
                    "distribution": self.distribution,
                    "file": self.file,
                    "json_path": self.json_path,
                    "problems": self.problems,
                },
            ),
        )


class UnknownIdError(ExerciseLibError, LookupError):
    """
    No exercise, routine or pack has the id asked for.

    Attributes:
        id: The id asked for.
        suggestions: Close matches among the known ids, best first.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(
        self,
        message: str,
        *,
        id: str,  # noqa: A002 -- the attribute is the id looked up
        suggestions: typing.Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.id = id
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        # LookupError's str() would repr() a lone argument; keep the text.
        return str(self.args[0])

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                str(self),
                {"id": self.id, "suggestions": self.suggestions},
            ),
        )


class ScheduleError(ExerciseLibError, ValueError):
    """
    A timeline or plan cannot be built from the values given.

    Attributes:
        field: The argument or field at fault (``"end"``, ``"times"``).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (_rebuild, (type(self), str(self), {"field": self.field}))


@typing.final
class ScheduleValueError(InvalidValueError, ScheduleError):
    """
    A value given to a timeline or plan type is refused.

    Raised when a :class:`~exerciselib.Step`, a
    :class:`~exerciselib.Timeline`, a :class:`~exerciselib.Plan`, a
    :class:`~exerciselib.ScheduledSession` or
    :func:`~exerciselib.session_timeline` is given a value of the wrong
    type or out of range. It is an :class:`InvalidValueError`, as every
    refused value is, and also a :class:`ScheduleError`, which these
    refusals were before 0.2, so ``except ScheduleError`` keeps working.
    A plan whose values are each fine but cannot work together raises
    a plain :class:`ScheduleError`.

    Attributes:
        field: The field or argument at fault, such as ``"timezone"``.
        value: The rejected value.

    .. versionadded:: 0.2.0
    """

    __module__ = "exerciselib"

    def __init__(self, message: str, *, field: str, value: object) -> None:
        # Both parents set ``field``; neither __init__ takes the other's
        # arguments, so the message goes straight to Exception.
        Exception.__init__(self, message)
        self.field = field
        self.value = value


@typing.final
class ExportError(ExerciseLibError, OSError):
    """
    An export could not be written to its file.

    Raised when the file exists and replacing it was not allowed
    (``errno`` is :data:`errno.EEXIST`), or when the operating system
    refused the write (the original :class:`OSError` is the cause and its
    ``errno`` is kept). Either way the file that was there before is left
    as it was.

    Attributes:
        path: The file that was to be written.
        errno: The error number, as on :class:`OSError`.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(
        self, message: str, *, path: str, errno: int | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.errno = errno
        self.filename = path

    def __str__(self) -> str:
        # OSError's str() would format errno and filename; keep the text.
        return str(self.args[0])

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (
            _rebuild,
            (type(self), str(self), {"path": self.path, "errno": self.errno}),
        )


@typing.final
class LogError(ExerciseLibError, ValueError):
    """
    A session log does not fit the plan it is read against.

    Raised for a log of a session the plan does not have, a log done
    after ``as_of``, an item the routine does not have, or two logs of
    one session done at the same moment that disagree.

    Attributes:
        field: The log field at fault (``"session"``, ``"done_at"``,
            ``"items"``).
        session: The session number or start the log names, as given.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(
        self, message: str, *, field: str, session: object = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.session = session

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                str(self),
                {"field": self.field, "session": self.session},
            ),
        )


@typing.final
class MissingExtraError(ExerciseLibError, ImportError):
    """
    A feature needs an optional dependency that is not installed.

    Attributes:
        extra: The extra to install, as in ``pip install exerciselib[ics]``.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    def __init__(self, message: str, *, extra: str) -> None:
        super().__init__(message)
        self.extra = extra

    def __reduce__(self) -> tuple[typing.Any, ...]:
        return (_rebuild, (type(self), str(self), {"extra": self.extra}))


def _rebuild(
    cls: type[ExerciseLibError],
    message: str,
    fields: dict[str, typing.Any],
) -> ExerciseLibError:
    """Rebuild an exception from its message and fields (for pickle)."""
    return cls(message, **fields)
