"""The floor: the two rules as plain Python functions, no engine at all.

Ways tried, µs per decision for gift / directory_use and, in brackets, that over
ala-policy's ``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- ``if``s on ``facts.get(...)`` (kept, as before): 0.38 / 0.26 µs (0.015x / 0.012x)
- gift only: a table of every combination of the five facts the rule reads (1,296 keys,
  built once from the ``if``s), one tuple key and one dict lookup: 0.72 µs (0.028x)
"""

from __future__ import annotations

from typing import Any

CONTACTS = frozenset(
    {"vendor", "prospective_vendor", "business_partner", "client", "prospective_client"}
)
SOLICITING = frozenset({"marketing", "solicitation", "business_development"})
MAILINGS = frozenset({"newsletter", "educational_event"})
DIRECT = frozenset({"direct", "requested_followup", "expressed_interest"})


def prepare() -> None:
    """Nothing to build."""


def decide_gift(facts: dict[str, Any], role: str) -> str:
    if facts.get("beneficiary", "self") in ("employer", "charity"):
        return "not_applicable"
    solicited = facts["act"] == "solicited"
    giver = facts.get("giver")
    if solicited and giver in CONTACTS:
        return "prohibited"
    pending = facts.get("pending_business")
    influence = facts.get("may_influence")
    if pending or influence:
        return "prohibited"
    if pending is None or influence is None or (solicited and giver is None):
        return "indeterminate"
    return "permitted"


def decide_directory(facts: dict[str, Any], role: str) -> str:
    if role == "non_member":
        return "prohibited"
    decision = _directory_as_member(facts)
    if role != "member" and decision != "prohibited":
        return "indeterminate"  # the directory is for members; membership is not given
    return decision


def _directory_as_member(facts: dict[str, Any]) -> str:
    purpose = facts["purpose"]
    if purpose in SOLICITING or facts.get("includes_solicitation") or facts.get("copies_data"):
        return "prohibited"
    sharing = facts.get("shares_with") == "non_members"
    approved = facts.get("association_approved")
    if sharing and approved is False:
        return "prohibited"
    if purpose in MAILINGS:
        relationship = facts.get("relationship")
        if relationship is None:
            decision = "indeterminate"
        elif relationship not in DIRECT:
            return "prohibited"
        else:
            decision = "conditional" if purpose == "newsletter" else "permitted"
    elif purpose == "company_card":
        decision = "indeterminate" if facts.get("includes_solicitation") is None else "permitted"
    elif purpose == "contact_someone_met":
        if facts.get("relationship") == "none" or facts.get("recipients") == "all":
            return "prohibited"
        decision = "permitted"
    elif purpose == "other":
        decision = "indeterminate"
    else:  # mutual_business_issue, seek_advice
        decision = "permitted"
    if sharing and approved is None:
        return "indeterminate"
    if decision == "indeterminate":
        return decision
    # side facts: an unknown one leaves a duty (conditional); company cards decide on it
    if facts.get("copies_data") is None:
        return "conditional"
    if purpose != "company_card" and facts.get("includes_solicitation") is None:
        return "conditional"
    return decision
