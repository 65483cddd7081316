"""The ``certification`` area (seed 003, the CLM program): every reading, with the plugin
registered alone, its strict facts, its verbatim policy document, its public-API-only
imports, and the command line."""

from __future__ import annotations

import ast
import datetime
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import ala_policy
from ala_policy import Decision, Engine, Outcome, ScenarioError, load_policy_file
from ala_policy.cli import main
from ala_policy.plugins import certification
from ala_policy.testing import assert_outcome, make_engine, scenario

DEFINITION = "certification/definition"
RECOGNITION = "certification/recognition"
REQUIREMENTS = "certification/requirements"
INTERNATIONAL = "certification/international"
INTEGRITY = "code/I.B"

POLICIES = files("ala_policy.policies")
MODULE = Path(certification.__file__)

EXAMINATION = "Pass the certification examination given by the Association of Legal Administrators."
QUALIFIED: dict[str, Any] = {
    "meets_eligibility_requirements": True,
    "continuing_education": True,
    "passed_examination": True,
}
QUALIFICATIONS = sorted(QUALIFIED)


@pytest.fixture(scope="module")
def alone() -> Engine:
    """The certification plugin with only ALA's policy documents (for ``code/I.B``): it
    brings its area, hook and document."""
    return make_engine(certification, builtins=["ala_policies"])


def decide(engine: Engine, role: str = "member", **facts: Any) -> Outcome:
    return engine.evaluate(scenario(role=role, certification=facts))


def reason(outcome: Outcome) -> str:
    (finding,) = outcome.findings
    return finding.reason


def conditions(outcome: Outcome) -> tuple[str, ...]:
    (finding,) = outcome.findings
    return finding.conditions


def cited(outcome: Outcome) -> set[str]:
    return {c.id for c in outcome.citations}


def rule(outcome: Outcome) -> str | None:
    (finding,) = outcome.findings
    return finding.rule


# -- the plugin stands alone ---------------------------------------------------------------


def test_the_plugin_alone_brings_its_area_hook_and_document(alone: Engine) -> None:
    assert set(alone.areas) == {"certification"}
    area = alone.areas["certification"]
    assert area.facts is certification.CertificationFacts
    assert area.hook == "ala_policy_evaluate_certification"
    assert area.title
    assert area.description
    assert all(area.fact_doc(name) for name in area.fact_names())
    # v2: a misuse of the designation also cites code/I.B, from ALA's own documents.
    assert set(alone.corpus.documents) == {"certification", "code", "nonsolicitation"}
    assert not alone.load_errors


def test_without_the_code_the_plugin_is_refused() -> None:
    with pytest.raises(ala_policy.PolicyError, match=r"code/I\.B"):
        make_engine(certification, builtins=False)


def test_every_cited_clause_exists(alone: Engine) -> None:
    declared = certification.ala_policy_cited_clauses()
    clauses = {clause for cites in declared.values() for clause in cites}
    assert {DEFINITION, RECOGNITION, REQUIREMENTS, INTERNATIONAL, INTEGRITY} <= clauses
    for clause_id in clauses:
        assert alone.corpus.cite(clause_id, datetime.date(2026, 3, 1)).text.strip()


def test_the_full_engine_loads_it_beside_the_built_in_areas(engine: Engine) -> None:
    assert {"certification", "gift", "solicitation"} <= set(engine.areas)
    assert "certification" in engine.corpus.documents
    outcome = engine.evaluate(
        scenario(
            gift={"kind": "meal", "act": "offered", "pending_business": False},
            certification={"question": "use_designation", "certified": True},
        )
    )
    areas = {f.area: f.decision for f in outcome.findings}
    assert areas["certification"] is Decision.PERMITTED
    assert areas["gift"] is Decision.INDETERMINATE


# -- eligibility -----------------------------------------------------------------------------


def test_meeting_the_requirements_makes_one_eligible_to_sit_the_examination(
    alone: Engine,
) -> None:
    outcome = decide(alone, question="eligibility", meets_eligibility_requirements=True)
    # v2: a permitted finding carries no conditions; passing the examination remains.
    assert_outcome(outcome, "conditional", cites=[REQUIREMENTS], missing=[], conditions=True)
    assert conditions(outcome) == (EXAMINATION,)
    assert rule(outcome) == "certification.eligible"
    assert INTERNATIONAL not in cited(outcome)


