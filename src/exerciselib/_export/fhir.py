"""
HL7 FHIR R4 (4.0.1) export of a dated plan, as a JSON Bundle.

The shape follows the HL7 Physical Activity IG where it applies, without
claiming its profiles (they also require a requester, an author and an
authoring time that a plan does not know):

* A ``collection`` Bundle whose entries have ``urn:uuid:`` full URLs;
  references between entries point at those URNs.
* One ``CarePlan`` (status ``active``, intent ``plan``) for the program;
  its ``activity[].reference`` lists the service requests (never
  ``activity.detail``: invariant cpl-3 allows one or the other).
* One ``ServiceRequest`` per exercise (intent ``order``, code SNOMED CT
  229065009 *Exercise therapy*), or per exercise and *phase* when the
  plan's progression changes its dosage: each phase is the run of
  sessions with one dosage, bounded in time.
* ``occurrenceTiming.repeat`` carries what ``Timing`` can say: times per
  day, ``dayOfWeek``, ``timeOfDay``, ``boundsPeriod`` (first start to
  last end, with offsets, the plan's IANA zone in the core ``tz-code``
  extension) and ``count``. When the plan moved or left out a session
  (a daylight-saving gap), ``event[]`` also lists every start, so the
  sessions are exact for any reader.
* FHIR has no sets, reps, holds or sides. They travel twice: in the
  clinical notation in ``patientInstruction`` (for people) and in one
  complex extension at :data:`DOSAGE_EXTENSION_URL` (for machines).
  Steps, safety cues and notes are ``note`` annotations (Markdown, with
  pack text escaped) and the resource's narrative (XHTML, escaped).

Ids are UUIDv5 of the routine, zone, start date, subject and item, so the
same plan for the same subject always gives the same Bundle. Nothing
about the patient is invented: without ``subject`` the Bundle holds a
bare ``Patient`` (an id only) for the references to point at.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import typing
import uuid

import attrs

from exerciselib._model.types import ALL_DAYS, Laterality
from exerciselib._text import clean_lines, counted, markdown_line
from exerciselib.exceptions import InvalidValueError, ScheduleError

if typing.TYPE_CHECKING:
    from collections.abc import Sequence

    from exerciselib._model.types import RoutineItem
    from exerciselib._schedule.plan import Plan, ScheduledSession

__all__ = [
    "DOSAGE_EXTENSION_URL",
    "FHIR_NAMESPACE",
    "FHIR_VERSION",
    "to_fhir",
]

#: The FHIR release the Bundle follows.
FHIR_VERSION = "4.0.1"
#: The namespace of every id exerciselib writes (a UUIDv5 of its name).
FHIR_NAMESPACE = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://exerciselib.example/fhir"
)
#: The complex extension that carries a dosage for machines.
DOSAGE_EXTENSION_URL = (
    "https://exerciselib.example/fhir/StructureDefinition/exercise-dosage"
)
#: The R4 core extension for an IANA zone (hl7.org/fhir/R4/extension-tz-code).
TZ_CODE_URL = "http://hl7.org/fhir/StructureDefinition/tz-code"

_SNOMED = "http://snomed.info/sct"
_EXERCISE_THERAPY = {
    "system": _SNOMED,
    "code": "229065009",
    "display": "Exercise therapy",
}
# The Physical Activity IG's category for its resources.
_PA_CATEGORY = {
    "coding": [
        {
            "system": "http://hl7.org/fhir/us/physical-activity/CodeSystem/"
            "pa-temporary-codes",
            "code": "PhysicalActivity",
            "display": "Physical Activity",
        }
    ]
}
_XHTML = "http://www.w3.org/1999/xhtml"

_SIDES = {
    Laterality.NONE: None,
    Laterality.AFFECTED: "affected side only",
    Laterality.EACH_SIDE: "each side in turn",
    Laterality.ALTERNATING: "alternating sides",
}

# A literal reference: "Type/id", an absolute URL ending in one, or a
# urn:uuid / urn:oid of an entry in the same Bundle.
_ID = r"[A-Za-z0-9\-.]{1,64}"
_TYPE = r"[A-Z][A-Za-z]{1,63}"
_REFERENCE = re.compile(
    rf"(?:{_TYPE}/{_ID}"
    rf"|https?://[^\s/]+(?:/[^\s/]+)*/{_TYPE}/{_ID}"
    r"|urn:uuid:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}"
    r"|urn:oid:[0-2](?:\.(?:0|[1-9][0-9]*))+)"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_MAX_IDENTIFIERS = 20
_MAX_IDENTIFIER_LENGTH = 500


def _reference(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _REFERENCE.fullmatch(value):
        msg = (
            f"{name} must be a FHIR reference such as 'Patient/123', "
            f"an absolute URL ending in one, or a urn:uuid; got {value!r}."
        )
        raise InvalidValueError(msg, field=name, value=value)
    return value


def _identifiers(value: object) -> list[dict[str, str]]:
    """Check ``(system, value)`` pairs and return them as Identifiers."""
    msg = (
        "identifiers must be at most 20 (system, value) pairs of "
        "strings, the system a URI such as 'https://clinic.example/plans'"
    )
    if isinstance(value, str | bytes) or not isinstance(
        value, typing.Iterable
    ):
        raise InvalidValueError(
            msg + f"; got {value!r}.", field="identifiers", value=value
        )
    # One more than allowed is enough to refuse too many.
    pairs = list(itertools.islice(value, _MAX_IDENTIFIERS + 1))
    if len(pairs) > _MAX_IDENTIFIERS:
        raise InvalidValueError(
            msg + f"; got more than {_MAX_IDENTIFIERS}.",
            field="identifiers",
            value=value,
        )
    result = []
    for pair in pairs:
        ok = (
            isinstance(pair, tuple | list)
            and len(pair) == 2  # noqa: PLR2004 -- a pair
            and all(
                isinstance(part, str)
                and 0 < len(part) <= _MAX_IDENTIFIER_LENGTH
                and part == part.strip()
                and clean_lines(part) == [part]
                for part in pair
            )
            and _URI.fullmatch(pair[0]) is not None
        )
        if not ok:
            raise InvalidValueError(
                msg + f"; got {pair!r}.", field="identifiers", value=value
            )
        result.append({"system": pair[0], "value": pair[1]})
    return result


def _authored(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            msg = (
                "authored_on must be an aware datetime (FHIR needs its "
                f"offset) or a date, got {value!r}."
            )
            raise InvalidValueError(msg, field="authored_on", value=value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    msg = f"authored_on must be a date or an aware datetime, got {value!r}."
    raise InvalidValueError(msg, field="authored_on", value=value)


def _instant(when: dt.datetime) -> str:
    """Write an aware datetime as a FHIR dateTime, with its offset."""
    return when.isoformat(timespec="seconds")


def _number(value: float) -> int | float:
    """Write a whole number of seconds without a decimal point."""
    return int(value) if float(value).is_integer() else value


def _line(text: str) -> str:
    """Untrusted text on one line, for a FHIR ``string``."""
    return " ".join(part.strip() for part in clean_lines(text)).strip()


def _narrative(parts: list[str]) -> dict[str, str]:
    body = "".join(parts)
    return {
        "status": "generated",
        "div": f'<div xmlns="{_XHTML}">{body}</div>',
    }


def _esc(text: str) -> str:
    return html.escape(_line(text), quote=False)


def instruction(item: RoutineItem) -> str:
    """
    Return what ``patientInstruction`` says: the dosage and the sides.

    >>> from exerciselib import Exercise, Laterality
    >>> clam = Exercise(
    ...     id="clam", name="Clam", summary="Open the knees.",
    ...     steps=["Lie on your side."], laterality=Laterality.EACH_SIDE,
    ... )
    >>> instruction(clam.prescribe("2 x 10 x 5s"))
    '2 Sets / 10 Reps / 5 s hold, each side in turn'
    """
    text = str(item.dosage)
    sides = _SIDES[item.exercise.laterality]
    return f"{text}, {sides}" if sides else text


def _dosage_extension(item: RoutineItem, phase: int) -> dict[str, typing.Any]:
    """
    Return the dosage as one complex extension, for machines.

    Only the fields a reader can rely on are given as numbers; the
    notation always travels in full, so nothing is lost when the dosage
    gains fields this export does not know.
    """
    dosage = item.dosage
    children: list[dict[str, typing.Any]] = [
        {"url": "notation", "valueString": str(dosage)}
    ]
    for name, child in (("sets", "sets"), ("reps", "reps")):
        value = getattr(dosage, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            children.append({"url": child, "valueInteger": value})
    for name, child in (
        ("hold_seconds", "holdSeconds"),
        ("rest_between_reps_seconds", "restBetweenRepsSeconds"),
        ("rest_between_sets_seconds", "restBetweenSetsSeconds"),
    ):
        value = getattr(dosage, name, None)
        if isinstance(value, int | float) and not isinstance(value, bool):
            children.append({"url": child, "valueDecimal": _number(value)})
    children.append(
        {"url": "laterality", "valueCode": item.exercise.laterality.value}
    )
    children.append({"url": "phase", "valueInteger": phase})
    return {"url": DOSAGE_EXTENSION_URL, "extension": children}


def _notes(item: RoutineItem) -> list[dict[str, str]]:
    """Return the exercise's text as Annotations (escaped Markdown)."""
    exercise = item.exercise
    texts = [markdown_line(exercise.summary)]
    if exercise.starting_position:
        texts.append(
            f"Starting position: {markdown_line(exercise.starting_position)}"
        )
    if exercise.equipment:
        texts.append(
            "Equipment: "
            + ", ".join(markdown_line(thing) for thing in exercise.equipment)
        )
    texts.append(
        "Steps:\n\n"
        + "\n".join(
            f"{number}. {markdown_line(step)}"
            for number, step in enumerate(exercise.steps, start=1)
        )
    )
    if exercise.form_cues:
        texts.append(
            "Tips:\n\n"
            + "\n".join(
                f"- {markdown_line(cue)}" for cue in exercise.form_cues
            )
        )
    if exercise.safety_cues:
        texts.append(
            "Safety:\n\n"
            + "\n".join(
                f"- {markdown_line(cue)}" for cue in exercise.safety_cues
            )
        )
    if item.notes:
        texts.append(f"Note: {markdown_line(item.notes)}")
    return [{"text": text} for text in texts if text.strip()]


