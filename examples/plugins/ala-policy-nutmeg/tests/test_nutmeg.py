"""Tests of the Nutmeg Chapter plugin, run from the package directory after installing it."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest

import ala_policy_nutmeg
from ala_policy import Decision, Engine, FormatOptions, InputFailure, Outcome, Summary
from ala_policy.testing import assert_outcome, make_engine, scenario

LIMIT = "nutmeg/gift-limit"
III_C = "code/III.C"


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The built-in plugins and this one, without an entry-point scan."""
    return make_engine(ala_policy_nutmeg)


@pytest.fixture(scope="module")
def builtin() -> Engine:
    """The built-in plugins alone."""
    return make_engine()


def gift(date: str, **facts: Any) -> dict[str, Any]:
    """A gift scenario on ``date``: accepted from a vendor, no pending business or influence."""
    section: dict[str, Any] = {
        "kind": "gift",
        "act": "accepted",
        "giver": "vendor",
        "pending_business": False,
        "may_influence": False,
    }
    section.update(facts)
    data = scenario(gift=section)
    data["date"] = date
    return data


def nutmeg_finding(outcome: Outcome) -> Any:
    """The finding of this plugin's rule."""
    (finding,) = [
        f for f in outcome.findings if f.rule is not None and f.rule.startswith("nutmeg.")
    ]
    return finding


def test_over_the_limit_is_prohibited_citing_the_edition_in_force(engine: Engine) -> None:
    outcome = engine.evaluate(gift("2025-06-01", value_usd=150))
    assert_outcome(outcome, "prohibited", cites=[LIMIT, III_C])
    cited = {c.id: c for c in outcome.citations}
    assert cited[LIMIT].edition == "2025 edition"
    assert cited[LIMIT].title == "ALA Nutmeg Chapter Gift and Hospitality Rule"
    assert "$100" in cited[LIMIT].text
    finding = nutmeg_finding(outcome)
    assert finding.decision is Decision.PROHIBITED
    assert "$150" in finding.reason
    assert "$100" in finding.reason


def test_under_the_limit_is_the_builtin_outcome(engine: Engine, builtin: Engine) -> None:
    data = gift("2026-08-01", value_usd=40)
    with_plugin, without = engine.evaluate(data), builtin.evaluate(data)
    assert_outcome(with_plugin, "permitted")
    assert with_plugin.decision is without.decision
    assert with_plugin.findings == without.findings


def test_at_the_limit_is_not_over_it(engine: Engine) -> None:
    assert_outcome(engine.evaluate(gift("2026-08-01", value_usd=75)), "permitted")
    assert_outcome(engine.evaluate(gift("2025-06-01", value_usd=100)), "permitted")


def test_the_same_gift_under_two_editions(engine: Engine) -> None:
    under_2025 = engine.evaluate(gift("2025-06-01", value_usd=90))
    under_2026 = engine.evaluate(gift("2026-08-01", value_usd=90))
    assert_outcome(under_2025, "permitted")
    assert_outcome(under_2026, "prohibited", cites=[LIMIT, III_C])
    cited = {c.id: c for c in under_2026.citations}
    assert cited[LIMIT].edition == "2026 edition"
    assert "$75" in cited[LIMIT].text


def test_the_2026_edition_takes_effect_on_its_date(engine: Engine) -> None:
    assert_outcome(engine.evaluate(gift("2026-06-30", value_usd=90)), "permitted")
    assert_outcome(engine.evaluate(gift("2026-07-01", value_usd=90)), "prohibited")


def test_before_any_edition_is_in_force_is_indeterminate_saying_so(engine: Engine) -> None:
    outcome = engine.evaluate(gift("2024-06-01", value_usd=500))
    assert_outcome(outcome, "indeterminate")
    finding = nutmeg_finding(outcome)
    assert finding.decision is Decision.INDETERMINATE
    assert "not in force" in finding.reason
    assert "2024-06-01" in finding.reason
    assert "2025-01-01" in finding.reason  # when the first edition takes effect
    assert finding.citations == ()


def test_unknown_value_is_indeterminate(engine: Engine) -> None:
    outcome = engine.evaluate(gift("2026-08-01"))
    assert_outcome(outcome, "indeterminate", cites=[LIMIT], missing=["gift.value_usd"])


def test_unknown_value_of_a_solicited_gift_is_not_the_rules_business(engine: Engine) -> None:
    outcome = engine.evaluate(gift("2026-08-01", act="solicited", giver="colleague"))
    assert_outcome(outcome, "permitted", missing=[])
    assert all(f.plugin != "ala_policy_nutmeg" for f in outcome.findings)


@pytest.mark.parametrize("beneficiary", ["employer", "charity"])
def test_gifts_for_the_employer_or_a_charity_are_out_of_scope(
    engine: Engine, beneficiary: str
) -> None:
    outcome = engine.evaluate(gift("2026-08-01", beneficiary=beneficiary, value_usd=5000))
    assert_outcome(outcome, "not_applicable")


