"""The compiled fast path (``_strict``) accepts exactly what the cattrs converter accepts."""

from __future__ import annotations

import datetime
import math
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import attrs
import pluggy
import pytest

from ala_policy import (
    Actor,
    Area,
    ConflictOfInterestFacts,
    DirectoryUseFacts,
    Expectation,
    FieldError,
    GiftFacts,
    Ruling,
    SolicitationFacts,
    hookimpl,
    hookspec,
)
from ala_policy._parsing import _make_converter, structure_scenario
from ala_policy._strict import compile_structurer
from ala_policy.plugins.certification import CertificationFacts
from ala_policy.testing import make_engine

FAIL = object()

#: Values of every kind the converters must tell apart.
POOL: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -3,
    2.5,
    -0.5,
    math.nan,
    math.inf,
    10**400,
    "",
    "x",
    "true",
    "2026-03-01",
    "2026-02-30",
    datetime.date(2026, 3, 1),
    datetime.datetime(2026, 3, 1, 12, 0),  # a datetime is not a date
    [],
    ["a", "b"],
    ["a", 1],
    ("a",),
    {},
    {"role": "member"},
]


@attrs.frozen(kw_only=True)
class Nested:
    when: datetime.date | None = None
    count: int = 0
    share: float | None = None
    tags: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Outer:
    """Every supported kind: nested class, alias, required and optional fields."""

    name: str
    inner: Nested | None = None
    _secret: str = "s"
    flag: bool | None = None
    kind: Literal["a", "b"] = "a"


def _valid_values(tp: Any) -> list[Any]:
    """Values of type ``tp`` (so that random data is often valid)."""
    import types
    import typing

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return [None] + [v for a in args if a is not type(None) for v in _valid_values(a)]
    if origin is Literal:
        return list(args)
    if origin is tuple:
        return [[], ["a", "b"]]
    samples: dict[Any, list[Any]] = {
        bool: [True, False],
        str: ["x", ""],
        int: [0, 7],
        float: [0, 2.5, 3],
        datetime.date: ["2026-03-01", datetime.date(2026, 3, 1)],
    }
    return samples.get(tp, [{}])


def _random_data(cls: type, rng: random.Random) -> dict[str, Any]:
    import typing

    hints = typing.get_type_hints(cls)
    data = {}
    for field in attrs.fields(cls):
        if rng.random() < 0.9:
            good = rng.random() < 0.93
            data[field.name] = rng.choice(_valid_values(hints[field.name]) if good else POOL)
    if rng.random() < 0.03:
        data["unknown"] = 1
    return data


def _outcome(function: Any) -> Any:
    try:
        return function()
    except Exception:  # noqa: BLE001 - any failure is the same answer: no
        return FAIL


