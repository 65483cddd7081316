"""Built-in plugin: the ``html`` output format, one self-contained page a chapter board can print.

The page has a title, a line saying what the run decided and as of when, the
policy documents and editions it quotes, and a summary table (scenario, title, decision)
that links to a section per scenario. Each section gives the scenario's decision, then each
finding: the area and decision, the reason, every clause it cites quoted in a blockquote with
the clause's id, heading and document title and edition, the conditions that remain, the
facts still missing, and the consequence the policy states. A scenario that could not be
read shows where and why (``file:line: path: message``); a scenario without a ``date`` says
it was decided as of today.

The same outcomes always give the same bytes: the page's date is ``SOURCE_DATE_EPOCH``'s when
that is set (https://reproducible-builds.org/specs/source-date-epoch/: "Generated on"), else
the latest date the scenarios give ("as of"), else none at all; never the clock's.

Under ``ala-policy test`` (``FormatOptions.expectations``), each scenario with an ``expect``
block says whether it was met and, if not, each part that failed (expected against got); the
summary table gains a column for it and the header counts them.

The document is HTML5 with its CSS inline: no scripts, fonts, images or other external
resources, so it can be mailed or archived as one file. Decisions are coloured badges that
always spell the decision out, so a black-and-white print reads the same; print CSS keeps a
scenario on one page where it fits.

Unlike the streaming formats, this writer buffers: the summary table comes before the
scenarios, so each scenario's section is rendered when it arrives and kept (as text) until
:meth:`HtmlWriter.close` writes the whole page. Memory grows with the number of scenarios.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ala_policy import (
    Citation,
    Decision,
    Finding,
    FormatOptions,
    Outcome,
    OutputFormat,
    Summary,
    hookimpl,
)

if TYPE_CHECKING:
    from ala_policy.expectations import ExpectationFailure

# Patterns are compiled on first use (``re`` caches them), and ``html`` is imported there
# too: this module is imported on every run, whatever the format, so it stays cheap.

#: Code points that may not appear in an HTML document: C0 controls other than tab, line
#: feed, form feed and carriage return, DEL and C1 controls, lone surrogates, noncharacters.
_INVALID = "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
_ANCHOR = r"[^A-Za-z0-9_.-]+"


def esc(text: object) -> str:
    """``text`` escaped for HTML text and attribute values, with invalid characters replaced."""
    import html  # imported here: see above

    return html.escape(re.sub(_INVALID, "\ufffd", str(text)), quote=True)


def _label(decision: Decision) -> str:
    return decision.value.upper().replace("_", " ")


def badge(decision: Decision) -> str:
    """A decision badge: coloured, and always the decision written out."""
    return f'<span class="badge d-{decision.value}">{_label(decision)}</span>'


def _paragraphs(text: str, css: str | None = None) -> str:
    attr = f' class="{css}"' if css else ""
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text.strip()) if p.strip()]
    return "".join(f"<p{attr}>{esc(p)}</p>" for p in parts)


_CSS = """
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 2rem 2.5rem 3rem; max-width: 62rem; color: var(--ink);
  background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif;
}
h1 { font-size: 1.9rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.3rem; margin: 0; line-height: 1.3; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .35rem; }
h4 { font-size: .8rem; margin: .8rem 0 .2rem; text-transform: uppercase;
  letter-spacing: .06em; color: var(--muted); }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: .35rem 0; }
