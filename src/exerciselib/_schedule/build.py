"""
Session timelines: a routine as the exact sequence of timed steps.

A timer screen drives a session from a :class:`Timeline`: every step (get
into position, hold, rest, switch side, move on) with its offset, its
duration and a short cue. Durations are whole milliseconds inside, so
offsets never drift; the API shows seconds.

The rules (see ``docs/scheduling.md``):

* Each item starts with a ``setup`` step; items after the first are led
  in by a ``transition`` step. Zero-length steps are left out.
* A rep with a hold is a ``hold`` step of ``hold_seconds``; a rep
  without a hold is a ``rep`` step of the tempo's total, or of
  ``rep_seconds`` without a tempo. A rep range is timed at its top.
* Timed work (``3 x 30 s``) is one ``work`` step per set and side;
  distance (``2 x 400 m``) one self-paced ``distance`` step per set and
  side, its duration estimated at ``pace_seconds_per_km``.
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

import math
import typing

from exerciselib._i18n import translations
from exerciselib._model.types import Group, Laterality, Routine, RoutineItem
from exerciselib._schedule.timeline import Side, Step, StepKind, Timeline
from exerciselib._validators import (
    Kind,
    check_value,
    choice,
    trusted,
    typed,
)
from exerciselib.exceptions import ScheduleValueError

if typing.TYPE_CHECKING:
    import types

    from exerciselib._i18n import Texts
    from exerciselib._model.dosage import Dosage

__all__ = [
    "DEFAULT_PACE_SECONDS_PER_KM",
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
#: The pace at which a distance is estimated, in seconds per kilometre:
#: 12 min/km, brisk walking at 5 km/h.
DEFAULT_PACE_SECONDS_PER_KM = 720.0

#: The longest any single timing option may be, in seconds.
_MAX_OPTION_SECONDS = 3600.0

#: A refused argument: an InvalidValueError, and a ScheduleError too.
_Refused = ScheduleValueError


class _Seconds(Kind):
    """A timing option: a finite number of seconds, 0 to 3600."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number of seconds"
        if not math.isfinite(value) or not 0 <= value <= _MAX_OPTION_SECONDS:
            return f"must be from 0 to {_MAX_OPTION_SECONDS:g} seconds"
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.floats(min_value=0, max_value=_MAX_OPTION_SECONDS)


