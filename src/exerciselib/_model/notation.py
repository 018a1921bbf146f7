"""
The clinical notation of a dosage: reading it and writing it.

Reading splits the text into parts at ``/``, ``,``, ``;`` and ``@``,
then reads each part token by token from a fixed list of patterns (the
first that matches wins). A token no pattern reads, an empty part, or a
field given twice is refused with the token and its position in the
text. Values are checked afterwards, by :class:`exerciselib.Dosage`.

Writing gives one canonical form, ``1 Set / 10 Reps / 5 s hold``: sets
first, then the work (reps, a duration or a distance), then every other
part that differs from its default, in a fixed order.
"""

from __future__ import annotations

import functools
import re
import typing

from exerciselib._text import show
from exerciselib.exceptions import DosageError

if typing.TYPE_CHECKING:
    from exerciselib._model.dosage import Dosage
    from exerciselib._model.types import Routine

__all__ = [
    "BAND_COLOURS",
    "DEFAULT_REST_BETWEEN_REPS",
    "DEFAULT_REST_BETWEEN_SETS",
    "EXAMPLE",
    "fmt",
    "group_line",
    "read",
    "write",
]

#: Resistance-band colours, the Thera-Band range from lightest to
#: heaviest (tan is the lightest, gold the heaviest).
BAND_COLOURS = (
    "tan",
    "yellow",
    "red",
    "green",
    "blue",
    "black",
    "silver",
    "gold",
)

EXAMPLE = "'1 Set / 10 Reps / 5 s hold' or '3 x 8-12 @ 5 kg'"

DEFAULT_REST_BETWEEN_REPS = 0.0
DEFAULT_REST_BETWEEN_SETS = 30.0

#: A number; German and Spanish write the decimal comma (``2,5``).
_NUM = r"([0-9]{1,9}(?:[.,][0-9]{1,9})?)"
_INT = r"([0-9]{1,9})"
#: A range's top: ``8-12``, ``8 - 12`` or ``8 to 12``.
_TOP = r"(?:\s*(?:-|\N{EN DASH}|to)\s*([0-9]{1,9}))?"
# An optional hyphen allows "30-second hold".
# German and Spanish: Sek., Sekunden, segundos; Min., Minuten, minutos.
_SEC = (
    r"(s|secs?|seconds?|min\.|mins?|minutes?|sek\.|sek|sekunden?|"
    r"segundos?|minuten?|minutos?)"
)
_TIME = rf"{_NUM}\s*-?\s*{_SEC}"
_TIME_OPT = rf"{_NUM}(?:\s*-?\s*{_SEC})?"
_DIST = r"(m|metres?|meters?|km|kilometres?|kilometers?|mi|miles?)"
#: ``x``, ``*`` or the multiplication sign (U+00D7).
_BY = "\\s*[x*\N{MULTIPLICATION SIGN}]\\s*"
# German Wdh. and Wiederholung(en), Spanish rep. and repetición(es).
_REPS = (
    r"(?:wdh\.|wiederholungen|wiederholung|rep\.|reps?|repetitions?|"
    r"repeticiones|repetici[oó]n)"
)
# German Satz and Sätze, Spanish serie(s).
_SETS = r"(?:sets?|s[äa]tze|satz|series|serie)"
#: Every token ends at the end of a word or number.
_END = r"(?![a-z0-9])"

_Values = dict[str, typing.Any]


def _float(number: str) -> float:
    """A number read with a decimal point or a decimal comma."""
    return float(number.replace(",", "."))


def _seconds(number: str, unit: str | None) -> float:
    value = _float(number)
    if unit and unit.lower().startswith("m"):
        value *= 60
    return value


def _metres(number: str, unit: str) -> float:
    value = _float(number)
    unit = unit.lower()
    if unit.startswith("k"):
        return value * 1000
    if unit.startswith("mi"):
        return float(round(value * 1609.344))
    return value


def _range(values: _Values, low: str, high: str | None) -> None:
    values["reps"] = int(low)
    if high is not None:
        values["reps_max"] = int(high)


def _sets_of(g: tuple[str, ...], values: _Values) -> None:
    values["sets"] = int(g[0])
    _range(values, g[1], g[2])


