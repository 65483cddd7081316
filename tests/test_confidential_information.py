"""The ``confidential_information`` area (Code III.E, and the Member Directory terms),
registered alone with ALA's policies: every reading, the whole fact space against the
declared rules, and the command line."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, get_args

import pytest
from _readings import CONSEQUENCE, check_reading, single_finding
from click.testing import CliRunner

from ala_policy import Decision, Engine, Finding, Outcome, ScenarioError
from ala_policy.cli import main
from ala_policy.plugins import confidential_information
from ala_policy.testing import make_engine, scenario

III_E = "code/III.E"
TERMS = "nonsolicitation/directory-terms"
AREA = "confidential_information"
FACTS = ("information", "use", "shared_with")
USED = tuple(f"{AREA}.{name}" for name in FACTS)

INFORMATION = get_args(confidential_information.Information)
USES = get_args(confidential_information.Use)
SHARED = get_args(confidential_information.SharedWith)
IMPROPER = ("private_interest", "personal_profit", "other")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "scenarios"


def _share(purpose: str) -> str:
    return (
        "Share the information outside your organization only where the sharing itself "
        f"serves {purpose} purposes (Code III.E)."
    )


@pytest.fixture(scope="module")
def ci_engine() -> Engine:
    """The confidential_information plugin and ALA's policies: nothing else."""
    return make_engine(confidential_information, builtins=["ala_policies"])


def _finding(
    engine: Engine, facts: dict[str, Any], role: str = "member", **kwargs: Any
) -> tuple[Outcome, Finding]:
    return single_finding(engine, AREA, role, facts, **kwargs)


def _p(
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    conditions: tuple[str, ...] = (),
    *,
    role: str = "member",
    member: bool | None = None,
    consequence: bool | None = None,
    id: str,  # noqa: A002 - pytest.param's name
) -> Any:
    return pytest.param(
        role,
        member,
        facts,
        decision,
        f"{AREA}.{rule}",
        cites,
        conditions,
        consequence,
        id=id,
    )


READINGS = [
    # Legal practice and management are the uses III.E allows.
    *(
        _p(
            {"information": information, "use": use, "shared_with": shared},
            "permitted",
            "proper-use",
            (III_E,),
            id=f"{information}-{use}-{shared}",
        )
        for information in ("client", "firm", "personnel", "vendor_proprietary", "other")
        for use in ("legal_practice", "management")
        for shared in ("nobody", "own_organization")
    ),
    _p(
        {"information": "client", "use": "legal_practice"},
        "permitted",
        "proper-use",
        (III_E,),
        id="shared-with-defaults-to-nobody",
    ),
    # The member directory within the employer organization: the terms are met too.
    *(
        _p(
            {"information": "member_directory", "use": use, "shared_with": shared},
            "permitted",
            "proper-use",
            (III_E, TERMS),
            id=f"member_directory-{use}-{shared}",
        )
        for use in ("legal_practice", "management")
        for shared in ("nobody", "own_organization")
    ),
    # Shared outside: conditional on the sharing itself serving the practice or management.
    *(
        _p(
            {"information": information, "use": use, "shared_with": "outside"},
            "conditional",
            "shared-outside",
            (III_E,),
            (_share(purpose),),
            id=f"{information}-{use}-outside",
        )
        for information in ("client", "firm", "personnel", "vendor_proprietary", "other")
        for use, purpose in (("legal_practice", "legal practice"), ("management", "management"))
    ),
    # Private interest, personal profit or other uses are prohibited (III.E alone).
    *(
        _p(
            {"information": information, "use": use, "shared_with": shared},
            "prohibited",
            "improper-use",
            (III_E,),
            id=f"{information}-{use}-{shared}",
        )
        for information in INFORMATION
        for use in IMPROPER
        for shared in SHARED
        if not (information == "member_directory" and shared == "outside")
    ),
    # The member directory passed outside the employer organization: the terms forbid it.
    *(
        _p(
            {"information": "member_directory", "use": use, "shared_with": "outside"},
            "prohibited",
            "directory-shared-outside",
            (III_E, TERMS),
            id=f"member_directory-{use}-outside",
        )
        for use in USES
    ),
    _p(
        {"information": "member_directory", "use": "management", "shared_with": "outside"},
        "prohibited",
        "directory-shared-outside",
        (III_E, TERMS),
        role="non_member",
        consequence=False,
        id="member_directory-outside-non-member",
    ),
    _p(
        {"information": "member_directory", "use": "management", "shared_with": "outside"},
        "prohibited",
        "directory-shared-outside",
        (III_E, TERMS),
        role="business_partner",
        consequence=True,
        id="member_directory-outside-business-partner-may-be-member",
    ),
    _p(
        {"information": "member_directory", "use": "personal_profit", "shared_with": "outside"},
        "prohibited",
        "directory-shared-outside",
        (III_E, TERMS),
        role="staff",
        member=False,
        consequence=False,
        id="member_directory-outside-staff-not-member",
    ),
    _p(
        {"information": "member_directory", "use": "legal_practice", "shared_with": "outside"},
        "prohibited",
        "directory-shared-outside",
        (III_E, TERMS),
        role="educator",
        member=True,
        consequence=True,
        id="member_directory-outside-educator-member",
    ),
]


