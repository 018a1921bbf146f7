"""
Construction checks for :class:`exerciselib.Plan`: bad plans fail early.

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


#: Names in the zone folder that are not zones of their own: the host's
#: zone (results would depend on the machine) and the POSIX rule file.
_NOT_ZONES = frozenset({"localtime", "posixrules"})


def zone(key: object) -> zoneinfo.ZoneInfo:
    try:
        if not isinstance(key, str) or key in _NOT_ZONES:
            raise TypeError(key)  # noqa: TRY301 -- one message for all
        return _zone_cached(key)
    # OSError: a folder ("America") or a name too long for the system.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
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


#: The first and last dates a plan may use: two days inside the
#: calendar's ends, so that converting a session to UTC (up to 14 hours
#: away), its end, and the day before the first one all stay in range.
FIRST_DATE = dt.date(1, 1, 3)
LAST_DATE = dt.date(9999, 12, 29)


def check_plan(plan: Plan) -> None:
    """Raise :class:`ScheduleError` unless ``plan`` can work."""
    _check_bounds(plan)
    _check_days(plan)
    _check_calendar(plan)
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


def _check_calendar(plan: Plan) -> None:
    """Refuse a plan with dates too close to year 1 or year 9999."""
    field = "start"
    if plan.start >= FIRST_DATE:
        last = plan.last_date
        if last is None:
            assert plan.count is not None  # noqa: S101 -- checked bounds
            # A week more, for sessions a clock change leaves out.
            last = _nth_date(plan, -(-plan.count // len(plan.times)) + 7)
            field = "count"
        else:
            field = "end" if plan.end is not None else "weeks"
        if last <= LAST_DATE:
            return
    msg = (
        f"The plan's dates must lie between {FIRST_DATE} and {LAST_DATE}; "
        f"choose a {field} that keeps it in that range."
    )
    raise ScheduleError(msg, field=field)


def _dates_until(plan: Plan, last: dt.date) -> int:
    """How many allowed dates lie from ``plan.start`` to ``last``."""
    return calendar.count_dates(plan.start, plan.day_offsets, last)


def _nth_date(plan: Plan, n: int) -> dt.date:
    """The ``n``-th allowed date (1-based), ignoring skipped sessions."""
    return calendar.nth_date(plan.start, plan.day_offsets, n)


def max_steps(plan: Plan) -> int:
    """
    The most progression steps any session of ``plan`` can reach.

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