def _reps_by_sets(g: tuple[str, ...], values: _Values) -> None:
    _range(values, g[0], g[1])
    values["sets"] = int(g[2])


def _head_time(g: tuple[str, ...], values: _Values) -> None:
    values["sets"] = int(g[0])
    values["work_seconds"] = _seconds(g[1], g[2])


def _head_distance(g: tuple[str, ...], values: _Values) -> None:
    values["sets"] = int(g[0])
    values["distance_m"] = _metres(g[1], g[2])


def _head_reps(g: tuple[str, ...], values: _Values) -> None:
    values["sets"] = int(g[0])
    _range(values, g[1], g[2])
    if g[3] is not None:
        values["hold_seconds"] = _seconds(g[3], g[4])


def _one(name: str, read: typing.Callable[..., object]) -> _Handler:
    def handle(g: tuple[str, ...], values: _Values) -> None:
        values[name] = read(*g)

    return handle


def _rest_local(g: tuple[str, ...], values: _Values) -> None:
    """A German or Spanish rest: between reps, or between sets."""
    which = "sets" if g[2].lower().startswith("s") else "reps"
    values[f"rest_between_{which}_seconds"] = _seconds(g[0], g[1])


def _rest(g: tuple[str, ...], values: _Values) -> None:
    which = g[2].lower()
    values[f"rest_between_{which}_seconds"] = _seconds(g[0], g[1])


def _tempo(g: tuple[str, ...], values: _Values) -> None:
    values["tempo"] = tuple(int(phase) for phase in g)


def _flag(name: str) -> _Handler:
    def handle(_: tuple[str, ...], values: _Values) -> None:
        values[name] = True

    return handle


def _reps(g: tuple[str, ...], values: _Values) -> None:
    _range(values, g[0], g[1])


_Handler = typing.Callable[[tuple[str, ...], _Values], None]


@functools.cache
def _tokens() -> tuple[tuple[re.Pattern[str], _Handler], ...]:
    """
    The token patterns, most specific first, with their handlers.

    Compiled on first use rather than at import: most programs never
    parse dosage text, and ``import exerciselib`` should stay cheap.
    """
    colours = "|".join(BAND_COLOURS)
    table: list[tuple[str, _Handler]] = [
        # 3 sets of 10, 3 sets of 8-12 reps
        (rf"{_INT}\s*sets?\s*of\s*{_INT}{_TOP}(?:\s*{_REPS})?", _sets_of),
        # 10 reps x 3 sets
        (rf"{_INT}{_TOP}\s*{_REPS}{_BY}{_INT}\s*sets?", _reps_by_sets),
        # 3 x 30 s, 2 x 400 m, 2 x 10 (x 5 s hold), 3 x 8-12
        (rf"{_INT}{_BY}{_TIME}", _head_time),
        (rf"{_INT}{_BY}{_NUM}\s*{_DIST}", _head_distance),
        (
            (
                rf"{_INT}{_BY}{_INT}{_TOP}"
                rf"(?:{_BY}{_TIME_OPT}(?:\s*holds?)?)?"
            ),
            _head_reps,
        ),
        (rf"{_INT}\s*{_SETS}", _one("sets", int)),
        (
            rf"{_INT}\s*(?:rir|reps?\s+in\s+reserve)",
            _one("rir", int),
        ),
        (rf"rir\s*:?\s*{_INT}", _one("rir", int)),
        (rf"{_INT}{_TOP}\s*{_REPS}", _reps),
        (
            rf"{_TIME_OPT}\s*(?:of\s*)?rests?\s*between\s*(reps|sets)",
            _rest,
        ),
        (
            rf"rests?\s*(?:for\s*)?{_TIME_OPT}\s*between\s*(reps|sets)",
            _rest,
        ),
        # German "5 s halten" and "30 s Pause zwischen den Sätzen";
        # Spanish "mantener 5 s" and "30 s de descanso entre series".
        (
            (
                rf"{_TIME_OPT}\s*pause\s*zwischen\s*den\s*"
                r"(wdh\.|wiederholungen|s[äa]tzen)"
            ),
            _rest_local,
        ),
        (
            rf"{_TIME_OPT}\s*de\s*descanso\s*entre\s*(repeticiones|series)",
            _rest_local,
        ),
        (rf"{_TIME_OPT}\s*(?:holds?|halten)", _one("hold_seconds", _seconds)),
        (
            rf"(?:holds?|mantener)\s*(?:for\s*)?{_TIME_OPT}",
            _one("hold_seconds", _seconds),
        ),
        (
            r"tempo\s*:?\s*([0-9]{1,2})-([0-9]{1,2})-([0-9]{1,2})-([0-9]{1,2})",
            _tempo,
        ),
        (
            rf"{_NUM}\s*(?:kgs?|kilos?|kilograms?)",
            _one("load_kg", _float),
        ),
        (rf"{_NUM}\s*(?:lbs?|pounds?)", _one("load_lb", _float)),
        (
            rf"({colours})\s*(?:resistance\s*|exercise\s*)?band",
            _one("band", str.lower),
        ),
        (
            r"body\s*-?\s*weight|bw|k[öo]rpergewicht|peso\s+corporal",
            _flag("bodyweight"),
        ),
        (rf"rpe\s*:?\s*{_NUM}", _one("rpe", _float)),
        (
            (
                r"(?:on\s+)?(?:each|per|every)\s+(?:side|leg|arm)"
                r"|pro\s+seite|por\s+(?:cada\s+)?lado"
            ),
            _flag("per_side"),
        ),
        (rf"(?:for\s*)?{_TIME}", _one("work_seconds", _seconds)),
        (rf"{_NUM}\s*{_DIST}", _one("distance_m", _metres)),
    ]
    return tuple(
        (re.compile(pattern + _END, re.IGNORECASE), handler)
        for pattern, handler in table
    )


