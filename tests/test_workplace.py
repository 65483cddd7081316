"""The ``workplace`` area (Code II.F, and II.A), registered alone, against every reading."""

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
from ala_policy.plugins import workplace
from ala_policy.testing import make_engine

SOUND_PRACTICES = "code/II.A"
ETHICS_POLICIES = "code/II.D"
WORK_ENVIRONMENT = "code/II.F"
BASIS = "workplace.basis"

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"

CONDUCTS = typing.get_args(workplace.Conduct)
BASES = typing.get_args(workplace.Basis)
AFFECTS = typing.get_args(workplace.Affects)
PROTECTED = tuple(b for b in BASES if b != "not_protected")
WRONGS = ("discriminates", "intimidates", "harasses", "tolerates")
HOSTILE = ("intimidates", "harasses", "tolerates")


@pytest.fixture(scope="module")
def wp_engine() -> Engine:
    """The workplace plugin with the policy documents it cites: nothing else."""
    return make_engine(workplace, builtins=["ala_policies"])


def _p(
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...] = (),
    *,
    id: str,  # noqa: A002 - pytest.param's name
) -> Any:
    return pytest.param(facts, decision, "workplace." + rule, cites, missing, id=id)


READINGS = [
    # Every wrong on every protected basis: prohibited under II.F.
    *(
        _p(
            {"conduct": conduct, "basis": basis},
            "prohibited",
            "protected-basis",
            (WORK_ENVIRONMENT,),
            id=f"{conduct}-{basis}",
        )
        for conduct in WRONGS
        for basis in PROTECTED
    ),
    *(
        _p(
            {"conduct": "harasses", "basis": "disability", "affects": affects},
            "prohibited",
            "protected-basis",
            (WORK_ENVIRONMENT,),
            id=f"harasses-disability-{affects}",
        )
        for affects in AFFECTS
    ),
    # Intimidating, harassing or tolerating on an unprotected or unknown basis: II.A.
    *(
        _p(
            {"conduct": conduct, "basis": "not_protected"},
            "prohibited",
            "hostile-environment",
            (SOUND_PRACTICES, WORK_ENVIRONMENT),
            id=f"{conduct}-not-protected",
        )
        for conduct in HOSTILE
    ),
    *(
        _p(
            {"conduct": conduct},
            "prohibited",
            "hostile-environment",
            (SOUND_PRACTICES, WORK_ENVIRONMENT),
            id=f"{conduct}-basis-unknown",
        )
        for conduct in HOSTILE
    ),
    _p(
        {"conduct": "harasses", "affects": "vendors"},
        "prohibited",
        "hostile-environment",
        (SOUND_PRACTICES, WORK_ENVIRONMENT),
        id="harasses-vendors-basis-unknown",
    ),
    # Discrimination: II.F reaches protected characteristics only.
    _p(
        {"conduct": "discriminates", "basis": "not_protected"},
        "not_applicable",
        "unprotected-basis",
        (WORK_ENVIRONMENT,),
        id="discriminates-not-protected",
    ),
    _p(
        {"conduct": "discriminates", "basis": "not_protected", "affects": "applicants"},
        "not_applicable",
        "unprotected-basis",
        (WORK_ENVIRONMENT,),
        id="discriminates-not-protected-applicants",
    ),
    _p(
        {"conduct": "discriminates"},
        "indeterminate",
        "basis-unknown",
        (WORK_ENVIRONMENT,),
        (BASIS,),
        id="discriminates-basis-unknown",
    ),
    _p(
        {"conduct": "discriminates", "affects": "clients"},
        "indeterminate",
        "basis-unknown",
        (WORK_ENVIRONMENT,),
        (BASIS,),
        id="discriminates-clients-basis-unknown",
    ),
    # Addressing it is what II.F and II.D ask, whatever the basis.
    *(
        _p(
            {"conduct": "addresses", "basis": basis},
            "permitted",
            "addresses",
            (WORK_ENVIRONMENT, ETHICS_POLICIES),
            id=f"addresses-{basis}",
        )
        for basis in ("race", "not_protected")
    ),
    _p(
        {"conduct": "addresses"},
        "permitted",
        "addresses",
        (WORK_ENVIRONMENT, ETHICS_POLICIES),
        id="addresses-basis-unknown",
    ),
]