class _Lasting(_Seconds):
    """A timing option that must last at least a millisecond."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        why = super().refusal(value)
        if why is None and round(typing.cast("float", value) * 1000) == 0:
            return (
                f"must be greater than 0 and at most "
                f"{_MAX_OPTION_SECONDS:g} seconds (to the millisecond)"
            )
        return why

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.floats(min_value=0.001, max_value=_MAX_OPTION_SECONDS)


_Affected = choice((Side.LEFT, Side.RIGHT, None))
_Routine = typed(Routine)
_SIDES = frozenset(Side)


def _option_ms(name: str, seconds: float, kind: type[Kind] = _Seconds) -> int:
    """Turn a timing option in seconds into milliseconds, checking it."""
    check_value(
        kind, seconds, field=name, owner="session_timeline", error=_Refused
    )
    return round(seconds * 1000)


def _affected(affected_side: Side | str | None) -> Side | None:
    side: object = affected_side
    if isinstance(affected_side, str) and affected_side in _SIDES:
        side = Side(affected_side)
    check_value(
        _Affected,
        side,
        field="affected_side",
        owner="session_timeline",
        error=_Refused,
    )
    return typing.cast("Side | None", side)


def _seconds_text(texts: Texts, ms: int) -> str:
    """A duration in a cue, always in seconds: ``120 s``."""
    seconds = ms / 1000
    number = f"{seconds:g}" if texts.english else texts.number(seconds)
    # TRANSLATORS: seconds in a dosage line or a timer cue
    return texts.pgettext("unit", "{n} s").format(n=number)


# The engine builds thousands of steps from values it has checked
# already; Step's validating ``__init__`` would cost more than the rest
# of the walk. It builds them with the trusted constructor instead
# (``exerciselib._validators.trusted``). Callers building a Step or a
# Timeline themselves still get every check, and property tests hold
# trusted values equal to checked ones.
_step = trusted(Step)
_timeline = trusted(Timeline)


class _Builder:
    """
    Collects the steps of one item at a time, keeping the offset.

    The steps it builds are valid by construction: work steps are never
    0 ms long (zero-length steps are left out), offsets are whole,
    non-negative milliseconds and contiguous, and every value has
    Step's own type.
    """

    __slots__ = ("exercise_id", "index", "offset", "steps", "texts")

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self.steps: list[Step] = []
        self.offset = 0
        self.index = 0
        self.exercise_id = ""

    def add(  # noqa: PLR0917 -- Step's own fields, positional for speed
        self,
        duration_ms: int,
        kind: StepKind,
        set_number: int | None,
        rep_number: int | None,
        side: Side,
        cue: str,
    ) -> None:
        """Append one step (left out when it lasts 0 ms)."""
        if not duration_ms:
            return  # zero-length steps are left out
        self.steps.append(
            _step(
                kind,
                self.index,
                self.exercise_id,
                set_number,
                rep_number,
                side,
                self.offset,
                duration_ms,
                cue,
            )
        )
        self.offset += duration_ms

    def run(  # noqa: PLR0917 -- the walk's hot loop, kept flat
        self,
        run: list[tuple[Side, int]],
        kind: StepKind,
        set_number: int,
        work_ms: int,
        rest_ms: int,
        cues: tuple[dict[Side, str], str, str],
    ) -> None:
        """
        Append the holds of one run of a set, rests between them.

        The hot loop of the walk: most steps are built here, with the
        trusted constructor in a local name.
        """
        heads, tail, rest_cue = cues
        step, append = _step, self.steps.append
        index, exercise_id, offset = self.index, self.exercise_id, self.offset
        rest_kind = StepKind.REST_BETWEEN_REPS
        last = len(run) - 1
        for position, (side, rep) in enumerate(run):
            append(
                step(
                    kind,
                    index,
                    exercise_id,
                    set_number,
                    rep,
                    side,
                    offset,
                    work_ms,
                    f"{heads[side]}{rep}{tail}",
                )
            )
            offset += work_ms
            if position < last and rest_ms:
                append(
                    step(
                        rest_kind,
                        index,
                        exercise_id,
                        set_number,
                        rep,
                        side,
                        offset,
                        rest_ms,
                        rest_cue,
                    )
                )
                offset += rest_ms
        self.offset = offset


def _switch(texts: Texts, side: Side) -> str:
    """The cue of a switch to ``side``."""
    if side is Side.LEFT:
        return texts.pgettext("timer cue", "Switch to the left side")
    return texts.pgettext("timer cue", "Switch to the right side")


def _side_order(laterality: Laterality, affected: Side | None) -> list[Side]:
    """The sides of one set, first side first."""
    if laterality is Laterality.NONE:
        return [Side.NONE]
    if laterality is Laterality.AFFECTED:
        return [affected or Side.AFFECTED]
    first = affected or Side.RIGHT
    return [first, first.other]


def _side_words(texts: Texts, side: Side) -> str:
    """The side in a cue: ``, left side``."""
    return {
        Side.NONE: "",
        Side.LEFT: texts.pgettext("timer cue", ", left side"),
        Side.RIGHT: texts.pgettext("timer cue", ", right side"),
        Side.AFFECTED: texts.pgettext("timer cue", ", affected side"),
    }[side]


def _set_words(texts: Texts, word: str, number: int, sets: int) -> str:
    """The set or round in a cue: ``, set 1 of 3``."""
    if sets <= 1:
        return ""
    if word == "round":
        text = texts.pgettext("timer cue", ", round {number} of {total}")
    else:
        text = texts.pgettext("timer cue", ", set {number} of {total}")
    return text.format(number=number, total=sets)


def _rep_words(texts: Texts, count: str) -> tuple[str, str]:
    """The rep in a cue, around its number: ``(", rep ", " of 10")``."""
    text = texts.pgettext("timer cue", ", rep {number} of {count}")
    head, _, tail = text.format(number="\0", count=count).partition("\0")
    return head, tail


def _work(dosage: Dosage, timing: dict[str, int]) -> tuple[StepKind, int, int]:
    """The kind, length in ms and count per run of one set's work."""
    if dosage.work_seconds is not None:
        return StepKind.WORK, round(dosage.work_seconds * 1000), 1
    if dosage.distance_m is not None:
        estimate = round(dosage.distance_m * timing["pace"] / 1000)
        return StepKind.DISTANCE, max(estimate, 1), 1
    reps = dosage.reps_max or dosage.reps
    hold_ms = round(dosage.hold_seconds * 1000)
    if hold_ms:
        return StepKind.HOLD, hold_ms, reps
    if dosage.tempo is not None:
        return StepKind.REP, sum(dosage.tempo) * 1000, reps
    return StepKind.REP, timing["rep"], reps


