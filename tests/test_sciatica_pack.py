"""
The sciatica pack, checked fact by fact against the source article.

The article is ``../shared/seed/000_fc260b6ce9aed06d.txt`` ("Home
Exercises For Sciatica Relief"). The pack words every step and cue in its
own way, so the checks look for each fact's key words, not for sentences.
"""

from __future__ import annotations

import ast
import json
import os
import pathlib

import pytest

from exerciselib import Laterality, Pack, load_pack

ROOT = pathlib.Path(__file__).parent.parent
FOLDER = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"
ARTICLE = ROOT.parent / "shared" / "seed" / "000_fc260b6ce9aed06d.txt"

IDS = [
    "seated-hurdler-stretch",
    "hamstring-stretch-in-stand",
    "lower-trunk-rotation",
    "gluteus-medius-stretch-in-supine",
]
#: The dosage line printed under each exercise in the article.
DOSAGES = {
    "seated-hurdler-stretch": "1 Set / 1 Rep / 30 s hold",
    "hamstring-stretch-in-stand": "1 Set / 1 Rep / 30 s hold",
    "lower-trunk-rotation": "1 Set / 10 Reps / 5 s hold",
    "gluteus-medius-stretch-in-supine": "1 Set / 1 Rep / 30 s hold",
}
#: Each fact of the article's steps, as words that must all appear in one
#: step of the exercise. Stems (``stretch``) match longer words.
STEP_FACTS: dict[str, list[tuple[str, ...]]] = {
    "seated-hurdler-stretch": [
        ("sit", "mat", "legs", "straight", "front"),
        ("bend", "good leg", "foot", "inner side", "knee", "other"),
        ("bent knee", "outwards", "lean forwards", "reach", "foot", "chest"),
        ("back of the thigh", "straight leg"),
    ],
    "hamstring-stretch-in-stand": [
        ("foot", "affected leg", "chair", "step"),
        ("back", "straight", "forwards", "hips", "bottom", "behind"),
        ("until", "stretch", "back of the thigh"),
        ("stay", "position"),
    ],
    "lower-trunk-rotation": [
        ("lie", "back", "knees bent", "feet flat", "floor"),
        ("arms", "out", "sideways"),
        ("knees together", "one side", "torso", "turn"),
        ("back to where you started", "knees", "other way"),
    ],
    "gluteus-medius-stretch-in-supine": [
        ("lie", "back", "legs straight"),
        ("affected leg", "towards your chest"),
        ("hand", "opposite side", "outer side", "ankle", "other hand", "knee"),
        ("gently", "knee", "opposite shoulder", "stretch", "buttock muscle"),
        ("stay", "position"),
    ],
}
#: Each safety or form cue of the article, as key words of one cue.
CUE_FACTS: dict[str, list[tuple[str, ...]]] = {
    "seated-hurdler-stretch": [("foot", "relaxed")],
    "hamstring-stretch-in-stand": [
        ("knee", "straight", "foot", "pointing", "ahead"),
        ("back", "straight"),
    ],
    "lower-trunk-rotation": [
        ("shoulders", "mat", "throughout"),
        ("knees", "only as far as", "comfortable"),
        ("can", "hold", "stretch", "each side"),
    ],
    "gluteus-medius-stretch-in-supine": [("no pain", "knee")],
}
LATERALITY = {
    "seated-hurdler-stretch": Laterality.AFFECTED,
    "hamstring-stretch-in-stand": Laterality.AFFECTED,
    "lower-trunk-rotation": Laterality.ALTERNATING,
    "gluteus-medius-stretch-in-supine": Laterality.AFFECTED,
}


@pytest.fixture(scope="module")
def pack() -> Pack:
    """The sciatica pack, loaded from its folder."""
    return load_pack(FOLDER)


@pytest.fixture(scope="module")
def article() -> str:
    """
    The text of the source article.

    It lives in ``../shared`` beside the checkout, as on CI; a checkout
    without it skips the tests that quote the article, except under CI,
    where its absence is an error.
    """
    if not ARTICLE.is_file():
        reason = f"the source article {ARTICLE} is not beside the checkout"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return ARTICLE.read_text(encoding="utf-8")