#: A leading activity word or words ("walk 10 min"), not a value.
_ACTIVITY = r"[^\W\d_]+(?:[\s-]+[^\W\d_]+)*(?=\s+[0-9])"
_PART = r"[^/,;@]*"
#: Parts are split at "/", ";", "@" and a comma that is not a decimal
#: comma (one between two digits, as in "2,5 kg").
_SEPARATOR = r"[/;@]|(?<![0-9]),|,(?![0-9])"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` on first use: ``import exerciselib`` stays cheap."""
    return re.compile(pattern)


def _refuse(text: str, why: str) -> typing.NoReturn:
    msg = (
        f"Cannot read the dosage {show(text)}: {why}; write it like {EXAMPLE}."
    )
    raise DosageError(msg, field="text", value=text)


#: The longest stretch of text a refusal quotes.
_QUOTED = 24


def _token_at(text: str, position: int) -> str:
    """The rest of the part at ``position``, cut short for a message."""
    rest = _compiled(_PART).match(text, position)
    found = (rest.group() if rest else "").strip()
    return found if len(found) <= _QUOTED else f"{found[: _QUOTED - 3]}..."


def _read_token(
    text: str, index: int, end: int, values: _Values
) -> int | None:
    """Read the token at ``index`` into ``values``; return where it ends."""
    for pattern, handler in _tokens():
        match = pattern.match(text, index, end)
        if match is None:
            continue
        found: _Values = {}
        handler(match.groups(), found)
        again = sorted(set(found) & set(values))
        if again:
            _refuse(
                text,
                f"{match.group()!r} at position {index} gives "
                f"{' and '.join(again)} a second time",
            )
        values.update(found)
        return match.end()
    return None


def _read_part(
    text: str, span: tuple[int, int], values: _Values, *, first: bool
) -> None:
    """Read the tokens of one part, ``text[start:end]``, into ``values``."""
    index, end = span
    while True:
        while index < end and text[index].isspace():
            index += 1
        if index >= end:
            return
        after = _read_token(text, index, end, values)
        if after is None:
            label = (
                _compiled(_ACTIVITY).match(text, index, end) if first else None
            )
            if label is None:
                _refuse(
                    text,
                    f"{_token_at(text, index)!r} at position {index} "
                    "is not a part of the notation",
                )
            after = label.end()
        index = after
        first = False


def read(text: str) -> dict[str, typing.Any]:
    """
    Return the dosage fields ``text`` writes, unchecked.

    Raises:
        DosageError: A part is empty, a token cannot be read, or a field
            is given twice (``field='text'``; the message quotes the
            token and its position, counted from 0).
    """
    values: _Values = {}
    start = 0
    for number, part in enumerate(_compiled(_SEPARATOR).split(text)):
        if not part.strip():
            where = (
                "before the first separator"
                if start == 0
                else f"after the separator at position {start - 1}"
            )
            _refuse(
                text,
                f"part {number + 1} ({where}) is empty; write one value "
                "between separators",
            )
        _read_part(text, (start, start + len(part)), values, first=not number)
        start += len(part) + 1
    if not values:
        _refuse(text, "it gives no sets, reps, time or distance")
    return values


def fmt(number: float) -> str:
    """Write a number the shortest way that reads back to the same float."""
    if number.is_integer():
        return str(int(number))
    return repr(number)


def _duration(seconds: float) -> str:
    """Whole minutes as ``10 min``, anything else in seconds."""
    if seconds >= 60 and (seconds / 60).is_integer():  # noqa: PLR2004 -- a minute
        return f"{int(seconds // 60)} min"
    return f"{fmt(seconds)} s"


def _distance(metres: int) -> str:
    if metres >= 1000 and not metres % 1000:  # noqa: PLR2004 -- a kilometre
        return f"{metres // 1000} km"
    return f"{metres} m"


def _work(d: Dosage) -> str:
    """The work of one set: a duration, a distance, a range or reps."""
    if d.work_seconds is not None:
        return _duration(d.work_seconds)
    if d.distance_m is not None:
        return _distance(d.distance_m)
    if d.reps_max is not None:
        return f"{d.reps}-{d.reps_max} Reps"
    return f"{d.reps} Rep{'s' if d.reps != 1 else ''}"


def write(dosage: Dosage) -> str:
    """Return the canonical notation of ``dosage``."""
    d = dosage
    optional: tuple[tuple[object, typing.Callable[[], str]], ...] = (
        (d.hold_seconds, lambda: f"{fmt(d.hold_seconds)} s hold"),
        (d.tempo, lambda: "tempo " + "-".join(map(str, d.tempo or ()))),
        (d.load_kg, lambda: f"{fmt(d.load_kg or 0)} kg"),
        (d.load_lb, lambda: f"{fmt(d.load_lb or 0)} lb"),
        (d.band, lambda: f"{d.band} band"),
        (d.bodyweight, lambda: "bodyweight"),
        (d.rpe, lambda: f"RPE {fmt(d.rpe or 0)}"),
        (d.rir is not None, lambda: f"RIR {d.rir}"),
        (
            d.rest_between_reps_seconds != DEFAULT_REST_BETWEEN_REPS,
            lambda: f"{fmt(d.rest_between_reps_seconds)} s rest between reps",
        ),
        (
            d.rest_between_sets_seconds != DEFAULT_REST_BETWEEN_SETS,
            lambda: f"{fmt(d.rest_between_sets_seconds)} s rest between sets",
        ),
        (d.per_side, lambda: "each side"),
    )
    parts = [f"{d.sets} Set{'s' if d.sets != 1 else ''}", _work(d)]
    parts.extend(text() for given, text in optional if given)
    return " / ".join(parts)


def group_line(routine: Routine, index: int) -> str | None:
    """
    The line that opens a group, before its first item (handouts, .ics).

    Such as ``Superset A (A1, A2): 3 rounds, 60 s rest between rounds``.
    """
    group = routine.group_of(index)
    if group is None or group.first != index:
        return None
    label = routine.label(index) or "A1"
    rounds = max(routine.items[i].dosage.sets for i in group.indexes)
    labels = ", ".join(routine.label(i) or "" for i in group.indexes)
    rests = [f"{group.rest_between_rounds_seconds:g} s rest between rounds"]
    if group.rest_between_exercises_seconds:
        rests.append(
            f"{group.rest_between_exercises_seconds:g} s between exercises"
        )
    return (
        f"{group.kind.capitalize()} {label[0]} ({labels}): "
        f"{rounds} round{'s' if rounds != 1 else ''}, {', '.join(rests)}"
    )