def _distance_text(metres: int) -> str:
    if metres >= 1000 and not metres % 1000:  # noqa: PLR2004 -- a kilometre
        return f"{metres // 1000} km"
    return f"{metres} m"


def _what(
    texts: Texts, kind: StepKind, work_ms: int, dosage: Dosage, name: str
) -> str:
    """The start of a work step's cue: what to do, before side and set."""
    if kind is StepKind.WORK:
        return texts.pgettext("timer cue", "Work {duration}: {name}").format(
            duration=_seconds_text(texts, work_ms), name=name
        )
    if kind is StepKind.DISTANCE:
        metres = typing.cast("int", dosage.distance_m)
        return texts.pgettext(
            "timer cue",
            "{distance} at your own pace (about {duration}): {name}",
        ).format(
            distance=_distance_text(metres),
            duration=_seconds_text(texts, work_ms),
            name=name,
        )
    if kind is StepKind.HOLD:
        return texts.pgettext("timer cue", "Hold: {name}").format(name=name)
    return texts.pgettext("timer cue", "Rep: {name}").format(name=name)


def _lead_in(
    builder: _Builder,
    index: int,
    item: RoutineItem,
    first_side: Side,
    *,
    transition_ms: int | None,
    setup_ms: int,
) -> None:
    """The transition into an item (when given) and its setup."""
    name = item.exercise.name
    texts = builder.texts
    builder.index = index
    builder.exercise_id = item.exercise.id
    if transition_ms is not None:
        builder.add(
            transition_ms,
            StepKind.TRANSITION,
            None,
            None,
            Side.NONE,
            texts.pgettext("timer cue", "Next: {name}").format(name=name),
        )
    builder.add(
        setup_ms,
        StepKind.SETUP,
        None,
        None,
        first_side,
        texts.pgettext("timer cue", "Get into position: {name}").format(
            name=name
        ),
    )


