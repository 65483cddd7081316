"""The ``solicitation`` evaluator, registered alone, against every reading of 3a (version 2).

Each row gives the exact rule, citations (in order), missing facts and, for conditional
findings, conditions. Rows whose expectation version 2 changed say why in a ``# v2:`` comment.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from _readings import (
    EDUCATOR_CARDS,
    NOT_TO_MARKET,
    OPT_OUT,
    check_reading,
    single_finding,
)

from ala_policy import Decision, Engine, Finding, Outcome, PolicyError
from ala_policy.plugins import solicitation
from ala_policy.testing import make_engine, scenario

PREAMBLE = "nonsolicitation/preamble"
Q1 = "nonsolicitation/q1"
Q2 = "nonsolicitation/q2"
Q4 = "nonsolicitation/q4"
Q6 = "nonsolicitation/q6"
Q7 = "nonsolicitation/q7"
Q8 = "nonsolicitation/q8"
CONNECTION = "solicitation.individual_connection"
REQUESTED = "solicitation.follow_up_requested"
INTEREST = "solicitation.expressed_interest"
SETTING = "solicitation.setting"
RELATIONSHIP = "solicitation.relationship"
OPT_OUT_FACT = "solicitation.opt_out"
AGREEMENT = "solicitation.agreement_permits"


@pytest.fixture(scope="module")
def sol_engine() -> Engine:
    """The areas, ALA's policies and the evaluator under test: nothing else."""
    return make_engine(solicitation, builtins=["areas", "ala_policies"])


def _finding(
    engine: Engine, role: str = "member", member: bool | None = None, **facts: Any
) -> tuple[Outcome, Finding]:
    return single_finding(engine, "solicitation", role, facts, member=member)


def _p(
    role: str,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...] = (),
    *,
    id: str,  # noqa: A002 - pytest.param's name
    member: bool | None = None,
    conditions: tuple[str, ...] = (),
    consequence: bool | None = None,
) -> Any:
    return pytest.param(
        role,
        member,
        facts,
        decision,
        "solicitation." + rule,
        cites,
        missing,
        conditions,
        consequence,
        id=id,
    )


CARDS = ("exchange_business_cards", "distribute_business_cards")
LITERATURE = ("distribute_literature", "leave_promotional_materials")
AT_ALA = ("ala_function", "ala_meeting")
SETTINGS = (*AT_ALA, "outside")
DIRECT = ("direct", "requested_followup", "expressed_interest")
NOT_DIRECT = ("met", "none")
BAD_OPT_OUT = ("missing", "not_followed")
NEWSLETTER = (Q8, Q2)
NO_OPT_OUT = (Q2, Q8)

