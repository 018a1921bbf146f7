"""
Pack translations: the files ``translations/<tag>.json`` and their checks.

A pack ships its texts in more languages as one file per language in the
folder ``translations/`` beside ``pack.json``, found there by name (the
manifest does not list them, so adding a language touches no original
file, and an exerciselib that knows no translations ignores them). Each
file is hostile pack content: read through
:class:`~exerciselib._packs.files.PackFolder` (path rules, size limits,
strict JSON), checked against ``schemas/translation.json``, then against
the pack: every id must exist, every field must be translatable
(:data:`TRANSLATABLE`), lists keep the original's length, and every text
obeys the limits of the field it translates.

:data:`TRANSLATABLE` is the one list of what may be translated: every
check, the lookup and the ``sources`` of a localized value follow it, so
a new translatable field is one more line there.
"""

from __future__ import annotations

import enum
import re
import types
import typing

import attrs

from exerciselib._lang import tag
from exerciselib._model.types import (
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    Credit,
)
from exerciselib._schema import MAX_PROBLEMS, problems
from exerciselib._text import close_matches, did_you_mean, show
from exerciselib._validators import text
from exerciselib.exceptions import InvalidDataError, Problem

if typing.TYPE_CHECKING:
    from collections.abc import Mapping

    from exerciselib._packs.files import PackFolder

__all__ = [
    "FOLDER",
    "MAX_TRANSLATIONS",
    "TRANSLATABLE",
    "Field",
    "Originals",
    "Shape",
    "fields_of",
    "pack_language",
    "read_translations",
]

#: The folder beside ``pack.json`` that holds the translation files.
FOLDER = "translations"
#: The most translation files one pack may hold.
MAX_TRANSLATIONS = 100

_JSON = dict[str, typing.Any]
# A file's name: its language tag in lower case, then ".json".
_FILE_NAME = re.compile(
    r"[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?\.json"
)


# A key jsonschema writes as ``.key`` in a JSON path; others are ['key'].
_PLAIN_KEY = re.compile(r"[a-zA-Z][a-zA-Z0-9_]*")


class Shape(enum.Enum):
    """What a translatable field holds."""

    #: A name: one text of at most 200 characters.
    NAME = "a name"
    #: One text of at most 2,000 characters.
    TEXT = "a text"
    #: A list of texts, as long as the original's (one per step, cue...).
    TEXTS = "a list of texts"
    #: A list of parts (media entries, routine items), as long as the
    #: original's, each ``{}`` or holding its translated ``part`` text.
    PARTS = "a list of parts"


@attrs.frozen
class Field:
    """One translatable field of a pack, an exercise or a routine."""

    #: ``"pack"``, ``"exercise"`` or ``"routine"``.
    kind: str
    #: The field's key, in the model's JSON and in translation files.
    name: str
    #: What it holds.
    shape: Shape
    #: For :attr:`Shape.PARTS`: the text key inside each part.
    part: str | None = None


#: Every translatable field: the one place that says what may be
#: translated. Ids, dosages, sides, tags, equipment, body regions and
#: credits are never translated.
TRANSLATABLE: tuple[Field, ...] = (
    Field("pack", "name", Shape.NAME),
    Field("pack", "description", Shape.TEXT),
    Field("exercise", "name", Shape.NAME),
    Field("exercise", "summary", Shape.TEXT),
    Field("exercise", "starting_position", Shape.TEXT),
    Field("exercise", "steps", Shape.TEXTS),
    Field("exercise", "form_cues", Shape.TEXTS),
    Field("exercise", "safety_cues", Shape.TEXTS),
    Field("exercise", "equipment", Shape.TEXTS),
    Field("exercise", "media", Shape.PARTS, part="alt"),
    Field("routine", "name", Shape.NAME),
    Field("routine", "description", Shape.TEXT),
    Field("routine", "advice", Shape.TEXTS),
    Field("routine", "warning_signs", Shape.TEXTS),
    Field("routine", "items", Shape.PARTS, part="notes"),
)

#: Where each kind sits in a translation file.
_KEYS = {"pack": "pack", "exercise": "exercises", "routine": "routines"}
_NAME = text(MAX_NAME_LENGTH)
_LONG = text(MAX_TEXT_LENGTH)


