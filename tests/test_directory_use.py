"""The ``directory_use`` evaluator, registered alone, against every reading of 3a (version 2).

Each row gives the exact rule, citations (in order), missing facts and, for conditional
findings, conditions. Rows whose expectation version 2 changed say why in a ``# v2:`` comment.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import pytest
from _readings import (
    NO_COPYING,
    NO_SOLICITATION,
    NOT_TO_MARKET,
    OPT_OUT,
    check_reading,
    single_finding,
)

from ala_policy import Decision, Engine, Finding, Outcome, PolicyError, ScenarioError
from ala_policy.plugins import directory_use
from ala_policy.testing import make_engine, scenario

PREAMBLE = "nonsolicitation/preamble"
Q2 = "nonsolicitation/q2"
Q3 = "nonsolicitation/q3"
Q5 = "nonsolicitation/q5"
Q7 = "nonsolicitation/q7"
Q8 = "nonsolicitation/q8"
TERMS = "nonsolicitation/directory-terms"
APPROVAL = "directory_use.association_approved"
RELATIONSHIP = "directory_use.relationship"
INCLUDES = "directory_use.includes_solicitation"
MEMBER = "actor.member"

#: Roles whose membership is unknown unless ``actor.member`` gives it.
OTHER_ROLES = ("business_partner", "educator", "sponsor", "staff")
PURPOSES = (
    "contact_someone_met",
    "mutual_business_issue",
    "seek_advice",
    "marketing",
    "solicitation",
    "business_development",
    "newsletter",
    "educational_event",
    "company_card",
    "other",
)
SOLICITING = ("marketing", "solicitation", "business_development")
DIRECT = ("direct", "requested_followup", "expressed_interest")
#: Clean of every side fact: nothing copied, no solicitation in it.
CLEAN: dict[str, Any] = {"copies_data": False, "includes_solicitation": False}


@pytest.fixture(scope="module")
def dir_engine() -> Engine:
    """The areas, ALA's policies and the evaluator under test: nothing else."""
    return make_engine(directory_use, builtins=["areas", "ala_policies"])


def _finding(
    engine: Engine, role: str = "member", member: bool | None = None, **facts: Any
) -> tuple[Outcome, Finding]:
    return single_finding(engine, "directory_use", role, facts, member=member)


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
        "directory_use." + rule,
        cites,
        missing,
        conditions,
        consequence,
        id=id,
    )


SOLICITING_PURPOSE = (Q5, TERMS, PREAMBLE)
INCLUDES_SOLICITATION = (Q5, TERMS, PREAMBLE)
CARD_SOLICITS = (Q3, Q5, TERMS, PREAMBLE)
MAILING_OK = (Q8, Q2, TERMS)
MAILING_BAD = (Q8, Q2)

