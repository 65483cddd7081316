"""Built-in plugin: the ``confidential_information`` area (Code III.E, and the Member Directory
terms for the directory).

Code III.E: "Utilize confidential and proprietary information solely for legal practice or
management purposes and not to further private interest or personal profit". The module
brings its facts class, its evaluator hook spec (``ala_policy_evaluate_confidential_information``,
added through ``ala_policy_addhooks``), the area and the evaluator; the clauses it cites come
from the built-in ``ala_policies`` plugin.

Readings, in order:

* ``information: member_directory`` with ``shared_with: outside`` is ``prohibited`` whatever
  the use: the Member Directory terms let no information from it "pass into the hands of any
  other person outside their employer organization", and III.E allows no use beyond legal
  practice or management. It cites III.E and the terms (so the Nonsolicitation Policy's
  consequence follows, for an actor who is or may be a member); where the use is also improper,
  the reason says so.
* ``use`` private_interest, personal_profit or other is ``prohibited`` (III.E: "solely for
  legal practice or management purposes"). It cites III.E alone: the breach is of the Code,
  and the terms' sharing limit is not what prohibits it.
* ``use`` legal_practice or management is ``permitted`` when the information stays with the
  actor (``nobody``) or within the actor's own organization; shared ``outside`` it is
  ``conditional`` on the sharing itself serving that practice or management. A permitted
  use of the member directory also cites the terms, whose sharing limit it was checked
  against and meets.

Every fact is required or has the default of docs/scenarios.md (``shared_with``: nobody), so no
finding of this area is left undecided for want of a fact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from ala_policy import Area, Decision, Ruling, hookimpl, hookspec, make_ruling
from ala_policy.plugins._common import CONFIDENTIAL, TERMS

if TYPE_CHECKING:
    import pluggy

    from ala_policy import PolicyView, Scenario

__all__ = ["RULES", "ConfidentialInformationFacts", "ConfidentialInformationHooks"]

AREA = "confidential_information"

Information = Literal[
    "client", "firm", "personnel", "vendor_proprietary", "member_directory", "other"
]
Use = Literal["legal_practice", "management", "private_interest", "personal_profit", "other"]
SharedWith = Literal["nobody", "own_organization", "outside"]

#: The uses III.E allows ("solely for legal practice or management purposes").
PROPER_USES = frozenset({"legal_practice", "management"})

#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "confidential_information.directory-shared-outside": (CONFIDENTIAL, TERMS),
    "confidential_information.improper-use": (CONFIDENTIAL,),
    "confidential_information.shared-outside": (CONFIDENTIAL,),
    "confidential_information.proper-use": (CONFIDENTIAL, TERMS),
}

_USED = tuple(f"{AREA}.{name}" for name in ("information", "use", "shared_with"))

_INFORMATION = {
    "client": "client confidential information",
    "firm": "the firm's confidential or proprietary information",
    "personnel": "confidential personnel information",
    "vendor_proprietary": "a vendor's proprietary information",
    "member_directory": "information from the ALA Member Directory",
    "other": "confidential or proprietary information",
}
_USE = {
    "legal_practice": "for legal practice",
    "management": "for management",
    "private_interest": "to further a private interest",
    "personal_profit": "for personal profit",
    "other": "for a purpose other than legal practice or management",
}
_PURPOSE = {"legal_practice": "legal practice", "management": "management"}
_SHARED = {
    "nobody": "without passing it to anyone else",
    "own_organization": "within your own organization",
    "outside": "and sharing it outside your organization",
}


@attrs.frozen(kw_only=True)
class ConfidentialInformationFacts:
    """Facts of the ``confidential_information`` area (Code III.E)."""

    information: Information = attrs.field(
        metadata={
            "doc": "whose confidential or proprietary information: client, firm, personnel, "
            "vendor_proprietary, member_directory (the ALA Member Directory) or other"
        }
    )
    use: Use = attrs.field(
        metadata={
            "doc": "what it is used for: legal_practice, management, private_interest, "
            "personal_profit or other"
        }
    )
    shared_with: SharedWith = attrs.field(
        default="nobody",
        metadata={
            "doc": "who else receives it: nobody, own_organization (the actor's employer "
            "organization) or outside (anyone outside it) (default nobody)"
        },
    )


class ConfidentialInformationHooks:
    """The evaluator hook of the ``confidential_information`` area."""

    @hookspec
    def ala_policy_evaluate_confidential_information(
        self, scenario: Scenario, facts: ConfidentialInformationFacts, policy: PolicyView
    ) -> Ruling | Iterable[Ruling] | None:
        """Decide the ``confidential_information`` section of a scenario (Code III.E).

        :param scenario: the validated scenario.
        :param facts: its ``confidential_information`` section.
        :param policy: the policy corpus as of the scenario's date.
        :returns: a ruling, several, or ``None``.
        """


@hookimpl
def ala_policy_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Declare the evaluator hook of the ``confidential_information`` area."""
    pluginmanager.add_hookspecs(ConfidentialInformationHooks)


