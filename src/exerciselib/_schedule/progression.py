"""
Progression: dosages that grow on a schedule, within caps.

The rule, for a session numbered ``n`` (1-based) in week ``w`` (0-based,
counted from the plan's start date):

* ``steps = w // every_weeks`` or ``(n - 1) // every_sessions``;
* from session ``regress_from_session`` on, ``steps`` is lowered by
  ``regress_steps`` (never below 0): the one explicit way back;
* each field grows by ``steps`` times its increment, never past its cap
  and never below the base dosage. Hold seconds grow only for exercises
  that have a hold: a movement without a hold stays a movement.

So before the first step (``steps == 0``) the dosage is the base dosage,
and without a regression dosages never decrease from session to session.
"""

from __future__ import annotations

import math
import typing

import attrs

from exerciselib._model.dosage import MAX_REPS, MAX_SECONDS, MAX_SETS, Dosage
from exerciselib.exceptions import ScheduleError

__all__ = ["Progression"]


def _whole(
    minimum: int, *, optional: bool
) -> typing.Callable[[object, attrs.Attribute[typing.Any], typing.Any], None]:
    def check(
        _: object, attribute: attrs.Attribute[int], value: object
    ) -> None:
        if value is None and optional:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
        ):
            also = "None or " if optional else ""
            msg = (
                f"Progression {attribute.name} must be {also}a whole number "
                f">= {minimum}, got {value!r}."
            )
            raise ScheduleError(msg, field=attribute.name)

    return check


def _seconds(
    *, optional: bool
) -> typing.Callable[[object, attrs.Attribute[typing.Any], typing.Any], None]:
    def check(
        _: object, attribute: attrs.Attribute[float], value: object
    ) -> None:
        if value is None and optional:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not 0 <= value <= MAX_SECONDS
        ):
            also = "None or " if optional else ""
            msg = (
                f"Progression {attribute.name} must be {also}a number of "
                f"seconds from 0 to {MAX_SECONDS:g}, got {value!r}."
            )
            raise ScheduleError(msg, field=attribute.name)

    return check


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
        max_reps: Cap on reps (default: the dosage maximum).
        max_hold_seconds: Cap on hold seconds.
        max_sets: Cap on sets.
        regress_from_session: From this session number on, step back.
        regress_steps: How many steps to step back.

    Raises:
        ScheduleError: A value is out of range, neither or both of
            ``every_weeks`` and ``every_sessions`` are given, or every
            increment is zero (``field`` names the field).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Step every this many weeks (week 0 is the plan's first week).
    every_weeks: int | None = attrs.field(
        default=None, validator=_whole(1, optional=True)
    )
    #: Step every this many sessions.
    every_sessions: int | None = attrs.field(
        default=None, validator=_whole(1, optional=True)
    )
    #: Reps added per step.
    add_reps: int = attrs.field(default=0, validator=_whole(0, optional=False))
    #: Hold seconds added per step, to the millisecond.
    add_hold_seconds: float = attrs.field(
        default=0.0, converter=_to_seconds, validator=_seconds(optional=False)
    )
    #: Sets added per step.
    add_sets: int = attrs.field(default=0, validator=_whole(0, optional=False))
    #: Most reps a progressed dosage may have; None for no own cap.
    max_reps: int | None = attrs.field(
        default=None, validator=_whole(1, optional=True)
    )
    #: Most hold seconds a progressed dosage may have.
    max_hold_seconds: float | None = attrs.field(
        default=None,
        converter=_optional_seconds,
        validator=_seconds(optional=True),
    )
    #: Most sets a progressed dosage may have.
    max_sets: int | None = attrs.field(
        default=None, validator=_whole(1, optional=True)
    )
    #: From this session number (1-based) on, take ``regress_steps``
    #: steps back; None for no regression.
    regress_from_session: int | None = attrs.field(
        default=None, validator=_whole(1, optional=True)
    )
    #: Steps taken back from ``regress_from_session`` on.
    regress_steps: int = attrs.field(
        default=1, validator=_whole(1, optional=False)
    )

    def __attrs_post_init__(self) -> None:
        if (self.every_weeks is None) == (self.every_sessions is None):
            msg = (
                "Give exactly one of every_weeks and every_sessions, such "
                "as Progression(every_weeks=2, add_reps=2)."
            )
            raise ScheduleError(msg, field="every_weeks")
        if not (self.add_reps or self.add_hold_seconds or self.add_sets):
            msg = (
                "This progression could never apply: add_reps, "
                "add_hold_seconds and add_sets are all 0; set at least one."
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
        reps = max(base.reps, min(base.reps + steps * self.add_reps, max_reps))
        sets = max(base.sets, min(base.sets + steps * self.add_sets, max_sets))
        hold = base.hold_seconds
        if hold:
            base_ms = round(hold * 1000)
            add_ms = round(self.add_hold_seconds * 1000)
            cap_ms = round(max_hold * 1000)
            hold = max(base_ms, min(base_ms + steps * add_ms, cap_ms)) / 1000
        return attrs.evolve(base, reps=reps, sets=sets, hold_seconds=hold)

    def dosage(self, base: Dosage, *, number: int, week: int) -> Dosage:
        """Return the dosage in force at session ``number`` in ``week``."""
        return self.apply(base, self.steps(number=number, week=week))

    def can_grow(self, base: Dosage) -> bool:
        """Whether any field of ``base`` can grow under this progression."""
        max_reps, max_hold, max_sets = self.caps
        return bool(
            (self.add_reps and base.reps < max_reps)
            or (self.add_sets and base.sets < max_sets)
            or (
                self.add_hold_seconds
                and base.hold_seconds
                and base.hold_seconds < max_hold
            )
        )

    def exceeded_caps(self, base: Dosage) -> list[str]:
        """Return the fields of ``base`` already above their caps."""
        max_reps, max_hold, max_sets = self.caps
        fields = []
        if base.reps > max_reps:
            fields.append(f"reps {base.reps} > max_reps {max_reps}")
        if base.hold_seconds > max_hold:
            fields.append(
                f"hold_seconds {base.hold_seconds:g} > "
                f"max_hold_seconds {max_hold:g}"
            )
        if base.sets > max_sets:
            fields.append(f"sets {base.sets} > max_sets {max_sets}")
        return fields
