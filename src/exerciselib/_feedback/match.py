"""
Matching session logs to a plan's sessions, refusing logs that do not fit.

The rule for two logs of one session: the one done latest wins (a
patient who logs again corrects the first log); two logs of one session
done at the same moment that disagree are an error, since neither can be
chosen without depending on the order the logs arrive in.
"""

from __future__ import annotations

import datetime as dt
import typing

import attrs

from exerciselib._feedback.logs import Completion, SessionLog
from exerciselib._text import close_matches, did_you_mean
from exerciselib.exceptions import LogError, ScheduleError

if typing.TYPE_CHECKING:
    from collections.abc import Iterable

    from exerciselib._schedule.plan import Plan
    from exerciselib._schedule.sessions import ScheduledSession

__all__ = ["Matched", "instant", "item_status", "match"]

_UTC = dt.UTC


def instant(when: object, name: str) -> dt.datetime:
    """Return ``when`` in UTC, refusing a naive or non-datetime value."""
    if not isinstance(when, dt.datetime) or when.utcoffset() is None:
        msg = f"{name} must be an aware datetime, got {when!r}."
        raise ScheduleError(msg, field=name)
    return when.astimezone(_UTC)


@attrs.frozen(kw_only=True)
class Matched:
    """A plan's due sessions and the log (if any) of each."""

    #: Sessions started by ``as_of``, and later ones already logged.
    due: tuple[ScheduledSession, ...]
    #: The log in force for each logged session number.
    logs: dict[int, SessionLog]


def item_status(log: SessionLog | None, exercise: str) -> Completion | None:
    """
    How ``exercise`` was done in the session ``log`` records.

    None for a session with no log. In a completed session an exercise
    the log does not list was done in full; in a partial one, not at all.
    """
    if log is None:
        return None
    if log.status is Completion.SKIPPED:
        return Completion.SKIPPED
    item = log.item(exercise)
    if item is not None:
        return item.status
    if log.status is Completion.COMPLETED:
        return Completion.COMPLETED
    return Completion.SKIPPED


def _check_items(log: SessionLog, known: tuple[str, ...]) -> None:
    for item in log.items:
        if item.exercise not in known:
            hint = did_you_mean(close_matches(item.exercise, known))
            msg = (
                f"The log of session {log.session or log.scheduled} names "
                f"exercise {item.exercise!r}, which the plan's routine "
                f"does not have{hint}; log only the routine's exercises "
                f"({', '.join(known)})."
            )
            raise LogError(
                msg, field="items", session=log.session or log.scheduled
            )


def _check_log(
    log: SessionLog, known: tuple[str, ...], now: dt.datetime
) -> None:
    if not isinstance(typing.cast("object", log), SessionLog):
        msg = f"logs must be SessionLog values, got {log!r}."
        raise LogError(msg, field="logs")
    if instant(log.done_at, "done_at") > now:
        msg = (
            f"The log of session {log.session or log.scheduled} was "
            f"done at {log.done_at.isoformat()}, after as_of "
            f"{now.isoformat()}; a log cannot come from the future. "
            "Check the clock of the device that wrote it, or pass a "
            "later as_of."
        )
        raise LogError(
            msg, field="done_at", session=log.session or log.scheduled
        )
    _check_items(log, known)


def _content(log: SessionLog) -> dict[str, object]:
    """What a log says, apart from how it names its session and when."""
    data = log.to_dict()
    for name in ("session", "scheduled", "done_at"):
        data.pop(name, None)
    return data


def _newest(first: SessionLog, second: SessionLog, number: int) -> SessionLog:
    """The log in force of two logs of one session."""
    one, two = (
        instant(first.done_at, "done_at"),
        instant(second.done_at, "done_at"),
    )
    if one != two:
        return first if one > two else second
    if _content(first) == _content(second):
        return first
    msg = (
        f"Two different logs of session {number} were done at the same "
        f"moment ({first.done_at.isoformat()}); keep one, or give the "
        "correction a later done_at (the latest log of a session wins)."
    )
    raise LogError(msg, field="session", session=number)


def match(
    plan: Plan, logs: Iterable[SessionLog], *, as_of: dt.datetime
) -> Matched:
    """
    Match ``logs`` to ``plan``'s sessions as of ``as_of``.

    Raises:
        LogError: A log is done after ``as_of``, names a session the plan
            does not have, or an exercise its routine does not have; or
            two logs of one session done at the same moment disagree.
        ScheduleError: ``as_of`` is not an aware datetime.
    """
    now = instant(as_of, "as_of")
    known = tuple(item.exercise.id for item in plan.routine.items)
    pending = list(logs)
    for log in pending:
        _check_log(log, known, now)
    numbers = {log.session for log in pending if log.session is not None}
    starts = {
        instant(log.scheduled, "scheduled")
        for log in pending
        if log.scheduled is not None
    }
    last_number = max(numbers, default=0)
    last_start = max(starts, default=now)
    due: list[ScheduledSession] = []
    by_start: dict[dt.datetime, int] = {}
    for session in plan.sessions():
        start = session.start.astimezone(_UTC)
        if start > now and start > last_start and session.number > last_number:
            break
        by_start[start] = session.number
        if start <= now or session.number in numbers or start in starts:
            due.append(session)
    found: dict[int, SessionLog] = {}
    for log in pending:
        if log.scheduled is not None:
            number = by_start.get(instant(log.scheduled, "scheduled"))
            if number is None:
                msg = (
                    "The plan has no session scheduled at "
                    f"{log.scheduled.isoformat()}; name the session by its "
                    "exact start, or by its number."
                )
                raise LogError(msg, field="scheduled", session=log.scheduled)
        else:
            number = typing.cast("int", log.session)
            if number > len(by_start):
                msg = (
                    f"The plan has no session {number}: it has "
                    f"{len(by_start)} sessions; check the log's session "
                    "number."
                )
                raise LogError(msg, field="session", session=number)
        held = found.get(number)
        found[number] = log if held is None else _newest(held, log, number)
    return Matched(due=tuple(due), logs=found)
