"""Built-in plugin: the ``conflict_of_interest`` evaluator (Code III.B and III.E).

The reading of docs/scenarios.md, "conflict_of_interest": using confidential or proprietary
information to further a private interest is prohibited (III.E) whatever else is true. An
actor with no part in the decision is permitted once all appropriate parties were advised,
and otherwise conditional on advising them. An actor who decides or influences the decision
is prohibited while the interest is undisclosed and permitted once it is disclosed and the
actor has stepped out; one who decides, has disclosed and has not stepped out is prohibited
(an actual conflict is avoided by stepping out, not by disclosure alone); one who
influences, has disclosed and has not stepped out is conditional on the advised parties
accepting that part.

Where docs/scenarios.md is silent (the project's own readings):

* an unknown ``disclosed`` with a part in the decision is indeterminate on
  ``conflict_of_interest.disclosed`` (and ``recused`` where that is unknown too, since
  both then decide), except that one who decides and has not stepped out is prohibited
  whatever the disclosure; with ``role_in_decision: none`` an unknown ``disclosed`` is "not
  (yet) disclosed" and the finding is conditional on advising the parties;
* a known ``disclosed: true`` with an unknown ``recused`` and a part in the decision is
  indeterminate on ``conflict_of_interest.recused``;
* every finding cites III.B; every finding that checked the use of confidential information
  (all of them) cites III.E too, so that permitted findings name what they checked;
* ``held_by`` defaults to self and ``uses_confidential_information`` to false: both are the
  defaults the facts table of docs/scenarios.md gives, not guesses. Using confidential information
  is a separate act the scenario declares; the ``confidential_information`` area decides it
  on its own facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ala_policy import Decision, Ruling, hookimpl, make_ruling, unknown_facts
from ala_policy.plugins._common import CONFIDENTIAL, CONFLICTS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ala_policy import ConflictOfInterestFacts, PolicyView, Scenario


#: The duties of a conditional finding (their wording: policies/code.yaml).
ADVISE = "code/advise-parties"
ACCEPTED = "code/advised-parties-accept"

_WHO = {"self": "You have", "family": "Your family has", "friend": "A friend of yours has"}
_INTEREST = {
    "financial": "a financial interest in",
    "ownership": "an ownership interest in",
    "employment": "an employment tie to",
    "family": "a family tie to",
    "personal": "a personal tie to",
    "board": "a board seat at",
    "other": "an interest in",
}
_PARTY = {
    "vendor": "a vendor",
    "prospective_vendor": "a prospective vendor",
    "client": "a client",
    "prospective_client": "a prospective client",
    "business_partner": "a business partner",
    "competitor": "a competitor",
    "other": "another party",
}
_ROLE = {
    "decides": "you decide the organization's business with it",
    "influences": "you influence the organization's decision about it",
}


#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "conflict_of_interest.confidential-information": (CONFIDENTIAL, CONFLICTS),
    "conflict_of_interest.no-role-disclosed": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.no-role-undisclosed": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.undisclosed": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.disclosure-unknown": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.disclosed-and-recused": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.recusal-unknown": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.decides-not-recused": (CONFLICTS, CONFIDENTIAL),
    "conflict_of_interest.influences-disclosed": (CONFLICTS, CONFIDENTIAL),
}


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_conflict_of_interest(
    scenario: Scenario, facts: ConflictOfInterestFacts, policy: PolicyView
) -> Ruling:
    """Decide an interest in a counterparty: disclosure, recusal and confidential information."""
    what = _describe(facts)
    checked = (CONFLICTS, CONFIDENTIAL)
    if facts.uses_confidential_information:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{what}, and confidential or proprietary information is used to further "
            "that interest. Code III.E allows such information to be used solely for legal "
            "practice or management purposes, never to further a private interest.",
            cites=(CONFIDENTIAL, CONFLICTS),
            rule="conflict_of_interest.confidential-information",
            facts_used=("conflict_of_interest.uses_confidential_information",),
        )
    role = facts.role_in_decision
    disclosure = ("conflict_of_interest.role_in_decision", "conflict_of_interest.disclosed")
    if role == "none":
        if facts.disclosed:
            return make_ruling(
                decision=Decision.PERMITTED,
                reason=f"{what}, but you have no part in the decision, so this is a "
                "potential conflict only, and all appropriate parties have been advised of it.",
                cites=checked,
                rule="conflict_of_interest.no-role-disclosed",
                facts_used=disclosure,
            )
        done = (
            "which has not (yet) been done"
            if facts.disclosed is False
            else "and whether they have been is not given"
        )
        return make_ruling(
            decision=Decision.CONDITIONAL,
            reason=f"{what}. Even with no part in the decision this is a potential "
            f"conflict, acceptable once all appropriate parties are advised of it, {done}.",
            cites=checked,
            duties=(ADVISE,),
            rule="conflict_of_interest.no-role-undisclosed",
            facts_used=disclosure,
        )
    where = f"{what}; {_ROLE[role]}"
    if facts.disclosed is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{where}, but the appropriate parties have not been advised of the "
            "conflict. Code III.B requires advising them and avoiding the conflict.",
            cites=checked,
            rule="conflict_of_interest.undisclosed",
            facts_used=disclosure,
        )
    used = (*disclosure, "conflict_of_interest.recused")
    if role == "decides" and facts.recused is False:
        # Disclosed or not, an actual conflict is avoided by stepping out, not by disclosure.
        return _decides_not_recused(where, used)
    if facts.disclosed is None:
        missing = unknown_facts(facts, "conflict_of_interest", "disclosed", "recused")
        return Ruling.unknown(
            f"{where}. Whether that is allowed turns on whether all appropriate parties were "
            "advised of the conflict"
            + (" and whether you stepped out of the decision" if len(missing) > 1 else "")
            + " (Code III.B).",
            missing=missing,
            cites=checked,
            rule="conflict_of_interest.disclosure-unknown",
            facts_used=used,
        )
    if facts.recused:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{where}, but the conflict was disclosed to all appropriate parties and "
            "you stepped out of the decision, so it is avoided.",
            cites=checked,
            rule="conflict_of_interest.disclosed-and-recused",
            facts_used=used,
        )
    if facts.recused is None:
        return Ruling.unknown(
            f"{where}. The conflict was disclosed; whether that is enough turns on whether "
            "you stepped out of the decision (Code III.B).",
            missing=("conflict_of_interest.recused",),
            cites=checked,
            rule="conflict_of_interest.recusal-unknown",
            facts_used=used,
        )
    return make_ruling(
        decision=Decision.CONDITIONAL,
        reason=f"{where}. The conflict was disclosed and you have not stepped out, which is "
        "acceptable only while the parties you advised accept your part in the decision.",
        cites=checked,
        duties=(ACCEPTED,),
        rule="conflict_of_interest.influences-disclosed",
        facts_used=used,
    )


def _decides_not_recused(where: str, used: tuple[str, ...]) -> Ruling:
    return make_ruling(
        decision=Decision.PROHIBITED,
        reason=f"{where}, and you have not stepped out of the decision. Disclosure alone "
        "does not avoid an actual conflict of interest; stepping out does.",
        cites=(CONFLICTS, CONFIDENTIAL),
        rule="conflict_of_interest.decides-not-recused",
        facts_used=used,
    )


def _describe(facts: ConflictOfInterestFacts) -> str:
    party = _PARTY[facts.counterparty] if facts.counterparty else "the other party"
    return f"{_WHO[facts.held_by]} {_INTEREST[facts.interest]} {party}"
