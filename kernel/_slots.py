"""The slots of the kernel's hot frozen classes, each declared by a plain base class.

A class declared here is the only base of its model (``class Finding(_FindingSlots)``) and
declares exactly the model's fields' slots in field order, and ``__weakref__``; the model
adds no slot of its own. That lets the model's builder store each field with a plain
attribute store on an instance of the base and then give it the model's class, instead of a
call through each slot's descriptor: ``ala_policy._builders`` says why and measures it. A
test holds each base to its model's fields, and :func:`ala_policy._builders.slots_base` checks
them again before any builder relies on them.
"""

# ruff: noqa: RUF023 - each base lists its model's fields in field order, not sorted

from __future__ import annotations


class _ScenarioSlots:
    """The slots of ``Scenario``."""

    __slots__ = (
        "id",
        "actor",
        "areas",
        "title",
        "date",
        "expect",
        "source",
        "__weakref__",
    )


class _FindingSlots:
    """The slots of ``Finding``."""

    __slots__ = (
        "area",
        "decision",
        "reason",
        "citations",
        "conditions",
        "missing_facts",
        "consequence",
        "plugin",
        "rule",
        "facts_used",
        "error",
        "__weakref__",
    )


class _OutcomeSlots:
    """The slots of ``Outcome``."""

    __slots__ = (
        "id",
        "decision",
        "findings",
        "title",
        "date",
        "source",
        "error",
        "expect",
        "disabled_plugins",
        "date_given",
        "__weakref__",
    )


class _GiftFactsSlots:
    """The slots of ``GiftFacts``."""

    __slots__ = (
        "kind",
        "act",
        "beneficiary",
        "giver",
        "pending_business",
        "may_influence",
        "value_usd",
        "__weakref__",
    )


class _ConflictOfInterestFactsSlots:
    """The slots of ``ConflictOfInterestFacts``."""

    __slots__ = (
        "interest",
        "role_in_decision",
        "held_by",
        "counterparty",
        "disclosed",
        "recused",
        "uses_confidential_information",
        "__weakref__",
    )


class _DirectoryUseFactsSlots:
    """The slots of ``DirectoryUseFacts``."""

    __slots__ = (
        "purpose",
        "recipients",
        "relationship",
        "copies_data",
        "shares_with",
        "association_approved",
        "includes_solicitation",
        "__weakref__",
    )


class _SolicitationFactsSlots:
    """The slots of ``SolicitationFacts``."""

    __slots__ = (
        "activity",
        "setting",
        "capacity",
        "individual_connection",
        "follow_up_requested",
        "expressed_interest",
        "relationship",
        "opt_out",
        "agreement_permits",
        "markets_or_sells",
        "__weakref__",
    )


class _RulingSlots:
    """The slots of ``Ruling``."""

    __slots__ = (
        "decision",
        "reason",
        "cites",
        "conditions",
        "missing_facts",
        "rule",
        "facts_used",
        "consequence",
        "duties",
        "__weakref__",
    )
