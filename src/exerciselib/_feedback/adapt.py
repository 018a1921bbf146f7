"""
Adapting a plan to the patient's logs: progress, hold or regress.

For each exercise of the routine, :func:`adapt` looks at the last
``rules.consecutive`` due sessions done at the dosage now in force and
judges each one (most severe first):

1. no log, or skipped: what ``rules.missing`` says (hold by default);
2. next-morning pain more than ``above_baseline`` points above the
   patient's ``baseline``, or pain above ``amber_max``: regress;
3. pain above ``green_max`` (amber), pain during above ``amber_max``
   when the next morning was judged, no pain score, done in part, no
   next-morning score yet (``need_next_morning``), or effort at or above
   ``effort_hard_min``: hold;
4. otherwise: progress.

The pain judged is the next-morning pain when there is one and
``next_morning_outweighs``, else the worse of pain during and next
morning. Every session of the window must agree to progress, or to
regress; anything else holds. One step at a time, one decision per
exercise: this is a pure function of its arguments, so shuffled logs,
or adapting twice with the same logs and ``as_of``, give the same plan;
more pain never gives a higher dosage.

A step is taken from the dosage in force: up through the plan's
:class:`~exerciselib.Progression` (or by the rules' ``step_*`` fields for
a plan without one), within its caps; down by the same increments to a
floor (``rules.floors``, else 1 set of 1 rep and a 1 s hold), below the
prescribed base if need be.
"""

from __future__ import annotations

import datetime as dt
import itertools
import typing

import attrs

from exerciselib._feedback.logs import Completion
from exerciselib._feedback.match import instant, item_status, match
from exerciselib._feedback.revisions import (
    Action,
    Decision,
    RevisedPlan,
    Revision,
    with_dosages,
)
from exerciselib._feedback.rules import FeedbackRules
from exerciselib._model.dosage import MAX_REPS, MAX_SECONDS, MAX_SETS, Dosage
from exerciselib._schedule.build import session_length_ms
from exerciselib.exceptions import ScheduleError

if typing.TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from exerciselib._feedback.logs import SessionLog
    from exerciselib._schedule.plan import Plan
    from exerciselib._schedule.progression import Progression
    from exerciselib._schedule.sessions import ScheduledSession

__all__ = ["adapt", "judge", "stepped"]

_UTC = dt.UTC
#: The default floor for a hold, in milliseconds.
_FLOOR_HOLD_MS = 1000

#: The fields a step moves: (name, is it in milliseconds).
_FIELDS = (
    ("sets", False),
    ("reps", False),
    ("hold_seconds", True),
    ("work_seconds", True),
)

#: The lowest each field goes with no floor set: 1 set, 1 rep, 1 s.
_LOWEST = {"sets": 1, "reps": 1, "hold_seconds": 1000, "work_seconds": 1000}


def _value(dosage: Dosage, name: str, ms: bool) -> int:
    value = getattr(dosage, name)
    return round(value * 1000) if ms else int(value)


def _moves(base: Dosage, name: str) -> bool:
    """
    Whether a step may move field ``name`` of ``base``.

    Sets always may; reps only for work counted in reps (timed and
    distance work is one rep of its time or distance); a hold only for
    an exercise that has one; the seconds of timed work only for timed
    work.
    """
    if name == "reps":
        return base.kind == "reps"
    if name == "hold_seconds":
        return bool(base.hold_seconds)
    if name == "work_seconds":
        return base.work_seconds is not None
    return True


