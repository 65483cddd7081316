"""Built-in plugin: the ``solicitation`` evaluator (Nonsolicitation preamble, Q1, Q2, Q4, Q6,
Q7, Q8).

The readings are those of docs/scenarios.md, "solicitation":

* business cards (Q1) are about ALA functions and meetings: outside them the question does
  not arise (not_applicable), and with the setting unknown it is undecided. At one,
  exchanging cards within a business conversation with an individual connection is
  permitted; handing them out without one is prohibited, except for an educator, who may
  hand them out "with the intent of allowing audience members to follow up" (conditional on
  that intent);
* approaching a member to sell is prohibited wherever it happens (Q1, preamble);
* a follow-up call needs the recipient's request or permission; a marketing email or
  follow-up letter needs a conversation in which the recipient expressed interest, or a
  request (Q2);
* a newsletter needs a direct relationship (Q8, Q2) and a clear, followed opt-out (Q2), and
  is then conditional on keeping the opt-out working; an educational event invitation needs
  a direct relationship (Q8, Q2), as the same mailings do under ``directory_use``;
* literature and promotional materials at ALA functions and meetings (Q6): an educator or
  sponsor as the agreement permits, a member never; outside them not_applicable;
* asking for advice (Q7) and professional support (Q4) are permitted unless the contact is
  used to market or sell (prohibited); with that unknown they are conditional on Q7's duty.

``capacity`` left out follows ``actor.role`` for educator and sponsor; every other role acts
as a member (the default docs/scenarios.md gives). No other fact is taken as false when it
is not given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ala_policy import Decision, Ruling, hookimpl, make_ruling, unknown_facts
from ala_policy.plugins._common import (
    DIRECT,
    NOT_TO_MARKET,
    OPT_OUT,
    PREAMBLE,
    Q1,
    Q2,
    Q4,
    Q6,
    Q7,
    Q8,
    RELATIONSHIP,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ala_policy import PolicyView, Scenario, SolicitationFacts

#: Settings that are ALA functions or meetings (Q1, Q6).
ALA_SETTINGS = frozenset({"ala_function", "ala_meeting"})

#: An educator's duty when handing cards out without an individual connection (Q1).
EDUCATOR_CARDS = "nonsolicitation/educator-cards"

#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "solicitation.cards-setting-unknown": (Q1,),
    "solicitation.cards-outside": (Q1,),
    "solicitation.cards-with-connection": (Q1,),
    "solicitation.cards-educator": (Q1,),
    "solicitation.cards-without-connection": (Q1,),
    "solicitation.cards-connection-unknown": (Q1,),
    "solicitation.approach-to-sell": (Q1, PREAMBLE),
    "solicitation.call-requested": (Q2,),
    "solicitation.call-not-requested": (Q2,),
    "solicitation.call-request-unknown": (Q2,),
    "solicitation.written-after-interest": (Q2,),
    "solicitation.written-requested": (Q2,),
    "solicitation.written-unknown": (Q2,),
    "solicitation.written-unsolicited": (Q2, PREAMBLE),
    "solicitation.newsletter": (Q8, Q2),
    "solicitation.newsletter-without-relationship": (Q8, Q2),
    "solicitation.newsletter-no-opt-out": (Q2, Q8),
    "solicitation.newsletter-unknown": (Q8, Q2),
    "solicitation.educational-invitation": (Q8, Q2),
    "solicitation.invitation-without-relationship": (Q8, Q2),
    "solicitation.invitation-relationship-unknown": (Q8, Q2),
    "solicitation.literature-setting-unknown": (Q6,),
    "solicitation.literature-outside": (Q6,),
    "solicitation.literature-member": (Q6,),
    "solicitation.literature-agreement": (Q6,),
    "solicitation.literature-not-in-agreement": (Q6,),
    "solicitation.literature-agreement-unknown": (Q6,),
    "solicitation.advice-used-to-sell": (Q7, PREAMBLE),
    "solicitation.support-used-to-sell": (Q4, Q7, PREAMBLE),
    "solicitation.ask-for-advice": (Q7,),
    "solicitation.professional-support": (Q4, Q7),
}

#: Where the capacity is read from (``actor.role`` when it is not declared).
_CAPACITY = ("solicitation.capacity", "actor.role")
_SETTING = {"ala_function": "an ALA function", "ala_meeting": "an ALA meeting"}
_WRITTEN = {"marketing_email": "A marketing email", "follow_up_letter": "A follow-up letter"}


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_solicitation(
    scenario: Scenario, facts: SolicitationFacts, policy: PolicyView
) -> Ruling:
    """Decide a contact between members: networking or solicitation."""
    activity = facts.activity
    if activity in ("exchange_business_cards", "distribute_business_cards"):
        return _cards(facts, _capacity(scenario, facts))
    if activity == "approach_to_sell":
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="Approaching another member for the specific purpose of marketing or "
            "selling a service or product is not appropriate (Q1), wherever it happens; it is "
            "overt solicitation.",
            cites=(Q1, PREAMBLE),
            rule="solicitation.approach-to-sell",
            facts_used=("solicitation.activity",),
        )
    if activity == "follow_up_call":
        return _follow_up_call(facts)
    if activity in _WRITTEN:
        return _written(facts)
    if activity == "newsletter":
        return _newsletter(facts)
    if activity == "educational_event_invitation":
        return _invitation(facts)
    if activity in ("distribute_literature", "leave_promotional_materials"):
        return _literature(facts, _capacity(scenario, facts))
    return _advice_or_support(facts)


def _capacity(scenario: Scenario, facts: SolicitationFacts) -> str:
    """The capacity the actor acts in: declared, or else from ``actor.role``."""
    if facts.capacity is not None:
        return facts.capacity
    role = scenario.actor.role
    return role if role in ("educator", "sponsor") else "member"


def _cards(facts: SolicitationFacts, capacity: str) -> Ruling:
    """Q1: at ALA functions, cards go with an individual connection, or from an educator."""
    verb = "Exchanging" if facts.activity == "exchange_business_cards" else "Handing out"
    used = (
        "solicitation.activity",
        "solicitation.setting",
        "solicitation.individual_connection",
        *_CAPACITY,
    )
    if facts.setting is None:
        deciding: tuple[str, ...] = ("solicitation.setting",)
        if capacity != "educator" and facts.individual_connection is None:
            deciding += ("solicitation.individual_connection",)
        return Ruling.unknown(
            f"{verb} business cards is what Q1 addresses at ALA functions and meetings, and "
            "where it happens is not given.",
            missing=deciding,
            cites=(Q1,),
            rule="solicitation.cards-setting-unknown",
            facts_used=used,
        )
    if facts.setting not in ALA_SETTINGS:
        return make_ruling(
            decision=Decision.NOT_APPLICABLE,
            reason=f"{verb} business cards outside ALA functions and meetings is not what Q1 "
            "addresses.",
            cites=(Q1,),
            rule="solicitation.cards-outside",
            facts_used=("solicitation.activity", "solicitation.setting"),
        )
    where = _SETTING[facts.setting]
    if facts.individual_connection:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{verb} business cards at {where} as part of a business conversation "
            "with an individual connection is highly appropriate (Q1).",
            cites=(Q1,),
            rule="solicitation.cards-with-connection",
            facts_used=used,
        )
    if capacity == "educator":
        return make_ruling(
            decision=Decision.CONDITIONAL,
            reason=f"{verb} business cards at {where} without an individual connection is "
            "the exception Q1 allows an educator, when it is done with the intent of "
            "allowing audience members to follow up.",
            cites=(Q1,),
            duties=(EDUCATOR_CARDS,),
            rule="solicitation.cards-educator",
            facts_used=used,
        )
    if facts.individual_connection is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{verb} business cards at {where} to members without making an "
            "individual connection is not appropriate unless you act as an educator (Q1).",
            cites=(Q1,),
            rule="solicitation.cards-without-connection",
            facts_used=used,
        )
    return Ruling.unknown(
        f"{verb} business cards at {where} is appropriate only as part of a business "
        "conversation with an individual connection (Q1), and whether there was one is not "
        "given.",
        missing=("solicitation.individual_connection",),
        cites=(Q1,),
        rule="solicitation.cards-connection-unknown",
        facts_used=used,
    )


def _follow_up_call(facts: SolicitationFacts) -> Ruling:
    """Q2: a follow-up call needs the recipient's request or permission."""
    used = ("solicitation.activity", "solicitation.follow_up_requested")
    if facts.follow_up_requested:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason="The member requested the follow-up or offered permission, so a follow-up "
            "telephone call is appropriate (Q2).",
            cites=(Q2,),
            rule="solicitation.call-requested",
            facts_used=used,
        )
    if facts.follow_up_requested is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="A follow-up telephone call is appropriate only if the member requested it "
            "or offered permission, and this member did neither (Q2).",
            cites=(Q2,),
            rule="solicitation.call-not-requested",
            facts_used=used,
        )
    return Ruling.unknown(
        "A follow-up telephone call is appropriate only if the member requested it or offered "
        "permission (Q2), and whether they did is not given.",
        missing=("solicitation.follow_up_requested",),
        cites=(Q2,),
        rule="solicitation.call-request-unknown",
        facts_used=used,
    )


