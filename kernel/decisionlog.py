"""The decision log: every decision, with its input (personal data masked), provenance and a
SHA-256 hash chained to the row before it, in SQLite (embedded, the default) or PostgreSQL
(several servers sharing one log).

The server, the CLI (``evaluate --log``, ``log verify``, ``log export``) and embedding
programs use the names here::

    log = open_log("sqlite:///decisions.db")
    log.append(entries_for(engine, outcomes, inputs, mask=["actor.email"]))
    assert log.verify().ok

Every method of :class:`DecisionLog` blocks and is safe to call from several threads (an
async server calls ``append`` through a thread, e.g. ``anyio.to_thread.run_sync``); a log
opened before a ``fork`` opens its own connection in the child. How rows are hashed and
chained: :mod:`ala_policy._decisionlog_base`; docs/decisionlog.md says it for people.
"""

from __future__ import annotations

from ._decisionlog_base import (
    CanonicalJSON,
    DecisionLog,
    LogEntry,
    LogError,
    LogVerification,
    canonical,
    row_hash,
)
from ._decisionlog_entries import (
    DEFAULT_MASK,
    entries_for,
    loggable,
    mask_input,
    outcome_json,
    provenance,
)

__all__ = [
    "DEFAULT_MASK",
    "CanonicalJSON",
    "DecisionLog",
    "LogEntry",
    "LogError",
    "LogVerification",
    "canonical",
    "entries_for",
    "loggable",
    "mask_input",
    "open_log",
    "outcome_json",
    "provenance",
    "row_hash",
]

_HINT = "use sqlite:///PATH (or a file path) or postgresql://USER@HOST/DATABASE"


def open_log(url: str, *, create: bool = True) -> DecisionLog:
    """``sqlite:///path.db`` (or a bare path; ``sqlite:////abs/path.db`` for an absolute
    one), or ``postgresql://...`` (``postgres://`` too): any libpq connection URI.

    :param create: make the log if there is none yet; without it, a missing log is an
        error (reading a log never creates one).
    :raises LogError: the URL is not one of these, or the log cannot be opened or made; the
        message is one line, without the password.
    """
    text = url.strip()
    if not text:
        raise LogError(f"no decision log given: {_HINT}")
    scheme, sep, rest = text.partition("://")
    if not sep:
        return _sqlite(text, text, create=create)
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise LogError(
                f"{text!r} names no file: three slashes and a path, as in "
                "sqlite:///decisions.db (four for an absolute path, sqlite:////var/log/d.db)"
            )
        path = rest[1:].partition("?")[0]
        return _sqlite(text, path, create=create)
    if scheme in ("postgresql", "postgres"):
        from ._decisionlog_postgres import PostgresLog

        return PostgresLog(text, create=create)
    from ._decisionlog_postgres import redact

    raise LogError(f"{redact(text)!r} is not a decision log URL: {_HINT}")


def _sqlite(url: str, path: str, *, create: bool) -> DecisionLog:
    if path == ":memory:" or path.startswith("file:"):
        raise LogError(
            f"{url!r}: a decision log is a file (an in-memory log would be lost): {_HINT}"
        )
    from ._decisionlog_sqlite import SQLiteLog

    return SQLiteLog(url, path, create=create)
