"""GoRules ZEN (zen-engine): each rule a JSON Decision Model with one decision table.

The table's hit policy is ``first``: rows are the rules in precedence order, each input
column a field of the request (``gift.act``, ``actor.role``), each cell a unary test on it
(``"employer", "charity"``, ``true``, ``$ == null``; empty: any value), and the last row, all
cells empty, gives the rule's default. An unknown fact is absent from the request, which the
expression language reads as ``null``. The decisions are created once
(``ZenEngine().create_decision``) and evaluated per request.
"""

from __future__ import annotations

import json
from typing import Any

import zen

NULL = "$ == null"
CONTACTS = '"vendor", "prospective_vendor", "business_partner", "client", "prospective_client"'
MAILINGS = '"newsletter", "educational_event"'
DIRECT = '"direct", "requested_followup", "expressed_interest"'

#: Input columns (field), then rows: cells by column, and the decision.
GIFT_COLUMNS = (
    "gift.beneficiary",
    "gift.act",
    "gift.giver",
    "gift.pending_business",
    "gift.may_influence",
)
GIFT_ROWS: tuple[tuple[dict[str, str], str], ...] = (
    ({"gift.beneficiary": '"employer", "charity"'}, "not_applicable"),
    ({"gift.act": '"solicited"', "gift.giver": CONTACTS}, "prohibited"),
    ({"gift.pending_business": "true"}, "prohibited"),
    ({"gift.may_influence": "true"}, "prohibited"),
    ({"gift.pending_business": NULL}, "indeterminate"),
    ({"gift.may_influence": NULL}, "indeterminate"),
    ({"gift.act": '"solicited"', "gift.giver": NULL}, "indeterminate"),
    ({}, "permitted"),
)

DIRECTORY_COLUMNS = (
    "actor.role",
    "directory_use.purpose",
    "directory_use.recipients",
    "directory_use.relationship",
    "directory_use.copies_data",
    "directory_use.shares_with",
    "directory_use.association_approved",
    "directory_use.includes_solicitation",
)
DIRECTORY_ROWS: tuple[tuple[dict[str, str], str], ...] = (
    ({"actor.role": '"non_member"'}, "prohibited"),
    (
        {"directory_use.purpose": '"marketing", "solicitation", "business_development"'},
        "prohibited",
    ),
    ({"directory_use.includes_solicitation": "true"}, "prohibited"),  # whatever the purpose
    ({"directory_use.copies_data": "true"}, "prohibited"),
    (
        {
            "directory_use.shares_with": '"non_members"',
            "directory_use.association_approved": "false",
        },
        "prohibited",
    ),
    (
        {
            "directory_use.purpose": MAILINGS,
            "directory_use.relationship": f"$ != null and not ($ in [{DIRECT}])",
        },
        "prohibited",
    ),
    (
        {"directory_use.purpose": '"contact_someone_met"', "directory_use.relationship": '"none"'},
        "prohibited",
    ),
    (
        {"directory_use.purpose": '"contact_someone_met"', "directory_use.recipients": '"all"'},
        "prohibited",
    ),
    # membership not given: anything short of a prohibition turns on it
    ({"actor.role": '$ != "member"'}, "indeterminate"),
    (
        {
            "directory_use.shares_with": '"non_members"',
            "directory_use.association_approved": NULL,
        },
        "indeterminate",
    ),
    ({"directory_use.purpose": MAILINGS, "directory_use.relationship": NULL}, "indeterminate"),
    (
        {"directory_use.purpose": '"company_card"', "directory_use.includes_solicitation": NULL},
        "indeterminate",
    ),
    ({"directory_use.purpose": '"other"'}, "indeterminate"),
    # allowed with a duty left: a newsletter's opt-out, or an unknown side fact (a company
    # card's unknown solicitation is indeterminate above)
    ({"directory_use.purpose": '"newsletter"'}, "conditional"),
    ({"directory_use.copies_data": NULL}, "conditional"),
    ({"directory_use.includes_solicitation": NULL}, "conditional"),
    ({}, "permitted"),
)


def jdm(name: str, columns: tuple[str, ...], rows: tuple[tuple[dict[str, str], str], ...]) -> str:
    """A JSON Decision Model: request -> one first-hit decision table -> response."""
    inputs = [
        {"id": f"in{i}", "name": field, "type": "expression", "field": field}
        for i, field in enumerate(columns)
    ]
    rules = []
    for r, (cells, decision) in enumerate(rows):
        rule = {"_id": f"rule{r}"}
        for i, field in enumerate(columns):
            rule[f"in{i}"] = cells.get(field, "")
        rule["out"] = json.dumps(decision)
        rules.append(rule)
    table = {
        "id": "table",
        "type": "decisionTableNode",
        "name": name,
        "position": {"x": 300, "y": 100},
        "content": {
            "hitPolicy": "first",
            "inputs": inputs,
            "outputs": [
                {"id": "out", "name": "Decision", "type": "expression", "field": "decision"}
            ],
            "rules": rules,
        },
    }
    model = {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {
                "id": "request",
                "type": "inputNode",
                "name": "Request",
                "position": {"x": 0, "y": 100},
            },
            table,
            {
                "id": "response",
                "type": "outputNode",
                "name": "Response",
                "position": {"x": 600, "y": 100},
            },
        ],
        "edges": [
            {"id": "e1", "type": "edge", "sourceId": "request", "targetId": "table"},
            {"id": "e2", "type": "edge", "sourceId": "table", "targetId": "response"},
        ],
    }
    return json.dumps(model)


_gift: Any = None
_directory: Any = None


def prepare() -> None:
    global _gift, _directory  # noqa: PLW0603 - built once
    engine = zen.ZenEngine()
    _gift = engine.create_decision(jdm("gift", GIFT_COLUMNS, GIFT_ROWS))
    _directory = engine.create_decision(jdm("directory_use", DIRECTORY_COLUMNS, DIRECTORY_ROWS))


def decide_gift(facts: dict[str, Any], role: str) -> str:
    response = _gift.evaluate({"actor": {"role": role}, "gift": facts})
    return str(response["result"]["decision"])


def decide_directory(facts: dict[str, Any], role: str) -> str:
    response = _directory.evaluate({"actor": {"role": role}, "directory_use": facts})
    return str(response["result"]["decision"])