@attrs.frozen
class _Step:
    """One step's increments and the caps, per field."""

    add: dict[str, int]
    cap: dict[str, int]

    @classmethod
    def of(
        cls,
        progression: Progression | None,
        rules: FeedbackRules,
        base: Dosage,
    ) -> _Step:
        if progression is not None:
            reps, hold, sets = progression.caps
            work = (
                MAX_SECONDS
                if progression.max_work_seconds is None
                else progression.max_work_seconds
            )
            return cls(
                add={
                    "sets": progression.add_sets,
                    "reps": progression.add_reps,
                    "hold_seconds": round(progression.add_hold_seconds * 1000),
                    "work_seconds": round(progression.add_work_seconds * 1000),
                },
                cap={
                    "sets": sets,
                    "reps": reps,
                    "hold_seconds": round(hold * 1000),
                    "work_seconds": round(work * 1000),
                },
            )
        # One variable at a time: the hold of an exercise that has one,
        # the seconds of timed work, else the reps (and sets, if the
        # rules step them). Distance work moves by sets only.
        timed = bool(base.hold_seconds) or base.work_seconds is not None
        seconds = round(rules.step_hold_seconds * 1000)
        return cls(
            add={
                "sets": rules.step_sets,
                "reps": 0 if timed else rules.step_reps,
                "hold_seconds": seconds,
                "work_seconds": seconds,
            },
            cap={
                "sets": MAX_SETS,
                "reps": MAX_REPS,
                "hold_seconds": round(MAX_SECONDS * 1000),
                "work_seconds": round(MAX_SECONDS * 1000),
            },
        )


def _floor(base: Dosage, floor: Dosage | None) -> dict[str, int]:
    """
    The lowest value of each field ``base`` moves, never above ``base``.

    A floor set for the exercise gives the value of each field it has
    the same way as ``base`` (a floor of reps says nothing about the
    seconds of timed work); the rest go down to :data:`_LOWEST`.
    """
    lowest = {}
    for name, ms in _FIELDS:
        if not _moves(base, name):
            continue
        value = _value(base, name, ms)
        bottom = _LOWEST[name]
        if floor is not None and _moves(floor, name):
            bottom = _value(floor, name, ms)
        lowest[name] = min(bottom, value)
    return lowest


def _movable(
    dosage: Dosage, plan: Plan, rules: FeedbackRules, item: int
) -> bool:
    """
    Whether any step could move ``dosage`` at all, caps and floors aside.

    Not so for distance work when neither the rules nor the progression
    step its sets: the decision then holds for that reason.
    """
    progression = plan.progressions[item]
    step = _Step.of(progression, rules, dosage)
    if any(step.add[name] > 0 for name, _ in _FIELDS if _moves(dosage, name)):
        return True
    loaded = dosage.load_kg is not None or dosage.load_lb is not None
    return progression is not None and loaded and progression.add_load > 0


def stepped(
    dosage: Dosage,
    direction: int,
    *,
    plan: Plan,
    rules: FeedbackRules,
    exercise: str,
    item: int | None = None,
) -> Dosage:
    """
    ``dosage`` one step up (``direction`` 1) or down (-1).

    Up goes through the plan's :class:`~exerciselib.Progression` (item
    ``item``'s own, when the plan gives it one), within its caps; down
    takes the same increments off, to the floor. The result equals
    ``dosage`` at a cap or a floor. What the dosage is made of stays:
    timed and distance work stay one rep of their time or distance, and
    a rep range (``8-12``) moves as a whole, keeping its width.
    """
    progression = plan.progression if item is None else plan.progressions[item]
    if direction > 0 and progression is not None:
        return progression.apply(dosage, 1)
    step = _Step.of(progression, rules, dosage)
    floor = _floor(dosage, rules.floor(exercise))
    width = 0 if dosage.reps_max is None else dosage.reps_max - dosage.reps
    changes: dict[str, float] = {}
    for name, ms in _FIELDS:
        if not _moves(dosage, name):
            continue
        value = _value(dosage, name, ms)
        # A range's top may not pass the cap either.
        cap = step.cap[name] - (width if name == "reps" else 0)
        moved = value + direction * step.add[name]
        moved = (
            max(value, min(moved, cap))
            if direction >= 0
            else min(value, max(moved, floor[name]))
        )
        changes[name] = moved / 1000 if ms else moved
    if dosage.reps_max is not None and "reps" in changes:
        changes["reps_max"] = changes["reps"] + width
    return attrs.evolve(dosage, **changes)  # type: ignore[arg-type]


