"""Solicitation, exactly: every rule with its citations in order, its missing facts in order,
the facts it read (the capacity through ``actor.role``), its duties, its consequence and its
reason word for word (docs/scenarios.md, "solicitation"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check
from _readings import CONSEQUENCE, EDUCATOR_CARDS, NOT_TO_MARKET, OPT_OUT

from ala_policy import Engine
from ala_policy.plugins import solicitation

PREAMBLE = "nonsolicitation/preamble"
Q1, Q2, Q4, Q6, Q7, Q8 = (f"nonsolicitation/q{n}" for n in (1, 2, 4, 6, 7, 8))

READINGS = [
    Reading(
        "cards-setting-unknown",
        {"activity": "exchange_business_cards"},
        "indeterminate",
        "solicitation.cards-setting-unknown",
        (Q1,),
        (
            "Exchanging business cards is what Q1 addresses at ALA functions and meetings, and "
            "where it happens is not given. Facts not given: solicitation.setting, "
            "solicitation.individual_connection. The engine does not guess."
        ),
        missing=("solicitation.setting", "solicitation.individual_connection"),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
    ),
    Reading(
        "cards-setting-unknown-connection-known",
        {"activity": "distribute_business_cards", "individual_connection": False},
        "indeterminate",
        "solicitation.cards-setting-unknown",
        (Q1,),
        (
            "Handing out business cards is what Q1 addresses at ALA functions and meetings, "
            "and where it happens is not given. Fact not given: solicitation.setting. The "
            "engine does not guess."
        ),
        missing=("solicitation.setting",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
    ),
    Reading(
        "cards-setting-unknown-educator",
        {"activity": "distribute_business_cards"},
        "indeterminate",
        "solicitation.cards-setting-unknown",
        (Q1,),
        (
            "Handing out business cards is what Q1 addresses at ALA functions and meetings, "
            "and where it happens is not given. Fact not given: solicitation.setting. The "
            "engine does not guess."
        ),
        missing=("solicitation.setting",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        role="educator",
    ),
    Reading(
        "cards-setting-unknown-declared-educator",
        {"activity": "exchange_business_cards", "capacity": "educator"},
        "indeterminate",
        "solicitation.cards-setting-unknown",
        (Q1,),
        (
            "Exchanging business cards is what Q1 addresses at ALA functions and meetings, and "
            "where it happens is not given. Fact not given: solicitation.setting. The engine "
            "does not guess."
        ),
        missing=("solicitation.setting",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        role="sponsor",
    ),
    Reading(
        "cards-setting-unknown-sponsor",
        {"activity": "exchange_business_cards"},
        "indeterminate",
        "solicitation.cards-setting-unknown",
        (Q1,),
        (
            "Exchanging business cards is what Q1 addresses at ALA functions and meetings, and "
            "where it happens is not given. Facts not given: solicitation.setting, "
            "solicitation.individual_connection. The engine does not guess."
        ),
        missing=("solicitation.setting", "solicitation.individual_connection"),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        role="sponsor",
    ),
    Reading(
        "cards-outside",
        {
            "activity": "exchange_business_cards",
            "setting": "outside",
            "individual_connection": False,
        },
        "not_applicable",
        "solicitation.cards-outside",
        (Q1,),
        "Exchanging business cards outside ALA functions and meetings is not what Q1 addresses.",
        used=("solicitation.activity", "solicitation.setting"),
    ),
    Reading(
        "cards-outside-handing-out",
        {"activity": "distribute_business_cards", "setting": "outside"},
        "not_applicable",
        "solicitation.cards-outside",
        (Q1,),
        "Handing out business cards outside ALA functions and meetings is not what Q1 addresses.",
        used=("solicitation.activity", "solicitation.setting"),
    ),
    Reading(
        "cards-with-connection",
        {
            "activity": "exchange_business_cards",
            "setting": "ala_function",
            "individual_connection": True,
        },
        "permitted",
        "solicitation.cards-with-connection",
        (Q1,),
        (
            "Exchanging business cards at an ALA function as part of a business conversation "
            "with an individual connection is highly appropriate (Q1)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
    ),
    Reading(
        "cards-with-connection-meeting",
        {
            "activity": "distribute_business_cards",
            "setting": "ala_meeting",
            "individual_connection": True,
        },
        "permitted",
        "solicitation.cards-with-connection",
        (Q1,),
        (
            "Handing out business cards at an ALA meeting as part of a business conversation "
            "with an individual connection is highly appropriate (Q1)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        role="sponsor",
    ),
    Reading(
        "cards-educator",
        {
            "activity": "distribute_business_cards",
            "setting": "ala_meeting",
            "individual_connection": False,
        },
        "conditional",
        "solicitation.cards-educator",
        (Q1,),
        (
            "Handing out business cards at an ALA meeting without an individual connection is "
            "the exception Q1 allows an educator, when it is done with the intent of allowing "
            "audience members to follow up."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        conditions=(EDUCATOR_CARDS,),
        role="educator",
    ),
    Reading(
        "cards-educator-unknown-connection",
        {"activity": "exchange_business_cards", "setting": "ala_function", "capacity": "educator"},
        "conditional",
        "solicitation.cards-educator",
        (Q1,),
        (
            "Exchanging business cards at an ALA function without an individual connection is "
            "the exception Q1 allows an educator, when it is done with the intent of allowing "
            "audience members to follow up."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        conditions=(EDUCATOR_CARDS,),
    ),
    Reading(
        "cards-without-connection",
        {
            "activity": "distribute_business_cards",
            "setting": "ala_function",
            "individual_connection": False,
        },
        "prohibited",
        "solicitation.cards-without-connection",
        (Q1,),
        (
            "Handing out business cards at an ALA function to members without making an "
            "individual connection is not appropriate unless you act as an educator (Q1)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        consequence=CONSEQUENCE,
        role="sponsor",
    ),
    Reading(
        "cards-exchanged-without-connection",
        {
            "activity": "exchange_business_cards",
            "setting": "ala_meeting",
            "individual_connection": False,
        },
        "prohibited",
        "solicitation.cards-without-connection",
        (Q1,),
        (
            "Exchanging business cards at an ALA meeting to members without making an "
            "individual connection is not appropriate unless you act as an educator (Q1)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        consequence=CONSEQUENCE,
        role="business_partner",
    ),
    Reading(
        "cards-declared-member",
        {
            "activity": "distribute_business_cards",
            "setting": "ala_meeting",
            "individual_connection": False,
            "capacity": "member",
        },
        "prohibited",
        "solicitation.cards-without-connection",
        (Q1,),
        (
            "Handing out business cards at an ALA meeting to members without making an "
            "individual connection is not appropriate unless you act as an educator (Q1)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
        consequence=CONSEQUENCE,
        role="educator",
    ),
    Reading(
        "cards-connection-unknown",
        {"activity": "exchange_business_cards", "setting": "ala_meeting"},
        "indeterminate",
        "solicitation.cards-connection-unknown",
        (Q1,),
        (
            "Exchanging business cards at an ALA meeting is appropriate only as part of a "
            "business conversation with an individual connection (Q1), and whether there was "
            "one is not given. Fact not given: solicitation.individual_connection. The engine "
            "does not guess."
        ),
        missing=("solicitation.individual_connection",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.individual_connection",
            "solicitation.capacity",
            "actor.role",
        ),
    ),
    Reading(
        "approach-to-sell",
        {"activity": "approach_to_sell", "setting": "outside"},
        "prohibited",
        "solicitation.approach-to-sell",
        (Q1, PREAMBLE),
        (
            "Approaching another member for the specific purpose of marketing or selling a "
            "service or product is not appropriate (Q1), wherever it happens; it is overt "
            "solicitation."
        ),
        used=("solicitation.activity",),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "call-requested",
        {"activity": "follow_up_call", "follow_up_requested": True},
        "permitted",
        "solicitation.call-requested",
        (Q2,),
        (
            "The member requested the follow-up or offered permission, so a follow-up "
            "telephone call is appropriate (Q2)."
        ),
        used=("solicitation.activity", "solicitation.follow_up_requested"),
    ),
    Reading(
        "call-not-requested",
        {"activity": "follow_up_call", "follow_up_requested": False, "expressed_interest": True},
        "prohibited",
        "solicitation.call-not-requested",
        (Q2,),
        (
            "A follow-up telephone call is appropriate only if the member requested it or "
            "offered permission, and this member did neither (Q2)."
        ),
        used=("solicitation.activity", "solicitation.follow_up_requested"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "call-request-unknown",
        {"activity": "follow_up_call"},
        "indeterminate",
        "solicitation.call-request-unknown",
        (Q2,),
        (
            "A follow-up telephone call is appropriate only if the member requested it or "
            "offered permission (Q2), and whether they did is not given. Fact not given: "
            "solicitation.follow_up_requested. The engine does not guess."
        ),
        missing=("solicitation.follow_up_requested",),
        used=("solicitation.activity", "solicitation.follow_up_requested"),
    ),
    Reading(
        "email-after-interest",
        {"activity": "marketing_email", "expressed_interest": True, "follow_up_requested": False},
        "permitted",
        "solicitation.written-after-interest",
        (Q2,),
        (
            "A marketing email offering a product or service is okay after a conversation in "
            "which the member expressed interest in receiving more information (Q2)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "letter-after-interest",
        {"activity": "follow_up_letter", "expressed_interest": True},
        "permitted",
        "solicitation.written-after-interest",
        (Q2,),
        (
            "A follow-up letter offering a product or service is okay after a conversation in "
            "which the member expressed interest in receiving more information (Q2)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "letter-requested",
        {"activity": "follow_up_letter", "follow_up_requested": True, "expressed_interest": False},
        "permitted",
        "solicitation.written-requested",
        (Q2,),
        "A follow-up letter is appropriate because the member requested the follow-up (Q2).",
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "email-requested-interest-unknown",
        {"activity": "marketing_email", "follow_up_requested": True},
        "permitted",
        "solicitation.written-requested",
        (Q2,),
        "A marketing email is appropriate because the member requested the follow-up (Q2).",
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "email-unknown-both",
        {"activity": "marketing_email"},
        "indeterminate",
        "solicitation.written-unknown",
        (Q2,),
        (
            "A marketing email is appropriate only if the member expressed interest in a "
            "conversation or requested the follow-up (Q2). Facts not given: "
            "solicitation.expressed_interest, solicitation.follow_up_requested. The engine "
            "does not guess."
        ),
        missing=("solicitation.expressed_interest", "solicitation.follow_up_requested"),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "letter-unknown-request",
        {"activity": "follow_up_letter", "expressed_interest": False},
        "indeterminate",
        "solicitation.written-unknown",
        (Q2,),
        (
            "A follow-up letter is appropriate only if the member expressed interest in a "
            "conversation or requested the follow-up (Q2). Fact not given: "
            "solicitation.follow_up_requested. The engine does not guess."
        ),
        missing=("solicitation.follow_up_requested",),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "email-unknown-interest",
        {"activity": "marketing_email", "follow_up_requested": False},
        "indeterminate",
        "solicitation.written-unknown",
        (Q2,),
        (
            "A marketing email is appropriate only if the member expressed interest in a "
            "conversation or requested the follow-up (Q2). Fact not given: "
            "solicitation.expressed_interest. The engine does not guess."
        ),
        missing=("solicitation.expressed_interest",),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
    ),
    Reading(
        "email-unsolicited",
        {"activity": "marketing_email", "expressed_interest": False, "follow_up_requested": False},
        "prohibited",
        "solicitation.written-unsolicited",
        (Q2, PREAMBLE),
        (
            "A marketing email the member neither asked for nor showed interest in is "
            "unsolicited marketing, which Q2 calls inappropriate."
        ),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "letter-unsolicited",
        {"activity": "follow_up_letter", "expressed_interest": False, "follow_up_requested": False},
        "prohibited",
        "solicitation.written-unsolicited",
        (Q2, PREAMBLE),
        (
            "A follow-up letter the member neither asked for nor showed interest in is "
            "unsolicited marketing, which Q2 calls inappropriate."
        ),
        used=(
            "solicitation.activity",
            "solicitation.expressed_interest",
            "solicitation.follow_up_requested",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "newsletter-met",
        {"activity": "newsletter", "relationship": "met", "opt_out": "clear_and_followed"},
        "prohibited",
        "solicitation.newsletter-without-relationship",
        (Q8, Q2),
        (
            "A newsletter may go only to members with whom you have established a direct "
            "relationship (Q8, Q2); sending it to members whom you have only met is what Q8 "
            "forbids."
        ),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "newsletter-none-opt-out-unknown",
        {"activity": "newsletter", "relationship": "none"},
        "prohibited",
        "solicitation.newsletter-without-relationship",
        (Q8, Q2),
        (
            "A newsletter may go only to members with whom you have established a direct "
            "relationship (Q8, Q2); sending it to members with whom you have no relationship "
            "is what Q8 forbids."
        ),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "newsletter-no-opt-out",
        {"activity": "newsletter", "relationship": "direct", "opt_out": "missing"},
        "prohibited",
        "solicitation.newsletter-no-opt-out",
        (Q2, Q8),
        (
            "A newsletter is acceptable only if the procedure for opting out is clear and "
            "followed (Q2); here there is no way to opt out."
        ),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "newsletter-opt-out-not-followed",
        {"activity": "newsletter", "opt_out": "not_followed"},
        "prohibited",
        "solicitation.newsletter-no-opt-out",
        (Q2, Q8),
        (
            "A newsletter is acceptable only if the procedure for opting out is clear and "
            "followed (Q2); here opt-out requests are not followed."
        ),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "newsletter-unknown-both",
        {"activity": "newsletter"},
        "indeterminate",
        "solicitation.newsletter-unknown",
        (Q8, Q2),
        (
            "A newsletter is acceptable only to members with whom you have established a "
            "direct relationship (Q8, Q2), and only while the procedure for opting out is "
            "clear and followed (Q2). Facts not given: solicitation.relationship, "
            "solicitation.opt_out. The engine does not guess."
        ),
        missing=("solicitation.relationship", "solicitation.opt_out"),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
    ),
    Reading(
        "newsletter-relationship-unknown",
        {"activity": "newsletter", "opt_out": "clear_and_followed"},
        "indeterminate",
        "solicitation.newsletter-unknown",
        (Q8, Q2),
        (
            "A newsletter is acceptable only to members with whom you have established a "
            "direct relationship (Q8, Q2), and only while the procedure for opting out is "
            "clear and followed (Q2). Fact not given: solicitation.relationship. The engine "
            "does not guess."
        ),
        missing=("solicitation.relationship",),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
    ),
    Reading(
        "newsletter-opt-out-unknown",
        {"activity": "newsletter", "relationship": "requested_followup"},
        "indeterminate",
        "solicitation.newsletter-unknown",
        (Q8, Q2),
        (
            "A newsletter is acceptable only to members with whom you have established a "
            "direct relationship (Q8, Q2), and only while the procedure for opting out is "
            "clear and followed (Q2). Fact not given: solicitation.opt_out. The engine does "
            "not guess."
        ),
        missing=("solicitation.opt_out",),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
    ),
    Reading(
        "newsletter",
        {
            "activity": "newsletter",
            "relationship": "expressed_interest",
            "opt_out": "clear_and_followed",
        },
        "conditional",
        "solicitation.newsletter",
        (Q8, Q2),
        (
            "A newsletter may go to members who expressed interest in hearing from you, with a "
            "procedure for opting out that is clear and followed (Q8, Q2)."
        ),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
        conditions=(OPT_OUT,),
    ),
    Reading(
        "newsletter-direct",
        {"activity": "newsletter", "relationship": "direct", "opt_out": "clear_and_followed"},
        "conditional",
        "solicitation.newsletter",
        (Q8, Q2),
        (
            "A newsletter may go to members with whom you have a direct relationship, with a "
            "procedure for opting out that is clear and followed (Q8, Q2)."
        ),
        used=("solicitation.activity", "solicitation.relationship", "solicitation.opt_out"),
        conditions=(OPT_OUT,),
    ),
    Reading(
        "invitation-relationship-unknown",
        {"activity": "educational_event_invitation"},
        "indeterminate",
        "solicitation.invitation-relationship-unknown",
        (Q8, Q2),
        (
            "An invitation to an educational event may go only to members with whom you have "
            "established a direct relationship (Q8, Q2), and your relationship with the "
            "recipients is not given. Fact not given: solicitation.relationship. The engine "
            "does not guess."
        ),
        missing=("solicitation.relationship",),
        used=("solicitation.activity", "solicitation.relationship"),
    ),
    Reading(
        "invitation-direct",
        {"activity": "educational_event_invitation", "relationship": "direct"},
        "permitted",
        "solicitation.educational-invitation",
        (Q8, Q2),
        (
            "An invitation to an educational event is acceptable by mail or email (Q2) to "
            "members with whom you have a direct relationship (Q8)."
        ),
        used=("solicitation.activity", "solicitation.relationship"),
    ),
    Reading(
        "invitation-requested",
        {"activity": "educational_event_invitation", "relationship": "requested_followup"},
        "permitted",
        "solicitation.educational-invitation",
        (Q8, Q2),
        (
            "An invitation to an educational event is acceptable by mail or email (Q2) to "
            "members who requested the follow-up (Q8)."
        ),
        used=("solicitation.activity", "solicitation.relationship"),
    ),
    Reading(
        "invitation-met",
        {"activity": "educational_event_invitation", "relationship": "met"},
        "prohibited",
        "solicitation.invitation-without-relationship",
        (Q8, Q2),
        (
            "An invitation to an educational event may go only to members with whom you have "
            "established a direct relationship; sending it to members whom you have only met "
            "is what Q8 forbids."
        ),
        used=("solicitation.activity", "solicitation.relationship"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "invitation-none",
        {"activity": "educational_event_invitation", "relationship": "none"},
        "prohibited",
        "solicitation.invitation-without-relationship",
        (Q8, Q2),
        (
            "An invitation to an educational event may go only to members with whom you have "
            "established a direct relationship; sending it to members with whom you have no "
            "relationship is what Q8 forbids."
        ),
        used=("solicitation.activity", "solicitation.relationship"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "literature-setting-unknown-member",
        {"activity": "distribute_literature"},
        "indeterminate",
        "solicitation.literature-setting-unknown",
        (Q6,),
        (
            "Distributing literature is what Q6 addresses at ALA functions and meetings, and "
            "where it happens is not given. Fact not given: solicitation.setting. The engine "
            "does not guess."
        ),
        missing=("solicitation.setting",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
    ),
    Reading(
        "literature-setting-unknown-sponsor",
        {"activity": "leave_promotional_materials"},
        "indeterminate",
        "solicitation.literature-setting-unknown",
        (Q6,),
        (
            "Leaving promotional materials is what Q6 addresses at ALA functions and meetings, "
            "and where it happens is not given. Facts not given: solicitation.setting, "
            "solicitation.agreement_permits. The engine does not guess."
        ),
        missing=("solicitation.setting", "solicitation.agreement_permits"),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        role="sponsor",
    ),
    Reading(
        "literature-setting-unknown-educator-agreement-known",
        {"activity": "distribute_literature", "agreement_permits": True},
        "indeterminate",
        "solicitation.literature-setting-unknown",
        (Q6,),
        (
            "Distributing literature is what Q6 addresses at ALA functions and meetings, and "
            "where it happens is not given. Fact not given: solicitation.setting. The engine "
            "does not guess."
        ),
        missing=("solicitation.setting",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        role="educator",
    ),
    Reading(
        "literature-setting-unknown-declared-sponsor",
        {"activity": "distribute_literature", "capacity": "sponsor"},
        "indeterminate",
        "solicitation.literature-setting-unknown",
        (Q6,),
        (
            "Distributing literature is what Q6 addresses at ALA functions and meetings, and "
            "where it happens is not given. Facts not given: solicitation.setting, "
            "solicitation.agreement_permits. The engine does not guess."
        ),
        missing=("solicitation.setting", "solicitation.agreement_permits"),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
    ),
    Reading(
        "literature-outside",
        {"activity": "distribute_literature", "setting": "outside", "agreement_permits": False},
        "not_applicable",
        "solicitation.literature-outside",
        (Q6,),
        "Distributing literature outside ALA functions and meetings is not what Q6 addresses.",
        used=("solicitation.activity", "solicitation.setting"),
        role="sponsor",
    ),
    Reading(
        "materials-outside",
        {"activity": "leave_promotional_materials", "setting": "outside"},
        "not_applicable",
        "solicitation.literature-outside",
        (Q6,),
        (
            "Leaving promotional materials outside ALA functions and meetings is not what Q6 "
            "addresses."
        ),
        used=("solicitation.activity", "solicitation.setting"),
    ),
    Reading(
        "literature-member",
        {"activity": "distribute_literature", "setting": "ala_function", "agreement_permits": True},
        "prohibited",
        "solicitation.literature-member",
        (Q6,),
        (
            "Members may not leave promotional materials on meeting tables or openly "
            "distribute them at an ALA function; only an educator or sponsor may, as the "
            "agreement permits (Q6)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "materials-business-partner",
        {"activity": "leave_promotional_materials", "setting": "ala_meeting"},
        "prohibited",
        "solicitation.literature-member",
        (Q6,),
        (
            "Members may not leave promotional materials on meeting tables or openly "
            "distribute them at an ALA meeting; only an educator or sponsor may, as the "
            "agreement permits (Q6)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
        ),
        consequence=CONSEQUENCE,
        role="business_partner",
    ),
    Reading(
        "literature-declared-member",
        {
            "activity": "distribute_literature",
            "setting": "ala_meeting",
            "capacity": "member",
            "agreement_permits": True,
        },
        "prohibited",
        "solicitation.literature-member",
        (Q6,),
        (
            "Members may not leave promotional materials on meeting tables or openly "
            "distribute them at an ALA meeting; only an educator or sponsor may, as the "
            "agreement permits (Q6)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
        ),
        consequence=CONSEQUENCE,
        role="sponsor",
    ),
    Reading(
        "literature-agreement-educator",
        {"activity": "distribute_literature", "setting": "ala_meeting", "agreement_permits": True},
        "permitted",
        "solicitation.literature-agreement",
        (Q6,),
        (
            "Distributing literature at an ALA meeting as an educator whose agreement permits "
            "it is what Q6 allows."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        role="educator",
    ),
    Reading(
        "materials-agreement-sponsor",
        {
            "activity": "leave_promotional_materials",
            "setting": "ala_function",
            "agreement_permits": True,
        },
        "permitted",
        "solicitation.literature-agreement",
        (Q6,),
        (
            "Leaving promotional materials at an ALA function as a sponsor whose agreement "
            "permits it is what Q6 allows."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        role="sponsor",
    ),
    Reading(
        "literature-not-in-agreement",
        {
            "activity": "distribute_literature",
            "setting": "ala_function",
            "agreement_permits": False,
        },
        "prohibited",
        "solicitation.literature-not-in-agreement",
        (Q6,),
        (
            "A sponsor may distribute literature at an ALA function only as the agreement "
            "permits, and this agreement does not (Q6)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        consequence=CONSEQUENCE,
        role="sponsor",
    ),
    Reading(
        "materials-not-in-agreement-educator",
        {
            "activity": "leave_promotional_materials",
            "setting": "ala_meeting",
            "capacity": "educator",
            "agreement_permits": False,
        },
        "prohibited",
        "solicitation.literature-not-in-agreement",
        (Q6,),
        (
            "An educator may distribute literature at an ALA meeting only as the agreement "
            "permits, and this agreement does not (Q6)."
        ),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "literature-agreement-unknown",
        {"activity": "distribute_literature", "setting": "ala_meeting"},
        "indeterminate",
        "solicitation.literature-agreement-unknown",
        (Q6,),
        (
            "An educator may distribute literature at an ALA meeting only as the agreement "
            "permits (Q6), and what it permits is not given. Fact not given: "
            "solicitation.agreement_permits. The engine does not guess."
        ),
        missing=("solicitation.agreement_permits",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        role="educator",
    ),
    Reading(
        "materials-agreement-unknown-sponsor",
        {"activity": "leave_promotional_materials", "setting": "ala_function"},
        "indeterminate",
        "solicitation.literature-agreement-unknown",
        (Q6,),
        (
            "A sponsor may distribute literature at an ALA function only as the agreement "
            "permits (Q6), and what it permits is not given. Fact not given: "
            "solicitation.agreement_permits. The engine does not guess."
        ),
        missing=("solicitation.agreement_permits",),
        used=(
            "solicitation.activity",
            "solicitation.setting",
            "solicitation.capacity",
            "actor.role",
            "solicitation.agreement_permits",
        ),
        role="sponsor",
    ),
    Reading(
        "advice-used-to-sell",
        {"activity": "ask_for_advice", "markets_or_sells": True},
        "prohibited",
        "solicitation.advice-used-to-sell",
        (Q7, PREAMBLE),
        (
            "Calling on members for advice is welcome, but this contact is used to market or "
            "sell, which Q7 says it should not be."
        ),
        used=("solicitation.activity", "solicitation.markets_or_sells"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "support-used-to-sell",
        {"activity": "professional_support", "markets_or_sells": True},
        "prohibited",
        "solicitation.support-used-to-sell",
        (Q4, Q7, PREAMBLE),
        (
            "Q4 welcomes building relationships through professional support, but using the "
            "contact to market or sell is what Q7 says it should not be, and overt "
            "solicitation, which the policy strictly prohibits."
        ),
        used=("solicitation.activity", "solicitation.markets_or_sells"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "ask-for-advice",
        {"activity": "ask_for_advice", "markets_or_sells": False},
        "permitted",
        "solicitation.ask-for-advice",
        (Q7,),
        (
            "Calling on members with a question, by mail, email or telephone, is one of the "
            "values of membership (Q7), as long as the contact is not used to sell."
        ),
        used=("solicitation.activity", "solicitation.markets_or_sells"),
    ),
    Reading(
        "ask-for-advice-unknown",
        {"activity": "ask_for_advice"},
        "conditional",
        "solicitation.ask-for-advice",
        (Q7,),
        (
            "Calling on members with a question, by mail, email or telephone, is one of the "
            "values of membership (Q7), as long as the contact is not used to sell."
        ),
        used=("solicitation.activity", "solicitation.markets_or_sells"),
        conditions=(NOT_TO_MARKET,),
    ),
    Reading(
        "professional-support",
        {"activity": "professional_support", "markets_or_sells": False},
        "permitted",
        "solicitation.professional-support",
        (Q4, Q7),
        (
            "Building relationships through professional support, collaboration and networking "
            "is how Q4 says an ALA contact may help your business, as long as the contact is "
            "not used to market or sell (Q7)."
        ),
        used=("solicitation.activity", "solicitation.markets_or_sells"),
    ),
    Reading(
        "professional-support-unknown",
        {"activity": "professional_support"},
        "conditional",
        "solicitation.professional-support",
        (Q4, Q7),
        (
            "Building relationships through professional support, collaboration and networking "
            "is how Q4 says an ALA contact may help your business, as long as the contact is "
            "not used to market or sell (Q7)."
        ),
        used=("solicitation.activity", "solicitation.markets_or_sells"),
        conditions=(NOT_TO_MARKET,),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "solicitation", reading, solicitation.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(solicitation.RULES)