def _written(facts: SolicitationFacts) -> Ruling:
    """Q2: a marketing email or follow-up letter needs expressed interest or a request."""
    what = _WRITTEN[facts.activity]
    used = (
        "solicitation.activity",
        "solicitation.expressed_interest",
        "solicitation.follow_up_requested",
    )
    if facts.expressed_interest:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{what} offering a product or service is okay after a conversation in "
            "which the member expressed interest in receiving more information (Q2).",
            cites=(Q2,),
            rule="solicitation.written-after-interest",
            facts_used=used,
        )
    if facts.follow_up_requested:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{what} is appropriate because the member requested the follow-up (Q2).",
            cites=(Q2,),
            rule="solicitation.written-requested",
            facts_used=used,
        )
    missing = unknown_facts(facts, "solicitation", "expressed_interest", "follow_up_requested")
    if missing:
        return Ruling.unknown(
            f"{what} is appropriate only if the member expressed interest in a conversation "
            "or requested the follow-up (Q2).",
            missing=missing,
            cites=(Q2,),
            rule="solicitation.written-unknown",
            facts_used=used,
        )
    return make_ruling(
        decision=Decision.PROHIBITED,
        reason=f"{what} the member neither asked for nor showed interest in is unsolicited "
        "marketing, which Q2 calls inappropriate.",
        cites=(Q2, PREAMBLE),
        rule="solicitation.written-unsolicited",
        facts_used=used,
    )


