"""
Progression: dosages that grow on a schedule, within caps.

The rule, for a session numbered ``n`` (1-based) in week ``w`` (0-based,
counted from the plan's start date):

* ``steps = w // every_weeks`` or ``(n - 1) // every_sessions``;
* from session ``regress_from_session`` on, ``steps`` is lowered by
  ``regress_steps`` (never below 0): the one explicit way back;
* each field grows by ``steps`` times its increment, never past its cap
  and never below the base dosage. Hold seconds grow only for exercises
  that have a hold: a movement without a hold stays a movement. Work
  seconds grow only for timed work, the load only for a dosage with a
  load in kilograms or pounds (in its own unit), reps only for work
  counted in reps; a rep range moves up whole (``8-12`` becomes
  ``10-14``), its top never past the reps cap.

Double progression (``double=True``), for a dosage with a rep range and
a load in kilograms or pounds: each step raises the bottom of the range
by ``add_reps``, always below its top (the patient works towards the
top); the step that would reach the top instead adds ``add_load`` and
starts again at the bottom. Once the load is at its cap, the bottom
stays at its highest. Other fields grow as above; other dosages ignore
``double``.

A progression applies to every item of a plan, unless the plan gives an
item its own (``Plan.item_progressions``), which then replaces it for
that item, or None to keep that item at its base dosage.

So before the first step (``steps == 0``) the dosage is the base dosage,
and without a regression dosages never decrease from session to session.
"""

from __future__ import annotations

import functools
import math
import typing

import attrs

from exerciselib._model.dosage import (
    MAX_KG,
    MAX_LB,
    MAX_REPS,
    MAX_SECONDS,
    MAX_SETS,
    Dosage,
)
from exerciselib._validators import (
    Kind,
    Validator,
    flag,
    number,
    of_kind,
    optional,
    trusted_replacer,
    whole,
)
from exerciselib.exceptions import ScheduleError, ScheduleValueError

__all__ = ["Progression"]


def _check(kind: type[Kind]) -> Validator:
    """A field of ``kind``, refused with a ScheduleValueError."""
    return of_kind(kind, error=ScheduleValueError)


def _maybe(kind: type[Kind]) -> Validator:
    """None or a field of ``kind``, refused with a ScheduleValueError."""
    return optional(of_kind(kind, error=ScheduleValueError))


_Count = whole(0)
_Positive = whole(1)
_Seconds = number(0, MAX_SECONDS, unit="seconds")
#: A load, in the dosage's own unit: up to the larger limit (pounds).
_Load = number(0, MAX_LB, unit="kilograms or pounds (as the dosage)")


def _to_seconds(value: object) -> object:
    """Keep seconds to the millisecond, as :class:`Dosage` does."""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    ):
        return round(float(value), 3) + 0.0
    return value  # the validator names the field and the bad value


def _optional_seconds(value: object) -> object:
    return None if value is None else _to_seconds(value)


#: The most each field that grows may hold, as a Dosage accepts.
_LIMITS = {
    "sets": MAX_SETS,
    "reps": MAX_REPS,
    "reps_max": MAX_REPS,
    "hold_seconds": MAX_SECONDS,
    "work_seconds": MAX_SECONDS,
    "load_kg": MAX_KG,
    "load_lb": MAX_LB,
}


#: The fields a progression grows, in the order :func:`_regrow` takes them.
_GROWN = (
    "sets",
    "reps",
    "reps_max",
    "hold_seconds",
    "work_seconds",
    "load_kg",
    "load_lb",
)


def _within_limits(grown: tuple[typing.Any, ...]) -> bool:
    """Whether every grown value (in the order of ``_GROWN``) is accepted."""
    sets, reps, reps_max, hold, work, load_kg, load_lb = grown
    return (
        sets <= _LIMITS["sets"]
        and (reps is None or reps <= _LIMITS["reps"])
        and (reps_max is None or reps_max <= _LIMITS["reps_max"])
        and (hold is None or hold <= _LIMITS["hold_seconds"])
        and (work is None or work <= _LIMITS["work_seconds"])
        and (load_kg is None or load_kg <= _LIMITS["load_kg"])
        and (load_lb is None or load_lb <= _LIMITS["load_lb"])
    )