def holds(text: str, words: tuple[str, ...]) -> bool:
    """Whether every one of ``words`` appears in ``text``, ignoring case."""
    lowered = text.casefold()
    return all(word.casefold() in lowered for word in words)


def article_section(article: str, name: str) -> str:
    """The article's text from the exercise ``name`` to the next one."""
    start = article.index(f"\n{name}\n")
    names = ["Seated hurdler stretch", "Hamstring stretch in stand"]
    names += ["Lower trunk rotation", "Gluteus medius stretch in supine"]
    following = [
        article.index(f"\n{other}\n")
        for other in names
        if article.index(f"\n{other}\n") > start
    ]
    end = min(following, default=article.index("It is important"))
    return article[start:end]


class TestExercises:
    """The four exercises, in the article's order."""

    def test_ids_in_order(self, pack: Pack) -> None:
        """The pack has exactly the four exercises, in article order."""
        assert IDS == list(pack.exercises)

    def test_names_are_the_article_headings(
        self, pack: Pack, article: str
    ) -> None:
        """Each exercise's name is its heading in the article."""
        names = [pack.exercise(i).name for i in IDS]

        positions = [article.index(f"\n{name}\n") for name in names]
        assert sorted(positions) == positions

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_laterality(self, pack: Pack, exercise_id: str) -> None:
        """Each exercise works the side the article says."""
        assert LATERALITY[exercise_id] == pack.exercise(exercise_id).laterality

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_every_step_fact(self, pack: Pack, exercise_id: str) -> None:
        """Every fact of the article's steps is in one of the steps."""
        steps = pack.exercise(exercise_id).steps

        for words in STEP_FACTS[exercise_id]:
            assert any(holds(step, words) for step in steps), words

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_every_cue_fact(self, pack: Pack, exercise_id: str) -> None:
        """Every safety or form cue of the article is a cue of the pack."""
        exercise = pack.exercise(exercise_id)
        cues = (*exercise.form_cues, *exercise.safety_cues)

        assert len(CUE_FACTS[exercise_id]) == len(cues)
        for words in CUE_FACTS[exercise_id]:
            assert any(holds(cue, words) for cue in cues), words

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_own_words(
        self, pack: Pack, article: str, exercise_id: str
    ) -> None:
        """No step or cue copies a sentence of the article."""
        exercise = pack.exercise(exercise_id)
        bullets = [
            line.strip(" •").rstrip(".")
            for line in article_section(article, exercise.name).splitlines()
            if line.strip().startswith("•")
        ]

        for text in (
            *exercise.steps,
            *exercise.form_cues,
            *exercise.safety_cues,
        ):
            for bullet in bullets:
                assert bullet.casefold() not in text.casefold()

    def test_equipment(self, pack: Pack) -> None:
        """The mat and the chair or step of the article are listed."""
        assert ("mat",) == pack.exercise("seated-hurdler-stretch").equipment
        assert ("chair or step",) == (
            pack.exercise("hamstring-stretch-in-stand").equipment
        )
        assert ("mat",) == pack.exercise("lower-trunk-rotation").equipment

    @pytest.mark.parametrize(
        ("exercise_id", "words"),
        [
            ("seated-hurdler-stretch", ("sitting", "mat", "legs")),
            ("hamstring-stretch-in-stand", ("standing", "chair", "step")),
            ("lower-trunk-rotation", ("back", "knees bent", "feet flat")),
            ("gluteus-medius-stretch-in-supine", ("back", "legs straight")),
        ],
    )
    def test_starting_position(
        self, pack: Pack, exercise_id: str, words: tuple[str, ...]
    ) -> None:
        """Each exercise states where it starts."""
        position = pack.exercise(exercise_id).starting_position

        assert position is not None
        assert holds(position, words)

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_tags_and_regions(self, pack: Pack, exercise_id: str) -> None:
        """Each exercise is tagged a sciatica stretch and has regions."""
        exercise = pack.exercise(exercise_id)

        assert {"stretch", "sciatica"} <= set(exercise.tags)
        assert exercise.body_regions

    def test_no_media(self, pack: Pack) -> None:
        """The article's photos are not ours to ship: there is no media."""
        assert all(not e.media for e in pack.exercises.values())


