"""ala-policy-nutmeg: the ALA Nutmeg Chapter's gift value limit, as an ala-policy plugin.

An example third-party plugin. It uses only the public API of ``ala_policy`` and adds:

* the policy document ``nutmeg`` (``nutmeg.yaml``, package data): the chapter's Gift and
  Hospitality Rule in two dated editions, each with the clause ``nutmeg/gift-limit``;
* an evaluator of the built-in ``gift`` area that prohibits accepting (or being offered)
  anything of value above the limit of the edition in force on the scenario's date;
* the values worth trying for ``gift.value_usd`` (the limit in force, and a cent over it),
  so that ``ala-policy explain`` says "permitted if gift.value_usd were at most 75" and
  ``ala-policy verify`` checks both sides of the limit;
* the output format ``nutmeg-digest``: one line per scenario, for the board's monthly email.

The rule only ever makes an outcome stricter: at or under the limit, and outside its scope,
it returns ``None`` and the built-in gift evaluator decides alone.

The rule is a fictional example, not a rule the chapter has adopted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from ala_policy import (
    Decision,
    FormatOptions,
    Outcome,
    OutputFormat,
    PolicyView,
    Ruling,
    Scenario,
    Summary,
    hookimpl,
)

if TYPE_CHECKING:
    from ala_policy import Edition

__all__ = [
    "DIGEST_FORMAT",
    "DOCUMENT",
    "GIFT_LIMIT",
    "LIMIT_PARAMETER",
    "POLICY_FILE",
    "DigestWriter",
    "ala_policy_cited_clauses",
    "ala_policy_evaluate_gift",
    "ala_policy_fact_candidates",
    "ala_policy_register_formats",
    "ala_policy_register_policies",
]

#: The chapter's policy document id, its data file (package data) and its limit clause.
DOCUMENT = "nutmeg"
POLICY_FILE = "nutmeg.yaml"
GIFT_LIMIT = "nutmeg/gift-limit"
#: The Code clause the limit gives effect to, cited beside it.
CODE_GIFTS = "code/III.C"

#: The parameter of each edition of ``nutmeg.yaml`` that holds its limit, in US dollars.
#: The rule reads the limit from the edition in force, never from the clause's prose; an
#: edition that sets none makes the finding indeterminate rather than guessed.
LIMIT_PARAMETER = "gift-limit-usd"

#: The acts the chapter rule is about: accepting, and being offered (what one may accept).
_ACTS = frozenset({"accepted", "offered"})
#: Beneficiaries the rule reaches: "on behalf of oneself, family or friends".
_BENEFICIARIES = frozenset({"self", "family", "friend"})

_NOUN = {
    "fee": "A fee",
    "commission": "A commission",
    "gift": "A gift",
    "gratuity": "A gratuity",
    "discount": "A discount",
    "loan": "A loan",
    "meal": "A meal",
    "entertainment": "Entertainment",
    "travel": "Travel",
    "other": "An item",
}


class GiftFacts(Protocol):
    """The facts of the built-in ``gift`` area this plugin reads."""

    @property
    def kind(self) -> str: ...

    @property
    def act(self) -> str: ...

    @property
    def beneficiary(self) -> str: ...

    @property
    def value_usd(self) -> float | None: ...


# -- policy and citations ----------------------------------------------------------------


@hookimpl
def ala_policy_register_policies(register: Callable[[Any], None]) -> None:
    """Register the chapter's Gift and Hospitality Rule (``nutmeg.yaml``)."""
    register(files(__name__) / POLICY_FILE)


@hookimpl
def ala_policy_cited_clauses() -> Iterable[str]:
    """The clauses the gift-limit rule cites; the engine checks they exist."""
    return [GIFT_LIMIT, CODE_GIFTS]


# -- the rule ------------------------------------------------------------------------------