def _item_narrative(item: RoutineItem, sessions: int) -> dict[str, str]:
    exercise = item.exercise
    parts = [
        (
            f"<p><b>{_esc(exercise.name)}</b>: {_esc(instruction(item))}"
            f" ({counted(sessions, 'session')})</p>"
        ),
        f"<p>{_esc(exercise.summary)}</p>",
        "<ol>",
        *(f"<li>{_esc(step)}</li>" for step in exercise.steps),
        "</ol>",
    ]
    if exercise.form_cues:
        parts += ["<p>Tips:</p><ul>"]
        parts += [f"<li>{_esc(cue)}</li>" for cue in exercise.form_cues]
        parts += ["</ul>"]
    if exercise.safety_cues:
        parts += ["<p>Safety:</p><ul>"]
        parts += [f"<li>{_esc(cue)}</li>" for cue in exercise.safety_cues]
        parts += ["</ul>"]
    return _narrative(parts)


def _by_rule(plan: Plan, sessions: Sequence[ScheduledSession]) -> bool:
    """
    Say whether the repeat rule alone gives exactly these sessions.

    The rule yields every allowed weekday from the first session's date
    to the last, at every time of day, from the first start to the last;
    a session the plan moved (a daylight-saving gap) or left out makes
    the rule wrong, and the export then lists every start in ``event``.
    """
    first, last = sessions[0], sessions[-1]
    wanted = [(s.local_date, s.local_time) for s in sessions]
    if any(s.shifted for s in sessions):
        return False
    rule: list[tuple[dt.date, dt.time]] = []
    day = first.local_date
    while day <= last.local_date:
        if ALL_DAYS[day.weekday()] in plan.days:
            rule.extend(
                (day, time)
                for time in plan.times
                if (first.local_date, first.local_time)
                <= (day, time)
                <= (last.local_date, last.local_time)
            )
        day += dt.timedelta(days=1)
    return rule == wanted


