"""The ``governance`` area (Code II.D, II.E, III.D), registered alone with ALA's policies:
every reading, the whole fact space against the declared rules, and the command line."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from _readings import check_reading, single_finding
from click.testing import CliRunner

from ala_policy import Decision, Engine, Finding, Outcome
from ala_policy.cli import main
from ala_policy.plugins import governance
from ala_policy.testing import make_engine

II_D = "code/II.D"
II_E = "code/II.E"
III_D = "code/III.D"
ALL = (II_D, II_E, III_D)

ETHICS = "governance.ethics_policies"
GRIEVANCE = "governance.grievance_process"
FITS = "governance.grievance_process_fits"
CLIENTS = "governance.client_service_policies"
FACTS = (
    "ethics_policies",
    "grievance_process",
    "grievance_process_fits",
    "client_service_policies",
)

TAILOR = (
    "Tailor the grievance and appeals process to the legal organization's size and structure "
    "(Code II.E)."
)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"


@pytest.fixture(scope="module")
def gov_engine() -> Engine:
    """The governance plugin and ALA's policies: nothing else."""
    return make_engine(governance, builtins=["ala_policies"])


def _finding(
    engine: Engine, facts: dict[str, Any], role: str = "member", **kwargs: Any
) -> tuple[Outcome, Finding]:
    return single_finding(engine, "governance", role, facts, **kwargs)


def _p(
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...] = (),
    conditions: tuple[str, ...] = (),
    *,
    role: str = "member",
    id: str,  # noqa: A002 - pytest.param's name
) -> Any:
    return pytest.param(
        role, facts, decision, "governance." + rule, cites, missing, conditions, id=id
    )


MET = {
    "ethics_policies": True,
    "grievance_process": True,
    "grievance_process_fits": True,
    "client_service_policies": True,
}

READINGS = [
    # Every duty given as met.
    _p(MET, "permitted", "duties-met", ALL, id="all-met"),
    _p({"ethics_policies": True}, "permitted", "duties-met", (II_D,), id="ethics-only"),
    _p(
        {"client_service_policies": True},
        "permitted",
        "duties-met",
        (III_D,),
        id="client-service-only",
    ),
    _p(
        {"grievance_process": True, "grievance_process_fits": True},
        "permitted",
        "duties-met",
        (II_E,),
        id="grievance-fits",
    ),
    _p(
        {"ethics_policies": True, "client_service_policies": True},
        "permitted",
        "duties-met",
        (II_D, III_D),
        id="ethics-and-client-service",
    ),
    _p(MET, "permitted", "duties-met", ALL, role="staff", id="all-met-staff"),
    # A grievance process of unknown fit leaves the duty to tailor it.
    _p(
        {"grievance_process": True},
        "conditional",
        "grievance-process-fit-unknown",
        (II_E,),
        conditions=(TAILOR,),
        id="grievance-fit-unknown",
    ),
    _p(
        {"ethics_policies": True, "grievance_process": True, "client_service_policies": True},
        "conditional",
        "grievance-process-fit-unknown",
        ALL,
        conditions=(TAILOR,),
        id="all-given-fit-unknown",
    ),
    # Any duty not met is prohibited.
    _p({"ethics_policies": False}, "prohibited", "duties-not-met", (II_D,), id="no-ethics"),
    _p({"grievance_process": False}, "prohibited", "duties-not-met", (II_E,), id="no-grievance"),
    _p(
        {"grievance_process": True, "grievance_process_fits": False},
        "prohibited",
        "duties-not-met",
        (II_E,),
        id="grievance-not-tailored",
    ),
    _p(
        {"client_service_policies": False},
        "prohibited",
        "duties-not-met",
        (III_D,),
        id="no-client-service",
    ),
    _p(
        {"ethics_policies": True, "grievance_process": False, "client_service_policies": True},
        "prohibited",
        "duties-not-met",
        ALL,
        id="one-of-three-unmet",
    ),
    _p(
        {
            "ethics_policies": False,
            "grievance_process": False,
            "grievance_process_fits": True,
            "client_service_policies": False,
        },
        "prohibited",
        "duties-not-met",
        ALL,
        id="none-met",
    ),
    _p(
        {"ethics_policies": False, "grievance_process": True},
        "prohibited",
        "duties-not-met",
        (II_D, II_E),
        id="unmet-beats-fit-unknown",
    ),
    _p(
        {"client_service_policies": False, "grievance_process_fits": True},
        "prohibited",
        "duties-not-met",
        (II_E, III_D),
        id="unmet-beats-grievance-unknown",
    ),
    # Only the fit given: false fails II.E whether or not there is a process; true leaves
    # whether there is one.
    _p(
        {"grievance_process_fits": False},
        "prohibited",
        "duties-not-met",
        (II_E,),
        id="fit-false-only",
    ),
    _p(
        {"grievance_process_fits": True},
        "indeterminate",
        "grievance-process-unknown",
        (II_E,),
        (GRIEVANCE,),
        id="fit-true-only",
    ),
    _p(
        {"ethics_policies": True, "grievance_process_fits": True},
        "indeterminate",
        "grievance-process-unknown",
        (II_D, II_E),
        (GRIEVANCE,),
        id="fit-true-ethics-met",
    ),
    # Nothing given: the three duties are the missing facts (the fit matters only later).
    _p({}, "indeterminate", "nothing-given", ALL, (ETHICS, GRIEVANCE, CLIENTS), id="empty"),
    _p(
        {},
        "indeterminate",
        "nothing-given",
        ALL,
        (ETHICS, GRIEVANCE, CLIENTS),
        role="non_member",
        id="empty-non-member",
    ),
]


