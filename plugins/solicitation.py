"""Built-in plugin: the ``solicitation`` evaluator (Nonsolicitation preamble, Q1, Q2, Q4, Q6, Q7).

Reading 3a of the scenario contract: exchanging business cards within a business
conversation with an individual connection is permitted; handing cards out without one is
prohibited unless the actor acts as an educator (Q1); approaching a member to sell is
prohibited (Q1). A follow-up call needs the recipient's request or permission; a marketing
email or follow-up letter needs a conversation in which the recipient expressed interest, or
a request; a newsletter needs a clear and followed opt-out; an educational event invitation is
permitted (Q2). At an ALA function or meeting an educator or sponsor may distribute literature
as the agreement permits, a member may not, and nobody may leave promotional materials (Q6).
Asking for advice is permitted unless the contact is used to market or sell (Q7); professional
support is permitted (Q4).

Where 3a is silent:

* ``capacity`` left out follows ``actor.role``: educator and sponsor act as such, every other
  role as a member;
* exchanging cards without an individual connection is read as handing them out
  (prohibited unless educator); an unknown connection is indeterminate, except for an
  educator, who may hand cards out anyway;
* a follow-up call the recipient did not request nor permit is prohibited, and one whose
  request is unknown is indeterminate; a marketing email or follow-up letter with neither
  interest nor request known to be true, and one of them unknown, is indeterminate on the
  unknown ones;
* a permitted newsletter carries the duty to keep opting out clear and followed as a
  condition, while the decision stays ``permitted``;
* an educator or sponsor whose agreement is unknown is indeterminate on
  ``solicitation.agreement_permits``;
* distributing literature or leaving promotional materials outside ALA functions and
  meetings is ``not_applicable``: Q6 is about ALA functions;
* asking for advice or professional support with ``markets_or_sells`` left out is permitted:
  asking for advice or offering support is the declared act, marketing would be a further
  one; professional support used to market or sell is prohibited (Q4 speaks of support,
  collaboration and networking; the preamble prohibits overt solicitation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ala_policy import Decision, Ruling, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ala_policy import PolicyView, Scenario
    from ala_policy.plugins.areas import SolicitationFacts

PREAMBLE = "nonsolicitation/preamble"
Q1 = "nonsolicitation/q1"
Q2 = "nonsolicitation/q2"
Q4 = "nonsolicitation/q4"
Q6 = "nonsolicitation/q6"
Q7 = "nonsolicitation/q7"

#: Settings that are ALA functions or meetings (Q1, Q6).
ALA_SETTINGS = frozenset({"ala_function", "ala_meeting"})

OPT_OUT = (
    "Keep the procedure for opting out of future newsletters clear, and follow every "
    "opt-out request (Nonsolicitation Q2)."
)

#: Where the capacity is read from (``actor.role`` when it is not declared).
_CAPACITY = ("solicitation.capacity", "actor.role")
_SETTING = {"ala_function": "an ALA function", "ala_meeting": "an ALA meeting"}
_WRITTEN = {"marketing_email": "A marketing email", "follow_up_letter": "A follow-up letter"}


@hookimpl
def ala_policy_cited_clauses() -> Iterable[str]:
    """The clauses this evaluator cites."""
    return (PREAMBLE, Q1, Q2, Q4, Q6, Q7)


@hookimpl
def ala_policy_evaluate_solicitation(
    scenario: Scenario, facts: SolicitationFacts, policy: PolicyView
) -> Ruling:
    """Decide a contact between members: networking or solicitation."""
    capacity = _capacity(scenario, facts)
    activity = facts.activity
    if activity in ("exchange_business_cards", "distribute_business_cards"):
        return _cards(facts, capacity)
    if activity == "approach_to_sell":
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="Approaching another member for the specific purpose of marketing or "
            "selling a service or product is not appropriate (Q1); it is overt solicitation.",
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
        return Ruling(
            decision=Decision.PERMITTED,
            reason="An invitation to an educational event is acceptable by mail or email (Q2).",
            cites=(Q2,),
            rule="solicitation.educational-invitation",
            facts_used=("solicitation.activity",),
        )
    if activity in ("distribute_literature", "leave_promotional_materials"):
        return _literature(facts, capacity)
    return _advice_or_support(facts)


def _capacity(scenario: Scenario, facts: SolicitationFacts) -> str:
    """The capacity the actor acts in: declared, or else from ``actor.role``."""
    if facts.capacity is not None:
        return facts.capacity
    role = scenario.actor.role
    return role if role in ("educator", "sponsor") else "member"


def _cards(facts: SolicitationFacts, capacity: str) -> Ruling:
    """Q1: cards go with an individual connection, or from an educator to the audience."""
    verb = "Exchanging" if facts.activity == "exchange_business_cards" else "Handing out"
    used = ("solicitation.activity", "solicitation.individual_connection", *_CAPACITY)
    if facts.individual_connection:
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{verb} business cards as part of a business conversation with an "
            "individual connection is highly appropriate (Q1).",
            cites=(Q1,),
            rule="solicitation.cards-with-connection",
            facts_used=used,
        )
    if capacity == "educator":
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{verb} business cards as an educator, so that audience members can "
            "follow up, is the exception Q1 allows.",
            cites=(Q1,),
            rule="solicitation.cards-educator",
            facts_used=used,
        )
    if facts.individual_connection is False:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"{verb} business cards to members without making an individual "
            "connection is not appropriate unless you act as an educator (Q1).",
            cites=(Q1,),
            rule="solicitation.cards-without-connection",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.INDETERMINATE,
        reason=f"{verb} business cards is appropriate only as part of a business conversation "
        "with an individual connection, and whether there was one is not given "
        "(solicitation.individual_connection). The engine does not guess.",
        cites=(Q1,),
        missing_facts=("solicitation.individual_connection",),
        rule="solicitation.cards-connection-unknown",
        facts_used=used,
    )


def _follow_up_call(facts: SolicitationFacts) -> Ruling:
    """Q2: a follow-up call needs the recipient's request or permission."""
    used = ("solicitation.activity", "solicitation.follow_up_requested")
    if facts.follow_up_requested:
        return Ruling(
            decision=Decision.PERMITTED,
            reason="The member requested the follow-up or offered permission, so a follow-up "
            "telephone call is appropriate (Q2).",
            cites=(Q2,),
            rule="solicitation.call-requested",
            facts_used=used,
        )
    if facts.follow_up_requested is False:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="A follow-up telephone call is appropriate only if the member requested it "
            "or offered permission, and this member did neither (Q2).",
            cites=(Q2,),
            rule="solicitation.call-not-requested",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.INDETERMINATE,
        reason="A follow-up telephone call is appropriate only if the member requested it or "
        "offered permission, and whether they did is not given "
        "(solicitation.follow_up_requested). The engine does not guess.",
        cites=(Q2,),
        missing_facts=("solicitation.follow_up_requested",),
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
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{what} offering a product or service is okay after a conversation in "
            "which the member expressed interest in receiving more information (Q2).",
            cites=(Q2,),
            rule="solicitation.written-after-interest",
            facts_used=used,
        )
    if facts.follow_up_requested:
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"{what} is appropriate because the member requested the follow-up (Q2).",
            cites=(Q2,),
            rule="solicitation.written-requested",
            facts_used=used,
        )
    missing = tuple(
        path
        for path, value in (
            ("solicitation.expressed_interest", facts.expressed_interest),
            ("solicitation.follow_up_requested", facts.follow_up_requested),
        )
        if value is None
    )
    if missing:
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason=f"{what} is appropriate only if the member expressed interest in a "
            "conversation or requested the follow-up. Facts not given: "
            + ", ".join(missing)
            + ". The engine does not guess.",
            cites=(Q2,),
            missing_facts=missing,
            rule="solicitation.written-unknown",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.PROHIBITED,
        reason=f"{what} the member neither asked for nor showed interest in is unsolicited "
        "marketing, which Q2 calls inappropriate.",
        cites=(Q2, PREAMBLE),
        rule="solicitation.written-unsolicited",
        facts_used=used,
    )


