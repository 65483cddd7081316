"""Built-in plugin: the ``conflict_of_interest`` evaluator (Code III.B and III.E).

Reading 3a of the scenario contract: using confidential or proprietary information to further
a private interest is prohibited (III.E) whatever else is true. An actor with no part in the
decision is permitted once all appropriate parties were advised, and otherwise conditional on
advising them. An actor who decides or influences the decision is prohibited while the
interest is undisclosed and permitted once it is disclosed and the actor has stepped out; one
who decides, has disclosed and has not stepped out is prohibited (an actual conflict is
avoided by stepping out, not by disclosure alone); one who influences, has disclosed and has
not stepped out is conditional on the advised parties accepting that part.

Where 3a is silent:

* an unknown ``disclosed`` with a part in the decision is indeterminate on
  ``conflict_of_interest.disclosed`` alone, since "not disclosed" decides the matter by
  itself; with ``role_in_decision: none`` an unknown ``disclosed`` is "not (yet) disclosed"
  and the finding is conditional on advising the parties;
* a known ``disclosed: true`` with an unknown ``recused`` and a part in the decision is
  indeterminate on ``conflict_of_interest.recused``;
* every finding cites III.B; every finding that checked the use of confidential information
  (all of them) cites III.E too, so that permitted findings name what they checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ala_policy import Decision, Ruling, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ala_policy import PolicyView, Scenario
    from ala_policy.plugins.areas import ConflictOfInterestFacts

CONFLICTS = "code/III.B"
CONFIDENTIAL = "code/III.E"

ADVISE = "Advise all appropriate parties of the potential conflict (Code III.B)."
ACCEPTED = (
    "Take part in the decision only as far as the parties you advised accept your part in it, "
    "and step out of it if they do not (Code III.B)."
)

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


@hookimpl
def ala_policy_cited_clauses() -> Iterable[str]:
    """The clauses this evaluator cites."""
    return (CONFLICTS, CONFIDENTIAL)


@hookimpl
def ala_policy_evaluate_conflict_of_interest(
    scenario: Scenario, facts: ConflictOfInterestFacts, policy: PolicyView
) -> Ruling:
    """Decide an interest in a counterparty: disclosure, recusal and confidential information."""
    what = _describe(facts)
    checked = (CONFLICTS, CONFIDENTIAL)
    if facts.uses_confidential_information:
        return Ruling(
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
            return Ruling(
                decision=Decision.PERMITTED,
                reason=f"{what}, but you have no part in the decision, so this is a "
                "potential conflict only, and all appropriate parties have been advised of it.",
                cites=checked,
                rule="conflict_of_interest.no-role-disclosed",
                facts_used=disclosure,
            )
        return Ruling(
            decision=Decision.CONDITIONAL,
            reason=f"{what}. Even with no part in the decision this is a potential "
            "conflict, acceptable once all appropriate parties are advised of it, which has not "
            "(yet) been done.",
            cites=checked,
            conditions=(ADVISE,),
            rule="conflict_of_interest.no-role-undisclosed",
            facts_used=disclosure,
        )
    where = f"{what}; {_ROLE[role]}"
    if facts.disclosed is False:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"{where}, but the appropriate parties have not been advised of the "
            "conflict. Code III.B requires advising them and avoiding the conflict.",
            cites=checked,
            rule="conflict_of_interest.undisclosed",
            facts_used=disclosure,
        )
    if facts.disclosed is None:
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason=f"{where}. Whether all appropriate parties were advised is not given "
            "(conflict_of_interest.disclosed), and the engine does not guess.",
            cites=checked,
            missing_facts=("conflict_of_interest.disclosed",),
            rule="conflict_of_interest.disclosure-unknown",
            facts_used=disclosure,
        )
    used = (*disclosure, "conflict_of_interest.recused")
    if facts.recused:
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{where}, but the conflict was disclosed to all appropriate parties and "
            "you stepped out of the decision, so it is avoided.",
            cites=checked,
            rule="conflict_of_interest.disclosed-and-recused",
            facts_used=used,
        )
    if facts.recused is None:
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason=f"{where}. The conflict was disclosed, but whether you stepped out of the "
            "decision is not given (conflict_of_interest.recused), and the engine does not "
            "guess.",
            cites=checked,
            missing_facts=("conflict_of_interest.recused",),
            rule="conflict_of_interest.recusal-unknown",
            facts_used=used,
        )
    if role == "decides":
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"{where}, and you have not stepped out of the decision. Disclosure alone "
            "does not avoid an actual conflict of interest; stepping out does.",
            cites=checked,
            rule="conflict_of_interest.decides-not-recused",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.CONDITIONAL,
        reason=f"{where}. The conflict was disclosed and you have not stepped out, which is "
        "acceptable only while the parties you advised accept your part in the decision.",
        cites=checked,
        conditions=(ACCEPTED,),
        rule="conflict_of_interest.influences-disclosed",
        facts_used=used,
    )


def _describe(facts: ConflictOfInterestFacts) -> str:
    party = _PARTY[facts.counterparty] if facts.counterparty else "the other party"
    return f"{_WHO[facts.held_by]} {_INTEREST[facts.interest]} {party}"
