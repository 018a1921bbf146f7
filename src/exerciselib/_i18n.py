"""
Interface text in the reader's language: gettext catalogs and Babel.

Every string the library itself shows (handout headings, timer cues,
frequency phrases, the dosage line, command-line output) is written in
English in the code, marked for extraction, and looked up at render
time in the catalog of one language::

    from exerciselib._i18n import translations

    texts = translations(lang)   # lang: a tag such as "de-AT", or None
    _ = texts.gettext
    heading = _("Steps")
    cue = texts.pgettext("timer cue", "Hold: {name}").format(name=name)
    count = texts.ngettext("{n} set", "{n} sets", n).format(n=n)

A module-level constant is evaluated at import, before any language is
known: mark it with :func:`N_` and translate it when rendering.

The catalogs are the gettext domain ``exerciselib``: ``.po`` files kept
with Babel in ``locale/<ll>/LC_MESSAGES/``, compiled to ``.mo`` when the
package is built (``hatch_build.py``). A tag is checked
(:func:`exerciselib._lang.tag`) before anything else sees it, and a
catalog is opened only from the package's own ``locale`` folder, by a
language this module ships: never by a name taken from the caller.

Babel (for day and month names, dates, times and decimals) is imported
only when a language other than English is asked for, so that
``import exerciselib`` and English output stay as quick as before.
"""

from __future__ import annotations

import functools
import gettext
import io
import typing

from exerciselib import _lang
from exerciselib._schema import package_files

if typing.TYPE_CHECKING:
    import datetime as dt

    import babel

__all__ = [
    "DOMAIN",
    "EN_DAYS",
    "EN_MONTHS",
    "LANGUAGES",
    "N_",
    "SOURCE",
    "Texts",
    "choose",
    "translations",
]

#: The gettext domain of the library's interface text.
DOMAIN = "exerciselib"
#: The language the interface text is written in.
SOURCE = "en"
#: The interface languages shipped: the source and every catalog.
LANGUAGES = ("de", "en", "es")

#: English day and month names (Monday = 0, January = 1), so that
#: English output needs neither Babel nor the C library's locale.
EN_DAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
EN_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def N_(message: str) -> str:  # noqa: N802 -- the gettext convention
    """Mark ``message`` for extraction; it is translated when shown."""
    return message


class Texts:
    """
    The interface text of one language: a catalog and its locale data.

    ``language`` is the catalog's language (``de``); ``tag`` the tag
    the text is for, which may name a region (``de-AT``: German text,
    Austrian month names). Both are checked tags.
    """

    __slots__ = ("catalog", "language", "tag")

    def __init__(
        self, *, language: str, tag: str, catalog: gettext.NullTranslations
    ) -> None:
        self.language = language
        self.tag = tag
        self.catalog = catalog

    def __repr__(self) -> str:
        return f"Texts(language={self.language!r}, tag={self.tag!r})"

    def gettext(self, message: str) -> str:
        """The translation of ``message``."""
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The translation for the count ``n`` (format ``{n}`` after)."""
        return self.catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in the role ``context``."""
        return self.catalog.pgettext(context, message)

    def npgettext(
        self, context: str, singular: str, plural: str, n: int
    ) -> str:
        """:meth:`ngettext` in the role ``context``."""
        return self.catalog.npgettext(context, singular, plural, n)

    @property
    def english(self) -> bool:
        """Whether the text is the English source (no Babel needed)."""
        return self.language == SOURCE

    def locale(self) -> babel.Locale:
        """The Babel locale of :attr:`tag` (imports Babel)."""
        return _locale(self.tag)

    def day_name(self, weekday: int, width: str = "wide") -> str:
        """
        The name of ``weekday`` (Monday = 0), as a label stands alone.

        ``width`` is ``wide`` (Montag) or ``abbreviated`` (Mo).
        """
        if self.english:
            name = EN_DAYS[weekday]
            return name if width == "wide" else name[:3]
        names = self.locale().days["stand-alone"][width]
        return str(names[weekday])  # keyed by number: 0 is Monday

    def month_name(self, month: int) -> str:
        """The name of ``month`` (January = 1), as a label stands alone."""
        if self.english:
            return EN_MONTHS[month]
        return str(self.locale().months["stand-alone"]["wide"][month])

    def names(self, words: typing.Sequence[str]) -> str:
        """``words`` as a list: ``a, b and c`` (``a, b und c``)."""
        if self.english:
            if len(words) <= 2:  # noqa: PLR2004 -- "a and b"
                return " and ".join(words)
            return f"{', '.join(words[:-1])} and {words[-1]}"
        from babel.lists import format_list  # noqa: PLC0415 -- lazy: Babel

        return format_list(list(words), locale=self.locale())

    def number(self, value: float) -> str:
        """
        ``value`` with the language's decimal sign (``2,5`` in German).

        No grouping and at most three decimals (the engine keeps
        milliseconds): ``3600``, never ``3.600``, which a German reader
        and :meth:`Dosage.parse` would take for 3.6.
        """
        if self.english:
            return f"{value:g}"
        from babel.numbers import format_decimal  # noqa: PLC0415 -- lazy: Babel

        return format_decimal(value, format="0.###", locale=self.locale())

    def date(self, day: dt.date) -> str:
        """A date: ISO ``2026-12-07`` in English, else CLDR's medium form."""
        if self.english:
            return day.isoformat()
        from babel.dates import format_date  # noqa: PLC0415 -- lazy: Babel

        return format_date(day, "medium", locale=self.locale())

    def date_time(self, when: dt.datetime) -> str:
        """
        A session's start: weekday, date and time in the language.

        English keeps the ISO form ``Mon 2026-12-07 08:30``.
        """
        if self.english:
            return f"{EN_DAYS[when.weekday()][:3]} {when:%Y-%m-%d %H:%M}"
        from babel.dates import format_skeleton, format_time  # noqa: PLC0415 -- lazy: Babel

        locale = self.locale()
        day = format_skeleton("yMMMEd", when, locale=locale)
        return f"{day} {format_time(when, 'short', locale=locale)}"


