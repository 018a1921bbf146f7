"""A plan's allowed dates, walked by week, equal a walk day by day."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exerciselib import Weekday
from exerciselib._schedule import calendar

pytestmark = pytest.mark.property

#: Starts anywhere, the last weeks of the calendar included.
STARTS = st.dates(dt.date(1, 1, 1), dt.date.max) | st.dates(
    dt.date.max - dt.timedelta(days=30), dt.date.max
)
WEEKDAYS = st.lists(st.sampled_from(Weekday), min_size=1, unique=True)
#: Twelve weeks of dates at most.
WEEKS = 12
MOST = 7 * WEEKS


def _day_by_day(
    start: dt.date,
    days: list[Weekday],
    last: dt.date | None,
    since: dt.date | None,
    most: int,
) -> list[tuple[int, dt.date]]:
    """The allowed dates and their week index, one day at a time."""
    numbers = {day.number for day in days}
    found = []
    day = start
    while len(found) < most and (last is None or day <= last):
        if day.weekday() in numbers and (since is None or day >= since):
            found.append(((day - start).days // 7, day))
        if day == dt.date.max:
            break
        day += dt.timedelta(days=1)
    return found


class TestWeekly:
    """
    ``weekly`` gives the dates ``dates`` gives, a week at a time.

    The plan walk takes its dates a week at a time, with the week's
    index, instead of subtracting the start from each date: each date,
    its week, the bounds ``last`` and ``since`` and the end of the
    calendar must agree with a walk day by day.
    """

    @given(
        start=STARTS,
        days=WEEKDAYS,
        length=st.none() | st.integers(0, 60),
        skip=st.none() | st.integers(-10, 60),
    )
    def test_same_as_day_by_day(
        self,
        start: dt.date,
        days: list[Weekday],
        length: int | None,
        skip: int | None,
    ) -> None:
        """Every date, in order, with its week index; nothing more."""
        last = since = None
        room = (dt.date.max - start).days
        if length is not None:
            last = start + dt.timedelta(days=min(length, room))
        if skip is not None and skip <= room:
            since = start + dt.timedelta(days=skip)
        offsets = calendar.day_offsets(start, days)
        expected = _day_by_day(start, days, last, since, most=MOST)

        weeks = list(
            itertools.islice(
                calendar.weekly(start, offsets, last, since), WEEKS
            )
        )
        found = [(week, day) for week, dates in weeks for day in dates]
        plain = list(
            itertools.islice(calendar.dates(start, offsets, last, since), MOST)
        )

        assert expected[: len(found)] == found
        assert [day for _, day in expected] == plain
        assert all(dates for _, dates in weeks)  # no empty week
        if len(weeks) < WEEKS:  # the walk ended: nothing was left out
            assert expected == found
