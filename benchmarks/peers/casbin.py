"""Casbin: an ABAC model whose policy lines are the rules, ``eval()`` in the matcher.

Casbin answers allow or deny. Here the request is ``(facts, role)``, each policy line is
``p, <condition on r.sub and r.role>, <decision>``, the matcher is ``eval(p.rule)`` and the
effect is ``some(where (p.eft == allow))``, under which the enforcer stops at the first
matching line. The policy lines are in precedence order, and ``enforce_ex`` (enforce with
explanation) returns the line that matched: its ``decision`` column is the decision. A
request no line matches gets the rule's default: one enforce call per decision.

Casbin's matcher language reads attributes of the request (``r.sub.giver``) and fails on an
absent one, so the facts are completed with ``None`` for unknown facts before enforcing.

Ways tried, µs per decision for gift / directory_use and, in brackets, that over
ala-policy's ``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- matcher ``eval(p.rule)``, one ``enforce_ex`` (kept, as before): 351 / 357 µs
  (13.4x / 12.2x)
- the whole rule in the matcher (``(p.decision == 'prohibited' && (...)) || ...``), the
  policy lines only decisions, one ``enforce_ex``: 347 / 463 µs (13.2x / 15.8x)
- one enforcer per decision, ``enforce`` per candidate in precedence order: 328 / 330 µs
  (12.5x / 11.3x)
- the same with ``batch_enforce`` over all undecided requests per candidate: 341 / 379 µs
  (13.0x / 12.9x)
- not kept, as it patches casbin's internals: ``eval(p.rule)`` with the enforcer's private
  ``_get_expression`` memoised: 98 / 105 µs (3.7x / 3.6x)

The first, third and fourth are within this machine's noise of each other (the third measured
15% above the first in another run); the one-call form is kept. pycasbin parses the matcher,
with each ``eval()`` rule substituted in, into a Python AST on every ``enforce`` (simpleeval),
which is most of its time; it has no public way to keep the parsed expressions (its
``FastEnforcer`` filters RBAC policy lines by key, which an ABAC ``eval`` model has none of),
and ``batch_enforce`` is a loop over ``enforce``.
"""

from __future__ import annotations

from typing import Any

import casbin

MODEL = """
[request_definition]
r = sub, role

[policy_definition]
p = rule, decision

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = eval(p.rule)
"""

_CONTACTS = "('vendor', 'prospective_vendor', 'business_partner', 'client', 'prospective_client')"

#: (condition, decision), first match wins; ``r.sub`` is the gift section.
GIFT_POLICY = (
    ("r.sub.beneficiary in ('employer', 'charity')", "not_applicable"),
    (f"r.sub.act == 'solicited' && r.sub.giver in {_CONTACTS}", "prohibited"),
    ("r.sub.pending_business == True", "prohibited"),
    ("r.sub.may_influence == True", "prohibited"),
    ("r.sub.pending_business == None", "indeterminate"),
    ("r.sub.may_influence == None", "indeterminate"),
    ("r.sub.act == 'solicited' && r.sub.giver == None", "indeterminate"),
)
GIFT_DEFAULT = "permitted"
GIFT_FACTS = ("beneficiary", "giver", "pending_business", "may_influence")

_MAILINGS = "('newsletter', 'educational_event')"
_DIRECT = "('direct', 'requested_followup', 'expressed_interest')"
_SHARING = "r.sub.shares_with == 'non_members'"

#: (condition, decision), first match wins; ``r.sub`` is the directory_use section.
DIRECTORY_POLICY = (
    ("r.role == 'non_member'", "prohibited"),
    ("r.sub.purpose in ('marketing', 'solicitation', 'business_development')", "prohibited"),
    ("r.sub.includes_solicitation == True", "prohibited"),  # whatever the purpose
    ("r.sub.copies_data == True", "prohibited"),
    (f"{_SHARING} && r.sub.association_approved == False", "prohibited"),
    (
        (
            f"r.sub.purpose in {_MAILINGS} && r.sub.relationship != None "
            f"&& r.sub.relationship not in {_DIRECT}"
        ),
        "prohibited",
    ),
    (
        (
            "r.sub.purpose == 'contact_someone_met' "
            "&& (r.sub.relationship == 'none' || r.sub.recipients == 'all')"
        ),
        "prohibited",
    ),
    # membership not given: anything short of a prohibition turns on it
    ("r.role != 'member'", "indeterminate"),
    (f"{_SHARING} && r.sub.association_approved == None", "indeterminate"),
    (f"r.sub.purpose in {_MAILINGS} && r.sub.relationship == None", "indeterminate"),
    (
        "r.sub.purpose == 'company_card' && r.sub.includes_solicitation == None",
        "indeterminate",
    ),
    ("r.sub.purpose == 'other'", "indeterminate"),
    # allowed with a duty left: a newsletter's opt-out, or an unknown side fact (a company
    # card's unknown solicitation is indeterminate above)
    ("r.sub.purpose == 'newsletter'", "conditional"),
    ("r.sub.copies_data == None || r.sub.includes_solicitation == None", "conditional"),
)
DIRECTORY_DEFAULT = "permitted"
DIRECTORY_FACTS = (
    "recipients",
    "relationship",
    "copies_data",
    "shares_with",
    "association_approved",
    "includes_solicitation",
)

_gift: Any = None
_directory: Any = None


def _enforcer(policy: tuple[tuple[str, str], ...]) -> Any:
    enforcer = casbin.Enforcer(casbin.Enforcer.new_model(text=MODEL))
    enforcer.add_policies([list(line) for line in policy])
    return enforcer


def prepare() -> None:
    global _gift, _directory  # noqa: PLW0603 - built once
    _gift = _enforcer(GIFT_POLICY)
    _directory = _enforcer(DIRECTORY_POLICY)


def _decide(
    enforcer: Any, fields: tuple[str, ...], facts: dict[str, Any], role: str, default: str
) -> str:
    subject = dict.fromkeys(fields)
    subject.update(facts)
    allowed, explanation = enforcer.enforce_ex(subject, role)
    return explanation[1] if allowed else default


def decide_gift(facts: dict[str, Any], role: str) -> str:
    return _decide(_gift, GIFT_FACTS, facts, role, GIFT_DEFAULT)


def decide_directory(facts: dict[str, Any], role: str) -> str:
    return _decide(_directory, DIRECTORY_FACTS, facts, role, DIRECTORY_DEFAULT)
