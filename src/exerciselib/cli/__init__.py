"""
The ``exerciselib`` command line.

``main`` is the console script; :func:`run` does the work with the
streams it is given and returns the exit code, which is part of the API:

* 0: success;
* 1: problems found (a pack that does not validate or failed to load, a
  file that could not be written, a missing optional extra);
* 2: bad usage (an unknown option, a bad date, a plan that cannot work)
  or an unknown id (with close matches);
* 130: interrupted (Ctrl+C); 129 and 143: ended by SIGHUP or SIGTERM
  (temporary files are removed as for Ctrl+C); 141: the reader of the
  output went away (``| head``), which ends the command quietly.

Errors are one line on stderr, never a traceback unless ``--debug`` is
given. Progress goes to stderr only when it is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
import threading
import typing

from exerciselib import _i18n
from exerciselib._schema import SCHEMA_NAMES
from exerciselib.cli import _commands as commands
from exerciselib.cli import _feedback as feedback
from exerciselib.cli import _text as text
from exerciselib.exceptions import (
    DosageError,
    ExerciseLibError,
    ScheduleError,
    UnknownIdError,
)

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "main",
    "parser",
    "run",
]

#: Success.
EXIT_OK = commands.EXIT_OK
#: Problems found: invalid packs, failed loads, files not written.
EXIT_PROBLEMS = commands.EXIT_PROBLEMS
#: Bad usage or an unknown id.
EXIT_USAGE = 2
#: Interrupted with Ctrl+C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: The reader of the output went away (``exerciselib plan ... | head``);
#: 128 + SIGPIPE, as shells report it.
EXIT_BROKEN_PIPE = 141


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _raise_signalled(number: int, _frame: object) -> None:
    raise _Signalled(number)


@contextlib.contextmanager
def _signals_unwind() -> typing.Iterator[None]:
    """
    Turn SIGTERM and SIGHUP into an exception while the command runs.

    The exception unwinds like Ctrl+C, so an export in progress removes
    its temporary file. A signal the caller ignores (``nohup`` ignores
    SIGHUP) stays ignored; outside the main thread nothing changes.
    """
    previous: dict[int, typing.Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) not in {
                signal.SIG_IGN,
                None,
            }:
                previous[number] = signal.signal(number, _raise_signalled)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors instead of exiting."""

    def error(self, message: str) -> typing.NoReturn:
        msg = f"{self.prog}: error: {message} (see '{self.prog} --help')"
        raise commands.UsageError(msg)


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
    try:
        stamp.astimezone(dt.UTC)
    except OverflowError:
        msg = f"{value!r} is outside the years 1 to 9999 in UTC"
        raise argparse.ArgumentTypeError(msg) from None
    return stamp


def _file(value: str) -> str:
    if not value.strip():
        msg = "an empty file name; give one, such as handout.html"
        raise argparse.ArgumentTypeError(msg)
    return value


