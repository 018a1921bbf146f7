"""
4. Plans: a year at two sessions a day with a weekly progression.

``Plan.sessions()`` is iterated in full (730 sessions) against
python-dateutil's ``rrule`` producing the same 730 start times (checked
equal first) and against a plain loop building the 730 aware datetimes
(the floor): the *first pass* over a newly built plan (built before the
clock starts; its routine at each progression step is built during the
pass), the first pass over a new plan equal to one built before (equal
plans share the routines their progression grows into), and a
*repeated pass* over the same plan (the steps' routines kept). Each
cold first pass uses a routine no plan had before (its own id), so the
shared routines cannot serve it. A five-year plan is timed against the
one-year plan, and the peak memory of iterating each (keeping no
session) is compared.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
import tracemalloc
import typing
import zoneinfo

from _harness import Row, Sample, alternate, in_process, judge
from dateutil import rrule  # type: ignore[import-untyped]  # no stubs

import exerciselib

if typing.TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["run"]

ZONE = "Europe/Berlin"
START = dt.date(2025, 1, 6)
TIMES = (dt.time(8, 0), dt.time(18, 0))


#: Routine ids no plan has used yet, for cold first passes.
_FRESH = itertools.count()


def plan(days: int, routine_id: str = "knee") -> exerciselib.Plan:
    """A plan of ``days`` days, twice a day, growing every week."""
    bend = exerciselib.Exercise(
        id="knee-bend",
        name="Knee bend",
        summary="Bend and straighten the knee.",
        steps=["Sit tall.", "Bend the knee."],
        laterality="each-side",
    )
    bridge = exerciselib.Exercise(
        id="bridge",
        name="Bridge",
        summary="Lift the hips.",
        steps=["Lie on your back.", "Lift the hips."],
    )
    routine = exerciselib.Routine(
        id=routine_id,
        name="Knee",
        items=[bend.prescribe("2 x 10"), bridge.prescribe("2 x 8 x 5s")],
    )
    return exerciselib.Plan(
        routine=routine,
        start=START,
        count=2 * days,
        timezone=ZONE,
        times=TIMES,
        progression=exerciselib.Progression(
            every_weeks=1, add_reps=1, max_reps=30
        ),
    )


def _rrule(count: int) -> Callable[[], list[dt.datetime]]:
    first = dt.datetime.combine(
        START, TIMES[0], tzinfo=zoneinfo.ZoneInfo(ZONE)
    )
    hours = tuple(t.hour for t in TIMES)

    def expand() -> list[dt.datetime]:
        return list(
            rrule.rrule(
                rrule.DAILY,
                dtstart=first,
                byhour=hours,
                byminute=0,
                bysecond=0,
                count=count,
            )
        )

    return expand


def _floor(days: int) -> Callable[[], list[dt.datetime]]:
    zone = zoneinfo.ZoneInfo(ZONE)
    one = dt.timedelta(days=1)

    def build() -> list[dt.datetime]:
        result: list[dt.datetime] = []
        day = START
        for _ in range(days):
            result.extend(
                dt.datetime.combine(day, time, tzinfo=zone) for time in TIMES
            )
            day += one
        return result

    return build


def _iterate(subject: exerciselib.Plan) -> Callable[[], object]:
    def iterate() -> object:
        last = None
        for session in subject.sessions():
            last = session
        return last

    return iterate


def _first_pass(days: int, number: int, *, cold: bool) -> Callable[[], float]:
    """
    Seconds of one first pass, over ``number`` newly built plans.

    ``cold``: each plan has a routine no plan had before; otherwise each
    is equal to the plans built before it.
    """

    def measure() -> float:
        fresh = [
            plan(days, f"knee-{next(_FRESH)}" if cold else "knee")
            for _ in range(number)
        ]
        start = time.perf_counter()
        for subject in fresh:
            for _ in subject.sessions():
                pass
        return (time.perf_counter() - start) / number

    return measure


def _peak(function: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(size: str = "full") -> list[Row]:
    """Time the plan against rrule and the floor; scale and memory."""
    days = 365 if size == "full" else 14
    repeat, number = (15, 5) if size == "full" else (1, 1)
    year, five = plan(days), plan(5 * days)
    ours = [s.start for s in year.sessions()]
    theirs, floor = _rrule(2 * days)(), _floor(days)()
    if not (ours == theirs == floor and len(ours) == 2 * days):
        msg = "the plan, rrule and the floor disagree on the start times"
        raise SystemExit(msg)
    walls = [(s.replace(tzinfo=None), s.utcoffset()) for s in ours]
    if walls != [(s.replace(tzinfo=None), s.utcoffset()) for s in theirs]:
        msg = "the plan and rrule disagree on local times"
        raise SystemExit(msg)
    iterate_year, iterate_five = _iterate(year), _iterate(five)
    measures = alternate(
        [
            _first_pass(days, number, cold=True),
            _first_pass(days, number, cold=False),
            lambda: in_process(iterate_year, number=number),
            lambda: in_process(_rrule(2 * days), number=number),
            lambda: in_process(_floor(days), number=number),
            lambda: in_process(iterate_five, number=max(1, number // 5)),
        ],
        repeat=repeat,
    )
    first_t, equal_t, ours_t, rrule_t, floor_t, five_t = measures
    peaks_year = Sample(tuple(_peak(iterate_year) for _ in range(3)), "B")
    peaks_five = Sample(tuple(_peak(iterate_five) for _ in range(3)), "B")
    n = 2 * days
    return [
        judge(
            f"4 plan {n} sessions first pass vs rrule",
            first_t,
            rrule_t,
            limit=1.0,
            note=(
                "a newly built plan with a routine never seen before; "
                "same start datetimes, asserted equal"
            ),
        ),
        judge(
            f"4 plan {n} sessions first pass vs floor",
            first_t,
            floor_t,
            limit=2.5,
            note="floor: a loop of datetime.combine(day, time, tzinfo)",
        ),
        judge(
            f"4 plan {n} sessions first pass, equal plan, vs floor",
            equal_t,
            floor_t,
            limit=2.5,
            note="a new plan equal to one built before: grown routines shared",
        ),
        judge(
            f"4 plan {n} sessions repeated pass vs rrule",
            ours_t,
            rrule_t,
            limit=1.0,
            note="the same plan again: its steps' routines are kept",
        ),
        judge(
            f"4 plan {n} sessions repeated pass vs floor",
            ours_t,
            floor_t,
            limit=2.5,
            note="floor: a loop of datetime.combine(day, time, tzinfo)",
        ),
        judge(
            "4 plan 5 years vs 1 year",
            five_t,
            ours_t,
            limit=5.5,
            note="target ~5x: linear in the plan's length (<= 5.5 judged)",
        ),
        judge(
            "4 plan peak memory 5y vs 1y",
            peaks_five,
            peaks_year,
            limit=1.1,
            note="tracemalloc peak while iterating, no session kept",
        ),
    ]
