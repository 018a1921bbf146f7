"""
VTIMEZONE components (RFC 5545 §3.6.5) written from the tz database.

A calendar's readers place every ``DTSTART;TZID=`` by the VTIMEZONE in
the file, not by the zone's name (ical.js, inside Thunderbird, reads
nothing else). The component is therefore built here from the zone data
``zoneinfo`` reads, for a span of instants: one observance for the offset
in force when the span begins, then one onset for every change of offset
inside the span. Onsets are exact instants, so changes that follow no
yearly rule (Africa/Casablanca around Ramadan) come out as right as the
regular ones. Each onset's DTSTART is the local time *before* the change,
in the offset it changes from (§3.6.5: "DTSTART ... MUST be specified as
a date with local time value", read with TZOFFSETFROM): the
America/New_York spring change of 2026 is ``DTSTART:20260308T020000``
with ``TZOFFSETFROM:-0500``. Each onset is a STANDARD or DAYLIGHT of its
own, never one with RDATEs: ical.js (2.2), inside Thunderbird, drops the
DTSTART of an observance that has an RDATE and reads only the first
value of each RDATE, so a plan spanning two years was read an hour off
for a whole summer.
"""

from __future__ import annotations

import datetime as dt
import typing

if typing.TYPE_CHECKING:
    import types
    import zoneinfo
    from collections.abc import Sequence

    import icalendar

__all__ = ["Onset", "onsets", "vtimezone"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)
_SECOND = dt.timedelta(seconds=1)


class Onset(typing.NamedTuple):
    """One observance's start: when, from and to which offset, its name."""

    #: The instant the offset changes (UTC).
    instant: dt.datetime
    #: The offset before it.
    before: dt.timedelta
    #: The offset from it on.
    after: dt.timedelta
    #: The zone's abbreviation from it on (``EST``, ``+01``).
    name: str
    #: Whether the zone data calls the new offset daylight-saving time.
    daylight: bool

    @property
    def local(self) -> dt.datetime:
        """The onset as a local time in the offset before it (naive)."""
        return (self.instant + self.before).replace(tzinfo=None)


def _offset(zone: zoneinfo.ZoneInfo, instant: dt.datetime) -> dt.timedelta:
    return typing.cast("dt.timedelta", instant.astimezone(zone).utcoffset())


def _onset(zone: zoneinfo.ZoneInfo, instant: dt.datetime) -> Onset:
    local = instant.astimezone(zone)
    before = _offset(zone, instant - _SECOND)
    after = typing.cast("dt.timedelta", local.utcoffset())
    return Onset(
        instant=instant,
        before=before,
        after=after,
        name=local.tzname() or "",
        daylight=bool(local.dst()),
    )


def onsets(
    zone: zoneinfo.ZoneInfo, begin: dt.datetime, end: dt.datetime
) -> list[Onset]:
    """
    Return the offset in force at ``begin``, then every change to ``end``.

    The first onset is ``begin`` itself (its offsets before and after are
    equal); each later one is a change of offset, found by a walk of one
    day at a time and bisected to the second (tz data changes on whole
    seconds). No zone changes its offset twice within a day and back
    (the closest pair in the tz database is 3.99 days apart), so a daily
    walk misses none.

    >>> import zoneinfo
    >>> berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    >>> found = onsets(
    ...     berlin,
    ...     dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    ...     dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    ... )
    >>> [(str(o.local), o.name) for o in found]
    [('2026-03-01 01:00:00', 'CET'), ('2026-03-29 02:00:00', 'CEST')]
    """
    begin = begin.astimezone(_UTC).replace(microsecond=0)
    end = end.astimezone(_UTC).replace(microsecond=0) + _SECOND
    found = [_onset(zone, begin)._replace(before=_offset(zone, begin))]
    low = begin
    while low < end:
        high = min(low + _DAY, end)
        if _offset(zone, low) != _offset(zone, high):
            first, last = low, high  # offset(first) != offset(last)
            while last - first > _SECOND:
                middle = first + (last - first) // 2
                middle = middle.replace(microsecond=0)
                if _offset(zone, middle) == _offset(zone, first):
                    first = middle
                else:
                    last = middle
            found.append(_onset(zone, last))
        low = high
    return found


def vtimezone(
    ical: types.ModuleType,
    tzid: str,
    zone: zoneinfo.ZoneInfo,
    begin: dt.datetime,
    end: dt.datetime,
    *,
    found: Sequence[Onset] | None = None,
) -> icalendar.Timezone:
    """
    Return the VTIMEZONE for ``tzid``, exact from ``begin`` to ``end``.

    ``found`` is ``onsets(zone, begin, end)`` when the caller has them.
    """
    component: icalendar.Timezone = ical.Timezone()
    component.add("tzid", tzid)
    if found is None:
        found = onsets(zone, begin, end)
    for onset in found:
        part = (
            ical.TimezoneDaylight()
            if onset.daylight
            else ical.TimezoneStandard()
        )
        part.add("dtstart", onset.local)
        part.add("tzoffsetfrom", onset.before)
        part.add("tzoffsetto", onset.after)
        if onset.name:
            part.add("tzname", onset.name)
        component.add_component(part)
    return component
