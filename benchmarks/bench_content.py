"""
3. Scale of content: ``load_pack`` on 1,000 and 10,000 exercises.

The benchmark writes two synthetic packs to a temporary folder, every
exercise in its own file (as the sciatica pack does). The floor reads
the same files with ``json.load`` and validates each once with a
prepared ``Draft202012Validator``: the least any loader must do. Time is
measured in turn; peak memory with :mod:`tracemalloc`, holding the
result, in separate runs.
"""

from __future__ import annotations

import json
import pathlib
import tempfile
import tracemalloc
import typing

from _harness import Row, Sample, alternate, in_process, judge

import exerciselib
from exerciselib import _schema

if typing.TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["run", "write_pack"]

_LATERALITY = ("none", "affected", "each-side", "alternating")


def _exercise(index: int) -> dict[str, object]:
    """A realistic exercise, about the size of the sciatica pack's."""
    return {
        "id": f"exercise-{index}",
        "name": f"Exercise number {index}",
        "summary": (
            "Lying on your back, let your bent knees fall from side to "
            f"side to turn the lower trunk (variant {index})."
        ),
        "starting_position": "Lying on your back on a mat, knees bent.",
        "steps": [
            "Lie on your back with your knees bent and feet flat.",
            "Stretch your arms out sideways.",
            "Holding your knees together, lower them to one side.",
            "Come back to where you started, then go the other way.",
        ],
        "safety_cues": [
            "Keep both shoulders on the mat throughout.",
            "Lower your knees only as far as is comfortable for you.",
        ],
        "laterality": _LATERALITY[index % 4],
        "equipment": ["mat"],
        "tags": ["stretch", "rotation", "lying"],
        "body_regions": ["lower-back", "trunk"],
        "credits": [{"name": "Benchmark", "role": "author"}],
    }


def write_pack(folder: pathlib.Path, count: int) -> pathlib.Path:
    """Write a pack of ``count`` exercises, one file each, into ``folder``."""
    (folder / "exercises").mkdir(parents=True)
    paths = []
    for index in range(count):
        relative = f"exercises/exercise-{index}.json"
        text = json.dumps(_exercise(index), indent=2)
        (folder / relative).write_text(text, encoding="utf-8")
        paths.append(relative)
    manifest = {
        "format": 1,
        "id": "synthetic",
        "name": "Synthetic pack",
        "version": "1.0.0",
        "description": f"{count} generated exercises for the benchmarks.",
        "language": "en",
        "license": "CC0-1.0",
        "credits": [{"name": "Benchmark", "role": "author"}],
        "requires_exerciselib": ">=0.1",
        "exercises": paths,
    }
    (folder / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def _floor(folder: pathlib.Path) -> Callable[[], object]:
    """``json.load`` every file and validate it once, prepared."""
    pack = _schema._validator("pack")  # noqa: SLF001 -- prepared
    exercise = _schema._validator("exercise")  # noqa: SLF001 -- the floor: the compiled validator alone

    def load() -> object:
        with (folder / "pack.json").open("rb") as stream:
            manifest = json.load(stream)
        assert not list(pack.iter_errors(manifest))  # noqa: S101 -- the floor checks
        loaded = []
        for relative in manifest["exercises"]:
            with (folder / relative).open("rb") as stream:
                data = json.load(stream)
            assert not list(exercise.iter_errors(data))  # noqa: S101 -- the floor checks
            loaded.append(data)
        return manifest, loaded

    return load


def _peak(function: Callable[[], object]) -> float:
    """Peak bytes allocated while ``function`` runs and its result lives."""
    tracemalloc.start()
    try:
        result = function()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return peak


def run(size: str = "full") -> list[Row]:
    """Time and weigh both loaders on the small and the big pack."""
    small_n, big_n = (1_000, 10_000) if size == "full" else (20, 200)
    small_repeat, big_repeat = (7, 3) if size == "full" else (1, 1)
    with tempfile.TemporaryDirectory(prefix="exerciselib-bench-") as tmp:
        small = write_pack(pathlib.Path(tmp) / "small", small_n)
        big = write_pack(pathlib.Path(tmp) / "big", big_n)
        # Warm up: the first load imports jsonschema and builds validators.
        loaded = exerciselib.load_pack(small)
        if len(loaded.exercises) != small_n:
            msg = f"expected {small_n} exercises, got {len(loaded.exercises)}"
            raise SystemExit(msg)
        floor_small, floor_big = _floor(small), _floor(big)
        floor_small()
        ours_1k, floor_1k = alternate(
            [
                lambda: in_process(lambda: exerciselib.load_pack(small)),
                lambda: in_process(floor_small),
            ],
            repeat=small_repeat,
        )
        ours_10k, floor_10k = alternate(
            [
                lambda: in_process(lambda: exerciselib.load_pack(big)),
                lambda: in_process(floor_big),
            ],
            repeat=big_repeat,
        )
        memory_ours = Sample((_peak(lambda: exerciselib.load_pack(big)),), "B")
        memory_floor = Sample((_peak(floor_big),), "B")
    small_k, big_k = f"{small_n:,}", f"{big_n:,}"
    scaling = ours_10k.median / ours_1k.median
    floor_scaling = floor_10k.median / floor_1k.median
    return [
        judge(
            f"3 content {small_k} time",
            ours_1k,
            floor_1k,
            limit=1.5,
            note=f"floor: json.load + one prepared validation per file; "
            f"{small_repeat} runs",
        ),
        judge(
            f"3 content {big_k} time",
            ours_10k,
            floor_10k,
            limit=1.5,
            note=f"{big_repeat} runs",
        ),
        judge(
            f"3 content {big_k} peak memory",
            memory_ours,
            memory_floor,
            limit=1.5,
            note="tracemalloc peak while loading, result held",
        ),
        Row(
            name=f"3 content time {big_k}/{small_k}",
            figure=f"{scaling:.2f}x",
            baseline=f"{floor_scaling:.2f}x",
            ratio=scaling,
            target="<= 11",
            met=scaling <= 11,
            note="ratio = the library's own scaling; baseline: the floor's",
        ),
    ]
