"""
Adherence: how much of a plan was done, from the patient's own logs.

A session is *due* once its scheduled start has passed (``as_of``), or
once it has a log (a session done early). Each due session is *done*
(a completed log), *partial* (a partial log) or *missed* (a skipped log,
or no log: the report keeps the two apart), so
``done + partial + missed == due`` always holds. Percentages are of due
sessions done in full. Self-reported logs overestimate what was really
done (Nicolson et al., JOSPT 2018): the report says so in its name, not
in clinical thresholds, which it leaves to the host app.
"""

from __future__ import annotations

import typing

import attrs

from exerciselib._feedback.logs import Completion
from exerciselib._feedback.match import item_status, match
from exerciselib._feedback.revisions import RevisedPlan

if typing.TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from exerciselib._feedback.logs import SessionLog
    from exerciselib._schedule.plan import Plan

__all__ = ["Adherence", "AdherenceCounts", "adherence"]


def _percent(done: int, due: int) -> float | None:
    return None if not due else round(100 * done / due, 1)


@typing.final
@attrs.frozen(kw_only=True)
class AdherenceCounts:
    """
    Due, done, partial and missed sessions of a week or an exercise.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: What is counted: ``"week 1"``, or an exercise id.
    label: str
    #: Sessions due.
    due: int = 0
    #: Done in full.
    done: int = 0
    #: Done in part.
    partial: int = 0
    #: Skipped or not logged.
    missed: int = 0

    @property
    def percent(self) -> float | None:
        """Due sessions done in full, in percent (None when none is due)."""
        return _percent(self.done, self.due)

    def add(self, status: Completion | None) -> AdherenceCounts:
        """These counts with one more due session of ``status``."""
        return attrs.evolve(
            self,
            due=self.due + 1,
            done=self.done + (status is Completion.COMPLETED),
            partial=self.partial + (status is Completion.PARTIAL),
            missed=self.missed
            + (status is None or status is Completion.SKIPPED),
        )


@typing.final
@attrs.frozen(kw_only=True)
class Adherence:
    """
    A plan's self-reported adherence as of a moment.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The moment the report is for.
    as_of: dt.datetime
    #: Sessions due: started by ``as_of``, or logged.
    due: int
    #: Done in full.
    done: int
    #: Done in part.
    partial: int
    #: Not done: ``skipped + unlogged``.
    missed: int
    #: Missed with a log saying so.
    skipped: int
    #: Missed with no log at all.
    unlogged: int
    #: Per week of the plan (week 1 first), weeks with a due session.
    weeks: tuple[AdherenceCounts, ...]
    #: Per exercise, in the routine's order.
    exercises: tuple[AdherenceCounts, ...]
    #: Due sessions done (in full or in part) in a row, up to the last.
    current_streak: int
    #: The most due sessions missed in a row.
    longest_gap: int
    #: The last session done in full or in part, by number, or None.
    last_done: int | None
    #: When it was done, or None.
    last_done_at: dt.datetime | None

    @property
    def percent(self) -> float | None:
        """Due sessions done in full, in percent (None when none is due)."""
        return _percent(self.done, self.due)

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the report as JSON data."""

        def counts(entry: AdherenceCounts) -> dict[str, typing.Any]:
            return {
                "label": entry.label,
                "due": entry.due,
                "done": entry.done,
                "partial": entry.partial,
                "missed": entry.missed,
                "percent": entry.percent,
            }

        return {
            "as_of": self.as_of.isoformat(),
            "self_reported": True,
            "due": self.due,
            "done": self.done,
            "partial": self.partial,
            "missed": self.missed,
            "skipped": self.skipped,
            "unlogged": self.unlogged,
            "percent": self.percent,
            "weeks": [counts(w) for w in self.weeks],
            "exercises": [counts(e) for e in self.exercises],
            "current_streak": self.current_streak,
            "longest_gap": self.longest_gap,
            "last_done": self.last_done,
            "last_done_at": None
            if self.last_done_at is None
            else self.last_done_at.isoformat(),
        }


def adherence(
    plan: Plan | RevisedPlan,
    logs: Iterable[SessionLog],
    *,
    as_of: dt.datetime,
) -> Adherence:
    """
    Report how much of ``plan`` was done by ``as_of``, from ``logs``.

    Two logs of one session: the one done latest counts.

    Args:
        plan: The plan (revised or not: revisions change dosages, not
            which sessions are due).
        logs: The patient's session logs, in any order.
        as_of: The moment of the report (aware).

    Returns:
        The report; ``done + partial + missed == due`` always.

    Raises:
        LogError: A log does not fit the plan (see ``docs/feedback.md``).
        ScheduleError: ``as_of`` is not an aware datetime.

    .. versionadded:: 0.1.0
    """
    base = plan.plan if isinstance(plan, RevisedPlan) else plan
    matched = match(base, logs, as_of=as_of)
    exercises = [item.exercise.id for item in base.routine.items]
    total = AdherenceCounts(label="all")
    skipped = 0
    weeks: dict[int, AdherenceCounts] = {}
    per_exercise = {name: AdherenceCounts(label=name) for name in exercises}
    streak = gap = longest = 0
    last: SessionLog | None = None
    last_number: int | None = None
    for session in matched.due:
        log = matched.logs.get(session.number)
        status = None if log is None else log.status
        total = total.add(status)
        skipped += status is Completion.SKIPPED
        week = weeks.get(
            session.week_number,
            AdherenceCounts(label=f"week {session.week_number}"),
        )
        weeks[session.week_number] = week.add(status)
        for name in exercises:
            per_exercise[name] = per_exercise[name].add(item_status(log, name))
        if status in {Completion.COMPLETED, Completion.PARTIAL}:
            streak += 1
            gap = 0
            last, last_number = log, session.number
        else:
            streak = 0
            gap += 1
            longest = max(longest, gap)
    return Adherence(
        as_of=as_of,
        due=total.due,
        done=total.done,
        partial=total.partial,
        missed=total.missed,
        skipped=skipped,
        unlogged=total.missed - skipped,
        weeks=tuple(weeks[w] for w in sorted(weeks)),
        exercises=tuple(per_exercise[name] for name in exercises),
        current_streak=streak,
        longest_gap=longest,
        last_done=last_number,
        last_done_at=None if last is None else last.done_at,
    )
