from __future__ import annotations

import sqlite3
import sys

import pytest

from ala_policy._idset import IdSet


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
