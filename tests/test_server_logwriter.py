"""The server's group-commit log writer (``ala_policy.server._logwriter``) alone, with a log
that records what it is given: requests cancelled at every point of the hand-off between
writes never leave the requests after them waiting."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any

from ala_policy.server._logwriter import LogWriter
from ala_policy.server.metrics import Metrics


class SlowLog:
    """A log whose appends take a while (so that requests queue up behind one)."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self.lock = threading.Lock()

    def append(self, entries: Sequence[Any]) -> None:
        time.sleep(0.05)
        with self.lock:
            self.rows.extend(entries)


def rows(*items: object) -> Any:
    """Stand-ins for log entries (the writer only passes them on)."""
    return list(items)


def test_a_request_cancelled_when_handed_the_next_write_hands_it_on() -> None:
    log = SlowLog()
    writer = LogWriter(log, Metrics())  # type: ignore[arg-type]  # a stand-in log

    async def scenario() -> None:
        handed: list[asyncio.Task[None]] = []

        async def first() -> None:
            await writer.append(rows("a"))
            # Still in the step that handed the next write to the second request, before
            # that request has run: as a server shutting down or a client's own timeout.
            handed[0].cancel()

        leader = asyncio.create_task(first())
        await asyncio.sleep(0.01)
        handed.append(asyncio.create_task(writer.append(rows("b"))))
        await asyncio.sleep(0.01)
        third = asyncio.create_task(writer.append(rows("c")))
        await asyncio.sleep(0)
        await leader
        await asyncio.wait_for(third, timeout=5)  # before the fix: waited for ever
        assert handed[0].cancelled()

    asyncio.run(scenario())
    assert log.rows == ["a", "c"]


def test_requests_cancelled_while_waiting_do_not_stop_the_others() -> None:
    log = SlowLog()
    writer = LogWriter(log, Metrics())  # type: ignore[arg-type]  # a stand-in log

    async def scenario() -> None:
        tasks = [asyncio.create_task(writer.append(rows(n))) for n in range(20)]
        await asyncio.sleep(0.01)
        for task in tasks[1::3]:
            task.cancel()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=5)
        assert all(task.done() for task in tasks)
        later = asyncio.create_task(writer.append(rows("later")))
        await asyncio.wait_for(later, timeout=5)

    asyncio.run(scenario())
    written = set(log.rows)
    assert "later" in written
    assert {n for n in range(20) if n % 3 != 1} <= written
