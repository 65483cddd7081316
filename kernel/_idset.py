"""The ids of one run, for the duplicate check of a batch of any size, in flat memory.

A batch may hold millions of scenarios, and every id is unique within one run
(docs/scenarios.md, "The envelope"), so every id seen must be remembered. A Python ``set``
of a million ids costs about 100 MB, and any in-memory index grows with the batch.
:class:`IdSet` keeps memory flat:

* The first :data:`SPILL_AT` ids live in an ordinary ``set``: a file or a small batch never
  touches the disk.
* Beyond that, ids are kept exactly in a private temporary SQLite database (deleted when
  the index is closed, or when the process ends) with a bounded page cache. New ids
  gather in the ``set`` and are written in sorted batches of :data:`SPILL_AT`.
* A fixed-size Bloom filter over every id answers "certainly new" for almost every new id
  without a query; only when it says "maybe seen" is the database asked. With 1 MiB of
  filter and three probes, about 3% of new ids in a million-line batch need the query.
* Each batch is written in one transaction, as one JSON array that SQLite's ``json_each``
  unpacks (half the cost of binding every id), where the SQLite build has JSON functions
  and the batch is printable ASCII (as scenario ids are); otherwise id by id.

The answer is always exact: two different ids are never taken as one. If the temporary
database cannot be used (no ``sqlite3`` module; no room or no permission in SQLite's
temporary folder, ``SQLITE_TMPDIR`` or ``TMPDIR`` or ``/var/tmp`` or ``/tmp``), the index
reads back what it had written, says why in :attr:`IdSet.spill_error`, and keeps every id
in memory from then on. Before each batch the folder's free space is checked, since a write
that fills the disk can leave SQLite unable to read back even what it had written: the
index moves to memory while the database is still whole. Only if a write fails anyway
(another program filled the disk in between) and the read-back fails too does
:meth:`IdSet.add` raise :class:`~ala_policy.errors.AlaPolicyError`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from .errors import AlaPolicyError

__all__ = ["SPILL_AT", "IdSet"]

#: How many ids are held in memory before they are written to the temporary database.
SPILL_AT = 1 << 14

_BLOOM_BITS = 1 << 23  # 1 MiB
_SELECT = "SELECT 1 FROM ids WHERE id = ?"
_INSERT = "INSERT INTO ids VALUES (?)"
_INSERT_JSON = "INSERT INTO ids SELECT value FROM json_each(?)"


class IdSet:
    """Remembers ids; :meth:`add` says whether an id was new. Close it when done."""

    __slots__ = ("_bits", "_count", "_db", "_json", "_limit", "_mask", "_recent", "spill_error")

    def __init__(self, spill_at: int | None = None, bloom_bits: int = _BLOOM_BITS) -> None:
        if spill_at is None:
            spill_at = SPILL_AT
        if spill_at < 1 or bloom_bits < 8 or bloom_bits & (bloom_bits - 1):
            raise ValueError("spill_at must be positive and bloom_bits a power of two >= 8")
        self._recent: set[str] = set()
        self._limit: int | None = spill_at
        self._mask = bloom_bits - 1
        self._bits: bytearray | None = None
        self._db: Any = None
        self._json = False
        self._count = 0
        #: Why ids could not be written to disk, if they could not; ``None`` otherwise.
        self.spill_error: str | None = None

    def __len__(self) -> int:
        return self._count + len(self._recent)

    @property
    def spilled(self) -> bool:
        """Whether ids are being kept in the temporary database."""
        return self._db is not None

    def add(self, key: str) -> bool:
        """Remember ``key``; ``False`` if it was already there."""
        recent = self._recent
        if key in recent:
            return False
        bits = self._bits
        if bits is not None:
            # Three probes from three slices of the 64-bit hash (see _probes).
            code = hash(key)
            mask = self._mask
            i1, i2, i3 = code & mask, (code >> 21) & mask, (code >> 42) & mask
            if (
                (bits[i1 >> 3] >> (i1 & 7))
                & (bits[i2 >> 3] >> (i2 & 7))
                & (bits[i3 >> 3] >> (i3 & 7))
                & 1
            ) and self._stored(key):
                return False
            bits[i1 >> 3] |= 1 << (i1 & 7)
            bits[i2 >> 3] |= 1 << (i2 & 7)
            bits[i3 >> 3] |= 1 << (i3 & 7)
        recent.add(key)
        if self._limit is not None and len(recent) >= self._limit:
            self._spill()
        return True

    def close(self) -> None:
        """Delete the temporary database, if there is one, and forget every id."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._bits = None
        self._recent = set()
        self._count = 0

    def __enter__(self) -> IdSet:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _stored(self, key: str) -> bool:
        try:
            return self._db.execute(_SELECT, (key,)).fetchone() is not None
        except Exception as exc:  # noqa: BLE001 - sqlite3.Error, OSError: fall back to memory
            self._fall_back(exc)
            return key in self._recent

    def _spill(self) -> None:
        if not _room_for(self._recent):
            # A write that fills the disk can leave SQLite unable to read back even what it
            # had written, so the index moves to memory while the database is still whole.
            if self._db is None:
                self.spill_error = "no room in the temporary folder"
                self._limit = None
            else:
                self._fall_back(OSError("no room left in the temporary folder"))
            return
        if self._db is None and not self._open():
            return
        recent = sorted(self._recent)
        try:
            # SQLite writes the file only when its page cache is full, so a full disk or a
            # refused write shows here, not when the database is opened.
            self._db.execute("BEGIN")
            joined = "".join(recent)
            if self._json and joined.isascii() and joined.isprintable():
                import json

                self._db.execute(_INSERT_JSON, (json.dumps(recent),))
            else:
                self._db.executemany(_INSERT, [(key,) for key in recent])
            self._db.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - sqlite3.Error, OSError: fall back to memory
            self._fall_back(exc)
            return
        self._count += len(recent)
        self._recent.clear()

    def _fall_back(self, exc: BaseException) -> None:
        """Read the ids back from the database and keep them all in memory from now on."""
        self.spill_error = f"{type(exc).__name__}: {exc}"
        db, self._db, self._bits, self._limit = self._db, None, None, None
        try:
            with contextlib.suppress(Exception):  # no transaction left open: nothing to undo
                db.execute("ROLLBACK")  # the failed batch, if SQLite has not rolled it back
            self._recent.update(row[0] for row in db.execute("SELECT id FROM ids"))
        except Exception as again:  # nothing left to fall back on
            raise AlaPolicyError(
                "cannot keep the ids of this run for the duplicate check: SQLite's "
                f"temporary database failed ({self.spill_error}; then {again}); make room in "
                "the temporary folder or point SQLITE_TMPDIR at one"
            ) from again
        finally:
            db.close()
        self._count = 0

    def _open(self) -> bool:
        try:
            import sqlite3

            # "" is a private temporary database on disk, deleted when it is closed.
            db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            try:
                for pragma in (
                    "PRAGMA cache_size = -1024",  # KiB: the page cache stays at 1 MiB
                    "PRAGMA journal_mode = OFF",
                    "PRAGMA synchronous = OFF",
                    "PRAGMA locking_mode = EXCLUSIVE",
                    "PRAGMA temp_store = FILE",
                    "CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID",
                ):
                    db.execute(pragma)
            except Exception:
                db.close()
                raise
        except Exception as exc:  # noqa: BLE001 - any failure: keep the ids in memory
            self.spill_error = f"{type(exc).__name__}: {exc}"
            self._limit = None
            return False
        self._db = db
        try:
            db.execute("SELECT value FROM json_each('[1]')").fetchone()
            self._json = True
        except Exception:  # noqa: BLE001 - a SQLite build without JSON functions
            self._json = False
        self._bits = bits = bytearray((self._mask + 1) >> 3)
        for key in self._recent:
            for index in _probes(hash(key), self._mask):
                bits[index >> 3] |= 1 << (index & 7)
        return True


