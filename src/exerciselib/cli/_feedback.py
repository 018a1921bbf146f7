"""
``exerciselib review`` and ``exerciselib adapt``: logs against a plan.

Both read a plan (``plan.json``, a revised plan, or the document
``exerciselib export --json`` writes for a plan) and a JSON Lines file
of session logs, as untrusted files.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import typing

from exerciselib._model.wording import dosage_line
from exerciselib.cli import _text as text
from exerciselib.cli._commands import EXIT_OK, UsageError

if typing.TYPE_CHECKING:
    import argparse

    from exerciselib._feedback.adherence import Adherence, AdherenceCounts
    from exerciselib._feedback.revisions import RevisedPlan, Revision
    from exerciselib._feedback.rules import FeedbackRules
    from exerciselib._i18n import Texts
    from exerciselib.cli._commands import Streams

__all__ = ["adapt", "review"]


def _read(path: str) -> object:
    from exerciselib._packs.files import read_json  # noqa: PLC0415 -- lazy: start-up time

    return read_json(pathlib.Path(path), file=path)


def _plan(path: str) -> RevisedPlan:
    from exerciselib._feedback.revisions import RevisedPlan  # noqa: PLC0415 -- lazy: start-up time
    from exerciselib._schedule.plan import Plan  # noqa: PLC0415 -- lazy: start-up time

    data = _read(path)
    if isinstance(data, dict) and "plan" in data:
        if "sessions" in data:  # written by ``exerciselib export --json``
            return RevisedPlan(plan=Plan.from_dict(data["plan"]))
        return RevisedPlan.from_dict(data, file=path)
    return RevisedPlan(plan=Plan.from_dict(data))


def _rules(path: str | None) -> FeedbackRules:
    from exerciselib._feedback.rules import FeedbackRules  # noqa: PLC0415 -- lazy: start-up time

    if path is None:
        return FeedbackRules()
    return FeedbackRules.from_dict(_read(path), file=path)


def _as_of(value: str, revised: RevisedPlan) -> dt.datetime:
    """A datetime with a zone, or a date: the end of that day, plan time."""
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        stamp = None
    if stamp is not None and stamp.tzinfo is not None:
        return stamp
    if stamp is not None and len(value) == len("2026-03-08"):
        return dt.datetime.combine(
            stamp.date(), dt.time(23, 59, 59), tzinfo=revised.plan.zone
        )
    msg = (
        f"exerciselib: error: --as-of {value!r} is not a date (2026-03-08, "
        "the end of that day in the plan's zone) or a date and time with "
        "a zone (2026-03-08T20:00+00:00)"
    )
    raise UsageError(msg)


def _inputs(
    arguments: argparse.Namespace,
) -> tuple[RevisedPlan, RevisedPlan, Adherence]:
    """The plan, the plan adapted to the logs, and the adherence report."""
    from exerciselib._feedback.adapt import adapt as decide  # noqa: PLC0415 -- lazy: start-up time
    from exerciselib._feedback.adherence import adherence  # noqa: PLC0415 -- lazy: start-up time
    from exerciselib._feedback.jsonl import read_logs  # noqa: PLC0415 -- lazy: start-up time

    revised = _plan(arguments.plan)
    logs = read_logs(arguments.logs)
    rules = _rules(arguments.rules)
    as_of = _as_of(arguments.as_of, revised)
    report = adherence(revised, logs, as_of=as_of)
    return revised, decide(revised, logs, rules, as_of=as_of), report


def _when(texts: Texts, when: dt.datetime) -> str:
    """A date and time: ISO in English, CLDR's form in other languages."""
    return f"{when:%Y-%m-%d %H:%M}" if texts.english else texts.date_time(when)


def _percent(texts: Texts, value: float | None) -> str:
    if value is None:
        return "-"
    return (
        f"{value:.1f}%"
        if texts.english
        else f"{texts.number(round(value, 1))} %"
    )


