"""
What calendar readers find in an .ics file, and what they should find.

Every reader's answer has one form: the occurrences sorted by start, each
its start (aware, UTC) and its length. ``recurring`` reads with
recurring-ical-events (on icalendar and dateutil); ``tests/icaljs.py``
reads with ical.js. Neither relies on how exerciselib shapes the file
(series, exclusions, events of their own), so they check any valid file.
"""

from __future__ import annotations

import datetime as dt
import math
import typing

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]

if typing.TYPE_CHECKING:
    from exerciselib import Plan

#: One occurrence: its start (aware, UTC) and its length.
Occurrence: typing.TypeAlias = tuple[dt.datetime, dt.timedelta]

_EARLIEST = dt.datetime(1800, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(2300, 1, 1, tzinfo=dt.UTC)


def recurring(data: bytes) -> list[Occurrence]:
    """Return the occurrences recurring-ical-events finds in ``data``."""
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(_EARLIEST, _LATEST)
    return sorted(
        (start, event.decoded("DTEND").astimezone(dt.UTC) - start)
        for event in found
        for start in [event.decoded("DTSTART").astimezone(dt.UTC)]
    )


def expected(plan: Plan) -> list[Occurrence]:
    """
    Return the plan's sessions as a reader should find them.

    The length is whole seconds, rounded up: RFC 5545 has no fractions.
    """
    return [
        (
            session.start.astimezone(dt.UTC),
            dt.timedelta(seconds=math.ceil(session.duration.total_seconds())),
        )
        for session in plan.sessions()
    ]
