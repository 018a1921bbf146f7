"""Tests for Dosage: validation, the clinical notation and str()."""

from __future__ import annotations

import math
import typing

import attrs
import pytest

from exerciselib import Dosage, DosageError, ExerciseLibError

COUNTS = ["sets", "reps"]
TIMES = [
    "hold_seconds",
    "rest_between_reps_seconds",
    "rest_between_sets_seconds",
]


def _fields(name: str, value: object) -> dict[str, typing.Any]:
    """Keyword arguments setting one field, for parametrized tests."""
    return {name: value}


class TestDefaults:
    """The documented defaults of each field."""

    def test_defaults(self) -> None:
        """One set of one rep, no hold, no rest between reps, 30 s sets."""
        expected = Dosage(
            sets=1,
            reps=1,
            hold_seconds=0,
            rest_between_reps_seconds=0,
            rest_between_sets_seconds=30,
        )

        assert expected == Dosage()

    def test_ints_become_floats(self) -> None:
        """Whole seconds given as ints are stored as floats."""
        dosage = Dosage(hold_seconds=5)

        assert isinstance(dosage.hold_seconds, float)
        assert 5.0 == dosage.hold_seconds

    def test_times_kept_to_the_millisecond(self) -> None:
        """Times are rounded to the millisecond."""
        dosage = Dosage(hold_seconds=1.23456)

        assert 1.235 == dosage.hold_seconds

    def test_negative_zero_is_zero(self) -> None:
        """-0.0 is stored as 0.0, so it prints and compares like zero."""
        dosage = Dosage(hold_seconds=-0.0)

        assert "0.0" == repr(dosage.hold_seconds)


class TestValidation:
    """Every field is checked; a refusal names the field and the value."""

    @pytest.mark.parametrize("field", COUNTS)
    @pytest.mark.parametrize(
        "value",
        [
            # not whole numbers
            True,
            False,
            2.0,
            2.5,
            math.nan,
            math.inf,
            "3",
            None,
            # out of range
            0,
            -1,
        ],
        ids=repr,
    )
    def test_counts_refused(self, field: str, value: object) -> None:
        """Sets and reps must be whole numbers of at least 1."""
        with pytest.raises(DosageError) as info:
            Dosage(**_fields(field, value))

        assert field == info.value.field
        assert info.value.value is value
        assert field in str(info.value)

    @pytest.mark.parametrize(
        ("field", "too_many"), [("sets", 101), ("reps", 1001)]
    )
    def test_counts_upper_bound(self, field: str, too_many: int) -> None:
        """Counts above the sane maximum are refused, naming the value."""
        with pytest.raises(DosageError, match=str(too_many)) as info:
            Dosage(**{field: too_many})

        assert (field, too_many) == (info.value.field, info.value.value)

    @pytest.mark.parametrize(
        ("field", "largest"), [("sets", 100), ("reps", 1000)]
    )
    def test_counts_at_bounds_accepted(self, field: str, largest: int) -> None:
        """The bounds themselves are valid counts."""
        dosage = Dosage(**{field: largest})

        assert largest == getattr(dosage, field)

    @pytest.mark.parametrize("field", TIMES)
    @pytest.mark.parametrize(
        "value",
        [
            # not numbers
            True,
            "5",
            None,
            [5],
            # not finite
            math.nan,
            math.inf,
            -math.inf,
            # out of range
            -1,
            -0.5,
            3600.5,
            10**400,  # too large for a float
        ],
        ids=lambda value: repr(value)[:20],
    )
    def test_times_refused(self, field: str, value: object) -> None:
        """Times must be finite numbers of seconds from 0 to 3600."""
        with pytest.raises(DosageError) as info:
            Dosage(**_fields(field, value))

        assert field == info.value.field
        assert field in str(info.value)

    @pytest.mark.parametrize("field", TIMES)
    def test_times_message_quotes_value(self, field: str) -> None:
        """The message shows the rejected value."""
        with pytest.raises(DosageError, match=r"got -2\.5"):
            Dosage(**_fields(field, -2.5))

    def test_huge_value_message_is_short(self) -> None:
        """An int with thousands of digits gives a short, readable message."""
        with pytest.raises(DosageError) as info:
            Dosage(reps=10**5000)

        assert len(str(info.value)) < 200

    def test_error_is_a_library_value_error(self) -> None:
        """DosageError is both the library's error and a ValueError."""
        with pytest.raises(DosageError) as info:
            Dosage(sets=0)

        assert isinstance(info.value, ExerciseLibError)
        assert isinstance(info.value, ValueError)

    def test_evolve_validates(self) -> None:
        """attrs.evolve checks the new values too."""
        with pytest.raises(DosageError):
            attrs.evolve(Dosage(), reps=0)

    def test_frozen(self) -> None:
        """A dosage cannot be changed in place."""
        dosage = Dosage()

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            dosage.reps = 3  # type: ignore[misc]


