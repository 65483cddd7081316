"""Every shipped example decides as its ``expect`` block says."""

from __future__ import annotations

from pathlib import Path

import pytest

from ala_policy import Decision, Engine
from ala_policy.inputs import iter_scenario_files

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = iter_scenario_files(EXAMPLES)


def test_there_are_examples() -> None:
    assert len(FILES) >= 1


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example_meets_its_expectation(engine: Engine, path: Path) -> None:
    outcomes = list(engine.evaluate_paths([str(path)]))
    assert outcomes
    for outcome in outcomes:
        assert outcome.decision is not Decision.ERROR, outcome.error
        assert outcome.expect is not None, f"{outcome.id} has no expect block"
        assert outcome.decision.value == outcome.expect.decision, [
            (f.plugin, f.decision.value, f.reason) for f in outcome.findings
        ]
        cited = {c.id for c in outcome.citations}
        assert set(outcome.expect.cites) <= cited, f"{outcome.id}: cited {sorted(cited)}"
