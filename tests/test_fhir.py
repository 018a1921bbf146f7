"""Tests for the FHIR R4 export: to_fhir."""

from __future__ import annotations

import datetime as dt
import doctest
import io
import itertools
import json
import re
import typing
import zoneinfo

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from hypothesis import given, settings

from exerciselib import (
    Exercise,
    InvalidValueError,
    Laterality,
    Plan,
    Progression,
    Routine,
    ScheduleError,
    load_catalog,
    to_fhir,
)
from exerciselib._export import fhir as fhir_module
from exerciselib.cli import run
from strategies import hostile_exercises, plans

if typing.TYPE_CHECKING:
    import pathlib

    from exerciselib import ScheduledSession

BEND = Exercise(
    id="knee-bend",
    name="Knee bend",
    summary="Bend the knee.",
    steps=["Sit tall.", "Bend and straighten the knee."],
    safety_cues=["Stop if the knee hurts."],
    body_regions=["knee"],
)
CLAM = Exercise(
    id="clam",
    name="Clam",
    summary="Open the knees like a shell.",
    steps=["Lie on your side.", "Lift the top knee."],
    laterality=Laterality.EACH_SIDE,
    starting_position="Lying on your side",
    equipment=["mat"],
)
ROUTINE = Routine(
    id="knee-care",
    name="Knee care",
    description="Two moves for the knee.",
    items=[BEND.prescribe("2 x 10"), CLAM.prescribe("1 x 8 x 5s")],
    advice=["Warm up first."],
)

# Required bindings of the elements written (hl7.org/fhir/R4), which the
# R4B models do not check.
DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
UNITS = {"s", "min", "h", "d", "wk", "mo", "a"}
REQUEST_STATUS = {
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
}
REQUEST_INTENT = {
    "proposal",
    "plan",
    "directive",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
}
CARE_PLAN_INTENT = {"proposal", "plan", "order", "option"}
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)")


def _plan(**kwargs: typing.Any) -> Plan:
    values: dict[str, typing.Any] = {
        "routine": ROUTINE,
        "start": dt.date(2026, 9, 28),
        "weeks": 6,
        "timezone": "Australia/Sydney",
    }
    values.update(kwargs)
    return Plan(**values)


def _requests(bundle: dict[str, typing.Any]) -> list[ServiceRequest]:
    """Read the Bundle with fhir.resources and return its requests."""
    parsed = Bundle.model_validate(bundle)
    return [
        entry.resource
        for entry in parsed.entry or []
        if isinstance(entry.resource, ServiceRequest)
    ]


def _expand(request: ServiceRequest) -> list[dt.datetime]:
    """
    Return the session starts a reader gets from a request's timing.

    ``event`` lists them when present; otherwise the repeat rule gives
    every allowed weekday between the bounds, at every time of day, in
    the zone of the ``tz-code`` extension, up to ``count``.
    """
    timing = request.occurrenceTiming
    if timing.event:
        return list(timing.event)
    repeat = timing.repeat
    bounds = repeat.boundsPeriod
    zone_code = next(
        ext.valueCode
        for ext in bounds.start__ext.extension
        if ext.url == fhir_module.TZ_CODE_URL
    )
    zone = zoneinfo.ZoneInfo(zone_code)
    assert repeat.frequency == len(repeat.timeOfDay)
    assert (1, "d") == (repeat.period, repeat.periodUnit)
    days = repeat.dayOfWeek or sorted(DAYS)
    starts = []
    day = bounds.start.astimezone(zone).date()
    while day <= bounds.end.astimezone(zone).date():
        if day.strftime("%a").lower() in days:
            for time in sorted(repeat.timeOfDay):
                instant = dt.datetime.combine(day, time, tzinfo=zone)
                if bounds.start <= instant < bounds.end:
                    starts.append(instant)
        day += dt.timedelta(days=1)
    return starts[: repeat.count]


