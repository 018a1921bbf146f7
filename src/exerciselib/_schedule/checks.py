"""
Construction checks for :class:`exerciselib.Plan`: bad plans fail early.

The kinds of value a plan's fields hold (:class:`Zone`, :class:`Date`,
:class:`Times` ...) are checked field by field through
``exerciselib._validators`` and refused with
:class:`~exerciselib.ScheduleValueError`; :func:`check_plan` then
raises :class:`~exerciselib.ScheduleError` for a plan whose values
cannot work together. Either error's ``field`` names the field at fault
and its message says how to fix it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import typing
import zoneinfo

from exerciselib._model.types import ALL_DAYS, Weekday
from exerciselib._schedule import calendar
from exerciselib._schedule.dose import session_parts
from exerciselib._schedule.progression import Progression
from exerciselib._validators import Kind, as_tuple, whole
from exerciselib.exceptions import ScheduleError, ScheduleValueError

if typing.TYPE_CHECKING:
    import types

    from exerciselib._schedule.plan import Plan

__all__ = [
    "MAX_COUNT",
    "MAX_WEEKS",
    "Count",
    "Date",
    "Days",
    "Times",
    "Weeks",
    "Zone",
    "check_plan",
    "max_steps",
    "to_days",
    "to_times",
    "to_zone_name",
    "zone",
]

#: Bounds that keep every plan far inside what ``datetime`` can hold.
MAX_COUNT = 100_000
MAX_WEEKS = 5_200


def to_days(value: object) -> object:
    """Weekdays sorted Monday first, repeats dropped; else left as given."""
    values = as_tuple(value)
    if not isinstance(values, tuple):
        return value
    try:
        days = {Weekday(day) for day in values}
    except (TypeError, ValueError):
        return values  # the validator names the field and the value
    return tuple(sorted(days, key=ALL_DAYS.index))


def _is_time(value: object) -> bool:
    return (
        isinstance(value, dt.time)
        and value.tzinfo is None
        and not value.microsecond
    )


def to_times(value: object) -> object:
    """Times of day sorted; anything else is left for the validator."""
    values = as_tuple((value,) if isinstance(value, dt.time) else value)
    if isinstance(values, tuple) and all(map(_is_time, values)):
        return tuple(sorted(typing.cast("tuple[dt.time, ...]", values)))
    return values


class Times(Kind):
    """Naive local times of day in whole seconds, none repeated."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if not isinstance(value, tuple) or not all(map(_is_time, value)):
            return (
                "must be naive datetime.time values in whole seconds, "
                "such as time(8, 0) (the zone is given by timezone)"
            )
        if len(set(value)) != len(value):
            return "must not repeat a time of day"
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.lists(
            st.builds(
                dt.time,
                st.integers(min_value=0, max_value=23),
                st.integers(min_value=0, max_value=59),
            ),
            min_size=1,
            max_size=3,
            unique=True,
        ).map(lambda times: tuple(sorted(times)))


class Days(Kind):
    """Days of the week, Monday first, none repeated."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if isinstance(value, tuple) and all(
            isinstance(day, Weekday) for day in value
        ):
            return None
        return "must be weekdays such as ('mon', 'wed', 'fri')"

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.sets(st.sampled_from(ALL_DAYS), min_size=1).map(
            lambda days: tuple(sorted(days, key=ALL_DAYS.index))
        )


class Date(Kind):
    """A calendar date: a ``datetime.date`` that is not a datetime."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return None
        return "must be a datetime.date"

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        # Far from the calendar's ends, so that every bound of a plan
        # starting then fits (MAX_WEEKS, or MAX_COUNT sessions).
        return st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))