def _timing(
    plan: Plan, sessions: Sequence[ScheduledSession]
) -> dict[str, typing.Any]:
    """Return the ``Timing`` of one run of sessions."""
    zone = {"extension": [{"url": TZ_CODE_URL, "valueCode": plan.timezone}]}
    repeat: dict[str, typing.Any] = {
        "boundsPeriod": {
            "start": _instant(sessions[0].start),
            "_start": zone,
            "end": _instant(sessions[-1].end),
        },
        "count": len(sessions),
        "frequency": len(plan.times),
        "period": 1,
        "periodUnit": "d",
    }
    if plan.days != ALL_DAYS:
        repeat["dayOfWeek"] = [day.value for day in plan.days]
    repeat["timeOfDay"] = [
        time.isoformat(timespec="seconds") for time in plan.times
    ]
    timing: dict[str, typing.Any] = {}
    if not _by_rule(plan, sessions):
        timing["event"] = [_instant(s.start) for s in sessions]
    timing["repeat"] = repeat
    return timing


def _phases(
    sessions: Sequence[ScheduledSession], index: int
) -> list[tuple[RoutineItem, list[ScheduledSession]]]:
    """Split the sessions into runs with the same dosage of item ``index``."""
    runs = itertools.groupby(sessions, key=lambda s: s.routine.items[index])
    return [(item, list(run)) for item, run in runs]


