"""Output formats: what an adapter plugin registers to render outcomes.

An adapter registers an :class:`OutputFormat` whose ``factory`` builds a :class:`Writer` over
a text stream. The CLI streams outcomes into it one by one, in input order, and closes it
with the run's :class:`~ala_policy.models.Summary`, so a format can render a million
outcomes in constant memory (or buffer them, if it must, like a report with a table of
contents).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

import attrs

if TYPE_CHECKING:
    from .models import Outcome, Summary

__all__ = [
    "FormatOptions",
    "OutputFormat",
    "RenderedWriter",
    "Writer",
    "printable",
    "write_rendered_chunk",
]

#: What a terminal must not receive raw: C0 and C1 control characters (but tab), DEL, lone
#: surrogates (a file name that is not UTF-8, a JSON "\\ud800"), and the Unicode line and
#: paragraph separators. Newlines are matched too, for text meant to stay on one line.
#: Compiled on first use (``re`` caches them): a class with lone surrogates compiles to a
#: 64 Ki-entry bitmap, about 4.4 M instructions each, and most runs never need one (see
#: :func:`printable`).
_UNPRINTABLE = "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]"
_UNPRINTABLE_KEEPING_LINES = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to write to a terminal or a UTF-8 file: control characters, lone
    surrogates and line separators become visible escapes (``\\x1b``, ``\\ud800``), so an id
    or a title cannot repaint a line, forge one, or fail to encode. With ``lines``, newlines
    (and tabs) are kept, for text that has paragraphs."""
    if text.isprintable():
        # Every character _UNPRINTABLE matches is one ``str.isprintable`` refuses (controls,
        # surrogates, separators), so most text is returned here, without a pattern.
        return text
    pattern = _UNPRINTABLE_KEEPING_LINES if lines else _UNPRINTABLE
    return re.sub(pattern, _escape, text)


class Writer(Protocol):
    """Renders outcomes to a stream.

    A format that registers a ``render`` function also gives its writer a
    ``write_rendered(text)`` method: with ``--jobs``, outcomes are rendered by ``render`` in
    the worker processes and the writer only places the text. It may also give a
    ``write_rendered_many(texts)`` method, which places a list of them in order (a worker's
    chunk, in one write); without it, ``write_rendered`` is called for each.
    """

    def write(self, outcome: Outcome) -> None:
        """Render one outcome."""

    def close(self, summary: Summary) -> None:
        """Finish the output (a summary, closing brackets). Does not close the stream."""


@runtime_checkable
class RenderedWriter(Protocol):
    """A writer of a format with ``render``: it places text a worker process rendered."""

    def write_rendered(self, text: str) -> None:
        """Place one outcome's rendered text."""


@runtime_checkable
class ChunkWriter(Protocol):
    """A writer that places a worker's chunk of rendered texts in one call."""

    def write_rendered_many(self, texts: list[str]) -> None:
        """Place consecutive rendered outcomes, in order."""


def write_rendered_chunk(writer: object, texts: list[str]) -> None:
    """Place rendered texts with the writer's ``write_rendered_many``, or one by one."""
    if isinstance(writer, ChunkWriter):
        writer.write_rendered_many(texts)
    elif isinstance(writer, RenderedWriter):
        for text in texts:
            writer.write_rendered(text)
    else:
        raise TypeError(f"{type(writer).__name__} cannot place rendered text")


@attrs.frozen(kw_only=True)
class FormatOptions:
    """How the caller wants output: ``color`` only when writing to a terminal;
    ``expectations`` when ``ala-policy test`` writes, so a format can show how each outcome
    met its ``expect`` block (``ala_policy.expectations.check_expectations``). A format
    may ignore either."""

    color: bool = False
    expectations: bool = False


@attrs.frozen(kw_only=True)
class OutputFormat:
    """A named output format.

    :param name: what ``--format`` takes (``json``).
    :param factory: ``factory(stream, options)`` returns a :class:`Writer`.
    :param description: one line for ``--help`` and ``ala-policy plugins``.
    :param extension: the usual file extension, for writing to files.
    :param render: optional: a stateless ``render(outcome) -> str`` of one outcome, so that
        ``--jobs`` can render in the worker processes; the writer then takes that text
        through ``write_rendered(text)``.
    """

    name: str
    factory: Callable[[TextIO, FormatOptions], Writer]
    description: str = ""
    extension: str = ".txt"
    render: Callable[[Outcome], str] | None = None
