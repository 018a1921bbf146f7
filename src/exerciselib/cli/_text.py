"""
Plain-text rendering and option parsing for the command line.

Every string from a pack goes through :func:`safe` before it is printed:
control characters (such as the escape that starts a terminal control
sequence) become U+FFFD, so pack text cannot restyle, move or clear the
user's terminal.
"""

from __future__ import annotations

import datetime as dt
import re
import typing

from exerciselib._i18n import N_, translations
from exerciselib._model.types import Laterality
from exerciselib._model.wording import (
    credit_line,
    dosage_line,
    frequency_text,
    group_text,
    length,
    side_name,
    step_kind_name,
)
from exerciselib._text import clean_lines, counted
from exerciselib.exceptions import ScheduleError

if typing.TYPE_CHECKING:
    from exerciselib._i18n import Texts
    from exerciselib._model.types import Credit, Exercise, Routine
    from exerciselib._packs.catalog import Catalog
    from exerciselib._packs.pack import Pack
    from exerciselib._schedule.build import Timeline
    from exerciselib._schedule.plan import Plan, ScheduledSession
    from exerciselib._schedule.progression import Progression

__all__ = [
    "counted",
    "exercise_lines",
    "length",
    "pack_lines",
    "packs_lines",
    "parse_progress",
    "plan_lines",
    "routine_lines",
    "safe",
    "timeline_lines",
]

_INDENT = "   "
_SIDES = {
    Laterality.AFFECTED: N_("affected side only"),
    Laterality.EACH_SIDE: N_("each side in turn"),
    Laterality.ALTERNATING: N_("alternating sides"),
}


def _english() -> Texts:
    return translations(None)


def safe(text: str) -> str:
    """Return pack text fit for a terminal: printable, on one line."""
    return " ".join(clean_lines(text))


def _credit(credit: Credit, texts: Texts) -> str:
    text = safe(credit_line(texts, credit))
    if credit.note:
        text += f" ({safe(credit.note)})"
    if credit.url:
        text += f" <{safe(credit.url)}>"
    return text


def exercise_lines(
    exercise: Exercise,
    *,
    heading: str | None = None,
    texts: Texts | None = None,
) -> list[str]:
    """Return an exercise as handout lines: steps, cues, credits."""
    texts = texts or _english()
    _ = texts.gettext
    out = [heading or safe(exercise.name), _INDENT + safe(exercise.summary)]
    if exercise.starting_position:
        line = _("Start: {text}").format(text=safe(exercise.starting_position))
        out.append(_INDENT + line)
    if exercise.equipment:
        equipment = ", ".join(safe(item) for item in exercise.equipment)
        out.append(_INDENT + _("Equipment: {text}").format(text=equipment))
    if exercise.laterality in _SIDES:
        sides = _(_SIDES[exercise.laterality])
        out.append(_INDENT + _("Sides: {text}").format(text=sides))
    out.append(_INDENT + _("Steps:"))
    out.extend(
        f"{_INDENT}  {number}. {safe(step)}"
        for number, step in enumerate(exercise.steps, start=1)
    )
    if exercise.form_cues:
        out.append(_INDENT + _("Tips:"))
        out.extend(f"{_INDENT}  - {safe(cue)}" for cue in exercise.form_cues)
    if exercise.safety_cues:
        out.append(_INDENT + _("Safety:"))
        out.extend(f"{_INDENT}  ! {safe(cue)}" for cue in exercise.safety_cues)
    out.extend(
        _INDENT + _("Picture: {text}").format(text=safe(media.alt))
        for media in exercise.media
    )
    if exercise.credits:
        names = "; ".join(
            _credit(credit, texts) for credit in exercise.credits
        )
        out.append(_INDENT + _("Credits: {names}").format(names=names))
    return out


def routine_lines(
    routine: Routine, total_seconds: float, *, texts: Texts | None = None
) -> list[str]:
    """Return a routine as a handout for the terminal."""
    texts = texts or _english()
    _ = texts.gettext
    out = [safe(routine.name), "=" * min(len(safe(routine.name)), 79)]
    if routine.description:
        out.append(safe(routine.description))
    if routine.frequency:
        out.append(
            _("Do this routine {frequency}.").format(
                frequency=frequency_text(texts, routine.frequency)
            )
        )
    out.append(
        _("Session length: about {length}.").format(
            length=length(texts, total_seconds)
        )
    )
    if routine.warning_signs:
        out.extend(["", _("When to stop and seek help:")])
        out.extend(f"  ! {safe(sign)}" for sign in routine.warning_signs)
    for number, item in enumerate(routine.items, start=1):
        label = routine.label(number - 1)
        name = safe(item.exercise.name)
        if label is not None:
            name = f"{label} {name}"
        heading = f"{number}. {name}: {dosage_line(texts, item.dosage)}"
        out.append("")
        line = group_text(texts, routine, number - 1)
        if line is not None:
            out.extend([line, ""])
        out.extend(exercise_lines(item.exercise, heading=heading, texts=texts))
        if item.notes:
            out.append(
                _INDENT + _("Note: {text}").format(text=safe(item.notes))
            )
    if routine.advice:
        out.extend(["", _("Advice and safety:")])
        out.extend(f"  - {safe(note)}" for note in routine.advice)
    if routine.credits:
        out.extend(["", _("Credits:")])
        out.extend(
            f"  - {_credit(credit, texts)}" for credit in routine.credits
        )
    return out