READINGS = [
    # -- Q1 is about ALA functions and meetings (v2): setting unknown, outside, at one. -------
    *(
        _p(
            "member",
            {"activity": act, "individual_connection": True},
            "indeterminate",
            "cards-setting-unknown",
            (Q1,),
            # v2: setting has no default; Q1 turns on it (was permitted, setting outside).
            (SETTING,),
            id=f"{act}-connection",
        )
        for act in CARDS
    ),
    *(
        _p(
            "member",
            {"activity": act},
            "indeterminate",
            "cards-setting-unknown",
            (Q1,),
            # v2: setting has no default; it decides along with the connection.
            (SETTING, CONNECTION),
            id=f"{act}-connection-unknown",
        )
        for act in CARDS
    ),
    *(
        _p(
            role,
            {"activity": act, "individual_connection": False},
            "indeterminate",
            "cards-setting-unknown",
            (Q1,),
            (SETTING,),
            id=f"{act}-no-connection-setting-unknown-{role}",
        )
        for act in CARDS
        for role in ("member", "sponsor")
    ),
    *(
        _p(
            "educator",
            {"activity": act, **connection},
            "indeterminate",
            "cards-setting-unknown",
            (Q1,),
            # v2: setting has no default (was permitted); an educator's connection does not
            # decide (with one permitted, without one conditional), so only the setting.
            (SETTING,),
            id=f"{act}-educator-connection-{connection.get('individual_connection')}",
        )
        for act in CARDS
        for connection in ({"individual_connection": False}, {})
    ),
    *(
        _p(
            role,
            {"activity": act, "setting": "outside", **connection},
            "not_applicable",
            "cards-outside",
            (Q1,),
            id=f"{act}-outside-{role}-{connection.get('individual_connection')}",
        )
        for act in CARDS
        for role in ("member", "educator", "business_partner")
        for connection in ({"individual_connection": False}, {"individual_connection": True}, {})
    ),
    *(
        _p(
            role,
            {"activity": act, "individual_connection": True, "setting": setting},
            "permitted",
            "cards-with-connection",
            (Q1,),
            id=f"{act}-{setting}-connection-{role}",
        )
        for act in CARDS
        for setting in AT_ALA
        for role in ("member", "educator", "sponsor")
    ),
    *(
        _p(
            role,
            {"activity": act, "individual_connection": False, "setting": "ala_function"},
            "prohibited",
            "cards-without-connection",
            (Q1,),
            id=f"{act}-no-connection-{role}",
        )
        for act in CARDS
        for role in ("member", "sponsor", "business_partner")
    ),
    _p(
        "non_member",
        {
            "activity": "distribute_business_cards",
            "individual_connection": False,
            "setting": "ala_meeting",
        },
        "prohibited",
        "cards-without-connection",
        (Q1,),
        consequence=False,
        id="cards-no-connection-non-member",
    ),
    *(
        _p(
            "member",
            {"activity": act, "setting": setting},
            "indeterminate",
            "cards-connection-unknown",
            (Q1,),
            (CONNECTION,),
            id=f"{act}-{setting}-connection-unknown",
        )
        for act in CARDS
        for setting in AT_ALA
    ),
    # v2: an educator handing out cards without a connection is conditional on the intent of
    # allowing audience members to follow up (was permitted).
    *(
        _p(
            "educator",
            {"activity": act, "setting": setting, **connection},
            "conditional",
            "cards-educator",
            (Q1,),
            conditions=(EDUCATOR_CARDS,),
            id=f"{act}-{setting}-educator-{connection.get('individual_connection')}",
        )
        for act in CARDS
        for setting in AT_ALA
        for connection in ({"individual_connection": False}, {})
    ),
    _p(
        "member",
        {
            "activity": "distribute_business_cards",
            "individual_connection": False,
            "capacity": "educator",
            # v2: setting has no default; stated.
            "setting": "ala_meeting",
        },
        "conditional",
        "cards-educator",
        (Q1,),
        # v2: conditional on the educator's intent (was permitted).
        conditions=(EDUCATOR_CARDS,),
        id="member-speaking-as-educator",
    ),
    _p(
        "educator",
        {
            "activity": "distribute_business_cards",
            "individual_connection": False,
            "capacity": "member",
            # v2: setting has no default; stated.
            "setting": "ala_meeting",
        },
        "prohibited",
        "cards-without-connection",
        (Q1,),
        id="educator-attending-as-member",
    ),
    # -- Q1: approaching a member to sell is prohibited, wherever (v2: setting no part). -----
    _p(
        "member",
        {"activity": "approach_to_sell"},
        "prohibited",
        "approach-to-sell",
        (Q1, PREAMBLE),
        id="approach-to-sell",
    ),
    _p(
        "sponsor",
        {"activity": "approach_to_sell", "individual_connection": True, "setting": "ala_meeting"},
        "prohibited",
        "approach-to-sell",
        (Q1, PREAMBLE),
        id="approach-to-sell-sponsor",
    ),
    *(
        _p(
            role,
            {"activity": "approach_to_sell", "setting": setting},
            "prohibited",
            "approach-to-sell",
            (Q1, PREAMBLE),
            id=f"approach-to-sell-{setting}-{role}",
        )
        for setting in SETTINGS
        for role in ("member", "educator", "business_partner")
    ),
    # A non_member's prohibited finding has no consequence; a business partner's (membership
    # unknown: may be a member) does; stated not a member, none.
    _p(
        "non_member",
        {"activity": "approach_to_sell", "setting": "outside"},
        "prohibited",
        "approach-to-sell",
        (Q1, PREAMBLE),
        consequence=False,
        id="approach-to-sell-non-member",
    ),
    _p(
        "business_partner",
        {"activity": "approach_to_sell"},
        "prohibited",
        "approach-to-sell",
        (Q1, PREAMBLE),
        consequence=True,
        id="approach-to-sell-business-partner",
    ),
    _p(
        "business_partner",
        {"activity": "approach_to_sell"},
        "prohibited",
        "approach-to-sell",
        (Q1, PREAMBLE),
        member=False,
        consequence=False,
        id="approach-to-sell-business-partner-not-member",
    ),
    # -- Q2: a follow-up call needs a request or permission. -----------------------------------
    _p(
        "member",
        {"activity": "follow_up_call", "follow_up_requested": True},
        "permitted",
        "call-requested",
        (Q2,),
        id="call-requested",
    ),
    _p(
        "member",
        {"activity": "follow_up_call", "follow_up_requested": False},
        "prohibited",
        "call-not-requested",
        (Q2,),
        id="call-not-requested",
    ),
    _p(
        "member",
        {"activity": "follow_up_call", "follow_up_requested": False, "expressed_interest": True},
        "prohibited",
        "call-not-requested",
        (Q2,),
        id="call-interest-is-not-permission",
    ),
    _p(
        "member",
        {"activity": "follow_up_call"},
        "indeterminate",
        "call-request-unknown",
        (Q2,),
        (REQUESTED,),
        id="call-request-unknown",
    ),
    # -- Q2: a marketing email or follow-up letter needs expressed interest or a request. -----
    *(
        row
        for act in ("marketing_email", "follow_up_letter")
        for row in (
            _p(
                "member",
                {"activity": act, "expressed_interest": True},
                "permitted",
                "written-after-interest",
                (Q2,),
                id=f"{act}-interest",
            ),
            _p(
                "member",
                {"activity": act, "expressed_interest": True, "follow_up_requested": False},
                "permitted",
                "written-after-interest",
                (Q2,),
                id=f"{act}-interest-not-requested",
            ),
            _p(
                "member",
                {"activity": act, "follow_up_requested": True},
                "permitted",
                "written-requested",
                (Q2,),
                id=f"{act}-requested",
            ),
            _p(
                "member",
                {"activity": act, "follow_up_requested": True, "expressed_interest": False},
                "permitted",
                "written-requested",
                (Q2,),
                id=f"{act}-requested-no-interest",
            ),
            _p(
                "member",
                {"activity": act, "follow_up_requested": False, "expressed_interest": False},
                "prohibited",
                "written-unsolicited",
                (Q2, PREAMBLE),
                id=f"{act}-unsolicited",
            ),
            _p(
                "member",
                {"activity": act},
                "indeterminate",
                "written-unknown",
                (Q2,),
                (INTEREST, REQUESTED),
                id=f"{act}-both-unknown",
            ),
            _p(
                "member",
                {"activity": act, "expressed_interest": False},
                "indeterminate",
                "written-unknown",
                (Q2,),
                (REQUESTED,),
                id=f"{act}-request-unknown",
            ),
            _p(
                "member",
                {"activity": act, "follow_up_requested": False},
                "indeterminate",
                "written-unknown",
                (Q2,),
                (INTEREST,),
                id=f"{act}-interest-unknown",
            ),
        )
    ),
    # -- Newsletter (v2): a direct relationship (Q8, Q2) and a clear, followed opt-out. -------
    _p(
        "member",
        {"activity": "newsletter", "opt_out": "clear_and_followed"},
        "indeterminate",
        "newsletter-unknown",
        NEWSLETTER,
        # v2: the relationship decides too (Q8), and is not given (was permitted).
        (RELATIONSHIP,),
        id="newsletter-opt-out-followed",
    ),
    _p(
        "member",
        {"activity": "newsletter", "opt_out": "missing"},
        "prohibited",
        "newsletter-no-opt-out",
        # v2: cites Q8 with Q2 (a newsletter is the mailing Q8 addresses).
        NO_OPT_OUT,
        id="newsletter-opt-out-missing",
    ),
    _p(
        "member",
        {"activity": "newsletter", "opt_out": "not_followed"},
        "prohibited",
        "newsletter-no-opt-out",
        # v2: cites Q8 with Q2 (a newsletter is the mailing Q8 addresses).
        NO_OPT_OUT,
        id="newsletter-opt-out-not-followed",
    ),
    _p(
        "member",
        {"activity": "newsletter"},
        "indeterminate",
        "newsletter-unknown",
        NEWSLETTER,
        # v2: the relationship is a deciding fact too, listed with the opt-out.
        (RELATIONSHIP, OPT_OUT_FACT),
        id="newsletter-opt-out-unknown",
    ),
    # Both good: conditional on keeping the opt-out working.
    *(
        _p(
            role,
            {"activity": "newsletter", "relationship": rel, "opt_out": "clear_and_followed"},
            "conditional",
            "newsletter",
            NEWSLETTER,
            conditions=(OPT_OUT,),
            id=f"newsletter-{rel}-opt-out-followed-{role}",
        )
        for rel in DIRECT
        for role in ("member", "business_partner")
    ),
    # Relationship known bad: prohibited whatever the opt-out.
    *(
        _p(
            "member",
            {"activity": "newsletter", "relationship": rel, **opt_out},
            "prohibited",
            "newsletter-without-relationship",
            NEWSLETTER,
            id=f"newsletter-{rel}-opt-out-{opt_out.get('opt_out', 'unknown')}",
        )
        for rel in NOT_DIRECT
        for opt_out in (
            {},
            *({"opt_out": value} for value in ("clear_and_followed", *BAD_OPT_OUT)),
        )
    ),
    # Opt-out known bad: prohibited whatever the relationship (unknown included).
    *(
        _p(
            "member",
            {"activity": "newsletter", "opt_out": opt_out, **rel},
            "prohibited",
            "newsletter-no-opt-out",
            NO_OPT_OUT,
            id=f"newsletter-{rel.get('relationship', 'relationship-unknown')}-opt-out-{opt_out}",
        )
        for opt_out in BAD_OPT_OUT
        for rel in ({}, *({"relationship": value} for value in DIRECT))
    ),
    # Neither known bad: indeterminate, listing exactly the unknown deciding facts.
    *(
        _p(
            "member",
            {"activity": "newsletter", "relationship": rel},
            "indeterminate",
            "newsletter-unknown",
            NEWSLETTER,
            (OPT_OUT_FACT,),
            id=f"newsletter-{rel}-opt-out-unknown",
        )
        for rel in DIRECT
    ),
    # -- Educational event invitation (v2): a direct relationship (Q8, Q2). ------------------
    _p(
        "member",
        {"activity": "educational_event_invitation"},
        "indeterminate",
        "invitation-relationship-unknown",
        NEWSLETTER,
        # v2: needs a direct relationship, not given (was permitted).
        (RELATIONSHIP,),
        id="educational-invitation",
    ),
    _p(
        "business_partner",
        {"activity": "educational_event_invitation", "follow_up_requested": False},
        "indeterminate",
        "invitation-relationship-unknown",
        NEWSLETTER,
        # v2: needs a direct relationship, not given (was permitted).
        (RELATIONSHIP,),
        id="educational-invitation-unrequested",
    ),
    *(
        _p(
            "member",
            {"activity": "educational_event_invitation", "relationship": rel},
            "permitted",
            "educational-invitation",
            NEWSLETTER,
            id=f"educational-invitation-{rel}",
        )
        for rel in DIRECT
    ),
    *(
        _p(
            "member",
            {"activity": "educational_event_invitation", "relationship": rel},
            "prohibited",
            "invitation-without-relationship",
            NEWSLETTER,
            id=f"educational-invitation-{rel}",
        )
        for rel in NOT_DIRECT
    ),
    # -- Q6: literature and promotional materials at ALA functions and meetings (v2: alike). -
    *(
        _p(
            role,
            {"activity": act, "setting": setting, "agreement_permits": True},
            "permitted",
            "literature-agreement",
            (Q6,),
            id=f"{act}-{setting}-{role}-ok",
        )
        for act in LITERATURE
        for setting in AT_ALA
        for role in ("educator", "sponsor")
    ),
    *(
        _p(
            role,
            {"activity": act, "setting": setting, "agreement_permits": False},
            "prohibited",
            "literature-not-in-agreement",
            (Q6,),
            id=f"{act}-{setting}-{role}-not-in-agreement",
        )
        for act in LITERATURE
        for setting in AT_ALA
        for role in ("educator", "sponsor")
    ),
    *(
        _p(
            role,
            {"activity": act, "setting": "ala_function"},
            "indeterminate",
            "literature-agreement-unknown",
            (Q6,),
            (AGREEMENT,),
            id=f"{act}-{role}-agreement-unknown",
        )
        for act in LITERATURE
        for role in ("educator", "sponsor")
    ),
    *(
        _p(
            role,
            {"activity": "distribute_literature", "setting": setting, "agreement_permits": True},
            "prohibited",
            "literature-member",
            (Q6,),
            id=f"literature-{setting}-{role}",
        )
        for setting in AT_ALA
        for role in ("member", "business_partner", "staff")
    ),
    *(
        _p(
            role,
            {"activity": "leave_promotional_materials", "setting": setting},
            "prohibited",
            "literature-member",
            (Q6,),
            id=f"leave-materials-{setting}-{role}-agreement-unknown",
        )
        for setting in AT_ALA
        for role in ("member", "business_partner", "staff")
    ),
    _p(
        "sponsor",
        {
            "activity": "distribute_literature",
            "setting": "ala_meeting",
            "capacity": "member",
            "agreement_permits": True,
        },
        "prohibited",
        "literature-member",
        (Q6,),
        id="sponsor-attending-as-member",
    ),
    _p(
        "member",
        {
            "activity": "distribute_literature",
            "setting": "ala_meeting",
            "capacity": "sponsor",
            "agreement_permits": True,
        },
        "permitted",
        "literature-agreement",
        (Q6,),
        id="member-acting-as-sponsor",
    ),
    *(
        _p(
            role,
            {"activity": act, "setting": "outside"},
            "not_applicable",
            "literature-outside",
            (Q6,),
            id=f"{act}-outside-{role}",
        )
        for act in LITERATURE
        for role in ("member", "sponsor")
    ),
    _p(
        "member",
        {"activity": "distribute_literature"},
        "indeterminate",
        "literature-setting-unknown",
        (Q6,),
        # v2: setting has no default (was not_applicable, setting outside).
        (SETTING,),
        id="literature-default-setting-outside",
    ),
    *(
        _p(
            role,
            {"activity": act, **agreement},
            "indeterminate",
            "literature-setting-unknown",
            (Q6,),
            (SETTING,),
            id=f"{act}-setting-unknown-{role}-agreement-{agreement.get('agreement_permits')}",
        )
        for act in LITERATURE
        for role, agreement in (
            ("member", {}),
            ("sponsor", {"agreement_permits": True}),
            ("educator", {"agreement_permits": False}),
        )
    ),
    *(
        _p(
            role,
            {"activity": act},
            "indeterminate",
            "literature-setting-unknown",
            (Q6,),
            (SETTING, AGREEMENT),
            id=f"{act}-setting-and-agreement-unknown-{role}",
        )
        for act in LITERATURE
        for role in ("educator", "sponsor")
    ),
    # v2: leaving promotional materials is read like distributing literature (was prohibited
    # for everyone): a member never, an educator or sponsor as the agreement permits.
    *(
        _p(
            role,
            {
                "activity": "leave_promotional_materials",
                "setting": setting,
                "agreement_permits": True,
            },
            "prohibited" if role == "member" else "permitted",
            "literature-member" if role == "member" else "literature-agreement",
            (Q6,),
            id=f"leave-materials-{setting}-{role}",
        )
        for setting in AT_ALA
        for role in ("member", "educator", "sponsor")
    ),
    # -- Q7: asking for advice, unless the contact is used to sell. ---------------------------
    _p(
        "member",
        {"activity": "ask_for_advice"},
        "conditional",
        "ask-for-advice",
        (Q7,),
        # v2: an unknown markets_or_sells leaves Q7's duty (was permitted).
        conditions=(NOT_TO_MARKET,),
        id="advice-markets-unknown",
    ),
    _p(
        "member",
        {"activity": "ask_for_advice", "markets_or_sells": False},
        "permitted",
        "ask-for-advice",
        (Q7,),
        id="advice",
    ),
    _p(
        "member",
        {"activity": "ask_for_advice", "markets_or_sells": True},
        "prohibited",
        "advice-used-to-sell",
        (Q7, PREAMBLE),
        id="advice-used-to-sell",
    ),
    _p(
        "non_member",
        {"activity": "ask_for_advice", "markets_or_sells": True},
        "prohibited",
        "advice-used-to-sell",
        (Q7, PREAMBLE),
        consequence=False,
        id="advice-used-to-sell-non-member",
    ),
    # -- Q4: professional support, unless used to sell (Q7). ----------------------------------
    _p(
        "member",
        {"activity": "professional_support"},
        "conditional",
        "professional-support",
        # v2: cites Q7, whose duty the unknown markets_or_sells leaves (was permitted).
        (Q4, Q7),
        conditions=(NOT_TO_MARKET,),
        id="support-markets-unknown",
    ),
    _p(
        "business_partner",
        {"activity": "professional_support", "markets_or_sells": False},
        "permitted",
        "professional-support",
        # v2: cites Q7 too: it was checked that the contact is not used to sell.
        (Q4, Q7),
        id="support",
    ),
    _p(
        "business_partner",
        {"activity": "professional_support", "markets_or_sells": True},
        "prohibited",
        "support-used-to-sell",
        # v2: used to sell cites Q4, Q7 and the preamble.
        (Q4, Q7, PREAMBLE),
        id="support-used-to-sell",
    ),
]


