"""Refused field values raise the type's error in the one message form."""

from __future__ import annotations

import datetime as dt
import typing

import pytest

from exerciselib import (
    Dosage,
    DosageError,
    FeedbackRules,
    InvalidValueError,
    ItemLog,
    Progression,
    ScheduleError,
    ScheduleValueError,
    SessionLog,
)

DONE = dt.datetime(2026, 3, 2, 8, 10, tzinfo=dt.UTC)
LOG = {"session": 1, "done_at": DONE, "status": "completed"}

#: (type, arguments, field at fault, the message after "<Type> <field> ").
REFUSED: list[tuple[type, dict[str, typing.Any], str, str]] = [
    (Dosage, {"sets": 0}, "sets", "must be from 1 to 100, got 0."),
    (Dosage, {"reps": "10"}, "reps", "must be a whole number, got '10'."),
    (
        Dosage,
        {"hold_seconds": -2.5},
        "hold_seconds",
        "must be a finite number of seconds from 0 to 3600, got -2.5.",
    ),
    (
        Dosage,
        {"work_seconds": 0.0004},
        "work_seconds",
        (
            "must be a finite number of seconds more than 0 and at most 3600, "
            "got 0.0."
        ),
    ),
    (
        Dosage,
        {"load_kg": 0},
        "load_kg",
        (
            "must be a finite number of kilograms more than 0 and at most "
            "500, got 0.0."
        ),
    ),
    (
        Dosage,
        {"load_lb": "heavy"},
        "load_lb",
        "must be a number, got 'heavy'.",
    ),
    (
        Dosage,
        {"rpe": 7.3},
        "rpe",
        "must be from 1 to 10 in steps of 0.5, got 7.3.",
    ),
    (
        Dosage,
        {"tempo": [3, 1, 1]},
        "tempo",
        (
            "must be four whole seconds from 0 to 60 (lowering, pause, "
            "lifting, pause), such as (3, 1, 1, 0), got (3, 1, 1)."
        ),
    ),
    (
        Dosage,
        {"tempo": (0, 0, 0, 0)},
        "tempo",
        "must last at least 1 s in all, got (0, 0, 0, 0).",
    ),
    (
        Dosage,
        {"band": "pink"},
        "band",
        (
            "must be one of 'tan', 'yellow', 'red', 'green', 'blue', 'black', "
            "'silver', 'gold', got 'pink'."
        ),
    ),
    (Dosage, {"per_side": 1}, "per_side", "must be True or False, got 1."),
    (Dosage, {"rir": 6}, "rir", "must be from 0 to 5, got 6."),
    (
        Progression,
        {"every_weeks": 0, "add_reps": 1},
        "every_weeks",
        "must be at least 1, got 0.",
    ),
    (
        Progression,
        {"every_weeks": 1, "add_load": 2000},
        "add_load",
        (
            "must be a finite number of kilograms or pounds (as the dosage) "
            "from 0 to 1100, got 2000.0."
        ),
    ),
    (
        Progression,
        {"every_weeks": 1, "add_hold_seconds": float("nan")},
        "add_hold_seconds",
        "must be a finite number of seconds from 0 to 3600, got nan.",
    ),
    (
        Progression,
        {"every_weeks": 1, "add_reps": 1, "double": "yes"},
        "double",
        "must be True or False, got 'yes'.",
    ),
    (
        FeedbackRules,
        {"green_max": 11},
        "green_max",
        "must be from 0 to 10, got 11.",
    ),
    (
        FeedbackRules,
        {"above_baseline": 0},
        "above_baseline",
        "must be from 1 to 10, got 0.",
    ),
    (
        FeedbackRules,
        {"missing": "skip"},
        "missing",
        "must be one of 'hold', 'regress', got 'skip'.",
    ),
    (
        FeedbackRules,
        {"step_hold_seconds": 4000},
        "step_hold_seconds",
        "must be a finite number of seconds from 0 to 3600, got 4000.",
    ),
    (
        FeedbackRules,
        {"floors": {"Knee": Dosage()}},
        "floors",
        (
            "must map exercise ids to Dosage values, such as "
            "{'knee-bend': Dosage(reps=5)}, got (('Knee', Dosage("
        ),
    ),
    (
        ItemLog,
        {"exercise": "a", "status": "done"},
        "status",
        "must be one of 'completed', 'partial', 'skipped', got 'done'.",
    ),
    (
        ItemLog,
        {"exercise": "a", "load_kg": 1001},
        "load_kg",
        "must be a finite number of kilograms from 0 to 1000, got 1001.0.",
    ),
    (
        SessionLog,
        {**LOG, "done_at": dt.datetime(2026, 3, 2)},  # noqa: DTZ001 -- the fault tested
        "done_at",
        (
            "must be an aware datetime (with a time zone), got "
            "datetime.datetime(2026, 3, 2, 0, 0)."
        ),
    ),
    (
        SessionLog,
        {**LOG, "session": None, "scheduled": "2026-03-02T08:00+01:00"},
        "scheduled",
        (
            "must be an aware datetime (with a time zone), got "
            "'2026-03-02T08:00+01:00'."
        ),
    ),
    (
        SessionLog,
        {**LOG, "comment": "x" * 2001},
        "comment",
        "must be 0 to 2000 characters long (it has 2001), got 'xxx",
    ),
    (
        SessionLog,
        {**LOG, "items": [ItemLog(exercise="a"), ItemLog(exercise="a")]},
        "items",
        "must log each exercise once per session (it names 'a' twice), got ",
    ),
    (
        SessionLog,
        {**LOG, "items": ["a"]},
        "items",
        "item 0 must be a ItemLog (it is 'a'), got ('a',).",
    ),
]

#: The error each type raises for a refused value.
ERRORS = {
    Dosage: DosageError,
    Progression: ScheduleValueError,
    FeedbackRules: InvalidValueError,
    ItemLog: InvalidValueError,
    SessionLog: InvalidValueError,
}


@pytest.mark.parametrize(
    ("cls", "arguments", "field", "why"),
    REFUSED,
    ids=[
        f"{cls.__name__}-{field}-{index}"
        for index, (cls, _, field, _) in enumerate(REFUSED)
    ],
)
def test_refused(
    cls: type, arguments: dict[str, typing.Any], field: str, why: str
) -> None:
    """A refused value raises the type's error, naming the field."""
    with pytest.raises(ERRORS[cls]) as caught:
        cls(**arguments)

    assert field == caught.value.field
    assert str(caught.value).startswith(f"{cls.__name__} {field} {why}")


def test_progression_refusal_is_a_schedule_error() -> None:
    """A value Progression refuses is also a ScheduleError, as before."""
    with pytest.raises(ScheduleError) as caught:
        Progression(every_sessions=-1, add_sets=1)

    assert isinstance(caught.value, InvalidValueError)
    assert -1 == caught.value.value


def test_floors_keep_each_id_once() -> None:
    """FeedbackRules floors refuse one exercise id given twice."""
    with pytest.raises(InvalidValueError) as caught:
        FeedbackRules(
            floors=[("knee-bend", Dosage()), ("knee-bend", Dosage(reps=2))]
        )

    assert "floors" == caught.value.field
