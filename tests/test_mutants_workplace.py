"""Workplace, exactly: every rule with its citations in order, its missing facts, the facts
it read and its reason word for word (docs/scenarios.md, "workplace"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check

from ala_policy import Engine
from ala_policy.plugins import workplace

II_A, II_D, II_F = "code/II.A", "code/II.D", "code/II.F"

READINGS = [
    Reading(
        "addresses",
        {"conduct": "addresses", "basis": "not_protected", "affects": "applicants"},
        "permitted",
        "workplace.addresses",
        (II_F, II_D),
        (
            "Acting on discrimination, intimidation or harassment affecting job applicants "
            "(investigating it, stopping it) is what the Code asks: promote a work environment "
            "that does not discriminate, intimidate or allow harassment (Code II.F), through "
            "policies and procedures that address professional responsibility, business ethics "
            "and conduct (Code II.D)."
        ),
        used=("workplace.conduct", "workplace.affects"),
    ),
    Reading(
        "addresses-default",
        {"conduct": "addresses"},
        "permitted",
        "workplace.addresses",
        (II_F, II_D),
        (
            "Acting on discrimination, intimidation or harassment affecting employees "
            "(investigating it, stopping it) is what the Code asks: promote a work environment "
            "that does not discriminate, intimidate or allow harassment (Code II.F), through "
            "policies and procedures that address professional responsibility, business ethics "
            "and conduct (Code II.D)."
        ),
        used=("workplace.conduct", "workplace.affects"),
    ),
    Reading(
        "discriminates-protected",
        {"conduct": "discriminates", "basis": "national_origin", "affects": "vendors"},
        "prohibited",
        "workplace.protected-basis",
        (II_F,),
        (
            "Treating vendors differently based on national origin is what the Code forbids: a "
            "legal administrator must promote a work environment that does not discriminate, "
            "intimidate or allow harassment based on national origin (Code II.F)."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "tolerates-protected",
        {"conduct": "tolerates", "basis": "age"},
        "prohibited",
        "workplace.protected-basis",
        (II_F,),
        (
            "Knowing that others discriminate against, intimidate or harass employees based on "
            "age and letting it go on is allowing it, which is what the Code forbids: a legal "
            "administrator must promote a work environment that does not discriminate, "
            "intimidate or allow harassment based on age (Code II.F)."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "harasses-other-protected",
        {"conduct": "harasses", "basis": "other_protected", "affects": "clients"},
        "prohibited",
        "workplace.protected-basis",
        (II_F,),
        (
            "Harassing clients based on another legally protected characteristic is what the "
            "Code forbids: a legal administrator must promote a work environment that does not "
            "discriminate, intimidate or allow harassment based on another legally protected "
            "characteristic (Code II.F)."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "intimidates-not-protected",
        {"conduct": "intimidates", "basis": "not_protected", "affects": "others"},
        "prohibited",
        "workplace.hostile-environment",
        (II_A, II_F),
        (
            "Intimidating others on a basis that is not a legally protected characteristic is "
            "contrary to the environment the Code asks you to foster, one where all employees "
            "can develop, contribute and prosper (Code II.A). Code II.F, which reaches legally "
            "protected characteristics, does not decide it, but II.A does."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "harasses-basis-unknown",
        {"conduct": "harasses"},
        "prohibited",
        "workplace.hostile-environment",
        (II_A, II_F),
        (
            "Harassing employees is contrary to the environment the Code asks you to foster, "
            "one where all employees can develop, contribute and prosper (Code II.A). The "
            "characteristic it is based on is not given, and it makes no difference to the "
            "decision: based on a legally protected characteristic, it is also what Code II.F "
            "forbids."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "tolerates-basis-unknown",
        {"conduct": "tolerates", "affects": "applicants"},
        "prohibited",
        "workplace.hostile-environment",
        (II_A, II_F),
        (
            "Knowing that others discriminate against, intimidate or harass job applicants and "
            "letting it go on is contrary to the environment the Code asks you to foster, one "
            "where all employees can develop, contribute and prosper (Code II.A). The "
            "characteristic it is based on is not given, and it makes no difference to the "
            "decision: based on a legally protected characteristic, it is also what Code II.F "
            "forbids."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "discriminates-not-protected",
        {"conduct": "discriminates", "basis": "not_protected"},
        "not_applicable",
        "workplace.unprotected-basis",
        (II_F,),
        (
            "Treating employees differently on a basis that is not a legally protected "
            "characteristic is not what Code II.F addresses: it forbids discrimination based "
            "on race, color, ethnicity, national origin, gender, age, religion, disability, "
            "veteran's status, marital status, sexual orientation or other legally protected "
            "characteristics."
        ),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
    Reading(
        "discriminates-basis-unknown",
        {"conduct": "discriminates", "affects": "clients"},
        "indeterminate",
        "workplace.basis-unknown",
        (II_F,),
        (
            "Treating clients differently is discrimination Code II.F forbids when it is based "
            "on a legally protected characteristic, and not what II.F addresses otherwise; the "
            "characteristic it is based on is not given. Fact not given: workplace.basis. The "
            "engine does not guess."
        ),
        missing=("workplace.basis",),
        used=("workplace.conduct", "workplace.basis", "workplace.affects"),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "workplace", reading, workplace.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(workplace.RULES)
