"""The decision log's records and chain, whatever the database: what a row holds, how its hash
is computed, how a chain is checked, and the appending that several threads share.

A row's hash is the SHA-256 of the canonical JSON (keys sorted, no spaces, ASCII) of the
row's content with the previous row's hash::

    {"decision": ..., "decision_id": ..., "input": ..., "outcome": ..., "prev_hash": ...,
     "provenance": ..., "scenario_id": ..., "seq": ..., "time": ...}

``outcome``, ``provenance`` and ``input`` are stored as canonical JSON text, so the hashed
text is built from what is stored, byte for byte, and anyone can recompute it from an
export. The first row's previous hash is :data:`GENESIS`. A separate one-row table, the
chain's head, holds the last row's number and hash, updated in the same transaction as the
rows: removing rows from the end leaves the head pointing past them.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .errors import AlaPolicyError

__all__ = [
    "GENESIS",
    "MASK",
    "CanonicalJSON",
    "DecisionLog",
    "LogEntry",
    "LogError",
    "LogVerification",
    "Row",
    "canonical",
    "check_chain",
    "row_hash",
    "time_text",
]

#: The previous hash of the first row.
GENESIS = "0" * 64
#: What a masked value becomes.
MASK = "***"
#: The version of the log's tables; a log of another version is not read.
FORMAT = 1

_quote: Any = json.encoder.encode_basestring_ascii


class LogError(AlaPolicyError):
    """The decision log cannot be opened, read or written (one line: what and why)."""


def _other(value: object) -> Any:
    """JSON for what scenario files may hold besides JSON's own types (YAML and TOML dates)."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=_other
).encode


def _plain(value: Any) -> Any:
    """``value`` with every mapping key a string (YAML allows others; JSON does not)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def canonical(value: Any) -> str:
    """The canonical JSON text of ``value``: keys sorted, no spaces, ASCII only."""
    try:
        return str(_encode(value))
    except TypeError:  # keys of several types cannot be sorted
        return str(_encode(_plain(value)))


class CanonicalJSON(Mapping[str, Any]):
    """A JSON object kept as its canonical text, parsed only when it is read as a mapping:
    what :func:`~ala_policy.decisionlog.entries_for` puts in a :class:`LogEntry`, so that
    appending writes the text without encoding it again."""

    __slots__ = ("_parsed", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._parsed: dict[str, Any] | None = None

    def _value(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = json.loads(self.text)
        return self._parsed

    def __getitem__(self, key: str) -> Any:
        return self._value()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._value())

    def __len__(self) -> int:
        return len(self._value())

    def __repr__(self) -> str:
        return f"CanonicalJSON({self.text!r})"


def _text_of(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, CanonicalJSON):
        return value.text
    return canonical(value)


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

    rows: int  # rows that verify: all of them, or those before the first broken row
    ok: bool
    # The sequence number of the first row that breaks (None when the log is intact, or
    # when only the chain's head is missing: no row is broken then)
    first_broken: int | None = None
    reason: str | None = None  # why, in words ("its hash does not match its content", ...)
    head: tuple[int, str] | None = None  # the last row's number and hash, as the head has it
    broken_row: Row | None = None  # the first broken row, where it is in the log


def time_text(moment: datetime.datetime) -> str:
    """A moment as the log stores it: UTC, to the microsecond, fixed width (so that text
    order is time order): ``2026-03-01T09:30:00.000000Z``."""
    if moment.tzinfo is None:
        raise ValueError("a log entry's time must be timezone-aware")
    utc = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


#: A stored row: seq, time, decision_id, scenario_id, decision, outcome, provenance, input,
#: prev_hash, hash (the columns, in this order, in every database).
Row = tuple[int, str, str, "str | None", str, str, str, "str | None", str, str]
COLUMNS = (
    "seq, time, decision_id, scenario_id, decision, outcome, provenance, input, prev_hash, hash"
)


def _parts(row: Sequence[Any]) -> tuple[bytes, bytes, bytes]:
    """The hashed text of a row around its ``prev_hash`` and ``seq``: before, between (up
    to ``"seq":``), and after (``"time"`` to the end)."""
    _, time, decision_id, scenario_id, decision, outcome, provenance, input_ = row[:8]
    before = (
        '{"decision":'
        + _quote(decision)
        + ',"decision_id":'
        + _quote(decision_id)
        + ',"input":'
        + ("null" if input_ is None else input_)
        + ',"outcome":'
        + outcome
        + ',"prev_hash":'
    )
    between = (
        ',"provenance":'
        + provenance
        + ',"scenario_id":'
        + ("null" if scenario_id is None else _quote(scenario_id))
        + ',"seq":'
    )
    after = ',"time":' + _quote(time) + "}"
    return (
        before.encode("utf-8", "surrogatepass"),
        between.encode("utf-8", "surrogatepass"),
        after.encode("utf-8", "surrogatepass"),
    )


def _chained(parts: tuple[bytes, bytes, bytes], seq: int, prev_hash: str) -> str:
    before, between, after = parts
    sha = hashlib.sha256(before)
    sha.update(_quote(prev_hash).encode("utf-8", "surrogatepass"))
    sha.update(between)
    sha.update(str(seq).encode("ascii"))
    sha.update(after)
    return sha.hexdigest()


def row_hash(row: Sequence[Any], prev_hash: str) -> str:
    """The hash a row (:data:`Row`, its stored ``prev_hash`` and ``hash`` ignored) must
    have, chained to ``prev_hash``."""
    return _chained(_parts(row), int(row[0]), prev_hash)


class _Prepared:
    """An entry's stored texts, made before the log is locked; :meth:`row` chains it."""

    __slots__ = ("fields", "parts")

    def __init__(self, entry: LogEntry) -> None:
        outcome = _text_of(entry.outcome)
        provenance = _text_of(entry.provenance)
        assert outcome is not None
        assert provenance is not None
        self.fields = (
            time_text(entry.time),
            entry.decision_id,
            entry.scenario_id,
            entry.decision,
            outcome,
            provenance,
            _text_of(entry.input),
        )
        self.parts = _parts((0, *self.fields))

    def row(self, seq: int, prev_hash: str) -> Row:
        return (seq, *self.fields, prev_hash, _chained(self.parts, seq, prev_hash))