def _newsletter(facts: SolicitationFacts) -> Ruling:
    """Q2: a newsletter needs a clear opt-out that is followed."""
    used = ("solicitation.activity", "solicitation.opt_out")
    if facts.opt_out == "clear_and_followed":
        return Ruling(
            decision=Decision.PERMITTED,
            reason="Newsletters by mail or email are acceptable when the procedure for opting "
            "out of future communications is clear and followed, as it is here (Q2).",
            cites=(Q2,),
            conditions=(OPT_OUT,),
            rule="solicitation.newsletter-opt-out",
            facts_used=used,
        )
    if facts.opt_out is None:
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason="A newsletter is acceptable only if the procedure for opting out is clear "
            "and followed, and whether it is is not given (solicitation.opt_out). The engine "
            "does not guess.",
            cites=(Q2,),
            missing_facts=("solicitation.opt_out",),
            rule="solicitation.newsletter-opt-out-unknown",
            facts_used=used,
        )
    problem = (
        "there is no way to opt out"
        if facts.opt_out == "missing"
        else ("opt-out requests are not followed")
    )
    return Ruling(
        decision=Decision.PROHIBITED,
        reason=f"A newsletter is acceptable only if the procedure for opting out is clear and "
        f"followed (Q2); here {problem}.",
        cites=(Q2,),
        rule="solicitation.newsletter-no-opt-out",
        facts_used=used,
    )


