r"""
JSON Schema validation against exerciselib's own schemas.

The schemas ship inside the package (``exerciselib/schemas/``, copied from
the repository's top-level ``schemas/`` when the wheel is built) and are
read from the package's folder (through :mod:`importlib.resources` when
the package is not a folder on disk). ``jsonschema`` is imported only
when something is first validated, so ``import exerciselib`` stays cheap.
The registry holds only our schemas and never retrieves anything: a
``$ref`` to anything else is an error, never a network request.

Schema patterns are ECMA-262 regular expressions, where ``$`` matches
only at the very end of the text. Python's ``$`` also matches before a
final newline, so ``"demo\n"`` would pass ``^[a-z]+$``; the validator
therefore checks each pattern with ``$`` read as ``\Z``
(:func:`python_pattern`).

A document is first offered to ``jsonschema-rs`` when it is installed
(the ``fast`` extra): a compiled validator that answers "valid" in a
microsecond or so. When it accepts, the document is valid; when it
refuses (or cannot read the value), ``jsonschema`` checks the document
again and writes every problem, so messages never depend on the extra.
Only plain JSON values (``dict`` with ``str`` keys, ``list``, ``str``,
``int``, ``float``, ``bool``, None) are offered: ``jsonschema-rs``
would read a tuple as an array, where ``jsonschema`` refuses it. Its
patterns are ECMA-262 ones, whose ``\s`` is not Python's:
:func:`rust_pattern` spells ``\s`` and ``\S`` out as Python's
whitespace, so both validators accept the same strings. Set
:data:`USE_FAST` to False to check with ``jsonschema`` alone.
"""

from __future__ import annotations

import functools
import json
import pathlib
import typing

from exerciselib.exceptions import InvalidDataError, Problem, UnknownIdError

if typing.TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import jsonschema.exceptions
    import jsonschema.protocols
    import referencing

__all__ = [
    "MAX_PROBLEMS",
    "SCHEMA_BASE",
    "SCHEMA_NAMES",
    "TOO_MANY",
    "USE_FAST",
    "WHITESPACE",
    "accepted",
    "bundle",
    "check",
    "fast_validator",
    "invalid",
    "package_files",
    "path_key",
    "problems",
    "python_pattern",
    "python_schema",
    "rust_pattern",
    "schema",
    "too_many",
]

#: Every schema's ``$id`` is this base plus its file name.
SCHEMA_BASE = "https://exerciselib.example/schemas/v1/"
#: The schemas, by the name used in this module (the file's stem).
SCHEMA_NAMES = (
    "common",
    "dosage",
    "exercise",
    "log",
    "pack",
    "plan",
    "revised-plan",
    "routine",
    "rules",
    "timeline",
    "translation",
)

#: Messages quote the offending value; keep huge values from flooding them.
_MAX_MESSAGE = 300
#: The longest value quoted before a rule given in words.
_MAX_QUOTED = 80
#: The most problems reported for one document. Hostile data can hold
#: hundreds of thousands of faults in one file; past this many, checking
#: stops and one more problem says so, which bounds time and memory.
MAX_PROBLEMS = 100
#: The message of the problem standing for those past :data:`MAX_PROBLEMS`.
TOO_MANY = (
    f"more problems were found and not listed: checking stops after "
    f"{MAX_PROBLEMS}; fix these and validate again"
)

#: Whether :func:`problems` may accept a document on ``jsonschema-rs``
#: (when it is installed). A private switch: the tests run the schema
#: properties with it on and off.
USE_FAST = True

#: The characters Python's ``re`` reads as ``\s`` in a ``str`` pattern
#: (those for which :meth:`str.isspace` is true; a test holds it equal).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


@functools.cache
def package_files() -> Traversable:
    """
    The ``exerciselib`` package's own files (schemas, language catalogs).

    Installed as a folder (a wheel, an editable install, a source tree),
    that folder is read directly: :mod:`importlib.resources` imports
    ``tempfile``, ``shutil`` and the compression modules, about as much
    as the rest of a command's start-up. Anywhere else (a zip file) it
    is :func:`importlib.resources.files`, which gives the same files.
    """
    folder = pathlib.Path(__file__).parent  # this module sits in it
    if folder.is_dir():
        return folder
    from importlib import resources  # noqa: PLC0415 -- lazy: start-up time

    return resources.files("exerciselib")


