"""
Where a time zone changes its clocks: the local dates to resolve exactly.

Most local days are *plain*: every local time exists once, at one UTC
offset, and a run of plain days shares that offset, so the plan walk
dates their sessions by wall-clock arithmetic and seeking counts their
sessions without visiting them. The days near an offset change are
*irregular* and are walked exactly, through UTC.

A zone's irregular dates are found once per zone and year (and cached):
its offset is sampled at every UTC midnight of the year (and two days on
each side); between two samples with different offsets, every local date
either sample can fall on, widened by a day on each side, is a candidate,
and the candidates whose offset is not the same from their midnight to
the next (or whose midnight does not exist) are irregular.
That finds every change as long as a zone never changes its offset and
back within a day: in the tz database (2025) no zone changes it twice
within 3.99 days (Africa/Freetown, 1939). The first and last days of
the calendar (where conversions overflow) are irregular as well.

After 2037 the tz database has no listed transitions, only each zone's
yearly rule: a zone with no change in 2038 and 2039 has none later, so
zones without daylight saving time (UTC, Asia/Kolkata) cost nothing far
ahead.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import typing

if typing.TYPE_CHECKING:
    import zoneinfo

__all__ = ["ZoneClock", "zone_clock"]

_UTC = dt.UTC
_DAY = dt.timedelta(days=1)
#: From this year on, only yearly rules remain in the tz database.
_RULES_ONLY = 2038
#: Dates this close to the ends of the calendar are irregular.
_EDGE = 4


class ZoneClock:
    """The irregular local dates of one zone, computed once per year."""

    __slots__ = ("_static_from", "_years", "zone")

    def __init__(self, zone: zoneinfo.ZoneInfo) -> None:
        self.zone = zone
        self._years: dict[int, tuple[dt.date, ...]] = {}
        self._static_from: int | None = None

    def changes(self, year: int) -> tuple[dt.date, ...]:
        """The irregular local dates of ``year``, sorted."""
        known = self._years.get(year)
        if known is None:
            known = self._years[year] = _irregular(self.zone, year)
        return known

    def _static(self, year: int) -> bool:
        """Whether no year from ``year`` on has a change."""
        if self._static_from is None:
            self._static_from = (
                _RULES_ONLY
                if not (
                    self.changes(_RULES_ONLY) or self.changes(_RULES_ONLY + 1)
                )
                else dt.MAXYEAR
            )
        return year >= self._static_from and year < dt.MAXYEAR

    def next_change(self, day: dt.date) -> dt.date | None:
        """The first irregular date on or after ``day``, or None."""
        year = day.year
        while year <= dt.MAXYEAR:
            if year >= _RULES_ONLY and self._static(year):
                return None
            dates = self.changes(year)
            index = bisect.bisect_left(dates, day)
            if index < len(dates):
                return dates[index]
            year += 1
        return None

    def is_plain(self, day: dt.date) -> bool:
        """Whether ``day`` is plain (one offset from midnight to midnight)."""
        return self.next_change(day) != day


@functools.lru_cache(maxsize=256)
def zone_clock(zone: zoneinfo.ZoneInfo) -> ZoneClock:
    """The (cached) clock of ``zone``."""
    return ZoneClock(zone)


def _irregular(zone: zoneinfo.ZoneInfo, year: int) -> tuple[dt.date, ...]:
    first = dt.date(year, 1, 1)
    last = dt.date(year, 12, 31)
    found: set[dt.date] = set()
    candidates: set[dt.date] = set()
    low = dt.date.min + dt.timedelta(days=_EDGE)
    high = dt.date.max - dt.timedelta(days=_EDGE)
    if first < low:
        found.update(_span(first, low))
        first = low
    if last > high:
        found.update(_span(high, last))
        last = high
    day = first - 2 * _DAY
    instant = dt.datetime.combine(day, dt.time(), tzinfo=_UTC)
    offset = instant.astimezone(zone).utcoffset()
    end = dt.datetime.combine(last + 2 * _DAY, dt.time(), tzinfo=_UTC)
    while instant < end:
        following = instant + _DAY
        after = following.astimezone(zone).utcoffset()
        if after != offset:
            assert offset is not None  # noqa: S101 -- ZoneInfo offsets
            assert after is not None  # noqa: S101 -- ZoneInfo offsets
            walls = [
                (moment + shift).date()
                for moment in (instant, following)
                for shift in (offset, after)
            ]
            candidates.update(_span(min(walls) - _DAY, max(walls) + _DAY))
        instant, offset = following, after
    found.update(day for day in candidates if not _plain(zone, day))
    return tuple(sorted(date for date in found if date.year == year))


def _plain(zone: zoneinfo.ZoneInfo, day: dt.date) -> bool:
    """
    Whether ``day`` has one offset from its midnight to the next.

    Its local midnight exists, and 24 hours of UTC later the zone shows
    the same offset (a zone never changes it and back within a day).
    """
    try:
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        offset = midnight.utcoffset()
        start = midnight.astimezone(_UTC)
        if start.astimezone(zone).utcoffset() != offset:
            return False  # midnight itself is in a gap
        return (start + _DAY).astimezone(zone).utcoffset() == offset
    except OverflowError:
        return False


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates from ``first`` to ``last``, inclusive."""
    return [
        first + dt.timedelta(days=n) for n in range((last - first).days + 1)
    ]
