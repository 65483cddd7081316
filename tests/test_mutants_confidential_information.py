"""Confidential information, exactly: every rule with its citations in order, the facts it
read, its duties, its consequence and its reason word for word (docs/scenarios.md,
"confidential_information"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check
from _readings import CONSEQUENCE, duty

from ala_policy import Engine
from ala_policy.plugins import confidential_information

III_E, TERMS = "code/III.E", "nonsolicitation/directory-terms"

READINGS = [
    Reading(
        "directory-shared-outside",
        {"information": "member_directory", "use": "management", "shared_with": "outside"},
        "prohibited",
        "confidential_information.directory-shared-outside",
        (III_E, TERMS),
        (
            "Using information from the ALA Member Directory for management and passing it to "
            "people outside your employer organization is prohibited: the Member Directory "
            "terms say members may not permit any information from the directory to pass into "
            "the hands of any other person outside their employer organization, association or "
            "company (Directory terms, Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "directory-shared-outside-improper",
        {"information": "member_directory", "use": "personal_profit", "shared_with": "outside"},
        "prohibited",
        "confidential_information.directory-shared-outside",
        (III_E, TERMS),
        (
            "Using information from the ALA Member Directory for personal profit and passing "
            "it to people outside your employer organization is prohibited: the Member "
            "Directory terms say members may not permit any information from the directory to "
            "pass into the hands of any other person outside their employer organization, "
            "association or company (Directory terms, Code III.E). The use is improper as "
            "well: Code III.E allows confidential and proprietary information to be used "
            "solely for legal practice or management purposes, not to further private interest "
            "or personal profit."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
        consequence=CONSEQUENCE,
    ),
    Reading(
        "directory-shared-outside-non-member",
        {"information": "member_directory", "use": "legal_practice", "shared_with": "outside"},
        "prohibited",
        "confidential_information.directory-shared-outside",
        (III_E, TERMS),
        (
            "Using information from the ALA Member Directory for legal practice and passing it "
            "to people outside your employer organization is prohibited: the Member Directory "
            "terms say members may not permit any information from the directory to pass into "
            "the hands of any other person outside their employer organization, association or "
            "company (Directory terms, Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
        role="non_member",
    ),
    Reading(
        "improper-private-interest",
        {"information": "client", "use": "private_interest"},
        "prohibited",
        "confidential_information.improper-use",
        (III_E,),
        (
            "Using client confidential information to further a private interest is "
            "prohibited: confidential and proprietary information may be used solely for legal "
            "practice or management purposes and not to further private interest or personal "
            "profit (Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
    Reading(
        "improper-other",
        {"information": "vendor_proprietary", "use": "other", "shared_with": "own_organization"},
        "prohibited",
        "confidential_information.improper-use",
        (III_E,),
        (
            "Using a vendor's proprietary information for a purpose other than legal practice "
            "or management is prohibited: confidential and proprietary information may be used "
            "solely for legal practice or management purposes and not to further private "
            "interest or personal profit (Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
    Reading(
        "improper-directory",
        {"information": "member_directory", "use": "personal_profit", "shared_with": "nobody"},
        "prohibited",
        "confidential_information.improper-use",
        (III_E,),
        (
            "Using information from the ALA Member Directory for personal profit is "
            "prohibited: confidential and proprietary information may be used solely for legal "
            "practice or management purposes and not to further private interest or personal "
            "profit (Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
    Reading(
        "shared-outside-legal-practice",
        {"information": "firm", "use": "legal_practice", "shared_with": "outside"},
        "conditional",
        "confidential_information.shared-outside",
        (III_E,),
        (
            "Using the firm's confidential or proprietary information for legal practice is a "
            "use Code III.E allows, and sharing it outside your organization is allowed only "
            "as far as the sharing itself serves legal practice purposes (Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
        conditions=(duty("code/share-for-legal-practice"),),
    ),
    Reading(
        "shared-outside-management",
        {"information": "personnel", "use": "management", "shared_with": "outside"},
        "conditional",
        "confidential_information.shared-outside",
        (III_E,),
        (
            "Using confidential personnel information for management is a use Code III.E "
            "allows, and sharing it outside your organization is allowed only as far as the "
            "sharing itself serves management purposes (Code III.E)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
        conditions=(duty("code/share-for-management"),),
    ),
    Reading(
        "proper-use",
        {"information": "other", "use": "legal_practice"},
        "permitted",
        "confidential_information.proper-use",
        (III_E,),
        (
            "Using confidential or proprietary information for legal practice without passing "
            "it to anyone else is what Code III.E allows: confidential and proprietary "
            "information used solely for legal practice or management purposes."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
    Reading(
        "proper-use-own-organization",
        {"information": "client", "use": "management", "shared_with": "own_organization"},
        "permitted",
        "confidential_information.proper-use",
        (III_E,),
        (
            "Using client confidential information for management within your own organization "
            "is what Code III.E allows: confidential and proprietary information used solely "
            "for legal practice or management purposes."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
    Reading(
        "proper-use-directory",
        {"information": "member_directory", "use": "management", "shared_with": "own_organization"},
        "permitted",
        "confidential_information.proper-use",
        (III_E, TERMS),
        (
            "Using information from the ALA Member Directory for management within your own "
            "organization is what Code III.E allows: confidential and proprietary information "
            "used solely for legal practice or management purposes. It stays within your "
            "employer organization, as the Member Directory terms require (Directory terms)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
    Reading(
        "proper-use-directory-nobody",
        {"information": "member_directory", "use": "legal_practice"},
        "permitted",
        "confidential_information.proper-use",
        (III_E, TERMS),
        (
            "Using information from the ALA Member Directory for legal practice without "
            "passing it to anyone else is what Code III.E allows: confidential and proprietary "
            "information used solely for legal practice or management purposes. It stays "
            "within your employer organization, as the Member Directory terms require "
            "(Directory terms)."
        ),
        used=(
            "confidential_information.information",
            "confidential_information.use",
            "confidential_information.shared_with",
        ),
    ),
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(engine: Engine, reading: Reading) -> None:
    check(engine, "confidential_information", reading, confidential_information.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(confidential_information.RULES)
