"""
Dosage: how much of an exercise to do, in the clinical notation.

The notation is the one home-exercise handouts use, such as
``1 Set / 10 Reps / 5 s hold``: sets, repetitions per set and how long
each repetition is held, plus optional rests.
"""

from __future__ import annotations

import functools
import math
import re
import typing

import attrs

from exerciselib.exceptions import DosageError

__all__ = ["Dosage"]

#: Upper bounds that no home-exercise prescription reaches; larger values
#: are almost always a unit mistake (milliseconds typed as seconds).
MAX_SETS = 100
MAX_REPS = 1000
MAX_SECONDS = 3600.0

DEFAULT_REST_BETWEEN_REPS = 0.0
DEFAULT_REST_BETWEEN_SETS = 30.0

#: Values longer than this are cut short in messages.
_MAX_SHOWN = 80

_EXAMPLE = "'1 Set / 10 Reps / 5 s hold' or '3 sets / 12 reps'"


def _count(
    maximum: int,
) -> typing.Callable[[object, attrs.Attribute[int], int], None]:
    def check(_: object, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            msg = (
                f"Dosage {attribute.name} must be a whole number, "
                f"got {_show(value)}."
            )
            raise DosageError(msg, field=attribute.name, value=value)
        if not 1 <= value <= maximum:
            msg = (
                f"Dosage {attribute.name} must be between 1 and {maximum}, "
                f"got {_show(value)}."
            )
            raise DosageError(msg, field=attribute.name, value=value)

    return check


def _show(value: object) -> str:
    """Quote ``value`` for a message, cut short if it is long."""
    try:
        text = repr(value)
    except ValueError:  # an int with more digits than str() allows
        return "a number too large to show"
    return text if len(text) <= _MAX_SHOWN else f"{text[: _MAX_SHOWN - 3]}..."


def _seconds(
    _: object, attribute: attrs.Attribute[float], value: float
) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"Dosage {attribute.name} must be a number, got {_show(value)}."
        raise DosageError(msg, field=attribute.name, value=value)
    if not (isinstance(value, int) or math.isfinite(value)) or not (
        0 <= value <= MAX_SECONDS
    ):
        msg = (
            f"Dosage {attribute.name} must be a finite number of seconds "
            f"from 0 to {MAX_SECONDS:g}, got {_show(value)}."
        )
        raise DosageError(msg, field=attribute.name, value=value)


def _to_seconds(value: float) -> float:
    """Accept ints and floats; keep millisecond precision, the engine's."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value  # the validator names the field and the bad value
    if isinstance(value, int) and abs(value) > MAX_SECONDS:
        return value  # may not fit a float; the validator refuses it
    if not math.isfinite(value):
        return float(value)
    return round(float(value), 3) + 0.0  # + 0.0 turns -0.0 into 0.0


def _fmt(seconds: float) -> str:
    """Write seconds the shortest way that reads back to the same float."""
    if seconds.is_integer():
        return str(int(seconds))
    return repr(seconds)


@typing.final
@attrs.frozen(kw_only=True)
class Dosage:
    """
    How much of an exercise to do: sets, reps, hold and rests.

    Times are in seconds and kept to the millisecond. Text in the clinical
    notation is read with :meth:`parse`, and ``str()`` writes it back in
    the canonical form:

    >>> dosage = Dosage.parse("1 Set / 10 Reps / 5 s hold")
    >>> dosage.reps, dosage.hold_seconds
    (10, 5.0)
    >>> str(dosage)
    '1 Set / 10 Reps / 5 s hold'

    Raises:
        DosageError: A value is not a whole number (sets, reps), not a
            finite number of seconds, or out of range.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Number of sets, 1 to 100.
    sets: int = attrs.field(default=1, validator=_count(MAX_SETS))
    #: Repetitions in each set, 1 to 1000. For an exercise done on
    #: alternating sides, one rep is one hold on each side.
    reps: int = attrs.field(default=1, validator=_count(MAX_REPS))
    #: Seconds each repetition is held; 0 for a movement with no hold.
    hold_seconds: float = attrs.field(
        default=0.0, converter=_to_seconds, validator=_seconds
    )
    #: Seconds of rest between repetitions (default 0: straight on).
    rest_between_reps_seconds: float = attrs.field(
        default=DEFAULT_REST_BETWEEN_REPS,
        converter=_to_seconds,
        validator=_seconds,
    )
    #: Seconds of rest between sets (default 30).
    rest_between_sets_seconds: float = attrs.field(
        default=DEFAULT_REST_BETWEEN_SETS,
        converter=_to_seconds,
        validator=_seconds,
    )

    def __str__(self) -> str:
        parts = [
            f"{self.sets} Set{'s' if self.sets != 1 else ''}",
            f"{self.reps} Rep{'s' if self.reps != 1 else ''}",
        ]
        if self.hold_seconds:
            parts.append(f"{_fmt(self.hold_seconds)} s hold")
        if self.rest_between_reps_seconds != DEFAULT_REST_BETWEEN_REPS:
            parts.append(
                f"{_fmt(self.rest_between_reps_seconds)} s rest between reps"
            )
        if self.rest_between_sets_seconds != DEFAULT_REST_BETWEEN_SETS:
            parts.append(
                f"{_fmt(self.rest_between_sets_seconds)} s rest between sets"
            )
        return " / ".join(parts)

    @classmethod
    def parse(cls, text: str) -> Dosage:
        """
        Read a dosage written in the clinical notation.

        Case and spacing do not matter. Accepted forms include
        ``1 Set / 1 Rep / 30 s hold``, ``3 sets / 12 reps``,
        ``2 x 10 x 5s`` (sets x reps x hold), ``hold 30 seconds``,
        ``30s hold`` and the rests that ``str()`` writes, such as
        ``60 s rest between sets``. Parts left out take their defaults.

        >>> Dosage.parse("2 x 10 x 5s")
        Dosage(sets=2, reps=10, hold_seconds=5.0, \
rest_between_reps_seconds=0.0, rest_between_sets_seconds=30.0)

        Args:
            text: The dosage text.

        Returns:
            The dosage the text describes.

        Raises:
            DosageError: The text cannot be read (the message quotes it and
                shows an accepted example) or a value is out of range.
        """
        # Typed callers pass a str; untyped ones get a DosageError too.
        if not isinstance(typing.cast("object", text), str):
            msg = f"Dosage text must be a string, got {_show(text)}."
            raise DosageError(msg, field="text", value=text)
        values = _parse(text)
        if values is None:
            msg = (
                f"Cannot read the dosage {_show(text)}; "
                f"write it like {_EXAMPLE}."
            )
            raise DosageError(msg, field="text", value=text)
        return cls(**values)

    def to_dict(self) -> dict[str, typing.Any]:
        """
        Return the dosage as JSON data matching ``dosage`` schema.

        Every field is written, so the data does not depend on defaults.
        """
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "rest_between_reps_seconds": self.rest_between_reps_seconds,
            "rest_between_sets_seconds": self.rest_between_sets_seconds,
        }

    @classmethod
    def from_dict(cls, data: object) -> Dosage:
        """
        Build a dosage from JSON data matching the ``dosage`` schema.

        Raises:
            InvalidDataError: The data does not match the schema; every
                problem is listed with its JSON path.
        """
        from exerciselib._serialize import dosage_from_dict  # noqa: PLC0415 -- cycle: _serialize imports _dosage

        return dosage_from_dict(data)


