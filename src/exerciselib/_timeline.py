# Copyright 2025 exerciselib developers. MIT licence.
"""Session timelines: a routine as the exact sequence of timed steps.

A timer screen drives a session from a :class:`Timeline`: every step (get
into position, hold, rest, switch side, move on) with its offset, its
duration and a short cue. Durations are whole milliseconds inside, so
offsets never drift; the API shows seconds.

The rules (see ``docs/scheduling.md``):

* Each item starts with a ``setup`` step; items after the first are led
  in by a ``transition`` step. Zero-length steps are left out.
* A rep with a hold is a ``hold`` step of ``hold_seconds``; a rep
  without a hold is a ``rep`` step of ``rep_seconds``.
* ``rest-between-reps`` follows every hold of a set on the same side
  except the last; ``rest-between-sets`` separates sets; nothing
  rests, switches or transitions after the last hold of the session.
* Laterality decides the sides, as :class:`exerciselib.Laterality`
  states: ``each-side`` does every rep of a set on the first side, a
  ``switch-side`` step, then every rep on the other side; ``alternating``
  alternates sides hold by hold, with the rest between reps after every
  hold of the set but the last (so one more rep adds two holds and two
  rests).
"""

from __future__ import annotations

import enum
import itertools
import math
import typing

import attrs
from attrs import validators as v

from exerciselib._domain import Laterality, Routine, RoutineItem
from exerciselib.exceptions import ScheduleError

__all__ = [
    "DEFAULT_REP_SECONDS",
    "DEFAULT_SETUP_SECONDS",
    "DEFAULT_SWITCH_SIDE_SECONDS",
    "DEFAULT_TRANSITION_SECONDS",
    "Side",
    "Step",
    "StepKind",
    "Timeline",
    "session_timeline",
]

#: Seconds to get into position before each exercise.
DEFAULT_SETUP_SECONDS = 10.0
#: Seconds to move from one exercise to the next.
DEFAULT_TRANSITION_SECONDS = 10.0
#: Seconds to change sides in an each-side-in-turn exercise.
DEFAULT_SWITCH_SIDE_SECONDS = 5.0
#: Seconds one rep without a hold (a dynamic movement) takes.
DEFAULT_REP_SECONDS = 3.0

#: The longest any single timing option may be, in seconds.
_MAX_OPTION_SECONDS = 3600.0


class StepKind(enum.StrEnum):
    """What a timeline step asks the patient to do.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Get into the starting position of an exercise.
    SETUP = "setup"
    #: One held rep (the dosage has a hold).
    HOLD = "hold"
    #: One rep without a hold (a movement), of the per-rep duration.
    REP = "rep"
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
        """Whether the step is a hold or a rep."""
        return self in {StepKind.HOLD, StepKind.REP}


class Side(enum.StrEnum):
    """The side of the body a step works.

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


def _check_ms(
    _: object, attribute: attrs.Attribute[int], value: object
) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = (
            f"Step {attribute.name} must be a non-negative whole number of "
            f"milliseconds, got {value!r}."
        )
        raise ScheduleError(msg, field=attribute.name)


