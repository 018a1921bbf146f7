"""Shared Hypothesis strategies for exerciselib's tests."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import attrs
from hypothesis import strategies as st

from exerciselib import (
    ALL_DAYS,
    Credit,
    Dosage,
    Exercise,
    Frequency,
    GapPolicy,
    Group,
    Laterality,
    Media,
    Plan,
    Progression,
    Routine,
    RoutineItem,
    ScheduleError,
    Weekday,
)
from exerciselib._model.dosage import (
    BAND_COLOURS,
    MAX_KG,
    MAX_LB,
    MAX_METRES,
    MAX_REPS,
    MAX_RIR,
    MAX_SECONDS,
    MAX_SETS,
    MAX_TEMPO_PHASE,
)
from exerciselib._model.types import CREDIT_ROLES, MEDIA_KINDS

# ---------------------------------------------------------------------------
# core types: Dosage, Exercise, Routine and the pieces they are made of
# ---------------------------------------------------------------------------

#: A number of seconds the way callers pass it: an int, or any float in
#: range (the type rounds it to the millisecond).
seconds = st.one_of(
    st.integers(min_value=0, max_value=int(MAX_SECONDS)),
    st.integers(min_value=0, max_value=int(MAX_SECONDS) * 1000).map(
        lambda ms: ms / 1000
    ),
    st.floats(min_value=0, max_value=MAX_SECONDS),
)

#: The dosages of the first release: sets, reps, hold and rests.
classic_dosages = st.builds(
    Dosage,
    sets=st.integers(min_value=1, max_value=MAX_SETS),
    reps=st.integers(min_value=1, max_value=MAX_REPS),
    hold_seconds=seconds,
    rest_between_reps_seconds=seconds,
    rest_between_sets_seconds=seconds,
)


#: An amount kept to three decimals, more than 0 and at most ``top``.
def _amounts(top: float) -> st.SearchStrategy[float]:
    return st.one_of(
        st.integers(min_value=1, max_value=int(top)).map(float),
        st.integers(min_value=1, max_value=int(top * 1000)).map(
            lambda n: n / 1000
        ),
    )


@st.composite
def _prescriptions(draw: st.DrawFn) -> Dosage:  # noqa: C901 -- a branch a kind
    """
    Any valid dosage of the new kinds.

    Reps, a range, timed work or distance, with a hold or a tempo, one
    load, one effort, rests and per side.
    """
    fields: dict[str, object] = {
        "sets": draw(st.integers(min_value=1, max_value=MAX_SETS)),
        "rest_between_reps_seconds": draw(seconds),
        "rest_between_sets_seconds": draw(seconds),
        "per_side": draw(st.booleans()),
    }
    work = draw(st.sampled_from(["reps", "range", "time", "distance"]))
    if work == "time":
        fields["work_seconds"] = draw(_amounts(MAX_SECONDS))
    elif work == "distance":
        fields["distance_m"] = draw(
            st.integers(min_value=1, max_value=MAX_METRES)
        )
    else:
        reps = draw(st.integers(min_value=1, max_value=MAX_REPS - 1))
        fields["reps"] = reps
        if work == "range":
            fields["reps_max"] = draw(
                st.integers(min_value=reps + 1, max_value=MAX_REPS)
            )
        if draw(st.booleans()):
            fields["hold_seconds"] = draw(seconds)
        else:
            fields["tempo"] = draw(
                st.tuples(*[st.integers(0, MAX_TEMPO_PHASE)] * 4).filter(any)
            )
    load = draw(st.sampled_from(["", "kg", "lb", "band", "bodyweight"]))
    if load == "kg":
        fields["load_kg"] = draw(_amounts(MAX_KG))
    elif load == "lb":
        fields["load_lb"] = draw(_amounts(MAX_LB))
    elif load == "band":
        fields["band"] = draw(st.sampled_from(BAND_COLOURS))
    elif load == "bodyweight":
        fields["bodyweight"] = True
    effort = draw(st.sampled_from(["", "rpe", "rir"]))
    if effort == "rpe":
        fields["rpe"] = draw(st.integers(2, 20)) / 2
    elif effort == "rir":
        fields["rir"] = draw(st.integers(0, MAX_RIR))
    return Dosage(**fields)


#: Every valid dosage, classic and new.
dosages = classic_dosages | _prescriptions()

#: Non-blank text, any Unicode (no surrogates), short to keep tests fast.
texts = st.text(min_size=1, max_size=30).filter(str.strip)
optional_texts = st.none() | texts
text_tuples = st.lists(texts, max_size=3).map(tuple)

_segment = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)

#: Local ids: lower-case ASCII kebab-case starting with a letter.
ids = st.builds(
    lambda first, rest: "-".join([first, *rest]),
    st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True),
    st.lists(_segment, max_size=3),
)

#: Relative paths inside a pack, such as ``images/knee-bend.jpg``.
paths = st.builds(
    lambda parts, ext: "/".join(parts) + ext,
    st.lists(
        st.from_regex(r"[a-z0-9][a-z0-9_-]{0,6}", fullmatch=True),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["", ".jpg", ".png", ".webm", ".tar.gz"]),
)

urls = st.builds(
    lambda scheme, rest: f"{scheme}://{rest}",
    st.sampled_from(["http", "https"]),
    st.from_regex(
        r"[a-z0-9.-]{1,12}(/[a-zA-Z0-9._~-]{0,12}){0,2}", fullmatch=True
    ),
)

credit_records = st.builds(
    Credit,
    name=texts,
    role=st.sampled_from(sorted(CREDIT_ROLES)),
    title=optional_texts,
    organization=optional_texts,
    url=st.none() | urls,
    note=optional_texts,
)

media = st.builds(
    Media,
    path=paths,
    alt=texts,
    kind=st.sampled_from(sorted(MEDIA_KINDS)),
    credit=optional_texts,
    license=st.none() | st.sampled_from(["CC-BY-4.0", "MIT", "CC0-1.0"]),
)

exercises = st.builds(
    Exercise,
    id=ids,
    name=texts,
    summary=texts,
    steps=st.lists(texts, min_size=1, max_size=3).map(tuple),
    safety_cues=text_tuples,
    form_cues=text_tuples,
    laterality=st.sampled_from(Laterality),
    starting_position=optional_texts,
    equipment=text_tuples,
    tags=text_tuples,
    body_regions=text_tuples,
    media=st.lists(media, max_size=2).map(tuple),
    credits=st.lists(credit_records, max_size=2).map(tuple),
)


def _item(
    exercise: Exercise, dosage: Dosage, notes: str | None
) -> RoutineItem:
    """An item; per side only where the exercise has two sides."""
    if dosage.per_side and exercise.laterality.sides != 2:
        dosage = attrs.evolve(dosage, per_side=False)
    return RoutineItem(exercise=exercise, dosage=dosage, notes=notes)


routine_items = st.builds(_item, exercises, dosages, optional_texts)

frequencies = st.builds(
    Frequency,
    times_per_day=st.integers(min_value=1, max_value=12),
    days=st.lists(st.sampled_from(ALL_DAYS), min_size=1, max_size=7),
)

routines = st.builds(
    Routine,
    id=ids,
    name=texts,
    # One id means one exercise in a routine.
    items=st.lists(
        routine_items,
        min_size=1,
        max_size=3,
        unique_by=lambda item: item.exercise.id,
    ).map(tuple),
    description=optional_texts,
    frequency=st.none() | frequencies,
    advice=text_tuples,
    warning_signs=text_tuples,
    credits=st.lists(credit_records, max_size=2).map(tuple),
)


# ---------------------------------------------------------------------------
# schedule: routines, timelines and plans next to real DST transitions
# ---------------------------------------------------------------------------

#: Zones with the transitions the scheduling notes name (section 3.4):
#: common EU/US changes, a 30-minute change, changes at midnight and a
#: skipped calendar day, plus UTC as a control.
DST_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Beirut",
    "Australia/Sydney",
    "Pacific/Apia",
    "UTC",
)
#: The years scanned for transitions; Apia skipped 2011-12-30.
DST_YEARS = {"Pacific/Apia": (2011,)}
_DEFAULT_YEARS = (2024, 2025)


@functools.cache
def transitions(zone: str, year: int) -> tuple[dt.datetime, ...]:
    """
    Return the UTC instants in ``year`` at which ``zone`` changes offset.

    Found by scanning ``utcoffset()`` day by day, then bisecting to the
    minute: hypothesis does not aim at transitions by itself.
    """
    tz = zoneinfo.ZoneInfo(zone)
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    stop = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    day = dt.timedelta(days=1)
    while moment < stop:
        later = moment + day
        if (
            moment.astimezone(tz).utcoffset()
            != later.astimezone(tz).utcoffset()
        ):
            low, high = moment, later
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if (
                    middle.astimezone(tz).utcoffset()
                    == low.astimezone(tz).utcoffset()
                ):
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        moment = later
    return tuple(found)


def _transition_walls(
    zone: str, years: tuple[int, ...] | None = None
) -> list[dt.datetime]:
    """Local wall times just before each transition of ``zone``."""
    tz = zoneinfo.ZoneInfo(zone)
    walls = []
    for year in years or DST_YEARS.get(zone, _DEFAULT_YEARS):
        for instant in transitions(zone, year):
            before = (instant - dt.timedelta(minutes=1)).astimezone(tz)
            walls.append(before.replace(tzinfo=None))
    if not walls:  # UTC: any day will do
        walls.append(dt.datetime(2025, 3, 30, 2, 0))  # noqa: DTZ001 -- a naive wall time
    return walls


_NAMES = ("knee-bend", "hip-lift", "calf-raise", "trunk-twist", "arm-reach")


@st.composite
def simple_exercises(
    draw: st.DrawFn, *, exercise_id: str = "knee-bend"
) -> Exercise:
    """An exercise with any laterality."""
    return Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        summary="Move gently.",
        steps=("Start slowly.",),
        laterality=draw(st.sampled_from(Laterality)),
    )


_SECONDS = (0.0, 0.25, 1.0, 2.5, 5.0, 30.0)
_SHORT_SECONDS = (0.0, 0.5, 1.0, 2.5)


def small_dosages(
    *,
    max_reps: int = 6,
    max_sets: int = 3,
    seconds: tuple[float, ...] = _SECONDS,
) -> st.SearchStrategy[Dosage]:
    """Small dosages in whole and fractional seconds, holds or none."""
    times = st.sampled_from(seconds)
    return st.builds(
        Dosage,
        sets=st.integers(1, max_sets),
        reps=st.integers(1, max_reps),
        hold_seconds=times,
        rest_between_reps_seconds=times,
        rest_between_sets_seconds=times,
    )


@st.composite
def timeline_routines(
    draw: st.DrawFn,
    *,
    max_items: int = 3,
    max_reps: int = 6,
    max_sets: int = 3,
    seconds: tuple[float, ...] = _SECONDS,
) -> Routine:
    """Routines of one to ``max_items`` items with distinct exercises."""
    ids = draw(
        st.lists(
            st.sampled_from(_NAMES),
            min_size=1,
            max_size=max_items,
            unique=True,
        )
    )
    items = [
        draw(simple_exercises(exercise_id=i)).prescribe(
            draw(
                small_dosages(
                    max_reps=max_reps, max_sets=max_sets, seconds=seconds
                )
            )
        )
        for i in ids
    ]
    return Routine(id="generated", name="Generated", items=items)


def timeline_options() -> st.SearchStrategy[dict[str, object]]:
    """Keyword options for ``session_timeline``, zero-length ones too."""
    seconds = st.sampled_from([0, 0.5, 3, 10])
    return st.fixed_dictionaries(
        {},
        optional={
            "affected_side": st.sampled_from(["left", "right", None]),
            "setup_seconds": seconds,
            "transition_seconds": seconds,
            "switch_side_seconds": seconds,
            "rep_seconds": st.sampled_from([0.25, 1, 3]),
        },
    )


def progressions() -> st.SearchStrategy[Progression]:
    """
    Valid progressions, by weeks or by sessions, capped low.

    The caps keep progressed sessions short (minutes), as plans() needs.
    """
    return st.builds(
        Progression,
        every_sessions=st.integers(1, 4),
        add_reps=st.integers(1, 2),
        add_sets=st.integers(0, 1),
        add_hold_seconds=st.sampled_from([0.0, 0.5, 2.0]),
        max_reps=st.integers(3, 6),
        max_sets=st.integers(2, 3),
        max_hold_seconds=st.sampled_from([2.5, 4.0]),
        regress_from_session=st.none() | st.integers(2, 12),
        regress_steps=st.integers(1, 2),
    ) | st.builds(
        Progression,
        every_weeks=st.just(1),
        add_reps=st.integers(1, 2),
        max_reps=st.integers(3, 6),
    )


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    zones: tuple[str, ...] = DST_ZONES,
    gap_policies: tuple[GapPolicy, ...] = (GapPolicy.SHIFT, GapPolicy.SKIP),
    years: tuple[int, ...] | None = None,
) -> Plan:
    """
    Plans that start within 3 days of a real DST transition.

    The first time of day lies within 90 minutes of the transition's
    wall time; a second one, if any, at least 3 hours from it, so that
    (with sessions of a few minutes) only gaps move or drop sessions.
    ``years`` are those whose transitions are used (2024 and 2025 by
    default).
    """
    zone = draw(st.sampled_from(zones))
    wall = draw(st.sampled_from(_transition_walls(zone, years)))
    start = wall.date() + dt.timedelta(days=draw(st.integers(-3, 3)))
    near = wall + dt.timedelta(minutes=15 * draw(st.integers(-6, 6)))
    times = [near.time().replace(second=0, microsecond=0)]
    if draw(st.booleans()):
        later = near + dt.timedelta(minutes=15 * draw(st.integers(12, 84)))
        times.append(later.time())
    bound = draw(st.sampled_from(["end", "weeks", "count"]))
    bounds: dict[str, object] = {
        "end": {"end": start + dt.timedelta(days=draw(st.integers(6, 16)))},
        "weeks": {"weeks": draw(st.integers(1, 2))},
        "count": {"count": draw(st.integers(1, 25))},
    }[bound]  # type: ignore[assignment]
    days = draw(
        st.just(tuple(Weekday))
        | st.lists(st.sampled_from(Weekday), min_size=1, unique=True)
    )
    routine = draw(
        timeline_routines(
            max_items=2, max_reps=3, max_sets=2, seconds=_SHORT_SECONDS
        )
    )
    fields = {
        "routine": routine,
        "start": start,
        "timezone": zone,
        "days": days,
        "times": times,
        "gap_policy": draw(st.sampled_from(gap_policies)),
        **bounds,
    }
    progression = draw(st.none() | progressions())
    try:
        return Plan(progression=progression, **fields)  # type: ignore[arg-type]
    except ScheduleError as error:
        if str(error.field).partition(".")[0] != "progression":
            raise
    return Plan(**fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# exports: hostile pack text
# ---------------------------------------------------------------------------

# Pack text is untrusted. These fragments are the syntax of every format
# the exports write (HTML, Markdown, iCalendar) plus characters that have
# no place in a document; generated text mixes them with arbitrary text.

HOSTILE_FRAGMENTS = (
    "<script>alert(1)</script>",
    "<SCRIPT src=x>",
    "<img src=x onerror=alert(1)>",
    "</li></ol></section><h1>x</h1>",
    "<!--",
    "-->",
    "<![CDATA[",
    '"',
    "'",
    "&",
    "&amp;",
    "&#60;",
    "&lt;",
    "\r\n",
    "\r",
    "\n",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ud800",
    "END:VEVENT\r\nBEGIN:VEVENT",
    "\r\nDTSTART:19700101T000000Z",
    "BEGIN:VALARM",
    ",",
    ";",
    ":",
    "\\",
    "\\n",
    "[x](javascript:alert(1))",
    "![x](x.png)",
    "`",
    "*",
    "_",
    "#",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    "|",
    "~~",
    "    ",
    "===",
    "---",
)


def hostile_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Non-blank text of at most ``max_size`` characters, full of syntax."""
    return (
        st.lists(
            st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=6)),
            min_size=1,
            max_size=6,
        )
        .map("".join)
        .filter(lambda text: bool(text.strip()) and len(text) <= max_size)
    )


