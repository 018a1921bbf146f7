"""
iCalendar (RFC 5545) export of a dated plan.

The calendar is built with the ``icalendar`` library, an optional extra
(``pip install 'exerciselib[ics]'``), imported only when an export is
made. The shape follows RFC 5545:

* A plan whose sessions all have the same content and that a recurrence
  rule reproduces exactly becomes one VEVENT per time of day, with an
  RRULE (``FREQ=DAILY`` or ``FREQ=WEEKLY;BYDAY=...``, ``WKST=MO``,
  ``COUNT``). Anything else (a progression, a session shifted out of a
  daylight-saving gap, a session the plan skipped) becomes one VEVENT per
  session, so the plan, not each calendar app, decides every instant.
* ``DTSTART;TZID=`` holds the session's resolved local start, which
  always exists (RFC 5545 §3.3.5), with one VTIMEZONE per zone limited to
  the plan's dates.
* UIDs are UUIDv5 from the routine id, the zone, the start date, and the
  date and time of day of the session (or series): an export of the same
  plan repeats them, and a changed dosage updates events in place rather
  than duplicating them (RFC 7986 §5.3: no host or user data in UIDs).
* Text from packs is cleaned (no control characters) and escaped by the
  library as RFC 5545 §3.3.11 requires, so it cannot add properties,
  components or events.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import typing
import uuid

from exerciselib._model.types import ALL_DAYS
from exerciselib._schedule.calendar import BYDAY, dates
from exerciselib._text import clean_lines, length
from exerciselib.exceptions import MissingExtraError, ScheduleError

if typing.TYPE_CHECKING:
    import types

    import icalendar

    from exerciselib._model.types import Routine
    from exerciselib._schedule.plan import Plan, ScheduledSession

__all__ = ["ICS_NAMESPACE", "PRODID", "describe", "to_ics"]

#: The namespace of every UID exerciselib writes (a UUIDv5 of its name).
ICS_NAMESPACE = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://exerciselib.example/ics"
)
#: The PRODID of every calendar exerciselib writes (RFC 5545 §3.7.3).
PRODID = "-//exerciselib//exerciselib//EN"
#: Longest reminder, in minutes: one week before the session.
MAX_ALARM_MINUTES = 7 * 24 * 60


def _icalendar() -> types.ModuleType:
    try:
        import icalendar  # noqa: PLC0415 -- optional, loaded on use
    except ImportError as error:
        msg = (
            "Exporting to iCalendar needs the 'ics' extra: "
            "pip install 'exerciselib[ics]'"
        )
        raise MissingExtraError(msg, extra="ics") from error
    return icalendar


def _text(text: str) -> str:
    """Return pack text fit for a TEXT value: no control characters."""
    return "\n".join(clean_lines(text))


@functools.cache
def _text_type(ical: types.ModuleType) -> type:
    r"""
    Return a ``vText`` that escapes exactly as RFC 5545 section 3.3.11 says.

    icalendar's own escaping first turns a literal ``\N`` in the text
    into a line break, so pack text holding a backslash and an ``N`` would
    not read back as written. Here the backslash is escaped first, then
    ``;``, ``,`` and line breaks; icalendar's reader undoes exactly that.
    """

    class Text(ical.vText):  # type: ignore[name-defined,misc]
        """TEXT escaped backslash first (RFC 5545 section 3.3.11)."""

        def to_ical(self) -> bytes:
            escaped = (
                str(self)
                .replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\n", "\\n")
            )
            return escaped.encode(self.encoding)

    return Text


def describe(
    routine: Routine,
    total_seconds: float,
    *,
    affected_side: str | None = None,
    estimated: bool = False,
) -> str:
    """
    Return the event description: each exercise with its dosage.

    >>> from exerciselib import Exercise, Routine
    >>> bend = Exercise(
    ...     id="knee-bend", name="Knee bend", summary="Bend the knee.",
    ...     steps=["Sit tall."],
    ... )
    >>> routine = Routine(
    ...     id="knee", name="Knee", items=[bend.prescribe("2 x 10")]
    ... )
    >>> print(describe(routine, 95))
    1. Knee bend: 2 Sets / 10 Reps
    Session length: 1 min 35 s
    >>> print(describe(routine, 95, affected_side="left", estimated=True))
    1. Knee bend: 2 Sets / 10 Reps
    Affected side: left
    Session length: about 1 min 35 s
    """
    lines = [
        f"{number}. {_text(item.exercise.name)}: {item.dosage}"
        for number, item in enumerate(routine.items, start=1)
    ]
    if affected_side is not None:
        lines.append(f"Affected side: {affected_side}")
    about = "about " if estimated else ""
    lines.append(f"Session length: {about}{length(total_seconds)}")
    return "\n".join(lines)


def _plan_key(plan: Plan) -> str:
    """Identify the plan for UIDs: what it is, where and from when."""
    return f"{plan.routine.id}/{plan.timezone}/{plan.start.isoformat()}"


def _series(
    plan: Plan, sessions: list[ScheduledSession]
) -> dict[dt.time, list[ScheduledSession]] | None:
    """
    Group the sessions by time of day if one RRULE per time fits them.

    A rule with ``COUNT=n`` yields the first ``n`` allowed dates; that is
    right only if the plan neither skipped nor shifted any session and
    every session has the same content.
    """
    if any(progression is not None for progression in plan.progressions):
        return None
    groups: dict[dt.time, list[ScheduledSession]] = {}
    for session in sessions:
        if session.shifted:
            return None
        groups.setdefault(session.slot, []).append(session)
    for group in groups.values():
        allowed = dates(plan.start, plan.day_offsets)
        first = list(itertools.islice(allowed, len(group)))
        if first != [session.local_date for session in group]:
            return None
    return groups


def _rrule(plan: Plan, count: int) -> dict[str, typing.Any]:
    if plan.days == ALL_DAYS:
        return {"freq": "DAILY", "wkst": "MO", "count": count}
    return {
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": [BYDAY[day] for day in plan.days],
        "count": count,
    }


def _check(dtstamp: object, alarm_minutes: object) -> None:
    """Check the arguments a caller may get wrong (they are not typed)."""
    if dtstamp is not None and (
        not isinstance(dtstamp, dt.datetime) or dtstamp.utcoffset() is None
    ):
        msg = (
            f"dtstamp must be an aware datetime such as "
            f"datetime(2026, 1, 1, tzinfo=UTC), got {dtstamp!r}."
        )
        raise ScheduleError(msg, field="dtstamp")
    if alarm_minutes is not None and (
        isinstance(alarm_minutes, bool)
        or not isinstance(alarm_minutes, int)
        or not 0 <= alarm_minutes <= MAX_ALARM_MINUTES
    ):
        msg = (
            f"alarm_minutes must be a whole number of minutes from 0 to "
            f"{MAX_ALARM_MINUTES}, got {alarm_minutes!r}."
        )
        raise ScheduleError(msg, field="alarm_minutes")


def _event(
    ical: types.ModuleType,
    *,
    uid: uuid.UUID,
    dtstamp: dt.datetime,
    session: ScheduledSession,
    alarm_minutes: int | None,
    affected_side: str | None,
) -> icalendar.Event:
    from exerciselib._schedule.build import session_timeline  # noqa: PLC0415 -- lazy: start-up time

    routine = session.routine
    timeline = session_timeline(routine, affected_side=affected_side)
    event: icalendar.Event = ical.Event()
    event.add("uid", str(uid))
    event.add("dtstamp", dtstamp)
    event.add("dtstart", session.start)
    event.add("duration", session.end - session.start)
    text = _text_type(ical)
    event.add("summary", text(_text(routine.name)))
    description = describe(
        routine,
        timeline.total,
        affected_side=affected_side,
        estimated=timeline.estimated,
    )
    event.add("description", text(description))
    if alarm_minutes is not None:
        alarm = ical.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
        alarm.add("description", text(_text(routine.name)))
        event.add_component(alarm)
    return event


def to_ics(
    plan: Plan,
    *,
    dtstamp: dt.datetime | None = None,
    alarm_minutes: int | None = None,
    affected_side: str | None = None,
) -> bytes:
    """
    Return ``plan`` as an iCalendar file (RFC 5545).

    A plan without progression whose sessions a recurrence rule gives
    exactly becomes one event per time of day with an RRULE; any other
    plan becomes one event per session, each with the dosages in force.
    Every event starts at the session's resolved local time with its
    zone (``DTSTART;TZID=``), lasts as long as the session's timeline,
    and describes each exercise with its dosage and the session length.

    Args:
        plan: The plan to export.
        dtstamp: The DTSTAMP of every event, an aware datetime; the
            current time by default. Fix it to get the same bytes from
            the same plan.
        alarm_minutes: Add a DISPLAY reminder this many minutes before
            each session (0 to 10080); none by default.
        affected_side: ``"left"`` or ``"right"``; the plan's own
            ``affected_side`` by default. Named in each description and
            used for the session length.

    Returns:
        The calendar as bytes: UTF-8, CRLF line ends, lines folded at 75
        octets.

    Raises:
        MissingExtraError: The ``icalendar`` library is not installed
            (``pip install 'exerciselib[ics]'``).
        ScheduleError: ``dtstamp`` is naive or ``alarm_minutes`` is out of
            range (``field`` names it), or the plan has no session.

    .. versionadded:: 0.1.0
    """
    _check(dtstamp, alarm_minutes)
    if affected_side is None and plan.affected_side is not None:
        affected_side = plan.affected_side.value
    ical = _icalendar()
    stamp = (dtstamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    stamp = stamp.replace(microsecond=0)
    sessions = list(plan.sessions())
    if not sessions:
        msg = (
            "The plan has no sessions to export; check its start, end and "
            "days."
        )
        raise ScheduleError(msg, field="end")
    calendar = ical.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is not known to be TEXT: say so, so it is escaped.
    calendar.add("x-wr-calname", _text_type(ical)(_text(plan.routine.name)))
    key = _plan_key(plan)
    series = _series(plan, sessions)
    if series is not None:
        for time, group in series.items():
            days = ",".join(BYDAY[day] for day in plan.days)
            uid = uuid.uuid5(ICS_NAMESPACE, f"{key}/series/{time}/{days}")
            event = _event(
                ical,
                uid=uid,
                session=group[0],
                dtstamp=stamp,
                alarm_minutes=alarm_minutes,
                affected_side=affected_side,
            )
            event.add("rrule", _rrule(plan, len(group)))
            calendar.add_component(event)
    else:
        for session in sessions:
            name = f"{key}/{session.local_date.isoformat()}/{session.slot}"
            uid = uuid.uuid5(ICS_NAMESPACE, name)
            event = _event(
                ical,
                uid=uid,
                session=session,
                dtstamp=stamp,
                alarm_minutes=alarm_minutes,
                affected_side=affected_side,
            )
            calendar.add_component(event)
    first = sessions[0].start.date() - dt.timedelta(days=1)
    last = sessions[-1].end.date() + dt.timedelta(days=1)
    calendar.add_missing_timezones(first, last)
    ics: bytes = calendar.to_ical()
    return ics
