"""
The ``exerciselib`` command line.

``main`` is the console script; :func:`run` does the work with the
streams it is given and returns the exit code, which is part of the API:

* 0: success;
* 1: problems found (a pack that does not validate or failed to load, a
  file that could not be written, a missing optional extra);
* 2: bad usage (an unknown option, a bad date, a plan that cannot work)
  or an unknown id (with close matches);
* 130: interrupted (Ctrl+C); 141: the reader of the output went away
  (``| head``), which ends the command quietly.

Errors are one line on stderr, never a traceback unless ``--debug`` is
given. Progress goes to stderr only when it is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import typing

from exerciselib import _cli_text as text
from exerciselib.exceptions import (
    DosageError,
    ExerciseLibError,
    ScheduleError,
    UnknownIdError,
)

if typing.TYPE_CHECKING:
    from exerciselib._catalog import Catalog
    from exerciselib._domain import Exercise, Routine
    from exerciselib._packs import Pack
    from exerciselib._plan import Plan

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "main", "parser", "run"]

#: Success.
EXIT_OK = 0
#: Problems found: invalid packs, failed loads, files not written.
EXIT_PROBLEMS = 1
#: Bad usage or an unknown id.
EXIT_USAGE = 2
#: Interrupted with Ctrl+C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: The reader of the output went away (``exerciselib plan ... | head``);
#: 128 + SIGPIPE, as shells report it.
EXIT_BROKEN_PIPE = 141

#: Session times used when --at is not given, by sessions per day.
_DEFAULT_TIMES = {
    1: ("08:00",),
    2: ("08:00", "18:00"),
    3: ("08:00", "13:00", "18:00"),
}


class _UsageError(Exception):
    """Bad command-line usage, reported with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors instead of exiting."""

    def error(self, message: str) -> typing.NoReturn:
        msg = f"{self.prog}: error: {message} (see '{self.prog} --help')"
        raise _UsageError(msg)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not a date like 2026-12-07"
        raise argparse.ArgumentTypeError(msg) from None


def _times(value: str) -> tuple[dt.time, ...]:
    try:
        times = tuple(
            dt.time.fromisoformat(part.strip()) for part in value.split(",")
        )
    except ValueError:
        msg = f"{value!r} is not a list of times like 08:00,18:00"
        raise argparse.ArgumentTypeError(msg) from None
    if any(time.tzinfo is not None for time in times):
        msg = f"{value!r}: give local times; the zone goes in --tz"
        raise argparse.ArgumentTypeError(msg)
    return times


def _days(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in value.split(","))


def _whole(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        msg = f"{value!r} is not a whole number of at least 1"
        raise argparse.ArgumentTypeError(msg)
    return number


def _minutes(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        msg = f"{value!r} is not a whole number of minutes"
        raise argparse.ArgumentTypeError(msg) from None


def _stamp(value: str) -> dt.datetime:
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        stamp = None
    if stamp is None or stamp.tzinfo is None:
        msg = (
            f"{value!r} is not a date and time with a zone, such as "
            "2026-01-01T00:00Z"
        )
        raise argparse.ArgumentTypeError(msg)
    return stamp


def _plan_options(command: argparse.ArgumentParser, *, required: bool) -> None:
    group = command.add_argument_group("plan")
    group.add_argument(
        "--start", type=_date, required=required, help="first date, YYYY-MM-DD"
    )
    bound = group.add_mutually_exclusive_group(required=required)
    bound.add_argument("--weeks", type=_whole, help="length in weeks")
    bound.add_argument("--until", type=_date, help="last date (inclusive)")
    bound.add_argument("--count", type=_whole, help="number of sessions")
    group.add_argument(
        "--days",
        type=_days,
        help="weekdays, such as mon,wed,fri (default: the routine's, or "
        "every day)",
    )
    group.add_argument(
        "--at",
        type=_times,
        help="local times of day, such as 08:00,18:00 (default: from the "
        "routine's sessions per day)",
    )
    group.add_argument(
        "--tz",
        required=required,
        help="IANA time zone of the times, such as Australia/Sydney",
    )
    group.add_argument(
        "--progress",
        metavar="SPEC",
        help="grow the dosage, such as every=1w,reps=+1,max-reps=20 "
        "(keys: every=Nw|Ns, reps=+N, sets=+N, hold=+Ns, max-reps, "
        "max-sets, max-hold, regress-from, regress-steps)",
    )
    group.add_argument(
        "--gap",
        choices=["shift", "skip", "raise"],
        default="shift",
        help="a session at a time the clocks skip: move it forward "
        "(default), leave it out, or fail",
    )


def _format(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="plain text (default) or JSON for tools",
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("exerciselib")
    except PackageNotFoundError:  # running from a source tree
        return "(not installed)"


def _common(*, top: bool) -> _Parser:
    """
    Return the options every command takes, before or after its name.

    The top level holds the defaults; a command's copy leaves them unset
    (SUPPRESS) so that it does not undo ``exerciselib --debug COMMAND``.
    Each level needs its own parser: argparse shares the action objects
    of a parent parser with its children.
    """
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="show the full traceback of an error",
    )
    common.add_argument(
        "--pack",
        action="append",
        metavar="PATH",
        default=[] if top else argparse.SUPPRESS,
        help="also load the pack in this folder (repeatable)",
    )
    return common


def _build_parser() -> _Parser:
    top = _Parser(
        prog="exerciselib",
        description="Home-exercise routines from installed content packs: "
        "show them, time them, plan them and export them.",
        parents=[_common(top=True)],
    )
    top.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}"
    )
    commands = top.add_subparsers(
        dest="command", required=True, metavar="COMMAND"
    )

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=summary,
            description=summary,
            parents=[_common(top=False)],
        )

    packs = command("packs", "List installed packs and any that failed.")
    _format(packs)
    packs.set_defaults(handler=_packs)

    show = command("show", "Show an exercise or a routine as a handout.")
    show.add_argument(
        "id", metavar="ID", help="such as sciatica:sciatica-relief"
    )
    _format(show)
    show.set_defaults(handler=_show)

    search = command("search", "Find exercises across installed packs.")
    search.add_argument("text", metavar="TEXT", nargs="?", default=None)
    search.add_argument("--tag", help="only exercises with this tag")
    search.add_argument("--region", help="only exercises for this region")
    _format(search)
    search.set_defaults(handler=_search)

    validate = command(
        "validate", "Check pack folders without installing them."
    )
    validate.add_argument("paths", metavar="PATH", nargs="+")
    _format(validate)
    validate.set_defaults(handler=_validate)

    timeline = command("timeline", "The timed steps of one session.")
    timeline.add_argument("id", metavar="ROUTINE")
    timeline.add_argument("--side", choices=["left", "right"])
    _format(timeline)
    timeline.set_defaults(handler=_timeline)

    plan = command("plan", "The dated sessions of a plan, with dosages.")
    plan.add_argument("id", metavar="ROUTINE")
    _plan_options(plan, required=True)
    _format(plan)
    plan.set_defaults(handler=_plan)

    export = command("export", "Write a routine or plan to a file.")
    export.add_argument("id", metavar="ROUTINE")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--ics", metavar="FILE", help="iCalendar of a plan")
    target.add_argument("--html", metavar="FILE", help="printable handout")
    target.add_argument("--md", metavar="FILE", help="Markdown handout")
    target.add_argument(
        "--json", metavar="FILE", help="the routine, or the plan if given"
    )
    export.add_argument(
        "--force", action="store_true", help="replace an existing file"
    )
    export.add_argument("--side", choices=["left", "right"])
    export.add_argument(
        "--alarm",
        type=_minutes,
        metavar="MINUTES",
        help="iCalendar: a reminder this many minutes before each session",
    )
    export.add_argument(
        "--dtstamp",
        type=_stamp,
        help="iCalendar: a fixed DTSTAMP, for identical files from one plan",
    )
    _plan_options(export, required=False)
    export.set_defaults(handler=_export)
    return top


# -- commands ----------------------------------------------------------------


class _Streams(typing.NamedTuple):
    out: typing.TextIO
    err: typing.TextIO

    def lines(self, lines: typing.Iterable[str]) -> None:
        for line in lines:
            self.out.write(line + "\n")

    def json(self, data: object) -> None:
        self.out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def progress(self, message: str) -> None:
        """Show progress on a terminal; stay quiet in a pipe or a file."""
        if _isatty(self.err):
            self.err.write(f"\r\x1b[K{message}")
            self.err.flush()

    def done(self) -> None:
        if _isatty(self.err):
            self.err.write("\r\x1b[K")
            self.err.flush()


def _isatty(stream: typing.TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _catalog(arguments: argparse.Namespace) -> Catalog:
    from exerciselib._loading import load_catalog  # noqa: PLC0415

    return load_catalog(paths=arguments.pack)


def _packs(arguments: argparse.Namespace, streams: _Streams) -> int:
    catalog = _catalog(arguments)
    if arguments.format == "json":
        streams.json(
            {
                "packs": [_pack_data(pack) for pack in catalog.packs.values()],
                "errors": [
                    {
                        "pack": failure.pack,
                        "distribution": failure.distribution,
                        "file": failure.file,
                        "json_path": failure.json_path,
                        "reason": failure.reason,
                    }
                    for failure in catalog.errors
                ],
            }
        )
    else:
        streams.lines(text.packs_lines(catalog))
    return EXIT_PROBLEMS if catalog.errors else EXIT_OK


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


def _find(catalog: Catalog, wanted: str) -> Routine | Exercise:
    """Return the routine or else the exercise with the id ``wanted``."""
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
            hint = (
                f" Did you mean {', '.join(map(repr, suggestions))}?"
                if suggestions
                else " List them with 'exerciselib search'."
            )
            msg = f"No routine or exercise {wanted!r} is installed.{hint}"
            raise UnknownIdError(
                msg, id=wanted, suggestions=suggestions
            ) from None


def _show(arguments: argparse.Namespace, streams: _Streams) -> int:
    from exerciselib._domain import Routine  # noqa: PLC0415
    from exerciselib._timeline import session_timeline  # noqa: PLC0415

    found = _find(_catalog(arguments), arguments.id)
    kind = "routine" if isinstance(found, Routine) else "exercise"
    if arguments.format == "json":
        streams.json({"kind": kind, "id": arguments.id, kind: found.to_dict()})
    elif isinstance(found, Routine):
        total = session_timeline(found).total
        streams.lines(text.routine_lines(found, total))
    else:
        streams.lines(text.exercise_lines(found))
    return EXIT_OK


def _search(arguments: argparse.Namespace, streams: _Streams) -> int:
    found = _catalog(arguments).search(
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
    for qualified, exercise in found:
        tags = ", ".join(text.safe(tag) for tag in exercise.tags)
        streams.out.write(
            f"{qualified}  {text.safe(exercise.name)}"
            + (f"  [{tags}]" if tags else "")
            + "\n"
        )
    if not found:
        streams.err.write("No exercise matches.\n")
    return EXIT_OK


def _validate(arguments: argparse.Namespace, streams: _Streams) -> int:
    from exerciselib._cli_validate import validate  # noqa: PLC0415

    results = validate(arguments.paths, streams.progress)
    streams.done()
    if arguments.format == "json":
        streams.json(results)
    else:
        for result in results:
            if result["ok"]:
                streams.out.write(
                    f"{result['path']}: ok: pack {result['pack']!r}, "
                    f"{text.counted(result['exercises'], 'exercise')}, "
                    f"{text.counted(result['routines'], 'routine')}\n"
                )
            streams.out.writelines(
                f"{problem['file']}:{problem['json_path']}: "
                f"{problem['message']}\n"
                for problem in result["problems"]
            )
    failed = any(not result["ok"] for result in results)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _timeline(arguments: argparse.Namespace, streams: _Streams) -> int:
    from exerciselib._timeline import session_timeline  # noqa: PLC0415

    routine = _catalog(arguments).routine(arguments.id)
    timeline = session_timeline(routine, affected_side=arguments.side)
    if arguments.format == "json":
        streams.json(timeline.to_dict())
    else:
        streams.lines(text.timeline_lines(routine, timeline))
    return EXIT_OK


def _make_plan(arguments: argparse.Namespace, routine: Routine) -> Plan:
    from exerciselib._domain import ALL_DAYS  # noqa: PLC0415
    from exerciselib._plan import Plan  # noqa: PLC0415

    frequency = routine.frequency
    days = arguments.days or (frequency.days if frequency else ALL_DAYS)
    times = arguments.at
    if times is None:
        per_day = frequency.times_per_day if frequency else 1
        if per_day not in _DEFAULT_TIMES:
            msg = (
                f"The routine is done {per_day} times a day; give the times "
                "with --at, such as --at 07:00,11:00,15:00,19:00."
            )
            raise ScheduleError(msg, field="times")
        times = tuple(
            dt.time.fromisoformat(t) for t in _DEFAULT_TIMES[per_day]
        )
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
        days=days,
        times=times,
        progression=progression,
        gap_policy=arguments.gap,
    )


def _session_data(plan: Plan) -> list[dict[str, typing.Any]]:
    return [
        {
            "number": session.number,
            "start": session.start.isoformat(),
            "end": session.end.isoformat(),
            "local_date": session.local_date.isoformat(),
            "week": session.week,
            "shifted": session.shifted,
            "dosages": [
                {"exercise": item.exercise.id, "dosage": str(item.dosage)}
                for item in session.routine.items
            ],
        }
        for session in plan.sessions()
    ]


def _plan(arguments: argparse.Namespace, streams: _Streams) -> int:
    routine = _catalog(arguments).routine(arguments.id)
    plan = _make_plan(arguments, routine)
    if arguments.format == "json":
        streams.json({"plan": plan.to_dict(), "sessions": _session_data(plan)})
    else:
        streams.lines(text.plan_lines(plan, plan.sessions()))
    return EXIT_OK


#: The plan options, by their attribute names.
_PLAN_OPTIONS = ("start", "weeks", "until", "count", "days", "at", "tz")


def _check_export_options(arguments: argparse.Namespace) -> None:
    """Refuse plan options that would be ignored, or an incomplete plan."""
    given = [
        name
        for name in (*_PLAN_OPTIONS, "progress", "alarm", "dtstamp")
        if getattr(arguments, name) is not None
    ]
    msg = None
    if (arguments.html or arguments.md) and given:
        msg = (
            f"--{given[0]} applies to --ics and --json exports only; a "
            "handout shows the routine's own dosages"
        )
    elif not arguments.ics and {"alarm", "dtstamp"} & set(given):
        msg = "--alarm and --dtstamp apply to --ics exports only"
    elif (arguments.ics or given) and not (
        arguments.start
        and arguments.tz
        and (arguments.weeks or arguments.until or arguments.count)
    ):
        msg = (
            "a plan needs --start DATE, --tz ZONE and one of --weeks N, "
            "--until DATE or --count N"
        )
    if msg is not None:
        full = f"exerciselib export: error: {msg}"
        raise _UsageError(full)


def _export(arguments: argparse.Namespace, streams: _Streams) -> int:
    from exerciselib._files import write_atomic  # noqa: PLC0415

    _check_export_options(arguments)
    catalog = _catalog(arguments)
    routine = catalog.routine(arguments.id)
    has_plan = arguments.start is not None
    streams.progress("exporting...")
    data: str | bytes
    if arguments.ics:
        from exerciselib._ics import to_ics  # noqa: PLC0415

        path = arguments.ics
        data = to_ics(
            _make_plan(arguments, routine),
            dtstamp=arguments.dtstamp,
            alarm_minutes=arguments.alarm,
            affected_side=arguments.side,
        )
    elif arguments.html:
        from exerciselib._handout import to_html  # noqa: PLC0415

        path = arguments.html
        pack_id = arguments.id.partition(":")[0]
        data = to_html(routine, media_root=catalog.pack(pack_id).root)
    elif arguments.md:
        from exerciselib._handout import to_markdown  # noqa: PLC0415

        path = arguments.md
        data = to_markdown(routine)
    else:
        path = arguments.json
        document: dict[str, typing.Any]
        if has_plan:
            plan = _make_plan(arguments, routine)
            document = {
                "plan": plan.to_dict(),
                "sessions": _session_data(plan),
            }
        else:
            document = {
                "kind": "routine",
                "id": arguments.id,
                "routine": routine.to_dict(),
            }
        data = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, data, force=arguments.force)
    streams.done()
    streams.out.write(f"Wrote {path}\n")
    return EXIT_OK


# -- entry points -------------------------------------------------------------

#: The parser for ``exerciselib``'s arguments.
parser = _build_parser()


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return lines[0]


def _report(error: ExerciseLibError, stderr: typing.TextIO) -> None:
    stderr.write(f"exerciselib: error: {_first_line(error)}\n")
    problems = getattr(error, "problems", ())
    stderr.writelines(f"  {text.safe(str(problem))}\n" for problem in problems)


def run(
    args: typing.Sequence[str],
    stdout: typing.TextIO | None = None,
    stderr: typing.TextIO | None = None,
) -> int:
    """
    Run the command line with ``args`` and return the exit code.

    Args:
        args: The arguments, without the program name.
        stdout: Where output goes; ``sys.stdout`` by default.
        stderr: Where errors and progress go; ``sys.stderr`` by default.

    Returns:
        0 on success, 1 when problems were found, 2 for bad usage or an
        unknown id.

    .. versionadded:: 0.1.0
    """
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            arguments = parser.parse_args(list(args))
    except SystemExit as exit_:  # --help and --version
        return EXIT_OK if exit_.code in {None, 0} else EXIT_USAGE
    except _UsageError as error:
        err.write(f"{error}\n")
        return EXIT_USAGE
    streams = _Streams(out, err)
    try:
        code: int = arguments.handler(arguments, streams)
    except BrokenPipeError:
        # The reader stopped reading: nothing more to say, to anyone.
        return EXIT_BROKEN_PIPE
    except Exception as error:  # no traceback unless --debug
        streams.done()
        if arguments.debug and not isinstance(error, _UsageError):
            raise
        return _failure(error, err)
    except KeyboardInterrupt:
        streams.done()
        if arguments.debug:
            raise
        err.write("exerciselib: interrupted\n")
        return EXIT_INTERRUPTED
    return code


def _failure(error: Exception, stderr: typing.TextIO) -> int:
    """Report ``error`` in one line and return its exit code."""
    if isinstance(error, _UsageError):
        stderr.write(f"{error}\n")
        return EXIT_USAGE
    if isinstance(error, UnknownIdError | ScheduleError | DosageError):
        _report(error, stderr)
        return EXIT_USAGE
    if isinstance(error, ExerciseLibError):
        _report(error, stderr)
        return EXIT_PROBLEMS
    stderr.write(
        f"exerciselib: internal error: {type(error).__name__}: "
        f"{_first_line(error)} (run again with --debug for details)\n"
    )
    return EXIT_PROBLEMS


def main(argv: typing.Sequence[str] | None = None) -> typing.NoReturn:
    """
    Run the command line and exit with its exit code.

    Args:
        argv: The arguments; ``sys.argv[1:]`` by default.

    .. versionadded:: 0.1.0
    """
    code = run(sys.argv[1:] if argv is None else argv)
    if code == EXIT_BROKEN_PIPE:
        # Python flushes stdout on exit, which would fail again and print
        # a warning; send what is left to the null device instead.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    sys.exit(code)