def _hostile_texts(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(hostile_text(), max_size=max_size)


def _optional(
    strategy: st.SearchStrategy[str],
) -> st.SearchStrategy[str | None]:
    return st.none() | strategy


@st.composite
def hostile_credits(draw: st.DrawFn) -> Credit:
    """A credit whose every text field is hostile (and with no URL)."""
    return Credit(
        name=draw(hostile_text()),
        role=draw(st.sampled_from(["author", "source", "demonstrator"])),
        title=draw(_optional(hostile_text())),
        organization=draw(_optional(hostile_text())),
        note=draw(_optional(hostile_text())),
    )


@st.composite
def hostile_exercises(draw: st.DrawFn, *, number: int = 1) -> Exercise:
    """An exercise whose every text field is hostile."""
    return Exercise(
        id=f"exercise-{number}",
        name=draw(hostile_text()),
        summary=draw(hostile_text()),
        steps=draw(st.lists(hostile_text(), min_size=1, max_size=4)),
        safety_cues=draw(_hostile_texts()),
        form_cues=draw(_hostile_texts()),
        laterality=draw(st.sampled_from(Laterality)),
        starting_position=draw(_optional(hostile_text())),
        equipment=draw(_hostile_texts(2)),
        media=[
            Media(path="img/picture.png", alt=alt)
            for alt in draw(_hostile_texts(1))
        ],
        credits=draw(st.lists(hostile_credits(), max_size=2)),
    )


@st.composite
def hostile_routines(draw: st.DrawFn) -> Routine:
    """A routine of one to three hostile exercises, with hostile notes."""
    count = draw(st.integers(min_value=1, max_value=3))
    items = [
        draw(hostile_exercises(number=number)).prescribe(
            "2 sets / 10 reps / 5 s hold",
            notes=draw(_optional(hostile_text())),
        )
        for number in range(1, count + 1)
    ]
    return Routine(
        id="hostile-routine",
        name=draw(hostile_text()),
        items=items,
        description=draw(_optional(hostile_text())),
        advice=draw(_hostile_texts()),
        warning_signs=draw(_hostile_texts()),
        credits=draw(st.lists(hostile_credits(), max_size=2)),
    )


# ---------------------------------------------------------------------------
# hostile input: any JSON value, and values that break pack data
# ---------------------------------------------------------------------------

#: Any JSON value: scalars, and arrays and objects of them, a few levels
#: deep. Floats are finite (``json.dumps`` would write NaN as a token).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)

#: Strings with control characters, line and paragraph separators, NUL,
#: bidi overrides and look-alike letters.
control_texts = st.text(
    st.sampled_from(
        "\x00\x01\x07\x1b\x1f\x7f\t\n\r\u0085\u2028\u2029\u202e\u200d"
        "\ufeff\u0430\uff41\u0131a-"
    ),
    min_size=1,
    max_size=12,
)

#: Numbers past every range a pack field allows.
extreme_numbers = st.sampled_from(
    [
        -1,
        0,
        -(10**30),
        10**30,
        2**63,
        -(2**63) - 1,
        10**4000,
        1e308,
        -1e308,
        5e-324,
        -0.0,
    ]
)

#: Values of every JSON type, to put where another type belongs.
swapped_types = st.sampled_from(
    [None, True, False, 0, 1.5, "", "text", [], [1], {}, {"a": 1}]
)


def nested(depth: int) -> object:
    """Return arrays nested ``depth`` levels deep around one value."""
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def small_prescriptions(draw: st.DrawFn) -> Dosage:
    """Small dosages of the new kinds: ranges, tempo, timed, distance."""
    times = st.sampled_from(_SECONDS)
    fields: dict[str, object] = {
        "sets": draw(st.integers(1, 3)),
        "rest_between_reps_seconds": draw(times),
        "rest_between_sets_seconds": draw(times),
    }
    work = draw(st.sampled_from(["range", "tempo", "time", "distance"]))
    if work == "range":
        reps = draw(st.integers(1, 4))
        fields.update(reps=reps, reps_max=draw(st.integers(reps + 1, 6)))
        fields["hold_seconds"] = draw(times)
    elif work == "tempo":
        fields["reps"] = draw(st.integers(1, 5))
        fields["tempo"] = draw(st.tuples(*[st.integers(0, 4)] * 4).filter(any))
    elif work == "time":
        fields["work_seconds"] = draw(st.sampled_from([0.5, 5.0, 30.0]))
    else:
        fields["distance_m"] = draw(st.sampled_from([1, 50, 400, 1000]))
    return Dosage(**fields)


@st.composite
def prescription_routines(draw: st.DrawFn) -> Routine:
    """Routines mixing classic dosages and the new kinds."""
    ids = draw(
        st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3, unique=True)
    )
    items = []
    for exercise_id in ids:
        exercise = draw(simple_exercises(exercise_id=exercise_id))
        dosage = draw(small_prescriptions() | small_dosages())
        if exercise.laterality.sides == 2:
            dosage = attrs.evolve(dosage, per_side=draw(st.booleans()))
        items.append(exercise.prescribe(dosage))
    return Routine(id="generated", name="Generated", items=items)


