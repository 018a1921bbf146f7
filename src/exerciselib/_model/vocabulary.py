"""
The shared vocabulary of body regions and equipment.

Packs from different authors match in search only if they name the same
thing the same way. Each known term has one canonical spelling and a few
synonyms (``hamstring`` and ``back of thigh`` are ``hamstrings``;
``lower back`` and ``lumbar`` are ``lower-back``). Terms compare after
folding case, ``-`` and ``_`` to spaces. Unknown terms stay allowed:
``exerciselib validate`` notes them, with the closest known term.
"""

from __future__ import annotations

import re
import types
import typing

from exerciselib._text import close_matches

__all__ = [
    "EQUIPMENT",
    "REGIONS",
    "canonical_equipment",
    "canonical_region",
    "closest",
    "fold",
]

#: Body regions: canonical term to its synonyms.
REGIONS: typing.Mapping[str, tuple[str, ...]] = types.MappingProxyType(
    {
        "neck": ("cervical", "cervical spine"),
        "shoulder": ("shoulders", "rotator cuff"),
        "upper-back": ("upper back", "thoracic", "thoracic spine"),
        "lower-back": ("lower back", "low back", "lumbar", "lumbar spine"),
        "trunk": ("core", "torso", "spine"),
        "abdominals": ("abs", "abdomen", "stomach"),
        "chest": ("pecs", "pectorals"),
        "arm": ("arms", "upper arm", "biceps", "triceps"),
        "elbow": ("elbows",),
        "wrist": ("wrists", "forearm", "forearms"),
        "hand": ("hands", "fingers"),
        "hip": ("hips", "hip flexors"),
        "gluteals": ("glutes", "gluteal", "gluteus", "buttock", "buttocks"),
        "groin": ("adductors", "inner thigh"),
        "thigh": ("thighs",),
        "quadriceps": ("quads", "quadricep", "front of thigh"),
        "hamstrings": ("hamstring", "back of thigh"),
        "knee": ("knees",),
        "calf": ("calves",),
        "ankle": ("ankles", "achilles"),
        "foot": ("feet", "toes", "arch"),
    }
)

#: Equipment: canonical term to its synonyms.
EQUIPMENT: typing.Mapping[str, tuple[str, ...]] = types.MappingProxyType(
    {
        "mat": ("exercise mat", "yoga mat", "floor mat"),
        "chair": ("chairs", "seat", "stool"),
        "step": ("steps", "stair", "stairs", "box"),
        "wall": ("walls",),
        "table": ("bench", "countertop", "bench top"),
        "bed": ("couch", "sofa"),
        "towel": ("towels",),
        "strap": ("belt", "yoga strap", "stretching strap"),
        "pillow": ("cushion", "rolled towel"),
        "resistance-band": (
            "resistance band",
            "band",
            "elastic band",
            "theraband",
        ),
        "ball": ("exercise ball", "swiss ball", "fit ball", "stability ball"),
        "foam-roller": ("foam roller", "roller"),
        "dumbbell": ("dumbbells", "weight", "weights", "hand weight"),
        "doorway": ("door frame", "door"),
    }
)

_SPACES = re.compile(r"[\s_-]+")


def fold(term: str) -> str:
    """
    Fold ``term`` for comparison: case, ``-``, ``_`` and spaces.

    >>> fold("Lower_Back"), fold(" lower  back ")
    ('lower back', 'lower back')
    """
    return _SPACES.sub(" ", term.casefold()).strip()


def _index(
    vocabulary: typing.Mapping[str, tuple[str, ...]],
) -> dict[str, str]:
    index: dict[str, str] = {}
    for term, synonyms in vocabulary.items():
        for spelling in (term, *synonyms):
            index[fold(spelling)] = term
    return index


_REGION_INDEX = _index(REGIONS)
_EQUIPMENT_INDEX = _index(EQUIPMENT)


def canonical_region(term: str) -> str | None:
    """
    Return the canonical body region ``term`` names, or ``None``.

    >>> canonical_region("Lower back"), canonical_region("hamstring")
    ('lower-back', 'hamstrings')
    """
    return _REGION_INDEX.get(fold(term))


def canonical_equipment(term: str) -> str | None:
    """
    Return the canonical equipment ``term`` names, or ``None``.

    A choice such as ``chair or step`` is known when every choice is.

    >>> canonical_equipment("Yoga mat"), canonical_equipment("chair or step")
    ('mat', 'chair or step')
    """
    choices = [fold(part) for part in re.split(r"\bor\b|/", fold(term))]
    known = [_EQUIPMENT_INDEX.get(choice.strip()) for choice in choices]
    if any(found is None for found in known):
        return None
    return " or ".join(typing.cast("list[str]", known))


def closest(term: str, kind: str) -> str | None:
    """
    Return the known term of ``kind`` closest to ``term``, if any is close.

    Args:
        term: The unknown term.
        kind: ``"region"`` or ``"equipment"``.
    """
    index = _REGION_INDEX if kind == "region" else _EQUIPMENT_INDEX
    found = close_matches(fold(term), index, n=1)
    return index[found[0]] if found else None
