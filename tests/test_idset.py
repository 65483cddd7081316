from __future__ import annotations

from ala_policy._idset import IdSet


def test_idset_remembers_and_grows() -> None:
    ids = IdSet(capacity=4)
    keys = [f"scenario-{i}" for i in range(10_000)]
    assert all(ids.add(k) for k in keys)
    assert len(ids) == 10_000
    assert not any(ids.add(k) for k in keys[::7])
    assert ids.add("new")
    assert len(ids) == 10_001


def test_idset_handles_hash_zero() -> None:
    ids = IdSet()
    assert ids.add("")  # hash('') is 0: mapped away from the empty marker
    assert not ids.add("")
