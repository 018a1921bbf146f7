"""
The core domain types: exercises, routine items and routines.

All are frozen ``attrs`` classes: change one with :func:`attrs.evolve`.
"""

from __future__ import annotations

import enum
import functools
import typing

import attrs

from exerciselib._model.dosage import Dosage
from exerciselib._validators import (
    Kind,
    as_tuple,
    choice,
    instance,
    items,
    of_kind,
    one_of,
    optional,
    pattern,
    text,
    whole,
)
from exerciselib.exceptions import InvalidValueError

if typing.TYPE_CHECKING:
    import types

__all__ = [
    "ALL_DAYS",
    "Credit",
    "Exercise",
    "Frequency",
    "Group",
    "Laterality",
    "Media",
    "Routine",
    "RoutineItem",
    "Weekday",
]

#: A local id: lower-case ASCII kebab-case, starting with a letter.
ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
#: An id qualified by its pack: ``sciatica:seated-hurdler-stretch``.
QUALIFIED_ID_PATTERN = (
    r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*:[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
)
#: A relative POSIX path inside a pack: no leading slash, no ``.`` or
#: ``..`` segments, no hidden files.
PATH_PATTERN = (
    r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*"
    r"(?:/[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*)*$"
)
MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 2000


class Laterality(enum.StrEnum):
    """
    How an exercise uses the sides of the body.

    The rule a timer follows for each value:

    * ``NONE``: symmetric, no side (both legs at once, or the trunk).
    * ``AFFECTED``: the affected side only; every rep on that side.
    * ``EACH_SIDE``: each side in turn; every rep of a set on one side,
      then a switch, then every rep on the other side.
    * ``ALTERNATING``: sides alternate rep by rep; one rep is one hold on
      each side, so ``10 Reps`` means ten holds to the left and ten to
      the right.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    NONE = "none"
    AFFECTED = "affected"
    EACH_SIDE = "each-side"
    ALTERNATING = "alternating"

    @property
    def sides(self) -> int:
        """How many sides one rep works: 2 for each-side and alternating."""
        return (
            2 if self in {Laterality.EACH_SIDE, Laterality.ALTERNATING} else 1
        )


class Weekday(enum.StrEnum):
    """
    A day of the week, as RFC 5545 and FHIR ``dayOfWeek`` spell it.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in :meth:`datetime.date.weekday`."""
        return ALL_DAYS.index(self)


#: Every day of the week, Monday first.
ALL_DAYS: tuple[Weekday, ...] = tuple(Weekday)


#: The kinds of text a field holds.
_Name = text(MAX_NAME_LENGTH)
_Long = text(MAX_TEXT_LENGTH)
_LocalId = pattern(
    ID_PATTERN,
    max_length=MAX_ID_LENGTH,
    what=(
        f"a valid id: lower-case ASCII kebab-case starting with a letter, "
        f"at most {MAX_ID_LENGTH} characters, like 'knee-bend'"
    ),
)
_Url = pattern(
    r"https?://\S+",
    max_length=2000,
    what="an http:// or https:// address with no spaces",
)
_Path = pattern(
    PATH_PATTERN,
    max_length=200,
    what=(
        "a relative path inside the pack, in lower case, with no leading "
        "'/', no '.' or '..' segments and no hidden files, like "
        "'images/knee-bend.jpg'"
    ),
)
_Texts = items(_Long)
_Names = items(_Name)
_Steps = items(_Long, min_items=1)


def _laterality(value: object) -> object:
    """Read a :class:`Laterality` value; leave others for the validator."""
    if not isinstance(value, str):
        return value
    try:
        return Laterality(value)
    except ValueError:
        return value


CREDIT_ROLES = frozenset(
    {
        "author",
        "demonstrator",
        "photographer",
        "publisher",
        "reviewer",
        "source",
        "translator",
    }
)


@typing.final
@attrs.frozen(kw_only=True)
class Credit:
    """
    Who made, demonstrated, published or supplied a piece of content.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The person or organisation credited.
    name: str = attrs.field(validator=of_kind(_Name))
    #: What they did: ``author``, ``demonstrator``, ``photographer``,
    #: ``publisher``, ``reviewer``, ``source`` or ``translator``.
    role: str = attrs.field(validator=one_of(sorted(CREDIT_ROLES)))
    #: Their job title, such as ``Exercise Physiologist``.
    title: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Name))
    )
    #: The practice or organisation they belong to.
    organization: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Name))
    )
    #: A web address for the credit (http or https only).
    url: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Url))
    )
    #: Anything else worth saying, such as the title of the source work.
    note: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Long))
    )

    def __str__(self) -> str:
        who = self.name
        if self.title:
            who += f", {self.title}"
        if self.organization:
            who += f", {self.organization}"
        return f"{self.role}: {who}"