def _counts(texts: Texts, entry: AdherenceCounts) -> str:
    return "  " + texts.gettext(
        "{label}: {done}/{due} done ({percent}), {partial} partial, "
        "{missed} missed"
    ).format(
        label=text.safe(entry.label),
        done=entry.done,
        due=entry.due,
        percent=_percent(texts, entry.percent),
        partial=entry.partial,
        missed=entry.missed,
    )


def _report_lines(report: Adherence, texts: Texts) -> list[str]:
    _ = texts.gettext
    last = (
        _("none")
        if report.last_done is None or report.last_done_at is None
        else _("session {number} on {when}").format(
            number=report.last_done, when=_when(texts, report.last_done_at)
        )
    )
    totals = "  " + _(
        "due {due}, done {done} ({percent}), partial {partial}, missed "
        "{missed} (skipped {skipped}, no log {unlogged})"
    ).format(
        due=report.due,
        done=report.done,
        percent=_percent(texts, report.percent),
        partial=report.partial,
        missed=report.missed,
        skipped=report.skipped,
        unlogged=report.unlogged,
    )
    runs = "  " + _(
        "current streak {streak}, longest gap {gap}, last done: {last}"
    ).format(streak=report.current_streak, gap=report.longest_gap, last=last)
    return [
        _("Adherence as of {when} (self-reported)").format(
            when=_when(texts, report.as_of)
        ),
        totals,
        runs,
        _("By week:"),
        *(_counts(texts, week) for week in report.weeks),
        _("By exercise:"),
        *(_counts(texts, entry) for entry in report.exercises),
    ]


def _action(texts: Texts, action: str) -> str:
    return {
        "progress": texts.pgettext("decision", "progress"),
        "hold": texts.pgettext("decision", "hold"),
        "regress": texts.pgettext("decision", "regress"),
    }.get(action, action)


def _revision_lines(revision: Revision, texts: Texts) -> list[str]:
    lines = [
        texts.gettext("Decisions, from session {number}:").format(
            number=revision.effective_from
        )
    ]
    for decision in revision.decisions:
        change = (
            dosage_line(texts, decision.dosage)
            if decision.dosage == decision.previous
            else f"{dosage_line(texts, decision.previous)} -> "
            f"{dosage_line(texts, decision.dosage)}"
        )
        lines.append(
            f"  {text.safe(decision.exercise)}: "
            f"{_action(texts, decision.action.value)}, {change}"
        )
        lines.append(f"    {text.safe(decision.reason)}")
    return lines


def _revision_data(revision: Revision) -> dict[str, typing.Any]:
    return {
        "effective_from": revision.effective_from,
        "as_of": revision.as_of.isoformat(),
        "decisions": [
            {
                "exercise": d.exercise,
                "action": d.action.value,
                "previous": str(d.previous),
                "dosage": str(d.dosage),
                "reason": d.reason,
                "sessions": list(d.sessions),
            }
            for d in revision.decisions
        ],
    }


def review(arguments: argparse.Namespace, streams: Streams) -> int:
    """Print adherence and the decisions ``adapt`` would take."""
    _, adapted, report = _inputs(arguments)
    revision = adapted.revisions[-1]
    if arguments.format == "json":
        streams.json(
            {
                "adherence": report.to_dict(),
                "revision": _revision_data(revision),
            }
        )
        return EXIT_OK
    texts = arguments.texts
    streams.lines(
        [*_report_lines(report, texts), *_revision_lines(revision, texts)]
    )
    return EXIT_OK


def adapt(arguments: argparse.Namespace, streams: Streams) -> int:
    """Write the plan adapted to the logs, atomically."""
    from exerciselib._export.atomic import write_atomic  # noqa: PLC0415 -- lazy: start-up time

    _, adapted, _ = _inputs(arguments)
    data = json.dumps(adapted.to_dict(), indent=2, ensure_ascii=False)
    write_atomic(arguments.out, data + "\n", force=arguments.force)
    texts = arguments.texts
    streams.lines(_revision_lines(adapted.revisions[-1], texts))
    wrote = texts.gettext("Wrote {path}").format(path=arguments.out)
    streams.out.write(f"{wrote}\n")
    return EXIT_OK
