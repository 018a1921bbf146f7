"""
Conversion between the domain types and plain JSON data.

``*_to_dict`` write data that matches the schemas in ``schemas/``;
``*_from_dict`` validate against them first (reporting every problem with
its JSON path) and only then build the frozen objects.
"""

from __future__ import annotations

import functools
import typing

import attrs

from exerciselib._model.dosage import Dosage
from exerciselib._model.types import (
    Credit,
    Exercise,
    Frequency,
    Group,
    Laterality,
    Media,
    Routine,
    RoutineItem,
)
from exerciselib._schema import accepted, check, invalid
from exerciselib._text import close_matches, did_you_mean
from exerciselib._validators import trusted
from exerciselib.exceptions import (
    ExerciseLibError,
    InvalidDataError,
    Problem,
)

__all__ = [
    "TRUSTED_HINT",
    "dosage_from_dict",
    "exercise_at",
    "exercise_from_dict",
    "exercise_from_valid",
    "exercise_to_dict",
    "routine_from_dict",
    "routine_from_valid",
    "routine_to_dict",
    "trusting",
]

_T = typing.TypeVar("_T")


#: How a trusted document that turns out malformed is reported.
TRUSTED_HINT = (
    "the data was loaded with trusted=True, which skips the schema check; "
    "load it without trusted=True to list every problem"
)


def trusting(
    build: typing.Callable[[], _T], *, trusted: bool, what: str
) -> _T:
    """
    Call ``build``; for ``trusted`` data, report a malformed one plainly.

    The schema check is what turns a missing key or a wrong JSON type
    into a located problem. Trusted data skips it, so such a fault
    surfaces as a KeyError or TypeError from inside the builder: it is
    reported as one :class:`InvalidDataError` at ``$`` instead.
    """
    if not trusted:
        return build()
    try:
        return build()
    except ExerciseLibError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        cause = f"{type(error).__name__}: {error}"
        problem = Problem(json_path="$", message=f"{cause}; {TRUSTED_HINT}")
        raise invalid([problem], what=what) from error


def _drop_none(data: dict[str, typing.Any]) -> dict[str, typing.Any]:
    return {key: value for key, value in data.items() if value is not None}


def _credit_to_dict(credit: Credit) -> dict[str, typing.Any]:
    return _drop_none(
        {
            "name": credit.name,
            "role": credit.role,
            "title": credit.title,
            "organization": credit.organization,
            "url": credit.url,
            "note": credit.note,
        }
    )


def _media_to_dict(media: Media) -> dict[str, typing.Any]:
    return _drop_none(
        {
            "path": media.path,
            "alt": media.alt,
            "kind": media.kind,
            "credit": media.credit,
            "license": media.license,
        }
    )


def exercise_to_dict(exercise: Exercise) -> dict[str, typing.Any]:
    """Return ``exercise`` as JSON data matching ``exercise.json``."""
    return _drop_none(
        {
            "id": exercise.id,
            "name": exercise.name,
            "summary": exercise.summary,
            "steps": list(exercise.steps),
            # Left out when empty, so older readers take the data.
            "form_cues": list(exercise.form_cues) or None,
            "safety_cues": list(exercise.safety_cues),
            "laterality": exercise.laterality.value,
            "starting_position": exercise.starting_position,
            "equipment": list(exercise.equipment),
            "tags": list(exercise.tags),
            "body_regions": list(exercise.body_regions),
            "media": [_media_to_dict(m) for m in exercise.media],
            "credits": [_credit_to_dict(c) for c in exercise.credits],
            "pack": exercise.pack,
            "pack_version": exercise.pack_version,
        }
    )


