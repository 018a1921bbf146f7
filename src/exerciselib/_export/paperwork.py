"""
What a handout says besides the exercises: the header, the schedule, the log.

The host app passes the header's details (patient, clinician, clinic,
contact, date); nothing here invents them. A :class:`Plan` adds the
schedule (dates, days, times, the time zone when the reader may not
assume it, the dosage changes of a progression) and the rows of the
paper log sheet, one per session, grouped by plan week.

This module builds plain text only; :mod:`exerciselib._export.handout`
escapes it for HTML or Markdown. Its sentences are in the language of
the :class:`~exerciselib._i18n.Texts` given, dates and times formatted
for its locale with Babel (English keeps its own forms, no Babel).
"""

from __future__ import annotations

import datetime as dt
import typing

import attrs

from exerciselib._i18n import EN_DAYS, EN_MONTHS, N_
from exerciselib._model.types import MAX_NAME_LENGTH
from exerciselib._model.wording import dosage_line
from exerciselib._text import clean_lines
from exerciselib.exceptions import InvalidValueError, ScheduleError

if typing.TYPE_CHECKING:
    from exerciselib._i18n import Texts
    from exerciselib._schedule.plan import Plan
    from exerciselib._schedule.sessions import ScheduledSession

__all__ = [
    "LOG_SCORES",
    "MAX_LOG_SESSIONS",
    "Details",
    "LogWeek",
    "Schedule",
    "css_string",
    "details",
    "long_date",
    "schedule",
]

#: The most sessions a log sheet prints (a year of three a day); a plan
#: with more is refused, so one call cannot print thousands of pages.
MAX_LOG_SESSIONS = 1100
#: The log sheet's score columns, each a field of a session log
#: (:class:`~exerciselib.SessionLog`) with its 0-10 scale; the labels
#: are English, translated where shown.
LOG_SCORES = (
    ("pain_during", N_("Pain during (0-10)")),
    ("pain_next_morning", N_("Pain next morning (0-10)")),
    ("effort", N_("Effort (0-10)")),
)

#: The header's details, in the order printed, with their labels
#: (English, translated where shown).
_DETAILS = (
    ("patient", N_("Patient")),
    ("clinician", N_("Clinician")),
    ("clinic", N_("Clinic")),
    ("contact", N_("Contact")),
    ("date", N_("Date")),
)


def long_date(day: dt.date) -> str:
    """
    Return ``day`` as a patient reads it, the same in every locale.

    >>> long_date(dt.date(2026, 9, 28))
    'Monday 28 September 2026'
    """
    weekday = EN_DAYS[day.weekday()]
    return f"{weekday} {day.day} {EN_MONTHS[day.month]} {day.year}"


def _long_date(texts: Texts, day: dt.date) -> str:
    """``day`` in full: CLDR's full date (``Montag, 28. September 2026``)."""
    if texts.english:
        return long_date(day)
    from babel.dates import format_date  # noqa: PLC0415 -- lazy: Babel

    return format_date(day, "full", locale=texts.locale())


def _short_date(texts: Texts, day: dt.date) -> str:
    """``Mon 28 Sep`` (``Mo., 28. Sept.``): a log sheet's date."""
    if texts.english:
        weekday = EN_DAYS[day.weekday()][:3]
        return f"{weekday} {day.day} {EN_MONTHS[day.month][:3]}"
    from babel.dates import format_skeleton  # noqa: PLC0415 -- lazy: Babel

    return format_skeleton("MMMEd", day, locale=texts.locale())


def _time(texts: Texts, time: dt.time) -> str:
    """A session's time of day: ``08:00`` (CLDR's short time)."""
    if texts.english:
        return time.strftime("%H:%M")
    from babel.dates import format_time  # noqa: PLC0415 -- lazy: Babel

    return format_time(time, "short", locale=texts.locale())


