"""Built-in plugin: the ``junit`` output format, JUnit XML for CI dashboards.

The document is ``<testsuites>`` holding one ``<testsuite name="ala-policy">`` with a
``<testcase>`` per scenario: ``classname`` is the scenario's source file (``ala-policy``
when there is none) and ``name`` its id. A scenario that could not be read is an
``<error>``. A scenario with an ``expect`` block whose outcome does not match it (another
decision, or an expected clause that is not cited) is a ``<failure>`` whose message says
what differed, in the words of ``ala-policy test`` (``expected decision permitted, got
prohibited``), and whose text gives each unmet part, expected against got, one per line
(``cites: expected code/III.D among the citations, got code/III.C``).
Every other scenario passes: a decision, even ``prohibited``, is not a failure unless the
scenario expected another one. Each test case's ``<system-out>`` gives the decision, the
reason of each finding and the clause ids cited, and the date it was decided as of (with
"today: the scenario gives no date" where it gave none). Nothing else depends on the clock
or the machine: no time stamps, no host name.

The ``tests``, ``failures`` and ``errors`` counts come first in the document, so this writer
buffers: it builds the tree as outcomes arrive and writes it when closed. The output is
ASCII (other characters as character references), so it is well-formed whatever the
stream's encoding, and characters XML cannot carry are replaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TextIO

from ala_policy import Decision, FormatOptions, Outcome, OutputFormat, Summary, hookimpl

SUITE = "ala-policy"

#: Code points XML 1.0 cannot carry (even as character references).
#: (Compiled on first use, and cached by ``re``: this module is imported on every run.)
_INVALID = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def _clean(text: object) -> str:
    return re.sub(_INVALID, "\ufffd", str(text))


def unmet(outcome: Outcome) -> list[str]:
    """How ``outcome`` differs from its ``expect`` block ([] when it matches or has none):
    the same check, in the same words, as ``ala-policy test``."""
    from ala_policy.expectations import unmet_expectations

    return unmet_expectations(outcome)


def _report(outcome: Outcome) -> str:
    """The ``<system-out>`` text: decision, each finding's reason, the clauses cited."""
    lines = [f"decision: {outcome.decision.value}"]
    if outcome.title:
        lines.append(f"title: {outcome.title}")
    if outcome.date is not None and outcome.error is None:
        today = "" if outcome.date_given else " (today: the scenario gives no date)"
        lines.append(f"as of: {outcome.date.isoformat()}{today}")
    if outcome.error is not None:
        lines.append(f"error: {outcome.error.describe()}")
    for finding in outcome.findings:
        by = f" [{finding.plugin}]" if finding.plugin else ""
        lines.append(f"{finding.area}: {finding.decision.value}{by}: {finding.reason}")
        if finding.error is not None:
            lines.append(f"  plugin error: {finding.error}")
        lines.extend(f"  condition: {condition}" for condition in finding.conditions)
        if finding.missing_facts:
            lines.append(f"  missing facts: {', '.join(finding.missing_facts)}")
        if finding.consequence:
            lines.append(f"  consequence: {finding.consequence}")
    cites = [citation.id for citation in outcome.citations]
    lines.append(f"cites: {', '.join(cites) if cites else '(none)'}")
    if outcome.disabled_plugins:
        lines.append(f"plugins blocked: {', '.join(outcome.disabled_plugins)}")
    return _clean("\n".join(lines) + "\n")


class JUnitWriter:
    """A JUnit XML document, built in memory and written on close."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        import xml.etree.ElementTree as ET

        self.ET = ET
        self.stream = stream
        self.suite = self.ET.Element("testsuite", name=SUITE)
        self.tests = self.failures = self.errors = 0

    def write(self, outcome: Outcome) -> None:
        """Add one test case."""
        self.tests += 1
        source = outcome.source
        if outcome.id is not None:
            name = outcome.id
        elif source is not None and source.line is not None:
            name = f"(unreadable, line {source.line})"
        else:
            name = "(unreadable)"
        case = self.ET.SubElement(
            self.suite,
            "testcase",
            classname=_clean(source.file if source is not None else SUITE),
            name=_clean(name),
        )
        if outcome.decision is Decision.ERROR:
            self.errors += 1
            message = outcome.error.describe() if outcome.error else "the scenario is an error"
            error = self.ET.SubElement(case, "error", message=_clean(message), type="InputError")
            error.text = _clean(message)
        else:
            from ala_policy.expectations import check_expectations  # not on every start-up

            result = check_expectations(outcome)
            if result is not None and not result.passed:
                self.failures += 1
                message = "; ".join(failure.message for failure in result.failures)
                failure = self.ET.SubElement(
                    case, "failure", message=_clean(message), type="Expectation"
                )
                failure.text = _clean("\n".join(f.describe() for f in result.failures))
        self.ET.SubElement(case, "system-out").text = _report(outcome)

    def close(self, summary: Summary) -> None:
        """Write the document with its counts."""
        counts = {
            "tests": str(self.tests),
            "failures": str(self.failures),
            "errors": str(self.errors),
        }
        self.suite.attrib.update({**counts, "skipped": "0"})
        root = self.ET.Element("testsuites", {"name": SUITE, **counts})
        root.append(self.suite)
        self.ET.indent(root)
        body = self.ET.tostring(root, encoding="us-ascii").decode("ascii")
        self.stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n')


@hookimpl
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register ``junit``."""
    register(
        OutputFormat(
            name="junit",
            factory=JUnitWriter,
            description="JUnit XML for CI: a test case per scenario, failing unmet 'expect' blocks",
            extension=".xml",
        )
    )
