from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from ala_policy import Engine
from ala_policy.testing import make_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Every built-in plugin, no entry-point scan (shared: engines are immutable)."""
    return make_engine()


# `tox -e fuzz` runs `pytest tests/test_properties.py --hypothesis-profile=long`. Hypothesis
# applies that option when pytest is configured, before test modules are imported, so the
# profile is registered here; the quick profile the suite runs is test_properties.py's own.
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
