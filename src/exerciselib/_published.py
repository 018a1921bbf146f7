"""
The JSON Schemas exerciselib publishes, for host apps.

The schemas in ``schemas/`` are the contract of every JSON form the
library reads and writes. A host app validates incoming JSON with them
and publishes them in its own API description (OpenAPI 3.1 speaks JSON
Schema 2020-12). Each accessor returns a fresh copy, so a host app may
change what it gets without changing what exerciselib validates with.
"""

from __future__ import annotations

import copy
import typing

from exerciselib._schema import SCHEMA_BASE, SCHEMA_NAMES
from exerciselib._schema import schema as _shipped

if typing.TYPE_CHECKING:
    import referencing

__all__ = ["schema", "schema_names", "schema_registry"]


def schema_names() -> tuple[str, ...]:
    """
    Return the names of the JSON Schemas exerciselib ships, sorted.

    >>> import exerciselib
    >>> exerciselib.schema_names()  # doctest: +NORMALIZE_WHITESPACE
    ('common', 'dosage', 'exercise', 'log', 'pack', 'plan', 'revised-plan',
     'routine', 'rules', 'timeline', 'translation')

    .. versionadded:: 0.2.0
    """
    return SCHEMA_NAMES


def schema(name: str) -> dict[str, typing.Any]:
    """
    Return the JSON Schema called ``name`` as JSON data (a fresh copy).

    The schema is exactly the shipped file: Draft 2020-12, with an
    ``$id`` of ``https://exerciselib.example/schemas/v1/{name}.json``.
    Its ``$ref`` values name the other schemas; resolve them through
    :func:`schema_registry`.

    >>> import exerciselib
    >>> exerciselib.schema("dosage")["$id"]
    'https://exerciselib.example/schemas/v1/dosage.json'

    Args:
        name: One of :func:`schema_names`, such as ``"exercise"``.

    Raises:
        UnknownIdError: No schema has this name; ``suggestions`` lists
            the names there are.

    .. versionadded:: 0.2.0
    """
    return copy.deepcopy(_shipped(name))


def schema_uri(name: str) -> str:
    """Return the ``$id`` of the schema called ``name``."""
    return f"{SCHEMA_BASE}{name}.json"


def schema_registry() -> referencing.Registry[typing.Any]:
    """
    Return a ``referencing.Registry`` holding every shipped schema.

    Each schema is registered under its ``$id``, so that their ``$ref``
    values resolve offline: the registry never retrieves anything, and a
    reference to any other URI is an error. Pass it to a ``jsonschema``
    validator:

    >>> import exerciselib
    >>> from jsonschema import Draft202012Validator
    >>> validator = Draft202012Validator(
    ...     exerciselib.schema("routine"),
    ...     registry=exerciselib.schema_registry(),
    ... )
    >>> validator.is_valid({"id": "x", "name": "X", "items": []})
    False

    Each call builds a new registry from fresh copies of the schemas.

    .. versionadded:: 0.2.0
    """
    from referencing import Registry, Resource  # noqa: PLC0415 -- lazy: start-up time

    registry: referencing.Registry[typing.Any] = Registry().with_resources(
        (schema_uri(name), Resource.from_contents(schema(name)))
        for name in SCHEMA_NAMES
    )
    return registry.crawl()