@pytest.mark.parametrize(
    (
        "role",
        "member",
        "facts",
        "decision",
        "rule",
        "cites",
        "missing",
        "conditions",
        "consequence",
    ),
    READINGS,
)
def test_reading(
    sol_engine: Engine,
    role: str,
    member: bool | None,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
    conditions: tuple[str, ...],
    consequence: bool | None,
) -> None:
    outcome, finding = _finding(sol_engine, role, member, **facts)
    check_reading(
        outcome,
        finding,
        decision,
        rule,
        cites,
        missing,
        conditions=conditions,
        consequence=consequence,
    )


def test_permitted_newsletter_keeps_the_opt_out_duty(sol_engine: Engine) -> None:
    # v2: a permitted finding carries no conditions; the opt-out duty makes it conditional.
    _, finding = _finding(
        sol_engine, activity="newsletter", relationship="direct", opt_out="clear_and_followed"
    )
    assert finding.decision is Decision.CONDITIONAL
    assert finding.conditions == (OPT_OUT,)
    assert "opt-out" in finding.conditions[0]


def test_only_remaining_duties_are_conditions(sol_engine: Engine) -> None:
    # v2: not only the newsletter carries conditions: an unknown markets_or_sells leaves
    # Q7's duty, and an educator's cards the intent to let the audience follow up.
    _, finding = _finding(sol_engine, activity="ask_for_advice", markets_or_sells=False)
    assert finding.conditions == ()
    _, unknown = _finding(sol_engine, activity="ask_for_advice")
    assert unknown.conditions == (NOT_TO_MARKET,)
    _, invite = _finding(sol_engine, activity="educational_event_invitation", relationship="direct")
    assert invite.conditions == ()
    _, cards = _finding(
        sol_engine, "educator", activity="distribute_business_cards", setting="ala_function"
    )
    assert cards.conditions == (EDUCATOR_CARDS,)
    assert "follow up" in EDUCATOR_CARDS


