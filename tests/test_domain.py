"""Tests for the core domain types: validation, behaviour, immutability."""

from __future__ import annotations

import typing

import attrs
import pytest

from exerciselib import (
    ALL_DAYS,
    Credit,
    Dosage,
    DosageError,
    Exercise,
    ExerciseLibError,
    Frequency,
    InvalidDataError,
    InvalidValueError,
    Laterality,
    Media,
    Routine,
    RoutineItem,
    Weekday,
)


def _exercise(**changes: typing.Any) -> Exercise:
    """Return a valid exercise with ``changes`` applied."""
    fields: dict[str, typing.Any] = {
        "id": "lower-trunk-rotation",
        "name": "Lower trunk rotation",
        "summary": "Roll the knees from side to side, lying on your back.",
        "steps": [
            "Lie on your back with your knees bent.",
            "Drop your knees to one side, then to the other.",
        ],
        "safety_cues": ["Only drop your knees as far as is comfortable."],
        "laterality": "alternating",
    }
    fields.update(changes)
    return Exercise(**fields)


def _routine(**changes: typing.Any) -> Routine:
    """Return a valid routine with ``changes`` applied."""
    fields: dict[str, typing.Any] = {
        "id": "sciatica-relief",
        "name": "Sciatica relief",
        "items": [_exercise().prescribe("1 Set / 10 Reps / 5 s hold")],
    }
    fields.update(changes)
    return Routine(**fields)


BAD_IDS = [
    # case and spelling
    "Knee-bend",
    "KNEE",
    "knee_bend",
    "knee bend",
    "knee--bend",
    "-knee",
    "knee-",
    "1knee",
    "",
    "a" * 65,
    "knee-bend\n",
    # look-alike Unicode
    "kn\N{CYRILLIC SMALL LETTER IE}e",  # Cyrillic e
    "knee\N{HYPHEN}bend",  # U+2010 hyphen
    "knee\N{NON-BREAKING HYPHEN}bend",
    "\N{FULLWIDTH LATIN SMALL LETTER K}nee",
    "kne\N{LATIN SMALL LETTER E WITH ACUTE}",
    "i\N{COMBINING DOT ABOVE}d",
    # not strings
    None,
    3,
    b"knee",
]


