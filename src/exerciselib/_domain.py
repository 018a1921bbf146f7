"""
The core domain types: exercises, routine items and routines.

All are frozen ``attrs`` classes: change one with :func:`attrs.evolve`.
"""

from __future__ import annotations

import enum
import re
import typing

import attrs
from attrs import validators as v

from exerciselib._dosage import Dosage

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

_ID = re.compile(ID_PATTERN)


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
        return 2 if self in {Laterality.EACH_SIDE, Laterality.ALTERNATING} else 1


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
    def index(self) -> int:
        """Monday is 0, as in :meth:`datetime.date.weekday`."""
        return list(Weekday).index(self)


#: Every day of the week, Monday first.
ALL_DAYS: tuple[Weekday, ...] = tuple(Weekday)


def _text(max_length: int) -> typing.Callable[[object, attrs.Attribute[str], str], None]:
    """Validate a non-blank string of at most ``max_length`` characters."""

    def check(_: object, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            msg = f"{attribute.name} must be a string, got {value!r}."
            raise TypeError(msg)
        if not value.strip():
            msg = f"{attribute.name} must not be blank."
            raise ValueError(msg)
        if len(value) > max_length:
            msg = (
                f"{attribute.name} must be at most {max_length} characters, "
                f"got {len(value)}."
            )
            raise ValueError(msg)

    return check


def _optional_text(max_length: int) -> typing.Callable[
    [object, attrs.Attribute[str | None], str | None], None
]:
    check = _text(max_length)

    def optional(
        instance: object, attribute: attrs.Attribute[str | None], value: str | None
    ) -> None:
        if value is not None:
            check(instance, attribute, value)  # type: ignore[arg-type]

    return optional


def _texts(max_length: int) -> typing.Callable[
    [object, attrs.Attribute[tuple[str, ...]], tuple[str, ...]], None
]:
    check = _text(max_length)

    def each(
        instance: object,
        attribute: attrs.Attribute[tuple[str, ...]],
        value: tuple[str, ...],
    ) -> None:
        for item in value:
            check(instance, attribute, item)  # type: ignore[arg-type]

    return each


def _local_id(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = (
            f"{attribute.name} {value!r} is not a valid id: use lower-case "
            "ASCII kebab-case starting with a letter, like 'knee-bend'."
        )
        raise ValueError(msg)
    if len(value) > MAX_ID_LENGTH:
        msg = f"{attribute.name} must be at most {MAX_ID_LENGTH} characters."
        raise ValueError(msg)


def _str_tuple(value: typing.Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        # A lone string would become a tuple of characters.
        return (value,)
    return tuple(value)


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
    name: str = attrs.field(validator=_text(MAX_NAME_LENGTH))
    #: What they did: ``author``, ``demonstrator``, ``photographer``,
    #: ``publisher``, ``reviewer``, ``source`` or ``translator``.
    role: str = attrs.field(validator=v.in_(CREDIT_ROLES))
    #: Their job title, such as ``Exercise Physiologist``.
    title: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_NAME_LENGTH)
    )
    #: The practice or organisation they belong to.
    organization: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_NAME_LENGTH)
    )
    #: A web address for the credit (http or https only).
    url: str | None = attrs.field(
        default=None,
        validator=v.optional(v.matches_re(r"https?://[^\s]{1,2000}")),
    )
    #: Anything else worth saying, such as the title of the source work.
    note: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_TEXT_LENGTH)
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
    path: str = attrs.field(
        validator=[v.matches_re(PATH_PATTERN), v.max_len(200)]
    )
    #: Text that describes the picture for people who cannot see it.
    alt: str = attrs.field(validator=_text(MAX_TEXT_LENGTH))
    #: ``image`` or ``video``.
    kind: str = attrs.field(default="image", validator=v.in_(MEDIA_KINDS))
    #: Who made it, as the handout should print it.
    credit: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_NAME_LENGTH)
    )
    #: Its licence, as an SPDX identifier.
    license: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_NAME_LENGTH)
    )