def _item_sessions(
    requests: list[ServiceRequest], code_text: str
) -> list[tuple[dt.datetime, str]]:
    """Return (start, dosage line) of every session of one exercise."""
    found = []
    for request in requests:
        if request.code.text == code_text:
            instruction = request.patientInstruction
            found += [(start, instruction) for start in _expand(request)]
    return sorted(found)


def _same(
    sessions: list[ScheduledSession], found: list[tuple[dt.datetime, str]]
) -> None:
    """Assert the timings give exactly these session starts and dosages."""
    assert [s.start for s in sessions] == [start for start, _ in found]
    for session, (_, instruction) in zip(sessions, found, strict=True):
        assert instruction.startswith(str(session.routine.items[0].dosage))


def _check_invariants(bundle: dict[str, typing.Any]) -> None:
    """Check what FHIR requires and fhir.resources does not."""
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(urls) == len(set(urls))  # bdl-7
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", url) for url in urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert "request" not in entry  # bdl-3: a collection
    text = json.dumps(bundle)
    for reference in re.findall(r'"reference": "([^"]*)"', text):
        assert reference in urls
    assert '""' not in text  # no empty strings
    for resource in (entry["resource"] for entry in bundle["entry"]):
        if resource["resourceType"] == "CarePlan":
            assert resource["intent"] in CARE_PLAN_INTENT
            for activity in resource["activity"]:
                assert "detail" not in activity  # cpl-3
        if resource["resourceType"] != "ServiceRequest":
            continue
        assert resource["status"] in REQUEST_STATUS
        assert resource["intent"] in REQUEST_INTENT
        for extension in resource["extension"]:
            assert extension["url"].startswith("https://")
        timing = resource["occurrenceTiming"]
        repeat = timing["repeat"]
        assert repeat["periodUnit"] in UNITS  # tim-2
        assert set(repeat.get("dayOfWeek", [])) <= DAYS
        assert "when" not in repeat  # tim-10
        assert all(TIME.fullmatch(time) for time in repeat["timeOfDay"])
        assert repeat["count"] == len(timing.get("event", [])) or (
            "event" not in timing
        )


class TestSciaticaPlan:
    """A six-week sciatica plan exports as a Bundle that matches it."""

    @pytest.fixture
    def plan(self) -> Plan:
        """Return six weeks of the sciatica routine, twice a day."""
        routine = load_catalog().routine("sciatica:sciatica-relief")
        return Plan(
            routine=routine,
            start=dt.date(2026, 9, 28),
            weeks=6,
            times=[dt.time(8), dt.time(18, 30)],
            timezone="Australia/Sydney",
        )

    def test_parses_and_timing_matches_every_session(self, plan: Plan) -> None:
        """Each exercise's timing gives exactly the plan's 84 sessions."""
        bundle = to_fhir(plan)
        requests = _requests(bundle)
        sessions = list(plan.sessions())

        assert 84 == len(sessions)
        assert len(plan.routine.items) == len(requests)
        for index, item in enumerate(plan.routine.items):
            found = _item_sessions(requests, item.exercise.name)
            assert [s.start for s in sessions] == [start for start, _ in found]
            assert all(
                text.startswith(str(item.dosage)) for _, text in found
            ), index

    def test_timing_fields(self, plan: Plan) -> None:
        """The repeat gives days, times, bounds and count field by field."""
        request = _requests(to_fhir(plan))[0]
        timing = request.occurrenceTiming
        repeat = timing.repeat
        sessions = list(plan.sessions())

        assert timing.event is None  # the rule alone is exact
        assert None is repeat.dayOfWeek  # every day
        assert [dt.time(8), dt.time(18, 30)] == repeat.timeOfDay
        assert (2, 1, "d") == (
            repeat.frequency,
            repeat.period,
            repeat.periodUnit,
        )
        assert sessions[0].start == repeat.boundsPeriod.start
        assert sessions[-1].end == repeat.boundsPeriod.end
        assert 84 == repeat.count

    def test_invariants(self, plan: Plan) -> None:
        """The Bundle keeps the rules fhir.resources does not check."""
        _check_invariants(to_fhir(plan))

    def test_every_step_and_cue_travels(self, plan: Plan) -> None:
        """Each request's notes and narrative hold its steps and cues."""
        bundle = to_fhir(plan)
        requests = _requests(bundle)

        for item, request in zip(plan.routine.items, requests, strict=True):
            notes = "\n".join(note.text for note in request.note)
            narrative = request.text.div
            for text in (*item.exercise.steps, *item.exercise.safety_cues):
                assert fhir_module.markdown_line(text) in notes
                assert fhir_module._esc(text) in narrative