def fields_of(kind: str) -> dict[str, Field]:
    """The translatable fields of ``kind``, by name, in table order."""
    return {f.name: f for f in TRANSLATABLE if f.kind == kind}


def pack_language(language: str) -> str:
    """A pack's language in canonical case, when it is a tag we check."""
    try:
        return tag(language)
    except ValueError:
        return language


@attrs.frozen(kw_only=True)
class Originals:
    """The texts translations are checked against, as JSON data."""

    #: The pack's canonical language.
    language: str
    #: The manifest's name and description.
    pack: _JSON
    #: Each exercise's JSON data, by local id.
    exercises: Mapping[str, _JSON]
    #: Each routine's JSON data, by local id.
    routines: Mapping[str, _JSON]

    def of(self, kind: str) -> Mapping[str, _JSON]:
        """The originals of ``kind`` by id (the pack's under ``""``)."""
        if kind == "pack":
            return {"": self.pack}
        return self.exercises if kind == "exercise" else self.routines


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return types.MappingProxyType(
            {k: _freeze(v) for k, v in value.items()}
        )
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def read_translations(
    folder: PackFolder, originals: Originals
) -> tuple[dict[str, Mapping[str, typing.Any]], list[Problem]]:
    """
    Read and check every translation file of the pack in ``folder``.

    Returns:
        The translations by canonical language tag (read-only JSON data:
        mappings and tuples), and every problem found. A file with any
        problem is left out.
    """
    where = f"{FOLDER}/"
    try:
        names = folder.folder_names(FOLDER, file=where, json_path="$")
    except InvalidDataError as error:
        return {}, list(error.problems)
    found: list[Problem] = []
    if len(names) > MAX_TRANSLATIONS:
        msg = (
            f"{FOLDER}/ holds {len(names)} entries; the limit is "
            f"{MAX_TRANSLATIONS} translation files per pack"
        )
        return {}, [Problem(json_path="$", message=msg, file=where)]
    result: dict[str, Mapping[str, typing.Any]] = {}
    first: dict[str, str] = {}
    for name in sorted(names):
        if not _FILE_NAME.fullmatch(name):
            msg = (
                f"{show(name)} is not a translation file: {FOLDER}/ holds "
                "only files named for their language tag in lower case, "
                "such as de.json, de-at.json or es-419.json; rename or "
                "remove it"
            )
            found.append(Problem(json_path="$", message=msg, file=where))
            continue
        file = f"{FOLDER}/{name}"
        try:
            data = folder.read_json(file, file=file, json_path="$")
        except InvalidDataError as error:
            found.extend(error.problems)
            continue
        wrong = problems(data, "translation", file=file)
        if not wrong:
            checked = typing.cast("_JSON", data)
            wrong = _language(checked, name, originals, first, file=file)
            first.setdefault(tag(checked["language"]), file)
            wrong += _credits(checked, file=file)
            wrong += _entries(checked, originals, file=file)
        if wrong:
            found.extend(wrong)
            continue
        language = tag(typing.cast("_JSON", data)["language"])
        result[language] = typing.cast(
            "Mapping[str, typing.Any]", _freeze(data)
        )
    return dict(sorted(result.items())), found


def _language(
    data: _JSON,
    name: str,
    originals: Originals,
    first: Mapping[str, str],
    *,
    file: str,
) -> list[Problem]:
    """The file's language: named as the file, new, not the pack's own."""
    language = tag(data["language"])
    wanted = f"{language.lower()}.json"
    if language == originals.language:
        msg = (
            f"{language!r} is the pack's own language (pack.json "
            "$.language): its texts are in the pack files; a translation "
            "is for another language, so remove this file"
        )
    elif language in first:
        msg = (
            f"the language {language!r} is translated twice (also in "
            f"{first[language]}); keep one file per language"
        )
    elif name != wanted:
        msg = (
            f"the file holds language {language!r}, so it must be named "
            f"{FOLDER}/{wanted}; rename it, or correct $.language"
        )
    else:
        return []
    return [Problem(json_path="$.language", message=msg, file=file)]


