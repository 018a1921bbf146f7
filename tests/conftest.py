"""Shared test configuration: Hypothesis profiles."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Verbosity, settings

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
