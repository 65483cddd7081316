"""Checks shared by the tests of the Nonsolicitation evaluators' readings."""

from __future__ import annotations

from ala_policy import Decision, Finding, Outcome
from ala_policy.testing import assert_outcome

CONSEQUENCE = (
    "Violations are subject to immediate cancellation of membership, without refund, and loss "
    "of all rights and privileges."
)


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
