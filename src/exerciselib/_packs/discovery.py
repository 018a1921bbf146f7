"""
Finding installed content packs through entry points, without importing.

A pack registers in the entry-point group ``exerciselib.packs``; the
entry point's name is the pack id and its value names the Python package
whose folder holds ``pack.json``::

    [project.entry-points."exerciselib.packs"]
    sciatica = "exerciselib_sciatica"

The folder is found without importing anything from the pack: first
through the distribution's own file list (``RECORD``), then by looking
for the package's folder on ``sys.path`` (which covers editable installs,
whose file list names only a ``.pth`` file), and last through
:func:`importlib.util.find_spec` on the top-level name, which consults
import finders without executing the package.

Distributions are taken as :func:`importlib_metadata.entry_points` takes
them: the first distribution of each normalised name on ``sys.path``
counts, so an editable install beside a regular one, or a path listed
twice, yields the pack once. Each distribution's metadata is read on its
own, so one with broken metadata cannot stop the others.
"""

from __future__ import annotations

import ast
import importlib.util
import pathlib
import re
import sys
import typing

import attrs

from exerciselib._model.types import ID_PATTERN
from exerciselib._packs.files import MANIFEST
from exerciselib.exceptions import PackError

if typing.TYPE_CHECKING:
    import importlib_metadata

__all__ = ["GROUP", "Claimant", "Source", "discover", "header"]

#: The entry-point group packs register in.
GROUP = "exerciselib.packs"

_ID = re.compile(ID_PATTERN)


@typing.final
@attrs.frozen(kw_only=True)
class Source:
    """Where a discovered pack lives and who installed it."""

    #: The entry-point name: the id the pack's manifest must have.
    pack: str
    #: The name of the distribution that registered it.
    distribution: str
    #: The pack's folder.
    root: pathlib.Path


@typing.final
@attrs.frozen(kw_only=True)
class Claimant:
    """One of several sources offering the same pack id."""

    #: Who offers it, for the error: a distribution or a folder.
    description: str
    #: The distribution's name, or the folder.
    distribution: str


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _describe(dist: importlib_metadata.IDistribution) -> str:
    try:
        return f"{header(dist, 'Name')} {header(dist, 'Version')}"
    except Exception:  # noqa: BLE001 -- broken metadata must not escape
        return "a distribution with unreadable metadata"


def _entry_points(
    failures: list[PackError],
) -> list[tuple[importlib_metadata.EntryPoint, str]]:
    """Every pack entry point with its distribution's name, dists unique."""
    import importlib_metadata  # noqa: PLC0415 -- lazy: start-up time

    seen: set[str] = set()
    found: list[tuple[importlib_metadata.EntryPoint, str]] = []
    for dist in importlib_metadata.distributions():
        try:
            key = _key(dist)
            if key in seen:
                continue
            seen.add(key)
            points = list(dist.entry_points.select(group=GROUP))
            if not points:
                continue
            name = header(dist, "Name")
        except Exception as error:  # noqa: BLE001 -- a broken dist is isolated
            text = _raw_entry_points(dist)
            if GROUP in text:
                msg = (
                    f"{_describe(dist)} registers exerciselib packs, but its "
                    f"metadata cannot be read ({error}); reinstall it"
                )
                failures.append(PackError(msg, file="entry_points.txt"))
            continue
        found.extend((point, name) for point in points)
    return found


def _key(dist: importlib_metadata.IDistribution) -> str:
    """
    The distribution's normalised name, as ``entry_points()`` finds it.

    importlib_metadata reads it from the ``.dist-info`` folder's name
    where it can (its private ``_normalized_name``, the key its own
    ``entry_points()`` de-duplicates by), so the ``METADATA`` file of
    every installed distribution is not parsed: with hundreds installed
    that parse was most of the cost of discovery (docs/performance.md).
    """
    fast = getattr(dist, "_normalized_name", None)
    return _normalise(fast if isinstance(fast, str) else dist.name)


