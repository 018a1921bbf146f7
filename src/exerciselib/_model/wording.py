"""
The model's phrases in the reader's language: dosage, frequency, groups.

Each function takes the :class:`~exerciselib._i18n.Texts` of one
language. In English they write exactly what ``str(dosage)``,
``str(frequency)`` and :func:`~exerciselib._model.notation.group_line`
write; in German and Spanish the forms a physiotherapist there writes
(``1 Satz / 10 Wdh. / 5 s halten``, ``1 serie / 10 rep. / mantener 5 s``;
docs/interface-languages.md).
"""

from __future__ import annotations

import typing

from exerciselib._model.notation import DEFAULT_REST_BETWEEN_SETS, fmt
from exerciselib._model.types import ALL_DAYS

if typing.TYPE_CHECKING:
    from exerciselib._i18n import Texts
    from exerciselib._model.dosage import Dosage
    from exerciselib._model.types import Credit, Frequency, Routine

__all__ = [
    "credit_line",
    "dosage_line",
    "duration",
    "frequency_text",
    "group_text",
    "length",
    "side_name",
    "step_kind_name",
]


def _band_colour(texts: Texts, band: str) -> str:
    """A band's colour as it stands before "band" (inflected for it)."""
    return {
        "tan": texts.pgettext("band colour", "tan"),
        "yellow": texts.pgettext("band colour", "yellow"),
        "red": texts.pgettext("band colour", "red"),
        "green": texts.pgettext("band colour", "green"),
        "blue": texts.pgettext("band colour", "blue"),
        "black": texts.pgettext("band colour", "black"),
        "silver": texts.pgettext("band colour", "silver"),
        "gold": texts.pgettext("band colour", "gold"),
    }[band]


def _number(texts: Texts, value: float) -> str:
    """A number as the notation writes it: ``2.5`` in English, ``2,5``."""
    return fmt(value) if texts.english else texts.number(value)