@attrs.frozen(kw_only=True)
class _Refs:
    """What every request of one Bundle points at or shares."""

    care_plan: str
    subject: str
    requester: str | None
    authored: str | None
    performer: bool


def _care_plan(
    plan: Plan,
    sessions: Sequence[ScheduledSession],
    activities: list[str],
    refs: _Refs,
) -> dict[str, typing.Any]:
    routine = plan.routine
    care_plan: dict[str, typing.Any] = {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "category": [_PA_CATEGORY],
        "title": _line(routine.name),
    }
    if routine.description:
        care_plan["description"] = _line(routine.description)
    care_plan["subject"] = {"reference": refs.subject}
    care_plan["period"] = {
        "start": plan.start.isoformat(),
        "end": sessions[-1].local_date.isoformat(),
    }
    if refs.authored is not None:
        care_plan["created"] = refs.authored
    if refs.requester is not None:
        care_plan["author"] = {"reference": refs.requester}
    care_plan["activity"] = [
        {"reference": {"reference": urn}} for urn in activities
    ]
    notes = [markdown_line(advice) for advice in routine.advice]
    notes += [
        f"When to stop and seek help: {markdown_line(sign)}"
        for sign in routine.warning_signs
    ]
    if notes:
        care_plan["note"] = [{"text": text} for text in notes if text]
    parts = [f"<p><b>{_esc(routine.name)}</b></p>"]
    if routine.description:
        parts.append(f"<p>{_esc(routine.description)}</p>")
    parts.append(
        f"<p>{len(sessions)} sessions from {plan.start.isoformat()} to "
        f"{sessions[-1].local_date.isoformat()} ({_esc(plan.timezone)})</p>"
    )
    if routine.advice:
        parts.append("<ul>")
        parts.extend(f"<li>{_esc(advice)}</li>" for advice in routine.advice)
        parts.append("</ul>")
    if routine.warning_signs:
        parts.append("<p>When to stop and seek help:</p>")
        parts.append("<ul>")
        parts.extend(
            f"<li>{_esc(sign)}</li>" for sign in routine.warning_signs
        )
        parts.append("</ul>")
    care_plan["text"] = _narrative(parts)
    return care_plan


def _request(
    item: RoutineItem,
    run: list[ScheduledSession],
    phase: int,
    plan: Plan,
    refs: _Refs,
) -> dict[str, typing.Any]:
    """Return the ServiceRequest of one item over one run of sessions."""
    request: dict[str, typing.Any] = {
        "resourceType": "ServiceRequest",
        "text": _item_narrative(item, len(run)),
        "extension": [_dosage_extension(item, phase)],
        "basedOn": [{"reference": refs.care_plan}],
        "status": "active",
        "intent": "order",
        "category": [_PA_CATEGORY],
        "code": {
            "coding": [_EXERCISE_THERAPY],
            "text": _line(item.exercise.name),
        },
        "subject": {"reference": refs.subject},
        "occurrenceTiming": _timing(plan, run),
    }
    if refs.authored is not None:
        request["authoredOn"] = refs.authored
    if refs.requester is not None:
        request["requester"] = {"reference": refs.requester}
    if refs.performer:
        request["performer"] = [{"reference": refs.subject}]
    if item.exercise.body_regions:
        request["bodySite"] = [
            {"text": _line(region)} for region in item.exercise.body_regions
        ]
    request["note"] = _notes(item)
    request["patientInstruction"] = instruction(item)
    return request


