"""
iCalendar (RFC 5545) export of a dated plan.

The calendar is built with the ``icalendar`` library, an optional extra
(``pip install 'exerciselib[ics]'``), imported only when an export is
made. The shape follows RFC 5545:

* Each time of day is split into runs of sessions with the same content
  (the same routine in force, so the same dosages and length) on
  allowed dates in a row, a skipped date inside a run being an EXDATE;
  each run is one VEVENT with an RRULE (``FREQ=DAILY`` or
  ``FREQ=WEEKLY;BYDAY=...``, ``WKST=MO``, ``COUNT``; none for a run of
  one). A plan without progression is one run per time of day; a
  weekly progression, one run per time and step. The description (and
  the timeline behind it) is built once per distinct routine.
* Only an *exact* session (:func:`exact`: its local start and end each
  happen once, with no clock change between them) is written in local
  time, ``DTSTART;TZID=``. Any other (in a fall-back fold, shifted out of
  a spring gap, across a change) is an event of its own with DTSTART in
  UTC, excluded from its series by EXDATE: readers disagree on local
  times that happen twice or never, and some add DURATION to the wall
  clock, so the plan, not each calendar app, decides every instant. A
  series is cut where its time of day does not exist, so no rule gives
  a nonexistent time.
* DURATION is the session's elapsed length (``duration_text``).
* One VTIMEZONE per zone, written from the zone data for the plan's span
  (``_export.vtimezone``): exact for every change inside it.
* UIDs are UUIDv5 from the routine id, the zone, the start date, and
  the time of day and weekdays of a series (with its first date, for
  every series of that time but the first) or the date and time of day
  of an event of its own: an export of the same plan repeats them, a
  changed dosage updates events in place rather than duplicating them,
  and a change from some week on keeps the UIDs of the series before it
  (RFC 7986 §5.3: no host or user data in UIDs).
* Text from packs is cleaned (no control characters) and escaped by the
  library as RFC 5545 §3.3.11 requires, so it cannot add properties,
  components or events.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import typing
import uuid

from exerciselib._export.vtimezone import onsets, vtimezone
from exerciselib._i18n import translations
from exerciselib._model.types import ALL_DAYS
from exerciselib._model.wording import (
    dosage_line,
    group_text,
    length,
    side_name,
)
from exerciselib._schedule.calendar import BYDAY
from exerciselib._text import clean_lines
from exerciselib.exceptions import MissingExtraError, ScheduleError

if typing.TYPE_CHECKING:
    import types
    import zoneinfo
    from collections.abc import Iterable, Sequence

    import icalendar

    from exerciselib._export.vtimezone import Onset
    from exerciselib._i18n import Texts
    from exerciselib._model.types import Routine
    from exerciselib._schedule.plan import Plan, ScheduledSession

__all__ = ["ICS_NAMESPACE", "PRODID", "describe", "exact", "to_ics"]

#: The namespace of every UID exerciselib writes (a UUIDv5 of its name).
ICS_NAMESPACE = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://exerciselib.example/ics"
)
#: The PRODID of every calendar exerciselib writes (RFC 5545 §3.7.3).
PRODID = "-//exerciselib//exerciselib//EN"
#: How far the VTIMEZONE reaches before the first and after the last
#: session.
_MARGIN = dt.timedelta(days=1)
_DAY = dt.timedelta(days=1)
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


def duration_text(length: dt.timedelta) -> str:
    """
    Return a session's length as an RFC 5545 DURATION of exact time.

    Hours, minutes and seconds are exact time in RFC 5545 §3.3.6, while
    a day (``P1D``) is a calendar day, 23 or 25 hours across a clock
    change, so no day part is written. RFC 5545 has no fractions of a
    second: the length is rounded up, so the event covers the session.

    >>> duration_text(dt.timedelta(minutes=4, seconds=20))
    'PT4M20S'
    >>> duration_text(dt.timedelta(hours=25, seconds=0.25))
    'PT25H1S'
    >>> duration_text(dt.timedelta(0))
    'PT0S'
    """
    seconds = math.ceil(length.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds or text == "PT":
        text += f"{seconds}S"
    return text


@functools.cache
def _duration_type(ical: types.ModuleType) -> type:
    """Return a ``vDuration`` written by :func:`duration_text`."""

    class Duration(ical.vDuration):  # type: ignore[name-defined,misc]
        """An exact, whole-second DURATION (RFC 5545 section 3.3.6)."""

        def to_ical(self) -> bytes:
            return duration_text(self.td).encode()

    return Duration


def describe(
    routine: Routine,
    total_seconds: float,
    *,
    affected_side: str | None = None,
    estimated: bool = False,
    texts: Texts | None = None,
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
    texts = texts or translations(None)
    _ = texts.gettext
    lines = []
    for index, item in enumerate(routine.items):
        opening = group_text(texts, routine, index)
        if opening is not None:
            lines.append(_text(opening))
        label = routine.label(index)
        name = _text(item.exercise.name)
        name = name if label is None else f"{label} {name}"
        lines.append(f"{index + 1}. {name}: {dosage_line(texts, item.dosage)}")
    if affected_side is not None:
        side = side_name(texts, affected_side)
        lines.append(_("Affected side: {side}").format(side=side))
    if estimated:
        sentence = _("Session length: about {length}")
    else:
        sentence = _("Session length: {length}")
    lines.append(sentence.format(length=length(texts, total_seconds)))
    return "\n".join(lines)


def _plan_key(plan: Plan) -> str:
    """Identify the plan for UIDs: what it is, where and from when."""
    return f"{plan.routine.id}/{plan.timezone}/{plan.start.isoformat()}"


def exact(session: ScheduledSession) -> bool:
    """
    Tell whether every reader finds the session from its local times.

    True when the session keeps its time of day, its local start and end
    each exist exactly once, and one UTC offset holds from start to end.
    A reader then places it by the local DTSTART and adds the DURATION
    without meeting a clock change, whether it adds elapsed or wall-clock
    time. Readers disagree on a local time that occurs twice (RFC 5545
    §3.3.5 says the first; ical.js takes the second) or not at all, and
    some add DURATION to the wall clock across a change.

    >>> import datetime as dt
    >>> from exerciselib import Exercise, Plan, Routine
    >>> bend = Exercise(
    ...     id="knee-bend", name="Knee bend", summary="Bend the knee.",
    ...     steps=["Sit tall."],
    ... )
    >>> routine = Routine(
    ...     id="knee", name="Knee", items=[bend.prescribe("1 x 5")]
    ... )
    >>> plan = Plan(
    ...     routine=routine, start=dt.date(2026, 10, 31), count=3,
    ...     timezone="America/New_York", times=[dt.time(1, 30)],
    ... )
    >>> [exact(s) for s in plan.sessions()]
    [True, False, True]
    """
    if session.shifted:
        return False
    start, end = session.start, session.end
    if start.utcoffset() != end.utcoffset():
        return False
    return all(
        when.replace(fold=1 - when.fold).utcoffset() == when.utcoffset()
        for when in (start, end)
    )


class _Clock:
    """
    Tell exact sessions (:func:`exact`) quickly, knowing the zone's changes.

    Away from a change of offset no local time happens twice or never
    and one offset holds all day, so a session that is not shifted, is
    dated more than two days from any change (on the local clock before
    and after it) and ends by the next day is exact. Only the other
    sessions are checked in full.
    """

    __slots__ = ("_near",)

    def __init__(self, changes: Iterable[Onset]) -> None:
        near: set[dt.date] = set()
        for change in changes:
            for offset in (change.before, change.after):
                day = (change.instant + offset).date()
                near.update(day + days * _DAY for days in range(-2, 3))
        self._near = frozenset(near)

    def exact(self, session: ScheduledSession) -> bool:
        """Tell whether ``session`` is exact, as :func:`exact` does."""
        if session.shifted:
            return False
        day = session.local_date
        if day in self._near or session.end.date() - day > _DAY:
            return exact(session)
        return True


class _Rule(typing.NamedTuple):
    """One series: its first session, its RRULE and its exclusions."""

    #: The first session the rule gives (its DTSTART), an exact one.
    first: ScheduledSession
    #: The RRULE's parts (FREQ, BYDAY, WKST, COUNT).
    rrule: dict[str, typing.Any]
    #: The local times the rule gives that are no exact session.
    excluded: list[dt.datetime]


class _Run:
    """A series being gathered: its first session, last date, dates."""

    __slots__ = ("count", "excluded", "first", "last", "routine")

    def __init__(self, first: ScheduledSession) -> None:
        self.first = first
        self.routine = first.routine
        self.last = first.local_date
        self.count = 1
        self.excluded: list[dt.date] = []

    def rule(self, plan: Plan, time: dt.time) -> _Rule:
        zone = plan.zone
        excluded = [
            dt.datetime.combine(day, time, tzinfo=zone)
            for day in self.excluded
        ]
        return _Rule(self.first, _rrule(plan, self.count), excluded)


def _exists(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> bool:
    """Tell whether the local ``time`` exists on ``day`` (not in a gap)."""
    wall = dt.datetime.combine(day, time, tzinfo=zone)
    return wall.astimezone(dt.UTC).astimezone(zone) == wall


def _steps(plan: Plan) -> tuple[dt.timedelta, ...]:
    """Return, by weekday (Monday 0), the days to the next allowed date."""
    allowed = {day.number for day in plan.days}
    return tuple(
        next(
            days * _DAY
            for days in range(1, 8)
            if (weekday + days) % 7 in allowed
        )
        for weekday in range(7)
    )


def _rules(
    plan: Plan, group: Sequence[ScheduledSession], clock: _Clock
) -> tuple[list[_Rule], list[ScheduledSession]]:
    """
    Return the series for one time of day, and the sessions outside them.

    A series is a run of exact sessions with the same routine in force
    (so the same dosages and length) from its first session to its
    last, on allowed dates in a row. An allowed date inside a run with
    no exact session (a session skipped, or one written as an event of
    its own: :func:`exact`) is excluded (EXDATE, at that local time,
    which exists). A rule never gives a local time that does not exist,
    as readers differ on one: RFC 5545 §3.3.10 says it is neither given
    nor counted, while dateutil gives it at the offset before the gap,
    where it can even be the instant of the next session (at the day
    Pacific/Apia skipped). So a date whose time of day does not exist
    ends a run, as does a change of routine (a progression step).

    Only the dates between two exact sessions that are not next to each
    other are looked at, so the work is one step per session.
    """
    zone = plan.zone
    time = group[0].local_time
    steps = _steps(plan)
    rules: list[_Rule] = []
    own: list[ScheduledSession] = []
    run: _Run | None = None
    for session in group:
        if not clock.exact(session):
            own.append(session)
            continue
        day = session.local_date
        if run is not None and (
            session.routine is run.routine or session.routine == run.routine
        ):
            last = run.last
            following = last + steps[last.weekday()]
            if following == day:  # the next allowed date: no exclusion
                run.last = day
                run.count += 1
                continue
            between = []
            while following < day and _exists(following, time, zone):
                between.append(following)
                following += steps[following.weekday()]
            if following == day:
                run.excluded += between
                run.count += len(between) + 1
                run.last = day
                continue
        if run is not None:
            rules.append(run.rule(plan, time))
        run = _Run(session)
    if run is not None:
        rules.append(run.rule(plan, time))
    return rules, own


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


def _description(
    routine: Routine, affected_side: str | None, texts: Texts
) -> str:
    """Return the description of a session of ``routine``."""
    from exerciselib._schedule.build import session_timeline  # noqa: PLC0415 -- lazy: start-up time

    timeline = session_timeline(routine, affected_side=affected_side)
    return describe(
        routine,
        timeline.total,
        affected_side=affected_side,
        estimated=timeline.estimated,
        texts=texts,
    )


def _event(
    ical: types.ModuleType,
    *,
    uid: uuid.UUID,
    dtstamp: dt.datetime,
    session: ScheduledSession,
    description: str,
    alarm_minutes: int | None,
) -> icalendar.Event:
    routine = session.routine
    event: icalendar.Event = ical.Event()
    event.add("uid", str(uid))
    event.add("dtstamp", dtstamp)
    # An exact session keeps its local time and zone; any other is
    # written in UTC, which every reader places alike.
    start = session.start
    event.add("dtstart", start if exact(session) else start.astimezone(dt.UTC))
    # The elapsed length: a wall-clock difference is wrong across a
    # clock change (and negative across a fall-back).
    event.add("duration", _duration_type(ical)(session.duration))
    text = _text_type(ical)
    event.add("summary", text(_text(routine.name)))
    event.add("description", text(description))
    if alarm_minutes is not None:
        alarm = ical.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
        alarm.add("description", text(_text(routine.name)))
        event.add_component(alarm)
    return event


class _Writer:
    """Write sessions as events, describing each distinct routine once."""

    def __init__(
        self,
        ical: types.ModuleType,
        *,
        dtstamp: dt.datetime,
        alarm_minutes: int | None,
        affected_side: str | None,
        texts: Texts,
    ) -> None:
        self._ical = ical
        self._texts = texts
        self._dtstamp = dtstamp
        self._alarm_minutes = alarm_minutes
        self._affected_side = affected_side
        # By routine id: the plan's sessions keep every routine alive
        # while the calendar is written, so no id is reused meanwhile.
        self._descriptions: dict[int, str] = {}

    def __call__(
        self, uid: uuid.UUID, session: ScheduledSession
    ) -> icalendar.Event:
        """Return the event of ``session`` (the first, for a series)."""
        routine = session.routine
        description = self._descriptions.get(id(routine))
        if description is None:
            description = _description(
                routine, self._affected_side, self._texts
            )
            self._descriptions[id(routine)] = description
        return _event(
            self._ical,
            uid=uid,
            session=session,
            dtstamp=self._dtstamp,
            description=description,
            alarm_minutes=self._alarm_minutes,
        )


def _add_series(
    calendar: icalendar.Calendar,
    plan: Plan,
    sessions: Sequence[ScheduledSession],
    clock: _Clock,
    write: _Writer,
) -> list[ScheduledSession]:
    """Add each time of day's series; return the sessions outside them."""
    key = _plan_key(plan)
    groups: dict[dt.time, list[ScheduledSession]] = {}
    for session in sessions:
        groups.setdefault(session.local_time, []).append(session)
    own: list[ScheduledSession] = []
    days = ",".join(BYDAY[day] for day in plan.days)
    for time, group in groups.items():
        rules, outside = _rules(plan, group, clock)
        own += outside
        for index, rule in enumerate(rules):
            name = f"{key}/series/{time}/{days}"
            if index:  # the first keeps the name it always had
                name += f"/{rule.first.local_date.isoformat()}"
            event = write(uuid.uuid5(ICS_NAMESPACE, name), rule.first)
            if rule.rrule["count"] > 1:  # a series of one is its DTSTART
                event.add("rrule", rule.rrule)
            if rule.excluded:
                event.add("exdate", rule.excluded)
            calendar.add_component(event)
    return own