class TestExerciseValidation:
    """Exercise refuses bad values with InvalidValueError naming the field."""

    def test_valid(self) -> None:
        """A complete exercise keeps what it was given, lists as tuples."""
        exercise = _exercise()

        assert "lower-trunk-rotation" == exercise.id
        assert isinstance(exercise.steps, tuple)
        assert Laterality.ALTERNATING is exercise.laterality

    @pytest.mark.parametrize("bad", BAD_IDS, ids=ascii)
    def test_bad_ids(self, bad: object) -> None:
        """Ids are lower-case ASCII kebab-case starting with a letter."""
        with pytest.raises(InvalidValueError, match="valid id") as info:
            _exercise(id=bad)

        assert ("id", bad) == (info.value.field, info.value.value)

    @pytest.mark.parametrize("good", ["a", "knee-bend", "x1-2b", "a" * 64])
    def test_good_ids(self, good: str) -> None:
        """Short, long and numbered ids are accepted."""
        assert good == _exercise(id=good).id

    @pytest.mark.parametrize("field", ["name", "summary"])
    @pytest.mark.parametrize("bad", ["", "   ", "\t\n", None, 5])
    def test_blank_text(self, field: str, bad: object) -> None:
        """Names and summaries must be non-blank strings."""
        with pytest.raises(InvalidValueError) as info:
            _exercise(**{field: bad})

        assert field == info.value.field
        assert str(info.value).startswith(f"Exercise {field} ")

    def test_name_too_long(self) -> None:
        """A name over 200 characters is refused, with its length."""
        with pytest.raises(InvalidValueError, match="201"):
            _exercise(name="x" * 201)

    @pytest.mark.parametrize("bad", [[], (), None, 5, [""], ["ok", "  "]])
    def test_bad_steps(self, bad: object) -> None:
        """Steps are one or more non-blank strings."""
        with pytest.raises(InvalidValueError) as info:
            _exercise(steps=bad)

        assert "steps" == info.value.field

    def test_too_many_steps(self) -> None:
        """More than 50 steps are refused."""
        with pytest.raises(InvalidValueError, match="51"):
            _exercise(steps=["Step."] * 51)

    def test_lone_string_is_one_step(self) -> None:
        """A lone string is one step, not a step per character."""
        assert ("Sit.",) == _exercise(steps="Sit.").steps

    @pytest.mark.parametrize("bad", ["left", "NONE", "", None, 2])
    def test_bad_laterality(self, bad: object) -> None:
        """Laterality must be one of the four values, listed on refusal."""
        with pytest.raises(InvalidValueError, match="'each-side'") as info:
            _exercise(laterality=bad)

        assert "laterality" == info.value.field

    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("safety_cues", [""]),
            ("equipment", ["mat", " "]),
            ("tags", [3]),
            ("body_regions", None),
            ("starting_position", "  "),
            ("media", [{"path": "a.jpg", "alt": "A"}]),
            ("media", Media(path="a.jpg", alt="A")),
            ("credits", ["Ryan"]),
        ],
    )
    def test_bad_optional_fields(self, field: str, bad: object) -> None:
        """Optional fields are checked too, naming the field."""
        with pytest.raises(InvalidValueError) as info:
            _exercise(**{field: bad})

        assert field == info.value.field

    def test_errors_are_library_value_errors(self) -> None:
        """InvalidValueError is an ExerciseLibError and a ValueError."""
        with pytest.raises(InvalidValueError) as info:
            _exercise(id="Bad")

        assert isinstance(info.value, ExerciseLibError)
        assert isinstance(info.value, ValueError)


class TestExercisePrescribe:
    """Exercise.prescribe makes a routine item."""

    def test_text(self) -> None:
        """Text is read with Dosage.parse."""
        exercise = _exercise()

        item = exercise.prescribe("3 sets / 12 reps", notes="Go gently.")

        assert (
            RoutineItem(
                exercise=exercise,
                dosage=Dosage(sets=3, reps=12),
                notes="Go gently.",
            )
            == item
        )

    def test_dosage(self) -> None:
        """A Dosage is used as it is."""
        dosage = Dosage(reps=10, hold_seconds=5)

        assert dosage is _exercise().prescribe(dosage).dosage

    def test_unreadable(self) -> None:
        """Unreadable text raises DosageError."""
        with pytest.raises(DosageError, match="'lots'"):
            _exercise().prescribe("lots")


class TestLaterality:
    """Laterality says how sides work."""

    @pytest.mark.parametrize(
        ("laterality", "sides"),
        [
            (Laterality.NONE, 1),
            (Laterality.AFFECTED, 1),
            (Laterality.EACH_SIDE, 2),
            (Laterality.ALTERNATING, 2),
        ],
    )
    def test_sides(self, laterality: Laterality, sides: int) -> None:
        """Each-side and alternating work two sides per rep, others one."""
        assert sides == laterality.sides

    def test_values(self) -> None:
        """The JSON values are lower-case kebab-case."""
        expected = ["none", "affected", "each-side", "alternating"]

        assert expected == [value.value for value in Laterality]


class TestRoutineItem:
    """RoutineItem: an exercise, its dosage and notes."""

    def test_default_dosage(self) -> None:
        """The dosage defaults to Dosage()."""
        assert Dosage() == RoutineItem(exercise=_exercise()).dosage

    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("exercise", "lower-trunk-rotation"),
            ("exercise", None),
            ("dosage", "1 set / 1 rep"),
            ("notes", " "),
        ],
    )
    def test_bad_values(self, field: str, bad: object) -> None:
        """Each field is checked."""
        fields: dict[str, typing.Any] = {"exercise": _exercise(), field: bad}

        with pytest.raises(InvalidValueError) as info:
            RoutineItem(**fields)

        assert field == info.value.field
        assert str(info.value).startswith(f"RoutineItem {field} ")


