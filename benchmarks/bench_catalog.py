"""
2. Catalog: ``load_catalog()`` in a fresh process against the floor.

The floor process does the least any loader of the same content must:
import jsonschema and importlib_metadata, read the sciatica pack's JSON
files and validate each with a prepared ``Draft202012Validator`` that
knows exerciselib's schemas through a ``referencing`` registry.
"""

from __future__ import annotations

import importlib.util
import pathlib

from _harness import Row, alternate, judge, run_child, run_process

__all__ = ["run"]

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"

_OURS = "import exerciselib; exerciselib.load_catalog()"

_FLOOR = """
import json, pathlib
import importlib_metadata, jsonschema
from referencing import Registry, Resource

schemas = pathlib.Path({schemas!r})
base = "https://exerciselib.example/schemas/v1/"
loaded = {{
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in schemas.glob("*.json")
}}
registry = Registry().with_resources(
    (base + name + ".json", Resource.from_contents(schema))
    for name, schema in loaded.items()
).crawl()
validators = {{
    name: jsonschema.Draft202012Validator(loaded[name], registry=registry)
    for name in ("pack", "exercise", "routine")
}}
root = pathlib.Path({pack!r})
manifest = json.loads((root / "pack.json").read_text(encoding="utf-8"))
assert not list(validators["pack"].iter_errors(manifest))
for key, name in (("exercises", "exercise"), ("routines", "routine")):
    for relative in manifest.get(key, ()):
        data = json.loads((root / relative).read_text(encoding="utf-8"))
        assert not list(validators[name].iter_errors(data))
"""

_CHECK = (
    "import json, exerciselib; c = exerciselib.load_catalog(); "
    "print(json.dumps([list(c), len(c.failures)]))"
)


def pack_folder() -> pathlib.Path:
    """The installed sciatica pack's folder."""
    spec = importlib.util.find_spec("exerciselib_sciatica")
    if spec is None or not spec.submodule_search_locations:
        msg = "install the sciatica pack: pip install -e packs/sciatica"
        raise SystemExit(msg)
    return pathlib.Path(next(iter(spec.submodule_search_locations)))


def run(size: str = "full") -> list[Row]:
    """Time both processes in turn."""
    repeat = 15 if size == "full" else 1
    packs, failures = run_child(_CHECK)
    if "sciatica" not in packs or failures:
        msg = f"the catalog should hold sciatica only: {packs}, {failures}"
        raise SystemExit(msg)
    floor_code = _FLOOR.format(schemas=str(SCHEMAS), pack=str(pack_folder()))
    run_process(_OURS)
    run_process(floor_code)
    ours, floor = alternate(
        [lambda: run_process(_OURS), lambda: run_process(floor_code)],
        repeat=repeat,
    )
    note = (
        f"{repeat} alternating runs; whole process; floor: import "
        "jsonschema + importlib_metadata, validate the same files"
    )
    return [judge("2 catalog", ours, floor, limit=1.3, note=note)]
