"""
FeedbackRules: the clinical thresholds that turn logs into decisions.

The defaults follow the pain-monitoring model of Silbernagel et al.
(Am J Sports Med 2007;35:897, after Thomeé, Phys Ther 1997;77:1690):
pain up to 5/10 is allowed during exercise, must have settled by the
next morning, and must not rise from week to week. Clinics summarise it
as a traffic light, 0-3 safe (green), 4-5 acceptable (amber), above 5
not (red); they disagree on where red starts (6, 7 or 8), so every
threshold is configuration. A 2-point change is the smallest clinically
important change on the 0-10 scale (Farrar et al., Pain 2001;94:149),
hence the default "more than 2 points above baseline" rule; two
consecutive good sessions before a step follows the NSCA "2-for-2" rule.
"""

from __future__ import annotations

import math
import typing

import attrs

from exerciselib._model.dosage import MAX_REPS, MAX_SECONDS, MAX_SETS, Dosage
from exerciselib._model.types import ID_PATTERN, MAX_ID_LENGTH
from exerciselib._schema import check, invalid
from exerciselib._validators import (
    Kind,
    flag,
    number,
    of_kind,
    one_of,
    optional,
    pattern,
    whole,
)
from exerciselib.exceptions import InvalidValueError, Problem

if typing.TYPE_CHECKING:
    import types

__all__ = ["MISSING_CHOICES", "FeedbackRules"]

#: What a missing (or skipped) session may mean.
MISSING_CHOICES = ("hold", "regress")
#: Most consecutive sessions a decision may need.
_MAX_CONSECUTIVE = 28

_FIELDS = (
    "green_max",
    "amber_max",
    "next_morning_outweighs",
    "baseline",
    "above_baseline",
    "effort_easy_max",
    "effort_hard_min",
    "consecutive",
    "missing",
    "need_next_morning",
    "step_reps",
    "step_hold_seconds",
    "step_sets",
)


#: A score on the 0-10 scale, and one from 1.
_Score = whole(0, 10)
_Points = whole(1, 10)
_Flag = flag()
_Seconds = number(0, MAX_SECONDS, unit="seconds")


def _to_seconds(value: object) -> object:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= MAX_SECONDS
    ):
        return round(float(value), 3) + 0.0
    return value


