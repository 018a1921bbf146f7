"""Renamed public names: the new ones, and the old ones for one release."""

from __future__ import annotations

import collections.abc
import datetime as dt
import pickle

import pytest

from exerciselib import (
    Catalog,
    Exercise,
    Pack,
    PackError,
    PackLoadFailure,
    Plan,
    Routine,
    RoutineItem,
)

BEND = Exercise(
    id="knee-bend", name="Knee bend", summary="Bend the knee.", steps=["Sit."]
)
REACH = Exercise(
    id="reach", name="Reach", summary="Reach up.", steps=["Stand tall."]
)
DAILY = Routine(
    id="daily",
    name="Daily",
    items=[
        RoutineItem(exercise=BEND),
        RoutineItem(exercise=REACH),
        RoutineItem(exercise=BEND),
    ],
)


def _catalog() -> Catalog:
    clinic = Pack.from_objects(
        id="clinic",
        name="Clinic",
        version="1.0.0",
        exercises=[BEND, REACH],
        routines=[DAILY],
    )
    home = Pack.from_objects(
        id="home", name="Home", version="1.0.0", exercises=[REACH]
    )
    failure = PackLoadFailure.from_error(PackError("Broken.", pack="broken"))
    return Catalog(failures=[failure]).with_packs(clinic, home)


class TestFailures:
    """``Catalog.failures`` holds the packs that failed to load."""

    def test_failures(self) -> None:
        """The failures given are kept, as a tuple, by with_packs too."""
        catalog = _catalog()

        assert ("broken",) == tuple(f.pack for f in catalog.failures)

    def test_errors_deprecated(self) -> None:
        """The old name reads the same failures, with a warning."""
        catalog = _catalog()

        with pytest.deprecated_call(match="Catalog.failures"):
            errors = catalog.errors

        assert catalog.failures == errors

    def test_errors_keyword_deprecated(self) -> None:
        """The old keyword builds the same catalog, with a warning."""
        failures = _catalog().failures

        with pytest.deprecated_call(match="failures="):
            old = Catalog(errors=failures)

        assert Catalog(failures=failures) == old
        assert failures == old.failures

    def test_pickles(self) -> None:
        """A catalog survives pickling under the new field name."""
        catalog = _catalog()

        assert catalog == pickle.loads(pickle.dumps(catalog))  # noqa: S301 -- our own data

    def test_unknown_content_names_failures(self) -> None:
        """Content of a failed pack points at catalog.failures."""
        with pytest.raises(LookupError, match=r"see catalog\.failures"):
            _catalog().exercise("broken:knee-bend")


class TestExercisesShape:
    """
    A catalog's exercises and routines are read-only mappings by id.

    The same shape as a pack's (keyed by local id there); a routine's
    exercises stay a tuple, one per item, as an exercise may repeat.
    """

    def test_exercises_mapping(self) -> None:
        """Exercises map qualified ids to exercises, pack by pack."""
        catalog = _catalog()

        assert isinstance(catalog.exercises, collections.abc.Mapping)
        assert {
            "clinic:knee-bend": ("knee-bend", "clinic"),
            "clinic:reach": ("reach", "clinic"),
            "home:reach": ("reach", "home"),
        } == {k: (v.id, v.pack) for k, v in catalog.exercises.items()}
        assert ["clinic:knee-bend", "clinic:reach", "home:reach"] == list(
            catalog.exercises
        )
        assert 3 == len(catalog.exercises)
        assert catalog.exercise_ids() == list(catalog.exercises)

    def test_routines_mapping(self) -> None:
        """Routines map qualified ids to routines, pack by pack."""
        catalog = _catalog()

        assert {"clinic:daily": DAILY} == dict(catalog.routines)
        assert catalog.routine_ids() == list(catalog.routines)

    def test_same_shape_as_pack(self) -> None:
        """A one-pack catalog's exercises are the pack's, ids qualified."""
        catalog = _catalog()
        pack = catalog.pack("clinic")

        assert [pack.qualified_id(k) for k in pack.exercises] == [
            k for k in catalog.exercises if k.startswith("clinic:")
        ]
        assert list(pack.exercises.values()) == [
            v for k, v in catalog.exercises.items() if k.startswith("clinic:")
        ]

    @pytest.mark.parametrize(
        "key", ["knee-bend", "clinic:", "clinic:nope", "nope:reach", 7]
    )
    def test_missing_key(self, key: object) -> None:
        """A key that is not a loaded qualified id is not in the mapping."""
        exercises = _catalog().exercises

        assert key not in exercises
        with pytest.raises(KeyError):
            exercises[key]  # type: ignore[index]

    def test_read_only(self) -> None:
        """The mapping cannot be changed."""
        exercises = _catalog().exercises

        with pytest.raises(TypeError):
            exercises["clinic:new"] = BEND  # type: ignore[index]

    def test_routine_exercises_per_item(self) -> None:
        """A routine's exercises are one per item, repeats kept."""
        assert (BEND, REACH, BEND) == DAILY.exercises

    @pytest.mark.parametrize("kind", ["exercises", "routines"])
    def test_call_deprecated(self, kind: str) -> None:
        """Calling it, the old shape, yields the pairs with a warning."""
        mapping = getattr(_catalog(), kind)

        with pytest.deprecated_call(match=rf"Catalog\.{kind}\.items\(\)"):
            pairs = list(mapping())

        assert list(mapping.items()) == pairs


class TestRfc5545:
    """``Plan.to_rfc5545`` returns DTSTART and RRULE text."""

    PLAN = Plan(
        routine=DAILY, start=dt.date(2025, 1, 6), weeks=1, timezone="UTC"
    )

    def test_text(self) -> None:
        """One DTSTART line and one RRULE line per time of day."""
        text = (
            "DTSTART;TZID=UTC:20250106T080000\n"
            "RRULE:FREQ=DAILY;WKST=MO;UNTIL=20250112T080000Z"
        )

        assert (text,) == self.PLAN.to_rfc5545()

    def test_to_rrule_deprecated(self) -> None:
        """The old name returns the same text, with a warning."""
        with pytest.deprecated_call(match="to_rfc5545"):
            old = self.PLAN.to_rrule()

        assert self.PLAN.to_rfc5545() == old
