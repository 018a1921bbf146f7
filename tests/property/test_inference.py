"""Hypothesis infers every public type; trusted values equal checked ones."""

from __future__ import annotations

import importlib.metadata
import math
import pickle
import typing
import weakref

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import exerciselib
from exerciselib import (
    Credit,
    Dosage,
    Exercise,
    InvalidValueError,
    Routine,
    RoutineItem,
    ScheduledSession,
    Timeline,
)
from exerciselib._hypothesis import CHOICES, INFERABLE, RESOLVED, asking
from exerciselib._validators import (
    Kind,
    kinds,
    of_kind,
    trusted,
    trusted_evolve,
    trusted_replacer,
    twin_of,
)

pytestmark = pytest.mark.property

SETTINGS = settings(max_examples=25, deadline=None)

#: Every public attrs class, from ``exerciselib.__all__``.
PUBLIC: list[type[typing.Any]] = [
    cls
    for cls in (getattr(exerciselib, name) for name in exerciselib.__all__)
    if isinstance(cls, type) and attrs.has(cls)
]

#: Every public attrs type that ``st.builds`` can fill in alone.
INFERRED: list[type[typing.Any]] = list(INFERABLE)

#: The public types that need one of several optional fields given,
#: and Pack (Hypothesis has no strategy for its root, a path).
ASKED: list[type[typing.Any]] = [*CHOICES, exerciselib.Pack]

#: Each choice of optional fields, as (type, field names).
EACH_CHOICE = [
    (cls, names) for cls, choices in CHOICES.items() for names in choices
]

#: The types with ``to_dict`` and ``from_dict``.
ROUND_TRIPS = [Dosage, Exercise, Routine, Timeline]


def _fields(value: object) -> dict[str, object]:
    """A value's fields by name, not recursed."""
    return attrs.asdict(
        typing.cast("attrs.AttrsInstance", value), recurse=False
    )


class TestBuilds:
    """
    ``st.builds(T)`` draws valid values of every public type.

    Each field's validator is one Hypothesis reads (``instance_of`` a
    kind, ``in_``), or the field has none and Hypothesis reads its
    annotation; exerciselib registers the kinds' strategies, and
    resolves those annotations, as a ``hypothesis`` entry point. No
    strategy is written for a type: a plan, a progression and a session
    log need one of several optional fields given, which
    ``asking(T, *names)`` draws as Hypothesis infers them.
    """

    @pytest.mark.parametrize("cls", INFERRED, ids=lambda cls: cls.__name__)
    @SETTINGS
    @given(data=st.data())
    def test_builds(self, cls: type[object], data: st.DataObject) -> None:
        """st.builds(T), with no strategy written for T, draws a T."""
        value = data.draw(st.builds(cls))

        assert isinstance(value, cls)

    @pytest.mark.parametrize(
        ("cls", "names"),
        EACH_CHOICE,
        ids=[
            f"{cls.__name__}-{'-'.join(names)}" for cls, names in EACH_CHOICE
        ],
    )
    @SETTINGS
    @given(data=st.data())
    def test_asking(
        self, cls: type[object], names: tuple[str, ...], data: st.DataObject
    ) -> None:
        """st.builds(T) with one choice of optional fields given draws a T."""
        value = data.draw(asking(cls, *names))

        assert isinstance(value, cls)
        for name in names:
            field = getattr(attrs.fields(type(value)), name)
            assert getattr(value, name) not in {None, field.default}

    @pytest.mark.parametrize(
        "cls", INFERRED + ASKED, ids=lambda cls: cls.__name__
    )
    @SETTINGS
    @given(data=st.data())
    def test_from_type(self, cls: type[object], data: st.DataObject) -> None:
        """st.from_type(T) draws a T for every public type."""
        value = data.draw(st.from_type(cls))

        assert isinstance(value, cls)

    @pytest.mark.parametrize("cls", PUBLIC, ids=lambda cls: cls.__name__)
    def test_every_public_type_has_a_strategy(self, cls: type[object]) -> None:
        """Each public attrs class is inferred, or drawn with fields asked."""
        assert (cls in INFERABLE) != (cls in ASKED)

    def test_no_strategy_for_a_private_type(self) -> None:
        """The plugin registers strategies for public types only."""
        assert set(INFERABLE) | set(ASKED) == set(PUBLIC)

    @pytest.mark.parametrize(
        "cls", list(RESOLVED), ids=lambda cls: cls.__name__
    )
    def test_annotations_resolved(self, cls: type[object]) -> None:
        """The plugin turns the annotations of unchecked fields into types."""
        assert all(
            not isinstance(field.type, str)
            for field in attrs.fields(typing.cast("type[typing.Any]", cls))
        )

    @SETTINGS
    @given(data=st.data())
    def test_localized_of_a_type(self, data: st.DataObject) -> None:
        """st.builds(Localized) draws any value; a given one is kept."""
        exercise = data.draw(st.builds(Exercise))
        shown = data.draw(
            st.builds(exerciselib.Localized, value=st.just(exercise))
        )

        assert exercise is shown.value
        assert isinstance(shown.requested, str)

    @SETTINGS
    @given(data=st.data())
    def test_localized_of_a_parameter(self, data: st.DataObject) -> None:
        """st.from_type(Localized[Exercise]) draws a localized exercise."""
        shown = data.draw(st.from_type(exerciselib.Localized[Exercise]))

        assert isinstance(shown, exerciselib.Localized)
        assert isinstance(shown.value, Exercise)

    @pytest.mark.parametrize("cls", ROUND_TRIPS, ids=lambda cls: cls.__name__)
    @SETTINGS
    @given(data=st.data())
    def test_round_trip(
        self, cls: type[typing.Any], data: st.DataObject
    ) -> None:
        """A drawn value survives to_dict and from_dict unchanged."""
        value = data.draw(st.builds(cls))

        assert value == cls.from_dict(value.to_dict())

    def test_entry_point(self) -> None:
        """The package declares its Hypothesis hook as an entry point."""
        hooks = {
            point.value
            for point in importlib.metadata.entry_points(group="hypothesis")
        }

        assert "exerciselib._hypothesis:register" in hooks

    def test_kind_without_strategy_refused(self) -> None:
        """A kind lacking its rule or its strategy is refused, and not kept."""
        before = kinds()
        with pytest.raises(TypeError, match="must define strategy"):

            class _Odd(Kind):
                @classmethod
                def refusal(cls, value: object) -> str | None:
                    return None if value == 1 else "must be 1"

        assert before == kinds()

    @SETTINGS
    @given(data=st.data())
    def test_every_kind_draws_what_it_accepts(
        self, data: st.DataObject
    ) -> None:
        """Each kind's strategy draws only values the kind accepts."""
        kind = data.draw(st.sampled_from(kinds()))
        value = data.draw(st.from_type(kind))

        assert kind.refusal(value) is None
        assert isinstance(value, kind)