def _scores(
    log: SessionLog, exercise: str, rules: FeedbackRules
) -> tuple[int | None, str, int | None, int | None]:
    """The pain judged, when it was felt, pain during, and the effort."""
    item = log.item(exercise)
    during = log.pain_during
    effort = log.effort
    if item is not None:
        during = during if item.pain_during is None else item.pain_during
        effort = effort if item.effort is None else item.effort
    morning = log.pain_next_morning
    if morning is not None and rules.next_morning_outweighs:
        return morning, "the next morning", during, effort
    scores = [
        (score, when)
        for score, when in ((during, "during"), (morning, "the next morning"))
        if score is not None
    ]
    pain, when = max(scores, default=(None, ""))
    return pain, when, during, effort


def _above_baseline(log: SessionLog, rules: FeedbackRules) -> str | None:
    morning, baseline = log.pain_next_morning, rules.baseline
    above = rules.above_baseline
    if (
        morning is None
        or baseline is None
        or above is None
        or morning <= baseline + above
    ):
        return None
    return (
        f"pain {morning}/10 the next morning, more than {above} above "
        f"the usual {baseline}/10"
    )


def _hold(
    log: SessionLog,
    status: Completion,
    pain: tuple[int, int | None],
    effort: int | None,
    rules: FeedbackRules,
) -> str | None:
    """
    Why a session neither unacceptable nor missing calls for a hold.

    ``pain`` is the pain judged and the pain during.
    """
    judged, during = pain
    if judged > rules.green_max:
        return " (acceptable, not safe)"
    if during is not None and during > rules.amber_max:
        # The next morning outweighs it, but is no reason to go on.
        return f", but pain {during}/10 during"
    if status is Completion.PARTIAL:
        return ", done in part"
    if log.pain_next_morning is None and rules.need_next_morning:
        return ", next morning not known yet"
    if effort is not None and effort >= rules.effort_hard_min:
        return f", effort {effort}/10 (too hard)"
    return None


def judge(
    log: SessionLog | None, exercise: str, rules: FeedbackRules
) -> tuple[Action, str]:
    """Judge one exercise in one session: the action it calls for, and why."""
    status = item_status(log, exercise)
    if log is None or status is None or status is Completion.SKIPPED:
        return Action(rules.missing), "skipped" if log else "no log"
    pain, when, during, effort = _scores(log, exercise, rules)
    worse = _above_baseline(log, rules)
    if worse is not None:
        return Action.REGRESS, worse
    if pain is None:
        return Action.HOLD, "no pain score"
    said = f"pain {pain}/10 {when}"
    if pain > rules.amber_max:
        return Action.REGRESS, said
    hold = _hold(log, status, (pain, during), effort, rules)
    if hold is not None:
        return Action.HOLD, f"{said}{hold}"
    if effort is not None:
        band = "too easy" if effort <= rules.effort_easy_max else "about right"
        said += f", effort {effort}/10 ({band})"
    return Action.PROGRESS, said


def _and(numbers: Sequence[int]) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return f"session {words[0]}"
    return f"sessions {', '.join(words[:-1])} and {words[-1]}"


def _explain(judged: list[tuple[int, Action, str]], action: Action) -> str:
    numbers = [n for n, _, _ in judged]
    reasons = {r for _, _, r in judged}
    verb = {
        Action.PROGRESS: "progress one step",
        Action.HOLD: "hold",
        Action.REGRESS: "regress one step",
    }[action]
    if action is not Action.HOLD and len(reasons) == 1:
        return f"{reasons.pop()} after {_and(numbers)}: {verb}"
    shown = (
        judged
        if action is not Action.HOLD
        else [j for j in judged if j[1] is not Action.PROGRESS]
    )
    return "; ".join(f"{_and([n])}: {r}" for n, _, r in shown) + f": {verb}"