READINGS = [
    # -- Who (v2): the directory is for members only; this wins over everything else. ----------
    _p(
        "non_member",
        {"purpose": "contact_someone_met"},
        "prohibited",
        "non-member",
        (TERMS,),
        # v2: the consequence (cancellation of membership) reaches members only.
        consequence=False,
        id="non-member-contact",
    ),
    _p(
        "non_member",
        {"purpose": "marketing", "copies_data": True},
        "prohibited",
        "non-member",
        (TERMS,),
        # v2: the consequence (cancellation of membership) reaches members only.
        consequence=False,
        id="non-member-marketing-copies",
    ),
    _p(
        "non_member",
        {"purpose": "newsletter", "relationship": "direct", **CLEAN},
        "prohibited",
        "non-member",
        (TERMS,),
        member=False,
        consequence=False,
        id="non-member-stated-false",
    ),
    *(
        _p(
            role,
            {"purpose": "seek_advice", **CLEAN},
            "prohibited",
            "non-member",
            (TERMS,),
            member=False,
            consequence=False,
            id=f"{role}-member-false",
        )
        for role in OTHER_ROLES
    ),
    _p(
        "business_partner",
        {"purpose": "company_card", "includes_solicitation": True},
        "prohibited",
        "non-member",
        (TERMS,),
        member=False,
        consequence=False,
        id="member-false-before-solicitation",
    ),
    # Membership unknown: where a member's use would be allowed (or undecided), membership
    # decides: indeterminate, with actor.member first among the missing facts.
    *(
        _p(
            role,
            {"purpose": "mutual_business_issue", "recipients": "some", **CLEAN},
            "indeterminate",
            "membership-unknown",
            (TERMS, Q5),
            (MEMBER,),
            id=f"{role}-membership-unknown-allowed",
        )
        for role in OTHER_ROLES
    ),
    _p(
        "business_partner",
        {"purpose": "mutual_business_issue", "recipients": "some"},
        "indeterminate",
        "membership-unknown",
        # The member's answer would be conditional on Q7's duty: Q7 is checked and cited, but
        # the duty is no condition of an indeterminate finding.
        (TERMS, Q5, Q7),
        (MEMBER,),
        # v2: was permitted; membership now decides (business partners may not be members).
        id="business-partner-mutual-issue",
    ),
    _p(
        "staff",
        {"purpose": "seek_advice"},
        "indeterminate",
        "membership-unknown",
        (TERMS, Q7, Q5),
        (MEMBER,),
        # v2: was permitted; staff membership is unknown unless actor.member gives it.
        id="seek-advice",
    ),
    _p(
        "sponsor",
        {"purpose": "newsletter", "relationship": "direct", **CLEAN},
        "indeterminate",
        "membership-unknown",
        (TERMS, Q8, Q2),
        (MEMBER,),
        id="sponsor-membership-unknown-newsletter",
    ),
    _p(
        "educator",
        {"purpose": "educational_event", **CLEAN},
        "indeterminate",
        "membership-unknown",
        (TERMS, Q8, Q2),
        (MEMBER, RELATIONSHIP),
        id="educator-membership-and-relationship-unknown",
    ),
    _p(
        "staff",
        {"purpose": "company_card", "copies_data": False},
        "indeterminate",
        "membership-unknown",
        (TERMS, Q3),
        (MEMBER, INCLUDES),
        id="staff-membership-and-card-content-unknown",
    ),
    _p(
        "business_partner",
        {"purpose": "seek_advice", "shares_with": "non_members", **CLEAN},
        "indeterminate",
        "membership-unknown",
        (TERMS, PREAMBLE, Q7, Q5),
        (MEMBER, APPROVAL),
        id="business-partner-membership-and-approval-unknown",
    ),
    _p(
        "business_partner",
        {"purpose": "other"},
        "indeterminate",
        "membership-unknown",
        (TERMS, Q5),
        (MEMBER,),
        id="business-partner-other-purpose",
    ),
    # ... where it would be prohibited anyway, it stays prohibited, with the consequence.
    *(
        _p(
            role,
            {"purpose": "newsletter", "recipients": "all", "relationship": "met"},
            "prohibited",
            "mailing-without-relationship",
            MAILING_BAD,
            consequence=True,
            id=f"{role}-membership-unknown-prohibited",
        )
        for role in OTHER_ROLES
    ),
    _p(
        "staff",
        {"purpose": "contact_someone_met", "copies_data": True},
        "prohibited",
        "copies-data",
        (TERMS,),
        consequence=True,
        id="staff-membership-unknown-copies",
    ),
    # member: true is decided as a member.
    *(
        _p(
            role,
            {"purpose": "mutual_business_issue", "recipients": "some", **CLEAN},
            "permitted",
            "q5-use",
            (Q5, TERMS),
            member=True,
            id=f"{role}-member-true",
        )
        for role in OTHER_ROLES
    ),
    _p(
        "member",
        {"purpose": "mutual_business_issue", **CLEAN},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        member=True,
        id="member-stated-true",
    ),
    _p(
        "business_partner",
        {"purpose": "newsletter", "relationship": "requested_followup", **CLEAN},
        "conditional",
        "mailing-direct-relationship",
        MAILING_OK,
        member=True,
        conditions=(OPT_OUT,),
        id="business-partner-member-newsletter",
    ),
    # -- Marketing, solicitation and business development are misuse (Q5, terms). -----------
    *(
        _p(
            role,
            {"purpose": purpose},
            "prohibited",
            "soliciting-purpose",
            SOLICITING_PURPOSE,
            # v2: for business_partner and sponsor, membership is unknown, and prohibited
            # whatever it is: the finding stands, with the consequence.
            id=f"{purpose}-{role}",
        )
        for purpose in SOLICITING
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
    _p(
        "member",
        {"purpose": "marketing", "includes_solicitation": False},
        "prohibited",
        "soliciting-purpose",
        SOLICITING_PURPOSE,
        id="marketing-without-solicitation-still-marketing",
    ),
    # includes_solicitation: true is prohibited for every purpose (v2), citing Q5 and the
    # terms (and Q3 for company cards).
    *(
        _p(
            "member",
            {
                "purpose": purpose,
                "recipients": "one",
                "relationship": "direct",
                "copies_data": False,
                "includes_solicitation": True,
            },
            "prohibited",
            "includes-solicitation",
            INCLUDES_SOLICITATION,
            id=f"includes-solicitation-{purpose}",
        )
        for purpose in PURPOSES
        if purpose not in SOLICITING and purpose != "company_card"
    ),
    _p(
        "member",
        {"purpose": "newsletter", "recipients": "all", "includes_solicitation": True},
        "prohibited",
        "includes-solicitation",
        INCLUDES_SOLICITATION,
        id="includes-solicitation-newsletter-relationship-unknown",
    ),
    _p(
        "member",
        {
            "purpose": "seek_advice",
            "includes_solicitation": True,
            "shares_with": "non_members",
            "association_approved": True,
        },
        "prohibited",
        "includes-solicitation",
        INCLUDES_SOLICITATION,
        id="includes-solicitation-approved-sharing",
    ),
    *(
        _p(
            "member",
            {"purpose": purpose, "includes_solicitation": True},
            "prohibited",
            "soliciting-purpose",
            SOLICITING_PURPOSE,
            id=f"includes-solicitation-{purpose}",
        )
        for purpose in SOLICITING
    ),
    # -- Copying the directory is prohibited (terms), before the sharing rule. ----------------
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
    _p(
        "member",
        {"purpose": "company_card", "copies_data": True},
        "prohibited",
        "copies-data",
        (TERMS,),
        id="copies-card-content-unknown",
    ),
    # copies_data unknown (v2): a side fact; otherwise allowed uses are conditional on the
    # terms' duty, and it is never a missing fact.
    _p(
        "member",
        {"purpose": "contact_someone_met", "includes_solicitation": False},
        "conditional",
        "q5-use",
        (Q5, TERMS),
        conditions=(NO_COPYING,),
        id="copies-unknown-contact",
    ),
    _p(
        "member",
        {"purpose": "mutual_business_issue", "includes_solicitation": False},
        "conditional",
        "q5-use",
        (Q5, TERMS),
        conditions=(NO_COPYING,),
        id="copies-unknown-mutual-issue",
    ),
    _p(
        "member",
        {"purpose": "company_card", "includes_solicitation": False},
        "conditional",
        "company-card",
        (Q3, TERMS),
        conditions=(NO_COPYING,),
        id="copies-unknown-company-card",
    ),
    _p(
        "member",
        {"purpose": "educational_event", "relationship": "direct", "includes_solicitation": False},
        "conditional",
        "mailing-direct-relationship",
        MAILING_OK,
        conditions=(NO_COPYING,),
        id="copies-unknown-educational-event",
    ),
    _p(
        "member",
        {
            "purpose": "newsletter",
            "recipients": "all",
            "relationship": "direct",
            "includes_solicitation": False,
        },
        "conditional",
        "mailing-direct-relationship",
        MAILING_OK,
        conditions=(OPT_OUT, NO_COPYING),
        id="copies-unknown-newsletter",
    ),
    _p(
        "member",
        {"purpose": "newsletter", "relationship": "none"},
        "prohibited",
        "mailing-without-relationship",
        MAILING_BAD,
        id="copies-unknown-prohibited-stays",
    ),
    _p(
        "member",
        {"purpose": "company_card"},
        "indeterminate",
        "company-card-unknown",
        (Q3, TERMS),
        (INCLUDES,),
        id="copies-unknown-undecided-stays",
    ),
    # includes_solicitation unknown (v2) for a mutual business issue or advice: Q7's duty.
    _p(
        "member",
        {"purpose": "mutual_business_issue", "copies_data": False},
        "conditional",
        "q5-use",
        (Q5, TERMS, Q7),
        # v2: was permitted; the unknown includes_solicitation leaves Q7's duty.
        conditions=(NOT_TO_MARKET,),
        id="mutual-business-issue",
    ),
    _p(
        "member",
        {"purpose": "seek_advice", "copies_data": False},
        "conditional",
        "seek-advice",
        (Q7, Q5, TERMS),
        conditions=(NOT_TO_MARKET,),
        id="seek-advice-includes-unknown",
    ),
    _p(
        "member",
        {"purpose": "seek_advice"},
        "conditional",
        "seek-advice",
        (Q7, Q5, TERMS),
        conditions=(NO_COPYING, NOT_TO_MARKET),
        id="seek-advice-both-side-facts-unknown",
    ),
    *(
        _p(
            "member",
            {"purpose": purpose, **CLEAN},
            "permitted",
            rule,
            cites,
            id=f"{purpose}-clean",
        )
        for purpose, rule, cites in (
            ("mutual_business_issue", "q5-use", (Q5, TERMS)),
            ("seek_advice", "seek-advice", (Q7, Q5, TERMS)),
        )
    ),
    # ... and for every other purpose but a company card (where it decides, Q3) the terms'
    # duty: issue 10 reads it as a side fact "outside Q3", since no fact is ever silently
    # taken as false.
    _p(
        "member",
        {"purpose": "contact_someone_met", "copies_data": False},
        "conditional",
        "q5-use",
        (Q5, TERMS),
        conditions=(NO_SOLICITATION,),
        id="includes-unknown-contact",
    ),
    _p(
        "member",
        {
            "purpose": "educational_event",
            "relationship": "expressed_interest",
            "copies_data": False,
        },
        "conditional",
        "mailing-direct-relationship",
        MAILING_OK,
        conditions=(NO_SOLICITATION,),
        id="includes-unknown-educational-event",
    ),
    # -- Sharing with non-members needs the association's prior approval (preamble). ---------
    _p(
        "member",
        {
            "purpose": "mutual_business_issue",
            "shares_with": "non_members",
            "association_approved": False,
        },
        "prohibited",
        "shared-without-approval",
        # v2: cites the terms too (they forbid disseminating directory content).
        (PREAMBLE, TERMS),
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
        # v2: cites the terms too (they forbid disseminating directory content).
        (PREAMBLE, TERMS),
        id="shared-not-approved-newsletter",
    ),
    _p(
        "member",
        {"purpose": "mutual_business_issue", "shares_with": "non_members"},
        "indeterminate",
        "sharing-approval-unknown",
        # v2: cites the terms too, with the preamble's prior approval.
        (PREAMBLE, TERMS, Q5),
        (APPROVAL,),
        id="shared-approval-unknown",
    ),
    _p(
        "member",
        {"purpose": "newsletter", "recipients": "all", "shares_with": "non_members"},
        "indeterminate",
        "sharing-approval-unknown",
        # v2: cites the terms too, with the preamble's prior approval.
        (PREAMBLE, TERMS, Q8, Q2),
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
        # v2: solicitation in a mailing cites Q5 and the terms as well as Q3.
        CARD_SOLICITS,
        id="shared-approval-unknown-but-q3-prohibits",
    ),
    _p(
        "member",
        {"purpose": "other", "shares_with": "non_members"},
        "indeterminate",
        "sharing-approval-unknown",
        (PREAMBLE, TERMS, Q5),
        (APPROVAL,),
        id="shared-approval-unknown-other-purpose",
    ),
    _p(
        "member",
        {"purpose": "seek_advice", "shares_with": "non_members", "association_approved": True},
        "conditional",
        "seek-advice",
        (Q7, Q5, TERMS, PREAMBLE),
        # v2: was permitted; copies_data and includes_solicitation unknown leave their duties.
        conditions=(NO_COPYING, NOT_TO_MARKET),
        id="shared-approved",
    ),
    _p(
        "member",
        {
            "purpose": "seek_advice",
            "shares_with": "non_members",
            "association_approved": True,
            **CLEAN,
        },
        "permitted",
        "seek-advice",
        (Q7, Q5, TERMS, PREAMBLE),
        id="shared-approved-clean",
    ),
    _p(
        "member",
        {
            "purpose": "company_card",
            "shares_with": "non_members",
            "association_approved": True,
            **CLEAN,
        },
        "permitted",
        "company-card",
        (Q3, TERMS, PREAMBLE),
        id="shared-approved-company-card",
    ),
    _p(
        "member",
        {"purpose": "contact_someone_met", "shares_with": "own_organization"},
        "conditional",
        "q5-use",
        (Q5, TERMS),
        # v2: was permitted; copies_data and includes_solicitation unknown leave the
        # terms' duties.
        conditions=(NO_COPYING, NO_SOLICITATION),
        id="shared-own-organization",
    ),
    _p(
        "member",
        {"purpose": "contact_someone_met", "shares_with": "own_organization", **CLEAN},
        "permitted",
        "q5-use",
        (Q5, TERMS),
        id="shared-own-organization-clean",
    ),
    _p(
        "member",
        {"purpose": "contact_someone_met", "shares_with": "nobody", "association_approved": False},
        "conditional",
        "q5-use",
        (Q5, TERMS),
        # v2: was permitted; copies_data and includes_solicitation unknown leave the
        # terms' duties.
        conditions=(NO_COPYING, NO_SOLICITATION),
        id="approval-irrelevant-without-sharing",
    ),
    # -- Newsletters and educational events: only with a direct relationship (Q8, Q2). -------
    # v2: copies_data is stated false here so that the relationship alone decides (unknown
    # adds the terms' duty: the copies-unknown rows). A newsletter is conditional on the
    # opt-out duty (was permitted); an educational event is permitted, with no duty.
    *(
        _p(
            "member",
            {"purpose": purpose, "recipients": recipients, "relationship": rel, **CLEAN},
            "conditional" if purpose == "newsletter" else "permitted",
            "mailing-direct-relationship",
            MAILING_OK,
            conditions=(OPT_OUT,) if purpose == "newsletter" else (),
            id=f"{purpose}-{recipients}-{rel}",
        )
        for purpose in ("newsletter", "educational_event")
        for recipients in ("one", "some", "all")
        for rel in DIRECT
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
        for recipients in ("one", "some", "all")
    ),
    _p(
        "member",
        {"purpose": "newsletter", "relationship": "met"},
        "prohibited",
        "mailing-without-relationship",
        MAILING_BAD,
        id="newsletter-default-one-met",
    ),
    # -- Company cards: without solicitation allowed, with it prohibited, unknown undecided. --
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all", "includes_solicitation": False},
        "conditional",
        "company-card",
        (Q3, TERMS),
        # v2: was permitted; copies_data unknown leaves the terms' duty.
        conditions=(NO_COPYING,),
        id="company-card-clean",
    ),
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all", **CLEAN},
        "permitted",
        "company-card",
        (Q3, TERMS),
        id="company-card-clean-not-copied",
    ),
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all", "includes_solicitation": True},
        "prohibited",
        "company-card-solicits",
        # v2: cites Q5 and the terms' "any commercial or solicitation purpose" with Q3.
        CARD_SOLICITS,
        id="company-card-solicits",
    ),
    _p(
        "member",
        {"purpose": "company_card", "recipients": "all"},
        "indeterminate",
        "company-card-unknown",
        (Q3, TERMS),
        (INCLUDES,),
        id="company-card-unknown",
    ),
    _p(
        "member",
        {"purpose": "company_card", "recipients": "some", "copies_data": False},
        "indeterminate",
        "company-card-unknown",
        (Q3, TERMS),
        (INCLUDES,),
        id="company-card-unknown-not-copied",
    ),
    # -- contact_someone_met (Q5): one or some recipients; the purpose says they were met. ----
    _p(
        "member",
        {"purpose": "contact_someone_met"},
        "conditional",
        "q5-use",
        (Q5, TERMS),
        # v2: was permitted; copies_data and includes_solicitation unknown leave the
        # terms' duties.
        conditions=(NO_COPYING, NO_SOLICITATION),
        id="contact-someone-met",
    ),
    *(
        _p(
            "member",
            {"purpose": "contact_someone_met", "recipients": recipients, **CLEAN, **rel},
            "permitted",
            "q5-use",
            (Q5, TERMS),
            id=f"contact-{recipients}-{rel.get('relationship', 'relationship-unknown')}",
        )
        for recipients in ("one", "some")
        for rel in ({}, *({"relationship": r} for r in (*DIRECT, "met")))
    ),
    *(
        _p(
            "member",
            {"purpose": "contact_someone_met", "recipients": recipients, "relationship": "none"},
            "prohibited",
            "contact-no-relationship",
            (Q5, TERMS),
            id=f"contact-{recipients}-none",
        )
        for recipients in ("one", "some", "all")
    ),
    *(
        _p(
            "member",
            {"purpose": "contact_someone_met", "recipients": "all", **CLEAN, **rel},
            "prohibited",
            "contact-mass-mailing",
            (Q5, Q8, TERMS),
            id=f"contact-all-{rel.get('relationship', 'relationship-unknown')}",
        )
        for rel in ({}, *({"relationship": r} for r in (*DIRECT, "met")))
    ),
    # -- Other purposes: cannot be placed; indeterminate with no fact to supply. ---------------
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
        {"purpose": "other", "recipients": "all", "relationship": "direct", **CLEAN},
        "indeterminate",
        "other-purpose",
        (TERMS, Q5),
        id="other-purpose-clean",
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
    dir_engine: Engine,
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
    outcome, finding = _finding(dir_engine, role, member, **facts)
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


