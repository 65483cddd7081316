"""Built-in plugin: the ``directory_use`` evaluator (Nonsolicitation preamble, Q2, Q3, Q5, Q7,
Q8 and the Member Directory terms).

The readings are those of docs/scenarios.md, "directory_use". In order, the first
prohibition that applies giving the finding:

* who: "This Directory is available only to ALA Members": an actor who is not a member
  (``role: non_member`` or ``actor.member: false``) is prohibited; for an actor whose
  membership is unknown (a business partner, educator, sponsor or staff member without
  ``actor.member``), ``actor.member`` decides whenever the use would otherwise be allowed or
  undecided, and the finding is indeterminate on it;
* marketing, solicitation and business development are misuse (Q5, the terms, the
  preamble), and so is any mailing that includes solicitation, whatever its purpose (Q5 and
  the terms' "any commercial or solicitation purpose of any kind"; Q3 for company cards);
* copying directory content is forbidden (terms);
* sharing it with non-members needs the association's prior approval (preamble, terms):
  refused is prohibited, unknown indeterminate; within the actor's own organization is
  allowed (terms);
* then the purpose: a newsletter or educational_event mailing needs a relationship of
  direct, requested_followup or expressed_interest (Q8, Q2); a company card needs to be free
  of solicitation (Q3); contacting someone met is for one or some recipients, not all (Q5);
  a mutual business issue (Q5) and seeking advice (Q7) are allowed; any other purpose cannot
  be placed and is indeterminate.

"Allowed" is ``permitted``, or ``conditional`` where a duty remains: a newsletter's opt-out
(Q2), and the side facts an unknown value of which leaves a duty rather than a question
(``copies_data``: the terms; ``includes_solicitation`` for every purpose but a company
card, where it decides: Q7's "This contact should not be used to market or solicit
business" for a mutual business issue or advice, the terms' "any commercial or
solicitation purpose of any kind" otherwise). Defaults from the facts table of docs/scenarios.md:
``recipients`` one, ``shares_with`` nobody; ``relationship`` for contacting someone met is
read from the purpose (they were met). No other fact is taken as false when it is not
given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ala_policy import Decision, Ruling, hookimpl, make_ruling
from ala_policy.plugins._common import (
    DIRECT,
    NO_COPYING,
    NO_SOLICITATION,
    NOT_TO_MARKET,
    OPT_OUT,
    PREAMBLE,
    Q2,
    Q3,
    Q5,
    Q7,
    Q8,
    RELATIONSHIP,
    TERMS,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ala_policy import DirectoryUseFacts, PolicyView, Scenario

#: Purposes the policy names as misuse of the directory.
SOLICITING = frozenset({"marketing", "solicitation", "business_development"})
#: Mailings Q8 limits to members with an established direct relationship.
MAILINGS = frozenset({"newsletter", "educational_event"})
#: Purposes where an unknown ``includes_solicitation`` leaves Q7's duty (docs/scenarios.md).
ADVICE_LIKE = frozenset({"mutual_business_issue", "seek_advice"})

#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "directory_use.non-member": (TERMS,),
    "directory_use.membership-unknown": (TERMS, PREAMBLE, Q2, Q3, Q5, Q7, Q8),
    "directory_use.soliciting-purpose": (Q5, TERMS, PREAMBLE),
    "directory_use.includes-solicitation": (Q5, TERMS, PREAMBLE),
    "directory_use.company-card-solicits": (Q3, Q5, TERMS, PREAMBLE),
    "directory_use.copies-data": (TERMS,),
    "directory_use.shared-without-approval": (PREAMBLE, TERMS),
    "directory_use.sharing-approval-unknown": (PREAMBLE, TERMS, Q2, Q3, Q5, Q7, Q8),
    "directory_use.mailing-relationship-unknown": (Q8, Q2),
    "directory_use.mailing-direct-relationship": (Q8, Q2, TERMS, PREAMBLE),
    "directory_use.mailing-without-relationship": (Q8, Q2),
    "directory_use.company-card": (Q3, TERMS, PREAMBLE),
    "directory_use.company-card-unknown": (Q3, TERMS),
    "directory_use.contact-no-relationship": (Q5, TERMS),
    "directory_use.contact-mass-mailing": (Q5, Q8, TERMS),
    "directory_use.q5-use": (Q5, TERMS, PREAMBLE, Q7),
    "directory_use.seek-advice": (Q7, Q5, TERMS, PREAMBLE),
    "directory_use.other-purpose": (TERMS, Q5),
}

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
_MEMBERSHIP = ("actor.role", "actor.member")
_ROLE = ("actor.role",)


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_directory_use(
    scenario: Scenario, facts: DirectoryUseFacts, policy: PolicyView
) -> Ruling:
    """Decide a use of the Member Directory."""
    membership = scenario.actor.membership
    if membership is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="The Member Directory is available only to ALA members, and the actor is "
            "not a member.",
            cites=(TERMS,),
            rule="directory_use.non-member",
            facts_used=_MEMBERSHIP,
        )
    # Membership was checked too: the role, and actor.member where it was given. Each
    # ruling below names them first among the facts it read.
    read = _MEMBERSHIP if scenario.actor.member is not None else _ROLE
    ruling = _as_member(facts, read)
    if membership is None and ruling.decision is not Decision.PROHIBITED:
        # Allowed or undecided for a member, prohibited for anyone else: membership decides.
        return Ruling.unknown(
            "The Member Directory is available only to ALA members, and whether the actor "
            f"holds an ALA membership is not given. For a member: {_as_clause(ruling)}",
            missing=("actor.member", *ruling.missing_facts),
            cites=(TERMS, *(c for c in ruling.cites if c != TERMS)),
            rule="directory_use.membership-unknown",
            facts_used=(*_MEMBERSHIP, *ruling.facts_used[len(read) :]),
        )
    return ruling


def _as_clause(ruling: Ruling) -> str:
    """A member's reason, to follow "For a member:": its own list of facts not given is
    left to the combined one."""
    reason = ruling.reason
    for marker in (" Fact not given: ", " Facts not given: "):
        reason = reason.split(marker, 1)[0]
    return reason[:1].lower() + reason[1:]


def _as_member(facts: DirectoryUseFacts, read: tuple[str, ...]) -> Ruling:
    """The ruling for an actor who holds an ALA membership; ``read``: the facts of the
    actor read, named first among the facts used."""
    purpose = facts.purpose
    use = f"Using the Member Directory {_PURPOSE[purpose]}"
    if purpose in SOLICITING:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{use} is misuse of the directory: Q5 says it may not be used to market "
            "or solicit business, and the terms forbid any commercial or solicitation purpose.",
            cites=(Q5, TERMS, PREAMBLE),
            rule="directory_use.soliciting-purpose",
            facts_used=(*read, "directory_use.purpose"),
        )
    if facts.includes_solicitation:
        card = purpose == "company_card"
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{use} with solicitation in it, directly or indirectly, is misuse of the "
            "directory: Q5 says it may not be used to solicit business, and the terms forbid "
            "any commercial or solicitation purpose of any kind"
            + (", and Q3 allows company cards only without solicitation." if card else "."),
            cites=(Q3, Q5, TERMS, PREAMBLE) if card else (Q5, TERMS, PREAMBLE),
            rule="directory_use.company-card-solicits"
            if card
            else "directory_use.includes-solicitation",
            facts_used=(*read, "directory_use.purpose", "directory_use.includes_solicitation"),
        )
    if facts.copies_data:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="Directory content is being reproduced, copied, disseminated or entered "
            "into a database, which the Member Directory terms forbid in whole or in part.",
            cites=(TERMS,),
            rule="directory_use.copies-data",
            facts_used=(*read, "directory_use.copies_data"),
        )
    sharing = facts.shares_with == "non_members"
    sharing_used = ("directory_use.shares_with", "directory_use.association_approved")
    if sharing and facts.association_approved is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="Member information is being shared with non-members without the prior "
            "approval of the association, which the Nonsolicitation Policy strictly prohibits "
            "and the terms forbid.",
            cites=(PREAMBLE, TERMS),
            rule="directory_use.shared-without-approval",
            facts_used=(*read, *sharing_used),
        )
    ruling = _by_purpose(facts, use, read)
    if ruling.decision is Decision.PROHIBITED:
        return ruling
    if sharing and facts.association_approved is None:
        return Ruling.unknown(
            "Member information is shared with non-members, which is allowed only with the "
            "association's prior approval, and whether it was given is not stated.",
            missing=("directory_use.association_approved", *ruling.missing_facts),
            cites=(PREAMBLE, TERMS, *(c for c in ruling.cites if c not in (PREAMBLE, TERMS))),
            rule="directory_use.sharing-approval-unknown",
            facts_used=(*read, *sharing_used, *ruling.facts_used[len(read) :]),
        )
    if ruling.decision is Decision.INDETERMINATE:
        return ruling
    return _with_duties(facts, ruling, approved_sharing=sharing)


def _with_duties(facts: DirectoryUseFacts, ruling: Ruling, *, approved_sharing: bool) -> Ruling:
    """An allowed use, with the duties its unknown side facts leave (docs/scenarios.md)."""
    duties = list(ruling.duties)
    cites = list(ruling.cites)
    used = list(ruling.facts_used)
    reason = ruling.reason
    if approved_sharing:
        reason += " Sharing with non-members has the association's prior approval."
        cites += [c for c in (PREAMBLE, TERMS) if c not in cites]
        used += ["directory_use.shares_with", "directory_use.association_approved"]
    used.append("directory_use.copies_data")
    if facts.copies_data is None:
        duties.append(NO_COPYING)
        cites += [TERMS] if TERMS not in cites else []
    if facts.purpose != "company_card":  # for a company card it decides (Q3)
        used.append("directory_use.includes_solicitation")
        if facts.includes_solicitation is None:
            advice = facts.purpose in ADVICE_LIKE
            duties.append(NOT_TO_MARKET if advice else NO_SOLICITATION)
            clause = Q7 if advice else TERMS
            cites += [clause] if clause not in cites else []
    return make_ruling(
        decision=Decision.CONDITIONAL if duties else Decision.PERMITTED,
        reason=reason,
        cites=tuple(cites),
        duties=tuple(duties),
        rule=ruling.rule,
        facts_used=tuple(dict.fromkeys(used)),
    )


def _by_purpose(facts: DirectoryUseFacts, use: str, read: tuple[str, ...]) -> Ruling:
    """The ruling the purpose gives, once no general prohibition applies."""
    purpose = facts.purpose
    if purpose in MAILINGS:
        return _mailing(facts, read)
    if purpose == "company_card":
        used = ("directory_use.purpose", "directory_use.includes_solicitation")
        if facts.includes_solicitation is None:
            return Ruling.unknown(
                "A card or letter with your company name is acceptable only if solicitation "
                "is no part of it, directly or indirectly (Q3).",
                missing=("directory_use.includes_solicitation",),
                cites=(Q3, TERMS),
                rule="directory_use.company-card-unknown",
                facts_used=(*read, *used),
            )
        return make_ruling(
            decision=Decision.PERMITTED,
            reason="A card or letter with your company name may go to members listed in "
            "the directory as long as solicitation is no part of it, and none is (Q3).",
            cites=(Q3, TERMS),
            rule="directory_use.company-card",
            facts_used=(*read, *used),
        )
    if purpose == "contact_someone_met":
        return _contact_someone_met(facts, use, read)
    if purpose == "mutual_business_issue":
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{use} is one of the uses Q5 allows.",
            cites=(Q5, TERMS),
            rule="directory_use.q5-use",
            facts_used=(*read, "directory_use.purpose"),
        )
    if purpose == "seek_advice":
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{use} from fellow members is a value of membership (Q7, referred to by "
            "Q5), as long as the contact is not used to market or solicit business.",
            cites=(Q7, Q5, TERMS),
            rule="directory_use.seek-advice",
            facts_used=(*read, "directory_use.purpose"),
        )
    return make_ruling(
        decision=Decision.INDETERMINATE,
        reason=f"{use} is not among the uses the policy's questions address. The directory "
        "is intended solely for the individual and private use of ALA members in connection "
        "with the ALA's mission and activities; what is the use? Declare it as one of the "
        "named purposes to have it decided.",
        cites=(TERMS, Q5),
        rule="directory_use.other-purpose",
        facts_used=(*read, "directory_use.purpose"),
    )


def _contact_someone_met(facts: DirectoryUseFacts, use: str, read: tuple[str, ...]) -> Ruling:
    """Q5: finding someone met, for one or some recipients; the purpose says they were met."""
    used = ("directory_use.purpose", "directory_use.recipients", "directory_use.relationship")
    if facts.relationship == "none":
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{use} assumes you met them, but you have no relationship with the "
            "recipients: Q5 allows the directory to find someone you met, not to reach "
            "members you do not know.",
            cites=(Q5, TERMS),
            rule="directory_use.contact-no-relationship",
            facts_used=(*read, *used),
        )
    if facts.recipients == "all":
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{use} cannot reach all listed members: that is a mass mailing, not "
            "finding someone you met (Q5), and Q8 limits mailings to members with whom you "
            "have established a direct relationship.",
            cites=(Q5, Q8, TERMS),
            rule="directory_use.contact-mass-mailing",
            facts_used=(*read, *used),
        )
    return make_ruling(
        decision=Decision.PERMITTED,
        reason=f"{use} is one of the uses Q5 allows: finding the name and number of someone "
        "you met.",
        cites=(Q5, TERMS),
        rule="directory_use.q5-use",
        facts_used=(*read, *used),
    )


def _mailing(facts: DirectoryUseFacts, read: tuple[str, ...]) -> Ruling:
    """Q8 with Q2: a newsletter or educational mailing needs a direct relationship."""
    what = _MAILING[facts.purpose]
    used = ("directory_use.purpose", "directory_use.recipients", "directory_use.relationship")
    relationship = facts.relationship
    if relationship is None:
        return Ruling.unknown(
            f"{what} may go only to members with whom you have established a direct "
            "relationship (Q8, Q2), and your relationship with the recipients is not given.",
            missing=("directory_use.relationship",),
            cites=(Q8, Q2),
            rule="directory_use.mailing-relationship-unknown",
            facts_used=(*read, *used),
        )
    if relationship in DIRECT:
        newsletter = facts.purpose == "newsletter"
        return make_ruling(
            decision=Decision.CONDITIONAL if newsletter else Decision.PERMITTED,
            reason=f"{what} may go to {_RECIPIENTS[facts.recipients]} "
            f"{RELATIONSHIP[relationship]}: Q8 and Q2 allow it for members with whom you "
            "have established a direct relationship"
            + (", while opting out stays clear and followed (Q2)." if newsletter else "."),
            cites=(Q8, Q2, TERMS),
            duties=(OPT_OUT,) if newsletter else (),
            rule="directory_use.mailing-direct-relationship",
            facts_used=(*read, *used),
        )
    return make_ruling(
        decision=Decision.PROHIBITED,
        reason=f"{what} may go only to members with whom you have established a direct "
        f"relationship; sending it to {_RECIPIENTS[facts.recipients]} "
        f"{RELATIONSHIP[relationship]} is what Q8 forbids.",
        cites=(Q8, Q2),
        rule="directory_use.mailing-without-relationship",
        facts_used=(*read, *used),
    )