class TestRoutine:
    """Routine validation and the exercises property."""

    def test_exercises(self) -> None:
        """Routine.exercises lists the exercises of the items, in order."""
        first, second = _exercise(id="first"), _exercise(id="second")
        routine = _routine(
            items=[second.prescribe("2 x 5"), first.prescribe("1 x 1")]
        )

        assert (second, first) == routine.exercises

    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("id", "Sciatica"),
            ("name", ""),
            ("items", []),
            ("items", None),
            ("items", [_exercise()]),
            ("description", "  "),
            ("frequency", "daily"),
            ("advice", [""]),
            ("credits", [None]),
        ],
    )
    def test_bad_values(self, field: str, bad: object) -> None:
        """Each field is checked, naming the field."""
        with pytest.raises(InvalidValueError) as info:
            _routine(**{field: bad})

        assert field == info.value.field

    def test_too_many_items(self) -> None:
        """More than 200 items are refused."""
        item = _exercise().prescribe("1 set / 1 rep")

        with pytest.raises(InvalidValueError, match="201"):
            _routine(items=[item] * 201)


class TestFrequency:
    """Frequency: times a day, on which days."""

    def test_default(self) -> None:
        """Once a day, every day."""
        assert (1, ALL_DAYS) == (Frequency().times_per_day, Frequency().days)

    def test_days_sorted_and_unique(self) -> None:
        """Days are read from strings, sorted Monday first, repeats dropped."""
        frequency = Frequency(days=["fri", Weekday.MON, "fri", "wed"])

        assert (Weekday.MON, Weekday.WED, Weekday.FRI) == frequency.days

    @pytest.mark.parametrize(
        ("frequency", "expected"),
        [
            (Frequency(), "once daily"),
            (Frequency(times_per_day=2), "twice a day"),
            (Frequency(times_per_day=3), "3 times a day"),
            (Frequency(days=["sat", "mon"]), "once a day on mon, sat"),
        ],
    )
    def test_str(self, frequency: Frequency, expected: str) -> None:
        """str() reads as a clinician would write it."""
        assert expected == str(frequency)

    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("times_per_day", 0),
            ("times_per_day", 13),
            ("times_per_day", True),
            ("times_per_day", 2.0),
            ("days", []),
            ("days", ["Mon"]),
            ("days", ["monday"]),
            ("days", None),
            ("days", [1]),
        ],
    )
    def test_bad_values(self, field: str, bad: object) -> None:
        """Each field is checked, naming the field and the value."""
        fields: dict[str, typing.Any] = {field: bad}

        with pytest.raises(InvalidValueError) as info:
            Frequency(**fields)

        assert field == info.value.field

    def test_weekday_number(self) -> None:
        """Weekday.number counts from Monday = 0, like date.weekday()."""
        assert list(range(7)) == [day.number for day in ALL_DAYS]

    def test_weekday_is_still_a_str(self) -> None:
        """Weekday keeps str methods such as index()."""
        assert 1 == Weekday.MON.index("o")


class TestCredit:
    """Credit validation and str()."""

    def test_str(self) -> None:
        """str() names the role, the person, their title and organisation."""
        credit = Credit(
            name="Ryan",
            role="author",
            title="Exercise Physiologist",
            organization="The Allied Health Team",
        )

        expected = (
            "author: Ryan, Exercise Physiologist, The Allied Health Team"
        )

        assert expected == str(credit)

    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("name", ""),
            ("role", "writer"),
            ("role", None),
            ("title", " "),
            ("url", "ftp://example.org"),
            ("url", "https://exa mple.org"),
            ("url", "javascript:alert(1)"),
            ("url", "https://"),
            ("url", "https://x\n"),
            ("url", "https://" + "x" * 1993),
            ("note", ""),
        ],
    )
    def test_bad_values(self, field: str, bad: object) -> None:
        """Each field is checked; only http(s) addresses are links."""
        fields: dict[str, typing.Any] = {"name": "Ryan", "role": "author"}
        fields[field] = bad

        with pytest.raises(InvalidValueError) as info:
            Credit(**fields)

        assert field == info.value.field

    def test_longest_url(self) -> None:
        """A 2000-character address is accepted, as the schema allows."""
        url = "https://" + "x" * 1992

        assert url == Credit(name="Ryan", role="author", url=url).url


