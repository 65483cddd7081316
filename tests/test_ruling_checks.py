"""Rulings are checked when they come back: a shape that cannot be right is the plugin's
named fault (``indeterminate``, never ``permitted``), whether it is returned alone, in a
list, or yielded; and partial results come out the same whichever way they were made."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ala_policy import Decision, Engine, Ruling, hookimpl
from ala_policy.testing import make_engine, scenario

CITE = ["code/III.C"]

#: A ruling that cannot be right, and the words of its fault.
BAD: list[tuple[dict[str, Any], str]] = [
    (
        {"decision": "permitted", "reason": "fine"},
        "returned a permitted ruling that cites no clause",
    ),
    (
        {"decision": "prohibited", "reason": "no"},
        "returned a prohibited ruling that cites no clause",
    ),
    (
        {"decision": "conditional", "reason": "if", "cites": CITE},
        "returned a conditional ruling without conditions or duties",
    ),
    (
        {"decision": "permitted", "reason": "ok", "cites": CITE, "missing_facts": ["gift.giver"]},
        "returned a permitted ruling with missing facts (only an indeterminate has)",
    ),
    (
        {
            "decision": "indeterminate",
            "reason": "?",
            "cites": CITE,
            "missing_facts": ["gift.colour"],
        },
        "returned a ruling whose missing_facts names what is no fact of the area: 'gift.colour'",
    ),
    (
        {
            "decision": "prohibited",
            "reason": "no",
            "cites": CITE,
            "facts_used": ["gift.value_usd", "solicitation.activity"],
        },
        (
            "returned a ruling whose facts_used names what is no fact of the area: "
            "'solicitation.activity'"
        ),
    ),
]

#: Rulings that are right, however unusual.
GOOD: list[dict[str, Any]] = [
    {"decision": "indeterminate", "reason": "?", "missing_facts": ["gift.giver"]},
    {"decision": "not_applicable", "reason": "not ours"},
    {"decision": "conditional", "reason": "if", "cites": CITE, "duties": ["code/advise-parties"]},
    {
        "decision": "permitted",
        "reason": "ok",
        "cites": CITE,
        "facts_used": ["gift.kind", "actor.role", "actor.member", "date"],
    },
    {
        "decision": "indeterminate",
        "reason": "?",
        "cites": CITE,
        "missing_facts": ["actor.member"],
    },
]

GIFT = {"kind": "meal", "act": "accepted"}


def _engine(result: Any) -> Engine:
    class Returns:
        @hookimpl
        def ala_policy_evaluate_gift(self) -> Any:
            return result() if callable(result) else result

    return make_engine(("shape", Returns()), builtins=["areas", "ala_policies"])


def _finding(engine: Engine) -> Any:
    outcome = engine.evaluate(scenario(gift=GIFT))
    (finding,) = [f for f in outcome.findings if f.plugin == "shape"]
    return outcome, finding


@pytest.mark.parametrize(("fields", "words"), BAD)
@pytest.mark.parametrize("how", ["alone", "in a list", "yielded"])
def test_a_ruling_that_cannot_be_right_is_a_named_fault(
    fields: dict[str, Any], words: str, how: str
) -> None:
    ruling = Ruling(**fields)

    def gen() -> Iterator[Ruling]:
        yield ruling

    result: Any = {"alone": ruling, "in a list": [ruling], "yielded": gen}[how]
    outcome, finding = _finding(_engine(result))
    assert finding.decision is Decision.INDETERMINATE
    assert finding.error == words
    assert finding.reason == (f"Plugin 'shape' failed, so this finding cannot be decided: {words}")
    assert finding.citations == ()
    assert outcome.decision is Decision.INDETERMINATE


@pytest.mark.parametrize("fields", GOOD)
def test_a_ruling_that_is_right_is_taken_as_it_is(fields: dict[str, Any]) -> None:
    _outcome, finding = _finding(_engine(Ruling(**fields)))
    assert finding.error is None, finding.error
    assert finding.decision is Decision(fields["decision"])


def test_partial_results_come_out_the_same_either_way() -> None:
    """``[ok, 42]`` and ``yield ok; raise``: the ruling before the failure is kept, and the
    failure is one named fault, in the same order."""
    ok = Ruling(decision="permitted", reason="fine", cites=CITE, rule="ok")

    def raising() -> Iterator[Ruling]:
        yield ok
        raise ValueError("midway")

    for result, fault in (([ok, 42], "returned int"), (raising, "raised ValueError: midway")):
        outcome = _engine(result).evaluate(scenario(gift=GIFT))
        mine = [f for f in outcome.findings if f.plugin == "shape"]
        assert [f.rule for f in mine] == ["ok", None]
        assert mine[0].decision is Decision.PERMITTED
        assert mine[1].decision is Decision.INDETERMINATE
        assert fault in (mine[1].error or "")
        assert outcome.decision is Decision.INDETERMINATE


def test_a_bad_ruling_among_good_ones_faults_alone() -> None:
    good = Ruling(decision="permitted", reason="fine", cites=CITE, rule="good")
    bad = Ruling(decision="permitted", reason="uncited", rule="bad")
    outcome = _engine([good, bad]).evaluate(scenario(gift=GIFT))
    mine = [f for f in outcome.findings if f.plugin == "shape"]
    assert [(f.rule, f.decision.value) for f in mine] == [
        ("good", "permitted"),
        (None, "indeterminate"),
    ]
