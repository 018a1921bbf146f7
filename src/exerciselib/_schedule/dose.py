"""
The routine in force at a progression step, and how long it takes.

A plan's progression changes dosages step by step; every part of the
engine that needs "the routine at step n and its length" (the walk that
dates sessions, the checks that keep sessions from overlapping) asks
here.
"""

from __future__ import annotations

import datetime as dt
import typing

from exerciselib._schedule.build import session_length_ms
from exerciselib._validators import trusted_evolve

if typing.TYPE_CHECKING:
    from exerciselib._model.dosage import Dosage
    from exerciselib._model.types import Routine
    from exerciselib._schedule.plan import Plan
    from exerciselib._schedule.progression import Progression

__all__ = ["Parts", "parts", "session_parts"]

_DAY = dt.timedelta(days=1)


def session_parts(plan: Plan, steps: int) -> tuple[Routine, dt.timedelta]:
    """The routine in force after ``steps`` steps, and its length."""
    return parts(plan.routine, plan.progression, steps)


def parts(
    routine: Routine, progression: Progression | None, steps: int
) -> tuple[Routine, dt.timedelta]:
    if progression is not None and steps:
        routine = _with_dosages(
            routine,
            tuple(
                progression.apply(item.dosage, steps) for item in routine.items
            ),
        )
    length = session_length_ms(routine)
    return routine, dt.timedelta(milliseconds=length)


def _with_dosages(routine: Routine, dosages: tuple[Dosage, ...]) -> Routine:
    """``routine`` with each item's dosage replaced, in order."""
    # Engine values: the same items, one valid Dosage each, so the
    # trusted constructor runs no check again.
    items = tuple(
        trusted_evolve(item, dosage=dosage)
        for item, dosage in zip(routine.items, dosages, strict=True)
    )
    return trusted_evolve(routine, items=items)


class Parts:
    """
    The routine in force and its length, for one pass over a plan.

    Only the latest value is kept: steps change at most once a week or
    every few sessions, so memory does not grow with the plan's length,
    and a step that changes no dosage (every field at its cap) reuses
    the routine already built.
    """

    def __init__(
        self, routine: Routine, progression: Progression | None
    ) -> None:
        self._routine = routine
        self._progression = progression
        self._steps: int | None = None
        self._dosages: tuple[Dosage, ...] = ()
        self._value: tuple[Routine, dt.timedelta] = (routine, _DAY)
        #: Steps at which no dosage grows any more, and those dosages.
        self._capped: tuple[int, tuple[Dosage, ...]] | None = None

    def at(self, *, number: int, week: int) -> tuple[Routine, dt.timedelta]:
        """The routine and length for session ``number`` in ``week``."""
        progression = self._progression
        steps = (
            0
            if progression is None
            else progression.steps(number=number, week=week)
        )
        if steps == self._steps:
            return self._value
        self._steps = steps
        if progression is None or not steps:
            dosages = tuple(item.dosage for item in self._routine.items)
        elif self._capped is not None and steps >= self._capped[0]:
            # No field grew past the capped steps (each at its cap, or not
            # growing at all), and growth is monotonic: same dosages.
            dosages = self._capped[1]
        else:
            dosages = tuple(
                progression.apply(item.dosage, steps)
                for item in self._routine.items
            )
            if not any(map(progression.can_grow, dosages)):
                self._capped = (steps, dosages)
        if dosages != self._dosages:
            self._dosages = dosages
            routine = (
                _with_dosages(self._routine, dosages)
                if progression is not None and steps
                else self._routine
            )
            length = session_length_ms(routine)
            self._value = (routine, dt.timedelta(milliseconds=length))
        return self._value
