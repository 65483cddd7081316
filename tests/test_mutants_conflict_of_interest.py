"""Conflict of interest, exactly: every rule with its citations in order, its missing facts
in order, the facts it read, its duties and its reason word for word (docs/scenarios.md,
"conflict_of_interest"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check
from _readings import duty

from ala_policy import Engine
from ala_policy.plugins import conflict_of_interest

III_B, III_E = "code/III.B", "code/III.E"

READINGS = [
    Reading(
        "confidential-information",
        {
            "interest": "financial",
            "role_in_decision": "decides",
            "counterparty": "vendor",
            "held_by": "family",
            "disclosed": True,
            "recused": True,
            "uses_confidential_information": True,
        },
        "prohibited",
        "conflict_of_interest.confidential-information",
        (III_E, III_B),
        (
            "Your family has a financial interest in a vendor, and confidential or proprietary "
            "information is used to further that interest. Code III.E allows such information "
            "to be used solely for legal practice or management purposes, never to further a "
            "private interest."
        ),
        used=("conflict_of_interest.uses_confidential_information",),
    ),
    Reading(
        "no-role-disclosed",
        {"interest": "ownership", "role_in_decision": "none", "disclosed": True},
        "permitted",
        "conflict_of_interest.no-role-disclosed",
        (III_B, III_E),
        (
            "You have an ownership interest in the other party, but you have no part in the "
            "decision, so this is a potential conflict only, and all appropriate parties have "
            "been advised of it."
        ),
        used=("conflict_of_interest.role_in_decision", "conflict_of_interest.disclosed"),
    ),
    Reading(
        "no-role-not-disclosed",
        {
            "interest": "employment",
            "role_in_decision": "none",
            "counterparty": "competitor",
            "held_by": "friend",
            "disclosed": False,
        },
        "conditional",
        "conflict_of_interest.no-role-undisclosed",
        (III_B, III_E),
        (
            "A friend of yours has an employment tie to a competitor. Even with no part in the "
            "decision this is a potential conflict, acceptable once all appropriate parties "
            "are advised of it, which has not (yet) been done."
        ),
        used=("conflict_of_interest.role_in_decision", "conflict_of_interest.disclosed"),
        conditions=(duty("code/advise-parties"),),
    ),
    Reading(
        "no-role-disclosure-unknown",
        {"interest": "family", "role_in_decision": "none", "counterparty": "client"},
        "conditional",
        "conflict_of_interest.no-role-undisclosed",
        (III_B, III_E),
        (
            "You have a family tie to a client. Even with no part in the decision this is a "
            "potential conflict, acceptable once all appropriate parties are advised of it, "
            "and whether they have been is not given."
        ),
        used=("conflict_of_interest.role_in_decision", "conflict_of_interest.disclosed"),
        conditions=(duty("code/advise-parties"),),
    ),
    Reading(
        "undisclosed",
        {
            "interest": "personal",
            "role_in_decision": "influences",
            "counterparty": "prospective_client",
            "held_by": "friend",
            "disclosed": False,
            "recused": True,
        },
        "prohibited",
        "conflict_of_interest.undisclosed",
        (III_B, III_E),
        (
            "A friend of yours has a personal tie to a prospective client; you influence the "
            "organization's decision about it, but the appropriate parties have not been "
            "advised of the conflict. Code III.B requires advising them and avoiding the "
            "conflict."
        ),
        used=("conflict_of_interest.role_in_decision", "conflict_of_interest.disclosed"),
    ),
    Reading(
        "decides-not-recused",
        {
            "interest": "board",
            "role_in_decision": "decides",
            "counterparty": "business_partner",
            "disclosed": True,
            "recused": False,
        },
        "prohibited",
        "conflict_of_interest.decides-not-recused",
        (III_B, III_E),
        (
            "You have a board seat at a business partner; you decide the organization's "
            "business with it, and you have not stepped out of the decision. Disclosure alone "
            "does not avoid an actual conflict of interest; stepping out does."
        ),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "decides-not-recused-disclosure-unknown",
        {
            "interest": "other",
            "role_in_decision": "decides",
            "counterparty": "other",
            "recused": False,
        },
        "prohibited",
        "conflict_of_interest.decides-not-recused",
        (III_B, III_E),
        (
            "You have an interest in another party; you decide the organization's business "
            "with it, and you have not stepped out of the decision. Disclosure alone does not "
            "avoid an actual conflict of interest; stepping out does."
        ),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "disclosure-and-recusal-unknown",
        {
            "interest": "financial",
            "role_in_decision": "influences",
            "counterparty": "prospective_vendor",
        },
        "indeterminate",
        "conflict_of_interest.disclosure-unknown",
        (III_B, III_E),
        (
            "You have a financial interest in a prospective vendor; you influence the "
            "organization's decision about it. Whether that is allowed turns on whether all "
            "appropriate parties were advised of the conflict and whether you stepped out of "
            "the decision (Code III.B). Facts not given: conflict_of_interest.disclosed, "
            "conflict_of_interest.recused. The engine does not guess."
        ),
        missing=("conflict_of_interest.disclosed", "conflict_of_interest.recused"),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "decides-disclosure-and-recusal-unknown",
        {"interest": "ownership", "role_in_decision": "decides"},
        "indeterminate",
        "conflict_of_interest.disclosure-unknown",
        (III_B, III_E),
        (
            "You have an ownership interest in the other party; you decide the organization's "
            "business with it. Whether that is allowed turns on whether all appropriate "
            "parties were advised of the conflict and whether you stepped out of the decision "
            "(Code III.B). Facts not given: conflict_of_interest.disclosed, "
            "conflict_of_interest.recused. The engine does not guess."
        ),
        missing=("conflict_of_interest.disclosed", "conflict_of_interest.recused"),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "disclosure-unknown-recused",
        {"interest": "financial", "role_in_decision": "decides", "recused": True},
        "indeterminate",
        "conflict_of_interest.disclosure-unknown",
        (III_B, III_E),
        (
            "You have a financial interest in the other party; you decide the organization's "
            "business with it. Whether that is allowed turns on whether all appropriate "
            "parties were advised of the conflict (Code III.B). Fact not given: "
            "conflict_of_interest.disclosed. The engine does not guess."
        ),
        missing=("conflict_of_interest.disclosed",),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "disclosed-and-recused",
        {
            "interest": "financial",
            "role_in_decision": "decides",
            "counterparty": "vendor",
            "disclosed": True,
            "recused": True,
        },
        "permitted",
        "conflict_of_interest.disclosed-and-recused",
        (III_B, III_E),
        (
            "You have a financial interest in a vendor; you decide the organization's business "
            "with it, but the conflict was disclosed to all appropriate parties and you "
            "stepped out of the decision, so it is avoided."
        ),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "recusal-unknown",
        {
            "interest": "financial",
            "role_in_decision": "influences",
            "counterparty": "vendor",
            "held_by": "family",
            "disclosed": True,
        },
        "indeterminate",
        "conflict_of_interest.recusal-unknown",
        (III_B, III_E),
        (
            "Your family has a financial interest in a vendor; you influence the "
            "organization's decision about it. The conflict was disclosed; whether that is "
            "enough turns on whether you stepped out of the decision (Code III.B). Fact not "
            "given: conflict_of_interest.recused. The engine does not guess."
        ),
        missing=("conflict_of_interest.recused",),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
    ),
    Reading(
        "influences-disclosed",
        {
            "interest": "financial",
            "role_in_decision": "influences",
            "counterparty": "vendor",
            "disclosed": True,
            "recused": False,
        },
        "conditional",
        "conflict_of_interest.influences-disclosed",
        (III_B, III_E),
        (
            "You have a financial interest in a vendor; you influence the organization's "
            "decision about it. The conflict was disclosed and you have not stepped out, which "
            "is acceptable only while the parties you advised accept your part in the "
            "decision."
        ),
        used=(
            "conflict_of_interest.role_in_decision",
            "conflict_of_interest.disclosed",
            "conflict_of_interest.recused",
        ),
        conditions=(duty("code/advised-parties-accept"),),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "conflict_of_interest", reading, conflict_of_interest.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(conflict_of_interest.RULES)
