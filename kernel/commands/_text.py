"""Text helpers the commands share: the width of their text output, and wrapping (``policies``
and ``cite``)."""

from __future__ import annotations

import textwrap

from ..policy import Edition

#: The width the commands' text output is wrapped to.
WIDTH = 88


def effective_date(edition: Edition) -> str | None:
    """The date the edition takes effect, as ``YYYY-MM-DD``, or ``None`` if undated."""
    return edition.effective.isoformat() if edition.effective is not None else None


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
