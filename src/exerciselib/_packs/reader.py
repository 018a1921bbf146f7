"""
Reading one pack folder: the manifest, its format and the files it names.

:func:`read_pack` does everything that needs only the pack itself: it
reads ``pack.json`` and the JSON files the manifest names (see
:mod:`exerciselib._packs.files` for the safety rules), upgrades or refuses the
manifest's format, validates everything against exerciselib's own
schemas, checks what the schemas cannot express (duplicate ids, the
exerciselib version range, the entry-point name) and builds the
exercises. Routines wait for :func:`exerciselib._packs.pack.finish_pack`,
which needs the packs this one depends on. Nothing in the pack is
imported, run or written.
"""

from __future__ import annotations

import collections.abc
import functools
import pathlib
import re
import typing

import attrs

from exerciselib._model.convert import exercise_from_valid
from exerciselib._model.types import ID_PATTERN, Credit, Exercise
from exerciselib._packs import files
from exerciselib._packs.files import MANIFEST
from exerciselib._packs.translations import (
    Originals,
    pack_language,
    read_translations,
)
from exerciselib._schema import (
    MAX_PROBLEMS,
    TOO_MANY,
    path_key,
    problems,
    too_many,
)
from exerciselib.exceptions import InvalidDataError, PackError, Problem

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "CURRENT_FORMAT",
    "MIGRATIONS",
    "PackDraft",
    "draft_from_data",
    "pack_error",
    "read_pack",
    "retag",
    "simple_contains",
]

#: The manifest format this exerciselib writes and reads natively.
CURRENT_FORMAT = 3


def _format_1_to_2(data: dict[str, typing.Any]) -> dict[str, typing.Any]:
    """
    Upgrade a format 1 manifest to format 2.

    Format 2 added only optional fields (the new dosage fields: rep
    ranges, timed work, distance, tempo, load, effort, per side; routine
    groups), so a format 1 manifest means the same in format 2.
    """
    return dict(data, format=2)


def _format_2_to_3(data: dict[str, typing.Any]) -> dict[str, typing.Any]:
    """
    Upgrade a format 2 manifest to format 3.

    Format 3 added optional fields (an exercise's ``form_cues``, a
    routine's ``warning_signs``) and narrowed ``safety_cues`` to
    warnings. A format 2 pack's ``safety_cues`` stay safety cues: a
    warning is never turned into a tip, so its cues keep being shown set
    apart, as before.
    """
    return dict(data, format=3)


#: The manifest's file name, at the root of the pack folder.
#: Pure functions upgrading a manifest in memory from format ``n`` to
#: ``n + 1``, keyed by ``n``; a manifest older than every entry is
#: refused.
MIGRATIONS: dict[
    int, Callable[[dict[str, typing.Any]], dict[str, typing.Any]]
] = {1: _format_1_to_2, 2: _format_2_to_3}

_JSON = dict[str, typing.Any]
#: What reading a file gives when the file is refused (``None`` is JSON).
_REFUSED = object()
_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}
_ID = re.compile(ID_PATTERN)


@attrs.frozen(kw_only=True)
class PackDraft:
    """A pack read and checked on its own, routines not yet resolved."""

    #: The pack's fields other than routines.
    fields: _JSON
    #: Its exercises by local id.
    exercises: dict[str, Exercise]
    #: Each routine's data with its file and base JSON path.
    routines: list[tuple[str, str, _JSON]]
    #: Each exercise's file and base JSON path, by local id.
    origins: dict[str, tuple[str, str]] = attrs.field(factory=dict)

    @property
    def id(self) -> str:
        """The pack id."""
        return typing.cast("str", self.fields["id"])

    @property
    def dependencies(self) -> tuple[str, ...]:
        """The ids of the packs it depends on."""
        return typing.cast("tuple[str, ...]", self.fields["dependencies"])