def test_eligible_and_passed_has_nothing_left_to_do(alone: Engine) -> None:
    outcome = decide(
        alone, question="eligibility", meets_eligibility_requirements=True, passed_examination=True
    )
    assert_outcome(outcome, "permitted", cites=[REQUIREMENTS], missing=[], conditions=False)
    assert rule(outcome) == "certification.eligible-and-passed"


def test_not_meeting_the_requirements_is_not_eligible_yet(alone: Engine) -> None:
    outcome = decide(alone, question="eligibility", meets_eligibility_requirements=False)
    assert_outcome(outcome, "prohibited", cites=[REQUIREMENTS], missing=[])
    assert "not eligible yet" in reason(outcome)
    assert rule(outcome) == "certification.not-eligible"


def test_unknown_requirements_are_indeterminate(alone: Engine) -> None:
    outcome = decide(
        alone, question="eligibility", passed_examination=True, continuing_education=True
    )
    assert_outcome(
        outcome,
        "indeterminate",
        cites=[REQUIREMENTS],
        missing=["certification.meets_eligibility_requirements"],
    )
    assert rule(outcome) == "certification.eligibility-unknown"


# -- membership is never required ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "member"),
    [("non_member", None), ("non_member", False), ("member", False), ("staff", False)],
)
@pytest.mark.parametrize("question", ["eligibility", "use_designation"])
def test_a_non_member_is_not_refused_for_that(
    alone: Engine, role: str, member: bool | None, question: str
) -> None:
    # v2: only a certified person may use the designation, so the designation case is asked
    # of a certified one.
    certified = {"certified": True} if question == "use_designation" else {}
    facts = {**QUALIFIED, **certified}
    outcome = decide(alone, role=role, question=question, member=member, **facts)
    assert_outcome(outcome, "permitted", cites=[REQUIREMENTS], missing=[])
    assert "membership is not required" in reason(outcome)


@pytest.mark.parametrize("question", ["eligibility", "use_designation"])
def test_actor_member_false_gets_the_membership_note_too(alone: Engine, question: str) -> None:
    data = scenario(role="staff", member=False, certification={"question": question, **QUALIFIED})
    (finding,) = alone.evaluate(data).findings
    assert "membership is not required" in finding.reason
    assert "actor.member" in finding.facts_used


def test_a_member_gets_no_membership_note(alone: Engine) -> None:
    outcome = decide(
        alone, question="eligibility", member=True, meets_eligibility_requirements=True
    )
    assert_outcome(outcome, "conditional")  # v2: passing the examination is a condition
    assert "membership" not in reason(outcome)


@pytest.mark.parametrize("member", [True, False, None])
def test_membership_never_decides(alone: Engine, member: bool | None) -> None:
    refused = decide(
        alone, question="eligibility", member=member, meets_eligibility_requirements=False
    )
    assert_outcome(refused, "prohibited")
    # v2: not certified is prohibited whatever else is known or unknown.
    uncertified = decide(alone, question="use_designation", member=member, certified=False)
    assert_outcome(uncertified, "prohibited", missing=[])
    unknown = decide(alone, question="use_designation", member=member)
    assert_outcome(unknown, "indeterminate", missing=["certification.certified"])


# -- using the designation -------------------------------------------------------------------


def test_a_certified_clm_may_use_the_designation(alone: Engine) -> None:
    outcome = decide(alone, question="use_designation", certified=True)
    assert_outcome(outcome, "permitted", cites=[DEFINITION, RECOGNITION, REQUIREMENTS], missing=[])
    assert rule(outcome) == "certification.certified"


@pytest.mark.parametrize("certified", [False, None])
def test_meeting_every_qualification_does_not_make_a_clm(
    alone: Engine, certified: bool | None
) -> None:
    # v2: a person who is not certified is never permitted to use the designation, and
    # qualifications alone do not make a certification: not certified is prohibited, an
    # unknown certification is indeterminate on it alone (was permitted).
    outcome = decide(alone, question="use_designation", certified=certified, **QUALIFIED)
    misuse = [DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY]
    if certified is False:
        assert_outcome(outcome, "prohibited", cites=misuse, missing=[])
        assert rule(outcome) == "certification.not-certified"
    else:
        assert_outcome(outcome, "indeterminate", cites=misuse, missing=["certification.certified"])
        assert rule(outcome) == "certification.designation-unknown"


