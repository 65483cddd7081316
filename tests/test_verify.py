"""``ala-policy verify`` and ``ala_policy.testing.assert_verified``: every area's readings
keep the invariants (no fault, cited, missing facts that decide, no unknown fact taken as
false, the consequence where the contract says), and a plugin that guesses is caught with a
minimal scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ala_policy import Decision, Engine, Ruling, hookimpl
from ala_policy.cli import ExitCode, main
from ala_policy.facts import GiftFacts
from ala_policy.testing import assert_verified, make_engine
from ala_policy.verify import Violation, verify_area

#: The built-in evaluator plugins, each deciding one area of the same name.
EVALUATORS = (
    "gift",
    "conflict_of_interest",
    "directory_use",
    "solicitation",
    "certification",
    "workplace",
    "reporting",
    "confidential_information",
    "governance",
)

#: Small limits that keep the suite quick (``tox -e verify`` walks with the command's own).
QUICK: dict[str, Any] = {"max_combinations": 50_000, "sample": 500, "fresh_process": 0}


@pytest.mark.parametrize("name", EVALUATORS)
def test_each_builtin_area_keeps_the_invariants_with_its_plugin_alone(name: str) -> None:
    engine = make_engine(builtins=["areas", "ala_policies", name])
    report = verify_area(engine, name, **QUICK)
    assert report.checked > 0
    assert report.violations == (), [v.scenario_file() for v in report.violations]


def test_small_areas_are_walked_exhaustively_and_large_ones_by_pairs() -> None:
    engine = make_engine()
    small = verify_area(engine, "governance", **QUICK)
    assert small.exhaustive
    assert small.checked == small.combinations
    large = verify_area(engine, "solicitation", **QUICK)
    assert not large.exhaustive
    assert large.combinations > 1_000_000
    assert 500 < large.checked < large.combinations


def test_the_whole_engine_keeps_the_invariants_in_a_fresh_process_too() -> None:
    assert_verified(make_engine(), "gift", "directory_use", sample=300, fresh_process=30)


# -- plugins that break the invariants -----------------------------------------------------


class GuessingPlugin:
    """Treats an unknown ``pending_business`` as false: the engine's one sin."""

    @hookimpl
    def ala_policy_cited_clauses(self) -> list[str]:
        return ["code/III.C"]

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: GiftFacts) -> Ruling:
        if facts.pending_business:
            return Ruling(
                decision=Decision.PROHIBITED,
                reason="business is pending",
                cites=["code/III.C"],
                rule="guess",
            )
        return Ruling(
            decision=Decision.PERMITTED,
            reason="nothing is pending",
            cites=["code/III.C"],
            rule="guess",
        )


def test_a_planted_guess_is_reported_with_a_minimal_scenario(tmp_path: Path) -> None:
    engine = make_engine(("guesser", GuessingPlugin()), builtins=["areas", "ala_policies"])
    report = verify_area(engine, "gift", **QUICK)
    guesses = [v for v in report.violations if v.invariant == "guess"]
    assert len(guesses) == 1
    violation = guesses[0]
    assert (violation.plugin, violation.rule) == ("guesser", "guess")
    assert "gift.pending_business = true" in violation.message
    # minimal: the required facts, and nothing optional that the guess does not need
    assert violation.scenario["gift"] == {
        "kind": violation.scenario["gift"]["kind"],
        "act": violation.scenario["gift"]["act"],
    }
    # the scenario file decides again, as the violation says: permitted with a fact unknown
    target = tmp_path / "guess.yaml"
    target.write_text(violation.scenario_file(), encoding="utf-8")
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == violation.scenario
    assert engine.evaluate(violation.scenario).decision is Decision.PERMITTED
    filled = json.loads(json.dumps(violation.scenario))
    filled["gift"]["pending_business"] = True
    assert engine.evaluate(filled).decision is Decision.PROHIBITED


def test_the_testing_helper_fails_on_a_guess_and_shows_the_scenario() -> None:
    engine = make_engine(("guesser", GuessingPlugin()), builtins=["areas", "ala_policies"])
    with pytest.raises(AssertionError) as caught:
        assert_verified(engine, "gift", sample=100)
    message = str(caught.value)
    assert "guess" in message
    assert "gift:" in message  # the YAML scenario
    assert "plugin guesser" in message


def test_the_testing_helper_names_an_unknown_area() -> None:
    with pytest.raises(AssertionError, match="no such area"):
        assert_verified(make_engine(), "gifts")