CLASSES = [
    GiftFacts,
    ConflictOfInterestFacts,
    DirectoryUseFacts,
    SolicitationFacts,
    CertificationFacts,
    Actor,
    Expectation,
    Nested,
    Outer,
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_fast_path_agrees_with_cattrs(cls: type) -> None:
    ours = compile_structurer(cls)
    assert ours is not None
    converter = _make_converter(detailed=False)
    rng = random.Random(f"strict-{cls.__name__}")
    accepted = rejected = 0
    for _ in range(3000):
        data = _random_data(cls, rng)
        expected = _outcome(lambda: converter.structure(data, cls))  # noqa: B023
        got = _outcome(lambda: ours(data))  # noqa: B023
        if expected is FAIL:
            rejected += 1
            assert got is FAIL, data
        else:
            accepted += 1
            assert got == expected, data
    assert accepted > 300, accepted  # both answers are well exercised
    assert rejected > 300, rejected


def test_aliases_and_nested_classes() -> None:
    ours = compile_structurer(Outer)
    assert ours is not None
    value = ours({"name": "n", "_secret": "t", "inner": {"when": "2026-01-02", "tags": ["a"]}})
    assert value == Outer(
        name="n", secret="t", inner=Nested(when=datetime.date(2026, 1, 2), tags=("a",))
    )


@attrs.frozen
class WithList:
    numbers: list[int]


def _strip(text: str) -> str:
    return text.strip()


@attrs.frozen
class WithConverter:
    text: str = attrs.field(converter=_strip)


@attrs.frozen
class WithUnion:
    value: int | str


@attrs.frozen
class WithUnknownAnnotation:
    value: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821


@attrs.frozen
class Holder:
    inner: WithList


@pytest.mark.parametrize(
    "cls",
    [WithList, WithConverter, WithUnion, WithUnknownAnnotation, Holder],
    ids=lambda c: c.__name__,
)
def test_classes_it_cannot_take_are_left_to_cattrs(cls: type) -> None:
    assert compile_structurer(cls) is None


@attrs.frozen(kw_only=True)
class TallyFacts:
    counts: list[int]


class TallyHooks:
    @hookspec
    def ala_policy_evaluate_tally(self, scenario: Any, facts: Any, policy: Any) -> Any:
        """Decide the tally area."""


class TallyPlugin:
    """An area whose facts have a ``list[int]``, which only cattrs structures."""

    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(TallyHooks)

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(Area(name="tally", facts=TallyFacts, hook="ala_policy_evaluate_tally"))

    @hookimpl
    def ala_policy_evaluate_tally(self, facts: TallyFacts) -> Ruling:
        return Ruling(decision="not_applicable", reason=f"{sum(facts.counts)} counted")


def test_a_facts_class_it_cannot_take_is_structured_by_cattrs() -> None:
    engine = make_engine(("tally", TallyPlugin()), builtins=["ala_policies"])
    outcome = engine.evaluate({"id": "t", "actor": {"role": "member"}, "tally": {"counts": [1, 2]}})
    assert outcome.findings[0].reason == "3 counted"
    with pytest.raises(FieldError) as caught:
        structure_scenario(
            {"id": "t", "actor": {"role": "member"}, "tally": {"counts": [1, "x"]}}, engine.areas
        )
    assert caught.value.parts == ["tally", "counts", 1]


def test_deciding_valid_scenarios_does_not_import_cattrs() -> None:
    """cattrs is for the detailed path: a run of valid scenarios must not pay its import."""
    program = (
        "import sys\n"
        "from ala_policy import Engine\n"
        "outcome = Engine().evaluate({'id': 'x', 'actor': {'role': 'member'},"
        " 'gift': {'kind': 'meal', 'act': 'offered'}})\n"
        "assert outcome.decision.value == 'indeterminate', outcome\n"
        "print('cattrs' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


#: Modules a valid one-file ``evaluate`` run does without.
OFF_PATH = (
    "cattrs",
    "logging",
    "ala_policy.expectations",
    "ala_policy._yaml_problems",
)


def test_a_one_file_run_imports_none_of_what_only_other_runs_need(tmp_path: Path) -> None:
    """docs/performance.md, "Start-up": the program's one-file run keeps cattrs (for invalid
    scenarios), logging (for --debug and plugin faults), the expectations (for ``ala-policy
    test``) and the YAML error wording (for a file that fails) off its path."""
    scenario_file = tmp_path / "one.yaml"
    scenario_file.write_text(
        "id: x\ndate: 2026-03-01\nactor:\n  role: member\n"
        "gift:\n  kind: meal\n  act: offered\n  pending_business: true\n",
        encoding="utf-8",
    )
    program = (
        "import sys\n"
        f"OFF_PATH = {OFF_PATH!r}\n"
        "from ala_policy.cli import main\n"
        "try:\n"
        f'    main(["evaluate", {str(scenario_file)!r}], standalone_mode=False)\n'
        "finally:\n"
        "    found = [m for m in OFF_PATH if m in sys.modules]\n"
        "    print(found, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert "PROHIBITED" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