class Zone(Kind):
    """The key of an IANA time zone, such as ``Europe/Berlin``."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        # Folders ("America"), overlong names and the host-dependent
        # "localtime" and "posixrules" are refused too.
        if _find_zone(value) is not None:
            return None
        return (
            "is not a known IANA time zone (use a name such as "
            "'Europe/Berlin' or 'Australia/Sydney')"
        )

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.timezone_keys().filter(lambda key: key not in _NOT_ZONES)


Weeks = whole(1, MAX_WEEKS)
Count = whole(1, MAX_COUNT)


def to_zone_name(value: object) -> object:
    """
    Take a ``zoneinfo.ZoneInfo`` by its IANA key; leave anything else.

    A tzinfo without an IANA key (a fixed offset, a ``ZoneInfo`` read
    from a file, another library's zone) is refused: a plan stores the
    zone's name, and only a name keeps its daylight-saving rules.
    """
    if isinstance(value, str) or not isinstance(value, dt.tzinfo):
        return value
    key = getattr(value, "key", None)
    if isinstance(value, zoneinfo.ZoneInfo) and isinstance(key, str):
        return key
    msg = (
        f"timezone must be an IANA time zone name or a zoneinfo.ZoneInfo "
        f"made from one, got {value!r}, which has no IANA key; pass "
        "ZoneInfo('Europe/Berlin') or the name itself ('UTC' for UTC)."
    )
    raise ScheduleValueError(msg, field="timezone", value=value)


@functools.cache
def _zone_cached(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


#: Names in the zone folder that are not zones of their own: the host's
#: zone (results would depend on the machine) and the POSIX rule file.
_NOT_ZONES = frozenset({"localtime", "posixrules"})


def _find_zone(key: object) -> zoneinfo.ZoneInfo | None:
    """The zone ``key`` names, or None unless it is an IANA zone's name."""
    if not isinstance(key, str) or key in _NOT_ZONES:
        return None
    try:
        return _zone_cached(key)
    # OSError: a folder ("America") or a name too long for the system.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return None


def zone(key: object) -> zoneinfo.ZoneInfo:
    """
    The time zone ``key`` names (a checked :class:`Zone`).

    Raises:
        ScheduleValueError: ``key`` is not a :class:`Zone`.
    """
    found = _find_zone(key)
    if found is None:
        msg = f"timezone {key!r} {Zone.refusal(key)}."
        raise ScheduleValueError(msg, field="timezone", value=key)
    return found


#: The first and last dates a plan may use: two days inside the
#: calendar's ends, so that converting a session to UTC (up to 14 hours
#: away), its end, and the day before the first one all stay in range.
FIRST_DATE = dt.date(1, 1, 3)
LAST_DATE = dt.date(9999, 12, 29)


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
        raise ScheduleValueError(
            msg, field="item_progressions", value=value
        ) from None
    for index, progression in found.items():
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            msg = (
                f"item_progressions keys must be item indexes (0-based), "
                f"got {index!r}."
            )
            raise ScheduleValueError(
                msg, field="item_progressions", value=value
            )
        if progression is not None and not isinstance(
            progression, Progression
        ):
            msg = (
                f"item_progressions[{index}] must be a Progression or None, "
                f"got {progression!r}."
            )
            raise ScheduleValueError(
                msg, field="item_progressions", value=value
            )
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


def max_steps(plan: Plan) -> tuple[int, ...]:
    """
    The most progression steps each item of ``plan`` can reach.

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
            cap = over[0].partition(" > ")[2].split(" ")[0]
            raise ScheduleError(msg, field=f"{field}.{cap}")
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
            raise ScheduleError(
                msg, field=f"{field}.{every.partition('=')[0]}"
            )


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
            _check_growth(plan, after - before, length, before, after)
            msg = (
                f"Sessions at {before:%H:%M:%S} and {after:%H:%M:%S} would "
                f"overlap: a session lasts {length}; space the times of "
                "day at least that far apart."
            )
            raise ScheduleError(msg, field="times")


#: A progression's increments and the caps that bound them.
_GROWTH = (
    ("add_reps", "max_reps"),
    ("add_sets", "max_sets"),
    ("add_hold_seconds", "max_hold_seconds"),
    ("add_work_seconds", "max_work_seconds"),
)


def _check_growth(
    plan: Plan,
    room: dt.timedelta,
    length: dt.timedelta,
    before: dt.datetime,
    after: dt.datetime,
) -> None:
    """
    Blame the progression when only its growth makes sessions overlap.

    The session at the base dosages fits between ``before`` and
    ``after``; the grown one (``length``) does not. The field to change
    is a cap: one the progression lacks, else the first it has.
    """
    own = [(index, p) for index, p in plan.item_progressions if p]
    prefix, progression = "progression", plan.progression
    if progression is None and own:
        prefix, progression = "item_progressions", own[0][1]
    no_steps = (0,) * len(plan.routine.items)
    if progression is None or session_parts(plan, no_steps)[1] > room:
        return
    growing = [(add, cap) for add, cap in _GROWTH if getattr(progression, add)]
    missing = [cap for _, cap in growing if getattr(progression, cap) is None]
    caps = missing or [cap for _, cap in growing]
    if not caps:  # pragma: no cover -- a progression always grows something
        return
    if missing:
        why = (
            f"{' and '.join(caps)} {'is' if len(caps) == 1 else 'are'} not "
            "set, so the dosage grows to the library's limits"
        )
    else:
        why = (
            f"{', '.join(caps)} allow{'s' if len(caps) == 1 else ''} too much"
        )
    msg = (
        f"The progression makes a session last {length} by its last step, "
        f"longer than the {room} between sessions at {before:%H:%M:%S} "
        f"and {after:%H:%M:%S}: {why}. Set {' and '.join(caps)} on the "
        "progression (a cap the grown session fits under), or space the "
        "times of day further apart."
    )
    raise ScheduleError(msg, field=f"{prefix}.{caps[0]}")
