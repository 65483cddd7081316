"""The ``conflict_of_interest`` evaluator, registered alone, against every reading of 3a."""

from __future__ import annotations

from typing import Any

import pytest
from _readings import duty, single_finding

from ala_policy import Decision, Engine, Finding, Outcome, PolicyError
from ala_policy.plugins import conflict_of_interest
from ala_policy.testing import assert_outcome, make_engine, scenario

III_B = "code/III.B"
III_E = "code/III.E"
DISCLOSED = "conflict_of_interest.disclosed"
RECUSED = "conflict_of_interest.recused"


@pytest.fixture(scope="module")
def coi_engine() -> Engine:
    """The areas, ALA's policies and the evaluator under test: nothing else."""
    return make_engine(conflict_of_interest, builtins=["areas", "ala_policies"])


def _finding(engine: Engine, role: str = "member", **facts: Any) -> tuple[Outcome, Finding]:
    return single_finding(engine, "conflict_of_interest", role, facts)


def _facts(role: str, **more: Any) -> dict[str, Any]:
    return {"interest": "ownership", "counterparty": "vendor", "role_in_decision": role, **more}


# facts, decision, rule, cited clause ids (in order), missing facts
READINGS = [
    # III.E: confidential information used for a private interest, whatever else holds.
    pytest.param(
        _facts("none", disclosed=True, uses_confidential_information=True),
        "prohibited",
        "conflict_of_interest.confidential-information",
        (III_E, III_B),
        (),
        id="confidential-no-role-disclosed",
    ),
    pytest.param(
        _facts("decides", disclosed=True, recused=True, uses_confidential_information=True),
        "prohibited",
        "conflict_of_interest.confidential-information",
        (III_E, III_B),
        (),
        id="confidential-decides-disclosed-recused",
    ),
    pytest.param(
        _facts("influences", uses_confidential_information=True),
        "prohibited",
        "conflict_of_interest.confidential-information",
        (III_E, III_B),
        (),
        id="confidential-influences-all-unknown",
    ),
    # No part in the decision: disclosed is permitted, not (yet) disclosed is conditional.
    pytest.param(
        _facts("none", disclosed=True),
        "permitted",
        "conflict_of_interest.no-role-disclosed",
        (III_B, III_E),
        (),
        id="no-role-disclosed",
    ),
    pytest.param(
        _facts("none", disclosed=True, uses_confidential_information=False),
        "permitted",
        "conflict_of_interest.no-role-disclosed",
        (III_B, III_E),
        (),
        id="no-role-disclosed-no-confidential",
    ),
    pytest.param(
        _facts("none", disclosed=False),
        "conditional",
        "conflict_of_interest.no-role-undisclosed",
        (III_B, III_E),
        (),
        id="no-role-undisclosed",
    ),
    pytest.param(
        _facts("none"),
        "conditional",
        "conflict_of_interest.no-role-undisclosed",
        (III_B, III_E),
        (),
        id="no-role-disclosure-unknown",
    ),
    # A part in the decision, undisclosed: prohibited, recused or not.
    pytest.param(
        _facts("decides", disclosed=False),
        "prohibited",
        "conflict_of_interest.undisclosed",
        (III_B, III_E),
        (),
        id="decides-undisclosed",
    ),
    pytest.param(
        _facts("decides", disclosed=False, recused=True),
        "prohibited",
        "conflict_of_interest.undisclosed",
        (III_B, III_E),
        (),
        id="decides-undisclosed-recused",
    ),
    pytest.param(
        _facts("influences", disclosed=False),
        "prohibited",
        "conflict_of_interest.undisclosed",
        (III_B, III_E),
        (),
        id="influences-undisclosed",
    ),
    # Unknown disclosure where it matters: indeterminate.
    pytest.param(
        _facts("decides"),
        "indeterminate",
        "conflict_of_interest.disclosure-unknown",
        (III_B, III_E),
        # v2: only facts that could change the decision, but all of them: undisclosed is
        # prohibited, disclosed then turns on recusal, so both are listed (was disclosed only).
        (DISCLOSED, "conflict_of_interest.recused"),
        id="decides-disclosure-unknown",
    ),
    pytest.param(
        _facts("decides", recused=False),
        "prohibited",
        "conflict_of_interest.decides-not-recused",
        (III_B, III_E),
        (),
        # v2: every value of the unknown disclosure gives prohibited, so that decision
        # stands (was indeterminate on the disclosure).
        id="decides-not-recused-disclosure-unknown",
    ),
    pytest.param(
        _facts("influences"),
        "indeterminate",
        "conflict_of_interest.disclosure-unknown",
        (III_B, III_E),
        (DISCLOSED, "conflict_of_interest.recused"),
        id="influences-all-unknown",
    ),
    pytest.param(
        _facts("influences", recused=True),
        "indeterminate",
        "conflict_of_interest.disclosure-unknown",
        (III_B, III_E),
        (DISCLOSED,),
        id="influences-disclosure-unknown-recused",
    ),
    # Disclosed and recused: permitted.
    pytest.param(
        _facts("decides", disclosed=True, recused=True),
        "permitted",
        "conflict_of_interest.disclosed-and-recused",
        (III_B, III_E),
        (),
        id="decides-disclosed-recused",
    ),
    pytest.param(
        _facts("influences", disclosed=True, recused=True),
        "permitted",
        "conflict_of_interest.disclosed-and-recused",
        (III_B, III_E),
        (),
        id="influences-disclosed-recused",
    ),
    # Disclosed, not recused: decides is prohibited, influences is conditional.
    pytest.param(
        _facts("decides", disclosed=True, recused=False),
        "prohibited",
        "conflict_of_interest.decides-not-recused",
        (III_B, III_E),
        (),
        id="decides-disclosed-not-recused",
    ),
    pytest.param(
        _facts("influences", disclosed=True, recused=False),
        "conditional",
        "conflict_of_interest.influences-disclosed",
        (III_B, III_E),
        (),
        id="influences-disclosed-not-recused",
    ),
    # Disclosed, recusal unknown: indeterminate.
    pytest.param(
        _facts("decides", disclosed=True),
        "indeterminate",
        "conflict_of_interest.recusal-unknown",
        (III_B, III_E),
        (RECUSED,),
        id="decides-disclosed-recusal-unknown",
    ),
    pytest.param(
        _facts("influences", disclosed=True),
        "indeterminate",
        "conflict_of_interest.recusal-unknown",
        (III_B, III_E),
        (RECUSED,),
        id="influences-disclosed-recusal-unknown",
    ),
]


