"""Built-in plugin: the ``text`` output format, for a person at a terminal.

Each scenario gets its decision, then each finding: the area and decision, the reason, every
clause it cites with the clause's id, document, edition and quoted text, the conditions that
remain, the facts still missing, and the consequence the policy states. A summary line closes
the run. Colour is used only when the stream is a terminal (``FormatOptions.color``).

Every line keeps within :data:`WIDTH` columns, whatever the terminal (the same input gives the
same bytes), except where one word is longer: file paths, clause ids and fact paths are never
broken, and an input error stays on one line (``file:line: path: message``, for editors and
``grep``). A scenario without a ``date`` says it was decided as of today.
"""

from __future__ import annotations

import re
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
        label = self._style(_unbroken(printable(str(outcome.id))), bold=True)
        head = f"{label}: {self._decision(outcome.decision)}"
        if outcome.title:
            lines.extend(_wrap(f"({printable(outcome.title)})", f"{head}  ", subsequent="    "))
        else:
            lines.append(_whole(head))
        if outcome.source is not None or not outcome.date_given:
            where = _unbroken(printable(outcome.source.describe())) if outcome.source else ""
            on = ""
            if outcome.date is not None:
                on = _unbroken(f"as of {outcome.date.isoformat()}")
                if not outcome.date_given:
                    on += " (today: the scenario gives no date)"
            text = ", ".join(part for part in (where, on) if part)
            lines.extend(_wrap(text, "  ", self._style_dim, subsequent="    "))
        for finding in outcome.findings:
            lines.extend(self._finding(finding))
        if outcome.disabled_plugins:
            blocked = printable(", ".join(outcome.disabled_plugins))
            lines.extend(
                _wrap(
                    f"Decided with these plugins blocked: {blocked}",
                    "  ",
                    self._style_dim,
                    subsequent="    ",
                )
            )
        self.stream.write("\n".join(lines) + "\n")

    def _finding(self, finding: Finding) -> list[str]:
        by = f" [{printable(finding.plugin)}]" if finding.plugin else ""
        head = f"  {finding.area}: {self._decision(finding.decision)}{self._style(by, dim=True)}"
        lines = [_whole(head)]
        lines.extend(_wrap(printable(finding.reason), "    "))
        for citation in finding.citations:
            label = self._style(_unbroken(citation.id), bold=True)
            lines.extend(_wrap(f"({citation.title}):", f"    {label} ", subsequent="      "))
            if citation.edition:
                edition = "      edition: "
                lines.extend(_wrap(citation.edition, edition, self._style_dim, " " * 8))
            if citation.heading:
                lines.extend(_wrap(citation.heading, "      ", self._style_heading))
            for paragraph in printable(citation.text, lines=True).split("\n"):
                lines.extend(_wrap(paragraph, "      | ") if paragraph.strip() else ["      |"])
        if finding.conditions:
            lines.append("    " + self._style("Conditions:", bold=True))
            for condition in finding.conditions:
                lines.extend(_wrap(printable(condition), "      - ", subsequent="        "))
        if finding.missing_facts:
            facts = ", ".join(_unbroken(printable(fact)) for fact in finding.missing_facts)
            label = self._style("Missing facts:", bold=True)
            lines.extend(_wrap(facts, f"    {label} ", subsequent="      "))
        if finding.consequence:
            label = self._style("Consequence:", bold=True)
            consequence = printable(finding.consequence)
            lines.extend(_wrap(consequence, f"    {label} ", subsequent="      "))
        return lines

    def _style_dim(self, text: str) -> str:
        return self._style(text, dim=True)

    def _style_bold(self, text: str) -> str:
        return self._style(text, bold=True)

    def _style_heading(self, text: str) -> str:
        return self._style(text, italic=True)

    def close(self, summary: Summary) -> None:
        """Write the summary line."""
        # "38 prohibited" stays whole on a line
        counts = re.sub(r"(\d) (?=\w)", "\\1" + _KEEP, summary.describe())
        lines = _wrap(counts, "", self._style_bold, subsequent="  ")
        self.stream.write(("\n" if not self.first else "") + "\n".join(lines) + "\n")


#: Stands for a space that must not break a line (inside a file path or an id); no text
#: reaches the wrapping with it, as :func:`printable` escapes control characters.
_KEEP = "\x00"


def _unbroken(text: str) -> str:
    """``text`` as one word for :func:`_wrap` (a file path with spaces stays on one line)."""
    return text.replace(" ", _KEEP)


def _whole(line: str) -> str:
    return line.replace(_KEEP, " ")


def _wrap(
    text: str,
    initial: str,
    style: Callable[[str], str] | None = None,
    subsequent: str | None = None,
) -> list[str]:
    """``text`` behind ``initial`` (which may be styled), wrapped so that every line, indent
    included, keeps within :data:`WIDTH` columns; later lines behind ``subsequent`` (the width
    of ``initial``, or ``initial`` itself for a quote's ``| ``). ``style`` styles the text,
    not the indents. Words longer than a line are not broken."""
    lead = len(click.unstyle(initial))
    if subsequent is None:
        subsequent = initial if initial.strip() == "|" else " " * lead
    wrapped = textwrap.wrap(
        text.strip(),
        width=WIDTH,
        initial_indent=" " * lead,
        subsequent_indent=subsequent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [" " * lead]
    out = []
    for index, line in enumerate(wrapped):
        indent = " " * lead if index == 0 else subsequent
        body = _whole(line[len(indent) :])
        out.append((initial if index == 0 else indent) + (style(body) if style else body))
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
