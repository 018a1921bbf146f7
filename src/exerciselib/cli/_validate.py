"""
``exerciselib validate``: check pack folders without installing them.

A path is either a pack folder (the one holding ``pack.json``) or the
project of a pack distribution (holding ``pyproject.toml``), whose
``exerciselib.packs`` entry points name the packages that hold the pack
folders, under ``src/`` or at the top. Nothing is imported, run or
written: the files are only read.
"""

from __future__ import annotations

import os
import pathlib
import tempfile
import typing

from exerciselib._model.vocabulary import (
    canonical_equipment,
    canonical_region,
    closest,
)
from exerciselib._packs.archive import is_archive, unpack
from exerciselib._packs.files import MANIFEST
from exerciselib._packs.loading import ENV_BLOCKED, load_catalog
from exerciselib._packs.pack import finish_pack
from exerciselib._packs.project import (
    PackFolder,
    build_problems,
    pack_folders,
)
from exerciselib._packs.reader import pack_error, read_pack
from exerciselib._packs.translations import FOLDER
from exerciselib._text import did_you_mean
from exerciselib.cli._text import safe
from exerciselib.exceptions import PackError, Problem

if typing.TYPE_CHECKING:
    from exerciselib._packs.pack import Pack
    from exerciselib._packs.reader import PackDraft

__all__ = ["Result", "validate"]

#: One validated folder: ``path``, ``pack`` (id or None), ``ok``,
#: ``problems`` (each with ``file``, ``json_path`` and ``message``),
#: ``notes`` (warnings that do not fail, in the same form) and, when ok,
#: the numbers of ``exercises`` and ``routines``.
Result = dict[str, typing.Any]


def _problem(file: str, json_path: str, message: str) -> dict[str, str]:
    return {"file": file, "json_path": json_path, "message": safe(message)}


def _failed(path: str, problems: list[dict[str, str]]) -> Result:
    return {"path": path, "pack": None, "ok": False, "problems": problems}


def _installed() -> tuple[dict[str, Pack], dict[str, str]]:
    """The installed packs, and why each installed pack that failed did."""
    catalog = load_catalog()
    failed = {
        failure.pack: failure.reason.splitlines()[0]
        for failure in catalog.failures
        if failure.pack is not None
    }
    return dict(catalog.packs), failed


def _dependency_problems(
    draft: PackDraft,
    available: typing.Mapping[str, Pack],
    failed: typing.Mapping[str, str],
) -> list[Problem]:
    """Say, for the command line, why a declared dependency is missing."""
    blocked = {
        name.strip()
        for name in os.environ.get(ENV_BLOCKED, "").split(",")
        if name.strip()
    }
    found = []
    for index, dependency in enumerate(draft.dependencies):
        if dependency in available:
            continue
        if dependency in blocked:
            why = (
                f"which is blocked by {ENV_BLOCKED}; remove it from there "
                "to validate this pack, or give its folder with --with DIR"
            )
        elif dependency in failed:
            why = (
                f"which is installed but failed to load ({failed[dependency]}"
                "); run 'exerciselib packs' to see its problems"
            )
        else:
            why = (
                "which is not installed; install it (pip install the "
                "distribution that provides it), or give its folder with "
                "--with DIR"
            )
        found.append(
            Problem(
                json_path=f"$.dependencies[{index}]",
                message=f"depends on pack {dependency!r}, {why}",
                file=MANIFEST,
            )
        )
    return found


def _vocabulary_notes(draft: PackDraft, root: str) -> list[dict[str, str]]:
    """Note each body region or equipment term the vocabulary lacks."""
    notes = []
    for local, exercise in draft.exercises.items():
        file, base = draft.origins.get(local, (MANIFEST, "$"))
        for key, terms, known, kind, what in (
            (
                "body_regions",
                exercise.body_regions,
                canonical_region,
                "region",
                "body region",
            ),
            (
                "equipment",
                exercise.equipment,
                canonical_equipment,
                "equipment",
                "equipment",
            ),
        ):
            for index, term in enumerate(terms):
                if known(term) is not None:
                    continue
                close = closest(term, kind)
                hint = did_you_mean(
                    [close] if close else [], lead="; did you mean"
                )
                message = (
                    f"{term!r} is not in the shared vocabulary of {what} "
                    f"terms, so searches by other packs' terms miss it{hint} "
                    "(allowed; see docs/pack-authoring.md, Vocabulary)"
                )
                notes.append(
                    _problem(
                        str(pathlib.Path(root) / file),
                        f"{base}.{key}[{index}]",
                        message,
                    )
                )
    return notes


def _translation_notes(draft: PackDraft, root: str) -> list[dict[str, str]]:
    """Note each translation made from another version of the pack."""
    notes = []
    version = draft.fields["version"]
    for language, data in draft.fields["translations"].items():
        made = data.get("pack_version")
        if made is None or made == version:
            continue
        file = f"{FOLDER}/{language.lower()}.json"
        message = (
            f"translated from version {made} of the pack, which is now "
            f"{version}: texts changed since may be missing or out of "
            f"date in {language!r}; check them against the pack, then "
            f"set pack_version to {version!r}"
        )
        notes.append(
            _problem(str(pathlib.Path(root) / file), "$.pack_version", message)
        )
    return notes