MEDIA_KINDS = frozenset({"image", "video"})


@typing.final
@attrs.frozen(kw_only=True)
class Media:
    """
    A picture or video of an exercise, shipped inside its pack.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Relative POSIX path of the file inside its pack.
    path: str = attrs.field(validator=of_kind(_Path))
    #: Text that describes the picture for people who cannot see it.
    alt: str = attrs.field(validator=of_kind(_Long))
    #: ``image`` or ``video``.
    kind: str = attrs.field(
        default="image", validator=one_of(sorted(MEDIA_KINDS))
    )
    #: Who made it, as the handout should print it.
    credit: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Name))
    )
    #: Its licence, as an SPDX identifier.
    license: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Name))
    )


_MediaItems = items(Media)
_Credits = items(Credit)


@functools.cache
def _exercise_from_dict() -> typing.Callable[..., Exercise]:
    """
    :func:`~exerciselib._model.convert.exercise_from_dict`, imported once.

    An import statement in a method costs about a microsecond a call,
    a tenth of reading a whole exercise document.
    """
    from exerciselib._model.convert import exercise_from_dict  # noqa: PLC0415 -- own implementation module

    return exercise_from_dict


@typing.final
@attrs.frozen(kw_only=True)
class Exercise:
    """
    One exercise: what to do, step by step, and how to stay safe.

    >>> bend = Exercise(
    ...     id="knee-bend",
    ...     name="Knee bend",
    ...     summary="Bend and straighten the knee while seated.",
    ...     steps=["Sit tall on a chair.", "Straighten the knee, then bend."],
    ...     form_cues=["Sit tall."],
    ...     safety_cues=["Stop if the knee hurts."],
    ...     laterality=Laterality.AFFECTED,
    ... )
    >>> bend.laterality.sides
    1

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Stable id, lower-case kebab-case, unique within its pack.
    id: str = attrs.field(validator=of_kind(_LocalId))
    #: The name a patient reads.
    name: str = attrs.field(validator=of_kind(_Name))
    #: One line saying what the exercise does.
    summary: str = attrs.field(validator=of_kind(_Long))
    #: The instructions, in order; at least one.
    steps: tuple[str, ...] = attrs.field(
        converter=as_tuple,
        validator=of_kind(_Steps),
    )
    #: Safety warnings: when to stop or seek help, such as ``Stop if
    #: pain spreads down your leg.`` Handouts set them apart.
    #:
    #: .. versionchanged:: 0.2.0
    #:    Warnings only; tips on form go in :attr:`form_cues`.
    safety_cues: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Texts)
    )
    #: Form cues: tips on doing it well, such as ``Keep your back
    #: straight.`` Handouts show them plainly, apart from warnings.
    #:
    #: .. versionadded:: 0.2.0
    form_cues: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Texts)
    )
    #: How the sides of the body are used; see :class:`Laterality`.
    laterality: Laterality = attrs.field(
        default=Laterality.NONE,
        converter=_laterality,
        validator=one_of(Laterality),
    )
    #: Where to start, such as ``lying on your back``.
    starting_position: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Long))
    )
    #: Things needed, such as ``mat`` or ``chair``.
    equipment: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Names)
    )
    #: Free tags for search, such as ``stretch``.
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Names)
    )
    #: Body regions worked, such as ``hip`` or ``lower-back``.
    body_regions: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Names)
    )
    #: Pictures and videos, with alt text and credits.
    media: tuple[Media, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_MediaItems)
    )
    #: Who wrote, demonstrated or supplied the exercise.
    credits: tuple[Credit, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Credits)
    )
    #: Provenance: the id of the pack the exercise came from (set by the
    #: pack loader), or None for an exercise built in code.
    pack: str | None = attrs.field(
        default=None, validator=optional(of_kind(_LocalId))
    )
    #: The version of that pack, as its manifest gives it.
    pack_version: str | None = attrs.field(
        default=None, validator=optional(of_kind(text(MAX_ID_LENGTH)))
    )

    @property
    def qualified_id(self) -> str:
        """``pack:id`` for an exercise from a pack, else the id alone."""
        return self.id if self.pack is None else f"{self.pack}:{self.id}"

    def prescribe(
        self, dosage: Dosage | str, *, notes: str | None = None
    ) -> RoutineItem:
        """
        Return a routine item: this exercise at ``dosage``.

        Args:
            dosage: A :class:`Dosage`, or text for :meth:`Dosage.parse`.
            notes: Notes for this item, shown with it.

        Raises:
            DosageError: ``dosage`` is text that cannot be read.
        """
        if isinstance(dosage, str):
            dosage = Dosage.parse(dosage)
        return RoutineItem(exercise=self, dosage=dosage, notes=notes)

    def to_dict(self) -> dict[str, typing.Any]:
        """Return the exercise as JSON data matching the exercise schema."""
        from exerciselib._model.convert import exercise_to_dict  # noqa: PLC0415 -- own implementation module

        return exercise_to_dict(self)

    @classmethod
    def from_dict(cls, data: object, *, trusted: bool = False) -> Exercise:
        """
        Build an exercise from JSON data matching the exercise schema.

        Args:
            data: The JSON data.
            trusted: Skip the schema check, for data this application
                wrote itself (with ``to_dict``) and stored where nothing
                else writes. The types still check every value they
                hold; what only the schema checks (lengths of lists and
                texts, patterns, unknown keys) is not checked again.
                Never pass it for data from outside the application.

        Raises:
            InvalidDataError: The data does not match; every problem is
                listed with its JSON path.
        """
        return _exercise_from_dict()(data, trusted=trusted)