def to_fhir(
    plan: Plan,
    *,
    subject: str | None = None,
    requester: str | None = None,
    identifiers: Sequence[tuple[str, str]] = (),
    authored_on: dt.date | dt.datetime | None = None,
) -> dict[str, typing.Any]:
    """
    Return ``plan`` as a FHIR R4 (4.0.1) Bundle, ready for ``json.dumps``.

    The Bundle (type ``collection``) holds one ``CarePlan`` for the
    program and one ``ServiceRequest`` per exercise (SNOMED CT 229065009
    *Exercise therapy*), or per exercise and phase when a progression
    changes its dosage. Each request's ``occurrenceTiming`` describes
    exactly its sessions, its ``patientInstruction`` gives the dosage in
    the clinical notation, and its notes give the steps and safety cues.

    Args:
        plan: The plan to export.
        subject: A reference to the patient, such as ``"Patient/123"``;
            without it the Bundle holds a bare ``Patient`` (only an id).
        requester: A reference to who prescribed it, such as
            ``"Practitioner/7"`` (the requests' ``requester``, the care
            plan's ``author``).
        identifiers: ``(system, value)`` pairs naming the care plan in
            the host's systems.
        authored_on: When it was prescribed: a date or an aware
            datetime (``authoredOn``, ``created``).

    Returns:
        The Bundle as plain dictionaries, lists, strings and numbers.
        The same arguments give the same Bundle.

    Raises:
        InvalidValueError: ``subject`` or ``requester`` is not a
            reference, ``identifiers`` are not pairs of strings, or
            ``authored_on`` is naive (``field`` names the argument).
        ScheduleError: The plan has no sessions.

    .. versionadded:: 0.1.0
    """
    subject = _reference(subject, "subject")
    requester = _reference(requester, "requester")
    identifier = _identifiers(identifiers)
    authored = _authored(authored_on)
    sessions = list(plan.sessions())
    if not sessions:
        msg = (
            "The plan has no sessions to export; check its start, end and "
            "days."
        )
        raise ScheduleError(msg, field="end")
    key = f"{plan.routine.id}/{plan.timezone}/{plan.start.isoformat()}"
    if subject is not None:
        key += f"/{subject}"

    def new_id(name: str) -> str:
        return str(uuid.uuid5(FHIR_NAMESPACE, f"{key}/{name}"))

    resources: list[tuple[str, dict[str, typing.Any]]] = []
    performer = subject is None or subject.rpartition("/")[0].endswith(
        "Patient"
    )
    if subject is None:
        patient_id = new_id("patient")
        resources.append((patient_id, {"resourceType": "Patient"}))
        subject = f"urn:uuid:{patient_id}"
    refs = _Refs(
        care_plan=f"urn:uuid:{new_id('care-plan')}",
        subject=subject,
        requester=requester,
        authored=authored,
        # The patient does the exercises (the Physical Activity IG's
        # performer); a Group or a bare URN is left unsaid.
        performer=performer,
    )
    requests = []
    for index in range(len(plan.routine.items)):
        for phase, (item, run) in enumerate(_phases(sessions, index), 1):
            rid = new_id(f"item/{index}/{item.exercise.id}/phase/{phase}")
            requests.append((rid, _request(item, run, phase, plan, refs)))
    care_plan = _care_plan(
        plan, sessions, [f"urn:uuid:{rid}" for rid, _ in requests], refs
    )
    if identifier:
        care_plan = {"identifier": identifier, **care_plan}
    resources.append((new_id("care-plan"), care_plan))
    resources.extend(requests)
    return {
        "resourceType": "Bundle",
        "id": new_id("bundle"),
        "type": "collection",
        "entry": [
            {
                "fullUrl": f"urn:uuid:{rid}",
                # The id follows the type, as FHIR's own examples write it.
                "resource": {"resourceType": "", "id": rid, **resource},
            }
            for rid, resource in resources
        ],
    }
