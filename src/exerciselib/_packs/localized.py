"""
Localized content: a routine, an exercise or a pack in a patient's language.

Each translatable text (:data:`~exerciselib._packs.translations.TRANSLATABLE`)
is looked up on its own along the RFC 4647 lookup chain
(:func:`~exerciselib._lang.fallback_chain`): the requested tag, its
truncations (``de-AT`` → ``de``), then the pack's own language. A field
comes whole from one language (a list of steps is never half translated),
and an exercise another pack owns comes in that pack's translation.
:class:`Localized` holds the result and, for every translatable text, the
tag it came from, keyed by the JSON Pointer (RFC 6901) of the text in
``value.to_dict()``.
"""

from __future__ import annotations

import collections
import types
import typing

import attrs

from exerciselib._lang import fallback_chain, tag
from exerciselib._packs.pack import plain_fields, rebuild
from exerciselib._packs.translations import (
    Shape,
    fields_of,
    pack_language,
)
from exerciselib._text import close_matches, did_you_mean
from exerciselib.exceptions import UnknownIdError

if typing.TYPE_CHECKING:
    from collections.abc import Mapping

    from exerciselib._model.types import Exercise, Routine
    from exerciselib._packs.pack import Pack

__all__ = [
    "Localized",
    "localize_exercise",
    "localize_pack",
    "localize_routine",
]

_V = typing.TypeVar("_V")
_T = typing.TypeVar("_T")
#: Where each kind sits in a translation file.
_KEYS = {"pack": "pack", "exercise": "exercises", "routine": "routines"}
#: One step of a lookup: a tag, and that language's entry (or None for
#: the pack's own texts, which end every chain).
_Layer = tuple[str, "Mapping[str, typing.Any] | None"]


