"""
The catalog: loaded content packs, looked up by qualified id.

A :class:`Catalog` is immutable: its packs, and a
:class:`PackLoadFailure` for each pack that could not be loaded.
:func:`exerciselib.load_catalog` (in :mod:`exerciselib._packs.loading`) builds
it.
"""

from __future__ import annotations

import types
import typing
import warnings
from collections.abc import Mapping

import attrs

from exerciselib._model.vocabulary import (
    EQUIPMENT,
    REGIONS,
    canonical_equipment,
    canonical_region,
    fold,
)
from exerciselib._packs.pack import plain_fields, rebuild
from exerciselib._text import close_matches, did_you_mean
from exerciselib.exceptions import (
    InvalidValueError,
    PackError,
    UnknownIdError,
)

if typing.TYPE_CHECKING:
    import pathlib
    from collections.abc import Iterable, Iterator

    from exerciselib._model.types import Exercise, Routine
    from exerciselib._packs.localized import Localized
    from exerciselib._packs.pack import Pack

__all__ = ["Catalog", "PackLoadFailure"]


@typing.final
@attrs.frozen(kw_only=True)
class PackLoadFailure:
    """
    A pack that could not be loaded, and why.

    .. versionadded:: 0.1.0
    """

    __module__ = "exerciselib"

    #: The pack id, when known.
    pack: str | None
    #: The distribution that installed it, when known.
    distribution: str | None
    #: The file at fault, relative to the pack folder, when known.
    file: str | None
    #: The JSON path at fault inside ``file``, when known.
    json_path: str | None
    #: What went wrong and how to fix it: the error's whole message.
    reason: str
    #: The error itself, with every problem in ``error.problems``. Not
    #: compared: two failures with the same fields and reason are equal.
    error: PackError = attrs.field(eq=False)

    @classmethod
    def from_error(cls, error: PackError) -> PackLoadFailure:
        """Record ``error``."""
        return cls(
            pack=error.pack,
            distribution=error.distribution,
            file=error.file,
            json_path=error.json_path,
            reason=str(error),
            error=error,
        )


def _pack_map(value: Mapping[str, Pack]) -> Mapping[str, Pack]:
    return types.MappingProxyType(dict(value))


def _failures(
    value: Iterable[PackLoadFailure],
) -> tuple[PackLoadFailure, ...]:
    return tuple(value)


_V = typing.TypeVar("_V")


class _ByQualifiedId(Mapping[str, _V]):
    """
    A read-only view of the packs' exercises (or routines) by qualified id.

    Made on each access, it copies nothing: it reads the packs' own
    mappings, pack by pack in manifest order. Calling it, the shape
    ``Catalog.exercises()`` had before 0.2.0, still yields the
    ``(qualified id, value)`` pairs, with a :class:`DeprecationWarning`.
    """

    __slots__ = ("_kind", "_packs")

    def __init__(self, packs: Mapping[str, Pack], kind: str) -> None:
        self._packs = packs
        self._kind = kind

    def _of(self, pack: Pack) -> Mapping[str, _V]:
        return typing.cast("Mapping[str, _V]", getattr(pack, self._kind))

    def __getitem__(self, qualified_id: str) -> _V:
        pack_id, local = _split(qualified_id)
        pack = self._packs.get(pack_id)
        if pack is None or ":" not in str(qualified_id):
            raise KeyError(qualified_id)
        return self._of(pack)[local]

    def __iter__(self) -> Iterator[str]:
        for pack in self._packs.values():
            for local in self._of(pack):
                yield pack.qualified_id(local)

    def __len__(self) -> int:
        return sum(len(self._of(pack)) for pack in self._packs.values())

    def __repr__(self) -> str:
        return f"<catalog {self._kind}: {len(self)}>"

    def __call__(self) -> Iterator[tuple[str, _V]]:
        msg = (
            f"Calling Catalog.{self._kind}() is deprecated; "
            f"Catalog.{self._kind} is a read-only mapping by qualified id: "
            f"use Catalog.{self._kind}.items()."
        )
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return iter(self.items())


def _region(term: str) -> str:
    """A body region as search compares it: canonical when known."""
    return canonical_region(term) or fold(term)


def _synonyms(exercise: Exercise) -> list[str]:
    """The known names of the exercise's regions and equipment."""
    found: list[str] = []
    for term in exercise.body_regions:
        canonical = canonical_region(term)
        if canonical is not None:
            found += [canonical, *REGIONS[canonical]]
    for term in exercise.equipment:
        canonical = canonical_equipment(term)
        if canonical is not None:
            for choice in canonical.split(" or "):
                found += [choice, *EQUIPMENT[choice]]
    return found


