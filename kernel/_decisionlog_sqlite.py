"""The decision log in SQLite: one file, in WAL mode (readers never wait for the writer),
``synchronous=FULL`` (a committed append survives a power cut), and a busy timeout; each
append is one ``BEGIN IMMEDIATE`` transaction, which several processes take in turn."""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from ._decisionlog_base import (
    COLUMNS,
    FORMAT,
    GENESIS,
    DecisionLog,
    LogError,
    _Prepared,
    chain_rows,
    time_text,
)

__all__ = ["SQLiteLog"]

#: How long an append waits for other processes' appends, in seconds.
BUSY_TIMEOUT = 60.0

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS ala_policy_decisions (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        decision_id TEXT NOT NULL UNIQUE,
        scenario_id TEXT,
        decision TEXT NOT NULL,
        outcome TEXT NOT NULL,
        provenance TEXT NOT NULL,
        input TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ala_policy_decisions_time ON ala_policy_decisions (time)",
    """CREATE TABLE IF NOT EXISTS ala_policy_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        format INTEGER NOT NULL,
        created TEXT NOT NULL
    )""",
)


class SQLiteLog(DecisionLog):
    """A decision log in the SQLite file at ``path`` (created, readable and writable by its
    owner only, unless ``create`` is false)."""

    def __init__(
        self, url: str, path: str, *, create: bool = True, busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        super().__init__(url)
        self.path = path
        self.busy_timeout = busy_timeout
        self._pid = os.getpid()
        self._inherited: list[sqlite3.Connection] = []
        if not Path(path).exists():
            if not create:
                raise LogError(f"no decision log at {path}")
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:  # another process made it first
                pass
            except OSError as exc:
                raise LogError(f"cannot create the decision log {path}: {_why(exc)}") from None
        elif Path(path).is_dir():
            raise LogError(f"cannot open the decision log {path}: it is a folder")
        self._conn = self._connect(create=create)

    # -- connections --------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise LogError(f"cannot open the decision log {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            conn.close()
            raise self._error("open", exc) from None
        return conn

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        conn = self._open()
        try:
            self._retry_busy(lambda: _wal(conn))
            tables = {
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite_%'"
                )
            }
            if "ala_policy_chain" not in tables:
                if not create:
                    raise LogError(f"{self.path} is not a decision log (it has no chain)")
                if tables - {"ala_policy_decisions"}:
                    raise LogError(
                        f"{self.path} is an SQLite database, but not a decision log: "
                        "give a new file"
                    )
                self._create(conn)
            self._check_format(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise self._error("open", exc) from None
        except LogError:
            conn.close()
            raise
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(
                "INSERT OR IGNORE INTO ala_policy_chain (id, seq, hash, format, created) "
                "VALUES (1, 0, ?, ?, ?)",
                (GENESIS, FORMAT, time_text(datetime.datetime.now(datetime.timezone.utc))),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _check_format(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT format FROM ala_policy_chain WHERE id = 1").fetchone()
        if row is not None and row[0] != FORMAT:
            raise LogError(
                f"{self.path} is a decision log of format {row[0]}; this ala-policy reads "
                f"format {FORMAT}"
            )

    def _retry_busy(self, action: Any) -> Any:
        """Run ``action``, waiting out another process that holds the database (changing
        the journal mode does not wait by itself)."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connection(self) -> sqlite3.Connection:
        """This process's connection: a child process (``fork``) opens its own, and leaves
        the parent's alone."""
        if os.getpid() != self._pid:
            self._inherited.append(self._conn)
            self._pid = os.getpid()
            self._conn = self._open()
        return self._conn

    def _error(self, what: str, exc: BaseException) -> LogError:
        return LogError(f"cannot {what} the decision log {self.path}: {_why(exc)}")

    # -- appending and reading ----------------------------------------------------------

    def _append_prepared(self, prepared: list[_Prepared]) -> None:
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                head = conn.execute(
                    "SELECT seq, hash FROM ala_policy_chain WHERE id = 1"
                ).fetchone()
                if head is None:
                    raise LogError(
                        f"the decision log {self.path} has lost its chain's head: "
                        "'ala-policy log verify' says more"
                    )
                rows = chain_rows(prepared, int(head[0]), str(head[1]))
                conn.executemany(
                    f"INSERT INTO ala_policy_decisions ({COLUMNS}) "  # noqa: S608 - constant
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                conn.execute(
                    "UPDATE ala_policy_chain SET seq = ?, hash = ? WHERE id = 1",
                    (rows[-1][0], rows[-1][9]),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._error("write", exc) from None

    @contextlib.contextmanager
    def _snapshot(
        self, since: str | None, *, rows: bool = True
    ) -> Iterator[tuple[tuple[int, str] | None, Iterator[Any]]]:
        """The head and the rows (from ``since`` on), as of one moment: a read transaction
        on a connection of its own, so that appends go on meanwhile."""
        conn = self._open()
        reading: Any = None
        try:
            conn.execute("BEGIN")
            head_row = conn.execute(
                "SELECT seq, hash FROM ala_policy_chain WHERE id = 1"
            ).fetchone()
            head = None if head_row is None else (int(head_row[0]), str(head_row[1]))
            found: Iterator[Any] = iter(())
            if rows:
                select = f"SELECT {COLUMNS} FROM ala_policy_decisions"  # noqa: S608 - constant
                if since is None:
                    found = conn.execute(select + " ORDER BY seq")
                else:
                    found = conn.execute(select + " WHERE time >= ? ORDER BY seq", (since,))
            reading = _reading(found, self)
            yield head, reading
        except sqlite3.Error as exc:
            raise self._error("read", exc) from None
        finally:
            if reading is not None:
                reading.close()
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            conn.close()

    def close(self) -> None:
        if os.getpid() == self._pid:
            self._conn.close()


def _reading(rows: Iterator[Any], log: SQLiteLog) -> Generator[Any, None, None]:
    """The rows, with a database error while they are read said in one line."""
    try:
        yield from rows
    except sqlite3.Error as exc:
        raise log._error("read", exc) from None


def _wal(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # pragma: no cover - a file system without shared memory
        raise LogError(f"the decision log cannot use SQLite's WAL mode (it is in {mode} mode)")


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc)