def css_string(text: str) -> str:
    r"""
    Return ``text`` as a quoted CSS string that cannot end its rule.

    Line breaks become spaces and unprintable characters U+FFFD; every
    character but ASCII letters, digits and spaces becomes a hex escape,
    so quotes, backslashes and ``<`` are inert.

    >>> css_string('Ann "A" <b>')
    '"Ann \\22 A\\22  \\3c b\\3e "'
    """
    out = [
        char
        if char.isascii() and (char.isalnum() or char == " ")
        # A hex escape ends at a space, which CSS swallows.
        else f"\\{ord(char):x} "
        for char in " ".join(clean_lines(text))
    ]
    return '"' + "".join(out) + '"'


@attrs.frozen(kw_only=True)
class Details:
    """The header's details, each as given by the host, or None."""

    patient: str | None = None
    clinician: str | None = None
    clinic: str | None = None
    contact: str | None = None
    date: str | None = None

    def rows(self) -> list[tuple[str, str]]:
        """The label and text of each detail given, in order."""
        return [
            (label, value)
            for name, label in _DETAILS
            if (value := getattr(self, name)) is not None
        ]


def details(texts: Texts, **given: object) -> Details:
    """
    Check the header's details as a host gave them.

    Each is a string of 1 to 200 characters, or None; ``date`` may be a
    :class:`datetime.date` too, printed as ``Monday 28 September 2026``
    (in the language of ``texts``).

    Raises:
        InvalidValueError: A detail of the wrong type, empty or too long
            (``field`` names it).
    """
    found: dict[str, str | None] = {}
    for name, value in given.items():
        if isinstance(value, dt.datetime):
            found[name] = _refuse(name, value, "a date, not a datetime")
        elif isinstance(value, dt.date) and name == "date":
            found[name] = _long_date(texts, value)
        elif value is None or (
            isinstance(value, str)
            and len(value.strip()) > 0
            and len(value) <= MAX_NAME_LENGTH
        ):
            found[name] = value
        else:
            what = f"a string of 1 to {MAX_NAME_LENGTH} characters"
            if name == "date":
                what = f"a datetime.date or {what}"
            found[name] = _refuse(name, value, what)
    return Details(**found)


def _refuse(name: str, value: object, what: str) -> typing.NoReturn:
    shown = repr(value)
    if len(shown) > 60:  # noqa: PLR2004 -- enough to recognise it
        shown = shown[:57] + "..."
    msg = f"The handout's {name} must be {what} or None, got {shown}."
    raise InvalidValueError(msg, field=name, value=value)


@attrs.frozen(kw_only=True)
class LogWeek:
    """One page of the log sheet: a plan week and its sessions."""

    #: The plan week, counted from 1.
    number: int
    #: Its heading, such as ``Week 1: Monday 28 September to ...``.
    heading: str
    #: Each session's number and when it is planned (``Mon 28 Sep 08:00``).
    rows: tuple[tuple[int, str], ...]


@attrs.frozen(kw_only=True)
class Schedule:
    """The schedule part of a handout, as plain text."""

    #: Sentences: the dates, the days, the times (with the zone when
    #: shown) and the number of sessions.
    lines: tuple[str, ...]
    #: The dosage changes: each phase's start and the dosage of every
    #: item then, in the routine's order; empty without a change.
    changes: tuple[tuple[str, tuple[str, ...]], ...]
    #: The log sheet's weeks; empty when no log sheet is wanted.
    weeks: tuple[LogWeek, ...]


def _when(plan: Plan, texts: Texts, *, show_zone: bool) -> str:
    _ = texts.gettext
    days = sorted(day.number for day in plan.days)
    names = texts.names([texts.day_name(day) for day in days])
    times = texts.names([_time(texts, time) for time in plan.times])
    every_day = len(days) == 7  # noqa: PLR2004 -- a week
    if every_day and show_zone:
        sentence = _("Sessions every day, at {times} ({zone} time).")
    elif every_day:
        sentence = _("Sessions every day, at {times}.")
    elif show_zone:
        sentence = _("Sessions on {days}, at {times} ({zone} time).")
    else:
        sentence = _("Sessions on {days}, at {times}.")
    return sentence.format(days=names, times=times, zone=plan.timezone)


