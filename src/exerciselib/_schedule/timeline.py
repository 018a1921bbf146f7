"""
The types of a session timeline: :class:`Step` and :class:`Timeline`.

The walk that builds them from a routine is in ``_timeline``.
"""

from __future__ import annotations

import enum
import itertools
import typing

import attrs

from exerciselib._validators import (
    Kind,
    as_tuple,
    of_kind,
    one_of,
    optional,
    string,
    whole,
)
from exerciselib.exceptions import ScheduleError, ScheduleValueError

if typing.TYPE_CHECKING:
    import types

__all__ = ["Side", "Step", "StepKind", "Timeline"]

_Refused = ScheduleValueError


class StepKind(enum.StrEnum):
    """
    What a timeline step asks the patient to do.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Get into the starting position of an exercise.
    SETUP = "setup"
    #: One held rep (the dosage has a hold).
    HOLD = "hold"
    #: One rep without a hold (a movement), of the per-rep duration or
    #: the dosage's tempo.
    REP = "rep"
    #: One set of timed work (``3 x 30 s``, ``walk 10 min``).
    WORK = "work"
    #: One set of distance (``2 x 400 m``): self-paced, its duration an
    #: estimate at the timeline's pace.
    DISTANCE = "distance"
    #: Rest between two reps of a set.
    REST_BETWEEN_REPS = "rest-between-reps"
    #: Change to the other side (each-side-in-turn exercises).
    SWITCH_SIDE = "switch-side"
    #: Rest between two sets.
    REST_BETWEEN_SETS = "rest-between-sets"
    #: Move on to the next exercise.
    TRANSITION = "transition"

    @property
    def is_work(self) -> bool:
        """Whether the step is work: a hold, a rep, timed work or distance."""
        return self in {
            StepKind.HOLD,
            StepKind.REP,
            StepKind.WORK,
            StepKind.DISTANCE,
        }


class Side(enum.StrEnum):
    """
    The side of the body a step works.

    ``affected`` stands for the affected side when the caller did not
    name it.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    LEFT = "left"
    RIGHT = "right"
    AFFECTED = "affected"
    NONE = "none"

    @property
    def other(self) -> Side:
        """The opposite side: left for right and right for left."""
        return {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}.get(self, self)


#: The kinds of values a step holds.
_Offset = whole(0)
_Count = whole(1)


class _Milliseconds(Kind):
    """A step's offset: a whole number of milliseconds, 0 or more."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if _Offset.refusal(value) is None:
            return None
        return "must be a non-negative whole number of milliseconds"

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.integers(min_value=0, max_value=10**9)


class _Duration(_Milliseconds):
    """
    A step's length: a whole number of milliseconds, 0 or more.

    Hypothesis draws positive lengths only: a hold or a rep must last
    longer than 0 ms, and any step may last 1 ms or more.
    """

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.integers(min_value=1, max_value=10**7)


def _to_kind(value: object) -> object:
    # A timeline builds thousands of steps: skip the enum lookup (a third
    # of a microsecond) when the value is already a member.
    if type(value) is StepKind:
        return value
    try:
        return StepKind(typing.cast("str", value))
    except ValueError:
        return value  # the validator names the field


def _to_side(value: object) -> object:
    if type(value) is Side:
        return value
    try:
        return Side(typing.cast("str", value))
    except ValueError:
        return value  # the validator names the field


@typing.final
@attrs.frozen(kw_only=True)
class Step:
    """
    One timed step of a session.

    ``set_number`` and ``rep_number`` are 1-based; ``setup`` and
    ``transition`` steps have neither, a ``switch-side`` or
    ``rest-between-sets`` step only a set (the set it belongs to or
    just ended). A rest step carries the side and numbers of the hold it
    follows; a switch step the side it switches to.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: What the patient does.
    kind: StepKind = attrs.field(
        converter=_to_kind, validator=one_of(StepKind, error=_Refused)
    )
    #: The routine item (0-based) the step belongs to.
    item_index: int = attrs.field(validator=of_kind(_Offset, error=_Refused))
    #: The id of that item's exercise.
    exercise_id: str = attrs.field(
        validator=of_kind(string(1, 129), error=_Refused)
    )
    #: The set, 1-based, or None for setup and transition steps.
    set_number: int | None = attrs.field(
        validator=optional(of_kind(_Count, error=_Refused))
    )
    #: The rep, 1-based, or None where no rep applies.
    rep_number: int | None = attrs.field(
        validator=optional(of_kind(_Count, error=_Refused))
    )
    #: The side worked.
    side: Side = attrs.field(
        converter=_to_side, validator=one_of(Side, error=_Refused)
    )
    #: Start offset from the beginning of the session, in milliseconds.
    start_ms: int = attrs.field(
        validator=of_kind(_Milliseconds, error=_Refused)
    )
    #: Duration in milliseconds; positive for holds and reps.
    duration_ms: int = attrs.field(
        validator=of_kind(_Duration, error=_Refused)
    )
    #: Short text a timer can show or speak.
    cue: str = attrs.field(validator=of_kind(string(0, 2000), error=_Refused))

    def __attrs_post_init__(self) -> None:
        if self.kind.is_work and self.duration_ms == 0:
            msg = f"A {self.kind} step must last longer than 0 ms."
            raise _Refused(msg, field="duration_ms", value=0)

    @property
    def start(self) -> float:
        """Start offset in seconds."""
        return self.start_ms / 1000

    @property
    def duration(self) -> float:
        """Duration in seconds."""
        return self.duration_ms / 1000

    @property
    def end_ms(self) -> int:
        """End offset in milliseconds."""
        return self.start_ms + self.duration_ms

    @property
    def end(self) -> float:
        """End offset in seconds."""
        return self.end_ms / 1000


