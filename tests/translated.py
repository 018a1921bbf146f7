"""A pack with partial translations that uses the sciatica pack's exercises."""

from __future__ import annotations

import json
import typing

if typing.TYPE_CHECKING:
    import pathlib

_JSON = dict[str, typing.Any]

MANIFEST: _JSON = {
    "format": 2,
    "id": "knees",
    "name": "Knees",
    "version": "1.0.0",
    "description": "Two knee exercises.",
    "language": "en",
    "license": "CC0-1.0",
    "credits": [{"name": "Jo", "role": "author"}],
    "requires_exerciselib": ">=0",
    "exercises": [
        {
            "id": "knee-bend",
            "name": "Knee bend",
            "summary": "Bend the knee.",
            "starting_position": "Sitting on a chair.",
            "steps": ["Sit tall.", "Bend the knee."],
            "safety_cues": ["Stop if it hurts."],
            "media": [{"path": "media/bend.png", "alt": "A bent knee."}],
        },
        {
            "id": "calf-raise",
            "name": "Calf raise",
            "summary": "Rise onto the toes.",
            "steps": ["Hold a chair.", "Rise and lower."],
        },
    ],
    "routines": [
        {
            "id": "daily",
            "name": "Daily",
            "description": "Every day.",
            "items": [
                {"exercise": "knee-bend", "dosage": {"reps": 10}},
                {
                    "exercise": "calf-raise",
                    "dosage": {"reps": 15},
                    "notes": "Slowly.",
                },
            ],
            "advice": ["Breathe."],
        }
    ],
}

GERMAN: _JSON = {
    "format": 1,
    "language": "de",
    "credits": [{"name": "Kim", "role": "translator"}],
    "pack": {"name": "Knie", "description": "Zwei Knieübungen."},
    "exercises": {
        "knee-bend": {
            "name": "Kniebeugung",
            "summary": "Beugen Sie das Knie.",
            "starting_position": "Sitz auf einem Stuhl.",
            "steps": ["Sitzen Sie aufrecht.", "Beugen Sie das Knie."],
            "safety_cues": ["Bei Schmerzen abbrechen."],
            "media": [{"alt": "Ein gebeugtes Knie."}],
        }
    },
    "routines": {
        "daily": {
            "name": "Täglich",
            "items": [{}, {"notes": "Langsam."}],
            "advice": ["Atmen Sie ruhig."],
        }
    },
}


def write_pack(
    root: pathlib.Path, translations: dict[str, object] | None = None
) -> pathlib.Path:
    """Write the example pack, with ``translations`` by file name."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    (root / "media").mkdir(exist_ok=True)
    (root / "media" / "bend.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = root / "translations"
    folder.mkdir(exist_ok=True)
    if translations is None:
        translations = {"de.json": GERMAN}
    for name, data in translations.items():
        text = data if isinstance(data, str) else json.dumps(data)
        (folder / name).write_text(text, encoding="utf-8")
    return root


PLUS: _JSON = {
    "format": 2,
    "id": "plus",
    "name": "Back and legs",
    "version": "1.0.0",
    "description": "A squat beside two sciatica stretches.",
    "language": "en-GB",
    "license": "CC0-1.0",
    "credits": [],
    "requires_exerciselib": ">=0",
    "dependencies": ["sciatica"],
    "exercises": [
        {
            "id": "wall-squat",
            "name": "Wall squat",
            "summary": "Slide down a wall and up again.",
            "starting_position": "Standing with your back to a wall.",
            "steps": [
                "Lean your back on the wall.",
                "Slide down until your knees bend.",
                "Push back up.",
            ],
            "safety_cues": ["Keep your knees over your feet."],
        }
    ],
    "routines": [
        {
            "id": "back-and-legs",
            "name": "Back and legs",
            "description": "A squat, then two stretches.",
            "items": [
                {
                    "exercise": "wall-squat",
                    "dosage": {"sets": 2, "reps": 8},
                    "notes": "Go slowly.",
                },
                {
                    "exercise": "sciatica:lower-trunk-rotation",
                    "dosage": {"reps": 10, "hold_seconds": 5},
                },
                {
                    "exercise": "sciatica:seated-hurdler-stretch",
                    "dosage": {"hold_seconds": 30},
                },
            ],
            "advice": ["Rest on the days after.", "Drink water."],
        }
    ],
}

#: Each language translates some fields only: the rest falls back.
PLUS_TRANSLATIONS: dict[str, _JSON] = {
    "de.json": {
        "format": 1,
        "language": "de",
        "exercises": {
            "wall-squat": {
                "name": "Wandsitz",
                "steps": [
                    "Lehnen Sie den Rücken an die Wand.",
                    "Gleiten Sie hinunter, bis die Knie gebeugt sind.",
                    "Drücken Sie sich wieder hoch.",
                ],
            }
        },
        "routines": {
            "back-and-legs": {
                "name": "Rücken und Beine",
                "items": [{"notes": "Langsam."}, {}, {}],
            }
        },
    },
    "de-at.json": {
        "format": 1,
        "language": "de-AT",
        "exercises": {
            "wall-squat": {"summary": "An der Wand hinunter und hinauf."}
        },
        "routines": {"back-and-legs": {"description": "Eine Kniebeuge."}},
    },
    "es.json": {
        "format": 1,
        "language": "es",
        "pack": {"name": "Espalda y piernas"},
        "routines": {
            "back-and-legs": {
                "advice": ["Descanse los días siguientes.", "Beba agua."]
            }
        },
    },
}


def write_plus(root: pathlib.Path) -> pathlib.Path:
    """Write the pack ``plus`` and its translations into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.json").write_text(json.dumps(PLUS), encoding="utf-8")
    (root / "translations").mkdir()
    for name, data in PLUS_TRANSLATIONS.items():
        text = json.dumps(data, ensure_ascii=False)
        (root / "translations" / name).write_text(text, encoding="utf-8")
    return root


def resolve(data: object, pointer: str) -> object:
    """The value at the JSON Pointer (RFC 6901) ``pointer`` in ``data``."""
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, list):
            data = data[int(key)]
        else:
            assert isinstance(data, dict)
            data = data[key]
    return data
