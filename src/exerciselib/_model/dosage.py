"""
Dosage: how much of an exercise to do, in the clinical notation.

The notation is the one home-exercise handouts use, such as
``1 Set / 10 Reps / 5 s hold`` or ``3 x 8-12 @ 5 kg``: sets, the work
of each set (repetitions, a rep range, a duration or a distance), how
long each repetition is held or its tempo, the load, the effort, rests
and whether the count is per side. Reading and writing the text is in
``_model.notation``.
"""

from __future__ import annotations

import math
import typing

import attrs

from exerciselib._model import notation
from exerciselib._model.notation import BAND_COLOURS
from exerciselib._text import show
from exerciselib._validators import (
    Kind,
    Validator,
    flag,
    number,
    of_kind,
    one_of,
    optional,
    whole,
)
from exerciselib.exceptions import DosageError

if typing.TYPE_CHECKING:
    import types

__all__ = ["BAND_COLOURS", "Dosage"]

#: Upper bounds that no home-exercise prescription reaches; larger values
#: are almost always a unit mistake (milliseconds typed as seconds).
MAX_SETS = 100
MAX_REPS = 1000
MAX_SECONDS = 3600.0
#: The longest distance one set may cover, in metres (a marathon is
#: 42 195 m; 100 km is past any home programme).
MAX_METRES = 100_000
#: The heaviest load, in kilograms and in pounds.
MAX_KG = 500.0
MAX_LB = 1100.0
#: The longest phase of a tempo, in seconds.
MAX_TEMPO_PHASE = 60
#: Effort scales: RPE 1 to 10 in half points, RIR 0 to 5 reps.
MIN_RPE, MAX_RPE = 1.0, 10.0
MAX_RIR = 5

DEFAULT_REST_BETWEEN_REPS = 0.0
DEFAULT_REST_BETWEEN_SETS = 30.0


class _Rpe(Kind):
    """A rating of perceived exertion: 1 to 10 in steps of 0.5."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or not MIN_RPE <= value <= MAX_RPE
            or not float(value * 2).is_integer()
        ):
            return "must be from 1 to 10 in steps of 0.5"
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        low, high = round(MIN_RPE * 2), round(MAX_RPE * 2)
        return st.integers(low, high).map(lambda halves: halves / 2)


class _Tempo(Kind):
    """Four whole seconds (lowering, pause, lifting, pause), 1 s or more."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if (
            not isinstance(value, tuple)
            or len(value) != 4  # noqa: PLR2004 -- four phases
            or not all(
                type(phase) is int and 0 <= phase <= MAX_TEMPO_PHASE
                for phase in value
            )
        ):
            return (
                "must be four whole seconds from 0 to "
                f"{MAX_TEMPO_PHASE} (lowering, pause, lifting, pause), such "
                "as (3, 1, 1, 0)"
            )
        if not sum(value):
            return "must last at least 1 s in all"
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        phase = st.integers(0, MAX_TEMPO_PHASE)
        return st.tuples(phase, phase, phase, phase).filter(sum)


def _check(kind: type[Kind]) -> Validator:
    """A field of ``kind``, refused with a DosageError."""
    return of_kind(kind, error=DosageError)


def _maybe(kind: type[Kind]) -> Validator:
    """None or a field of ``kind``, refused with a DosageError."""
    return optional(of_kind(kind, error=DosageError))


_Seconds = number(0, MAX_SECONDS, unit="seconds")
_Flag = flag()


def _to_seconds(value: float) -> float:
    """Accept ints and floats; keep millisecond precision, the engine's."""
    if type(value) is float and math.isfinite(value):  # the usual case
        return round(value, 3) + 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value  # the validator names the field and the bad value
    if isinstance(value, int) and abs(value) > MAX_SECONDS:
        return value  # may not fit a float; the validator refuses it
    if not math.isfinite(value):
        return float(value)
    return round(float(value), 3) + 0.0  # + 0.0 turns -0.0 into 0.0