def pack_error(
    found: typing.Sequence[Problem],
    *,
    pack: str | None,
    root: pathlib.Path | str,
    distribution: str | None,
) -> PackError:
    """
    Build the :class:`PackError` listing every problem found in a pack.

    Each line reads ``{pack}: {file}: {json_path}: {message}``. At most
    :data:`MAX_PROBLEMS` are listed, then one line saying more were found.
    """
    ordered = sorted(
        found,
        key=lambda p: (
            p.file != MANIFEST,
            p.file or "",
            path_key(p.json_path),
        ),
    )
    listed = [p for p in ordered if p.message != TOO_MANY]
    if len(listed) < len(ordered) or len(listed) > MAX_PROBLEMS:
        ordered = [*listed[:MAX_PROBLEMS], too_many(MANIFEST)]
    label = pack or pathlib.Path(root).name or str(root)
    lines = "\n".join(
        f"  {label}: {p.file or MANIFEST}: {p.json_path}: {p.message}"
        for p in ordered
    )
    count = "1 problem" if len(ordered) == 1 else f"{len(ordered)} problems"
    source = f" from distribution {distribution!r}" if distribution else ""
    msg = (
        f"Pack {label!r}{source} in {root} cannot be loaded ({count}); "
        f"fix each place listed:\n{lines}"
    )
    first = ordered[0]
    return PackError(
        msg,
        pack=pack,
        distribution=distribution,
        file=first.file,
        json_path=first.json_path,
        problems=ordered,
    )


@functools.cache
def _running_version() -> str | None:
    import importlib_metadata  # noqa: PLC0415 -- lazy: start-up time

    # discovery needs importlib_metadata: only a pack's manifest does.
    from exerciselib._packs.discovery import header  # noqa: PLC0415 -- lazy

    try:
        return header(
            importlib_metadata.distribution("exerciselib"), "Version"
        )
    except importlib_metadata.PackageNotFoundError:
        return None


def _migrate(data: _JSON) -> tuple[_JSON, list[Problem]]:
    """Bring a manifest to :data:`CURRENT_FORMAT`, or say why not."""
    number = data.get("format")
    if isinstance(number, bool) or not isinstance(number, int):
        return data, []  # the schema reports a missing or non-integer format
    running = _running_version() or "this version"
    if number > CURRENT_FORMAT:
        msg = (
            f"format {number} is newer than exerciselib {running} "
            f"understands (it reads format {CURRENT_FORMAT}); install a "
            f"newer exerciselib that reads format {number}, or use a "
            f"pack version written in format {CURRENT_FORMAT}"
        )
        return data, [
            Problem(json_path="$.format", message=msg, file=MANIFEST)
        ]
    while number < CURRENT_FORMAT and number in MIGRATIONS:
        data = MIGRATIONS[number](data)
        number += 1
    if number != CURRENT_FORMAT:
        msg = (
            f"format {number} is older than any format exerciselib "
            f"{running} can read or upgrade (format {CURRENT_FORMAT}); "
            f"rewrite the manifest in format {CURRENT_FORMAT}"
        )
        return data, [
            Problem(json_path="$.format", message=msg, file=MANIFEST)
        ]
    return data, []


#: One clause of a simple specifier: an operator and a plain release.
_SIMPLE_CLAUSE = r"\s*(>=|<=|==|!=|<|>)\s*([0-9]+(?:\.[0-9]+)*)\s*"
#: A plain release version, such as ``0.1.0``.
_RELEASE = r"[0-9]+(?:\.[0-9]+)*"