class TestShape:
    """The Bundle has the resources and codes the issue names."""

    def test_resources(self) -> None:
        """A bare Patient, one CarePlan, then one request per exercise."""
        bundle = to_fhir(_plan())
        kinds = [
            entry["resource"]["resourceType"] for entry in bundle["entry"]
        ]

        assert ("Bundle", "collection") == (
            bundle["resourceType"],
            bundle["type"],
        )
        assert ["Patient", "CarePlan", "ServiceRequest", "ServiceRequest"] == (
            kinds
        )

    def test_bare_patient_is_only_an_id(self) -> None:
        """Without a subject nothing about the patient is invented."""
        patient = to_fhir(_plan())["entry"][0]["resource"]

        assert {"resourceType", "id"} == set(patient)

    def test_request(self) -> None:
        """A request carries the code, dosage, sides, notes and plan link."""
        entries = to_fhir(_plan())["entry"]
        care_plan_url = entries[1]["fullUrl"]
        clam = entries[3]["resource"]

        assert {
            "system": "http://snomed.info/sct",
            "code": "229065009",
            "display": "Exercise therapy",
        } == clam["code"]["coding"][0]
        assert "Clam" == clam["code"]["text"]
        assert (
            "1 Set / 8 Reps / 5 s hold, each side in turn"
            == clam["patientInstruction"]
        )
        assert [{"reference": care_plan_url}] == clam["basedOn"]
        assert clam["subject"] == clam["performer"][0]
        assert [
            "Open the knees like a shell.",
            "Starting position: Lying on your side",
            "Equipment: mat",
            "Steps:\n\n1. Lie on your side.\n2. Lift the top knee.",
        ] == [note["text"] for note in clam["note"]]

    def test_dosage_extension(self) -> None:
        """Sets, reps, hold, rests and sides travel in one extension."""
        clam = to_fhir(_plan())["entry"][3]["resource"]
        (extension,) = clam["extension"]

        assert fhir_module.DOSAGE_EXTENSION_URL == extension["url"]
        assert {
            "notation": "1 Set / 8 Reps / 5 s hold",
            "sets": 1,
            "reps": 8,
            "holdSeconds": 5,
            "restBetweenRepsSeconds": 0,
            "restBetweenSetsSeconds": 30,
            "laterality": "each-side",
            "phase": 1,
        } == {
            child["url"]: next(
                value for key, value in child.items() if key != "url"
            )
            for child in extension["extension"]
        }

    def test_care_plan(self) -> None:
        """The CarePlan names the program, its dates and its activities."""
        entries = to_fhir(_plan(days=["mon", "wed", "fri"]))["entry"]
        care_plan = entries[1]["resource"]

        assert ("active", "plan") == (care_plan["status"], care_plan["intent"])
        assert "Knee care" == care_plan["title"]
        assert "Two moves for the knee." == care_plan["description"]
        assert {"start": "2026-09-28", "end": "2026-11-06"} == (
            care_plan["period"]
        )
        assert [
            {"reference": {"reference": entry["fullUrl"]}}
            for entry in entries[2:]
        ] == care_plan["activity"]
        assert [{"text": "Warm up first."}] == care_plan["note"]

    def test_weekdays(self) -> None:
        """Chosen weekdays are dayOfWeek codes."""
        request = _requests(to_fhir(_plan(days=["mon", "wed", "fri"])))[0]

        assert [
            "mon",
            "wed",
            "fri",
        ] == request.occurrenceTiming.repeat.dayOfWeek

    def test_zone_is_carried(self) -> None:
        """The plan's IANA zone is on boundsPeriod.start (tz-code)."""
        repeat = to_fhir(_plan())["entry"][2]["resource"]["occurrenceTiming"][
            "repeat"
        ]

        assert {
            "extension": [
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/tz-code",
                    "valueCode": "Australia/Sydney",
                }
            ]
        } == repeat["boundsPeriod"]["_start"]
        assert "2026-09-28T08:00:00+10:00" == repeat["boundsPeriod"]["start"]

    def test_same_plan_same_bundle(self) -> None:
        """Exporting twice gives the same Bundle, ids and all."""
        assert to_fhir(_plan()) == to_fhir(_plan())

    def test_ids_depend_on_the_subject(self) -> None:
        """Two patients' Bundles of one plan share no id."""
        one = to_fhir(_plan(), subject="Patient/1")
        two = to_fhir(_plan(), subject="Patient/2")

        ids = {entry["fullUrl"] for entry in one["entry"]}
        assert not ids & {entry["fullUrl"] for entry in two["entry"]}