class TestMedia:
    """Media paths are safe relative paths inside the pack."""

    @pytest.mark.parametrize(
        "bad",
        [
            "../x",
            "images/../x",
            "/abs",
            "/etc/passwd",
            ".hidden/x",
            "images/.hidden",
            "./x",
            "a/./b",
            "a//b",
            "a/",
            "a\\b",
            "C:/x",
            "Images/x.jpg",
            "x..jpg",
            "",
            "a" * 201,
            "im\N{CYRILLIC SMALL LETTER A}ge.jpg",
            None,
        ],
        ids=ascii,
    )
    def test_bad_paths(self, bad: object) -> None:
        """Traversal, absolute, hidden and odd paths are refused."""
        with pytest.raises(InvalidValueError, match="relative path") as info:
            Media(path=bad, alt="A person stretching.")  # type: ignore[arg-type]

        assert "path" == info.value.field

    @pytest.mark.parametrize(
        "good", ["x", "images/knee-bend.jpg", "a/b_c/d-1.tar.gz", "1.png"]
    )
    def test_good_paths(self, good: str) -> None:
        """Ordinary relative paths are accepted."""
        assert good == Media(path=good, alt="A person stretching.").path

    @pytest.mark.parametrize(
        ("field", "bad"),
        [("alt", ""), ("kind", "audio"), ("credit", " "), ("license", "")],
    )
    def test_bad_values(self, field: str, bad: object) -> None:
        """Alt text is required; kind is image or video."""
        fields: dict[str, typing.Any] = {"path": "a.jpg", "alt": "A."}
        fields[field] = bad

        with pytest.raises(InvalidValueError) as info:
            Media(**fields)

        assert field == info.value.field


class TestImmutability:
    """Every type is frozen; attrs.evolve makes changed copies."""

    @pytest.mark.parametrize(
        ("value", "field", "new"),
        [
            (_exercise(), "name", "Trunk rotation"),
            (_routine(), "name", "Relief"),
            (RoutineItem(exercise=_exercise()), "notes", "Slowly."),
            (Frequency(), "times_per_day", 2),
            (Credit(name="Ryan", role="author"), "name", "Sam"),
            (Media(path="a.jpg", alt="A."), "alt", "B."),
            (Dosage(), "reps", 10),
        ],
        ids=lambda value: type(value).__name__,
    )
    def test_evolve_and_setattr(
        self, value: typing.Any, field: str, new: object
    ) -> None:
        """Setting a field raises; evolve returns a changed copy."""
        changed = attrs.evolve(value, **{field: new})

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field, new)

        assert new == getattr(changed, field)
        assert value != changed

    def test_evolve_validates(self) -> None:
        """attrs.evolve checks the new value."""
        with pytest.raises(InvalidValueError):
            attrs.evolve(_exercise(), id="Bad Id")

    def test_hashable(self) -> None:
        """Frozen values hash, so they work as set members and keys."""
        assert 1 == len({_routine(), _routine()})