def to_ics(
    plan: Plan,
    *,
    dtstamp: dt.datetime | None = None,
    alarm_minutes: int | None = None,
    affected_side: str | None = None,
    lang: str | None = None,
) -> bytes:
    """
    Return ``plan`` as an iCalendar file (RFC 5545).

    Each time of day becomes one event with an RRULE per run of
    identical sessions (the same dosages) on allowed dates in a row: a
    plan without progression is one series per time of day, a weekly
    progression one per time and week, each with the dosages in force,
    and a session the plan skips inside a series is an EXDATE. A session
    starts at its local time with its zone
    (``DTSTART;TZID=``), unless a clock change makes that time
    ambiguous, nonexistent or falling within the session: it is then an
    event of its own, in UTC, excluded from its series. Every event
    lasts the session's elapsed length (whole seconds, rounded up) and
    describes each exercise with its dosage and the session length; the
    file's VTIMEZONE gives the zone's offsets over the plan's span.

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
        lang: The language of the descriptions (dosage lines, session
            length), a tag such as ``de``; English when None or not
            shipped.

    Returns:
        The calendar as bytes, in UTF-8 with CRLF line ends and lines
        folded at 75 octets.

    Raises:
        MissingExtraError: The ``icalendar`` library is not installed
            (``pip install 'exerciselib[ics]'``).
        ScheduleError: ``dtstamp`` is naive or ``alarm_minutes`` is out of
            range (``field`` names it), or the plan has no session.
        InvalidValueError: ``lang`` is not a language tag.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``lang``.
    """
    _check(dtstamp, alarm_minutes)
    texts = translations(lang)
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
    begin = sessions[0].start - _MARGIN
    end = sessions[-1].end + _MARGIN
    found = onsets(plan.zone, begin, end)
    clock = _Clock(found[1:])  # the first is the span's start, no change
    write = _Writer(
        ical,
        dtstamp=stamp,
        alarm_minutes=alarm_minutes,
        affected_side=affected_side,
        texts=texts,
    )
    own = _add_series(calendar, plan, sessions, clock, write)
    key = _plan_key(plan)
    for session in sorted(own, key=lambda s: s.number):
        name = f"{key}/{session.local_date.isoformat()}/{session.local_time}"
        calendar.add_component(write(uuid.uuid5(ICS_NAMESPACE, name), session))
    for tzid in sorted(calendar.get_used_tzids()):
        zone = vtimezone(ical, tzid, plan.zone, begin, end, found=found)
        calendar.subcomponents.insert(0, zone)
    ics: bytes = calendar.to_ical()
    return ics
