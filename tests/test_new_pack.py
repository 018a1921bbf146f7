"""Tests for `exerciselib new pack`, `schema` and `routines`."""

from __future__ import annotations

import io
import json
import os
import pathlib
import re
import subprocess
import sys
import sysconfig
import tarfile
import typing
import zipfile

import jsonschema
import pytest

from exerciselib import cli, load_catalog, load_pack, to_markdown
from exerciselib._packs import archive as archive_module
from exerciselib._schema import SCHEMA_NAMES, bundle

#: The repository root: the tests run from a checkout.
REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


class Result(typing.NamedTuple):
    """What a run returned and printed."""

    code: int
    out: str
    err: str


def _run(*args: str) -> Result:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(args), stdout=stdout, stderr=stderr)
    return Result(code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    """A new pack project, as `exerciselib new pack` writes it."""
    root = tmp_path / "exerciselib-knee-basics"
    result = _run("new", "pack", "knee-basics", "--dir", str(root))

    assert (0, "") == (result.code, result.err)
    return root


def _refs(value: object) -> set[str]:
    if isinstance(value, dict):
        return {
            ref
            for key, item in value.items()
            for ref in ([item] if key == "$ref" else _refs(item))
        }
    if isinstance(value, list):
        return {ref for item in value for ref in _refs(item)}
    return set()


class TestNewPack:
    """`new pack` writes a complete project that validates."""

    def test_files(self, project: pathlib.Path) -> None:
        """The project holds every file a published pack needs."""
        files = sorted(
            str(p.relative_to(project)).replace(os.sep, "/")
            for p in project.rglob("*")
            if p.is_file()
        )

        assert [
            ".gitignore",
            "CHANGELOG.md",
            "README.md",
            "pyproject.toml",
            "schemas/exercise.json",
            "schemas/pack.json",
            "schemas/routine.json",
            "src/exerciselib_knee_basics/__init__.py",
            "src/exerciselib_knee_basics/exercises/example-stretch.json",
            "src/exerciselib_knee_basics/pack.json",
            "src/exerciselib_knee_basics/routines/knee-basics-daily.json",
            "tests/test_pack.py",
        ] == files

    def test_validates(self, project: pathlib.Path) -> None:
        """`validate` accepts the project as written."""
        folder = project / "src" / "exerciselib_knee_basics"

        result = _run("validate", str(project))

        assert (
            0,
            f"{folder}: ok: pack 'knee-basics', 1 exercise, 1 routine\n",
        ) == (result.code, result.out)

    def test_loads_with_a_licence(self, project: pathlib.Path) -> None:
        """The pack has a licence, credits and a routine that resolves."""
        pack = load_pack(project)

        assert "CC-BY-4.0" == pack.license
        assert pack.credits
        assert "example-stretch" == (
            pack.routine("knee-basics-daily").items[0].exercise.id
        )

    def test_schema_references_resolve(self, project: pathlib.Path) -> None:
        """Each pack file's $schema names the schema file beside it."""
        folder = project / "src" / "exerciselib_knee_basics"
        for path in folder.rglob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            target = (path.parent / data["$schema"]).resolve()
            schema = json.loads(target.read_text(encoding="utf-8"))

            assert [] == list(
                jsonschema.Draft202012Validator(schema).iter_errors(data)
            )

    def test_its_own_tests_pass(self, project: pathlib.Path) -> None:
        """The project's test passes as written."""
        done = subprocess.run(  # noqa: S603 -- our own interpreter
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                str(project / "tests"),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=project,
        )

        assert 0 == done.returncode, done.stdout + done.stderr

    def test_refuses_to_overwrite(self, project: pathlib.Path) -> None:
        """A folder that exists and is not empty is left as it was."""
        readme = project / "README.md"
        readme.write_text("mine", encoding="utf-8")

        result = _run("new", "pack", "knee-basics", "--dir", str(project))

        assert 1 == result.code
        assert "already exists" in result.err
        assert "mine" == readme.read_text(encoding="utf-8")

    @pytest.mark.parametrize("name", ["Knee", "knee_basics", "1knee", "a--b"])
    def test_bad_id(self, tmp_path: pathlib.Path, name: str) -> None:
        """A name that is no pack id is bad usage, and nothing is written."""
        result = _run("new", "pack", name, "--dir", str(tmp_path / "p"))

        assert 2 == result.code
        assert "is not a pack id" in result.err
        assert not (tmp_path / "p").exists()

    def test_default_folder(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without --dir the project is exerciselib-NAME, here."""
        monkeypatch.chdir(tmp_path)

        result = _run("new", "pack", "hip")

        assert 0 == result.code
        assert (tmp_path / "exerciselib-hip" / "pyproject.toml").is_file()


def _site_packages() -> str:
    return sysconfig.get_paths()["purelib"]


def _build(project: pathlib.Path, dist: pathlib.Path) -> pathlib.Path:
    """Build the project's wheel with pip, as a user would."""
    subprocess.run(  # noqa: S603 -- our own interpreter
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(dist),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob(f"{project.name.replace('-', '_')}-*.whl")
    return wheel


def _fresh_venv(where: pathlib.Path) -> pathlib.Path:
    """
    Make a fresh virtual environment and return its interpreter.

    It sees this environment's packages (exerciselib and its
    dependencies) through a .pth file; pack wheels go into it alone.
    """
    venv = where / "venv"
    subprocess.run(  # noqa: S603 -- our own interpreter
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        check=True,
    )
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = _python(
        python, "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    )
    pathlib.Path(purelib, "outer.pth").write_text(
        f"import site; site.addsitedir({_site_packages()!r})\n",
        encoding="utf-8",
    )
    return python


def _install(python: pathlib.Path, *wheels: pathlib.Path) -> None:
    subprocess.run(  # noqa: S603 -- our own interpreter
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            *map(str, wheels),
        ],
        check=True,
        capture_output=True,
    )


def _python(python: pathlib.Path, code: str) -> str:
    """Run ``code`` in ``python`` from a neutral folder; return stdout."""
    return subprocess.run(  # noqa: S603 -- the new interpreter
        [str(python), "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=python.parent,
    ).stdout.strip()


@pytest.mark.slow
def test_builds_and_installs(
    project: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    """The new project builds as a wheel that installs and loads strictly."""
    wheel = _build(project, tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()

    assert "exerciselib_knee_basics/pack.json" in names
    assert "exerciselib_knee_basics/routines/knee-basics-daily.json" in names
    assert 0 == _run("validate", str(wheel)).code

    python = _fresh_venv(tmp_path)
    _install(python, wheel)
    packs = _python(
        python,
        "import exerciselib; "
        "print(sorted(exerciselib.load_catalog(strict=True).packs))",
    )

    assert "['knee-basics', 'sciatica']" == packs


def _guide_project(where: pathlib.Path) -> pathlib.Path:
    """Write the example pack of the authoring guide, from its own text."""
    guide = REPOSITORY / "docs" / "pack-authoring.md"
    page = guide.read_text(encoding="utf-8")
    block = r"^File `([^`]+)`:\n\n```\w+\n(.*?)```$"
    files = re.findall(block, page, re.MULTILINE | re.DOTALL)
    project = where / "exerciselib-knee-basics"
    for name, text in files:
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return project


@pytest.mark.slow
def test_guide_pack_with_a_dependent_pack(tmp_path: pathlib.Path) -> None:
    """The guide's pack and a pack using it validate, build and install."""
    basics = _guide_project(tmp_path)
    plus = tmp_path / "exerciselib-knee-plus"
    assert 0 == _run("new", "pack", "knee-plus", "--dir", str(plus)).code
    manifest = plus / "src" / "exerciselib_knee_plus" / "pack.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["dependencies"] = ["knee-basics"]
    data["routines"].append(
        {
            "id": "both",
            "name": "Both",
            "items": [
                {"exercise": "example-stretch"},
                {"exercise": "knee-basics:seated-knee-extension"},
            ],
        }
    )
    manifest.write_text(json.dumps(data), encoding="utf-8")
    pyproject = plus / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            'dependencies = ["exerciselib',
            'dependencies = ["exerciselib-knee-basics>=1", "exerciselib',
        ),
        encoding="utf-8",
    )
    dist = tmp_path / "dist"
    wheels = [_build(basics, dist), _build(plus, dist)]

    assert 0 == _run("validate", str(basics), str(wheels[0])).code
    assert 1 == _run("validate", str(plus)).code
    assert 0 == _run("validate", str(wheels[1]), "--with", str(basics)).code

    python = _fresh_venv(tmp_path)
    _install(python, *wheels)
    names = _python(
        python,
        "import exerciselib; c = exerciselib.load_catalog(strict=True); "
        "r = c.routine('knee-plus:both'); "
        "print([i.exercise.name for i in r.items])",
    )

    assert "['Example stretch', 'Seated knee extension']" == names


class TestSchema:
    """`schema NAME` prints one self-contained schema for editors."""

    @pytest.mark.parametrize(
        "name", [n for n in SCHEMA_NAMES if n != "common"]
    )
    def test_self_contained(self, name: str) -> None:
        """Every $ref points inside the document, and the schema is valid."""
        result = _run("schema", name)
        printed = json.loads(result.out)

        assert 0 == result.code
        assert bundle(name) == printed
        jsonschema.Draft202012Validator.check_schema(printed)
        assert all(ref.startswith("#") for ref in _refs(printed))

    def test_keeps_the_stable_id(self) -> None:
        """The printed schema keeps the $id it was made from."""
        printed = json.loads(_run("schema", "pack").out)

        assert (
            "https://exerciselib.example/schemas/v1/pack.json"
            == printed["$id"]
        )

    def test_checks_like_the_loader(self) -> None:
        """The bundle refuses what the loader refuses, with no registry."""
        validator = jsonschema.Draft202012Validator(bundle("routine"))
        bad = {
            "id": "r",
            "name": "R",
            "items": [{"exercise": "a", "dosage": {"reps": -1}}],
        }
        root = load_catalog().pack("sciatica").root
        good = json.loads(
            (root / "routines" / "sciatica-relief.json").read_text(
                encoding="utf-8"
            )
        )

        assert ["$.items[0].dosage.reps"] == [
            error.json_path for error in validator.iter_errors(bad)
        ]
        assert [] == list(validator.iter_errors(good))

    def test_unknown_name_is_usage(self) -> None:
        """An unknown schema name is bad usage."""
        assert 2 == _run("schema", "common").code


class TestRoutines:
    """`routines [TEXT]` lists routine ids."""

    def test_lists_routines(self) -> None:
        """Each routine is one line: id, name, exercises, length."""
        result = _run("routines", "relief")

        assert 0 == result.code
        assert (
            "sciatica:sciatica-relief  Sciatica relief  "
            "(4 exercises, about 4 min 20 s)\n"
        ) == result.out

    def test_no_match(self) -> None:
        """Nothing found exits 0 with a note on stderr."""
        assert (0, "", "No routine matches.\n") == _run(
            "routines", "zzzz-nothing"
        )

    def test_json(self) -> None:
        """--format json gives ids, names, exercises and seconds."""
        (entry,) = json.loads(
            _run("routines", "sciatica", "--format", "json").out
        )

        assert "sciatica:sciatica-relief" == entry["id"]
        assert 260 == entry["seconds"]
        assert 4 == len(entry["exercises"])


def _wheel(
    project: pathlib.Path,
    target: pathlib.Path,
    *,
    entry_name: str = "knee-basics",
    skip: str = "",
    extra: tuple[str, ...] = (),
) -> pathlib.Path:
    """Zip the project's package as a wheel would hold it."""
    package = project / "src" / "exerciselib_knee_basics"
    with zipfile.ZipFile(target, "w") as wheel:
        for path in sorted(package.rglob("*")):
            name = path.relative_to(package.parent).as_posix()
            if path.is_file() and not (skip and name.endswith(skip)):
                wheel.write(path, name)
        wheel.writestr(
            "exerciselib_knee_basics-0.1.0.dist-info/entry_points.txt",
            f"[exerciselib.packs]\n{entry_name} = exerciselib_knee_basics\n",
        )
        for name in extra:
            wheel.writestr(name, "x")
    return target


class TestBuiltDistributions:
    """`validate` checks a built wheel or sdist as it will install."""

    def test_good_wheel(
        self, project: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A wheel holding the pack validates, named ARCHIVE!folder."""
        wheel = _wheel(project, tmp_path / "k-0.1.0-py3-none-any.whl")

        result = _run("validate", str(wheel))

        expected = (
            f"{wheel}!exerciselib_knee_basics: ok: pack 'knee-basics', "
            "1 exercise, 1 routine\n"
        )

        assert (0, expected) == (result.code, result.out)

    def test_wheel_without_a_file(
        self, project: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A JSON file left out of the wheel is reported."""
        wheel = _wheel(
            project,
            tmp_path / "k-0.1.0-py3-none-any.whl",
            skip="example-stretch.json",
        )

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert (
            f"{wheel}!exerciselib_knee_basics/pack.json:$.exercises[0]: "
            "'exercises/example-stretch.json' does not exist in the pack"
        ) in result.out

    def test_wheel_entry_point_name(
        self, project: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A wheel registering the pack under another name is refused."""
        wheel = _wheel(
            project, tmp_path / "k-0.1.0-py3-none-any.whl", entry_name="knee"
        )

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert "differs from the entry-point name 'knee'" in result.out

    def test_unsafe_member(
        self, project: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """A member that would land outside the folder is refused."""
        wheel = _wheel(
            project,
            tmp_path / "k-0.1.0-py3-none-any.whl",
            extra=("../escape.txt",),
        )

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert "would land outside" in result.out
        assert not (tmp_path / "escape.txt").exists()

    def test_no_entry_points(self, tmp_path: pathlib.Path) -> None:
        """A wheel that registers no pack says how to register one."""
        wheel = tmp_path / "x-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("x/__init__.py", "")

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert "registers no [exerciselib.packs] entry point" in result.out

    def test_wheel_without_the_package(self, tmp_path: pathlib.Path) -> None:
        """A wheel whose entry point names a package it lacks says so."""
        wheel = tmp_path / "x-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("other/__init__.py", "")
            archive.writestr(
                "x-1.0.dist-info/entry_points.txt",
                "[exerciselib.packs]\nx = exerciselib_x\n",
            )

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert (
            "the entry point 'x' names the package 'exerciselib_x', which "
            "the wheel does not hold"
        ) in result.out

    def test_too_many_members(
        self,
        project: pathlib.Path,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """An archive past the member limit is refused before unpacking."""
        monkeypatch.setattr(archive_module, "MAX_MEMBERS", 3)
        wheel = _wheel(project, tmp_path / "k-0.1.0-py3-none-any.whl")

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert "the limits are 3 files" in result.out

    def test_unreadable_entry_points(self, tmp_path: pathlib.Path) -> None:
        """Entry points that are not UTF-8 text are one clear line."""
        wheel = tmp_path / "x-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("x-1.0.dist-info/entry_points.txt", b"\xff[")

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert "its entry points cannot be read" in result.out

    def test_sdist_without_a_project(self, tmp_path: pathlib.Path) -> None:
        """An sdist with no project folder says what it lacks."""
        sdist = tmp_path / "x-0.1.0.tar.gz"
        loose = tmp_path / "loose.txt"
        loose.write_text("x", encoding="utf-8")
        with tarfile.open(sdist, "w:gz") as archive:
            archive.add(loose, arcname="x-0.1.0/loose.txt")

        result = _run("validate", str(sdist))

        assert 1 == result.code
        assert "no single project folder with pyproject.toml" in result.out

    def test_not_an_archive(self, tmp_path: pathlib.Path) -> None:
        """A file named like a wheel that is no zip is one clear line."""
        wheel = tmp_path / "x-1.0-py3-none-any.whl"
        wheel.write_text("not a zip", encoding="utf-8")

        result = _run("validate", str(wheel))

        assert 1 == result.code
        assert "cannot be read as a built distribution" in result.out

    def test_sdist(
        self, project: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """An sdist is unpacked and its project validated."""
        sdist = tmp_path / "exerciselib_knee_basics-0.1.0.tar.gz"
        with tarfile.open(sdist, "w:gz") as archive:
            archive.add(project, arcname="exerciselib_knee_basics-0.1.0")

        result = _run("validate", str(sdist))

        assert 0 == result.code
        assert result.out.startswith(
            f"{sdist}!exerciselib_knee_basics-0.1.0/src/"
            "exerciselib_knee_basics: ok: pack 'knee-basics'"
        )

    def test_sdist_with_a_link(
        self, project: pathlib.Path, tmp_path: pathlib.Path
    ) -> None:
        """An sdist holding a link is refused."""
        sdist = tmp_path / "x-0.1.0.tar.gz"
        with tarfile.open(sdist, "w:gz") as archive:
            archive.add(project, arcname="x-0.1.0")
            link = tarfile.TarInfo("x-0.1.0/evil")
            link.type = tarfile.SYMTYPE
            link.linkname = "/etc/passwd"
            archive.addfile(link)

        result = _run("validate", str(sdist))

        assert 1 == result.code
        assert "is a link" in result.out


class TestPackCredits:
    """The pack's credits appear in `show` and in the handouts."""

    def test_show_prints_pack_credits(self, project: pathlib.Path) -> None:
        """`show` ends with the pack, its licence and its credits."""
        result = _run(
            "show", "knee-basics:knee-basics-daily", "--pack", str(project)
        )

        assert 0 == result.code
        assert [
            "",
            "Pack: Knee basics 0.1.0 (knee-basics), licence CC-BY-4.0",
            "  - author: Your Name",
        ] == result.out.splitlines()[-3:]

    @pytest.mark.parametrize("flag", ["--md", "--html"])
    def test_handouts_list_pack_credits(
        self, project: pathlib.Path, tmp_path: pathlib.Path, flag: str
    ) -> None:
        """A handout lists the pack's credits when the routine has none."""
        target = tmp_path / "handout"

        result = _run(
            "export",
            "knee-basics:knee-basics-daily",
            flag,
            str(target),
            "--pack",
            str(project),
        )
        page = target.read_text(encoding="utf-8")

        assert 0 == result.code
        assert "Credits" in page
        assert "author: Your Name" in page

    def test_credit_listed_once(self) -> None:
        """A credit both the routine and its pack give is listed once."""
        catalog = load_catalog()
        routine = catalog.routine("sciatica:sciatica-relief")
        page = to_markdown(
            routine, pack_credits=catalog.pack("sciatica").credits
        )

        assert page == to_markdown(routine)
