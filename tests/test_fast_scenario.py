"""The one-pass scenario path (``_parsing.fast_scenario``) gives what the detailed path gives,
and declines (``None``) whatever the detailed path refuses."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ala_policy import FieldError, Scenario, Source
from ala_policy import _parsing as parsing
from ala_policy.testing import make_engine

AREAS = make_engine().areas
GIFT = {"kind": "meal", "act": "offered"}

CASES: list[dict[str, Any]] = [
    {"id": "a", "actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "date": "2026-03-01", "actor": {"role": "staff"}, "gift": GIFT},
    {"id": "a", "date": datetime.date(2026, 3, 1), "actor": {"role": "staff"}, "gift": GIFT},
    {"$schema": "x.json", "id": "a", "actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "title": "T", "actor": {"role": "sponsor", "member": True}, "gift": GIFT},
    {"id": "a", "actor": {"role": "staff", "member": 1}, "gift": GIFT},
    {"id": "a", "actor": {"member": True}, "gift": GIFT},
    {"id": "a", "actor": {"name": "member"}, "gift": GIFT},
    {"id": "a", "actor": {"role": ["member"]}, "gift": GIFT},
    {"id": "a", "actor": {"role": "member", "member": False}, "gift": GIFT},
    {"id": "a", "actor": {"role": "member"}, "gift": GIFT, "expect": {"decision": "permitted"}},
    {"id": "a", "actor": {"role": "member"}, "gift": GIFT, "expect": {"decision": "maybe"}},
    {"$schema": 3, "id": "a", "actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "actor": {"role": "member"}},
    {"id": "a", "actor": {"role": "member"}, "gift": GIFT, "other": 1},
    {"actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "gift": GIFT},
    {"id": "-a", "actor": {"role": "member"}, "gift": GIFT},
    {"id": 5, "actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "title": 5, "actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "date": "2026-02-30", "actor": {"role": "member"}, "gift": GIFT},
    {"id": "a", "actor": {"role": "member"}, "gift": [GIFT]},
    {"id": "a", "actor": {"role": "member"}, "gift": {**GIFT, "value_usd": -1}},
    {"id": "a", "actor": {"role": "member"}, "gift": GIFT, "directory_use": {"purpose": "other"}},
]


def _detailed(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Scenario | str:
    with monkeypatch.context() as patch:
        patch.setattr(parsing, "fast_scenario", lambda *_args: None)
        try:
            return parsing.structure_scenario(data, AREAS, source=Source("f", 1))
        except FieldError as exc:
            return exc.message


@pytest.mark.parametrize("data", CASES)
def test_fast_scenario_agrees_with_the_detailed_path(
    data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _detailed(data, monkeypatch)
    for _ in range(2):  # the second time through the shared actor and date caches
        fast = parsing.fast_scenario(data, AREAS, Source("f", 1))
        if isinstance(expected, str):
            assert fast is None, expected
            continue
        assert fast is not None
        assert fast == expected
        assert fast.source == expected.source
        assert fast.actor.member.__class__ is expected.actor.member.__class__
        assert list(fast.areas) == list(expected.areas)
