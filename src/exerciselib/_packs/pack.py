"""
Content packs: the :class:`Pack` type and loading one pack from a folder.

A pack is a folder holding a ``pack.json`` manifest and, optionally, JSON
files the manifest names. Loading reads those files (see
:mod:`exerciselib._packs.files` for the safety rules), validates them against
exerciselib's own schemas, checks what the schemas cannot express
(duplicate ids, routine references, the exerciselib version range) and
builds frozen objects. It never imports or runs anything from the pack.

Loading is two-phase so that the catalog can order packs by their
dependencies: :func:`exerciselib._packs.reader.read_pack` does everything
that needs only the pack itself, :func:`finish_pack` resolves routines
against the packs it depends on.
"""

from __future__ import annotations

import pathlib
import types
import typing

import attrs

from exerciselib._model.convert import routine_from_valid
from exerciselib._model.types import (
    Credit,
    Exercise,
    Routine,
)
from exerciselib._packs.files import MANIFEST
from exerciselib._packs.project import PYPROJECT, pack_folders
from exerciselib._packs.reader import (
    CURRENT_FORMAT,
    PackDraft,
    draft_from_data,
    pack_error,
    read_pack,
    retag,
)
from exerciselib._packs.translations import pack_language
from exerciselib._schema import MAX_PROBLEMS, too_many
from exerciselib._text import close_matches, did_you_mean
from exerciselib.exceptions import (
    InvalidDataError,
    InvalidValueError,
    Problem,
    UnknownIdError,
)

if typing.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["Pack", "finish_pack", "load_pack", "plain_fields", "rebuild"]

_T = typing.TypeVar("_T")


def _tuple(value: Iterable[_T]) -> tuple[_T, ...]:
    """
    ``tuple(value)``, as a converter attrs need not inspect.

    attrs reads a converter's signature when it builds the class, and a
    built-in's costs ``inspect`` a tokenizer run (about 4 ms at start-up).
    """
    return tuple(value)


def _exercise_map(value: Mapping[str, Exercise]) -> Mapping[str, Exercise]:
    return types.MappingProxyType(dict(value))


def _routine_map(value: Mapping[str, Routine]) -> Mapping[str, Routine]:
    return types.MappingProxyType(dict(value))


def _freeze(value: object) -> object:
    """Make parsed JSON read-only: objects become mappings, arrays tuples."""
    if isinstance(value, dict):
        return types.MappingProxyType(
            {k: _freeze(v) for k, v in value.items()}
        )
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def _thaw(value: object) -> object:
    """Undo :func:`_freeze` for pickling: read-only mappings become dicts."""
    if isinstance(value, types.MappingProxyType):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_thaw(item) for item in value)
    return value


def plain_fields(instance: attrs.AttrsInstance) -> dict[str, object]:
    """An attrs instance's fields, read-only mappings made dicts."""
    return {
        field.name: _thaw(getattr(instance, field.name))
        for field in attrs.fields(type(instance))
    }


def rebuild(cls: type[_T], fields: dict[str, typing.Any]) -> _T:
    """Build ``cls`` from ``fields``: how pickle restores a pack."""
    return cls(**fields)


def _extensions(value: Mapping[str, object]) -> Mapping[str, object]:
    return types.MappingProxyType({k: _freeze(v) for k, v in value.items()})


def _unknown(
    kind: str, wanted: str, known: Iterable[str], where: str
) -> UnknownIdError:
    suggestions = close_matches(wanted, list(known), n=5)
    hint = did_you_mean(suggestions)
    msg = f"No {kind} {wanted!r} in {where}.{hint}"
    return UnknownIdError(msg, id=wanted, suggestions=suggestions)