def routine_to_dict(routine: Routine) -> dict[str, typing.Any]:
    """Return ``routine`` as JSON data, each exercise embedded whole."""
    frequency = None
    if routine.frequency is not None:
        frequency = {
            "times_per_day": routine.frequency.times_per_day,
            "days": [day.value for day in routine.frequency.days],
        }
    return _drop_none(
        {
            "id": routine.id,
            "name": routine.name,
            "description": routine.description,
            "items": [
                _drop_none(
                    {
                        "exercise": exercise_to_dict(item.exercise),
                        "dosage": item.dosage.to_dict(),
                        "notes": item.notes,
                    }
                )
                for item in routine.items
            ],
            "frequency": frequency,
            "advice": list(routine.advice),
            "credits": [_credit_to_dict(c) for c in routine.credits],
            "warning_signs": list(routine.warning_signs) or None,
            "groups": [_group_to_dict(g) for g in routine.groups] or None,
        }
    )


def _group_to_dict(group: Group) -> dict[str, typing.Any]:
    return {
        "kind": group.kind,
        "first": group.first,
        "size": group.size,
        "rest_between_rounds_seconds": group.rest_between_rounds_seconds,
        "rest_between_exercises_seconds": (
            group.rest_between_exercises_seconds
        ),
    }


def _build(
    factory: typing.Callable[..., _T],
    data: dict[str, typing.Any],
    *,
    path: str,
    what: str,
) -> _T:
    """Call ``factory(**data)``, turning a refusal into a located problem."""
    try:
        return factory(**data)
    except ExerciseLibError as error:
        raise _wrap(error, path=path, what=what) from error
    except (TypeError, ValueError) as error:
        problem = Problem(json_path=path, message=str(error))
        raise invalid([problem], what=what) from error


def _wrap(error: ExerciseLibError, *, path: str, what: str) -> Exception:
    problems = getattr(error, "problems", None)
    if problems:
        return error
    field = getattr(error, "field", None)
    where = f"{path}.{field}" if isinstance(field, str) else path
    return invalid([Problem(json_path=where, message=str(error))], what=what)


def _whole(data: dict[str, typing.Any], *keys: str) -> dict[str, typing.Any]:
    """
    Turn integral floats such as ``3.0`` into ints under ``keys``.

    JSON Schema counts ``3.0`` as an integer, and some JSON writers emit
    it; the types take only ints, so the two must agree here.
    """
    fields = dict(data)
    for key in keys:
        value = fields.get(key)
        if isinstance(value, float) and value.is_integer():
            fields[key] = int(value)
    return fields


def _dosage(data: dict[str, typing.Any], path: str) -> Dosage:
    fields = _whole(data, "sets", "reps", "reps_max", "distance_m", "rir")
    if isinstance(fields.get("tempo"), list):
        fields["tempo"] = tuple(
            _whole({"phase": phase}, "phase")["phase"]
            for phase in fields["tempo"]
        )
    return _build(Dosage, fields, path=path, what="dosage")


def exercise_at(data: dict[str, typing.Any], path: str) -> Exercise:
    fields = dict(data)
    fields.pop("$schema", None)  # for editors only
    fields["laterality"] = Laterality(fields.get("laterality", "none"))
    fields["media"] = [
        _build(Media, m, path=f"{path}.media[{i}]", what="exercise")
        for i, m in enumerate(fields.get("media", ()))
    ]
    fields["credits"] = [
        _build(Credit, c, path=f"{path}.credits[{i}]", what="exercise")
        for i, c in enumerate(fields.get("credits", ()))
    ]
    return _build(Exercise, fields, path=path, what="exercise")


def _exercise_checked(data: dict[str, typing.Any], path: str) -> Exercise:
    """
    Build an exercise no schema has seen, refusing what the types refuse.

    When the fast validator accepts the data against ``exercise.json``,
    it is built unchecked (:func:`exercise_from_valid`), which gives an
    equal exercise in a third of the time, the check included; anything
    else goes through the checking constructors, which say what is
    wrong. Without the fast validator, always the constructors.
    """
    if accepted(data, "exercise"):
        return exercise_from_valid(data)
    return exercise_at(data, path)