#: The kinds with a fast path (``Kind.fast``): numbers and flags.
FAST_KINDS = [kind for kind in kinds() if kind.fast[0]]


@pytest.mark.parametrize("kind", FAST_KINDS, ids=lambda kind: kind.__name__)
@SETTINGS
@given(data=st.data())
def test_fast_path_agrees_with_the_rule(
    kind: type[typing.Any], data: st.DataObject
) -> None:
    """A value a kind's fast path accepts, its rule accepts too."""
    types, low, high = kind.fast
    near = [bound for bound in (low, high) if math.isfinite(bound)]
    edges = [math.nextafter(bound, -math.inf) for bound in near] + [
        math.nextafter(bound, math.inf) for bound in near
    ]
    by_type = {
        int: st.integers()
        | st.sampled_from([int(b) + d for b in near for d in (-1, 0, 1)]),
        float: st.floats() | st.sampled_from([*map(float, near), *edges]),
        bool: st.booleans(),
    }
    value = data.draw(st.one_of([by_type[cls] for cls in types]))

    if low <= value <= high:
        assert kind.refusal(value) is None
        of_kind(kind)(None, attrs.fields(Credit).name, value)
    else:
        with pytest.raises(InvalidValueError):
            of_kind(kind)("Kind", attrs.fields(Credit).name, value)


