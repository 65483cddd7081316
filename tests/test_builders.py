"""The compiled builders (``_builders``) build exactly what calling the class builds."""

from __future__ import annotations

import datetime
import random
import re
from typing import Any

import attrs
import pytest

from ala_policy import (
    Actor,
    Citation,
    ConflictOfInterestFacts,
    Decision,
    DirectoryUseFacts,
    Expectation,
    Finding,
    GiftFacts,
    Outcome,
    Ruling,
    Scenario,
    SolicitationFacts,
    Source,
)
from ala_policy._builders import builder, positional
from ala_policy.models import InputFailure

#: Values that pass each model's validators, by field name (anything else: a string).
VALUES: dict[str, list[Any]] = {
    "id": ["a", "g17", "x.y-z_1", "-bad"],
    "role": ["member", "staff", "non_member"],
    "member": [None, True, False],
    "actor": [Actor(role="member"), Actor(role="staff", member=None)],
    "decision": list(Decision),
    "date": [None, datetime.date(2026, 3, 1)],
    "value_usd": [None, 0.0, 12.5, -1.0],
    "areas": [{}, {"gift": GiftFacts(kind="meal", act="offered")}],
}

MODELS = (
    Actor,
    Citation,
    ConflictOfInterestFacts,
    DirectoryUseFacts,
    Expectation,
    Finding,
    GiftFacts,
    InputFailure,
    Outcome,
    Scenario,
    SolicitationFacts,
    Source,
)


def _values(cls: type, rng: random.Random) -> dict[str, Any]:
    out = {}
    for field in attrs.fields(cls):
        choices = VALUES.get(field.name, ["text", None, (), ("a", "b")])
        out[field.name] = rng.choice(choices)
    return out


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_builder_builds_what_the_class_builds(cls: type) -> None:
    build = builder(cls)
    assert build is not None
    rng = random.Random(cls.__name__)
    failed = 0
    for _ in range(100):
        values = _values(cls, rng)
        try:
            expected = cls(**values)
        except Exception as exc:  # noqa: BLE001 - the builder must raise the same
            with pytest.raises(type(exc), match=re.escape(str(exc))):
                build(*values.values())
            failed += 1
            continue
        built = build(*values.values())
        assert type(built) is cls
        assert built == expected
        assert all(getattr(built, k) is v for k, v in values.items())
    if cls in (Actor, GiftFacts, Scenario):  # the classes with validators: some failed
        assert failed


def test_builder_runs_validators_unless_disabled() -> None:
    build = builder(Scenario)
    assert build is not None
    actor = Actor(role="member")
    with pytest.raises(ValueError, match="invalid id"):
        build("-bad", actor, {}, None, None, None, None)
    with attrs.validators.disabled():
        assert build("-bad", actor, {}, None, None, None, None).id == "-bad"


def test_builder_declines_what_it_cannot_build_exactly() -> None:
    @attrs.frozen
    class PostInit:
        x: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.define
    class Mutable:
        x: int

    @attrs.frozen(slots=False)
    class NoSlots:
        x: int

    @attrs.frozen(cache_hash=True)
    class CachedHash:
        x: int

    class Sub(Source):
        pass

    @attrs.frozen
    class InitFalse:
        x: int = attrs.field(init=False, default=1)

    # Ruling has converters.
    for cls in (Ruling, PostInit, Mutable, NoSlots, CachedHash, Sub, InitFalse, dict):
        assert builder(cls) is None, cls


def test_positional_calls_the_class_where_there_is_no_builder() -> None:
    build = positional(Ruling)
    ruling = build(Decision.PERMITTED, "Why.", ["code/III.C"], (), (), None, (), None, ())
    assert ruling == Ruling(decision="permitted", reason="Why.", cites=("code/III.C",))
    assert positional(Finding) is builder(Finding)
    finding = Finding(area="gift", decision=Decision.PERMITTED, reason="r")
    assert Outcome.from_findings(
        Scenario(id="s", actor=Actor(role="member"), areas={}), [finding]
    ) == Outcome(id="s", decision=Decision.PERMITTED, findings=(finding,), date_given=False)
