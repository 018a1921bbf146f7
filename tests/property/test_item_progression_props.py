"""Properties of per-item progression: each item keeps the invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from exerciselib import Dosage, Plan
from strategies import item_progression_plans

pytestmark = pytest.mark.property


def _values(dosage: Dosage) -> tuple[float, ...]:
    """The fields a progression grows, in one comparable tuple."""
    return (
        dosage.reps,
        dosage.reps_max or 0,
        dosage.sets,
        dosage.hold_seconds,
        dosage.work_seconds or 0.0,
        dosage.load_kg or 0.0,
    )


class TestItemProgression:
    """
    Per item, with its own progression or the plan's.

    A field never passes its cap, never drops below the base, and never
    decreases from session to session except at that item's explicit
    regression (under double progression, the load never decreases and
    the reps drop back only when the load rises); an item without a
    progression keeps its base dosage; the plan survives JSON unchanged.
    """

    @given(item_progression_plans())
    def test_invariants_per_item(self, plan: Plan) -> None:
        """Caps, base floor and monotonic growth hold item by item."""
        previous: list[tuple[float, ...]] | None = None
        for session in plan.sessions():
            current = []
            for index, (base, item, progression) in enumerate(
                zip(
                    plan.routine.items,
                    session.routine.items,
                    plan.progressions,
                    strict=True,
                )
            ):
                now = _values(item.dosage)
                current.append(now)
                if progression is None:
                    assert base.dosage == item.dosage
                    continue
                max_reps, max_hold, max_sets = progression.caps
                assert all(
                    a >= b
                    for a, b in zip(now, _values(base.dosage), strict=True)
                )
                assert (item.dosage.reps_max or item.dosage.reps) <= max_reps
                assert item.dosage.sets <= max(max_sets, base.dosage.sets)
                assert item.dosage.hold_seconds <= max(
                    max_hold, base.dosage.hold_seconds
                )
                if progression.max_work_seconds and item.dosage.work_seconds:
                    assert item.dosage.work_seconds <= max(
                        progression.max_work_seconds,
                        base.dosage.work_seconds or 0,
                    )
                if progression.max_load and item.dosage.load_kg:
                    assert item.dosage.load_kg <= max(
                        progression.max_load, base.dosage.load_kg or 0
                    )
                if (
                    previous is None
                    or session.number == progression.regress_from_session
                ):
                    continue
                before = previous[index]
                if progression.double and item.dosage.reps_max:
                    # Load first, then reps: a new cycle restarts reps.
                    assert (before[5], before[0]) <= (now[5], now[0])
                    assert all(
                        a <= b
                        for a, b in zip(before[2:5], now[2:5], strict=True)
                    )
                    if now[5] == before[5]:
                        assert before[0] <= now[0]
                    assert item.dosage.reps < item.dosage.reps_max
                else:
                    assert all(
                        a <= b for a, b in zip(before, now, strict=True)
                    )
            previous = current

    @given(item_progression_plans())
    def test_json_round_trip(self, plan: Plan) -> None:
        """A plan with item progressions survives JSON text unchanged."""
        text = json.dumps(plan.to_dict())

        assert plan == Plan.from_dict(json.loads(text))
