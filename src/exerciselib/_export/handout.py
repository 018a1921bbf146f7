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

from exerciselib import _lang
from exerciselib._i18n import N_, translations
from exerciselib._model.types import Laterality
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
    from collections.abc import Iterable, Mapping

    from exerciselib._i18n import Texts
    from exerciselib._model.types import (
        Credit,
        Exercise,
        Media,
        Routine,
        RoutineItem,
    )

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
@page { size: auto; margin: 14mm 13mm 16mm; }
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
  aside.safety, figure, dl.setup, li, .advice {
    break-inside: avoid; page-break-inside: avoid; }
}
"""


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
        if tag is None or tag == self.page:
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


def to_html(
    routine: Routine,
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
) -> str:
    """
    Return ``routine`` as one self-contained, printable HTML page.

    The page has no scripts and loads nothing: the stylesheet is inline
    (with print rules that suit both A4 and US Letter) and pictures are
    embedded as ``data:`` URIs. It shows the title, the routine's
    description and frequency, then one section per exercise (dosage line
    in the clinical notation, summary, starting position, equipment,
    sides, pictures, numbered steps, safety cues set apart in an
    ``<aside>``, item notes, credits), then the routine's advice and
    credits. Every piece of pack text is HTML-escaped.

    Args:
        routine: The routine to print.
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
            in the header and on each exercise ("Left side only").
        text_languages: The language of the pack text, as JSON Pointers
            into ``routine.to_dict()`` mapped to tags (``""`` for the
            whole routine, ``"/items/0/exercise/name"`` for one text;
            the nearest parent given applies). A text whose language
            is not the page's carries its own ``lang``.

    Returns:
        The HTML document, with LF line ends.

    Raises:
        ScheduleError: ``affected_side`` is not left, right or None.
        InvalidValueError: ``lang`` or a tag in ``text_languages`` is
            not a language tag, or a key is not a JSON Pointer.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``lang`` translates the page's own text; ``text_languages``.
    """
    side = _side(affected_side)
    texts = translations(lang)
    langs = _languages(texts, lang, text_languages)
    _ = texts.gettext
    heading = routine.name if title is None else title
    shown_heading = (
        langs.html(heading, "/name") if title is None else _html_text(title)
    )
    out = [
        "<body>",
        "<header>",
        f"<h1>{shown_heading}</h1>",
    ]
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
    if side:
        line = _html_text(_affected_line(texts, side))
        out.append(f'<p class="side">{line}</p>')
    out.append("</header>")
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
        out.append("<ul>")
        out.extend(
            f"<li>{langs.html(note, f'/advice/{place}')}</li>"
            for place, note in enumerate(routine.advice)
        )
        out.append("</ul>")
        out.append("</section>")
    every = _all_credits(routine, pack_credits)
    if every:
        out.append("<footer>")
        credits_heading = _("Credits")
        out.append(f"<h2>{html.escape(credits_heading)}</h2>")
        out.append("<ul>")
        out.extend(
            f"<li>{_html_text(_credit_text(credit, texts))}</li>"
            for credit in every
        )
        out.append("</ul>")
        out.append("</footer>")
    out.append("</body>")
    out.append("</html>")
    style = "".join(f"{rule}\n" for rule in pictures.rules)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{langs.page}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width">',
        f"<title>{_attr(heading)}</title>",
        f"<style>\n{_CSS}{style}</style>",
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


def to_markdown(
    routine: Routine,
    *,
    pack_credits: Iterable[Credit] = (),
    affected_side: str | None = None,
    lang: str | None = None,
) -> str:
    """
    Return ``routine`` as a Markdown handout.

    The handout has the same parts as :func:`to_html`; pictures are shown
    by their alt text. Every piece of pack text is escaped so that it
    renders as itself: it can never add Markdown structure or raw HTML.

    Args:
        routine: The routine to write.
        pack_credits: The credits of the routine's pack
            (:attr:`Pack.credits`), listed after the routine's own
            (each credit once).
        affected_side: The patient's side, ``left`` or ``right``, as for
            :func:`to_html`.
        lang: The language of the handout's own text, as for
            :func:`to_html`.

    Returns:
        CommonMark text, with LF line ends.

    Raises:
        ScheduleError: ``affected_side`` is not left, right or None.
        InvalidValueError: ``lang`` is not a language tag.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``lang``.
    """
    side = _side(affected_side)
    texts = translations(lang)
    _ = texts.gettext
    out = [f"# {_md_text(routine.name)}", ""]
    if routine.description:
        out += [_md_text(routine.description), ""]
    if routine.frequency:
        sentence = _("Do this routine {frequency}.").format(
            frequency=frequency_text(texts, routine.frequency)
        )
        out += [_md_text(sentence), ""]
    if side:
        out += [_md_text(_affected_line(texts, side)), ""]
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
