"""Cedar (cedarpy): one policy set per rule, one authorization request per decision.

Cedar answers allow or deny, and says which policies were satisfied. Every policy here is a
``permit`` that says when one decision holds, and carries that decision in its ``@id``
annotation (``@id("prohibited.solicited")``); the actor's role is the principal
(``Role::"member"``), the action is ``Action::"decide"``, the area is the resource, and the
facts are the request context. An unknown fact is an absent context attribute, which the
policies test with ``has``. One request is asked per scenario; of the decisions whose
policies are satisfied (``diagnostics.reasons`` with their ``@id`` annotations) the one of
highest precedence wins, and when none is satisfied the decision is the one no policy has to
state. The context is serialised to JSON by us, once per request.

``value_usd`` is not passed: Cedar has no floating-point type, and the rule does not read it.
Policies and entities are parsed once into ``PolicySet`` and ``Entities`` handles.

How it is called: ``is_authorized_batch`` over all the scenarios to decide (the benchmark
times one call over a round's 20,000 requests, building every request inside it);
``decide_gift``/``decide_directory`` decide one scenario with ``is_authorized``. Ways tried,
µs per decision for gift / directory_use and, in brackets, that over ala-policy's
``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- one action per candidate decision (``Action::"gift/prohibited"``, with ``forbid`` to carve
  out), one ``is_authorized`` per candidate in precedence order, the first allowed wins
  (before): 177 / 147 µs (6.1x / 3.7x)
- the same candidates in one ``is_authorized_batch`` per scenario: 230 / 261 µs
  (7.9x / 6.6x)
- the same candidates of all scenarios in one ``is_authorized_batch``: 198 / 182 µs
  (6.8x / 4.6x)
- one ``is_authorized`` per scenario, the decision from the ``@id`` annotations of the
  satisfied policies: 116 / 133 µs (4.0x / 3.3x)
- the same requests, all scenarios in one ``is_authorized_batch`` (kept): 81 / 82 µs
  (2.8x / 2.1x); the cost per request is flat from batches of about 100 up

cedarpy's cost is per request (building it from JSON, encoding the response as JSON and
decoding it in Python), not per policy, so fewer requests win: one per scenario rather than
one per candidate decision, and a batch rather than one call each.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import cedarpy

GIFT_POLICIES = """
// Code III.C covers gifts on behalf of oneself, family or friends.
@id("not_applicable.beneficiary")
permit (principal, action == Action::"decide", resource == Area::"gift")
when { context has beneficiary && ["employer", "charity"].contains(context.beneficiary) };

// Soliciting from a business contact is prohibited whatever the value.
@id("prohibited.solicited")
permit (principal, action == Action::"decide", resource == Area::"gift")
when {
  context.act == "solicited" && context has giver &&
  ["vendor", "prospective_vendor", "business_partner", "client", "prospective_client"]
    .contains(context.giver)
};

// A pending business decision, or an item that may influence one.
@id("prohibited.pending_business")
permit (principal, action == Action::"decide", resource == Area::"gift")
when { context has pending_business && context.pending_business };

@id("prohibited.may_influence")
permit (principal, action == Action::"decide", resource == Area::"gift")
when { context has may_influence && context.may_influence };

// Neither is permitted, once both are known, and for a solicitation once the giver is known.
@id("permitted.neither")
permit (principal, action == Action::"decide", resource == Area::"gift")
when {
  context has pending_business && !context.pending_business &&
  context has may_influence && !context.may_influence
}
unless { context.act == "solicited" && !(context has giver) };
"""

DIRECTORY_POLICIES = """
// The directory is for members only.
@id("prohibited.non_member")
permit (principal == Role::"non_member", action == Action::"decide",
        resource == Area::"directory_use");

// Q5 and the terms: no marketing, solicitation or business development, and no mailing
// that includes solicitation, whatever its purpose (Q3 for company cards).
@id("prohibited.purpose")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { ["marketing", "solicitation", "business_development"].contains(context.purpose) };

@id("prohibited.solicitation")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { context has includes_solicitation && context.includes_solicitation };

// The terms: no copying.
@id("prohibited.copies")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { context has copies_data && context.copies_data };

// The preamble: no sharing with non-members without the association's approval.
@id("prohibited.sharing")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when {
  context has shares_with && context.shares_with == "non_members" &&
  context has association_approved && !context.association_approved
};

// Q8, Q2: newsletters and event mailings only with a direct relationship.
@id("prohibited.mailing_relationship")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when {
  ["newsletter", "educational_event"].contains(context.purpose) &&
  context has relationship &&
  !["direct", "requested_followup", "expressed_interest"].contains(context.relationship)
};

