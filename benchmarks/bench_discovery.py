"""
6. Discovery: ``load_catalog()`` among 300 installed distributions.

The benchmark writes synthetic distributions (``.dist-info`` folders,
a third of them with console scripts, five of them content packs) to a
temporary folder that child processes put on ``sys.path``; with the
distributions already installed there are 300 in all. Each child times
one call in-process, after its imports:

- ``load_catalog()``;
- a bare ``importlib_metadata.entry_points(group="exerciselib.packs")``;
- ``load_pack`` on each installed pack: the packs' own load.

Both pack-loading children import jsonschema and build the validators
before timing, so that the catalog minus the packs' own load is not lost
in the noise of an 80 ms import.

The row compares discovery alone, ``catalog - packs' own load``, with
the bare ``entry_points`` call.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import tempfile

from _harness import Row, Sample, alternate, child_env, judge, run_child
from bench_catalog import pack_folder

__all__ = ["run", "write_site"]

TOTAL = 300
PACKS = 5

_COUNT = (
    "import importlib_metadata, json; "
    "print(json.dumps(len(list(importlib_metadata.distributions()))))"
)

#: Imports and validators, ready before timing in both pack-loading
#: children, so that the subtraction is not lost in import noise. It reads
#: no distribution metadata: that stays in what is timed, on both sides.
_PRELUDE = """
import json, time, importlib_metadata, exerciselib
import packaging.specifiers
from exerciselib import _schema
for name in ("pack", "exercise", "routine"):
    _schema._validator(name)
"""

_CATALOG = (
    _PRELUDE
    + """
start = time.perf_counter()
catalog = exerciselib.load_catalog()
seconds = time.perf_counter() - start
print(json.dumps([seconds, sorted(catalog), len(catalog.failures)]))
"""
)

_ENTRY_POINTS = """
import json, time, importlib_metadata
start = time.perf_counter()
points = importlib_metadata.entry_points(group="exerciselib.packs")
seconds = time.perf_counter() - start
print(json.dumps([seconds, sorted(p.name for p in points)]))
"""

_PACKS = (
    _PRELUDE.replace("{", "{{").replace("}", "}}")
    + """
roots = {roots!r}
start = time.perf_counter()
packs = [exerciselib.load_pack(root) for root in roots]
seconds = time.perf_counter() - start
print(json.dumps([seconds, sorted(p.id for p in packs)]))
"""
)


def _dist(site: pathlib.Path, name: str, entry_points: str) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
        f"Summary: Synthetic distribution {name}.\n",
        encoding="utf-8",
    )
    (info / "RECORD").write_text(
        f"{info.name}/METADATA,,\n{info.name}/RECORD,,\n", encoding="utf-8"
    )
    if entry_points:
        (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def _pack(site: pathlib.Path, index: int) -> pathlib.Path:
    """Install a copy of the sciatica pack as pack ``demo-<index>``."""
    package = f"demo_pack_{index}"
    pack_id = f"demo-{index}"
    root = site / package
    shutil.copytree(
        pack_folder(),
        root,
        ignore=shutil.ignore_patterns("__pycache__", "*.py"),
    )
    manifest = json.loads((root / "pack.json").read_text(encoding="utf-8"))
    manifest["id"] = pack_id
    (root / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    _dist(
        site,
        f"demo-pack-{index}",
        f"[exerciselib.packs]\n{pack_id} = {package}\n",
    )
    return root


def write_site(site: pathlib.Path, count: int) -> list[pathlib.Path]:
    """Write ``count`` distributions, :data:`PACKS` of them packs."""
    roots = [_pack(site, index) for index in range(PACKS)]
    for index in range(count - PACKS):
        scripts = (
            f"[console_scripts]\ntool-{index} = tool_{index}:main\n"
            if index % 3 == 0
            else ""
        )
        _dist(site, f"synthetic-{index}", scripts)
    return roots


def run(size: str = "full") -> list[Row]:
    """Time catalog, bare entry points and the packs' load, in turn."""
    repeat = 15 if size == "full" else 1
    with tempfile.TemporaryDirectory(prefix="exerciselib-bench-") as tmp:
        site = pathlib.Path(tmp)
        installed = run_child(_COUNT)
        roots = write_site(site, max(TOTAL - installed, PACKS))
        roots.append(pack_folder())
        env = child_env(PYTHONPATH=str(site))
        total = run_child(_COUNT, env=env)
        packs_code = _PACKS.format(roots=[str(r) for r in roots])
        # Warm-up (bytecode, file cache) and agreement on what is found.
        found = run_child(_CATALOG, env=env)
        points = run_child(_ENTRY_POINTS, env=env)
        loaded = run_child(packs_code, env=env)
        if not (found[1] == points[1] == loaded[1]) or found[2]:
            msg = f"catalog, entry points and packs disagree: {found, points}"
            raise SystemExit(msg)
        catalog, bare, own = alternate(
            [
                lambda: run_child(_CATALOG, env=env)[0],
                lambda: run_child(_ENTRY_POINTS, env=env)[0],
                lambda: run_child(packs_code, env=env)[0],
            ],
            repeat=repeat,
        )
    discovery = Sample(
        tuple(c - o for c, o in zip(catalog.values, own.values, strict=True))
    )
    note = (
        f"{total} distributions, {len(roots)} packs; load_catalog "
        f"{catalog.show()}, the packs' own load_pack {own.show()}; "
        "figure: catalog - packs, run by run"
    )
    return [
        judge("6 discovery 300 dists", discovery, bare, limit=1.2, note=note)
    ]