@functools.cache
def _regrow() -> typing.Callable[..., Dosage]:
    """The trusted constructor of a dosage with every ``_GROWN`` field set."""
    return trusted_replacer(Dosage, *_GROWN)


def _grow(base: float, add: float, cap: float, steps: int) -> float:
    """``base`` plus ``steps`` times ``add``, in thousandths, capped."""
    base_k, add_k, cap_k = (
        round(base * 1000),
        round(add * 1000),
        round(cap * 1000),
    )
    return max(base_k, min(base_k + steps * add_k, cap_k)) / 1000


@typing.final
@attrs.frozen(kw_only=True)
class Progression:
    """
    How a plan's dosages grow: every N weeks or N sessions, within caps.

    >>> from exerciselib import Dosage
    >>> grow = Progression(every_weeks=2, add_reps=2, max_reps=14)
    >>> base = Dosage(reps=10)
    >>> [grow.dosage(base, number=1, week=w).reps for w in range(8)]
    [10, 10, 12, 12, 14, 14, 14, 14]

    Args:
        every_weeks: Take a step every this many weeks (exactly one of
            ``every_weeks`` and ``every_sessions``).
        every_sessions: Take a step every this many sessions.
        add_reps: Reps added per step.
        add_hold_seconds: Hold seconds added per step (only to
            exercises that have a hold).
        add_sets: Sets added per step.
        add_work_seconds: Seconds of timed work added per step.
        add_load: Load added per step, in the dosage's own unit
            (kilograms or pounds).
        max_reps: Cap on reps (default: the dosage maximum).
        max_hold_seconds: Cap on hold seconds.
        max_sets: Cap on sets.
        max_work_seconds: Cap on seconds of timed work.
        max_load: Cap on the load, in the dosage's own unit.
        double: Double progression for rep ranges with a load.
        regress_from_session: From this session number on, step back.
        regress_steps: How many steps to step back.

    Raises:
        ScheduleValueError: A value is of the wrong type or out of range
            (``field`` and ``value`` name it); it is also a
            :class:`ScheduleError`.
        ScheduleError: Neither or both of ``every_weeks`` and
            ``every_sessions`` are given, ``double`` lacks ``add_reps``
            or ``add_load``, or every increment is zero (``field`` names
            the field).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Step every this many weeks (week 0 is the plan's first week).
    every_weeks: int | None = attrs.field(
        default=None, validator=_maybe(_Positive)
    )
    #: Step every this many sessions.
    every_sessions: int | None = attrs.field(
        default=None, validator=_maybe(_Positive)
    )
    #: Reps added per step.
    add_reps: int = attrs.field(default=0, validator=_check(_Count))
    #: Hold seconds added per step, to the millisecond.
    add_hold_seconds: float = attrs.field(
        default=0.0, converter=_to_seconds, validator=_check(_Seconds)
    )
    #: Sets added per step.
    add_sets: int = attrs.field(default=0, validator=_check(_Count))
    #: Most reps a progressed dosage may have; None for no own cap.
    max_reps: int | None = attrs.field(
        default=None, validator=_maybe(_Positive)
    )
    #: Most hold seconds a progressed dosage may have.
    max_hold_seconds: float | None = attrs.field(
        default=None,
        converter=_optional_seconds,
        validator=_maybe(_Seconds),
    )
    #: Most sets a progressed dosage may have.
    max_sets: int | None = attrs.field(
        default=None, validator=_maybe(_Positive)
    )
    #: From this session number (1-based) on, take ``regress_steps``
    #: steps back; None for no regression.
    regress_from_session: int | None = attrs.field(
        default=None, validator=_maybe(_Positive)
    )
    #: Steps taken back from ``regress_from_session`` on.
    regress_steps: int = attrs.field(default=1, validator=_check(_Positive))
    #: Seconds of timed work added per step, to the millisecond.
    add_work_seconds: float = attrs.field(
        default=0.0,
        converter=_to_seconds,
        validator=_check(_Seconds),
    )
    #: Most seconds of timed work a progressed dosage may have.
    max_work_seconds: float | None = attrs.field(
        default=None,
        converter=_optional_seconds,
        validator=_maybe(_Seconds),
    )
    #: Load added per step, in the dosage's unit (kg or lb), to 0.001.
    add_load: float = attrs.field(
        default=0.0,
        converter=_to_seconds,
        validator=_check(_Load),
    )
    #: Most load a progressed dosage may have, in its unit.
    max_load: float | None = attrs.field(
        default=None,
        converter=_optional_seconds,
        validator=_maybe(_Load),
    )

    #: Double progression: climb the rep range, then add load and start
    #: again at the bottom (needs ``add_reps`` and ``add_load``).
    double: bool = attrs.field(default=False, validator=_check(flag()))

    def __attrs_post_init__(self) -> None:
        if self.double and not (self.add_reps and self.add_load):
            msg = (
                "A double progression climbs the rep range by add_reps, "
                "then adds add_load: set both, such as "
                "Progression(every_weeks=1, add_reps=2, add_load=2.5, "
                "double=True)."
            )
            raise ScheduleError(msg, field="double")
        if (self.every_weeks is None) == (self.every_sessions is None):
            msg = (
                "Give exactly one of every_weeks and every_sessions, such "
                "as Progression(every_weeks=2, add_reps=2)."
            )
            raise ScheduleError(msg, field="every_weeks")
        if not (
            self.add_reps
            or self.add_hold_seconds
            or self.add_sets
            or self.add_work_seconds
            or self.add_load
        ):
            msg = (
                "This progression could never apply: add_reps, "
                "add_hold_seconds, add_sets, add_work_seconds and add_load "
                "are all 0; set at least one."
            )
            raise ScheduleError(msg, field="add_reps")

    @property
    def caps(self) -> tuple[int, float, int]:
        """The caps (reps, hold seconds, sets), defaults filled in."""
        return (
            MAX_REPS if self.max_reps is None else self.max_reps,
            MAX_SECONDS
            if self.max_hold_seconds is None
            else self.max_hold_seconds,
            MAX_SETS if self.max_sets is None else self.max_sets,
        )

    def _work_cap(self) -> float:
        return (
            MAX_SECONDS
            if self.max_work_seconds is None
            else self.max_work_seconds
        )

    def _load_cap(self, base: Dosage) -> float:
        unit_max = MAX_KG if base.load_kg is not None else MAX_LB
        return (
            unit_max if self.max_load is None else min(self.max_load, unit_max)
        )

    def steps(self, *, number: int, week: int) -> int:
        """
        Return how many steps are in force at session ``number``.

        Args:
            number: The session number, 1-based.
            week: The session's week index, 0-based.
        """
        if self.every_weeks is not None:
            taken = week // self.every_weeks
        else:
            assert self.every_sessions is not None  # noqa: S101 -- post_init
            taken = (number - 1) // self.every_sessions
        if (
            self.regress_from_session is not None
            and number >= self.regress_from_session
        ):
            taken = max(0, taken - self.regress_steps)
        return taken

    def apply(self, base: Dosage, steps: int) -> Dosage:
        """
        Return ``base`` grown by ``steps`` steps, within the caps.

        A field never drops below ``base`` and never passes its cap
        (unless ``base`` already did; a plan refuses that).
        """
        max_reps, max_hold, max_sets = self.caps
        sets = max(base.sets, min(base.sets + steps * self.add_sets, max_sets))
        reps, reps_max = base.reps, base.reps_max
        hold, work = base.hold_seconds, base.work_seconds
        load_kg, load_lb = base.load_kg, base.load_lb
        doubled: dict[str, typing.Any] = {}
        if self.double and self._is_double(base):
            doubled = self._double(base, steps)
            reps = doubled["reps"]
        elif work is None and base.distance_m is None:  # reps
            shift = max(
                0, min(steps * self.add_reps, max_reps - (reps_max or reps))
            )
            reps += shift
            if reps_max is not None:
                reps_max += shift
        if load_kg is not None:
            load_kg = (
                doubled["load_kg"]
                if "load_kg" in doubled
                else _grow(load_kg, self.add_load, self._load_cap(base), steps)
            )
        if load_lb is not None:
            load_lb = (
                doubled["load_lb"]
                if "load_lb" in doubled
                else _grow(load_lb, self.add_load, self._load_cap(base), steps)
            )
        if hold:
            hold = _grow(hold, self.add_hold_seconds, max_hold, steps)
        if work is not None:
            work = _grow(work, self.add_work_seconds, self._work_cap(), steps)
        # Every grown field, in the order of ``_GROWN``; those that do not
        # grow keep the base's value (valid, as the base is).
        grown = (sets, reps, reps_max, hold, work, load_kg, load_lb)
        if _within_limits(grown):
            # Growth keeps which fields are given (so every combination
            # rule still holds), never goes below the base (valid) and,
            # within the dosage limits, is in its final form: no check
            # can fail, so the trusted constructor skips them all.
            return _regrow()(base, *grown)
        # A cap past a limit: refused.
        changes: dict[str, typing.Any] = dict(zip(_GROWN, grown, strict=True))
        return attrs.evolve(base, **changes)

    def _is_double(self, base: Dosage) -> bool:
        return (
            self.double
            and base.reps_max is not None
            and (base.load_kg is not None or base.load_lb is not None)
        )

    def _double(self, base: Dosage, steps: int) -> dict[str, typing.Any]:
        """The reps and load of ``base`` after ``steps`` double steps."""
        top = typing.cast("int", base.reps_max)
        per_cycle = -(-(top - base.reps) // self.add_reps)
        unit = "load_kg" if base.load_kg is not None else "load_lb"
        load = typing.cast("float", getattr(base, unit))
        cap_k = round(self._load_cap(base) * 1000)
        add_k = round(self.add_load * 1000)
        cycles_left = max(0, (cap_k - round(load * 1000)) // add_k)
        cycles, position = divmod(steps, per_cycle)
        if cycles > cycles_left:
            cycles, position = cycles_left, per_cycle - 1
        return {
            "reps": base.reps + position * self.add_reps,
            unit: _grow(load, self.add_load, self._load_cap(base), cycles),
        }

    def dosage(self, base: Dosage, *, number: int, week: int) -> Dosage:
        """Return the dosage in force at session ``number`` in ``week``."""
        return self.apply(base, self.steps(number=number, week=week))

    def can_grow(self, base: Dosage) -> bool:
        """Whether any field of ``base`` can grow under this progression."""
        max_reps, max_hold, max_sets = self.caps
        load = base.load_kg if base.load_kg is not None else base.load_lb
        if self._is_double(base):
            top = typing.cast("int", base.reps_max)
            climbs = base.reps + self.add_reps < top
            cap = self._load_cap(base)
            more = load is not None and round(
                (load + self.add_load) * 1000
            ) <= round(cap * 1000)
            if climbs or more:
                return True
        return bool(
            (
                self.add_reps
                and base.kind == "reps"
                and not self._is_double(base)
                and (base.reps_max or base.reps) < max_reps
            )
            or (self.add_sets and base.sets < max_sets)
            or (
                self.add_hold_seconds
                and base.hold_seconds
                and base.hold_seconds < max_hold
            )
            or (
                self.add_work_seconds
                and base.work_seconds is not None
                and base.work_seconds < self._work_cap()
            )
            or (
                self.add_load
                and load is not None
                and load < self._load_cap(base)
            )
        )

    def exceeded_caps(self, base: Dosage) -> list[str]:
        """Return the fields of ``base`` already above their caps."""
        max_reps, max_hold, max_sets = self.caps
        fields = []
        top = base.reps_max or base.reps
        if top > max_reps:
            fields.append(f"reps {top} > max_reps {max_reps}")
        if base.hold_seconds > max_hold:
            fields.append(
                f"hold_seconds {base.hold_seconds:g} > "
                f"max_hold_seconds {max_hold:g}"
            )
        if base.sets > max_sets:
            fields.append(f"sets {base.sets} > max_sets {max_sets}")
        work = base.work_seconds
        if work is not None and work > self._work_cap():
            fields.append(
                f"work_seconds {work:g} > max_work_seconds "
                f"{self._work_cap():g}"
            )
        load = base.load_kg if base.load_kg is not None else base.load_lb
        if (
            load is not None
            and self.max_load is not None
            and load > self.max_load
        ):
            fields.append(f"load {load:g} > max_load {self.max_load:g}")
        return fields
