"""Checking an outcome against its scenario's ``expect`` block (the ``test`` command)."""

from __future__ import annotations

from .models import Outcome

__all__ = ["unmet_expectations"]


def unmet_expectations(outcome: Outcome) -> list[str]:
    """What an outcome's ``expect`` block asks for and did not get ([] when all holds).

    The decision must be the expected one, and every expected clause id must be among the
    outcome's citations.
    """
    expect = outcome.expect
    if expect is None:
        return []
    problems = []
    if outcome.decision.value != expect.decision:
        problems.append(f"expected decision {expect.decision}, got {outcome.decision.value}")
    cited = {citation.id for citation in outcome.citations}
    problems.extend(
        f"expected a citation of {clause}, which is not cited"
        for clause in expect.cites
        if clause not in cited
    )
    return problems