class SloppyPlugin:
    """Every way of breaking a finding's shape, one per gift kind."""

    @hookimpl
    def ala_policy_cited_clauses(self) -> list[str]:
        return ["code/III.C"]

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: GiftFacts) -> Ruling | None:
        cite = ["code/III.C"]
        if facts.kind == "fee":
            return Ruling(decision=Decision.PERMITTED, reason="fine", rule="uncited")
        if facts.kind == "commission":
            return Ruling(
                decision=Decision.CONDITIONAL, reason="if", cites=cite, rule="no-conditions"
            )
        if facts.kind == "gift":
            return Ruling(
                decision=Decision.PERMITTED,
                reason="ok",
                cites=cite,
                conditions=["say so"],
                rule="stray-conditions",
            )
        if facts.kind == "gratuity":
            return Ruling(
                decision=Decision.PERMITTED,
                reason="ok",
                cites=cite,
                missing_facts=["gift.giver"],
                rule="missing-on-permitted",
            )
        if facts.kind == "discount":
            return Ruling(
                decision=Decision.INDETERMINATE,
                reason="who knows",
                cites=cite,
                missing_facts=["gift.colour"],
                rule="not-a-fact",
            )
        if facts.kind == "loan":
            # beneficiary always has a value, so "missing" value_usd never decides here
            return Ruling(
                decision=Decision.INDETERMINATE,
                reason="unknown",
                cites=cite,
                missing_facts=["gift.value_usd"],
                rule="does-not-matter",
            )
        if facts.kind == "meal":
            raise RuntimeError("boom")
        return None


@pytest.mark.parametrize(
    ("rule", "invariant"),
    [
        ("stray-conditions", "conditions"),
        ("does-not-matter", "missing-facts-matter"),
        (None, "fault"),
    ],
)
def test_each_broken_invariant_is_named(rule: str | None, invariant: str) -> None:
    """A ruling the engine refuses when it comes back (uncited, a conditional without
    conditions, missing facts on a decided ruling or naming no fact) is a fault; verify
    names what the engine lets through as well."""
    engine = make_engine(
        ("sloppy", SloppyPlugin()), builtins=["areas", "ala_policies"], strict=False
    )
    report = verify_area(engine, "gift", **QUICK)
    found = {(v.invariant, v.rule) for v in report.violations}
    assert (invariant, rule) in found, sorted(found, key=str)


class ConsequenceForAll:
    """States the consequence on a permitted finding, and the Nonsolicitation Policy's
    members-only consequence to an actor who is no member."""

    @hookimpl
    def ala_policy_cited_clauses(self) -> list[str]:
        return ["nonsolicitation/q1", "code/III.C"]

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: GiftFacts, policy: Any) -> Ruling:
        if facts.act == "solicited":
            return Ruling(
                decision=Decision.PERMITTED,
                reason="fine",
                cites=["code/III.C"],
                consequence="suspended",
                rule="consequence-on-permitted",
            )
        edition = policy.edition("nonsolicitation")
        stated = edition.consequence if edition is not None else None
        return Ruling(
            decision=Decision.PROHIBITED,
            reason="no",
            cites=["nonsolicitation/q1"],
            consequence=stated,
            rule="consequence-for-all",
        )


def test_a_consequence_where_the_contract_puts_none_is_named() -> None:
    engine = make_engine(("lavish", ConsequenceForAll()), builtins=["areas", "ala_policies"])
    report = verify_area(engine, "gift", **QUICK)
    found = {(v.invariant, v.rule): v for v in report.violations}
    assert ("consequence", "consequence-on-permitted") in found
    members_only = found[("consequence", "consequence-for-all")]
    assert "no member" in members_only.message
    actor = members_only.scenario["actor"]
    assert actor["role"] == "non_member" or actor.get("member") is False, actor


# -- the command ---------------------------------------------------------------------------


def test_verify_prints_counts_per_area_and_exits_0() -> None:
    result = CliRunner().invoke(
        main,
        ["verify", "governance", "reporting", "--fresh-process", "0", "--max-combinations", "5000"],
    )
    assert result.exit_code == ExitCode.OK, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "governance: 1,296 combinations, 1,296 checked (every one checked): ok"
    )
    assert lines[1].startswith("reporting: ")
    assert lines[1].endswith(": ok")


def test_verify_json_is_one_document() -> None:
    result = CliRunner().invoke(
        main, ["verify", "workplace", "--fresh-process", "0", "--format", "json"]
    )
    assert result.exit_code == ExitCode.OK, result.output
    payload = json.loads(result.output)
    assert payload["violations"] == 0
    assert [a["area"] for a in payload["areas"]] == ["workplace"]
    assert payload["areas"][0]["exhaustive"] is True