def _decide(
    window: list[tuple[int, SessionLog | None]],
    exercise: str,
    rules: FeedbackRules,
) -> tuple[Action, str]:
    judged = [(n, *judge(log, exercise, rules)) for n, log in window]
    actions = {a for _, a, _ in judged}
    if actions == {Action.PROGRESS}:
        action = Action.PROGRESS
    elif actions == {Action.REGRESS}:
        action = Action.REGRESS
    else:
        action = Action.HOLD
    return action, _explain(judged, action)


def _room(plan: Plan) -> dt.timedelta:
    """The least time between the starts of two consecutive slots."""
    indices = [day.number for day in plan.days]
    day_gap = min(
        (b - a) % 7 or 7
        for a, b in zip(indices, [*indices[1:], indices[0]], strict=True)
    )
    today = dt.datetime(2000, 1, 3)  # noqa: DTZ001 -- wall-clock differences only
    walls = [dt.datetime.combine(today, t) for t in plan.times]
    walls.append(walls[0] + dt.timedelta(days=day_gap))
    return min(b - a for a, b in itertools.pairwise(walls))


def _effective(plan: Plan, matched_last: int, now: dt.datetime) -> int:
    for session in plan.sessions():
        if (
            session.start.astimezone(_UTC) > now
            and session.number > matched_last
        ):
            return session.number
    msg = (
        "The plan has no session after as_of and the last logged session; "
        "there is nothing left to adapt."
    )
    raise ScheduleError(msg, field="as_of")


def _kept(revised: RevisedPlan, effective: int) -> tuple[Revision, ...]:
    kept = []
    for revision in revised.revisions:
        if revision.effective_from > effective:
            msg = (
                f"The plan was already revised from session "
                f"{revision.effective_from} on (as of "
                f"{revision.as_of.isoformat()}); revisions are append-only: "
                "adapt as of a later moment."
            )
            raise ScheduleError(msg, field="as_of")
        if revision.effective_from < effective:
            kept.append(revision)
    return tuple(kept)


def _level(
    revised: RevisedPlan, session: ScheduledSession | None, item: int
) -> int:
    """The step level of ``item`` in force at ``session``."""
    number = 1 if session is None else session.number
    revision = revised.revision_at(number)
    if revision is not None:
        return revision.decisions[item].level
    progression = revised.plan.progressions[item]
    if progression is None or session is None:
        return 0
    return progression.steps(
        number=session.number, week=session.week_number - 1
    )


