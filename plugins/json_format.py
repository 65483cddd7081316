"""Built-in plugin: the ``json`` and ``jsonl`` output formats (docs/scenarios.md, "Output").

``json`` prints one document, ``{"results": [...], "summary": {...}}``, streamed one result
per line so a large batch never sits in memory; ``jsonl`` prints one result per line.
Keys keep a fixed order, so the same input always yields byte-identical output.

Under ``ala-policy test`` (``FormatOptions.expectations``), each result with an ``expect``
block ends with an ``expect`` object (the decision and clauses expected, ``passed``, and each
failure as ``{"field", "expected", "got", "message"}``), and the ``json`` summary counts the
expectations that passed and failed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from ala_policy import FormatOptions, Outcome, OutputFormat, Summary, hookimpl

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(", ", ": ")).encode


class _Expectations:
    """Under ``ala-policy test``: each result's ``expect`` object, and the counts."""

    def __init__(self) -> None:
        self.passed = self.failed = 0

    def render(self, outcome: Outcome) -> str:
        """The result, with an ``expect`` object last when the scenario has a block."""
        # imported here: only ``ala-policy test`` checks expectations, and every other
        # command starts without the module
        from ala_policy.expectations import check_expectations

        text = outcome.to_json()
        result = check_expectations(outcome)
        if result is None:
            return text
        if result.passed:
            self.passed += 1
        else:
            self.failed += 1
        return f'{text[:-1]}, "expect": {_dumps(result.to_dict())}}}'

    def to_dict(self) -> dict[str, int]:
        return {"passed": self.passed, "failed": self.failed}


class JsonWriter:
    """One JSON document, written as the outcomes arrive."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream
        self.count = 0
        self.expectations = _Expectations() if options.expectations else None

    def write(self, outcome: Outcome) -> None:
        """Add one result to the ``results`` list."""
        if self.expectations is not None:
            self.write_rendered(self.expectations.render(outcome))
        else:
            self.write_rendered(outcome.to_json())

    def write_rendered(self, text: str) -> None:
        """Add one result rendered by :func:`render` (in a worker process, say)."""
        self.stream.write(('{"results": [\n' if self.count == 0 else ",\n") + text)
        self.count += 1

    def write_rendered_many(self, texts: list[str]) -> None:
        """Add several results rendered by :func:`render`, in order, in one write."""
        if texts:
            head = '{"results": [\n' if self.count == 0 else ",\n"
            self.stream.write(head + ",\n".join(texts))
            self.count += len(texts)

    def close(self, summary: Summary) -> None:
        """Close the list and add the summary."""
        head = '{"results": [' if self.count == 0 else "\n"
        totals = summary.to_dict()
        if self.expectations is not None:
            totals["expectations"] = self.expectations.to_dict()
        self.stream.write(f'{head}],\n"summary": {_dumps(totals)}}}\n')


class JsonLinesWriter:
    """One result per line."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream
        self.expectations = _Expectations() if options.expectations else None

    def write(self, outcome: Outcome) -> None:
        """Write one result line."""
        if self.expectations is not None:
            self.stream.write(self.expectations.render(outcome) + "\n")
        else:
            self.stream.write(outcome.to_json() + "\n")

    def write_rendered(self, text: str) -> None:
        """Write one result line rendered by :func:`render` (in a worker process, say)."""
        self.stream.write(text + "\n")

    def write_rendered_many(self, texts: list[str]) -> None:
        """Write several result lines rendered by :func:`render`, in order, in one write."""
        if texts:
            self.stream.write("\n".join(texts) + "\n")

    def close(self, summary: Summary) -> None:
        """Nothing to close: a JSON Lines stream has no envelope."""


def render(outcome: Outcome) -> str:
    """One result as JSON: what both formats write per outcome."""
    return outcome.to_json()


@hookimpl
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register ``json`` and ``jsonl``."""
    register(
        OutputFormat(
            name="json",
            factory=JsonWriter,
            description="one JSON document: results and a summary",
            extension=".json",
            render=render,
        )
    )
    register(
        OutputFormat(
            name="jsonl",
            factory=JsonLinesWriter,
            description="JSON Lines: one result per line, streamed",
            extension=".jsonl",
            render=render,
        )
    )