@typing.final
@attrs.frozen(kw_only=True)
class Pack:
    """
    A loaded content pack: its metadata, exercises and routines.

    Content ids are local to the pack; qualified by the pack id they read
    ``sciatica:lower-trunk-rotation``. Routines are resolved: each item
    holds its :class:`Exercise`, including exercises of the packs this
    one depends on.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The pack id, lower-case kebab-case; the namespace of its content.
    id: str
    #: The pack's name for people.
    name: str
    #: The pack's own version (semantic versioning).
    version: str
    #: What the pack holds.
    description: str
    #: The language of its text, as a BCP 47 tag such as ``en-AU``.
    language: str
    #: The licence of its content, as an SPDX expression.
    license: str
    #: Its authors, sources and publishers.
    credits: tuple[Credit, ...] = attrs.field(converter=_tuple)
    #: The exerciselib versions it works with (a PEP 440 specifier).
    requires_exerciselib: str
    #: Ids of the packs whose exercises its routines use.
    dependencies: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    #: Its exercises by local id, in manifest order.
    exercises: Mapping[str, Exercise] = attrs.field(
        factory=dict, converter=_exercise_map
    )
    #: Its routines by local id, in manifest order.
    routines: Mapping[str, Routine] = attrs.field(
        factory=dict, converter=_routine_map
    )
    #: The folder it was loaded from; for a pack built in code
    #: (:meth:`from_objects`), the folder of its media files, or None.
    root: pathlib.Path | None
    #: The Python distribution that installed it, if it was discovered.
    distribution: str | None = None
    #: The manifest format it was written in.
    format: int = CURRENT_FORMAT
    #: The manifest's ``x-`` extension keys, read-only, for host apps.
    extensions: Mapping[str, object] = attrs.field(
        factory=dict, converter=_extensions
    )
    #: Its translations, by BCP 47 tag: the texts of each file
    #: ``translations/<tag>.json``, read-only, as checked when the pack
    #: loaded. Look texts up through :meth:`Catalog.localized_routine`
    #: and :meth:`Catalog.localized_exercise`, which fall back per field.
    #:
    #: .. versionadded:: 0.3.0
    translations: Mapping[str, Mapping[str, object]] = attrs.field(
        factory=dict, converter=_extensions, repr=False
    )

    @classmethod
    def from_objects(
        cls,
        *,
        id: str,  # noqa: A002 -- the manifest's own key
        name: str,
        version: str,
        exercises: Iterable[Exercise] = (),
        routines: Iterable[Routine] = (),
        description: str | None = None,
        language: str = "en",
        license: str = "NOASSERTION",  # noqa: A002 -- the manifest's key
        credits: Iterable[Credit] = (),  # noqa: A002 -- the manifest key
        requires_exerciselib: str = ">=0",
        extensions: Mapping[str, object] | None = None,
        root: str | pathlib.Path | None = None,
    ) -> Pack:
        """
        Build a pack from exercises and routines made in code.

        A host app's own content joins a catalog this way
        (:meth:`Catalog.with_packs`). The pack is checked exactly as a
        ``pack.json`` with every exercise and routine embedded would be:
        the same schemas, limits (10,000 exercises, 1,000 routines, text
        lengths) and checks (ids used twice), and the same
        :class:`PackError`, whose JSON paths point into that equivalent
        manifest (``$.exercises[1].id``).

        >>> from exerciselib import Exercise, Pack
        >>> bend = Exercise(
        ...     id="knee-bend", name="Knee bend", summary="Bend the knee.",
        ...     steps=["Sit tall."],
        ... )
        >>> pack = Pack.from_objects(
        ...     id="clinic", name="Our clinic", version="1.0.0",
        ...     exercises=[bend],
        ... )
        >>> pack.qualified_id("knee-bend"), pack.root
        ('clinic:knee-bend', None)

        Args:
            id: The pack id, lower-case kebab-case.
            name: The pack's name for people.
            version: Its version (semantic versioning, ``"1.0.0"``).
            exercises: Its exercises, in order.
            routines: Its routines; each holds its exercises whole, so
                they may come from any pack.
            description: What it holds (by default its name).
            language: The BCP 47 tag of its text.
            license: An SPDX expression (``"LicenseRef-clinic"`` for
                your own terms).
            credits: Its authors and sources.
            requires_exerciselib: A PEP 440 specifier of the exerciselib
                versions it works with.
            extensions: ``x-`` keys for the host app's own use.
            root: The folder holding the exercises' media files, if any
                exercise has media.

        Raises:
            PackError: Listing every problem found.

        .. versionadded:: 0.2.0
        """
        data: dict[str, typing.Any] = {
            # The schema refuses keys not starting with "x-"; the named
            # fields below win over any extension spelled like them.
            **(extensions or {}),
            "format": CURRENT_FORMAT,
            "id": id,
            "name": name,
            "version": version,
            "description": name if description is None else description,
            "language": language,
            "license": license,
            "credits": [_credit_data(c) for c in credits],
            "requires_exerciselib": requires_exerciselib,
            "exercises": [
                _object_data(e, Exercise, "exercises", i)
                for i, e in enumerate(exercises)
            ],
            "routines": [
                _object_data(r, Routine, "routines", i)
                for i, r in enumerate(routines)
            ],
        }
        folder = None if root is None else pathlib.Path(root)
        draft = draft_from_data(
            data, root=folder, where="objects given to Pack.from_objects"
        )
        return finish_pack(draft, {})

    def __reduce__(self) -> tuple[typing.Any, ...]:
        # Read-only mappings cannot be pickled: rebuild from plain dicts.
        return (rebuild, (type(self), plain_fields(self)))

    @property
    def languages(self) -> tuple[str, ...]:
        """
        The languages its texts can be read in, its own first.

        The translated ones follow, sorted.

        .. versionadded:: 0.3.0
        """
        return (pack_language(self.language), *sorted(self.translations))

    def translators(self, language: str) -> tuple[Credit, ...]:
        """
        The credits of the translation into ``language``, if it has one.

        Each translation file names who translated (and reviewed) it;
        the pack's own :attr:`credits` are never translated.

        >>> import exerciselib
        >>> pack = exerciselib.load_catalog().pack("sciatica")
        >>> [c.role for c in pack.translators("DE")], pack.translators("fr")
        (['translator'], ())

        .. versionadded:: 0.3.0
        """
        data = self.translations.get(pack_language(language), {})
        found = typing.cast(
            "tuple[Mapping[str, str], ...]", data.get("credits", ())
        )
        return tuple(Credit(**credit) for credit in found)

    @property
    def authors(self) -> tuple[Credit, ...]:
        """The credits whose role is ``author``."""
        return tuple(c for c in self.credits if c.role == "author")

    def qualified_id(self, local_id: str) -> str:
        """Return ``local_id`` qualified by this pack: ``"pack:local"``."""
        return f"{self.id}:{local_id}"

    def exercise(self, exercise_id: str) -> Exercise:
        """
        Return the exercise with this local (or own qualified) id.

        Raises:
            UnknownIdError: The pack has no such exercise; the message and
                ``suggestions`` name close matches.
        """
        local = self._local(exercise_id)
        found = self.exercises.get(local)
        if found is None:
            where = f"pack {self.id!r}"
            error = _unknown("exercise", exercise_id, self.exercises, where)
            raise error
        return found

    def routine(self, routine_id: str) -> Routine:
        """
        Return the routine with this local (or own qualified) id.

        Raises:
            UnknownIdError: The pack has no such routine; the message and
                ``suggestions`` name close matches.
        """
        local = self._local(routine_id)
        found = self.routines.get(local)
        if found is None:
            where = f"pack {self.id!r}"
            error = _unknown("routine", routine_id, self.routines, where)
            raise error
        return found

    def _local(self, wanted: str) -> str:
        prefix = f"{self.id}:"
        return str(wanted).removeprefix(prefix)


def _credit_data(credit: object) -> object:
    """A credit as manifest data; anything else is left for the schema."""
    if not isinstance(credit, Credit):
        return repr(credit)
    fields = attrs.asdict(credit)
    return {key: value for key, value in fields.items() if value is not None}


def _object_data(value: object, kind: type, key: str, index: int) -> object:
    """An exercise or routine as manifest data, or refuse it."""
    if isinstance(value, kind) and isinstance(value, Exercise | Routine):
        return value.to_dict()
    msg = (
        f"$.{key}[{index}] must be {'an' if kind is Exercise else 'a'} "
        f"{kind.__name__}, got {type(value).__name__}"
    )
    raise InvalidValueError(msg, field=key, value=value)


def _reference_problem(
    reference: str,
    *,
    draft: PackDraft,
    available: Mapping[str, Pack],
    where: str,
    file: str,
) -> Problem | None:
    """Say what is wrong with an item's exercise reference, if anything."""
    own = draft.id
    pack_id, _, local = reference.rpartition(":")
    if pack_id in {"", own}:
        if local in draft.exercises:
            return None
        close = close_matches(local, list(draft.exercises), n=3)
        hint = did_you_mean(close, lead="; did you mean")
        msg = f"no exercise {local!r} in this pack{hint}"
    elif pack_id not in draft.dependencies:
        msg = (
            f"{reference!r} belongs to pack {pack_id!r}, which the "
            "manifest does not list in $.dependencies; add it there"
        )
    elif pack_id not in available:
        msg = (
            f"{reference!r} needs pack {pack_id!r}, which is not loaded; "
            "install it, or pass it to load_pack(..., dependencies=[...])"
        )
    elif local in available[pack_id].exercises:
        return None
    else:
        known = available[pack_id].exercises
        close = close_matches(local, list(known), n=3)
        hint = did_you_mean(
            (f"{pack_id}:{c}" for c in close), lead="; did you mean"
        )
        msg = f"pack {pack_id!r} has no exercise {local!r}{hint}"
    return Problem(json_path=where, message=msg, file=file)