def duration(texts: Texts, seconds: float) -> str:
    """A duration in a dosage or cue: ``10 min`` or ``5 s``."""
    if seconds >= 60 and (seconds / 60).is_integer():  # noqa: PLR2004 -- a minute
        # TRANSLATORS: whole minutes in a dosage line or a timer cue
        text = texts.pgettext("unit", "{n} min")
        return text.format(n=int(seconds // 60))
    # TRANSLATORS: seconds in a dosage line or a timer cue
    return texts.pgettext("unit", "{n} s").format(n=_number(texts, seconds))


def _distance(metres: int) -> str:
    if metres >= 1000 and not metres % 1000:  # noqa: PLR2004 -- a kilometre
        return f"{metres // 1000} km"
    return f"{metres} m"


def _work(texts: Texts, d: Dosage) -> str:
    if d.work_seconds is not None:
        return duration(texts, d.work_seconds)
    if d.distance_m is not None:
        return _distance(d.distance_m)
    if d.reps_max is not None:
        return texts.pgettext("dosage", "{low}-{high} Reps").format(
            low=d.reps, high=d.reps_max
        )
    return texts.npgettext("dosage", "{n} Rep", "{n} Reps", d.reps).format(
        n=d.reps
    )


def _optional(texts: Texts, d: Dosage) -> list[str]:
    """The parts after the work, in the notation's fixed order."""
    parts = []
    if d.hold_seconds:
        # TRANSLATORS: how long each rep is held, in a dosage line
        parts.append(
            texts.pgettext("dosage", "{seconds} s hold").format(
                seconds=_number(texts, d.hold_seconds)
            )
        )
    if d.tempo:
        tempo = "-".join(map(str, d.tempo))
        parts.append(
            texts.pgettext("dosage", "tempo {tempo}").format(tempo=tempo)
        )
    if d.load_kg:
        parts.append(f"{_number(texts, d.load_kg)} kg")
    if d.load_lb:
        parts.append(f"{_number(texts, d.load_lb)} lb")
    if d.band:
        colour = _band_colour(texts, d.band)
        parts.append(
            texts.pgettext("dosage", "{colour} band").format(colour=colour)
        )
    return parts + _effort_and_rest(texts, d)


def _effort_and_rest(texts: Texts, d: Dosage) -> list[str]:
    """The parts from bodyweight on: effort, rests, sides."""
    parts = []
    if d.bodyweight:
        parts.append(texts.pgettext("dosage", "bodyweight"))
    if d.rpe:
        parts.append(
            texts.pgettext("dosage", "RPE {n}").format(n=_number(texts, d.rpe))
        )
    if d.rir is not None:
        parts.append(texts.pgettext("dosage", "RIR {n}").format(n=d.rir))
    if d.rest_between_reps_seconds:
        seconds = _number(texts, d.rest_between_reps_seconds)
        parts.append(
            texts.pgettext("dosage", "{seconds} s rest between reps").format(
                seconds=seconds
            )
        )
    if d.rest_between_sets_seconds != DEFAULT_REST_BETWEEN_SETS:
        seconds = _number(texts, d.rest_between_sets_seconds)
        parts.append(
            texts.pgettext("dosage", "{seconds} s rest between sets").format(
                seconds=seconds
            )
        )
    if d.per_side:
        parts.append(texts.pgettext("dosage", "each side"))
    return parts


def dosage_line(texts: Texts, dosage: Dosage) -> str:
    """
    The dosage line in the language of ``texts``.

    >>> from exerciselib import Dosage
    >>> from exerciselib._i18n import translations
    >>> dosage_line(translations("de"), Dosage.parse("1 x 10 x 5 s"))
    '1 Satz / 10 Wdh. / 5 s halten'
    >>> dosage_line(translations("es"), Dosage.parse("3 x 10 @ 2.5 kg"))
    '3 series / 10 rep. / 2,5 kg'
    """
    sets = texts.npgettext(
        "dosage", "{n} Set", "{n} Sets", dosage.sets
    ).format(n=dosage.sets)
    return " / ".join([sets, _work(texts, dosage), *_optional(texts, dosage)])


def _times(texts: Texts, frequency: Frequency, days: str | None) -> str:
    n = frequency.times_per_day
    if days is None:
        if n == 1:
            return texts.gettext("once daily")
        if n == 2:  # noqa: PLR2004 -- "twice"
            return texts.gettext("twice a day")
        return texts.ngettext("{n} time a day", "{n} times a day", n).format(
            n=n
        )
    if n == 1:
        return texts.gettext("once a day on {days}").format(days=days)
    if n == 2:  # noqa: PLR2004 -- "twice"
        return texts.gettext("twice a day on {days}").format(days=days)
    return texts.ngettext(
        "{n} time a day on {days}", "{n} times a day on {days}", n
    ).format(n=n, days=days)


def frequency_text(texts: Texts, frequency: Frequency) -> str:
    """
    How often, in a sentence for the patient.

    ``twice a day on Monday, Wednesday and Friday``: the days by name
    and in a list, as the language writes them (CLDR's names and list
    rule, ``zweimal täglich am Montag, Mittwoch und Freitag``).
    ``str(frequency)`` keeps the weekday codes, for developers.
    """
    if frequency.days == ALL_DAYS:
        return _times(texts, frequency, None)
    days = texts.names([texts.day_name(day.number) for day in frequency.days])
    return _times(texts, frequency, days)


def group_text(texts: Texts, routine: Routine, index: int) -> str | None:
    """
    The line that opens a group, in the language of ``texts``.

    Such as ``Superset A (A1, A2): 3 rounds, 60 s rest between rounds``.
    """
    group = routine.group_of(index)
    if group is None or group.first != index:
        return None
    label = routine.label(index) or "A1"
    rounds = max(routine.items[i].dosage.sets for i in group.indexes)
    labels = ", ".join(routine.label(i) or "" for i in group.indexes)
    kind = {
        "superset": texts.pgettext("group", "Superset"),
        "circuit": texts.pgettext("group", "Circuit"),
    }[group.kind]
    counted = texts.ngettext("{n} round", "{n} rounds", rounds).format(
        n=rounds
    )
    seconds = f"{group.rest_between_rounds_seconds:g}"
    if not texts.english:
        seconds = texts.number(group.rest_between_rounds_seconds)
    rests = [
        texts.gettext("{seconds} s rest between rounds").format(
            seconds=seconds
        )
    ]
    if group.rest_between_exercises_seconds:
        between = f"{group.rest_between_exercises_seconds:g}"
        if not texts.english:
            between = texts.number(group.rest_between_exercises_seconds)
        rests.append(
            texts.gettext("{seconds} s between exercises").format(
                seconds=between
            )
        )
    return texts.gettext(
        "{kind} {letter} ({labels}): {rounds}, {rests}"
    ).format(
        kind=kind,
        letter=label[0],
        labels=labels,
        rounds=counted,
        rests=", ".join(rests),
    )


def length(texts: Texts, seconds: float) -> str:
    """
    A session length: ``4 min 20 s``, ``45 s``, ``2 min``.

    >>> from exerciselib._i18n import translations
    >>> length(translations("en"), 260), length(translations("de"), 120)
    ('4 min 20 s', '2 Min.')
    """
    minutes, rest = divmod(round(seconds), 60)
    # TRANSLATORS: seconds in a dosage line or a timer cue
    secs = texts.pgettext("unit", "{n} s").format(n=rest)
    if not minutes:
        return secs
    # TRANSLATORS: whole minutes in a dosage line or a timer cue
    mins = texts.pgettext("unit", "{n} min").format(n=minutes)
    return f"{mins} {secs}" if rest else mins


def side_name(texts: Texts, side: str) -> str:
    """A side, as a word standing alone: ``left``, ``right``, ``affected``."""
    return {
        "left": texts.pgettext("side", "left"),
        "right": texts.pgettext("side", "right"),
        "affected": texts.pgettext("side", "affected"),
        "none": texts.pgettext("side", "none"),
    }.get(side, side)


def step_kind_name(texts: Texts, kind: str) -> str:
    """A timeline step's kind, as the text timeline names it."""
    return {
        "setup": texts.pgettext("step kind", "setup"),
        "hold": texts.pgettext("step kind", "hold"),
        "rep": texts.pgettext("step kind", "rep"),
        "work": texts.pgettext("step kind", "work"),
        "distance": texts.pgettext("step kind", "distance"),
        "rest-between-reps": texts.pgettext("step kind", "rest-between-reps"),
        "switch-side": texts.pgettext("step kind", "switch-side"),
        "rest-between-sets": texts.pgettext("step kind", "rest-between-sets"),
        "transition": texts.pgettext("step kind", "transition"),
    }[kind]


def credit_line(texts: Texts, credit: Credit) -> str:
    """
    A credit as ``role: name, title, organization``, the role translated.

    In English it is ``str(credit)``.
    """
    role = {
        "author": texts.pgettext("credit role", "author"),
        "demonstrator": texts.pgettext("credit role", "demonstrator"),
        "photographer": texts.pgettext("credit role", "photographer"),
        "publisher": texts.pgettext("credit role", "publisher"),
        "reviewer": texts.pgettext("credit role", "reviewer"),
        "source": texts.pgettext("credit role", "source"),
        "translator": texts.pgettext("credit role", "translator"),
    }[credit.role]
    who = credit.name
    if credit.title:
        who += f", {credit.title}"
    if credit.organization:
        who += f", {credit.organization}"
    return f"{role}: {who}"
