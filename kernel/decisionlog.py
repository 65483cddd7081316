"""The decision log: every decision, with its input (personal data masked), provenance and a
SHA-256 hash chained to the row before it, in SQLite (embedded, the default) or PostgreSQL
(several servers sharing one log).

THIS IS THE INTERFACE (issue 14); the implementation is being written. Names and
signatures below are what the server, the CLI (``evaluate --log``, ``log verify``, ``log
export``) and the tests use.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from .engine import Engine
    from .models import Outcome

__all__ = [
    "DEFAULT_MASK",
    "DecisionLog",
    "LogEntry",
    "LogVerification",
    "entries_for",
    "mask_input",
    "open_log",
    "provenance",
]

#: Fields masked in every logged input, whatever the configuration adds.
DEFAULT_MASK = ("actor.name", "actor.organization")


@attrs.frozen(kw_only=True)
class LogEntry:
    """One decision as logged (before its chain fields are added by the log)."""

    decision_id: str  # a UUID4, as text
    time: datetime.datetime  # timezone-aware, UTC
    scenario_id: str | None
    decision: str  # the outcome's decision value
    outcome: Mapping[str, Any]  # Outcome.to_dict()
    provenance: Mapping[str, Any]  # provenance(engine, outcome)
    input: Mapping[str, Any] | None  # the scenario as given, masked (None: not kept)


@attrs.frozen(kw_only=True)
class LogVerification:
    """What :meth:`DecisionLog.verify` found."""

    rows: int  # rows checked
    ok: bool
    first_broken: int | None = None  # the sequence number of the first row that breaks
    reason: str | None = None  # why, in words ("its hash does not match its content", ...)


class DecisionLog:
    """A decision log (see :func:`open_log`). Appending is atomic per call and keeps the
    chain intact when several processes (or servers, on PostgreSQL) append at once."""

    url: str

    def append(self, entries: Sequence[LogEntry]) -> None:
        raise NotImplementedError

    def verify(self) -> LogVerification:
        raise NotImplementedError

    def export(self, since: datetime.date | None = None) -> Iterator[dict[str, Any]]:
        """Every row (oldest first) from ``since`` on, as the JSON object ``log export``
        writes per line (with its sequence number, hash and previous hash)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def open_log(url: str, *, create: bool = True) -> DecisionLog:
    """``sqlite:///path.db`` (or a bare path), or ``postgresql://...``."""
    raise NotImplementedError


def mask_input(data: Mapping[str, Any], fields: Iterable[str] = ()) -> dict[str, Any]:
    """A copy of a scenario mapping with :data:`DEFAULT_MASK` and ``fields`` (dotted paths,
    ``actor.email``, ``gift.giver``) replaced by ``"***"`` where present."""
    raise NotImplementedError


def provenance(engine: Engine, outcome: Outcome) -> dict[str, Any]:
    """``{"engine": {"name", "version"}, "plugins": [{"name", "version"}...],
    "policies": [{"document", "edition", "effective"}...]}``: what decided it, and the
    policy editions its citations come from."""
    raise NotImplementedError


def entries_for(
    engine: Engine,
    outcomes: Sequence[Outcome],
    inputs: Sequence[Mapping[str, Any] | None],
    *,
    mask: Iterable[str] = (),
) -> list[LogEntry]:
    """A :class:`LogEntry` per outcome, with a new decision id, the time, provenance and
    the masked input."""
    raise NotImplementedError