@hookimpl
def ala_policy_evaluate_gift(
    scenario: Scenario, facts: GiftFacts, policy: PolicyView
) -> Ruling | None:
    """Prohibit anything of value above the chapter's limit; otherwise add nothing."""
    if facts.beneficiary not in _BENEFICIARIES or facts.act not in _ACTS:
        return None  # out of the rule's scope: the built-in evaluator decides
    edition: Edition | None = policy.edition(DOCUMENT)
    if edition is None:
        # No edition is in force yet. Citing the clause lets the kernel answer with an
        # indeterminate finding that says the policy is not in force on this date.
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason="The Nutmeg Chapter gift value limit has no edition in force on "
            f"{policy.on.isoformat()}.",
            cites=(GIFT_LIMIT,),
            rule="nutmeg.gift-limit",
            facts_used=("gift.value_usd",),
        )
    limit = edition.parameters.get(LIMIT_PARAMETER)
    if not isinstance(limit, (int, float)) or isinstance(limit, bool):
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason=f"The Nutmeg Chapter rule in force ({edition.name}) sets no dollar limit "
            f"({LIMIT_PARAMETER}) this version of ala-policy-nutmeg can read. The engine does "
            "not guess.",
            cites=(GIFT_LIMIT,),
            rule="nutmeg.gift-limit.unknown-edition",
            facts_used=(),
        )
    value = facts.value_usd
    if value is None:
        return Ruling(
            decision=Decision.INDETERMINATE,
            reason=f"Whether this is within the Nutmeg Chapter limit of {_usd(limit)} "
            f"({edition.name}) turns on a fact not given: gift.value_usd. The engine does "
            "not guess.",
            cites=(GIFT_LIMIT, CODE_GIFTS),
            missing_facts=("gift.value_usd",),
            rule="nutmeg.gift-limit",
            facts_used=("gift.value_usd",),
        )
    if value > limit:
        return Ruling(
            decision=Decision.PROHIBITED,
            reason=f"{_NOUN.get(facts.kind, 'An item')} valued at {_usd(value)} exceeds the "
            f"limit of {_usd(limit)} that the Nutmeg Chapter rule ({edition.name}) sets on "
            "accepting anything of value, whether or not it may influence business decisions.",
            cites=(GIFT_LIMIT, CODE_GIFTS),
            rule="nutmeg.gift-limit",
            facts_used=("gift.value_usd", "gift.act", "gift.beneficiary"),
        )
    return None  # at or under the limit: the chapter rule adds nothing


@hookimpl
def ala_policy_fact_candidates(area: str, fact: str, policy: PolicyView) -> Iterable[float] | None:
    """The values of ``gift.value_usd`` the rule turns on, as of the policy's date: the limit
    of the edition in force (permitted) and a cent over it (prohibited)."""
    if (area, fact) != ("gift", "value_usd"):
        return None
    edition = policy.edition(DOCUMENT)
    limit = edition.parameters.get(LIMIT_PARAMETER) if edition is not None else None
    if not isinstance(limit, (int, float)) or isinstance(limit, bool):
        return None  # no edition in force, or no limit this version can read
    return (limit, round(limit + 0.01, 2))


def _usd(amount: float) -> str:
    if amount == int(amount):
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


# -- the digest format ---------------------------------------------------------------------

DIGEST_FORMAT = "nutmeg-digest"


class DigestWriter:
    """One line per scenario, ``DECISION  id  (clause ids)``, and a closing count line.

    The clause ids are those the deciding findings (the most severe ones) rest on; an
    unreadable scenario shows why it could not be read instead.
    """

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream

    def write(self, outcome: Outcome) -> None:
        """Write the scenario's line."""
        decision = outcome.decision.value.upper()
        label = outcome.id or "-"
        if outcome.error is not None:
            detail = outcome.error.describe()
        else:
            detail = ", ".join(_deciding_clauses(outcome)) or "no citations"
        self.stream.write(f"{decision}  {label}  ({detail})\n")

    def close(self, summary: Summary) -> None:
        """Write the count line."""
        self.stream.write(summary.describe() + "\n")


def _deciding_clauses(outcome: Outcome) -> list[str]:
    """The clause ids cited by the findings that decide the outcome (the most severe)."""
    ids: dict[str, None] = {}
    for finding in outcome.findings:
        if finding.decision is outcome.decision:
            ids.update(dict.fromkeys(c.id for c in finding.citations))
    return list(ids)


@hookimpl
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register ``nutmeg-digest``."""
    register(
        OutputFormat(
            name=DIGEST_FORMAT,
            factory=DigestWriter,
            description="Nutmeg Chapter board digest: one line per scenario and a count",
            extension=".txt",
        )
    )
