"""
Plan revisions: what was prescribed when, and why.

A :class:`RevisedPlan` is a :class:`~exerciselib.Plan` and the
revisions :func:`~exerciselib.adapt` appended to it, oldest first. A
revision takes effect from one session on and sets the dosage of every
exercise from then until the next revision; the plan's own progression
runs only until the first revision. Sessions before a revision's first
session are never changed by it, so the dosage each past session
prescribed stays on record (CERT items 7a and 7b: the decision rules,
and how the programme was progressed).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import typing

import attrs

from exerciselib._feedback.match import instant
from exerciselib._feedback.rules import FeedbackRules
from exerciselib._model.dosage import Dosage
from exerciselib._schedule.build import session_length_ms
from exerciselib._schedule.plan import Plan
from exerciselib._schema import check, invalid
from exerciselib._validators import instance
from exerciselib.exceptions import InvalidDataError, InvalidValueError, Problem

if typing.TYPE_CHECKING:
    from exerciselib._model.types import Routine
    from exerciselib._schedule.sessions import ScheduledSession

__all__ = ["Action", "Decision", "RevisedPlan", "Revision", "with_dosages"]

_UTC = dt.UTC


class Action(enum.StrEnum):
    """
    What a decision does to an exercise's dosage.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: One step up.
    PROGRESS = "progress"
    #: The same dosage.
    HOLD = "hold"
    #: One step down.
    REGRESS = "regress"


def _to_action(value: object) -> object:
    try:
        return Action(typing.cast("str", value))
    except ValueError:
        return value


