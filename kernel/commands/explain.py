"""``ala-policy explain``: who decided, on which facts and clauses, and what would change it."""

from __future__ import annotations

import json
import sys

import click

from ..explain import MAX_CHANGES, Explanation
from ..explain import show_value as _show
from ..formats import printable
from ..inputs import read_inputs
from ..models import Decision, Outcome
from ..payloads import explain_item, explanation_payload
from ._text import wrap
from .options import ExitCode, State, echo, pass_state, stdin_bytes, text_or_json


@click.command("explain")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@text_or_json
@click.option(
    "--max-changes",
    type=click.IntRange(1, 4),
    default=MAX_CHANGES,
    show_default=True,
    help="How many facts a counterfactual may change at most.",
)
@pass_state
def explain_command(
    state: State, paths: tuple[str, ...], format_name: str, max_changes: int
) -> None:
    """Explain each finding of the scenarios in PATH...

    For each finding: the plugin and rule that produced it, the facts it used, and the
    clause text. For every prohibited, conditional or indeterminate area, the
    counterfactuals: the smallest changes of facts that would make it permitted
    ("permitted if solicitation.follow_up_requested were true"), or, where no change
    would, permitted on conditions (duties that remain, such as keeping an opt-out
    working). They are found by re-evaluating the area over the values its facts can take,
    so areas added by plugins get them too; a number is searched for the bound where the
    decision flips ("permitted if gift.value_usd were at most 75"), from the values
    plugins offer (ala_policy_fact_candidates) and those found halving between them. At
    most --max-changes facts change at once, and the output says how many.

    \b
    Examples:
      ala-policy explain examples/scenarios/directory-q8-newsletter-to-all.yaml
      ala-policy explain scenario.yaml --format json
    """
    engine = state.engine()
    results = [
        explain_item(engine, item, max_changes=max_changes)
        for item in read_inputs(paths, stdin_bytes())
    ]
    failed = any(outcome.error is not None for outcome, _ in results)
    if format_name == "json":
        payload = [explanation_payload(outcome, explanations) for outcome, explanations in results]
        echo(json.dumps(payload, indent=2, default=str))
    else:
        for index, (outcome, explanations) in enumerate(results):
            if index:
                echo()
            _render(outcome, explanations)
    sys.exit(ExitCode.USAGE if failed else ExitCode.OK)


def _say(text: str, initial: str, subsequent: str | None = None) -> None:
    """Echo ``text`` wrapped within :data:`WIDTH` columns behind ``initial`` (later lines
    behind ``subsequent``, by default as many spaces), as the text format wraps its lines."""
    for line in wrap(text, initial, " " * len(initial) if subsequent is None else subsequent):
        echo(line)


def _render(outcome: Outcome, explanations: list[Explanation]) -> None:
    if outcome.error is not None:
        echo(f"{printable(outcome.id or '(unreadable)')}: ERROR")
        echo(f"  {printable(outcome.error.describe())}")  # whole, as the text format has it
        return
    head = f"{printable(str(outcome.id))}: {outcome.decision.value.upper()}"
    if outcome.title:
        _say(f"({printable(outcome.title)})", f"{head}  ", "    ")
    else:
        echo(head)
    for explanation in explanations:
        echo(f"  {explanation.area}: {explanation.decision.value}")
        for finding in explanation.findings:
            who = f"plugin {finding.plugin}" if finding.plugin else "the engine"
            rule = f", rule {finding.rule}" if finding.rule else ""
            _say(f"{finding.decision.value} by {who}{rule}", "    ", "      ")
            _say(finding.reason, "      ")
            if finding.conditions:
                echo("      conditions:")
                for condition in finding.conditions:
                    _say(condition, "        - ")
            if finding.missing_facts:
                _say(f"missing facts: {', '.join(finding.missing_facts)}", "      ")
            if finding.facts_used:
                used = ", ".join(
                    f"{p} = {_show(explanation.facts.get(p))}" for p in finding.facts_used
                )
                _say(f"facts used: {used}", "      ")
            for citation in finding.citations:
                _say(f"{citation.id} ({citation.title}; {citation.edition}):", "      ")
                for paragraph in citation.text.split("\n"):
                    if paragraph.strip():
                        _say(paragraph.strip(), "        | ", "        | ")
        if explanation.counterfactuals:
            tried = _facts(explanation.max_changes)
            _say(f"would be permitted if (changes of up to {tried} tried):", "    ", "      ")
            results = explanation.results or (Decision.PERMITTED,) * len(
                explanation.counterfactuals
            )
            for changes, result in zip(explanation.counterfactuals, results, strict=True):
                on = " (on conditions)" if result is Decision.CONDITIONAL else ""
                _say(" and ".join(c.describe() for c in changes) + on, "      - ")
            if explanation.more:
                echo(f"      (and {explanation.more} more of the same size)")
        elif explanation.decision.value in ("prohibited", "conditional", "indeterminate"):
            _say(
                f"no change of up to {explanation.max_changes} facts would make it "
                "permitted (--max-changes allows more)",
                "    ",
            )
        for fault in explanation.faults:
            _say(f"note: {printable(fault)}", "    ")


def _facts(count: int) -> str:
    return "1 fact" if count == 1 else f"{count} facts"
