"""Plans as JSON data (``schemas/plan.json``) and as RFC 5545 rules."""

from __future__ import annotations

import datetime as dt
import typing

from exerciselib._model.convert import routine_from_valid, trusting
from exerciselib._model.types import ALL_DAYS, Routine
from exerciselib._schedule import calendar
from exerciselib._schedule.plan import Plan
from exerciselib._schedule.program import thaw
from exerciselib._schedule.progression import Progression
from exerciselib._schema import check, invalid
from exerciselib.exceptions import InvalidDataError, Problem, ScheduleError

__all__ = ["plan_from_dict", "plan_to_dict", "plan_to_rfc5545"]

_PROGRESSION_FIELDS = (
    "every_weeks",
    "every_sessions",
    "add_reps",
    "add_hold_seconds",
    "add_sets",
    "max_reps",
    "max_hold_seconds",
    "max_sets",
    "regress_from_session",
    "regress_steps",
    "add_work_seconds",
    "max_work_seconds",
    "add_load",
    "max_load",
    "double",
)


def _progression_to_dict(progression: Progression) -> dict[str, typing.Any]:
    """The fields of ``progression``: None and zero increments left out."""
    return {
        name: getattr(progression, name)
        for name in _PROGRESSION_FIELDS
        if getattr(progression, name) is not None
        and not (name in _NEW_INCREMENTS and not getattr(progression, name))
    }


#: Increments added after the first release: left out when 0, so that
#: older plan JSON stays byte for byte the same.
_NEW_INCREMENTS = frozenset({"add_work_seconds", "add_load", "double"})


def _progression(data: dict[str, typing.Any], path: str) -> Progression:
    """Build a progression; a refused field is a problem at its path."""
    try:
        return Progression(**data)
    except ScheduleError as error:
        problem = Problem(
            json_path=f"{path}.{error.field}", message=str(error)
        )
        raise invalid([problem], what="plan") from error


def _time_text(time: dt.time) -> str:
    return f"{time:%H:%M}" if not time.second else f"{time:%H:%M:%S}"


def plan_to_dict(plan: Plan) -> dict[str, typing.Any]:
    """Return ``plan`` as JSON data matching ``plan.json``."""
    data: dict[str, typing.Any] = {
        "routine": plan.routine.to_dict(),
        "start": plan.start.isoformat(),
    }
    if plan.end is not None:
        data["end"] = plan.end.isoformat()
    if plan.weeks is not None:
        data["weeks"] = plan.weeks
    if plan.count is not None:
        data["count"] = plan.count
    data["days"] = [day.value for day in plan.days]
    data["times"] = [_time_text(time) for time in plan.times]
    data["timezone"] = plan.timezone
    data["gap_policy"] = plan.gap_policy.value
    if plan.affected_side is not None:
        data["affected_side"] = plan.affected_side.value
    if plan.metadata:
        data["metadata"] = thaw(plan.metadata)
    if plan.progression is not None:
        data["progression"] = _progression_to_dict(plan.progression)
    if plan.item_progressions:
        data["item_progressions"] = [
            {"item": index}
            | (
                {}
                if progression is None
                else {"progression": _progression_to_dict(progression)}
            )
            for index, progression in plan.item_progressions
        ]
    return data


