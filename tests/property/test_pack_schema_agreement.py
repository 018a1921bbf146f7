"""
Properties: the pack schema and the loader agree.

Manifests are generated from ``schemas/pack.json`` itself with
``hypothesis-jsonschema``. The schema's ``$ref`` s cross files
(``common.json#/$defs/id``, ``exercise.json``), which the generator
cannot follow, so the test bundles the schemas into one document by
inlining every ``$ref`` from :func:`exerciselib._schema.schema`.
"""

from __future__ import annotations

import json
import pathlib
import tempfile
import typing

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis_jsonschema import from_schema

from exerciselib import Pack, PackError, load_pack
from exerciselib._schema import python_schema, schema

# Every property here runs on both validation paths (tests/conftest.py).
pytestmark = [
    pytest.mark.property,
    pytest.mark.usefixtures("validator_path"),
]

_JSON = dict[str, typing.Any]

#: What the loader checks beyond the schema, as documented in
#: docs/security.md: the message of each such problem contains one of these.
SEMANTIC = (
    # an item names an exercise that is not in this pack
    "in this pack",
    # an item names a pack missing from $.dependencies, or not loaded
    "does not list in $.dependencies",
    "which is not loaded",
    "has no exercise",
    # two exercises or two routines with one id
    "is used twice",
    # a pack listing itself as a dependency
    "cannot depend on itself",
    # requires_exerciselib: not a PEP 440 specifier, or not satisfied
    "is not a PEP 440 version specifier",
    "the pack needs exerciselib",
    # a path to a file that is not in the pack, or named like a device
    "does not exist in the pack",
    "device on Windows",
    # dosage fields that exclude each other, a range upside down, and a
    # per-side count for an exercise with one side or none
    "cannot be combined",
    "must be more than reps",
    "counts each side",
    # routine groups that overlap or reach past the items
    "must not overlap",
    "must lie within the items",
    # two different exercises with one local id in one routine
    "different exercises with one id",
)

#: Generating whole packs is slow (about 0.2 s each): a fifth of the
#: profile's examples (10 by default, 400 with the thorough profile).
SETTINGS = settings(
    max_examples=max(settings().max_examples // 5, 1),
    # hypothesis-jsonschema filters internally (unique items, patterns,
    # required keys): whole documents are big and sometimes discarded.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


def _resolve(node: object, document: str) -> object:
    """Inline every ``$ref`` in ``node``, read from ``document``."""
    if isinstance(node, list):
        return [_resolve(item, document) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        name = target.removesuffix(".json") or document
        found: typing.Any = schema(name)
        for part in filter(None, pointer.split("/")):
            found = found[part]
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return _resolve({**found, **rest}, name)
    return {
        key: _resolve(value, document)
        for key, value in node.items()
        if key not in {"$id", "$schema", "$defs"}
    }


def _small(node: object) -> object:
    """Cap list and text sizes so that examples stay quick to generate."""
    if isinstance(node, list):
        return [_small(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, typing.Any] = {
        key: _small(value) for key, value in node.items()
    }
    if "maxItems" in result:
        result["maxItems"] = min(result["maxItems"], 3)
    if "maxLength" in result:
        result["maxLength"] = min(
            result["maxLength"], max(result.get("minLength", 0), 40)
        )
    return result


def bundled(name: str) -> _JSON:
    """
    Return schema ``name`` as one document, ``$ref`` s inlined.

    Patterns are read with ECMA-262's ``$`` as the validator reads them
    (:func:`python_schema`), and sizes are capped: every document this
    schema accepts, the original accepts too.
    """
    inlined = _resolve(schema(name), name)
    return typing.cast("_JSON", _small(python_schema(inlined)))


def narrowed() -> _JSON:
    """
    The bundled pack schema, narrowed to packs that can load alone.

    No dependencies, a satisfiable ``requires_exerciselib``, inline
    exercises and routines only, and no media: what remains for the
    loader to refuse is references and duplicate ids.
    """
    pack = bundled("pack")
    properties = pack["properties"]
    properties["requires_exerciselib"] = {"const": ">=0.1"}
    properties["dependencies"] = {"const": []}
    for key in ("exercises", "routines"):
        inline = properties[key]["items"]["anyOf"][1]
        properties[key]["items"] = inline
    exercise = properties["exercises"]["items"]
    exercise["properties"]["media"] = {"const": []}
    return pack


def load(manifest: _JSON) -> Pack | PackError:
    """Load ``manifest`` as a pack from a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "pack.json").write_text(
            json.dumps(manifest), encoding="utf-8"
        )
        try:
            return load_pack(folder)
        except PackError as error:
            return error


def assert_semantic(outcome: Pack | PackError) -> None:
    """A refusal must come from a documented check beyond the schema."""
    if isinstance(outcome, Pack):
        return
    for problem in outcome.problems:
        assert any(marker in problem.message for marker in SEMANTIC), str(
            outcome
        )
        assert f": {problem.file}: {problem.json_path}: " in str(outcome)


class TestSchemaAgreement:
    """
    Whatever the pack schema accepts, the loader accepts too.

    The rule: a manifest valid against ``schemas/pack.json`` loads, or
    is refused only by a documented check the schema cannot express
    (references, duplicate ids, dependencies, ``requires_exerciselib``,
    paths to files that are missing), with a clear :class:`PackError`.
    """

    @pytest.mark.slow  # whole generated packs, about 0.2 s each
    @SETTINGS
    @given(from_schema(bundled("pack")))
    @example(
        {
            "format": 1,
            "id": "a",
            "name": "A",
            "version": "0.0.0",
            "description": "A",
            "language": "en",
            "license": "MIT",
            "credits": [],
            "requires_exerciselib": ">=0.1",
            "exercises": ["con.json", "a"],
        }
    )  # paths the schema allows: a device name and a missing file
    def test_schema_documents(self, manifest: _JSON) -> None:
        """Any manifest the schema generates loads or fails semantically."""
        assert_semantic(load(manifest))

    @pytest.mark.slow  # whole generated packs, about 0.2 s each
    @SETTINGS
    @given(from_schema(narrowed()))
    def test_self_contained_documents(self, manifest: _JSON) -> None:
        """Self-contained manifests fail only on references or ids."""
        outcome = load(manifest)

        assert_semantic(outcome)
        if isinstance(outcome, Pack):
            assert manifest["id"] == outcome.id
            assert [e["id"] for e in manifest["exercises"]] == list(
                outcome.exercises
            )

    def test_bundle_is_complete(self) -> None:
        """The bundled schemas hold no ``$ref`` left to resolve."""
        for name in ("pack", "exercise", "routine", "dosage"):
            assert "$ref" not in json.dumps(bundled(name))
