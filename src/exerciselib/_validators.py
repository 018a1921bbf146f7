"""
Field checks for every exerciselib type, and the trusted constructor.

One way to validate a field: the validators here are ``attrs``
validators behind one adapter, and whatever they refuse raises
:class:`~exerciselib.InvalidValueError` (or the subclass a type names
with ``error=``) with ``field`` and ``value`` set and one message form::

    Exercise id must be a valid id: ..., got 'Knee Bend'.

In a type (see ``_model/types.py``)::

    _Name = text(200)                      # a kind, made once
    name: str = attrs.field(validator=of_kind(_Name))
    note: str | None = attrs.field(
        default=None, validator=optional(of_kind(_Name))
    )
    sets: int = attrs.field(
        default=1, validator=of_kind(whole(1, 100), error=DosageError)
    )
    role: str = attrs.field(validator=one_of(ROLES))
    item: RoutineItem = attrs.field(validator=instance(RoutineItem))
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=as_tuple, validator=of_kind(items(_Name))
    )

The pieces:

* A *kind* is a class whose ``isinstance`` check is the rule (no value
  is ever an instance of it): :func:`text` (non-blank, bounded),
  :func:`string` (any text, bounded), :func:`pattern`, :func:`whole`,
  :func:`number`, :func:`flag` (True or False), :func:`aware` (an
  aware datetime), :func:`choice`, :func:`typed`, :func:`items` (a
  tuple of members), or a :class:`Kind` subclass of your own that defines
  ``refusal(value)`` (``"must be ..."`` or None) and ``strategy(st)``.
* Validators: :func:`of_kind`, :func:`instance` (``instance_of``),
  :func:`one_of` (``in_``), :func:`optional` (None or the validator).
  Each takes ``error=``, a subclass of InvalidValueError to raise.
* :func:`check_value` applies a kind to a function's argument;
  :func:`refused` is the adapter: it makes the error for a refusal.
* Converters leave what they cannot convert as it is, for the
  validator to refuse with the field's name; :func:`as_tuple` turns
  an iterable into a tuple.

Every validator is an ``attrs`` ``and_`` validator holding an
``instance_of`` or ``in_`` validator, which Hypothesis reads:
``hypothesis.strategies.builds(Exercise)`` draws valid values once the
kinds' strategies are registered, which ``exerciselib._hypothesis``
does as a ``hypothesis`` entry point.

The trusted constructor, :func:`trusted`, builds a value the engine has
checked already, running no check again: the walk that builds a
timeline makes thousands of steps.
"""

from __future__ import annotations

import abc
import collections.abc
import functools
import math
import re
import typing

import attrs

from exerciselib._text import show
from exerciselib.exceptions import InvalidValueError

if typing.TYPE_CHECKING:
    import types

__all__ = [
    "Kind",
    "Validator",
    "as_tuple",
    "aware",
    "check_value",
    "choice",
    "flag",
    "instance",
    "items",
    "kinds",
    "number",
    "of_kind",
    "one_of",
    "optional",
    "pattern",
    "refused",
    "string",
    "text",
    "trusted",
    "trusted_evolve",
    "trusted_replacer",
    "twin_of",
    "typed",
    "whole",
]

_T = typing.TypeVar("_T")

#: An attrs validator: called with the instance, the field and the value.
Validator: typing.TypeAlias = typing.Callable[
    [typing.Any, "attrs.Attribute[typing.Any]", typing.Any], typing.Any
]

#: Every kind made so far, for Hypothesis to register.
_KINDS: list[type[Kind]] = []


# -- the adapter --------------------------------------------------------


def refused(
    instance: object,
    field: str,
    value: object,
    why: str,
    *,
    error: type[InvalidValueError] = InvalidValueError,
) -> InvalidValueError:
    """
    The error for ``field`` of ``instance`` refusing ``value``.

    The message reads ``<Type> <field> <why>, got <value>.``; the value
    is shown quoted and cut short (:func:`exerciselib._text.show`).
    """
    owner = instance if isinstance(instance, str) else type(instance).__name__
    msg = f"{owner} {field} {why}, got {show(value)}."
    return error(msg, field=field, value=value)


# attrs' ``and_`` validator class, reached through its public factory:
# Hypothesis reads the validators inside one to infer a strategy.
_And: typing.Any = type(attrs.validators.and_())


class _Checked(_And):  # type: ignore[misc]  # attrs' class is untyped
    """attrs validators run in order; a refusal raises our error."""

    __slots__ = ("_error", "_why")

    def __init__(
        self,
        validators: typing.Sequence[Validator],
        *,
        why: str | typing.Callable[[object], str | None],
        error: type[InvalidValueError],
    ) -> None:
        super().__init__(tuple(validators))
        self._why = why
        self._error = error

    def __call__(
        self,
        instance: object,
        attribute: attrs.Attribute[typing.Any],
        value: object,
    ) -> None:
        try:
            for validator in self._validators:
                validator(instance, attribute, value)
        except InvalidValueError:
            raise
        except (TypeError, ValueError):
            why = self._why(value) if callable(self._why) else self._why
            raise refused(
                instance, attribute.name, value, str(why), error=self._error
            ) from None


class _KindChecked(_Checked):
    """
    A kind's ``instance_of`` validator, run as the kind's rule directly.

    ``isinstance(value, kind)`` would call the same rule through the
    metaclass and attrs' validator; calling it directly keeps a field's
    check one call, as fast as a hand-written check, and a kind's
    :attr:`Kind.fast` range (a number, a flag) accepts the usual value
    without even that. The ``instance_of`` validator inside is what
    Hypothesis reads.
    """

    __slots__ = ("_high", "_low", "_refusal", "_types")

    def __init__(
        self, value_kind: type[Kind], *, error: type[InvalidValueError]
    ) -> None:
        super().__init__(
            [attrs.validators.instance_of(value_kind)],
            why=value_kind.refusal,
            error=error,
        )
        self._refusal = value_kind.refusal
        self._types, self._low, self._high = value_kind.fast

    def __call__(
        self,
        instance: object,
        attribute: attrs.Attribute[typing.Any],
        value: typing.Any,  # noqa: ANN401 -- any value, compared only when of a fast type
    ) -> None:
        if type(value) in self._types and self._low <= value <= self._high:
            return
        why = self._refusal(value)
        if why is not None:
            raise refused(
                instance, attribute.name, value, why, error=self._error
            )


def of_kind(
    value_kind: type[Kind],
    *,
    error: type[InvalidValueError] = InvalidValueError,
) -> Validator:
    """Validate a value of ``value_kind`` (see :class:`Kind`)."""
    return _KindChecked(value_kind, error=error)


def instance(
    cls: type, *, error: type[InvalidValueError] = InvalidValueError
) -> Validator:
    """Validate an instance of ``cls``: ``attrs.validators.instance_of``."""
    article = "an" if cls.__name__[0] in "AEIOU" else "a"
    return _Checked(
        [attrs.validators.instance_of(cls)],
        why=f"must be {article} {cls.__name__}",
        error=error,
    )


def one_of(
    options: typing.Iterable[object],
    *,
    error: type[InvalidValueError] = InvalidValueError,
) -> Validator:
    """Validate one of ``options``: ``attrs.validators.in_``."""
    listed = tuple(options)
    names = ", ".join(_name(option) for option in listed)
    return _Checked(
        [attrs.validators.in_(listed)],
        why=f"must be one of {names}",
        error=error,
    )


def _name(option: object) -> str:
    """An option as a message lists it: ``'left'`` for ``Side.LEFT``."""
    return repr(str(option)) if isinstance(option, str) else repr(option)


def optional(validator: Validator) -> Validator:
    """Validate None or what ``validator`` accepts."""
    return typing.cast("Validator", attrs.validators.optional(validator))


def check_value(
    value_kind: type[Kind],
    value: object,
    *,
    field: str,
    owner: str,
    error: type[InvalidValueError] = InvalidValueError,
) -> None:
    """
    Raise for a function argument ``value`` that is not of ``value_kind``.

    ``owner`` starts the message (``"session_timeline"``).
    """
    why = value_kind.refusal(value)
    if why is not None:
        raise refused(owner, field, value, why, error=error)


