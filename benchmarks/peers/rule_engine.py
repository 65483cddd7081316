"""rule-engine: each rule a list of ``Rule`` expressions, first match wins.

The thing a rule is matched against is the area's facts with ``role`` beside them; the
context's ``default_value=None`` makes an unknown (absent) fact ``null``. The rules are
parsed once; each decision tries them in precedence order, and a decision that no expression
matches is the rule's default.
"""

from __future__ import annotations

from typing import Any

import rule_engine

CONTACTS = '["vendor", "prospective_vendor", "business_partner", "client", "prospective_client"]'
MAILINGS = '["newsletter", "educational_event"]'
DIRECT = '["direct", "requested_followup", "expressed_interest"]'

GIFT_RULES = (
    ('beneficiary in ["employer", "charity"]', "not_applicable"),
    (f'act == "solicited" and giver in {CONTACTS}', "prohibited"),
    ("pending_business == true", "prohibited"),
    ("may_influence == true", "prohibited"),
    ("pending_business == null", "indeterminate"),
    ("may_influence == null", "indeterminate"),
    ('act == "solicited" and giver == null', "indeterminate"),
)
GIFT_DEFAULT = "permitted"

DIRECTORY_RULES = (
    ('role == "non_member"', "prohibited"),
    ('purpose in ["marketing", "solicitation", "business_development"]', "prohibited"),
    ("includes_solicitation == true", "prohibited"),  # whatever the purpose
    ("copies_data == true", "prohibited"),
    ('shares_with == "non_members" and association_approved == false', "prohibited"),
    (
        f"purpose in {MAILINGS} and relationship != null and relationship not in {DIRECT}",
        "prohibited",
    ),
    (
        'purpose == "contact_someone_met" and (relationship == "none" or recipients == "all")',
        "prohibited",
    ),
    # membership not given: anything short of a prohibition turns on it
    ('role != "member"', "indeterminate"),
    ('shares_with == "non_members" and association_approved == null', "indeterminate"),
    (f"purpose in {MAILINGS} and relationship == null", "indeterminate"),
    ('purpose == "company_card" and includes_solicitation == null', "indeterminate"),
    ('purpose == "other"', "indeterminate"),
    # allowed with a duty left: a newsletter's opt-out, or an unknown side fact (a company
    # card's unknown solicitation is indeterminate above)
    ('purpose == "newsletter"', "conditional"),
    ("copies_data == null or includes_solicitation == null", "conditional"),
)
DIRECTORY_DEFAULT = "permitted"

_gift: list[tuple[Any, str]] = []
_directory: list[tuple[Any, str]] = []


def prepare() -> None:
    context = rule_engine.Context(default_value=None)
    _gift[:] = [(rule_engine.Rule(text, context=context), d) for text, d in GIFT_RULES]
    _directory[:] = [(rule_engine.Rule(text, context=context), d) for text, d in DIRECTORY_RULES]


def _first(rules: list[tuple[Any, str]], thing: dict[str, Any], default: str) -> str:
    for rule, decision in rules:
        if rule.matches(thing):
            return decision
    return default


def decide_gift(facts: dict[str, Any], role: str) -> str:
    return _first(_gift, {**facts, "role": role}, GIFT_DEFAULT)


def decide_directory(facts: dict[str, Any], role: str) -> str:
    return _first(_directory, {**facts, "role": role}, DIRECTORY_DEFAULT)