def _to_floors(value: object) -> object:
    if isinstance(value, typing.Mapping):
        return tuple(sorted(value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


#: An exercise id, as in a routine.
_ExerciseId = pattern(
    ID_PATTERN,
    max_length=MAX_ID_LENGTH,
    what="an exercise id such as 'knee-bend'",
)


def _floor_pair(pair: object) -> bool:
    return (
        isinstance(pair, tuple)
        and len(pair) == 2  # noqa: PLR2004 -- (id, dosage)
        and _ExerciseId.refusal(pair[0]) is None
        and isinstance(pair[1], Dosage)
    )


class _Floors(Kind):
    """Dosages by exercise id, each id once: ``(("knee-bend", Dosage()),)``."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if (
            not isinstance(value, tuple)
            or not all(map(_floor_pair, value))
            or len({pair[0] for pair in value}) != len(value)
        ):
            return (
                "must map exercise ids to Dosage values, such as "
                "{'knee-bend': Dosage(reps=5)}"
            )
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        pairs = st.tuples(st.from_type(_ExerciseId), st.from_type(Dosage))
        return st.lists(pairs, max_size=3, unique_by=lambda pair: pair[0]).map(
            lambda found: tuple(sorted(found, key=lambda pair: pair[0]))
        )


@typing.final
@attrs.frozen(kw_only=True)
class FeedbackRules:
    """
    When :func:`~exerciselib.adapt` progresses, holds or regresses.

    Pain is judged per session on the 0-10 scale: at most ``green_max``
    is safe, up to ``amber_max`` acceptable (hold), above it not
    (regress). A decision needs ``consecutive`` sessions in a row at the
    dosage in force that agree: all safe (and done in full, effort below
    ``effort_hard_min``) to progress one step, all unacceptable to
    regress one step; anything else holds.

    >>> rules = FeedbackRules()
    >>> rules.green_max, rules.amber_max, rules.consecutive
    (3, 5, 2)
    >>> FeedbackRules.from_dict(rules.to_dict()) == rules
    True

    Raises:
        InvalidValueError: A value is out of range, or the thresholds are
            out of order (``field`` names the field at fault).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Highest pain that is safe ("green"); Silbernagel 2007: 0-3.
    green_max: int = attrs.field(default=3, validator=of_kind(_Score))
    #: Highest pain that is acceptable ("amber"); above is unacceptable.
    #: Silbernagel 2007: pain may reach 5/10.
    amber_max: int = attrs.field(default=5, validator=of_kind(_Score))
    #: Judge a session by its next-morning pain when there is one (the
    #: 24-hour response matters more than pain during, which then can
    #: only hold, above ``amber_max``); otherwise by the worse of the two.
    next_morning_outweighs: bool = attrs.field(
        default=True, validator=of_kind(_Flag)
    )
    #: The patient's usual pain before the plan, 0-10, or None.
    baseline: int | None = attrs.field(
        default=None, validator=optional(of_kind(_Score))
    )
    #: Next-morning pain more than this many points above ``baseline``
    #: is unacceptable, whatever the traffic light says (2 points is the
    #: clinically important change, Farrar 2001). None to turn it off.
    above_baseline: int | None = attrs.field(
        default=2, validator=optional(of_kind(_Points))
    )
    #: Effort up to this is "too easy" (shown in the reasons).
    effort_easy_max: int = attrs.field(default=4, validator=of_kind(_Score))
    #: Effort from this up is "too hard": no progression (Okta Health
    #: flags exertion of 9 or more).
    effort_hard_min: int = attrs.field(default=9, validator=of_kind(_Score))
    #: Sessions in a row a decision needs (NSCA "2-for-2").
    consecutive: int = attrs.field(
        default=2, validator=of_kind(whole(1, _MAX_CONSECUTIVE))
    )
    #: What a session with no log, or skipped, counts as: "hold" or
    #: "regress".
    missing: str = attrs.field(
        default="hold", validator=one_of(MISSING_CHOICES)
    )
    #: Progress only on sessions whose next-morning pain is known.
    need_next_morning: bool = attrs.field(
        default=True, validator=of_kind(_Flag)
    )
    #: Reps per step of an exercise without a hold, for a plan without
    #: a progression (one variable at a time).
    step_reps: int = attrs.field(
        default=1, validator=of_kind(whole(0, MAX_REPS))
    )
    #: Seconds per step of an exercise with a hold, or of timed work,
    #: for a plan without a progression.
    step_hold_seconds: float = attrs.field(
        default=5.0, converter=_to_seconds, validator=of_kind(_Seconds)
    )
    #: Sets per step, for a plan without a progression.
    step_sets: int = attrs.field(
        default=0, validator=of_kind(whole(0, MAX_SETS))
    )
    #: The lowest dosage regression may reach, per exercise id; an
    #: exercise not named may go down to 1 set of 1 rep (and a 1 s hold).
    floors: tuple[tuple[str, Dosage], ...] = attrs.field(
        default=(), converter=_to_floors, validator=of_kind(_Floors)
    )

    def __attrs_post_init__(self) -> None:
        if not self.green_max < self.amber_max:
            msg = (
                f"FeedbackRules green_max ({self.green_max}) must be below "
                f"amber_max ({self.amber_max})."
            )
            raise InvalidValueError(
                msg, field="amber_max", value=self.amber_max
            )
        if not self.effort_easy_max < self.effort_hard_min:
            msg = (
                f"FeedbackRules effort_easy_max ({self.effort_easy_max}) "
                f"must be below effort_hard_min ({self.effort_hard_min})."
            )
            raise InvalidValueError(
                msg, field="effort_hard_min", value=self.effort_hard_min
            )

    def floor(self, exercise: str) -> Dosage | None:
        """The floor set for ``exercise``, or None."""
        for name, dosage in self.floors:
            if name == exercise:
                return dosage
        return None

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the rules as JSON data matching ``rules.json``."""
        data = {name: getattr(self, name) for name in _FIELDS}
        data["floors"] = {name: d.to_dict() for name, d in self.floors}
        return data

    @classmethod
    def from_dict(
        cls, data: object, *, file: str | None = None
    ) -> FeedbackRules:
        """
        Build rules from JSON data matching ``rules.json``.

        Fields left out take their defaults.

        Raises:
            InvalidDataError: The data does not match the schema or makes
                no valid rules; every problem is listed with its JSON path.
        """
        check(data, "rules", file=file)
        raw = dict(typing.cast("dict[str, typing.Any]", data))
        floors = {
            name: Dosage.from_dict(value)
            for name, value in raw.pop("floors", {}).items()
        }
        try:
            return cls(floors=floors, **raw)
        except InvalidValueError as error:
            problem = Problem(
                json_path=f"$.{error.field}", message=str(error), file=file
            )
            raise invalid([problem], what="rules", file=file) from error