def _plan_options(command: argparse.ArgumentParser, *, required: bool) -> None:
    group = command.add_argument_group("plan")
    group.add_argument(
        "--start",
        type=_date,
        required=required,
        metavar="DATE",
        help="first date, YYYY-MM-DD",
    )
    bound = group.add_mutually_exclusive_group(required=required)
    bound.add_argument(
        "--weeks", type=_whole, metavar="N", help="length in weeks"
    )
    bound.add_argument(
        "--until", type=_date, metavar="DATE", help="last date (inclusive)"
    )
    bound.add_argument(
        "--count", type=_whole, metavar="N", help="number of sessions"
    )
    group.add_argument(
        "--days",
        type=_days,
        help="weekdays, such as mon,wed,fri (default: the routine's, or "
        "every day)",
    )
    group.add_argument(
        "--at",
        type=_times,
        metavar="TIMES",
        help="local times of day, such as 08:00,18:00 (default: from the "
        "routine's sessions per day)",
    )
    group.add_argument(
        "--tz",
        required=required,
        metavar="ZONE",
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


def _handout_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group(
        "handout (--html, --md, --pdf)",
        "Details printed in the header and footer, as given (never "
        "guessed). With --start and one of --weeks, --until or --count, "
        "the handout shows the schedule; --tz is then optional (without "
        "it, times are the patient's local times and no zone is named).",
    )
    for name, what in (
        ("patient", "the patient's name"),
        ("clinician", "the prescribing clinician"),
        ("clinic", "the clinic"),
        ("contact", "how to reach the clinic, such as a phone number"),
    ):
        group.add_argument(f"--{name}", metavar="TEXT", help=what)
    group.add_argument(
        "--date",
        type=_date,
        metavar="DATE",
        help="the date the handout is given, YYYY-MM-DD",
    )
    group.add_argument(
        "--log-sheet",
        action="store_true",
        help="add a paper log sheet: a page per week, a row per session "
        "(needs a plan)",
    )


def _format(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="plain text (default) or JSON for tools",
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 -- lazy: start-up time

    try:
        return version("exerciselib")
    except PackageNotFoundError:  # running from a source tree
        return "(not installed)"


class _VersionAction(argparse.Action):
    """
    ``--version``: looked up only when asked for.

    Reading the installed version imports :mod:`importlib.metadata`;
    doing that at start-up, for every command, made start-up slower.
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,  # noqa: ARG002 -- argparse's API
        values: object,  # noqa: ARG002 -- argparse's API
        option_string: str | None = None,  # noqa: ARG002 -- argparse's API
    ) -> None:
        sys.stdout.write(f"{parser.prog} {_version()}\n")
        parser.exit()


def _common(*, top: bool) -> _Parser:
    """
    Return the options every command takes, before or after its name.

    The top level holds the defaults; a command's copy leaves them unset
    (SUPPRESS) so that it does not undo ``exerciselib --debug COMMAND``.
    Each level needs its own parser: argparse shares the action objects
    of a parent parser with its children. The commands can share one:
    a run parses with one command only.
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
        help="also load the pack in this folder, or in this pack project "
        "(repeatable)",
    )
    common.add_argument(
        "--lang",
        metavar="TAG",
        default=None if top else argparse.SUPPRESS,
        help="the language of the output, such as de, de-AT or es "
        "(default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG; English "
        "if not available)",
    )
    return common


def _author_commands(
    command: typing.Callable[[str, str], argparse.ArgumentParser],
) -> None:
    """Add the commands for finding routines and writing packs."""
    routines = command("routines", "Find routines across installed packs.")
    routines.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        default=None,
        help="words in the id, name, description or exercise names",
    )
    _format(routines)
    routines.set_defaults(handler=commands.routines)

    new = command("new", "Write the project of a new content pack.")
    new.add_argument("kind", choices=["pack"], help="what to create")
    new.add_argument(
        "name", metavar="NAME", help="the pack id, such as knee-basics"
    )
    new.add_argument(
        "--dir",
        metavar="DIR",
        help="the project folder to create (default: exerciselib-NAME)",
    )
    # The version is read when the command runs: not at start-up.
    new.set_defaults(handler=commands.new, exerciselib_version=_version)

    schema = command("schema", "Print a JSON Schema as one file, for editors.")
    schema.add_argument(
        "name",
        metavar="NAME",
        choices=[name for name in SCHEMA_NAMES if name != "common"],
        help="the schema's name, such as pack, exercise or routine",
    )
    schema.set_defaults(handler=commands.schema)


def _build_parser() -> _Parser:  # noqa: PLR0915 -- one line per option, read top to bottom
    top = _Parser(
        prog="exerciselib",
        description="Home-exercise routines from installed content packs: "
        "show them, time them, plan them and export them.",
        parents=[_common(top=True)],
    )
    top.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        default=argparse.SUPPRESS,
        help="show the version and exit",
    )
    subcommands = top.add_subparsers(
        dest="command", required=True, metavar="COMMAND"
    )
    # One copy for all the commands: only one of them parses in a run,
    # and building it per command cost start-up time.
    common = _common(top=False)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return subcommands.add_parser(
            name, help=summary, description=summary, parents=[common]
        )

    packs = command("packs", "List installed packs and any that failed.")
    _format(packs)
    packs.set_defaults(handler=commands.packs)

    show = command("show", "Show an exercise or a routine as a handout.")
    show.add_argument(
        "id", metavar="ID", help="such as sciatica:sciatica-relief"
    )
    _format(show)
    show.set_defaults(handler=commands.show)

    search = command("search", "Find exercises across installed packs.")
    search.add_argument("text", metavar="TEXT", nargs="?", default=None)
    search.add_argument("--tag", help="only exercises with this tag")
    search.add_argument("--region", help="only exercises for this region")
    _format(search)
    search.set_defaults(handler=commands.search)

    _author_commands(command)

    validate = command(
        "validate", "Check pack folders without installing them."
    )
    validate.add_argument("paths", metavar="PATH", nargs="+")
    validate.add_argument(
        "--with",
        dest="with_paths",
        action="append",
        default=[],
        metavar="DIR",
        help="a pack (or project) folder the validated packs depend on, "
        "used instead of an installed one (repeatable)",
    )
    _format(validate)
    validate.set_defaults(handler=commands.validate)

    timeline = command("timeline", "The timed steps of one session.")
    timeline.add_argument("id", metavar="ROUTINE")
    timeline.add_argument(
        "--side",
        choices=["left", "right"],
        help="the affected side, for one-sided exercises",
    )
    _format(timeline)
    timeline.set_defaults(handler=commands.timeline)

    plan = command("plan", "The dated sessions of a plan, with dosages.")
    plan.add_argument("id", metavar="ROUTINE")
    plan.add_argument(
        "--side",
        choices=["left", "right"],
        help="the patient's affected side, stored in the plan",
    )
    _plan_options(plan, required=True)
    _format(plan)
    plan.set_defaults(handler=commands.plan)

    export = command("export", "Write a routine or plan to a file.")
    export.add_argument("id", metavar="ROUTINE")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--ics", type=_file, metavar="FILE", help="iCalendar of a plan"
    )
    target.add_argument(
        "--html", type=_file, metavar="FILE", help="printable handout"
    )
    target.add_argument(
        "--md", type=_file, metavar="FILE", help="Markdown handout"
    )
    target.add_argument(
        "--json",
        type=_file,
        metavar="FILE",
        help="the routine, or the plan if given",
    )
    target.add_argument(
        "--pdf", metavar="FILE", help="printable handout as a PDF"
    )
    target.add_argument(
        "--fhir", metavar="FILE", help="FHIR R4 Bundle (JSON) of a plan"
    )
    export.add_argument(
        "--force", action="store_true", help="replace an existing file"
    )
    export.add_argument(
        "--side",
        choices=["left", "right"],
        help="the affected side, for one-sided exercises",
    )
    export.add_argument(
        "--alarm",
        type=_minutes,
        metavar="MINUTES",
        help="iCalendar: a reminder this many minutes before each session",
    )
    export.add_argument(
        "--dtstamp",
        type=_stamp,
        metavar="DATETIME",
        help="iCalendar: a fixed DTSTAMP, for identical files from one plan",
    )
    export.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="PDF: the paper size (default: a4)",
    )
    export.add_argument(
        "--subject",
        metavar="REF",
        help="FHIR: the patient, such as Patient/123 (default: a bare "
        "Patient in the Bundle)",
    )
    export.add_argument(
        "--requester",
        metavar="REF",
        help="FHIR: who prescribed it, such as Practitioner/7",
    )
    _handout_options(export)
    _plan_options(export, required=False)
    export.set_defaults(handler=commands.export)
    _feedback_commands(command)
    return top