def _to_ints(value: typing.Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


@typing.final
@attrs.frozen(kw_only=True)
class Decision:
    """
    What :func:`~exerciselib.adapt` decided for one exercise, and why.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The position of the exercise in the plan's routine (0-based).
    item: int = attrs.field(validator=instance(int))
    #: The exercise's id.
    exercise: str = attrs.field(validator=instance(str))
    #: Progress, hold or regress.
    action: Action = attrs.field(
        converter=_to_action, validator=instance(Action)
    )
    #: Steps from the routine's base dosage (negative below it): the
    #: plan's progression steps until the first revision, then one up
    #: or down for each decision to progress or regress.
    level: int = attrs.field(validator=instance(int))
    #: The dosage in force from the revision on.
    dosage: Dosage = attrs.field(validator=instance(Dosage))
    #: The dosage in force before it.
    previous: Dosage = attrs.field(validator=instance(Dosage))
    #: The reason in words, for the clinician.
    reason: str = attrs.field(validator=instance(str))
    #: The sessions whose logs the decision rests on.
    sessions: tuple[int, ...] = attrs.field(default=(), converter=_to_ints)


def _to_decisions(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


@typing.final
@attrs.frozen(kw_only=True)
class Revision:
    """
    One revision of a plan: a decision per exercise, from a session on.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The first session (by number) the revision applies to.
    effective_from: int = attrs.field(validator=instance(int))
    #: The moment the logs were judged (aware).
    as_of: dt.datetime = attrs.field(validator=instance(dt.datetime))
    #: The rules the decisions followed.
    rules: FeedbackRules = attrs.field(validator=instance(FeedbackRules))
    #: One decision per routine item, in the routine's order.
    decisions: tuple[Decision, ...] = attrs.field(converter=_to_decisions)


def with_dosages(
    routine: Routine, dosages: typing.Sequence[Dosage]
) -> Routine:
    """``routine`` with each item's dosage replaced, in order."""
    items = tuple(
        attrs.evolve(item, dosage=dosage)
        for item, dosage in zip(routine.items, dosages, strict=True)
    )
    return attrs.evolve(routine, items=items)


def _check_revisions(plan: Plan, revisions: tuple[Revision, ...]) -> None:
    ids = [item.exercise.id for item in plan.routine.items]
    for index, revision in enumerate(revisions):
        where = f"revisions[{index}]"
        if not isinstance(typing.cast("object", revision), Revision):
            msg = f"{where} must be a Revision, got {revision!r}."
            raise InvalidValueError(msg, field="revisions", value=revision)
        named = [(d.item, d.exercise) for d in revision.decisions]
        if named != list(enumerate(ids)):
            msg = (
                f"{where} must decide for each item of the plan's routine "
                f"in order ({', '.join(ids)})."
            )
            raise InvalidValueError(msg, field="revisions", value=revision)
        instant(revision.as_of, "as_of")
    for first, second in itertools.pairwise(revisions):
        if not (
            first.effective_from < second.effective_from
            and instant(first.as_of, "as_of") <= instant(second.as_of, "as_of")
        ):
            msg = (
                "Revisions must be in order: each takes effect after the one "
                "before and was decided no earlier."
            )
            raise InvalidValueError(msg, field="revisions", value=revisions)


@typing.final
@attrs.frozen(kw_only=True)
class RevisedPlan:
    """
    A plan and the revisions :func:`~exerciselib.adapt` appended.

    Its sessions are the plan's (same numbers and starts), each with the
    dosages really in force: the plan's own until the first revision,
    then those of the latest revision that has taken effect.

    Raises:
        InvalidValueError: A revision does not decide for each item of
            the routine in order, or the revisions are out of order.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The plan as prescribed.
    plan: Plan = attrs.field(validator=instance(Plan))
    #: The revisions, oldest first.
    revisions: tuple[Revision, ...] = attrs.field(
        default=(), converter=_to_decisions
    )

    def __attrs_post_init__(self) -> None:
        _check_revisions(self.plan, self.revisions)

    def revision_at(self, number: int) -> Revision | None:
        """The revision in force at session ``number``, or None."""
        found = None
        for revision in self.revisions:
            if revision.effective_from > number:
                break
            found = revision
        return found

    def _revise(
        self, session: ScheduledSession, revision: Revision | None
    ) -> ScheduledSession:
        """``session`` with the dosages of ``revision``, if any."""
        if revision is None:
            return session
        routine = with_dosages(
            self.plan.routine, [d.dosage for d in revision.decisions]
        )
        length = dt.timedelta(milliseconds=session_length_ms(routine))
        end = (session.start.astimezone(_UTC) + length).astimezone(
            self.plan.zone
        )
        return attrs.evolve(session, routine=routine, end=end)

    def sessions(self) -> typing.Iterator[ScheduledSession]:
        """Yield the plan's sessions lazily, with the dosages in force."""
        pending = list(self.revisions)
        current: Revision | None = None
        example: ScheduledSession | None = None
        for session in self.plan.sessions():
            while pending and pending[0].effective_from <= session.number:
                current, example = pending.pop(0), None
            if current is None:
                yield session
                continue
            if example is None:
                example = self._revise(session, current)
                yield example
                continue
            # The routine and length are those of the revision's first
            # session: only the times differ.
            end = (
                session.start.astimezone(_UTC) + example.duration
            ).astimezone(self.plan.zone)
            yield attrs.evolve(session, routine=example.routine, end=end)

    def take(self, n: int) -> tuple[ScheduledSession, ...]:
        """Return the first ``n`` sessions (fewer if the plan is shorter)."""
        return tuple(itertools.islice(self.sessions(), max(n, 0)))

    def after(
        self, when: dt.datetime, *, inc: bool = False
    ) -> ScheduledSession | None:
        """
        Return the first session starting after ``when``, or None.

        As :meth:`Plan.after <exerciselib.Plan.after>`, with the dosages
        in force.
        """
        found = self.plan.after(when, inc=inc)
        return None if found is None else self._in_force(found)

    def before(
        self, when: dt.datetime, *, inc: bool = False
    ) -> ScheduledSession | None:
        """
        Return the last session starting before ``when``, or None.

        As :meth:`Plan.before <exerciselib.Plan.before>`, with the dosages
        in force.
        """
        found = self.plan.before(when, inc=inc)
        return None if found is None else self._in_force(found)

    def between(
        self, after: dt.datetime, before: dt.datetime, *, inc: bool = False
    ) -> tuple[ScheduledSession, ...]:
        """
        Return the sessions starting between ``after`` and ``before``.

        As :meth:`Plan.between <exerciselib.Plan.between>`, with the
        dosages in force.
        """
        return tuple(
            self._in_force(s)
            for s in self.plan.between(after, before, inc=inc)
        )

    def _in_force(self, session: ScheduledSession) -> ScheduledSession:
        return self._revise(session, self.revision_at(session.number))

    def to_dict(self) -> dict[str, typing.Any]:
        """
        Return the plan and its revisions as JSON data.

        The data matches ``revised-plan.json``.
        """
        return {
            "plan": self.plan.to_dict(),
            "revisions": [_revision_to_dict(r) for r in self.revisions],
        }

    @classmethod
    def from_dict(
        cls, data: object, *, file: str | None = None
    ) -> RevisedPlan:
        """
        Build a revised plan from JSON data (``revised-plan.json``).

        Raises:
            InvalidDataError: The data does not match the schema or makes
                no valid revised plan; every problem is listed with its
                JSON path.
        """
        check(data, "revised-plan", file=file)
        raw = typing.cast("dict[str, typing.Any]", data)
        plan = Plan.from_dict(raw["plan"])
        revisions = []
        for index, entry in enumerate(raw.get("revisions", ())):
            try:
                revisions.append(_revision_from_dict(entry))
            except (InvalidDataError, InvalidValueError, ValueError) as error:
                path = f"$.revisions[{index}]"
                problem = Problem(
                    json_path=path, message=str(error), file=file
                )
                raise invalid(
                    [problem], what="revised plan", file=file
                ) from error
        try:
            return cls(plan=plan, revisions=revisions)
        except InvalidValueError as error:
            problem = Problem(
                json_path="$.revisions", message=str(error), file=file
            )
            raise invalid([problem], what="revised plan", file=file) from error


def _revision_to_dict(revision: Revision) -> dict[str, typing.Any]:
    return {
        "effective_from": revision.effective_from,
        "as_of": revision.as_of.isoformat(),
        "rules": revision.rules.to_dict(),
        "decisions": [
            {
                "item": d.item,
                "exercise": d.exercise,
                "action": d.action.value,
                "level": d.level,
                "dosage": d.dosage.to_dict(),
                "previous": d.previous.to_dict(),
                "reason": d.reason,
                "sessions": list(d.sessions),
            }
            for d in revision.decisions
        ],
    }


def _revision_from_dict(data: dict[str, typing.Any]) -> Revision:
    decisions = [
        Decision(
            item=entry["item"],
            exercise=entry["exercise"],
            action=entry["action"],
            level=entry["level"],
            dosage=Dosage.from_dict(entry["dosage"]),
            previous=Dosage.from_dict(entry["previous"]),
            reason=entry["reason"],
            sessions=entry.get("sessions", ()),
        )
        for entry in data["decisions"]
    ]
    return Revision(
        effective_from=data["effective_from"],
        as_of=dt.datetime.fromisoformat(data["as_of"]),
        rules=FeedbackRules.from_dict(data["rules"]),
        decisions=decisions,
    )