def _source(pack: Pack) -> str:
    """Where a pack came from, for messages."""
    if pack.distribution is not None:
        return f"distribution {pack.distribution!r}"
    if pack.root is not None:
        return str(pack.root)
    return "objects built in code"


def _split(qualified_id: str) -> tuple[str, str]:
    pack_id, _, local = str(qualified_id).partition(":")
    return pack_id, local


@typing.final
@attrs.frozen(kw_only=True, init=False)
class Catalog:
    """
    Loaded content packs, and the packs that failed to load.

    Content is looked up by qualified id, ``"pack:local-id"``. Iterating
    a catalog yields its pack ids; ``len`` counts its packs.

    Its :attr:`exercises` and :attr:`routines`, like a :class:`Pack`'s,
    are read-only mappings by id (qualified here, local in a pack),
    pack by pack in manifest order; a :class:`Routine`'s
    :attr:`~Routine.exercises` is a tuple, one per item in order, since
    a routine may do one exercise twice.

    Args:
        packs: The loaded packs by id.
        failures: Each pack that failed to load.
        errors: The old name of ``failures``.

    .. versionadded:: 0.1.0

    .. deprecated:: 0.2.0
        The keyword ``errors`` (use ``failures``); it goes in 0.3.0.
    """

    __module__ = "exerciselib"

    #: The loaded packs by id, sorted by id.
    packs: Mapping[str, Pack] = attrs.field(factory=dict, converter=_pack_map)
    #: Each pack that failed to load, with the reason.
    failures: tuple[PackLoadFailure, ...] = attrs.field(
        default=(), converter=_failures
    )

    def __init__(
        self,
        *,
        packs: Mapping[str, Pack] = types.MappingProxyType({}),
        failures: Iterable[PackLoadFailure] = (),
        errors: Iterable[PackLoadFailure] | None = None,
    ) -> None:
        if errors is not None:
            msg = "Catalog(errors=...) is deprecated; pass failures=..."
            warnings.warn(msg, DeprecationWarning, stacklevel=2)
            failures = errors
        self.__attrs_init__(packs=packs, failures=failures)

    @property
    def errors(self) -> tuple[PackLoadFailure, ...]:
        """
        The packs that failed to load: the old name of :attr:`failures`.

        .. deprecated:: 0.2.0
            Use :attr:`failures`; ``errors`` goes in 0.3.0.
        """
        msg = "Catalog.errors is deprecated; use Catalog.failures."
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return self.failures

    def __reduce__(self) -> tuple[typing.Any, ...]:
        # Read-only mappings cannot be pickled: rebuild from plain dicts.
        return (rebuild, (type(self), plain_fields(self)))

    def __iter__(self) -> Iterator[str]:
        return iter(self.packs)

    def __len__(self) -> int:
        return len(self.packs)

    def __contains__(self, pack_id: object) -> bool:
        return pack_id in self.packs

    def with_packs(self, *packs: Pack) -> Catalog:
        """
        Return a new catalog holding this one's packs and ``packs``.

        This is how a host app's own content, built in code with
        :meth:`Pack.from_objects` or read with :func:`load_pack`, joins
        the installed packs: lookups and :meth:`search` then find it
        like any other pack's. This catalog is not changed.

        Args:
            packs: The packs to add.

        Raises:
            PackError: A pack's id is already in the catalog (or given
                twice); the message names both sources.
            InvalidValueError: Something other than a :class:`Pack` was
                given.

        .. versionadded:: 0.2.0
        """
        from exerciselib._packs.pack import Pack  # noqa: PLC0415 -- lazy: start-up time

        added = dict(self.packs)
        given: tuple[object, ...] = packs
        for index, pack in enumerate(given):
            if not isinstance(pack, Pack):
                msg = (
                    f"packs[{index}] must be a Pack, got "
                    f"{type(pack).__name__}; build one with "
                    "Pack.from_objects or load_pack"
                )
                raise InvalidValueError(msg, field="packs", value=pack)
            if pack.id in added:
                first = _source(added[pack.id])
                msg = (
                    f"Pack id {pack.id!r} is already in the catalog "
                    f"(from {first}); it cannot be added again from "
                    f"{_source(pack)}. Give the added pack its own id."
                )
                raise PackError(
                    msg, pack=pack.id, distribution=pack.distribution
                )
            added[pack.id] = pack
        return Catalog(
            packs=dict(sorted(added.items())), failures=self.failures
        )

    def pack(self, pack_id: str) -> Pack:
        """
        Return the pack with this id.

        Raises:
            UnknownIdError: No such pack was loaded; close matches are
                suggested, and a pack that failed to load says so.
        """
        found = self.packs.get(pack_id)
        if found is not None:
            return found
        failed = [f for f in self.failures if f.pack == pack_id]
        suggestions = close_matches(str(pack_id), list(self.packs), n=5)
        hint = did_you_mean(suggestions)
        if failed:
            hint = f" It failed to load: {failed[0].reason}"
        msg = f"No pack {pack_id!r} is loaded.{hint}"
        raise UnknownIdError(msg, id=str(pack_id), suggestions=suggestions)

    def exercise(self, qualified_id: str) -> Exercise:
        """
        Return the exercise with this qualified id.

        Args:
            qualified_id: ``"pack:local-id"``, as
                ``"sciatica:lower-trunk-rotation"``.

        Raises:
            UnknownIdError: No loaded pack has this exercise; the message
                and ``suggestions`` name close matches.
        """
        pack_id, local = _split(qualified_id)
        pack = self.packs.get(pack_id)
        if pack is not None and local in pack.exercises:
            return pack.exercises[local]
        error = self._unknown("exercise", qualified_id, self.exercise_ids())
        raise error

    def routine(self, qualified_id: str) -> Routine:
        """
        Return the routine with this qualified id.

        Its items hold their exercises, from this pack or the packs it
        depends on.

        Raises:
            UnknownIdError: No loaded pack has this routine; the message
                and ``suggestions`` name close matches.
        """
        pack_id, local = _split(qualified_id)
        pack = self.packs.get(pack_id)
        if pack is not None and local in pack.routines:
            return pack.routines[local]
        error = self._unknown("routine", qualified_id, self.routine_ids())
        raise error

    def localized_routine(
        self, qualified_id: str, *, lang: str
    ) -> Localized[Routine]:
        """
        Return the routine ready to show in the language ``lang``.

        Each translatable text (names, summaries, starting positions,
        steps, safety cues, media ``alt`` text, the routine's
        description, advice and item notes) is looked up on its own: in
        ``lang``, then in ``lang`` cut short (``de-AT``, then ``de``),
        then in the pack's own language. An exercise of another pack
        comes in that pack's translation. Ids, dosages, sides, credits
        and structure are the original's.

        >>> import exerciselib
        >>> catalog = exerciselib.load_catalog()
        >>> shown = catalog.localized_routine(
        ...     "sciatica:sciatica-relief", lang="es"
        ... )
        >>> shown.value.items[2].exercise.name, shown.source("/name")
        ('Rotación del tronco inferior', 'es')

        Args:
            qualified_id: ``"pack:local-id"``.
            lang: A BCP 47 tag such as ``"de"``, ``"de-AT"`` or
                ``"es-419"``.

        Returns:
            The routine, the tag asked for, the tag most texts are in,
            and the tag of each text (``sources``).

        Raises:
            UnknownIdError: No loaded pack has this routine.
            InvalidValueError: ``lang`` is not a language tag (field
                ``lang``).

        .. versionadded:: 0.3.0
        """
        from exerciselib._packs.localized import localize_routine  # noqa: PLC0415 -- lazy: start-up time

        routine = self.routine(qualified_id)
        pack = self.packs[_split(qualified_id)[0]]
        return localize_routine(routine, pack, self.packs, lang)

    def localized_exercise(
        self, qualified_id: str, *, lang: str
    ) -> Localized[Exercise]:
        """
        Return the exercise ready to show in the language ``lang``.

        Its texts are looked up as :meth:`localized_routine` does; the
        ``sources`` pointers point into ``value.to_dict()``
        (``/steps/0``).

        Raises:
            UnknownIdError: No loaded pack has this exercise.
            InvalidValueError: ``lang`` is not a language tag.

        .. versionadded:: 0.3.0
        """
        from exerciselib._packs.localized import localize_exercise  # noqa: PLC0415 -- lazy: start-up time

        return localize_exercise(self.exercise(qualified_id), self.packs, lang)

    def localized_pack(self, pack_id: str, *, lang: str) -> Localized[Pack]:
        """
        Return the pack with its name and description in ``lang``.

        Its exercises and routines are left as they are (ask for them
        with :meth:`localized_routine`); ``sources`` has ``/name`` and
        ``/description``.

        Raises:
            UnknownIdError: No such pack was loaded.
            InvalidValueError: ``lang`` is not a language tag.

        .. versionadded:: 0.3.0
        """
        from exerciselib._packs.localized import localize_pack  # noqa: PLC0415 -- lazy: start-up time

        return localize_pack(self.pack(pack_id), lang)

    def languages(self, pack_id: str) -> tuple[str, ...]:
        """
        Return the languages pack ``pack_id`` can be read in, its own first.

        >>> import exerciselib
        >>> exerciselib.load_catalog().languages("sciatica")
        ('en-AU', 'de', 'es')

        Raises:
            UnknownIdError: No such pack was loaded.

        .. versionadded:: 0.3.0
        """
        return self.pack(pack_id).languages

    def media_root(self, exercise: Exercise) -> pathlib.Path | None:
        """
        Return the folder of the pack that holds ``exercise``.

        Media paths are relative to the pack that owns the exercise, which
        for a routine using another pack's exercises is not the routine's
        pack. Pass this method as ``media_root`` to :func:`to_html`.

        Returns:
            The pack's folder; ``None`` when no loaded pack holds this
            exercise (the very object, or else one equal exercise, or
            else, for a translated exercise, the pack its ``pack`` names
            when that pack has its id).

        .. versionadded:: 0.1.0
        """
        equal: list[pathlib.Path | None] = []
        for pack in self.packs.values():
            for candidate in pack.exercises.values():
                if candidate is exercise:
                    return pack.root
                if candidate == exercise:
                    equal.append(pack.root)
        if not equal:
            # A localized exercise differs from its pack's only in text;
            # its media paths are its pack's.
            owner = self.packs.get(exercise.pack or "")
            if owner is not None and exercise.id in owner.exercises:
                return owner.root
        return equal[0] if len(equal) == 1 else None

    def exercise_ids(self) -> list[str]:
        """Every exercise's qualified id, pack by pack in manifest order."""
        return list(self.exercises)

    def routine_ids(self) -> list[str]:
        """Every routine's qualified id, pack by pack in manifest order."""
        return list(self.routines)

    @property
    def exercises(self) -> Mapping[str, Exercise]:
        """
        Every exercise by qualified id: a read-only mapping.

        Pack by pack in manifest order, like :attr:`Pack.exercises` (by
        local id) for one pack; ``catalog.exercises.items()`` gives the
        ``(qualified id, exercise)`` pairs.

        .. versionchanged:: 0.2.0
            A read-only mapping, no longer a method: calling it still
            yields the pairs, with a :class:`DeprecationWarning`, until
            0.3.0.
        """
        return _ByQualifiedId(self.packs, "exercises")

    @property
    def routines(self) -> Mapping[str, Routine]:
        """
        Every routine by qualified id: a read-only mapping.

        Pack by pack in manifest order, like :attr:`Pack.routines`.

        .. versionchanged:: 0.2.0
            A read-only mapping, no longer a method: calling it still
            yields the pairs, with a :class:`DeprecationWarning`, until
            0.3.0.
        """
        return _ByQualifiedId(self.packs, "routines")

    def search(
        self,
        text: str | None = None,
        *,
        tag: str | None = None,
        region: str | None = None,
    ) -> list[tuple[str, Exercise]]:
        """
        Return the exercises matching every criterion given.

        Args:
            text: Words that must all appear (ignoring case) in the id,
                name, summary, steps, safety cues, tags or body regions.
            tag: A tag the exercise must have (ignoring case).
            region: A body region the exercise must work, ignoring case,
                ``-`` and ``_``; a synonym of the shared vocabulary finds
                its canonical term (``"lower back"`` finds
                ``lower-back``, ``"hamstring"`` finds ``hamstrings``).

        Returns:
            ``(qualified id, exercise)`` pairs in catalog order.
        """
        words = text.casefold().split() if text else []
        wanted_tag = tag.casefold() if tag is not None else None
        wanted_region = _region(region) if region is not None else None
        found: list[tuple[str, Exercise]] = []
        for qualified, exercise in self.exercises.items():
            if wanted_tag is not None and wanted_tag not in {
                t.casefold() for t in exercise.tags
            }:
                continue
            if wanted_region is not None and wanted_region not in {
                _region(r) for r in exercise.body_regions
            }:
                continue
            haystack = " ".join(
                [
                    qualified,
                    exercise.name,
                    exercise.summary,
                    *exercise.steps,
                    *exercise.form_cues,
                    *exercise.safety_cues,
                    *exercise.tags,
                    *exercise.body_regions,
                    *_synonyms(exercise),
                ]
            ).casefold()
            if all(word in haystack for word in words):
                found.append((qualified, exercise))
        return found

    def _unknown(
        self, kind: str, wanted: str, known: list[str]
    ) -> UnknownIdError:
        wanted = str(wanted)
        local = _split(wanted)[1] or wanted
        same_local = [k for k in known if _split(k)[1] == local]
        close = close_matches(wanted, known, n=5)
        suggestions = list(dict.fromkeys([*same_local, *close]))[:5]
        hint = did_you_mean(suggestions)
        form = "" if ":" in wanted else " Ids are qualified: 'pack:id'."
        pack_id = _split(wanted)[0]
        failed = [f for f in self.failures if f.pack == pack_id]
        note = (
            f" Pack {pack_id!r} failed to load; see catalog.failures."
            if failed
            else ""
        )
        msg = f"No {kind} {wanted!r} in the catalog.{form}{hint}{note}"
        return UnknownIdError(msg, id=wanted, suggestions=suggestions)