def _release(text: str) -> tuple[int, ...]:
    parts = [int(part) for part in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def simple_contains(specifier: str, version: str) -> bool | None:
    """
    Whether plain release ``version`` meets a simple ``specifier``.

    Handles clauses of ``>=``, ``<=``, ``==``, ``!=``, ``<`` and ``>``
    with plain release numbers (``>=0.1,<1``), as :mod:`packaging`
    reads them for a final release; None for anything else, which
    ``packaging`` then decides (importing it costs about 5 ms).
    """
    if re.fullmatch(_RELEASE, version) is None:
        return None
    running = _release(version)
    for clause in specifier.split(","):
        found = re.fullmatch(_SIMPLE_CLAUSE, clause)
        if found is None:
            return None
        operator, wanted = found[1], _release(found[2])
        met = {
            ">=": running >= wanted,
            "<=": running <= wanted,
            "==": running == wanted,
            "!=": running != wanted,
            "<": running < wanted,
            ">": running > wanted,
        }[operator]
        if not met:
            return False
    return True


def _compatibility(data: _JSON) -> list[Problem]:
    text = data["requires_exerciselib"]
    where = "$.requires_exerciselib"
    running = _running_version()
    quick = None if running is None else simple_contains(text, running)
    if quick:
        return []
    if quick is False:
        return [_incompatible(text, running)]
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: PLC0415 -- lazy: start-up time

    try:
        specifier = SpecifierSet(text)
    except InvalidSpecifier:
        msg = (
            f"{text!r} is not a PEP 440 version specifier; write one "
            "like '>=0.1,<1'"
        )
        return [Problem(json_path=where, message=msg, file=MANIFEST)]
    if running is None or specifier.contains(running, prereleases=True):
        return []
    return [_incompatible(text, running)]


def _incompatible(text: str, running: str | None) -> Problem:
    msg = (
        f"the pack needs exerciselib {text}, but exerciselib {running} is "
        "installed; install a matching exerciselib, or a version of the "
        "pack made for this one"
    )
    return Problem(
        json_path="$.requires_exerciselib", message=msg, file=MANIFEST
    )


def retag(found: Iterable[Problem], *, file: str, base: str) -> list[Problem]:
    """Move problems reported at ``$...`` to ``base...`` in ``file``."""
    return [
        Problem(
            json_path=base + p.json_path.removeprefix("$"),
            message=p.message,
            file=p.file or file,
        )
        for p in found
    ]


class _Reader:
    """The state of reading one pack: its opened folder, problems found."""

    def __init__(self, folder: files.PackFolder | None) -> None:
        #: The opened pack folder; None for a pack built from objects in
        #: code without a media folder.
        self.folder = folder
        self.root = folder.root if folder is not None else None
        self.found: list[Problem] = []
        self.origins: dict[str, tuple[str, str]] = {}

    def _no_folder(self, relative: str, *, json_path: str, file: str) -> None:
        msg = (
            f"{relative!r} cannot be found: the pack has no folder; "
            "pass root= the folder holding its media files"
        )
        self.found.append(Problem(json_path=json_path, message=msg, file=file))

    def size(self, relative: str, *, json_path: str, file: str) -> int:
        """The size of a media file, 0 if it is refused (and noted)."""
        if self.folder is None:
            self._no_folder(relative, json_path=json_path, file=file)
            return 0
        try:
            return self.folder.size(relative, file=file, json_path=json_path)
        except InvalidDataError as error:
            self.found.extend(error.problems)
            return 0

    def json(
        self, relative: str, *, json_path: str, file: str = MANIFEST
    ) -> object:
        """The parsed file, or :data:`_REFUSED` (the problem is noted)."""
        if self.folder is None:
            self._no_folder(relative, json_path=json_path, file=file)
            return _REFUSED
        try:
            return self.folder.read_json(
                relative, file=file, json_path=json_path
            )
        except InvalidDataError as error:
            self.found.extend(error.problems)
            return _REFUSED

    def entries(
        self, data: _JSON, key: str, schema: str
    ) -> list[tuple[str, str, _JSON]]:
        """Each entry of ``data[key]`` as (file, base path, object)."""
        return list(self.each_entry(data, key, schema))

    def each_entry(
        self, data: _JSON, key: str, schema: str
    ) -> typing.Iterator[tuple[str, str, _JSON]]:
        """
        Read and check each entry of ``data[key]`` as it is asked for.

        A caller that builds each entry as it comes holds one file's
        parsed data at a time, not every file's: 10,000 exercise files
        parsed up front are some 80,000 lists and dicts that the garbage
        collector traverses again and again while the pack is built.
        """
        for index, entry in enumerate(data.get(key, ())):
            where = f"$.{key}[{index}]"
            if not isinstance(entry, str):
                yield MANIFEST, where, entry
                continue
            # A file holding just null is not skipped: the schema says why.
            loaded = self.json(entry, json_path=where)
            if loaded is _REFUSED:
                continue
            # Straight from json.loads: plain JSON types only.
            wrong = problems(loaded, schema, file=entry, parsed=True)
            if wrong:
                self.found.extend(wrong)
                continue
            yield entry, "$", typing.cast("_JSON", loaded)


def _manifest(reader: _Reader, *, installed: bool) -> _JSON | None:
    # Listed through the opened folder, as the manifest is then read.
    folder = reader.folder
    if folder is not None and not any(
        name.casefold() == MANIFEST for name in folder.names()
    ):
        msg = (
            f"{reader.root} holds no {MANIFEST}: give the folder that holds "
            f"{MANIFEST} (in a project, src/<package>/) or the project "
            "folder holding pyproject.toml"
        )
        if installed:
            msg = (
                f"the installed package {reader.root} holds no {MANIFEST}: "
                "the distribution must ship it (and the files it names) as "
                "package data; check what the wheel holds"
            )
        reader.found.append(Problem(json_path="$", message=msg, file=MANIFEST))
        return None
    data = reader.json(MANIFEST, json_path="$")
    if data is _REFUSED:
        return None
    if not isinstance(data, dict):
        kind = _JSON_TYPES.get(type(data), type(data).__name__)
        msg = f"the manifest must be a JSON object, not {kind}"
        reader.found.append(Problem(json_path="$", message=msg, file=MANIFEST))
        return None
    return data


def _exercises(reader: _Reader, data: _JSON) -> dict[str, Exercise]:
    # Provenance: every exercise of the pack records the pack and its
    # version; a value a pack file gives is replaced, never trusted.
    stamp = {"pack": data.get("id"), "pack_version": data.get("version")}

    exercises: dict[str, Exercise] = {}
    first: dict[str, str] = {}
    media_bytes = 0
    for file, base, raw in reader.each_entry(data, "exercises", "exercise"):
        try:
            # Valid against exercise.json (its file, or the manifest's
            # inline entry), and the stamp against pack.json: the
            # exercise is built without checking it again.
            exercise = exercise_from_valid({**raw, **stamp})
        except InvalidDataError as error:
            reader.found.extend(retag(error.problems, file=file, base="$"))
            continue
        if exercise.id in exercises:
            msg = (
                f"the exercise id {exercise.id!r} is used twice (first in "
                f"{first[exercise.id]}); give each exercise its own id"
            )
            reader.found.append(
                Problem(json_path=f"{base}.id", message=msg, file=file)
            )
            continue
        exercises[exercise.id] = exercise
        first[exercise.id] = f"{file} {base}"
        reader.origins[exercise.id] = (file, base)
        for index, media in enumerate(exercise.media):
            media_bytes += reader.size(
                media.path, json_path=f"{base}.media[{index}].path", file=file
            )
    if media_bytes > files.MAX_MEDIA_BYTES:
        msg = (
            f"the media files total {media_bytes} bytes; the limit is "
            f"{files.MAX_MEDIA_BYTES} bytes per pack"
        )
        reader.found.append(
            Problem(json_path="$.exercises", message=msg, file=MANIFEST)
        )
    return exercises


def _count_files(data: _JSON) -> list[Problem]:
    count = 1 + sum(
        isinstance(entry, str)
        for key in ("exercises", "routines")
        for entry in data.get(key, ())
    )
    count += sum(
        len(entry.get("media", ()))
        for entry in data.get("exercises", ())
        if isinstance(entry, dict)
    )
    if count <= files.MAX_FILES:
        return []
    msg = (
        f"the manifest names {count} files; the limit is "
        f"{files.MAX_FILES} per pack: split it into several packs"
    )
    return [Problem(json_path="$", message=msg, file=MANIFEST)]


def read_pack(
    path: str | pathlib.Path,
    *,
    expected_id: str | None = None,
    distribution: str | None = None,
) -> PackDraft:
    """
    Read, validate and build a pack except for its routines.

    Args:
        path: The pack folder.
        expected_id: The id the pack must have (its entry-point name).
        distribution: The distribution that installed it, for errors.

    Raises:
        PackError: Listing every problem found.
    """
    folder = pathlib.Path(path)
    label = expected_id

    def fail(found: typing.Sequence[Problem]) -> PackError:
        return pack_error(
            found, pack=label, root=folder, distribution=distribution
        )

    # Held open for the whole read: every file is opened relative to it.
    with _open_root(folder, fail) as opened:
        reader = _Reader(opened)
        data = _manifest(reader, installed=distribution is not None)
        if data is None:
            raise fail(reader.found)
        if label is None and _ID.fullmatch(str(data.get("id"))):
            label = data["id"]
        return _draft(
            reader, data, expected_id, distribution, fail, translate=True
        )


def draft_from_data(
    data: _JSON, *, root: pathlib.Path | None, where: str
) -> PackDraft:
    """
    Check and build a manifest given as data, every entry embedded.

    Exactly the checks :func:`read_pack` makes after reading
    ``pack.json``, with the same limits and messages. Media paths are
    looked up in ``root``, opened once and held for the whole check
    (every media file is reached from it, as for :func:`read_pack`);
    without one, an exercise with media is refused.

    Args:
        data: The manifest, its exercises and routines as JSON objects.
        root: The folder holding the media files, if any.
        where: Where the data came from, for messages.

    Raises:
        PackError: Listing every problem found, at the JSON paths of the
            equivalent ``pack.json``.
    """
    label = data.get("id") if _ID.fullmatch(str(data.get("id"))) else None

    def fail(found: typing.Sequence[Problem]) -> PackError:
        return pack_error(
            found,
            pack=typing.cast("str | None", label),
            root=root or where,
            distribution=None,
        )

    if root is None:
        return _draft(_Reader(None), data, None, None, fail)
    with _open_root(root, fail) as opened:
        return _draft(_Reader(opened), data, None, None, fail)


def _draft(
    reader: _Reader,
    data: _JSON,
    expected_id: str | None,
    distribution: str | None,
    fail: Callable[[typing.Sequence[Problem]], PackError],
    *,
    translate: bool = False,
) -> PackDraft:
    """
    Check a manifest read from ``reader``'s folder; build the draft.

    With ``translate``, the translation files in the folder are read and
    checked too (once the pack's own files have no problem).
    """
    data, found = _migrate(data)
    found = found or _header_problems(data, expected_id)
    if found:
        raise fail(found)
    exercises = _exercises(reader, data)
    routines = _routines(reader, data)
    translations: dict[str, typing.Any] = {}
    if translate and reader.folder is not None and not reader.found:
        originals = Originals(
            language=pack_language(data["language"]),
            pack={"name": data["name"], "description": data["description"]},
            exercises=_ExerciseData(exercises),
            routines={raw["id"]: raw for _, _, raw in routines},
        )
        translations, wrong = read_translations(reader.folder, originals)
        reader.found.extend(wrong)
    fields = {
        "id": data["id"],
        "name": data["name"],
        "version": data["version"],
        "description": data["description"],
        "language": data["language"],
        "license": data["license"],
        "credits": _credits(data["credits"], reader),
        "requires_exerciselib": data["requires_exerciselib"],
        "dependencies": tuple(data.get("dependencies", ())),
        "root": reader.root,
        "distribution": distribution,
        "format": data["format"],
        "extensions": {k: v for k, v in data.items() if k.startswith("x-")},
        "translations": translations,
    }
    if reader.found:
        raise fail(reader.found)
    return PackDraft(
        fields=fields,
        exercises=exercises,
        routines=routines,
        origins=reader.origins,
    )


class _ExerciseData(collections.abc.Mapping[str, _JSON]):
    """
    Each exercise's JSON data by local id, written when first asked for.

    Translations are checked against the originals they name; writing
    every exercise of a pack as data up front cost as much as building
    it, for packs with no translation at all.
    """

    def __init__(self, exercises: dict[str, Exercise]) -> None:
        self._exercises = exercises
        self._written: dict[str, _JSON] = {}

    def __getitem__(self, key: str) -> _JSON:
        data = self._written.get(key)
        if data is None:
            data = self._written[key] = self._exercises[key].to_dict()
        return data

    def __iter__(self) -> typing.Iterator[str]:
        return iter(self._exercises)

    def __len__(self) -> int:
        return len(self._exercises)


def _open_root(
    folder: pathlib.Path,
    fail: Callable[[typing.Sequence[Problem]], PackError],
) -> files.PackFolder:
    """Open the pack folder, which must be a directory."""
    try:
        return files.PackFolder(folder)
    except NotADirectoryError as error:
        msg = (
            f"{folder} is not a folder; a pack is a folder holding {MANIFEST}"
        )
        problem = Problem(json_path="$", message=msg, file=MANIFEST)
        raise fail([problem]) from error
    except (OSError, RuntimeError) as error:
        msg = f"the pack folder {folder} cannot be opened: {error}"
        problem = Problem(json_path="$", message=msg, file=MANIFEST)
        raise fail([problem]) from error


def _header_problems(data: _JSON, expected_id: str | None) -> list[Problem]:
    """Check the manifest itself: schema first, then what it cannot say."""
    found = _counts(data)
    if found:
        return found
    found = [_plain(p) for p in problems(data, "pack", file=MANIFEST)]
    if found:
        return found
    if expected_id is not None and data["id"] != expected_id:
        msg = (
            f"the manifest id {data['id']!r} differs from the entry-point "
            f"name {expected_id!r}; make them equal"
        )
        found.append(Problem(json_path="$.id", message=msg, file=MANIFEST))
    for index, dependency in enumerate(data.get("dependencies", ())):
        if dependency == data["id"]:
            msg = "a pack cannot depend on itself; remove this entry"
            where = f"$.dependencies[{index}]"
            found.append(Problem(json_path=where, message=msg, file=MANIFEST))
    return found + _compatibility(data) + _count_files(data)


def _counts(data: _JSON) -> list[Problem]:
    """Refuse too many exercises or routines before validating any."""
    found: list[Problem] = []
    for key, limit in (
        ("exercises", files.MAX_EXERCISES),
        ("routines", files.MAX_ROUTINES),
    ):
        entries = data.get(key)
        if isinstance(entries, list) and len(entries) > limit:
            msg = (
                f"the pack lists {len(entries)} {key}; the limit is {limit} "
                "per pack: split it into several packs"
            )
            where = f"$.{key}"
            found.append(Problem(json_path=where, message=msg, file=MANIFEST))
    return found


_EXTRA_KEY = re.compile(
    r"^'(?P<key>.*)' does not match any of the regexes: '\^x-.*$", re.DOTALL
)


def _plain(problem: Problem) -> Problem:
    """Say "unknown key" where the schema says a key matches no pattern."""
    match = _EXTRA_KEY.match(problem.message)
    if problem.json_path != "$" or match is None:
        return problem
    msg = (
        f"unknown key {match['key']!r}: a manifest holds only the "
        "documented keys, plus extension keys starting with 'x-'"
    )
    return Problem(json_path="$", message=msg, file=problem.file)


def _routines(reader: _Reader, data: _JSON) -> list[tuple[str, str, _JSON]]:
    """Read the routines' data; refuse an id used twice."""
    routines = reader.entries(data, "routines", "routine")
    seen: dict[str, str] = {}
    for file, base, raw in routines:
        if raw["id"] in seen:
            msg = (
                f"the routine id {raw['id']!r} is used twice (first in "
                f"{seen[raw['id']]}); give each routine its own id"
            )
            reader.found.append(
                Problem(json_path=f"{base}.id", message=msg, file=file)
            )
        seen.setdefault(raw["id"], f"{file} {base}")
    return routines


def _credits(raw: list[_JSON], reader: _Reader) -> tuple[Credit, ...]:
    built: list[Credit] = []
    for index, credit in enumerate(raw):
        try:
            built.append(Credit(**credit))
        except (TypeError, ValueError) as error:
            where = f"$.credits[{index}]"
            problem = Problem(
                json_path=where, message=str(error), file=MANIFEST
            )
            reader.found.append(problem)
    return tuple(built)
