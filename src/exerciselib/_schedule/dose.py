"""
The routine in force at a progression step, and how long it takes.

A plan's progression changes dosages step by step; every part of the
engine that needs "the routine at step n and its length" (the walk that
dates sessions, the checks that keep sessions from overlapping) asks
here.
"""

from __future__ import annotations

import collections
import datetime as dt
import threading
import typing
import weakref

from exerciselib._model.types import RoutineItem
from exerciselib._schedule.build import length_by_dosages, session_length_ms
from exerciselib._validators import trusted_evolve, trusted_replacer

if typing.TYPE_CHECKING:
    from exerciselib._model.dosage import Dosage
    from exerciselib._model.types import Routine
    from exerciselib._schedule.plan import Plan
    from exerciselib._schedule.progression import Progression

__all__ = [
    "Parts",
    "Progressions",
    "parts",
    "plan_parts",
    "session_parts",
    "steps_at",
    "window_counts",
]

_DAY = dt.timedelta(days=1)


#: The progression of each item of a routine, in order (None: none).
Progressions = tuple["Progression | None", ...]


def session_parts(
    plan: Plan, steps: tuple[int, ...]
) -> tuple[Routine, dt.timedelta]:
    """The routine in force after ``steps`` steps per item, its length."""
    return parts(plan.routine, plan.progressions, steps)


def parts(
    routine: Routine, progressions: Progressions, steps: tuple[int, ...]
) -> tuple[Routine, dt.timedelta]:
    """The routine with each item grown by its own steps, and its length."""
    if any(steps):
        routine = _with_dosages(
            routine,
            tuple(
                item.dosage
                if progression is None or not taken
                else progression.apply(item.dosage, taken)
                for item, progression, taken in zip(
                    routine.items, progressions, steps, strict=True
                )
            ),
        )
    length = session_length_ms(routine)
    return routine, dt.timedelta(milliseconds=length)


def steps_at(
    progressions: Progressions, *, number: int, week: int
) -> tuple[int, ...]:
    """The steps in force for each item at session ``number`` in ``week``."""
    # tuple() of a list, not of a generator: a generator's tuple is
    # allocated large and shrunk, and each one freed then stays on the
    # interpreter's free list, so memory grew with the plan's weeks.
    return tuple(
        [
            0
            if progression is None
            else progression.steps(number=number, week=week)
            for progression in progressions
        ]
    )


def _with_dosages(routine: Routine, dosages: tuple[Dosage, ...]) -> Routine:
    """``routine`` with each item's dosage replaced, in order."""
    # Engine values: the same items, one valid Dosage each, so the
    # trusted constructor runs no check again.
    items = tuple(
        trusted_evolve(item, dosage=dosage)
        for item, dosage in zip(routine.items, dosages, strict=True)
    )
    return trusted_evolve(routine, items=items)


#: Most distinct routines a plan's parts keep (then they start again).
_KEEP = 512


class _Grown:
    """
    The routines one routine grows into under one set of progressions.

    Shared by every plan with an equal routine and equal progressions
    (see :func:`_grown`): a host that builds the same plan again, or
    many plans of one routine, grows each step's dosages once.
    """

    __slots__ = ("built", "capped")

    def __init__(self, size: int) -> None:
        #: Per item: the steps at which its dosage stops growing, and
        #: that dosage.
        self.capped: list[tuple[int, Dosage] | None] = [None] * size
        #: Built values by their steps (capped steps folded together).
        self.built: dict[tuple[int, ...], tuple[Routine, dt.timedelta]] = {}


#: Most (routine, progressions) pairs whose growth is kept process-wide;
#: the oldest is dropped first. Each keeps at most ``_KEEP`` routines.
_SHARED = 32
_GROWN: collections.OrderedDict[tuple[Routine, Progressions], _Grown] = (
    collections.OrderedDict()
)
_GROWN_LOCK = threading.Lock()


def _grown(routine: Routine, progressions: Progressions) -> _Grown:
    """The growth store of ``routine`` under ``progressions``, shared."""
    key = (routine, progressions)
    with _GROWN_LOCK:
        found = _GROWN.get(key)
        if found is not None:
            _GROWN.move_to_end(key)
            return found
        made = _Grown(len(progressions))
        _GROWN[key] = made
        if len(_GROWN) > _SHARED:
            _GROWN.popitem(last=False)
        return made