@pytest.mark.parametrize(("role", "member"), [("member", False), ("non_member", True)])
def test_membership_against_the_role_is_an_input_error(
    dir_engine: Engine, role: str, member: bool
) -> None:
    data = scenario(role=role, member=member, directory_use={"purpose": "seek_advice"})
    with pytest.raises(ScenarioError) as info:
        dir_engine.evaluate(data)
    assert info.value.path == "actor.member"


def test_newsletter_keeps_the_opt_out_duty(dir_engine: Engine) -> None:
    # v2: a permitted finding carries no conditions; the opt-out duty makes it conditional.
    _, finding = _finding(
        dir_engine, purpose="newsletter", recipients="all", relationship="direct", **CLEAN
    )
    assert finding.decision is Decision.CONDITIONAL
    assert finding.conditions == (OPT_OUT,)
    _, event = _finding(dir_engine, purpose="educational_event", relationship="direct", **CLEAN)
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


def test_membership_unknown_reason_says_what_a_member_may_do(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, "sponsor", purpose="seek_advice", **CLEAN)
    assert "only to ALA members" in finding.reason
    assert MEMBER in finding.reason
    assert "For a member:" in finding.reason


def test_other_purpose_quotes_the_mission_limit(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, purpose="other")
    assert finding.missing_facts == ()
    assert "in connection with the ALA's mission and activities" in finding.reason
    assert "what is the use?" in finding.reason