def dosage_from_dict(data: object, *, trusted: bool = False) -> Dosage:
    """Validate ``data`` against ``dosage.json`` and build the dosage."""
    if not trusted:
        check(data, "dosage")
    raw = typing.cast("dict[str, typing.Any]", data)
    return trusting(lambda: _dosage(raw, "$"), trusted=trusted, what="dosage")


def exercise_from_dict(data: object, *, trusted: bool = False) -> Exercise:
    """
    Validate ``data`` against ``exercise.json`` and build the exercise.

    Data the schema accepts is built without checking it again
    (:func:`exercise_from_valid`); trusted data, which no schema has
    seen, goes through the checking constructors.
    """
    raw = typing.cast("dict[str, typing.Any]", data)
    if trusted:
        return trusting(
            lambda: _exercise_checked(raw, "$"), trusted=True, what="exercise"
        )
    if not accepted(data, "exercise"):
        check(data, "exercise")  # jsonschema decides, and says why
    return exercise_from_valid(raw)


#: The fields of an exercise, in the order of its trusted constructor.
_EXERCISE_FIELDS = (
    "id",
    "name",
    "summary",
    "steps",
    "safety_cues",
    "form_cues",
    "laterality",
    "starting_position",
    "equipment",
    "tags",
    "body_regions",
    "media",
    "credits",
    "pack",
    "pack_version",
)
_MEDIA_FIELDS = ("path", "alt", "kind", "credit", "license")
_CREDIT_FIELDS = ("name", "role", "title", "organization", "url", "note")
#: Each side of an exercise by its JSON name (an enum call costs ~1 µs).
_LATERALITIES = {member.value: member for member in Laterality}


@functools.cache
def _builders() -> tuple[
    typing.Callable[..., Exercise],
    typing.Callable[..., Media],
    typing.Callable[..., Credit],
]:
    """The trusted constructors, called with every field in order."""
    for cls, names in (
        (Exercise, _EXERCISE_FIELDS),
        (Media, _MEDIA_FIELDS),
        (Credit, _CREDIT_FIELDS),
    ):
        if tuple(field.name for field in attrs.fields(cls)) != names:
            msg = f"the fields of {cls.__name__} changed: update convert.py"
            raise RuntimeError(msg)
    return trusted(Exercise), trusted(Media), trusted(Credit)


@functools.lru_cache(maxsize=256)
def _shared_credits(
    fields: tuple[tuple[str | None, ...], ...],
) -> tuple[Credit, ...]:
    """
    The credits of valid exercise data, one tuple for equal credits.

    A pack credits most of its exercises alike (its author); sharing
    the frozen credits spares a pack of 10,000 exercises 20,000 objects
    the garbage collector would otherwise traverse on every full pass.
    """
    credit = _builders()[2]
    return tuple([credit(*each) for each in fields])


def exercise_from_valid(data: dict[str, typing.Any]) -> Exercise:
    r"""
    Build an exercise from data ``exercise.json`` accepted, checking none.

    The schema holds every rule the types check for an exercise, its
    media and credits (the same patterns, lengths and choices; ``\S``
    and Python's :meth:`str.strip` agree on what is blank), so the
    fields are set through :func:`~exerciselib._validators.trusted`,
    every one by position (keywords cost a third more), with the
    defaults of the types for what the data leaves out. ``$schema`` is
    for editors only. A property test holds the result equal to
    :func:`exercise_at`'s for documents drawn from the schema.
    """
    exercise, media, _ = _builders()
    get = data.get
    side = get("laterality", "none")
    laterality = _LATERALITIES.get(side) if type(side) is str else None
    if laterality is None:  # a value equal to a side, not a plain str
        laterality = Laterality(side)
    media_data = get("media")  # most exercises have none: no loop
    credit_data = get("credits")
    return exercise(
        data["id"],
        data["name"],
        data["summary"],
        tuple(data["steps"]),
        tuple(get("safety_cues", ())),
        tuple(get("form_cues", ())),
        laterality,
        get("starting_position"),
        tuple(get("equipment", ())),
        tuple(get("tags", ())),
        tuple(get("body_regions", ())),
        tuple(
            [
                media(
                    m["path"],
                    m["alt"],
                    m.get("kind", "image"),
                    m.get("credit"),
                    m.get("license"),
                )
                for m in media_data
            ]
        )
        if media_data
        else (),
        _shared_credits(
            tuple(
                [
                    (
                        c["name"],
                        c["role"],
                        c.get("title"),
                        c.get("organization"),
                        c.get("url"),
                        c.get("note"),
                    )
                    for c in credit_data
                ]
            )
        )
        if credit_data
        else (),
        get("pack"),
        get("pack_version"),
    )


