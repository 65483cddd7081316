"""Text helpers the commands share: the width of their text output, and wrapping (``policies``
and ``cite``)."""

from __future__ import annotations

import textwrap

from ..payloads import effective_date

__all__ = ["WIDTH", "effective_date", "wrap"]

#: The width the commands' text output is wrapped to.
WIDTH = 88


def wrap(text: str, initial: str, subsequent: str) -> list[str]:
    """``text`` wrapped to :data:`WIDTH` behind the given indents (one line at least). A word
    longer than a line (a file path, a clause id) is never broken."""
    return textwrap.wrap(
        text.strip(),
        width=WIDTH,
        initial_indent=initial,
        subsequent_indent=subsequent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [initial.rstrip()]