def _check_pack(
    folder: PackFolder,
    extra: typing.Mapping[str, Pack],
    installed: typing.Callable[[], tuple[dict[str, Pack], dict[str, str]]],
    notes: list[dict[str, str]],
) -> Pack:
    """Load the pack at ``folder``, with the packs it needs."""
    draft = read_pack(
        folder.folder,
        expected_id=folder.name,
        distribution=folder.distribution,
    )
    notes += _vocabulary_notes(draft, str(folder.folder))
    notes += _translation_notes(draft, str(folder.folder))
    available: dict[str, Pack] = {}
    failed: dict[str, str] = {}
    if draft.dependencies:
        missing = [d for d in draft.dependencies if d not in extra]
        if missing:
            available, failed = installed()
        available.update(extra)
        found = _dependency_problems(draft, available, failed)
        if found:
            raise pack_error(
                found, pack=draft.id, root=folder.folder, distribution=None
            )
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


def _validate_folder(
    folder: PackFolder,
    extra: typing.Mapping[str, Pack],
    installed: typing.Callable[[], tuple[dict[str, Pack], dict[str, str]]],
) -> Result:
    path = str(folder.folder)
    notes: list[dict[str, str]] = []
    try:
        pack = _check_pack(folder, extra, installed, notes)
    except PackError as error:
        result = _failed(path, _problems(path, error))
        result["pack"] = error.pack
        result["notes"] = notes
        return result
    return {
        "path": path,
        "pack": pack.id,
        "ok": True,
        "problems": [],
        "notes": notes,
        "exercises": len(pack.exercises),
        "routines": len(pack.routines),
    }


def _with_packs(paths: typing.Sequence[str]) -> dict[str, Pack]:
    """
    Load the packs given with ``--with``, in dependency order.

    Raises:
        PackError: One of them cannot be loaded.
    """
    if not paths:
        return {}
    # Not discovered: a --with pack that is also installed would clash.
    catalog = load_catalog(discover=False, paths=paths, strict=True)
    return dict(catalog.packs)


def validate(
    paths: typing.Sequence[str],
    progress: typing.Callable[[str], None],
    *,
    with_paths: typing.Sequence[str] = (),
) -> list[Result]:
    """
    Validate each path: a pack folder, a pack project, or a built one.

    Args:
        paths: The folders given on the command line, or built wheels
            (``.whl``) and sdists (``.tar.gz``).
        progress: Called with a short message before each folder.
        with_paths: Folders of packs the validated packs may depend on,
            used before the installed ones.

    Returns:
        One result per pack folder found, in order.

    Raises:
        PackError: A pack given in ``with_paths`` cannot be loaded.
    """
    extra = _with_packs(with_paths)
    cache: list[tuple[dict[str, Pack], dict[str, str]]] = []

    def installed() -> tuple[dict[str, Pack], dict[str, str]]:
        if not cache:
            cache.append(_installed())
        return cache[0]

    results: list[Result] = []
    for number, path in enumerate(paths, start=1):
        progress(f"validating {number}/{len(paths)}: {path}")
        if is_archive(path):
            results.extend(_validate_archive(path, extra, installed))
            continue
        try:
            folders = pack_folders(path)
            unbuildable = build_problems(path)
        except PackError as error:
            results.append(_failed(path, _problems(path, error)))
            continue
        if unbuildable:
            built = pack_error(
                unbuildable, pack=None, root=path, distribution=None
            )
            results.append(_failed(path, _problems(path, built)))
        results.extend(
            _validate_folder(folder, extra, installed) for folder in folders
        )
    return results


def _validate_archive(
    path: str,
    extra: typing.Mapping[str, Pack],
    installed: typing.Callable[[], tuple[dict[str, Pack], dict[str, str]]],
) -> list[Result]:
    """
    Validate the packs of a built wheel or sdist, as they will install.

    Files are named ``ARCHIVE!member`` in the results.
    """
    with tempfile.TemporaryDirectory(prefix="exerciselib-") as temporary:
        into = pathlib.Path(temporary)
        try:
            folders = unpack(path, into)
        except PackError as error:
            return [_failed(path, _problems(path, error))]
        results = [
            _validate_folder(folder, extra, installed) for folder in folders
        ]
    prefix = str(into) + os.sep
    inside = f"{path}!"

    def rename(text: str) -> str:
        if text.startswith(prefix):
            return inside + text.removeprefix(prefix).replace(os.sep, "/")
        return text.replace(prefix, inside)

    for result in results:
        result["path"] = rename(result["path"])
        for problem in [*result["problems"], *result.get("notes", ())]:
            problem["file"] = rename(problem["file"])
            problem["message"] = rename(problem["message"])
    return results