def _feedback_commands(
    command: typing.Callable[[str, str], argparse.ArgumentParser],
) -> None:
    review = command(
        "review", "Adherence and decisions from a patient's session logs."
    )
    _feedback_options(review)
    _format(review)
    review.set_defaults(handler=feedback.review)

    adapt = command(
        "adapt", "Write the plan revised from a patient's session logs."
    )
    _feedback_options(adapt)
    adapt.add_argument(
        "--out", required=True, metavar="FILE", help="the revised plan"
    )
    adapt.add_argument(
        "--force", action="store_true", help="replace an existing file"
    )
    adapt.set_defaults(handler=feedback.adapt)


def _feedback_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "plan",
        metavar="PLAN",
        help="a plan or revised plan (JSON), or an export --json of a plan",
    )
    command.add_argument(
        "logs", metavar="LOGS", help="session logs, JSON Lines"
    )
    command.add_argument(
        "--as-of",
        required=True,
        metavar="WHEN",
        help="judge the logs as of this date (its end, plan time) or "
        "date and time with a zone",
    )
    command.add_argument(
        "--rules", metavar="FILE", help="FeedbackRules as JSON"
    )


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
    # Nothing reaches the streams with a control character in it.
    out = typing.cast(
        "typing.TextIO",
        commands.CleanStream(sys.stdout if stdout is None else stdout),
    )
    err = typing.cast(
        "typing.TextIO",
        commands.CleanStream(sys.stderr if stderr is None else stderr),
    )
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            arguments = parser.parse_args(list(args))
    except SystemExit as exit_:  # --help and --version
        return EXIT_OK if exit_.code in {None, 0} else EXIT_USAGE
    except commands.UsageError as error:
        err.write(f"{error}\n")
        return EXIT_USAGE
    texts, notice = _i18n.choose(arguments.lang, os.environ)
    if notice is not None:
        err.write(f"exerciselib: {notice}\n")
    arguments.texts = texts
    streams = commands.Streams(out, err)
    try:
        code: int = arguments.handler(arguments, streams)
    except BrokenPipeError:
        # The reader stopped reading: nothing more to say, to anyone.
        return EXIT_BROKEN_PIPE
    except Exception as error:  # no traceback unless --debug
        streams.done()
        if arguments.debug and not isinstance(error, commands.UsageError):
            raise
        return _failure(error, err)
    except (KeyboardInterrupt, _Signalled) as stop:
        if arguments.debug and isinstance(stop, KeyboardInterrupt):
            streams.done()
            raise
        return _stopped(stop, streams)
    return code


def _stopped(
    stop: KeyboardInterrupt | _Signalled, streams: commands.Streams
) -> int:
    """Say that the command was stopped; return 128 + the signal."""
    if isinstance(stop, _Signalled):
        message, code = f"ended by signal {stop.number}", 128 + stop.number
    else:
        message, code = "interrupted", EXIT_INTERRUPTED
    with contextlib.suppress(OSError):  # SIGHUP: the terminal may be gone
        streams.done()
        streams.err.write(f"exerciselib: {message}\n")
    return code


def _failure(error: Exception, stderr: typing.TextIO) -> int:
    """Report ``error`` in one line and return its exit code."""
    if isinstance(error, commands.UsageError):
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
    try:
        with _signals_unwind():
            code = run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # before or after the command itself
        code = EXIT_INTERRUPTED
    except _Signalled as signalled:
        code = 128 + signalled.number
    if code == EXIT_BROKEN_PIPE:
        # Python flushes stdout on exit, which would fail again and print
        # a warning; send what is left to the null device instead.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    sys.exit(code)