def test_indeterminate_written_reason_lists_unknown_facts(sol_engine: Engine) -> None:
    _, finding = _finding(sol_engine, activity="follow_up_letter", expressed_interest=False)
    assert REQUESTED in finding.reason
    assert INTEREST not in finding.reason


def test_literature_reason_names_the_setting(sol_engine: Engine) -> None:
    _, finding = _finding(sol_engine, activity="distribute_literature", setting="ala_meeting")
    assert "an ALA meeting" in finding.reason


def test_newsletter_reason_names_the_relationship(sol_engine: Engine) -> None:
    _, finding = _finding(
        sol_engine, activity="newsletter", relationship="met", opt_out="clear_and_followed"
    )
    assert "whom you have only met" in finding.reason
    assert "Q8" in finding.reason


@pytest.mark.parametrize(
    ("role", "capacity"),
    [
        ("member", "member"),
        ("business_partner", "member"),
        ("staff", "member"),
        ("non_member", "member"),
        ("educator", "educator"),
        ("sponsor", "sponsor"),
    ],
)
def test_capacity_defaults_from_the_actor_role(role: str, capacity: str) -> None:
    engine = make_engine(solicitation, builtins=["areas", "ala_policies"])
    parsed = engine.parse(scenario(role=role, solicitation={"activity": "newsletter"}))
    facts = parsed.areas["solicitation"]
    assert facts.capacity is None
    assert solicitation._capacity(parsed, facts) == capacity