@pytest.mark.parametrize(
    ("role", "facts", "decision", "rule", "cites", "missing", "conditions"), READINGS
)
def test_reading(
    gov_engine: Engine,
    role: str,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
    conditions: tuple[str, ...],
) -> None:
    outcome, finding = _finding(gov_engine, facts, role)
    check_reading(outcome, finding, decision, rule, cites, missing, conditions=conditions)
    assert finding.consequence is None


def test_the_engine_has_exactly_the_area_its_hook_and_documented_facts(
    gov_engine: Engine,
) -> None:
    assert set(gov_engine.areas) == {"governance"}
    area = gov_engine.areas["governance"]
    assert area.facts is governance.GovernanceFacts
    assert area.hook == "ala_policy_evaluate_governance"
    assert area.title
    assert area.description
    assert area.fact_names() == FACTS
    assert all(area.fact_doc(name) for name in area.fact_names())
    assert governance.GovernanceFacts() == governance.GovernanceFacts(
        ethics_policies=None,
        grievance_process=None,
        grievance_process_fits=None,
        client_service_policies=None,
    )
    assert not gov_engine.load_errors


def test_prohibited_reason_names_every_duty_not_met(gov_engine: Engine) -> None:
    _, finding = _finding(
        gov_engine,
        {
            "ethics_policies": False,
            "grievance_process": True,
            "grievance_process_fits": False,
            "client_service_policies": False,
        },
    )
    assert "professional responsibility, business ethics and conduct" in finding.reason
    assert "not tailored to its size and structure" in finding.reason
    assert "quality client service" in finding.reason
    for clause in ("II.D", "II.E", "III.D"):
        assert f"Code {clause}" in finding.reason
    _, one = _finding(gov_engine, {"ethics_policies": True, "client_service_policies": False})
    assert "III.D" in one.reason
    assert "Code II.D" not in one.reason


def test_facts_used_are_those_read(gov_engine: Engine) -> None:
    _, finding = _finding(gov_engine, {"ethics_policies": True})
    assert finding.facts_used == (ETHICS,)
    _, finding = _finding(gov_engine, {"grievance_process": True})
    assert finding.facts_used == (GRIEVANCE, FITS)
    _, finding = _finding(gov_engine, {"grievance_process": False, "grievance_process_fits": True})
    assert finding.facts_used == (GRIEVANCE,)


def _space() -> list[dict[str, Any]]:
    return [
        {name: value for name, value in zip(FACTS, values, strict=True) if value is not None}
        for values in itertools.product((True, False, None), repeat=len(FACTS))
    ]


def test_every_ruling_cites_within_its_rule_and_every_rule_is_reached(gov_engine: Engine) -> None:
    reached: set[str] = set()
    for facts in _space():
        outcome, finding = _finding(gov_engine, facts)
        rule = finding.rule
        assert rule is not None
        assert rule in governance.RULES, rule
        reached.add(rule)
        cited = [c.id for c in finding.citations]
        assert set(cited) <= set(governance.RULES[rule])
        assert cited == [c for c in ALL if c in cited], "cited in the order II.D, II.E, III.D"
        check_reading(
            outcome,
            finding,
            finding.decision.value,
            rule,
            tuple(cited),
            finding.missing_facts,
        )
    assert reached == set(governance.RULES)


def test_every_missing_fact_could_change_the_decision(gov_engine: Engine) -> None:
    for facts in _space():
        _, finding = _finding(gov_engine, facts)
        if finding.decision is not Decision.INDETERMINATE:
            assert finding.missing_facts == ()
            continue
        assert finding.missing_facts
        for path in finding.missing_facts:
            name = path.removeprefix("governance.")
            decisions = {
                _finding(gov_engine, {**facts, name: value})[1].decision for value in (True, False)
            }
            assert len(decisions) > 1, (facts, path)


def test_declared_clauses_exist(gov_engine: Engine) -> None:
    declared = governance.ala_policy_cited_clauses()
    clauses = {c for cites in declared.values() for c in cites}
    assert clauses == set(ALL)
    assert all(clause in gov_engine.corpus for clause in clauses)


def test_conduct_before_the_2010_code_is_indeterminate(gov_engine: Engine) -> None:
    outcome, finding = _finding(gov_engine, {"ethics_policies": False}, date="2009-06-01")
    assert outcome.decision is Decision.INDETERMINATE
    assert finding.decision is Decision.INDETERMINATE
    assert finding.missing_facts == ()
    assert "1991" in finding.reason


def test_the_full_engine_loads_it(engine: Engine) -> None:
    assert "governance" in engine.areas
    outcome = engine.evaluate(
        {"id": "g", "actor": {"role": "member"}, "governance": {"grievance_process": False}}
    )
    assert outcome.decision is Decision.PROHIBITED


def test_cli_evaluates_an_example() -> None:
    path = EXAMPLES / "governance-no-grievance-process.yaml"
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "PROHIBITED" in result.output
    assert "code/II.E" in result.output
