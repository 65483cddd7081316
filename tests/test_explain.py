"""explain and counterfactuals (on every area, one added by a plugin included), and test."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import attrs
import pluggy
import pytest
from click.testing import CliRunner

from ala_policy import Area, Decision, Engine, Ruling, hookimpl, hookspec
from ala_policy.cli import main
from ala_policy.explain import (
    Change,
    counterfactual_outcomes,
    counterfactuals,
    explain,
    fact_values,
)
from ala_policy.testing import make_engine, scenario


def changes_of(engine: Engine, data: dict[str, Any], area: str) -> list[set[tuple[str, Any]]]:
    parsed = engine.parse(data)
    return [
        {(c.path, c.value) for c in changes} for changes in counterfactuals(engine, parsed, area)
    ]


def test_gift_counterfactual_sets_both_unknown_facts(engine: Engine) -> None:
    found = changes_of(engine, scenario(gift={"kind": "meal", "act": "offered"}), "gift")
    assert found == [{("gift.pending_business", False), ("gift.may_influence", False)}]


def test_conflict_counterfactuals(engine: Engine) -> None:
    data = scenario(
        conflict_of_interest={
            "interest": "ownership",
            "role_in_decision": "decides",
            "disclosed": True,
            "recused": False,
        }
    )
    found = changes_of(engine, data, "conflict_of_interest")
    assert {("conflict_of_interest.recused", True)} in found
    assert found[0] == {("conflict_of_interest.recused", True)}, "circumstances come first"


def test_directory_counterfactuals(engine: Engine) -> None:
    data = scenario(
        directory_use={"purpose": "newsletter", "recipients": "all", "relationship": "met"}
    )
    # v2: a newsletter is at best conditional (the opt-out duty), so nothing makes it
    # permitted; allowing conditional findings finds the relationship that would do.
    assert changes_of(engine, data, "directory_use") == []
    parsed = engine.parse(data)
    found = [
        ({(c.path, c.value) for c in changes}, decision)
        for changes, decision in counterfactual_outcomes(
            engine, parsed, "directory_use", allow=(Decision.PERMITTED, Decision.CONDITIONAL)
        )
    ]
    assert ({("directory_use.relationship", "direct")}, Decision.CONDITIONAL) in found
    assert all(changes != {("directory_use.relationship", "none")} for changes, _ in found)


def test_a_conditional_area_asks_what_removes_its_duties(engine: Engine) -> None:
    data = scenario(directory_use={"purpose": "seek_advice", "includes_solicitation": False})
    parsed = engine.parse(data)
    (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
    assert explanation.decision is Decision.CONDITIONAL
    assert explanation.counterfactuals[0] == (Change("directory_use.copies_data", False),)
    assert set(explanation.results) == {Decision.PERMITTED}


def test_membership_is_a_counterfactual(engine: Engine) -> None:
    data = scenario(
        role="business_partner",
        directory_use={"purpose": "seek_advice", "copies_data": False},
    )
    parsed = engine.parse(data)
    allowed = (Decision.PERMITTED, Decision.CONDITIONAL)
    found = counterfactual_outcomes(engine, parsed, "directory_use", allow=allowed)
    # Becoming a member is a change of circumstance; a new role would be other conduct, and
    # is tried only where no change of circumstance helps.
    assert found == (((Change("actor.member", True),), Decision.CONDITIONAL),)


def test_other_conduct_only_where_no_circumstance_helps(engine: Engine) -> None:
    late = scenario(
        reporting={
            "kind": "financial_report",
            "truthful": True,
            "complete": True,
            "accurate": True,
            "prompt": False,
        }
    )
    assert changes_of(engine, late, "reporting") == [{("reporting.prompt", True)}]
    # marketing through the directory: no circumstance makes it allowed, other conduct does
    marketing = scenario(directory_use={"purpose": "marketing", "copies_data": False})
    found = changes_of(engine, marketing, "directory_use")
    assert found
    assert all(any(path == "directory_use.purpose" for path, _ in changes) for changes in found)


def test_explain_text_lists_conditions_missing_facts_and_what_is_left_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "id: s\nactor: {role: staff}\ndirectory_use: {purpose: newsletter, recipients: all}\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["explain", str(path)]).stdout
    assert "missing facts: actor.member, directory_use.relationship" in out
    conditional = tmp_path / "c.yaml"
    conditional.write_text(
        "id: c\nactor: {role: member}\ndirectory_use: {purpose: seek_advice}\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["explain", str(conditional)]).stdout
    assert "      conditions:\n        - Do not reproduce, copy or enter directory content" in out
    nothing = tmp_path / "n.yaml"
    nothing.write_text(
        "id: n\nactor: {role: member}\ndate: 2008-05-01\n"
        "gift: {kind: meal, act: accepted, pending_business: true}\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["explain", str(nothing)]).stdout
    assert "no change of up to 2 facts would make it permitted" in out


def test_explain_says_how_many_more_were_found(engine: Engine) -> None:
    data = scenario(role="staff", gift={"kind": "meal", "act": "solicited"})
    parsed = engine.parse(data)
    (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
    assert (
        len(explanation.counterfactuals) + explanation.more > len(explanation.counterfactuals)
        or explanation.more == 0
    )


def test_solicitation_counterfactuals(engine: Engine) -> None:
    data = scenario(solicitation={"activity": "follow_up_call", "follow_up_requested": False})
    found = changes_of(engine, data, "solicitation")
    assert found[0] == {("solicitation.follow_up_requested", True)}


def test_no_counterfactual_when_nothing_helps(engine: Engine) -> None:
    data = scenario(role="non_member", directory_use={"purpose": "marketing"})
    parsed = engine.parse(data)
    assert counterfactuals(engine, parsed, "directory_use", max_changes=1) == ()
    # v2: an allowed use without copies_data given is conditional; allow that too.
    allowed = (Decision.PERMITTED, Decision.CONDITIONAL)
    two = counterfactuals(engine, parsed, "directory_use", max_changes=2, allow=allowed)
    assert two
    assert all(len(changes) == 2 for changes in two)
    assert any(Change("actor.role", "member") in changes for changes in two)


# -- an area added by a plugin gets counterfactuals too ---------------------------------------


@attrs.frozen(kw_only=True)
class ParkingFacts:
    spot: Literal["visitor", "reserved", "street"]
    permit: bool | None = None


class ParkingHooks:
    @hookspec
    def ala_policy_evaluate_parking(self, scenario: Any, facts: Any, policy: Any) -> Any:
        """Decide the parking area."""


class ParkingPlugin:
    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(ParkingHooks)

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(Area(name="parking", facts=ParkingFacts, hook="ala_policy_evaluate_parking"))

    @hookimpl
    def ala_policy_evaluate_parking(self, facts: ParkingFacts) -> Ruling:
        if facts.spot == "reserved" and facts.permit is not True:
            return Ruling(
                decision="prohibited", reason="Reserved without a permit.", cites=["code/I.B"]
            )
        return Ruling(decision="permitted", reason="Fine.", cites=["code/I.B"])


def test_plugin_area_counterfactuals() -> None:
    engine = make_engine(("parking", ParkingPlugin()), builtins=["ala_policies"])
    assert fact_values(ParkingFacts) == {
        "spot": ("visitor", "reserved", "street"),
        "permit": (True, False),
    }
    data = scenario(parking={"spot": "reserved", "permit": False})
    found = changes_of(engine, data, "parking")
    # The permit is a circumstance; where to park is the conduct, changed only where no
    # circumstance helps.
    assert found == [{("parking.permit", True)}]
    parsed = engine.parse(data)
    (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
    assert explanation.decision is Decision.PROHIBITED
    assert explanation.facts["parking.spot"] == "reserved"


# -- the commands --------------------------------------------------------------------------------


@pytest.fixture
def newsletter(tmp_path: Path) -> Path:
    path = tmp_path / "newsletter.yaml"
    path.write_text(
        "id: newsletter\nactor: {role: business_partner}\n"
        "directory_use: {purpose: newsletter, recipients: all, relationship: met}\n"
        "expect: {decision: prohibited, cites: [nonsolicitation/q8]}\n",
        encoding="utf-8",
    )
    return path


def test_explain_text(newsletter: Path) -> None:
    result = CliRunner().invoke(main, ["explain", str(newsletter)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "prohibited by plugin directory_use, rule directory_use." in out
    assert "directory_use.relationship = met" in out
    assert "nonsolicitation/q8" in out
    assert "| No. You can only send your newsletter" in out
    assert "would be permitted if (changes of up to 2 facts tried):" in out
    # v2: a business partner needs a membership too, and a newsletter keeps its opt-out duty.
    assert "- directory_use.relationship were direct and actor.member were true" in out
    assert "(on conditions)" in out


def test_explain_json(newsletter: Path) -> None:
    result = CliRunner().invoke(main, ["explain", "--format", "json", str(newsletter)])
    assert result.exit_code == 0
    (item,) = json.loads(result.stdout)
    (area,) = item["areas"]
    assert area["area"] == "directory_use"
    # v2: with the actor's membership, and on conditions (the newsletter's opt-out duty).
    direct = [
        {"fact": "directory_use.relationship", "value": "direct"},
        {"fact": "actor.member", "value": True},
    ]
    assert direct in area["counterfactuals"]
    index = area["counterfactuals"].index(direct)
    assert area["counterfactual_decisions"][index] == "conditional"
    assert area["findings"][0]["facts_used"]["directory_use.relationship"] == "met"
    assert area["max_changes"] == 2
    assert area["candidate_faults"] == []


def test_explain_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\nactor: {role: member}\ngift: {kind: pie, act: offered}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["explain", str(bad)])
    assert result.exit_code == 2
    assert "gift.kind: 'pie' is not one of" in result.stdout


def test_test_command_passes_and_fails(tmp_path: Path, newsletter: Path) -> None:
    ok = CliRunner().invoke(main, ["test", "-v", str(newsletter)])
    assert ok.exit_code == 0, ok.output
    assert "PASS newsletter" in ok.stdout
    assert "1 passed, 0 failed" in ok.stdout
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        "id: wrong\nactor: {role: member}\n"
        "gift: {kind: meal, act: offered, pending_business: true}\n"
        "expect: {decision: permitted, cites: [code/III.E]}\n",
        encoding="utf-8",
    )
    bad = CliRunner().invoke(main, ["test", str(newsletter), str(wrong)])
    assert bad.exit_code == 1
    out = bad.stdout
    assert "FAIL wrong" in out
    assert "expected decision permitted, got prohibited" in out
    assert "expected a citation of code/III.E, which is not cited" in out
    assert "actual:   prohibited; cites code/III.C, code/III.B" in out
    assert "1 passed, 1 failed" in out


def test_test_command_skips_scenarios_without_expectations(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        "id: p\nactor: {role: member}\ngift: {kind: meal, act: offered}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["test", str(plain)])
    assert result.exit_code == 0
    assert "0 passed, 0 failed, 1 skipped (no expect block)" in result.stdout


def test_test_command_on_the_examples() -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    result = CliRunner().invoke(main, ["test", str(examples)])
    assert result.exit_code == 0, result.stdout
    assert ", 0 failed" in result.stdout


def test_test_command_with_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(bad)])
    assert result.exit_code == 2
    assert "ERROR" in result.stdout


# -- numbers: where the decision flips, and the values plugins offer ----------------------------


def _gift(value: float | None = None, **facts: Any) -> dict[str, Any]:
    section: dict[str, Any] = {
        "kind": "gift",
        "act": "accepted",
        "giver": "vendor",
        "pending_business": False,
        "may_influence": False,
        **facts,
    }
    if value is not None:
        section["value_usd"] = value
    data = scenario(gift=section)
    data["date"] = "2026-03-01"
    return data


class LimitPlugin:
    """A chapter rule: prohibited over ``limit`` (or at it and over, with ``inclusive``),
    offering ``offered`` for ``gift.value_usd``."""

    def __init__(
        self, limit: float, offered: tuple[Any, ...] = (), *, inclusive: bool = False
    ) -> None:
        self.limit = limit
        self.offered = offered
        self.inclusive = inclusive

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: Any) -> Ruling | None:
        value = facts.value_usd
        if value is None:
            return Ruling.unknown(
                "Turns on the value.", missing=["gift.value_usd"], cites="code/III.C"
            )
        if value > self.limit or (self.inclusive and value == self.limit):
            return Ruling(decision="prohibited", reason="Over the limit.", cites=["code/III.C"])
        return None

    @hookimpl
    def ala_policy_fact_candidates(self, area: str, fact: str) -> Any:
        return self.offered if (area, fact) == ("gift", "value_usd") else None


def _described(engine: Engine, data: dict[str, Any]) -> list[str]:
    parsed = engine.parse(data)
    (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
    return [" and ".join(c.describe() for c in changes) for changes in explanation.counterfactuals]


def test_a_limit_offered_by_a_plugin_is_the_bound() -> None:
    engine = make_engine(("limit", LimitPlugin(50, (50, 50.01))))
    assert _described(engine, _gift(150)) == ["gift.value_usd were at most 50"]
    # unknown, the value still has a bound: every value offered was checked
    assert _described(engine, _gift()) == ["gift.value_usd were at most 50"]
    parsed = engine.parse(_gift(150))
    (change,) = counterfactuals(engine, parsed, "gift")[0]
    assert change == Change("gift.value_usd", 50.0, "at_most")
    assert change.to_dict() == {"fact": "gift.value_usd", "value": 50.0, "bound": "at_most"}


def test_the_bound_is_found_by_halving_without_a_plugins_values() -> None:
    # 0 and the scenario's 150 decide differently: halving finds 62.5 allowed, 62.51 not.
    engine = make_engine(("limit", LimitPlugin(62.5)))
    assert _described(engine, _gift(150)) == ["gift.value_usd were at most 62.5"]


def test_less_than_only_where_the_value_just_below_was_checked() -> None:
    # prohibited at 100 and over: 99.99 (found by halving) allowed, 100 (offered) not
    engine = make_engine(("limit", LimitPlugin(100, (100,), inclusive=True)))
    assert _described(engine, _gift(150)) == ["gift.value_usd were less than 100"]
    # at the limit itself: 99.99 allowed and 100 not, so less than 100 (the rounder)
    assert _described(engine, _gift(100)) == ["gift.value_usd were less than 100"]


class MinimumPlugin:
    """A rule about a deposit: prohibited at ``minimum`` and under (it must be more)."""

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: Any) -> Ruling | None:
        if facts.value_usd is not None and facts.value_usd <= 10:
            return Ruling(decision="prohibited", reason="Too small.", cites=["code/III.C"])
        return None

    @hookimpl
    def ala_policy_fact_candidates(self, fact: str) -> Any:
        return [10, 10.01] if fact == "value_usd" else None


def test_at_least_and_more_than() -> None:
    engine = make_engine(("minimum", MinimumPlugin()))
    # 10 (not allowed) and 10.01 (allowed) were both checked: more than 10
    assert _described(engine, _gift(5)) == ["gift.value_usd were more than 10"]


def test_a_window_is_said_between_its_ends() -> None:
    both = make_engine(("limit", LimitPlugin(50, (50, 50.01))), ("minimum", MinimumPlugin()))
    assert _described(both, _gift(150)) == ["gift.value_usd were between 10.01 and 50"]


def test_candidates_of_any_type_and_only_those_that_fit() -> None:
    class Offers:
        @hookimpl
        def ala_policy_fact_candidates(self, area: str, fact: str) -> Any:
            if area != "parking":
                return None
            return {"spot": ["reserved", "garage", 3], "permit": [True, "yes"]}.get(fact)

    engine = make_engine(
        ("parking", ParkingPlugin()), ("offers", Offers()), builtins=["ala_policies"]
    )
    on = engine.parse(scenario(parking={"spot": "street"})).on()
    from ala_policy.explain import fact_candidates

    assert fact_candidates(engine, "parking", ParkingFacts, "spot", on=on) == ("reserved",)
    assert fact_candidates(engine, "parking", ParkingFacts, "permit", on=on) == (True,)
    assert engine.fact_candidates("parking", "spot", on=on) == ("reserved", "garage", 3)


class Boom:
    @hookimpl
    def ala_policy_fact_candidates(self) -> Any:
        raise RuntimeError("nope")


class Garbage:
    @hookimpl
    def ala_policy_fact_candidates(self) -> Any:
        return 42


def test_a_failing_candidates_hook_fails_closed_and_is_named(tmp_path: Path) -> None:
    engine = make_engine(
        ("limit", LimitPlugin(50, (50, 50.01))), ("boom", Boom()), ("garbage", Garbage())
    )
    parsed = engine.parse(_gift(150))
    (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
    # the other plugins' values are still tried
    assert [c.describe() for (c,) in explanation.counterfactuals] == [
        "gift.value_usd were at most 50"
    ]
    assert any(
        "plugin 'boom' failed in ala_policy_fact_candidates" in f for f in explanation.faults
    )
    assert any("RuntimeError: nope" in f for f in explanation.faults)
    assert any("plugin 'garbage'" in f and "returned int" in f for f in explanation.faults)
    faults: list[Any] = []
    assert engine.fact_candidates("gift", "value_usd", on=parsed.on(), faults=faults) == (50, 50.01)
    assert {f.plugin for f in faults} == {"boom", "garbage"}
    # the command says so, and decides as usual
    path = tmp_path / "g.yaml"
    path.write_text(
        "id: g\ndate: 2026-03-01\nactor: {role: member}\n"
        "gift: {kind: meal, act: accepted, pending_business: false, may_influence: false, "
        "value_usd: 150}\n",
        encoding="utf-8",
    )
    from ala_policy.commands import options

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(options.State, "engine", lambda self: engine)
        result = CliRunner().invoke(main, ["explain", str(path)])
        assert result.exit_code == 0, result.output
        assert "      - gift.value_usd were at most 50\n" in result.stdout
        assert "note: plugin 'boom' failed in ala_policy_fact_candidates" in result.stdout
        result = CliRunner().invoke(main, ["explain", "--format", "json", str(path)])
    (area,) = json.loads(result.stdout)[0]["areas"]
    assert area["counterfactuals"] == [
        [{"fact": "gift.value_usd", "value": 50.0, "bound": "at_most"}]
    ]
    assert len(area["candidate_faults"]) == 2


def test_explain_says_how_many_facts_it_changes_at_most(newsletter: Path) -> None:
    one = CliRunner().invoke(main, ["explain", "--max-changes", "1", str(newsletter)])
    assert "no change of up to 1 facts would make it permitted" in one.stdout
    three = CliRunner().invoke(main, ["explain", "--max-changes", "3", str(newsletter)])
    assert "would be permitted if (changes of up to 3 facts tried):" in three.stdout
    data = CliRunner().invoke(
        main, ["explain", "--format", "json", "--max-changes", "3", str(newsletter)]
    )
    assert json.loads(data.stdout)[0]["areas"][0]["max_changes"] == 3


def test_verify_walks_the_values_plugins_offer() -> None:
    from ala_policy.verify import _Checker, verify_area

    engine = make_engine(("limit", LimitPlugin(75, (75, 75.01))))
    values = _Checker(engine, "gift", 0).choices["value_usd"]
    assert {75.0, 75.01, 0.0, 1000.0} <= set(values)  # verify's own values stay
    assert 75.01 not in _Checker(make_engine(), "gift", 0).choices["value_usd"]
    report = verify_area(engine, "gift", max_combinations=0, sample=0)
    assert not report.violations, report.violations


@attrs.frozen(kw_only=True)
class OvertimeFacts:
    hours: int | None = None


class OvertimeHooks:
    @hookspec
    def ala_policy_evaluate_overtime(self, scenario: Any, facts: Any, policy: Any) -> Any:
        """Decide the overtime area."""


class OvertimePlugin:
    """An area with a whole-number fact: over ``most`` hours is prohibited."""

    def __init__(self, most: int) -> None:
        self.most = most

    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(OvertimeHooks)

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(Area(name="overtime", facts=OvertimeFacts, hook="ala_policy_evaluate_overtime"))

    @hookimpl
    def ala_policy_evaluate_overtime(self, facts: OvertimeFacts) -> Ruling:
        if facts.hours is None or facts.hours > self.most:
            return Ruling(decision="prohibited", reason="Too long.", cites=["code/I.B"])
        return Ruling(decision="permitted", reason="Fine.", cites=["code/I.B"])


@pytest.mark.parametrize(
    ("most", "said"),
    [(8, "overtime.hours were at most 8"), (9, "overtime.hours were less than 10")],
)
def test_a_whole_number_is_halved_down_to_one(most: int, said: str) -> None:
    engine = make_engine(("overtime", OvertimePlugin(most)), builtins=["ala_policies"])
    assert _described(engine, scenario(overtime={"hours": 37})) == [said]
    # unknown, and nothing offered: only 0 was checked, so only 0 is said
    assert _described(engine, scenario(overtime={})) == ["overtime.hours were 0"]


def test_text_keeps_within_88_columns() -> None:
    """explain's text wraps as evaluate's does: headings with long titles and the "by plugin
    X, rule Y" lines included, nothing left out."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    result = CliRunner().invoke(main, ["explain", str(examples)])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if len(line) > 88] == []
    flowing = " ".join(result.output.split())
    assert (
        "coi-brother-in-law-disclosure-unknown: INDETERMINATE (Brother-in-law owns the courier "
        "company the administrator is about to hire; disclosure not stated)"
    ) in flowing
    assert (
        "indeterminate by plugin conflict_of_interest, rule conflict_of_interest.disclosure-unknown"
    ) in flowing


def test_a_bound_in_json_has_the_fact_type_as_the_docs_say() -> None:
    """A whole number offered for a decimal fact is a decimal bound (75.0); a whole-number
    fact's bound is a whole number (100); docs/scenarios.md shows both as they come out."""
    gift = make_engine(("limit", LimitPlugin(75, (75, 75.01))))
    hours = make_engine(("overtime", OvertimePlugin(100)), builtins=["ala_policies"])
    shown = []
    for engine, data in ((gift, _gift(150)), (hours, scenario(overtime={"hours": 150}))):
        parsed = engine.parse(data)
        (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
        ((change,),) = explanation.to_dict()["counterfactuals"]
        shown.append(json.dumps(change))
    assert shown == [
        '{"fact": "gift.value_usd", "value": 75.0, "bound": "at_most"}',
        '{"fact": "overtime.hours", "value": 100, "bound": "at_most"}',
    ]
    docs = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"
    flowing = " ".join(docs.read_text(encoding="utf-8").split())
    assert shown[0] in flowing
    assert '(an `int` in a plugin\'s facts class) gives a whole number, `"value": 100`' in flowing
