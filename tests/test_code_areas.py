"""The four Code areas of contract version 2 (workplace, reporting, confidential_information,
governance) go through the same machinery as the others: schema, ``ask``, ``explain``
counterfactuals, clause coverage, and the full engine beside every other plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ala_policy import Decision, Engine
from ala_policy.cli import ExitCode, main
from ala_policy.coverage import clause_coverage
from ala_policy.explain import explain
from ala_policy.schema import scenario_schema
from ala_policy.testing import scenario

#: Per area: a section that is not permitted, and the clauses the area decides.
AREAS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "workplace": (
        {"conduct": "discriminates"},
        {"code/II.A", "code/II.D", "code/II.F"},
    ),
    "reporting": (
        {"kind": "financial_report", "truthful": True, "complete": True, "accurate": True},
        {"code/II.B", "code/II.C"},
    ),
    "confidential_information": (
        {"information": "client", "use": "personal_profit"},
        {"code/III.E", "nonsolicitation/directory-terms"},
    ),
    "governance": (
        {"ethics_policies": True, "grievance_process": False},
        {"code/II.D", "code/II.E", "code/III.D"},
    ),
}
#: The answers `ask` needs for each area's required questions (Enter for the others).
REQUIRED = {
    "workplace": ["harasses"],
    "reporting": ["financial_report"],
    "confidential_information": ["client", "personal_profit"],
    "governance": [],
}


def _scenario(area: str, section: dict[str, Any]) -> dict[str, Any]:
    data = scenario()
    data[area] = section
    return data


@pytest.mark.parametrize("area", sorted(AREAS))
def test_the_full_engine_has_the_area_from_its_own_plugin(engine: Engine, area: str) -> None:
    assert area in engine.areas
    assert engine.area_plugins()[area] == (area,)
    assert engine.areas[area].hook == f"ala_policy_evaluate_{area}"
    assert all(engine.areas[area].fact_doc(name) for name in engine.areas[area].fact_names())


@pytest.mark.parametrize("area", sorted(AREAS))
def test_the_schema_describes_the_area(engine: Engine, area: str) -> None:
    schema = scenario_schema(engine)
    assert set(schema["$defs"][area]["properties"]) == set(engine.areas[area].fact_names())
    section, _ = AREAS[area]
    jsonschema.validate(_scenario(area, section), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_scenario(area, {**section, "nonsense": True}), schema)


@pytest.mark.parametrize("area", sorted(AREAS))
def test_explain_finds_what_would_change_it(engine: Engine, area: str) -> None:
    section, _ = AREAS[area]
    parsed = engine.parse(_scenario(area, section))
    outcome = engine.evaluate(parsed)
    assert outcome.decision is not Decision.PERMITTED
    (explanation,) = explain(engine, parsed, outcome)
    assert explanation.counterfactuals, explanation
    for changes, result in zip(explanation.counterfactuals, explanation.results, strict=True):
        assert result in (Decision.PERMITTED, Decision.CONDITIONAL)
        assert all(c.path.startswith((f"{area}.", "actor.")) for c in changes)


@pytest.mark.parametrize("area", sorted(AREAS))
def test_clause_coverage_names_the_area(engine: Engine, area: str) -> None:
    coverage = clause_coverage(engine)
    _, clauses = AREAS[area]
    for clause in clauses:
        assert any(citer.area == area for citer in coverage[clause]), clause


@pytest.mark.parametrize("area", sorted(AREAS))
def test_ask_interviews_for_the_area(
    area: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    monkeypatch.chdir(tmp_path)
    questions = len(engine.areas[area].fact_names())
    optional = questions - len(REQUIRED[area])
    answers = ["member", "", "2026-03-01", *REQUIRED[area], *[""] * optional]
    result = CliRunner().invoke(main, ["ask", area], input="\n".join(answers) + "\n")
    assert result.exit_code == ExitCode.OK, result.output
    (written,) = tmp_path.glob("*.yaml")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert area in data
    assert engine.evaluate(data).decision.value.upper() in result.output


def test_the_aspirational_duties_are_decided_by_no_area(engine: Engine) -> None:
    coverage = clause_coverage(engine)
    undecided = {clause for clause, citers in coverage.items() if not citers}
    code = {clause for clause in coverage if clause.startswith("code/")}
    assert code & undecided == {
        "code/I.A",
        "code/I.C",
        "code/I.D",
        "code/I.E",
        "code/III.A",
        "code/III.F",
    }