_NUM = r"(\d{1,9}(?:\.\d{1,9})?)"
# An optional hyphen allows "30-second hold".
_UNIT = r"(?:\s*-?\s*(s|secs?|seconds?|mins?|minutes?))"
#: ``sets x reps`` or ``sets x reps x hold``; "x", "*" or the
#: multiplication sign (U+00D7) between.
_BY = "[x*\N{MULTIPLICATION SIGN}]"


@functools.cache
def _patterns() -> tuple[
    re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]
]:
    """
    The ``sets x reps`` pattern and the patterns of the named parts.

    Compiled on first use rather than at import: most programs never
    parse dosage text, and ``import exerciselib`` should stay cheap.
    """
    times = re.compile(
        rf"(\d{{1,9}})\s*{_BY}\s*(\d{{1,9}})"
        rf"(?:\s*{_BY}\s*{_NUM}{_UNIT}?(?:\s*holds?)?)?"
    )
    parts = (
        ("sets", re.compile(r"(\d{1,9})\s*sets?")),
        ("reps", re.compile(r"(\d{1,9})\s*(?:reps?|repetitions?)")),
        ("hold_seconds", re.compile(rf"{_NUM}{_UNIT}?\s*holds?")),
        (
            "hold_seconds",
            re.compile(rf"holds?\s*(?:for\s*)?{_NUM}\s*{_UNIT}?"),
        ),
        (
            "rest_between_reps_seconds",
            re.compile(rf"{_NUM}{_UNIT}?\s*rests?\s*between\s*reps"),
        ),
        (
            "rest_between_sets_seconds",
            re.compile(rf"{_NUM}{_UNIT}?\s*rests?\s*between\s*sets"),
        ),
    )
    return times, parts


def _seconds_of(number: str, unit: str | None) -> float:
    value = float(number)
    if unit and unit.startswith("m"):
        value *= 60
    return value


def _parse(text: str) -> dict[str, typing.Any] | None:
    """Return the dosage fields in ``text``, or None if it is unreadable."""
    normal = " ".join(text.lower().split())
    times_pattern, part_patterns = _patterns()
    times = times_pattern.fullmatch(normal)
    if times:
        sets, reps, hold, unit = times.groups()
        values: dict[str, typing.Any] = {"sets": int(sets), "reps": int(reps)}
        if hold is not None:
            values["hold_seconds"] = _seconds_of(hold, unit)
        return values
    parts = [part.strip() for part in re.split(r"[/,;]", normal)]
    values = {}
    for part in parts:
        for name, pattern in part_patterns:
            match = pattern.fullmatch(part)
            if match is None:
                continue
            if name in values:
                return None  # the same field twice is ambiguous
            groups = match.groups()
            if name in {"sets", "reps"}:
                values[name] = int(groups[0])
            else:
                values[name] = _seconds_of(groups[0], groups[1])
            break
        else:
            return None
    return values or None