@typing.final
@attrs.frozen(kw_only=True)
class RoutineItem:
    """
    An exercise in a routine, with its dosage.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: What to do.
    exercise: Exercise = attrs.field(validator=instance(Exercise))
    #: How much of it.
    dosage: Dosage = attrs.field(factory=Dosage, validator=instance(Dosage))
    #: Notes for this item in this routine.
    notes: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Long))
    )

    def __attrs_post_init__(self) -> None:
        _check_sides(self.exercise, self.dosage)


def _check_sides(exercise: Exercise, dosage: Dosage) -> None:
    """
    Refuse a per-side dosage for an exercise that has no two sides.

    ``10 reps each side`` counts each side; an exercise done on one side
    (``affected``) or on none cannot be counted that way.
    """
    if dosage.per_side and exercise.laterality.sides != 2:  # noqa: PLR2004 -- two sides
        msg = (
            f"The dosage {str(dosage)!r} of exercise {exercise.id!r} "
            f"counts each side, but the exercise's laterality is "
            f"{exercise.laterality.value!r}; drop 'each side', or give the "
            "exercise laterality 'each-side' or 'alternating'."
        )
        raise InvalidValueError(msg, field="dosage", value=dosage)


def _weekdays(days: object) -> object:
    """
    Sort days Monday first and drop repeats.

    Anything that is not days of the week is left as it is, for the
    validator to refuse with the field's name.
    """
    values = as_tuple(days)
    if not isinstance(values, tuple):
        return days
    try:
        found = {Weekday(day) for day in values}
    except (TypeError, ValueError):
        return values
    return tuple(sorted(found, key=ALL_DAYS.index))


_Days = items(choice(ALL_DAYS), min_items=1, max_items=7)


@typing.final
@attrs.frozen(kw_only=True)
class Frequency:
    """
    How often a routine is meant to be done: times a day, on which days.

    >>> str(Frequency())
    'once daily'
    >>> str(Frequency(times_per_day=2, days=["mon", "wed", "fri"]))
    'twice a day on mon, wed, fri'

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Sessions on each day it is done, 1 to 12.
    times_per_day: int = attrs.field(
        default=1, validator=of_kind(whole(1, 12))
    )
    #: The days of the week it is done; every day by default.
    days: tuple[Weekday, ...] = attrs.field(
        default=ALL_DAYS,
        converter=_weekdays,
        validator=of_kind(_Days),
    )

    def __str__(self) -> str:
        times = {1: "once", 2: "twice"}.get(
            self.times_per_day, f"{self.times_per_day} times"
        )
        if self.days == ALL_DAYS:
            return (
                f"{times} daily"
                if self.times_per_day == 1
                else f"{times} a day"
            )
        return f"{times} a day on {', '.join(self.days)}"


