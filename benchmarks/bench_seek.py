"""
Seeking: "the next session after now" near the end of long plans.

``Plan.after(when)`` a week before the end of 1-, 5- and 20-year plans
(twice a day, growing every week), against python-dateutil's uncached
``rrule.after`` on the same times (which replays from DTSTART), checked
equal first. In a zone without clock changes seeking costs the same
whatever the plan's length (20 years against 5); in a zone with them it
grows with their number (two a year), not with the sessions'.

Each zone's clock-change days are found once per process and kept (as
they are in use). A *first seek* is timed on a newly built plan (built
before the clock starts) whose routine no plan had before (its own id),
so nothing learnt from an equal plan serves it; a *repeated seek* on
the same plan again, which keeps what it learnt of its clock-change
windows.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
import typing
import zoneinfo
from functools import partial

from _harness import Row, alternate, in_process, judge
from dateutil import rrule  # type: ignore[import-untyped]  # no stubs

import exerciselib

if typing.TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["run"]

START = dt.date(2025, 1, 6)
TIMES = (dt.time(8, 0), dt.time(18, 0))


#: Routine ids no plan has used yet, for first seeks.
_FRESH = itertools.count()


def plan(years: int, zone: str, routine_id: str = "knee") -> exerciselib.Plan:
    """A plan of ``years`` years in ``zone``, twice a day, growing weekly."""
    bend = exerciselib.Exercise(
        id="knee-bend",
        name="Knee bend",
        summary="Bend and straighten the knee.",
        steps=["Sit tall.", "Bend the knee."],
    )
    routine = exerciselib.Routine(
        id=routine_id, name="Knee", items=[bend.prescribe("2 x 10")]
    )
    return exerciselib.Plan(
        routine=routine,
        start=START,
        weeks=52 * years,
        timezone=zone,
        times=TIMES,
        progression=exerciselib.Progression(
            every_weeks=1, add_reps=1, max_reps=30
        ),
    )


def _when(subject: exerciselib.Plan) -> dt.datetime:
    """Noon a week before the plan's last day, in UTC."""
    last = subject.last_date
    assert last is not None  # noqa: S101 -- weeks plans have one
    local = dt.datetime.combine(
        last - dt.timedelta(days=7), dt.time(12), tzinfo=subject.zone
    )
    return local.astimezone(dt.UTC)


def _ours(subject: exerciselib.Plan) -> Callable[[], object]:
    when = _when(subject)
    return lambda: subject.after(when)


def _rrule(subject: exerciselib.Plan) -> Callable[[], object]:
    zone = zoneinfo.ZoneInfo(subject.timezone)
    last = subject.last_date
    assert last is not None  # noqa: S101 -- weeks plans have one
    rule = rrule.rrule(
        rrule.DAILY,
        dtstart=dt.datetime.combine(START, TIMES[0], tzinfo=zone),
        byhour=tuple(t.hour for t in TIMES),
        byminute=0,
        bysecond=0,
        until=dt.datetime.combine(last, TIMES[-1], tzinfo=zone),
        cache=False,
    )
    when = _when(subject).astimezone(zone)
    return lambda: rule.after(when)


def _first_seek(years: int, zone: str, number: int) -> Callable[[], float]:
    """Seconds of one first seek, over ``number`` newly built plans."""

    def measure() -> float:
        fresh = [
            plan(years, zone, f"knee-{next(_FRESH)}") for _ in range(number)
        ]
        seeks = [_ours(subject) for subject in fresh]
        start = time.perf_counter()
        for seek in seeks:
            seek()
        return (time.perf_counter() - start) / number

    return measure


def _check(subject: exerciselib.Plan) -> None:
    found = _ours(subject)()
    theirs = _rrule(subject)()
    assert isinstance(found, exerciselib.ScheduledSession)  # noqa: S101 -- a check that the seek found a session
    if found.start != theirs or found.start.utcoffset() != theirs.utcoffset():
        msg = f"after() and rrule.after disagree: {found.start} {theirs}"
        raise SystemExit(msg)


def run(size: str = "full") -> list[Row]:
    """Time after() near the end of long plans, against rrule.after."""
    repeat, number = (15, 20) if size == "full" else (1, 1)
    years = (1, 5, 20) if size == "full" else (1, 2, 3)
    berlin = [plan(y, "Europe/Berlin") for y in years]
    utc = [plan(y, "UTC") for y in years[1:]]
    kolkata = [plan(y, "Asia/Kolkata") for y in years[1:]]
    for subject in (*berlin, *utc, *kolkata):
        _check(subject)
    subjects = [*berlin, *utc, *kolkata]
    seeks = [_ours(s) for s in subjects]
    measures = alternate(
        [
            *(partial(in_process, f, number=number) for f in seeks),
            lambda: in_process(
                _rrule(berlin[-1]), number=max(1, number // 10)
            ),
            _first_seek(years[-1], "Europe/Berlin", max(1, number // 4)),
            _first_seek(years[1], "UTC", max(1, number // 4)),
            _first_seek(years[-1], "UTC", max(1, number // 4)),
        ],
        repeat=repeat,
    )
    b1, b5, b20, u5, u20, k5, k20, rrule_t, first_b, first_u5, first_u = (
        measures
    )
    long = years[-1]
    return [
        judge(
            f"4 seek after() {long}y Berlin first vs rrule.after",
            first_b,
            rrule_t,
            limit=0.1,
            note=(
                "a newly built plan, routine never seen: walks the days "
                "around each change"
            ),
        ),
        judge(
            f"4 seek after() {long}y Berlin repeated vs rrule.after",
            b20,
            rrule_t,
            limit=0.1,
            note="rrule.after uncached replays from DTSTART; same session",
        ),
        judge(
            f"4 seek after() {long}y vs {years[1]}y UTC first",
            first_u,
            first_u5,
            limit=1.25,
            note="flat: no clock changes",
        ),
        judge(
            f"4 seek after() {years[1]}y vs {years[0]}y Berlin",
            b5,
            b1,
            limit=years[1] / years[0],
            note="grows with the clock changes before, 2 a year",
        ),
        judge(
            f"4 seek after() {long}y vs {years[1]}y Berlin",
            b20,
            b5,
            limit=long / years[1],
            note="grows with the clock changes before, 2 a year",
        ),
        judge(
            f"4 seek after() {long}y vs {years[1]}y UTC",
            u20,
            u5,
            limit=1.25,
            note="flat: no clock changes",
        ),
        judge(
            f"4 seek after() {long}y vs {years[1]}y Asia/Kolkata",
            k20,
            k5,
            limit=1.25,
            note="flat: no clock changes since 1945",
        ),
    ]
