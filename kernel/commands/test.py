"""``ala-policy test``: run the scenarios that carry an ``expect`` block, like ``opa test``."""

from __future__ import annotations

import sys

import click

from ..expectations import unmet_expectations
from ..formats import FormatOptions, printable
from ..models import Decision, Outcome, Summary
from ._text import wrap
from .options import (
    ExitCode,
    State,
    echo,
    format_option,
    pass_state,
    say_why_strict_failed,
    stdin_bytes,
    strict_option,
)


@click.command("test")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option("text (pass/fail lines), or any output format (junit for CI systems, json, ...).")
@click.option("-v", "--verbose", is_flag=True, help="Show passing scenarios too.")
@strict_option()
@pass_state
def test_command(
    state: State, paths: tuple[str, ...], format_name: str, verbose: bool, strict: bool
) -> None:
    """Check every scenario in PATH... that has an 'expect' block.

    Each such scenario passes when its decision is the expected one and every expected
    clause id is cited. A failure shows the expected and the actual decision and citations.
    Scenarios without 'expect' are counted and skipped.

    \b
    Exit codes:
      0  every expectation held
      1  an expectation failed
      2  a scenario or file could not be read; with --strict, a plugin failed

    \b
    Examples:
      ala-policy test examples/
      ala-policy test examples/ --format junit --strict > report.xml
    """

    engine = state.engine()
    stdout = sys.stdout
    writer = None
    if format_name != "text":
        from ..errors import UsageError

        try:
            output_format = engine.output_format(format_name)
        except UsageError as exc:
            raise click.BadParameter(str(exc), param_hint="'--format'") from None
        writer = output_format.factory(stdout, FormatOptions(color=False, expectations=True))
    passed = failed = skipped = errors = 0
    summary = Summary()
    faults = _Faults()
    for outcome in engine.evaluate_paths(paths, stdin=stdin_bytes()):
        faults.note(outcome)
        if outcome.decision is Decision.ERROR:
            errors += 1
            if writer is None:
                assert outcome.error is not None
                echo(
                    f"ERROR {printable(outcome.id or '')}: "
                    f"{printable(outcome.error.describe())}".replace("  ", " ")
                )
        elif outcome.expect is None:
            skipped += 1
            continue
        else:
            problems = unmet_expectations(outcome)
            if problems:
                failed += 1
                if writer is None:
                    _report_failure(outcome, problems)
            else:
                passed += 1
                if writer is None and verbose:
                    echo(f"PASS {printable(str(outcome.id))}")
        summary.add(outcome)
        if writer is not None:
            writer.write(outcome)
    if writer is not None:
        writer.close(summary)
    else:
        echo(_summary_line(passed, failed, errors, skipped))
    if strict and (faults.count or engine.load_errors):
        say_why_strict_failed(engine.load_errors, faults.first, faults.count)
        sys.exit(ExitCode.USAGE)
    if errors:
        sys.exit(ExitCode.USAGE)
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)


def _summary_line(passed: int, failed: int, errors: int, skipped: int) -> str:
    line = f"{passed} passed, {failed} failed"
    if errors:
        line += f", {errors} {'error' if errors == 1 else 'errors'}"
    if skipped:
        line += f", {skipped} skipped (no expect block)"
    return line


class _Faults:
    """The plugin faults of a run, for --strict: how many, and the first few in words."""

    def __init__(self) -> None:
        self.first: list[str] = []
        self.count = 0

    def note(self, outcome: Outcome) -> None:
        from .._rendered import fault_of

        fault = fault_of(outcome)
        if fault is not None:
            self.count += 1
            if len(self.first) < 5:
                self.first.append(f"{fault} (scenario {outcome.id or '(unnamed)'})")


def _report_failure(outcome: Outcome, problems: list[str]) -> None:
    """A failed expectation: the scenario and where it is (on one line, so the path stays
    whole), what failed, what was expected and what came, and each finding's reason, wrapped
    to the width of the text output."""
    where = ""
    if outcome.source is not None:
        where = f" ({outcome.source.describe()})"
    echo(f"FAIL {printable(str(outcome.id))}{printable(where)}")
    for problem in problems:
        _echo_wrapped(problem, "  ", "    ")
    expect = outcome.expect
    assert expect is not None
    _echo_wrapped(
        f"{expect.decision}; cites {', '.join(expect.cites) or '(any)'}", "  expected: ", " " * 12
    )
    cited = ", ".join(c.id for c in outcome.citations) or "(none)"
    _echo_wrapped(f"{outcome.decision.value}; cites {cited}", "  actual:   ", " " * 12)
    for finding in outcome.findings:
        by = f" [{finding.plugin}]" if finding.plugin else ""
        _echo_wrapped(
            f"{finding.area}{by}: {finding.decision.value}: {printable(finding.reason)}",
            "    ",
            "      ",
        )


def _echo_wrapped(text: str, initial: str, subsequent: str) -> None:
    for line in wrap(text, initial, subsequent):
        echo(line)
