"""Directory use, exactly: every rule with its citations in order, its missing facts in order
(``actor.member`` first), the facts it read, its duties, its consequence and its reason word
for word (docs/scenarios.md, "directory_use"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check
from _readings import CONSEQUENCE, NO_COPYING, NO_SOLICITATION, NOT_TO_MARKET, OPT_OUT

from ala_policy import Engine
from ala_policy.plugins import directory_use

PREAMBLE = "nonsolicitation/preamble"
Q2, Q3, Q5, Q7, Q8 = (f"nonsolicitation/q{n}" for n in (2, 3, 5, 7, 8))
TERMS = "nonsolicitation/directory-terms"
#: The side facts given, so that only the reading itself is left.
SIDE = {"copies_data": False, "includes_solicitation": False}

READINGS = [
    Reading(
        "non-member",
        {"purpose": "seek_advice", "copies_data": False, "includes_solicitation": False},
        "prohibited",
        "directory_use.non-member",
        (TERMS,),
        "The Member Directory is available only to ALA members, and the actor is not a member.",
        used=("actor.role", "actor.member"),
        role="non_member",
    ),
    Reading(
        "member-false",
        {"purpose": "marketing"},
        "prohibited",
        "directory_use.non-member",
        (TERMS,),
        "The Member Directory is available only to ALA members, and the actor is not a member.",
        used=("actor.role", "actor.member"),
        role="business_partner",
        member=False,
    ),
    Reading(
        "membership-unknown-permitted",
        {"purpose": "seek_advice", "copies_data": False, "includes_solicitation": False},
        "indeterminate",
        "directory_use.membership-unknown",
        (TERMS, Q7, Q5),
        (
            "The Member Directory is available only to ALA members, and whether the actor "
            "holds an ALA membership is not given. For a member: using the Member Directory to "
            "ask for advice from fellow members is a value of membership (Q7, referred to by "
            "Q5), as long as the contact is not used to market or solicit business. Fact not "
            "given: actor.member. The engine does not guess."
        ),
        missing=("actor.member",),
        used=(
            "actor.role",
            "actor.member",
            "directory_use.purpose",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        role="business_partner",
    ),
    Reading(
        "membership-unknown-conditional",
        {"purpose": "newsletter", "relationship": "direct", "recipients": "some"},
        "indeterminate",
        "directory_use.membership-unknown",
        (TERMS, Q8, Q2),
        (
            "The Member Directory is available only to ALA members, and whether the actor "
            "holds an ALA membership is not given. For a member: a newsletter may go to some "
            "listed members with whom you have a direct relationship: Q8 and Q2 allow it for "
            "members with whom you have established a direct relationship, while opting out "
            "stays clear and followed (Q2). Fact not given: actor.member. The engine does not "
            "guess."
        ),
        missing=("actor.member",),
        used=(
            "actor.role",
            "actor.member",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        role="sponsor",
    ),
    Reading(
        "membership-unknown-mailing-unknown",
        {"purpose": "educational_event", "copies_data": False, "includes_solicitation": False},
        "indeterminate",
        "directory_use.membership-unknown",
        (TERMS, Q8, Q2),
        (
            "The Member Directory is available only to ALA members, and whether the actor "
            "holds an ALA membership is not given. For a member: information about an "
            "educational event may go only to members with whom you have established a direct "
            "relationship (Q8, Q2), and your relationship with the recipients is not given. "
            "Facts not given: actor.member, directory_use.relationship. The engine does not "
            "guess."
        ),
        missing=("actor.member", "directory_use.relationship"),
        used=(
            "actor.role",
            "actor.member",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        role="educator",
    ),
    Reading(
        "membership-unknown-company-card",
        {"purpose": "company_card", "copies_data": False, "includes_solicitation": False},
        "indeterminate",
        "directory_use.membership-unknown",
        (TERMS, Q3),
        (
            "The Member Directory is available only to ALA members, and whether the actor "
            "holds an ALA membership is not given. For a member: a card or letter with your "
            "company name may go to members listed in the directory as long as solicitation is "
            "no part of it, and none is (Q3). Fact not given: actor.member. The engine does "
            "not guess."
        ),
        missing=("actor.member",),
        used=(
            "actor.role",
            "actor.member",
            "directory_use.purpose",
            "directory_use.includes_solicitation",
            "directory_use.copies_data",
        ),
        role="staff",
    ),
    Reading(
        "membership-unknown-other",
        {"purpose": "other"},
        "indeterminate",
        "directory_use.membership-unknown",
        (TERMS, Q5),
        (
            "The Member Directory is available only to ALA members, and whether the actor "
            "holds an ALA membership is not given. For a member: using the Member Directory "
            "for another purpose is not among the uses the policy's questions address. The "
            "directory is intended solely for the individual and private use of ALA members in "
            "connection with the ALA's mission and activities; what is the use? Declare it as "
            "one of the named purposes to have it decided. Fact not given: actor.member. The "
            "engine does not guess."
        ),
        missing=("actor.member",),
        used=("actor.role", "actor.member", "directory_use.purpose"),
        role="staff",
    ),
    Reading(
        "membership-unknown-sharing",
        {
            "purpose": "newsletter",
            "shares_with": "non_members",
            "recipients": "all",
            "copies_data": False,
            "includes_solicitation": False,
        },
        "indeterminate",
        "directory_use.membership-unknown",
        (TERMS, PREAMBLE, Q8, Q2),
        (
            "The Member Directory is available only to ALA members, and whether the actor "
            "holds an ALA membership is not given. For a member: member information is shared "
            "with non-members, which is allowed only with the association's prior approval, "
            "and whether it was given is not stated. Facts not given: actor.member, "
            "directory_use.association_approved, directory_use.relationship. The engine does "
            "not guess."
        ),
        missing=(
            "actor.member",
            "directory_use.association_approved",
            "directory_use.relationship",
        ),
        used=(
            "actor.role",
            "actor.member",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        role="business_partner",
    ),
    Reading(
        "membership-unknown-prohibited",
        {"purpose": "newsletter", "relationship": "met", "recipients": "all"},
        "prohibited",
        "directory_use.mailing-without-relationship",
        (Q8, Q2),
        (
            "A newsletter may go only to members with whom you have established a direct "
            "relationship; sending it to all listed members whom you have only met is what Q8 "
            "forbids."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        consequence=CONSEQUENCE,
        role="business_partner",
    ),
    Reading(
        "member-true-prohibited",
        {"purpose": "solicitation"},
        "prohibited",
        "directory_use.soliciting-purpose",
        (Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory to solicit business is misuse of the directory: Q5 "
            "says it may not be used to market or solicit business, and the terms forbid any "
            "commercial or solicitation purpose."
        ),
        used=("actor.role", "actor.member", "directory_use.purpose"),
        consequence=CONSEQUENCE,
        role="business_partner",
        member=True,
    ),
    Reading(
        "marketing",
        {"purpose": "marketing"},
        "prohibited",
        "directory_use.soliciting-purpose",
        (Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory to market your business is misuse of the directory: Q5 "
            "says it may not be used to market or solicit business, and the terms forbid any "
            "commercial or solicitation purpose."
        ),
        used=("actor.role", "directory_use.purpose"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "solicitation",
        {"purpose": "solicitation", "copies_data": True},
        "prohibited",
        "directory_use.soliciting-purpose",
        (Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory to solicit business is misuse of the directory: Q5 "
            "says it may not be used to market or solicit business, and the terms forbid any "
            "commercial or solicitation purpose."
        ),
        used=("actor.role", "directory_use.purpose"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "business-development",
        {"purpose": "business_development"},
        "prohibited",
        "directory_use.soliciting-purpose",
        (Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory for business development is misuse of the directory: "
            "Q5 says it may not be used to market or solicit business, and the terms forbid "
            "any commercial or solicitation purpose."
        ),
        used=("actor.role", "directory_use.purpose"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "company-card-solicits",
        {"purpose": "company_card", "includes_solicitation": True, "copies_data": True},
        "prohibited",
        "directory_use.company-card-solicits",
        (Q3, Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory to send a card or letter with your company name with "
            "solicitation in it, directly or indirectly, is misuse of the directory: Q5 says "
            "it may not be used to solicit business, and the terms forbid any commercial or "
            "solicitation purpose of any kind, and Q3 allows company cards only without "
            "solicitation."
        ),
        used=("actor.role", "directory_use.purpose", "directory_use.includes_solicitation"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "includes-solicitation",
        {"purpose": "mutual_business_issue", "includes_solicitation": True, "copies_data": True},
        "prohibited",
        "directory_use.includes-solicitation",
        (Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory to discuss a mutual business issue with solicitation "
            "in it, directly or indirectly, is misuse of the directory: Q5 says it may not be "
            "used to solicit business, and the terms forbid any commercial or solicitation "
            "purpose of any kind."
        ),
        used=("actor.role", "directory_use.purpose", "directory_use.includes_solicitation"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "copies-data",
        {
            "purpose": "newsletter",
            "relationship": "direct",
            "copies_data": True,
            "shares_with": "non_members",
            "association_approved": False,
        },
        "prohibited",
        "directory_use.copies-data",
        (TERMS,),
        (
            "Directory content is being reproduced, copied, disseminated or entered into a "
            "database, which the Member Directory terms forbid in whole or in part."
        ),
        used=("actor.role", "directory_use.copies_data"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "shared-without-approval",
        {
            "purpose": "seek_advice",
            "shares_with": "non_members",
            "association_approved": False,
            "relationship": "none",
        },
        "prohibited",
        "directory_use.shared-without-approval",
        (PREAMBLE, TERMS),
        (
            "Member information is being shared with non-members without the prior approval of "
            "the association, which the Nonsolicitation Policy strictly prohibits and the "
            "terms forbid."
        ),
        used=("actor.role", "directory_use.shares_with", "directory_use.association_approved"),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "sharing-approval-unknown",
        {
            "purpose": "seek_advice",
            "shares_with": "non_members",
            "copies_data": False,
            "includes_solicitation": False,
        },
        "indeterminate",
        "directory_use.sharing-approval-unknown",
        (PREAMBLE, TERMS, Q7, Q5),
        (
            "Member information is shared with non-members, which is allowed only with the "
            "association's prior approval, and whether it was given is not stated. Fact not "
            "given: directory_use.association_approved. The engine does not guess."
        ),
        missing=("directory_use.association_approved",),
        used=(
            "actor.role",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.purpose",
        ),
    ),
    Reading(
        "sharing-approval-and-relationship-unknown",
        {"purpose": "newsletter", "shares_with": "non_members"},
        "indeterminate",
        "directory_use.sharing-approval-unknown",
        (PREAMBLE, TERMS, Q8, Q2),
        (
            "Member information is shared with non-members, which is allowed only with the "
            "association's prior approval, and whether it was given is not stated. Facts not "
            "given: directory_use.association_approved, directory_use.relationship. The engine "
            "does not guess."
        ),
        missing=("directory_use.association_approved", "directory_use.relationship"),
        used=(
            "actor.role",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
    ),
    Reading(
        "sharing-approval-unknown-other-purpose",
        {"purpose": "other", "shares_with": "non_members"},
        "indeterminate",
        "directory_use.sharing-approval-unknown",
        (PREAMBLE, TERMS, Q5),
        (
            "Member information is shared with non-members, which is allowed only with the "
            "association's prior approval, and whether it was given is not stated. Fact not "
            "given: directory_use.association_approved. The engine does not guess."
        ),
        missing=("directory_use.association_approved",),
        used=(
            "actor.role",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.purpose",
        ),
    ),
    Reading(
        "sharing-approval-unknown-prohibited-purpose",
        {"purpose": "contact_someone_met", "recipients": "all", "shares_with": "non_members"},
        "prohibited",
        "directory_use.contact-mass-mailing",
        (Q5, Q8, TERMS),
        (
            "Using the Member Directory to contact someone you met cannot reach all listed "
            "members: that is a mass mailing, not finding someone you met (Q5), and Q8 limits "
            "mailings to members with whom you have established a direct relationship."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "sharing-approval-unknown-company-card",
        {
            "purpose": "company_card",
            "shares_with": "non_members",
            "includes_solicitation": False,
            "copies_data": False,
        },
        "indeterminate",
        "directory_use.sharing-approval-unknown",
        (PREAMBLE, TERMS, Q3),
        (
            "Member information is shared with non-members, which is allowed only with the "
            "association's prior approval, and whether it was given is not stated. Fact not "
            "given: directory_use.association_approved. The engine does not guess."
        ),
        missing=("directory_use.association_approved",),
        used=(
            "actor.role",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.purpose",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "sharing-approved-newsletter",
        {
            "purpose": "newsletter",
            "relationship": "direct",
            "shares_with": "non_members",
            "association_approved": True,
            "copies_data": False,
            "includes_solicitation": False,
        },
        "conditional",
        "directory_use.mailing-direct-relationship",
        (Q8, Q2, TERMS, PREAMBLE),
        (
            "A newsletter may go to a member with whom you have a direct relationship: Q8 and "
            "Q2 allow it for members with whom you have established a direct relationship, "
            "while opting out stays clear and followed (Q2). Sharing with non-members has the "
            "association's prior approval."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(OPT_OUT,),
    ),
    Reading(
        "sharing-approved-mutual-business-issue",
        {
            "purpose": "mutual_business_issue",
            "shares_with": "non_members",
            "association_approved": True,
        },
        "conditional",
        "directory_use.q5-use",
        (Q5, TERMS, PREAMBLE, Q7),
        (
            "Using the Member Directory to discuss a mutual business issue is one of the uses "
            "Q5 allows. Sharing with non-members has the association's prior approval."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(NO_COPYING, NOT_TO_MARKET),
    ),
    Reading(
        "sharing-approved",
        {
            "purpose": "company_card",
            "shares_with": "non_members",
            "association_approved": True,
            "includes_solicitation": False,
        },
        "conditional",
        "directory_use.company-card",
        (Q3, TERMS, PREAMBLE),
        (
            "A card or letter with your company name may go to members listed in the directory "
            "as long as solicitation is no part of it, and none is (Q3). Sharing with "
            "non-members has the association's prior approval."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.includes_solicitation",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.copies_data",
        ),
        conditions=(NO_COPYING,),
    ),
    Reading(
        "sharing-approved-advice",
        {
            "purpose": "seek_advice",
            "shares_with": "non_members",
            "association_approved": True,
            "copies_data": False,
            "includes_solicitation": False,
        },
        "permitted",
        "directory_use.seek-advice",
        (Q7, Q5, TERMS, PREAMBLE),
        (
            "Using the Member Directory to ask for advice from fellow members is a value of "
            "membership (Q7, referred to by Q5), as long as the contact is not used to market "
            "or solicit business. Sharing with non-members has the association's prior "
            "approval."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.shares_with",
            "directory_use.association_approved",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "own-organization",
        {
            "purpose": "mutual_business_issue",
            "shares_with": "own_organization",
            "association_approved": False,
            "copies_data": False,
            "includes_solicitation": False,
        },
        "permitted",
        "directory_use.q5-use",
        (Q5, TERMS),
        (
            "Using the Member Directory to discuss a mutual business issue is one of the uses "
            "Q5 allows."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "newsletter-relationship-unknown",
        {
            "purpose": "newsletter",
            "recipients": "all",
            "copies_data": False,
            "includes_solicitation": False,
        },
        "indeterminate",
        "directory_use.mailing-relationship-unknown",
        (Q8, Q2),
        (
            "A newsletter may go only to members with whom you have established a direct "
            "relationship (Q8, Q2), and your relationship with the recipients is not given. "
            "Fact not given: directory_use.relationship. The engine does not guess."
        ),
        missing=("directory_use.relationship",),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
    ),
    Reading(
        "event-relationship-unknown",
        {"purpose": "educational_event"},
        "indeterminate",
        "directory_use.mailing-relationship-unknown",
        (Q8, Q2),
        (
            "Information about an educational event may go only to members with whom you have "
            "established a direct relationship (Q8, Q2), and your relationship with the "
            "recipients is not given. Fact not given: directory_use.relationship. The engine "
            "does not guess."
        ),
        missing=("directory_use.relationship",),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
    ),
    Reading(
        "newsletter-direct",
        {
            "purpose": "newsletter",
            "relationship": "direct",
            "copies_data": False,
            "includes_solicitation": False,
        },
        "conditional",
        "directory_use.mailing-direct-relationship",
        (Q8, Q2, TERMS),
        (
            "A newsletter may go to a member with whom you have a direct relationship: Q8 and "
            "Q2 allow it for members with whom you have established a direct relationship, "
            "while opting out stays clear and followed (Q2)."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(OPT_OUT,),
    ),
    Reading(
        "newsletter-requested",
        {"purpose": "newsletter", "relationship": "requested_followup", "recipients": "some"},
        "conditional",
        "directory_use.mailing-direct-relationship",
        (Q8, Q2, TERMS),
        (
            "A newsletter may go to some listed members who requested the follow-up: Q8 and Q2 "
            "allow it for members with whom you have established a direct relationship, while "
            "opting out stays clear and followed (Q2)."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(OPT_OUT, NO_COPYING, NO_SOLICITATION),
    ),
    Reading(
        "newsletter-interest",
        {
            "purpose": "newsletter",
            "relationship": "expressed_interest",
            "recipients": "all",
            "copies_data": False,
        },
        "conditional",
        "directory_use.mailing-direct-relationship",
        (Q8, Q2, TERMS),
        (
            "A newsletter may go to all listed members who expressed interest in hearing from "
            "you: Q8 and Q2 allow it for members with whom you have established a direct "
            "relationship, while opting out stays clear and followed (Q2)."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(OPT_OUT, NO_SOLICITATION),
    ),
    Reading(
        "event-direct",
        {
            "purpose": "educational_event",
            "relationship": "direct",
            "recipients": "all",
            "copies_data": False,
            "includes_solicitation": False,
        },
        "permitted",
        "directory_use.mailing-direct-relationship",
        (Q8, Q2, TERMS),
        (
            "Information about an educational event may go to all listed members with whom you "
            "have a direct relationship: Q8 and Q2 allow it for members with whom you have "
            "established a direct relationship."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "event-interest-duties",
        {
            "purpose": "educational_event",
            "relationship": "expressed_interest",
            "includes_solicitation": False,
        },
        "conditional",
        "directory_use.mailing-direct-relationship",
        (Q8, Q2, TERMS),
        (
            "Information about an educational event may go to a member who expressed interest "
            "in hearing from you: Q8 and Q2 allow it for members with whom you have "
            "established a direct relationship."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(NO_COPYING,),
    ),
    Reading(
        "newsletter-met",
        {"purpose": "newsletter", "relationship": "met", "recipients": "all"},
        "prohibited",
        "directory_use.mailing-without-relationship",
        (Q8, Q2),
        (
            "A newsletter may go only to members with whom you have established a direct "
            "relationship; sending it to all listed members whom you have only met is what Q8 "
            "forbids."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "event-none",
        {"purpose": "educational_event", "relationship": "none", "recipients": "one"},
        "prohibited",
        "directory_use.mailing-without-relationship",
        (Q8, Q2),
        (
            "Information about an educational event may go only to members with whom you have "
            "established a direct relationship; sending it to a member with whom you have no "
            "relationship is what Q8 forbids."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "company-card-unknown",
        {"purpose": "company_card", "copies_data": False},
        "indeterminate",
        "directory_use.company-card-unknown",
        (Q3, TERMS),
        (
            "A card or letter with your company name is acceptable only if solicitation is no "
            "part of it, directly or indirectly (Q3). Fact not given: "
            "directory_use.includes_solicitation. The engine does not guess."
        ),
        missing=("directory_use.includes_solicitation",),
        used=("actor.role", "directory_use.purpose", "directory_use.includes_solicitation"),
    ),
    Reading(
        "company-card",
        {
            "purpose": "company_card",
            "includes_solicitation": False,
            "recipients": "all",
            "copies_data": False,
        },
        "permitted",
        "directory_use.company-card",
        (Q3, TERMS),
        (
            "A card or letter with your company name may go to members listed in the directory "
            "as long as solicitation is no part of it, and none is (Q3)."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.includes_solicitation",
            "directory_use.copies_data",
        ),
    ),
    Reading(
        "company-card-copies-unknown",
        {"purpose": "company_card", "includes_solicitation": False},
        "conditional",
        "directory_use.company-card",
        (Q3, TERMS),
        (
            "A card or letter with your company name may go to members listed in the directory "
            "as long as solicitation is no part of it, and none is (Q3)."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.includes_solicitation",
            "directory_use.copies_data",
        ),
        conditions=(NO_COPYING,),
    ),
    Reading(
        "contact-no-relationship",
        {"purpose": "contact_someone_met", "relationship": "none", "recipients": "all"},
        "prohibited",
        "directory_use.contact-no-relationship",
        (Q5, TERMS),
        (
            "Using the Member Directory to contact someone you met assumes you met them, but "
            "you have no relationship with the recipients: Q5 allows the directory to find "
            "someone you met, not to reach members you do not know."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "contact-mass-mailing",
        {"purpose": "contact_someone_met", "recipients": "all", "relationship": "direct"},
        "prohibited",
        "directory_use.contact-mass-mailing",
        (Q5, Q8, TERMS),
        (
            "Using the Member Directory to contact someone you met cannot reach all listed "
            "members: that is a mass mailing, not finding someone you met (Q5), and Q8 limits "
            "mailings to members with whom you have established a direct relationship."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "contact-someone-met",
        {"purpose": "contact_someone_met", "copies_data": False, "includes_solicitation": False},
        "permitted",
        "directory_use.q5-use",
        (Q5, TERMS),
        (
            "Using the Member Directory to contact someone you met is one of the uses Q5 "
            "allows: finding the name and number of someone you met."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "contact-some-duties",
        {"purpose": "contact_someone_met", "recipients": "some", "relationship": "met"},
        "conditional",
        "directory_use.q5-use",
        (Q5, TERMS),
        (
            "Using the Member Directory to contact someone you met is one of the uses Q5 "
            "allows: finding the name and number of someone you met."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.recipients",
            "directory_use.relationship",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(NO_COPYING, NO_SOLICITATION),
    ),
    Reading(
        "mutual-business-issue",
        {"purpose": "mutual_business_issue", "copies_data": False, "includes_solicitation": False},
        "permitted",
        "directory_use.q5-use",
        (Q5, TERMS),
        (
            "Using the Member Directory to discuss a mutual business issue is one of the uses "
            "Q5 allows."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "mutual-business-issue-duties",
        {"purpose": "mutual_business_issue"},
        "conditional",
        "directory_use.q5-use",
        (Q5, TERMS, Q7),
        (
            "Using the Member Directory to discuss a mutual business issue is one of the uses "
            "Q5 allows."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(NO_COPYING, NOT_TO_MARKET),
    ),
    Reading(
        "seek-advice",
        {"purpose": "seek_advice", "copies_data": False, "includes_solicitation": False},
        "permitted",
        "directory_use.seek-advice",
        (Q7, Q5, TERMS),
        (
            "Using the Member Directory to ask for advice from fellow members is a value of "
            "membership (Q7, referred to by Q5), as long as the contact is not used to market "
            "or solicit business."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
    ),
    Reading(
        "seek-advice-duties",
        {"purpose": "seek_advice", "copies_data": False},
        "conditional",
        "directory_use.seek-advice",
        (Q7, Q5, TERMS),
        (
            "Using the Member Directory to ask for advice from fellow members is a value of "
            "membership (Q7, referred to by Q5), as long as the contact is not used to market "
            "or solicit business."
        ),
        used=(
            "actor.role",
            "directory_use.purpose",
            "directory_use.copies_data",
            "directory_use.includes_solicitation",
        ),
        conditions=(NOT_TO_MARKET,),
    ),
    Reading(
        "other-purpose",
        {"purpose": "other", "copies_data": False, "includes_solicitation": False},
        "indeterminate",
        "directory_use.other-purpose",
        (TERMS, Q5),
        (
            "Using the Member Directory for another purpose is not among the uses the policy's "
            "questions address. The directory is intended solely for the individual and "
            "private use of ALA members in connection with the ALA's mission and activities; "
            "what is the use? Declare it as one of the named purposes to have it decided."
        ),
        used=("actor.role", "directory_use.purpose"),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "directory_use", reading, directory_use.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(directory_use.RULES)
