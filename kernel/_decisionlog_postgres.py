"""The decision log in PostgreSQL (``pip install 'ala-policy[postgres]'``), shared by several
servers: each append is one transaction that first locks the chain's head row (``SELECT ...
FOR UPDATE``), so appends from every process and machine take their turn and the chain
stays whole. The tables are made on first use, in the first schema of the connection's
``search_path``."""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresLog", "redact"]

#: How long connecting may take, in seconds (an unreachable server is an error this soon).
CONNECT_TIMEOUT = 10
#: The key of the advisory lock that makes the tables once, whoever comes first.
_SCHEMA_LOCK = 0x41_4C_41_50  # "ALAP"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS ala_policy_decisions (
        seq bigint PRIMARY KEY,
        time text NOT NULL,
        decision_id text NOT NULL UNIQUE,
        scenario_id text,
        decision text NOT NULL,
        outcome text NOT NULL,
        provenance text NOT NULL,
        input text,
        prev_hash text NOT NULL,
        hash text NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ala_policy_decisions_time ON ala_policy_decisions (time)",
    """CREATE TABLE IF NOT EXISTS ala_policy_chain (
        id smallint PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL,
        format integer NOT NULL,
        created text NOT NULL
    )""",
)


def redact(url: str) -> str:
    """``url`` without its password (in the address or as ``password=``), to be shown."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}:***@{host}"
        query = parts.query
        if "password" in query:
            query = urlencode(
                [(k, "***" if k == "password" else v) for k, v in parse_qsl(query)], safe="*/"
            )
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return url.partition("://")[0] + "://..."


class PostgresLog(DecisionLog):
    """A decision log in the PostgreSQL database at ``url`` (a libpq connection URI)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        super().__init__(redact(url))
        try:
            import psycopg
        except ImportError:
            raise LogError(
                "a decision log in PostgreSQL needs psycopg: pip install 'ala-policy[postgres]'"
            ) from None
        self._psycopg = psycopg
        self._conninfo = url
        self._pid = os.getpid()
        self._inherited: list[psycopg.Connection[Any]] = []
        self._conn = self._open()
        try:
            self._prepare(create=create)
        except BaseException:
            self._conn.close()
            raise

    # -- connections --------------------------------------------------------------------

    def _open(self) -> psycopg.Connection[Any]:
        try:
            return self._psycopg.connect(
                self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT
            )
        except self._psycopg.Error as exc:
            raise LogError(
                f"cannot reach the decision log {self.url}: {_first_line(exc)}"
            ) from None
        except ValueError as exc:  # pragma: no cover - rejected before connecting
            raise LogError(f"cannot reach the decision log {self.url}: {exc}") from None

    def _prepare(self, *, create: bool) -> None:
        try:
            with self._conn.transaction():
                if not self._exists() and not create:
                    raise LogError(f"{self.url} holds no decision log (it has no chain)")
            if create and not self._exists():
                with self._conn.transaction():
                    self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                    for statement in _SCHEMA:
                        self._conn.execute(statement)
                    self._conn.execute(
                        "INSERT INTO ala_policy_chain (id, seq, hash, format, created) "
                        "VALUES (1, 0, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                        (GENESIS, FORMAT, time_text(datetime.datetime.now(datetime.timezone.utc))),
                    )
            row = self._conn.execute("SELECT format FROM ala_policy_chain WHERE id = 1").fetchone()
        except self._psycopg.Error as exc:
            raise self._error("open", exc) from None
        if row is not None and row[0] != FORMAT:
            raise LogError(
                f"{self.url} is a decision log of format {row[0]}; this ala-policy reads "
                f"format {FORMAT}"
            )

    def _exists(self) -> bool:
        found = self._conn.execute("SELECT to_regclass('ala_policy_chain')").fetchone()
        return found is not None and found[0] is not None

    def _connection(self) -> psycopg.Connection[Any]:
        """This process's connection: a child process (``fork``) opens its own and leaves
        the parent's alone; a connection the server dropped is opened again."""
        if os.getpid() != self._pid:
            self._inherited.append(self._conn)
            self._pid = os.getpid()
            self._conn = self._open()
        elif self._conn.closed or self._conn.broken:
            with contextlib.suppress(self._psycopg.Error):
                self._conn.close()
            self._conn = self._open()
        return self._conn

    def _error(self, what: str, exc: BaseException) -> LogError:
        return LogError(f"cannot {what} the decision log {self.url}: {_first_line(exc)}")

    # -- appending and reading ----------------------------------------------------------

    def _append_prepared(self, prepared: list[_Prepared]) -> None:
        psycopg = self._psycopg
        for attempt in (1, 2):
            conn = self._connection()
            try:
                self._append_once(conn, prepared)
                return
            except psycopg.errors.UniqueViolation as exc:
                # Only a retry can repeat a decision id: the first attempt was committed
                # after all, and the connection was lost before it said so.
                if attempt == 2 and self._written(prepared[0].fields[1]):
                    return
                raise self._error("write", exc) from None
            except psycopg.OperationalError as exc:
                if attempt == 2 or not (conn.closed or conn.broken):
                    raise self._error("write", exc) from None
            except psycopg.Error as exc:
                raise self._error("write", exc) from None

    def _append_once(self, conn: psycopg.Connection[Any], prepared: list[_Prepared]) -> None:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT seq, hash FROM ala_policy_chain WHERE id = 1 FOR UPDATE")
            head = cursor.fetchone()
            if head is None:
                raise LogError(
                    f"the decision log {self.url} has lost its chain's head: "
                    "'ala-policy log verify' says more"
                )
            rows = chain_rows(prepared, int(head[0]), str(head[1]))
            with cursor.copy(f"COPY ala_policy_decisions ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                "UPDATE ala_policy_chain SET seq = %s, hash = %s WHERE id = 1",
                (rows[-1][0], rows[-1][9]),
            )

    def _written(self, decision_id: str) -> bool:
        with contextlib.suppress(self._psycopg.Error):
            found = (
                self._connection()
                .execute(
                    "SELECT 1 FROM ala_policy_decisions WHERE decision_id = %s", (decision_id,)
                )
                .fetchone()
            )
            return found is not None
        return False

    @contextlib.contextmanager
    def _snapshot(
        self, since: str | None, *, rows: bool = True
    ) -> Iterator[tuple[tuple[int, str] | None, Iterator[Any]]]:
        """The head and the rows (from ``since`` on), as of one moment: a repeatable-read
        transaction on a connection of its own, rows fetched a thousand at a time."""
        conn = self._open()
        try:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                head_row = conn.execute(
                    "SELECT seq, hash FROM ala_policy_chain WHERE id = 1"
                ).fetchone()
                head = None if head_row is None else (int(head_row[0]), str(head_row[1]))
                if not rows:
                    yield head, iter(())
                    return
                with conn.cursor(name="ala_policy_scan") as cursor:
                    cursor.itersize = 1000
                    select = f"SELECT {COLUMNS} FROM ala_policy_decisions"  # noqa: S608 - constant
                    if since is None:
                        cursor.execute(select + " ORDER BY seq")
                    else:
                        cursor.execute(select + " WHERE time >= %s ORDER BY seq", (since,))
                    reading = self._reading(cursor)
                    try:
                        yield head, reading
                    finally:
                        reading.close()
        except self._psycopg.Error as exc:
            raise self._error("read", exc) from None
        finally:
            conn.close()

    def _reading(self, cursor: Any) -> Generator[Any, None, None]:
        try:
            yield from cursor
        except self._psycopg.Error as exc:
            raise self._error("read", exc) from None

    def close(self) -> None:
        if os.getpid() == self._pid:
            self._conn.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__
