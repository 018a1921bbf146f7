"""
The calendar of a plan: its allowed dates and their weekday names.

Counts of allowed dates, the n-th one, and the RFC 5545 names of
weekdays also live here.

A plan allows the dates from its start that fall on its weekdays; each
week repeats the same *offsets* (days after the start, 0 to 6). Every
count and walk over allowed dates is done here, once, by arithmetic on
those offsets.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing

from exerciselib._model.types import Weekday

if typing.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = [
    "BYDAY",
    "count_dates",
    "dates",
    "day_offsets",
    "nth_date",
    "weekly",
    "weekly_offsets",
]

#: Each weekday's two-letter name in an RRULE ``BYDAY`` (RFC 5545
#: §3.3.10).
BYDAY: Mapping[Weekday, str] = {
    Weekday.MON: "MO",
    Weekday.TUE: "TU",
    Weekday.WED: "WE",
    Weekday.THU: "TH",
    Weekday.FRI: "FR",
    Weekday.SAT: "SA",
    Weekday.SUN: "SU",
}


@functools.lru_cache(maxsize=1024)
def weekly_offsets(
    start: dt.date, days: tuple[Weekday, ...]
) -> tuple[int, ...]:
    """:func:`day_offsets`, cached (``days`` a tuple)."""
    return day_offsets(start, days)


def day_offsets(start: dt.date, days: Iterable[Weekday]) -> tuple[int, ...]:
    """
    Return the days after ``start`` (0 to 6) that fall on ``days``.

    >>> day_offsets(dt.date(2026, 12, 2), [Weekday.MON, Weekday.WED])
    (0, 5)
    """
    indices = {day.number for day in days}
    return tuple(
        offset
        for offset in range(7)
        if (start.weekday() + offset) % 7 in indices
    )


def dates(
    start: dt.date,
    offsets: tuple[int, ...],
    last: dt.date | None = None,
    since: dt.date | None = None,
) -> Iterator[dt.date]:
    """
    Yield the allowed dates in order, up to ``last`` (or the year 9999).

    With ``since``, only the dates from ``since`` on (a seek: the weeks
    before it are not visited).

    >>> list(dates(dt.date(2026, 12, 2), (0, 5), dt.date(2026, 12, 9)))
    [datetime.date(2026, 12, 2), datetime.date(2026, 12, 7), \
datetime.date(2026, 12, 9)]
    >>> later = dates(dt.date(2026, 12, 2), (0, 5), None, dt.date(2026, 12, 8))
    >>> next(later), next(later)
    (datetime.date(2026, 12, 9), datetime.date(2026, 12, 14))
    """
    for _, days in weekly(start, offsets, last, since):
        yield from days


_WEEK = dt.timedelta(days=7)


@functools.lru_cache(maxsize=128)
def _shifts(offsets: tuple[int, ...]) -> tuple[dt.timedelta, ...]:
    """The offsets as timedeltas, made once (7 ``timedelta`` calls a walk)."""
    return tuple(dt.timedelta(days=offset) for offset in offsets)


def weekly(
    start: dt.date,
    offsets: tuple[int, ...],
    last: dt.date | None = None,
    since: dt.date | None = None,
) -> Iterator[tuple[int, list[dt.date]]]:
    """
    Yield :func:`dates` a week at a time: the week's index, its dates.

    The index counts the plan's weeks from 0 (``(day - start).days //
    7`` of each of its dates); weeks with no date left are left out.
    The plan walk takes its dates so: the week is known without a
    subtraction a day.

    >>> list(weekly(dt.date(2026, 12, 2), (0, 5), dt.date(2026, 12, 9)))
    [(0, [datetime.date(2026, 12, 2), datetime.date(2026, 12, 7)]), \
(1, [datetime.date(2026, 12, 9)])]
    """
    week = 0 if since is None else max(0, (since - start).days // 7)
    shifts = _shifts(offsets)
    seven = _WEEK
    try:
        base = start + week * seven
    except OverflowError:
        return
    while True:
        days: list[dt.date] = []
        for shift in shifts:
            try:
                day = base + shift
            except OverflowError:
                break
            if since is not None and day < since:
                continue
            if last is not None and day > last:
                break
            days.append(day)
        else:
            if days:
                yield week, days
            week += 1
            try:
                base += seven
            except OverflowError:
                return
            continue
        if days:  # the end, within this week
            yield week, days
        return


def count_dates(
    start: dt.date, offsets: tuple[int, ...], last: dt.date
) -> int:
    """
    Return how many allowed dates lie from ``start`` to ``last``.

    >>> count_dates(dt.date(2026, 12, 2), (0, 5), dt.date(2026, 12, 9))
    3
    """
    weeks, rest = divmod((last - start).days + 1, 7)
    return weeks * len(offsets) + sum(1 for o in offsets if o < rest)


def nth_date(start: dt.date, offsets: tuple[int, ...], n: int) -> dt.date:
    """
    Return the ``n``-th allowed date (1-based).

    Raises:
        OverflowError: The date is past the year 9999.

    >>> nth_date(dt.date(2026, 12, 2), (0, 5), 3)
    datetime.date(2026, 12, 9)
    """
    week, index = divmod(n - 1, len(offsets))
    return start + dt.timedelta(days=7 * week + offsets[index])
