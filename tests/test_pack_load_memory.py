"""
Tests that loading a pack keeps few objects alive while it builds.

Each exercise file is read and built before the next one is read, and
exercises credited alike share one tuple of credits; the exercises and
the problems reported stay those of reading every file first.
"""

from __future__ import annotations

import json
import typing

import pytest

from exerciselib import Credit, PackError, load_pack
from exerciselib._packs import reader

if typing.TYPE_CHECKING:
    import pathlib


def _exercise(index: int, credit: str = "Author") -> dict[str, typing.Any]:
    return {
        "id": f"ex-{index}",
        "name": f"Exercise {index}",
        "summary": "Bend the knee.",
        "steps": ["Sit tall.", "Bend and straighten the knee."],
        "credits": [{"name": credit, "role": "author"}],
    }


def _pack(folder: pathlib.Path, documents: list[object]) -> pathlib.Path:
    (folder / "exercises").mkdir(parents=True)
    names = []
    for index, document in enumerate(documents):
        name = f"exercises/ex-{index}.json"
        (folder / name).write_text(json.dumps(document), encoding="utf-8")
        names.append(name)
    manifest = {
        "format": 1,
        "id": "demo",
        "name": "Demo pack",
        "version": "1.0.0",
        "description": "A pack for tests.",
        "language": "en",
        "license": "CC0-1.0",
        "credits": [{"name": "Test author", "role": "author"}],
        "requires_exerciselib": ">=0.1",
        "exercises": names,
    }
    (folder / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_exercises_credited_alike_share_their_credits(
    tmp_path: pathlib.Path,
) -> None:
    """Exercises with equal credits hold one tuple; others their own."""
    documents = [_exercise(0), _exercise(1), _exercise(2, credit="Other")]
    pack = load_pack(_pack(tmp_path / "pack", documents))
    first, second, third = (pack.exercises[f"ex-{i}"] for i in range(3))
    assert first.credits is second.credits
    assert first.credits == (Credit(name="Author", role="author"),)
    assert third.credits == (Credit(name="Other", role="author"),)


def test_each_file_is_read_only_when_the_loader_asks_for_it(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader builds an exercise before it reads the next file."""
    events: list[str] = []
    read = reader._Reader.json
    built = reader.exercise_from_valid

    def json_spy(self: reader._Reader, relative: str, **kwargs: str) -> object:
        events.append(f"read {relative}")
        return read(self, relative, **kwargs)

    def build_spy(data: dict[str, typing.Any]) -> object:
        events.append(f"built {data['id']}")
        return built(data)

    monkeypatch.setattr(reader._Reader, "json", json_spy)
    monkeypatch.setattr(reader, "exercise_from_valid", build_spy)
    load_pack(_pack(tmp_path / "pack", [_exercise(0), _exercise(1)]))
    assert [e for e in events if e != "read pack.json"] == [
        "read exercises/ex-0.json",
        "built ex-0",
        "read exercises/ex-1.json",
        "built ex-1",
    ]


def test_problems_of_every_file_are_still_listed(
    tmp_path: pathlib.Path,
) -> None:
    """A refused file, a duplicate id and a good file: both problems."""
    documents = [_exercise(0), {"id": "ex-9"}, _exercise(0)]
    with pytest.raises(PackError) as info:
        load_pack(_pack(tmp_path / "pack", documents))
    listed = [(p.file, p.json_path) for p in info.value.problems]
    assert ("exercises/ex-1.json", "$") in listed
    assert ("exercises/ex-2.json", "$.id") in listed
    assert "used twice (first in exercises/ex-0.json $)" in str(info.value)
