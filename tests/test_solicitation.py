"""The ``solicitation`` evaluator, registered alone, against every reading of 3a."""

from __future__ import annotations

from typing import Any

import pytest
from _readings import check_reading, single_finding

from ala_policy import Decision, Engine, Finding, Outcome, PolicyError
from ala_policy.plugins import solicitation
from ala_policy.testing import make_engine, scenario

PREAMBLE = "nonsolicitation/preamble"
Q1 = "nonsolicitation/q1"
Q2 = "nonsolicitation/q2"
Q4 = "nonsolicitation/q4"
Q6 = "nonsolicitation/q6"
Q7 = "nonsolicitation/q7"
CONNECTION = "solicitation.individual_connection"
REQUESTED = "solicitation.follow_up_requested"
INTEREST = "solicitation.expressed_interest"


@pytest.fixture(scope="module")
def sol_engine() -> Engine:
    """The areas, ALA's policies and the evaluator under test: nothing else."""
    return make_engine(solicitation, builtins=["areas", "ala_policies"])


def _finding(engine: Engine, role: str = "member", **facts: Any) -> tuple[Outcome, Finding]:
    return single_finding(engine, "solicitation", role, facts)


def _p(
    role: str,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...] = (),
    *,
    id: str,  # noqa: A002 - pytest.param's name
) -> Any:
    return pytest.param(role, facts, decision, "solicitation." + rule, cites, missing, id=id)


CARDS = ("exchange_business_cards", "distribute_business_cards")
AT_ALA = ("ala_function", "ala_meeting")

