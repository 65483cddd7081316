"""Checks shared by the tests of the area evaluators' readings."""

from __future__ import annotations

from typing import Any

from ala_policy import Decision, Engine, Finding, Outcome
from ala_policy.testing import assert_outcome, scenario

CONSEQUENCE = (
    "Violations are subject to immediate cancellation of membership, without refund, and loss "
    "of all rights and privileges."
)


def single_finding(
    engine: Engine, area: str, role: str, facts: dict[str, Any]
) -> tuple[Outcome, Finding]:
    """Decide one section of ``area`` and return the outcome with its one finding, which
    must come from the area's own plugin without a fault."""
    sections: dict[str, Any] = {area: facts}
    outcome = engine.evaluate(scenario(role=role, **sections))
    assert len(outcome.findings) == 1, outcome.findings
    finding = outcome.findings[0]
    assert finding.area == area
    assert finding.plugin == area
    assert finding.error is None
    return outcome, finding


def check_reading(
    outcome: Outcome,
    finding: Finding,
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    """One reading of section 3a: decision, rule, exact citations and missing facts; the
    policy's consequence on (and only on) prohibited findings; no conditions except on
    permitted ones; permitted ones still cite, with text."""
    assert_outcome(outcome, decision, cites=cites, missing=missing)
    assert finding.rule == rule
    assert [c.id for c in finding.citations] == list(cites)
    assert finding.missing_facts == missing
    assert finding.reason.strip()
    if finding.decision is Decision.PROHIBITED:
        assert finding.consequence == CONSEQUENCE
        assert any(c.id.startswith("nonsolicitation/") for c in finding.citations)
    else:
        assert finding.consequence is None
    if finding.decision is Decision.PERMITTED:
        assert finding.citations
        assert all(c.text.strip() for c in finding.citations)
    if finding.decision is not Decision.PERMITTED:
        assert finding.conditions == ()
