"""Tests for what pack authors meet: failed packs, projects, messages."""

from __future__ import annotations

import base64
import doctest
import io
import json
import pathlib
import shutil
import typing

import attrs
import pytest

from exerciselib import (
    Catalog,
    Exercise,
    PackError,
    PackLoadFailure,
    cli,
    load_catalog,
    load_pack,
)
from exerciselib import _schema as schema_module
from exerciselib._model import vocabulary
from exerciselib.cli import _commands, _validate

#: The repository root: the tests run from a checkout.
REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
SCIATICA = REPOSITORY / "packs" / "sciatica"


class Result(typing.NamedTuple):
    """What a run returned and printed."""

    code: int
    out: str
    err: str


def _run(*args: str) -> Result:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=stdout, stderr=stderr)
    return Result(code, stdout.getvalue(), stderr.getvalue())


def _edit(
    path: pathlib.Path, change: typing.Callable[[typing.Any], None]
) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the sciatica pack's project folder."""
    copy = tmp_path / "sciatica-project"
    shutil.copytree(
        SCIATICA,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    return copy


@pytest.fixture
def folder(project: pathlib.Path) -> pathlib.Path:
    """The pack folder inside the copied project."""
    return project / "src" / "exerciselib_sciatica"


@pytest.fixture
def two_broken(folder: pathlib.Path) -> pathlib.Path:
    """The copied pack with two problems in its routine."""

    def change(data: typing.Any) -> None:
        data["items"][0]["dosage"]["reps"] = -3
        data["items"][1]["dosage"]["sets"] = 0

    _edit(folder / "routines" / "sciatica-relief.json", change)
    return folder


class TestFailedPack:
    """A pack that failed to load says why, wherever it is asked for."""

    def test_packs_lists_every_problem(self, two_broken: pathlib.Path) -> None:
        """`packs` lists each problem of a failed pack on its own line."""
        result = _run("packs", "--pack", str(two_broken))
        lines = result.out.splitlines()
        at = next(i for i, line in enumerate(lines) if "FAILED" in line)

        assert 1 == result.code
        assert lines[at].endswith("fix each place listed:")
        assert [
            "sciatica: routines/sciatica-relief.json: $.items[0].dosage.reps",
            "sciatica: routines/sciatica-relief.json: $.items[1].dosage.sets",
        ] == [line.strip().rpartition(": ")[0] for line in lines[at + 1 :]]

    @pytest.mark.parametrize(
        "command",
        [
            ["show"],
            ["timeline"],
            ["plan", "--start", "2026-12-07", "--weeks", "1", "--tz", "UTC"],
        ],
        ids=["show", "timeline", "plan"],
    )
    def test_routine_of_a_failed_pack(
        self, two_broken: pathlib.Path, command: list[str]
    ) -> None:
        """Asking for a routine of a failed pack says it failed, and why."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("EXERCISELIB_NO_DISCOVERY", "1")
            result = _run(
                *command[:1],
                "sciatica:sciatica-relief",
                *command[1:],
                "--pack",
                str(two_broken),
            )
        lines = result.err.splitlines()

        assert 1 == result.code
        assert (
            "'sciatica:sciatica-relief' cannot be shown: pack 'sciatica' "
            "failed to load (2 problems; fix each place listed)"
        ) == lines[0].removeprefix("exerciselib: error: ")
        assert "is installed." not in result.err
        assert "$.items[0].dosage.reps" in lines[1]
        assert "$.items[1].dosage.sets" in lines[2]

    def test_installed_pack_without_problem_list(self) -> None:
        """An installed pack's failure without problems gives its reason."""
        error = PackError(
            "Pack id 'demo' is offered by both a and b.", pack="demo"
        )
        failure = PackLoadFailure.from_error(error)
        broken = Catalog(
            failures=[attrs.evolve(failure, distribution="dist-demo")]
        )

        with pytest.raises(PackError) as caught:
            _commands._routine(broken, "demo:daily")

        assert (
            "'demo:daily' cannot be shown: pack 'demo' is installed but "
            "failed to load: Pack id 'demo' is offered by both a and b."
        ) == str(caught.value)


class TestProjectFolders:
    """A project folder is taken wherever a pack folder is."""

    def test_pack_option_takes_a_project(self, project: pathlib.Path) -> None:
        """--pack with a project folder loads the pack it registers."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("EXERCISELIB_NO_DISCOVERY", "1")
            result = _run("packs", "--pack", str(project))

        assert 0 == result.code
        assert result.out.startswith("sciatica 1.3.0: ")

    def test_pack_option_with_a_broken_project(
        self, tmp_path: pathlib.Path
    ) -> None:
        """--pack with an unreadable pyproject lists it as a failure."""
        (tmp_path / "pyproject.toml").write_text("[project", encoding="utf-8")

        result = _run("packs", "--pack", str(tmp_path))
        failed = [line for line in result.out.splitlines() if "FAILED" in line]

        assert 1 == result.code
        assert 1 == len(failed)
        assert "pyproject.toml: $: cannot be read as TOML" in result.out

    def test_load_pack_takes_a_project(self, project: pathlib.Path) -> None:
        """load_pack of a project folder loads its one pack."""
        assert "sciatica" == load_pack(project).id

    def test_no_manifest_says_which_folder(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A folder without pack.json says which folder to give."""
        with pytest.raises(PackError) as caught:
            load_pack(tmp_path)

        assert (
            f"{tmp_path} holds no pack.json: give the folder that holds "
            "pack.json (in a project, src/<package>/) or the project folder "
            "holding pyproject.toml"
        ) == caught.value.problems[0].message

    def test_validate_checks_the_entry_point_name(
        self, project: pathlib.Path
    ) -> None:
        """A project whose entry-point name differs from the id is refused."""
        pyproject = project / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8").replace(
                "sciatica = ", "sciatic = "
            ),
            encoding="utf-8",
        )

        result = _run("validate", str(project))

        assert 1 == result.code
        assert (
            "$.id: the manifest id 'sciatica' differs from the entry-point "
            "name 'sciatic'; make them equal"
        ) in result.out

    def test_what_keeps_a_project_from_building(
        self, project: pathlib.Path
    ) -> None:
        """A missing readme or wheel package folder fails validate."""
        (project / "README.md").unlink()
        pyproject = project / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8").replace(
                'packages = ["src/exerciselib_sciatica"]',
                'packages = ["src/exerciselib_sciatic"]',
            ),
            encoding="utf-8",
        )

        result = _run("validate", str(project))
        lines = result.out.splitlines()

        assert 1 == result.code
        assert lines[0].startswith(
            f"{pyproject}:$.project.readme: the readme 'README.md' does not "
            "exist, so the project does not build"
        )
        assert lines[1].startswith(
            f"{pyproject}:$.tool.hatch.build.targets.wheel.packages[0]: "
            "the wheel's package folder 'src/exerciselib_sciatic' does not "
            "exist"
        )

    def test_object_entry_point_is_refused(
        self, project: pathlib.Path
    ) -> None:
        """An entry point naming an object (pkg:attr) is refused early."""
        pyproject = project / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(
            text.replace('"exerciselib_sciatica"', '"exerciselib_sciatica:x"'),
            encoding="utf-8",
        )

        result = _run("validate", str(project))

        assert 1 == result.code
        assert "names an object" in result.out

    def test_project_with_two_packs_for_load_pack(
        self, project: pathlib.Path
    ) -> None:
        """load_pack of a project with two packs asks for one folder."""
        pyproject = project / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8").replace(
            'sciatica = "exerciselib_sciatica"',
            'sciatica = "exerciselib_sciatica"\n'
            'other = "exerciselib_sciatica"',
        )
        pyproject.write_text(text, encoding="utf-8")

        with pytest.raises(PackError, match="registers 2 packs"):
            load_pack(project)


