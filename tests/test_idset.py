from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ala_policy._idset import IdSet
from ala_policy.errors import AlaPolicyError


class Colliding(str):
    """An id whose hash equals every other Colliding id's: the index must still tell them apart."""

    __slots__ = ()

    def __hash__(self) -> int:
        return 12345


def test_small_runs_stay_in_memory() -> None:
    with IdSet(spill_at=100) as ids:
        assert all(ids.add(f"s-{i}") for i in range(99))
        assert not ids.add("s-5")
        assert len(ids) == 99
        assert not ids.spilled


@pytest.mark.parametrize("bloom_bits", [8, 1 << 16])
def test_duplicates_are_found_on_both_sides_of_the_spill(bloom_bits: int) -> None:
    # bloom_bits=8: the filter is always full, so every new id is checked in the database
    with IdSet(spill_at=64, bloom_bits=bloom_bits) as ids:
        keys = [f"scenario-{i:05d}" for i in range(1000)]
        assert all(ids.add(k) for k in keys)
        assert ids.spilled
        assert len(ids) == 1000
        assert not any(ids.add(k) for k in keys[::7])  # spilled and still in memory
        assert ids.add("new")
        assert not ids.add("new")
        assert len(ids) == 1001


def test_equal_hashes_are_not_taken_as_equal_ids() -> None:
    with IdSet(spill_at=4) as ids:
        keys = [Colliding(f"id-{i}") for i in range(20)]
        assert all(ids.add(k) for k in keys)
        assert ids.spilled
        assert not any(ids.add(Colliding(f"id-{i}")) for i in range(20))
        assert ids.add(Colliding("id-20"))


def test_empty_and_unusual_ids() -> None:
    with IdSet(spill_at=2) as ids:
        for key in ["", "\x00", "é", "a" * 10_000, "line\nbreak"]:
            assert ids.add(key)
            assert not ids.add(key)


def test_without_sqlite3_ids_stay_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlite3", None)  # "import sqlite3" raises ImportError
    with IdSet(spill_at=8) as ids:
        assert all(ids.add(f"s-{i}") for i in range(100))
        assert not ids.spilled
        assert ids.spill_error is not None
        assert "sqlite3" in ids.spill_error
        assert not ids.add("s-42")
        assert len(ids) == 100


def test_without_a_writable_temporary_folder_ids_stay_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with IdSet(spill_at=8) as ids:
        assert all(ids.add(f"s-{i}") for i in range(20))
        assert ids.spill_error == "OperationalError: unable to open database file"
        assert not ids.add("s-3")


def test_close_forgets_and_can_be_called_twice() -> None:
    ids = IdSet(spill_at=4)
    for i in range(10):
        ids.add(str(i))
    ids.close()
    ids.close()
    assert len(ids) == 0
    assert not ids.spilled


@pytest.mark.parametrize(("spill_at", "bloom_bits"), [(0, 8), (1, 7), (1, 12)])
def test_bad_sizes_are_refused(spill_at: int, bloom_bits: int) -> None:
    with pytest.raises(ValueError, match="spill_at"):
        IdSet(spill_at=spill_at, bloom_bits=bloom_bits)


class FailingDatabase:
    """A connection whose writes (and, if asked, reads) fail like a full disk."""

    def __init__(self, real: Any, *, reads_fail: bool = False) -> None:
        self.real = real
        self.reads_fail = reads_fail

    def executemany(self, *args: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        if self.reads_fail:
            raise sqlite3.OperationalError("disk I/O error")
        return self.real.execute(sql, *args)

    def close(self) -> None:
        self.real.close()


def test_a_failing_write_reads_back_and_goes_on_in_memory() -> None:
    with IdSet(spill_at=8) as ids:
        assert all(ids.add(f"s-{i}") for i in range(20))  # two batches written
        assert ids.spilled
        ids._db = FailingDatabase(ids._db)  # the disk is now full
        assert all(ids.add(f"t-{i}") for i in range(20))
        assert not ids.spilled
        assert ids.spill_error == "OperationalError: database or disk is full"
        assert not any(ids.add(f"s-{i}") for i in range(20))  # read back from the file
        assert not any(ids.add(f"t-{i}") for i in range(20))
        assert len(ids) == 40


def test_a_failing_read_falls_back_too() -> None:
    with IdSet(spill_at=4, bloom_bits=8) as ids:
        for i in range(10):
            ids.add(str(i))
        # A full filter, whatever the hash seed: every new id is looked up in the database.
        assert ids._bits is not None
        ids._bits[:] = b"\xff" * len(ids._bits)
        ids._db = FailingDatabase(ids._db, reads_fail=True)
        with pytest.raises(AlaPolicyError, match="cannot keep the ids of this run"):
            ids.add("new")


def test_a_temporary_folder_without_room_still_gives_every_result(tmp_path: Path) -> None:
    """End to end: SQLite cannot grow its file past 64 KiB, the run still checks every id."""
    resource = pytest.importorskip("resource")
    batch = tmp_path / "long-ids.jsonl"
    rows = [
        {
            "id": f"{i:05d}-" + "x" * 500,
            "actor": {"role": "member"},
            "gift": {"kind": "meal", "act": "offered"},
        }
        for i in range(4000)
    ]
    rows.append(rows[5])  # one duplicate, long after the spill
    batch.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    program = (
        "import sys, ala_policy._idset as i; i.SPILL_AT = 256\n"
        "from ala_policy import Engine\n"
        "results = list(Engine().evaluate_paths([sys.argv[1]]))\n"
        "print(len(results), sum(r.decision.value == 'error' for r in results))\n"
        "print(results[-1].error.message[:20])\n"
    )

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = subprocess.run(
        [sys.executable, "-c", program, str(batch)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limit_files,  # the limit is the point (and no threads run here)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["4001 1", "duplicate id '00005-"]


@pytest.mark.parametrize(
    "keys",
    [
        [f"scenario-{i}" for i in range(200)],  # printable ASCII: one JSON array a batch
        [f"é-{i}" for i in range(100)] + [f"s-{i}" for i in range(100)],  # id by id
        [f"s\x00{i}" for i in range(200)],  # a NUL: id by id
    ],
    ids=["json", "non-ascii", "nul"],
)
def test_both_ways_of_writing_a_batch_keep_ids_exactly(keys: list[str]) -> None:
    with IdSet(spill_at=16, bloom_bits=8) as ids:  # every new id is looked up in the file
        assert all(ids.add(k) for k in keys)
        assert ids.spilled
        assert ids.spill_error is None
        assert not any(ids.add(k) for k in keys)
        assert len(ids) == len(keys)
