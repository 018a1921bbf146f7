"""
``exerciselib new pack``: write the project of a new content pack.

The project is complete as written: ``exerciselib validate`` accepts it,
it builds as a wheel and installs with no edits, and its own test loads
it. It carries the JSON Schemas (``schemas/``) for editors, and each JSON
file of the pack names its schema in ``$schema``. Nothing existing is
ever overwritten.
"""

from __future__ import annotations

import json
import pathlib
import re
import typing

from exerciselib._model.types import ID_PATTERN
from exerciselib._schema import bundle
from exerciselib.exceptions import ExportError

if typing.TYPE_CHECKING:
    import os

__all__ = ["new_pack", "pack_files"]

_ID = re.compile(ID_PATTERN)
#: The schemas a pack's files follow, copied into ``schemas/``.
_SCHEMAS = ("pack", "exercise", "routine")


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _requirement(version: str | None) -> str:
    """The exerciselib versions a new pack asks for: this major version."""
    if version is None:
        return ">=0.1,<1"
    parts = [int(p) for p in re.findall(r"\d+", version)[:2]] + [0, 0]
    major, minor = parts[0], parts[1]
    if major == 0:
        return f">=0.{minor},<1"
    return f">={major}.{minor},<{major + 1}"


def pack_files(
    pack_id: str, *, exerciselib_version: str | None
) -> dict[str, str]:
    """
    Return the files of a new pack project, by relative path.

    Args:
        pack_id: The pack id, such as ``knee-basics``.
        exerciselib_version: The running exerciselib's version, for the
            version range the pack asks for.
    """
    package = "exerciselib_" + pack_id.replace("-", "_")
    distribution = f"exerciselib-{pack_id}"
    title = pack_id.replace("-", " ").capitalize()
    requires = _requirement(exerciselib_version)
    folder = f"src/{package}"
    exercise = "example-stretch"
    routine = f"{pack_id}-daily"
    files = {
        "pyproject.toml": _PYPROJECT.format(
            distribution=distribution,
            title=title,
            requires=requires,
            pack_id=pack_id,
            package=package,
        ),
        "README.md": _README.format(
            distribution=distribution,
            title=title,
            pack_id=pack_id,
            package=package,
            routine=routine,
        ),
        "CHANGELOG.md": _CHANGELOG.format(distribution=distribution),
        ".gitignore": "__pycache__/\n*.egg-info/\nbuild/\ndist/\n",
        f"{folder}/__init__.py": (
            f'"""The {title} exerciselib content pack: data only, never '
            'imported."""\n'
        ),
        f"{folder}/pack.json": _json(
            {
                "$schema": "../../schemas/pack.json",
                "format": 3,
                "id": pack_id,
                "name": title,
                "version": "0.1.0",
                "description": f"{title}: home exercises.",
                "language": "en",
                "license": "CC-BY-4.0",
                "credits": [{"name": "Your Name", "role": "author"}],
                "requires_exerciselib": requires,
                "dependencies": [],
                "exercises": [f"exercises/{exercise}.json"],
                "routines": [f"routines/{routine}.json"],
            }
        ),
        f"{folder}/exercises/{exercise}.json": _json(
            {
                "$schema": "../../../schemas/exercise.json",
                "id": exercise,
                "name": "Example stretch",
                "summary": "Replace this example with your own exercise.",
                "starting_position": "Sitting tall on a firm chair.",
                "steps": [
                    "Sit tall with both feet flat on the floor.",
                    "Reach both arms overhead and hold.",
                    "Lower your arms slowly.",
                ],
                "form_cues": ["Keep your shoulders relaxed."],
                "safety_cues": ["Stop if it hurts."],
                "laterality": "none",
                "equipment": ["chair"],
                "tags": ["stretch"],
                "body_regions": ["shoulders"],
            }
        ),
        f"{folder}/routines/{routine}.json": _json(
            {
                "$schema": "../../../schemas/routine.json",
                "id": routine,
                "name": f"{title} daily",
                "description": "Replace this example with your own routine.",
                "items": [
                    {
                        "exercise": exercise,
                        "dosage": {"sets": 2, "reps": 5, "hold_seconds": 10},
                        "notes": "Breathe out as you reach.",
                    }
                ],
                "frequency": {"times_per_day": 1},
                "advice": ["Move slowly, within a comfortable range."],
                "warning_signs": [
                    "Stop and ask your clinician if the pain gets worse."
                ],
            }
        ),
        "tests/test_pack.py": _TEST.format(package=package, pack_id=pack_id),
    }
    for name in _SCHEMAS:
        files[f"schemas/{name}.json"] = _json(bundle(name))
    return files


