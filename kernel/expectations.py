"""Checking an outcome against its scenario's ``expect`` block (the ``test`` command).

:func:`check_expectations` gives the result as data (what was expected, whether it held, and
each failure with what was expected and what came instead), for every output format of
``ala-policy test``; :func:`unmet_expectations` gives the failures in words.
"""

from __future__ import annotations

from typing import Any

import attrs

from .models import Outcome

__all__ = ["ExpectationFailure", "ExpectationResult", "check_expectations", "unmet_expectations"]


@attrs.frozen(kw_only=True)
class ExpectationFailure:
    """One part of an ``expect`` block that did not hold."""

    #: the part of the ``expect`` block: ``decision``, or ``cites`` (one expected clause)
    field: str
    #: what was expected: the decision, or the clause id that should have been cited
    expected: str
    #: what came instead: the decision, or every clause id the outcome cites
    got: str | tuple[str, ...]
    #: the failure in words, as ``ala-policy test`` prints it
    message: str

    def describe(self) -> str:
        """Expected against got, on one line: ``decision: expected permitted, got
        prohibited``; ``cites: expected code/III.D among the citations, got code/III.C``."""
        if isinstance(self.got, tuple):
            got = ", ".join(self.got) or "none"
            return f"{self.field}: expected {self.expected} among the citations, got {got}"
        return f"{self.field}: expected {self.expected}, got {self.got}"

    def to_dict(self) -> dict[str, Any]:
        """``{"field", "expected", "got", "message"}``."""
        got = list(self.got) if isinstance(self.got, tuple) else self.got
        return {
            "field": self.field,
            "expected": self.expected,
            "got": got,
            "message": self.message,
        }


@attrs.frozen(kw_only=True)
class ExpectationResult:
    """An outcome checked against its ``expect`` block."""

    #: the decision expected
    decision: str
    #: the clause ids expected among the citations
    cites: tuple[str, ...] = ()
    #: what did not hold, in the block's order (the decision first); empty when it passed
    failures: tuple[ExpectationFailure, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every part of the block held."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/scenarios.md, "Output"): ``{"decision", "cites", "passed",
        "failures"}``."""
        return {
            "decision": self.decision,
            "cites": list(self.cites),
            "passed": self.passed,
            "failures": [failure.to_dict() for failure in self.failures],
        }


def check_expectations(outcome: Outcome) -> ExpectationResult | None:
    """The outcome checked against its ``expect`` block, or ``None`` when it has none.

    The decision must be the expected one, and every expected clause id must be among the
    outcome's citations.
    """
    expect = outcome.expect
    if expect is None:
        return None
    failures = []
    got = outcome.decision.value
    if got != expect.decision:
        failures.append(
            ExpectationFailure(
                field="decision",
                expected=expect.decision,
                got=got,
                message=f"expected decision {expect.decision}, got {got}",
            )
        )
    cited = tuple(citation.id for citation in outcome.citations)
    failures.extend(
        ExpectationFailure(
            field="cites",
            expected=clause,
            got=cited,
            message=f"expected a citation of {clause}, which is not cited",
        )
        for clause in expect.cites
        if clause not in cited
    )
    return ExpectationResult(decision=expect.decision, cites=expect.cites, failures=tuple(failures))


def unmet_expectations(outcome: Outcome) -> list[str]:
    """What an outcome's ``expect`` block asks for and did not get, in words ([] when all
    holds or there is no block)."""
    result = check_expectations(outcome)
    return [failure.message for failure in result.failures] if result is not None else []
