"""
Session logs: what a patient reports about one session of a plan.

A :class:`SessionLog` names the session it records (by number or by
scheduled start), when it was done, whether it was completed, partial or
skipped, what was done of each exercise, pain during and the next
morning on the 0-10 numeric rating scale (NPRS), effort (0-10, a
neutral scale in the spirit of Borg CR10 without its licensed wording)
and a comment. Logs are self-reported: adherence figures built from
them overestimate what was really done (Nicolson et al., JOSPT 2018).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import typing

import attrs

from exerciselib._model.dosage import MAX_REPS, MAX_SECONDS, MAX_SETS
from exerciselib._model.types import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
)
from exerciselib._schema import check, invalid
from exerciselib._validators import (
    Kind,
    Validator,
    aware,
    items,
    number,
    of_kind,
    one_of,
    optional,
    pattern,
    string,
    whole,
)
from exerciselib.exceptions import InvalidValueError, Problem

if typing.TYPE_CHECKING:
    import types

__all__ = [
    "MAX_ITEMS",
    "MAX_LOAD_KG",
    "MAX_SCORE",
    "Completion",
    "ItemLog",
    "SessionLog",
]

#: The top of every 0-10 score (pain, effort).
MAX_SCORE = 10
#: The heaviest load a log may report, in kilograms.
MAX_LOAD_KG = 1000.0
#: The most items one log may hold (a routine's own limit).
MAX_ITEMS = 200
#: The highest session number a log may name (a plan's own limit).
_MAX_SESSION = 100_000


class Completion(enum.StrEnum):
    """
    Whether a session, or one exercise of it, was done.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Done in full.
    COMPLETED = "completed"
    #: Started, not finished.
    PARTIAL = "partial"
    #: Not done, and the patient said so.
    SKIPPED = "skipped"


def _score_or_count(maximum: int, minimum: int = 0) -> Validator:
    """None or a whole number from ``minimum`` to ``maximum``."""
    return optional(of_kind(whole(minimum, maximum)))


def _amount(maximum: float, unit: str) -> Validator:
    """None or a number from 0 to ``maximum``."""
    return optional(of_kind(number(0, maximum, unit=unit)))


def _to_float(value: object) -> object:
    """Keep numbers to the millisecond (or gram), as dosages do."""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= MAX_SECONDS
    ):
        return round(float(value), 3) + 0.0
    return value  # the validator names the field and the bad value


def _to_completion(value: object) -> object:
    try:
        return Completion(typing.cast("str", value))
    except ValueError:
        return value  # the validator refuses it


#: An exercise id, as in the plan's routine.
_ExerciseId = pattern(
    ID_PATTERN,
    max_length=MAX_ID_LENGTH,
    what="an exercise id such as 'knee-bend'",
)


_Comment = string(0, MAX_TEXT_LENGTH)


@typing.final
@attrs.frozen(kw_only=True)
class ItemLog:
    """
    What was done of one exercise in a logged session.

    Every amount is optional: a log may say only that the exercise was
    done.

    >>> ItemLog(exercise="knee-bend", sets=2, reps=10).status
    <Completion.COMPLETED: 'completed'>

    Raises:
        InvalidValueError: A value is of the wrong type or out of range
            (``field`` names it).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The id of the exercise, as in the plan's routine.
    exercise: str = attrs.field(validator=of_kind(_ExerciseId))
    #: Whether this exercise was done in full, in part, or not at all.
    status: Completion = attrs.field(
        default=Completion.COMPLETED,
        converter=_to_completion,
        validator=one_of(Completion),
    )
    #: Sets done.
    sets: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_SETS)
    )
    #: Reps done in each set (the fewest, if they differed).
    reps: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_REPS)
    )
    #: Seconds each rep was held, or the time spent, to the millisecond.
    seconds: float | None = attrs.field(
        default=None,
        converter=_to_float,
        validator=_amount(MAX_SECONDS, "seconds"),
    )
    #: Load used, in kilograms.
    load_kg: float | None = attrs.field(
        default=None,
        converter=_to_float,
        validator=_amount(MAX_LOAD_KG, "kilograms"),
    )
    #: Pain during this exercise, 0-10; the session's when None.
    pain_during: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_SCORE)
    )
    #: Effort of this exercise, 0-10; the session's when None.
    effort: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_SCORE)
    )


def _to_items(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


_ItemLogs = items(ItemLog, max_items=MAX_ITEMS)


class _Items(Kind):
    """A session's item logs: at most MAX_ITEMS, each exercise once."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        why = _ItemLogs.refusal(value)
        if why is not None:
            return why
        seen: set[str] = set()
        for item in typing.cast("tuple[ItemLog, ...]", value):
            if item.exercise in seen:
                return (
                    f"must log each exercise once per session (it names "
                    f"{item.exercise!r} twice)"
                )
            seen.add(item.exercise)
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.lists(
            st.from_type(ItemLog),
            max_size=3,
            unique_by=lambda item: item.exercise,
        ).map(tuple)


