"""Gift, exactly: every rule with its citations in order, its missing facts in order, the
facts it read and its reason word for word (docs/scenarios.md, "gift"; issue 12)."""

from __future__ import annotations

import pytest
from _exact import Reading, check

from ala_policy import Engine
from ala_policy.plugins import gift
from ala_policy.testing import make_engine

III_C, III_B = "code/III.C", "code/III.B"

READINGS = [
    Reading(
        "employer",
        {"kind": "meal", "act": "accepted", "beneficiary": "employer", "pending_business": True},
        "not_applicable",
        "gift.beneficiary-outside-iii-c",
        (III_C,),
        (
            "Accepting a meal on behalf of the employer is not on behalf of oneself, family or "
            "friends, so Code III.C does not reach it."
        ),
        used=("gift.beneficiary",),
    ),
    Reading(
        "charity-offered",
        {"kind": "travel", "act": "offered", "beneficiary": "charity"},
        "not_applicable",
        "gift.beneficiary-outside-iii-c",
        (III_C,),
        (
            "Accepting travel on behalf of the charity is not on behalf of oneself, family or "
            "friends, so Code III.C does not reach it."
        ),
        used=("gift.beneficiary",),
    ),
    Reading(
        "solicited-client-for-family",
        {"kind": "discount", "act": "solicited", "giver": "client", "beneficiary": "family"},
        "prohibited",
        "gift.solicited-from-business-contact",
        (III_C,),
        (
            "Asking a client for a discount on behalf of the actor's family is soliciting, "
            "which Code III.C prohibits whatever the value."
        ),
        used=("gift.act", "gift.giver", "gift.beneficiary"),
    ),
    Reading(
        "solicited-vendor-for-self",
        {"kind": "loan", "act": "solicited", "giver": "prospective_vendor"},
        "prohibited",
        "gift.solicited-from-business-contact",
        (III_C,),
        (
            "Asking a prospective vendor for a loan on behalf of oneself is soliciting, which "
            "Code III.C prohibits whatever the value."
        ),
        used=("gift.act", "gift.giver", "gift.beneficiary"),
    ),
    Reading(
        "pending-business",
        {"kind": "meal", "act": "offered", "giver": "vendor", "pending_business": True},
        "prohibited",
        "gift.pending-business",
        (III_C, III_B),
        (
            "Accepting a meal from a giver with a business decision pending that the actor can "
            "affect may influence that decision and gives at least the appearance of a "
            "conflict of interest."
        ),
        used=("gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "may-influence",
        {"kind": "gratuity", "act": "accepted", "pending_business": False, "may_influence": True},
        "prohibited",
        "gift.may-influence",
        (III_C,),
        (
            "Accepting a gratuity that may influence business decisions is what Code III.C "
            "tells administrators to refrain from."
        ),
        used=("gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "unknown-both",
        {"kind": "entertainment", "act": "offered"},
        "indeterminate",
        "gift.unknown",
        (III_C, III_B),
        (
            "Whether accepting entertainment is allowed turns on whether the giver has a "
            "business decision pending that the actor can affect and whether it may influence "
            "business decisions (Code III.C, III.B). Facts not given: gift.pending_business, "
            "gift.may_influence. The engine does not guess."
        ),
        missing=("gift.pending_business", "gift.may_influence"),
        used=("gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "unknown-pending",
        {"kind": "gift", "act": "accepted", "giver": "vendor", "may_influence": False},
        "indeterminate",
        "gift.unknown",
        (III_C, III_B),
        (
            "Whether accepting a gift is allowed turns on whether the giver has a business "
            "decision pending that the actor can affect and whether it may influence business "
            "decisions (Code III.C, III.B). Fact not given: gift.pending_business. The engine "
            "does not guess."
        ),
        missing=("gift.pending_business",),
        used=("gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "unknown-influence",
        {"kind": "fee", "act": "accepted", "pending_business": False},
        "indeterminate",
        "gift.unknown",
        (III_C, III_B),
        (
            "Whether accepting a fee is allowed turns on whether the giver has a business "
            "decision pending that the actor can affect and whether it may influence business "
            "decisions (Code III.C, III.B). Fact not given: gift.may_influence. The engine "
            "does not guess."
        ),
        missing=("gift.may_influence",),
        used=("gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "solicited-unknown-giver",
        {"kind": "gift", "act": "solicited"},
        "indeterminate",
        "gift.unknown",
        (III_C, III_B),
        (
            "Whether asking for a gift is allowed turns on whether the giver has a business "
            "decision pending that the actor can affect, who the giver is and whether it may "
            "influence business decisions (Code III.C, III.B). Facts not given: gift.giver, "
            "gift.pending_business, gift.may_influence. The engine does not guess."
        ),
        missing=("gift.giver", "gift.pending_business", "gift.may_influence"),
        used=("gift.giver", "gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "solicited-unknown-giver-only",
        {"kind": "gift", "act": "solicited", "pending_business": False, "may_influence": False},
        "indeterminate",
        "gift.unknown",
        (III_C, III_B),
        (
            "Whether asking for a gift is allowed turns on whether the giver has a business "
            "decision pending that the actor can affect, who the giver is and whether it may "
            "influence business decisions (Code III.C, III.B). Fact not given: gift.giver. The "
            "engine does not guess."
        ),
        missing=("gift.giver",),
        used=("gift.giver", "gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "solicited-colleague-unknown",
        {"kind": "commission", "act": "solicited", "giver": "colleague", "may_influence": False},
        "indeterminate",
        "gift.unknown",
        (III_C, III_B),
        (
            "Whether asking for a commission is allowed turns on whether the giver has a "
            "business decision pending that the actor can affect and whether it may influence "
            "business decisions (Code III.C, III.B). Fact not given: gift.pending_business. "
            "The engine does not guess."
        ),
        missing=("gift.pending_business",),
        used=("gift.giver", "gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "no-influence",
        {
            "kind": "other",
            "act": "accepted",
            "giver": "vendor",
            "pending_business": False,
            "may_influence": False,
        },
        "permitted",
        "gift.no-influence",
        (III_C, III_B),
        (
            "Accepting something of value is allowed: no business decision of the giver is "
            "pending and the item cannot influence business decisions."
        ),
        used=("gift.pending_business", "gift.may_influence"),
    ),
    Reading(
        "solicited-colleague-no-influence",
        {
            "kind": "gift",
            "act": "solicited",
            "giver": "colleague",
            "beneficiary": "friend",
            "pending_business": False,
            "may_influence": False,
        },
        "permitted",
        "gift.no-influence",
        (III_C, III_B),
        (
            "Asking for a gift is allowed: no business decision of the giver is pending and "
            "the item cannot influence business decisions."
        ),
        used=("gift.pending_business", "gift.may_influence"),
    ),
]


@pytest.fixture(scope="module")
def alone() -> Engine:
    return make_engine(gift, builtins=["areas", "ala_policies"])


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_each_reading_exactly(alone: Engine, reading: Reading) -> None:
    check(alone, "gift", reading, gift.RULES)


def test_every_rule_is_read() -> None:
    assert {r.rule for r in READINGS} == set(gift.RULES)