def routine_from_dict(
    data: object,
    *,
    exercises: typing.Mapping[str, Exercise],
    trusted: bool = False,
) -> Routine:
    """
    Validate ``data`` against ``routine.json`` and build the routine.

    Items that name their exercise by id are resolved through
    ``exercises``; every id it lacks is reported, with its path. With
    ``trusted``, the schema check is skipped (see :func:`trusting`).
    """
    if not trusted:
        check(data, "routine")
    raw = typing.cast("dict[str, typing.Any]", data)
    return trusting(
        lambda: routine_from_valid(raw, exercises=exercises),
        trusted=trusted,
        what="routine",
    )


def routine_from_valid(
    data: dict[str, typing.Any], *, exercises: typing.Mapping[str, Exercise]
) -> Routine:
    """
    Build a routine from data already valid against ``routine.json``.

    The pack loader validates each routine once while reading the pack;
    validating it again here cost as much as reading it.
    """
    fields = dict(data)
    fields.pop("$schema", None)  # for editors only
    items: list[RoutineItem] = []
    found: list[Problem] = []
    for index, raw in enumerate(fields["items"]):
        try:
            items.append(_item(raw, f"$.items[{index}]", exercises))
        except InvalidDataError as error:
            found.extend(error.problems)
    if found:
        raise invalid(found, what="routine")
    fields["items"] = items
    if "frequency" in fields:
        fields["frequency"] = _build(
            Frequency,
            _whole(fields["frequency"], "times_per_day"),
            path="$.frequency",
            what="routine",
        )
    fields["credits"] = [
        _build(Credit, c, path=f"$.credits[{i}]", what="routine")
        for i, c in enumerate(fields.get("credits", ()))
    ]
    fields["groups"] = [
        _build(
            Group,
            _whole(g, "first", "size"),
            path=f"$.groups[{i}]",
            what="routine",
        )
        for i, g in enumerate(fields.get("groups", ()))
    ]
    return _build(Routine, fields, path="$", what="routine")


def _item(
    raw: dict[str, typing.Any],
    path: str,
    exercises: typing.Mapping[str, Exercise],
) -> RoutineItem:
    """Build one routine item, resolving an exercise named by id."""
    reference = raw["exercise"]
    found: list[Problem] = []
    exercise: Exercise | None = None
    if isinstance(reference, str):
        exercise = exercises.get(reference)
        if exercise is None:
            found.append(_unknown(reference, exercises, path))
    else:
        try:
            exercise = _exercise_checked(reference, f"{path}.exercise")
        except InvalidDataError as error:
            found.extend(error.problems)
    try:
        dosage = _dosage(raw.get("dosage", {}), f"{path}.dosage")
    except InvalidDataError as error:
        found.extend(error.problems)
    if found or exercise is None:
        raise invalid(found, what="routine")
    fields = {
        "exercise": exercise,
        "dosage": dosage,
        "notes": raw.get("notes"),
    }
    return _build(RoutineItem, fields, path=path, what="routine")


def _unknown(
    reference: str, exercises: typing.Mapping[str, Exercise], path: str
) -> Problem:

    close = close_matches(reference, exercises, n=3)
    hint = did_you_mean(close)
    known = (
        "" if exercises else " No exercises were given to resolve ids with."
    )
    message = f"Unknown exercise {reference!r}.{hint}{known}"
    return Problem(json_path=f"{path}.exercise", message=message)