def _sources(value: Mapping[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(dict(value))


@typing.final
@attrs.frozen(kw_only=True)
class Localized(typing.Generic[_V]):
    """
    A value with its texts in the language asked for, and where each came from.

    ``value`` is the very model object a host app shows (a
    :class:`Routine`, an :class:`Exercise` or a :class:`Pack`) with each
    translatable text replaced by the best translation along the
    fallback chain; its ids, dosages, sides, credits and structure are
    those of the original. ``sources`` says, for every translatable text
    present, which language it is in, so a page can carry ``lang`` on
    the parts that fell back.

    >>> import exerciselib
    >>> catalog = exerciselib.load_catalog()
    >>> shown = catalog.localized_routine(
    ...     "sciatica:sciatica-relief", lang="de-AT"
    ... )
    >>> shown.requested, shown.language
    ('de-AT', 'de')
    >>> shown.source("/items/0/exercise/steps/1")
    'de'
    >>> shown.value.items[0].dosage == catalog.routine(
    ...     "sciatica:sciatica-relief"
    ... ).items[0].dosage
    True

    .. versionadded:: 0.3.0
    """

    __module__ = "exerciselib"

    #: The object with its texts replaced.
    value: _V
    #: The language asked for, as a checked BCP 47 tag in canonical case.
    requested: str
    #: The language most texts are in: the one for ``<html lang>``.
    language: str
    #: For every translatable text of ``value``, the tag it came from,
    #: keyed by its JSON Pointer (RFC 6901) into ``value.to_dict()``
    #: (``/name``, ``/items/0/exercise/steps/1``); for a pack, into its
    #: manifest (``/name``, ``/description``).
    sources: Mapping[str, str] = attrs.field(converter=_sources)

    def __reduce__(self) -> tuple[typing.Any, ...]:
        # Read-only mappings cannot be pickled: rebuild from plain dicts.
        return (rebuild, (type(self), plain_fields(self)))

    def source(self, pointer: str) -> str:
        """
        The language of the text at the JSON Pointer ``pointer``.

        Raises:
            UnknownIdError: ``pointer`` names no translatable text of
                ``value``; close pointers are suggested.
        """
        found = self.sources.get(pointer)
        if found is not None:
            return found
        suggestions = close_matches(str(pointer), list(self.sources), n=5)
        hint = did_you_mean(suggestions)
        msg = (
            f"No translatable text at {pointer!r}: pointers are JSON "
            f"Pointers into value.to_dict(), such as '/name'.{hint}"
        )
        raise UnknownIdError(msg, id=str(pointer), suggestions=suggestions)


class _Lookup:
    """One localization: the tag asked for, the catalog, the sources."""

    def __init__(self, requested: str, packs: Mapping[str, Pack]) -> None:
        self.requested = requested
        self.packs = packs
        self.sources: dict[str, str] = {}
        self.order: list[str] = []

    def layers(self, pack: Pack | None, kind: str, local: str) -> list[_Layer]:
        """The languages to try for one entry, each with its texts."""
        if pack is None:
            return []
        own = pack_language(pack.language)
        found: list[_Layer] = []
        for candidate in fallback_chain(self.requested, own):
            if candidate == own:
                found.append((own, None))
                break
            data = pack.translations.get(candidate, {})
            entry = data.get(_KEYS[kind])
            if kind != "pack" and entry is not None:
                entry = typing.cast("Mapping[str, typing.Any]", entry).get(
                    local
                )
            if entry is not None:
                found.append(
                    (candidate, typing.cast("Mapping[str, typing.Any]", entry))
                )
        for candidate, _ in found:
            if candidate not in self.order:
                self.order.append(candidate)
        return found

    def apply(
        self,
        value: _T,
        kind: str,
        layers: list[_Layer],
        own: str,
        prefix: str,
    ) -> _T:
        """``value`` with each translatable field of ``kind`` looked up."""
        changes: dict[str, object] = {}
        for field in fields_of(kind).values():
            original = getattr(value, field.name, None)
            if original is None or original == ():
                continue
            at = f"{prefix}/{field.name}"
            if field.shape is not Shape.PARTS:
                text, source = _pick(layers, field.name, None, own, original)
                changes[field.name] = text
                if field.shape is Shape.TEXTS:
                    for index in range(len(original)):
                        self.sources[f"{at}/{index}"] = source
                else:
                    self.sources[at] = source
                continue
            part = typing.cast("str", field.part)
            parts = []
            for index, element in enumerate(original):
                was = getattr(element, part)
                if was is None:
                    parts.append(element)
                    continue
                text, source = _pick(
                    layers, field.name, index, own, was, part=part
                )
                self.sources[f"{at}/{index}/{part}"] = source
                parts.append(
                    element
                    if text is was
                    else attrs.evolve(element, **{part: text})
                )
            changes[field.name] = tuple(parts)
        if not changes:
            return value
        evolved: _T = attrs.evolve(typing.cast("typing.Any", value), **changes)
        return evolved

    def exercise(
        self, exercise: Exercise, prefix: str, fallback: str
    ) -> Exercise:
        """``exercise`` in its own pack's translation."""
        pack = self.packs.get(exercise.pack) if exercise.pack else None
        if pack is not None:
            same = pack.exercises.get(exercise.id)
            if same is not exercise and same != exercise:
                # A changed copy: its texts may not match the translation.
                pack_own = pack_language(pack.language)
                return self.untranslated(
                    exercise, "exercise", prefix, pack_own
                )
            own = pack_language(pack.language)
            layers = self.layers(pack, "exercise", exercise.id)
            return self.apply(exercise, "exercise", layers, own, prefix)
        return self.untranslated(exercise, "exercise", prefix, fallback)

    def untranslated(self, value: _T, kind: str, prefix: str, own: str) -> _T:
        """Record every text of ``value`` as in ``own``; change nothing."""
        if own not in self.order:
            self.order.append(own)
        return self.apply(value, kind, [(own, None)], own, prefix)

    def result(self, value: _V) -> Localized[_V]:
        """The :class:`Localized` value, its language the most used."""
        counts = collections.Counter(self.sources.values())
        rank = {t: i for i, t in enumerate(self.order)}
        language = min(
            counts, key=lambda t: (-counts[t], rank.get(t, len(rank)))
        )
        return Localized(
            value=value,
            requested=self.requested,
            language=language,
            sources=self.sources,
        )


def _pick(
    layers: list[_Layer],
    name: str,
    index: int | None,
    own: str,
    original: object,
    *,
    part: str | None = None,
) -> tuple[typing.Any, str]:
    """A field's (or one part's) text from the first language holding it."""
    for candidate, entry in layers:
        if entry is None:
            return original, candidate
        found = entry.get(name)
        if found is None:
            continue
        if index is None:
            return found, candidate
        element = found[index]
        if part in element:
            return element[part], candidate
    return original, own


def localize_exercise(
    exercise: Exercise, packs: Mapping[str, Pack], lang: str
) -> Localized[Exercise]:
    """``exercise`` in the language ``lang`` (checked here)."""
    lookup = _Lookup(tag(lang, field="lang"), packs)
    own = _own(packs.get(exercise.pack or ""))
    return lookup.result(lookup.exercise(exercise, "", own))


def localize_routine(
    routine: Routine, pack: Pack, packs: Mapping[str, Pack], lang: str
) -> Localized[Routine]:
    """``routine`` of ``pack`` in the language ``lang`` (checked here)."""
    lookup = _Lookup(tag(lang, field="lang"), packs)
    own = _own(pack)
    same = pack.routines.get(routine.id)
    layers: list[_Layer] = (
        lookup.layers(pack, "routine", routine.id)
        if same is routine or same == routine
        else [(own, None)]
    )
    localized = lookup.apply(routine, "routine", layers, own, "")
    items = tuple(
        attrs.evolve(
            item,
            exercise=lookup.exercise(
                item.exercise, f"/items/{index}/exercise", own
            ),
        )
        for index, item in enumerate(localized.items)
    )
    return lookup.result(attrs.evolve(localized, items=items))


def localize_pack(pack: Pack, lang: str) -> Localized[Pack]:
    """The name and description of ``pack`` in the language ``lang``."""
    lookup = _Lookup(tag(lang, field="lang"), {pack.id: pack})
    layers = lookup.layers(pack, "pack", "")
    return lookup.result(lookup.apply(pack, "pack", layers, _own(pack), ""))


def _own(pack: Pack | None) -> str:
    return pack_language(pack.language) if pack is not None else "und"
