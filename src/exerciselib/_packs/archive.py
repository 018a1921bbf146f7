"""
Built pack distributions: what a wheel or an sdist will publish.

A pack project can validate while its wheel lacks the JSON files (they
were not package data) or registers the pack under another name.
:func:`unpack` reads a built wheel (``.whl``) or sdist (``.tar.gz``)
into a folder, refusing members that would land outside it, links and
oversized archives, and returns the pack folders it registers, so that
they are validated exactly as they will be installed. Nothing is
imported or run.
"""

from __future__ import annotations

import configparser
import pathlib
import shutil
import tarfile
import typing
import zipfile

from exerciselib._packs.discovery import GROUP
from exerciselib._packs.project import PYPROJECT, PackFolder, pack_folders
from exerciselib._packs.reader import pack_error
from exerciselib.exceptions import PackError, Problem

__all__ = ["is_archive", "unpack"]

#: The most members an archive may hold.
MAX_MEMBERS = 30_000
#: The largest total size of an archive's files, in bytes.
MAX_BYTES = 200 * 1024 * 1024
_SUFFIXES = (".whl", ".tar.gz")


def is_archive(path: str | pathlib.Path) -> bool:
    """Whether ``path`` names a built distribution file."""
    name = str(path).lower()
    return name.endswith(_SUFFIXES) and pathlib.Path(path).is_file()


def _refuse(archive: pathlib.Path, file: str, message: str) -> PackError:
    problem = Problem(json_path="$", message=message, file=file)
    return pack_error(
        [problem], pack=None, root=archive, distribution=archive.name
    )


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return not (
        name.startswith("/")
        or "\\" in name
        or ".." in parts
        or (parts and ":" in parts[0])
    )


def _copy(source: typing.IO[bytes], target: pathlib.Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as stream:
        shutil.copyfileobj(source, stream)


def _check_sizes(archive: pathlib.Path, count: int, total: int) -> None:
    if count > MAX_MEMBERS or total > MAX_BYTES:
        msg = (
            f"the archive holds {count} files of {total} bytes in all; "
            f"the limits are {MAX_MEMBERS} files and {MAX_BYTES} bytes"
        )
        raise _refuse(archive, archive.name, msg)


def _wheel(archive: pathlib.Path, into: pathlib.Path) -> list[PackFolder]:
    with zipfile.ZipFile(archive) as wheel:
        members = [m for m in wheel.infolist() if not m.is_dir()]
        _check_sizes(archive, len(members), sum(m.file_size for m in members))
        points = [
            m.filename
            for m in members
            if m.filename.count("/") == 1
            and m.filename.endswith(".dist-info/entry_points.txt")
        ]
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign] # entry-point names keep their case
        if points:
            parser.read_string(wheel.read(points[0]).decode("utf-8"))
        if not parser.has_section(GROUP):
            msg = (
                f"the wheel registers no [{GROUP}] entry point: add the "
                f'[project.entry-points."{GROUP}"] table to pyproject.toml'
            )
            raise _refuse(archive, "entry_points.txt", msg)
        for member in members:
            if not _safe_name(member.filename):
                msg = f"the member {member.filename!r} would land outside"
                raise _refuse(archive, member.filename, msg)
            with wheel.open(member) as source:
                _copy(source, into / member.filename)
    found = []
    for name, value in parser.items(GROUP):
        module = value.partition(":")[0].strip()
        folder = into.joinpath(*module.split("."))
        if not module or not folder.is_dir():
            msg = (
                f"the entry point {name!r} names the package {module!r}, "
                "which the wheel does not hold: list its folder in the "
                "wheel's packages ([tool.hatch.build.targets.wheel])"
            )
            raise _refuse(archive, "entry_points.txt", msg)
        found.append(PackFolder(name, folder, archive.name))
    return found


def _sdist(archive: pathlib.Path, into: pathlib.Path) -> list[PackFolder]:
    with tarfile.open(archive, "r:gz") as sdist:
        members = sdist.getmembers()
        _check_sizes(archive, len(members), sum(m.size for m in members))
        for member in members:
            if member.isdir():
                continue
            if not member.isfile() or not _safe_name(member.name):
                msg = (
                    f"the member {member.name!r} is a link or would land "
                    "outside the project; an sdist holds plain files"
                )
                raise _refuse(archive, member.name, msg)
            source = sdist.extractfile(member)
            if source is not None:
                with source:
                    _copy(source, into / member.name)
    tops = [p for p in into.iterdir() if (p / PYPROJECT).is_file()]
    if len(tops) != 1:
        msg = f"the sdist holds no single project folder with {PYPROJECT}"
        raise _refuse(archive, archive.name, msg)
    return [
        PackFolder(found.name, found.folder, archive.name)
        for found in pack_folders(tops[0])
    ]


def unpack(
    archive: str | pathlib.Path, into: pathlib.Path
) -> list[PackFolder]:
    """
    Unpack the built distribution ``archive`` into the empty ``into``.

    Returns:
        The pack folders it registers, under ``into``, with the
        entry-point name each must have as its manifest id.

    Raises:
        PackError: The archive cannot be read, is too big, holds a
            member that would land outside ``into``, or registers no pack.
    """
    path = pathlib.Path(archive)
    try:
        if path.name.lower().endswith(".whl"):
            return _wheel(path, into)
        return _sdist(path, into)
    except (OSError, zipfile.BadZipFile, tarfile.TarError) as error:
        msg = f"cannot be read as a built distribution: {error}"
        raise _refuse(path, path.name, msg) from error
    except (UnicodeDecodeError, configparser.Error) as error:
        msg = f"its entry points cannot be read: {error}"
        raise _refuse(path, "entry_points.txt", msg) from error
