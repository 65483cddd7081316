"""Every gift reading of section 3a, with the gift plugin registered alone."""

from __future__ import annotations

from typing import Any

import pytest

from ala_policy import Decision, Engine
from ala_policy.plugins import gift
from ala_policy.testing import assert_outcome, make_engine, scenario

III_C, III_B = "code/III.C", "code/III.B"


@pytest.fixture(scope="module")
def alone() -> Engine:
    """The gift evaluator with only the area declarations and the ALA corpus beside it."""
    return make_engine(gift, builtins=["areas", "ala_policies"])


def decide(engine: Engine, **facts: Any) -> Any:
    return engine.evaluate(scenario(gift=facts))


@pytest.mark.parametrize("beneficiary", ["employer", "charity"])
@pytest.mark.parametrize("act", ["offered", "accepted", "solicited"])
def test_gift_for_employer_or_charity_is_not_applicable(
    alone: Engine, beneficiary: str, act: str
) -> None:
    outcome = decide(
        alone, kind="gift", act=act, beneficiary=beneficiary, giver="vendor", pending_business=True
    )
    assert_outcome(outcome, "not_applicable", cites=[III_C], missing=[])


@pytest.mark.parametrize(
    "giver", ["vendor", "prospective_vendor", "business_partner", "client", "prospective_client"]
)
@pytest.mark.parametrize("beneficiary", ["self", "family", "friend"])
def test_soliciting_from_a_business_contact_is_prohibited_whatever_the_value(
    alone: Engine, giver: str, beneficiary: str
) -> None:
    outcome = decide(
        alone,
        kind="discount",
        act="solicited",
        giver=giver,
        beneficiary=beneficiary,
        pending_business=False,
        may_influence=False,
        value_usd=0,
    )
    assert_outcome(outcome, "prohibited", cites=[III_C])
    assert outcome.findings[0].rule == "gift.solicited-from-business-contact"


@pytest.mark.parametrize("giver", ["colleague", "other"])
def test_soliciting_from_others_follows_the_influence_test(alone: Engine, giver: str) -> None:
    permitted = decide(
        alone,
        kind="gift",
        act="solicited",
        giver=giver,
        pending_business=False,
        may_influence=False,
    )
    assert_outcome(permitted, "permitted", cites=[III_C])
    prohibited = decide(alone, kind="gift", act="solicited", giver=giver, may_influence=True)
    assert_outcome(prohibited, "prohibited", cites=[III_C])


def test_soliciting_from_an_unknown_giver_is_indeterminate_when_it_decides(alone: Engine) -> None:
    outcome = decide(
        alone, kind="gift", act="solicited", pending_business=False, may_influence=False
    )
    assert_outcome(outcome, "indeterminate", missing=["gift.giver"])


@pytest.mark.parametrize("act", ["offered", "accepted"])
@pytest.mark.parametrize(
    ("pending", "influence"),
    [(True, None), (True, False), (None, True), (False, True), (True, True)],
)
def test_pending_business_or_possible_influence_is_prohibited(
    alone: Engine, act: str, pending: bool | None, influence: bool | None
) -> None:
    facts: dict[str, Any] = {"kind": "meal", "act": act, "giver": "vendor"}
    if pending is not None:
        facts["pending_business"] = pending
    if influence is not None:
        facts["may_influence"] = influence
    outcome = decide(alone, **facts)
    assert_outcome(outcome, "prohibited", cites=[III_C], missing=[])
    cited = {c.id for c in outcome.citations}
    assert (III_B in cited) is bool(pending), "III.B is cited for a pending business decision"


@pytest.mark.parametrize(
    "kind", ["fee", "commission", "gift", "gratuity", "loan", "travel", "other"]
)
def test_both_false_is_permitted_and_still_cites(alone: Engine, kind: str) -> None:
    outcome = decide(alone, kind=kind, act="accepted", pending_business=False, may_influence=False)
    assert_outcome(outcome, "permitted", cites=[III_C, III_B], missing=[])
    assert outcome.findings[0].consequence is None


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        ({}, ["gift.pending_business", "gift.may_influence"]),
        ({"pending_business": False}, ["gift.may_influence"]),
        ({"may_influence": False}, ["gift.pending_business"]),
    ],
)
def test_unknown_deciding_facts_are_indeterminate(
    alone: Engine, facts: dict[str, Any], missing: list[str]
) -> None:
    outcome = decide(alone, kind="entertainment", act="offered", **facts)
    assert_outcome(outcome, "indeterminate", missing=missing)


def test_value_alone_does_not_decide_under_the_code(alone: Engine) -> None:
    outcome = decide(
        alone,
        kind="gift",
        act="accepted",
        pending_business=False,
        may_influence=False,
        value_usd=5000,
    )
    assert outcome.decision is Decision.PERMITTED


def test_citations_are_the_verbatim_code_text(alone: Engine) -> None:
    outcome = decide(alone, kind="gift", act="accepted", may_influence=True)
    (citation,) = outcome.citations
    assert citation.text == (
        "Refrain from soliciting or accepting any fee, commission, gift, gratuity, discount or "
        "loan on behalf of oneself, family or friends, that may influence business decisions;"
    )
    assert citation.title == "ALA Code of Professional Responsibility"