@pytest.mark.parametrize("facts", [{}, QUALIFIED, {"passed_examination": False}])
def test_not_certified_is_prohibited_and_cites_integrity(
    alone: Engine, facts: dict[str, Any]
) -> None:
    # v2: not granted, lapsed or revoked: never permitted, and a matter of integrity (I.B).
    outcome = decide(alone, question="use_designation", certified=False, **facts)
    assert_outcome(outcome, "prohibited", missing=[])
    assert [c.id for c in outcome.citations] == [DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY]
    assert rule(outcome) == "certification.not-certified"
    assert "you are not certified" in reason(outcome)
    assert "integrity (Code I.B)" in reason(outcome)
    (finding,) = outcome.findings
    assert finding.consequence is None  # neither the CLM program nor the Code states one


def test_before_the_code_a_misuse_is_still_prohibited_under_the_clm_program(
    alone: Engine,
) -> None:
    # The CLM program carries no date; the Code (and so I.B) decides from 2010-01-01 only.
    data = scenario(date="2009-06-01", certification={"question": "use_designation"})
    data["certification"]["certified"] = False
    outcome = alone.evaluate(data)
    assert_outcome(outcome, "prohibited", cites=[DEFINITION, RECOGNITION, REQUIREMENTS])
    assert INTEGRITY not in cited(outcome)
    assert "Code I.B" not in reason(outcome)


@pytest.mark.parametrize("lacking", QUALIFICATIONS)
def test_lacking_a_qualification_prohibits_the_designation(alone: Engine, lacking: str) -> None:
    outcome = decide(alone, question="use_designation", **{**QUALIFIED, lacking: False})
    assert_outcome(outcome, "prohibited", cites=[RECOGNITION, REQUIREMENTS, INTEGRITY], missing=[])
    assert "may not use the CLM designation" in reason(outcome)
    assert rule(outcome) == "certification.not-qualified"


def test_using_clm_without_passing_the_examination_is_prohibited(alone: Engine) -> None:
    outcome = decide(
        alone,
        question="use_designation",
        meets_eligibility_requirements=True,
        continuing_education=True,
        passed_examination=False,
    )
    assert_outcome(outcome, "prohibited", cites=[DEFINITION, RECOGNITION, REQUIREMENTS])
    assert "you have not passed the certification examination" in reason(outcome)
    assert "continuing education" in reason(outcome)


def test_a_known_lack_decides_whatever_else_is_unknown(alone: Engine) -> None:
    outcome = decide(alone, question="use_designation", continuing_education=False)
    assert_outcome(outcome, "prohibited", missing=[])
    assert "you have not displayed a commitment to continuing education" in reason(outcome)


def test_every_lack_is_named(alone: Engine) -> None:
    outcome = decide(
        alone,
        question="use_designation",
        meets_eligibility_requirements=False,
        continuing_education=False,
        passed_examination=False,
    )
    assert_outcome(outcome, "prohibited")
    text = reason(outcome)
    assert "do not meet the eligibility (work experience) requirements" in text
    assert "have not displayed a commitment to continuing education" in text
    assert "have not passed the certification examination" in text


@pytest.mark.parametrize("unknown", QUALIFICATIONS)
def test_an_unknown_qualification_does_not_matter_once_certification_decides(
    alone: Engine, unknown: str
) -> None:
    # v2: certified false decides alone (was indeterminate on the unknown qualification).
    facts = {k: v for k, v in QUALIFIED.items() if k != unknown}
    outcome = decide(alone, question="use_designation", certified=False, **facts)
    assert_outcome(outcome, "prohibited", missing=[])
    assert rule(outcome) == "certification.not-certified"


