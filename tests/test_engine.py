"""The engine as a library: embedding, combining, failing closed, and the kernel's boundaries."""

from __future__ import annotations

import ast
import datetime
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ala_policy
from ala_policy import (
    Decision,
    Engine,
    Finding,
    Outcome,
    PluginError,
    Ruling,
    Scenario,
    ScenarioError,
    hookimpl,
)
from ala_policy.testing import make_engine, scenario

KERNEL = Path(ala_policy.__file__).parent
GIFT_OK = {"kind": "gift", "act": "accepted", "pending_business": False, "may_influence": False}


def test_engine_evaluates_a_plain_mapping(engine: Engine) -> None:
    outcome = engine.evaluate(
        {"id": "x", "actor": {"role": "member"}, "gift": {**GIFT_OK, "may_influence": True}}
    )
    assert isinstance(outcome, Outcome)
    assert outcome.decision is Decision.PROHIBITED
    assert outcome.findings[0].citations[0].id == "code/III.C"


def test_engine_evaluates_a_parsed_scenario(engine: Engine) -> None:
    parsed = engine.parse(scenario(id="p", gift=GIFT_OK))
    assert isinstance(parsed, Scenario)
    assert engine.evaluate(parsed).decision is Decision.PERMITTED


def test_default_engine_loads_entry_points() -> None:
    names = {info.name for info in Engine().plugins()}
    assert {"areas", "ala_policies", "gift", "text", "json"} <= names


def test_invalid_mapping_raises_scenario_error_with_path(engine: Engine) -> None:
    with pytest.raises(ScenarioError) as info:
        engine.evaluate(
            {"id": "x", "actor": {"role": "member"}, "gift": {"kind": "pie", "act": "offered"}}
        )
    assert info.value.path == "gift.kind"
    assert info.value.scenario_id == "x"
    assert "'pie' is not one of" in str(info.value)


def test_several_engines_live_in_one_process() -> None:
    full = make_engine()
    without_gift = make_engine(exclude=["gift"])
    data = scenario(gift={**GIFT_OK, "may_influence": True})
    assert full.evaluate(data).decision is Decision.PROHIBITED
    assert without_gift.evaluate(data).decision is Decision.INDETERMINATE
    assert full.evaluate(data).decision is Decision.PROHIBITED
    assert full.pm is not without_gift.pm


def test_date_defaults_to_today_and_is_reported(engine: Engine) -> None:
    outcome = engine.evaluate(scenario(gift=GIFT_OK))
    assert outcome.date == datetime.date.today()
    dated = engine.evaluate(scenario(gift=GIFT_OK, date="2026-03-01"))
    assert dated.date == datetime.date(2026, 3, 1)


# -- combining -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "combined"),
    [
        (["permitted", "prohibited"], "prohibited"),
        (["conditional", "indeterminate"], "indeterminate"),
        (["permitted", "conditional"], "conditional"),
        (["not_applicable", "permitted"], "permitted"),
        (["not_applicable"], "not_applicable"),
        (["prohibited", "indeterminate", "conditional", "permitted"], "prohibited"),
    ],
)
def test_findings_combine_most_severe_first(decisions: list[str], combined: str) -> None:
    assert Decision.most_severe(Decision(d) for d in decisions) is Decision(combined)


class Stricter:
    """A chapter rule: gifts over 100 dollars are prohibited."""

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: Any) -> Ruling | None:
        if facts.value_usd is not None and facts.value_usd > 100:
            return Ruling(decision="prohibited", reason="Over the limit.", cites=["code/III.C"])
        return None


def test_an_added_rule_makes_outcomes_stricter_not_lenient() -> None:
    engine = make_engine(("chapter", Stricter()))
    low = engine.evaluate(scenario(gift={**GIFT_OK, "value_usd": 20}))
    assert low.decision is Decision.PERMITTED
    assert [f.plugin for f in low.findings] == ["gift"]
    high = engine.evaluate(scenario(gift={**GIFT_OK, "value_usd": 500}))
    assert high.decision is Decision.PROHIBITED
    assert sorted(f.plugin or "" for f in high.findings) == ["chapter", "gift"]


# -- failing closed -----------------------------------------------------------------------------


class Raises:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Ruling:
        raise RuntimeError("boom")


class ReturnsGarbage:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Any:
        return {"decision": "permitted"}


class ReturnsGarbageInAList:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Any:
        return [Ruling(decision="permitted", reason="fine", cites=["code/III.C"]), "permitted"]


class CitesUnknown:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Ruling:
        return Ruling(decision="permitted", reason="fine", cites=["code/III.Q"])


class GeneratorRaises:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Iterator[Ruling]:
        yield Ruling(decision="permitted", reason="fine", cites=["code/III.C"])
        raise ValueError("midway")


class SaysError:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Ruling:
        return Ruling(decision="error", reason="?")


@pytest.mark.parametrize(
    ("plugin", "what"),
    [
        (Raises(), "raised RuntimeError: boom"),
        (ReturnsGarbage(), "returned dict"),
        (ReturnsGarbageInAList(), "returned str"),
        (CitesUnknown(), "code/III.Q"),
        (GeneratorRaises(), "raised ValueError: midway"),
        (SaysError(), "decision 'error'"),
    ],
)
def test_a_failing_plugin_is_named_and_indeterminate(plugin: object, what: str) -> None:
    engine = make_engine(("faulty", plugin), exclude=["gift"])
    outcome = engine.evaluate(scenario(gift=GIFT_OK))
    assert outcome.decision is Decision.INDETERMINATE
    faults = [f for f in outcome.findings if f.error is not None]
    assert len(faults) == 1
    assert faults[0].plugin == "faulty"
    assert what in faults[0].error  # type: ignore[operator]
    assert "faulty" in faults[0].reason


