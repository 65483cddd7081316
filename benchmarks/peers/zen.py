"""GoRules ZEN (zen-engine): each rule a JSON Decision Model, decided by one ZenEngine.

Each rule is stated as first-hit rows in precedence order, as a decision table would have
them: each cell a unary test on one field of the request (``"employer", "charity"``,
``true``, ``$ == null``; absent: any value), and the last row, with no cells, the rule's
default. An unknown fact is absent from the request, which the expression language reads as
``null``. The model's one node is an expression node that sets ``decision`` to the rows
folded into nested ternaries (``first_hit``); ``jdm(..., node="table")`` builds the same rows
as a first-hit decision table instead.

How it is called: one ``ZenEngine`` whose loader is the static one (``{"type": "static",
"content": {key: model}}``, a memory loader inside the engine), asked
``engine.evaluate(key, request)``; the engine loads and compiles each decision once and keeps
it. Ways tried, µs per decision for gift / directory_use and, in brackets, that over
ala-policy's ``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- decision table, ``create_decision(json)`` handle, ``handle.evaluate(request)`` (before):
  345 / 328 µs (11.5x / 9.4x)
- decision table, ``create_decision(ZenDecisionContent(json))`` handle: 354 / 264 µs
  (11.8x / 7.6x)
- decision table, loader callback returning a cached ``ZenDecisionContent``,
  ``engine.evaluate(key, request)``: 17.6 / 18.4 µs (0.59x / 0.53x)
- decision table, static loader, ``engine.evaluate(key, request)``: 16.6 / 17.3 µs
  (0.55x / 0.49x)
- expression node, static loader, ``engine.evaluate(key, request)`` (kept): 14.8 / 10.7 µs
  (0.49x / 0.31x)
- the same with the request as a JSON string: 20.7 / 19.1 µs (0.69x / 0.55x)
- the same through ``engine.evaluate_batch`` over all requests: 21.8 / 21.0 µs
  (0.73x / 0.60x)
- not a decision model: ``zen.compile_expression(first_hit(rows))`` once, then
  ``expression.evaluate(request)``: 5.7 / 3.9 µs (0.19x / 0.11x). Not benchmarked: it is
  ZEN's expression language on its own, without the decision-graph engine that makes ZEN a
  rules engine.

The handles are slow because ``ZenDecision.evaluate`` does not keep the compiled decision
between calls; the engine does. A JSON string request costs the encoding on our side and the
decoding on the engine's, and ``evaluate_batch`` costs more per decision than ``evaluate``.
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


def _test(field: str, cell: str) -> str:
    """A decision-table cell, a unary test on ``field``, as a full expression."""
    if cell.startswith("$"):
        return "(" + cell.replace("$", field) + ")"
    if cell in ("true", "false"):
        return f"{field} == {cell}"
    return f"{field} in [{cell}]"  # a comma-separated list: any of these values


def first_hit(rows: tuple[tuple[dict[str, str], str], ...]) -> str:
    """The rows, first hit wins, as one expression of nested ternaries."""
    expression = ""
    for cells, decision in reversed(rows):
        condition = " and ".join(_test(field, cell) for field, cell in cells.items())
        out = json.dumps(decision)
        expression = f"({condition}) ? {out} : ({expression})" if condition else out
    return expression


def jdm(
    name: str,
    columns: tuple[str, ...],
    rows: tuple[tuple[dict[str, str], str], ...],
    *,
    node: str = "expression",
) -> dict[str, Any]:
    """A JSON Decision Model: request -> one node -> response.

    ``node="expression"`` (benchmarked): an expression node setting ``decision`` to
    ``first_hit(rows)``; ``node="table"``: a first-hit decision table of the same rows.
    """
    if node == "table":
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
        content: dict[str, Any] = {
            "hitPolicy": "first",
            "inputs": inputs,
            "outputs": [
                {"id": "out", "name": "Decision", "type": "expression", "field": "decision"}
            ],
            "rules": rules,
        }
        node_type = "decisionTableNode"
    else:
        content = {"expressions": [{"id": "e1", "key": "decision", "value": first_hit(rows)}]}
        node_type = "expressionNode"
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {
                "id": "request",
                "type": "inputNode",
                "name": "Request",
                "position": {"x": 0, "y": 100},
            },
            {
                "id": "rule",
                "type": node_type,
                "name": name,
                "position": {"x": 300, "y": 100},
                "content": content,
            },
            {
                "id": "response",
                "type": "outputNode",
                "name": "Response",
                "position": {"x": 600, "y": 100},
            },
        ],
        "edges": [
            {"id": "e1", "type": "edge", "sourceId": "request", "targetId": "rule"},
            {"id": "e2", "type": "edge", "sourceId": "rule", "targetId": "response"},
        ],
    }


_evaluate: Any = None


def prepare() -> None:
    global _evaluate  # noqa: PLW0603 - built once
    models = {
        "gift": jdm("gift", GIFT_COLUMNS, GIFT_ROWS),
        "directory_use": jdm("directory_use", DIRECTORY_COLUMNS, DIRECTORY_ROWS),
    }
    engine = zen.ZenEngine({"loader": {"type": "static", "content": models}})
    _evaluate = engine.evaluate


def decide_gift(facts: dict[str, Any], role: str) -> str:
    response = _evaluate("gift", {"actor": {"role": role}, "gift": facts})
    return str(response["result"]["decision"])


def decide_directory(facts: dict[str, Any], role: str) -> str:
    response = _evaluate("directory_use", {"actor": {"role": role}, "directory_use": facts})
    return str(response["result"]["decision"])
