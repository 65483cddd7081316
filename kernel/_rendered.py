"""What worker processes send back for a rendered batch: plain slotted records, cheap to
pickle and to handle one chunk at a time (:mod:`ala_policy.batch` makes them, the
pipeline and the CLI read them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .models import Decision, Outcome

if TYPE_CHECKING:
    from .inputs import RawLine, RawScenario
    from .models import InputFailure

__all__ = ["Rendered", "RenderedChunk", "fault_of"]


class Rendered:
    """An outcome a worker has already rendered, with what the run still needs of it.

    A plain slotted class: one passes through the parent process per scenario.
    """

    __slots__ = ("decision", "faulted", "id", "text")

    def __init__(self, id: str | None, decision: Decision, faulted: str | None, text: str) -> None:  # noqa: A002
        self.id = id
        self.decision = decision
        self.faulted = faulted
        self.text = text


class RenderedChunk:
    """Consecutive outcomes a worker has rendered, one per item of ``items``, in input order:
    their ids, decision values (``"permitted"``), the plugin fault of each (:func:`fault_of`),
    and texts.

    The main process of a batch handles a chunk at a time, not an outcome at a time: with
    two workers on two cores, every step it takes per outcome costs throughput.
    """

    __slots__ = ("decisions", "faulted", "ids", "items", "texts")

    def __init__(
        self,
        items: list[RawScenario | RawLine | InputFailure],
        ids: list[str | None],
        decisions: list[str],
        faulted: list[str | None],
        texts: list[str],
    ) -> None:
        self.items = items
        self.ids = ids
        self.decisions = decisions
        self.faulted = faulted
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    def rendered(self) -> Iterator[Rendered]:
        """The chunk as one :class:`Rendered` per outcome."""
        for ident, decision, faulted, text in zip(
            self.ids, self.decisions, self.faulted, self.texts, strict=True
        ):
            yield Rendered(ident, _DECISIONS[decision], faulted, text)


_DECISIONS = {d.value: d for d in Decision}


def fault_of(outcome: Outcome) -> str | None:
    """The first plugin fault of an outcome, in words (``plugin 'x' on gift: raised ...``),
    or ``None``: what ``--strict`` says when it fails the run."""
    for finding in outcome.findings:
        if finding.error is not None:
            return f"plugin {finding.plugin!r} on {finding.area}: {finding.error}"
    return None
