"""The ``reporting`` area (Code II.C, II.B), registered alone, against every reading."""

from __future__ import annotations

import itertools
import typing
from pathlib import Path
from typing import Any

import pytest
from _readings import check_reading, single_finding
from click.testing import CliRunner

from ala_policy import Decision, Engine
from ala_policy.cli import main
from ala_policy.plugins import reporting
from ala_policy.testing import make_engine

TRUTHFUL = "code/II.B"
FINANCIAL_REPORTING = "code/II.C"
BOTH = (FINANCIAL_REPORTING, TRUTHFUL)
ONLY_II_C = (FINANCIAL_REPORTING,)
ONLY_II_B = (TRUTHFUL,)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"

KINDS = typing.get_args(reporting.Kind)
COMMUNICATIONS = ("professional_communication", "organizational_communication")
FINANCIAL = ("truthful", "complete", "prompt", "accurate")
FORTHRIGHT = ("truthful", "complete")
SOUND: dict[str, Any] = dict.fromkeys(FINANCIAL, True)


def _p(
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...] = (),
    *,
    id: str,  # noqa: A002 - pytest.param's name
) -> Any:
    return pytest.param(facts, decision, "reporting." + rule, cites, missing, id=id)


def _report(**facts: Any) -> dict[str, Any]:
    return {"kind": "financial_report", **facts}


READINGS = [
    # A financial report: any of the four false is prohibited (II.C; II.B for truthful and
    # complete), whatever else is known.
    *(
        _p(
            _report(**{**SOUND, name: False}),
            "prohibited",
            "financial-report-faulty",
            BOTH if name in FORTHRIGHT else ONLY_II_C,
            id=f"financial-not-{name}",
        )
        for name in FINANCIAL
    ),
    *(
        _p(
            _report(**{name: False}),
            "prohibited",
            "financial-report-faulty",
            BOTH if name in FORTHRIGHT else ONLY_II_C,
            id=f"financial-not-{name}-rest-unknown",
        )
        for name in FINANCIAL
    ),
    _p(
        _report(truthful=True, complete=True, prompt=False, accurate=False),
        "prohibited",
        "financial-report-faulty",
        ONLY_II_C,
        id="financial-late-and-inaccurate",
    ),
    _p(
        _report(truthful=False, complete=False, prompt=False, accurate=False),
        "prohibited",
        "financial-report-faulty",
        BOTH,
        id="financial-all-false",
    ),
    _p(
        _report(truthful=True, prompt=False, accurate=None),
        "prohibited",
        "financial-report-faulty",
        ONLY_II_C,
        id="financial-late-some-unknown",
    ),
    # All four true: permitted, citing both clauses checked.
    _p(_report(**SOUND), "permitted", "financial-report", BOTH, id="financial-sound"),
    # None false, some unknown: indeterminate on exactly the unknown ones.
    *(
        _p(
            _report(**{k: v for k, v in SOUND.items() if k != name}),
            "indeterminate",
            "financial-report-unknown",
            BOTH,
            (f"reporting.{name}",),
            id=f"financial-{name}-unknown",
        )
        for name in FINANCIAL
    ),
    _p(
        _report(truthful=True, complete=True),
        "indeterminate",
        "financial-report-unknown",
        BOTH,
        ("reporting.prompt", "reporting.accurate"),
        id="financial-prompt-and-accurate-unknown",
    ),
    _p(
        _report(),
        "indeterminate",
        "financial-report-unknown",
        BOTH,
        tuple(f"reporting.{name}" for name in FINANCIAL),
        id="financial-nothing-known",
    ),
    # Professional and organizational communication: truthful and forthright (II.B).
    *(
        _p(
            {"kind": kind, **facts},
            "prohibited",
            "communication-not-forthright",
            ONLY_II_B,
            id=f"{kind}-{label}",
        )
        for kind in COMMUNICATIONS
        for label, facts in (
            ("untruthful", {"truthful": False, "complete": True}),
            ("incomplete", {"truthful": True, "complete": False}),
            ("untruthful-and-incomplete", {"truthful": False, "complete": False}),
            ("untruthful-complete-unknown", {"truthful": False}),
            ("incomplete-truthful-unknown", {"complete": False}),
        )
    ),
    *(
        _p(
            {"kind": kind, "truthful": True, "complete": True},
            "permitted",
            "communication",
            ONLY_II_B,
            id=f"{kind}-forthright",
        )
        for kind in COMMUNICATIONS
    ),
    *(
        _p(
            {"kind": kind, **facts},
            "indeterminate",
            "communication-unknown",
            ONLY_II_B,
            missing,
            id=f"{kind}-{label}",
        )
        for kind in COMMUNICATIONS
        for label, facts, missing in (
            ("truthful-unknown", {"complete": True}, ("reporting.truthful",)),
            ("complete-unknown", {"truthful": True}, ("reporting.complete",)),
            ("nothing-known", {}, ("reporting.truthful", "reporting.complete")),
        )
    ),
    # prompt and accurate do not apply to a communication.
    _p(
        {
            "kind": "professional_communication",
            "truthful": True,
            "complete": True,
            "prompt": False,
            "accurate": False,
        },
        "permitted",
        "communication",
        ONLY_II_B,
        id="communication-late-and-inaccurate-is-not-ii-c",
    ),
    _p(
        {"kind": "organizational_communication", "truthful": True},
        "indeterminate",
        "communication-unknown",
        ONLY_II_B,
        ("reporting.complete",),
        id="communication-prompt-and-accurate-never-missing",
    ),
]