def growing_progressions() -> st.SearchStrategy[Progression]:
    """Progressions that also grow timed work and load, capped low."""
    return st.builds(
        Progression,
        every_sessions=st.integers(1, 3),
        add_reps=st.integers(0, 2),
        add_sets=st.integers(0, 1),
        add_hold_seconds=st.sampled_from([0.0, 0.5, 2.0]),
        add_work_seconds=st.sampled_from([0.5, 5.0]),
        add_load=st.sampled_from([0.0, 0.5, 2.5]),
        max_reps=st.integers(6, 9),
        max_sets=st.integers(3, 4),
        max_hold_seconds=st.sampled_from([31.0, 40.0]),
        max_work_seconds=st.sampled_from([31.0, 45.0]),
        max_load=st.none() | st.sampled_from([10.0, 12.5]),
        regress_from_session=st.none() | st.integers(2, 12),
    ) | st.builds(
        Progression,
        every_sessions=st.integers(1, 2),
        add_reps=st.integers(1, 3),
        add_load=st.sampled_from([0.5, 2.5]),
        max_load=st.none() | st.sampled_from([7.5, 10.0]),
        double=st.just(True),
    )


@st.composite
def item_progression_plans(draw: st.DrawFn) -> Plan:
    """Plans whose items each may have their own progression (or none)."""
    routine = draw(prescription_routines())
    loads = [
        attrs.evolve(
            item,
            dosage=attrs.evolve(
                item.dosage, load_kg=draw(st.sampled_from([2.5, 5.0]))
            ),
        )
        if draw(st.booleans()) and item.dosage.band is None
        else item
        for item in routine.items
    ]
    routine = attrs.evolve(routine, items=loads)
    own = draw(
        st.dictionaries(
            st.integers(0, len(routine.items) - 1),
            st.none() | growing_progressions(),
            max_size=len(routine.items),
        )
    )
    fields: dict[str, object] = {
        "routine": routine,
        "start": dt.date(2026, 3, 2),
        "count": draw(st.integers(1, 20)),
        "timezone": "UTC",
        "times": [dt.time(6), dt.time(18)],
        "progression": draw(st.none() | growing_progressions()),
        "item_progressions": own,
    }
    try:
        return Plan(**fields)  # type: ignore[arg-type]
    except ScheduleError as error:
        if not error.field.startswith(("progression", "item_progressions")):
            raise
    fields.pop("progression")
    fields.pop("item_progressions")
    return Plan(**fields)  # type: ignore[arg-type]


@st.composite
def grouped_routines(draw: st.DrawFn) -> Routine:
    """Routines of two to five items with one or two groups."""
    routine = draw(
        st.lists(st.sampled_from(_NAMES), min_size=2, max_size=5, unique=True)
    )
    items = []
    for exercise_id in routine:
        exercise = draw(simple_exercises(exercise_id=exercise_id))
        dosage = draw(small_prescriptions() | small_dosages())
        items.append(exercise.prescribe(dosage))
    first = draw(st.integers(0, len(items) - 2))
    size = draw(st.integers(2, len(items) - first))
    groups = [
        Group(
            kind=draw(st.sampled_from(["superset", "circuit"])),
            first=first,
            size=size,
            rest_between_rounds_seconds=draw(st.sampled_from(_SECONDS)),
            rest_between_exercises_seconds=draw(st.sampled_from(_SECONDS)),
        )
    ]
    after = first + size
    if after <= len(items) - 2 and draw(st.booleans()):
        groups.append(Group(kind="circuit", first=after, size=2))
    return Routine(id="grouped", name="Grouped", items=items, groups=groups)