def _to_amount(value: object) -> typing.Any:  # noqa: ANN401 -- as given
    """Like seconds: a float kept to three decimals, others left alone."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > 10**6:
        return value
    if isinstance(value, int | float) and math.isfinite(value):
        return round(float(value), 3) + 0.0
    return value


def _to_optional_seconds(value: float | None) -> float | None:
    return None if value is None else _to_seconds(value)


def _to_whole(value: object) -> object:
    """An integral float such as ``400.0`` (from ``0.4 km``) as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_tempo(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    return value


@typing.final
@attrs.frozen(kw_only=True)
class Dosage:
    """
    How much of an exercise to do: sets, the work, hold, load and rests.

    The work of one set is ``reps`` repetitions (a range when
    ``reps_max`` is set), or ``work_seconds`` of timed work, or
    ``distance_m`` metres; each rep is held ``hold_seconds`` or follows a
    ``tempo``. A load (kilograms, pounds, a band or bodyweight) and an
    effort (RPE or RIR) are optional. Times are in seconds and kept to
    the millisecond. Text in the clinical notation is read with
    :meth:`parse`, and ``str()`` writes it back in the canonical form:

    >>> dosage = Dosage.parse("1 Set / 10 Reps / 5 s hold")
    >>> dosage.reps, dosage.hold_seconds
    (10, 5.0)
    >>> str(dosage)
    '1 Set / 10 Reps / 5 s hold'
    >>> str(Dosage.parse("3 x 8-12 @ 5 kg, tempo 3-1-1-0"))
    '3 Sets / 8-12 Reps / tempo 3-1-1-0 / 5 kg'

    Raises:
        DosageError: A value is out of range or of the wrong type, or two
            fields cannot be combined (``field`` names the field at
            fault, the later one of a pair).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Rep ranges, timed work, distance, load, effort, tempo, per side.
    """

    __module__ = "exerciselib"

    #: Number of sets, 1 to 100.
    sets: int = attrs.field(default=1, validator=_check(whole(1, MAX_SETS)))
    #: Repetitions in each set, 1 to 1000 (the bottom of a range). For an
    #: exercise done on alternating sides, one rep is one hold on each
    #: side.
    reps: int = attrs.field(default=1, validator=_check(whole(1, MAX_REPS)))
    #: Seconds each repetition is held; 0 for a movement with no hold.
    hold_seconds: float = attrs.field(
        default=0.0, converter=_to_seconds, validator=_check(_Seconds)
    )
    #: Seconds of rest between repetitions (default 0: straight on).
    rest_between_reps_seconds: float = attrs.field(
        default=DEFAULT_REST_BETWEEN_REPS,
        converter=_to_seconds,
        validator=_check(_Seconds),
    )
    #: Seconds of rest between sets (default 30).
    rest_between_sets_seconds: float = attrs.field(
        default=DEFAULT_REST_BETWEEN_SETS,
        converter=_to_seconds,
        validator=_check(_Seconds),
    )
    #: The top of a rep range (``8-12``: ``reps=8, reps_max=12``), 2 to
    #: 1000 and more than ``reps``; None for a fixed count.
    reps_max: int | None = attrs.field(
        default=None,
        validator=_maybe(whole(2, MAX_REPS)),
    )
    #: Seconds of timed work in each set (``3 x 30 s``, ``walk 10 min``),
    #: more than 0 and at most 3600; None for work counted in reps.
    work_seconds: float | None = attrs.field(
        default=None,
        converter=_to_optional_seconds,
        validator=_maybe(number(0, MAX_SECONDS, unit="seconds", above=True)),
    )
    #: Metres covered in each set (``2 x 400 m``), 1 to 100 000; None for
    #: work counted in reps or time.
    distance_m: int | None = attrs.field(
        default=None,
        converter=_to_whole,
        validator=_maybe(whole(1, MAX_METRES)),
    )
    #: Seconds of each phase of a rep: lowering, pause, lifting, pause
    #: (``tempo 3-1-1-0``), 0 to 60 each and at least 1 s in all.
    tempo: tuple[int, int, int, int] | None = attrs.field(
        default=None,
        converter=_to_tempo,
        validator=_maybe(_Tempo),
    )
    #: External load in kilograms, more than 0 and at most 500.
    load_kg: float | None = attrs.field(
        default=None,
        converter=_to_amount,
        validator=_maybe(number(0, MAX_KG, unit="kilograms", above=True)),
    )
    #: External load in pounds, more than 0 and at most 1100.
    load_lb: float | None = attrs.field(
        default=None,
        converter=_to_amount,
        validator=_maybe(number(0, MAX_LB, unit="pounds", above=True)),
    )
    #: A resistance band, by colour: one of :data:`BAND_COLOURS`.
    band: str | None = attrs.field(
        default=None,
        validator=optional(one_of(BAND_COLOURS, error=DosageError)),
    )
    #: Bodyweight as the load (said explicitly on a handout).
    bodyweight: bool = attrs.field(default=False, validator=_check(_Flag))
    #: Rating of perceived exertion, 1 to 10 in half points.
    rpe: float | None = attrs.field(
        default=None,
        converter=_to_amount,
        validator=_maybe(_Rpe),
    )
    #: Reps in reserve at the end of each set, 0 to 5.
    rir: int | None = attrs.field(
        default=None,
        validator=_maybe(whole(0, MAX_RIR)),
    )
    #: The count is per side (``10 reps each side``); only for exercises
    #: done on both sides (each side in turn, or alternating).
    per_side: bool = attrs.field(default=False, validator=_check(_Flag))

    def __attrs_post_init__(self) -> None:
        _check_combinations(self)

    @property
    def kind(self) -> str:
        """What one set's work is: ``reps``, ``time`` or ``distance``."""
        if self.work_seconds is not None:
            return "time"
        if self.distance_m is not None:
            return "distance"
        return "reps"

    def __str__(self) -> str:
        return notation.write(self)

    @classmethod
    def parse(cls, text: str) -> Dosage:
        """
        Read a dosage written in the clinical notation.

        Case and spacing do not matter. Parts are separated by ``/``,
        ``,``, ``;`` or ``@``. Accepted forms include
        ``1 Set / 1 Rep / 30 s hold``, ``3 sets / 12 reps``,
        ``2 x 10 x 5s`` (sets x reps x hold), ``3 x 8-12``,
        ``3 sets of 10``, ``10 reps x 3 sets``, ``3 x 30 s``,
        ``walk 10 min``, ``2 x 400 m``, ``3 x 10 @ 5 kg``,
        ``2 x 12 @ red band``, ``3 x 8 @ RPE 7``, ``tempo 3-1-1-0``,
        ``10 reps each side``, ``hold 30 seconds`` and the rests that
        ``str()`` writes, such as ``60 s rest between sets``. A leading
        activity word (``walk``) is read and left out of the value.
        Parts left out take their defaults.

        >>> Dosage.parse("2 x 10 x 5s") == Dosage(
        ...     sets=2, reps=10, hold_seconds=5
        ... )
        True
        >>> Dosage.parse("walk 10 min").work_seconds
        600.0

        Args:
            text: The dosage text.

        Returns:
            The dosage the text describes.

        Raises:
            DosageError: The text cannot be read (``field='text'``; the
                message quotes the part at fault with its position and
                shows an accepted example) or a value is out of range
                (``field`` names it).
        """
        # Typed callers pass a str; untyped ones get a DosageError too.
        if not isinstance(typing.cast("object", text), str):
            msg = f"Dosage text must be a string, got {show(text)}."
            raise DosageError(msg, field="text", value=text)
        return cls(**notation.read(text))

    def to_dict(self) -> dict[str, typing.Any]:
        """
        Return the dosage as JSON data matching ``dosage`` schema.

        The five original fields are always written, so the data does
        not depend on their defaults; the optional ones (a rep range,
        timed work, distance, tempo, load, effort, per side) only when
        set.
        """
        data: dict[str, typing.Any] = {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "rest_between_reps_seconds": self.rest_between_reps_seconds,
            "rest_between_sets_seconds": self.rest_between_sets_seconds,
        }
        for name in _OPTIONAL_FIELDS:
            value = getattr(self, name)
            if value is not None and value is not False:
                data[name] = list(value) if name == "tempo" else value
        return data

    @classmethod
    def from_dict(cls, data: object, *, trusted: bool = False) -> Dosage:
        """
        Build a dosage from JSON data matching the ``dosage`` schema.

        ``trusted`` skips the schema check, as for
        :meth:`Exercise.from_dict`.

        Raises:
            InvalidDataError: The data does not match the schema; every
                problem is listed with its JSON path.
        """
        from exerciselib._model.convert import dosage_from_dict  # noqa: PLC0415 -- own implementation module

        return dosage_from_dict(data, trusted=trusted)


#: The fields written by :meth:`Dosage.to_dict` only when set.
_OPTIONAL_FIELDS = (
    "reps_max",
    "work_seconds",
    "distance_m",
    "tempo",
    "load_kg",
    "load_lb",
    "band",
    "bodyweight",
    "rpe",
    "rir",
    "per_side",
)

#: At most one of each group may be set (a true flag counts as set).
_EXCLUSIVE = (
    ("load_kg", "load_lb", "band", "bodyweight"),
    ("rpe", "rir"),
    ("tempo", "hold_seconds"),
)


def _given(dosage: Dosage, name: str) -> bool:
    value = getattr(dosage, name)
    return value is not None and value is not False and value != 0.0


def _combination(field: str, value: object, why: str) -> typing.NoReturn:
    msg = f"Dosage {field} {why}."
    raise DosageError(msg, field=field, value=value)


def _check_combinations(dosage: Dosage) -> None:
    """
    Refuse fields that cannot be combined, naming the later one.

    Timed work and distance replace reps: they come with ``reps=1`` and
    no rep range, hold or tempo, and not with each other. A rep range
    rises above ``reps``. One load, one effort, and a hold or a tempo
    (a tempo's pauses are the hold).
    """
    d = dosage
    if (
        d.reps_max is None
        and d.work_seconds is None
        and d.distance_m is None
        and d.tempo is None
        and d.load_lb is None
        and d.band is None
        and d.bodyweight is False
        and d.rir is None
    ):
        return  # the usual dosage: no two fields of a group can clash
    if d.reps_max is not None and d.reps_max <= d.reps:
        _combination(
            "reps_max",
            d.reps_max,
            f"must be more than reps ({d.reps}) for a range such as "
            f"'{d.reps}-{d.reps + 4}', got {d.reps_max}",
        )
    for name in ("work_seconds", "distance_m"):
        value = getattr(d, name)
        if value is None:
            continue
        clashes = [
            other
            for other in ("reps_max", "hold_seconds", "tempo")
            if _given(d, other)
        ]
        if d.reps != 1:
            clashes.insert(0, f"reps={d.reps}")
        if name == "distance_m" and d.work_seconds is not None:
            clashes.insert(0, "work_seconds")
        if clashes:
            _combination(
                name,
                value,
                f"cannot be combined with {', '.join(clashes)}: timed or "
                "distance work replaces reps (write '3 x 30 s' or "
                "'2 x 400 m' alone)",
            )
    for group in _EXCLUSIVE:
        given = [name for name in group if _given(d, name)]
        if len(given) > 1:
            _combination(
                given[-1],
                getattr(d, given[-1]),
                f"cannot be combined with {given[0]}; give only one of "
                f"{', '.join(group)}",
            )
