"""
Printable handouts: a routine as one self-contained HTML page or Markdown.

Pack text is untrusted, so every piece of it goes through one of two
escapers before it reaches the output: :func:`_html_text` for HTML and
:func:`_md_text` for Markdown. Both also drop what has no place in a
document (control characters, lone surrogates) and turn line breaks into
the format's own, so no CR or LF from a pack reaches the output raw.
"""

from __future__ import annotations

import base64
import html
import os
import pathlib
import typing

import attrs

from exerciselib import _lang
from exerciselib._export.paperwork import (
    LOG_SCORES,
    Details,
    Schedule,
    css_string,
    details,
    schedule,
)
from exerciselib._i18n import N_, translations
from exerciselib._model.types import Laterality, Routine
from exerciselib._model.wording import (
    credit_line,
    dosage_line,
    frequency_text,
    group_text,
)
from exerciselib._packs.files import PackFolder
from exerciselib._text import clean_lines, markdown_line
from exerciselib.exceptions import InvalidDataError, InvalidValueError

if typing.TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from exerciselib._i18n import Texts
    from exerciselib._model.types import (
        Credit,
        Exercise,
        Media,
        RoutineItem,
    )
    from exerciselib._packs.localized import Localized
    from exerciselib._schedule.plan import Plan

__all__ = [
    "MAX_EMBEDDED_MEDIA_BYTES",
    "MAX_PAGE_MEDIA_BYTES",
    "to_html",
    "to_markdown",
]

#: Media files larger than this are shown by their alt text, not embedded,
#: so one huge picture cannot make the page unprintable.
MAX_EMBEDDED_MEDIA_BYTES = 5 * 1024 * 1024
#: The most bytes of pictures one page embeds, all pictures together; the
#: pictures met after the budget is spent are shown by their alt text.
#: Each picture file is embedded once however often the page shows it,
#: so a page stays under about 27 MiB of pictures (base64 adds a third).
MAX_PAGE_MEDIA_BYTES = 20 * 1024 * 1024

#: The picture formats every browser shows inside ``<img>``. SVG is left
#: out on purpose: it is a document that can carry scripts and links.
_IMAGE_TYPES = {
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}

_SIDES = {
    Laterality.NONE: None,
    Laterality.AFFECTED: N_("Affected side only"),
    Laterality.EACH_SIDE: N_(
        "Each side in turn: every rep on one side, then the other"
    ),
    Laterality.ALTERNATING: N_(
        "Alternating sides: one rep is one hold on each side"
    ),
}