@functools.cache
def _locale(tag: str) -> babel.Locale:
    """The Babel locale of a checked, shipped tag."""
    import babel  # noqa: PLC0415 -- lazy: only for other languages

    try:
        return babel.Locale.parse(tag, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        # A region Babel does not know: the language alone is shipped.
        return babel.Locale.parse(tag.split("-", 1)[0])


def _read_catalog(language: str) -> gettext.NullTranslations:
    """
    The catalog of a shipped ``language``, from the package's own folder.

    An installed wheel has the compiled ``.mo`` only. A source tree (or
    an editable install) has the ``.po`` too, and it wins, compiled in
    memory with Babel, so that a ``.mo`` left by an earlier build never
    shows text the ``.po`` no longer has.
    """
    folder = package_files() / "locale" / language / "LC_MESSAGES"
    source = folder / f"{DOMAIN}.po"
    if not source.is_file():
        with (folder / f"{DOMAIN}.mo").open("rb") as file:
            return gettext.GNUTranslations(file)
    from babel.messages.mofile import write_mo  # noqa: PLC0415 -- lazy: Babel
    from babel.messages.pofile import read_po  # noqa: PLC0415 -- lazy: Babel

    with source.open("rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def _load(language: str, tag: str) -> Texts:
    """The :class:`Texts` of a shipped language, one per tag."""
    if language == SOURCE:
        catalog = gettext.NullTranslations()
    else:
        catalog = _read_catalog(language)
    return Texts(language=language, tag=tag, catalog=catalog)


def _shipped(checked: str) -> str | None:
    """The shipped language for a checked tag (RFC 4647 lookup), if any."""
    for candidate in _lang.fallback_chain(checked, checked):
        if candidate in LANGUAGES:
            return candidate
    return None


def translations(lang: str | None, *, field: str = "lang") -> Texts:
    """
    The interface text for the language tag ``lang`` (None: English).

    ``de-AT`` gives German with Austrian locale data; a language that
    is not shipped gives English.

    >>> translations("de-AT").gettext("Steps")
    'Ausführung'
    >>> translations("fr").language
    'en'

    Raises:
        InvalidValueError: ``lang`` is not a language tag (``field``
            names the argument).
    """
    if lang is None:
        return _load(SOURCE, SOURCE)
    checked = _lang.tag(lang, field=field)
    language = _shipped(checked)
    if language is None:
        return _load(SOURCE, SOURCE)
    return _load(language, checked)


def choose(
    requested: str | None, environ: typing.Mapping[str, str]
) -> tuple[Texts, str | None]:
    """
    The interface text a user asks for, and a notice if it falls back.

    ``requested`` (``--lang``) wins; without it the environment is read
    as gettext does (:func:`exerciselib._lang.environment_tags`), and
    the first tag with a shipped language wins. A malformed or
    unavailable language gives English and one line of notice; it is
    never an error.

    >>> texts, notice = choose("fr", {})
    >>> texts.language, notice
    ('en', "no interface text in 'fr'; using English")
    """
    if requested is not None:
        if not _lang.is_tag(requested):
            shown = repr(requested[:40])
            return translations(None), (
                f"{shown} is not a language tag (such as de, de-AT or es); "
                "using English"
            )
        texts = translations(requested)
        if texts.language == SOURCE and _lang.tag(requested).split("-")[0] != (
            SOURCE
        ):
            return texts, (
                f"no interface text in {_lang.tag(requested)!r}; using English"
            )
        return texts, None
    tags = _lang.environment_tags(environ)
    for candidate in tags:
        if _shipped(candidate) is not None:
            return translations(candidate), None
    if tags:
        return translations(None), (
            f"no interface text in {tags[0]!r} (from the environment); "
            "using English"
        )
    return translations(None), None