def schedule(
    plan: Plan, texts: Texts, *, reader_timezone: str | None, log_sheet: bool
) -> Schedule:
    """
    Build the schedule of ``plan`` and, if asked, its log sheet's rows.

    Args:
        plan: The plan.
        texts: The language of the sentences, dates and times.
        reader_timezone: The zone the patient lives by: the times are
            said to be in the plan's zone unless it is this one.
        log_sheet: Whether to build the log sheet's rows.

    Raises:
        ScheduleError: The plan has no session.
        InvalidValueError: A log sheet for more than
            :data:`MAX_LOG_SESSIONS` sessions (``field="log_sheet"``).
    """
    sessions: list[ScheduledSession] = []
    for session in plan.sessions():
        sessions.append(session)
        if log_sheet and len(sessions) > MAX_LOG_SESSIONS:
            msg = (
                f"A log sheet prints at most {MAX_LOG_SESSIONS} sessions; "
                "this plan has more. Print it for a shorter plan (fewer "
                "--weeks or an earlier end), one part at a time."
            )
            raise InvalidValueError(msg, field="log_sheet", value=True)
    if not sessions:
        msg = (
            f"The plan starting {plan.start.isoformat()} has no session: "
            "check its days, times and end."
        )
        raise ScheduleError(msg, field="start")
    first, last = sessions[0], sessions[-1]
    weeks = last.week_number
    span = texts.ngettext(
        "From {start} to {end} ({n} week).",
        "From {start} to {end} ({n} weeks).",
        weeks,
    ).format(
        start=_long_date(texts, first.local_date),
        end=_long_date(texts, last.local_date),
        n=weeks,
    )
    count = len(sessions)
    lines = (
        span,
        _when(plan, texts, show_zone=plan.timezone != reader_timezone),
        texts.ngettext(
            "{n} session in all.", "{n} sessions in all.", count
        ).format(n=count),
    )
    return Schedule(
        lines=lines,
        changes=_changes(sessions, texts),
        weeks=_weeks(plan, sessions, texts) if log_sheet else (),
    )


def _changes(
    sessions: list[ScheduledSession], texts: Texts
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each run of sessions with the same dosages, where one changes."""
    phases: list[tuple[str, tuple[str, ...]]] = []
    before: tuple[str, ...] | None = None
    for session in sessions:
        dosages = tuple(
            dosage_line(texts, item.dosage) for item in session.routine.items
        )
        if dosages != before:
            when = texts.gettext("Week {week}, session {number} ({date})")
            when = when.format(
                week=session.week_number,
                number=session.number,
                date=_short_date(texts, session.local_date),
            )
            phases.append((when, dosages))
            before = dosages
    return tuple(phases) if len(phases) > 1 else ()


def _weeks(
    plan: Plan, sessions: list[ScheduledSession], texts: Texts
) -> tuple[LogWeek, ...]:
    found: dict[int, list[tuple[int, str]]] = {}
    for session in sessions:
        when = (
            f"{_short_date(texts, session.local_date)} "
            f"{_time(texts, session.local_time)}"
        )
        found.setdefault(session.week_number, []).append(
            (session.number, when)
        )
    out = []
    for number, rows in found.items():
        first = plan.start + dt.timedelta(days=7 * (number - 1))
        heading = texts.gettext("Week {number}: {start} to {end}").format(
            number=number,
            start=_short_date(texts, first),
            end=_short_date(texts, first + dt.timedelta(days=6)),
        )
        out.append(LogWeek(number=number, heading=heading, rows=tuple(rows)))
    return tuple(out)