def header(dist: importlib_metadata.IDistribution, field: str) -> str:
    """
    Read a one-line core metadata field (``Name``, ``Version``) of ``dist``.

    The fields come first in ``METADATA`` (``PKG-INFO`` for eggs), one a
    line as ``Field: value`` until the first blank line. Reading them
    here spares importing and running the :mod:`email` parser that
    ``dist.name`` uses, which cost more than the rest of loading a small
    catalog (docs/performance.md). Anything unusual is left to that
    parser.
    """
    for file in ("METADATA", "PKG-INFO"):
        text = dist.read_text(file)
        if text is None:
            continue
        for line in text.splitlines():
            if not line.strip():
                break
            key, colon, value = line.partition(":")
            if colon and key.strip().lower() == field.lower():
                if value.strip():
                    return value.strip()
                break  # a folded value: the email parser unfolds it
        break
    parsed = dist.metadata.get(field)
    if parsed is None:
        raise KeyError(field)  # as importlib_metadata >= 8 does
    return str(parsed)


def _raw_entry_points(dist: importlib_metadata.IDistribution) -> str:
    try:
        return dist.read_text("entry_points.txt") or ""
    except Exception:  # noqa: BLE001 -- nothing more can be learnt
        return ""


def discover(
    blocked: typing.Collection[str],
) -> tuple[list[Source], list[PackError], dict[str, list[Claimant]]]:
    """
    Find every installed pack that is not blocked.

    Returns:
        The packs found, sorted by id; an error for each pack that cannot
        be located; and, for each id claimed by several distributions,
        every claimant (the loader adds pack folders claiming the same
        id and reports them all in one error).
    """
    failures: list[PackError] = []
    offers: dict[
        str, dict[tuple[str, str], importlib_metadata.EntryPoint]
    ] = {}
    for point, dist_name in _entry_points(failures):
        if point.name in blocked:
            continue
        key = (_normalise(dist_name), point.value)
        offers.setdefault(point.name, {}).setdefault(key, point)
    sources: list[Source] = []
    clashes: dict[str, list[Claimant]] = {}
    for pack_id in sorted(offers):
        points = list(offers[pack_id].values())
        if len(points) > 1:
            clashes[pack_id] = [_claimant(p) for p in points]
            continue
        point = points[0]
        dist = point.dist
        dist_name = (
            header(dist, "Name")
            if dist is not None
            else "an unknown distribution"
        )
        try:
            root = _locate(point)
        except PackError as error:
            failures.append(error)
            continue
        sources.append(Source(pack=pack_id, distribution=dist_name, root=root))
    return sources, failures, clashes


def _claimant(point: importlib_metadata.EntryPoint) -> Claimant:
    if point.dist is None:
        return Claimant(
            description=f"an unknown distribution ({point.name} = "
            f"{point.value})",
            distribution="?",
        )
    return Claimant(
        description=f"{_describe(point.dist)} ({point.name} = {point.value})",
        distribution=point.dist.name,
    )


def _locate(point: importlib_metadata.EntryPoint) -> pathlib.Path:
    """Find the folder of the package ``point`` names, importing nothing."""
    dist = point.dist
    dist_name = header(dist, "Name") if dist is not None else None
    described = _describe(dist) if dist is not None else "a distribution"
    where = f"Pack {point.name!r} from {described}"
    if not _ID.fullmatch(point.name) or len(point.name) > 64:  # noqa: PLR2004 -- the id length limit
        msg = (
            f"{where}: the entry-point name {point.name!r} is not a valid "
            "pack id; use lower-case ASCII kebab-case, like 'sciatica'"
        )
        raise PackError(msg, pack=None, distribution=dist_name)
    module, _, attr = point.value.partition(":")
    module = module.strip()
    parts = module.split(".")
    if attr.strip() or not all(part.isidentifier() for part in parts):
        msg = (
            f"{where}: the entry point '{point.name} = {point.value}' must "
            "name a package only, like 'sciatica = exerciselib_sciatica'"
        )
        raise PackError(msg, pack=point.name, distribution=dist_name)
    root = (
        (_from_files(dist, parts) if dist is not None else None)
        or (_from_records(dist, parts) if dist is not None else None)
        or _from_sys_path(parts)
        or _from_finders(parts)
    )
    # A package without pack data is found too: loading it says so.
    root = root or _from_sys_path(parts, manifest=False)
    if root is None:
        msg = (
            f"{where}: the entry point names package {module!r}, which "
            f"cannot be found on sys.path; reinstall {dist_name or 'it'}"
        )
        raise PackError(msg, pack=point.name, distribution=dist_name)
    return root