class TestTiming:
    """The timing describes exactly the sessions, also at clock changes."""

    def test_progression_splits_into_phases(self) -> None:
        """A growing dosage gives one request per exercise and dosage."""
        plan = _plan(
            weeks=3, progression=Progression(every_weeks=1, add_reps=2)
        )
        bundle = to_fhir(plan)
        requests = _requests(bundle)
        sessions = list(plan.sessions())

        assert 6 == len(requests)
        assert [
            "2 Sets / 10 Reps",
            "2 Sets / 12 Reps",
            "2 Sets / 14 Reps",
        ] == [
            r.patientInstruction
            for r in requests
            if r.code.text == "Knee bend"
        ]
        _same(sessions, _item_sessions(requests, "Knee bend"))
        _check_invariants(bundle)

    def test_shifted_session_is_listed(self) -> None:
        """A session moved out of a clock-change gap is listed in event."""
        plan = _plan(
            start=dt.date(2026, 3, 6),
            weeks=1,
            timezone="America/New_York",
            times=[dt.time(2, 30)],
        )
        request = _requests(to_fhir(plan))[0]
        sessions = list(plan.sessions())

        assert [s.start for s in sessions] == request.occurrenceTiming.event
        assert (
            dt.datetime(
                2026, 3, 8, 3, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")
            )
            in request.occurrenceTiming.event
        )

    def test_skipped_session_is_left_out(self) -> None:
        """With gap_policy='skip' the events leave the missing session out."""
        plan = _plan(
            start=dt.date(2026, 3, 6),
            weeks=1,
            timezone="America/New_York",
            times=[dt.time(2, 30)],
            gap_policy="skip",
        )
        timing = _requests(to_fhir(plan))[0].occurrenceTiming

        assert 6 == len(timing.event) == timing.repeat.count

    def test_count_bound(self) -> None:
        """A plan bounded by a count gives that count."""
        repeat = _requests(to_fhir(_plan(weeks=None, count=5)))[
            0
        ].occurrenceTiming.repeat

        assert 5 == repeat.count

    @settings(max_examples=40, deadline=None)
    @given(plan=plans())
    def test_timing_is_the_sessions(self, plan: Plan) -> None:
        """For any plan, each exercise's timings give exactly its sessions."""
        sessions = list(plan.sessions())
        if not sessions:
            with pytest.raises(ScheduleError):
                to_fhir(plan)
            return
        bundle = to_fhir(plan)
        requests = _requests(bundle)

        _check_invariants(bundle)
        for index, item in enumerate(plan.routine.items):
            found = _item_sessions(requests, item.exercise.name)
            if len(plan.routine.items) == len(
                {i.exercise.name for i in plan.routine.items}
            ):
                assert [s.start for s in sessions] == [s for s, _ in found]
                dosages = [
                    str(s.routine.items[index].dosage) for s in sessions
                ]
                assert all(
                    text.startswith(dose)
                    for dose, (_, text) in zip(dosages, found, strict=True)
                )


