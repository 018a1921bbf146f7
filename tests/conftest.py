"""Shared test configuration: Hypothesis profiles and pack fixtures."""

from __future__ import annotations

import os
import pathlib  # noqa: TC003 -- fixtures are typed at runtime
import typing

import pytest
from hypothesis import HealthCheck, Verbosity, settings
from tests.icaljs import IcalJs
from tests.icaljs import start as start_icaljs
from tests.sites import Site

from exerciselib import refresh_catalog

# "default" is quick, for every run and CI; "thorough" explores far more
# examples; "debug" prints what Hypothesis tries. Choose with
# HYPOTHESIS_PROFILE=thorough.
settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("debug", max_examples=20, verbosity=Verbosity.debug)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def fresh_catalog(
    monkeypatch: pytest.MonkeyPatch,
) -> typing.Iterator[None]:
    """Clear the catalog cache and the pack environment variables."""
    for name in (
        "EXERCISELIB_NO_DISCOVERY",
        "EXERCISELIB_BLOCKED_PACKS",
        "EXERCISELIB_STRICT_PACKS",
    ):
        monkeypatch.delenv(name, raising=False)
    refresh_catalog()
    yield
    refresh_catalog()


@pytest.fixture
def site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    """Return an empty site folder placed first on ``sys.path``."""
    made = Site(tmp_path / "site")
    monkeypatch.syspath_prepend(str(made.root))
    return made


@pytest.fixture(scope="session")
def icaljs() -> typing.Iterator[IcalJs]:
    """Return ical.js, a second calendar reader (skips if it is missing)."""
    reader = start_icaljs()
    yield reader
    reader.close()


@pytest.fixture(scope="module", params=["fast", "jsonschema"])
def validator_path(request: pytest.FixtureRequest) -> typing.Iterator[str]:
    """
    Run a module's tests on each validation path, the results identical.

    ``fast`` lets jsonschema-rs accept valid documents first (the ``fast``
    extra, installed by the ``test`` extra); ``jsonschema`` switches it
    off through ``exerciselib._schema.USE_FAST``.
    """
    from exerciselib import _schema  # noqa: PLC0415 -- private switch

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_schema, "USE_FAST", request.param == "fast")
        yield request.param