def chain_rows(prepared: Iterable[_Prepared], seq: int, prev_hash: str) -> list[Row]:
    """The rows that follow the head ``(seq, prev_hash)``, numbered and chained."""
    rows: list[Row] = []
    for item in prepared:
        seq += 1
        row = item.row(seq, prev_hash)
        prev_hash = row[9]
        rows.append(row)
    return rows


def check_chain(
    head: tuple[int, str] | None,
    rows: Iterable[Sequence[Any]],
    *,
    anchor: tuple[int, str] | None = None,
) -> LogVerification:
    """Check rows (oldest first) against each other and against the chain's head: every
    row's hash is that of its content, chained to the row before; numbers follow without a
    gap from 1; the last row is the one the head names. ``anchor``: a row's number and hash
    kept outside the log (from an earlier verification), which the log must still hold."""
    expected_seq, prev = 1, GENESIS
    count = 0
    last: Sequence[Any] | None = None

    def broken(seq: int, reason: str, row: Sequence[Any] | None = None) -> LogVerification:
        stored = tuple(row) if row is not None else None
        return LogVerification(
            rows=seq - 1,  # numbered from 1 without a gap, and each verified
            ok=False,
            first_broken=seq,
            reason=reason,
            head=head,
            broken_row=stored,
        )

    for row in rows:
        seq = int(row[0])
        if seq != expected_seq:
            if seq < expected_seq:  # pragma: no cover - seq is the primary key
                return broken(seq, "its number repeats or goes back", row)
            where = (
                f"the log starts at row {seq}"
                if expected_seq == 1
                else f"after row {expected_seq - 1} comes row {seq}"
            )
            return broken(expected_seq, f"it is missing: {where} (rows were deleted)")
        if str(row[8]) != prev:
            before = "the chain's start" if seq == 1 else f"the hash of row {seq - 1}"
            return broken(
                seq,
                f"its previous hash is not {before} (a row was rewritten, replaced or moved)",
                row,
            )
        if row_hash(row, prev) != str(row[9]):
            return broken(seq, "its hash does not match its content (the row was edited)", row)
        if anchor is not None and seq == anchor[0] and str(row[9]) != anchor[1]:
            return broken(
                seq,
                "its hash is not the one kept outside the log for it "
                "(the log was rewritten from here or before)",
                row,
            )
        prev = str(row[9])
        count += 1
        last = row
        expected_seq += 1
    last_seq = int(last[0]) if last is not None else 0
    if anchor is not None and anchor[0] > last_seq:
        return broken(
            last_seq + 1,
            f"it is missing: the log ends at row {last_seq}, but row {anchor[0]} was kept "
            "outside the log (rows were deleted from the end)",
        )
    if head is None:
        if count == 0:
            return LogVerification(rows=0, ok=True, head=None)
        # Every row verifies; none is broken, but without the head rows deleted from the
        # end cannot be told.
        return LogVerification(
            rows=count, ok=False, reason="the chain's head is missing (its table was emptied)"
        )
    head_seq, head_hash = head
    if head_seq > last_seq:
        return broken(
            last_seq + 1,
            f"it is missing: the log ends at row {last_seq}, but its head records row "
            f"{head_seq} (rows were deleted from the end)",
        )
    if head_seq < last_seq:
        return broken(
            head_seq + 1,
            f"it is beyond the chain's head, which records row {head_seq} "
            "(rows were added outside the log)",
        )
    if head_hash != prev:
        return broken(
            last_seq, "its hash is not the one the chain's head records (it was replaced)", last
        )
    return LogVerification(rows=count, ok=True, head=head)