_ItemList = items(RoutineItem, min_items=1, max_items=200)


class _Items(Kind):
    """A routine's items: one to 200, drawn with one exercise per id."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        return _ItemList.refusal(value)

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        # A routine refuses two different exercises with one id.
        return st.lists(
            st.from_type(RoutineItem),
            min_size=1,
            max_size=4,
            unique_by=lambda item: item.exercise.id,
        ).map(tuple)


GROUP_KINDS = ("superset", "circuit")
#: The most seconds of rest a group may set.
MAX_GROUP_REST = 3600.0


class _GroupRest(Kind):
    """Seconds of rest in a group: a number from 0 to MAX_GROUP_REST."""

    @classmethod
    def refusal(cls, value: object) -> str | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= MAX_GROUP_REST
            or value != value  # noqa: PLR0124 -- NaN
        ):
            return f"must be a number of seconds from 0 to {MAX_GROUP_REST:g}"
        return None

    @classmethod
    def strategy(cls, st: types.ModuleType) -> object:
        return st.integers(min_value=0, max_value=600).map(float)


def _rest_seconds(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or abs(value) > MAX_GROUP_REST:  # noqa: PLR0124 -- NaN
            return value
        return round(float(value), 3) + 0.0
    return value


@typing.final
@attrs.frozen(kw_only=True)
class Group:
    """
    Consecutive routine items done together: a superset or a circuit.

    The members are the items ``first`` to ``first + size - 1``. A
    group is done in rounds: in each round every member does one set
    (a member with fewer sets drops out of the later rounds), so the
    rounds are the members' largest number of sets. Between members
    of a round comes ``rest_between_exercises_seconds`` (0 for a
    superset, done back to back), and between rounds
    ``rest_between_rounds_seconds``, which replaces the members' own
    rest between sets.

    >>> list(Group(kind="circuit", first=1, size=3).indexes)
    [1, 2, 3]

    .. versionadded:: 0.2.0
    """

    __module__ = "exerciselib"

    #: ``superset`` (back to back) or ``circuit`` (with rests between
    #: exercises); the handouts name it.
    kind: str = attrs.field(validator=of_kind(choice(GROUP_KINDS)))
    #: The index (0-based) of the group's first item.
    first: int = attrs.field(validator=of_kind(whole(0, 199)))
    #: How many consecutive items the group holds, 2 to 20.
    size: int = attrs.field(default=2, validator=of_kind(whole(2, 20)))
    #: Seconds of rest between rounds (default 60).
    rest_between_rounds_seconds: float = attrs.field(
        default=60.0, converter=_rest_seconds, validator=of_kind(_GroupRest)
    )
    #: Seconds of rest between the exercises of a round (default 0).
    rest_between_exercises_seconds: float = attrs.field(
        default=0.0, converter=_rest_seconds, validator=of_kind(_GroupRest)
    )

    @property
    def indexes(self) -> range:
        """The indexes of the group's items."""
        return range(self.first, self.first + self.size)


_Groups = items(Group, max_items=26)


def _one_exercise_per_id(routine: Routine) -> None:
    """Refuse two different exercises with one local id in a routine."""
    seen: dict[str, tuple[int, Exercise]] = {}
    for index, item in enumerate(routine.items):
        exercise = item.exercise
        first = seen.setdefault(exercise.id, (index, exercise))
        if first[1] != exercise:
            msg = (
                f"Routine items {first[0]} ({first[1].qualified_id}) and "
                f"{index} ({exercise.qualified_id}) are different exercises "
                f"with one id {exercise.id!r}; one id in a routine must "
                "mean one exercise: rename one of them."
            )
            raise InvalidValueError(msg, field="items", value=exercise.id)