class TestParse:
    """Dosage.parse reads the clinical notation and its variants."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            # the four dosages of the source article: the first is shared by
            # three exercises (hurdler, hamstring and gluteus medius stretch)
            ("1 Set / 1 Rep / 30 s hold", Dosage(hold_seconds=30)),
            ("1 Set / 10 Reps / 5 s hold", Dosage(reps=10, hold_seconds=5)),
            # sets and reps
            ("3 sets / 12 reps", Dosage(sets=3, reps=12)),
            ("1 set / 1 rep", Dosage()),
            ("2 sets / 8 repetitions", Dosage(sets=2, reps=8)),
            ("12 reps / 3 sets", Dosage(sets=3, reps=12)),
            ("10 reps", Dosage(reps=10)),
            ("3 sets, 12 reps", Dosage(sets=3, reps=12)),
            ("3 sets; 12 reps", Dosage(sets=3, reps=12)),
            # sets x reps (x hold)
            ("2 x 10 x 5s", Dosage(sets=2, reps=10, hold_seconds=5)),
            ("2 x 10", Dosage(sets=2, reps=10)),
            ("2x10", Dosage(sets=2, reps=10)),
            ("2 X 10 X 5 S", Dosage(sets=2, reps=10, hold_seconds=5)),
            ("2 * 10 * 5 s hold", Dosage(sets=2, reps=10, hold_seconds=5)),
            ("3 \N{MULTIPLICATION SIGN} 10", Dosage(sets=3, reps=10)),
            ("2 x 10 x 1 min", Dosage(sets=2, reps=10, hold_seconds=60)),
            # holds
            ("hold 30 seconds", Dosage(hold_seconds=30)),
            ("30s hold", Dosage(hold_seconds=30)),
            ("30 s hold", Dosage(hold_seconds=30)),
            ("30 sec hold", Dosage(hold_seconds=30)),
            ("30 secs hold", Dosage(hold_seconds=30)),
            ("30-second hold", Dosage(hold_seconds=30)),
            ("hold for 30 s", Dosage(hold_seconds=30)),
            ("hold 2.5 s", Dosage(hold_seconds=2.5)),
            ("30 hold", Dosage(hold_seconds=30)),
            # minutes
            ("1 min hold", Dosage(hold_seconds=60)),
            ("hold 2 minutes", Dosage(hold_seconds=120)),
            ("1.5 mins hold", Dosage(hold_seconds=90)),
            ("1 minute hold", Dosage(hold_seconds=60)),
            # rests
            (
                "1 Set / 10 Reps / 5 s hold / 60 s rest between sets",
                Dosage(reps=10, hold_seconds=5, rest_between_sets_seconds=60),
            ),
            (
                "2 sets / 10 reps / 3 s rest between reps",
                Dosage(sets=2, reps=10, rest_between_reps_seconds=3),
            ),
            (
                "3 sets / 5 reps / 1 min rest between sets",
                Dosage(sets=3, reps=5, rest_between_sets_seconds=60),
            ),
            ("0 s rest between sets", Dosage(rest_between_sets_seconds=0)),
            # case and spacing
            ("1 SET / 10 REPS / 5 S HOLD", Dosage(reps=10, hold_seconds=5)),
            ("1 set/10 reps/5s hold", Dosage(reps=10, hold_seconds=5)),
            (
                "  1  Set  /  10   Reps /5 s  hold  ",
                Dosage(reps=10, hold_seconds=5),
            ),
            ("1\tSet\n/ 10 Reps / 5 s hold", Dosage(reps=10, hold_seconds=5)),
            ("HOLD 30 SECONDS", Dosage(hold_seconds=30)),
        ],
    )
    def test_examples(self, raw: str, expected: Dosage) -> None:
        """Each text reads as the dosage it describes."""
        assert expected == Dosage.parse(raw)

    @pytest.mark.parametrize(
        "raw",
        [
            "",
            "   ",
            "lots",
            "3 sets / 12 reps /",
            "3 sets / 3 sets",
            "hold 30 s / 30 s hold",
            "3 sets / 12 bananas",
            "three sets",
            "2 x",
            "x 10",
            "30 s rest",
            "-3 sets",
            "1 set / 1 rep // 30 s hold",
            "2 x 10 x 5 hours",
        ],
    )
    def test_unreadable(self, raw: str) -> None:
        """Unreadable text raises DosageError quoting it, with an example."""
        with pytest.raises(DosageError) as info:
            Dosage.parse(raw)

        message = str(info.value)

        assert repr(raw) in message
        assert "1 Set / 10 Reps / 5 s hold" in message
        assert ("text", raw) == (info.value.field, info.value.value)

    @pytest.mark.parametrize("raw", [None, 3, b"3 sets"])
    def test_not_text(self, raw: object) -> None:
        """Anything but a string raises DosageError, not TypeError."""
        with pytest.raises(DosageError, match="must be a string"):
            Dosage.parse(raw)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("raw", "field"),
        [
            ("0 sets", "sets"),
            ("1001 reps", "reps"),
            ("2 hours hold", None),
            ("61 min hold", "hold_seconds"),
            ("0 x 10", "sets"),
        ],
    )
    def test_out_of_range(self, raw: str, field: str | None) -> None:
        """Readable text with a value out of range names the field."""
        with pytest.raises(DosageError) as info:
            Dosage.parse(raw)

        assert (field or "text") == info.value.field


class TestStr:
    """str() writes the canonical clinical notation."""

    @pytest.mark.parametrize(
        "text",
        [
            # the source article, exactly
            "1 Set / 1 Rep / 30 s hold",
            "1 Set / 10 Reps / 5 s hold",
        ],
    )
    def test_article_dosages(self, text: str) -> None:
        """The article's dosages print back exactly as the article has them."""
        assert text == str(Dosage.parse(text))

    @pytest.mark.parametrize(
        ("dosage", "expected"),
        [
            (Dosage(), "1 Set / 1 Rep"),
            (Dosage(sets=3, reps=12), "3 Sets / 12 Reps"),
            (Dosage(hold_seconds=2.5), "1 Set / 1 Rep / 2.5 s hold"),
            (Dosage(hold_seconds=90), "1 Set / 1 Rep / 90 s hold"),
            (
                Dosage(rest_between_reps_seconds=3),
                "1 Set / 1 Rep / 3 s rest between reps",
            ),
            (
                Dosage(rest_between_sets_seconds=0),
                "1 Set / 1 Rep / 0 s rest between sets",
            ),
            (
                Dosage(
                    sets=2,
                    reps=10,
                    hold_seconds=5,
                    rest_between_reps_seconds=2,
                    rest_between_sets_seconds=60,
                ),
                (
                    "2 Sets / 10 Reps / 5 s hold / 2 s rest between reps"
                    " / 60 s rest between sets"
                ),
            ),
        ],
    )
    def test_canonical(self, dosage: Dosage, expected: str) -> None:
        """Defaults are left out; everything else is written."""
        assert expected == str(dosage)


class TestDict:
    """to_dict writes every field; from_dict reads and validates."""

    def test_to_dict(self) -> None:
        """Every field is written, defaults included."""
        expected = {
            "sets": 1,
            "reps": 10,
            "hold_seconds": 5.0,
            "rest_between_reps_seconds": 0.0,
            "rest_between_sets_seconds": 30.0,
        }

        assert expected == Dosage(reps=10, hold_seconds=5).to_dict()

    def test_from_dict_defaults(self) -> None:
        """Fields left out take their defaults."""
        assert Dosage() == Dosage.from_dict({})

    def test_from_dict_integral_floats(self) -> None:
        """JSON 3.0 counts as the integer 3, as JSON Schema says."""
        assert Dosage(sets=3) == Dosage.from_dict({"sets": 3.0})