@typing.final
@attrs.frozen(kw_only=True)
class SessionLog:
    """
    What a patient reports about one session of a plan.

    Name the session by ``session`` (its number) or ``scheduled`` (its
    scheduled start), not both. Pain is the 0-10 numeric rating scale
    (0 no pain, 10 the worst imaginable); ``pain_next_morning`` may be
    added later, with :func:`attrs.evolve`, when the patient reports it.

    >>> import datetime as dt
    >>> done = dt.datetime(2026, 3, 2, 8, 10, tzinfo=dt.UTC)
    >>> log = SessionLog(session=1, done_at=done, status="completed",
    ...                  pain_during=2)
    >>> log.to_dict()["status"]
    'completed'

    Raises:
        InvalidValueError: A value is of the wrong type or out of range,
            or both or neither of ``session`` and ``scheduled`` are given
            (``field`` names the field at fault).

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The session's number in the plan (1-based), or None.
    session: int | None = attrs.field(
        default=None, validator=_score_or_count(_MAX_SESSION, 1)
    )
    #: The session's scheduled start (aware), or None.
    scheduled: dt.datetime | None = attrs.field(
        default=None, validator=optional(of_kind(aware()))
    )
    #: When it was done (aware).
    done_at: dt.datetime = attrs.field(validator=of_kind(aware()))
    #: Completed, partial or skipped.
    status: Completion = attrs.field(
        converter=_to_completion, validator=one_of(Completion)
    )
    #: What was done of each exercise. In a completed session an
    #: exercise not listed was done in full; in a partial one, not done.
    items: tuple[ItemLog, ...] = attrs.field(
        default=(), converter=_to_items, validator=of_kind(_Items)
    )
    #: Pain during the session, 0-10.
    pain_during: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_SCORE)
    )
    #: Pain the next morning, 0-10.
    pain_next_morning: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_SCORE)
    )
    #: Effort, 0 (none) to 10 (maximal).
    effort: int | None = attrs.field(
        default=None, validator=_score_or_count(MAX_SCORE)
    )
    #: The patient's comment.
    comment: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Comment))
    )

    def __attrs_post_init__(self) -> None:
        if (self.session is None) == (self.scheduled is None):
            msg = (
                "Name the session by exactly one of session (its number) "
                "and scheduled (its scheduled start)."
            )
            raise InvalidValueError(msg, field="session", value=self.session)

    def item(self, exercise: str) -> ItemLog | None:
        """Return the log of ``exercise``, or None if it is not listed."""
        for item in self.items:
            if item.exercise == exercise:
                return item
        return None

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the log as JSON data matching ``log.json``."""
        data: dict[str, typing.Any] = {}
        if self.session is not None:
            data["session"] = self.session
        if self.scheduled is not None:
            data["scheduled"] = self.scheduled.isoformat()
        data["done_at"] = self.done_at.isoformat()
        data["status"] = self.status.value
        if self.items:
            data["items"] = [_item_to_dict(item) for item in self.items]
        for name in ("pain_during", "pain_next_morning", "effort", "comment"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    @classmethod
    def from_dict(cls, data: object, *, file: str | None = None) -> SessionLog:
        """
        Build a log from JSON data matching ``log.json``.

        Args:
            data: The JSON data.
            file: Where the data came from, for messages.

        Raises:
            InvalidDataError: The data does not match the schema or makes
                no valid log; every problem is listed with its JSON path.
        """
        check(data, "log", file=file)
        raw = typing.cast("dict[str, typing.Any]", data)
        problems: list[Problem] = []
        scheduled = _parse_instant(raw, "scheduled", problems, file)
        done_at = _parse_instant(raw, "done_at", problems, file)
        items = []
        for index, item in enumerate(raw.get("items", ())):
            try:
                items.append(ItemLog(**item))
            except InvalidValueError as error:
                path = f"$.items[{index}].{error.field}"
                problems.append(
                    Problem(json_path=path, message=str(error), file=file)
                )
        if problems:
            raise invalid(problems, what="log", file=file)
        fields = {
            k: v
            for k, v in raw.items()
            if k not in {"items", "scheduled", "done_at"}
        }
        try:
            return cls(
                scheduled=scheduled,
                done_at=typing.cast("dt.datetime", done_at),
                items=items,
                **fields,
            )
        except InvalidValueError as error:
            problem = Problem(
                json_path=f"$.{error.field}", message=str(error), file=file
            )
            raise invalid([problem], what="log", file=file) from error


def _item_to_dict(item: ItemLog) -> dict[str, typing.Any]:
    data: dict[str, typing.Any] = {"exercise": item.exercise}
    if item.status is not Completion.COMPLETED:
        data["status"] = item.status.value
    for name in (
        "sets",
        "reps",
        "seconds",
        "load_kg",
        "pain_during",
        "effort",
    ):
        value = getattr(item, name)
        if value is not None:
            data[name] = value
    return data


def _parse_instant(
    raw: dict[str, typing.Any],
    name: str,
    problems: list[Problem],
    file: str | None,
) -> dt.datetime | None:
    text = raw.get(name)
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        message = (
            f"{text!r} is not a date and time such as "
            "2026-03-02T08:10:00+01:00."
        )
        problems.append(
            Problem(json_path=f"$.{name}", message=message, file=file)
        )
        return None