def test_solicitation_reason_quotes_the_terms(dir_engine: Engine) -> None:
    _, finding = _finding(dir_engine, purpose="newsletter", includes_solicitation=True)
    assert "any commercial or solicitation purpose of any kind" in finding.reason
    _, card = _finding(dir_engine, purpose="company_card", includes_solicitation=True)
    assert "Q3" in card.reason


def test_duty_texts_quote_their_clauses() -> None:
    assert "(Directory terms)" in NO_COPYING
    assert "This contact should not be used to market or solicit business" in NOT_TO_MARKET
    assert "opt" in OPT_OUT


# -- Every combination: the readings' general rules hold everywhere. -------------------------

RECIPIENTS = ("one", "some", "all")
#: One relationship of each kind (direct, requested_followup and expressed_interest alike).
RELATIONSHIPS = (None, "direct", "met", "none")
TRI = (None, True, False)
SHARES = ("nobody", "own_organization", "non_members")


def _combinations() -> list[dict[str, Any]]:
    cases = []
    for purpose, recipients, rel, copies, shares, approved, includes in itertools.product(
        PURPOSES, RECIPIENTS, RELATIONSHIPS, TRI, SHARES, TRI, TRI
    ):
        given = {
            "relationship": rel,
            "copies_data": copies,
            "association_approved": approved,
            "includes_solicitation": includes,
        }
        facts: dict[str, Any] = {"purpose": purpose, "recipients": recipients}
        facts["shares_with"] = shares
        facts.update({name: value for name, value in given.items() if value is not None})
        cases.append(facts)
    return cases