class _Steps(Kind):
    """Steps, each starting where the one before it ended."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if not isinstance(value, tuple) or not all(
            isinstance(step, Step) for step in value
        ):
            return "must be Step objects"
        steps = typing.cast("tuple[Step, ...]", value)
        for index, (before, after) in enumerate(
            itertools.pairwise(steps), start=1
        ):
            if after.start_ms != before.end_ms:
                return (
                    f"must be contiguous: step {index} starts at "
                    f"{after.start_ms} ms but step {index - 1} ends at "
                    f"{before.end_ms} ms"
                )
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        def contiguous(steps: list[Step]) -> tuple[Step, ...]:
            offset = steps[0].start_ms if steps else 0
            placed = []
            for step in steps:
                placed.append(attrs.evolve(step, start_ms=offset))
                offset += step.duration_ms
            return tuple(placed)

        return st.lists(st.from_type(Step), max_size=6).map(contiguous)


@typing.final
@attrs.frozen(kw_only=True)
class Timeline:
    """
    The timed steps of a session (or of a part of one), in order.

    Steps are contiguous: each starts where the previous one ended. A
    whole session starts at 0; a part from :meth:`for_item` keeps the
    session's offsets.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The steps, contiguous, in order.
    steps: tuple[Step, ...] = attrs.field(
        converter=as_tuple, validator=of_kind(_Steps, error=_Refused)
    )

    @property
    def total_ms(self) -> int:
        """The length in milliseconds: the sum of all step durations."""
        return sum(step.duration_ms for step in self.steps)

    @property
    def total(self) -> float:
        """The length in seconds."""
        return self.total_ms / 1000

    @property
    def estimated(self) -> bool:
        """Whether the length is an estimate: a self-paced step is in it."""
        return any(step.kind is StepKind.DISTANCE for step in self.steps)

    def for_item(self, index: int) -> Timeline:
        """
        Return the part of the timeline that belongs to item ``index``.

        The part holds the transition into the item (for every item but
        the first), its setup and all its sets: the steps from its first
        to its last. For an item of a group (a superset or circuit), the
        other members' steps done between its rounds are in the part too.

        Raises:
            ScheduleError: No step belongs to item ``index``.
        """
        found = [
            position
            for position, step in enumerate(self.steps)
            if step.item_index == index
        ]
        if not found:
            msg = f"No step of this timeline belongs to item {index!r}."
            raise ScheduleError(msg, field="index")
        # An item of a superset or circuit shares its span with the other
        # members, whose steps come between its own.
        return Timeline(steps=self.steps[found[0] : found[-1] + 1])

    def __iter__(self) -> typing.Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @typing.overload
    def __getitem__(self, index: int) -> Step: ...
    @typing.overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...
    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        return self.steps[index]

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the timeline as JSON data matching ``timeline.json``."""
        return {
            "total_ms": self.total_ms,
            "steps": [
                {
                    "kind": step.kind.value,
                    "item_index": step.item_index,
                    "exercise_id": step.exercise_id,
                    "set_number": step.set_number,
                    "rep_number": step.rep_number,
                    "side": step.side.value,
                    "start_ms": step.start_ms,
                    "duration_ms": step.duration_ms,
                    "cue": step.cue,
                }
                for step in self.steps
            ],
        }

    @classmethod
    def from_dict(cls, data: object) -> Timeline:
        """
        Build a timeline from JSON data matching ``timeline.json``.

        Raises:
            InvalidDataError: The data does not match the schema, or its
                steps are not contiguous or do not add up to
                ``total_ms``; every problem is listed with its JSON path.
        """
        from exerciselib._schedule.timeline_json import (  # noqa: PLC0415 -- own implementation module
            timeline_from_dict,
        )

        return timeline_from_dict(data)