class _Ticket:
    """One call's rows, waiting to be written (possibly by another thread's transaction)."""

    __slots__ = ("done", "error", "prepared")

    def __init__(self, prepared: list[_Prepared]) -> None:
        self.prepared = prepared
        self.done = False
        self.error: BaseException | None = None


class DecisionLog:
    """A decision log (see :func:`~ala_policy.decisionlog.open_log`). Appending is atomic per
    call and keeps the chain intact when several processes (or servers, on PostgreSQL)
    append at once.

    Every method blocks, and every method may be called from any thread: appends from
    several threads are written together, in one transaction, by whichever thread gets the
    database first (the others wait until their entries are written, or share the error).
    """

    url: str

    def __init__(self, url: str) -> None:
        self.url = url
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Ticket] = []

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def append(self, entries: Sequence[LogEntry]) -> None:
        """Append ``entries`` at the end of the chain, all or none, durably."""
        if not entries:
            return
        ticket = _Ticket([_Prepared(entry) for entry in entries])
        with self._queue_lock:
            self._queue.append(ticket)
        with self._write_lock:
            if not ticket.done:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                prepared = [item for waiting in batch for item in waiting.prepared]
                try:
                    self._append_prepared(prepared)
                except BaseException as exc:
                    for waiting in batch:
                        waiting.error, waiting.done = exc, True
                    raise
                for waiting in batch:
                    waiting.done = True
                return
        if ticket.error is not None:  # written with another thread's entries, which failed
            raise LogError(f"cannot write the decision log {self.url}: {ticket.error}")

    def verify(self, *, anchor: tuple[int, str] | None = None) -> LogVerification:
        """Check the whole chain and its head; with ``anchor`` (a row's number and hash,
        kept elsewhere from an earlier verification), that the log still holds that row."""
        with self._snapshot(None) as (head, rows):
            return check_chain(head, rows, anchor=anchor)

    def export(self, since: datetime.date | None = None) -> Iterator[dict[str, Any]]:
        """Every row (oldest first) from ``since`` on, as the JSON object ``log export``
        writes per line (with its sequence number, hash and previous hash)."""
        for line in self.export_lines(since):
            yield json.loads(line)

    def export_lines(self, since: datetime.date | None = None) -> Iterator[str]:
        """:meth:`export`, each row as its line of JSON text (without the newline)."""
        start = None if since is None else since.isoformat() + "T00:00:00.000000Z"
        with self._snapshot(start) as (_, rows):
            for row in rows:
                yield row_line(row)

    def head(self) -> tuple[int, str] | None:
        """The number and hash of the last row, as the chain's head records them."""
        with self._snapshot(None, rows=False) as (head, _):
            return head

    def close(self) -> None:
        raise NotImplementedError

    # -- what each database provides ---------------------------------------------------

    def _append_prepared(self, prepared: list[_Prepared]) -> None:
        """In one transaction: lock and read the head, insert the chained rows, move the
        head."""
        raise NotImplementedError

    def _snapshot(
        self, since: str | None, *, rows: bool = True
    ) -> contextlib.AbstractContextManager[tuple[tuple[int, str] | None, Iterator[Any]]]:
        """The head and the rows (from ``since`` on, oldest first), as of one moment."""
        raise NotImplementedError


def row_line(row: Sequence[Any]) -> str:
    """A stored row as its line of ``log export``: a JSON object, the stored JSON texts
    embedded as they are."""
    seq, time, decision_id, scenario_id, decision, outcome, provenance, input_, prev, hash_ = row
    return (
        f'{{"seq":{int(seq)},"time":{_quote(time)},"decision_id":{_quote(decision_id)},'
        f'"scenario_id":{"null" if scenario_id is None else _quote(scenario_id)},'
        f'"decision":{_quote(decision)},"outcome":{outcome},"provenance":{provenance},'
        f'"input":{"null" if input_ is None else input_},'
        f'"prev_hash":{_quote(prev)},"hash":{_quote(hash_)}}}'
    )
