"""Governance, exactly: every rule with its citations in order, its missing facts in order,
the facts it read, its duties and its reason word for word, naming each duty not met or
met (docs/scenarios.md, "governance"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check
from _readings import duty

from ala_policy import Engine
from ala_policy.plugins import governance

II_D, II_E, III_D = "code/II.D", "code/II.E", "code/III.D"

READINGS = [
    Reading(
        "ethics-not-met",
        {"ethics_policies": False},
        "prohibited",
        "governance.duties-not-met",
        (II_D,),
        (
            "The legal organization does not meet the Code's governance duties: it has no "
            "policies and procedures addressing professional responsibility, business ethics "
            "and conduct, which Code II.D says to implement."
        ),
        used=("governance.ethics_policies",),
    ),
    Reading(
        "grievance-not-met",
        {"grievance_process": False, "grievance_process_fits": True},
        "prohibited",
        "governance.duties-not-met",
        (II_E,),
        (
            "The legal organization does not meet the Code's governance duties: it has no "
            "grievance and appeals process, which Code II.E says to establish."
        ),
        used=("governance.grievance_process",),
    ),
    Reading(
        "grievance-not-tailored",
        {"grievance_process": True, "grievance_process_fits": False, "ethics_policies": True},
        "prohibited",
        "governance.duties-not-met",
        (II_D, II_E),
        (
            "The legal organization does not meet the Code's governance duties: its grievance "
            "and appeals process is not tailored to its size and structure, as Code II.E "
            "requires."
        ),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.grievance_process_fits",
        ),
    ),
    Reading(
        "no-tailored-process",
        {"grievance_process_fits": False},
        "prohibited",
        "governance.duties-not-met",
        (II_E,),
        (
            "The legal organization does not meet the Code's governance duties: it has no "
            "grievance and appeals process tailored to its size and structure, as Code II.E "
            "requires."
        ),
        used=("governance.grievance_process", "governance.grievance_process_fits"),
    ),
    Reading(
        "clients-not-met",
        {"client_service_policies": False, "ethics_policies": True},
        "prohibited",
        "governance.duties-not-met",
        (II_D, III_D),
        (
            "The legal organization does not meet the Code's governance duties: it does not "
            "have policies and procedures to provide quality client service, whose existence "
            "Code III.D says to ensure."
        ),
        used=("governance.ethics_policies", "governance.client_service_policies"),
    ),
    Reading(
        "all-not-met",
        {"ethics_policies": False, "grievance_process": False, "client_service_policies": False},
        "prohibited",
        "governance.duties-not-met",
        (II_D, II_E, III_D),
        (
            "The legal organization does not meet the Code's governance duties: it has no "
            "policies and procedures addressing professional responsibility, business ethics "
            "and conduct, which Code II.D says to implement; it has no grievance and appeals "
            "process, which Code II.E says to establish; and it does not have policies and "
            "procedures to provide quality client service, whose existence Code III.D says to "
            "ensure."
        ),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.client_service_policies",
        ),
    ),
    Reading(
        "two-not-met",
        {"ethics_policies": False, "grievance_process": True, "grievance_process_fits": False},
        "prohibited",
        "governance.duties-not-met",
        (II_D, II_E),
        (
            "The legal organization does not meet the Code's governance duties: it has no "
            "policies and procedures addressing professional responsibility, business ethics "
            "and conduct, which Code II.D says to implement; and its grievance and appeals "
            "process is not tailored to its size and structure, as Code II.E requires."
        ),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.grievance_process_fits",
        ),
    ),
    Reading(
        "grievance-process-unknown",
        {"grievance_process_fits": True},
        "indeterminate",
        "governance.grievance-process-unknown",
        (II_E,),
        (
            "The grievance and appeals process is said to be tailored to the legal "
            "organization's size and structure, but whether the organization has established "
            "one is not given; Code II.E says to establish it. Fact not given: "
            "governance.grievance_process. The engine does not guess."
        ),
        missing=("governance.grievance_process",),
        used=("governance.grievance_process", "governance.grievance_process_fits"),
    ),
    Reading(
        "grievance-process-unknown-with-ethics",
        {"grievance_process_fits": True, "ethics_policies": True, "client_service_policies": True},
        "indeterminate",
        "governance.grievance-process-unknown",
        (II_D, II_E, III_D),
        (
            "The grievance and appeals process is said to be tailored to the legal "
            "organization's size and structure, but whether the organization has established "
            "one is not given; Code II.E says to establish it. Fact not given: "
            "governance.grievance_process. The engine does not guess."
        ),
        missing=("governance.grievance_process",),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.grievance_process_fits",
            "governance.client_service_policies",
        ),
    ),
    Reading(
        "nothing-given",
        {},
        "indeterminate",
        "governance.nothing-given",
        (II_D, II_E, III_D),
        (
            "The governance duties are to implement policies and procedures addressing "
            "professional responsibility, business ethics and conduct (Code II.D), to "
            "establish a grievance and appeals process tailored to the legal organization's "
            "size and structure (Code II.E) and to ensure policies and procedures for quality "
            "client service (Code III.D); the section gives none of them. Facts not given: "
            "governance.ethics_policies, governance.grievance_process, "
            "governance.client_service_policies. The engine does not guess."
        ),
        missing=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.client_service_policies",
        ),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.client_service_policies",
        ),
    ),
    Reading(
        "grievance-fit-unknown",
        {"grievance_process": True},
        "conditional",
        "governance.grievance-process-fit-unknown",
        (II_E,),
        (
            "The legal organization has established a grievance and appeals process (Code "
            "II.E). Code II.E asks for one tailored to the organization's size and structure, "
            "and whether it is tailored is not given, so tailoring it remains a duty."
        ),
        used=("governance.grievance_process", "governance.grievance_process_fits"),
        conditions=(duty("code/tailor-grievance-process"),),
    ),
    Reading(
        "grievance-fit-unknown-with-others",
        {"grievance_process": True, "ethics_policies": True, "client_service_policies": True},
        "conditional",
        "governance.grievance-process-fit-unknown",
        (II_D, II_E, III_D),
        (
            "The legal organization has policies and procedures addressing professional "
            "responsibility, business ethics and conduct (Code II.D); has established a "
            "grievance and appeals process (Code II.E); and has policies and procedures to "
            "provide quality client service (Code III.D). Code II.E asks for one tailored to "
            "the organization's size and structure, and whether it is tailored is not given, "
            "so tailoring it remains a duty."
        ),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.grievance_process_fits",
            "governance.client_service_policies",
        ),
        conditions=(duty("code/tailor-grievance-process"),),
    ),
    Reading(
        "ethics-met",
        {"ethics_policies": True},
        "permitted",
        "governance.duties-met",
        (II_D,),
        (
            "The legal organization has policies and procedures addressing professional "
            "responsibility, business ethics and conduct (Code II.D), as the Code asks."
        ),
        used=("governance.ethics_policies",),
    ),
    Reading(
        "clients-met",
        {"client_service_policies": True},
        "permitted",
        "governance.duties-met",
        (III_D,),
        (
            "The legal organization has policies and procedures to provide quality client "
            "service (Code III.D), as the Code asks."
        ),
        used=("governance.client_service_policies",),
    ),
    Reading(
        "grievance-met",
        {"grievance_process": True, "grievance_process_fits": True},
        "permitted",
        "governance.duties-met",
        (II_E,),
        (
            "The legal organization has established a grievance and appeals process tailored "
            "to its size and structure (Code II.E), as the Code asks."
        ),
        used=("governance.grievance_process", "governance.grievance_process_fits"),
    ),
    Reading(
        "all-met",
        {
            "ethics_policies": True,
            "grievance_process": True,
            "grievance_process_fits": True,
            "client_service_policies": True,
        },
        "permitted",
        "governance.duties-met",
        (II_D, II_E, III_D),
        (
            "The legal organization has policies and procedures addressing professional "
            "responsibility, business ethics and conduct (Code II.D); has established a "
            "grievance and appeals process tailored to its size and structure (Code II.E); and "
            "has policies and procedures to provide quality client service (Code III.D), as "
            "the Code asks."
        ),
        used=(
            "governance.ethics_policies",
            "governance.grievance_process",
            "governance.grievance_process_fits",
            "governance.client_service_policies",
        ),
    ),
    Reading(
        "two-met",
        {"ethics_policies": True, "client_service_policies": True},
        "permitted",
        "governance.duties-met",
        (II_D, III_D),
        (
            "The legal organization has policies and procedures addressing professional "
            "responsibility, business ethics and conduct (Code II.D); and has policies and "
            "procedures to provide quality client service (Code III.D), as the Code asks."
        ),
        used=("governance.ethics_policies", "governance.client_service_policies"),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "governance", reading, governance.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(governance.RULES)
