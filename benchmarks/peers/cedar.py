"""Cedar (cedarpy): one policy set per rule, one authorization query per candidate decision.

Cedar answers allow or deny, so a decision with several outcomes is asked as questions of
the form "may this scenario be decided ``prohibited``?": each candidate decision is an
action (``Action::"gift/prohibited"``), the actor's role is the principal
(``Role::"member"``), the area is the resource, and the facts are the request context. An
unknown fact is an absent context attribute, which the policies test with ``has``. ``permit``
says when a decision holds and ``forbid`` carves out what must not reach it. The candidates
are asked in precedence order, one ``is_authorized`` call each, and the first allowed one is
the decision; when none is, the decision is the one no policy has to state. (Asking every
candidate in one ``is_authorized_batch`` call gives the same answers but was slower here:
cedarpy's cost is per request, and stopping at the first allowed candidate asks fewer.)

The context is serialised to JSON once per decision and shared by its queries.

``value_usd`` is not passed: Cedar has no floating-point type, and the rule does not read it.
Policies and entities are parsed once into ``PolicySet`` and ``Entities`` handles.
"""

from __future__ import annotations

import json
from typing import Any

import cedarpy

GIFT_POLICIES = """
// Code III.C covers gifts on behalf of oneself, family or friends.
permit (principal, action == Action::"gift/not_applicable", resource == Area::"gift")
when { context has beneficiary && ["employer", "charity"].contains(context.beneficiary) };

// Soliciting from a business contact is prohibited whatever the value.
permit (principal, action == Action::"gift/prohibited", resource == Area::"gift")
when {
  context.act == "solicited" && context has giver &&
  ["vendor", "prospective_vendor", "business_partner", "client", "prospective_client"]
    .contains(context.giver)
};

// A pending business decision, or an item that may influence one.
permit (principal, action == Action::"gift/prohibited", resource == Area::"gift")
when { context has pending_business && context.pending_business };

permit (principal, action == Action::"gift/prohibited", resource == Area::"gift")
when { context has may_influence && context.may_influence };

// Neither is permitted, once both are known ...
permit (principal, action == Action::"gift/permitted", resource == Area::"gift")
when {
  context has pending_business && !context.pending_business &&
  context has may_influence && !context.may_influence
};

// ... and, for a solicitation, once the giver is known.
forbid (principal, action == Action::"gift/permitted", resource == Area::"gift")
when { context.act == "solicited" && !(context has giver) };
"""

DIRECTORY_POLICIES = """
// The directory is for members only.
permit (principal == Role::"non_member", action == Action::"directory/prohibited",
        resource == Area::"directory_use");

// Q5 and the terms: no marketing, solicitation or business development, and no mailing
// that includes solicitation, whatever its purpose (Q3 for company cards).
permit (principal, action == Action::"directory/prohibited", resource == Area::"directory_use")
when { ["marketing", "solicitation", "business_development"].contains(context.purpose) };

permit (principal, action == Action::"directory/prohibited", resource == Area::"directory_use")
when { context has includes_solicitation && context.includes_solicitation };

// The terms: no copying.
permit (principal, action == Action::"directory/prohibited", resource == Area::"directory_use")
when { context has copies_data && context.copies_data };

// The preamble: no sharing with non-members without the association's approval.
permit (principal, action == Action::"directory/prohibited", resource == Area::"directory_use")
when {
  context has shares_with && context.shares_with == "non_members" &&
  context has association_approved && !context.association_approved
};

// Q8, Q2: newsletters and event mailings only with a direct relationship.
permit (principal, action == Action::"directory/prohibited", resource == Area::"directory_use")
when {
  ["newsletter", "educational_event"].contains(context.purpose) &&
  context has relationship &&
  !["direct", "requested_followup", "expressed_interest"].contains(context.relationship)
};

// Q5: contacting someone met is for one or some recipients, not all, and not with relationship
// "none" (an unknown relationship reads as met).
permit (principal, action == Action::"directory/prohibited", resource == Area::"directory_use")
when {
  context.purpose == "contact_someone_met" &&
  ((context has relationship && context.relationship == "none") ||
   (context has recipients && context.recipients == "all"))
};

// Membership not given (neither member nor non_member): anything short of a prohibition
// turns on it.
permit (principal, action == Action::"directory/indeterminate",
        resource == Area::"directory_use")
unless { principal == Role::"member" };

// Unknown facts that would decide, and a purpose no question addresses.
permit (principal, action == Action::"directory/indeterminate",
        resource == Area::"directory_use")
when {
  context has shares_with && context.shares_with == "non_members" &&
  !(context has association_approved)
};

permit (principal, action == Action::"directory/indeterminate",
        resource == Area::"directory_use")
when {
  ["newsletter", "educational_event"].contains(context.purpose) && !(context has relationship)
};

permit (principal, action == Action::"directory/indeterminate",
        resource == Area::"directory_use")
when { context.purpose == "company_card" && !(context has includes_solicitation) };

permit (principal, action == Action::"directory/indeterminate",
        resource == Area::"directory_use")
when { context.purpose == "other" };

// Allowed with a duty left: a newsletter's opt-out (Q2) ...
permit (principal, action == Action::"directory/conditional",
        resource == Area::"directory_use")
when { context.purpose == "newsletter" };

// ... and an unknown side fact, not to copy or not to solicit (for a company card an
// unknown solicitation is indeterminate, asked before).
permit (principal, action == Action::"directory/conditional",
        resource == Area::"directory_use")
when { !(context has copies_data) || !(context has includes_solicitation) };
"""

#: Candidate decisions asked, in precedence order, and the decision when none is allowed.
GIFT_CANDIDATES = ("not_applicable", "prohibited", "permitted")
GIFT_OTHERWISE = "indeterminate"
DIRECTORY_CANDIDATES = ("prohibited", "indeterminate", "conditional")
DIRECTORY_OTHERWISE = "permitted"

_gift_policies: Any = None
_directory_policies: Any = None
_entities: Any = None


def prepare() -> None:
    global _gift_policies, _directory_policies, _entities  # noqa: PLW0603 - built once
    _gift_policies = cedarpy.PolicySet.from_str(GIFT_POLICIES)
    _directory_policies = cedarpy.PolicySet.from_str(DIRECTORY_POLICIES)
    _entities = cedarpy.Entities.from_json_str("[]")


def _decide(
    area: str,
    prefix: str,
    candidates: tuple[str, ...],
    otherwise: str,
    policies: Any,
    context: str,
    role: str,
) -> str:
    principal = {"type": "Role", "id": role}
    resource = {"type": "Area", "id": area}
    for candidate in candidates:
        request = {
            "principal": principal,
            "action": {"type": "Action", "id": f"{prefix}/{candidate}"},
            "resource": resource,
            "context": context,
        }
        if cedarpy.is_authorized(request, policies, _entities).allowed:
            return candidate
    return otherwise


def decide_gift(facts: dict[str, Any], role: str) -> str:
    context = json.dumps({k: v for k, v in facts.items() if k != "value_usd"})
    return _decide("gift", "gift", GIFT_CANDIDATES, GIFT_OTHERWISE, _gift_policies, context, role)


def decide_directory(facts: dict[str, Any], role: str) -> str:
    context = json.dumps(facts)
    return _decide(
        "directory_use",
        "directory",
        DIRECTORY_CANDIDATES,
        DIRECTORY_OTHERWISE,
        _directory_policies,
        context,
        role,
    )
