"""OPA Rego (regopy, rego-cpp): one package per rule, ``decision`` a string.

Each rule is a Rego ``else`` chain in precedence order with a ``default``; an unknown fact is
a key absent from ``input`` (``object.get(..., null) == null``). Both packages are compiled
once into a bundle (``Interpreter.build``); each decision sets the input and runs the
bundle's entry point for the area.
"""

from __future__ import annotations

from typing import Any

from regopy import Interpreter

GIFT = """
package ala.gift

import rego.v1

business_contacts := {"vendor", "prospective_vendor", "business_partner", "client",
	"prospective_client"}

facts := input.gift

missing(field) if object.get(facts, field, null) == null

default decision := "permitted"

# Code III.C reaches gifts on behalf of oneself, family or friends only.
decision := "not_applicable" if {
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
	missing("pending_business")
} else := "indeterminate" if {
	missing("may_influence")
} else := "indeterminate" if {
	facts.act == "solicited"
	missing("giver")
}
"""

DIRECTORY = """
package ala.directory_use

import rego.v1

soliciting := {"marketing", "solicitation", "business_development"}

mailings := {"newsletter", "educational_event"}

direct := {"direct", "requested_followup", "expressed_interest"}

facts := input.directory_use

missing(field) if object.get(facts, field, null) == null

sharing if facts.shares_with == "non_members"

default decision := "permitted"

decision := "prohibited" if {
	# the directory is for members only
	input.actor.role == "non_member"
} else := "prohibited" if {
	facts.purpose in soliciting
} else := "prohibited" if {
	# any mailing that includes solicitation, whatever its purpose
	facts.includes_solicitation == true
} else := "prohibited" if {
	facts.copies_data == true
} else := "prohibited" if {
	sharing
	facts.association_approved == false
} else := "prohibited" if {
	facts.purpose in mailings
	not facts.relationship in direct
	not missing("relationship")
} else := "prohibited" if {
	facts.purpose == "contact_someone_met"
	facts.relationship == "none"
} else := "prohibited" if {
	facts.purpose == "contact_someone_met"
	facts.recipients == "all"
} else := "indeterminate" if {
	# membership not given: anything short of a prohibition turns on it
	input.actor.role != "member"
} else := "indeterminate" if {
	sharing
	missing("association_approved")
} else := "indeterminate" if {
	facts.purpose in mailings
	missing("relationship")
} else := "indeterminate" if {
	facts.purpose == "company_card"
	missing("includes_solicitation")
} else := "indeterminate" if {
	facts.purpose == "other"
} else := "conditional" if {
	# allowed with a duty left: a newsletter's opt-out ...
	facts.purpose == "newsletter"
} else := "conditional" if {
	# ... or an unknown side fact (a company card's unknown solicitation is decided above)
	missing("copies_data")
} else := "conditional" if {
	missing("includes_solicitation")
}
"""

_rego: Any = None
_bundle: Any = None


def prepare() -> None:
    global _rego, _bundle  # noqa: PLW0603 - built once
    build = Interpreter()
    build.add_module("gift.rego", GIFT)
    build.add_module("directory_use.rego", DIRECTORY)
    _bundle = build.build(None, ["ala/gift/decision", "ala/directory_use/decision"])
    if not _bundle.ok():
        raise RuntimeError(f"rego bundle did not build: {_bundle.node()}")
    _rego = Interpreter()


def _decide(entrypoint: str, data: dict[str, Any]) -> str:
    _rego.set_input(data)
    output = _rego.query_bundle_entrypoint(_bundle, entrypoint)
    return str(output.results[0].expressions[0])


def decide_gift(facts: dict[str, Any], role: str) -> str:
    return _decide("ala/gift/decision", {"actor": {"role": role}, "gift": facts})


def decide_directory(facts: dict[str, Any], role: str) -> str:
    return _decide("ala/directory_use/decision", {"actor": {"role": role}, "directory_use": facts})
