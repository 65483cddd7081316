from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from ala_policy import Engine
from ala_policy.testing import make_engine


@pytest.fixture(autouse=True)
def _workers_from_two_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--jobs`` starts worker processes only for input of ``MIN_CHUNKS`` chunks (8,192
    scenarios) or more; the suite's batches are smaller, so in this process workers start
    from two chunks, as they once did, and the tests of ``--jobs`` keep reaching them.
    tests/test_batch.py checks the threshold itself; CLIs run as subprocesses keep it."""
    monkeypatch.setattr("ala_policy.batch.MIN_CHUNKS", 2)


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