def _date(text: str, path: str, problems: list[Problem]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"{text!r} is not a calendar date (YYYY-MM-DD)."
        problems.append(Problem(json_path=path, message=message))
        return None


def _routine(
    data: dict[str, typing.Any], problems: list[Problem]
) -> Routine | None:
    """Build the routine of plan data already checked (or trusted)."""
    try:
        return routine_from_valid(data, exercises={})
    except InvalidDataError as error:
        problems.extend(
            Problem(json_path="$.routine" + p.json_path[1:], message=p.message)
            for p in error.problems
        )
        return None


def plan_from_dict(data: object, *, trusted: bool = False) -> Plan:
    """
    Validate ``data`` against ``plan.json`` and build the plan.

    The document is validated once: the routine inside it is built from
    the checked data, not validated again. With ``trusted`` the schema
    check is skipped; the types still check every value they hold.
    """
    if not trusted:
        check(data, "plan")
    raw = typing.cast("dict[str, typing.Any]", data)
    return trusting(lambda: _build_plan(raw), trusted=trusted, what="plan")


def _build_plan(raw: dict[str, typing.Any]) -> Plan:
    problems: list[Problem] = []
    routine = _routine(raw["routine"], problems)
    start = _date(raw["start"], "$.start", problems)
    end = _date(raw["end"], "$.end", problems) if "end" in raw else None
    if problems:
        raise invalid(problems, what="plan")
    progression = None
    if "progression" in raw:
        progression = _progression(raw["progression"], "$.progression")
    own = {
        entry["item"]: (
            _progression(
                entry["progression"],
                f"$.item_progressions[{number}].progression",
            )
            if "progression" in entry
            else None
        )
        for number, entry in enumerate(raw.get("item_progressions", ()))
    }
    slots: dict[str, typing.Any] = {}
    if "days" in raw:
        slots["days"] = raw["days"]
    if "times" in raw:
        slots["times"] = [dt.time.fromisoformat(t) for t in raw["times"]]
    try:
        return Plan(
            routine=typing.cast("Routine", routine),
            start=typing.cast("dt.date", start),
            end=end,
            weeks=raw.get("weeks"),
            count=raw.get("count"),
            timezone=raw["timezone"],
            progression=progression,
            item_progressions=own,
            gap_policy=raw.get("gap_policy", "shift"),
            affected_side=raw.get("affected_side"),
            metadata=raw.get("metadata", {}),
            **slots,
        )
    except ScheduleError as error:
        problem = Problem(json_path=f"$.{error.field}", message=str(error))
        raise invalid([problem], what="plan") from error


def _rule_line(plan: Plan) -> str:
    if plan.days == ALL_DAYS:
        return "RRULE:FREQ=DAILY;WKST=MO"
    byday = ",".join(calendar.BYDAY[day] for day in plan.days)
    return f"RRULE:FREQ=WEEKLY;WKST=MO;BYDAY={byday}"


def plan_to_rfc5545(plan: Plan) -> tuple[str, ...]:
    r"""
    Return the plan's timing as RFC 5545 text, one rule per time of day.

    Each string is two lines joined by ``\n``: a ``DTSTART;TZID=``
    line with the local wall time of the first allowed date, and an
    ``RRULE`` (``FREQ=DAILY`` for every day, else ``FREQ=WEEKLY`` with
    ``BYDAY``; always ``WKST=MO``). A plan bounded by an end date or
    weeks ends each rule with ``UNTIL`` (UTC, inclusive: that time of
    day on the last date); a plan bounded by a count gives each rule a
    ``COUNT`` of the slots up to the plan's last session, and leaves out
    a time of day with none. The rules keep the wall time: where the
    plan shifts or skips a session at a nonexistent local time, a
    calendar applies its own rule (RFC 5545 §3.3.5 shifts forward, as
    ``gap_policy='shift'`` does).

    Raises:
        ScheduleError: For a ``count`` plan with ``gap_policy='raise'``
            that reaches a nonexistent local time.
    """
    offsets = plan.day_offsets
    first = plan.start + dt.timedelta(days=offsets[0])
    rule = _rule_line(plan)
    zone = plan.zone
    rules = []
    counts = _slot_counts(plan) if plan.count is not None else {}
    for time in plan.times:
        start = dt.datetime.combine(first, time)
        dtstart = f"DTSTART;TZID={plan.timezone}:{start:%Y%m%dT%H%M%S}"
        if plan.count is not None:
            count = counts.get(time, 0)
            if not count:
                continue
            bound = f"COUNT={count}"
        else:
            last = typing.cast("dt.date", plan.last_date)
            until = (
                dt.datetime.combine(last, time)
                .replace(tzinfo=zone)
                .astimezone(dt.UTC)
            )
            bound = f"UNTIL={until:%Y%m%dT%H%M%SZ}"
        rules.append(f"{dtstart}\n{rule};{bound}")
    return tuple(rules)


def _slot_counts(plan: Plan) -> dict[dt.time, int]:
    """For a count plan: slots per time of day up to the last session."""
    last = None
    for last in plan.sessions():  # noqa: B007 -- the last one is wanted
        pass
    if last is None:
        return {}
    before = calendar.count_dates(
        plan.start, plan.day_offsets, last.local_date - dt.timedelta(days=1)
    )
    last_time = last.local_time
    return {
        time: before + (1 if time <= last_time else 0) for time in plan.times
    }