# -- kinds ----------------------------------------------------------------


class _KindType(abc.ABCMeta):
    """
    The metaclass of kinds: ``isinstance`` applies the kind's rule.

    No kind is ever instantiated, so an abstract method would never be
    caught by ``abc``; a kind that does not define both its rule and its
    strategy is refused when its class is made.
    """

    def __init__(
        cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]
    ) -> None:
        super().__init__(name, bases, namespace)
        missing = sorted(getattr(cls, "__abstractmethods__", ()))
        if bases and missing:
            msg = (
                f"The kind {name} must define {' and '.join(missing)} "
                "(see exerciselib._validators.Kind)."
            )
            raise TypeError(msg)
        if bases:
            _KINDS.append(typing.cast("type[Kind]", cls))

    def __instancecheck__(cls, value: object) -> bool:
        return typing.cast("type[Kind]", cls).refusal(value) is None


class Kind(metaclass=_KindType):
    """
    A kind of value a field holds, as a class: ``isinstance`` is the rule.

    No value is ever an instance of a kind's class: a kind only answers
    ``isinstance(value, kind)``, so ``attrs.validators.instance_of``
    checks it, and Hypothesis draws from :meth:`strategy` for it.
    Subclass it for a rule of your own, overriding both class methods.
    """

    __slots__ = ()

    #: A speed-up only, for :func:`of_kind`: a value whose class is one
    #: of these exact types and that lies from the low to the high bound
    #: is accepted without calling :meth:`refusal`, which must accept
    #: it too. No type by default.
    fast: typing.ClassVar[tuple[tuple[type, ...], typing.Any, typing.Any]] = (
        (),
        None,
        None,
    )

    @classmethod
    @abc.abstractmethod
    def refusal(cls, value: object) -> str | None:
        """Why ``value`` is refused (``"must be ..."``), or None."""

    @classmethod
    @abc.abstractmethod
    def strategy(cls, st: types.ModuleType) -> object:
        """A Hypothesis strategy (from ``st``) drawing accepted values."""


def kinds() -> tuple[type[Kind], ...]:
    """Every kind made so far, in the order they were made."""
    return tuple(_KINDS)