def adapt(
    plan: Plan | RevisedPlan,
    logs: Iterable[SessionLog],
    rules: FeedbackRules,
    *,
    as_of: dt.datetime,
) -> RevisedPlan:
    """
    Decide per exercise from ``logs``: progress, hold or regress.

    Returns ``plan`` with one more revision, in force from the first
    session that starts after ``as_of`` and after the last logged
    session. Sessions before it never change. Adapting again with the
    same ``as_of`` (or any moment before that session) replaces that
    revision instead of adding another.

    Args:
        plan: The plan, revised or not.
        logs: The patient's session logs, in any order.
        rules: The thresholds (see :class:`FeedbackRules`).
        as_of: The moment the logs are judged (aware).

    Returns:
        The revised plan; its last revision holds the decisions, each
        with its reason in words.

    Raises:
        LogError: A log does not fit the plan.
        ScheduleError: ``as_of`` is not an aware datetime, no session is
            left after it, or the plan was revised as of a later moment.

    .. versionadded:: 0.1.0
    """
    revised = plan if isinstance(plan, RevisedPlan) else RevisedPlan(plan=plan)
    if not isinstance(typing.cast("object", rules), FeedbackRules):
        msg = f"rules must be FeedbackRules, got {rules!r}."
        raise ScheduleError(msg, field="rules")
    base = revised.plan
    matched = match(base, logs, as_of=as_of)
    now = instant(as_of, "as_of")
    effective = _effective(base, max(matched.logs, default=0), now)
    revised = attrs.evolve(revised, revisions=_kept(revised, effective))
    due_numbers = {s.number for s in matched.due}
    history: list[ScheduledSession] = []
    for session in revised.sessions():
        if session.number >= effective:
            break
        if session.number in due_numbers:
            history.append(session)
    reference = history[-1] if history else None
    current_routine = base.routine if reference is None else reference.routine
    decisions = []
    #: Each item one step up, whatever the logs say: whether there is
    #: room for that decides whether any item may progress, so that more
    #: pain for one exercise never lets another one grow.
    grown = []
    for index, item in enumerate(base.routine.items):
        exercise = item.exercise.id
        previous = current_routine.items[index].dosage
        level = _level(revised, reference, index)
        run = _run(history, index, previous, rules.consecutive)
        window = [
            (s.number, matched.logs.get(s.number)) for s in reversed(run)
        ]
        if len(window) < rules.consecutive:
            since = f" since session {window[0][0]}" if window else ""
            action, reason = (
                Action.HOLD,
                (
                    f"{len(window)} of the {rules.consecutive} sessions a "
                    f"decision needs done at this dosage{since}: hold"
                ),
            )
        else:
            action, reason = _decide(window, exercise, rules)
        grown.append(
            stepped(
                previous,
                1,
                plan=base,
                rules=rules,
                exercise=exercise,
                item=index,
            )
        )
        delta = {Action.PROGRESS: 1, Action.HOLD: 0, Action.REGRESS: -1}[
            action
        ]
        dosage = (
            stepped(
                previous,
                delta,
                plan=base,
                rules=rules,
                exercise=exercise,
                item=index,
            )
            if delta
            else previous
        )
        if delta and dosage == previous:
            said = reason.rsplit(": ", 1)[0]
            if not _movable(previous, base, rules, index):
                why = (
                    "has no step to take (give the rules a step_sets, or "
                    "the plan a progression that adds sets)"
                )
            elif action is Action.PROGRESS:
                why = "is at its cap"
            else:
                why = "is at its floor"
            reason = f"{said}, but {exercise} {why}: hold"
            action, delta = Action.HOLD, 0
        decisions.append(
            Decision(
                item=index,
                exercise=exercise,
                action=action,
                level=level + delta,
                dosage=dosage,
                previous=previous,
                reason=reason,
                sessions=tuple(n for n, _ in window),
            )
        )
    decisions = _fit(base, decisions, grown)
    revision = Revision(
        effective_from=effective, as_of=as_of, rules=rules, decisions=decisions
    )
    return attrs.evolve(revised, revisions=(*revised.revisions, revision))


def _run(
    history: list[ScheduledSession], index: int, dosage: Dosage, most: int
) -> list[ScheduledSession]:
    """Up to ``most`` latest sessions in a row with ``index`` at ``dosage``."""
    run: list[ScheduledSession] = []
    for session in reversed(history):
        if len(run) == most or session.routine.items[index].dosage != dosage:
            break
        run.append(session)
    return run


def _fit(
    plan: Plan, decisions: list[Decision], grown: list[Dosage]
) -> list[Decision]:
    """Hold every progression if sessions all grown would not fit."""
    routine = with_dosages(plan.routine, grown)
    if dt.timedelta(milliseconds=session_length_ms(routine)) <= _room(plan):
        return decisions
    return [
        attrs.evolve(
            d,
            action=Action.HOLD,
            level=d.level - 1,
            dosage=d.previous,
            reason=(
                f"{d.reason.rsplit(': ', 1)[0]}, but a longer session would "
                "run into the next one: hold"
            ),
        )
        if d.action is Action.PROGRESS
        else d
        for d in decisions
    ]