class Parts:
    """
    The routine in force and its length, built once per step of a plan.

    Each distinct set of dosages is built once, and kept (up to
    ``_KEEP`` of them, so memory stays bounded on the longest plans) in
    a store shared by every plan of an equal routine and progressions
    (``_grown``): every pass over the plan, every seek and every equal
    plan reuses it. An item whose dosage no longer grows (every field
    at its cap) reuses the dosage already built.
    """

    def __init__(self, routine: Routine, progressions: Progressions) -> None:
        self._routine = routine
        self._progressions = progressions
        self._bases = tuple(item.dosage for item in routine.items)
        #: The latest steps asked for and their value.
        self._last: tuple[
            tuple[int, ...] | None, tuple[Routine, dt.timedelta]
        ] = (None, (routine, _DAY))
        grown = _grown(routine, progressions)
        self._capped = grown.capped
        #: Built values by their steps (capped steps folded together).
        self._built = grown.built
        #: Seeking: the sessions each window of the plan holds, when they
        #: do not depend on the number of sessions before it (see seek).
        #: Made on the first seek (see :func:`window_counts`): a walk
        #: never needs them, and finding them hashes the whole plan.
        self.windows: dict[tuple[dt.date, dt.date], int] | None = None
        #: The plan's own routine and its length (no step taken).
        self._base: tuple[Routine, dt.timedelta] | None = None
        #: Whether the routine in force depends on the week alone (no
        #: progression by session count, no regression).
        self.by_week = all(
            progression is None
            or (
                progression.every_sessions is None
                and progression.regress_from_session is None
            )
            for progression in progressions
        )
        #: Per item: the latest item built with a grown dosage.
        self._items: list[RoutineItem | None] = [None] * len(self._bases)
        #: With ``by_week``: the value of each week asked for (at most
        #: ``_KEEP``, then they start again).
        self._weeks: dict[int, tuple[Routine, dt.timedelta]] = {}
        #: The items that have a progression.
        self._growing = tuple(
            index
            for index, progression in enumerate(progressions)
            if progression is not None
        )
        #: With ``by_week``: the first week from which no dosage grows,
        #: and the value of every week from then on.
        self._steady: tuple[int, tuple[Routine, dt.timedelta]] | None = None
        #: With ``by_week``: each item's weeks per step (0: none), so
        #: that the steps of a week are one division each
        #: (``Progression.steps`` without a regression).
        self._every = tuple(
            0 if progression is None else progression.every_weeks or 0
            for progression in progressions
        )
        #: The length of the routine with grown dosages (None: groups).
        self._length = length_by_dosages(routine)
        #: The trusted constructors of a grown item and routine.
        self._new_item = trusted_replacer(RoutineItem, "dosage")
        self._new_routine = trusted_replacer(type(routine), "items")

    def _dosage(self, index: int, taken: int) -> Dosage:
        progression = self._progressions[index]
        base = self._bases[index]
        if progression is None or not taken:
            return base
        capped = self._capped[index]
        if capped is not None and taken >= capped[0]:
            # Growth is monotonic and this dosage grew no more: same.
            return capped[1]
        dosage = progression.apply(base, taken)
        if not progression.can_grow(dosage):
            self._capped[index] = (taken, dosage)
        return dosage

    def _grown_routine(self, key: tuple[int, ...]) -> Routine:
        """
        The routine after ``key`` steps per item, built without checks.

        Only the items whose dosage changed are built again, and an item
        whose dosage stopped growing is built once: the same dosage (the
        very object, see :meth:`_dosage`) gives the same item.
        """
        routine = self._routine
        items = list(routine.items)
        changed = False
        for index, taken in enumerate(key):
            dosage = self._dosage(index, taken)
            if dosage is self._bases[index]:
                continue
            changed = True
            last = self._items[index]
            if last is not None and last.dosage is dosage:
                items[index] = last
            else:
                # Engine values: the same item, one valid Dosage.
                items[index] = self._items[index] = self._new_item(
                    items[index], dosage
                )
        if not changed:
            return routine
        return self._new_routine(routine, tuple(items))

    def at_week(self, week: int) -> tuple[Routine, dt.timedelta]:
        """
        :meth:`at` for plans whose routine depends on the week alone.

        Only when :attr:`by_week`: a pass asks once a week, and a repeated
        pass finds each week's value with one look-up.
        """
        steady = self._steady
        if steady is not None and week >= steady[0]:
            return steady[1]
        value = self._weeks.get(week)
        if value is None:
            # By week alone, the session number changes nothing.
            steps = tuple(
                [week // every if every else 0 for every in self._every]
            )
            value = self._value(steps)
            if self._grows_no_more(steps):
                # Steps by week never go down: every later week is the same.
                self._steady = (week, value)
                return value
            if len(self._weeks) >= _KEEP:
                self._weeks.clear()
            self._weeks[week] = value
        return value

    def _grows_no_more(self, steps: tuple[int, ...]) -> bool:
        """Whether every item's dosage is at its last value at ``steps``."""
        capped = self._capped
        for index in self._growing:
            last = capped[index]
            if last is None or steps[index] < last[0]:
                return False
        return True

    def at(self, *, number: int, week: int) -> tuple[Routine, dt.timedelta]:
        """The routine and length for session ``number`` in ``week``."""
        return self._value(
            steps_at(self._progressions, number=number, week=week)
        )

    def _value(self, steps: tuple[int, ...]) -> tuple[Routine, dt.timedelta]:
        """The routine and length after ``steps`` steps per item."""
        # One attribute read and one write per change: passes in other
        # threads share these parts and only ever see whole values.
        last = self._last
        if last[0] == steps:
            return last[1]
        key = (
            tuple(  # of a list: see steps_at
                [
                    taken if capped is None else min(taken, capped[0])
                    for taken, capped in zip(steps, self._capped, strict=True)
                ]
            )
            if any(self._capped)
            else steps
        )
        value = self._built.get(key) if any(key) else self._base
        if value is None:
            routine = self._grown_routine(key)
            length = (
                session_length_ms(routine)
                if self._length is None
                else self._length([item.dosage for item in routine.items])
            )
            value = (routine, dt.timedelta(milliseconds=length))
            if not any(key):
                # The plan's own routine: kept here, not shared.
                self._base = value
            else:
                if len(self._built) >= _KEEP:
                    self._built.clear()
                self._built[key] = value
        self._last = (steps, value)
        return value


#: Seeking: the sessions of each window, by plan (equal plans share
#: them, as their grown routines); the ``_SHARED`` latest plans are kept.
_WINDOWS: collections.OrderedDict[Plan, dict[tuple[dt.date, dt.date], int]] = (
    collections.OrderedDict()
)


def _windows(plan: Plan) -> dict[tuple[dt.date, dt.date], int]:
    """The window counts of ``plan``, shared with equal plans."""
    with _GROWN_LOCK:
        found = _WINDOWS.get(plan)
        if found is not None:
            _WINDOWS.move_to_end(plan)
            return found
        made: dict[tuple[dt.date, dt.date], int] = {}
        _WINDOWS[plan] = made
        if len(_WINDOWS) > _SHARED:
            _WINDOWS.popitem(last=False)
        return made


#: The parts of each live plan, by identity: a plan is immutable, and
#: equal plans built separately simply build their own.
_PLANS: dict[int, tuple[weakref.ref[Plan], Parts]] = {}


def plan_parts(plan: Plan) -> Parts:
    """The routine-and-length cache of ``plan``, made on first use."""
    key = id(plan)
    known = _PLANS.get(key)
    if known is not None and known[0]() is plan:
        return known[1]
    made = Parts(plan.routine, plan.progressions)

    def forget(_: object, key: int = key) -> None:
        _PLANS.pop(key, None)

    _PLANS[key] = (weakref.ref(plan, forget), made)
    return made


def window_counts(plan: Plan) -> dict[tuple[dt.date, dt.date], int]:
    """The sessions each seeking window of ``plan`` holds, as found so far."""
    made = plan_parts(plan)
    if made.windows is None:
        made.windows = _windows(plan)
    return made.windows
