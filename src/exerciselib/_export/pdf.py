"""
The printable handout as a PDF, through WeasyPrint.

WeasyPrint (the optional ``pdf`` extra, imported only when a PDF is
made) lays out the HTML handout of :func:`~exerciselib.to_html` with its
print stylesheet. This module adds what paper needs and a screen does
not: the paper size.

The handout loads nothing (pictures are ``data:`` URIs, pack text is
escaped), and WeasyPrint is given a URL fetcher that allows ``data:``
only and follows no redirect, as a second wall: whatever the HTML held,
no network address and no file could be fetched or attached.
"""

from __future__ import annotations

import typing

from exerciselib._export.handout import to_html
from exerciselib.exceptions import InvalidValueError, MissingExtraError

if typing.TYPE_CHECKING:
    import datetime as dt
    import os
    import types
    from collections.abc import Iterable, Mapping

    from exerciselib._model.types import Credit, Exercise, Routine
    from exerciselib._packs.localized import Localized
    from exerciselib._schedule.plan import Plan

__all__ = ["PAPER_SIZES", "to_pdf"]

#: The paper sizes a PDF can be made for, as CSS ``@page`` sizes.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}

# Added to the handout's own <style>: a user stylesheet would lose to its
# "@page { size: auto }" (CSS origins). The running header and footer
# (title, patient, clinic, "Page N of M") are the handout's own margin
# boxes, so a PDF and a page printed from a browser show the same.
_PAGE_CSS = """\
@page {{ size: {size}; }}
"""


def _weasyprint() -> types.ModuleType:
    try:
        import weasyprint  # noqa: PLC0415 -- optional, loaded on use
    except ImportError as error:
        msg = (
            "Exporting to PDF needs the 'pdf' extra: "
            "pip install 'exerciselib[pdf]'"
        )
        raise MissingExtraError(msg, extra="pdf") from error
    except OSError as error:  # WeasyPrint is there, Pango is not
        msg = (
            f"WeasyPrint could not load its system libraries ({error}). "
            "Install Pango: on Debian or Ubuntu, apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
        )
        raise MissingExtraError(msg, extra="pdf") from error
    module: types.ModuleType = weasyprint
    return module


def to_pdf(
    routine: Routine | Plan | Localized[Routine],
    *,
    title: str | None = None,
    media_root: str
    | os.PathLike[str]
    | typing.Callable[[Exercise], str | os.PathLike[str] | None]
    | None = None,
    lang: str | None = None,
    paper: str = "a4",
    pack_credits: Iterable[Credit] = (),
    affected_side: str | None = None,
    patient: str | None = None,
    clinician: str | None = None,
    clinic: str | None = None,
    contact: str | None = None,
    date: dt.date | str | None = None,
    log_sheet: bool = False,
    reader_timezone: str | None = None,
    text_languages: Mapping[str, str] | None = None,
) -> bytes:
    """
    Return ``routine`` (or a plan of it) as a printable PDF handout.

    The PDF is the page :func:`~exerciselib.to_html` makes, laid out on
    A4 or US Letter paper, with the title at the top of every page, page
    numbers at the bottom, fonts embedded and pictures included. It
    fetches nothing: no network address, no file outside what
    ``media_root`` embedded into the page.

    Args:
        routine: The routine to print, a plan of it, or a localized
            routine, as for :func:`~exerciselib.to_html`.
        title: The title; the routine's name by default.
        media_root: The folder media paths are relative to (the pack's
            root), or a function giving each exercise's folder; see
            :func:`~exerciselib.to_html`.
        lang: The language of the handout's own text, as for
            :func:`~exerciselib.to_html` (the PDF's ``/Lang`` is the
            language actually used).
        paper: ``"a4"`` (the default) or ``"letter"``.
        pack_credits: The pack's credits, printed as on the HTML page.
        affected_side: ``"left"`` or ``"right"``, named as on the HTML
            page.
        patient: The patient's name, as for :func:`~exerciselib.to_html`.
        clinician: The prescribing clinician.
        clinic: The clinic.
        contact: How to reach the clinic.
        date: The date the handout is given (a date or text).
        log_sheet: Add the log sheet (``routine`` must be a plan).
        reader_timezone: The time zone the patient lives by.
        text_languages: The language of the pack text, as for
            :func:`~exerciselib.to_html`.

    Returns:
        The PDF file's bytes.

    Raises:
        MissingExtraError: WeasyPrint is not installed
            (``pip install 'exerciselib[pdf]'``) or cannot load Pango.
        InvalidValueError: ``paper`` is not a known size
            (``field="paper"``).

    .. versionadded:: 0.1.0
    """
    given: object = paper  # callers may pass anything
    size = PAPER_SIZES.get(given.lower()) if isinstance(given, str) else None
    if size is None:
        msg = f"paper must be 'a4' or 'letter', got {paper!r}."
        raise InvalidValueError(msg, field="paper", value=paper)
    weasyprint = _weasyprint()
    page = to_html(
        routine,
        title=title,
        media_root=media_root,
        lang=lang,
        pack_credits=pack_credits,
        affected_side=affected_side,
        patient=patient,
        clinician=clinician,
        clinic=clinic,
        contact=contact,
        date=date,
        log_sheet=log_sheet,
        reader_timezone=reader_timezone,
        text_languages=text_languages,
    )
    # The first "</head>" is the handout's own: pack text in the page is
    # escaped, so it cannot hold a tag.
    page = page.replace(
        "</head>",
        f"<style>\n{_PAGE_CSS.format(size=size)}</style>\n</head>",
        1,
    )
    fetcher = weasyprint.urls.URLFetcher(
        allowed_protocols={"data"}, allow_redirects=False
    )
    document = weasyprint.HTML(string=page, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf
