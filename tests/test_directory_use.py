"""The ``directory_use`` evaluator, registered alone, against every reading of 3a."""

from __future__ import annotations

from typing import Any

import pytest
from _readings import check_reading, single_finding

from ala_policy import Decision, Engine, Finding, Outcome, PolicyError
from ala_policy.plugins import directory_use
from ala_policy.testing import make_engine

PREAMBLE = "nonsolicitation/preamble"
Q2 = "nonsolicitation/q2"
Q3 = "nonsolicitation/q3"
Q5 = "nonsolicitation/q5"
Q7 = "nonsolicitation/q7"
Q8 = "nonsolicitation/q8"
TERMS = "nonsolicitation/directory-terms"
APPROVAL = "directory_use.association_approved"
RELATIONSHIP = "directory_use.relationship"


@pytest.fixture(scope="module")
def dir_engine() -> Engine:
    """The areas, ALA's policies and the evaluator under test: nothing else."""
    return make_engine(directory_use, builtins=["areas", "ala_policies"])


def _finding(engine: Engine, role: str = "member", **facts: Any) -> tuple[Outcome, Finding]:
    return single_finding(engine, "directory_use", role, facts)


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
    return pytest.param(role, facts, decision, "directory_use." + rule, cites, missing, id=id)


SOLICITING_PURPOSE = (Q5, TERMS, PREAMBLE)
MAILING_OK = (Q8, Q2, TERMS)
MAILING_BAD = (Q8, Q2)

READINGS = [
    # The directory is for members only; this wins over everything else.
    _p(
        "non_member",
        {"purpose": "contact_someone_met"},
        "prohibited",
        "non-member",
        (TERMS,),
        id="non-member-contact",
    ),
    _p(
        "non_member",
        {"purpose": "marketing", "copies_data": True},
        "prohibited",
        "non-member",
        (TERMS,),
        id="non-member-marketing-copies",
    ),
    # Marketing, solicitation and business development are misuse (Q5, terms, preamble).
    *(
        _p(
            role,
            {"purpose": purpose},
            "prohibited",
            "soliciting-purpose",
            SOLICITING_PURPOSE,
            id=f"{purpose}-{role}",
        )
        for purpose in ("marketing", "solicitation", "business_development")
        for role in ("member", "business_partner", "sponsor")
    ),
    _p(
        "member",
        {
            "purpose": "marketing",
            "copies_data": True,
            "shares_with": "non_members",
            "association_approved": False,
        },
        "prohibited",
        "soliciting-purpose",
        SOLICITING_PURPOSE,
        id="marketing-before-copying",
    ),
    _p(
        "member",
        {"purpose": "solicitation", "relationship": "direct"},
        "prohibited",
        "soliciting-purpose",
        SOLICITING_PURPOSE,
        id="solicitation-even-direct",
    ),
    # Copying the directory is prohibited (terms), before the sharing rule.
    _p(
        "member",
        {"purpose": "contact_someone_met", "copies_data": True},
        "prohibited",
        "copies-data",
        (TERMS,),
        id="copies-contact",
    ),
    _p(
        "member",
        {"purpose": "newsletter", "relationship": "direct", "copies_data": True},
        "prohibited",
        "copies-data",
        (TERMS,),
        id="copies-newsletter-direct",
    ),
    _p(
        "member",
        {
            "purpose": "seek_advice",
            "copies_data": True,
            "shares_with": "non_members",
            "association_approved": False,
        },
        "prohibited",
        "copies-data",
        (TERMS,),
        id="copies-before-sharing",
    ),
    # Sharing with non-members needs the association's prior approval (preamble).
    _p(
        "member",
        {
            "purpose": "mutual_business_issue",
            "shares_with": "non_members",
            "association_approved": False,
        },
        "prohibited",
        "shared-without-approval",
        (PREAMBLE,),
        id="shared-not-approved",
    ),
    _p(
        "member",
        {
            "purpose": "newsletter",
            "relationship": "direct",
            "shares_with": "non_members",
            "association_approved": False,
        },
        "prohibited",
        "shared-without-approval",
        (PREAMBLE,),
        id="shared-not-approved-newsletter",
    ),
    _p(
        "member",
        {"purpose": "mutual_business_issue", "shares_with": "non_members"},
        "indeterminate",
        "sharing-approval-unknown",
        (PREAMBLE, Q5, TERMS),
        (APPROVAL,),
        id="shared-approval-unknown",
    ),
    _p(
        "member",
        {"purpose": "newsletter", "recipients": "all", "shares_with": "non_members"},
        "indeterminate",
        "sharing-approval-unknown",
        (PREAMBLE, Q8, Q2),
        (APPROVAL, RELATIONSHIP),
        id="shared-approval-and-relationship-unknown",
    ),
    _p(
        "member",
        {
            "purpose": "newsletter",
            "recipients": "all",
            "relationship": "met",
            "shares_with": "non_members",
        },
        "prohibited",
        "mailing-without-relationship",
        MAILING_BAD,
        id="shared-approval-unknown-but-q8-prohibits",
    ),
    _p(
        "member",
        {"purpose": "company_card", "includes_solicitation": True, "shares_with": "non_members"},
        "prohibited",
        "company-card-solicits",
        (Q3, PREAMBLE),
        id="shared-approval-unknown-but-q3-prohibits",
    ),
    _p(
        "member",
        {"purpose": "seek_advice", "shares_with": "non_members", "association_approved": True},
        "permitted",
        "seek-advice",
        (Q7, Q5, TERMS, PREAMBLE),
        id="shared-approved",
    ),
    _p(
        "member",
        {"purpose": "contact_someone_met", "shares_with": "own_organization"},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        id="shared-own-organization",
    ),
    _p(
        "member",
        {"purpose": "contact_someone_met", "shares_with": "nobody", "association_approved": False},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        id="approval-irrelevant-without-sharing",
    ),
    # Newsletters and educational events: only with a direct relationship (Q8, Q2).
    *(
        _p(
            "member",
            {"purpose": purpose, "recipients": recipients, "relationship": rel},
            "permitted",
            "mailing-direct-relationship",
            MAILING_OK,
            id=f"{purpose}-{recipients}-{rel}",
        )
        for purpose in ("newsletter", "educational_event")
        for recipients in ("one", "some", "all")
        for rel in ("direct", "requested_followup", "expressed_interest")
    ),
    *(
        _p(
            "member",
            {"purpose": purpose, "recipients": recipients, "relationship": rel},
            "prohibited",
            "mailing-without-relationship",
            MAILING_BAD,
            id=f"{purpose}-{recipients}-{rel}",
        )
        for purpose in ("newsletter", "educational_event")
        for recipients in ("one", "some", "all")
        for rel in ("met", "none")
    ),
    *(
        _p(
            "member",
            {"purpose": purpose, "recipients": recipients},
            "indeterminate",
            "mailing-relationship-unknown",
            MAILING_BAD,
            (RELATIONSHIP,),
            id=f"{purpose}-{recipients}-relationship-unknown",
        )
        for purpose in ("newsletter", "educational_event")
        for recipients in ("one", "all")
    ),
    _p(
        "member",
        {"purpose": "newsletter", "relationship": "met"},
        "prohibited",
        "mailing-without-relationship",
        MAILING_BAD,
        id="newsletter-default-one-met",
    ),
    # Company cards: without solicitation permitted, with it prohibited (Q3).
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all", "includes_solicitation": False},
        "permitted",
        "company-card",
        (Q3, TERMS),
        id="company-card-clean",
    ),
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all", "includes_solicitation": True},
        "prohibited",
        "company-card-solicits",
        (Q3, PREAMBLE),
        id="company-card-solicits",
    ),
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all"},
        "indeterminate",
        "company-card-unknown",
        (Q3, TERMS),
        ("directory_use.includes_solicitation",),
        id="company-card-unknown",
    ),
    # Q5 uses and Q7 advice are permitted; an unknown copies_data counts as not copied.
    _p(
        "member",
        {"purpose": "contact_someone_met"},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        id="contact-someone-met",
    ),
    _p(
        "member",
        {"purpose": "mutual_business_issue", "copies_data": False},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        id="mutual-business-issue",
    ),
    _p(
        "staff",
        {"purpose": "seek_advice"},
        "permitted",
        "seek-advice",
        (Q7, Q5, TERMS),
        id="seek-advice",
    ),
    _p(
        "business_partner",
        {"purpose": "mutual_business_issue", "recipients": "some"},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        id="business-partner-mutual-issue",
    ),
    # Other purposes: not covered by the questions, indeterminate with no fact to supply.
    _p(
        "member",
        {"purpose": "other"},
        "indeterminate",
        "other-purpose",
        (TERMS, Q5),
        id="other-purpose",
    ),
    _p(
        "member",
        {"purpose": "other", "copies_data": True},
        "prohibited",
        "copies-data",
        (TERMS,),
        id="other-purpose-copied",
    ),
]