class TestHostileText:
    """Pack text cannot add markup to the narrative or the notes."""

    @settings(max_examples=30, deadline=None)
    @given(exercise=hostile_exercises())
    def test_hostile_exercise(self, exercise: Exercise) -> None:
        """Narratives stay one div; notes and strings have no controls."""
        plan = _plan(
            routine=Routine(
                id="r", name="R", items=[exercise.prescribe("1x5")]
            ),
            weeks=1,
        )
        bundle = to_fhir(plan)
        Bundle.model_validate(bundle)
        request = bundle["entry"][2]["resource"]
        div = request["text"]["div"]

        assert 1 == div.count("<div")
        assert re.fullmatch(
            r'<div xmlns="http://www\.w3\.org/1999/xhtml">'
            r"(?:</?(?:p|b|ol|ul|li)>|[^<>])*</div>",
            div,
        )
        assert not re.search(
            "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]",
            json.dumps(bundle, ensure_ascii=False),
        )
        for note in request["note"]:
            assert "<" not in note["text"]
            assert "](" not in note["text"].replace("\\](", "")


class TestArguments:
    """Subject, requester, identifiers and time are optional and checked."""

    def test_references_and_identifiers(self) -> None:
        """Given references and identifiers land where FHIR puts them."""
        bundle = to_fhir(
            _plan(),
            subject="Patient/123",
            requester="Practitioner/7",
            identifiers=[("https://clinic.example/plans", "P-1")],
            authored_on=dt.date(2026, 9, 1),
        )
        kinds = [
            entry["resource"]["resourceType"] for entry in bundle["entry"]
        ]
        care_plan = bundle["entry"][0]["resource"]
        request = bundle["entry"][1]["resource"]

        assert "Patient" not in kinds
        assert [
            {"system": "https://clinic.example/plans", "value": "P-1"}
        ] == (care_plan["identifier"])
        assert {"reference": "Patient/123"} == care_plan["subject"]
        assert {"reference": "Practitioner/7"} == care_plan["author"]
        assert "2026-09-01" == care_plan["created"]
        assert {"reference": "Patient/123"} == request["subject"]
        assert [{"reference": "Patient/123"}] == request["performer"]
        assert {"reference": "Practitioner/7"} == request["requester"]
        assert "2026-09-01" == request["authoredOn"]
        Bundle.model_validate(bundle)

    def test_identifier_pairs_may_be_lists(self) -> None:
        """Identifier pairs read from JSON (lists) are accepted."""
        bundle = to_fhir(_plan(), identifiers=[["urn:oid:1.2.3", "7"]])

        assert [{"system": "urn:oid:1.2.3", "value": "7"}] == bundle["entry"][
            1
        ]["resource"]["identifier"]

    def test_group_subject_is_no_performer(self) -> None:
        """A Group subject is not named as who performs the exercise."""
        request = to_fhir(_plan(), subject="Group/g1")["entry"][1]["resource"]

        assert "performer" not in request

    def test_aware_authored_on(self) -> None:
        """An aware datetime is written with its offset."""
        when = dt.datetime(
            2026, 9, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=10))
        )
        request = to_fhir(_plan(), authored_on=when)["entry"][2]["resource"]

        assert "2026-09-01T09:30:00+10:00" == request["authoredOn"]

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"subject": "123"}, "subject"),
            ({"subject": "Patient/"}, "subject"),
            ({"subject": "Patient/1 2"}, "subject"),
            ({"subject": 5}, "subject"),
            ({"requester": "javascript:alert(1)"}, "requester"),
            ({"identifiers": "abc"}, "identifiers"),
            ({"identifiers": [("no-scheme", "1")]}, "identifiers"),
            ({"identifiers": [("https://x.example", "")]}, "identifiers"),
            ({"identifiers": [("https://x.example", "a\nb")]}, "identifiers"),
            ({"identifiers": [("https://x.example",)]}, "identifiers"),
            (
                {"identifiers": [("https://x.example", "1")] * 21},
                "identifiers",
            ),
            # an endless iterable is refused without reading it all
            (
                {"identifiers": itertools.repeat(("https://x.example", "1"))},
                "identifiers",
            ),
            ({"authored_on": dt.datetime(2026, 1, 1)}, "authored_on"),  # noqa: DTZ001 -- the naive datetime refused
            ({"authored_on": "2026-01-01"}, "authored_on"),
        ],
    )
    def test_refused(
        self, arguments: dict[str, typing.Any], field: str
    ) -> None:
        """A malformed argument raises InvalidValueError naming it."""
        with pytest.raises(InvalidValueError) as caught:
            to_fhir(_plan(), **arguments)

        assert field == caught.value.field

    @pytest.mark.parametrize(
        "reference",
        [
            "Patient/123",
            "https://fhir.clinic.example/r4/Patient/a.b-1",
            "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
            "urn:oid:1.2.36.1",
        ],
    )
    def test_accepted_references(self, reference: str) -> None:
        """Relative, absolute and URN references are accepted."""
        bundle = to_fhir(_plan(), subject=reference)

        assert {"reference": reference} == bundle["entry"][0]["resource"][
            "subject"
        ]

    def test_plan_without_sessions(self) -> None:
        """A plan that has no session cannot be exported."""
        plan = _plan(
            weeks=None,
            start=dt.date(2026, 3, 8),
            end=dt.date(2026, 3, 8),
            timezone="America/New_York",
            times=[dt.time(2, 30)],
            gap_policy="skip",
        )

        with pytest.raises(ScheduleError) as caught:
            to_fhir(plan)

        assert "end" == caught.value.field