def _missing(
    draft: PackDraft,
    available: Mapping[str, Pack],
    raw: dict[str, typing.Any],
    *,
    file: str,
    base: str,
) -> list[Problem]:
    """
    The routine's items whose exercise cannot be found.

    Stops one past :data:`MAX_PROBLEMS`: each problem costs a search for
    close matches, and a hostile pack could hold thousands.
    """
    found: list[Problem] = []
    for index, item in enumerate(raw["items"]):
        if len(found) > MAX_PROBLEMS:
            break
        if not isinstance(item["exercise"], str):
            continue
        problem = _reference_problem(
            item["exercise"],
            draft=draft,
            available=available,
            where=f"{base}.items[{index}].exercise",
            file=file,
        )
        if problem is not None:
            found.append(problem)
    return found


def _lookup(
    draft: PackDraft, available: Mapping[str, Pack]
) -> dict[str, Exercise]:
    """Every exercise a routine of ``draft`` may name, by reference."""
    lookup: dict[str, Exercise] = {}
    for local, exercise in draft.exercises.items():
        lookup[local] = exercise
        lookup[f"{draft.id}:{local}"] = exercise
    for dependency in draft.dependencies:
        if dependency in available:
            for local, exercise in available[dependency].exercises.items():
                lookup[f"{dependency}:{local}"] = exercise
    return lookup