@hookimpl
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register the ``confidential_information`` area."""
    register(
        Area(
            name=AREA,
            facts=ConfidentialInformationFacts,
            hook="ala_policy_evaluate_confidential_information",
            title="Confidential and proprietary information",
            description="Using confidential and proprietary information solely for legal "
            "practice or management purposes and not to further private interest or personal "
            "profit (Code III.E); for the Member Directory, also its terms' limit on passing "
            "information outside the member's employer organization.",
        )
    )


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


#: The duty sharing outside the organization leaves, by use (Code III.E; its wording:
#: policies/code.yaml).
_SHARE_ONLY_FOR = {
    "legal_practice": "code/share-for-legal-practice",
    "management": "code/share-for-management",
}


@hookimpl
def ala_policy_evaluate_confidential_information(
    scenario: Scenario, facts: ConfidentialInformationFacts, policy: PolicyView
) -> Ruling:
    """Decide a use of confidential or proprietary information."""
    information, use, shared_with = facts.information, facts.use, facts.shared_with
    what = f"Using {_INFORMATION[information]} {_USE[use]}"
    directory = information == "member_directory"
    if directory and shared_with == "outside":
        also = (
            ""
            if use in PROPER_USES
            else " The use is improper as well: Code III.E allows confidential and proprietary "
            "information to be used solely for legal practice or management purposes, not to "
            "further private interest or personal profit."
        )
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{what} and passing it to people outside your employer organization is "
            "prohibited: the Member Directory terms say members may not permit any information "
            "from the directory to pass into the hands of any other person outside their "
            "employer organization, association or company (Directory terms, Code III.E)." + also,
            cites=(CONFIDENTIAL, TERMS),
            rule="confidential_information.directory-shared-outside",
            facts_used=_USED,
        )
    if use not in PROPER_USES:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{what} is prohibited: confidential and proprietary information may be "
            "used solely for legal practice or management purposes and not to further private "
            "interest or personal profit (Code III.E).",
            cites=(CONFIDENTIAL,),
            rule="confidential_information.improper-use",
            facts_used=_USED,
        )
    purpose = _PURPOSE[use]
    if shared_with == "outside":
        return make_ruling(
            decision=Decision.CONDITIONAL,
            reason=f"{what} is a use Code III.E allows, and sharing it outside your "
            f"organization is allowed only as far as the sharing itself serves {purpose} "
            "purposes (Code III.E).",
            cites=(CONFIDENTIAL,),
            duties=(_SHARE_ONLY_FOR[use],),
            rule="confidential_information.shared-outside",
            facts_used=_USED,
        )
    terms = (
        " It stays within your employer organization, as the Member Directory terms require "
        "(Directory terms)."
        if directory
        else ""
    )
    return make_ruling(
        decision=Decision.PERMITTED,
        reason=f"{what} {_SHARED[shared_with]} is what Code III.E allows: confidential and "
        f"proprietary information used solely for legal practice or management purposes.{terms}",
        cites=(CONFIDENTIAL, TERMS) if directory else (CONFIDENTIAL,),
        rule="confidential_information.proper-use",
        facts_used=_USED,
    )