def _at(path: str, key: str) -> str:
    """``path`` and then ``key``, written as jsonschema writes JSON paths."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def _credits(data: _JSON, *, file: str) -> list[Problem]:
    """Refuse a credit the :class:`Credit` type refuses."""
    found: list[Problem] = []
    for index, credit in enumerate(data.get("credits", ())):
        try:
            Credit(**credit)
        except (TypeError, ValueError) as error:
            where = f"$.credits[{index}]"
            found.append(
                Problem(json_path=where, message=str(error), file=file)
            )
    return found


def _entries(data: _JSON, originals: Originals, *, file: str) -> list[Problem]:
    """Check every translated entry against the pack's originals."""
    found: list[Problem] = []
    for kind, key in _KEYS.items():
        known = originals.of(kind)
        if kind == "pack":
            given = {"": data["pack"]} if "pack" in data else {}
        else:
            given = data.get(key, {})
        for local, entry in given.items():
            if len(found) > MAX_PROBLEMS:
                # Each unknown id costs a search for close ids: a hostile
                # file may hold thousands. The error lists no more.
                break
            base = f"$.{key}" if kind == "pack" else _at(f"$.{key}", local)
            original = known.get(local)
            if original is None:
                close = close_matches(local, list(known), n=3)
                hint = did_you_mean(close, lead="; did you mean")
                msg = (
                    f"the pack has no {kind} {local!r}{hint}: translate only "
                    "the pack's own ids (correct the id, or remove the "
                    "entry)"
                )
                found.append(Problem(json_path=base, message=msg, file=file))
                continue
            for name, value in entry.items():
                found += _field(
                    kind, name, value, original, where=_at(base, name)
                )
    return [
        Problem(json_path=p.json_path, message=p.message, file=file)
        for p in found
    ]


def _field(
    kind: str, name: str, value: object, original: _JSON, *, where: str
) -> list[Problem]:
    """Check one translated field against its original."""
    field = fields_of(kind).get(name)
    if field is None:
        allowed = ", ".join(fields_of(kind))
        msg = (
            f"{name!r} cannot be translated: the translatable {kind} fields "
            f"are {allowed} (ids, dosages, sides, tags and credits never "
            "are); remove it"
        )
        return [Problem(json_path=where, message=msg)]
    source = original.get(name)
    if source is None or source == []:
        msg = (
            f"the original {kind} has no {name}, so there is nothing to "
            "translate; remove it"
        )
        return [Problem(json_path=where, message=msg)]
    if field.shape in {Shape.NAME, Shape.TEXT}:
        return _text(value, field, where=where)
    if not isinstance(value, list):
        msg = f"must be {field.shape.value}, like the original's {name}"
        return [Problem(json_path=where, message=msg)]
    if len(value) != len(source):
        msg = (
            f"has {len(value)} entries; the original {kind} has "
            f"{len(source)}: translate each one, in order, one entry "
            "for each (the same number of steps, cues and items in every "
            "language)"
        )
        return [Problem(json_path=where, message=msg)]
    found: list[Problem] = []
    for index, (entry, was) in enumerate(zip(value, source, strict=True)):
        at = f"{where}[{index}]"
        if field.shape is Shape.TEXTS:
            found += _text(entry, field, where=at)
        else:
            found += _part(entry, was, field, where=at)
    return found


def _part(
    entry: object, original: _JSON, field: Field, *, where: str
) -> list[Problem]:
    """Check one part (a media entry, a routine item) of a translation."""
    if not isinstance(entry, dict):
        msg = f"must be an object such as {{{field.part!r}: ...}} or {{}}"
        return [Problem(json_path=where, message=msg)]
    found: list[Problem] = []
    for key, value in entry.items():
        at = _at(where, key)
        if key != field.part:
            msg = (
                f"{key!r} cannot be translated here: each entry of "
                f"{field.name} holds only {field.part!r}; remove it"
            )
            found.append(Problem(json_path=at, message=msg))
        elif original.get(key) is None:
            msg = (
                f"the original has no {key} here, so there is nothing to "
                "translate; remove it (write {} for this entry)"
            )
            found.append(Problem(json_path=at, message=msg))
        else:
            found += _text(value, field, where=at)
    return found


def _text(value: object, field: Field, *, where: str) -> list[Problem]:
    """Refuse a text the field it translates would refuse."""
    kind = _NAME if field.shape is Shape.NAME else _LONG
    refusal = kind.refusal(value)
    if refusal is None:
        return []
    msg = f"{refusal}, as the original {field.name} must"
    return [Problem(json_path=where, message=msg)]