def finish_pack(draft: PackDraft, available: Mapping[str, Pack]) -> Pack:
    """
    Resolve the routines of ``draft`` and build the :class:`Pack`.

    Args:
        draft: The pack as :func:`read_pack` returned it.
        available: Loaded packs by id; the draft's dependencies are looked
            up here.

    Raises:
        PackError: Listing every routine item whose exercise cannot be
            found, or any other problem building the routines.
    """
    lookup = _lookup(draft, available)
    found: list[Problem] = []
    routines: dict[str, Routine] = {}
    for file, base, raw in draft.routines:
        room = MAX_PROBLEMS - len(found)
        if room <= 0:
            found.append(too_many(file))
            break
        missing = _missing(draft, available, raw, file=file, base=base)
        if missing:
            found += missing[:room]
            if len(missing) > room:
                found.append(too_many(file))
            continue
        try:
            # read_pack validated ``raw`` against routine.json already.
            routines[raw["id"]] = routine_from_valid(raw, exercises=lookup)
        except InvalidDataError as error:
            found += retag(error.problems, file=file, base=base)
    if found:
        raise pack_error(
            found,
            pack=draft.id,
            root=draft.fields["root"],
            distribution=draft.fields["distribution"],
        )
    return Pack(**draft.fields, exercises=draft.exercises, routines=routines)


def load_pack(
    path: str | pathlib.Path,
    *,
    dependencies: Iterable[Pack] = (),
) -> Pack:
    """
    Load and validate the pack in the folder ``path``.

    The same checks as :func:`load_catalog` applies to installed packs.
    Nothing in the folder is imported, run or written.

    Args:
        path: The pack folder, the one holding ``pack.json``, or the
            project folder (holding ``pyproject.toml``) of a pack
            distribution; the entry-point name must then equal the
            manifest id.
        dependencies: Loaded packs that this pack's routines may use, for
            packs that declare ``dependencies``.

    Returns:
        The loaded pack.

    Raises:
        PackError: The pack cannot be read or is invalid. Every problem
            found is in ``problems`` and in the message, one a line, as
            ``{pack}: {file}: {json_path}: {message}``.

    .. versionadded:: 0.1.0
    """
    folders = pack_folders(path)
    if len(folders) > 1:
        names = ", ".join(repr(found.name) for found in folders)
        msg = (
            f"the project registers {len(folders)} packs ({names}); give "
            f"the folder of the one to load, holding {MANIFEST}"
        )
        problem = Problem(json_path="$", message=msg, file=PYPROJECT)
        raise pack_error([problem], pack=None, root=path, distribution=None)
    (found,) = folders
    draft = read_pack(found.folder, expected_id=found.name)
    return finish_pack(draft, {pack.id: pack for pack in dependencies})
