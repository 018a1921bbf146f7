"""
The patient's program around a routine: days and times, side, metadata.

* :func:`slots_from_frequency`: the one rule that turns a routine's
  :class:`~exerciselib.Frequency` into a plan's weekdays and local times
  of day, used by :class:`~exerciselib.Plan` and by the command line.
* :func:`to_side`: the patient's affected side, left or right.
* :func:`to_metadata`: a host's small JSON object, checked, copied and
  frozen; :func:`thaw` gives plain JSON data back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import types
import typing

from exerciselib._model.types import ALL_DAYS, Frequency, Weekday
from exerciselib._schedule.timeline import Side
from exerciselib.exceptions import ScheduleValueError

__all__ = [
    "MAX_METADATA_BYTES",
    "MAX_METADATA_DEPTH",
    "MAX_METADATA_KEY",
    "slots_from_frequency",
    "thaw",
    "to_metadata",
    "to_side",
]

#: The local times of day of one, two and three sessions a day.
_TIMES = {
    1: (dt.time(8),),
    2: (dt.time(8), dt.time(18)),
    3: (dt.time(8), dt.time(13), dt.time(18)),
}
#: More sessions a day are spread evenly from 08:00 to 20:00.
_FIRST, _LAST = 8 * 60, 20 * 60

#: Metadata limits: its JSON text in UTF-8, nesting, and key length.
MAX_METADATA_BYTES = 4096
MAX_METADATA_DEPTH = 4
MAX_METADATA_KEY = 64
#: The largest integer every JSON reader keeps exact (2**53 - 1).
_MAX_JSON_INT = 2**53 - 1


def slots_from_frequency(
    frequency: Frequency | None,
) -> tuple[tuple[Weekday, ...], tuple[dt.time, ...]]:
    """
    Return the weekdays and local times of day ``frequency`` gives.

    The days are the frequency's days (every day without a frequency).
    The times: 08:00 once a day; 08:00 and 18:00 twice; 08:00, 13:00
    and 18:00 three times; four to twelve times are spread evenly from
    08:00 to 20:00, to the minute.

    >>> days, times = slots_from_frequency(
    ...     Frequency(times_per_day=2, days=["mon", "wed", "fri"])
    ... )
    >>> [str(day) for day in days], [f"{t:%H:%M}" for t in times]
    (['mon', 'wed', 'fri'], ['08:00', '18:00'])
    >>> four = slots_from_frequency(Frequency(times_per_day=4))[1]
    >>> [f"{t:%H:%M}" for t in four]
    ['08:00', '12:00', '16:00', '20:00']
    """
    if frequency is None:
        return ALL_DAYS, _TIMES[1]
    per_day = frequency.times_per_day
    if per_day in _TIMES:
        return frequency.days, _TIMES[per_day]
    step = (_LAST - _FIRST) / (per_day - 1)
    minutes = [_FIRST + round(step * index) for index in range(per_day)]
    return frequency.days, tuple(dt.time(m // 60, m % 60) for m in minutes)


def to_side(value: object) -> Side | None:
    """
    Read an affected side: ``left``, ``right`` or None.

    Raises:
        ScheduleValueError: Anything else (``field='affected_side'``).
    """
    if value is None:
        return None
    if value in {Side.LEFT, Side.RIGHT}:
        return Side(typing.cast("str", value))
    msg = f"affected_side must be 'left', 'right' or None, got {value!r}."
    raise ScheduleValueError(msg, field="affected_side", value=value)


def _freeze(value: object, depth: int, path: str) -> object:  # noqa: C901 -- one branch a JSON type
    """A checked, immutable copy of JSON ``value`` at ``path``."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if abs(value) > _MAX_JSON_INT:
            _refuse(f"{path} is an integer JSON readers cannot keep exact")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            _refuse(f"{path} is {value!r}, which JSON cannot hold")
        return value
    if depth >= MAX_METADATA_DEPTH:
        _refuse(f"{path} nests deeper than {MAX_METADATA_DEPTH} levels")
    if isinstance(value, list | tuple):
        return tuple(
            _freeze(item, depth + 1, f"{path}[{index}]")
            for index, item in enumerate(value)
        )
    if not isinstance(value, typing.Mapping):
        _refuse(f"{path} is a {type(value).__name__}, not JSON data")
    frozen = {}
    for key, item in value.items():
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_METADATA_KEY:
            _refuse(
                f"{path} has the key {key!r}; keys must be strings of "
                f"1 to {MAX_METADATA_KEY} characters"
            )
        frozen[key] = _freeze(item, depth + 1, f"{path}.{key}")
    return types.MappingProxyType(frozen)


class _RefusalError(Exception):
    """Why the metadata is refused, raised from inside the walk."""


def _refuse(why: str) -> typing.NoReturn:
    raise _RefusalError(why)


def thaw(value: object) -> typing.Any:  # noqa: ANN401 -- JSON data
    """Plain JSON data (dicts and lists) from frozen metadata."""
    if isinstance(value, typing.Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


def to_metadata(value: object) -> typing.Mapping[str, typing.Any]:
    """
    Check and freeze a host's metadata: a small JSON object.

    Keys are strings of 1 to 64 characters; values are JSON (strings,
    finite numbers, integers of at most 53 bits, booleans, null, lists,
    objects), at most 4 levels deep and 4096 bytes as compact ASCII JSON.
    The copy is frozen: changing the mapping given afterwards changes
    nothing.

    Raises:
        ScheduleValueError: Anything else (``field='metadata'``).
    """
    if value is None:
        value = {}
    try:
        if not isinstance(value, typing.Mapping):
            _refuse(f"got a {type(value).__name__}")
        frozen = typing.cast(
            "typing.Mapping[str, typing.Any]", _freeze(value, 0, "$")
        )
        size = len(json.dumps(thaw(frozen), separators=(",", ":")))
        if size > MAX_METADATA_BYTES:
            _refuse(f"it takes {size} bytes")
    except _RefusalError as refusal:
        msg = (
            f"metadata must be a small JSON object (at most "
            f"{MAX_METADATA_BYTES} bytes of JSON, {MAX_METADATA_DEPTH} "
            f"levels deep): {refusal}."
        )
        raise ScheduleValueError(msg, field="metadata", value=value) from None
    return frozen