COMBINATIONS = _combinations()


def _decide(engine: Engine, role: str, member: bool | None, facts: dict[str, Any]) -> Finding:
    outcome = engine.evaluate(scenario(role=role, member=member, directory_use=facts))
    (finding,) = outcome.findings
    assert finding.error is None
    return finding


def test_every_ruling_cites_within_its_rule(dir_engine: Engine) -> None:
    for row in READINGS:
        role, member, facts, *_ = row.values
        finding = _decide(dir_engine, role, member, facts)
        assert finding.rule is not None
        assert finding.rule in directory_use.RULES, finding.rule
        cites = [c.id for c in finding.citations]
        assert set(cites) <= set(directory_use.RULES[finding.rule]), (row.id, cites)
    reached = {row.values[4] for row in READINGS}
    assert reached == set(directory_use.RULES)


def test_declared_clauses_are_the_rules_and_exist(dir_engine: Engine) -> None:
    assert directory_use.ala_policy_cited_clauses() is directory_use.RULES
    declared = {c for cites in directory_use.RULES.values() for c in cites}
    assert declared == {PREAMBLE, Q2, Q3, Q5, Q7, Q8, TERMS}
    assert all(clause in dir_engine.corpus for clause in declared)


def test_side_facts_leave_duties_never_questions(dir_engine: Engine) -> None:
    """copies_data (everywhere) and includes_solicitation (for every purpose but a company
    card) unknown: the answer for the fact known false, plus a duty where it is allowed."""
    allowed = (Decision.PERMITTED, Decision.CONDITIONAL)
    for facts in COMBINATIONS:
        finding = _decide(dir_engine, "member", None, facts)
        assert "directory_use.copies_data" not in finding.missing_facts
        if facts["purpose"] != "company_card":
            assert INCLUDES not in finding.missing_facts
        assert finding.missing_facts == tuple(dict.fromkeys(finding.missing_facts))
        assert set(finding.conditions) <= {OPT_OUT, NO_COPYING, NOT_TO_MARKET, NO_SOLICITATION}
        if facts.get("copies_data") or facts.get("includes_solicitation"):
            assert finding.decision is Decision.PROHIBITED, facts
        side = [("copies_data", NO_COPYING)]
        if facts["purpose"] in ("mutual_business_issue", "seek_advice"):
            side.append(("includes_solicitation", NOT_TO_MARKET))
        elif facts["purpose"] != "company_card":
            side.append(("includes_solicitation", NO_SOLICITATION))
        for name, duty in side:
            if name in facts:
                continue
            known = _decide(dir_engine, "member", None, {**facts, name: False})
            assert known.rule == finding.rule, (facts, name)
            if known.decision in allowed:
                assert finding.decision is Decision.CONDITIONAL, facts
                assert duty in finding.conditions, facts
            else:
                assert finding.decision is known.decision, facts
                assert finding.missing_facts == known.missing_facts, facts


