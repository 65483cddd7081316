"""Decisions: what an evaluator, or the combination of evaluators, decides."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Literal

__all__ = ["FINDING_DECISIONS", "Decision", "DecisionName"]


class Decision(str, enum.Enum):
    """What an evaluator (or the combination of evaluators) decides.

    Ordered by :attr:`severity`; a scenario's decision is its most severe finding's.
    ``error`` is only ever an outcome's decision: the scenario could not be read.
    """

    NOT_APPLICABLE = "not_applicable"
    PERMITTED = "permitted"
    CONDITIONAL = "conditional"
    INDETERMINATE = "indeterminate"
    PROHIBITED = "prohibited"
    ERROR = "error"

    @property
    def severity(self) -> int:
        """0 (not_applicable) to 4 (prohibited); 5 for error."""
        return _SEVERITY[self]

    def __str__(self) -> str:
        return self.value

    @classmethod
    def most_severe(cls, decisions: Iterable[Decision]) -> Decision:
        """The most severe of ``decisions`` (``not_applicable`` for none)."""
        best = cls.NOT_APPLICABLE
        for decision in decisions:
            if _SEVERITY[decision] > _SEVERITY[best]:
                best = decision
        return best


_SEVERITY = {decision: index for index, decision in enumerate(Decision)}

#: The decisions an evaluator may give, least severe first.
FINDING_DECISIONS = tuple(d for d in Decision if d is not Decision.ERROR)

DecisionName = Literal[
    "not_applicable", "permitted", "conditional", "indeterminate", "prohibited", "error"
]