@pytest.fixture(scope="module")
def rp_engine() -> Engine:
    """The reporting plugin with the policy documents it cites: nothing else."""
    return make_engine(reporting, builtins=["ala_policies"])


@pytest.mark.parametrize(("facts", "decision", "rule", "cites", "missing"), READINGS)
def test_reading(
    rp_engine: Engine,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    outcome, finding = single_finding(rp_engine, "reporting", "member", facts)
    check_reading(outcome, finding, decision, rule, cites, missing)


def test_the_engine_has_exactly_the_area_its_hook_and_documented_facts(
    rp_engine: Engine,
) -> None:
    assert set(rp_engine.areas) == {"reporting"}
    area = rp_engine.areas["reporting"]
    assert area.facts is reporting.ReportingFacts
    assert area.hook == "ala_policy_evaluate_reporting"
    assert area.title
    assert area.description
    assert set(area.fact_names()) == {"kind", *FINANCIAL}
    assert all(area.fact_doc(name) for name in area.fact_names())


def test_no_fact_has_a_default() -> None:
    facts = reporting.ReportingFacts(kind="financial_report")
    assert all(getattr(facts, name) is None for name in FINANCIAL)


def test_a_faulty_report_names_every_shortfall(rp_engine: Engine) -> None:
    _, finding = single_finding(
        rp_engine, "reporting", "member", _report(truthful=True, prompt=False, accurate=False)
    )
    assert "not given when due" in finding.reason
    assert "figures that are wrong" in finding.reason
    assert "(Code II.C)" in finding.reason
    assert "(Code II.B)" not in finding.reason


def test_a_communication_says_nothing_of_prompt_or_accurate(rp_engine: Engine) -> None:
    for kind in COMMUNICATIONS:
        for truthful, complete in itertools.product((True, False, None), repeat=2):
            facts: dict[str, Any] = {"kind": kind, "prompt": False, "accurate": False}
            if truthful is not None:
                facts["truthful"] = truthful
            if complete is not None:
                facts["complete"] = complete
            _, finding = single_finding(rp_engine, "reporting", "member", facts)
            for word in ("prompt", "when due", "accurate", "figures", "II.C"):
                assert word not in finding.reason, (facts, finding.reason)
            assert "reporting.prompt" not in finding.facts_used
            assert "reporting.accurate" not in finding.facts_used


def _expected(kind: str, values: dict[str, bool | None]) -> tuple[Decision, tuple[str, ...]]:
    """The contract's reading, as an oracle: the decision and the missing facts."""
    held_to = FINANCIAL if kind == "financial_report" else FORTHRIGHT
    if any(values[name] is False for name in held_to):
        return Decision.PROHIBITED, ()
    missing = tuple(f"reporting.{name}" for name in held_to if values[name] is None)
    return (Decision.INDETERMINATE, missing) if missing else (Decision.PERMITTED, ())


def test_every_ruling_cites_within_its_rule_and_every_rule_is_reached(
    rp_engine: Engine,
) -> None:
    reached: set[str] = set()
    for kind, *values in itertools.product(KINDS, *[(True, False, None)] * len(FINANCIAL)):
        given = dict(zip(FINANCIAL, values, strict=True))
        facts = {"kind": kind, **{k: v for k, v in given.items() if v is not None}}
        _, finding = single_finding(rp_engine, "reporting", "member", facts)
        rule = finding.rule
        assert rule is not None
        assert rule in reporting.RULES, rule
        cites = [c.id for c in finding.citations]
        assert cites
        assert set(cites) <= set(reporting.RULES[rule]), (facts, rule, cites)
        assert (finding.decision, finding.missing_facts) == _expected(kind, given), facts
        assert finding.facts_used
        assert all(path.startswith("reporting.") for path in finding.facts_used)
        reached.add(rule)
    assert reached == set(reporting.RULES)


def test_declared_clauses_exist(rp_engine: Engine) -> None:
    declared = {c for cites in reporting.ala_policy_cited_clauses().values() for c in cites}
    assert declared == {FINANCIAL_REPORTING, TRUTHFUL}
    assert all(clause in rp_engine.corpus for clause in declared)


def test_conduct_before_the_code_took_effect_is_undecided(rp_engine: Engine) -> None:
    outcome, finding = single_finding(
        rp_engine, "reporting", "member", _report(prompt=False), date="2009-06-01"
    )
    assert outcome.decision is Decision.INDETERMINATE
    assert finding.decision is Decision.INDETERMINATE
    assert finding.missing_facts == ()
    assert "1991" in finding.reason


def test_cli_evaluates_an_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALA_POLICY_DISABLE_PLUGINS", raising=False)
    path = EXAMPLES / "reporting-quarterly-report-late.yaml"
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "PROHIBITED" in result.output
    assert "code/II.C" in result.output
