"""Exact readings: every field of one finding, as docs/scenarios.md and the evaluator state it.

The tests of issue 12 ("Tests that would notice") check each rule of an area this way: the
decision, the rule id, the citations in order, the missing facts in order, the facts the
rule read (which ``explain`` prints), the conditions, the consequence and the reason, word for
word. A change to any of them, which ``tox -e mutation`` makes on purpose, fails a test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ala_policy import Engine, Finding
from ala_policy.testing import scenario


@dataclasses.dataclass(frozen=True)
class Reading:
    """One section of an area and everything its one finding must say."""

    #: the pytest id
    name: str
    facts: Mapping[str, Any]
    decision: str
    rule: str
    cites: tuple[str, ...]
    #: the reason, word for word
    reason: str
    missing: tuple[str, ...] = ()
    used: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    consequence: str | None = None
    role: str = "member"
    member: bool | None = None
    date: str = "2026-03-01"


def decide(engine: Engine, area: str, reading: Reading) -> Finding:
    """The one finding of ``reading``'s section, from the area's own plugin, without a fault."""
    sections: dict[str, Any] = {area: dict(reading.facts)}
    data = scenario(role=reading.role, member=reading.member, date=reading.date, **sections)
    outcome = engine.evaluate(data)
    assert len(outcome.findings) == 1, outcome.findings
    (finding,) = outcome.findings
    assert finding.area == area
    assert finding.plugin == area
    assert finding.error is None, finding.error
    assert outcome.decision is finding.decision
    return finding


def check(
    engine: Engine, area: str, reading: Reading, rules: Mapping[str, tuple[str, ...]]
) -> Finding:
    """Decide ``reading`` and check every field of its finding; the rule must be one the
    plugin declares, with every clause it cites among those declared for the rule."""
    finding = decide(engine, area, reading)
    got = {
        "decision": finding.decision.value,
        "rule": finding.rule,
        "cites": tuple(c.id for c in finding.citations),
        "missing": finding.missing_facts,
        "used": finding.facts_used,
        "conditions": finding.conditions,
        "consequence": finding.consequence,
        "reason": finding.reason,
    }
    want = {
        "decision": reading.decision,
        "rule": reading.rule,
        "cites": reading.cites,
        "missing": reading.missing,
        "used": reading.used,
        "conditions": reading.conditions,
        "consequence": reading.consequence,
        "reason": reading.reason,
    }
    assert got == want
    assert reading.rule in rules, f"{reading.rule} is not declared"
    assert set(reading.cites) <= set(rules[reading.rule]), (reading.cites, rules[reading.rule])
    assert all(c.text.strip() for c in finding.citations)
    return finding