class TestCommandLine:
    """exerciselib export --fhir writes the Bundle of a plan."""

    def test_export(self, tmp_path: pathlib.Path) -> None:
        """The file holds a Bundle that fhir.resources reads."""
        path = tmp_path / "plan.json"
        out, err = io.StringIO(), io.StringIO()
        code = run(
            [
                "export",
                "sciatica:sciatica-relief",
                "--fhir",
                str(path),
                "--start",
                "2026-12-07",
                "--weeks",
                "6",
                "--tz",
                "Europe/Berlin",
                "--subject",
                "Patient/p1",
            ],
            stdout=out,
            stderr=err,
        )
        bundle = json.loads(path.read_text("utf-8"))

        assert 0 == code, err.getvalue()
        assert 4 == len(_requests(bundle))
        assert (
            42
            == bundle["entry"][1]["resource"]["occurrenceTiming"]["repeat"][
                "count"
            ]
        )

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--fhir", "x.json"], "a plan needs --start"),
            (
                ["--html", "x.html", "--subject", "Patient/1"],
                "--subject and --requester apply to --fhir",
            ),
        ],
    )
    def test_usage_errors(self, extra: list[str], message: str) -> None:
        """Missing plan options or misplaced FHIR options are usage errors."""
        err = io.StringIO()
        code = run(
            ["export", "sciatica:sciatica-relief", *extra],
            stdout=io.StringIO(),
            stderr=err,
        )

        assert 2 == code
        assert message in err.getvalue()


class TestDocstringExamples:
    """The examples in the FHIR module's docstrings are right."""

    def test_doctests(self) -> None:
        """Each docstring example of the FHIR export holds."""
        result = doctest.testmod(fhir_module)

        assert result.attempted > 0
        assert 0 == result.failed