READINGS = [
    # Q1: cards with an individual connection; without one only as an educator.
    *(
        _p(
            "member",
            {"activity": act, "individual_connection": True},
            "permitted",
            "cards-with-connection",
            (Q1,),
            id=f"{act}-connection",
        )
        for act in CARDS
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
    *(
        _p(
            "member",
            {"activity": act},
            "indeterminate",
            "cards-connection-unknown",
            (Q1,),
            (CONNECTION,),
            id=f"{act}-connection-unknown",
        )
        for act in CARDS
    ),
    *(
        _p(
            "educator",
            {"activity": act, "individual_connection": connection},
            "permitted",
            "cards-educator",
            (Q1,),
            id=f"{act}-educator-connection-{connection}",
        )
        for act in CARDS
        for connection in (False, None)
    ),
    _p(
        "member",
        {
            "activity": "distribute_business_cards",
            "individual_connection": False,
            "capacity": "educator",
        },
        "permitted",
        "cards-educator",
        (Q1,),
        id="member-speaking-as-educator",
    ),
    _p(
        "educator",
        {
            "activity": "distribute_business_cards",
            "individual_connection": False,
            "capacity": "member",
        },
        "prohibited",
        "cards-without-connection",
        (Q1,),
        id="educator-attending-as-member",
    ),
    # Q1: approaching a member to sell is prohibited, whatever else holds.
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
    # Q2: a follow-up call needs a request or permission.
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
    # Q2: a marketing email or follow-up letter needs expressed interest or a request.
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
    # Q2: a newsletter needs a clear, followed opt-out.
    _p(
        "member",
        {"activity": "newsletter", "opt_out": "clear_and_followed"},
        "permitted",
        "newsletter-opt-out",
        (Q2,),
        id="newsletter-opt-out-followed",
    ),
    _p(
        "member",
        {"activity": "newsletter", "opt_out": "missing"},
        "prohibited",
        "newsletter-no-opt-out",
        (Q2,),
        id="newsletter-opt-out-missing",
    ),
    _p(
        "member",
        {"activity": "newsletter", "opt_out": "not_followed"},
        "prohibited",
        "newsletter-no-opt-out",
        (Q2,),
        id="newsletter-opt-out-not-followed",
    ),
    _p(
        "member",
        {"activity": "newsletter"},
        "indeterminate",
        "newsletter-opt-out-unknown",
        (Q2,),
        ("solicitation.opt_out",),
        id="newsletter-opt-out-unknown",
    ),
    # Q2: an educational event invitation is acceptable.
    _p(
        "member",
        {"activity": "educational_event_invitation"},
        "permitted",
        "educational-invitation",
        (Q2,),
        id="educational-invitation",
    ),
    _p(
        "business_partner",
        {"activity": "educational_event_invitation", "follow_up_requested": False},
        "permitted",
        "educational-invitation",
        (Q2,),
        id="educational-invitation-unrequested",
    ),
    # Q6: literature at ALA functions and meetings.
    *(
        row
        for setting in AT_ALA
        for row in (
            _p(
                role,
                {
                    "activity": "distribute_literature",
                    "setting": setting,
                    "agreement_permits": True,
                },
                "permitted",
                "literature-agreement",
                (Q6,),
                id=f"literature-{setting}-{role}-ok",
            )
            for role in ("educator", "sponsor")
        )
    ),
    *(
        _p(
            role,
            {"activity": "distribute_literature", "setting": setting, "agreement_permits": False},
            "prohibited",
            "literature-not-in-agreement",
            (Q6,),
            id=f"literature-{setting}-{role}-not-in-agreement",
        )
        for setting in AT_ALA
        for role in ("educator", "sponsor")
    ),
    *(
        _p(
            role,
            {"activity": "distribute_literature", "setting": "ala_function"},
            "indeterminate",
            "literature-agreement-unknown",
            (Q6,),
            ("solicitation.agreement_permits",),
            id=f"literature-{role}-agreement-unknown",
        )
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
        for act in ("distribute_literature", "leave_promotional_materials")
        for role in ("member", "sponsor")
    ),
    _p(
        "member",
        {"activity": "distribute_literature"},
        "not_applicable",
        "literature-outside",
        (Q6,),
        id="literature-default-setting-outside",
    ),
    *(
        _p(
            role,
            {
                "activity": "leave_promotional_materials",
                "setting": setting,
                "agreement_permits": True,
            },
            "prohibited",
            "leave-promotional-materials",
            (Q6,),
            id=f"leave-materials-{setting}-{role}",
        )
        for setting in AT_ALA
        for role in ("member", "educator", "sponsor")
    ),
    # Q7: asking for advice, unless the contact is used to sell.
    _p(
        "member",
        {"activity": "ask_for_advice"},
        "permitted",
        "ask-for-advice",
        (Q7,),
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
    # Q4: professional support, unless used to sell.
    _p(
        "member",
        {"activity": "professional_support"},
        "permitted",
        "professional-support",
        (Q4,),
        id="support-markets-unknown",
    ),
    _p(
        "business_partner",
        {"activity": "professional_support", "markets_or_sells": False},
        "permitted",
        "professional-support",
        (Q4,),
        id="support",
    ),
    _p(
        "business_partner",
        {"activity": "professional_support", "markets_or_sells": True},
        "prohibited",
        "support-used-to-sell",
        (Q4, PREAMBLE),
        id="support-used-to-sell",
    ),
]


@pytest.mark.parametrize(("role", "facts", "decision", "rule", "cites", "missing"), READINGS)
def test_reading(
    sol_engine: Engine,
    role: str,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    outcome, finding = _finding(sol_engine, role, **facts)
    check_reading(outcome, finding, decision, rule, cites, missing)


def test_permitted_newsletter_keeps_the_opt_out_duty(sol_engine: Engine) -> None:
    _, finding = _finding(sol_engine, activity="newsletter", opt_out="clear_and_followed")
    assert finding.decision is Decision.PERMITTED
    assert finding.conditions == (solicitation.OPT_OUT,)
    assert "opt-out" in finding.conditions[0]


def test_only_the_newsletter_carries_conditions(sol_engine: Engine) -> None:
    _, finding = _finding(sol_engine, activity="ask_for_advice")
    assert finding.conditions == ()
    _, invite = _finding(sol_engine, activity="educational_event_invitation")
    assert invite.conditions == ()


def test_indeterminate_written_reason_lists_unknown_facts(sol_engine: Engine) -> None:
    _, finding = _finding(sol_engine, activity="follow_up_letter", expressed_interest=False)
    assert REQUESTED in finding.reason
    assert INTEREST not in finding.reason


def test_literature_reason_names_the_setting(sol_engine: Engine) -> None:
    _, finding = _finding(sol_engine, activity="distribute_literature", setting="ala_meeting")
    assert "an ALA meeting" in finding.reason


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


def test_declared_clauses_exist_and_cover_every_citation(sol_engine: Engine) -> None:
    declared = set(solicitation.ala_policy_cited_clauses())
    assert declared == {PREAMBLE, Q1, Q2, Q4, Q6, Q7}
    assert all(clause in sol_engine.corpus for clause in declared)
    for row in READINGS:
        assert set(row.values[4]) <= declared


def test_engine_without_the_policy_refuses_the_plugin() -> None:
    with pytest.raises(PolicyError, match="nonsolicitation/"):
        make_engine(solicitation, builtins=["areas"])
