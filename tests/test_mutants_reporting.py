"""Reporting, exactly: every rule with its citations in order, its missing facts in order, the
facts it read and its reason word for word, naming each fact that falls short
(docs/scenarios.md, "reporting"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check

from ala_policy import Engine
from ala_policy.plugins import reporting

II_B, II_C = "code/II.B", "code/II.C"

READINGS = [
    Reading(
        "financial-late",
        {
            "kind": "financial_report",
            "truthful": True,
            "complete": True,
            "prompt": False,
            "accurate": True,
        },
        "prohibited",
        "reporting.financial-report-faulty",
        (II_C,),
        (
            "Financial information must be reported promptly, completely and accurately, in a "
            "manner that facilitates informed decision making (Code II.C); this financial "
            "report was not given when due."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-inaccurate",
        {"kind": "financial_report", "accurate": False},
        "prohibited",
        "reporting.financial-report-faulty",
        (II_C,),
        (
            "Financial information must be reported promptly, completely and accurately, in a "
            "manner that facilitates informed decision making (Code II.C); this financial "
            "report has figures that are wrong."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-late-and-inaccurate",
        {"kind": "financial_report", "prompt": False, "accurate": False, "truthful": True},
        "prohibited",
        "reporting.financial-report-faulty",
        (II_C,),
        (
            "Financial information must be reported promptly, completely and accurately, in a "
            "manner that facilitates informed decision making (Code II.C); this financial "
            "report was not given when due and has figures that are wrong."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-untruthful",
        {"kind": "financial_report", "truthful": False},
        "prohibited",
        "reporting.financial-report-faulty",
        (II_C, II_B),
        (
            "Financial information must be reported promptly, completely and accurately, in a "
            "manner that facilitates informed decision making (Code II.C), and truthfully and "
            "forthrightly (Code II.B); this financial report contains something false or "
            "misleading."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-incomplete",
        {"kind": "financial_report", "complete": False, "prompt": False},
        "prohibited",
        "reporting.financial-report-faulty",
        (II_C, II_B),
        (
            "Financial information must be reported promptly, completely and accurately, in a "
            "manner that facilitates informed decision making (Code II.C), and truthfully and "
            "forthrightly (Code II.B); this financial report holds back something material and "
            "was not given when due."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-all-false",
        {
            "kind": "financial_report",
            "truthful": False,
            "complete": False,
            "prompt": False,
            "accurate": False,
        },
        "prohibited",
        "reporting.financial-report-faulty",
        (II_C, II_B),
        (
            "Financial information must be reported promptly, completely and accurately, in a "
            "manner that facilitates informed decision making (Code II.C), and truthfully and "
            "forthrightly (Code II.B); this financial report contains something false or "
            "misleading, holds back something material, was not given when due and has figures "
            "that are wrong."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-unknown",
        {"kind": "financial_report"},
        "indeterminate",
        "reporting.financial-report-unknown",
        (II_C, II_B),
        (
            "A financial report must be truthful and forthright (Code II.B) and given "
            "promptly, completely and accurately (Code II.C); nothing given shows it falls "
            "short, but not every one of these is stated. Facts not given: reporting.truthful, "
            "reporting.complete, reporting.prompt, reporting.accurate. The engine does not "
            "guess."
        ),
        missing=(
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-unknown-some",
        {"kind": "financial_report", "truthful": True, "prompt": True},
        "indeterminate",
        "reporting.financial-report-unknown",
        (II_C, II_B),
        (
            "A financial report must be truthful and forthright (Code II.B) and given "
            "promptly, completely and accurately (Code II.C); nothing given shows it falls "
            "short, but not every one of these is stated. Facts not given: reporting.complete, "
            "reporting.accurate. The engine does not guess."
        ),
        missing=("reporting.complete", "reporting.accurate"),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-unknown-accurate",
        {"kind": "financial_report", "truthful": True, "complete": True, "prompt": True},
        "indeterminate",
        "reporting.financial-report-unknown",
        (II_C, II_B),
        (
            "A financial report must be truthful and forthright (Code II.B) and given "
            "promptly, completely and accurately (Code II.C); nothing given shows it falls "
            "short, but not every one of these is stated. Fact not given: reporting.accurate. "
            "The engine does not guess."
        ),
        missing=("reporting.accurate",),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "financial-report",
        {
            "kind": "financial_report",
            "truthful": True,
            "complete": True,
            "prompt": True,
            "accurate": True,
        },
        "permitted",
        "reporting.financial-report",
        (II_C, II_B),
        (
            "The financial report is truthful, complete, given when due and accurate: "
            "financial information reported promptly, completely and accurately (Code II.C), "
            "and truthfully and forthrightly (Code II.B)."
        ),
        used=(
            "reporting.kind",
            "reporting.truthful",
            "reporting.complete",
            "reporting.prompt",
            "reporting.accurate",
        ),
    ),
    Reading(
        "professional-untruthful",
        {"kind": "professional_communication", "truthful": False, "prompt": False},
        "prohibited",
        "reporting.communication-not-forthright",
        (II_B,),
        (
            "The Code asks you to be truthful and forthright in all forms of professional and "
            "organizational communication (Code II.B); this professional communication "
            "contains something false or misleading."
        ),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "organizational-incomplete",
        {"kind": "organizational_communication", "complete": False, "truthful": True},
        "prohibited",
        "reporting.communication-not-forthright",
        (II_B,),
        (
            "The Code asks you to be truthful and forthright in all forms of professional and "
            "organizational communication (Code II.B); this organizational communication holds "
            "back something material."
        ),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "organizational-both",
        {"kind": "organizational_communication", "complete": False, "truthful": False},
        "prohibited",
        "reporting.communication-not-forthright",
        (II_B,),
        (
            "The Code asks you to be truthful and forthright in all forms of professional and "
            "organizational communication (Code II.B); this organizational communication "
            "contains something false or misleading and holds back something material."
        ),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "professional-unknown",
        {"kind": "professional_communication", "prompt": True, "accurate": True},
        "indeterminate",
        "reporting.communication-unknown",
        (II_B,),
        (
            "A professional communication must be truthful and forthright (Code II.B): nothing "
            "in it false or misleading, and nothing material held back; nothing given shows it "
            "falls short, but not both are stated. Facts not given: reporting.truthful, "
            "reporting.complete. The engine does not guess."
        ),
        missing=("reporting.truthful", "reporting.complete"),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "organizational-unknown-complete",
        {"kind": "organizational_communication", "truthful": True},
        "indeterminate",
        "reporting.communication-unknown",
        (II_B,),
        (
            "An organizational communication must be truthful and forthright (Code II.B): "
            "nothing in it false or misleading, and nothing material held back; nothing given "
            "shows it falls short, but not both are stated. Fact not given: "
            "reporting.complete. The engine does not guess."
        ),
        missing=("reporting.complete",),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "professional-unknown-truthful",
        {"kind": "professional_communication", "complete": True},
        "indeterminate",
        "reporting.communication-unknown",
        (II_B,),
        (
            "A professional communication must be truthful and forthright (Code II.B): nothing "
            "in it false or misleading, and nothing material held back; nothing given shows it "
            "falls short, but not both are stated. Fact not given: reporting.truthful. The "
            "engine does not guess."
        ),
        missing=("reporting.truthful",),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "professional",
        {
            "kind": "professional_communication",
            "truthful": True,
            "complete": True,
            "accurate": False,
        },
        "permitted",
        "reporting.communication",
        (II_B,),
        (
            "A professional communication in which nothing is false or misleading and nothing "
            "material is held back is truthful and forthright, as the Code asks (Code II.B)."
        ),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
    Reading(
        "organizational",
        {"kind": "organizational_communication", "truthful": True, "complete": True},
        "permitted",
        "reporting.communication",
        (II_B,),
        (
            "An organizational communication in which nothing is false or misleading and "
            "nothing material is held back is truthful and forthright, as the Code asks (Code "
            "II.B)."
        ),
        used=("reporting.kind", "reporting.truthful", "reporting.complete"),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "reporting", reading, reporting.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(reporting.RULES)
