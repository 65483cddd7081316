from __future__ import annotations

import pytest

from ala_policy import Engine
from ala_policy.testing import make_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Every built-in plugin, no entry-point scan (shared: engines are immutable)."""
    return make_engine()