def test_membership_decides_only_where_a_member_is_not_prohibited(dir_engine: Engine) -> None:
    """For each combination, a member's answer; with membership unknown, the same where it is
    prohibited, else indeterminate on actor.member; stated true, the same; false, prohibited
    without the consequence (a role cycles through the combinations)."""
    for index, facts in enumerate(COMBINATIONS):
        as_member = _decide(dir_engine, "member", None, facts)
        role = OTHER_ROLES[index % len(OTHER_ROLES)]
        unknown = _decide(dir_engine, role, None, facts)
        if as_member.decision is Decision.PROHIBITED:
            assert unknown == as_member, facts
            assert unknown.consequence is not None
        else:
            assert unknown.decision is Decision.INDETERMINATE, facts
            assert unknown.rule == "directory_use.membership-unknown"
            assert unknown.missing_facts == (MEMBER, *as_member.missing_facts), facts
            assert [c.id for c in unknown.citations] == [
                TERMS,
                *(c.id for c in as_member.citations if c.id != TERMS),
            ]
            assert unknown.conditions == ()
        stated = _decide(dir_engine, role, True, facts)
        # the same finding as a member's, having read actor.member too
        assert attrs.evolve(stated, facts_used=as_member.facts_used) == as_member, facts
        assert stated.facts_used[:2] == ("actor.role", MEMBER)
        refused = _decide(dir_engine, role, False, facts)
        assert refused.decision is Decision.PROHIBITED
        assert refused.rule == "directory_use.non-member"
        assert refused.consequence is None


def test_engine_without_the_policy_refuses_the_plugin() -> None:
    with pytest.raises(PolicyError, match="nonsolicitation/"):
        make_engine(directory_use, builtins=["areas"])