class TestTrusted:
    """
    ``trusted(T)`` builds what ``T`` builds from the same valid fields.

    The engine builds steps, timelines, sessions and progressed routines
    with it, running no check again.
    """

    @pytest.mark.parametrize("cls", INFERRED, ids=lambda cls: cls.__name__)
    @SETTINGS
    @given(data=st.data())
    def test_equal_to_checked(
        self, cls: type[typing.Any], data: st.DataObject
    ) -> None:
        """trusted(T)(**fields) equals T(**fields), by name or position."""
        fields = _fields(data.draw(st.builds(cls)))
        checked = cls(**fields)

        assert checked == trusted(cls)(**fields)
        assert checked == trusted(cls)(*fields.values())
        assert type(checked) is type(trusted(cls)(**fields))

    @pytest.mark.parametrize("cls", INFERRED, ids=lambda cls: cls.__name__)
    @SETTINGS
    @given(data=st.data())
    def test_evolve_any_fields_equal_to_attrs(
        self, cls: type[typing.Any], data: st.DataObject
    ) -> None:
        """trusted_evolve of any valid set of fields equals attrs.evolve."""
        value, other = data.draw(st.builds(cls)), data.draw(st.builds(cls))
        names = data.draw(
            st.lists(
                st.sampled_from([field.name for field in attrs.fields(cls)]),
                unique=True,
            )
        )
        changes = {name: getattr(other, name) for name in names}
        try:
            checked = attrs.evolve(value, **changes)
        except (ValueError, TypeError):
            assume(False)  # the fields of two values may not go together

        assert checked == trusted_evolve(value, **changes)
        assert type(checked) is type(trusted_evolve(value, **changes))

    @SETTINGS
    @given(item=st.builds(RoutineItem), notes=st.none() | st.just("Slowly."))
    def test_evolve_equal_to_attrs(
        self, item: RoutineItem, notes: str | None
    ) -> None:
        """trusted_evolve gives what attrs.evolve gives for valid changes."""
        assert attrs.evolve(item, notes=notes) == trusted_evolve(
            item, notes=notes
        )

    def test_replacer_is_evolve(self) -> None:
        """trusted_replacer(T, names) takes the new values in that order."""
        credit = Credit(name="Ann", role="author")
        replace = trusted_replacer(Credit, "role", "name")

        assert trusted_evolve(credit, name="Bo", role="editor") == replace(
            credit, "editor", "Bo"
        )
        assert replace is trusted_replacer(Credit, "role", "name")
        with pytest.raises(TypeError, match="Credit has no field nmae"):
            trusted_replacer(Credit, "nmae")

    def test_evolve_refuses_unknown_fields(self) -> None:
        """trusted_evolve refuses a change to a field the type lacks."""
        credit = Credit(name="Ann", role="author")

        with pytest.raises(TypeError, match="Credit has no field nmae"):
            trusted_evolve(credit, nmae="Bo")
        assert "Bo" == trusted_evolve(credit, name="Bo").name

    def test_skips_checks(self) -> None:
        """A trusted value is not checked: only the engine may use it."""
        with pytest.raises(InvalidValueError):
            Credit(name="", role="author")

        assert "" == trusted(Credit)("", "author", None, None, None, None).name


@attrs.frozen(kw_only=True, weakref_slot=False)
class _NoWeakref:
    """A frozen class with its fields in its own slots and no weakref."""

    size: int
    name: str


class _PointSlots:
    """The plain slots of :class:`_Point`."""

    __slots__ = ("x", "y")


@attrs.frozen(kw_only=True)
class _Point(_PointSlots):
    """A frozen class keeping its fields in a plain slotted base."""

    x: int
    y: int = attrs.field(validator=attrs.validators.ge(0))


class TestTwin:
    """
    Where a class allows it, trusted values are filled in on a twin class.

    A class whose fields are in its own slots (no ``__weakref__``), or in
    a plain slotted base (adding only ``__weakref__``, as
    ScheduledSession does), is filled in with plain stores on a twin and
    then given its class: the value must be the one the class builds,
    of that class, still frozen, weak-referable when the class is.
    """

    @pytest.mark.parametrize("cls", [ScheduledSession, _NoWeakref, _Point])
    def test_twin_path_taken(self, cls: type[typing.Any]) -> None:
        """The three shapes that allow it get a twin."""
        twin = twin_of(cls)

        assert twin is not None
        assert twin is not cls
        made = object.__new__(twin)
        made.__class__ = cls  # the layouts agree

    @pytest.mark.parametrize("cls", [Credit, Dosage, Timeline])
    def test_other_classes_call_setters(self, cls: type[typing.Any]) -> None:
        """A class adding ``__weakref__`` after its own slots gets none."""
        assert twin_of(cls) is None

    @SETTINGS
    @given(
        size=st.integers(), name=st.text(), x=st.integers(), y=st.integers(0)
    )
    def test_equal_to_checked(
        self, size: int, name: str, x: int, y: int
    ) -> None:
        """Twin-built values equal checked ones, by name or position."""
        assert _NoWeakref(size=size, name=name) == trusted(_NoWeakref)(
            size=size, name=name
        )
        assert _Point(x=x, y=y) == trusted(_Point)(x, y)
        assert type(trusted(_Point)(x, y)) is _Point
        assert hash(_Point(x=x, y=y)) == hash(trusted(_Point)(x=x, y=y))

    @SETTINGS
    @given(session=st.builds(ScheduledSession))
    def test_session_stays_frozen_and_weak_referable(
        self, session: ScheduledSession
    ) -> None:
        """A trusted session is a frozen, weak-referable ScheduledSession."""
        built = trusted(ScheduledSession)(**_fields(session))

        assert type(built) is ScheduledSession
        assert weakref.ref(built)() is built
        assert repr(session) == repr(built)
        assert session.to_dict() == built.to_dict()
        assert pickle.loads(pickle.dumps(built)) == session  # noqa: S301 -- our own bytes
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            built.number = 2  # type: ignore[misc]  # frozen, on purpose