def test_a_failing_plugin_never_lets_others_permit() -> None:
    engine = make_engine(("faulty", Raises()))
    outcome = engine.evaluate(scenario(gift=GIFT_OK))
    assert {f.plugin: f.decision for f in outcome.findings} == {
        "gift": Decision.PERMITTED,
        "faulty": Decision.INDETERMINATE,
    }
    assert outcome.decision is Decision.INDETERMINATE


class Misspelled:
    @hookimpl
    def ala_policy_evaluate_gifts(self) -> None:
        return None


def test_a_misspelled_hook_fails_at_load_naming_the_plugin() -> None:
    with pytest.raises(PluginError, match="ala_policy_evaluate_gifts") as info:
        make_engine(("typo", Misspelled()))
    assert info.value.plugin == "typo"


class Wrapper:
    @hookimpl(wrapper=True)
    def ala_policy_evaluate_gift(self) -> Iterator[None]:
        return (yield)


def test_evaluator_hooks_take_no_wrappers() -> None:
    with pytest.raises(PluginError, match="take no wrappers"):
        make_engine(("wrap", Wrapper()))


def test_a_plugin_that_fails_to_import_is_reported_and_the_rest_load() -> None:
    engine = make_engine("ala_policy.plugins.does_not_exist")
    assert "does_not_exist" in [e.plugin for e in engine.load_errors]
    assert engine.evaluate(scenario(gift=GIFT_OK)).decision is Decision.PERMITTED


class BadAreaRegistration:
    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Any], None]) -> None:
        register("gift")


def test_bad_registration_is_attributed() -> None:
    with pytest.raises(PluginError, match="'bad' failed in ala_policy_register_areas"):
        make_engine(("bad", BadAreaRegistration()))


# -- the kernel's boundaries ---------------------------------------------------------------------


def _kernel_modules() -> Iterable[Path]:
    return sorted(p for p in KERNEL.glob("*.py"))


@pytest.mark.parametrize("module", _kernel_modules(), ids=lambda p: p.name)
def test_the_kernel_imports_no_plugin(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            assert "plugins" not in target, f"{module.name} imports {target}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert "plugins" not in alias.name, f"{module.name} imports {alias.name}"


def test_public_api_is_sorted_and_complete() -> None:
    assert ala_policy.__all__ == sorted(ala_policy.__all__)
    for name in ala_policy.__all__:
        assert getattr(ala_policy, name) is not None
    assert isinstance(ala_policy.__version__, str)


def test_findings_are_frozen() -> None:
    finding = Finding(area="a", decision=Decision.PERMITTED, reason="r")
    with pytest.raises(AttributeError):
        finding.reason = "changed"  # type: ignore[misc]


def test_a_module_object_is_registered_as_given() -> None:
    import types

    module = types.ModuleType("made_in_memory")

    @hookimpl
    def ala_policy_evaluate_gift() -> Ruling:
        return Ruling(decision="prohibited", reason="In-memory rule.", cites=["code/III.C"])

    module.ala_policy_evaluate_gift = ala_policy_evaluate_gift  # type: ignore[attr-defined]
    engine = make_engine(module)
    assert engine.load_errors == []
    assert engine.evaluate(scenario(gift=GIFT_OK)).decision is Decision.PROHIBITED


class CitedClausesRaise:
    @hookimpl
    def ala_policy_cited_clauses(self) -> Iterable[str]:
        raise RuntimeError("no list today")


def test_cited_clauses_failure_names_the_plugin() -> None:
    with pytest.raises(PluginError, match="'cc' failed in ala_policy_cited_clauses") as info:
        make_engine(("cc", CitedClausesRaise()))
    assert info.value.plugin == "cc"


def test_only_names_prefixed_ala_policy_are_hooks() -> None:
    """docs/plugins.md, "Hook reference": every hook is prefixed ``ala_policy_``. A marked
    function or a hook specification under any other name is not a hook: the engine does not
    inspect it, for implementations and specifications alike."""

    class Specs:
        @ala_policy.hookspec
        def ala_policy_chapter_extra(self, value: int) -> int:  # type: ignore[empty-body]
            """A hook this plugin declares."""

        @ala_policy.hookspec
        def chapter_unprefixed(self, value: int) -> int:  # type: ignore[empty-body]
            """Not a hook: its name lacks the prefix."""

    class Plugin:
        @ala_policy.hookimpl
        def ala_policy_addhooks(self, pluginmanager: Any) -> None:
            pluginmanager.add_hookspecs(Specs)

        @ala_policy.hookimpl
        def ala_policy_chapter_extra(self, value: int) -> int:
            return value + 1

        @ala_policy.hookimpl
        def chapter_unprefixed(self, value: int) -> int:
            return value + 2

    engine = make_engine(("chapter", Plugin()), builtins=["areas"])
    hook = engine.pm.hook
    assert hook.ala_policy_chapter_extra(value=1) == [2]
    assert not hasattr(hook, "chapter_unprefixed")
    assert engine.loader.load_errors == []
