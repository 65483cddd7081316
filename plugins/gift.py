"""Built-in plugin: the ``gift`` evaluator (Code III.C; III.B for the appearance of a conflict).

The reading of docs/scenarios.md, "gift": a gift to the employer or a charity is not on
behalf of "oneself, family or friends" and is not_applicable; soliciting from a business
contact for oneself, family or friends is prohibited whatever the value; otherwise a pending
business decision or a possible influence is prohibited, neither is permitted, and an
unknown one of them is indeterminate. ``act: offered`` asks whether accepting the offer
would be allowed. ``beneficiary`` defaults to self (the default docs/scenarios.md gives); no
other fact is taken as false when it is not given.
"""

from __future__ import annotations

from collections.abc import Mapping

from ala_policy import (
    Decision,
    GiftFacts,
    PolicyView,
    Ruling,
    Scenario,
    hookimpl,
    make_ruling,
    unknown_facts,
)
from ala_policy.plugins._common import CONFLICTS, GIFTS

#: Givers from whom soliciting is prohibited whatever the value.
BUSINESS_CONTACTS = frozenset(
    {"vendor", "prospective_vendor", "business_partner", "client", "prospective_client"}
)

#: ``offered`` asks whether accepting the offer would be allowed, so it reads "accepting".
_ACT = {"offered": "accepting", "accepted": "accepting", "solicited": "asking for"}
_NOUN = {
    "fee": "a fee",
    "commission": "a commission",
    "gift": "a gift",
    "gratuity": "a gratuity",
    "discount": "a discount",
    "loan": "a loan",
    "meal": "a meal",
    "entertainment": "entertainment",
    "travel": "travel",
    "other": "something of value",
}


#: "Being offered a meal", for every act and kind, built once.
_WHAT = {
    (act, kind): f"{_ACT[act]} {noun}".capitalize() for act in _ACT for kind, noun in _NOUN.items()
}


#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "gift.beneficiary-outside-iii-c": (GIFTS,),
    "gift.solicited-from-business-contact": (GIFTS,),
    "gift.pending-business": (GIFTS, CONFLICTS),
    "gift.may-influence": (GIFTS,),
    "gift.unknown": (GIFTS, CONFLICTS),
    "gift.no-influence": (GIFTS, CONFLICTS),
}


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_gift(scenario: Scenario, facts: GiftFacts, policy: PolicyView) -> Ruling:
    """Decide a gift, fee, commission, gratuity, discount, loan, meal, entertainment or travel."""
    what = _WHAT[facts.act, facts.kind]
    if facts.beneficiary in ("employer", "charity"):
        return make_ruling(
            decision=Decision.NOT_APPLICABLE,
            reason=f"{what} on behalf of the {facts.beneficiary} is not on behalf "
            "of oneself, family or friends, so Code III.C does not reach it.",
            cites=(GIFTS,),
            rule="gift.beneficiary-outside-iii-c",
            facts_used=("gift.beneficiary",),
        )
    solicited = facts.act == "solicited"
    if solicited and facts.giver in BUSINESS_CONTACTS:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"Asking a {facts.giver.replace('_', ' ')} for {_NOUN[facts.kind]} on behalf of "
            f"{_whom(facts.beneficiary)} is soliciting, which Code III.C prohibits whatever "
            "the value.",
            cites=(GIFTS,),
            rule="gift.solicited-from-business-contact",
            facts_used=("gift.act", "gift.giver", "gift.beneficiary"),
        )
    used = ("gift.pending_business", "gift.may_influence")
    if facts.pending_business:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{what} from a giver with a business decision pending that "
            "the actor can affect may influence that decision and gives at least the "
            "appearance of a conflict of interest.",
            cites=(GIFTS, CONFLICTS),
            rule="gift.pending-business",
            facts_used=used,
        )
    if facts.may_influence:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{what} that may influence business decisions is what "
            "Code III.C tells administrators to refrain from.",
            cites=(GIFTS,),
            rule="gift.may-influence",
            facts_used=used,
        )
    missing = unknown_facts(facts, "gift", "pending_business", "may_influence")
    if solicited and facts.giver is None:
        missing = ("gift.giver", *missing)
    if missing:
        return Ruling.unknown(
            f"Whether {what[0].lower()}{what[1:]} is allowed turns on whether the giver has a "
            "business decision pending that the actor can affect"
            + (", who the giver is" if solicited and facts.giver is None else "")
            + " and whether it may influence business decisions (Code III.C, III.B).",
            missing=missing,
            cites=(GIFTS, CONFLICTS),
            rule="gift.unknown",
            facts_used=("gift.giver", *used) if solicited else used,
        )
    return make_ruling(
        decision=Decision.PERMITTED,
        reason=f"{what} is allowed: no business decision of the giver is pending "
        "and the item cannot influence business decisions.",
        cites=(GIFTS, CONFLICTS),
        rule="gift.no-influence",
        facts_used=used,
    )


def _whom(beneficiary: str) -> str:
    return "oneself" if beneficiary == "self" else f"the actor's {beneficiary}"
