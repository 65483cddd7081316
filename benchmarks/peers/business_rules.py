# mypy: disable-error-code="untyped-decorator"
"""business-rules (venmo): variables and actions classes, rules as JSON, ``run_all``.

The variables class exposes the facts of one scenario; the actions class has one action,
``decide``, which records the decision. The rules are in precedence order and ``run_all``
stops at the first that fires (``stop_on_first_trigger=True``); when none fires the decision
stays the rule's default. business-rules has no null and its boolean type rejects anything
but ``True``/``False``, so each optional fact is a string variable whose value is the fact
(``"true"``/``"false"`` for booleans) or ``"unknown"`` when it is left out (``"nobody"`` and
``"one"`` for ``shares_with`` and ``recipients``, whose defaults the contract gives). Its
string operators have no "not equal", so a condition on "anything but" lists the other values:
the relationships outside the direct ones, the roles other than ``member`` and ``non_member``.

The package (1.1.1, 2016) imports and runs on Python 3.10 to 3.13 as it is: it uses
``inspect.getmembers``, not the removed ``inspect.getargspec``, so no shim is needed.

Ways tried, µs per decision for gift / directory_use and, in brackets, that over
ala-policy's ``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- string variables read from the facts when asked, ``equal_to`` in ``any`` lists,
  ``run_all`` (kept, as before): 30.4 / 42.6 µs (1.11x / 1.13x)
- ``select_multiple`` variables and one ``is_contained_by`` per "one of" list:
  34.7 / 43.5 µs (1.26x / 1.15x)
- every variable computed once when the variables object is built: 32.8 / 44.3 µs
  (1.19x / 1.17x)

The three are within this machine's noise of each other. business-rules has no batch API, no
compiled form and no caching of variable values (``run`` calls the variable's method and
wraps its value in the operator type for every condition), so this is its one way.
"""

from __future__ import annotations

from typing import Any

from business_rules import run_all
from business_rules.actions import BaseActions, rule_action
from business_rules.fields import FIELD_TEXT
from business_rules.variables import BaseVariables, string_rule_variable

UNKNOWN = "unknown"


def _is(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "operator": "equal_to", "value": value}


def _any_of(name: str, *values: str) -> dict[str, Any]:
    return {"any": [_is(name, v) for v in values]}


def _rule(decision: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {
        "conditions": {"all": list(conditions)},
        "actions": [{"name": "decide", "params": {"decision": decision}}],
    }


CONTACTS = ("vendor", "prospective_vendor", "business_partner", "client", "prospective_client")
MAILINGS = ("newsletter", "educational_event")
DIRECT = ("direct", "requested_followup", "expressed_interest")
#: The relationships outside DIRECT, and the roles whose membership is not given.
INDIRECT = ("met", "none")
MEMBERSHIP_UNKNOWN = ("business_partner", "educator", "sponsor", "staff")

GIFT_RULES = [
    _rule("not_applicable", _any_of("beneficiary", "employer", "charity")),
    _rule("prohibited", _is("act", "solicited"), _any_of("giver", *CONTACTS)),
    _rule("prohibited", _is("pending_business", "true")),
    _rule("prohibited", _is("may_influence", "true")),
    _rule("indeterminate", _is("pending_business", UNKNOWN)),
    _rule("indeterminate", _is("may_influence", UNKNOWN)),
    _rule("indeterminate", _is("act", "solicited"), _is("giver", UNKNOWN)),
]
GIFT_DEFAULT = "permitted"

DIRECTORY_RULES = [
    _rule("prohibited", _is("role", "non_member")),
    _rule("prohibited", _any_of("purpose", "marketing", "solicitation", "business_development")),
    _rule("prohibited", _is("includes_solicitation", "true")),  # whatever the purpose
    _rule("prohibited", _is("copies_data", "true")),
    _rule("prohibited", _is("shares_with", "non_members"), _is("association_approved", "false")),
    _rule("prohibited", _any_of("purpose", *MAILINGS), _any_of("relationship", *INDIRECT)),
    _rule(
        "prohibited",
        _is("purpose", "contact_someone_met"),
        {"any": [_is("relationship", "none"), _is("recipients", "all")]},
    ),
    # membership not given: anything short of a prohibition turns on it
    _rule("indeterminate", _any_of("role", *MEMBERSHIP_UNKNOWN)),
    _rule("indeterminate", _is("shares_with", "non_members"), _is("association_approved", UNKNOWN)),
    _rule("indeterminate", _any_of("purpose", *MAILINGS), _is("relationship", UNKNOWN)),
    _rule("indeterminate", _is("purpose", "company_card"), _is("includes_solicitation", UNKNOWN)),
    _rule("indeterminate", _is("purpose", "other")),
    # allowed with a duty left: a newsletter's opt-out, or an unknown side fact (a company
    # card's unknown solicitation is indeterminate above)
    _rule("conditional", _is("purpose", "newsletter")),
    _rule("conditional", _is("copies_data", UNKNOWN)),
    _rule("conditional", _is("includes_solicitation", UNKNOWN)),
]
DIRECTORY_DEFAULT = "permitted"


def _text(value: Any) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class GiftVariables(BaseVariables):  # type: ignore[misc]
    def __init__(self, facts: dict[str, Any], role: str) -> None:
        self.facts = facts
        self.role_ = role

    @string_rule_variable
    def act(self) -> str:
        return str(self.facts["act"])

    @string_rule_variable
    def beneficiary(self) -> str:
        return str(self.facts.get("beneficiary", "self"))

    @string_rule_variable
    def giver(self) -> str:
        return _text(self.facts.get("giver"))

    @string_rule_variable
    def pending_business(self) -> str:
        return _text(self.facts.get("pending_business"))

    @string_rule_variable
    def may_influence(self) -> str:
        return _text(self.facts.get("may_influence"))


class DirectoryVariables(BaseVariables):  # type: ignore[misc]
    def __init__(self, facts: dict[str, Any], role: str) -> None:
        self.facts = facts
        self.role_ = role

    @string_rule_variable
    def role(self) -> str:
        return self.role_

    @string_rule_variable
    def purpose(self) -> str:
        return str(self.facts["purpose"])

    @string_rule_variable
    def recipients(self) -> str:
        return str(self.facts.get("recipients", "one"))

    @string_rule_variable
    def relationship(self) -> str:
        return _text(self.facts.get("relationship"))

    @string_rule_variable
    def copies_data(self) -> str:
        return _text(self.facts.get("copies_data"))

    @string_rule_variable
    def shares_with(self) -> str:
        return str(self.facts.get("shares_with", "nobody"))

    @string_rule_variable
    def association_approved(self) -> str:
        return _text(self.facts.get("association_approved"))

    @string_rule_variable
    def includes_solicitation(self) -> str:
        return _text(self.facts.get("includes_solicitation"))


class Decision(BaseActions):  # type: ignore[misc]
    def __init__(self, default: str) -> None:
        self.decision = default

    @rule_action(params={"decision": FIELD_TEXT})
    def decide(self, decision: str) -> None:
        self.decision = decision


def prepare() -> None:
    """The rules are plain data, built at import."""


def decide_gift(facts: dict[str, Any], role: str) -> str:
    outcome = Decision(GIFT_DEFAULT)
    run_all(GIFT_RULES, GiftVariables(facts, role), outcome, stop_on_first_trigger=True)
    return outcome.decision


def decide_directory(facts: dict[str, Any], role: str) -> str:
    outcome = Decision(DIRECTORY_DEFAULT)
    run_all(DIRECTORY_RULES, DirectoryVariables(facts, role), outcome, stop_on_first_trigger=True)
    return outcome.decision
