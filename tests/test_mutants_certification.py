"""Certification, exactly: every rule with its citations in order (``code/I.B`` where the Code
is in force), its missing facts, the facts it read, its duties and its reason word for word,
with the membership and international notes (docs/scenarios.md, "certification"; issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _exact import Reading, check
from _readings import duty

from ala_policy import Engine, PolicyError
from ala_policy.plugins import certification
from ala_policy.testing import make_engine

DEFINITION, RECOGNITION = "certification/definition", "certification/recognition"
REQUIREMENTS, INTERNATIONAL = "certification/requirements", "certification/international"
INTEGRITY = "code/I.B"

READINGS = [
    Reading(
        "eligibility-unknown",
        {"question": "eligibility"},
        "indeterminate",
        "certification.eligibility-unknown",
        (REQUIREMENTS,),
        (
            "Whether you are eligible to become certified turns on whether you meet the "
            "eligibility requirements. Fact not given: "
            "certification.meets_eligibility_requirements. The engine does not guess."
        ),
        missing=("certification.meets_eligibility_requirements",),
        used=("certification.question", "certification.meets_eligibility_requirements"),
    ),
    Reading(
        "eligibility-unknown-canada",
        {"question": "eligibility", "country": "canada"},
        "indeterminate",
        "certification.eligibility-unknown",
        (REQUIREMENTS, INTERNATIONAL),
        (
            "Whether you are eligible to become certified turns on whether you meet the "
            "eligibility requirements. Legal administrators in Canada and other countries are "
            "eligible to become certified, but major portions of the examination are based on "
            "U.S. federal law. Fact not given: certification.meets_eligibility_requirements. "
            "The engine does not guess."
        ),
        missing=("certification.meets_eligibility_requirements",),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.country",
        ),
    ),
    Reading(
        "eligibility-unknown-us",
        {"question": "eligibility", "country": "us", "continuing_education": True},
        "indeterminate",
        "certification.eligibility-unknown",
        (REQUIREMENTS,),
        (
            "Whether you are eligible to become certified turns on whether you meet the "
            "eligibility requirements. Fact not given: "
            "certification.meets_eligibility_requirements. The engine does not guess."
        ),
        missing=("certification.meets_eligibility_requirements",),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.country",
        ),
    ),
    Reading(
        "not-eligible-non-member-abroad",
        {"question": "eligibility", "meets_eligibility_requirements": False, "country": "other"},
        "prohibited",
        "certification.not-eligible",
        (REQUIREMENTS, INTERNATIONAL),
        (
            "You are not eligible yet: to become certified you must first meet the eligibility "
            "requirements, and then pass the certification examination. ALA membership is not "
            "required: ALA members or non-members may become certified "
            "(certification/requirements). Legal administrators in Canada and other countries "
            "are eligible to become certified, but major portions of the examination are based "
            "on U.S. federal law."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.member",
            "certification.country",
        ),
        role="non_member",
    ),
    Reading(
        "not-eligible-member-false",
        {"question": "eligibility", "meets_eligibility_requirements": False, "member": False},
        "prohibited",
        "certification.not-eligible",
        (REQUIREMENTS,),
        (
            "You are not eligible yet: to become certified you must first meet the eligibility "
            "requirements, and then pass the certification examination. ALA membership is not "
            "required: ALA members or non-members may become certified "
            "(certification/requirements)."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.member",
        ),
    ),
    Reading(
        "not-eligible-actor-member-false",
        {"question": "eligibility", "meets_eligibility_requirements": False},
        "prohibited",
        "certification.not-eligible",
        (REQUIREMENTS,),
        (
            "You are not eligible yet: to become certified you must first meet the eligibility "
            "requirements, and then pass the certification examination. ALA membership is not "
            "required: ALA members or non-members may become certified "
            "(certification/requirements)."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.member",
            "actor.member",
        ),
        role="business_partner",
        member=False,
    ),
    Reading(
        "eligible-and-passed",
        {
            "question": "eligibility",
            "meets_eligibility_requirements": True,
            "passed_examination": True,
            "country": "canada",
        },
        "permitted",
        "certification.eligible-and-passed",
        (REQUIREMENTS,),
        (
            "You meet the eligibility requirements and have passed the certification "
            "examination: both requirements to become certified."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.country",
            "certification.passed_examination",
        ),
    ),
    Reading(
        "eligible-and-passed-member",
        {
            "question": "eligibility",
            "meets_eligibility_requirements": True,
            "passed_examination": True,
            "member": True,
        },
        "permitted",
        "certification.eligible-and-passed",
        (REQUIREMENTS,),
        (
            "You meet the eligibility requirements and have passed the certification "
            "examination: both requirements to become certified."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.member",
            "actor.member",
            "certification.passed_examination",
        ),
        role="business_partner",
        member=True,
    ),
    Reading(
        "eligible",
        {"question": "eligibility", "meets_eligibility_requirements": True},
        "conditional",
        "certification.eligible",
        (REQUIREMENTS,),
        (
            "You meet the eligibility requirements, so you are eligible to sit the "
            "certification examination; passing it is what remains to become certified."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.passed_examination",
        ),
        conditions=(duty("certification/pass-examination"),),
    ),
    Reading(
        "eligible-not-passed-yet",
        {
            "question": "eligibility",
            "meets_eligibility_requirements": True,
            "passed_examination": False,
            "certified": False,
        },
        "conditional",
        "certification.eligible",
        (REQUIREMENTS,),
        (
            "You meet the eligibility requirements, so you are eligible to sit the "
            "certification examination; passing it is what remains to become certified."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.passed_examination",
        ),
        conditions=(duty("certification/pass-examination"),),
    ),
    Reading(
        "eligible-abroad",
        {"question": "eligibility", "meets_eligibility_requirements": True, "country": "other"},
        "conditional",
        "certification.eligible",
        (REQUIREMENTS, INTERNATIONAL),
        (
            "You meet the eligibility requirements, so you are eligible to sit the "
            "certification examination; passing it is what remains to become certified. ALA "
            "membership is not required: ALA members or non-members may become certified "
            "(certification/requirements)."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.member",
            "certification.country",
            "certification.passed_examination",
        ),
        conditions=(duty("certification/pass-examination"), duty("certification/us-federal-law")),
        role="non_member",
    ),
    Reading(
        "eligible-certified-abroad",
        {
            "question": "eligibility",
            "meets_eligibility_requirements": True,
            "certified": True,
            "country": "canada",
        },
        "conditional",
        "certification.eligible",
        (REQUIREMENTS,),
        (
            "You meet the eligibility requirements, so you are eligible to sit the "
            "certification examination; passing it is what remains to become certified."
        ),
        used=(
            "certification.question",
            "certification.meets_eligibility_requirements",
            "certification.country",
            "certification.passed_examination",
        ),
        conditions=(duty("certification/pass-examination"),),
    ),
    Reading(
        "certified",
        {"question": "use_designation", "certified": True},
        "permitted",
        "certification.certified",
        (DEFINITION, RECOGNITION, REQUIREMENTS),
        "You hold the Certified Legal Manager certification, so you may use the CLM designation.",
        used=("certification.question", "certification.certified"),
    ),
    Reading(
        "certified-abroad-non-member",
        {"question": "use_designation", "certified": True, "country": "canada"},
        "permitted",
        "certification.certified",
        (DEFINITION, RECOGNITION, REQUIREMENTS),
        (
            "You hold the Certified Legal Manager certification, so you may use the CLM "
            "designation. ALA membership is not required: ALA members or non-members may "
            "become certified (certification/requirements)."
        ),
        used=(
            "certification.question",
            "certification.certified",
            "certification.member",
            "certification.country",
        ),
        role="non_member",
    ),
    Reading(
        "not-certified",
        {"question": "use_designation", "certified": False, "meets_eligibility_requirements": True},
        "prohibited",
        "certification.not-certified",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: you are not certified (it was never granted, or it lapsed or was "
            "revoked), and certification is the recognition the profession grants to those who "
            "meet its qualifications. Using it without holding it misrepresents your "
            "credentials, which is a matter of integrity (Code I.B)."
        ),
        used=("certification.question", "certification.certified"),
    ),
    Reading(
        "not-certified-before-the-code",
        {"question": "use_designation", "certified": False},
        "prohibited",
        "certification.not-certified",
        (DEFINITION, RECOGNITION, REQUIREMENTS),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: you are not certified (it was never granted, or it lapsed or was "
            "revoked), and certification is the recognition the profession grants to those who "
            "meet its qualifications."
        ),
        used=("certification.question", "certification.certified"),
        date="2009-06-01",
    ),
    Reading(
        "not-certified-abroad",
        {"question": "use_designation", "certified": False, "country": "other", "member": False},
        "prohibited",
        "certification.not-certified",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTERNATIONAL, INTEGRITY),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: you are not certified (it was never granted, or it lapsed or was "
            "revoked), and certification is the recognition the profession grants to those who "
            "meet its qualifications. Using it without holding it misrepresents your "
            "credentials, which is a matter of integrity (Code I.B). ALA membership is not "
            "required: ALA members or non-members may become certified "
            "(certification/requirements). Legal administrators in Canada and other countries "
            "are eligible to become certified, but major portions of the examination are based "
            "on U.S. federal law."
        ),
        used=(
            "certification.question",
            "certification.certified",
            "certification.member",
            "certification.country",
        ),
    ),
    Reading(
        "not-qualified-one",
        {"question": "use_designation", "passed_examination": False},
        "prohibited",
        "certification.not-qualified",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: CLMs are recognized as administrators who have met the work experience "
            "requirement, displayed a commitment to continuing education and passed a "
            "comprehensive examination, and you have not passed the certification examination. "
            "Using it without holding it misrepresents your credentials, which is a matter of "
            "integrity (Code I.B)."
        ),
        used=(
            "certification.question",
            "certification.certified",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
    ),
    Reading(
        "not-qualified-two",
        {
            "question": "use_designation",
            "meets_eligibility_requirements": False,
            "continuing_education": False,
            "passed_examination": True,
        },
        "prohibited",
        "certification.not-qualified",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: CLMs are recognized as administrators who have met the work experience "
            "requirement, displayed a commitment to continuing education and passed a "
            "comprehensive examination, and you do not meet the eligibility (work experience) "
            "requirements and you have not displayed a commitment to continuing education. "
            "Using it without holding it misrepresents your credentials, which is a matter of "
            "integrity (Code I.B)."
        ),
        used=(
            "certification.question",
            "certification.certified",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
    ),
    Reading(
        "not-qualified-three",
        {
            "question": "use_designation",
            "meets_eligibility_requirements": False,
            "continuing_education": False,
            "passed_examination": False,
            "country": "canada",
        },
        "prohibited",
        "certification.not-qualified",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTERNATIONAL, INTEGRITY),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: CLMs are recognized as administrators who have met the work experience "
            "requirement, displayed a commitment to continuing education and passed a "
            "comprehensive examination, and you do not meet the eligibility (work experience) "
            "requirements, you have not displayed a commitment to continuing education and you "
            "have not passed the certification examination. Using it without holding it "
            "misrepresents your credentials, which is a matter of integrity (Code I.B). Legal "
            "administrators in Canada and other countries are eligible to become certified, "
            "but major portions of the examination are based on U.S. federal law."
        ),
        used=(
            "certification.question",
            "certification.certified",
            "certification.country",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
    ),
    Reading(
        "not-qualified-before-the-code",
        {"question": "use_designation", "continuing_education": False},
        "prohibited",
        "certification.not-qualified",
        (DEFINITION, RECOGNITION, REQUIREMENTS),
        (
            "You may not use the CLM designation or present yourself as a Certified Legal "
            "Manager: CLMs are recognized as administrators who have met the work experience "
            "requirement, displayed a commitment to continuing education and passed a "
            "comprehensive examination, and you have not displayed a commitment to continuing "
            "education."
        ),
        used=(
            "certification.question",
            "certification.certified",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
        date="2009-12-31",
    ),
    Reading(
        "designation-unknown",
        {"question": "use_designation"},
        "indeterminate",
        "certification.designation-unknown",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY),
        (
            "Only a person who holds the CLM certification may use the designation, whatever "
            "qualifications they have; whether you hold it (not lapsed or revoked) is not "
            "given. Fact not given: certification.certified. The engine does not guess."
        ),
        missing=("certification.certified",),
        used=(
            "certification.question",
            "certification.certified",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
    ),
    Reading(
        "designation-unknown-qualified",
        {
            "question": "use_designation",
            "meets_eligibility_requirements": True,
            "continuing_education": True,
            "passed_examination": True,
            "country": "canada",
        },
        "indeterminate",
        "certification.designation-unknown",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTEGRITY),
        (
            "Only a person who holds the CLM certification may use the designation, whatever "
            "qualifications they have; whether you hold it (not lapsed or revoked) is not "
            "given. Fact not given: certification.certified. The engine does not guess."
        ),
        missing=("certification.certified",),
        used=(
            "certification.question",
            "certification.certified",
            "certification.country",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
    ),
    Reading(
        "designation-unknown-abroad",
        {"question": "use_designation", "country": "other"},
        "indeterminate",
        "certification.designation-unknown",
        (DEFINITION, RECOGNITION, REQUIREMENTS, INTERNATIONAL, INTEGRITY),
        (
            "Only a person who holds the CLM certification may use the designation, whatever "
            "qualifications they have; whether you hold it (not lapsed or revoked) is not "
            "given. Legal administrators in Canada and other countries are eligible to become "
            "certified, but major portions of the examination are based on U.S. federal law. "
            "Fact not given: certification.certified. The engine does not guess."
        ),
        missing=("certification.certified",),
        used=(
            "certification.question",
            "certification.certified",
            "actor.member",
            "certification.country",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
        role="business_partner",
        member=True,
    ),
    Reading(
        "designation-unknown-before-the-code",
        {"question": "use_designation", "member": True},
        "indeterminate",
        "certification.designation-unknown",
        (DEFINITION, RECOGNITION, REQUIREMENTS),
        (
            "Only a person who holds the CLM certification may use the designation, whatever "
            "qualifications they have; whether you hold it (not lapsed or revoked) is not "
            "given. Fact not given: certification.certified. The engine does not guess."
        ),
        missing=("certification.certified",),
        used=(
            "certification.question",
            "certification.certified",
            "certification.member",
            "certification.meets_eligibility_requirements",
            "certification.continuing_education",
            "certification.passed_examination",
        ),
        date="2009-06-01",
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "certification", reading, certification.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(certification.RULES)


@pytest.mark.parametrize("kind", ["missing", "namespace"])
def test_the_clm_document_must_be_found(
    kind: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The plugin locates its policy document without importing the data package; where the
    # package cannot be found, or is a namespace package with no file of its own, building
    # the engine fails with a clear error rather than guessing a path.
    name = "ala_policy_no_such_package"
    if kind == "namespace":
        name = "ala_policy_namespace_only"
        (tmp_path / name).mkdir()
        monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(certification, "POLICY_PACKAGE", name)
    with pytest.raises(
        PolicyError, match=f"cannot find the {name} package holding certification.yaml"
    ):
        make_engine(builtins=["ala_policies", "certification"])