def pack_lines(
    pack: Pack,
    *,
    shown: typing.Iterable[Credit] = (),
    texts: Texts | None = None,
) -> list[str]:
    """Return the pack's name, version, licence and the credits not shown."""
    texts = texts or _english()
    heading = texts.gettext(
        "Pack: {name} {version} ({id}), licence {license}"
    ).format(
        name=safe(pack.name),
        version=safe(pack.version),
        id=pack.id,
        license=safe(pack.license),
    )
    already = list(shown)
    out = ["", heading]
    out.extend(
        f"  - {_credit(credit, texts)}"
        for credit in pack.credits
        if credit not in already
    )
    return out


def _clock(milliseconds: int) -> str:
    minutes, rest = divmod(milliseconds, 60_000)
    return f"{minutes:2d}:{rest / 1000:04.1f}"


def timeline_lines(
    routine: Routine, timeline: Timeline, *, texts: Texts | None = None
) -> list[str]:
    """Return one line per timed step, then the total."""
    texts = texts or _english()
    _ = texts.gettext
    names = [safe(item.exercise.name) for item in routine.items]
    out = []
    for step in timeline:
        where = []
        if step.set_number is not None:
            where.append(_("set {n}").format(n=step.set_number))
        if step.rep_number is not None:
            where.append(_("rep {n}").format(n=step.rep_number))
        if step.side.value != "none":
            where.append(side_name(texts, step.side.value))
        detail = f" ({', '.join(where)})" if where else ""
        kind = step_kind_name(texts, step.kind.value)
        seconds = f"{step.duration:6.1f}"
        if not texts.english:
            seconds = seconds.replace(".", ",")
        out.append(
            f"{_clock(step.start_ms)}  {seconds} s  "
            f"{kind:<18} {names[step.item_index]}{detail}"
        )
    total = (
        f"{timeline.total:g}"
        if texts.english
        else texts.number(timeline.total)
    )
    if timeline.estimated:
        line = _("Total: about {length} ({seconds} s)")
    else:
        line = _("Total: {length} ({seconds} s)")
    out.append(
        line.format(length=length(texts, timeline.total), seconds=total)
    )
    return out


def _dosages(routine: Routine, texts: Texts) -> list[str]:
    return [
        f"{_INDENT}{safe(item.exercise.name)}: "
        f"{dosage_line(texts, item.dosage)}"
        for item in routine.items
    ]


def plan_lines(
    plan: Plan,
    sessions: typing.Iterable[ScheduledSession],
    *,
    texts: Texts | None = None,
) -> list[str]:
    """Return the dated sessions, with the dosages whenever they change."""
    texts = texts or _english()
    _ = texts.gettext
    name = safe(plan.routine.name)
    out = [
        _("{name}: from {date}, in {zone}").format(
            name=name, date=texts.date(plan.start), zone=plan.timezone
        )
    ]
    if plan.affected_side is not None:
        side = side_name(texts, plan.affected_side.value)
        out.append(_("Affected side: {side}").format(side=side))
    previous: list[str] | None = None
    count = 0
    for session in sessions:
        count += 1
        dosages = _dosages(session.routine, texts)
        if dosages != previous:
            label = _("Dosages:") if previous is None else _("From here on:")
            out.append(label)
            out.extend(dosages)
            previous = dosages
        start = session.start
        moved = (
            "  " + _("(moved: clocks jump forward)") if session.shifted else ""
        )
        week = _("week {n}").format(n=session.week_number)
        out.append(
            f"  #{session.number:<4} {texts.date_time(start)} "
            f"{start.tzname()} (UTC{_offset(start)})  "
            f"{week}  "
            f"{length(texts, session.duration.total_seconds())}{moved}"
        )
    out.append(
        texts.ngettext("{n} session.", "{n} sessions.", count).format(n=count)
    )
    return out