def _set_walker(
    builder: _Builder,
    index: int,
    item: RoutineItem,
    affected: Side | None,
    timing: dict[str, int],
) -> typing.Callable[[int, int, str], None]:
    """
    Return a function that appends the work of one set of ``item``.

    It takes the set number, how many sets (or rounds) there are and
    the word for them (``set`` or ``round``).
    """
    exercise = item.exercise
    dosage = item.dosage
    sides = _side_order(exercise.laterality, affected)
    kind, work_ms, reps = _work(dosage, timing)
    timed = kind in {StepKind.WORK, StepKind.DISTANCE}
    rest_rep_ms = round(dosage.rest_between_reps_seconds * 1000)
    texts = builder.texts
    rest_rep_cue = texts.pgettext("timer cue", "Rest {duration}").format(
        duration=_seconds_text(texts, rest_rep_ms)
    )
    # Each set is a list of (side, rep) holds in the order done.
    if exercise.laterality is Laterality.ALTERNATING:
        runs = [[(side, rep) for rep in range(1, reps + 1) for side in sides]]
    else:
        runs = [[(side, rep) for rep in range(1, reps + 1)] for side in sides]
    # The start of each work cue, by side, for one set; the rep is added.
    what = _what(texts, kind, work_ms, dosage, exercise.name)
    side_words = {side: f"{what}{_side_words(texts, side)}" for side in sides}
    count = (
        f"{dosage.reps}-{dosage.reps_max}"
        if dosage.reps_max is not None
        else str(reps)
    )
    rep_head, rep_tail = _rep_words(texts, count)

    def emit(set_number: int, sets: int, word: str) -> None:
        builder.index = index
        builder.exercise_id = exercise.id
        set_words = _set_words(texts, word, set_number, sets) + (
            "" if timed else rep_head
        )
        heads = {side: words + set_words for side, words in side_words.items()}
        for run_index, run in enumerate(runs):
            if run_index:
                builder.add(
                    timing["switch"],
                    StepKind.SWITCH_SIDE,
                    set_number,
                    None,
                    run[0][0],
                    _switch(texts, run[0][0]),
                )
            if timed:
                _timed_run(
                    builder,
                    [side for side, _ in run],
                    (kind, set_number, work_ms, rest_rep_ms),
                    heads,
                    rest_rep_cue,
                )
            else:
                builder.run(
                    run,
                    kind,
                    set_number,
                    work_ms,
                    rest_rep_ms,
                    (heads, rep_tail, rest_rep_cue),
                )

    return emit


def _add_item(
    builder: _Builder,
    index: int,
    item: RoutineItem,
    affected: Side | None,
    timing: dict[str, int],
) -> None:
    sets = item.dosage.sets
    sides = _side_order(item.exercise.laterality, affected)
    _lead_in(
        builder,
        index,
        item,
        sides[0],
        transition_ms=timing["transition"] if index else None,
        setup_ms=timing["setup"],
    )
    emit = _set_walker(builder, index, item, affected, timing)
    rest_set_ms = round(item.dosage.rest_between_sets_seconds * 1000)
    for set_number in range(1, sets + 1):
        emit(set_number, sets, "set")
        if set_number < sets:
            builder.add(
                rest_set_ms,
                StepKind.REST_BETWEEN_SETS,
                set_number,
                None,
                Side.NONE,
                builder.texts.pgettext(
                    "timer cue",
                    "Rest {duration} before set {number} of {total}",
                ).format(
                    duration=_seconds_text(builder.texts, rest_set_ms),
                    number=set_number + 1,
                    total=sets,
                ),
            )


def _add_group(
    builder: _Builder,
    routine: Routine,
    group: Group,
    affected: Side | None,
    timing: dict[str, int],
) -> None:
    """
    Append a group's rounds: each member's next set, in order, per round.

    Round 1 leads into each member with its setup; members of a round
    are separated by ``rest_between_exercises_seconds`` (a transition
    step), rounds by ``rest_between_rounds_seconds`` (a rest between
    sets, numbered by the round just done).
    """
    members = [(i, routine.items[i]) for i in group.indexes]
    rounds = max(item.dosage.sets for _, item in members)
    walkers = {
        i: _set_walker(builder, i, item, affected, timing)
        for i, item in members
    }
    rest_ex_ms = round(group.rest_between_exercises_seconds * 1000)
    rest_round_ms = round(group.rest_between_rounds_seconds * 1000)
    for number in range(1, rounds + 1):
        in_round = [
            (i, item) for i, item in members if item.dosage.sets >= number
        ]
        for position, (index, item) in enumerate(in_round):
            if position and number > 1:
                builder.index, builder.exercise_id = index, item.exercise.id
                builder.add(
                    rest_ex_ms,
                    StepKind.TRANSITION,
                    None,
                    None,
                    Side.NONE,
                    builder.texts.pgettext("timer cue", "Next: {name}").format(
                        name=item.exercise.name
                    ),
                )
            if number == 1:
                transition = (
                    rest_ex_ms
                    if position
                    else timing["transition"]
                    if index
                    else None
                )
                sides = _side_order(item.exercise.laterality, affected)
                _lead_in(
                    builder,
                    index,
                    item,
                    sides[0],
                    transition_ms=transition,
                    setup_ms=timing["setup"],
                )
            walkers[index](number, rounds, "round")
        if number < rounds:
            last_index, last_item = in_round[-1]
            builder.index = last_index
            builder.exercise_id = last_item.exercise.id
            builder.add(
                rest_round_ms,
                StepKind.REST_BETWEEN_SETS,
                number,
                None,
                Side.NONE,
                builder.texts.pgettext(
                    "timer cue",
                    "Rest {duration} before round {number} of {total}",
                ).format(
                    duration=_seconds_text(builder.texts, rest_round_ms),
                    number=number + 1,
                    total=rounds,
                ),
            )


