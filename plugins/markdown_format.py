"""Built-in plugin: the ``markdown`` output format, a report to paste into a wiki or an issue.

Each scenario gets a heading with its id and decision, then each finding: the area and
decision, the reason, every clause it cites as a blockquote headed by the clause's id and
document title, the conditions and missing facts as lists, and the consequence. A table of
counts by decision closes the report. Outcomes are written as they arrive.

Text that comes from scenario files (ids, titles, file names, error messages) and from the
policy corpus is escaped, so a ``*`` or ``|`` in it is shown as written rather than read as
Markdown; ids and fact paths are shown as code spans.

A scenario without a ``date`` says it was decided as of today. Under ``ala-policy test``
(``FormatOptions.expectations``), each scenario with an ``expect`` block says whether it was
met and, if not, each part that failed (expected against got), and the summary counts them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ala_policy import Decision, Finding, FormatOptions, Outcome, OutputFormat, Summary, hookimpl
from ala_policy.formats import printable

if TYPE_CHECKING:
    from ala_policy.expectations import ExpectationFailure

#: Characters that can open or close inline Markdown anywhere in a line (CommonMark lets a
#: backslash escape any ASCII punctuation). An underscore inside a word is never emphasis and
#: an ampersand only matters when it starts an entity, so those stay as they are.
_INLINE = r"[\\`*\[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)"
#: What makes a line a heading, quote, list item or rule when it starts it.
_LINE_START = r"^([#>+=-])"
_NUMBERED = r"^(\d+)([.)])"
# (compiled on first use, and cached by ``re``: this module is imported on every run)


def _label(decision: Decision) -> str:
    return decision.value.upper().replace("_", " ")


def escape(text: str) -> str:
    """``text`` with everything Markdown would read as markup backslash-escaped (and control
    characters or lone surrogates as visible escapes)."""
    lines = []
    for line in printable(text, lines=True).split("\n"):
        # Leading spaces would make an indented code block: the text's own indentation goes.
        escaped = re.sub(_INLINE, lambda m: "\\" + m.group(0), line.lstrip())
        escaped = re.sub(_LINE_START, r"\\\1", escaped)
        lines.append(re.sub(_NUMBERED, r"\1\\\2", escaped))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """``text`` escaped on one line (for headings and table cells)."""
    return escape(" ".join(text.split()))


def code(text: str) -> str:
    """``text`` as a code span, fenced with more backticks than it contains."""
    text = printable(" ".join(text.split()))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class MarkdownWriter:
    """A Markdown document: a section per scenario and a summary table."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream
        self.started = False
        self.expectations = options.expectations
        self.passed = self.failed = 0

    def _start(self) -> None:
        if not self.started:
            self.stream.write("# ala-policy report\n")
            self.started = True

    def write(self, outcome: Outcome) -> None:
        """Render one scenario's outcome as a level-2 section."""
        self._start()
        name = code(outcome.id) if outcome.id is not None else "(unreadable)"
        lines = ["", f"## {name}: {_label(outcome.decision)}", ""]
        if outcome.title:
            lines.extend([f"*{_one_line(outcome.title)}*", ""])
        meta = []
        if outcome.source is not None and outcome.error is None:
            meta.append(f"Source: {code(outcome.source.describe())}")
        if outcome.date is not None and outcome.error is None:
            today = "" if outcome.date_given else " (today: the scenario gives no date)"
            meta.append(f"as of {outcome.date.isoformat()}{today}")
        if meta:
            lines.extend([", ".join(meta), ""])
        if self.expectations:
            lines.extend(self._expectation(outcome))
        if outcome.error is not None:
            lines.extend([f"**Error:** {_one_line(outcome.error.describe())}", ""])
        for finding in outcome.findings:
            lines.extend(self._finding(finding))
        if outcome.disabled_plugins:
            blocked = ", ".join(code(name) for name in outcome.disabled_plugins)
            lines.extend([f"*Decided with these plugins blocked: {blocked}*", ""])
        self.stream.write("\n".join(lines))

    def _expectation(self, outcome: Outcome) -> list[str]:
        """How the outcome met its ``expect`` block (under ``ala-policy test``)."""
        # imported here: only ``ala-policy test`` checks expectations, and every other
        # command starts without the module
        from ala_policy.expectations import check_expectations

        result = check_expectations(outcome)
        if result is None:
            return []
        if result.passed:
            self.passed += 1
            cites = ", ".join(code(c) for c in result.cites)
            return [
                f"**Expectation met:** decision {code(result.decision)}"
                + (f", cites {cites}" if cites else ""),
                "",
            ]
        self.failed += 1
        lines = ["**Expectation not met:**", ""]
        lines.extend(f"- {_failure(failure)}" for failure in result.failures)
        return [*lines, ""]

    def _finding(self, finding: Finding) -> list[str]:
        by = f" (plugin {code(finding.plugin)})" if finding.plugin else ""
        lines = [f"### {_one_line(finding.area)}: {_label(finding.decision)}{by}", ""]
        lines.extend([escape(finding.reason.strip()), ""])
        if finding.error is not None:
            lines.extend([f"**Plugin error:** {_one_line(finding.error)}", ""])
        for citation in finding.citations:
            head = f"> **{code(citation.id)}**: *{_one_line(citation.title)}*"
            if citation.edition:
                head += f", {_one_line(citation.edition)}"
            lines.extend([head, ">"])
            if citation.heading:
                lines.extend([f"> **{_one_line(citation.heading)}**", ">"])
            lines.extend(
                f"> {escape(paragraph.strip())}" if paragraph.strip() else ">"
                for paragraph in citation.text.strip().split("\n")
            )
            lines.append("")
        if finding.conditions:
            lines.extend(["**Conditions:**", ""])
            lines.extend(f"- {_one_line(condition)}" for condition in finding.conditions)
            lines.append("")
        if finding.missing_facts:
            lines.extend(["**Missing facts:**", ""])
            lines.extend(f"- {code(fact)}" for fact in finding.missing_facts)
            lines.append("")
        if finding.consequence:
            lines.extend([f"**Consequence:** {_one_line(finding.consequence)}", ""])
        return lines

    def close(self, summary: Summary) -> None:
        """Write the summary table: one row per decision that occurred, and the total."""
        self._start()
        lines = ["", "## Summary", "", "| Decision | Count |", "| --- | ---: |"]
        lines.extend(
            f"| {_label(decision)} | {summary.counts[decision.value]} |"
            for decision in reversed(Decision)
            if summary.counts.get(decision.value)
        )
        lines.extend([f"| **Total** | **{summary.total}** |", ""])
        if self.expectations:
            lines.extend([f"Expectations: {self.passed} passed, {self.failed} failed.", ""])
        lines.extend([escape(summary.describe()), ""])
        self.stream.write("\n".join(lines))


def _failure(failure: ExpectationFailure) -> str:
    """One unmet part of an ``expect`` block, expected against got."""
    if isinstance(failure.got, tuple):
        got = ", ".join(code(c) for c in failure.got) or "none"
        return (
            f"{_one_line(failure.field)}: expected {code(failure.expected)} among the "
            f"citations, got {got}"
        )
    return f"{_one_line(failure.field)}: expected {code(failure.expected)}, got {code(failure.got)}"


@hookimpl
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register ``markdown``."""
    register(
        OutputFormat(
            name="markdown",
            factory=MarkdownWriter,
            description="Markdown report: a section per scenario, quoted clauses, summary table",
            extension=".md",
        )
    )