def _offset(start: dt.datetime) -> str:
    offset = start.utcoffset() or dt.timedelta()
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def packs_lines(catalog: Catalog, *, texts: Texts | None = None) -> list[str]:
    """Return the installed packs, then those that failed to load."""
    texts = texts or _english()
    _ = texts.gettext
    out = []
    for pack in catalog.packs.values():
        source = pack.distribution or str(pack.root)
        exercises = texts.ngettext(
            "{n} exercise", "{n} exercises", len(pack.exercises)
        ).format(n=len(pack.exercises))
        routines = texts.ngettext(
            "{n} routine", "{n} routines", len(pack.routines)
        ).format(n=len(pack.routines))
        out.append(
            _(
                "{id} {version}: {name} ({exercises}, {routines}; "
                "from {source})"
            ).format(
                id=pack.id,
                version=safe(pack.version),
                name=safe(pack.name),
                exercises=exercises,
                routines=routines,
                source=safe(source),
            )
        )
    if not catalog.packs:
        out.append(_("No packs installed."))
    for failure in catalog.failures:
        name = failure.pack or _("(unknown pack)")
        lines = failure.reason.splitlines() or [""]
        if failure.distribution:
            line = _("FAILED {name} from {source}: {reason}")
        else:
            line = _("FAILED {name}: {reason}")
        out.append(
            line.format(
                name=safe(name),
                source=safe(failure.distribution or ""),
                reason=safe(lines[0]),
            )
        )
        # The reason's own lines list each problem: one line each.
        out.extend(f"  {safe(line.strip())}" for line in lines[1:] if line)
    return out


# --progress: comma-separated key=value pairs, as in
# "every=1w,reps=+1,max-reps=20".
_PROGRESS_KEYS = {
    "reps": "add_reps",
    "sets": "add_sets",
    "hold": "add_hold_seconds",
    "max-reps": "max_reps",
    "max-sets": "max_sets",
    "max-hold": "max_hold_seconds",
    "regress-from": "regress_from_session",
    "regress-steps": "regress_steps",
    "work": "add_work_seconds",
    "max-work": "max_work_seconds",
    "load": "add_load",
    "max-load": "max_load",
}
_SECONDS = {"hold", "max-hold", "work", "max-work"}
#: Values that may have decimals but no unit: loads in the dosage's unit.
_AMOUNTS = {"load", "max-load"}
_INCREMENTS = {"reps", "sets", "hold", "work", "load"}
_PROGRESS_EXAMPLE = "every=1w,reps=+1,max-reps=20"
_EVERY = re.compile(r"([1-9][0-9]{0,3})(w|s)")
_NUMBER = re.compile(r"\+?([0-9]{1,6}(?:\.[0-9]{1,3})?)(s?)")


def _bad_progress(reason: str) -> ScheduleError:
    msg = f"--progress: {reason}; write it like {_PROGRESS_EXAMPLE!r}."
    return ScheduleError(msg, field="progression")


def _progress_value(key: str, value: str) -> tuple[str, float | int]:
    """Return the Progression field and value of one ``key=value``."""
    if key == "every":
        match = _EVERY.fullmatch(value)
        if match is None:
            reason = f"every={value} is not like 2w or 3s"
            raise _bad_progress(reason)
        name = "every_weeks" if match.group(2) == "w" else "every_sessions"
        return name, int(match.group(1))
    if key not in _PROGRESS_KEYS:
        reason = (
            f"unknown key {key!r} (known: every, {', '.join(_PROGRESS_KEYS)})"
        )
        raise _bad_progress(reason)
    match = _NUMBER.fullmatch(value)
    if match is None or (match.group(2) and key not in _SECONDS):
        reason = f"{key}={value} is not a number"
        raise _bad_progress(reason)
    if key in _INCREMENTS and not value.startswith("+"):
        reason = f"{key}={value}: write increments as +N"
        raise _bad_progress(reason)
    number = float(match.group(1))
    if key in _SECONDS or key in _AMOUNTS:
        return _PROGRESS_KEYS[key], number
    if not number.is_integer():
        reason = f"{key}={value} is not a whole number"
        raise _bad_progress(reason)
    return _PROGRESS_KEYS[key], int(number)


def parse_progress(text: str) -> Progression:
    """
    Read a ``--progress`` value into a :class:`Progression`.

    ``every=Nw`` steps every N weeks and ``every=Ns`` every N sessions;
    ``reps=+N``, ``sets=+N`` and ``hold=+Ns`` are the increments per
    step; ``max-reps``, ``max-sets`` and ``max-hold`` cap them;
    ``regress-from=N`` and ``regress-steps=N`` step back from session N;
    ``work=+Ns`` and ``max-work`` grow timed work, ``load=+N`` and
    ``max-load`` the load (in the dosage's kg or lb).

    >>> grow = parse_progress("every=1w,reps=+1,max-reps=20")
    >>> grow.every_weeks, grow.add_reps, grow.max_reps
    (1, 1, 20)
    >>> parse_progress("every=2w,load=+2.5,max-load=20").add_load
    2.5

    Raises:
        ScheduleError: The text cannot be read (``field`` is
            ``progression``) or makes no valid progression.
    """
    from exerciselib._schedule.progression import Progression  # noqa: PLC0415 -- lazy: start-up time

    values: dict[str, typing.Any] = {}
    for part in text.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep or not value.strip():
            reason = f"{part.strip()!r} is not key=value"
            raise _bad_progress(reason)
        name, number = _progress_value(
            key.strip().lower(), value.strip().lower()
        )
        values[name] = number
    if "every_weeks" not in values and "every_sessions" not in values:
        reason = "say how often to step up with every=Nw or Ns"
        raise _bad_progress(reason)
    return Progression(**values)