def test_setting_has_no_default(sol_engine: Engine) -> None:
    # v2: setting: no default (was outside).
    parsed = sol_engine.parse(scenario(solicitation={"activity": "distribute_literature"}))
    assert parsed.areas["solicitation"].setting is None


def test_every_ruling_cites_within_its_rule(sol_engine: Engine) -> None:
    for row in READINGS:
        role, member, facts, *_ = row.values
        outcome = sol_engine.evaluate(scenario(role=role, member=member, solicitation=facts))
        (finding,) = outcome.findings
        assert finding.rule is not None
        assert finding.rule in solicitation.RULES, finding.rule
        cites = [c.id for c in finding.citations]
        assert set(cites) <= set(solicitation.RULES[finding.rule]), (row.id, cites)
    reached = {row.values[4] for row in READINGS}
    assert reached == set(solicitation.RULES)


def test_declared_clauses_are_the_rules_and_exist(sol_engine: Engine) -> None:
    assert solicitation.ala_policy_cited_clauses() is solicitation.RULES
    declared = {c for cites in solicitation.RULES.values() for c in cites}
    assert declared == {PREAMBLE, Q1, Q2, Q4, Q6, Q7, Q8}
    assert all(clause in sol_engine.corpus for clause in declared)


# -- Every combination: unknown facts are listed exactly where they decide. ------------------

