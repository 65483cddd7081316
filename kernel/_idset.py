"""A compact set of scenario ids, for the duplicate check of a batch of any size.

A Python ``set`` of a million ids costs about 100 MB (the strings and the table); this keeps
only each id's 64-bit hash in an open-addressing table of machine integers, about 16 bytes
an id at most. Two different ids whose 64-bit hashes are equal would be taken as one: with
a million ids the chance of that is about one in thirty million.
"""

from __future__ import annotations

from array import array

__all__ = ["IdSet"]

_EMPTY = 0


class IdSet:
    """Remembers ids; :meth:`add` says whether an id was new."""

    __slots__ = ("_count", "_mask", "_table")

    def __init__(self, capacity: int = 1 << 12) -> None:
        size = 1 << max(4, (capacity * 2 - 1).bit_length())
        self._table = array("q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, key: str) -> bool:
        """Remember ``key``; ``False`` if it was already there."""
        code = hash(key) or 1  # 0 marks an empty slot
        table, mask = self._table, self._mask
        index = code & mask
        while True:
            found = table[index]
            if found == _EMPTY:
                table[index] = code
                self._count += 1
                if self._count * 2 > mask:
                    self._grow()
                return True
            if found == code:
                return False
            index = (index + 1) & mask

    def _grow(self) -> None:
        old = self._table
        size = len(old) * 2
        self._table = table = array("q", bytes(8 * size))
        self._mask = mask = size - 1
        for code in old:
            if code != _EMPTY:
                index = code & mask
                while table[index] != _EMPTY:
                    index = (index + 1) & mask
                table[index] = code
