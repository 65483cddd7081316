"""Built-in plugin: the ``json`` and ``jsonl`` output formats (docs/scenarios.md, "Output").

``json`` prints one document, ``{"results": [...], "summary": {...}}``, streamed one result
per line so a large batch never sits in memory; ``jsonl`` prints one result per line.
Keys keep a fixed order, so the same input always yields byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from ala_policy import FormatOptions, Outcome, OutputFormat, Summary, hookimpl

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(", ", ": ")).encode


class JsonWriter:
    """One JSON document, written as the outcomes arrive."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream
        self.count = 0

    def write(self, outcome: Outcome) -> None:
        """Add one result to the ``results`` list."""
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
        self.stream.write(f'{head}],\n"summary": {_dumps(summary.to_dict())}}}\n')


class JsonLinesWriter:
    """One result per line."""

    def __init__(self, stream: TextIO, options: FormatOptions) -> None:
        self.stream = stream

    def write(self, outcome: Outcome) -> None:
        """Write one result line."""
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
