"""Construction checks for :class:`exerciselib.Plan`: bad plans fail early.

Each check raises :class:`~exerciselib.ScheduleError` whose ``field``
names the field at fault and whose message says how to fix it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import typing
import zoneinfo

from exerciselib._model.types import ALL_DAYS, Routine, Weekday
from exerciselib._schedule import calendar
from exerciselib._schedule.dose import session_parts
from exerciselib._schedule.progression import Progression
from exerciselib.exceptions import ScheduleError

if typing.TYPE_CHECKING:
    import attrs

    from exerciselib._schedule.plan import Plan

__all__ = [
    "MAX_COUNT",
    "MAX_WEEKS",
    "check_date",
    "check_plan",
    "check_progression",
    "check_routine",
    "check_whole",
    "check_zone",
    "max_steps",
    "to_days",
    "to_times",
    "zone",
]

#: Bounds that keep every plan far inside what ``datetime`` can hold.
MAX_COUNT = 100_000
MAX_WEEKS = 5_200


def to_days(value: typing.Iterable[Weekday | str]) -> tuple[Weekday, ...]:
    if isinstance(value, str):
        value = (value,)
    try:
        days = {Weekday(day) for day in value}
    except (TypeError, ValueError):
        msg = (
            f"days must be weekdays such as ('mon', 'wed', 'fri'), "
            f"got {value!r}."
        )
        raise ScheduleError(msg, field="days") from None
    return tuple(sorted(days, key=ALL_DAYS.index))


def to_times(value: typing.Iterable[object]) -> tuple[dt.time, ...]:
    if isinstance(value, dt.time):
        value = (value,)
    times: tuple[typing.Any, ...] = tuple(value)
    for time in times:
        if (
            not isinstance(time, dt.time)
            or time.tzinfo is not None
            or time.microsecond
        ):
            msg = (
                "times must be naive datetime.time values in whole "
                f"seconds, such as time(8, 0), got {time!r}; the zone is "
                "given by timezone."
            )
            raise ScheduleError(msg, field="times")
    if len(set(times)) != len(times):
        msg = f"times must not repeat a time of day, got {times!r}."
        raise ScheduleError(msg, field="times")
    return tuple(sorted(times))


def check_zone(_: object, __: attrs.Attribute[str], value: str) -> None:
    zone(value)


@functools.cache
def _zone_cached(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


def zone(key: object) -> zoneinfo.ZoneInfo:
    try:
        if not isinstance(key, str):
            raise TypeError(key)  # noqa: TRY301 -- one message for all
        return _zone_cached(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        msg = (
            f"timezone {key!r} is not a known IANA time zone; use a name "
            "such as 'Europe/Berlin' or 'Australia/Sydney'."
        )
        raise ScheduleError(msg, field="timezone") from None


def check_whole(
    field: str,
) -> typing.Callable[[object, attrs.Attribute[typing.Any], typing.Any], None]:
    maximum = MAX_COUNT if field == "count" else MAX_WEEKS

    def check(
        _: object, __: attrs.Attribute[int | None], value: object
    ) -> None:
        if value is None:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= maximum
        ):
            msg = f"{field} must be from 1 to {maximum}, got {value!r}."
            raise ScheduleError(msg, field=field)

    return check


def check_date(
    _: object, attribute: attrs.Attribute[typing.Any], value: object
) -> None:
    if value is None and attribute.name == "end":
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{attribute.name} must be a datetime.date, got {value!r}."
        raise ScheduleError(msg, field=attribute.name)


def check_routine(
    _: object, __: attrs.Attribute[Routine], value: object
) -> None:
    if not isinstance(value, Routine):
        msg = f"routine must be a Routine, got {type(value).__name__}."
        raise ScheduleError(msg, field="routine")


def check_progression(
    _: object, __: attrs.Attribute[Progression | None], value: object
) -> None:
    if value is not None and not isinstance(value, Progression):
        msg = f"progression must be a Progression or None, got {value!r}."
        raise ScheduleError(msg, field="progression")


def to_item_progressions(
    value: object,
) -> tuple[tuple[int, Progression | None], ...]:
    """Read item progressions: a mapping (or pairs) of index to one."""
    pairs = value.items() if isinstance(value, typing.Mapping) else value
    try:
        found = dict(
            typing.cast("typing.Iterable[tuple[object, object]]", pairs)
        )
    except (TypeError, ValueError):
        msg = (
            "item_progressions must map item indexes to a Progression or "
            f"None, such as {{2: Progression(every_weeks=1, add_reps=1)}}, "
            f"got {value!r}."
        )
        raise ScheduleError(msg, field="item_progressions") from None
    for index, progression in found.items():
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            msg = (
                f"item_progressions keys must be item indexes (0-based), "
                f"got {index!r}."
            )
            raise ScheduleError(msg, field="item_progressions")
        if progression is not None and not isinstance(
            progression, Progression
        ):
            msg = (
                f"item_progressions[{index}] must be a Progression or None, "
                f"got {progression!r}."
            )
            raise ScheduleError(msg, field="item_progressions")
    return tuple(
        sorted(
            typing.cast("dict[int, Progression | None]", found).items(),
            key=lambda pair: pair[0],
        )
    )


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
    return calendar.count_dates(plan.start, plan.day_offsets, last)


def _nth_date(plan: Plan, n: int) -> dt.date:
    """The ``n``-th allowed date (1-based), ignoring skipped sessions."""
    return calendar.nth_date(plan.start, plan.day_offsets, n)


def max_steps(plan: Plan) -> tuple[int, ...]:
    """The most progression steps each item of ``plan`` can reach.

    For a ``count`` plan, the last week is estimated from the slots,
    ignoring sessions a gap or an overlap may skip.
    """
    progressions = plan.progressions
    if not any(progressions):
        return (0,) * len(progressions)
    last = plan.last_date
    if last is None:
        assert plan.count is not None  # noqa: S101 -- checked bounds
        sessions = plan.count
        last = _nth_date(plan, -(-plan.count // len(plan.times)))
    else:
        sessions = _dates_until(plan, last) * len(plan.times)
    weeks = (last - plan.start).days // 7
    return tuple(
        0
        if progression is None
        else weeks // progression.every_weeks
        if progression.every_weeks is not None
        else (sessions - 1) // typing.cast("int", progression.every_sessions)
        for progression in progressions
    )


def _check_progression(plan: Plan) -> None:
    items = plan.routine.items
    for index, _ in plan.item_progressions:
        if index >= len(items):
            msg = (
                f"item_progressions names item {index}, but the routine has "
                f"{len(items)} items (0 to {len(items) - 1})."
            )
            raise ScheduleError(msg, field="item_progressions")
    progressions = plan.progressions
    own = dict(plan.item_progressions)
    reach = max_steps(plan)
    for index, (item, progression) in enumerate(
        zip(items, progressions, strict=True)
    ):
        if progression is None:
            continue
        field = "progression" if index not in own else "item_progressions"
        over = progression.exceeded_caps(item.dosage)
        if over:
            msg = (
                f"Item {index} ({item.exercise.id}) already has "
                f"{', '.join(over)}; raise the cap or lower the dosage."
            )
            raise ScheduleError(msg, field=field)
    _check_applies(plan, own, reach)


def _check_applies(
    plan: Plan,
    own: dict[int, Progression | None],
    reach: tuple[int, ...],
) -> None:
    """Refuse a progression (the plan's or an item's) that never applies."""
    items = plan.routine.items
    given = [
        (
            plan.progression,
            "progression",
            [index for index in range(len(items)) if index not in own],
        )
    ]
    given += [
        (progression, "item_progressions", [index])
        for index, progression in own.items()
    ]
    for progression, field, indexes in given:
        if progression is None or not indexes:
            continue
        if not any(progression.can_grow(items[i].dosage) for i in indexes):
            msg = (
                "This progression could never apply: no item it applies to "
                "can grow (every increment is 0 or every dosage is at its "
                "cap; hold seconds grow only for exercises with a hold, work "
                "seconds for timed work, the load for a load in kg or lb)."
            )
            raise ScheduleError(msg, field=field)
        if max(reach[i] for i in indexes) == 0:
            every = (
                f"every_weeks={progression.every_weeks}"
                if progression.every_weeks is not None
                else f"every_sessions={progression.every_sessions}"
            )
            msg = (
                f"This progression could never apply: with {every} its "
                "first step comes after the plan ends; step more often or "
                "plan longer."
            )
            raise ScheduleError(msg, field=field)


def _check_times(plan: Plan) -> None:
    length = session_parts(plan, max_steps(plan))[1]
    indices = [day.number for day in plan.days]
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
