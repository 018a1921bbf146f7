"""Property: a language changes the words, never the structure."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exerciselib import Dosage, Routine, session_timeline, to_html, to_markdown
from exerciselib._i18n import translations
from exerciselib._model.wording import dosage_line
from strategies import dosages, routines, timeline_routines

pytestmark = pytest.mark.property

SETTINGS = settings(max_examples=25, deadline=None)

#: Tags asked for: shipped, with a region, and not shipped (English).
tags = st.sampled_from(["de", "es", "de-AT", "es-MX", "en-GB", "fr", "pt-BR"])


def _shape(routine: Routine, lang: str | None) -> list[tuple[object, ...]]:
    """Every field of every step but its cue."""
    return [
        attrs.astuple(attrs.evolve(step, cue=""))
        for step in session_timeline(routine, lang=lang)
    ]


class TestStructure:
    """
    For any routine and any requested tag, only the words differ.

    Steps, their kinds, sides, numbers, offsets and durations, and so the
    timeline's length, are the same in every language; every step has a
    cue; the handouts have as many exercises, steps and cues.
    """

    @SETTINGS
    @given(timeline_routines(), tags)
    def test_timeline(self, routine: Routine, tag: str) -> None:
        """A timeline's steps are the English ones but for their cues."""
        english = session_timeline(routine)
        other = session_timeline(routine, lang=tag)

        assert _shape(routine, None) == _shape(routine, tag)
        assert english.total_ms == other.total_ms
        assert all(step.cue for step in other)

    @SETTINGS
    @given(routines, tags)
    def test_handouts(self, routine: Routine, tag: str) -> None:
        """The handouts have the same exercises, steps and list items."""
        english, other = to_html(routine), to_html(routine, lang=tag)
        for element in ("<section", "<li>", "<h2>", "<h3>", "<aside"):
            assert english.count(element) == other.count(element)
        md_en, md_other = to_markdown(routine), to_markdown(routine, lang=tag)

        assert len(re.findall(r"(?m)^#", md_en)) == len(
            re.findall(r"(?m)^#", md_other)
        )


class TestDosageLine:
    """``Dosage.parse(dosage_line(lang, d)) == d`` but for band colours."""

    @SETTINGS
    @given(dosages.filter(lambda d: d.band is None), tags)
    @example(Dosage(sets=3, reps=10, hold_seconds=3600), "de")  # no "3.600"
    @example(Dosage(sets=1, reps=8, load_kg=2.5), "es")  # decimal comma
    def test_reads_back(self, dosage: Dosage, tag: str) -> None:
        """The localised dosage line reads back to the same dosage."""
        line = dosage_line(translations(tag), dosage)

        assert dosage == Dosage.parse(line)

    @SETTINGS
    @given(dosages)
    def test_english_is_the_notation(self, dosage: Dosage) -> None:
        """In English the dosage line is the canonical notation."""
        assert str(dosage) == dosage_line(translations(None), dosage)