a { color: #0a4fa6; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas,
  "Liberation Mono", monospace; font-size: .92em; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
.generated { margin: .2rem 0; }
.counts { list-style: none; padding: 0; margin: .6rem 0 1rem; display: flex;
  flex-wrap: wrap; gap: .4rem 1.2rem; }
.counts li { white-space: nowrap; }
.documents { margin: .2rem 0 1.4rem; padding-left: 1.2rem; color: var(--muted); }
.badge {
  display: inline-block; padding: .05rem .45rem; border: 1.5px solid currentColor;
  border-radius: .3rem; font: 700 .78rem/1.4 system-ui, -apple-system, "Segoe UI", Arial,
  sans-serif; letter-spacing: .05em; white-space: nowrap; vertical-align: .1em;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
table.summary { width: 100%; border-collapse: collapse; margin: .5rem 0 2rem; }
table.summary caption { text-align: left; font-weight: 700; font-size: 1.3rem;
  padding-bottom: .4rem; }
table.summary th, table.summary td { text-align: left; vertical-align: top;
  padding: .35rem .6rem; border-bottom: 1px solid var(--rule); }
table.summary th { border-bottom: 2px solid var(--ink); font-size: .85rem; }
table.summary td.num { color: var(--muted); text-align: right; width: 2.5rem; }
table.summary td.id { word-break: break-word; width: 34%; }
table.summary td.decision { width: 9.5rem; }
table.summary tbody tr:nth-child(even) { background: #f6f8fa; }
table.summary tr { break-inside: avoid; page-break-inside: avoid; }
.scenario { border-top: 3px solid var(--ink); padding: .9rem 0 .6rem; margin-top: 1.6rem;
  break-inside: avoid; page-break-inside: avoid; }
.scenario header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .8rem; }
.scenario header h2 { flex: 1 1 28rem; word-break: break-word; }
.scenario .title { font-size: 1.05rem; font-style: italic; margin: .3rem 0; }
.meta { color: var(--muted); font-size: .85rem; }
.finding { margin: .8rem 0 0 .1rem; padding: .1rem 0 .4rem 1rem;
  border-left: 3px solid var(--rule); }
.finding h3 .area { margin-right: .4rem; }
.plugin { color: var(--muted); font-size: .8rem; font-weight: 400; margin-left: .3rem; }
blockquote.clause { margin: .6rem 0; padding: .5rem .9rem; background: #f6f8fa;
  border-left: 4px solid #8c959f; font-family: Georgia, "Times New Roman", serif;
  break-inside: avoid; page-break-inside: avoid; }
blockquote.clause .ref { font-family: system-ui, -apple-system, "Segoe UI", Arial,
  sans-serif; font-size: .85rem; margin: 0 0 .3rem; }
blockquote.clause .clause-id { font-weight: 700; margin-right: .5rem; }
blockquote.clause .heading { color: var(--muted); }
blockquote.clause .text { font-size: 1.06em; line-height: 1.5; }
blockquote.clause footer { font-family: system-ui, -apple-system, "Segoe UI", Arial,
  sans-serif; font-size: .8rem; color: var(--muted); margin-top: .3rem; }
ul { margin: .2rem 0 .4rem; padding-left: 1.4rem; }
.consequence { margin-top: .6rem; break-before: avoid; page-break-before: avoid; }
.error, .plugin-error { border: 1.5px dashed #6b21a8; padding: .4rem .7rem; margin: .6rem 0;
  word-break: break-word; }
.back { font-size: .8rem; }
footer.page { margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .8rem; }
@media print {
  @page { margin: 15mm 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  .back { display: none; }
  table.summary { margin-bottom: 0; }
  main { break-before: page; page-break-before: always; }
  .scenario { margin-top: 1rem; }
  .scenario:first-child { border-top: 0; margin-top: 0; }
  blockquote.clause { background: none; border-left-color: #555; }
  table.summary tbody tr:nth-child(even) { background: none; }
}
"""


#: Per decision: badge text (also the finding's rule) and badge background. Dark text on a
#: light tint, framed: readable when a printer drops backgrounds or prints in grey.
_PALETTE = {
    Decision.PROHIBITED: ("#9b1c1c", "#fde8e8"),
    Decision.INDETERMINATE: ("#8a4b00", "#fdf1dc"),
    Decision.CONDITIONAL: ("#075985", "#e0f0fb"),
    Decision.PERMITTED: ("#166534", "#e3f5e8"),
    Decision.NOT_APPLICABLE: ("#4b5563", "#eef0f2"),
    Decision.ERROR: ("#6b21a8", "#f3e8fd"),
}
#: The styles of the expectations, added to the page only under ``ala-policy test``.
_EXPECT_CSS = """
.expect { margin: .5rem 0; padding: .3rem .7rem; border-left: 4px solid currentColor; }
.expect.passed { color: #166534; }
.expect.failed { color: #9b1c1c; border: 1.5px solid currentColor; border-left-width: 4px; }
.expect ul { margin: .2rem 0 0; color: var(--ink); }
table.summary td.expect { width: 6.5rem; }
"""

_CSS += "".join(
    f".badge.d-{d.value} {{ color: {ink}; background: {tint}; }}\n"
    f".finding.d-{d.value} {{ border-left-color: {ink}; }}\n"
    for d, (ink, tint) in _PALETTE.items()
)


class HtmlWriter:
    """One HTML5 document: summary table first, so sections are buffered until close."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream
        self.rows: list[str] = []
        self.sections: list[str] = []
        self.anchors: set[str] = set()
        self.documents: dict[tuple[str, str], None] = {}
        self.expectations = options.expectations
        self.passed = self.failed = 0
        #: the latest date a scenario gave (not one decided as of today)
        self.latest: datetime.date | None = None

    def _anchor(self, outcome: Outcome) -> str:
        base = "scenario-" + (re.sub(_ANCHOR, "-", outcome.id).strip("-") if outcome.id else "")
        if base == "scenario-":
            base = "scenario-unreadable"
        anchor, n = base, 1
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
        return anchor

    def write(self, outcome: Outcome) -> None:
        """Render one scenario's section and its summary row, and keep them for close."""
        number = len(self.sections) + 1
        anchor = self._anchor(outcome)
        name = (
            f"<code>{esc(outcome.id)}</code>" if outcome.id is not None else "<em>(unreadable)</em>"
        )
        title = esc(outcome.title) if outcome.title else ""
        if outcome.date is not None and outcome.date_given and outcome.error is None:
            self.latest = outcome.date if self.latest is None else max(self.latest, outcome.date)
        expectation, met = self._expectation(outcome) if self.expectations else ("", "")
        self.rows.append(
            f'<tr><td class="num">{number}</td>'
            f'<td class="id"><a href="#{anchor}">{name}</a></td>'
            f"<td>{title}</td>"
            f'<td class="decision">{badge(outcome.decision)}</td>'
            + (f'<td class="expect">{met}</td>' if self.expectations else "")
            + "</tr>"
        )
        parts = [
            f'<section class="scenario" id="{anchor}">',
            f"<header><h2>{number}. {name}</h2>{badge(outcome.decision)}</header>",
        ]
        if title:
            parts.append(f'<p class="title">{title}</p>')
        meta = []
        if outcome.source is not None and outcome.error is None:
            meta.append(f"Source <code>{esc(outcome.source.describe())}</code>")
        if outcome.date is not None and outcome.error is None:
            today = "" if outcome.date_given else " (today: the scenario gives no date)"
            meta.append(f"decided as of {esc(outcome.date.isoformat())}{today}")
        if meta:
            parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
        if expectation:
            parts.append(expectation)
        if outcome.error is not None:
            parts.append(
                '<p class="error"><strong>Could not be read:</strong> '
                f"<code>{esc(outcome.error.describe())}</code></p>"
            )
        parts.extend(self._finding(finding) for finding in outcome.findings)
        if outcome.disabled_plugins:
            blocked = ", ".join(f"<code>{esc(p)}</code>" for p in outcome.disabled_plugins)
            parts.append(f'<p class="meta">Decided with these plugins blocked: {blocked}</p>')
        parts.append('<p class="back"><a href="#summary">Back to the summary</a></p></section>')
        self.sections.append("\n".join(parts))

    def _expectation(self, outcome: Outcome) -> tuple[str, str]:
        """How the outcome met its ``expect`` block: the section's paragraph and the summary
        table's cell (both empty without a block)."""
        # imported here: only ``ala-policy test`` checks expectations, and every other
        # command starts without the module
        from ala_policy.expectations import check_expectations

        result = check_expectations(outcome)
        if result is None:
            return "", ""
        if result.passed:
            self.passed += 1
            cites = ", ".join(f"<code>{esc(c)}</code>" for c in result.cites)
            met = (
                '<p class="expect passed"><strong>Expectation met:</strong> decision '
                f"<code>{esc(result.decision)}</code>{'; cites ' + cites if cites else ''}</p>"
            )
            return met, "passed"
        self.failed += 1
        items = "".join(f"<li>{_failure(failure)}</li>" for failure in result.failures)
        unmet = (
            '<div class="expect failed"><strong>Expectation not met:</strong>'
            f"<ul>{items}</ul></div>"
        )
        return unmet, "<strong>FAILED</strong>"

    def _finding(self, finding: Finding) -> str:
        by = f'<span class="plugin">plugin {esc(finding.plugin)}</span>' if finding.plugin else ""
        parts = [
            f'<div class="finding d-{finding.decision.value}">',
            f'<h3><span class="area">{esc(finding.area)}</span>{badge(finding.decision)}{by}</h3>',
            _paragraphs(finding.reason, "reason"),
        ]
        if finding.error is not None:
            parts.append(
                f'<p class="plugin-error"><strong>Plugin error:</strong> {esc(finding.error)}</p>'
            )
        parts.extend(self._citation(citation) for citation in finding.citations)
        if finding.conditions:
            items = "".join(f"<li>{esc(c)}</li>" for c in finding.conditions)
            parts.append(f'<h4>Conditions</h4><ul class="conditions">{items}</ul>')
        if finding.missing_facts:
            items = "".join(f"<li><code>{esc(f)}</code></li>" for f in finding.missing_facts)
            parts.append(f'<h4>Missing facts</h4><ul class="missing">{items}</ul>')
        if finding.consequence:
            parts.append(
                '<p class="consequence"><strong>Consequence:</strong> '
                f"{esc(finding.consequence)}</p>"
            )
        parts.append("</div>")
        return "\n".join(parts)

    def _citation(self, citation: Citation) -> str:
        self.documents.setdefault((citation.title, citation.edition), None)
        heading = (
            f'<span class="heading">{esc(citation.heading)}</span>' if citation.heading else ""
        )
        edition = f" · edition: {esc(citation.edition)}" if citation.edition else ""
        return (
            f'<blockquote class="clause" data-clause="{esc(citation.id)}">'
            f'<p class="ref"><span class="clause-id mono">{esc(citation.id)}</span>{heading}</p>'
            f"{_paragraphs(citation.text, 'text')}"
            f"<footer><cite>{esc(citation.title)}</cite>{edition}</footer></blockquote>"
        )

    def close(self, summary: Summary) -> None:
        """Write the whole document: header, summary table, then every scenario's section."""
        import ala_policy

        version = esc(ala_policy.__version__)
        generated, when = f"Generated by ala-policy {version}", ""
        epoch = _source_date_epoch()
        if epoch is not None:
            generated = f"Generated on {epoch.isoformat()} by ala-policy {version}"
        elif self.latest is not None:
            when = f"As of {self.latest.isoformat()} (the latest date the scenarios give). "
        counts = "".join(
            f"<li>{badge(d)} {summary.counts[d.value]}</li>"
            for d in reversed(Decision)
            if summary.counts.get(d.value)
        )
        documents = "".join(
            f"<li><cite>{esc(title)}</cite>{' · edition: ' + esc(edition) if edition else ''}</li>"
            for title, edition in self.documents
        )
        noun = "scenario" if summary.total == 1 else "scenarios"
        head = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="ala-policy {version}">',
            f"<title>ALA ethics policy report: {summary.total} {noun}</title>",
            f"<style>{_CSS}{_EXPECT_CSS if self.expectations else ''}</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>ALA ethics policy report</h1>",
            (
                '<p class="subtitle">Scenarios decided against the ethics rules of the '
                "Association of Legal Administrators, with the clauses each decision rests on.</p>"
            ),
            (
                f'<p class="generated">{when}{generated}: '
                f"<strong>{esc(summary.describe())}</strong>.</p>"
            ),
            f'<ul class="counts">{counts}</ul>' if counts else "",
            (f'<p class="generated">Expectations: {self.passed} passed, {self.failed} failed.</p>')
            if self.expectations
            else "",
            (
                f'<p class="generated">Policy documents quoted:</p><ul class="documents">'
                f"{documents}</ul>"
            )
            if documents
            else "",
            "</header>",
            '<table class="summary" id="summary">',
            "<caption>Summary</caption>",
            (
                '<thead><tr><th scope="col">#</th><th scope="col">Scenario</th>'
                '<th scope="col">Title</th><th scope="col">Decision</th>'
                + ('<th scope="col">Expectation</th>' if self.expectations else "")
                + "</tr></thead>"
            ),
            "<tbody>",
        ]
        if not self.rows:
            columns = 5 if self.expectations else 4
            head.append(f'<tr><td colspan="{columns}">No scenarios were read.</td></tr>')
        self.stream.write("\n".join(line for line in head if line) + "\n")
        self.stream.write("".join(row + "\n" for row in self.rows))
        self.stream.write("</tbody>\n</table>\n<main>\n")
        for section in self.sections:
            self.stream.write(section + "\n")
        self.stream.write(
            "</main>\n"
            f'<footer class="page">{esc(summary.describe())}. {when}{generated}. The quoted '
            "clauses are the editions in force on each scenario's date.</footer>\n"
            "</body>\n</html>\n"
        )


def _failure(failure: ExpectationFailure) -> str:
    """One unmet part of an ``expect`` block, expected against got."""
    if isinstance(failure.got, tuple):
        got = ", ".join(f"<code>{esc(c)}</code>" for c in failure.got) or "none"
        return (
            f"{esc(failure.field)}: expected <code>{esc(failure.expected)}</code> among the "
            f"citations, got {got}"
        )
    return (
        f"{esc(failure.field)}: expected <code>{esc(failure.expected)}</code>, got "
        f"<code>{esc(failure.got)}</code>"
    )


def _source_date_epoch() -> datetime.date | None:
    """``SOURCE_DATE_EPOCH``'s date (UTC), when it is set to a whole number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isascii() or not epoch.isdigit():
        return None
    try:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


@hookimpl
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register ``html``."""
    register(
        OutputFormat(
            name="html",
            factory=HtmlWriter,
            description="one self-contained, printable HTML page: summary table and sections",
            extension=".html",
        )
    )
