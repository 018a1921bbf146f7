"""
Calendars: the ``.ics`` of a five-year plan with a weekly progression.

The plan is bench_plans' (Europe/Berlin, 08:00 and 18:00 every day,
reps growing every week up to a cap: 23 distinct routines, 3,650
sessions). ``to_ics`` is timed, and its size taken, against the targets
of the speed issue (50 ms, 32 KiB), and against the shape it replaced,
one VEVENT per session each with a timeline of its own, written here
with the same icalendar library and measured in turn in the same run.
Before timing, recurring-ical-events reads the calendar back and must
find exactly the plan's sessions.
"""

from __future__ import annotations

import datetime as dt
import math
import typing

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]  # no stubs
from _harness import Row, alternate, in_process
from bench_plans import plan

import exerciselib
from exerciselib._export.ics import describe, duration_text

if typing.TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["run"]

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: The issue's targets.
SECONDS, KIB = 0.050, 32
#: The old shape took 1.05 s in the issue's measurement, so 50 ms was
#: 0.048x of it: on a loaded machine, where every absolute figure
#: grows, the ratio to the old shape measured in the same run stands in.
RATIO = SECONDS / 1.05


def _per_session(subject: exerciselib.Plan) -> bytes:
    """The old shape: one VEVENT per session, a timeline for each."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//exerciselib//bench//EN")
    calendar.add("version", "2.0")
    for session in subject.sessions():
        timeline = subject.timeline(session)
        event = icalendar.Event()
        event.add("uid", f"{session.number}@bench")
        event.add("dtstamp", STAMP)
        event.add("dtstart", session.start)
        event.add(
            "duration",
            icalendar.vDuration.from_ical(duration_text(session.duration)),
        )
        event.add("summary", session.routine.name)
        event.add(
            "description",
            describe(
                session.routine,
                timeline.total,
                estimated=timeline.estimated,
            ),
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def _check(subject: exerciselib.Plan, data: bytes) -> None:
    """recurring-ical-events must read back exactly the sessions."""
    found = recurring_ical_events.of(icalendar.Calendar.from_ical(data))
    events = found.between(
        dt.datetime(1990, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
    )
    read = sorted(
        (start, event.decoded("DTEND").astimezone(dt.UTC) - start)
        for event in events
        for start in [event.decoded("DTSTART").astimezone(dt.UTC)]
    )
    expected = [
        (
            s.start.astimezone(dt.UTC),
            dt.timedelta(seconds=math.ceil(s.duration.total_seconds())),
        )
        for s in subject.sessions()
    ]
    if read != expected:
        msg = "the calendar does not read back as the plan's sessions"
        raise SystemExit(msg)


def _export(subject: exerciselib.Plan) -> Callable[[], object]:
    return lambda: exerciselib.to_ics(subject, dtstamp=STAMP)


def _kib(size: float) -> str:
    return f"{size / 1024:.1f} KiB"


def run(size: str = "full") -> list[Row]:
    """Time and size the export against the targets and the old shape."""
    days = 5 * 365 if size == "full" else 14
    repeat, number = (3, 5) if size == "full" else (1, 1)
    subject = plan(days)
    data = exerciselib.to_ics(subject, dtstamp=STAMP)
    _check(subject, data)
    old = _per_session(subject)
    ours_t, old_t = alternate(
        [
            lambda: in_process(_export(subject), number=number),
            lambda: in_process(lambda: _per_session(subject)),
        ],
        repeat=repeat,
    )
    events = data.count(b"BEGIN:VEVENT")
    sessions = 2 * days
    return [
        Row(
            name="ics 5-year plan, time",
            figure=ours_t.show(),
            baseline=old_t.show(),
            ratio=ours_t.median / old_t.median,
            target=f"<= {SECONDS * 1000:g} ms or {RATIO:.3f}x",
            met=ours_t.median <= SECONDS
            or ours_t.median / old_t.median <= RATIO,
            note=(
                f"{events} VEVENTs for {sessions} sessions, read back equal "
                "by recurring-ical-events; baseline: one VEVENT per session "
                "(1.05 s in the issue, so 50 ms is 0.048x of it; met when "
                "either holds, as a loaded machine slows both alike)"
            ),
        ),
        Row(
            name="ics 5-year plan, size",
            figure=_kib(len(data)),
            baseline=_kib(len(old)),
            ratio=len(data) / len(old),
            target=f"<= {KIB} KiB",
            met=len(data) <= KIB * 1024,
        ),
    ]