@pytest.mark.parametrize("value", [0, 40, 75, 76, 90, 150, 10_000])
@pytest.mark.parametrize("pending", [True, False, None])
@pytest.mark.parametrize("date", ["2024-06-01", "2025-06-01", "2026-08-01"])
def test_the_plugin_only_ever_makes_outcomes_stricter(
    engine: Engine, builtin: Engine, value: int, pending: bool | None, date: str
) -> None:
    data = gift(date, value_usd=value, pending_business=pending)
    assert engine.evaluate(data).decision.severity >= builtin.evaluate(data).decision.severity


def test_digest_format(engine: Engine) -> None:
    output = engine.output_format("nutmeg-digest")
    stream = io.StringIO()
    writer = output.factory(stream, FormatOptions())
    summary = Summary()
    outcomes = [
        engine.evaluate({**gift("2026-08-01", value_usd=90), "id": "dinner-90"}),
        engine.evaluate({**gift("2026-08-01", value_usd=40), "id": "lunch-40"}),
        engine.evaluate({**gift("2024-06-01", value_usd=40), "id": "old-lunch"}),
        Outcome.from_failure(InputFailure(message="not a scenario", file="bad.yaml", line=3)),
    ]
    for outcome in outcomes:
        writer.write(outcome)
        summary.add(outcome)
    writer.close(summary)
    assert stream.getvalue() == (
        "PROHIBITED  dinner-90  (nutmeg/gift-limit, code/III.C)\n"
        "PERMITTED  lunch-40  (code/III.C, code/III.B)\n"
        "INDETERMINATE  old-lunch  (no citations)\n"
        "ERROR  -  (bad.yaml:3: not a scenario)\n"
        "4 scenarios: 1 error, 1 prohibited, 1 indeterminate, 1 permitted\n"
    )


def test_installed_plugin_is_loaded_through_its_entry_point() -> None:
    engine = Engine()
    assert not [e for e in engine.load_errors if e.plugin == "nutmeg"]
    assert "nutmeg" in [p.name for p in engine.plugins()]
    assert "nutmeg-digest" in engine.formats
    outcome = engine.evaluate(gift("2026-08-01", value_usd=90))
    assert_outcome(outcome, "prohibited", cites=[LIMIT])
    assert nutmeg_finding(outcome).plugin == "nutmeg"


def test_the_plugin_keeps_the_invariants_of_ala_policy_verify(engine: Engine) -> None:
    """``ala-policy verify`` over the gift area with this plugin installed: every finding
    cited, no unknown value taken as under the limit, a consequence only where stated."""
    from ala_policy.testing import assert_verified

    assert_verified(engine, "gift")


# -- explain: where the limit lies -------------------------------------------------------


def counterfactuals_of(engine: Engine, data: dict[str, Any]) -> list[str]:
    """What ``ala-policy explain`` lists under "would be permitted if" for the gift area."""
    from ala_policy.explain import explain

    parsed = engine.parse(data)
    (explanation,) = explain(engine, parsed, engine.evaluate(parsed))
    return [" and ".join(c.describe() for c in changes) for changes in explanation.counterfactuals]


def test_the_plugin_offers_the_limit_in_force_and_a_cent_over_it(engine: Engine) -> None:
    def offered(on: str) -> tuple[Any, ...]:
        return engine.fact_candidates("gift", "value_usd", on=datetime.date.fromisoformat(on))

    assert offered("2025-06-01") == (100, 100.01)
    assert offered("2026-08-01") == (75, 75.01)
    assert offered("2024-06-01") == ()  # no edition in force: nothing to offer
    assert engine.fact_candidates("gift", "kind", on=datetime.date(2026, 8, 1)) == ()


def test_explain_finds_the_limit_of_the_edition_in_force(engine: Engine) -> None:
    assert counterfactuals_of(engine, gift("2026-08-01", value_usd=150)) == [
        "gift.value_usd were at most 75"
    ]
    assert counterfactuals_of(engine, gift("2025-06-01", value_usd=150)) == [
        "gift.value_usd were at most 100"
    ]
    # unknown, the value is indeterminate; the values offered bound it all the same
    assert counterfactuals_of(engine, gift("2026-08-01")) == ["gift.value_usd were at most 75"]


def test_explain_command_says_at_most_75(engine: Engine, tmp_path: Any) -> None:
    import json

    from click.testing import CliRunner

    from ala_policy.cli import main

    path = tmp_path / "dinner.yaml"
    path.write_text(
        "id: dinner\ndate: 2026-08-01\nactor: {role: member}\n"
        "gift: {kind: meal, act: accepted, giver: vendor, pending_business: false, "
        "may_influence: false, value_usd: 150}\n",
        encoding="utf-8",
    )
    text = CliRunner().invoke(main, ["explain", str(path)])  # the installed entry point
    assert text.exit_code == 0, text.output
    assert (
        "    would be permitted if (changes of up to 2 facts tried):\n"
        "      - gift.value_usd were at most 75\n"
    ) in text.stdout
    data = CliRunner().invoke(main, ["explain", "--format", "json", str(path)])
    (area,) = json.loads(data.stdout)[0]["areas"]
    assert area["counterfactuals"] == [
        [{"fact": "gift.value_usd", "value": 75.0, "bound": "at_most"}]
    ]
    assert area["counterfactual_decisions"] == ["permitted"]
    assert area["max_changes"] == 2
