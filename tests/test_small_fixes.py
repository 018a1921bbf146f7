"""
Tests for smaller faults found by attack.

Packs and catalogs pickle; a shifted session that would end exactly when
the next one starts is skipped, as docs/scheduling.md says.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib  # noqa: TC003 -- fixtures are typed at runtime
import pickle

import pytest
from tests.sites import manifest

from exerciselib import Catalog, Plan, load_catalog

pytestmark = pytest.mark.usefixtures("fresh_catalog")


class TestPickle:
    """Packs and catalogs survive pickling (for multiprocessing)."""

    def test_catalog(self, tmp_path: pathlib.Path) -> None:
        """A catalog with a pack, extensions and a failure round-trips."""
        good = tmp_path / "good"
        good.mkdir()
        data = manifest("good", **{"x-acme": {"levels": [1, {"a": None}]}})
        (good / "pack.json").write_text(json.dumps(data), encoding="utf-8")
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "pack.json").write_text("[]", encoding="utf-8")
        catalog = load_catalog(discover=False, paths=[good, bad])

        copy = pickle.loads(pickle.dumps(catalog))  # noqa: S301 -- our own data

        assert isinstance(copy, Catalog)
        assert catalog == copy
        assert catalog.packs["good"] == copy.packs["good"]
        assert [e.reason for e in catalog.failures] == [
            e.reason for e in copy.failures
        ]
        assert "Reach" == copy.exercise("good:reach").name

    def test_installed_pack(self) -> None:
        """An installed pack round-trips, its routines intact."""
        pack = load_catalog().pack("sciatica")

        copy = pickle.loads(pickle.dumps(pack))  # noqa: S301 -- our own data

        assert pack == copy
        assert pack.routine("sciatica-relief") == copy.routine(
            "sciatica-relief"
        )


class TestShiftedSession:
    """A shifted session never lands on or after the next one."""

    def test_ending_exactly_at_next_start_is_skipped(self) -> None:
        """A session shifted to end exactly at the next start is left out."""
        routine = load_catalog().routine("sciatica:sciatica-relief")
        # 02:30 does not exist on 2026-03-29 in Berlin: shifted to 03:30,
        # the 4 min 20 s session would end at 03:34:20, the next start.
        plan = Plan(
            routine=routine,
            timezone="Europe/Berlin",
            start=dt.date(2026, 3, 29),
            end=dt.date(2026, 3, 29),
            times=(dt.time(2, 30), dt.time(3, 34, 20)),
        )

        sessions = list(plan.sessions())

        assert [dt.time(3, 34, 20)] == [s.start.time() for s in sessions]
        assert not sessions[0].shifted