def _optional_count(
    _: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"Step {attribute.name} must be None or >= 1, got {value!r}."
        raise ScheduleError(msg, field=attribute.name)


def _to_kind(value: StepKind | str) -> StepKind:
    # A timeline builds thousands of steps: skip the enum lookup (a third
    # of a microsecond) when the value is already a member.
    return value if type(value) is StepKind else StepKind(value)


def _to_side(value: Side | str) -> Side:
    return value if type(value) is Side else Side(value)


@typing.final
@attrs.frozen(kw_only=True)
class Step:
    """One timed step of a session.

    ``set_number`` and ``rep_number`` are 1-based; ``setup`` and
    ``transition`` steps have neither, a ``switch-side`` or
    ``rest-between-sets`` step only a set (the set it belongs to or
    just ended). A rest step carries the side and numbers of the hold it
    follows; a switch step the side it switches to.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: What the patient does.
    kind: StepKind = attrs.field(converter=_to_kind)
    #: The routine item (0-based) the step belongs to.
    item_index: int = attrs.field(validator=[v.instance_of(int), v.ge(0)])
    #: The id of that item's exercise.
    exercise_id: str = attrs.field(validator=v.instance_of(str))
    #: The set, 1-based, or None for setup and transition steps.
    set_number: int | None = attrs.field(validator=_optional_count)
    #: The rep, 1-based, or None where no rep applies.
    rep_number: int | None = attrs.field(validator=_optional_count)
    #: The side worked.
    side: Side = attrs.field(converter=_to_side)
    #: Start offset from the beginning of the session, in milliseconds.
    start_ms: int = attrs.field(validator=_check_ms)
    #: Duration in milliseconds; positive for holds and reps.
    duration_ms: int = attrs.field(validator=_check_ms)
    #: Short text a timer can show or speak.
    cue: str = attrs.field(validator=v.instance_of(str))

    def __attrs_post_init__(self) -> None:
        if self.kind.is_work and self.duration_ms == 0:
            msg = f"A {self.kind} step must last longer than 0 ms."
            raise ScheduleError(msg, field="duration_ms")

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


def _contiguous(
    _: object, __: attrs.Attribute[tuple[Step, ...]], steps: tuple[object, ...]
) -> None:
    if not all(isinstance(step, Step) for step in steps):
        msg = "Timeline steps must be Step objects."
        raise ScheduleError(msg, field="steps")
    checked = typing.cast("tuple[Step, ...]", steps)
    for index, (before, after) in enumerate(
        itertools.pairwise(checked), start=1
    ):
        if after.start_ms != before.end_ms:
            msg = (
                f"Timeline step {index} starts at {after.start_ms} ms but "
                f"step {index - 1} ends at {before.end_ms} ms: steps must "
                "be contiguous."
            )
            raise ScheduleError(msg, field="steps")


def _steps(steps: typing.Iterable[Step]) -> tuple[Step, ...]:
    return tuple(steps)


@typing.final
@attrs.frozen(kw_only=True)
class Timeline:
    """The timed steps of a session (or of a part of one), in order.

    Steps are contiguous: each starts where the previous one ended. A
    whole session starts at 0; a part from :meth:`for_item` keeps the
    session's offsets.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The steps, contiguous, in order.
    steps: tuple[Step, ...] = attrs.field(
        converter=_steps, validator=_contiguous
    )

    @property
    def total_ms(self) -> int:
        """The length in milliseconds: the sum of all step durations."""
        return sum(step.duration_ms for step in self.steps)

    @property
    def total(self) -> float:
        """The length in seconds."""
        return self.total_ms / 1000

    def for_item(self, index: int) -> Timeline:
        """Return the part of the timeline that belongs to item ``index``.

        The part holds the transition into the item (for every item but
        the first), its setup and all its sets.

        Raises:
            ScheduleError: No step belongs to item ``index``.
        """
        steps = [s for s in self.steps if s.item_index == index]
        if not steps:
            msg = f"No step of this timeline belongs to item {index!r}."
            raise ScheduleError(msg, field="index")
        return Timeline(steps=steps)

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
        """Build a timeline from JSON data matching ``timeline.json``.

        Raises:
            InvalidDataError: The data does not match the schema, or its
                steps are not contiguous or do not add up to
                ``total_ms``; every problem is listed with its JSON path.
        """
        from exerciselib._timeline_io import (  # noqa: PLC0415
            timeline_from_dict,
        )

        return timeline_from_dict(data)


def _option_ms(name: str, seconds: object, *, positive: bool = False) -> int:
    """Turn a timing option in seconds into milliseconds, checking it."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        msg = f"{name} must be a number of seconds, got {seconds!r}."
        raise ScheduleError(msg, field=name)
    low = "greater than 0" if positive else "at least 0"
    if (
        not math.isfinite(seconds)
        or seconds < 0
        or seconds > _MAX_OPTION_SECONDS
        or (positive and round(seconds * 1000) == 0)
    ):
        msg = (
            f"{name} must be {low} and at most {_MAX_OPTION_SECONDS:g} "
            f"seconds (to the millisecond), got {seconds!r}."
        )
        raise ScheduleError(msg, field=name)
    return round(seconds * 1000)


def _affected(affected_side: Side | str | None) -> Side | None:
    if affected_side is None:
        return None
    try:
        side = Side(affected_side)
    except ValueError:
        side = Side.NONE
    if side not in {Side.LEFT, Side.RIGHT}:
        msg = (
            f"affected_side must be 'left', 'right' or None, "
            f"got {affected_side!r}."
        )
        raise ScheduleError(msg, field="affected_side")
    return side


def _seconds_text(ms: int) -> str:
    seconds = ms / 1000
    return f"{seconds:g} s"


@attrs.define
class _Builder:
    """Collects steps, keeping the running offset."""

    steps: list[Step] = attrs.Factory(list)
    offset: int = 0

    def add(self, duration_ms: int, **fields: typing.Any) -> None:  # noqa: ANN401 -- Step's own fields, checked by Step
        if duration_ms == 0:
            return  # zero-length steps are left out
        self.steps.append(
            Step(start_ms=self.offset, duration_ms=duration_ms, **fields)
        )
        self.offset += duration_ms


def _side_order(laterality: Laterality, affected: Side | None) -> list[Side]:
    """The sides of one set, first side first."""
    if laterality is Laterality.NONE:
        return [Side.NONE]
    if laterality is Laterality.AFFECTED:
        return [affected or Side.AFFECTED]
    first = affected or Side.RIGHT
    return [first, first.other]


def _set_words(number: int, sets: int) -> str:
    return f", set {number} of {sets}" if sets > 1 else ""


def _side_words(side: Side) -> str:
    if side is Side.NONE:
        return ""
    return f", {side.value} side"


def _add_item(
    builder: _Builder,
    index: int,
    item: RoutineItem,
    affected: Side | None,
    timing: dict[str, int],
) -> None:
    exercise = item.exercise
    dosage = item.dosage
    name = exercise.name
    sides = _side_order(exercise.laterality, affected)
    hold_ms = round(dosage.hold_seconds * 1000)
    kind = StepKind.HOLD if hold_ms else StepKind.REP
    work_ms = hold_ms or timing["rep"]
    rest_rep_ms = round(dosage.rest_between_reps_seconds * 1000)
    rest_set_ms = round(dosage.rest_between_sets_seconds * 1000)
    common = {"item_index": index, "exercise_id": exercise.id}
    label = "Hold" if kind is StepKind.HOLD else "Rep"
    if index:
        builder.add(
            timing["transition"],
            kind=StepKind.TRANSITION,
            set_number=None,
            rep_number=None,
            side=Side.NONE,
            cue=f"Next: {name}",
            **common,
        )
    builder.add(
        timing["setup"],
        kind=StepKind.SETUP,
        set_number=None,
        rep_number=None,
        side=sides[0],
        cue=f"Get into position: {name}",
        **common,
    )
    # Each set is a list of (side, rep) holds in the order done.
    if exercise.laterality is Laterality.ALTERNATING:
        runs = [
            [
                (side, rep)
                for rep in range(1, dosage.reps + 1)
                for side in sides
            ]
        ]
    else:
        runs = [
            [(side, rep) for rep in range(1, dosage.reps + 1)]
            for side in sides
        ]
    for set_number in range(1, dosage.sets + 1):
        for run_index, run in enumerate(runs):
            if run_index:
                builder.add(
                    timing["switch"],
                    kind=StepKind.SWITCH_SIDE,
                    set_number=set_number,
                    rep_number=None,
                    side=run[0][0],
                    cue=f"Switch to the {run[0][0].value} side",
                    **common,
                )
            for position, (side, rep) in enumerate(run):
                builder.add(
                    work_ms,
                    kind=kind,
                    set_number=set_number,
                    rep_number=rep,
                    side=side,
                    cue=(
                        f"{label}: {name}{_side_words(side)}"
                        f"{_set_words(set_number, dosage.sets)}, "
                        f"rep {rep} of {dosage.reps}"
                    ),
                    **common,
                )
                if position < len(run) - 1:
                    builder.add(
                        rest_rep_ms,
                        kind=StepKind.REST_BETWEEN_REPS,
                        set_number=set_number,
                        rep_number=rep,
                        side=side,
                        cue=f"Rest {_seconds_text(rest_rep_ms)}",
                        **common,
                    )
        if set_number < dosage.sets:
            builder.add(
                rest_set_ms,
                kind=StepKind.REST_BETWEEN_SETS,
                set_number=set_number,
                rep_number=None,
                side=Side.NONE,
                cue=(
                    f"Rest {_seconds_text(rest_set_ms)} before set "
                    f"{set_number + 1} of {dosage.sets}"
                ),
                **common,
            )


def session_timeline(
    routine: object,
    *,
    affected_side: Side | str | None = None,
    setup_seconds: float = DEFAULT_SETUP_SECONDS,
    transition_seconds: float = DEFAULT_TRANSITION_SECONDS,
    switch_side_seconds: float = DEFAULT_SWITCH_SIDE_SECONDS,
    rep_seconds: float = DEFAULT_REP_SECONDS,
) -> Timeline:
    """Return the timed steps of one session of ``routine``.

    Sides follow each exercise's :class:`~exerciselib.Laterality`:
    ``none`` gives side ``none``; ``affected`` gives ``affected_side``,
    or ``affected`` when it is not named; ``each-side`` and
    ``alternating`` start on ``affected_side`` when it is named, else on
    the right, then use the other side. Zero-length steps (a rest of
    0 s, ``setup_seconds=0``) are left out.

    >>> from exerciselib import Exercise, Routine
    >>> twist = Exercise(
    ...     id="trunk-rotation", name="Trunk rotation",
    ...     summary="Drop the knees to each side.", steps=["Lie down."],
    ...     laterality="alternating",
    ... )
    >>> routine = Routine(
    ...     id="twist", name="Twist", items=[twist.prescribe("1 x 2 x 5s")]
    ... )
    >>> timeline = session_timeline(routine, setup_seconds=0)
    >>> [(s.kind.value, s.side.value, s.rep_number) for s in timeline]
    [('hold', 'right', 1), ('hold', 'left', 1), ('hold', 'right', 2), \
('hold', 'left', 2)]
    >>> timeline.total
    20.0

    Args:
        routine: The :class:`~exerciselib.Routine` to time.
        affected_side: ``"left"`` or ``"right"`` when known.
        setup_seconds: Getting into position before each exercise.
        transition_seconds: Moving on to the next exercise.
        switch_side_seconds: Changing sides (each side in turn).
        rep_seconds: One rep without a hold.

    Returns:
        The timeline: contiguous steps starting at 0.

    Raises:
        ScheduleError: An option is out of range (``field`` names it):
            timing options must be 0 to 3600 s, ``rep_seconds`` more
            than 0; ``affected_side`` must be left, right or None.
    """
    if not isinstance(routine, Routine):
        msg = f"routine must be a Routine, got {type(routine).__name__}."
        raise ScheduleError(msg, field="routine")
    affected = _affected(affected_side)
    timing = {
        "setup": _option_ms("setup_seconds", setup_seconds),
        "transition": _option_ms("transition_seconds", transition_seconds),
        "switch": _option_ms("switch_side_seconds", switch_side_seconds),
        "rep": _option_ms("rep_seconds", rep_seconds, positive=True),
    }
    builder = _Builder()
    for index, item in enumerate(routine.items):
        _add_item(builder, index, item, affected, timing)
    return Timeline(steps=builder.steps)


def session_length_ms(routine: Routine) -> int:
    """
    Return ``session_timeline(routine).total_ms`` without building steps.

    With the default options, item by item in closed form (the walk of
    :func:`session_timeline` summed): a plan needs each session's length,
    not thousands of :class:`Step` objects, and its cost must not grow
    with the dosage. A property test holds the two equal.
    """
    setup = round(DEFAULT_SETUP_SECONDS * 1000)
    transition = round(DEFAULT_TRANSITION_SECONDS * 1000)
    switch = round(DEFAULT_SWITCH_SIDE_SECONDS * 1000)
    rep = round(DEFAULT_REP_SECONDS * 1000)
    total = transition * (len(routine.items) - 1)
    for item in routine.items:
        dosage = item.dosage
        sides = item.exercise.laterality.sides
        if item.exercise.laterality is Laterality.ALTERNATING:
            runs, holds = 1, dosage.reps * sides
        else:
            runs, holds = sides, dosage.reps
        work = round(dosage.hold_seconds * 1000) or rep
        rest_rep = round(dosage.rest_between_reps_seconds * 1000)
        rest_set = round(dosage.rest_between_sets_seconds * 1000)
        one_set = (runs - 1) * switch + runs * (
            holds * work + (holds - 1) * rest_rep
        )
        total += setup + dosage.sets * one_set + (dosage.sets - 1) * rest_set
    return total