def _groups(routine: Routine) -> None:
    """Refuse groups that overlap or reach past the routine's items."""
    end = -1
    for number, group in enumerate(routine.groups):
        if group.first <= end:
            msg = (
                f"Routine groups must not overlap and must be in order: "
                f"group {number} starts at item {group.first}, inside the "
                f"group before it (which ends at item {end})."
            )
            raise InvalidValueError(msg, field="groups", value=group)
        end = group.first + group.size - 1
        if end >= len(routine.items):
            msg = (
                f"Routine group {number} holds items {group.first} to "
                f"{end}, but the routine has {len(routine.items)} items; "
                "a group must lie within the items."
            )
            raise InvalidValueError(msg, field="groups", value=group)


@typing.final
@attrs.frozen(kw_only=True)
class Routine:
    """
    Exercises with their dosages, in the order they are done.

    >>> bend = Exercise(
    ...     id="knee-bend", name="Knee bend", summary="Bend the knee.",
    ...     steps=["Sit tall.", "Bend and straighten the knee."],
    ... )
    >>> routine = Routine(
    ...     id="knee-basics",
    ...     name="Knee basics",
    ...     items=[bend.prescribe("2 sets / 10 reps")],
    ... )
    >>> str(routine.items[0].dosage)
    '2 Sets / 10 Reps'

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Stable id, lower-case kebab-case, unique within its pack.
    id: str = attrs.field(validator=of_kind(_LocalId))
    #: The name a patient reads.
    name: str = attrs.field(validator=of_kind(_Name))
    #: The items, in order; at least one, at most 200.
    items: tuple[RoutineItem, ...] = attrs.field(
        converter=as_tuple,
        validator=of_kind(_Items),
    )
    #: What the routine is for.
    description: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Long))
    )
    #: How often it is meant to be done, if the routine says.
    frequency: Frequency | None = attrs.field(
        default=None, validator=optional(instance(Frequency))
    )
    #: General advice and safety notes for the whole routine.
    advice: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Texts)
    )
    #: Who wrote or supplied the routine.
    credits: tuple[Credit, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Credits)
    )
    #: Warning signs for the whole routine: when to stop and seek advice
    #: (handouts show them under "Stop and seek advice if"), in order.
    #:
    #: .. versionadded:: 0.2.0
    warning_signs: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(_Texts)
    )
    #: Supersets and circuits: groups of consecutive items, in order and
    #: not overlapping (lettered A, B, ... in handouts); at most 26.
    groups: tuple[Group, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        validator=of_kind(_Groups),
    )

    def __attrs_post_init__(self) -> None:
        _one_exercise_per_id(self)
        if self.groups:
            _groups(self)

    def group_of(self, index: int) -> Group | None:
        """The group item ``index`` belongs to, or None."""
        for group in self.groups:
            if index in group.indexes:
                return group
        return None

    def label(self, index: int) -> str | None:
        """
        The handout label of item ``index`` in its group, or None.

        Groups are lettered A, B, ... in order and their items numbered
        from 1: ``A1``, ``A2``, ``B1``.
        """
        for number, group in enumerate(self.groups):
            if index in group.indexes:
                return f"{chr(ord('A') + number)}{index - group.first + 1}"
        return None

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """The exercises of the items, in order."""
        return tuple(item.exercise for item in self.items)

    def to_dict(self) -> dict[str, typing.Any]:
        """
        Return the routine as JSON data matching the routine schema.

        Each item embeds its whole exercise, so the data stands alone.
        """
        from exerciselib._model.convert import routine_to_dict  # noqa: PLC0415 -- own implementation module

        return routine_to_dict(self)

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        exercises: typing.Mapping[str, Exercise] | None = None,
        trusted: bool = False,
    ) -> Routine:
        """
        Build a routine from JSON data matching the routine schema.

        Args:
            data: The JSON data.
            exercises: Exercises that items may name by id instead of
                embedding them (as routines inside packs do).
            trusted: Skip the schema check, as for
                :meth:`Exercise.from_dict`.

        Raises:
            InvalidDataError: The data does not match the schema, or an
                item names an exercise that ``exercises`` lacks; every
                problem is listed with its JSON path.
        """
        from exerciselib._model.convert import routine_from_dict  # noqa: PLC0415 -- own implementation module

        return routine_from_dict(
            data, exercises=exercises or {}, trusted=trusted
        )