class TestRoutineFromDict:
    """Routine.from_dict resolves exercises named by id."""

    def test_resolves_references(self) -> None:
        """String references are looked up in ``exercises=``."""
        exercise = _exercise()
        data = {
            "id": "sciatica-relief",
            "name": "Sciatica relief",
            "items": [
                {"exercise": "lower-trunk-rotation", "dosage": {"reps": 10}},
                {"exercise": "sciatica:lower-trunk-rotation"},
            ],
        }

        routine = Routine.from_dict(
            data,
            exercises={
                "lower-trunk-rotation": exercise,
                "sciatica:lower-trunk-rotation": exercise,
            },
        )

        assert (exercise, exercise) == routine.exercises
        assert Dosage(reps=10) == routine.items[0].dosage

    def test_unknown_references(self) -> None:
        """Every unknown id is reported at its path with close matches."""
        data = {
            "id": "sciatica-relief",
            "name": "Sciatica relief",
            "items": [
                {"exercise": "lower-trunk-rotaton"},
                {"exercise": "lower-trunk-rotation"},
                {"exercise": "nothing-like-it"},
            ],
        }

        with pytest.raises(InvalidDataError) as info:
            Routine.from_dict(
                data, exercises={"lower-trunk-rotation": _exercise()}
            )

        problems = info.value.problems

        assert ["$.items[0].exercise", "$.items[2].exercise"] == [
            problem.json_path for problem in problems
        ]
        assert "Did you mean 'lower-trunk-rotation'?" in problems[0].message
        assert "Did you mean" not in problems[1].message
        assert "$.items[0].exercise" in str(info.value)

    def test_no_exercises_given(self) -> None:
        """Without ``exercises=``, a reference says none were given."""
        data = {"id": "r", "name": "R", "items": [{"exercise": "knee"}]}

        with pytest.raises(InvalidDataError, match="No exercises were given"):
            Routine.from_dict(data)

    def test_embedded_and_semantic_problems_collected(self) -> None:
        """Problems in several items are all reported, each at its path."""
        data = {
            "id": "r",
            "name": "R",
            "items": [
                {"exercise": "missing"},
                {"exercise": _exercise().to_dict(), "dosage": {"sets": 2}},
                {"exercise": "also-missing"},
            ],
        }

        with pytest.raises(InvalidDataError) as info:
            Routine.from_dict(data)

        assert ["$.items[0].exercise", "$.items[2].exercise"] == [
            problem.json_path for problem in info.value.problems
        ]

    def test_schema_problems(self) -> None:
        """Data that breaks the schema is refused before any lookup."""
        data = {"id": "R", "name": "", "items": []}

        with pytest.raises(InvalidDataError) as info:
            Routine.from_dict(data)

        assert {"$.id", "$.items", "$.name"} == {
            problem.json_path for problem in info.value.problems
        }

    @pytest.mark.parametrize("bad", [None, [], "routine", 3])
    def test_not_an_object(self, bad: object) -> None:
        """Data that is not an object gives InvalidDataError, not TypeError."""
        with pytest.raises(InvalidDataError, match=r"\$"):
            Routine.from_dict(bad)


class TestExerciseFromDict:
    """Exercise.from_dict reads the exercise schema."""

    def test_defaults(self) -> None:
        """Only id, name, summary and steps are required."""
        data = {"id": "a", "name": "A", "summary": "A.", "steps": ["Do A."]}

        exercise = Exercise.from_dict(data)

        assert Laterality.NONE is exercise.laterality
        assert () == exercise.media

    def test_nested(self) -> None:
        """Media and credits are built as their types."""
        data = _exercise(
            media=[Media(path="img/a.jpg", alt="A.", credit="Team")],
            credits=[Credit(name="Ryan", role="demonstrator")],
        ).to_dict()

        exercise = Exercise.from_dict(data)

        assert isinstance(exercise.media[0], Media)
        assert "demonstrator" == exercise.credits[0].role

    def test_id_with_trailing_newline(self) -> None:
        """An id the schema's ``$`` lets through is still refused, located."""
        data = {"id": "a\n", "name": "A", "summary": "A.", "steps": ["Do."]}

        with pytest.raises(InvalidDataError) as info:
            Exercise.from_dict(data)

        assert ["$.id"] == [p.json_path for p in info.value.problems]