@typing.final
@attrs.frozen(kw_only=True)
class Exercise:
    """
    One exercise: what to do, step by step, and how to stay safe.

    >>> bend = Exercise(
    ...     id="knee-bend",
    ...     name="Knee bend",
    ...     summary="Bend and straighten the knee while seated.",
    ...     steps=["Sit tall on a chair.", "Straighten the knee, then bend it."],
    ...     safety_cues=["Stop if the knee hurts."],
    ...     laterality=Laterality.AFFECTED,
    ... )
    >>> bend.laterality.sides
    1

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: Stable id, lower-case kebab-case, unique within its pack.
    id: str = attrs.field(validator=_local_id)
    #: The name a patient reads.
    name: str = attrs.field(validator=_text(MAX_NAME_LENGTH))
    #: One line saying what the exercise does.
    summary: str = attrs.field(validator=_text(MAX_TEXT_LENGTH))
    #: The instructions, in order; at least one.
    steps: tuple[str, ...] = attrs.field(
        converter=_str_tuple,
        validator=[v.min_len(1), v.max_len(50), _texts(MAX_TEXT_LENGTH)],
    )
    #: Warnings and form cues: when to stop, how far to go.
    safety_cues: tuple[str, ...] = attrs.field(
        default=(),
        converter=_str_tuple,
        validator=[v.max_len(50), _texts(MAX_TEXT_LENGTH)],
    )
    #: How the sides of the body are used; see :class:`Laterality`.
    laterality: Laterality = attrs.field(
        default=Laterality.NONE, converter=Laterality
    )
    #: Where to start, such as ``lying on your back``.
    starting_position: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_TEXT_LENGTH)
    )
    #: Things needed, such as ``mat`` or ``chair``.
    equipment: tuple[str, ...] = attrs.field(
        default=(), converter=_str_tuple, validator=_texts(MAX_NAME_LENGTH)
    )
    #: Free tags for search, such as ``stretch``.
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=_str_tuple, validator=_texts(MAX_NAME_LENGTH)
    )
    #: Body regions worked, such as ``hip`` or ``lower-back``.
    body_regions: tuple[str, ...] = attrs.field(
        default=(), converter=_str_tuple, validator=_texts(MAX_NAME_LENGTH)
    )
    #: Pictures and videos, with alt text and credits.
    media: tuple[Media, ...] = attrs.field(
        default=(),
        converter=tuple,
        validator=v.deep_iterable(v.instance_of(Media)),
    )
    #: Who wrote, demonstrated or supplied the exercise.
    credits: tuple[Credit, ...] = attrs.field(
        default=(),
        converter=tuple,
        validator=v.deep_iterable(v.instance_of(Credit)),
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
        from exerciselib._serialize import exercise_to_dict  # noqa: PLC0415

        return exercise_to_dict(self)

    @classmethod
    def from_dict(cls, data: object) -> Exercise:
        """
        Build an exercise from JSON data matching the exercise schema.

        Raises:
            InvalidDataError: The data does not match; every problem is
                listed with its JSON path.
        """
        from exerciselib._serialize import exercise_from_dict  # noqa: PLC0415

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
    exercise: Exercise = attrs.field(validator=v.instance_of(Exercise))
    #: How much of it.
    dosage: Dosage = attrs.field(
        factory=Dosage, validator=v.instance_of(Dosage)
    )
    #: Notes for this item in this routine.
    notes: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_TEXT_LENGTH)
    )


def _weekdays(days: typing.Iterable[Weekday | str]) -> tuple[Weekday, ...]:
    """Sort days Monday first and drop repeats."""
    if isinstance(days, str):
        days = (days,)
    return tuple(sorted({Weekday(day) for day in days}, key=ALL_DAYS.index))


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
        default=1,
        validator=[
            v.instance_of(int),
            v.not_(v.instance_of(bool)),
            v.ge(1),
            v.le(12),
        ],
    )
    #: The days of the week it is done; every day by default.
    days: tuple[Weekday, ...] = attrs.field(
        default=ALL_DAYS,
        converter=_weekdays,
        validator=v.min_len(1),
    )

    def __str__(self) -> str:
        times = {1: "once", 2: "twice"}.get(
            self.times_per_day, f"{self.times_per_day} times"
        )
        if self.days == ALL_DAYS:
            return f"{times} daily" if self.times_per_day == 1 else f"{times} a day"
        return f"{times} a day on {', '.join(self.days)}"


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
    id: str = attrs.field(validator=_local_id)
    #: The name a patient reads.
    name: str = attrs.field(validator=_text(MAX_NAME_LENGTH))
    #: The items, in order; at least one, at most 200.
    items: tuple[RoutineItem, ...] = attrs.field(
        converter=tuple,
        validator=[
            v.min_len(1),
            v.max_len(200),
            v.deep_iterable(v.instance_of(RoutineItem)),
        ],
    )
    #: What the routine is for.
    description: str | None = attrs.field(
        default=None, validator=_optional_text(MAX_TEXT_LENGTH)
    )
    #: How often it is meant to be done, if the routine says.
    frequency: Frequency | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Frequency))
    )
    #: General advice and safety notes for the whole routine.
    advice: tuple[str, ...] = attrs.field(
        default=(),
        converter=_str_tuple,
        validator=[v.max_len(50), _texts(MAX_TEXT_LENGTH)],
    )
    #: Who wrote or supplied the routine.
    credits: tuple[Credit, ...] = attrs.field(
        default=(),
        converter=tuple,
        validator=v.deep_iterable(v.instance_of(Credit)),
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
        from exerciselib._serialize import routine_to_dict  # noqa: PLC0415

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
        from exerciselib._serialize import routine_from_dict  # noqa: PLC0415

        return routine_from_dict(data, exercises=exercises or {})