class TestDependencies:
    """validate checks that declared dependencies exist."""

    @pytest.fixture
    def dependent(self, tmp_path: pathlib.Path) -> pathlib.Path:
        """A pack that declares a dependency on pack 'elsewhere'."""
        root = tmp_path / "dependent"
        root.mkdir()
        manifest = {
            "format": 1,
            "id": "dependent",
            "name": "Dependent",
            "version": "1.0.0",
            "description": "Uses another pack.",
            "language": "en",
            "license": "CC0-1.0",
            "credits": [],
            "requires_exerciselib": ">=0.1",
            "dependencies": ["elsewhere"],
            "exercises": [],
        }
        (root / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
        return root

    def test_missing_dependency_fails(self, dependent: pathlib.Path) -> None:
        """A declared dependency that is not installed is a problem."""
        result = _run("validate", str(dependent))

        assert 1 == result.code
        assert (
            "pack.json:$.dependencies[0]: depends on pack 'elsewhere', which "
            "is not installed; install it (pip install the distribution that "
            "provides it), or give its folder with --with DIR"
        ) in result.out

    def test_with_gives_the_dependency(
        self, dependent: pathlib.Path, folder: pathlib.Path
    ) -> None:
        """--with DIR supplies a pack that is not installed."""
        _edit(dependent / "pack.json", _depend_on_sciatica)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("EXERCISELIB_NO_DISCOVERY", "1")
            alone = _run("validate", str(dependent))
            given = _run("validate", str(dependent), "--with", str(folder))

        assert 1 == alone.code
        assert (0, "") == (given.code, given.err)

    def test_blocked_dependency_says_blocked(
        self, dependent: pathlib.Path
    ) -> None:
        """An installed but blocked dependency is not called uninstalled."""
        _edit(dependent / "pack.json", _depend_on_sciatica)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("EXERCISELIB_BLOCKED_PACKS", "sciatica")
            result = _run("validate", str(dependent))

        assert 1 == result.code
        assert "which is blocked by EXERCISELIB_BLOCKED_PACKS" in result.out
        assert "load_pack" not in result.out

    def test_failed_dependency_says_failed(
        self, dependent: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An installed dependency that failed to load says so, and why."""
        monkeypatch.setattr(
            _validate, "_installed", lambda: ({}, {"elsewhere": "it broke"})
        )

        result = _run("validate", str(dependent))

        assert 1 == result.code
        assert (
            "depends on pack 'elsewhere', which is installed but failed to "
            "load (it broke); run 'exerciselib packs' to see its problems"
        ) in result.out

    def test_installed_dependency(self, dependent: pathlib.Path) -> None:
        """A dependency that is installed validates."""
        _edit(dependent / "pack.json", _depend_on_sciatica)

        assert 0 == _run("validate", str(dependent)).code

    def test_broken_with_pack_is_reported(
        self, dependent: pathlib.Path, two_broken: pathlib.Path
    ) -> None:
        """A --with pack that does not load is an error, exit 1."""
        result = _run("validate", str(dependent), "--with", str(two_broken))

        assert 1 == result.code
        assert "$.items[0].dosage.reps" in result.err


def _depend_on_sciatica(data: typing.Any) -> None:
    data["dependencies"] = ["sciatica"]
    data["routines"] = [
        {
            "id": "borrowed",
            "name": "Borrowed",
            "items": [{"exercise": "sciatica:lower-trunk-rotation"}],
        }
    ]


def test_catalog_still_loads() -> None:
    """The installed catalog is unaffected by these tests."""
    assert "sciatica" in load_catalog()


def _manifest(pack_id: str, **extra: typing.Any) -> dict[str, typing.Any]:
    return {
        "format": 1,
        "id": pack_id,
        "name": pack_id.title(),
        "version": "1.0.0",
        "description": "A pack for tests.",
        "language": "en",
        "license": "CC0-1.0",
        "credits": [],
        "requires_exerciselib": ">=0.1",
        "exercises": [],
        **extra,
    }


def _write_pack(root: pathlib.Path, manifest: dict[str, typing.Any]) -> None:
    root.mkdir(parents=True)
    (root / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")


#: The smallest PNG files: one pixel each, different colours.
PNG_OWNER = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e5a3d7"
    "0000000049454e44ae426082"
)
PNG_OTHER = PNG_OWNER[:-20] + b"\x00" * 4 + PNG_OWNER[-16:]


class TestMediaOwner:
    """Pictures resolve against the pack that owns the exercise."""

    def test_export_uses_the_owning_pack(self, tmp_path: pathlib.Path) -> None:
        """A routine's borrowed exercise shows its own pack's picture."""
        stretch = {
            "id": "stretch",
            "name": "Stretch",
            "summary": "Stretch.",
            "steps": ["Stretch."],
            "media": [{"path": "media/stretch.png", "alt": "A stretch"}],
        }
        _write_pack(tmp_path / "pics", _manifest("pics", exercises=[stretch]))
        _write_pack(
            tmp_path / "uses",
            _manifest(
                "uses",
                dependencies=["pics"],
                routines=[
                    {
                        "id": "daily",
                        "name": "Daily",
                        "items": [{"exercise": "pics:stretch"}],
                    }
                ],
            ),
        )
        for name, data in (("pics", PNG_OWNER), ("uses", PNG_OTHER)):
            (tmp_path / name / "media").mkdir()
            (tmp_path / name / "media" / "stretch.png").write_bytes(data)
        target = tmp_path / "out.html"

        result = _run(
            "export",
            "uses:daily",
            "--html",
            str(target),
            "--pack",
            str(tmp_path / "pics"),
            "--pack",
            str(tmp_path / "uses"),
        )
        page = target.read_text(encoding="utf-8")

        assert 0 == result.code
        assert base64.b64encode(PNG_OWNER).decode() in page
        assert base64.b64encode(PNG_OTHER).decode() not in page

    def test_media_root_of_an_unknown_exercise(self) -> None:
        """An exercise no loaded pack holds has no media root."""
        stray = Exercise(id="stray", name="Stray", summary="S.", steps=["S."])

        assert None is load_catalog().media_root(stray)

    def test_media_root_of_an_equal_exercise(self) -> None:
        """An exercise equal to a pack's (read back from JSON) finds it."""
        catalog = load_catalog()
        original = catalog.exercise("sciatica:lower-trunk-rotation")
        copy = Exercise.from_dict(original.to_dict())

        assert catalog.pack("sciatica").root == catalog.media_root(copy)


class TestMessages:
    """Messages say what is wrong in words, and how to fix it."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('{"a": [1, 2,]}', "trailing comma before ']': remove the comma"),
            ('{"a": 1,}', "trailing comma before '}': remove the comma"),
            ("{'a': 1}", "strings and keys need double quotes"),
            ("", "the file is empty"),
            ('{"a" 1}', "a ':' is missing after the key"),
            ('{"a": [1 2]}', "a comma is missing between two items"),
            ('{"a": "b', "a string is not closed"),
            ("{} {}", "more text follows the end of the JSON value"),
            ('{"a": tru}', "a value was expected, not 't'"),
            ('{"a": "\\q"}', "an invalid backslash escape"),
        ],
        ids=[
            "trailing-array",
            "trailing-object",
            "single-quotes",
            "empty",
            "colon",
            "comma",
            "unclosed",
            "extra",
            "bad-value",
            "escape",
        ],
    )
    def test_json_syntax_in_words(
        self, tmp_path: pathlib.Path, text: str, expected: str
    ) -> None:
        """A JSON syntax error is said in words, with line and column."""
        (tmp_path / "pack.json").write_text(text, encoding="utf-8")

        with pytest.raises(PackError) as caught:
            load_pack(tmp_path)
        message = caught.value.problems[0].message

        assert message.startswith("invalid JSON at line 1 column ")
        assert expected in message
        assert "Expecting" not in message

    def test_path_rule_in_words(self, tmp_path: pathlib.Path) -> None:
        """A path breaking the path rules says the rule, not a regex."""
        _write_pack(
            tmp_path / "p", _manifest("p", exercises=["../outside.json"])
        )

        with pytest.raises(PackError) as caught:
            load_pack(tmp_path / "p")
        (problem,) = caught.value.problems

        assert "$.exercises[0]" == problem.json_path
        assert problem.message.startswith(
            "'../outside.json' is not allowed: paths stay inside the pack: "
        )
        assert "no '..', no leading '/'" in problem.message
        assert "^" not in problem.message

    def test_missing_media_suggests_a_close_name(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A missing media file suggests the file with a close name."""
        exercise = {
            "id": "stretch",
            "name": "Stretch",
            "summary": "Stretch.",
            "steps": ["Stretch."],
            "media": [{"path": "media/strech.png", "alt": "A stretch"}],
        }
        _write_pack(tmp_path / "p", _manifest("p", exercises=[exercise]))
        (tmp_path / "p" / "media").mkdir()
        (tmp_path / "p" / "media" / "stretch.png").write_bytes(PNG_OWNER)

        with pytest.raises(PackError) as caught:
            load_pack(tmp_path / "p")

        assert (
            "'media/strech.png' does not exist in the pack; did you mean "
            "'media/stretch.png'?"
        ) == caught.value.problems[0].message


class TestVocabulary:
    """A shared vocabulary of body regions and equipment, with synonyms."""

    @pytest.mark.parametrize(
        ("region", "expected"),
        [
            ("hamstring", 2),
            ("Hamstrings", 2),
            ("back of thigh", 2),
            ("lower back", 1),
            ("lower_back", 1),
            ("lumbar", 1),
            ("glutes", 1),
            ("elbow", 0),
        ],
    )
    def test_region_synonyms(self, region: str, expected: int) -> None:
        """A region given by a synonym finds its canonical term."""
        assert expected == len(load_catalog().search(region=region))

    def test_text_finds_synonyms(self) -> None:
        """Search words match the synonyms of an exercise's regions."""
        found = [q for q, _ in load_catalog().search("lumbar")]

        assert ["sciatica:lower-trunk-rotation"] == found

    def test_unknown_terms_are_noted(self, tmp_path: pathlib.Path) -> None:
        """Unknown terms are noted with the closest known one; exit 0."""
        exercise = {
            "id": "reach",
            "name": "Reach",
            "summary": "Reach.",
            "steps": ["Reach."],
            "body_regions": ["sholder", "spleen"],
            "equipment": ["yoga mat", "trampolin"],
        }
        _write_pack(tmp_path / "p", _manifest("p", exercises=[exercise]))
        manifest = tmp_path / "p" / "pack.json"

        result = _run("validate", str(tmp_path / "p"))
        lines = result.out.splitlines()
        data = json.loads(
            _run("validate", str(tmp_path / "p"), "--format", "json").out
        )

        first = (
            f"{manifest}:$.exercises[0].body_regions[0]: note: 'sholder' "
            "is not in the shared vocabulary of body region terms, so "
            "searches by other packs' terms miss it; did you mean "
            "'shoulder'? (allowed; see docs/pack-authoring.md, Vocabulary)"
        )
        second = (
            f"{manifest}:$.exercises[0].body_regions[1]: note: 'spleen' "
            "is not in the shared vocabulary of body region terms, so "
            "searches by other packs' terms miss it (allowed; see "
            "docs/pack-authoring.md, Vocabulary)"
        )

        assert 0 == result.code
        assert lines[0].endswith("ok: pack 'p', 1 exercise, 0 routines")
        assert [first, second] == lines[1:3]
        assert "$.exercises[0].equipment[1]" in lines[3]
        assert 3 == len(data[0]["notes"])
        assert data[0]["ok"]

    def test_doctests(self) -> None:
        """The vocabulary's and the schema bundle's examples hold."""
        for module in (vocabulary, schema_module):
            result = doctest.testmod(module)

            assert result.attempted > 0
            assert 0 == result.failed


class TestProjectAndFolderOnce:
    """A pack reached as a folder and through its project is one pack."""

    def test_folder_and_its_project(
        self, project: pathlib.Path, folder: pathlib.Path
    ) -> None:
        """The folder and its project, given together, load one pack."""
        catalog = load_catalog(
            paths=[folder, project], discover=False, refresh=True
        )

        assert ["sciatica"] == list(catalog.packs)
        assert () == catalog.failures

    def test_missing_file_hint_through_the_open_folder(
        self, folder: pathlib.Path
    ) -> None:
        """A misspelt file name gets the closest name in its folder."""

        def change(data: typing.Any) -> None:
            data["routines"] = ["routines/sciatica-relif.json"]

        _edit(folder / "pack.json", change)

        with pytest.raises(PackError) as caught:
            load_pack(folder)

        assert (
            "did you mean 'routines/sciatica-relief.json'"
            in caught.value.problems[0].message
        )
