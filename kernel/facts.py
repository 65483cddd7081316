"""The facts of the design card's four policy areas: what their evaluator hooks receive.

``gift``, ``conflict_of_interest``, ``directory_use`` and ``solicitation`` are the areas the
core defines (with their hooks in :mod:`ala_policy.hookspecs`); each class's fields are the
facts of docs/scenarios.md, "Areas, facts and readings". A fact left out is ``None``
(unknown), except where docs/scenarios.md gives a default. The built-in ``areas`` plugin
registers the four areas; areas beyond them come from plugins with their own facts classes.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from ._slots import (
    _ConflictOfInterestFactsSlots,
    _DirectoryUseFactsSlots,
    _GiftFactsSlots,
    _SolicitationFactsSlots,
)
from .errors import FieldError

__all__ = [
    "ConflictOfInterestFacts",
    "DirectoryUseFacts",
    "GiftFacts",
    "SolicitationFacts",
]


def _non_negative(
    _instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None and value < 0:
        raise FieldError([attribute.name], f"must be 0 or more, not {value:g}")


def _fact(doc: str, default: Any = None, **more: Any) -> Any:
    """A fact's field: its documentation and default, and what leaving it out means where it
    does not mean unknown (``omitted=``, ``implied=``: see :mod:`ala_policy.verify`)."""
    return attrs.field(default=default, metadata={"doc": doc, **more})


Party = Literal[
    "vendor",
    "prospective_vendor",
    "business_partner",
    "client",
    "prospective_client",
    "colleague",
    "other",
]


@attrs.frozen(kw_only=True)
class GiftFacts(_GiftFactsSlots):
    """Facts of the ``gift`` area (Code III.C, and III.B for the appearance of a conflict)."""

    kind: Literal[
        "fee",
        "commission",
        "gift",
        "gratuity",
        "discount",
        "loan",
        "meal",
        "entertainment",
        "travel",
        "other",
    ] = attrs.field(metadata={"doc": "what is given"})
    act: Literal["offered", "accepted", "solicited"] = attrs.field(
        metadata={"doc": "offered to the actor / accepted by the actor / asked for by the actor"}
    )
    beneficiary: Literal["self", "family", "friend", "employer", "charity"] = _fact(
        "on whose behalf (default self)", "self"
    )
    giver: Party | None = _fact("who gives")
    pending_business: bool | None = _fact(
        "the giver has a business decision pending that the actor can affect"
    )
    may_influence: bool | None = _fact("the item may influence business decisions")
    value_usd: float | None = attrs.field(
        default=None,
        validator=_non_negative,
        metadata={
            "doc": "value in US dollars; the Code sets no threshold, a chapter plugin may",
            "schema": {"minimum": 0},
        },
    )


@attrs.frozen(kw_only=True)
class ConflictOfInterestFacts(_ConflictOfInterestFactsSlots):
    """Facts of the ``conflict_of_interest`` area (Code III.B and III.E)."""

    interest: Literal[
        "financial", "ownership", "employment", "family", "personal", "board", "other"
    ] = attrs.field(metadata={"doc": "the interest in the counterparty"})
    role_in_decision: Literal["decides", "influences", "none"] = attrs.field(
        metadata={"doc": "the actor's part in the organization's decision about the counterparty"}
    )
    held_by: Literal["self", "family", "friend"] = _fact("whose interest (default self)", "self")
    counterparty: (
        Literal[
            "vendor",
            "prospective_vendor",
            "client",
            "prospective_client",
            "business_partner",
            "competitor",
            "other",
        ]
        | None
    ) = _fact("with whom")
    disclosed: bool | None = _fact(
        "all appropriate parties were advised of the (potential) conflict"
    )
    recused: bool | None = _fact("the actor stepped out of the decision")
    uses_confidential_information: bool = _fact(
        "confidential or proprietary information is used to further the private interest "
        "(default false)",
        False,
    )


@attrs.frozen(kw_only=True)
class DirectoryUseFacts(_DirectoryUseFactsSlots):
    """Facts of the ``directory_use`` area (Nonsolicitation preamble, Q3, Q5, Q8, terms)."""

    purpose: Literal[
        "contact_someone_met",
        "mutual_business_issue",
        "seek_advice",
        "marketing",
        "solicitation",
        "business_development",
        "newsletter",
        "educational_event",
        "company_card",
        "other",
    ] = attrs.field(metadata={"doc": "why the directory is used"})
    recipients: Literal["one", "some", "all"] = _fact(
        "how many listed members are contacted (default one)", "one"
    )
    relationship: (
        Literal["direct", "requested_followup", "expressed_interest", "met", "none"] | None
    ) = _fact(
        "the actor's relationship with the recipients (for many: the weakest)",
        # to contact someone met, the purpose says they were met
        implied={"purpose": {"contact_someone_met": "met"}},
    )
    copies_data: bool | None = _fact(
        "directory content is reproduced, copied, disseminated or entered into a computer database"
    )
    shares_with: Literal["nobody", "own_organization", "non_members"] = _fact(
        "who else receives directory information (default nobody)", "nobody"
    )
    association_approved: bool | None = _fact(
        "the association gave prior approval for that sharing"
    )
    includes_solicitation: bool | None = _fact(
        "solicitation is part of the mailing, directly or indirectly"
    )


@attrs.frozen(kw_only=True)
class SolicitationFacts(_SolicitationFactsSlots):
    """Facts of the ``solicitation`` area (Nonsolicitation preamble, Q1, Q2, Q4, Q6, Q7, Q8)."""

    activity: Literal[
        "exchange_business_cards",
        "distribute_business_cards",
        "approach_to_sell",
        "follow_up_call",
        "follow_up_letter",
        "marketing_email",
        "newsletter",
        "educational_event_invitation",
        "distribute_literature",
        "leave_promotional_materials",
        "ask_for_advice",
        "professional_support",
    ] = attrs.field(metadata={"doc": "what is done"})
    setting: Literal["ala_function", "ala_meeting", "outside"] | None = _fact(
        "where: at an ALA function or meeting, or outside them (Q1 and Q6 are about ALA "
        "functions and meetings)"
    )
    capacity: Literal["member", "educator", "sponsor"] | None = _fact(
        "in what role (default: from actor.role)", omitted="default"
    )
    individual_connection: bool | None = _fact(
        "part of a business conversation with an individual connection"
    )
    follow_up_requested: bool | None = _fact(
        "the recipient requested the follow-up or offered permission"
    )
    expressed_interest: bool | None = _fact(
        "a conversation took place and the recipient expressed interest"
    )
    relationship: (
        Literal["direct", "requested_followup", "expressed_interest", "met", "none"] | None
    ) = _fact(
        "the actor's relationship with the recipients, as in directory_use (for many: the "
        "weakest); newsletters and educational event invitations need a direct one (Q8)"
    )
    opt_out: Literal["clear_and_followed", "missing", "not_followed"] | None = _fact(
        "for newsletters: whether opting out is clear and followed"
    )
    agreement_permits: bool | None = _fact(
        "the educator or sponsor agreement permits distributing literature"
    )
    markets_or_sells: bool | None = _fact(
        "the contact is used to market or sell a product or service"
    )