def _newsletter(facts: SolicitationFacts) -> Ruling:
    """Q8 with Q2: a newsletter needs a direct relationship and a clear, followed opt-out."""
    used = ("solicitation.activity", "solicitation.relationship", "solicitation.opt_out")
    relationship, opt_out = facts.relationship, facts.opt_out
    if relationship is not None and relationship not in DIRECT:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="A newsletter may go only to members with whom you have established a "
            f"direct relationship (Q8, Q2); sending it to members {RELATIONSHIP[relationship]} "
            "is what Q8 forbids.",
            cites=(Q8, Q2),
            rule="solicitation.newsletter-without-relationship",
            facts_used=used,
        )
    if opt_out in ("missing", "not_followed"):
        problem = (
            "there is no way to opt out"
            if opt_out == "missing"
            else "opt-out requests are not followed"
        )
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="A newsletter is acceptable only if the procedure for opting out is clear "
            f"and followed (Q2); here {problem}.",
            cites=(Q2, Q8),
            rule="solicitation.newsletter-no-opt-out",
            facts_used=used,
        )
    missing = unknown_facts(facts, "solicitation", "relationship", "opt_out")
    if missing:
        return Ruling.unknown(
            "A newsletter is acceptable only to members with whom you have established a "
            "direct relationship (Q8, Q2), and only while the procedure for opting out is "
            "clear and followed (Q2).",
            missing=missing,
            cites=(Q8, Q2),
            rule="solicitation.newsletter-unknown",
            facts_used=used,
        )
    assert relationship is not None
    return make_ruling(
        decision=Decision.CONDITIONAL,
        reason=f"A newsletter may go to members {RELATIONSHIP[relationship]}, with a procedure "
        "for opting out that is clear and followed (Q8, Q2).",
        cites=(Q8, Q2),
        duties=(OPT_OUT,),
        rule="solicitation.newsletter",
        facts_used=used,
    )


def _invitation(facts: SolicitationFacts) -> Ruling:
    """Q8 with Q2: an invitation to an educational event needs a direct relationship."""
    used = ("solicitation.activity", "solicitation.relationship")
    relationship = facts.relationship
    if relationship is None:
        return Ruling.unknown(
            "An invitation to an educational event may go only to members with whom you "
            "have established a direct relationship (Q8, Q2), and your relationship with the "
            "recipients is not given.",
            missing=("solicitation.relationship",),
            cites=(Q8, Q2),
            rule="solicitation.invitation-relationship-unknown",
            facts_used=used,
        )
    if relationship in DIRECT:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason="An invitation to an educational event is acceptable by mail or email (Q2) "
            f"to members {RELATIONSHIP[relationship]} (Q8).",
            cites=(Q8, Q2),
            rule="solicitation.educational-invitation",
            facts_used=used,
        )
    return make_ruling(
        decision=Decision.PROHIBITED,
        reason="An invitation to an educational event may go only to members with whom you "
        f"have established a direct relationship; sending it to members "
        f"{RELATIONSHIP[relationship]} is what Q8 forbids.",
        cites=(Q8, Q2),
        rule="solicitation.invitation-without-relationship",
        facts_used=used,
    )