@functools.cache
def schema(name: str) -> dict[str, typing.Any]:
    """Return the schema called ``name`` (``"exercise"``) as JSON data."""
    if name not in SCHEMA_NAMES:
        msg = f"No schema called {name!r}; known: {', '.join(SCHEMA_NAMES)}."
        raise UnknownIdError(msg, id=name, suggestions=SCHEMA_NAMES)
    text = (
        package_files()
        .joinpath("schemas")
        .joinpath(f"{name}.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, typing.Any] = json.loads(text)
    return loaded


def bundle(name: str) -> dict[str, typing.Any]:
    """
    Return the schema ``name`` with every schema it uses inside it.

    Editors read a schema from one local file and do not know our other
    schemas: each one this schema refers to is copied under ``$defs``
    (keyed by its file name, such as ``common.json``) and every ``$ref``
    becomes a reference inside the document. The ``$id`` stays, so the
    bundle still names the schema it was made from.

    >>> bundle("exercise")["$defs"]["common.json"]["$defs"]["id"]["type"]
    'string'
    """
    root: dict[str, typing.Any] = _rewrite(schema(name), f"{name}.json", name)
    wanted = sorted(_external(schema(name)))
    embedded: dict[str, typing.Any] = {}
    while wanted:
        file = wanted.pop()
        if file in embedded:
            continue
        part = _rewrite(schema(file.removesuffix(".json")), file, name)
        part.pop("$id", None)
        part.pop("$schema", None)
        embedded[file] = part
        wanted += sorted(_external(schema(file.removesuffix(".json"))))
    if embedded:
        defs = dict(root.get("$defs", {}))
        defs.update(sorted(embedded.items()))
        root["$defs"] = defs
    return root


def _external(value: typing.Any) -> typing.Iterator[str]:  # noqa: ANN401 -- JSON
    """Yield the file names of the other schemas ``value`` refers to."""
    if isinstance(value, list):
        for item in value:
            yield from _external(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                file = item.partition("#")[0]
                if file:
                    yield file
            else:
                yield from _external(item)


def _rewrite(value: typing.Any, file: str, root: str) -> typing.Any:  # noqa: ANN401 -- JSON
    """Copy ``value`` (from ``file``) with refs pointing into the bundle."""
    if isinstance(value, list):
        return [_rewrite(item, file, root) for item in value]
    if not isinstance(value, dict):
        return value
    result: dict[str, typing.Any] = {}
    for key, item in value.items():
        if key == "$ref" and isinstance(item, str):
            target, _, fragment = item.partition("#")
            target = target or file
            base = "#" if target == f"{root}.json" else f"#/$defs/{target}"
            # Our fragments are JSON pointers: "/$defs/id".
            result[key] = base + fragment
        else:
            result[key] = _rewrite(item, file, root)
    return result


def python_pattern(pattern: str) -> str:
    r"""
    Translate an ECMA-262 pattern so Python's ``re`` reads it the same way.

    Only ``$`` differs for the patterns exerciselib uses: outside a
    character class and unescaped it becomes ``\Z``, the very end of the
    text, so a trailing newline no longer slips through.
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
        index += 1
    return "".join(out)


def python_schema(value: typing.Any) -> typing.Any:  # noqa: ANN401 -- JSON
    """Return a copy of schema ``value`` with every pattern translated."""
    return _translated(value, python_pattern)


def rust_pattern(pattern: str) -> str:
    r"""
    Translate an ECMA-262 pattern so ``jsonschema-rs`` reads it as Python.

    ``\s`` and ``\S`` become classes of Python's whitespace
    (:data:`WHITESPACE`; ECMA-262's differs in six characters). Inside a
    character class, ``\s`` becomes the characters themselves; a ``\S``
    inside a class has no such spelling and is refused.
    """
    spelled = "".join(f"\\u{ord(char):04x}" for char in WHITESPACE)
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            pair = pattern[index : index + 2]
            if pair == r"\S" and in_class:
                msg = f"cannot translate \\S inside a class: {pattern!r}"
                raise ValueError(msg)
            if pair == r"\s":
                pair = spelled if in_class else f"[{spelled}]"
            elif pair == r"\S":
                pair = f"[^{spelled}]"
            out.append(pair)
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        out.append(char)
        index += 1
    return "".join(out)


def _translated(
    value: typing.Any,  # noqa: ANN401 -- JSON
    translate: typing.Callable[[str], str],
) -> typing.Any:  # noqa: ANN401 -- JSON
    """Return a copy of schema ``value`` with ``translate`` on patterns."""
    if isinstance(value, list):
        return [_translated(item, translate) for item in value]
    if not isinstance(value, dict):
        return value
    result: dict[str, typing.Any] = {}
    for key, item in value.items():
        if key == "pattern" and isinstance(item, str):
            result[key] = translate(item)
        elif key == "patternProperties" and isinstance(item, dict):
            result[key] = {
                translate(k): _translated(v, translate)
                for k, v in item.items()
            }
        else:
            result[key] = _translated(item, translate)
    return result


@functools.cache
def _python_schema(name: str) -> dict[str, typing.Any]:
    translated: dict[str, typing.Any] = python_schema(schema(name))
    return translated


@functools.cache
def _registry() -> referencing.Registry[typing.Any]:
    from referencing import Registry, Resource  # noqa: PLC0415 -- lazy: start-up time

    resources_ = [
        (
            SCHEMA_BASE + f"{name}.json",
            Resource.from_contents(_python_schema(name)),
        )
        for name in SCHEMA_NAMES
    ]
    registry: referencing.Registry[typing.Any] = Registry().with_resources(
        resources_
    )
    return registry.crawl()


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    from jsonschema import Draft202012Validator  # noqa: PLC0415 -- lazy: start-up time

    return Draft202012Validator(_python_schema(name), registry=_registry())


@functools.cache
def _fast(name: str) -> typing.Callable[[object], bool] | None:
    """``jsonschema-rs``'s ``is_valid`` for schema ``name``, if installed."""
    try:
        import jsonschema_rs  # noqa: PLC0415 -- optional, lazy: start-up time
    except ImportError:
        return None
    registry = jsonschema_rs.Registry(
        [
            (SCHEMA_BASE + f"{other}.json", _rust_schema(other))
            for other in SCHEMA_NAMES
        ]
    )
    # Formats are annotations only, as for jsonschema without a
    # format checker; the registry holds our schemas and nothing else.
    validator = jsonschema_rs.Draft202012Validator(
        _rust_schema(name),
        registry=registry,
        validate_formats=False,
        offline=True,
    )
    is_valid: typing.Callable[[object], bool] = validator.is_valid
    return is_valid


@functools.cache
def _rust_schema(name: str) -> dict[str, typing.Any]:
    translated: dict[str, typing.Any] = _translated(schema(name), rust_pattern)
    return translated


#: The scalar types both validators read alike (ints are checked apart).
_SCALARS = frozenset({str, float, bool, type(None)})


def _plain(value: object) -> bool:
    """Whether ``value`` holds only plain JSON types (no subclasses)."""
    if _text_tree(value):
        return True
    try:
        return _plain_node(value)
    except RecursionError:
        return False


def _text_tree(value: object) -> bool:
    """
    Whether ``value`` is a plain object of texts and lists of texts.

    The lists may also hold objects of texts; every container is exactly
    ``dict`` or ``list``, every key and text exactly ``str``. Such values
    are plain JSON (:func:`_plain_node` would say so): this is the shape
    of an exercise, checked without a call per value. False says only
    that the value has another shape.
    """
    if type(value) is not dict or not _text_object(value, lists=True):
        return False
    for item in typing.cast("dict[str, object]", value).values():
        if type(item) is list:
            for entry in typing.cast("list[object]", item):
                if type(entry) is not str and not (
                    type(entry) is dict and _text_object(entry, lists=False)
                ):
                    return False
    return True


def _text_object(value: object, *, lists: bool) -> bool:
    """Whether a ``dict``'s keys are ``str``, its values ``str`` (or lists)."""
    for key, item in typing.cast("dict[object, object]", value).items():
        if type(key) is not str:
            return False
        kind = type(item)
        if kind is not str and not (lists and kind is list):
            return False
    return True


def _plain_node(value: object) -> bool:
    # Recursive, with the commonest types first: twice as fast as a loop
    # over a stack, and documents are only a few levels deep.
    kind = type(value)
    if kind is str:
        return True
    if kind is dict:
        return all(
            type(key) is str and _plain_node(item)
            for key, item in typing.cast("dict[object, object]", value).items()
        )
    if kind is list:
        for item in typing.cast("list[object]", value):
            if type(item) is not str and not _plain_node(item):
                return False
        return True
    if kind is int:
        return typing.cast("int", value).bit_length() <= _PRINTABLE_BITS
    return kind in _SCALARS


def fast_validator(name: str) -> typing.Callable[[object], bool] | None:
    """The fast validator's ``is_valid`` for ``name``, if installed and on."""
    return _fast(name) if USE_FAST else None


def accepted(instance: object, name: str, *, parsed: bool = False) -> bool:
    """
    Whether the fast validator accepts ``instance`` against ``name``.

    False means "not known to be valid": jsonschema must decide. Never
    True for a document jsonschema would refuse (the tests run every
    schema property with and without this path). ``parsed`` says that
    ``instance`` came straight from :func:`json.loads`, so it holds
    plain JSON types only and need not be walked to check.
    """
    if not USE_FAST:
        return False
    fast = _fast(name)
    if fast is None or not (parsed or _plain(instance)):
        return False
    try:
        return fast(instance)
    except (ValueError, TypeError, OverflowError):
        # A lone surrogate cannot be encoded, a key is not text...
        return False


def problems(
    instance: object,
    name: str,
    *,
    file: str | None = None,
    parsed: bool = False,
) -> list[Problem]:
    """
    Return every way ``instance`` breaks the schema ``name``, by path.

    An ``anyOf`` failure is reported through its most relevant branch
    (``best_match``), so the message says what is wrong rather than that
    no alternative matched. At most :data:`MAX_PROBLEMS` problems are
    listed; past that, one last problem at ``$`` says more were found.
    ``parsed``: ``instance`` came straight from :func:`json.loads`
    (see :func:`accepted`).
    """
    if accepted(instance, name, parsed=parsed):
        return []
    huge = list(_too_large(instance, "$"))
    if huge:
        # jsonschema cannot even quote such numbers (int-to-str limit).
        return [
            Problem(
                json_path=path,
                message="number too large: it has thousands of digits",
                file=file,
            )
            for path in huge
        ]
    found: set[Problem] = set()
    errors = _validator(name).iter_errors(typing.cast("typing.Any", instance))
    for error in errors:
        for leaf in _leaves(error):
            found.add(_problem(leaf, file))
        if len(found) >= MAX_PROBLEMS:
            break
    ordered = sorted(found, key=lambda p: (path_key(p.json_path), p.message))
    if len(found) >= MAX_PROBLEMS and next(errors, None) is not None:
        ordered.append(too_many(file))
    return ordered


def too_many(file: str | None) -> Problem:
    """The problem that stands for every problem past :data:`MAX_PROBLEMS`."""
    return Problem(json_path="$", message=TOO_MANY, file=file)


def check(instance: object, name: str, *, file: str | None = None) -> None:
    """
    Raise :class:`InvalidDataError` unless ``instance`` matches ``name``.

    The error lists every problem; its message shows them all, one a line.
    """
    found = problems(instance, name, file=file)
    if found:
        raise invalid(found, what=name, file=file)


def invalid(
    found: typing.Sequence[Problem], *, what: str, file: str | None = None
) -> InvalidDataError:
    """Build the error for ``found`` problems in a ``what`` document."""
    lines = "\n".join(f"  {problem}" for problem in found)
    count = "1 problem" if len(found) == 1 else f"{len(found)} problems"
    where = f" in {file}" if file else ""
    msg = f"Invalid {what} data{where} ({count}):\n{lines}"
    return InvalidDataError(msg, problems=found, file=file)


def _leaves(
    error: jsonschema.exceptions.ValidationError,
) -> typing.Iterator[jsonschema.exceptions.ValidationError]:
    """
    Yield the errors worth showing for ``error``.

    For an ``anyOf``/``oneOf`` failure, when exactly one alternative has
    the right JSON type (an object where an object or a path string may
    stand), every error of that alternative is shown; otherwise the most
    relevant one (``best_match``).
    """
    if not error.context:
        yield error
        return
    viable = [errors for errors in _branches(error) if not _wrong_type(errors)]
    if len(viable) == 1:
        for sub in viable[0]:
            yield from _leaves(sub)
        return
    from jsonschema.exceptions import best_match  # noqa: PLC0415 -- lazy: start-up time

    yield best_match(error.context)


def _branches(
    error: jsonschema.exceptions.ValidationError,
) -> list[list[jsonschema.exceptions.ValidationError]]:
    """Group the sub-errors of an ``anyOf`` by the alternative they fail."""
    branches: dict[object, list[jsonschema.exceptions.ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    return list(branches.values())


def _wrong_type(errors: list[jsonschema.exceptions.ValidationError]) -> bool:
    """Whether an alternative fails at its root on the JSON type alone."""
    for error in errors:
        if error.relative_path:
            continue
        if error.validator == "type":
            return True
        if error.context and all(_wrong_type(b) for b in _branches(error)):
            return True
    return False


def _problem(
    error: jsonschema.exceptions.ValidationError, file: str | None
) -> Problem:
    message = _limit_message(error) or error.message
    head, said, patterns = message.rpartition(" does not match ")
    if said:
        # Quote the pattern as the schema writes it, not as translated.
        message = head + said + patterns.replace(r"\\Z'", "$'")
    if len(message) > _MAX_MESSAGE:
        # Shorten the quoted value, keep what is said about it.
        quoted = repr(error.instance)
        rest = message.removeprefix(quoted)
        keep = max(_MAX_MESSAGE - len(rest) - 3, 40)
        message = (quoted[:keep] + "..." + rest)[: _MAX_MESSAGE * 2]
    description = (
        error.schema.get("description")
        if isinstance(error.schema, dict)
        else None
    )
    if error.validator == "pattern" and description:
        # The rule in words; a regular expression helps nobody here.
        quoted = repr(error.instance)
        if len(quoted) > _MAX_QUOTED:
            quoted = quoted[: _MAX_QUOTED - 3] + "..."
        message = f"{quoted} is not allowed: {description}"
    elif error.validator in {"enum", "const"} and description:
        message = f"{message}: {description}"
    return Problem(json_path=error.json_path, message=message, file=file)


def _limit_message(
    error: jsonschema.exceptions.ValidationError,
) -> str | None:
    """Say how far past its limit a too-long text or list is."""
    limit = error.validator_value
    instance = error.instance
    if error.validator == "maxLength" and isinstance(instance, str):
        return (
            f"the text is {len(instance)} characters long; the limit is "
            f"{limit}: shorten it"
        )
    if error.validator == "maxItems" and isinstance(instance, list):
        return (
            f"the list has {len(instance)} items; the limit is {limit}: "
            "remove some, or split them across several entries"
        )
    return None


#: Ints with fewer bits than this always print (CPython refuses to turn
#: ints of more than 4300 digits, about 14284 bits, into text).
_PRINTABLE_BITS = 14_000


def _too_large(node: object, path: str) -> typing.Iterator[str]:
    """Yield the paths of ints too long to turn into text."""
    stack: list[tuple[object, str]] = [(node, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            items: typing.Iterable[tuple[object, object]] = value.items()
            form = "{}.{}"
        elif isinstance(value, list | tuple):
            items = enumerate(value)
            form = "{}[{}]"
        else:
            if _unprintable(value):
                yield where
            continue
        for key, item in items:
            if isinstance(item, dict | list | tuple) or _unprintable(item):
                stack.append((item, form.format(where, key)))


def _unprintable(value: object) -> bool:
    if not isinstance(value, int) or value.bit_length() <= _PRINTABLE_BITS:
        return False
    try:
        repr(value)
    except ValueError:
        return True
    return False


def path_key(path: str) -> tuple[tuple[int, int | str], ...]:
    """Order JSON paths so that ``[2]`` comes before ``[10]``."""
    key: list[tuple[int, int | str]] = []
    for part in path.replace("[", ".[").split("."):
        if part.startswith("[") and part[1:-1].isdigit():
            key.append((0, int(part[1:-1])))
        else:
            key.append((1, part))
    return tuple(key)