#: The known values of each fact (left out: unknown).
VALUES: dict[str, tuple[Any, ...]] = {
    "setting": SETTINGS,
    "individual_connection": (True, False),
    "follow_up_requested": (True, False),
    "expressed_interest": (True, False),
    "relationship": (*DIRECT, *NOT_DIRECT),
    "opt_out": ("clear_and_followed", *BAD_OPT_OUT),
    "agreement_permits": (True, False),
    "markets_or_sells": (True, False),
}
#: The facts each activity's walk varies.
WALKED = {
    "exchange_business_cards": ("setting", "individual_connection"),
    "distribute_business_cards": ("setting", "individual_connection"),
    "approach_to_sell": ("setting", "individual_connection"),
    "follow_up_call": ("follow_up_requested", "expressed_interest"),
    "follow_up_letter": ("follow_up_requested", "expressed_interest"),
    "marketing_email": ("follow_up_requested", "expressed_interest"),
    "newsletter": ("relationship", "opt_out"),
    "educational_event_invitation": ("relationship", "follow_up_requested"),
    "distribute_literature": ("setting", "agreement_permits"),
    "leave_promotional_materials": ("setting", "agreement_permits"),
    "ask_for_advice": ("markets_or_sells",),
    "professional_support": ("markets_or_sells",),
}
#: (role, capacity) pairs; capacity matters for cards and literature only.
ACTORS = (
    ("member", None),
    ("educator", None),
    ("sponsor", None),
    ("business_partner", None),
    ("member", "educator"),
    ("educator", "member"),
    ("member", "sponsor"),
)