@functools.cache
def text(max_length: int) -> type[Kind]:
    """Non-blank text of at most ``max_length`` characters."""

    class Text(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            if not isinstance(value, str):
                return "must be a string"
            if not value.strip():
                return "must not be blank"
            if len(value) > max_length:
                return (
                    f"must be at most {max_length} characters long "
                    f"(it has {len(value)})"
                )
            return None

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.text(min_size=1, max_size=min(max_length, 40)).filter(
                str.strip
            )

    Text.__qualname__ = Text.__name__ = f"Text{max_length}"
    return Text


@functools.cache
def string(min_length: int, max_length: int) -> type[Kind]:
    """Any text of ``min_length`` to ``max_length`` characters."""

    class String(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            if not isinstance(value, str):
                return "must be a string"
            if not min_length <= len(value) <= max_length:
                return (
                    f"must be {min_length} to {max_length} characters long "
                    f"(it has {len(value)})"
                )
            return None

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.text(
                min_size=min_length, max_size=min(max_length, min_length + 40)
            )

    return String


def pattern(regex: str, *, max_length: int, what: str) -> type[Kind]:
    """
    Text of at most ``max_length`` characters matching ``regex`` whole.

    ``what`` completes "must be ..." in the message. The pattern is
    compiled on first use: ``import exerciselib`` stays cheap.
    """

    class Pattern(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            if (
                isinstance(value, str)
                and len(value) <= max_length
                and _compiled(regex).fullmatch(value)
            ):
                return None
            return f"must be {what}"

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.from_regex(regex, fullmatch=True).filter(
                lambda found: len(found) <= max_length
            )

    return Pattern


@functools.cache
def _compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


@functools.cache
def whole(minimum: int, maximum: int | None = None) -> type[Kind]:
    """A whole number (not a bool) from ``minimum`` to ``maximum``."""

    class Whole(Kind):
        fast = ((int,), minimum, math.inf if maximum is None else maximum)

        @classmethod
        def refusal(cls, value: object) -> str | None:
            if isinstance(value, bool) or not isinstance(value, int):
                return "must be a whole number"
            if value < minimum or (maximum is not None and value > maximum):
                if maximum is None:
                    return f"must be at least {minimum}"
                return f"must be from {minimum} to {maximum}"
            return None

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            high = minimum + 10**6 if maximum is None else maximum
            return st.integers(min_value=minimum, max_value=high)

    return Whole


@functools.cache
def number(
    minimum: float,
    maximum: float,
    *,
    unit: str = "",
    above: bool = False,
) -> type[Kind]:
    """
    A finite number (int or float, not a bool) from ``minimum`` to ``maximum``.

    ``above`` leaves ``minimum`` itself out (``more than 0``); ``unit``
    names what is counted in the message (``seconds``). Hypothesis
    draws thousandths, as the converters keep them.
    """
    of_unit = f" of {unit}" if unit else ""
    if above:
        why = (
            f"must be a finite number{of_unit} more than {minimum:g} "
            f"and at most {maximum:g}"
        )
    else:
        why = (
            f"must be a finite number{of_unit} from {minimum:g} to {maximum:g}"
        )
    finite = math.isfinite

    class Number(Kind):
        # Above the minimum: from the next float up, which every number
        # more than the minimum reaches.
        fast = (
            (int, float),
            math.nextafter(minimum, math.inf) if above else minimum,
            maximum,
        )

        @classmethod
        def refusal(cls, value: object) -> str | None:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return "must be a number"
            if (
                (minimum < value if above else minimum <= value)
                and value <= maximum
                and (isinstance(value, int) or finite(value))
            ):
                return None
            return why

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            low = math.ceil(minimum * 1000)
            if above and low == minimum * 1000:
                low += 1
            return st.integers(
                min_value=low, max_value=math.floor(maximum * 1000)
            ).map(lambda thousandths: thousandths / 1000)

    return Number


@functools.cache
def flag() -> type[Kind]:
    """True or False (not 0 or 1)."""

    class Flag(Kind):
        fast = ((bool,), False, True)

        @classmethod
        def refusal(cls, value: object) -> str | None:
            return None if isinstance(value, bool) else "must be True or False"

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.booleans()

    return Flag


@functools.cache
def aware() -> type[Kind]:
    """An aware ``datetime.datetime`` (with a time zone)."""
    import datetime as dt  # noqa: PLC0415 -- keeps it out of `import exerciselib`

    class Aware(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            if (
                isinstance(value, dt.datetime)
                and value.utcoffset() is not None
            ):
                return None
            return "must be an aware datetime (with a time zone)"

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            # Far from the calendar's ends, so that every offset fits.
            offsets = st.sampled_from((0, 60, -300, 330, 780)).map(
                lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
            )
            return st.datetimes(
                min_value=dt.datetime(1900, 1, 1),  # noqa: DTZ001 -- a bound
                max_value=dt.datetime(2200, 12, 31),  # noqa: DTZ001 -- a bound
                timezones=offsets,
            )

    return Aware


def choice(options: typing.Iterable[object]) -> type[Kind]:
    """One of ``options`` (listed in that order when refused)."""
    listed = tuple(options)
    names = ", ".join(_name(option) for option in listed)

    class Choice(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            try:
                if value in listed:
                    return None
            except TypeError:  # an unhashable value, for enum members
                pass
            return f"must be one of {names}"

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.sampled_from(listed)

    return Choice


@functools.cache
def items(
    member: type, *, min_items: int = 0, max_items: int = 50
) -> type[Kind]:
    """
    A tuple of ``min_items`` to ``max_items`` members.

    ``member`` is a kind or a class. Pair it with the converter
    :func:`as_tuple`, so callers may pass any iterable.
    """
    name = member.__name__
    member_refusal = (
        typing.cast("type[Kind]", member).refusal
        if isinstance(member, _KindType)
        else None
    )

    class Items(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            if not isinstance(value, tuple):
                return "must be a list"
            if not min_items <= len(value) <= max_items:
                return (
                    f"must have from {min_items} to {max_items} items "
                    f"(it has {len(value)})"
                )
            if member_refusal is None:
                for index, element in enumerate(value):
                    if not isinstance(element, member):
                        shown = show(element)
                        return f"item {index} must be a {name} (it is {shown})"
                return None
            for index, element in enumerate(value):
                found = member_refusal(element)
                if found is not None:
                    return f"item {index} {found} (it is {show(element)})"
            return None

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.lists(
                st.from_type(member),
                min_size=min_items,
                max_size=min(max_items, min_items + 3),
            ).map(tuple)

    return Items


@functools.cache
def typed(cls: type) -> type[Kind]:
    """An instance of ``cls``, for :func:`check_value` (fields: instance)."""
    article = "an" if cls.__name__[0] in "AEIOU" else "a"
    why = f"must be {article} {cls.__name__}"

    class Typed(Kind):
        @classmethod
        def refusal(cls, value: object) -> str | None:
            return None if isinstance(value, wanted) else why

        @classmethod
        def strategy(cls, st: types.ModuleType) -> object:
            return st.from_type(wanted)

    wanted = cls
    return Typed


def as_tuple(value: object) -> object:
    """
    Turn an iterable into a tuple; leave anything else for the validator.

    A lone string becomes a one-item tuple, not a tuple of characters.
    """
    kind = type(value)
    if kind is tuple:
        return value
    if kind is list:  # JSON data: the common case, checked first
        return tuple(typing.cast("list[object]", value))
    if isinstance(value, tuple):
        return value
    if isinstance(value, str):
        return (value,)
    if isinstance(value, collections.abc.Iterable) and not isinstance(
        value, bytes | bytearray | typing.Mapping
    ):
        return tuple(value)
    return value


# -- the trusted constructor --------------------------------------------


def trusted(cls: type[_T]) -> typing.Callable[..., _T]:
    """
    A constructor for ``cls`` that skips converters, validators and checks.

    For values the engine has made and checked already: the walk that
    builds a timeline makes thousands of steps, and a plan thousands of
    sessions. It takes every field, in field order or by name, already
    in its final form (a :class:`~exerciselib.StepKind`, not ``"hold"``;
    a tuple, not a list), and is as fast as setting the slots by hand.
    Property tests hold ``trusted(T)(**fields) == T(**fields)`` for
    every value ``T`` accepts.

    Callers building values from outside data never use it: they call
    the type, which checks everything.
    """
    build = _trusted(typing.cast("type", cls))
    return typing.cast("typing.Callable[..., _T]", build)


@functools.cache
def _trusted(cls: type) -> typing.Callable[..., object]:
    """Write the constructor :func:`trusted` returns, once per class."""
    fields = attrs.fields(typing.cast("type[attrs.AttrsInstance]", cls))
    names = [field.name for field in fields]
    scope: dict[str, typing.Any] = {"_new": object.__new__, "_cls": cls}
    twin = twin_of(cls)
    if twin is not None:
        # Plain attribute stores on the twin, then the instance becomes a
        # ``cls``: half the cost of calling each slot's setter.
        body = "".join(f"    self.{name} = {name}\n" for name in names)
        body += "    self.__class__ = _cls\n"
        scope["_twin"] = twin
        first = "    self = _new(_twin)\n"
    else:
        # A call per value costs more than the rest of the walk, a loop
        # over setters as much: one generated function, as attrs writes
        # __init__, calls each slot's own setter.
        scope.update(
            {f"_set_{name}": cls.__dict__[name].__set__ for name in names}
        )
        body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
        first = "    self = _new(_cls)\n"
    source = f"def build({', '.join(names)}):\n{first}{body}    return self\n"
    exec(source, scope)  # noqa: S102 -- field names from attrs, no input
    build = typing.cast("typing.Callable[..., object]", scope["build"])
    build.__qualname__ = build.__name__ = f"trusted_{cls.__name__}"
    build.__doc__ = f"Build a {cls.__name__} without checks (see trusted)."
    return build


@functools.cache
def twin_of(cls: type) -> type | None:
    """
    The twin class :func:`trusted` fills in for ``cls``, or None.

    For a loop that builds so many values that even the call to the
    trusted constructor counts (the plan walk): it makes
    ``object.__new__(twin)``, stores each field as a plain attribute,
    then sets ``__class__`` to ``cls``, exactly as the constructor does.
    """
    fields = attrs.fields(typing.cast("type[attrs.AttrsInstance]", cls))
    return _twin(cls, [field.name for field in fields])


def _twin(cls: type, names: list[str]) -> type | None:
    """
    A plain class whose instances can become ``cls``, or None.

    A frozen class refuses attribute stores; its *twin* has the same
    slots at the same places and a plain ``__setattr__``, so a value is
    filled in with plain stores and then given the class ``cls``
    (``__class__`` assignment, which Python allows between classes of
    one layout). That is possible when ``cls`` keeps its fields in slots
    of its own and has no ``__weakref__`` slot, or keeps them in a plain
    slotted base class and adds only ``__weakref__`` (Python refuses the
    assignment when a class adds ``__weakref__`` after slots of its
    own). Anything else gets None, and the slots' setters are called.
    """
    own = tuple(getattr(cls, "__slots__", ()))
    bases = cls.__bases__
    twin: type
    if set(own) == set(names) and bases == (object,):
        twin = type(f"_{cls.__name__}Twin", (), {"__slots__": own})
    elif (
        own == ("__weakref__",)
        and len(bases) == 1
        and bases[0].__bases__ == (object,)
        and "__setattr__" not in vars(bases[0])
        and set(getattr(bases[0], "__slots__", ())) == set(names)
    ):
        slots = {"__slots__": own}
        twin = type(f"_{cls.__name__}Twin", bases, slots)
    else:
        return None
    probe: object = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:  # pragma: no cover -- a layout Python refuses
        return None
    return twin


def trusted_evolve(value: _T, /, **changes: object) -> _T:
    """:func:`attrs.evolve` without checks, for changes known valid."""
    replace = _replacer(typing.cast("type", type(value)), tuple(changes))
    built: _T = replace(value, *changes.values())
    return built


def trusted_replacer(cls: type[_T], *names: str) -> typing.Callable[..., _T]:
    """
    The function :func:`trusted_evolve` calls to change ``names`` of a ``cls``.

    ``trusted_replacer(cls, "a", "b")(value, a, b)`` is
    ``trusted_evolve(value, a=a, b=b)``, for a loop that changes the
    same fields many times.
    """
    return _replacer(typing.cast("type", cls), names)


@functools.cache
def _replacer(
    cls: type, changed: tuple[str, ...]
) -> typing.Callable[..., typing.Any]:
    """
    Write the function :func:`trusted_evolve` calls for ``changed``.

    Once per class and set of changed fields (in the order given): it
    takes the value and the new values, reads every other field
    straight from its slot and calls the trusted constructor, with no
    list, loop or keyword arguments on the way.
    """
    fields = attrs.fields(typing.cast("type[attrs.AttrsInstance]", cls))
    names = [field.name for field in fields]
    unknown = sorted(set(changed) - set(names))
    if unknown:
        msg = f"{cls.__name__} has no field {', '.join(unknown)}"
        raise TypeError(msg)
    given = {name: f"_new_{index}" for index, name in enumerate(changed)}
    values = ", ".join(given.get(name, f"value.{name}") for name in names)
    source = (
        f"def replace(value, {', '.join(given.values())}):\n"
        f"    return _build({values})\n"
    )
    scope: dict[str, typing.Any] = {"_build": _trusted(cls)}
    exec(source, scope)  # noqa: S102 -- field names from attrs, no input
    replace = typing.cast("typing.Callable[..., typing.Any]", scope["replace"])
    replace.__qualname__ = replace.__name__ = f"replace_{cls.__name__}"
    return replace
