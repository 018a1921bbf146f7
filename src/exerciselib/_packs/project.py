"""
Pack projects: the source folder of a pack distribution.

A pack author works in a *project* (the folder holding
``pyproject.toml``), while a pack is the folder holding ``pack.json``
inside it. Wherever exerciselib takes a pack folder it also takes the
project: the ``[project.entry-points."exerciselib.packs"]`` table names
each pack (the entry-point name, which must equal the manifest id) and
its package, whose folder is under ``src/`` or at the top. Nothing is
imported, run or written: ``pyproject.toml`` is only read.
"""

from __future__ import annotations

import pathlib
import typing

from exerciselib._packs.discovery import GROUP
from exerciselib._packs.files import MANIFEST
from exerciselib._packs.reader import pack_error
from exerciselib.exceptions import PackError, Problem

if typing.TYPE_CHECKING:
    import os

__all__ = ["PYPROJECT", "PackFolder", "build_problems", "pack_folders"]

#: The file that makes a folder a project.
PYPROJECT = "pyproject.toml"
#: The largest ``pyproject.toml`` read, in bytes.
_MAX_PYPROJECT_BYTES = 1024 * 1024


class PackFolder(typing.NamedTuple):
    """A pack folder, and the entry-point name it is registered under."""

    #: The entry-point name (the pack id it must have), if registered.
    name: str | None
    #: The folder holding ``pack.json``.
    folder: pathlib.Path
    #: The built distribution file it came from, if any.
    distribution: str | None = None


def _refuse(project: pathlib.Path, json_path: str, message: str) -> PackError:
    problem = Problem(json_path=json_path, message=message, file=PYPROJECT)
    return pack_error([problem], pack=None, root=project, distribution=None)


def _pyproject(project: pathlib.Path) -> dict[str, typing.Any]:
    import tomllib  # noqa: PLC0415 -- lazy: start-up time

    pyproject = project / PYPROJECT
    try:
        raw = pyproject.read_bytes()
        if len(raw) > _MAX_PYPROJECT_BYTES:
            msg = f"the file is {len(raw)} bytes, too big for a pyproject"
            raise _refuse(project, "$", msg)
        return tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        msg = f"cannot be read as TOML: {error}"
        raise _refuse(project, "$", msg) from error


def build_problems(path: str | os.PathLike[str]) -> list[Problem]:
    """
    Return what would keep the project at ``path`` from building.

    Only what can be seen without building: the ``readme`` file that
    ``[project]`` names, and the package folders that hatchling's wheel
    target lists, must exist. A folder that is no project has none.

    Raises:
        PackError: ``pyproject.toml`` cannot be read.
    """
    given = pathlib.Path(path)
    if (given / MANIFEST).exists() or not (given / PYPROJECT).is_file():
        return []
    data = _pyproject(given)
    found = []
    table = data.get("project")
    readme = table.get("readme") if isinstance(table, dict) else None
    if isinstance(readme, dict):
        readme = readme.get("file")
    if isinstance(readme, str) and not (given / readme).is_file():
        msg = (
            f"the readme {readme!r} does not exist, so the project does not "
            "build: write it, or remove the readme key"
        )
        found.append(
            Problem(json_path="$.project.readme", message=msg, file=PYPROJECT)
        )
    tool = data.get("tool")
    hatch = tool.get("hatch", {}) if isinstance(tool, dict) else {}
    wheel = (
        hatch.get("build", {}).get("targets", {}).get("wheel", {})
        if isinstance(hatch, dict)
        else {}
    )
    packages = wheel.get("packages", []) if isinstance(wheel, dict) else []
    for index, package in enumerate(
        packages if isinstance(packages, list) else []
    ):
        if isinstance(package, str) and not (given / package).is_dir():
            msg = (
                f"the wheel's package folder {package!r} does not exist, so "
                "the wheel would leave the pack out"
            )
            where = f"$.tool.hatch.build.targets.wheel.packages[{index}]"
            found.append(Problem(json_path=where, message=msg, file=PYPROJECT))
    return found


def _entry_points(project: pathlib.Path) -> dict[str, typing.Any]:
    data = _pyproject(project)
    table = data.get("project")
    points = table.get("entry-points", {}) if isinstance(table, dict) else {}
    packs = points.get(GROUP, {}) if isinstance(points, dict) else {}
    if not isinstance(packs, dict) or not packs:
        msg = (
            f"no [project.entry-points.{GROUP!r}] table; give the folder "
            f"holding {MANIFEST}, or register the pack's package there"
        )
        raise _refuse(project, f"$.project.entry-points.{GROUP}", msg)
    return packs


def pack_folders(path: str | os.PathLike[str]) -> list[PackFolder]:
    """
    Return the pack folders at ``path``: a pack folder or a project.

    A folder holding ``pack.json`` is a pack; otherwise a folder holding
    ``pyproject.toml`` is a project, and its entry points name the packs.
    Any other path is returned as it is, for the reader to report.

    Raises:
        PackError: The project's ``pyproject.toml`` cannot be read,
            registers no pack, or names a package with no folder
            (``file`` is ``pyproject.toml``).
    """
    given = pathlib.Path(path)
    if (given / MANIFEST).exists() or not (given / PYPROJECT).is_file():
        return [PackFolder(None, given)]
    found = []
    for name, value in _entry_points(given).items():
        where = f"$.project.entry-points.{GROUP}.{name}"
        module, colon, _ = str(value).partition(":")
        module = module.strip()
        if colon:
            msg = (
                f"the value {value!r} names an object; name the package "
                f"whose folder holds {MANIFEST}: {module!r}"
            )
            raise _refuse(given, where, msg)
        if module and not all(
            part.isidentifier() for part in module.split(".")
        ):
            # Only a dotted package name: never a path that could lead
            # out of the project ("/etc", "x/../../other").
            msg = (
                f"{module!r} is not a package name; name the package "
                f"holding {MANIFEST}, like 'exerciselib_sciatica'"
            )
            raise _refuse(given, where, msg)
        relative = pathlib.Path(*module.split(".")) if module else None
        folders = [
            folder
            for folder in (
                (given / "src" / relative, given / relative)
                if relative is not None
                else ()
            )
            if folder.is_dir()
        ]
        if not folders:
            msg = (
                f"the package {module!r} has no folder under src/ or at the "
                "top of the project"
            )
            raise _refuse(given, where, msg)
        found.append(PackFolder(str(name), folders[0]))
    return found
