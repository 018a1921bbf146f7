"""
Read a calendar's VTIMEZONEs by RFC 5545 §3.6.5 alone, for the tests.

Independent of the icalendar package (which places a TZID that names an
IANA zone by the name, not by the file): the text is unfolded and split
here, and each STANDARD or DAYLIGHT gives its onsets, DTSTART and every
RDATE (and, if there is one, every RRULE date up to the year 2200), as
local times in its TZOFFSETFROM. The offset at an instant is the
TZOFFSETTO of the latest onset at or before it; before the first onset,
that onset's TZOFFSETFROM.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from dateutil.rrule import rrulestr

_HORIZON = dt.datetime(2200, 1, 1)  # noqa: DTZ001 -- a local time


def _lines(text: str) -> list[tuple[str, str, str]]:
    """Return (name, parameters, value) of each unfolded content line."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    found = []
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        head, _, value = line.partition(":")
        name, _, parameters = head.partition(";")
        found.append((name.upper(), parameters, value))
    return found


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    hours, minutes = int(digits[:2]), int(digits[2:4])
    seconds = int(digits[4:6] or 0)
    return sign * dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _local(text: str) -> dt.datetime:
    assert not text.endswith("Z"), f"onsets are local times: {text}"
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%S")  # noqa: DTZ007 -- local


_Onset = tuple[dt.datetime, dt.timedelta, dt.timedelta]


def _onsets(part: dict[str, list[str]]) -> list[_Onset]:
    before = _offset(part["TZOFFSETFROM"][0])
    after = _offset(part["TZOFFSETTO"][0])
    start = _local(part["DTSTART"][0])
    locals_ = [start]
    for value in part.get("RDATE", []):
        locals_.extend(_local(v) for v in value.split(","))
    for value in part.get("RRULE", []):
        rule = re.sub(
            r"UNTIL=(\d{8}T\d{6})Z",
            lambda m: f"UNTIL={_local(m[1]) + before:%Y%m%dT%H%M%S}",
            value,
        )
        locals_.extend(rrulestr(rule, dtstart=start).between(start, _HORIZON))
    return [
        ((local - before).replace(tzinfo=dt.UTC), after, before)
        for local in locals_
    ]


class Zones:
    """The offsets a calendar's VTIMEZONEs give, by TZID."""

    def __init__(self, text: str) -> None:
        self._zones: dict[str, list[tuple[dt.datetime, dt.timedelta]]] = {}
        tzid = None
        onsets: list[_Onset] = []
        part: dict[str, list[str]] | None = None
        for name, _, value in _lines(text):
            if (name, value) == ("BEGIN", "VTIMEZONE"):
                tzid, onsets = None, []
            elif name == "TZID" and part is None:
                tzid = value
            elif name == "BEGIN" and value in {"STANDARD", "DAYLIGHT"}:
                part = {}
            elif name == "END" and value in {"STANDARD", "DAYLIGHT"}:
                assert part is not None
                onsets.extend(_onsets(part))
                part = None
            elif part is not None:
                part.setdefault(name, []).append(value)
            elif (name, value) == ("END", "VTIMEZONE"):
                assert tzid is not None
                assert tzid not in self._zones, f"two VTIMEZONEs for {tzid}"
                onsets.sort()
                first = onsets[0]
                self._zones[tzid] = [
                    (dt.datetime.min.replace(tzinfo=dt.UTC), first[2]),
                    *((instant, after) for instant, after, _ in onsets),
                ]

    @property
    def tzids(self) -> set[str]:
        """The TZIDs the calendar defines."""
        return set(self._zones)

    def utcoffset(self, tzid: str, instant: dt.datetime) -> dt.timedelta:
        """Return the offset ``tzid`` has at ``instant`` (aware)."""
        onsets = self._zones[tzid]
        instant = instant.astimezone(dt.UTC)
        index = bisect.bisect_right(onsets, (instant, dt.timedelta.max))
        return onsets[index - 1][1]