def _from_files(
    dist: importlib_metadata.IDistribution, parts: list[str]
) -> pathlib.Path | None:
    """The package folder according to the distribution's file list."""
    try:
        files = dist.files
    except Exception:  # noqa: BLE001 -- an unreadable RECORD: try sys.path
        return None
    depth = len(parts)
    for file in files or ():
        if list(file.parts[:depth]) == parts and len(file.parts) > depth:
            folder = pathlib.Path(str(dist.locate_file("/".join(parts))))
            if folder.is_dir():
                return folder
    return None


#: How setuptools' editable finder records where each package lives.
_MAPPING = re.compile(
    r"^MAPPING\s*(?::[^=]*)?=\s*(\{.*?\})\s*$", re.MULTILINE | re.DOTALL
)


def _from_records(
    dist: importlib_metadata.IDistribution, parts: list[str]
) -> pathlib.Path | None:
    """
    The package folder of an editable install, from the dist's own files.

    An editable install records no package files, only how it puts the
    source on ``sys.path``: a ``.pth`` file naming the source folder, or
    setuptools' ``__editable___*_finder.py`` mapping package names to
    folders. Both are read as text; neither is run. Looking them up
    keeps a same-named folder in the working directory (first on
    ``sys.path`` under ``python -m``) from standing in for the pack.
    """
    try:
        files = dist.files or ()
    except Exception:  # noqa: BLE001 -- an unreadable RECORD: try sys.path
        return None
    for file in files:
        name = str(file).rpartition("/")[2]
        if not name.endswith((".pth", "_finder.py")):
            continue
        try:
            text = pathlib.Path(str(dist.locate_file(file))).read_text(
                encoding="utf-8"
            )
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        for base in _record_folders(name, text, parts):
            found = _package_folder(base, parts)
            if found is not None:
                return found
    return None


def _record_folders(
    name: str, text: str, parts: list[str]
) -> list[pathlib.Path]:
    """The folders a ``.pth`` file or an editable finder points to."""
    if name.endswith(".pth"):
        return [
            pathlib.Path(line.strip())
            for line in text.splitlines()
            if line.strip()
            and not line.startswith(("#", "import ", "import\t"))
            and pathlib.Path(line.strip()).is_absolute()
        ]
    match = _MAPPING.search(text)
    if match is None:
        return []
    try:
        mapping = ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return []
    if not isinstance(mapping, dict) or not isinstance(
        mapping.get(parts[0]), str
    ):
        return []
    # The mapping names the top-level package's own folder.
    return [pathlib.Path(mapping[parts[0]]).parent]


def _package_folder(
    base: pathlib.Path, parts: list[str], *, manifest: bool = True
) -> pathlib.Path | None:
    folder = base.joinpath(*parts)
    if folder.is_dir() and (not manifest or (folder / MANIFEST).exists()):
        return folder
    return None


def _from_sys_path(
    parts: list[str], *, manifest: bool = True
) -> pathlib.Path | None:
    """
    The first folder on ``sys.path`` that is the package.

    With ``manifest``, only a folder holding ``pack.json`` counts, so a
    same-named folder without pack data earlier on the path is skipped.
    """
    try:
        here: pathlib.Path | None = pathlib.Path.cwd()
    except OSError:  # the working directory was removed
        here = None
    for entry in sys.path:
        try:
            folder = pathlib.Path(entry or ".")
            if folder.resolve() == here:
                # The working directory is where the command was run,
                # not where anything was installed.
                continue
            found = _package_folder(folder, parts, manifest=manifest)
        except (OSError, ValueError):
            continue
        if found is not None:
            return found
    return None


def _from_finders(parts: list[str]) -> pathlib.Path | None:
    """
    Ask the import finders for the top-level package, without importing.

    ``find_spec`` on a top-level name runs no code of that package; for a
    dotted name it would import the parents, so only the top level is
    asked and the rest is joined as folders.
    """
    try:
        spec = importlib.util.find_spec(parts[0])
    except Exception:  # noqa: BLE001 -- a finder's failure means not found
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        found = _package_folder(pathlib.Path(location), parts[1:])
        if found is not None:
            return found
    return None
