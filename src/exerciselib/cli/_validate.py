"""
``exerciselib validate``: check pack folders without installing them.

A path is either a pack folder (the one holding ``pack.json``) or the
project of a pack distribution (holding ``pyproject.toml``), whose
``exerciselib.packs`` entry points name the packages that hold the pack
folders, under ``src/`` or at the top. Nothing is imported, run or
written: the files are only read.
"""

from __future__ import annotations

import pathlib
import tomllib
import typing

from exerciselib._packs.discovery import GROUP
from exerciselib._packs.loading import load_catalog
from exerciselib._packs.pack import finish_pack
from exerciselib._packs.reader import read_pack
from exerciselib.cli._text import safe
from exerciselib.exceptions import PackError

if typing.TYPE_CHECKING:
    from exerciselib._packs.pack import Pack

__all__ = ["Result", "validate"]

#: One validated folder: ``path``, ``pack`` (id or None), ``ok``,
#: ``problems`` (each with ``file``, ``json_path`` and ``message``) and,
#: when ok, the numbers of ``exercises`` and ``routines``.
Result = dict[str, typing.Any]


def _problem(file: str, json_path: str, message: str) -> dict[str, str]:
    return {"file": file, "json_path": json_path, "message": safe(message)}


def _failed(path: str, problems: list[dict[str, str]]) -> Result:
    return {"path": path, "pack": None, "ok": False, "problems": problems}


def _project_folders(project: pathlib.Path) -> list[str] | Result:
    """
    Return the pack folders a distribution project registers.

    Returns a failed result instead when ``pyproject.toml`` cannot be
    read or names a package whose folder is missing.
    """
    pyproject = project / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        reason = f"cannot be read as TOML: {error}"
        return _failed(str(project), [_problem(str(pyproject), "$", reason)])
    project_table = data.get("project")
    points = (
        project_table.get("entry-points", {})
        if isinstance(project_table, dict)
        else {}
    )
    packs = points.get(GROUP, {}) if isinstance(points, dict) else {}
    if not isinstance(packs, dict) or not packs:
        reason = (
            f"no [project.entry-points.{GROUP!r}] table; give the folder "
            "holding pack.json, or register the pack's package there"
        )
        where = f"$.project.entry-points.{GROUP}"
        return _failed(str(project), [_problem(str(pyproject), where, reason)])
    folders = []
    for name, value in packs.items():
        module = str(value).partition(":")[0].strip()
        where = f"$.project.entry-points.{GROUP}.{name}"
        if not all(part.isidentifier() for part in module.split(".")):
            # Only a dotted package name: never a path that could lead
            # out of the project ("/etc", "x/../../other").
            reason = (
                f"{module!r} is not a package name; name the package "
                "holding pack.json, like 'exerciselib_sciatica'"
            )
            return _failed(
                str(project), [_problem(str(pyproject), where, reason)]
            )
        relative = pathlib.Path(*module.split("."))
        found = [
            folder
            for folder in (project / "src" / relative, project / relative)
            if module and folder.is_dir()
        ]
        if not found:
            reason = (
                f"the package {module!r} has no folder under src/ or at the "
                "top of the project"
            )
            return _failed(
                str(project), [_problem(str(pyproject), where, reason)]
            )
        folders.append(str(found[0]))
    return folders


def _check_pack(path: str) -> Pack:
    """Load the pack at ``path``, with the installed packs it needs."""
    draft = read_pack(path)
    available = {}
    if draft.dependencies:
        installed = load_catalog().packs
        available = {
            pack_id: installed[pack_id]
            for pack_id in draft.dependencies
            if pack_id in installed
        }
    return finish_pack(draft, available)


def _problems(path: str, error: PackError) -> list[dict[str, str]]:
    """Each problem of ``error``, its file as reached from ``path``."""
    root = pathlib.Path(path)

    def where(file: str | None) -> str:
        return str(root / file) if file else path

    if error.problems:
        return [
            _problem(where(problem.file), problem.json_path, problem.message)
            for problem in error.problems
        ]
    return [_problem(where(error.file), error.json_path or "$", str(error))]


def _validate_folder(path: str) -> Result:
    try:
        pack = _check_pack(path)
    except PackError as error:
        result = _failed(path, _problems(path, error))
        result["pack"] = error.pack
        return result
    return {
        "path": path,
        "pack": pack.id,
        "ok": True,
        "problems": [],
        "exercises": len(pack.exercises),
        "routines": len(pack.routines),
    }


def validate(
    paths: typing.Sequence[str],
    progress: typing.Callable[[str], None],
) -> list[Result]:
    """
    Validate each path: a pack folder, or a pack distribution's project.

    Args:
        paths: The folders given on the command line.
        progress: Called with a short message before each folder.

    Returns:
        One result per pack folder found, in order.
    """
    results: list[Result] = []
    for number, path in enumerate(paths, start=1):
        progress(f"validating {number}/{len(paths)}: {path}")
        given = pathlib.Path(path)
        folders: list[str] | Result = [path]
        if (
            not (given / "pack.json").exists()
            and (given / "pyproject.toml").is_file()
        ):
            folders = _project_folders(given)
        if isinstance(folders, dict):
            results.append(folders)
            continue
        results.extend(_validate_folder(folder) for folder in folders)
    return results