@pytest.mark.parametrize(("facts", "decision", "rule", "cites", "missing"), READINGS)
def test_reading(
    wp_engine: Engine,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    outcome, finding = single_finding(wp_engine, "workplace", "member", facts)
    check_reading(outcome, finding, decision, rule, cites, missing)


def test_the_engine_has_exactly_the_area_its_hook_and_documented_facts(
    wp_engine: Engine,
) -> None:
    assert set(wp_engine.areas) == {"workplace"}
    area = wp_engine.areas["workplace"]
    assert area.facts is workplace.WorkplaceFacts
    assert area.hook == "ala_policy_evaluate_workplace"
    assert area.title
    assert area.description
    assert set(area.fact_names()) == {"conduct", "basis", "affects"}
    assert all(area.fact_doc(name) for name in area.fact_names())


def test_defaults_are_only_the_contracts() -> None:
    facts = workplace.WorkplaceFacts(conduct="harasses")
    assert facts.affects == "employees"
    assert facts.basis is None


def test_every_basis_the_code_names_reads_in_its_words(wp_engine: Engine) -> None:
    for basis in PROTECTED:
        _, finding = single_finding(
            wp_engine, "workplace", "member", {"conduct": "discriminates", "basis": basis}
        )
        assert f"based on {workplace.BASIS[basis]}" in finding.reason
    _, veteran = single_finding(
        wp_engine, "workplace", "member", {"conduct": "harasses", "basis": "veterans_status"}
    )
    assert "veteran's status" in veteran.reason


def test_affects_only_enters_the_wording(wp_engine: Engine) -> None:
    _, finding = single_finding(
        wp_engine, "workplace", "member", {"conduct": "intimidates", "affects": "applicants"}
    )
    assert "job applicants" in finding.reason
    assert "(Code II.A)" in finding.reason


def test_tolerating_is_allowing(wp_engine: Engine) -> None:
    _, finding = single_finding(
        wp_engine, "workplace", "member", {"conduct": "tolerates", "basis": "age"}
    )
    assert "allowing it" in finding.reason
    assert "(Code II.F)" in finding.reason


def test_every_ruling_cites_within_its_rule_and_every_rule_is_reached(
    wp_engine: Engine,
) -> None:
    reached: set[str] = set()
    for conduct, basis, affects in itertools.product(CONDUCTS, (*BASES, None), AFFECTS):
        facts: dict[str, Any] = {"conduct": conduct, "affects": affects}
        if basis is not None:
            facts["basis"] = basis
        _, finding = single_finding(wp_engine, "workplace", "member", facts)
        rule = finding.rule
        assert rule is not None
        assert rule in workplace.RULES, rule
        cites = [c.id for c in finding.citations]
        assert cites
        assert set(cites) <= set(workplace.RULES[rule]), (facts, rule, cites)
        assert finding.facts_used
        assert all(path.startswith("workplace.") for path in finding.facts_used)
        if finding.decision is Decision.INDETERMINATE:
            assert finding.missing_facts == (BASIS,)
            assert basis is None
        else:
            assert finding.missing_facts == ()
        reached.add(rule)
    assert reached == set(workplace.RULES)


def test_declared_clauses_exist(wp_engine: Engine) -> None:
    declared = {c for cites in workplace.ala_policy_cited_clauses().values() for c in cites}
    assert declared == {SOUND_PRACTICES, ETHICS_POLICIES, WORK_ENVIRONMENT}
    assert all(clause in wp_engine.corpus for clause in declared)


def test_conduct_before_the_code_took_effect_is_undecided(wp_engine: Engine) -> None:
    outcome, finding = single_finding(
        wp_engine,
        "workplace",
        "member",
        {"conduct": "harasses", "basis": "age"},
        date="2009-06-01",
    )
    assert outcome.decision is Decision.INDETERMINATE
    assert finding.decision is Decision.INDETERMINATE
    assert finding.missing_facts == ()
    assert "1991" in finding.reason


def test_cli_evaluates_an_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALA_POLICY_DISABLE_PLUGINS", raising=False)
    path = EXAMPLES / "workplace-age-jokes-unaddressed.yaml"
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "PROHIBITED" in result.output
    assert "code/II.F" in result.output
