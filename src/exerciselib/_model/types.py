"""
The core domain types: exercises, routine items and routines.

All are frozen ``attrs`` classes: change one with :func:`attrs.evolve`.
"""

from __future__ import annotations

import enum
import typing

import attrs

from exerciselib._model.dosage import Dosage
from exerciselib._validators import (
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

__all__ = [
    "ALL_DAYS",
    "Credit",
    "Exercise",
    "Frequency",
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
    #: Warnings and form cues: when to stop, how far to go.
    safety_cues: tuple[str, ...] = attrs.field(
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
    def from_dict(cls, data: object) -> Exercise:
        """
        Build an exercise from JSON data matching the exercise schema.

        Raises:
            InvalidDataError: The data does not match; every problem is
                listed with its JSON path.
        """
        from exerciselib._model.convert import exercise_from_dict  # noqa: PLC0415 -- own implementation module

        return exercise_from_dict(data)


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


_Items = items(RoutineItem, min_items=1, max_items=200)


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
    ) -> Routine:
        """
        Build a routine from JSON data matching the routine schema.

        Args:
            data: The JSON data.
            exercises: Exercises that items may name by id instead of
                embedding them (as routines inside packs do).

        Raises:
            InvalidDataError: The data does not match the schema, or an
                item names an exercise that ``exercises`` lacks; every
                problem is listed with its JSON path.
        """
        from exerciselib._model.convert import routine_from_dict  # noqa: PLC0415 -- own implementation module

        return routine_from_dict(data, exercises=exercises or {})
