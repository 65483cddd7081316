"""Built-in plugin: the ``directory_use`` evaluator (Nonsolicitation preamble, Q2, Q3, Q5, Q7,
Q8 and the Member Directory terms).

Reading 3a of the scenario contract, in this order, the first prohibition that applies giving
the finding: an actor whose role is ``non_member`` may not use the directory at all (terms);
marketing, solicitation and business development are prohibited (Q5, terms, preamble);
copying the directory is prohibited (terms); sharing it with non-members without the
association's approval is prohibited (preamble). Then the purpose decides: a newsletter or
educational_event mailing is permitted only to members with a direct relationship, who
requested follow-up or who expressed interest, and prohibited to members only met or not
known (Q8, Q2); a company_card mailing is permitted without solicitation and prohibited with
it (Q3); contact_someone_met and mutual_business_issue are permitted (Q5); seek_advice is
permitted (Q7).

Where 3a is silent:

* ``copies_data`` left out counts as "not copied": the scenario declares what is done, and
  copying is a further act it would declare;
* ``association_approved`` left out, when sharing with non-members, is indeterminate on
  ``directory_use.association_approved`` (the engine never guesses), unless the purpose is
  prohibited anyway, which wins;
* the relationship rule of Q8 applies whatever ``recipients`` is (Q8 speaks of the members
  "with whom you have established a direct relationship"), and an unknown ``relationship`` is
  indeterminate;
* ``includes_solicitation`` is read for company_card mailings only (it is Q3's wording); a
  mailing made to solicit declares the purpose ``solicitation``;
* a newsletter that is permitted carries Q2's standing duty to keep opting out clear and
  followed as a condition, while the decision stays ``permitted``;
* the purpose ``other`` is indeterminate: no question of the policy covers it, and the terms
  allow the directory solely for use "in connection with the ALA's mission and activities",
  which only the member can judge; no fact of the area would decide it;
* sharing with the actor's own organization is not sharing with non-members (the terms
  allow information to stay within the employer organization).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ala_policy import Decision, Ruling, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ala_policy import PolicyView, Scenario
    from ala_policy.plugins.areas import DirectoryUseFacts

PREAMBLE = "nonsolicitation/preamble"
Q2 = "nonsolicitation/q2"
Q3 = "nonsolicitation/q3"
Q5 = "nonsolicitation/q5"
Q7 = "nonsolicitation/q7"
Q8 = "nonsolicitation/q8"
TERMS = "nonsolicitation/directory-terms"

#: Purposes the policy names as misuse of the directory.
SOLICITING = frozenset({"marketing", "solicitation", "business_development"})
#: Mailings Q8 limits to members with an established direct relationship.
MAILINGS = frozenset({"newsletter", "educational_event"})
#: Relationships that count as "established a direct relationship" (Q8, with Q2).
DIRECT = frozenset({"direct", "requested_followup", "expressed_interest"})

OPT_OUT = (
    "Keep the procedure for opting out of future newsletters clear, and follow every "
    "opt-out request (Nonsolicitation Q2)."
)

_PURPOSE = {
    "contact_someone_met": "to contact someone you met",
    "mutual_business_issue": "to discuss a mutual business issue",
    "seek_advice": "to ask for advice",
    "marketing": "to market your business",
    "solicitation": "to solicit business",
    "business_development": "for business development",
    "newsletter": "to send your newsletter",
    "educational_event": "to send information about an educational event",
    "company_card": "to send a card or letter with your company name",
    "other": "for another purpose",
}
_MAILING = {
    "newsletter": "A newsletter",
    "educational_event": "Information about an educational event",
}
_RECIPIENTS = {"one": "a member", "some": "some listed members", "all": "all listed members"}
_RELATIONSHIP = {
    "direct": "with whom you have a direct relationship",
    "requested_followup": "who requested the follow-up",
    "expressed_interest": "who expressed interest in hearing from you",
    "met": "whom you have only met",
    "none": "with whom you have no relationship",
}


@hookimpl
def ala_policy_cited_clauses() -> Iterable[str]:
    """The clauses this evaluator cites."""
    return (PREAMBLE, Q2, Q3, Q5, Q7, Q8, TERMS)


@hookimpl
def ala_policy_evaluate_directory_use(
    scenario: Scenario, facts: DirectoryUseFacts, policy: PolicyView
) -> Ruling:
    """Decide a use of the Member Directory."""
    purpose = facts.purpose
    use = f"Using the Member Directory {_PURPOSE[purpose]}"
    if scenario.actor.role == "non_member":
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="The Member Directory is available only to ALA members, and the actor is "
            "not a member.",
            cites=(TERMS,),
            rule="directory_use.non-member",
            facts_used=("actor.role",),
        )
    if purpose in SOLICITING:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"{use} is misuse of the directory: Q5 says it may not be used to market "
            "or solicit business, and the terms forbid any commercial or solicitation purpose.",
            cites=(Q5, TERMS, PREAMBLE),
            rule="directory_use.soliciting-purpose",
            facts_used=("directory_use.purpose",),
        )
    if facts.copies_data:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="Directory content is being reproduced, copied, disseminated or entered "
            "into a database, which the Member Directory terms forbid in whole or in part.",
            cites=(TERMS,),
            rule="directory_use.copies-data",
            facts_used=("directory_use.copies_data",),
        )
    sharing = facts.shares_with == "non_members"
    if sharing and facts.association_approved is False:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="Member information is being shared with non-members without the prior "
            "approval of the association, which the Nonsolicitation Policy strictly prohibits.",
            cites=(PREAMBLE,),
            rule="directory_use.shared-without-approval",
            facts_used=("directory_use.shares_with", "directory_use.association_approved"),
        )
    ruling = _by_purpose(facts, use)
    if (
        sharing
        and facts.association_approved is None
        and ruling.decision
        in (
            Decision.PERMITTED,
            Decision.INDETERMINATE,
        )
    ):
        missing = ("directory_use.association_approved", *ruling.missing_facts)
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason="Member information is shared with non-members, which is allowed only with "
            "the association's prior approval, and whether it was given is not stated. "
            f"Facts not given: {', '.join(missing)}. The engine does not guess.",
            cites=(PREAMBLE, *(c for c in ruling.cites if c != PREAMBLE)),
            missing_facts=missing,
            rule="directory_use.sharing-approval-unknown",
            facts_used=(
                "directory_use.shares_with",
                "directory_use.association_approved",
                *ruling.facts_used,
            ),
        )
    if sharing and ruling.decision is Decision.PERMITTED:
        # Approved sharing: the preamble was checked too.
        return Ruling(
            decision=ruling.decision,
            reason=ruling.reason + " Sharing with non-members has the association's approval.",
            cites=(*ruling.cites, PREAMBLE),
            conditions=ruling.conditions,
            rule=ruling.rule,
            facts_used=(
                *ruling.facts_used,
                "directory_use.shares_with",
                "directory_use.association_approved",
            ),
        )
    return ruling


def _by_purpose(facts: DirectoryUseFacts, use: str) -> Ruling:
    """The ruling the purpose gives, once no general prohibition applies."""
    purpose = facts.purpose
    if purpose in MAILINGS:
        return _mailing(facts)
    if purpose == "company_card":
        used = ("directory_use.purpose", "directory_use.includes_solicitation")
        if facts.includes_solicitation is False:
            return Ruling(
                decision=Decision.PERMITTED,
                reason="A card or letter with your company name may go to members listed in "
                "the directory as long as solicitation is no part of it, and none is.",
                cites=(Q3, TERMS),
                rule="directory_use.company-card",
                facts_used=used,
            )
        if facts.includes_solicitation:
            return Ruling(
                decision=Decision.PROHIBITED,
                reason="A card or letter with your company name that solicits, directly or "
                "indirectly, may not be sent to members listed in the directory (Q3).",
                cites=(Q3, PREAMBLE),
                rule="directory_use.company-card-solicits",
                facts_used=used,
            )
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason="A card or letter with your company name is acceptable only if solicitation "
            "is no part of it, and whether it is is not given "
            "(directory_use.includes_solicitation). The engine does not guess.",
            cites=(Q3, TERMS),
            missing_facts=("directory_use.includes_solicitation",),
            rule="directory_use.company-card-unknown",
            facts_used=used,
        )
    if purpose in ("contact_someone_met", "mutual_business_issue"):
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{use} is one of the uses Q5 allows, and the directory is not copied or "
            "passed to non-members without approval.",
            cites=(Q5, TERMS),
            rule="directory_use.q5-use",
            facts_used=("directory_use.purpose", "directory_use.copies_data"),
        )
    if purpose == "seek_advice":
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{use} from fellow members is a value of membership (Q7, referred to by "
            "Q5), as long as the contact is not used to market or solicit business.",
            cites=(Q7, Q5, TERMS),
            rule="directory_use.seek-advice",
            facts_used=("directory_use.purpose", "directory_use.copies_data"),
        )
    return Ruling(
        decision=Decision.INDETERMINATE,
        reason=f"{use} is not among the uses the policy's questions address; the directory is "
        "intended solely for the individual and private use of ALA members in connection with "
        "the ALA's mission and activities, and whether this use is one is for the member to "
        "judge, so the engine does not decide it.",
        cites=(TERMS, Q5),
        rule="directory_use.other-purpose",
        facts_used=("directory_use.purpose",),
    )


def _mailing(facts: DirectoryUseFacts) -> Ruling:
    """Q8 with Q2: a newsletter or educational mailing needs a direct relationship."""
    what = _MAILING[facts.purpose]
    used = (
        "directory_use.purpose",
        "directory_use.recipients",
        "directory_use.relationship",
    )
    relationship = facts.relationship
    if relationship is None:
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason=f"{what} may go only to members with whom you have established a direct "
            "relationship, and your relationship with the recipients is not given "
            "(directory_use.relationship). The engine does not guess.",
            cites=(Q8, Q2),
            missing_facts=("directory_use.relationship",),
            rule="directory_use.mailing-relationship-unknown",
            facts_used=used,
        )
    if relationship in DIRECT:
        newsletter = facts.purpose == "newsletter"
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{what} may go to {_RECIPIENTS[facts.recipients]} "
            f"{_RELATIONSHIP[relationship]}: Q8 and Q2 allow it for members with whom you "
            "have established a direct relationship.",
            cites=(Q8, Q2, TERMS),
            conditions=(OPT_OUT,) if newsletter else (),
            rule="directory_use.mailing-direct-relationship",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.PROHIBITED,
        reason=f"{what} may go only to members with whom you have established a direct "
        f"relationship; sending it to {_RECIPIENTS[facts.recipients]} "
        f"{_RELATIONSHIP[relationship]} is what Q8 forbids.",
        cites=(Q8, Q2),
        rule="directory_use.mailing-without-relationship",
        facts_used=used,
    )
