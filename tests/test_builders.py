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
from ala_policy._builders import builder, positional, slots_base
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


SLOTTED = (
    ConflictOfInterestFacts,
    DirectoryUseFacts,
    Finding,
    GiftFacts,
    Outcome,
    Ruling,
    Scenario,
    SolicitationFacts,
)


@pytest.mark.parametrize("cls", SLOTTED, ids=lambda c: c.__name__)
def test_hot_classes_take_their_slots_from_a_plain_base(cls: type) -> None:
    base = slots_base(cls)
    assert base is not None
    assert base.__dict__["__slots__"] == (*(f.name for f in attrs.fields(cls)), "__weakref__")
    assert cls.__slots__ == ()  # type: ignore[attr-defined]
    if cls is not Ruling:
        build = builder(cls)
        assert build is not None
        assert build.__code__.co_names.count("__class__") == 1  # the plain-store path


def test_slots_base_declines_a_base_that_does_not_fit() -> None:
    class Short:
        __slots__ = ("x", "__weakref__")  # noqa: RUF023 - field order, as a base has it

    @attrs.frozen
    class Longer(Short):
        x: int
        y: int

    class Sets:
        __slots__ = ("x", "__weakref__")  # noqa: RUF023 - field order, as a base has it

        def __setattr__(self, name: str, value: object) -> None:
            object.__setattr__(self, name, value)

    @attrs.frozen
    class Checked(Sets):
        x: int

    class Grand(Short):
        __slots__ = ()

    @attrs.frozen
    class Deep(Grand):
        x: int

    for cls in (Longer, Checked, Deep, Source, Actor):
        assert slots_base(cls) is None, cls
    assert Checked(x=1) == builder(Checked)(1)  # type: ignore[misc]


def test_ruling_is_the_same_whichever_way_it_is_built() -> None:
    import copy
    import pickle

    ruling = Ruling(decision="permitted", reason="Why.", cites=["code/III.C"], duties="d/x")
    assert type(ruling) is Ruling
    assert ruling.decision is Decision.PERMITTED
    assert (ruling.cites, ruling.duties) == (("code/III.C",), ("d/x",))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ruling.reason = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(ruling)) == ruling
    assert copy.copy(ruling) == ruling
    assert attrs.evolve(ruling, reason="Other.").reason == "Other."

    class Plain(Ruling):
        pass

    @attrs.frozen
    class Extra(Ruling):
        extra: int = 0

    plain = Plain(decision="prohibited", reason="No.", cites=("code/III.C",))
    assert type(plain) is Plain
    assert (plain.decision, plain.reason, plain.cites) == (
        Decision.PROHIBITED,
        "No.",
        ("code/III.C",),
    )
    extra = Extra(decision="permitted", reason="Yes.", extra=2)
    assert (type(extra), extra.extra, extra.decision) == (Extra, 2, Decision.PERMITTED)
    with pytest.raises(ValueError, match="'maybe' is not a valid Decision"):
        Ruling(decision="maybe", reason="?")


def test_make_ruling_is_ruling_called_with_the_same_arguments() -> None:
    from ala_policy import make_ruling

    rng = random.Random("make_ruling")
    choices: dict[str, list[Any]] = {
        "decision": [*Decision, "permitted", "conditional"],
        "reason": ["Why.", ""],
        "cites": [(), ("code/III.C",), ["code/III.B", "code/III.C"], "code/III.C"],
        "conditions": [(), ["a condition"], "one"],
        "missing_facts": [(), ("gift.giver",), ["gift.act"]],
        "rule": [None, "gift.x"],
        "facts_used": [(), ("gift.act",), ["gift.act", "gift.giver"]],
        "consequence": [None, "A consequence."],
        "duties": [(), ("nonsolicitation/opt-out",), ["d/x"], "d/y"],
    }
    assert set(choices) == {field.name for field in attrs.fields(Ruling)}
    for _ in range(300):
        values = {name: rng.choice(options) for name, options in choices.items()}
        made = make_ruling(**values)
        assert type(made) is Ruling
        assert made == Ruling(**values)
        for name in ("cites", "conditions", "missing_facts", "facts_used", "duties"):
            assert type(getattr(made, name)) is tuple
    with pytest.raises(ValueError, match="'maybe' is not a valid Decision"):
        make_ruling(decision="maybe", reason="?")
    with pytest.raises(TypeError):
        make_ruling(reason="no decision")  # type: ignore[call-arg]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        make_ruling(decision="permitted", reason="x").reason = "y"  # type: ignore[misc]
