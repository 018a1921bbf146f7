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

from exerciselib._export.paperwork import (
    LOG_SCORES,
    Details,
    Schedule,
    css_string,
    details,
    schedule,
)
from exerciselib._model.notation import group_line
from exerciselib._model.types import Laterality, Routine
from exerciselib._packs.files import PackFolder
from exerciselib._text import clean_lines, markdown_line
from exerciselib.exceptions import InvalidDataError, InvalidValueError

if typing.TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from exerciselib._model.types import (
        Credit,
        Exercise,
        Media,
        RoutineItem,
    )
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
    Laterality.AFFECTED: "Affected side only",
    Laterality.EACH_SIDE: "Each side in turn: every rep on one side, "
    "then the other",
    Laterality.ALTERNATING: "Alternating sides: one rep is one hold on "
    "each side",
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
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
    {box} }}
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


def _page_css(heading: str, given: Details) -> str:
    """The ``@page`` rule: the paper's margins and its running text."""
    patient = f"Patient: {given.patient}" if given.patient else ""
    footer = " \u00b7 ".join(
        part for part in (given.clinic, given.contact) if part
    )
    return _PAGE.format(
        top_left=css_string(_running(heading)),
        top_right=css_string(_running(patient)),
        bottom_left=css_string(_running(footer)),
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


def _credit_text(credit: Credit) -> str:
    text = str(credit)
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


def _html_media(
    media: Media, pictures: _Pictures, root: pathlib.Path | None
) -> list[str]:
    caption = [media.alt]
    if media.credit:
        caption.append(f"Credit: {media.credit}")
    if media.license:
        caption.append(f"Licence: {media.license}")
    name = pictures.css_class(media, root)
    if name is None:
        kind = "Video" if media.kind == "video" else "Picture"
        return [f'<p class="media-alt">{kind}: {_html_text(media.alt)}</p>']
    return [
        "<figure>",
        (
            f'<div class="picture {name}" role="img" '
            f'aria-label="{_attr(media.alt)}"></div>'
        ),
        "<figcaption>"
        + " · ".join(_html_text(part) for part in caption)
        + "</figcaption>",
        "</figure>",
    ]


def _title(routine: Routine, index: int) -> str:
    """An item's heading text: its name, with its group label."""
    name = routine.items[index].exercise.name
    label = routine.label(index)
    return name if label is None else f"{label} {name}"


def _html_exercise(
    number: int,
    item: RoutineItem,
    pictures: _Pictures,
    root: pathlib.Path | None,
    side: str,
) -> list[str]:
    exercise = item.exercise
    out = [
        f'<section class="exercise" id="exercise-{number}">',
        f"<h2>{number}. {_html_text(exercise.name)}</h2>",
        f'<p class="dosage">{_html_text(str(item.dosage))}</p>',
        f'<p class="summary">{_html_text(exercise.summary)}</p>',
    ]
    setup = _setup(exercise, side)
    if setup:
        out.append('<dl class="setup">')
        out.extend(
            f"<dt>{html.escape(label)}</dt><dd>{_html_text(value)}</dd>"
            for label, value in setup
        )
        out.append("</dl>")
    for media in exercise.media:
        out.extend(_html_media(media, pictures, root))
    out.append("<h3>Steps</h3>")
    out.append('<ol class="steps">')
    out.extend(f"<li>{_html_text(step)}</li>" for step in exercise.steps)
    out.append("</ol>")
    if exercise.form_cues:
        out.append('<div class="tips">')
        out.append("<h3>Tips</h3>")
        out.extend(_html_list(exercise.form_cues))
        out.append("</div>")
    if exercise.safety_cues:
        out.append('<aside class="safety">')
        out.append("<h3>Safety</h3>")
        out.append("<ul>")
        out.extend(
            f"<li>{_html_text(cue)}</li>" for cue in exercise.safety_cues
        )
        out.append("</ul>")
        out.append("</aside>")
    if item.notes:
        out.append(f'<p class="notes">{_html_text(item.notes)}</p>')
    if exercise.credits:
        names = "; ".join(
            _html_text(_credit_text(credit)) for credit in exercise.credits
        )
        out.append(f'<p class="credits">Credits: {names}</p>')
    out.append("</section>")
    return out


def _sides(laterality: Laterality, side: str) -> str | None:
    """How a handout names the sides, with the patient's side if known."""
    text = _SIDES[laterality]
    if not side or text is None:
        return text
    if laterality is Laterality.AFFECTED:
        return f"{side.capitalize()} side only"
    return f"{text}; start on the {side} side"


def _setup(exercise: Exercise, side: str = "") -> list[tuple[str, str]]:
    """Return the label and text of each setup fact the exercise gives."""
    setup = []
    if exercise.starting_position:
        setup.append(("Starting position", exercise.starting_position))
    if exercise.equipment:
        setup.append(("Equipment", ", ".join(exercise.equipment)))
    sides = _sides(exercise.laterality, side)
    if sides:
        setup.append(("Sides", sides))
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


#: The heading of a routine's warning signs.
_WARNINGS = "When to stop and seek help"
#: How the log sheet says what to write.
_LOG_KEY = (
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
            subject, reader_timezone=reader_timezone, log_sheet=log_sheet
        ),
    )


