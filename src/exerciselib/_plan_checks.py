# Copyright 2025 exerciselib developers. MIT licence.
"""Construction checks for :class:`exerciselib.Plan`: bad plans fail early.

Each check raises :class:`~exerciselib.ScheduleError` whose ``field``
names the field at fault and whose message says how to fix it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import typing

from exerciselib.exceptions import ScheduleError

if typing.TYPE_CHECKING:
    from exerciselib._plan import Plan

__all__ = ["check_plan", "max_steps"]


def check_plan(plan: Plan) -> None:
    """Raise :class:`ScheduleError` unless ``plan`` can work."""
    _check_bounds(plan)
    _check_days(plan)
    _check_progression(plan)
    _check_times(plan)


def _check_bounds(plan: Plan) -> None:
    given = [
        name
        for name in ("end", "weeks", "count")
        if getattr(plan, name) is not None
    ]
    if len(given) != 1:
        got = ", ".join(given) if given else "none"
        msg = (
            "Give exactly one of end, weeks and count to bound the plan "
            f"(got {got})."
        )
        raise ScheduleError(msg, field=given[-1] if given else "end")
    if plan.end is not None and plan.end < plan.start:
        msg = (
            f"end {plan.end} is before start {plan.start}; the end date "
            "is inclusive and must be on or after the start."
        )
        raise ScheduleError(msg, field="end")
    if plan.weeks is not None:
        try:
            plan.start + dt.timedelta(days=7 * plan.weeks)
        except OverflowError:
            msg = f"weeks={plan.weeks} runs past the year 9999."
            raise ScheduleError(msg, field="weeks") from None


def _check_days(plan: Plan) -> None:
    if not plan.days:
        msg = "days must name at least one weekday, such as ('mon',)."
        raise ScheduleError(msg, field="days")
    if not plan.times:
        msg = "times must hold at least one time of day, such as time(8)."
        raise ScheduleError(msg, field="times")
    last = plan.last_date
    if last is not None and _dates_until(plan, last) == 0:
        days = ", ".join(plan.days)
        msg = (
            f"No day from {plan.start} to {last} falls on {days}; "
            "widen the dates or choose other days."
        )
        raise ScheduleError(msg, field="days")
    if plan.count is not None:
        try:
            _nth_date(plan, -(-plan.count // len(plan.times)) + 7)
        except OverflowError:
            msg = f"count={plan.count} runs past the year 9999."
            raise ScheduleError(msg, field="count") from None


def _dates_until(plan: Plan, last: dt.date) -> int:
    """How many allowed dates lie from ``plan.start`` to ``last``."""
    weeks, rest = divmod((last - plan.start).days + 1, 7)
    offsets = plan.day_offsets
    return weeks * len(offsets) + sum(1 for o in offsets if o < rest)


def _nth_date(plan: Plan, n: int) -> dt.date:
    """The ``n``-th allowed date (1-based), ignoring skipped sessions."""
    offsets = plan.day_offsets
    week, index = divmod(n - 1, len(offsets))
    return plan.start + dt.timedelta(days=7 * week + offsets[index])


def max_steps(plan: Plan) -> int:
    """The most progression steps any session of ``plan`` can reach.

    For a ``count`` plan, the last week is estimated from the slots,
    ignoring sessions a gap or an overlap may skip.
    """
    progression = plan.progression
    if progression is None:
        return 0
    last = plan.last_date
    if last is None:
        assert plan.count is not None  # noqa: S101 -- checked bounds
        sessions = plan.count
        last = _nth_date(plan, -(-plan.count // len(plan.times)))
    else:
        sessions = _dates_until(plan, last) * len(plan.times)
    if progression.every_weeks is not None:
        return (last - plan.start).days // 7 // progression.every_weeks
    assert progression.every_sessions is not None  # noqa: S101 -- post_init
    return (sessions - 1) // progression.every_sessions


def _check_progression(plan: Plan) -> None:
    progression = plan.progression
    if progression is None:
        return
    for index, item in enumerate(plan.routine.items):
        over = progression.exceeded_caps(item.dosage)
        if over:
            msg = (
                f"Item {index} ({item.exercise.id}) already has "
                f"{', '.join(over)}; raise the cap or lower the dosage."
            )
            raise ScheduleError(msg, field="progression")
    if not any(progression.can_grow(i.dosage) for i in plan.routine.items):
        msg = (
            "This progression could never apply: no item can grow (every "
            "increment is 0 or every dosage is at its cap, and hold "
            "seconds grow only for exercises with a hold)."
        )
        raise ScheduleError(msg, field="progression")
    if max_steps(plan) == 0:
        every = (
            f"every_weeks={progression.every_weeks}"
            if progression.every_weeks is not None
            else f"every_sessions={progression.every_sessions}"
        )
        msg = (
            f"This progression could never apply: with {every} its first "
            "step comes after the plan ends; step more often or plan "
            "longer."
        )
        raise ScheduleError(msg, field="progression")


def _check_times(plan: Plan) -> None:
    from exerciselib._plan import _session_parts  # noqa: PLC0415

    length = _session_parts(plan, max_steps(plan))[1]
    indices = [day.index for day in plan.days]
    day_gap = min(
        (b - a) % 7 or 7
        for a, b in zip(indices, [*indices[1:], indices[0]], strict=True)
    )
    today = dt.date(2000, 1, 3)  # any date: only wall-clock differences
    walls = [dt.datetime.combine(today, t) for t in plan.times]
    walls.append(walls[0] + dt.timedelta(days=day_gap))
    for before, after in itertools.pairwise(walls):
        if after - before < length:
            msg = (
                f"Sessions at {before:%H:%M:%S} and {after:%H:%M:%S} would "
                f"overlap: a session lasts {length}; space the times of "
                "day at least that far apart."
            )
            raise ScheduleError(msg, field="times")