def test_gift_without_its_area_plugin_has_no_gift_area() -> None:
    # The core defines the gift hook (so registering the evaluator alone is no error), and
    # the areas plugin registers the area: without it, a gift section is an unknown key.
    from ala_policy import ScenarioError

    engine = make_engine(gift, builtins=["ala_policies"])
    assert "gift" not in engine.areas
    with pytest.raises(ScenarioError, match="unknown key"):
        engine.evaluate(scenario(gift={"kind": "meal", "act": "offered"}))


# -- v2: "accepting", rule ids, the unknown case's citations and order -------------------------


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        ({"pending_business": True}, "gift.pending-business"),
        ({"pending_business": False, "may_influence": True}, "gift.may-influence"),
        ({"pending_business": False, "may_influence": False}, "gift.no-influence"),
        ({}, "gift.unknown"),
    ],
)
def test_an_offer_asks_whether_accepting_it_is_allowed(
    alone: Engine, facts: dict[str, Any], rule: str
) -> None:
    # v2: act offered asks whether accepting the offer would be allowed; reasons say
    # "accepting", not "being offered".
    outcome = decide(alone, kind="meal", act="offered", giver="vendor", **facts)
    (finding,) = outcome.findings
    assert finding.rule == rule
    assert "accepting a meal" in finding.reason.lower()
    assert "being offered" not in finding.reason.lower()


@pytest.mark.parametrize(
    ("facts", "decision", "rule", "cites", "used"),
    [
        (
            {"act": "accepted", "beneficiary": "employer"},
            "not_applicable",
            "gift.beneficiary-outside-iii-c",
            (III_C,),
            ("gift.beneficiary",),
        ),
        (
            {"act": "solicited", "giver": "client"},
            "prohibited",
            "gift.solicited-from-business-contact",
            (III_C,),
            ("gift.act", "gift.giver", "gift.beneficiary"),
        ),
        (
            {"act": "accepted", "pending_business": True},
            "prohibited",
            "gift.pending-business",
            (III_C, III_B),
            ("gift.pending_business", "gift.may_influence"),
        ),
        (
            {"act": "accepted", "may_influence": True},
            "prohibited",
            "gift.may-influence",
            (III_C,),
            ("gift.pending_business", "gift.may_influence"),
        ),
        (
            {"act": "accepted", "pending_business": False, "may_influence": False},
            "permitted",
            "gift.no-influence",
            (III_C, III_B),
            ("gift.pending_business", "gift.may_influence"),
        ),
        (
            {"act": "solicited"},
            "indeterminate",
            "gift.unknown",
            (III_C, III_B),
            ("gift.giver", "gift.pending_business", "gift.may_influence"),
        ),
    ],
)
def test_each_rule_its_citations_and_facts_used(
    alone: Engine,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    used: tuple[str, ...],
) -> None:
    outcome = decide(alone, kind="gift", **facts)
    (finding,) = outcome.findings
    assert finding.decision.value == decision
    assert finding.rule == rule
    assert tuple(c.id for c in finding.citations) == cites
    assert finding.facts_used == used
    assert set(cites) <= set(gift.RULES[rule])


def test_unknown_facts_are_listed_in_order_and_named_in_the_reason(alone: Engine) -> None:
    outcome = decide(alone, kind="gift", act="solicited")
    (finding,) = outcome.findings
    assert finding.missing_facts == ("gift.giver", "gift.pending_business", "gift.may_influence")
    assert "Facts not given: gift.giver, gift.pending_business, gift.may_influence." in (
        finding.reason
    )
    assert finding.reason.endswith("The engine does not guess.")


def test_declared_rules_are_returned_and_exist(alone: Engine) -> None:
    declared = gift.ala_policy_cited_clauses()
    assert declared is gift.RULES
    assert all(clause in alone.corpus for cites in declared.values() for clause in cites)


@pytest.mark.parametrize("day", ["2009-12-31", "1995-06-01"])
def test_before_the_revised_code_a_gift_is_not_decided(alone: Engine, day: str) -> None:
    # v2: the revised Code decides conduct from 2010-01-01; before, the 1991 Code applied,
    # whose text is not held: indeterminate, no missing facts, and the reason says so.
    data = scenario(
        date=day,
        gift={"kind": "gift", "act": "accepted", "giver": "vendor", "pending_business": True},
    )
    outcome = alone.evaluate(data)
    assert_outcome(outcome, "indeterminate", missing=[])
    (finding,) = outcome.findings
    assert "the 1991 Code of Professional Ethics applied" in finding.reason
    assert "does not hold" in finding.reason
    assert finding.citations == ()
    assert finding.consequence is None


def test_one_engine_cites_by_date(alone: Engine) -> None:
    # The same clause on two dates, in one engine: the citation cache is keyed by date.
    facts = {"kind": "gift", "act": "accepted", "may_influence": True}
    before = alone.evaluate(scenario(date="2009-06-01", gift=facts))
    after = alone.evaluate(scenario(date="2026-03-01", gift=facts))
    again = alone.evaluate(scenario(date="2009-06-01", gift=facts))
    assert before.decision is Decision.INDETERMINATE
    assert after.decision is Decision.PROHIBITED
    assert again.decision is Decision.INDETERMINATE