@pytest.mark.parametrize("facts", [{}, {"passed_examination": True}, QUALIFIED])
def test_an_unknown_certification_is_the_one_missing_fact(
    alone: Engine, facts: dict[str, Any]
) -> None:
    # v2: qualifications do not make a certification; only whether one is held decides
    # (was: the unknown qualifications were listed too).
    outcome = decide(alone, question="use_designation", **facts)
    assert_outcome(
        outcome,
        "indeterminate",
        cites=[DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY],
        missing=["certification.certified"],
    )
    assert "certification.certified" in reason(outcome)


# -- Canada and other countries --------------------------------------------------------------


@pytest.mark.parametrize("country", ["canada", "other"])
def test_a_candidate_abroad_is_eligible_with_the_us_federal_law_note(
    alone: Engine, country: str
) -> None:
    outcome = decide(
        alone, question="eligibility", meets_eligibility_requirements=True, country=country
    )
    # v2: conditional (passing the examination remains), was permitted with conditions.
    assert_outcome(outcome, "conditional", cites=[REQUIREMENTS, INTERNATIONAL], missing=[])
    notes = conditions(outcome)
    assert notes[0] == EXAMINATION
    assert any("U.S. federal law" in note for note in notes[1:])
    assert "U.S. federal law" not in reason(outcome)


@pytest.mark.parametrize("country", ["canada", "other"])
def test_the_note_goes_in_the_reason_of_other_findings(alone: Engine, country: str) -> None:
    refused = decide(
        alone, question="eligibility", meets_eligibility_requirements=False, country=country
    )
    assert_outcome(refused, "prohibited", cites=[REQUIREMENTS, INTERNATIONAL])
    assert "U.S. federal law" in reason(refused)
    using = decide(alone, question="use_designation", passed_examination=False, country=country)
    assert_outcome(using, "prohibited", cites=[INTERNATIONAL])
    assert "U.S. federal law" in reason(using)
    unknown = decide(alone, question="eligibility", country=country)
    assert_outcome(
        unknown,
        "indeterminate",
        cites=[INTERNATIONAL],
        missing=["certification.meets_eligibility_requirements"],
    )
    assert "U.S. federal law" in reason(unknown)


@pytest.mark.parametrize("country", ["us", None])
def test_no_note_in_the_us_or_where_the_country_is_unknown(
    alone: Engine, country: str | None
) -> None:
    outcome = decide(
        alone, question="eligibility", meets_eligibility_requirements=True, country=country
    )
    assert_outcome(outcome, "conditional", missing=[])  # v2: was permitted with a condition
    assert INTERNATIONAL not in cited(outcome)
    assert conditions(outcome) == (EXAMINATION,)


@pytest.mark.parametrize(
    "facts",
    [
        {"question": "use_designation", "certified": True},
        # v2: qualifications alone no longer permit the designation; a certified CLM does.
        {"question": "use_designation", "certified": True, **QUALIFIED},
        {
            "question": "eligibility",
            "meets_eligibility_requirements": True,
            "passed_examination": True,
        },
    ],
)
def test_no_note_once_the_examination_is_behind(alone: Engine, facts: dict[str, Any]) -> None:
    outcome = decide(alone, **facts, country="canada")
    assert_outcome(outcome, "permitted", missing=[], conditions=False)
    assert INTERNATIONAL not in cited(outcome)


# -- strict facts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "path", "message"),
    [
        ({"question": "eligibility", "xyz": True}, "certification.xyz", "unknown field"),
        (
            {"question": "use_designation", "passed_examination": "yes"},
            "certification.passed_examination",
            "expected true or false",
        ),
        ({"question": "renew"}, "certification.question", "is not one of"),
        (
            {"question": "eligibility", "country": "mexico"},
            "certification.country",
            "is not one of",
        ),
        ({"question": "eligibility", "member": 1}, "certification.member", ""),
        ({"certified": True}, "certification.question", ""),
    ],
)
def test_facts_are_validated_as_strictly_as_the_built_ins(
    alone: Engine, section: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(ScenarioError) as info:
        alone.evaluate(scenario(id="bad", certification=section))
    assert info.value.path == path
    assert info.value.scenario_id == "bad"
    assert message in str(info.value)


def test_without_the_plugin_the_section_is_an_unknown_key() -> None:
    engine = make_engine(exclude=["certification"])
    with pytest.raises(ScenarioError) as info:
        engine.evaluate(scenario(certification={"question": "eligibility"}))
    assert info.value.path == "certification"


# -- public API only ---------------------------------------------------------------------------


def test_the_module_imports_only_public_names() -> None:
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            module = node.module or ""
            if module.split(".")[0] == "ala_policy":
                assert module == "ala_policy", f"imports from {module}"
                imported.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] != "ala_policy", f"imports {alias.name}"
    assert imported, "the module imports nothing from ala_policy"
    assert set(imported) <= set(ala_policy.__all__), set(imported) - set(ala_policy.__all__)