class TestRoutine:
    """The routine sciatica:sciatica-relief."""

    def test_order(self, pack: Pack) -> None:
        """The routine does the four exercises in the article's order."""
        routine = pack.routine("sciatica-relief")

        assert IDS == [e.id for e in routine.exercises]
        assert [pack.exercise(i) for i in IDS] == list(routine.exercises)

    @pytest.mark.parametrize("index", range(4))
    def test_dosage_matches_article(
        self, pack: Pack, article: str, index: int
    ) -> None:
        """Each item's dosage prints as the article's dosage line."""
        item = pack.routine("sciatica-relief").items[index]
        section = article_section(article, item.exercise.name)

        assert DOSAGES[item.exercise.id] == str(item.dosage)
        assert f"\n{item.dosage}\n" in section

    def test_frequency(self, pack: Pack) -> None:
        """The routine is done once daily."""
        routine = pack.routine("sciatica-relief")

        assert routine.frequency is not None
        assert "once daily" == str(routine.frequency)

    @pytest.mark.parametrize(
        "words",
        [
            ("correct form", "get the most"),
            ("massage therapist", "which", "exercises", "circumstances"),
            ("complement massage therapy", "daily"),
        ],
    )
    def test_advice(self, pack: Pack, words: tuple[str, ...]) -> None:
        """The article's general advice is in the routine's advice."""
        advice = pack.routine("sciatica-relief").advice

        assert any(holds(line, words) for line in advice), words


class TestPackMetadata:
    """Id, language, licence, credits and distribution."""

    def test_metadata(self, pack: Pack) -> None:
        """The pack's id, language, version and licence."""
        assert ("sciatica", "en-AU", "1.3.0", "CC-BY-4.0") == (
            pack.id,
            pack.language,
            pack.version,
            pack.license,
        )

    def test_credits(self, pack: Pack, article: str) -> None:
        """Ryan and his practice are the source; Magic Massage published."""
        [source] = [c for c in pack.credits if c.role == "source"]
        [publisher] = [c for c in pack.credits if c.role == "publisher"]

        assert ("Ryan", "Exercise Physiologist", "The Allied Health Team") == (
            source.name,
            source.title,
            source.organization,
        )
        assert f"{source.name}, {source.title} from {source.organization}" in (
            article
        )
        assert "Magic Massage" == publisher.name
        assert publisher.note is not None
        assert article.splitlines()[0] in publisher.note

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_exercise_credits(self, pack: Pack, exercise_id: str) -> None:
        """Every exercise credits its source too."""
        roles = {c.role for c in pack.exercise(exercise_id).credits}

        assert {"source", "publisher"} == roles

    def test_distribution(self) -> None:
        """The pack's own pyproject registers the entry point sciatica."""
        text = (FOLDER.parents[1] / "pyproject.toml").read_text(
            encoding="utf-8"
        )

        assert 'name = "exerciselib-sciatica"' in text
        assert 'version = "1.3.0"' in text
        assert 'sciatica = "exerciselib_sciatica"' in text

    def test_package_is_data_only(self) -> None:
        """The package's __init__ holds a docstring and nothing else."""
        tree = ast.parse((FOLDER / "__init__.py").read_text(encoding="utf-8"))

        assert 1 == len(tree.body)
        assert isinstance(tree.body[0], ast.Expr)

    def test_files_are_json(self) -> None:
        """Every data file parses; the manifest names each but translations."""
        named = json.loads((FOLDER / "pack.json").read_text(encoding="utf-8"))
        files = {
            str(p.relative_to(FOLDER)) for p in FOLDER.rglob("*.json")
        } - {"pack.json"}
        translations = {"translations/de.json", "translations/es.json"}

        assert files == {
            *named["exercises"],
            *named["routines"],
            *translations,
        }