def _literature(facts: SolicitationFacts, capacity: str) -> Ruling:
    """Q6: literature and promotional materials at ALA functions and meetings."""
    what = (
        "Leaving promotional materials"
        if facts.activity == "leave_promotional_materials"
        else "Distributing literature"
    )
    used = (
        "solicitation.activity",
        "solicitation.setting",
        *_CAPACITY,
        "solicitation.agreement_permits",
    )
    if facts.setting is None:
        deciding: tuple[str, ...] = ("solicitation.setting",)
        if capacity != "member" and facts.agreement_permits is None:
            deciding += ("solicitation.agreement_permits",)
        return Ruling.unknown(
            f"{what} is what Q6 addresses at ALA functions and meetings, and where it happens "
            "is not given.",
            missing=deciding,
            cites=(Q6,),
            rule="solicitation.literature-setting-unknown",
            facts_used=used,
        )
    if facts.setting not in ALA_SETTINGS:
        return make_ruling(
            decision=Decision.NOT_APPLICABLE,
            reason=f"{what} outside ALA functions and meetings is not what Q6 addresses.",
            cites=(Q6,),
            rule="solicitation.literature-outside",
            facts_used=("solicitation.activity", "solicitation.setting"),
        )
    where = _SETTING[facts.setting]
    if capacity == "member":
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"Members may not leave promotional materials on meeting tables or openly "
            f"distribute them at {where}; only an educator or sponsor may, as the agreement "
            "permits (Q6).",
            cites=(Q6,),
            rule="solicitation.literature-member",
            facts_used=used[:-1],
        )
    if facts.agreement_permits:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=f"{what} at {where} as {_article(capacity)} whose agreement permits it is "
            "what Q6 allows.",
            cites=(Q6,),
            rule="solicitation.literature-agreement",
            facts_used=used,
        )
    if facts.agreement_permits is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{_article(capacity).capitalize()} may distribute literature at {where} "
            "only as the agreement permits, and this agreement does not (Q6).",
            cites=(Q6,),
            rule="solicitation.literature-not-in-agreement",
            facts_used=used,
        )
    return Ruling.unknown(
        f"{_article(capacity).capitalize()} may distribute literature at {where} only as the "
        "agreement permits (Q6), and what it permits is not given.",
        missing=("solicitation.agreement_permits",),
        cites=(Q6,),
        rule="solicitation.literature-agreement-unknown",
        facts_used=used,
    )


def _advice_or_support(facts: SolicitationFacts) -> Ruling:
    """Q7 (asking for advice) and Q4 (professional support), unless used to sell."""
    advice = facts.activity == "ask_for_advice"
    used = ("solicitation.activity", "solicitation.markets_or_sells")
    if facts.markets_or_sells:
        if advice:
            return make_ruling(
                decision=Decision.PROHIBITED,
                reason="Calling on members for advice is welcome, but this contact is used to "
                "market or sell, which Q7 says it should not be.",
                cites=(Q7, PREAMBLE),
                rule="solicitation.advice-used-to-sell",
                facts_used=used,
            )
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="Q4 welcomes building relationships through professional support, but "
            "using the contact to market or sell is what Q7 says it should not be, and overt "
            "solicitation, which the policy strictly prohibits.",
            cites=(Q4, Q7, PREAMBLE),
            rule="solicitation.support-used-to-sell",
            facts_used=used,
        )
    unknown = facts.markets_or_sells is None
    if advice:
        return make_ruling(
            decision=Decision.CONDITIONAL if unknown else Decision.PERMITTED,
            reason="Calling on members with a question, by mail, email or telephone, is one of "
            "the values of membership (Q7), as long as the contact is not used to sell.",
            cites=(Q7,),
            duties=(NOT_TO_MARKET,) if unknown else (),
            rule="solicitation.ask-for-advice",
            facts_used=used,
        )
    return make_ruling(
        decision=Decision.CONDITIONAL if unknown else Decision.PERMITTED,
        reason="Building relationships through professional support, collaboration and "
        "networking is how Q4 says an ALA contact may help your business, as long as the "
        "contact is not used to market or sell (Q7).",
        cites=(Q4, Q7),
        duties=(NOT_TO_MARKET,) if unknown else (),
        rule="solicitation.professional-support",
        facts_used=used,
    )


def _article(capacity: str) -> str:
    return f"an {capacity}" if capacity[0] in "aeiou" else f"a {capacity}"