# -- the policy document -----------------------------------------------------------------------


def test_every_clause_is_quoted_verbatim_from_seed_003() -> None:
    source = (POLICIES / "clm-certification.txt").read_text(encoding="utf-8")
    document = load_policy_file(POLICIES / "certification.yaml")
    clauses = [c for e in document.editions for c in e.clauses.values()]
    assert len(clauses) >= 4
    for clause in clauses:
        assert clause.id.startswith("certification/")
        assert clause.text.strip() == clause.text
        assert clause.text in source, f"{clause.id} is not verbatim"
        if clause.heading:
            assert clause.heading in source, f"{clause.id} heading is not verbatim"
    texts = " ".join(c.text for c in clauses)
    assert "committment" in texts, "the seed's spelling is kept"
    assert "junion-level" in texts, "the seed's spelling is kept"


def test_the_document_names_its_source_and_has_one_undated_edition() -> None:
    document = load_policy_file(POLICIES / "certification.yaml")
    assert document.id == "certification"
    assert "Certified Legal Manager" in document.title
    assert document.publisher == "Association of Legal Administrators"
    (edition,) = document.editions
    assert edition.effective is None
    assert edition.source.startswith("ALA Certified Legal Manager (CLM) program information")
    assert "seed" not in edition.source
    raw = yaml.safe_load((POLICIES / "certification.yaml").read_text(encoding="utf-8"))
    assert "effective" not in raw["editions"][0]
    assert edition.clauses[REQUIREMENTS].text == (
        "To become certified, ALA members or non-members must meet the eligibility "
        "requirements and pass the certification examination given by the Association of "
        "Legal Administrators."
    )
    assert edition.clauses[INTERNATIONAL].text == (
        "Legal administrators in Canada and other countries are eligible to become certified, "
        "but must realize that major portions of the examination are based on U.S. federal law."
    )


# -- the command line ----------------------------------------------------------------------------

CLM_WITHOUT_EXAM = """\
id: clm-without-exam
date: 2026-03-01
actor: {role: member}
certification:
  question: use_designation
  meets_eligibility_requirements: true
  continuing_education: true
  passed_examination: false
"""


def test_cli_evaluates_a_certification_scenario_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALA_POLICY_DISABLE_PLUGINS", raising=False)
    path = tmp_path / "clm.yaml"
    path.write_text(CLM_WITHOUT_EXAM, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    (outcome,) = json.loads(result.stdout)["results"]
    assert outcome["id"] == "clm-without-exam"
    assert outcome["decision"] == "prohibited"
    (finding,) = outcome["findings"]
    assert finding["area"] == "certification"
    assert finding["plugin"] == "certification"
    assert finding["missing_facts"] == []
    citations = {c["id"]: c["text"] for c in finding["citations"]}
    assert citations[REQUIREMENTS].startswith("To become certified, ALA members or non-members")
    assert "committment" in citations[RECOGNITION]


def test_cli_refuses_the_section_with_the_plugin_blocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALA_POLICY_DISABLE_PLUGINS", raising=False)
    path = tmp_path / "clm.yaml"
    path.write_text(CLM_WITHOUT_EXAM, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--disable-plugin", "certification", "evaluate", "--format", "json", str(path)]
    )
    assert result.exit_code == 2
    (outcome,) = json.loads(result.stdout)["results"]
    assert outcome["decision"] == "error"
    assert outcome["error"]["path"] == "certification"


def test_the_schema_knows_the_certification_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALA_POLICY_DISABLE_PLUGINS", raising=False)
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert '"certification"' in result.stdout
    assert '"meets_eligibility_requirements"' in result.stdout
