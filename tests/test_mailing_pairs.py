"""The same mailing gets the same answer whichever area declares it (contract, section 3a).

A newsletter or an educational event mailing can be declared as a use of the directory
(``directory_use``) or as an activity (``solicitation``). For members, every relationship
(and unknown) and every number of recipients, both areas must decide alike, and where the
answer is conditional, on the same duties.

The side facts each area has and the other does not are fixed so that they add nothing:
``directory_use`` with ``copies_data: false`` and ``includes_solicitation: false``, and
``solicitation`` with ``opt_out: clear_and_followed`` for a newsletter (``directory_use``
carries the opt-out as a duty, not as a fact).
"""

from __future__ import annotations

from typing import Any

import pytest
from _readings import OPT_OUT

from ala_policy import Decision, Engine, Finding
from ala_policy.testing import scenario

#: directory_use purpose -> the solicitation activity of the same mailing, with the facts
#: the solicitation area needs to match what directory_use holds as a duty.
PAIRS: dict[str, tuple[str, dict[str, Any]]] = {
    "newsletter": ("newsletter", {"opt_out": "clear_and_followed"}),
    "educational_event": ("educational_event_invitation", {}),
}
RELATIONSHIPS = (None, "direct", "requested_followup", "expressed_interest", "met", "none")
RECIPIENTS = ("one", "some", "all")
#: Actors who are members: by role, or stated for the roles that leave it open.
MEMBERS: tuple[tuple[str, bool | None], ...] = (
    ("member", None),
    ("member", True),
    ("staff", True),
    ("business_partner", True),
    ("educator", True),
    ("sponsor", True),
)
#: directory_use's side facts, known false: they add nothing.
SIDE_FACTS_CLEAR = {"copies_data": False, "includes_solicitation": False}


def _one(engine: Engine, role: str, member: bool | None, area: str, facts: Any) -> Finding:
    outcome = engine.evaluate(scenario(role=role, member=member, **{area: facts}))
    (finding,) = outcome.findings
    assert finding.area == area
    assert finding.error is None, finding.error
    return finding


CASES = [
    pytest.param(
        purpose,
        relationship,
        recipients,
        role,
        member,
        id=f"{purpose}-{relationship or 'unknown'}-{recipients}-{role}"
        + ("" if member is None else "-member-true"),
    )
    for purpose in PAIRS
    for relationship in RELATIONSHIPS
    for recipients in RECIPIENTS
    for role, member in MEMBERS
]


@pytest.mark.parametrize(("purpose", "relationship", "recipients", "role", "member"), CASES)
def test_same_mailing_same_answer(
    engine: Engine,
    purpose: str,
    relationship: str | None,
    recipients: str,
    role: str,
    member: bool | None,
) -> None:
    activity, extra = PAIRS[purpose]
    rel = {} if relationship is None else {"relationship": relationship}
    directory = _one(
        engine,
        role,
        member,
        "directory_use",
        {"purpose": purpose, "recipients": recipients, **SIDE_FACTS_CLEAR, **rel},
    )
    solicited = _one(engine, role, member, "solicitation", {"activity": activity, **extra, **rel})
    assert directory.decision is solicited.decision, (directory.reason, solicited.reason)
    if directory.decision is Decision.CONDITIONAL:
        assert directory.conditions == solicited.conditions
    # The same fact is missing in both, each under its own area's name.
    assert [m.split(".", 1)[1] for m in directory.missing_facts] == [
        m.split(".", 1)[1] for m in solicited.missing_facts
    ]
    # Both rest on Q8 (with Q2), and a prohibited mailing bears the same consequence.
    for finding in (directory, solicited):
        cited = [c.id for c in finding.citations]
        assert "nonsolicitation/q8" in cited
        assert "nonsolicitation/q2" in cited
    assert directory.consequence == solicited.consequence


def test_the_pairs_reach_every_decision(engine: Engine) -> None:
    """The walk is not vacuous: it meets each answer a mailing can get."""
    seen = set()
    for purpose, (activity, extra) in PAIRS.items():
        for relationship in RELATIONSHIPS:
            rel = {} if relationship is None else {"relationship": relationship}
            facts = {"activity": activity, **extra, **rel}
            seen.add((purpose, _one(engine, "member", None, "solicitation", facts).decision))
    assert seen == {
        ("newsletter", Decision.CONDITIONAL),
        ("newsletter", Decision.PROHIBITED),
        ("newsletter", Decision.INDETERMINATE),
        ("educational_event", Decision.PERMITTED),
        ("educational_event", Decision.PROHIBITED),
        ("educational_event", Decision.INDETERMINATE),
    }


def test_a_newsletter_with_a_direct_relationship_keeps_the_opt_out_in_both(engine: Engine) -> None:
    directory = _one(
        engine,
        "member",
        None,
        "directory_use",
        {"purpose": "newsletter", "relationship": "direct", **SIDE_FACTS_CLEAR},
    )
    solicited = _one(
        engine,
        "member",
        None,
        "solicitation",
        {"activity": "newsletter", "relationship": "direct", "opt_out": "clear_and_followed"},
    )
    assert directory.conditions == solicited.conditions == (OPT_OUT,)
