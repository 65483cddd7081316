"""tools/mutation.py, the runner of ``tox -e mutation``: the mutants it makes, and its list of
equivalent mutants (the runner itself is exercised by ``tox -e mutation``)."""

from __future__ import annotations

import ast
import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "mutation.py"


@pytest.fixture(scope="module")
def mutation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ala_policy_mutation_tool", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


SAMPLE = textwrap.dedent(
    '''
    """A module to mutate."""

    from __future__ import annotations

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from x import Y

    __all__ = ["decide"]

    CLAUSE = "code/III.C"
    OTHER = "code/III.B"
    KINDS = frozenset({"a", "b"})
    RULES = {"sample.one": (CLAUSE, OTHER), "sample.two": (CLAUSE,)}


    def decide(facts: Y) -> object:
        """Decide."""
        for name in ("x", "y"):
            if facts.kind in ("a", "b") and not facts.known:
                continue
            break
        try:
            value = facts.value
        except KeyError:
            log().warning("no value")
            return None
        except ValueError:
            raise
        if value is None:
            return Ruling.unknown(
                "Turns on the value.",
                missing=unknown_facts(facts, "sample", "value", "other"),
                cites=(CLAUSE, OTHER),
                rule="sample.two",
            )
        return Ruling(
            decision=Decision.PERMITTED if value > 1 else Decision.PROHIBITED,
            reason=f"Value {value}.",
            cites=(CLAUSE,),
            facts_used=("sample.value", "sample.kind"),
            rule="sample.one",
            final=True,
        )
    '''
)


def _mutants(mutation: ModuleType, source: str = SAMPLE) -> list[Any]:
    target = mutation.Target("sample", "plugins/sample.py", ("tests/test_sample.py",))
    mutants: list[Any] = mutation.make_mutants(target, source.encode("utf-8"))
    return mutants


def test_every_operator_is_made_and_every_mutant_compiles(mutation: ModuleType) -> None:
    mutants = _mutants(mutation)
    operators = {m.operator for m in mutants}
    assert operators == {
        "decision-swap",
        "element-drop",
        "element-swap",
        "reason-blank",
        "reason-vague",
        "rule-blank",
        "rule-other",
        "if-true",
        "if-false",
        "cond-true",
        "cond-false",
        "compare-flip",
        "boolop-flip",
        "not-drop",
        "loop-jump",
        "except-pass",
        "except-drop",
        "return-none",
        "bool-flip",
        "constant-swap",
        "entry-drop",
    }
    original = ast.dump(ast.parse(SAMPLE))
    sources = set()
    for mutant in mutants:
        mutated = mutant.apply(SAMPLE.encode("utf-8"))
        assert ast.dump(ast.parse(mutated)) != original, mutant
        sources.add(mutated)
    assert len(sources) == len(mutants), "two mutants make the same code"
    assert [m.number for m in mutants] == list(range(1, len(mutants) + 1))


def test_what_is_equivalent_by_construction_is_not_mutated(mutation: ModuleType) -> None:
    befores = {m.before for m in _mutants(mutation)}
    changed = " ".join(befores)
    assert "TYPE_CHECKING" not in changed
    assert "__all__" not in changed
    assert "Decide." not in changed  # a docstring
    assert 'log().warning("no value")' not in befores  # logging
    assert "def decide(facts: Y) -> object:" not in befores  # annotations


@pytest.mark.parametrize(
    ("operator", "before", "after"),
    [
        ("decision-swap", "Decision.PERMITTED", "Decision.ERROR"),
        ("rule-other", '"sample.two"', "'sample.one'"),
        ("rule-other", '"sample.one"', "'sample.two'"),
        ("constant-swap", '"code/III.C"', "'code/III.B'"),
        ("loop-jump", "continue", "break"),
        ("loop-jump", "break", "continue"),
        ("except-pass", "raise", "pass"),
        ("compare-flip", "value is None", "value is not None"),
        ("compare-flip", "value > 1", "value >= 1"),
        ("compare-flip", 'facts.kind in ("a", "b")', "facts.kind not in ('a', 'b')"),
        ("boolop-flip", " and ", " or "),
        ("not-drop", "not facts.known", "facts.known"),
        ("bool-flip", "final=True", "final=False"),
        ("reason-blank", 'reason=f"Value {value}."', 'reason=""'),
        ("reason-vague", '"Turns on the value."', "'Mutated reason.'"),
        ("element-swap", "(CLAUSE, OTHER)", "(OTHER, CLAUSE)"),
        ("element-swap", '"value", "other"', "'other', 'value'"),
        ("element-drop", '("sample.value", "sample.kind")', "('sample.kind',)"),
        ("element-drop", '{"a", "b"}', "{'b'}"),
        ("entry-drop", '"sample.one": (CLAUSE, OTHER)', "RULES without 'sample.two'"),
        ("return-none", "return Ruling(", "return None"),
    ],
)
def test_each_operator_makes_the_change_it_names(
    mutation: ModuleType, operator: str, before: str, after: str
) -> None:
    found = [
        m
        for m in _mutants(mutation)
        if m.operator == operator and before in m.before and after in m.after
    ]
    assert found, [(m.before, m.after) for m in _mutants(mutation) if m.operator == operator]


def test_no_swap_where_order_means_nothing(mutation: ModuleType) -> None:
    swaps = [m for m in _mutants(mutation) if m.operator == "element-swap"]
    assert not [m for m in swaps if "frozenset" in m.before or " in (" in m.before]
    assert not [m for m in swaps if m.before.startswith("for name in")]
    assert not [m for m in swaps if m.qualname == "<module>" and "RULES" in m.before]


def test_a_scope_limits_the_mutants_to_the_functions_named(mutation: ModuleType) -> None:
    source = "def a(x):\n    return x == 1\n\n\ndef b(x):\n    return x == 2\n"
    target = mutation.Target("s", "kernel/s.py", ("t.py",), scope=("b",))
    mutants = mutation.make_mutants(target, source.encode("utf-8"))
    assert {m.qualname for m in mutants} == {"b"}
    assert target.site_path() == "ala_policy/s.py"
    assert mutation.Target("p", "plugins/p.py", ()).site_path() == "ala_policy/plugins/p.py"


def test_the_equivalent_mutants_are_listed_with_a_reason(mutation: ModuleType) -> None:
    entries = mutation.load_equivalents()
    assert entries, "tools/mutation_equivalent.txt lists no equivalent mutant"
    operators = {
        "decision-swap",
        "element-drop",
        "element-swap",
        "reason-blank",
        "reason-vague",
        "rule-blank",
        "rule-other",
        "if-true",
        "if-false",
        "cond-true",
        "cond-false",
        "compare-flip",
        "boolop-flip",
        "not-drop",
        "loop-jump",
        "except-pass",
        "except-drop",
        "return-none",
        "bool-flip",
        "constant-swap",
        "entry-drop",
    }
    keys = set()
    for entry in entries:
        target, _qualname, operator, _before, _after = entry.key
        assert target in mutation.TARGETS, entry
        assert operator in operators, entry
        assert len(entry.reason) > 20, entry
        assert entry.key not in keys, f"listed twice: {entry.key}"
        keys.add(entry.key)


def test_every_target_and_its_tests_exist(mutation: ModuleType) -> None:
    root = TOOL.parents[1]
    for target in mutation.TARGETS.values():
        assert (root / target.path).is_file(), target.path
        assert target.existing_tests(root), target.name
        assert all(t.startswith("tests/test_") for t in target.tests)
