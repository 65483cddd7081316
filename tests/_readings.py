"""Checks shared by the tests of the area evaluators' readings."""

from __future__ import annotations

from typing import Any

from ala_policy import Decision, Engine, Finding, Outcome
from ala_policy.testing import assert_outcome, scenario


def duty(duty_id: str) -> str:
    """The wording of a duty, as the policy data in force today states it."""
    import datetime

    from ala_policy.testing import make_engine

    engine = make_engine(builtins=["ala_policies", "certification"])
    return engine.corpus.duty(duty_id, datetime.date.today())


OPT_OUT = duty("nonsolicitation/opt-out")
NO_COPYING = duty("nonsolicitation/no-copying")
NO_SOLICITATION = duty("nonsolicitation/no-solicitation")
NOT_TO_MARKET = duty("nonsolicitation/not-to-market")
EDUCATOR_CARDS = duty("nonsolicitation/educator-cards")

CONSEQUENCE = (
    "Violations are subject to immediate cancellation of membership, without refund, and loss "
    "of all rights and privileges."
)


def single_finding(
    engine: Engine,
    area: str,
    role: str,
    facts: dict[str, Any],
    *,
    member: bool | None = None,
    date: str | None = None,
) -> tuple[Outcome, Finding]:
    """Decide one section of ``area`` and return the outcome with its one finding, which
    must come from the area's own plugin without a fault."""
    sections: dict[str, Any] = {area: facts}
    data = scenario(role=role, **sections)
    if member is not None:
        data["actor"]["member"] = member
    if date is not None:
        data["date"] = date
    outcome = engine.evaluate(data)
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
    *,
    conditions: tuple[str, ...] | None = None,
    consequence: bool | None = None,
) -> None:
    """One reading of docs/scenarios.md: decision, rule, exact citations and missing facts;
    the Nonsolicitation Policy's consequence on (and only on) prohibited findings that cite
    it, unless ``consequence`` says otherwise (``False`` for an actor who is not a member);
    conditions on (and only on) conditional findings (exactly ``conditions``, where given);
    every finding cites, with text; a reason that names every missing fact."""
    assert_outcome(outcome, decision, cites=cites, missing=missing)
    assert finding.rule == rule
    assert [c.id for c in finding.citations] == list(cites)
    assert finding.missing_facts == missing
    assert finding.reason.strip()
    for fact in missing:
        assert fact in finding.reason, (fact, finding.reason)
    cites_policy = any(c.id.startswith("nonsolicitation/") for c in finding.citations)
    if consequence is None:
        consequence = finding.decision is Decision.PROHIBITED and cites_policy
    assert finding.consequence == (CONSEQUENCE if consequence else None)
    assert finding.citations
    assert all(c.text.strip() for c in finding.citations)
    if finding.decision is Decision.CONDITIONAL:
        assert finding.conditions
    else:
        assert finding.conditions == ()
    if conditions is not None:
        assert finding.conditions == conditions
