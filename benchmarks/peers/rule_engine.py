"""rule-engine: each rule a list of expressions in precedence order, first match wins.

The thing a rule is evaluated against is the area's facts with ``role`` beside them. The
(expression, decision) pairs are folded, once, into one ``Rule`` of nested ternaries,
``(e1) ? "d1" : ((e2) ? "d2" : ... "default")``, which ``Rule.evaluate`` turns into the
decision in one pass. The context's resolver is ``dict.get`` (``Context(resolver=dict.get)``),
so an unknown (absent) fact reads as ``null``.

Ways tried, µs per decision for gift / directory_use and, in brackets, that over ala-policy's
``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- a list of ``Rule``s, ``Rule.matches`` in order, ``Context(default_value=None)``
  (before): 138 / 130 µs (6.0x / 5.0x)
- ``rule_engine.Chain`` (5.1) of the same, ``Chain.evaluate``, ``default_value=None``:
  139 / 134 µs (6.0x / 5.1x)
- one ternary ``Rule``, ``Rule.evaluate``, ``default_value=None``: 137 / 116 µs
  (5.9x / 4.4x)
- the list of ``Rule``s with ``resolver=dict.get``: 45.7 / 60.9 µs (2.0x / 2.3x)
- the ``Chain`` with ``resolver=dict.get``: 45.5 / 50.7 µs (2.0x / 1.9x)
- one ternary ``Rule`` with ``resolver=dict.get`` (kept): 40.3 / 44.4 µs (1.7x / 1.7x)

``Rule.filter`` (one rule over many things) is the only batch form, and it calls
``Rule.matches`` per thing: no saving.

What cost most before was the unknown facts: the default resolver raises
``SymbolResolutionError`` for an absent key, with a spelling suggestion computed for the
message, before ``default_value`` applies; a resolver that returns ``None`` skips all that.
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

_gift: Any = None
_directory: Any = None


def ternary(rules: tuple[tuple[str, str], ...], default: str) -> str:
    """One expression: the decision of the first expression that holds, else ``default``."""
    expression = f'"{default}"'
    for text, decision in reversed(rules):
        expression = f'({text}) ? "{decision}" : ({expression})'
    return expression


def prepare() -> None:
    global _gift, _directory  # noqa: PLW0603 - built once
    context = rule_engine.Context(resolver=dict.get)
    _gift = rule_engine.Rule(ternary(GIFT_RULES, GIFT_DEFAULT), context=context)
    _directory = rule_engine.Rule(ternary(DIRECTORY_RULES, DIRECTORY_DEFAULT), context=context)


def decide_gift(facts: dict[str, Any], role: str) -> str:
    return str(_gift.evaluate({**facts, "role": role}))


def decide_directory(facts: dict[str, Any], role: str) -> str:
    return str(_directory.evaluate({**facts, "role": role}))