def _html_list(items: Iterable[str]) -> list[str]:
    return [
        "<ul>",
        *(f"<li>{_html_text(item)}</li>" for item in items),
        "</ul>",
    ]


def _html_schedule(routine: Routine, plan: Schedule) -> list[str]:
    out = ['<section class="schedule">', "<h2>Your schedule</h2>"]
    out += [f"<p>{_html_text(line)}</p>" for line in plan.lines]
    if plan.changes:
        out.append("<h3>Dosage changes</h3>")
        out.append('<table class="changes">')
        heads = "".join(
            f"<th>{number}. {_html_text(item.exercise.name)}</th>"
            for number, item in enumerate(routine.items, start=1)
        )
        out.append(f"<thead><tr><th>From</th>{heads}</tr></thead>")
        out.append("<tbody>")
        for when, dosages in plan.changes:
            cells = "".join(f"<td>{_html_text(d)}</td>" for d in dosages)
            out.append(f"<tr><th>{_html_text(when)}</th>{cells}</tr>")
        out.append("</tbody>")
        out.append("</table>")
    out.append("</section>")
    return out


def _html_log(routine: Routine, plan: Schedule) -> list[str]:
    if not plan.weeks:
        return []
    count = len(routine.items)
    key = "; ".join(
        f"{number} {item.exercise.name}"
        for number, item in enumerate(routine.items, start=1)
    )
    heads = "".join(f'<th class="tick">{n}</th>' for n in range(1, count + 1))
    heads += "".join(
        f'<th class="score">{html.escape(label)}</th>'
        for _, label in LOG_SCORES
    )
    tick = '<td class="tick"><span class="box"></span></td>'
    blank = '<td class="score"></td>' * len(LOG_SCORES)
    out = ['<section class="log-sheet">']
    for week in plan.weeks:
        out.append(f'<section class="log-week" id="log-week-{week.number}">')
        out.append(f"<h2>Log sheet: {_html_text(week.heading)}</h2>")
        out.append(f'<p class="log-key">{_html_text(_LOG_KEY)}</p>')
        out.append(f'<p class="log-key">Exercises: {_html_text(key)}.</p>')
        out.append('<table class="log">')
        out.append(
            f'<thead><tr><th class="number">No.</th>'
            f'<th class="when">Planned</th>{heads}'
            "<th>Comment</th></tr></thead>"
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


def _html_header(parts: _Parts, heading: str) -> list[str]:
    """The header, the schedule and the routine's warning signs."""
    routine = parts.routine
    out = ["<header>", f"<h1>{_html_text(heading)}</h1>"]
    rows = parts.details.rows()
    if rows:
        out.append('<dl class="details">')
        out.extend(
            f"<dt>{html.escape(label)}</dt><dd>{_html_text(value)}</dd>"
            for label, value in rows
        )
        out.append("</dl>")
    if routine.description:
        out.append(
            f'<p class="description">{_html_text(routine.description)}</p>'
        )
    if routine.frequency:
        out.append(
            f'<p class="frequency">Do this routine '
            f"{_html_text(str(routine.frequency))}.</p>"
        )
    if parts.side:
        out.append(f'<p class="side">Affected side: {parts.side}.</p>')
    out.append("</header>")
    if parts.schedule is not None:
        out.extend(_html_schedule(routine, parts.schedule))
    if routine.warning_signs:
        out.append('<section class="warnings">')
        out.append(f"<h2>{html.escape(_WARNINGS)}</h2>")
        out.extend(_html_list(routine.warning_signs))
        out.append("</section>")
    return out


def to_html(
    routine: Routine | Plan,
    *,
    title: str | None = None,
    media_root: str
    | os.PathLike[str]
    | typing.Callable[[Exercise], str | os.PathLike[str] | None]
    | None = None,
    lang: str = "en",
    pack_credits: Iterable[Credit] = (),
    affected_side: str | None = None,
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
            adds the schedule (and allows ``log_sheet``).
        title: The page title; the routine's name by default.
        media_root: The folder that media paths are relative to (the
            pack's root), or a function that returns it for each
            exercise, such as :meth:`Catalog.media_root`, for a routine
            that uses exercises of other packs. Pictures found there, as
            PNG, JPEG, GIF or WebP files of at most
            :data:`MAX_EMBEDDED_MEDIA_BYTES`, are embedded; any other
            media, including videos and files that are missing or lead
            out of ``media_root``, are shown by their alt text.
        lang: The language of the text, for the ``lang`` attribute.
        pack_credits: The credits of the routine's pack
            (:attr:`Pack.credits`), listed after the routine's own
            (each credit once).
        affected_side: The patient's side, ``left`` or ``right``: named
            in the header and on each exercise ("Left side only"); a
            plan's own side by default.
        patient: The patient's name, as the host gives it.
        clinician: The prescribing clinician.
        clinic: The clinic.
        contact: How to reach the clinic, such as a phone number.
        date: The date the handout is given, a :class:`datetime.date`
            (printed as ``Monday 28 September 2026``) or text.
        log_sheet: Add the paper log sheet: a page per plan week, a row
            per session (needs a plan).
        reader_timezone: The time zone the patient lives by; the
            schedule names the plan's zone unless it is this one.

    Returns:
        The HTML document, with LF line ends.

    Raises:
        ScheduleError: ``affected_side`` is not left, right or None, or
            the plan has no session.
        InvalidValueError: A detail is not text of 1 to 200 characters,
            or ``log_sheet`` without a plan or for more than
            :data:`~exerciselib._export.paperwork.MAX_LOG_SESSIONS`
            sessions (``field`` names it).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       A plan, the header's details, tips apart from warnings, the
       routine's warning signs, running headers and the log sheet.
    """
    parts = _parts(
        routine,
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
    heading = routine.name if title is None else title
    out = ["<body>", *_html_header(parts, heading)]
    out.append("<main>")
    pictures = _Pictures()
    try:
        for number, item in enumerate(routine.items, start=1):
            root = _root(media_root, item)
            line = group_line(routine, number - 1)
            if line is not None:
                out.append(f'<p class="group">{_html_text(line)}</p>')
            named = _html_text(_title(routine, number - 1))
            out.extend(
                _html_exercise(number, item, pictures, root, side)
                if routine.label(number - 1) is None
                else [
                    part.replace(
                        f"<h2>{number}. {_html_text(item.exercise.name)}</h2>",
                        f"<h2>{number}. {named}</h2>",
                        1,
                    )
                    for part in _html_exercise(
                        number, item, pictures, root, side
                    )
                ]
            )
    finally:
        pictures.close()
    out.append("</main>")
    if routine.advice:
        out.append('<section class="advice">')
        out.append("<h2>Advice and safety</h2>")
        out.extend(_html_list(routine.advice))
        out.append("</section>")
    every = _all_credits(routine, pack_credits)
    if every:
        out.append("<footer>")
        out.append("<h2>Credits</h2>")
        out.extend(_html_list(_credit_text(credit) for credit in every))
        out.append("</footer>")
    if parts.schedule is not None:
        out.extend(_html_log(routine, parts.schedule))
    out.append("</body>")
    out.append("</html>")
    style = "".join(f"{rule}\n" for rule in pictures.rules)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width">',
        f"<title>{_attr(heading)}</title>",
        f"<style>\n{_page_css(heading, parts.details)}{_CSS}{style}</style>",
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


def _md_schedule(routine: Routine, plan: Schedule) -> list[str]:
    out = ["## Your schedule", ""]
    out += [f"{_md_text(line)}  " for line in plan.lines[:-1]]
    out += [_md_text(plan.lines[-1]), ""]
    if plan.changes:
        heads = [
            f"{number}. {_md_text(item.exercise.name)}"
            for number, item in enumerate(routine.items, start=1)
        ]
        out += ["### Dosage changes", "", _md_row(["From", *heads])]
        out.append(_md_row(["---"] * (len(heads) + 1)))
        out += [
            _md_row([_md_text(when), *(_md_text(d) for d in dosages)])
            for when, dosages in plan.changes
        ]
        out.append("")
    return out


def _md_log(routine: Routine, plan: Schedule) -> list[str]:
    if not plan.weeks:
        return []
    count = len(routine.items)
    key = "; ".join(
        f"{number} {item.exercise.name}"
        for number, item in enumerate(routine.items, start=1)
    )
    heads = ["No.", "Planned", *map(str, range(1, count + 1))]
    heads += [label for _, label in LOG_SCORES] + ["Comment"]
    out = ["## Log sheet", "", _md_text(_LOG_KEY), ""]
    out += [f"Exercises: {_md_text(key)}.", ""]
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


def _md_header(parts: _Parts) -> list[str]:
    """The Markdown header, schedule and warning signs."""
    routine = parts.routine
    out = [f"# {_md_text(routine.name)}", ""]
    rows = parts.details.rows()
    if rows:
        out += [f"- **{label}:** {_md_text(value)}" for label, value in rows]
        out.append("")
    if routine.description:
        out += [_md_text(routine.description), ""]
    if routine.frequency:
        out += [f"Do this routine {_md_text(str(routine.frequency))}.", ""]
    if parts.side:
        out += [f"Affected side: {parts.side}.", ""]
    if parts.schedule is not None:
        out += _md_schedule(routine, parts.schedule)
    if routine.warning_signs:
        out += [f"## {_WARNINGS}", ""]
        out += [f"> - {_md_text(sign)}" for sign in routine.warning_signs]
        out.append("")
    return out


def to_markdown(
    routine: Routine | Plan,
    *,
    pack_credits: Iterable[Credit] = (),
    affected_side: str | None = None,
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
        routine: The routine to write, or a :class:`Plan` of it.
        pack_credits: The credits of the routine's pack
            (:attr:`Pack.credits`), listed after the routine's own
            (each credit once).
        affected_side: The patient's side, ``left`` or ``right``, as for
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
       The same new parts as :func:`to_html`.
    """
    parts = _parts(
        routine,
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
    out = _md_header(parts)
    for number, item in enumerate(routine.items, start=1):
        line = group_line(routine, number - 1)
        if line is not None:
            out += [f"**{_md_text(line)}**", ""]
        lines = _md_exercise(number, item, side)
        if routine.label(number - 1) is not None:
            lines[0] = f"## {number}. {_md_text(_title(routine, number - 1))}"
        out += lines
    if routine.advice:
        out += ["## Advice and safety", ""]
        out += [f"- {_md_text(note)}" for note in routine.advice]
        out.append("")
    every = _all_credits(routine, pack_credits)
    if every:
        out += ["## Credits", ""]
        out += [f"- {_md_text(_credit_text(credit))}" for credit in every]
        out.append("")
    if parts.schedule is not None:
        out += _md_log(routine, parts.schedule)
    return "\n".join(out)


def _md_exercise(number: int, item: RoutineItem, side: str) -> list[str]:
    exercise = item.exercise
    out = [
        f"## {number}. {_md_text(exercise.name)}",
        "",
        f"**{_md_text(str(item.dosage))}**",
        "",
        _md_text(exercise.summary),
        "",
    ]
    setup = _setup(exercise, side)
    if setup:
        out += [f"- **{label}:** {_md_text(value)}" for label, value in setup]
        out.append("")
    for media in exercise.media:
        kind = "Video" if media.kind == "video" else "Picture"
        out += [f"*{kind}: {_md_text(media.alt)}*", ""]
    out += ["### Steps", ""]
    out += [
        f"{step_number}. {_md_text(step)}"
        for step_number, step in enumerate(exercise.steps, start=1)
    ]
    out.append("")
    if exercise.form_cues:
        out += ["**Tips**", ""]
        out += [f"- {_md_text(cue)}" for cue in exercise.form_cues]
        out.append("")
    if exercise.safety_cues:
        out += ["> **Safety**", ">"]
        out += [f"> - {_md_text(cue)}" for cue in exercise.safety_cues]
        out.append("")
    if item.notes:
        out += [f"*Note:* {_md_text(item.notes)}", ""]
    if exercise.credits:
        names = "; ".join(
            _md_text(_credit_text(credit)) for credit in exercise.credits
        )
        out += [f"Credits: {names}", ""]
    return out
