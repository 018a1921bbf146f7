"""
The commands of the ``exerciselib`` command line.

Each command takes the parsed arguments and the output streams and
returns an exit code; :mod:`exerciselib.cli` parses, dispatches and
turns errors into one-line messages.
"""

from __future__ import annotations

import io
import json
import re
import typing

from exerciselib._text import did_you_mean
from exerciselib.cli import _text as text
from exerciselib.exceptions import PackError, UnknownIdError

if typing.TYPE_CHECKING:
    import argparse

    from exerciselib._i18n import Texts
    from exerciselib._model.types import Exercise, Routine
    from exerciselib._packs.catalog import Catalog
    from exerciselib._packs.pack import Pack
    from exerciselib._schedule.plan import Plan

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "CleanStream",
    "Streams",
    "UsageError",
    "export",
    "json_text",
    "new",
    "packs",
    "plan",
    "routines",
    "schema",
    "search",
    "show",
    "timeline",
    "validate",
]

#: Success.
EXIT_OK = 0
#: Problems found: invalid packs, failed loads, files not written.
EXIT_PROBLEMS = 1


#: Session times used when --at is not given, by sessions per day.
class UsageError(Exception):
    """Bad command-line usage, reported with exit code 2."""


#: What a terminal acts on: C0 controls but the line feed, DEL, C1.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
#: The controls ``json.dumps`` leaves raw (it escapes C0 itself).
_JSON_RAW = re.compile("[\x7f-\x9f]")


def _control(match: re.Match[str]) -> str:
    return " " if match.group() == "\t" else "\ufffd"