@pytest.mark.parametrize(("facts", "decision", "rule", "cites", "missing"), READINGS)
def test_reading(
    coi_engine: Engine,
    facts: dict[str, Any],
    decision: str,
    rule: str,
    cites: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    outcome, finding = _finding(coi_engine, **facts)
    assert_outcome(outcome, decision, cites=cites, missing=missing)
    assert finding.rule == rule
    assert [c.id for c in finding.citations] == list(cites)
    assert finding.missing_facts == missing
    assert finding.reason.strip()
    # The Code states no consequence, so no conflict finding carries one.
    assert finding.consequence is None
    if finding.decision is Decision.CONDITIONAL:
        assert finding.conditions
        assert all(c.endswith(".") and "Code III.B" in c for c in finding.conditions)
    else:
        assert finding.conditions == ()
    if finding.decision is Decision.PERMITTED:
        assert finding.citations
        assert all(c.text.strip() for c in finding.citations)


def test_no_role_undisclosed_condition_is_to_advise_the_parties(coi_engine: Engine) -> None:
    _, finding = _finding(coi_engine, **_facts("none", disclosed=False))
    assert finding.conditions == (duty(conflict_of_interest.ADVISE),)
    assert "Advise all appropriate parties" in finding.conditions[0]


def test_influences_condition_is_the_parties_accepting_the_part(coi_engine: Engine) -> None:
    _, finding = _finding(coi_engine, **_facts("influences", disclosed=True, recused=False))
    assert finding.conditions == (duty(conflict_of_interest.ACCEPTED),)
    assert "accept your part" in finding.conditions[0]


def test_confidential_information_cites_iii_e_first_with_its_text(coi_engine: Engine) -> None:
    _, finding = _finding(coi_engine, **_facts("none", uses_confidential_information=True))
    assert finding.citations[0].id == III_E
    assert "not to further private interest" in finding.citations[0].text
    assert finding.facts_used == ("conflict_of_interest.uses_confidential_information",)


@pytest.mark.parametrize(
    ("held_by", "interest", "counterparty", "phrase"),
    [
        ("self", "financial", "vendor", "You have a financial interest in a vendor"),
        ("family", "board", "prospective_vendor", "Your family has a board seat at a prospective"),
        ("friend", "employment", "competitor", "A friend of yours has an employment tie to a"),
        ("self", "other", None, "You have an interest in the other party"),
    ],
)
def test_reason_names_the_interest(
    coi_engine: Engine, held_by: str, interest: str, counterparty: str | None, phrase: str
) -> None:
    facts: dict[str, Any] = {
        "interest": interest,
        "held_by": held_by,
        "role_in_decision": "decides",
        "disclosed": False,
    }
    if counterparty is not None:
        facts["counterparty"] = counterparty
    _, finding = _finding(coi_engine, **facts)
    assert finding.reason.startswith(phrase), finding.reason


def test_decision_does_not_depend_on_whose_interest_or_kind(coi_engine: Engine) -> None:
    decisions = {
        _finding(
            coi_engine,
            interest=interest,
            held_by=held_by,
            role_in_decision="decides",
            disclosed=True,
            recused=False,
        )[1].decision
        for interest in ("financial", "ownership", "family", "personal", "board", "other")
        for held_by in ("self", "family", "friend")
    }
    assert decisions == {Decision.PROHIBITED}


def test_declared_clauses_exist_and_cover_every_citation(coi_engine: Engine) -> None:
    # v2: the plugin declares its rules, each with the clauses it may cite.
    declared = conflict_of_interest.ala_policy_cited_clauses()
    assert declared is conflict_of_interest.RULES
    assert {clause for cites in declared.values() for clause in cites} == {III_B, III_E}
    assert all(clause in coi_engine.corpus for cites in declared.values() for clause in cites)
    for row in READINGS:
        rule, cites = row.values[2], row.values[3]
        assert isinstance(cites, tuple)
        assert set(cites) <= set(declared[str(rule)])
    assert {str(row.values[2]) for row in READINGS} == set(declared)


def test_before_the_revised_code_nothing_is_decided(coi_engine: Engine) -> None:
    # v2: conduct before 2010-01-01 fell under the 1991 Code, whose text is not held.
    _outcome, finding = single_finding(
        coi_engine,
        "conflict_of_interest",
        "member",
        {"interest": "ownership", "role_in_decision": "decides", "disclosed": False},
        date="2009-12-31",
    )
    assert finding.decision is Decision.INDETERMINATE
    assert finding.missing_facts == ()
    assert "1991 Code of Professional Ethics" in finding.reason
    assert "does not hold" in finding.reason
    assert finding.rule == "conflict_of_interest.undisclosed"  # the reading that would apply
    on_the_day = coi_engine.evaluate(
        scenario(
            date="2010-01-01",
            conflict_of_interest={
                "interest": "ownership",
                "role_in_decision": "decides",
                "disclosed": False,
            },
        )
    )
    assert on_the_day.decision is Decision.PROHIBITED


def test_engine_without_the_code_refuses_the_plugin() -> None:
    with pytest.raises(PolicyError, match="code/III"):
        make_engine(conflict_of_interest, builtins=["areas"])