# A print stylesheet that fits both A4 (210 mm wide) and US Letter (279 mm
# tall): the paper size is left to the printer, the margins suit both.
_CSS = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  font: 11.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
    "Helvetica Neue", Arial, sans-serif;
  color: #111; background: #fff; margin: 0 auto; padding: 1.5rem;
  max-width: 46rem;
}
h1 { font-size: 1.7em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.2em 0 .3em; }
h3 { font-size: 1em; margin: .8em 0 .2em; }
header p { margin: .2em 0; }
.exercise { border-top: 1px solid #999; padding-top: .4em; }
.dosage { font-weight: 600; font-size: 1.1em; margin: .2em 0; }
.summary { margin: .2em 0 .5em; }
dl.setup { display: grid; grid-template-columns: max-content 1fr;
  gap: .1em .8em; margin: .4em 0; }
dl.setup dt { font-weight: 600; }
dl.setup dd { margin: 0; }
ol.steps { padding-left: 1.6em; margin: .3em 0; }
ol.steps li { margin: .15em 0; }
aside.safety { border: 2px solid #b3261e; border-left-width: 6px;
  background: #fdf1f0; padding: .3em .8em; margin: .6em 0;
  border-radius: 3px; }
aside.safety h3 { color: #8c1d18; margin-top: .2em; }
aside.safety ul { margin: .2em 0 .3em; padding-left: 1.2em; }
.tips h3 { margin-top: .5em; }
.tips ul { margin: .2em 0 .3em; padding-left: 1.2em; }
dl.details { display: grid; grid-template-columns: max-content 1fr;
  gap: .1em .8em; margin: .5em 0; padding: .3em .6em;
  border: 1px solid #999; border-radius: 3px; }
dl.details dt { font-weight: 600; }
dl.details dd { margin: 0; }
section.warnings { border: 2px solid #b3261e; border-left-width: 6px;
  background: #fdf1f0; padding: .1em .9em .3em; margin: 1em 0;
  border-radius: 3px; }
section.warnings h2 { color: #8c1d18; margin-top: .4em; }
section.warnings ul { padding-left: 1.2em; margin: .2em 0; }
section.warnings li { margin: .2em 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border: 1px solid #555; padding: .2em .35em; text-align: left;
  vertical-align: top; }
th { font-weight: 600; background: #eee; }
.changes td, .changes th { font-size: .92em; }
.log-week { break-before: page; page-break-before: always; }
.log-key { font-size: .9em; margin: .2em 0 .4em; }
table.log th { font-size: .8em; vertical-align: bottom; }
table.log td { height: 2.3em; vertical-align: middle; }
table.log .tick { text-align: center; width: 2.4em; }
table.log .number { width: 2.6em; }
table.log .when { width: 8.6em; white-space: nowrap; }
table.log .score { width: 4.6em; }
.box { display: inline-block; width: 1.15em; height: 1.15em;
  border: 1.5px solid #111; border-radius: 2px; vertical-align: middle; }
figure { margin: .6em 0; }
figure .picture { display: block; width: 100%; height: 60mm;
  background-repeat: no-repeat; background-position: left center;
  background-size: contain; }
figcaption, .credits, .media-alt { font-size: .9em; color: #333; }
.media-alt { font-style: italic; }
.notes { border-left: 3px solid #555; padding-left: .6em; }
.advice { border: 1px solid #555; padding: .2em .9em; margin-top: 1.5em; }
footer { margin-top: 1.5em; font-size: .9em; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  section.exercise, aside.safety, .tips, figure, dl.setup, dl.details,
  li, .advice, section.warnings, p.group, tr {
    break-inside: avoid; page-break-inside: avoid; }
  p.group { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
}
"""


#: The running header and footer of every printed page (CSS margin boxes,
#: which Chromium and WeasyPrint print): the title at the top left, the
#: patient at the top right, the clinic and its contact at the bottom
#: left, "Page N of M" at the bottom right. The paper size is left to the
#: printer; the margins suit both A4 and US Letter.
_PAGE = """\
@page {{
  size: auto;
  margin: 17mm 13mm 17mm;
  @top-left {{ content: {top_left}; {box} }}
  @top-right {{ content: {top_right}; {box} }}
  @bottom-left {{ content: {bottom_left}; {box} }}
  @bottom-right {{ content: {page_of}; {box} }}
}}
"""
_BOX = "font: 8.5pt sans-serif; color: #444;"
#: The most characters of one piece of running text, so that the page's
#: margins always hold it on one line.
_RUNNING = 70


def _running(text: str) -> str:
    """One line of running header or footer text, cut to fit."""
    line = " ".join(" ".join(clean_lines(text)).split())
    return line if len(line) <= _RUNNING else line[: _RUNNING - 1] + "\u2026"


def _page_of(texts: Texts) -> str:
    """
    The CSS ``content`` of the footer: ``"Page " counter(page) ...``.

    The catalog's sentence is cut at its placeholders, which become the
    page counters, so the words around them can be in any order.
    """
    sentence = texts.gettext("Page {page} of {pages}")
    marked = sentence.format(page="\0page\0", pages="\0pages\0")
    parts = []
    for number, part in enumerate(marked.split("\0")):
        if number % 2:
            parts.append(f"counter({part})")
        elif part:
            parts.append(css_string(part))
    return " ".join(parts)


def _page_css(heading: str, given: Details, texts: Texts) -> str:
    """The ``@page`` rule: the paper's margins and its running text."""
    patient = (
        texts.gettext("Patient: {name}").format(name=given.patient)
        if given.patient
        else ""
    )
    footer = " \u00b7 ".join(
        part for part in (given.clinic, given.contact) if part
    )
    return _PAGE.format(
        top_left=css_string(_running(heading)),
        top_right=css_string(_running(patient)),
        bottom_left=css_string(_running(footer)),
        page_of=_page_of(texts),
        box=_BOX,
    )


def _html_text(text: str) -> str:
    """Escape untrusted text for HTML content or a quoted attribute."""
    return "<br>".join(
        html.escape(line, quote=True) for line in clean_lines(text)
    )


def _attr(text: str) -> str:
    """Escape untrusted text for one line: an attribute or the title."""
    return html.escape(" ".join(clean_lines(text)), quote=True)


def _credit_text(credit: Credit, texts: Texts) -> str:
    text = credit_line(texts, credit)
    if credit.note:
        text += f" ({credit.note})"
    if credit.url:
        # Printed as text, never as a link: the page has no references.
        text += f" <{credit.url}>"
    return text


class _Pictures:
    """
    The pictures of one page: each file embedded once, within a budget.

    A picture is a class in the page's style sheet holding the file as a
    ``data:`` URI; every place showing it names the class. Files are
    opened through :class:`PackFolder`, each media root (the pack of
    each exercise) opened once for the page, so a link cannot lead
    outside its ``media_root``, and two paths to one file, in one pack
    or two, share the class.
    """

    def __init__(self) -> None:
        self.folders: dict[pathlib.Path, PackFolder | None] = {}
        self.classes: dict[tuple[int, int], str] = {}
        self.rules: list[str] = []
        self.spent = 0

    def close(self) -> None:
        for folder in self.folders.values():
            if folder is not None:
                folder.close()

    def _folder(self, root: pathlib.Path) -> PackFolder | None:
        """The opened folder ``root``; None if it cannot be opened."""
        if root not in self.folders:
            try:
                self.folders[root] = PackFolder(root)
            except (OSError, RuntimeError):
                self.folders[root] = None
        return self.folders[root]

    def css_class(self, media: Media, root: pathlib.Path | None) -> str | None:
        """The class showing ``media``, or None to use its alt text."""
        suffix = pathlib.PurePosixPath(media.path).suffix.lower()
        mime = _IMAGE_TYPES.get(suffix)
        if root is None or mime is None or media.kind != "image":
            return None
        found = self._read(self._folder(root), media.path)
        if found is None or isinstance(found, str):
            return found
        self.spent += len(found[1])
        name = f"picture-{len(self.classes) + 1}"
        self.classes[found[0]] = name
        data = base64.b64encode(found[1]).decode("ascii")
        uri = f"data:{mime};base64,{data}"
        self.rules.append(f'.{name} {{ background-image: url("{uri}"); }}')
        return name

    def _read(
        self, folder: PackFolder | None, path: str
    ) -> str | tuple[tuple[int, int], bytes] | None:
        """A class given before, or the key and bytes of a file that fits."""
        if folder is None:
            return None
        try:
            descriptor = folder.open(path, file=path, json_path="$")
        except (InvalidDataError, OSError):
            return None
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            key = (info.st_dev, info.st_ino)
            if key in self.classes:
                return self.classes[key]
            room = min(
                MAX_EMBEDDED_MEDIA_BYTES, MAX_PAGE_MEDIA_BYTES - self.spent
            )
            data = file.read(room + 1) if info.st_size <= room else b""
        return (key, data) if data and len(data) <= room else None


class _Languages:
    """
    The page's language, and the language of each pack text on it.

    ``texts`` maps JSON Pointers into ``routine.to_dict()`` to the tag of
    the text there; a pointer not in it has the tag of its nearest
    parent in it (``""`` is the whole routine). A text whose tag is not
    the page's is wrapped in a ``<span lang="...">`` (WCAG 2 SC 3.1.2,
    Language of Parts).
    """

    def __init__(self, page: str, texts: dict[str, str]) -> None:
        self.page = page
        self.texts = texts

    def of(self, pointer: str) -> str | None:
        """The tag of the text at ``pointer``, None if not given."""
        while True:
            if pointer in self.texts:
                return self.texts[pointer]
            if not pointer:
                return None
            pointer = pointer.rpartition("/")[0]

    def html(self, text: str, pointer: str | None) -> str:
        """Pack text, escaped, with its own ``lang`` if not the page's."""
        escaped = _html_text(text)
        tag = None if pointer is None else self.of(pointer)
        # German text on a de-AT page is in the page's language.
        if tag is None or tag == self.page or self.page.startswith(f"{tag}-"):
            return escaped
        return f'<span lang="{tag}">{escaped}</span>'


def _languages(
    texts: Texts, lang: str | None, given: Mapping[str, str] | None
) -> _Languages:
    """Check ``text_languages`` and pick the page's language."""
    checked: dict[str, str] = {}
    for key, tag in (given or {}).items():
        pointer: object = key  # callers may pass anything
        if not isinstance(pointer, str) or not (
            pointer == "" or pointer.startswith("/")
        ):
            msg = (
                f"text_languages: {pointer!r} is not a JSON Pointer into "
                "routine.to_dict(); write '' or '/items/0/exercise/name'"
            )
            raise InvalidValueError(msg, field="text_languages", value=pointer)
        checked[pointer] = _lang.tag(tag, field=f"text_languages[{pointer!r}]")
    page = texts.tag
    root = checked.get("")
    # No language asked for: the page is in the pack's language when the
    # interface text is too (an en-GB pack gives lang="en-GB").
    if (
        lang is None
        and root is not None
        and root.split("-", 1)[0] == texts.language
    ):
        page = root
    return _Languages(page, checked)


def _html_media(  # noqa: PLR0917 -- the page's parts
    media: Media,
    pictures: _Pictures,
    root: pathlib.Path | None,
    texts: Texts,
    langs: _Languages,
    pointer: str,
) -> list[str]:
    _ = texts.gettext
    alt = langs.html(media.alt, f"{pointer}/alt")
    caption = [alt]
    if media.credit:
        caption.append(
            _html_text(_("Credit: {credit}").format(credit=media.credit))
        )
    if media.license:
        caption.append(
            _html_text(_("Licence: {license}").format(license=media.license))
        )
    name = pictures.css_class(media, root)
    if name is None:
        kind = _media_kind(texts, media)
        return [f'<p class="media-alt">{html.escape(kind)}: {alt}</p>']
    return [
        "<figure>",
        (
            f'<div class="picture {name}" role="img" '
            f'aria-label="{_attr(media.alt)}"></div>'
        ),
        "<figcaption>" + " · ".join(caption) + "</figcaption>",
        "</figure>",
    ]


def _media_kind(texts: Texts, media: Media) -> str:
    """The word for a picture or video shown by its alt text."""
    if media.kind == "video":
        return texts.pgettext("media", "Video")
    return texts.pgettext("media", "Picture")


def _html_exercise(  # noqa: PLR0917 -- the page's parts
    number: int,
    routine: Routine,
    pictures: _Pictures,
    root: pathlib.Path | None,
    side: str,
    texts: Texts,
    langs: _Languages,
) -> list[str]:
    _ = texts.gettext
    index = number - 1
    item = routine.items[index]
    exercise = item.exercise
    at = f"/items/{index}/exercise"
    name = langs.html(exercise.name, f"{at}/name")
    label = routine.label(index)
    title = name if label is None else f"{_html_text(label)} {name}"
    out = [
        f'<section class="exercise" id="exercise-{number}">',
        f"<h2>{number}. {title}</h2>",
        f'<p class="dosage">{_html_text(dosage_line(texts, item.dosage))}</p>',
        (
            '<p class="summary">'
            f"{langs.html(exercise.summary, f'{at}/summary')}</p>"
        ),
    ]
    setup = _setup(exercise, texts, side, at)
    if setup:
        out.append('<dl class="setup">')
        for label, value, pointer in setup:
            shown = langs.html(value, pointer)
            out.append(f"<dt>{html.escape(label)}</dt><dd>{shown}</dd>")
        out.append("</dl>")
    for place, media in enumerate(exercise.media):
        out.extend(
            _html_media(
                media, pictures, root, texts, langs, f"{at}/media/{place}"
            )
        )
    steps, safety = _("Steps"), _("Safety")
    out.append(f"<h3>{html.escape(steps)}</h3>")
    out.append('<ol class="steps">')
    out.extend(
        f"<li>{langs.html(step, f'{at}/steps/{place}')}</li>"
        for place, step in enumerate(exercise.steps)
    )
    out.append("</ol>")
    if exercise.form_cues:
        out.append('<div class="tips">')
        tips = _("Tips")
        out.append(f"<h3>{html.escape(tips)}</h3>")
        out.extend(_html_list(exercise.form_cues, langs, f"{at}/form_cues"))
        out.append("</div>")
    if exercise.safety_cues:
        out.append('<aside class="safety">')
        out.append(f"<h3>{html.escape(safety)}</h3>")
        out.append("<ul>")
        out.extend(
            f"<li>{langs.html(cue, f'{at}/safety_cues/{place}')}</li>"
            for place, cue in enumerate(exercise.safety_cues)
        )
        out.append("</ul>")
        out.append("</aside>")
    if item.notes:
        notes = langs.html(item.notes, f"/items/{index}/notes")
        out.append(f'<p class="notes">{notes}</p>')
    if exercise.credits:
        names = "; ".join(
            _html_text(_credit_text(credit, texts))
            for credit in exercise.credits
        )
        # The sentence is escaped, then the escaped names go in.
        line = html.escape(_("Credits: {names}")).format(names=names)
        out.append(f'<p class="credits">{line}</p>')
    out.append("</section>")
    return out


def _sides(laterality: Laterality, side: str, texts: Texts) -> str | None:
    """How a handout names the sides, with the patient's side if known."""
    english = _SIDES[laterality]
    if english is None:
        return None
    _ = texts.gettext
    text = _(english)
    if not side:
        return text
    if laterality is Laterality.AFFECTED:
        if side == "left":
            return _("Left side only")
        return _("Right side only")
    if side == "left":
        return _("{sides}; start on the left side").format(sides=text)
    return _("{sides}; start on the right side").format(sides=text)


def _setup(
    exercise: Exercise, texts: Texts, side: str = "", at: str = ""
) -> list[tuple[str, str, str | None]]:
    """Each setup fact the exercise gives: label, text, pointer of text."""
    _ = texts.gettext
    setup: list[tuple[str, str, str | None]] = []
    if exercise.starting_position:
        setup.append(
            (
                _("Starting position"),
                exercise.starting_position,
                f"{at}/starting_position",
            )
        )
    if exercise.equipment:
        setup.append(
            (_("Equipment"), ", ".join(exercise.equipment), f"{at}/equipment")
        )
    sides = _sides(exercise.laterality, side, texts)
    if sides:
        setup.append((_("Sides"), sides, None))
    return setup


def _root(
    media_root: str
    | os.PathLike[str]
    | typing.Callable[[Exercise], str | os.PathLike[str] | None]
    | None,
    item: RoutineItem,
) -> pathlib.Path | None:
    """The folder the media of ``item``'s exercise are relative to."""
    if callable(media_root):
        media_root = media_root(item.exercise)
    return None if media_root is None else pathlib.Path(media_root)


def _affected_line(texts: Texts, side: str) -> str:
    if side == "left":
        return texts.gettext("Affected side: left.")
    return texts.gettext("Affected side: right.")


#: The heading of a routine's warning signs.
_WARNINGS = N_("When to stop and seek help")
#: How the log sheet says what to write.
_LOG_KEY = N_(
    "Tick each exercise you did. Pain: 0 is no pain, 10 the worst pain "
    "you can imagine. Effort: 0 is no effort, 10 the most you can give."
)


@attrs.frozen(kw_only=True)
class _Parts:
    """What one handout shows, checked: the routine and the host's data."""

    routine: Routine
    side: str
    details: Details
    schedule: Schedule | None


def _parts(
    subject: Routine | Plan,
    *,
    texts: Texts,
    affected_side: str | None,
    patient: str | None,
    clinician: str | None,
    clinic: str | None,
    contact: str | None,
    date: dt.date | str | None,
    log_sheet: bool,
    reader_timezone: str | None,
) -> _Parts:
    """Check a handout's arguments and build its schedule."""
    given = details(
        texts,
        patient=patient,
        clinician=clinician,
        clinic=clinic,
        contact=contact,
        date=date,
    )
    if isinstance(subject, Routine):
        if log_sheet:
            msg = (
                "A log sheet needs a plan (its dates and sessions): pass a "
                "Plan instead of a Routine, or leave out log_sheet."
            )
            raise InvalidValueError(msg, field="log_sheet", value=log_sheet)
        return _Parts(
            routine=subject,
            side=_side(affected_side),
            details=given,
            schedule=None,
        )
    from exerciselib._schedule.plan import Plan  # noqa: PLC0415 -- lazy: start-up time

    given_subject: object = subject  # callers may pass anything
    if not isinstance(given_subject, Plan):
        msg = f"A handout is made of a Routine or a Plan, got {subject!r}."
        raise InvalidValueError(msg, field="routine", value=subject)
    side = affected_side
    if side is None and subject.affected_side is not None:
        side = subject.affected_side.value
    return _Parts(
        routine=subject.routine,
        side=_side(side),
        details=given,
        schedule=schedule(
            subject,
            texts,
            reader_timezone=reader_timezone,
            log_sheet=log_sheet,
        ),
    )


def _html_list(
    items: Iterable[str], langs: _Languages, pointer: str | None
) -> list[str]:
    """A ``<ul>`` of pack text; item ``n`` is at ``pointer/n``."""
    return [
        "<ul>",
        *(
            "<li>"
            + langs.html(
                item, None if pointer is None else f"{pointer}/{place}"
            )
            + "</li>"
            for place, item in enumerate(items)
        ),
        "</ul>",
    ]


def _html_names(
    routine: Routine, langs: _Languages, after: str = "."
) -> list[str]:
    """Each exercise's number and name, escaped, in its own language."""
    return [
        f"{number}{after} "
        + langs.html(item.exercise.name, f"/items/{number - 1}/exercise/name")
        for number, item in enumerate(routine.items, start=1)
    ]


def _html_schedule(
    routine: Routine, plan: Schedule, texts: Texts, langs: _Languages
) -> list[str]:
    _ = texts.gettext
    heading = _("Your schedule")
    out = ['<section class="schedule">', f"<h2>{html.escape(heading)}</h2>"]
    out += [f"<p>{_html_text(line)}</p>" for line in plan.lines]
    if plan.changes:
        changes = _("Dosage changes")
        out.append(f"<h3>{html.escape(changes)}</h3>")
        out.append('<table class="changes">')
        heads = "".join(
            f"<th>{name}</th>" for name in _html_names(routine, langs)
        )
        start = html.escape(texts.pgettext("dosage changes", "From"))
        out.append(f"<thead><tr><th>{start}</th>{heads}</tr></thead>")
        out.append("<tbody>")
        for when, dosages in plan.changes:
            cells = "".join(f"<td>{_html_text(d)}</td>" for d in dosages)
            out.append(f"<tr><th>{_html_text(when)}</th>{cells}</tr>")
        out.append("</tbody>")
        out.append("</table>")
    out.append("</section>")
    return out


def _html_log(
    routine: Routine, plan: Schedule, texts: Texts, langs: _Languages
) -> list[str]:
    if not plan.weeks:
        return []
    _ = texts.gettext
    count = len(routine.items)
    key = "; ".join(_html_names(routine, langs, after=""))
    heads = "".join(f'<th class="tick">{n}</th>' for n in range(1, count + 1))
    heads += "".join(
        f'<th class="score">{html.escape(_(label))}</th>'
        for _field, label in LOG_SCORES
    )
    tick = '<td class="tick"><span class="box"></span></td>'
    blank = '<td class="score"></td>' * len(LOG_SCORES)
    number_head = html.escape(texts.pgettext("log sheet", "No."))
    planned = html.escape(texts.pgettext("log sheet", "Planned"))
    comment = html.escape(texts.pgettext("log sheet", "Comment"))
    # The sentence is escaped, then the escaped names go in.
    exercises = html.escape(_("Exercises: {names}.")).format(names=key)
    out = ['<section class="log-sheet">']
    for week in plan.weeks:
        out.append(f'<section class="log-week" id="log-week-{week.number}">')
        title = _("Log sheet: {week}").format(week=week.heading)
        out.append(f"<h2>{_html_text(title)}</h2>")
        out.append(f'<p class="log-key">{_html_text(_(_LOG_KEY))}</p>')
        out.append(f'<p class="log-key">{exercises}</p>')
        out.append('<table class="log">')
        out.append(
            f'<thead><tr><th class="number">{number_head}</th>'
            f'<th class="when">{planned}</th>{heads}'
            f"<th>{comment}</th></tr></thead>"
        )
        out.append("<tbody>")
        out.extend(
            f'<tr class="session"><td>{number}</td>'
            f'<td class="when">{_html_text(when)}</td>'
            f"{tick * count}{blank}<td></td></tr>"
            for number, when in week.rows
        )
        out.append("</tbody>")
        out.append("</table>")
        out.append("</section>")
    out.append("</section>")
    return out


def _html_header(
    parts: _Parts, shown_heading: str, texts: Texts, langs: _Languages
) -> list[str]:
    """The header, the schedule and the routine's warning signs."""
    _ = texts.gettext
    routine = parts.routine
    out = ["<header>", f"<h1>{shown_heading}</h1>"]
    rows = parts.details.rows()
    if rows:
        out.append('<dl class="details">')
        out.extend(
            f"<dt>{html.escape(_(label))}</dt><dd>{_html_text(value)}</dd>"
            for label, value in rows
        )
        out.append("</dl>")
    if routine.description:
        out.append(
            '<p class="description">'
            f"{langs.html(routine.description, '/description')}</p>"
        )
    if routine.frequency:
        sentence = _("Do this routine {frequency}.").format(
            frequency=frequency_text(texts, routine.frequency)
        )
        out.append(f'<p class="frequency">{_html_text(sentence)}</p>')
    if parts.side:
        line = _html_text(_affected_line(texts, parts.side))
        out.append(f'<p class="side">{line}</p>')
    out.append("</header>")
    if parts.schedule is not None:
        out.extend(_html_schedule(routine, parts.schedule, texts, langs))
    if routine.warning_signs:
        out.append('<section class="warnings">')
        out.append(f"<h2>{html.escape(_(_WARNINGS))}</h2>")
        out.extend(_html_list(routine.warning_signs, langs, "/warning_signs"))
        out.append("</section>")
    return out


def _unwrap(
    routine: Routine | Plan | Localized[Routine],
    lang: str | None,
    text_languages: Mapping[str, str] | None,
) -> tuple[Routine | Plan, str | None, Mapping[str, str] | None]:
    """A localized routine's value, language and the language of each text."""
    from exerciselib._packs.localized import Localized  # noqa: PLC0415 -- lazy: start-up time

    if not isinstance(routine, Localized):
        return routine, lang, text_languages
    value: object = routine.value  # callers may pass anything
    if not isinstance(value, Routine):
        msg = f"A handout is made of a localized Routine, got {value!r}."
        raise InvalidValueError(msg, field="routine", value=routine)
    if text_languages is None:
        text_languages = {"": routine.language, **routine.sources}
    return value, routine.language if lang is None else lang, text_languages


def to_html(
    routine: Routine | Plan | Localized[Routine],
    *,
    title: str | None = None,
    media_root: str
    | os.PathLike[str]
    | typing.Callable[[Exercise], str | os.PathLike[str] | None]
    | None = None,
    lang: str | None = None,
    pack_credits: Iterable[Credit] = (),
    affected_side: str | None = None,
    text_languages: Mapping[str, str] | None = None,
    patient: str | None = None,
    clinician: str | None = None,
    clinic: str | None = None,
    contact: str | None = None,
    date: dt.date | str | None = None,
    log_sheet: bool = False,
    reader_timezone: str | None = None,
) -> str:
    """
    Return ``routine`` as one self-contained, printable HTML page.

    The page has no scripts and loads nothing: the stylesheet is inline
    (with print rules that suit both A4 and US Letter) and pictures are
    embedded as ``data:`` URIs. It shows the title and the details the
    host gives (patient, clinician, clinic, contact, date, side), the
    routine's description and frequency, the schedule of a plan, the
    routine's warning signs set apart, then one section per exercise
    (dosage line in the clinical notation, summary, starting position,
    equipment, sides, pictures, numbered steps, form cues as plain
    tips, safety cues set apart in an ``<aside>``, item notes,
    credits), then the routine's advice and credits, then the log
    sheet if asked. Every printed page repeats the title, the patient,
    the clinic and contact, and ``Page N of M``. Every piece of pack
    and host text is HTML-escaped.

    Args:
        routine: The routine to print, or a :class:`Plan` of it, which
            adds the schedule (and allows ``log_sheet``), or a
            :class:`Localized` routine (from
            :meth:`Catalog.localized_routine`): its ``language`` is then
            the default ``lang`` and its ``sources`` the default
            ``text_languages``.
        title: The page title; the routine's name by default.
        media_root: The folder that media paths are relative to (the
            pack's root), or a function that returns it for each
            exercise, such as :meth:`Catalog.media_root`, for a routine
            that uses exercises of other packs. Pictures found there, as
            PNG, JPEG, GIF or WebP files of at most
            :data:`MAX_EMBEDDED_MEDIA_BYTES`, are embedded; any other
            media, including videos and files that are missing or lead
            out of ``media_root``, are shown by their alt text.
        lang: The language of the page's own text (headings, labels,
            the dosage line), a BCP 47 tag such as ``de`` or ``de-AT``;
            English when None or not shipped. The page's ``lang`` is
            the language actually used.
        pack_credits: The credits of the routine's pack
            (:attr:`Pack.credits`), listed after the routine's own
            (each credit once).
        affected_side: The patient's side, ``left`` or ``right``: named
            in the header and on each exercise ("Left side only"); a
            plan's own side by default.
        text_languages: The language of the pack text, as JSON Pointers
            into ``routine.to_dict()`` mapped to tags (``""`` for the
            whole routine, ``"/items/0/exercise/name"`` for one text;
            the nearest parent given applies). A text whose language
            is not the page's carries its own ``lang``.
        patient: The patient's name, as the host gives it.
        clinician: The prescribing clinician.
        clinic: The clinic.
        contact: How to reach the clinic, such as a phone number.
        date: The date the handout is given, a :class:`datetime.date`
            (printed as ``Monday 28 September 2026``, or in the
            language of ``lang``) or text.
        log_sheet: Add the paper log sheet: a page per plan week, a row
            per session (needs a plan).
        reader_timezone: The time zone the patient lives by; the
            schedule names the plan's zone unless it is this one.

    Returns:
        The HTML document, with LF line ends.

    Raises:
        ScheduleError: ``affected_side`` is not left, right or None, or
            the plan has no session.
        InvalidValueError: ``lang`` or a tag in ``text_languages`` is
            not a language tag, a key is not a JSON Pointer, a detail
            is not text of 1 to 200 characters, or ``log_sheet`` without
            a plan or for more than
            :data:`~exerciselib._export.paperwork.MAX_LOG_SESSIONS`
            sessions (``field`` names it).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``lang`` translates the page's own text; ``text_languages``; a
       plan, the header's details, tips apart from warnings, the
       routine's warning signs, running headers and the log sheet.
    """
    routine, lang, text_languages = _unwrap(routine, lang, text_languages)
    texts = translations(lang)
    langs = _languages(texts, lang, text_languages)
    parts = _parts(
        routine,
        texts=texts,
        affected_side=affected_side,
        patient=patient,
        clinician=clinician,
        clinic=clinic,
        contact=contact,
        date=date,
        log_sheet=log_sheet,
        reader_timezone=reader_timezone,
    )
    routine, side = parts.routine, parts.side
    _ = texts.gettext
    heading = routine.name if title is None else title
    shown_heading = (
        langs.html(heading, "/name") if title is None else _html_text(title)
    )
    out = ["<body>", *_html_header(parts, shown_heading, texts, langs)]
    out.append("<main>")
    pictures = _Pictures()
    try:
        for number, item in enumerate(routine.items, start=1):
            root = _root(media_root, item)
            group = group_text(texts, routine, number - 1)
            if group is not None:
                out.append(f'<p class="group">{_html_text(group)}</p>')
            out.extend(
                _html_exercise(
                    number, routine, pictures, root, side, texts, langs
                )
            )
    finally:
        pictures.close()
    out.append("</main>")
    if routine.advice:
        out.append('<section class="advice">')
        advice = _("Advice and safety")
        out.append(f"<h2>{html.escape(advice)}</h2>")
        out.extend(_html_list(routine.advice, langs, "/advice"))
        out.append("</section>")
    every = _all_credits(routine, pack_credits)
    if every:
        out.append("<footer>")
        credits_heading = _("Credits")
        out.append(f"<h2>{html.escape(credits_heading)}</h2>")
        out.extend(
            _html_list(
                (_credit_text(credit, texts) for credit in every), langs, None
            )
        )
        out.append("</footer>")
    if parts.schedule is not None:
        out.extend(_html_log(routine, parts.schedule, texts, langs))
    out.append("</body>")
    out.append("</html>")
    style = "".join(f"{rule}\n" for rule in pictures.rules)
    page_css = _page_css(heading, parts.details, texts)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{langs.page}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width">',
        f"<title>{_attr(heading)}</title>",
        f"<style>\n{page_css}{_CSS}{style}</style>",
        "</head>",
    ]
    return "\n".join(head + out) + "\n"


_md_text = markdown_line


def _all_credits(
    routine: Routine, pack_credits: Iterable[Credit]
) -> tuple[Credit, ...]:
    """The routine's credits, then the others given, each once."""
    every = list(routine.credits)
    every += [c for c in pack_credits if c not in every]
    return tuple(every)


def _side(affected_side: str | None) -> str:
    """The side's name, or "" when not known; anything else refused."""
    from exerciselib._schedule.program import to_side  # noqa: PLC0415 -- lazy: start-up time

    side = to_side(affected_side)
    return "" if side is None else side.value


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_names(routine: Routine, after: str = ".") -> list[str]:
    """Each exercise's number and name, escaped."""
    return [
        f"{number}{after} {_md_text(item.exercise.name)}"
        for number, item in enumerate(routine.items, start=1)
    ]


def _md_schedule(routine: Routine, plan: Schedule, texts: Texts) -> list[str]:
    _ = texts.gettext
    heading = _("Your schedule")
    out = [f"## {_md_text(heading)}", ""]
    out += [f"{_md_text(line)}  " for line in plan.lines[:-1]]
    out += [_md_text(plan.lines[-1]), ""]
    if plan.changes:
        heads = _md_names(routine)
        start = _md_text(texts.pgettext("dosage changes", "From"))
        changes = _("Dosage changes")
        out += [f"### {_md_text(changes)}", ""]
        out.append(_md_row([start, *heads]))
        out.append(_md_row(["---"] * (len(heads) + 1)))
        out += [
            _md_row([_md_text(when), *(_md_text(d) for d in dosages)])
            for when, dosages in plan.changes
        ]
        out.append("")
    return out


def _md_log(routine: Routine, plan: Schedule, texts: Texts) -> list[str]:
    if not plan.weeks:
        return []
    _ = texts.gettext
    count = len(routine.items)
    key = "; ".join(_md_names(routine, after=""))
    heads = [
        _md_text(texts.pgettext("log sheet", "No.")),
        _md_text(texts.pgettext("log sheet", "Planned")),
        *map(str, range(1, count + 1)),
    ]
    heads += [_md_text(_(label)) for _field, label in LOG_SCORES]
    heads.append(_md_text(texts.pgettext("log sheet", "Comment")))
    heading = _("Log sheet")
    out = [f"## {_md_text(heading)}", "", _md_text(_(_LOG_KEY)), ""]
    out += [_md_text(_("Exercises: {names}.")).format(names=key), ""]
    for week in plan.weeks:
        out += [f"### {_md_text(week.heading)}", "", _md_row(heads)]
        out.append(_md_row(["---"] * len(heads)))
        out += [
            _md_row(
                [str(number), _md_text(when)]
                + ["\\[ \\]"] * count
                + [" "] * (len(LOG_SCORES) + 1)
            )
            for number, when in week.rows
        ]
        out.append("")
    return out


def _md_header(parts: _Parts, texts: Texts) -> list[str]:
    """The Markdown header, schedule and warning signs."""
    _ = texts.gettext
    routine = parts.routine
    out = [f"# {_md_text(routine.name)}", ""]
    rows = parts.details.rows()
    if rows:
        out += [
            f"- **{_md_text(_(label))}:** {_md_text(value)}"
            for label, value in rows
        ]
        out.append("")
    if routine.description:
        out += [_md_text(routine.description), ""]
    if routine.frequency:
        sentence = _("Do this routine {frequency}.").format(
            frequency=frequency_text(texts, routine.frequency)
        )
        out += [_md_text(sentence), ""]
    if parts.side:
        out += [_md_text(_affected_line(texts, parts.side)), ""]
    if parts.schedule is not None:
        out += _md_schedule(routine, parts.schedule, texts)
    if routine.warning_signs:
        out += [f"## {_md_text(_(_WARNINGS))}", ""]
        out += [f"> - {_md_text(sign)}" for sign in routine.warning_signs]
        out.append("")
    return out


def to_markdown(
    routine: Routine | Plan | Localized[Routine],
    *,
    pack_credits: Iterable[Credit] = (),
    affected_side: str | None = None,
    lang: str | None = None,
    patient: str | None = None,
    clinician: str | None = None,
    clinic: str | None = None,
    contact: str | None = None,
    date: dt.date | str | None = None,
    log_sheet: bool = False,
    reader_timezone: str | None = None,
) -> str:
    """
    Return ``routine`` as a Markdown handout.

    The handout has the same parts as :func:`to_html`; pictures are shown
    by their alt text, the dosage changes and the log sheet are tables.
    Every piece of pack and host text is escaped so that it renders as
    itself: it can never add Markdown structure or raw HTML.

    Args:
        routine: The routine to write, or a :class:`Plan` of it, or a
            :class:`Localized` routine (its ``language`` is then the
            default ``lang``).
        pack_credits: The credits of the routine's pack
            (:attr:`Pack.credits`), listed after the routine's own
            (each credit once).
        affected_side: The patient's side, ``left`` or ``right``, as for
            :func:`to_html`.
        lang: The language of the handout's own text, as for
            :func:`to_html`.
        patient: The patient's name, as for :func:`to_html`.
        clinician: The prescribing clinician.
        clinic: The clinic.
        contact: How to reach the clinic.
        date: The date the handout is given (a date or text).
        log_sheet: Add the log sheet, a table per plan week.
        reader_timezone: The time zone the patient lives by.

    Returns:
        CommonMark text (tables as in GitHub Flavored Markdown), with LF
        line ends.

    Raises:
        ScheduleError: ``affected_side`` is not left, right or None, or
            the plan has no session.
        InvalidValueError: As for :func:`to_html`.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``lang``; the same new parts as :func:`to_html`.
    """
    routine, lang, _sources = _unwrap(routine, lang, None)
    texts = translations(lang)
    _ = texts.gettext
    parts = _parts(
        routine,
        texts=texts,
        affected_side=affected_side,
        patient=patient,
        clinician=clinician,
        clinic=clinic,
        contact=contact,
        date=date,
        log_sheet=log_sheet,
        reader_timezone=reader_timezone,
    )
    routine, side = parts.routine, parts.side
    out = _md_header(parts, texts)
    for number, item in enumerate(routine.items, start=1):
        line = group_text(texts, routine, number - 1)
        if line is not None:
            out += [f"**{_md_text(line)}**", ""]
        lines = _md_exercise(number, item, side, texts)
        if routine.label(number - 1) is not None:
            label = _md_text(routine.label(number - 1) or "")
            lines[0] = f"## {number}. {label} {_md_text(item.exercise.name)}"
        out += lines
    if routine.advice:
        advice = _("Advice and safety")
        out += [f"## {_md_text(advice)}", ""]
        out += [f"- {_md_text(note)}" for note in routine.advice]
        out.append("")
    every = _all_credits(routine, pack_credits)
    if every:
        heading = _("Credits")
        out += [f"## {_md_text(heading)}", ""]
        out += [
            f"- {_md_text(_credit_text(credit, texts))}" for credit in every
        ]
        out.append("")
    if parts.schedule is not None:
        out += _md_log(routine, parts.schedule, texts)
    return "\n".join(out)


def _md_exercise(
    number: int, item: RoutineItem, side: str, texts: Texts
) -> list[str]:
    _ = texts.gettext
    exercise = item.exercise
    out = [
        f"## {number}. {_md_text(exercise.name)}",
        "",
        f"**{_md_text(dosage_line(texts, item.dosage))}**",
        "",
        _md_text(exercise.summary),
        "",
    ]
    setup = _setup(exercise, texts, side)
    if setup:
        out += [
            f"- **{_md_text(label)}:** {_md_text(value)}"
            for label, value, _pointer in setup
        ]
        out.append("")
    for media in exercise.media:
        kind = _md_text(_media_kind(texts, media))
        out += [f"*{kind}: {_md_text(media.alt)}*", ""]
    steps, safety = _("Steps"), _("Safety")
    out += [f"### {_md_text(steps)}", ""]
    out += [
        f"{step_number}. {_md_text(step)}"
        for step_number, step in enumerate(exercise.steps, start=1)
    ]
    out.append("")
    if exercise.form_cues:
        tips = _("Tips")
        out += [f"**{_md_text(tips)}**", ""]
        out += [f"- {_md_text(cue)}" for cue in exercise.form_cues]
        out.append("")
    if exercise.safety_cues:
        out += [f"> **{_md_text(safety)}**", ">"]
        out += [f"> - {_md_text(cue)}" for cue in exercise.safety_cues]
        out.append("")
    if item.notes:
        note = _("Note:")
        out += [f"*{_md_text(note)}* {_md_text(item.notes)}", ""]
    if exercise.credits:
        names = "; ".join(
            _md_text(_credit_text(credit, texts))
            for credit in exercise.credits
        )
        out += [_md_text(_("Credits: {names}")).format(names=names), ""]
    return out