def _timed_run(
    builder: _Builder,
    sides: list[Side],
    values: tuple[StepKind, int, int, int],
    heads: dict[Side, str],
    rest_cue: str,
) -> None:
    """Append the timed or distance work of one run: no rep numbers."""
    kind, set_number, work_ms, rest_ms = values
    last = len(sides) - 1
    for position, side in enumerate(sides):
        builder.add(work_ms, kind, set_number, None, side, heads[side])
        if position < last:
            builder.add(
                rest_ms,
                StepKind.REST_BETWEEN_REPS,
                set_number,
                None,
                side,
                rest_cue,
            )


def session_timeline(
    routine: Routine,
    *,
    affected_side: Side | str | None = None,
    setup_seconds: float = DEFAULT_SETUP_SECONDS,
    transition_seconds: float = DEFAULT_TRANSITION_SECONDS,
    switch_side_seconds: float = DEFAULT_SWITCH_SIDE_SECONDS,
    rep_seconds: float = DEFAULT_REP_SECONDS,
    pace_seconds_per_km: float = DEFAULT_PACE_SECONDS_PER_KM,
    lang: str | None = None,
) -> Timeline:
    """
    Return the timed steps of one session of ``routine``.

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
        rep_seconds: One rep without a hold or tempo.
        pace_seconds_per_km: The pace that estimates a distance step.
        lang: The language of the cues, a tag such as ``de`` or
            ``es``; English when None or not shipped. Only the cues
            change: kinds, sides, numbers and times are the same in
            every language.

    Returns:
        The timeline, its steps contiguous from 0.

    Raises:
        ScheduleValueError: ``routine`` is not a Routine, or an option
            is out of range (``field`` names it): timing options must be
            0 to 3600 s, ``rep_seconds`` more than 0; ``affected_side``
            must be left, right or None. It is also a
            :class:`~exerciselib.ScheduleError`, as before 0.2.
        InvalidValueError: ``lang`` is not a language tag.
    """
    check_value(
        _Routine,
        routine,
        field="routine",
        owner="session_timeline",
        error=_Refused,
    )
    affected = _affected(affected_side)
    timing = {
        "setup": _option_ms("setup_seconds", setup_seconds),
        "transition": _option_ms("transition_seconds", transition_seconds),
        "switch": _option_ms("switch_side_seconds", switch_side_seconds),
        "rep": _option_ms("rep_seconds", rep_seconds, _Lasting),
        "pace": _option_ms(
            "pace_seconds_per_km", pace_seconds_per_km, _Lasting
        ),
    }
    texts = translations(lang)
    builder = _Builder(texts)
    index = 0
    while index < len(routine.items):
        group = routine.group_of(index)
        if group is None:
            _add_item(builder, index, routine.items[index], affected, timing)
            index += 1
        else:
            _add_group(builder, routine, group, affected, timing)
            index += group.size
    return _timeline(tuple(builder.steps))


#: The default timing options in milliseconds, for session lengths.
_SETUP_MS = round(DEFAULT_SETUP_SECONDS * 1000)
_TRANSITION_MS = round(DEFAULT_TRANSITION_SECONDS * 1000)
_SWITCH_MS = round(DEFAULT_SWITCH_SIDE_SECONDS * 1000)
_TIMING = {
    "rep": round(DEFAULT_REP_SECONDS * 1000),
    "pace": round(DEFAULT_PACE_SECONDS_PER_KM * 1000),
}


def _one_set_ms(item: RoutineItem, timing: dict[str, int], switch: int) -> int:
    """The length of one set of ``item``: its work, rests and switches."""
    dosage = item.dosage
    laterality = item.exercise.laterality
    _, work, reps = _work(dosage, timing)
    if laterality is Laterality.ALTERNATING:
        runs, holds = 1, reps * 2
    elif laterality is Laterality.EACH_SIDE:
        runs, holds = 2, reps
    else:
        runs, holds = 1, reps
    rest_rep = round(dosage.rest_between_reps_seconds * 1000)
    return (runs - 1) * switch + runs * (holds * work + (holds - 1) * rest_rep)


#: Per laterality: the runs of one set (sides done one after the other)
#: and the holds per run for each rep.
_RUNS = {
    Laterality.ALTERNATING: (1, 2),
    Laterality.EACH_SIDE: (2, 1),
}


def length_by_dosages(
    routine: Routine,
) -> typing.Callable[[typing.Sequence[Dosage]], int] | None:
    """
    :func:`session_length_ms` of ``routine`` with other dosages, fast.

    For the routine a progression grows: the same items in the same
    order, each with a dosage of its own. What the items alone decide
    (their sides, the setups and transitions) is worked out once, so
    each grown routine's length costs a few sums per dosage. None for a
    routine with groups (its rests depend on every member's sets): use
    :func:`session_length_ms`. A property test holds the two equal.
    """
    if routine.groups:
        return None
    items = routine.items
    sides = tuple(
        _RUNS.get(item.exercise.laterality, (1, 1)) for item in items
    )
    fixed = _TRANSITION_MS * (len(items) - 1) + _SETUP_MS * len(items)
    timing = _TIMING
    switch = _SWITCH_MS

    def length(dosages: typing.Sequence[Dosage]) -> int:
        total = fixed
        for (runs, per_rep), dosage in zip(sides, dosages, strict=True):
            _, work, reps = _work(dosage, timing)
            holds = reps * per_rep
            rest_rep = round(dosage.rest_between_reps_seconds * 1000)
            one_set = (runs - 1) * switch + runs * (
                holds * work + (holds - 1) * rest_rep
            )
            sets = dosage.sets
            total += sets * one_set + (sets - 1) * round(
                dosage.rest_between_sets_seconds * 1000
            )
        return total

    return length


def session_length_ms(routine: Routine) -> int:
    """
    Return ``session_timeline(routine).total_ms`` without building steps.

    With the default options, item by item in closed form (the walk of
    :func:`session_timeline` summed): a plan needs each session's length,
    not thousands of :class:`Step` objects, and its cost must not grow
    with the dosage. A property test holds the two equal.
    """
    items = routine.items
    groups = routine.groups
    units = (
        len(items) - sum(g.size - 1 for g in groups) if groups else len(items)
    )
    total = _TRANSITION_MS * (units - 1)
    grouped = {i for g in groups for i in g.indexes} if groups else ()
    for index, item in enumerate(items):
        dosage = item.dosage
        sets = dosage.sets
        total += _SETUP_MS + sets * _one_set_ms(item, _TIMING, _SWITCH_MS)
        if index not in grouped:
            rest_set = round(dosage.rest_between_sets_seconds * 1000)
            total += (sets - 1) * rest_set
    for group in groups:
        sets_of = [items[i].dosage.sets for i in group.indexes]
        rounds = max(sets_of)
        # Between the members of each round; in round 1 this rest leads
        # into every member but the first.
        total += (sum(sets_of) - rounds) * round(
            group.rest_between_exercises_seconds * 1000
        )
        total += (rounds - 1) * round(group.rest_between_rounds_seconds * 1000)
    return total