def new_pack(
    pack_id: str,
    directory: str | os.PathLike[str] | None,
    *,
    exerciselib_version: str | None,
) -> pathlib.Path:
    """
    Write a new pack project and return its folder.

    Args:
        pack_id: The pack id, lower-case kebab-case.
        directory: The project folder to create; by default
            ``exerciselib-<pack_id>`` in the current folder.
        exerciselib_version: The running exerciselib's version.

    Raises:
        ValueError: ``pack_id`` is not a valid pack id.
        ExportError: The folder exists and is not empty, or cannot be
            written; nothing is overwritten.
    """
    if not _ID.fullmatch(pack_id) or len(pack_id) > 64:  # noqa: PLR2004 -- the id limit
        msg = (
            f"{pack_id!r} is not a pack id: use lower-case ASCII letters, "
            "digits and single '-', starting with a letter, such as "
            "'knee-basics'"
        )
        raise ValueError(msg)
    root = pathlib.Path(directory or f"exerciselib-{pack_id}")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        msg = (
            f"{root} already exists and is not an empty folder; nothing was "
            "written: choose another folder with --dir"
        )
        raise ExportError(msg, path=str(root))
    files = pack_files(pack_id, exerciselib_version=exerciselib_version)
    try:
        for relative, text in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
    except OSError as error:
        msg = f"cannot write the project in {root}: {error}"
        raise ExportError(msg, path=str(root)) from error
    return root


_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.26"]
build-backend = "hatchling.build"

[project]
name = "{distribution}"
version = "0.1.0"
description = "{title}: an exerciselib content pack."
readme = "README.md"
license = "CC-BY-4.0"
requires-python = ">=3.11"
authors = [{{ name = "Your Name" }}]
dependencies = ["exerciselib{requires}"]

[project.optional-dependencies]
test = ["pytest>=8"]

# The name (left) is the pack id and must equal "id" in pack.json.
# The value names the package whose folder holds pack.json; exerciselib
# reads that folder and never imports it.
[project.entry-points."exerciselib.packs"]
{pack_id} = "{package}"

[tool.hatch.build.targets.wheel]
packages = ["src/{package}"]

[tool.hatch.build.targets.sdist]
include = ["src/", "tests/", "schemas/", "README.md", "CHANGELOG.md"]
"""

_README = """\
# {distribution}

{title}: an [exerciselib](https://pypi.org/project/exerciselib/) content
pack. Its routine `{pack_id}:{routine}` is ready to show, time and plan.

## Work on it

Edit the JSON files in `src/{package}/`, then check them:

```console
$ exerciselib validate .
$ python -m pip install -e ".[test]" && python -m pytest
```

The files name their schemas (`"$schema"`), so an editor that reads
JSON Schema (VS Code, and others) completes and checks keys as you type.

## Publish

```console
$ python -m pip install build
$ python -m build
$ exerciselib validate dist/*.whl
$ python -m twine upload dist/*
```

## Install and use

```console
$ python -m pip install {distribution}
$ exerciselib show {pack_id}:{routine}
```

## Licence

The content is licensed under CC-BY-4.0 (change `license` in
`pyproject.toml` and `pack.json` together).
"""

_CHANGELOG = """\
# Changelog of {distribution}

## 0.1.0

- First version.
"""

_TEST = '''\
"""The pack loads, with every check exerciselib applies."""

import pathlib

import exerciselib

PROJECT = pathlib.Path(__file__).resolve().parents[1]


def test_pack_loads() -> None:
    """The pack folder loads and its routine resolves."""
    pack = exerciselib.load_pack(PROJECT / "src" / "{package}")

    assert "{pack_id}" == pack.id
    assert pack.routines


def test_project_registers_the_pack() -> None:
    """The entry-point name in pyproject.toml equals the manifest id."""
    assert "{pack_id}" == exerciselib.load_pack(PROJECT).id
'''