@pytest.mark.parametrize(("role", "facts", "decision", "rule", "cites", "missing"), READINGS)
def test_reading(
    dir_engine: Engine,
    role: str,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    outcome, finding = _finding(dir_engine, role, **facts)
    check_reading(outcome, finding, decision, rule, cites, missing)


def test_permitted_newsletter_keeps_the_opt_out_duty(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, purpose="newsletter", recipients="all", relationship="direct")
    assert finding.decision is Decision.PERMITTED
    assert finding.conditions == (directory_use.OPT_OUT,)
    _, event = _finding(dir_engine, purpose="educational_event", relationship="direct")
    assert event.decision is Decision.PERMITTED
    assert event.conditions == ()


def test_q8_reason_names_recipients_and_relationship(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, purpose="newsletter", recipients="all", relationship="met")
    assert "all listed members whom you have only met" in finding.reason
    assert "Q8" in finding.reason


def test_non_member_reason_says_members_only(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, "non_member", purpose="seek_advice")
    assert "only to ALA members" in finding.reason
    assert "available only to ALA Members" in finding.citations[0].text


def test_other_purpose_quotes_the_mission_limit(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, purpose="other")
    assert finding.missing_facts == ()
    assert "in connection with the ALA's mission and activities" in finding.reason


def test_declared_clauses_exist_and_cover_every_citation(dir_engine: Engine) -> None:
    declared = set(directory_use.ala_policy_cited_clauses())
    assert declared == {PREAMBLE, Q2, Q3, Q5, Q7, Q8, TERMS}
    assert all(clause in dir_engine.corpus for clause in declared)
    for row in READINGS:
        assert set(row.values[4]) <= declared


def test_engine_without_the_policy_refuses_the_plugin() -> None:
    with pytest.raises(PolicyError, match="nonsolicitation/"):
        make_engine(directory_use, builtins=["areas"])