def _walk() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for activity, names in WALKED.items():
        capacity_matters = activity in (*CARDS, *LITERATURE)
        for role, capacity in ACTORS if capacity_matters else (("member", None),):
            for values in itertools.product(*((None, *VALUES[n]) for n in names)):
                facts: dict[str, Any] = {"activity": activity}
                if capacity is not None:
                    facts["capacity"] = capacity
                facts.update({n: v for n, v in zip(names, values, strict=True) if v is not None})
                cases.append((role, facts))
    return cases


class _Decider:
    """Decisions of the engine, remembered (the walk asks for the same ones often)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seen: dict[tuple[str, tuple[tuple[str, Any], ...]], Finding] = {}

    def __call__(self, role: str, facts: dict[str, Any]) -> Finding:
        key = (role, tuple(sorted(facts.items())))
        if key not in self.seen:
            outcome = self.engine.evaluate(scenario(role=role, solicitation=facts))
            (self.seen[key],) = outcome.findings
        return self.seen[key]

    def depends_on(
        self, role: str, facts: dict[str, Any], fact: str, others: tuple[str, ...]
    ) -> bool:
        """Whether, for some values of ``others``, the decision changes with ``fact``."""
        for values in itertools.product(*(VALUES[o] for o in others)):
            base = {**facts, **dict(zip(others, values, strict=True))}
            decisions = {self(role, {**base, fact: value}).decision for value in VALUES[fact]}
            if len(decisions) > 1:
                return True
        return False


def _is_side_fact(role: str, facts: dict[str, Any], fact: str) -> bool:
    """An unknown fact that leaves a duty rather than a question (docs: 3a)."""
    if fact == "markets_or_sells":
        return facts["activity"] in ("ask_for_advice", "professional_support")
    capacity = facts.get("capacity") or (role if role in ("educator", "sponsor") else "member")
    # An educator's cards are allowed either way: permitted with a connection, conditional
    # without (or with it unknown).
    return fact == "individual_connection" and capacity == "educator"


def test_every_rule_is_reached_and_cites_within_it(sol_engine: Engine) -> None:
    decide = _Decider(sol_engine)
    reached = set()
    for role, facts in _walk():
        finding = decide(role, facts)
        assert finding.error is None
        assert finding.rule is not None
        assert finding.rule in solicitation.RULES, finding.rule
        cites = [c.id for c in finding.citations]
        assert cites
        assert set(cites) <= set(solicitation.RULES[finding.rule]), (facts, cites)
        reached.add(finding.rule)
    assert reached == set(solicitation.RULES)


def test_missing_facts_are_exactly_the_deciding_unknowns(sol_engine: Engine) -> None:
    """Each listed missing fact can change the decision; every other unknown fact cannot
    (side facts aside: they are duties, shown as conditions)."""
    decide = _Decider(sol_engine)
    for role, facts in _walk():
        finding = decide(role, facts)
        missing = tuple(m.removeprefix("solicitation.") for m in finding.missing_facts)
        assert (finding.decision is Decision.INDETERMINATE) == bool(missing), facts
        for fact in missing:
            others = tuple(m for m in missing if m != fact)
            assert decide.depends_on(role, facts, fact, others), (facts, fact)
        for fact, values in VALUES.items():
            if fact in facts or fact in missing or _is_side_fact(role, facts, fact):
                continue
            assert not decide.depends_on(role, facts, fact, missing), (facts, fact)
            if not missing:
                for value in values:
                    known = decide(role, {**facts, fact: value})
                    assert known.decision is finding.decision, (facts, fact, value)


def test_side_fact_unknown_is_the_duty(sol_engine: Engine) -> None:
    decide = _Decider(sol_engine)
    for activity in ("ask_for_advice", "professional_support"):
        unknown = decide("member", {"activity": activity})
        allowed = decide("member", {"activity": activity, "markets_or_sells": False})
        assert allowed.decision is Decision.PERMITTED
        assert unknown.decision is Decision.CONDITIONAL
        assert unknown.conditions == (NOT_TO_MARKET,)
        assert unknown.missing_facts == ()


def test_engine_without_the_policy_refuses_the_plugin() -> None:
    with pytest.raises(PolicyError, match="nonsolicitation/"):
        make_engine(solicitation, builtins=["areas"])