@pytest.mark.parametrize(
    ("role", "member", "facts", "decision", "rule", "cites", "conditions", "consequence"),
    READINGS,
)
def test_reading(
    ci_engine: Engine,
    role: str,
    member: bool | None,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    conditions: tuple[str, ...],
    consequence: bool | None,
) -> None:
    outcome, finding = _finding(ci_engine, facts, role, member=member)
    check_reading(
        outcome,
        finding,
        decision,
        rule,
        cites,
        (),
        conditions=conditions,
        consequence=consequence,
    )
    assert finding.facts_used == USED


def test_member_directory_breach_carries_the_nonsolicitation_consequence(
    ci_engine: Engine,
) -> None:
    facts = {"information": "member_directory", "use": "management", "shared_with": "outside"}
    _, member = _finding(ci_engine, facts, "member")
    assert member.consequence == CONSEQUENCE
    _, unknown = _finding(ci_engine, facts, "sponsor")
    assert unknown.consequence == CONSEQUENCE
    _, non_member = _finding(ci_engine, facts, "non_member")
    assert non_member.consequence is None
    assert "outside their employer organization" in member.reason


def test_a_code_only_breach_carries_no_consequence(ci_engine: Engine) -> None:
    _, finding = _finding(
        ci_engine, {"information": "member_directory", "use": "personal_profit"}, "member"
    )
    assert finding.decision is Decision.PROHIBITED
    assert finding.consequence is None
    assert "Code III.E" in finding.reason


def test_improper_use_shared_outside_names_both_breaches(ci_engine: Engine) -> None:
    _, finding = _finding(
        ci_engine,
        {"information": "member_directory", "use": "private_interest", "shared_with": "outside"},
    )
    assert "Member Directory terms" in finding.reason
    assert "private interest or personal profit" in finding.reason
    _, proper = _finding(
        ci_engine,
        {"information": "member_directory", "use": "management", "shared_with": "outside"},
    )
    assert "improper as well" not in proper.reason


def test_the_engine_has_exactly_the_area_its_hook_and_documented_facts(ci_engine: Engine) -> None:
    assert set(ci_engine.areas) == {AREA}
    area = ci_engine.areas[AREA]
    assert area.facts is confidential_information.ConfidentialInformationFacts
    assert area.hook == "ala_policy_evaluate_confidential_information"
    assert area.title
    assert area.description
    assert area.fact_names() == FACTS
    assert all(area.fact_doc(name) for name in area.fact_names())
    facts = confidential_information.ConfidentialInformationFacts(information="client", use="other")
    assert facts.shared_with == "nobody"
    assert not ci_engine.load_errors


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param({"information": "client"}, id="use-left-out"),
        pytest.param({"use": "management"}, id="information-left-out"),
        pytest.param(
            {"information": "client", "use": "management", "shared_with": None},
            id="shared-with-null",
        ),
        pytest.param({"information": "client", "use": "sell"}, id="unknown-use"),
    ],
)
def test_required_facts_are_never_guessed(ci_engine: Engine, facts: dict[str, Any]) -> None:
    with pytest.raises(ScenarioError):
        ci_engine.evaluate(scenario(confidential_information=facts))


def test_every_ruling_cites_within_its_rule_and_every_rule_is_reached(ci_engine: Engine) -> None:
    reached: set[str] = set()
    # Every value, and None (left out), of each fact; the engine refuses a required fact left
    # out and an explicit null for shared_with, so what it decides is the whole space.
    for information, use, shared in itertools.product(
        (*INFORMATION, None), (*USES, None), (*SHARED, None)
    ):
        facts = {"information": information, "use": use, "shared_with": shared}
        given = {name: value for name, value in facts.items() if value is not None}
        if information is None or use is None:
            with pytest.raises(ScenarioError):
                ci_engine.evaluate(scenario(confidential_information=given))
            continue
        outcome, finding = _finding(ci_engine, given)
        rule = finding.rule
        assert rule is not None
        assert rule in confidential_information.RULES, rule
        reached.add(rule)
        cited = tuple(c.id for c in finding.citations)
        assert set(cited) <= set(confidential_information.RULES[rule])
        assert cited[0] == III_E
        assert finding.decision is not Decision.INDETERMINATE
        check_reading(outcome, finding, finding.decision.value, rule, cited, ())
    assert reached == set(confidential_information.RULES)


def test_declared_clauses_exist(ci_engine: Engine) -> None:
    declared = confidential_information.ala_policy_cited_clauses()
    clauses = {c for cites in declared.values() for c in cites}
    assert clauses == {III_E, TERMS}
    assert all(clause in ci_engine.corpus for clause in clauses)


def test_conduct_before_the_2010_code_is_indeterminate(ci_engine: Engine) -> None:
    outcome, finding = _finding(
        ci_engine, {"information": "firm", "use": "personal_profit"}, date="2009-06-01"
    )
    assert outcome.decision is Decision.INDETERMINATE
    assert finding.decision is Decision.INDETERMINATE
    assert finding.missing_facts == ()
    assert "1991" in finding.reason


def test_the_full_engine_loads_it(engine: Engine) -> None:
    assert AREA in engine.areas
    outcome = engine.evaluate(
        scenario(confidential_information={"information": "client", "use": "personal_profit"})
    )
    assert outcome.decision is Decision.PROHIBITED


def test_cli_evaluates_an_example() -> None:
    path = EXAMPLES / "confidential-directory-to-crm-vendor.yaml"
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "PROHIBITED" in result.output
    assert TERMS in result.output