def test_verify_unknown_area_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["verify", "gifts"])
    assert result.exit_code == ExitCode.USAGE
    assert "unknown area 'gifts'" in result.output
    assert "Traceback" not in result.output


def test_verify_reports_a_plugin_guess_and_writes_its_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command over an engine with a guessing plugin: exit 1, the violation printed
    with its scenario, and the scenario written as a file ``evaluate`` decides."""
    from ala_policy.commands import options

    guessing = make_engine(("guesser", GuessingPlugin()), builtins=["areas", "ala_policies"])
    monkeypatch.setattr(options.State, "engine", lambda self: guessing)
    out = tmp_path / "found"
    result = CliRunner().invoke(
        main,
        ["verify", "gift", "--fresh-process", "0", "--sample", "200", "--write", str(out)],
    )
    assert result.exit_code == ExitCode.FAILED, result.output
    assert "guess (plugin guesser, rule guess)" in result.output
    assert "pending_business = true" in result.output
    assert result.output.rstrip().endswith("1 violation")
    (written,) = sorted(out.iterdir())
    assert written.name == "001-gift-guess.yaml"
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["gift"].keys() == {"kind", "act"}


def test_violation_json_shape() -> None:
    violation = Violation(
        area="gift",
        invariant="guess",
        message="m",
        plugin="p",
        rule="r",
        scenario={"id": "x"},
    )
    assert violation.to_dict() == {
        "area": "gift",
        "invariant": "guess",
        "message": "m",
        "plugin": "p",
        "rule": "r",
        "scenario": {"id": "x"},
    }


def test_engine_plugins_given_as_objects_skip_the_fresh_process_check() -> None:
    """Another process cannot rebuild an engine from objects; the check is skipped, not failed."""
    engine: Engine = make_engine(("guesser", GuessingPlugin()), builtins=["areas", "ala_policies"])
    report = verify_area(engine, "gift", max_combinations=10, sample=50, fresh_process=5)
    assert "fresh-process" not in {v.invariant for v in report.violations}


class BrokenCandidates:
    @hookimpl
    def ala_policy_fact_candidates(self, area: str, fact: str) -> list[float]:
        raise RuntimeError("no values today")


def test_a_failing_candidates_hook_is_a_fault_violation() -> None:
    engine = make_engine(("broken", BrokenCandidates()), builtins=["areas", "ala_policies", "gift"])
    report = verify_area(engine, "gift", **QUICK)
    (fault,) = [v for v in report.violations if v.invariant == "fault"]
    assert fault.plugin == "broken"
    assert "ala_policy_fact_candidates" in fault.message
    assert "no values today" in fault.message
    assert fault.scenario_yaml() == ""


class SilentWhenUnknown:
    """A chapter limit that says nothing when the value is unknown: it takes the unknown
    value as under the limit."""

    @hookimpl
    def ala_policy_evaluate_gift(self, facts: GiftFacts) -> Ruling | None:
        if facts.value_usd is not None and facts.value_usd > 100:
            return Ruling(decision="prohibited", reason="Over the limit.", cites=["code/III.C"])
        return None


def test_a_guess_is_laid_on_the_plugin_that_prohibits_once_the_fact_is_known() -> None:
    engine = make_engine(("mychapter", SilentWhenUnknown()))
    report = verify_area(engine, "gift", **QUICK)
    guesses = [v for v in report.violations if v.invariant == "guess"]
    assert guesses
    for violation in guesses:
        assert violation.plugin == "mychapter"  # not the built-in gift plugin it sat beside
        # only the fact that matters is filled in, not every unknown one
        assert violation.message.endswith(
            "but prohibited when gift.value_usd = 1000.0: an unknown fact was taken as false"
        )


def _readme_plugin(path: Path) -> Any:
    """The chapter plugin of a document's example, as a module."""
    import types

    text = path.read_text(encoding="utf-8")
    start = text.index("# ala_policy_mychapter.py\n")
    source = text[start : text.index("```", start)]
    module = types.ModuleType("ala_policy_mychapter")
    exec(compile(source, str(path), "exec"), module.__dict__)  # our own docs' example
    return module


@pytest.mark.parametrize("document", ["README.md", "docs/plugins.md"])
def test_the_documented_chapter_plugin_does_not_guess(document: str) -> None:
    plugin = _readme_plugin(Path(__file__).resolve().parents[1] / document)
    engine = make_engine(("mychapter", plugin))
    assert_verified(engine, "gift", fresh_process=0)
    dinner = {"id": "d", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
    finding = next(f for f in engine.evaluate(dinner).findings if f.plugin == "mychapter")
    assert finding.missing_facts == ("gift.value_usd",)
