"""Built-in plugin: the ``text`` output format, for a person at a terminal.

Each scenario gets its decision, then each finding: the area and decision, the reason, every
clause it cites with the clause's id and quoted text, the conditions that remain, the facts
still missing, and the consequence the policy states. A summary line closes the run. Colour
is used only when the stream is a terminal (``FormatOptions.color``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any, TextIO

import click

from ala_policy import Decision, Finding, FormatOptions, Outcome, OutputFormat, Summary, hookimpl
from ala_policy.formats import printable

WIDTH = 88

_STYLE: dict[Decision, dict[str, Any]] = {
    Decision.PROHIBITED: {"fg": "red", "bold": True},
    Decision.INDETERMINATE: {"fg": "yellow", "bold": True},
    Decision.CONDITIONAL: {"fg": "cyan", "bold": True},
    Decision.PERMITTED: {"fg": "green", "bold": True},
    Decision.NOT_APPLICABLE: {"fg": "bright_black"},
    Decision.ERROR: {"fg": "magenta", "bold": True},
}


class TextWriter:
    """Readable blocks, one per scenario, and a summary line."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream
        self.color = options.color
        self.first = True

    def _style(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.color else text

    def _decision(self, decision: Decision) -> str:
        return self._style(decision.value.upper().replace("_", " "), **_STYLE[decision])

    def write(self, outcome: Outcome) -> None:
        """Render one scenario's outcome."""
        lines: list[str] = [] if self.first else [""]
        self.first = False
        if outcome.error is not None:
            label = printable(outcome.id or "(unreadable)")
            lines.append(f"{self._style(label, bold=True)}: {self._decision(Decision.ERROR)}")
            lines.append(f"  {printable(outcome.error.describe())}")
            self.stream.write("\n".join(lines) + "\n")
            return
        label = printable(str(outcome.id))
        head = f"{self._style(label, bold=True)}: {self._decision(outcome.decision)}"
        if outcome.title:
            head += f"  ({printable(outcome.title)})"
        lines.append(head)
        if outcome.source is not None:
            on = f", as of {outcome.date.isoformat()}" if outcome.date else ""
            lines.append(self._style(f"  {printable(outcome.source.describe())}{on}", dim=True))
        for finding in outcome.findings:
            lines.extend(self._finding(finding))
        if outcome.disabled_plugins:
            blocked = printable(", ".join(outcome.disabled_plugins))
            lines.append(self._style(f"  Decided with these plugins blocked: {blocked}", dim=True))
        self.stream.write("\n".join(lines) + "\n")

    def _finding(self, finding: Finding) -> list[str]:
        by = f" [{printable(finding.plugin)}]" if finding.plugin else ""
        lines = [f"  {finding.area}: {self._decision(finding.decision)}{self._style(by, dim=True)}"]
        lines.extend(_wrap(printable(finding.reason), "    "))
        for citation in finding.citations:
            label = self._style(citation.id, bold=True)
            lines.append(f"    {label} ({citation.title}):")
            if citation.heading:
                lines.extend(_wrap(citation.heading, "      ", self._style_dim))
            for paragraph in printable(citation.text, lines=True).split("\n"):
                lines.extend(_wrap(paragraph, "      | ") if paragraph.strip() else ["      |"])
        if finding.conditions:
            lines.append("    " + self._style("Conditions:", bold=True))
            for condition in finding.conditions:
                lines.extend(_wrap(printable(condition), "      - ", subsequent="        "))
        if finding.missing_facts:
            lines.append(
                "    "
                + self._style("Missing facts:", bold=True)
                + " "
                + printable(", ".join(finding.missing_facts))
            )
        if finding.consequence:
            lines.extend(
                _wrap(
                    printable(finding.consequence),
                    "    " + self._style("Consequence:", bold=True) + " ",
                    subsequent="      ",
                )
            )
        return lines

    def _style_dim(self, text: str) -> str:
        return self._style(text, italic=True)

    def close(self, summary: Summary) -> None:
        """Write the summary line."""
        text = summary.describe()
        self.stream.write(("\n" if not self.first else "") + self._style(text, bold=True) + "\n")


def _wrap(
    text: str,
    initial: str,
    style: Callable[[str], str] | None = None,
    subsequent: str | None = None,
) -> list[str]:
    indent = subsequent if subsequent is not None else " " * len(click.unstyle(initial))
    if initial.strip() == "|":
        indent = initial
    wrapped = textwrap.wrap(
        text.strip(),
        width=WIDTH,
        initial_indent="",
        subsequent_indent="",
        break_on_hyphens=False,
    ) or [""]
    out = []
    for index, line in enumerate(wrapped):
        body = style(line) if style else line
        out.append((initial if index == 0 else indent) + body)
    return out


@hookimpl
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register ``text``."""
    register(
        OutputFormat(
            name="text",
            factory=TextWriter,
            description="readable report with quoted clauses and a summary (the default)",
            extension=".txt",
        )
    )