def _temporary_folder() -> str:
    """The folder SQLite puts a temporary database in, as it chooses on Unix."""
    for candidate in (
        os.environ.get("SQLITE_TMPDIR"),
        os.environ.get("TMPDIR"),
        "/var/tmp",  # noqa: S108 - SQLite's own list, only probed for free space
        "/usr/tmp",
        "/tmp",  # noqa: S108 - as above
    ):
        if candidate and Path(candidate).is_dir() and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    return "."


def _room_for(ids: set[str]) -> bool:
    """Whether the temporary folder has room for a batch of ids, with margin: the B-tree
    and its pages take a few times the ids' own bytes, and a little more besides."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # pragma: no cover - not on Unix: let SQLite say
        return True
    try:
        stats = statvfs(_temporary_folder())
    except OSError:
        return True
    needed = 4 * sum(map(len, ids)) + 64 * len(ids) + (4 << 20)
    room: int = stats.f_bavail * stats.f_frsize
    return room >= needed


def _probes(code: int, mask: int) -> tuple[int, int, int]:
    """The filter positions of a hash: three slices of its 64 bits (as :meth:`IdSet.add`
    computes them inline); they overlap a little when the filter has over 2**21 bits."""
    return code & mask, (code >> 21) & mask, (code >> 42) & mask