def _literature(facts: SolicitationFacts, capacity: str) -> Ruling:
    """Q6: literature and promotional materials at ALA functions and meetings."""
    leaving = facts.activity == "leave_promotional_materials"
    what = "Leaving promotional materials" if leaving else "Distributing literature"
    if facts.setting not in ALA_SETTINGS:
        return Ruling(
            decision=Decision.NOT_APPLICABLE,
            reason=f"{what} outside ALA functions and meetings is not what Q6 addresses.",
            cites=(Q6,),
            rule="solicitation.literature-outside",
            facts_used=("solicitation.activity", "solicitation.setting"),
        )
    where = _SETTING[facts.setting]
    if leaving:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"Members may not leave promotional materials on meeting tables at {where} "
            "(Q6).",
            cites=(Q6,),
            rule="solicitation.leave-promotional-materials",
            facts_used=("solicitation.activity", "solicitation.setting"),
        )
    used = (
        "solicitation.activity",
        "solicitation.setting",
        *_CAPACITY,
        "solicitation.agreement_permits",
    )
    if capacity == "member":
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"Members may not openly distribute literature about their business at "
            f"{where}; only an educator or sponsor may, as their agreement permits (Q6).",
            cites=(Q6,),
            rule="solicitation.literature-member",
            facts_used=used[:-1],
        )
    if facts.agreement_permits:
        return Ruling(
            decision=Decision.PERMITTED,
            reason=f"As {_article(capacity)} whose agreement permits it, you may distribute "
            f"literature at {where} (Q6).",
            cites=(Q6,),
            rule="solicitation.literature-agreement",
            facts_used=used,
        )
    if facts.agreement_permits is False:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"{_article(capacity).capitalize()} may distribute literature at {where} "
            "only as the agreement permits, and this agreement does not (Q6).",
            cites=(Q6,),
            rule="solicitation.literature-not-in-agreement",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.INDETERMINATE,
        reason=f"{_article(capacity).capitalize()} may distribute literature at {where} only "
        "as the agreement permits, and what it permits is not given "
        "(solicitation.agreement_permits). The engine does not guess.",
        cites=(Q6,),
        missing_facts=("solicitation.agreement_permits",),
        rule="solicitation.literature-agreement-unknown",
        facts_used=used,
    )


def _advice_or_support(facts: SolicitationFacts) -> Ruling:
    """Q7 (asking for advice) and Q4 (professional support), unless used to sell."""
    advice = facts.activity == "ask_for_advice"
    used = ("solicitation.activity", "solicitation.markets_or_sells")
    if facts.markets_or_sells:
        if advice:
            return Ruling(
                decision=Decision.PROHIBITED,
                reason="Calling on members for advice is welcome, but this contact is used to "
                "market or sell, which Q7 says it should not be.",
                cites=(Q7, PREAMBLE),
                rule="solicitation.advice-used-to-sell",
                facts_used=used,
            )
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="Q4 welcomes building relationships through professional support, but "
            "using the contact to market or sell is overt solicitation, which the policy "
            "strictly prohibits.",
            cites=(Q4, PREAMBLE),
            rule="solicitation.support-used-to-sell",
            facts_used=used,
        )
    if advice:
        return Ruling(
            decision=Decision.PERMITTED,
            reason="Calling on members with a question, by mail, email or telephone, is one of "
            "the values of membership (Q7), as long as the contact is not used to sell.",
            cites=(Q7,),
            rule="solicitation.ask-for-advice",
            facts_used=used,
        )
    return Ruling(
        decision=Decision.PERMITTED,
        reason="Building relationships through professional support, collaboration and "
        "networking is how Q4 says an ALA contact may help your business.",
        cites=(Q4,),
        rule="solicitation.professional-support",
        facts_used=used,
    )


def _article(capacity: str) -> str:
    return f"an {capacity}" if capacity[0] in "aeiou" else f"a {capacity}"