// Q5: contacting someone met is for one or some recipients, not all, and not with relationship
// "none" (an unknown relationship reads as met).
@id("prohibited.contact_someone_met")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when {
  context.purpose == "contact_someone_met" &&
  ((context has relationship && context.relationship == "none") ||
   (context has recipients && context.recipients == "all"))
};

// Membership not given (neither member nor non_member): anything short of a prohibition
// turns on it.
@id("indeterminate.membership")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
unless { principal == Role::"member" };

// Unknown facts that would decide, and a purpose no question addresses.
@id("indeterminate.approval")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when {
  context has shares_with && context.shares_with == "non_members" &&
  !(context has association_approved)
};

@id("indeterminate.relationship")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when {
  ["newsletter", "educational_event"].contains(context.purpose) && !(context has relationship)
};

@id("indeterminate.company_card")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { context.purpose == "company_card" && !(context has includes_solicitation) };

@id("indeterminate.other")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { context.purpose == "other" };

// Allowed with a duty left: a newsletter's opt-out (Q2) ...
@id("conditional.newsletter")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { context.purpose == "newsletter" };

// ... and an unknown side fact, not to copy or not to solicit (for a company card an
// unknown solicitation is indeterminate, which takes precedence).
@id("conditional.side_fact")
permit (principal, action == Action::"decide", resource == Area::"directory_use")
when { !(context has copies_data) || !(context has includes_solicitation) };
"""

#: Decisions a policy can state, in precedence order, and the decision when none is stated.
GIFT_PRECEDENCE = ("not_applicable", "prohibited", "permitted")
GIFT_OTHERWISE = "indeterminate"
DIRECTORY_PRECEDENCE = ("prohibited", "indeterminate", "conditional")
DIRECTORY_OTHERWISE = "permitted"

ACTION = {"type": "Action", "id": "decide"}
GIFT = {"type": "Area", "id": "gift"}
DIRECTORY = {"type": "Area", "id": "directory_use"}

_gift_policies: Any = None
_directory_policies: Any = None
_entities: Any = None


def prepare() -> None:
    global _gift_policies, _directory_policies, _entities  # noqa: PLW0603 - built once
    _gift_policies = cedarpy.PolicySet.from_str(GIFT_POLICIES)
    _directory_policies = cedarpy.PolicySet.from_str(DIRECTORY_POLICIES)
    _entities = cedarpy.Entities.from_json_str("[]")


def _decision(result: Any, precedence: tuple[str, ...], otherwise: str) -> str:
    """The highest-precedence decision among the satisfied policies' ``@id`` annotations."""
    stated = {
        label.partition(".")[0] for label in result.diagnostics.id_annotations_by_reason.values()
    }
    for decision in precedence:
        if decision in stated:
            return decision
    return otherwise


def _gift_request(facts: dict[str, Any], role: str) -> dict[str, Any]:
    context = json.dumps({k: v for k, v in facts.items() if k != "value_usd"})
    return {
        "principal": {"type": "Role", "id": role},
        "action": ACTION,
        "resource": GIFT,
        "context": context,
    }


def _directory_request(facts: dict[str, Any], role: str) -> dict[str, Any]:
    context = json.dumps(facts)
    return {
        "principal": {"type": "Role", "id": role},
        "action": ACTION,
        "resource": DIRECTORY,
        "context": context,
    }


def decide_gift(facts: dict[str, Any], role: str) -> str:
    result = cedarpy.is_authorized(_gift_request(facts, role), _gift_policies, _entities)
    return _decision(result, GIFT_PRECEDENCE, GIFT_OTHERWISE)


def decide_directory(facts: dict[str, Any], role: str) -> str:
    result = cedarpy.is_authorized(_directory_request(facts, role), _directory_policies, _entities)
    return _decision(result, DIRECTORY_PRECEDENCE, DIRECTORY_OTHERWISE)


def decide_gift_batch(pairs: Sequence[tuple[dict[str, Any], str]]) -> list[str]:
    requests = [_gift_request(facts, role) for facts, role in pairs]
    results = cedarpy.is_authorized_batch(requests, _gift_policies, _entities)
    return [_decision(r, GIFT_PRECEDENCE, GIFT_OTHERWISE) for r in results]


def decide_directory_batch(pairs: Sequence[tuple[dict[str, Any], str]]) -> list[str]:
    requests = [_directory_request(facts, role) for facts, role in pairs]
    results = cedarpy.is_authorized_batch(requests, _directory_policies, _entities)
    return [_decision(r, DIRECTORY_PRECEDENCE, DIRECTORY_OTHERWISE) for r in results]
