"""OPA Rego (regopy, rego-cpp): one package per rule, the decision a function of the facts.

Each rule is a Rego function with an ``else`` chain in precedence order, ending in the rule's
default: ``decide(facts)`` for the gift rule, ``decide(facts, role)`` for directory use. An
unknown fact is a key absent from the facts (``object.get(..., null) == null``). Each package
has two entry points: ``decision``, the decision for one scenario in ``input``, and
``decisions``, the decisions for a list of scenarios in ``input``, in order. Each package is
compiled once into a bundle (``Interpreter.build``); each query sets the input
(``set_input``, which converts a Python value directly) and runs an entry point of the bundle
(``query_bundle_entrypoint``).

How it is called: the benchmark times one ``decisions`` query over all of a round's scenarios
(``decide_gift_batch``); ``decide_gift``/``decide_directory`` query ``decision`` for one.
Ways tried, µs per decision for gift / directory_use and, in brackets, that over
ala-policy's ``Engine.evaluate`` in the same run (see "Ways tried" in benchmarks/README.md):

- ``decision`` a rule (``default`` and an ``else`` chain over ``input``), bundle entry
  point, ``set_input(dict)`` (before): 155 / 191 µs (7.4x / 7.0x)
- the same with ``set_input_term(json.dumps(...))``: 378 / 429 µs (17.9x / 15.8x)
- the same through a bundle built from a query (``query_bundle``): 230 / 256 µs
  (10.9x / 9.4x)
- no bundle, ``Interpreter.query("data.ala.gift.decision")`` each time: 4,479 / 4,926 µs
  (212x / 181x; on 100 scenarios)
- ``decide`` a function, the ``decision`` entry point, one query per scenario: 181 / 179 µs
  (8.6x / 6.6x)
- the ``decisions`` entry point, one query for all scenarios (kept): 133 / 123 µs
  (6.3x / 4.5x); the cost per scenario is flat from lists of 100 up

regopy has no prepared-query object (OPA's Go ``PrepareForEval``): a query string is parsed and
compiled on every ``query``; the bundle is rego-cpp's compiled form, and its entry points the
prepared queries. Most of a query's cost is per query, not per rule, hence the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from regopy import Interpreter

GIFT = """
package ala.gift

import rego.v1

business_contacts := {"vendor", "prospective_vendor", "business_partner", "client",
	"prospective_client"}

missing(facts, field) if object.get(facts, field, null) == null

# Code III.C reaches gifts on behalf of oneself, family or friends only.
decide(facts) := "not_applicable" if {
	object.get(facts, "beneficiary", "self") in {"employer", "charity"}
} else := "prohibited" if {
	# soliciting from a business contact, whatever the value
	facts.act == "solicited"
	facts.giver in business_contacts
} else := "prohibited" if {
	facts.pending_business == true
} else := "prohibited" if {
	facts.may_influence == true
} else := "indeterminate" if {
	missing(facts, "pending_business")
} else := "indeterminate" if {
	missing(facts, "may_influence")
} else := "indeterminate" if {
	facts.act == "solicited"
	missing(facts, "giver")
} else := "permitted"

decision := decide(input.gift)

decisions := [decide(scenario.gift) | some scenario in input]
"""

DIRECTORY = """
package ala.directory_use

import rego.v1

soliciting := {"marketing", "solicitation", "business_development"}

mailings := {"newsletter", "educational_event"}

direct := {"direct", "requested_followup", "expressed_interest"}

missing(facts, field) if object.get(facts, field, null) == null

sharing(facts) if facts.shares_with == "non_members"

decide(facts, role) := "prohibited" if {
	# the directory is for members only
	role == "non_member"
} else := "prohibited" if {
	facts.purpose in soliciting
} else := "prohibited" if {
	# any mailing that includes solicitation, whatever its purpose
	facts.includes_solicitation == true
} else := "prohibited" if {
	facts.copies_data == true
} else := "prohibited" if {
	sharing(facts)
	facts.association_approved == false
} else := "prohibited" if {
	facts.purpose in mailings
	not facts.relationship in direct
	not missing(facts, "relationship")
} else := "prohibited" if {
	facts.purpose == "contact_someone_met"
	facts.relationship == "none"
} else := "prohibited" if {
	facts.purpose == "contact_someone_met"
	facts.recipients == "all"
} else := "indeterminate" if {
	# membership not given: anything short of a prohibition turns on it
	role != "member"
} else := "indeterminate" if {
	sharing(facts)
	missing(facts, "association_approved")
} else := "indeterminate" if {
	facts.purpose in mailings
	missing(facts, "relationship")
} else := "indeterminate" if {
	facts.purpose == "company_card"
	missing(facts, "includes_solicitation")
} else := "indeterminate" if {
	facts.purpose == "other"
} else := "conditional" if {
	# allowed with a duty left: a newsletter's opt-out ...
	facts.purpose == "newsletter"
} else := "conditional" if {
	# ... or an unknown side fact (a company card's unknown solicitation is decided above)
	missing(facts, "copies_data")
} else := "conditional" if {
	missing(facts, "includes_solicitation")
} else := "permitted"

decision := decide(input.directory_use, input.actor.role)

decisions := [decide(scenario.directory_use, scenario.actor.role) | some scenario in input]
"""

_rego: Any = None
_bundles: dict[str, Any] = {}


def _build(name: str, module: str, package: str) -> Any:
    build = Interpreter()
    build.add_module(f"{name}.rego", module)
    bundle = build.build(None, [f"{package}/decision", f"{package}/decisions"])
    if not bundle.ok():
        raise RuntimeError(f"rego bundle did not build: {bundle.node()}")
    return bundle


def prepare() -> None:
    global _rego  # noqa: PLW0603 - built once
    # one bundle per package: rego-cpp 1.5.2 aborts (std::out_of_range) running a bundle of
    # both, where `decide` is a function of one argument in one and of two in the other
    _bundles["gift"] = _build("gift", GIFT, "ala/gift")
    _bundles["directory_use"] = _build("directory_use", DIRECTORY, "ala/directory_use")
    _rego = Interpreter()


def _query(area: str, entrypoint: str, data: Any) -> Any:
    _rego.set_input(data)
    output = _rego.query_bundle_entrypoint(_bundles[area], entrypoint)
    return output.results[0].expressions[0]


def decide_gift(facts: dict[str, Any], role: str) -> str:
    data = {"actor": {"role": role}, "gift": facts}
    return str(_query("gift", "ala/gift/decision", data))


def decide_directory(facts: dict[str, Any], role: str) -> str:
    data = {"actor": {"role": role}, "directory_use": facts}
    return str(_query("directory_use", "ala/directory_use/decision", data))


def decide_gift_batch(pairs: Sequence[tuple[dict[str, Any], str]]) -> list[str]:
    data = [{"actor": {"role": role}, "gift": facts} for facts, role in pairs]
    return list(_query("gift", "ala/gift/decisions", data))


def decide_directory_batch(pairs: Sequence[tuple[dict[str, Any], str]]) -> list[str]:
    data = [{"actor": {"role": role}, "directory_use": facts} for facts, role in pairs]
    return list(_query("directory_use", "ala/directory_use/decisions", data))