class CleanStream(io.TextIOBase):
    """
    An output stream that never passes on a control character.

    Everything the command line prints goes through one: control
    characters (ESC, BEL, CSI, DEL...) become U+FFFD and tabs spaces,
    whatever text produced them, so pack data can never drive the
    terminal. A character the stream cannot encode (``PYTHONIOENCODING=
    ascii``) is written as a backslash escape instead of failing.
    """

    def __init__(self, stream: typing.TextIO) -> None:
        super().__init__()
        #: The stream written to.
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` without its control characters."""
        self.raw(_CONTROL.sub(_control, text))
        return len(text)

    def raw(self, text: str) -> None:
        """Write ``text`` as it is (our own terminal sequences only)."""
        try:
            self.stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self.stream, "encoding", None) or "ascii"
            self.stream.write(
                text.encode(encoding, "backslashreplace").decode(encoding)
            )

    def flush(self) -> None:
        """Flush the stream written to."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Whether the stream written to is a terminal."""
        return _isatty(self.stream)

    def writable(self) -> bool:
        """Always: this is an output stream."""
        return True


def json_text(data: object) -> str:
    """
    ``data`` as indented JSON text, with every control character escaped.

    ``json.dumps`` escapes C0 controls but writes DEL and the C1 controls
    (U+007F to U+009F) as they are; those appear only inside strings, so
    escaping them keeps the JSON valid and its values unchanged.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


class Streams(typing.NamedTuple):
    """Where a command writes: output, and errors and progress."""

    #: Output: what the command was asked for.
    out: typing.TextIO
    #: Errors and progress.
    err: typing.TextIO

    def lines(self, lines: typing.Iterable[str]) -> None:
        for line in lines:
            self.out.write(line + "\n")

    def json(self, data: object) -> None:
        self.out.write(json_text(data))

    def progress(self, message: str) -> None:
        """Show progress on a terminal; stay quiet in a pipe or a file."""
        if _isatty(self.err):
            self._clear_line()
            self.err.write(message)
            self.err.flush()

    def done(self) -> None:
        if _isatty(self.err):
            self._clear_line()
            self.err.flush()

    def _clear_line(self) -> None:
        """Return to the line's start and clear it: our only escape."""
        if isinstance(self.err, CleanStream):
            self.err.raw("\r\x1b[K")
        else:
            self.err.write("\r\x1b[K")


def _isatty(stream: typing.TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _lang_of(arguments: argparse.Namespace) -> str | None:
    """The tag of the interface language chosen, None for plain English."""
    texts = arguments.texts
    return None if texts.tag == "en" else texts.tag


def _catalog(arguments: argparse.Namespace) -> Catalog:
    from exerciselib._packs.loading import load_catalog  # noqa: PLC0415 -- lazy: start-up time

    return load_catalog(paths=arguments.pack)


def packs(arguments: argparse.Namespace, streams: Streams) -> int:
    catalog = _catalog(arguments)
    if arguments.format == "json":
        failures = [
            {
                "pack": failure.pack,
                "distribution": failure.distribution,
                "file": failure.file,
                "json_path": failure.json_path,
                "reason": failure.reason,
            }
            for failure in catalog.failures
        ]
        streams.json(
            {
                "packs": [_pack_data(pack) for pack in catalog.packs.values()],
                "failures": failures,
                # Deprecated alias of "failures", kept for one release.
                "errors": failures,
            }
        )
    else:
        streams.lines(text.packs_lines(catalog, texts=arguments.texts))
    return EXIT_PROBLEMS if catalog.failures else EXIT_OK


def _pack_data(pack: Pack) -> dict[str, typing.Any]:
    return {
        "id": pack.id,
        "name": pack.name,
        "version": pack.version,
        "exercises": len(pack.exercises),
        "routines": len(pack.routines),
        "distribution": pack.distribution,
        "root": str(pack.root),
    }


def _failed_pack(catalog: Catalog, wanted: str) -> None:
    """
    Raise the load failure of the pack ``wanted`` belongs to, if it failed.

    The pack is installed but did not load: saying "not installed" or
    suggesting a search would send the user the wrong way.
    """
    pack_id = wanted.partition(":")[0]
    for failure in catalog.failures:
        if failure.pack == pack_id and pack_id not in catalog.packs:
            error = failure.error
            count = text.counted(len(error.problems), "problem")
            listed = (
                f" ({count}; fix each place listed)" if error.problems else ""
            )
            first = failure.reason.splitlines()[0] if failure.reason else ""
            reason = "" if error.problems else f": {first}"
            where = "is installed but " if failure.distribution else ""
            msg = (
                f"{wanted!r} cannot be shown: pack {pack_id!r} {where}"
                f"failed to load{listed}{reason}"
            )
            raise PackError(
                msg,
                pack=pack_id,
                distribution=failure.distribution,
                file=failure.file,
                json_path=failure.json_path,
                problems=error.problems,
            )


def _routine(catalog: Catalog, wanted: str) -> Routine:
    """Return the routine ``wanted``, or say why its pack did not load."""
    _failed_pack(catalog, wanted)
    return catalog.routine(wanted)


def _shown_routine(
    catalog: Catalog, arguments: argparse.Namespace, wanted: str
) -> tuple[Routine, dict[str, str]]:
    """
    The routine ``wanted`` in the language chosen, and each text's tag.

    The tags are keyed by JSON Pointer, ``""`` for the whole routine, as
    ``to_html(..., text_languages=...)`` takes them. Without a language
    (English) the pack's own text is shown.
    """
    routine = _routine(catalog, wanted)
    lang = _lang_of(arguments)
    if lang is None:
        pack = catalog.packs.get(wanted.partition(":")[0])
        return routine, {} if pack is None else {"": pack.language}
    shown = catalog.localized_routine(wanted, lang=lang)
    return shown.value, {"": shown.language, **shown.sources}


def _find(catalog: Catalog, wanted: str) -> Routine | Exercise:
    """Return the routine or else the exercise with the id ``wanted``."""
    _failed_pack(catalog, wanted)
    try:
        return catalog.routine(wanted)
    except UnknownIdError as not_routine:
        try:
            return catalog.exercise(wanted)
        except UnknownIdError as not_exercise:
            suggestions = list(
                dict.fromkeys(
                    [*not_routine.suggestions, *not_exercise.suggestions]
                )
            )[:5]
            hint = did_you_mean(suggestions) or (
                " List routines with 'exerciselib routines' and exercises "
                "with 'exerciselib search'."
            )
            pack_id = wanted.partition(":")[0]
            if any(failure.pack == pack_id for failure in catalog.failures):
                hint += (
                    f" Pack {pack_id!r} failed to load; see why with "
                    "'exerciselib packs'."
                )
            msg = f"No routine or exercise {wanted!r} is installed.{hint}"
            raise UnknownIdError(
                msg, id=wanted, suggestions=suggestions
            ) from None


def show(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib._model.types import Routine  # noqa: PLC0415 -- lazy: start-up time
    from exerciselib._schedule.build import session_timeline  # noqa: PLC0415 -- lazy: start-up time

    catalog = _catalog(arguments)
    found = _find(catalog, arguments.id)
    lang = _lang_of(arguments)
    if lang is not None:
        found = (
            catalog.localized_routine(arguments.id, lang=lang).value
            if isinstance(found, Routine)
            else catalog.localized_exercise(arguments.id, lang=lang).value
        )
    kind = "routine" if isinstance(found, Routine) else "exercise"
    if arguments.format == "json":
        streams.json({"kind": kind, "id": arguments.id, kind: found.to_dict()})
        return EXIT_OK
    if isinstance(found, Routine):
        total = session_timeline(found).total
        streams.lines(text.routine_lines(found, total, texts=arguments.texts))
    else:
        streams.lines(text.exercise_lines(found, texts=arguments.texts))
    pack = catalog.packs.get(arguments.id.partition(":")[0])
    if pack is not None and lang is not None:
        pack = catalog.localized_pack(pack.id, lang=lang).value
    if pack is not None:
        shown = found.credits if isinstance(found, Routine) else ()
        streams.lines(
            text.pack_lines(pack, shown=shown, texts=arguments.texts)
        )
    return EXIT_OK


def search(arguments: argparse.Namespace, streams: Streams) -> int:
    catalog = _catalog(arguments)
    found = catalog.search(
        arguments.text, tag=arguments.tag, region=arguments.region
    )
    if arguments.format == "json":
        streams.json(
            [
                {
                    "id": qualified,
                    "name": exercise.name,
                    "summary": exercise.summary,
                    "tags": list(exercise.tags),
                    "body_regions": list(exercise.body_regions),
                }
                for qualified, exercise in found
            ]
        )
        return EXIT_OK
    lang = _lang_of(arguments)
    for qualified, exercise in found:
        if lang is not None:
            exercise = catalog.localized_exercise(qualified, lang=lang).value  # noqa: PLW2901 -- shown in the language
        tags = ", ".join(text.safe(tag) for tag in exercise.tags)
        streams.out.write(
            f"{qualified}  {text.safe(exercise.name)}"
            + (f"  [{tags}]" if tags else "")
            + "\n"
        )
    if not found:
        streams.err.write(
            arguments.texts.gettext("No exercise matches.") + "\n"
        )
    return EXIT_OK


def routines(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib._schedule.build import session_timeline  # noqa: PLC0415 -- lazy: start-up time

    words = arguments.text.casefold().split() if arguments.text else []
    found = []
    catalog = _catalog(arguments)
    for qualified, routine in catalog.routines.items():
        haystack = " ".join(
            [
                qualified,
                routine.name,
                routine.description or "",
                *(item.exercise.name for item in routine.items),
            ]
        ).casefold()
        if all(word in haystack for word in words):
            found.append((qualified, routine))
    if arguments.format == "json":
        streams.json(
            [
                {
                    "id": qualified,
                    "name": routine.name,
                    "description": routine.description,
                    "exercises": [item.exercise.id for item in routine.items],
                    "seconds": session_timeline(routine).total,
                }
                for qualified, routine in found
            ]
        )
        return EXIT_OK
    texts = arguments.texts
    lang = _lang_of(arguments)
    for qualified, routine in found:
        total = session_timeline(routine).total
        if lang is not None:
            routine = catalog.localized_routine(qualified, lang=lang).value  # noqa: PLW2901 -- shown in the language
        count = len(routine.items)
        exercises = texts.ngettext(
            "{n} exercise", "{n} exercises", count
        ).format(n=count)
        about = texts.gettext("({exercises}, about {length})").format(
            exercises=exercises, length=text.length(texts, total)
        )
        streams.out.write(f"{qualified}  {text.safe(routine.name)}  {about}\n")
    if not found:
        streams.err.write(
            arguments.texts.gettext("No routine matches.") + "\n"
        )
    return EXIT_OK


def schema(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib._schema import bundle  # noqa: PLC0415 -- lazy: start-up time

    streams.json(bundle(arguments.name))
    return EXIT_OK


def new(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib.cli._new import new_pack  # noqa: PLC0415 -- lazy: start-up time

    try:
        root = new_pack(
            arguments.name,
            arguments.dir,
            exerciselib_version=arguments.exerciselib_version(),
        )
    except ValueError as error:
        msg = f"exerciselib new: error: {error}"
        raise UsageError(msg) from None
    _ = arguments.texts.gettext
    streams.lines(
        [
            _("Wrote the project of pack {name} in {root}.").format(
                name=repr(arguments.name), root=root
            ),
            _("Next: edit its JSON files, then check them with"),
            f"  exerciselib validate {root}",
        ]
    )
    return EXIT_OK


def validate(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib.cli._validate import validate  # noqa: PLC0415 -- lazy: start-up time

    results = validate(
        arguments.paths, streams.progress, with_paths=arguments.with_paths
    )
    streams.done()
    if arguments.format == "json":
        streams.json(results)
    else:
        for result in results:
            if result["ok"]:
                streams.out.write(_valid_line(arguments.texts, result) + "\n")
            streams.out.writelines(
                f"{problem['file']}:{problem['json_path']}: "
                f"{problem['message']}\n"
                for problem in result["problems"]
            )
            streams.out.writelines(
                f"{note['file']}:{note['json_path']}: note: "
                f"{note['message']}\n"
                for note in result.get("notes", ())
            )
    failed = any(not result["ok"] for result in results)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _valid_line(texts: Texts, result: dict[str, typing.Any]) -> str:
    """The line of a pack that validates."""
    exercises = texts.ngettext(
        "{n} exercise", "{n} exercises", result["exercises"]
    ).format(n=result["exercises"])
    routines = texts.ngettext(
        "{n} routine", "{n} routines", result["routines"]
    ).format(n=result["routines"])
    return texts.gettext(
        "{path}: ok: pack {pack}, {exercises}, {routines}"
    ).format(
        path=result["path"],
        pack=repr(result["pack"]),
        exercises=exercises,
        routines=routines,
    )


def timeline(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib._schedule.build import session_timeline  # noqa: PLC0415 -- lazy: start-up time

    routine, _sources = _shown_routine(
        _catalog(arguments), arguments, arguments.id
    )
    timeline = session_timeline(
        routine, affected_side=arguments.side, lang=_lang_of(arguments)
    )
    if arguments.format == "json":
        streams.json(timeline.to_dict())
    else:
        streams.lines(
            text.timeline_lines(routine, timeline, texts=arguments.texts)
        )
    return EXIT_OK


def _make_plan(arguments: argparse.Namespace, routine: Routine) -> Plan:
    from exerciselib._schedule.plan import Plan  # noqa: PLC0415 -- lazy: start-up time

    # Days and times left out come from the routine's frequency, by the
    # rule Plan itself applies (slots_from_frequency).
    slots: dict[str, typing.Any] = {}
    if arguments.days:
        slots["days"] = arguments.days
    if arguments.at is not None:
        slots["times"] = arguments.at
    progression = None
    if arguments.progress:
        progression = text.parse_progress(arguments.progress)
    return Plan(
        routine=routine,
        start=arguments.start,
        end=arguments.until,
        weeks=arguments.weeks,
        count=arguments.count,
        timezone=arguments.tz,
        progression=progression,
        gap_policy=arguments.gap,
        affected_side=getattr(arguments, "side", None),
        **slots,
    )


def plan(arguments: argparse.Namespace, streams: Streams) -> int:
    routine, _sources = _shown_routine(
        _catalog(arguments), arguments, arguments.id
    )
    plan = _make_plan(arguments, routine)
    if arguments.format == "json":
        sessions = [session.to_dict() for session in plan.sessions()]
        streams.json({"plan": plan.to_dict(), "sessions": sessions})
    else:
        streams.lines(
            text.plan_lines(plan, plan.sessions(), texts=arguments.texts)
        )
    return EXIT_OK


#: The plan options, by their attribute names.
_PLAN_OPTIONS = ("start", "weeks", "until", "count", "days", "at", "tz")


#: The handout options, by their attribute names.
_HANDOUT_OPTIONS = ("patient", "clinician", "clinic", "contact", "date")


def _handout_problem(
    arguments: argparse.Namespace, given: list[str]
) -> str | None:
    """What is wrong with the handout options, or None."""
    handout = arguments.html or arguments.md or arguments.pdf
    details = [
        name
        for name in (*_HANDOUT_OPTIONS, "log_sheet")
        if getattr(arguments, name) not in {None, False}
    ]
    if details and not handout:
        option = details[0].replace("_", "-")
        return f"--{option} applies to --html, --md and --pdf exports only"
    if not handout:
        return None
    if {"alarm", "dtstamp"} & set(given):
        return "--alarm and --dtstamp apply to --ics exports only"
    bound = arguments.weeks or arguments.until or arguments.count
    if (given or arguments.log_sheet) and not (arguments.start and bound):
        return (
            "a handout's schedule needs --start DATE and one of "
            "--weeks N, --until DATE or --count N (--tz is optional)"
        )
    return ""


def _check_export_options(arguments: argparse.Namespace) -> None:
    """Refuse options that would be ignored, or an incomplete plan."""
    given = [
        name
        for name in (*_PLAN_OPTIONS, "progress", "alarm", "dtstamp")
        if getattr(arguments, name) is not None
    ]
    # "" when the options of a handout are right: no plan check applies.
    msg = _handout_problem(arguments, given)
    if msg is not None:
        pass
    elif not arguments.ics and {"alarm", "dtstamp"} & set(given):
        msg = "--alarm and --dtstamp apply to --ics exports only"
    elif arguments.json and arguments.side and not given:
        msg = (
            "--side applies to handouts, calendars and plans; a routine "
            "exported as JSON has no side (give a plan with --start)"
        )
    elif (arguments.ics or arguments.fhir or given) and not (
        arguments.start
        and arguments.tz
        and (arguments.weeks or arguments.until or arguments.count)
    ):
        msg = (
            "a plan needs --start DATE, --tz ZONE and one of --weeks N, "
            "--until DATE or --count N"
        )
    if not msg and arguments.paper and not arguments.pdf:
        msg = "--paper applies to --pdf exports only"
    elif (
        not msg
        and (arguments.subject or arguments.requester)
        and (not arguments.fhir)
    ):
        msg = "--subject and --requester apply to --fhir exports only"
    if msg:
        full = f"exerciselib export: error: {msg}"
        raise UsageError(full)


def _handout(
    arguments: argparse.Namespace, routine: Routine
) -> dict[str, typing.Any]:
    """The arguments of a handout: its subject and the host's details."""
    subject: Routine | Plan = routine
    # Without --tz, a handout's times are the patient's own local times:
    # the plan runs in UTC and the zone is not named.
    reader = None if arguments.tz else "UTC"
    if arguments.start is not None:
        if not arguments.tz:
            arguments.tz = "UTC"
        subject = _make_plan(arguments, routine)
    return {
        "routine": subject,
        "affected_side": arguments.side,
        "patient": arguments.patient,
        "clinician": arguments.clinician,
        "clinic": arguments.clinic,
        "contact": arguments.contact,
        "date": arguments.date,
        "log_sheet": arguments.log_sheet,
        "reader_timezone": reader,
        "lang": _lang_of(arguments),
    }


def export(arguments: argparse.Namespace, streams: Streams) -> int:
    from exerciselib._export.atomic import write_atomic  # noqa: PLC0415 -- lazy: start-up time

    _check_export_options(arguments)
    catalog = _catalog(arguments)
    routine = _routine(catalog, arguments.id)
    # Handouts and calendars are for the patient: in the language chosen.
    shown, sources = _shown_routine(catalog, arguments, arguments.id)
    has_plan = arguments.start is not None
    streams.progress("exporting...")
    data: str | bytes
    if arguments.ics:
        from exerciselib._export.ics import to_ics  # noqa: PLC0415 -- lazy: start-up time

        path = arguments.ics
        data = to_ics(
            _make_plan(arguments, shown),
            dtstamp=arguments.dtstamp,
            alarm_minutes=arguments.alarm,
            lang=_lang_of(arguments),
        )
    elif arguments.html:
        from exerciselib._export.handout import to_html  # noqa: PLC0415 -- lazy: start-up time

        path = arguments.html
        # Each exercise's pictures are in the pack that owns it.
        pack_id = arguments.id.partition(":")[0]
        data = to_html(
            media_root=catalog.media_root,
            pack_credits=catalog.pack(pack_id).credits,
            text_languages=sources,
            **_handout(arguments, shown),
        )
    elif arguments.md:
        from exerciselib._export.handout import to_markdown  # noqa: PLC0415 -- lazy: start-up time

        path = arguments.md
        pack_id = arguments.id.partition(":")[0]
        data = to_markdown(
            pack_credits=catalog.pack(pack_id).credits,
            **_handout(arguments, shown),
        )
    elif arguments.pdf:
        from exerciselib._export.pdf import to_pdf  # noqa: PLC0415 -- lazy: start-up time

        path = arguments.pdf
        pack_id = arguments.id.partition(":")[0]
        data = to_pdf(
            media_root=catalog.media_root,
            paper=arguments.paper or "a4",
            pack_credits=catalog.pack(pack_id).credits,
            text_languages=sources,
            **_handout(arguments, shown),
        )
    elif arguments.fhir:
        from exerciselib._export.fhir import to_fhir  # noqa: PLC0415 -- lazy: start-up time

        path = arguments.fhir
        bundle = to_fhir(
            _make_plan(arguments, routine),
            subject=arguments.subject,
            requester=arguments.requester,
        )
        data = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    else:
        path = arguments.json
        document: dict[str, typing.Any]
        if has_plan:
            plan = _make_plan(arguments, routine)
            document = {
                "plan": plan.to_dict(),
                "sessions": [s.to_dict() for s in plan.sessions()],
            }
        else:
            document = {
                "kind": "routine",
                "id": arguments.id,
                "routine": routine.to_dict(),
            }
        data = json_text(document)
    write_atomic(path, data, force=arguments.force)
    streams.done()
    wrote = arguments.texts.gettext("Wrote {path}").format(path=path)
    streams.out.write(f"{wrote}\n")
    return EXIT_OK
