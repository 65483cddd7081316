"""Writing decisions to the decision log from the event loop: in a worker thread (an append is
blocking I/O), and grouped: the decisions of every request that arrives while one write is
under way go to the log together in the next write, one transaction (group commit), so that
a log on disk keeps up with many concurrent requests.

A request's decisions are given out only once the write holding them has succeeded; when
it fails, every request in it is told so (:class:`LogWriteError`), and none of their
decisions is given out: no decision leaves the server unlogged.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import anyio.to_thread

if TYPE_CHECKING:
    from ..decisionlog import DecisionLog, LogEntry
    from .metrics import Metrics

__all__ = ["LogWriteError", "LogWriter"]

#: At most this many decisions are written in one append.
MAX_BATCH = 2048


class LogWriteError(Exception):
    """The decision log could not be written; ``cause`` says why."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause


class _Queue:
    """One event loop's waiting writes (futures belong to one loop)."""

    def __init__(self) -> None:
        self.pending: list[tuple[Sequence[LogEntry], asyncio.Future[str]]] = []
        self.writing = False


class LogWriter:
    """Appends to ``log`` for requests, a write at a time, each write taking every
    request's decisions that waited for it."""

    def __init__(self, log: DecisionLog, metrics: Metrics) -> None:
        self.log = log
        self.metrics = metrics
        #: whether the last write failed (``/ready`` says so until one succeeds)
        self.failing: str | None = None
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = (
            weakref.WeakKeyDictionary()
        )

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Write ``entries``; returns once they are in the log.

        :raises LogWriteError: the write holding them failed.
        """
        if not entries:
            return
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _Queue()
        future: asyncio.Future[str] = loop.create_future()
        queue.pending.append((entries, future))
        if queue.writing:
            try:
                role = await future  # "written", or "lead": write what waits, this included
            except asyncio.CancelledError:
                if future.done() and not future.cancelled() and future.exception() is None:
                    # Handed the next write, but cancelled before taking it: hand it on,
                    # or every request after this one would wait for ever.
                    self._hand_on(queue)
                raise
            if role == "written":
                return
        queue.writing = True
        await self._lead(queue)
        future.result()  # raises LogWriteError for this request too

    async def _lead(self, queue: _Queue) -> None:
        """Write what waits (up to :data:`MAX_BATCH` decisions), settle each request's
        future, and hand the next write to the first request still waiting."""
        batch: list[tuple[Sequence[LogEntry], asyncio.Future[str]]] = []
        count = 0
        while queue.pending and (not batch or count + len(queue.pending[0][0]) <= MAX_BATCH):
            item = queue.pending.pop(0)
            batch.append(item)
            count += len(item[0])
        entries: list[Any] = [entry for group, _ in batch for entry in group]
        start = time.perf_counter()
        failure: LogWriteError | None = None
        try:
            await anyio.to_thread.run_sync(self.log.append, entries)
        except BaseException as exc:
            # Any failure of the log is a failed write; so is a write whose request was
            # cancelled while it ran (the server shutting down): its outcome is unknown.
            failure = LogWriteError(exc)
            if not isinstance(exc, Exception):
                raise
        finally:
            self.metrics.log_write_seconds.observe(time.perf_counter() - start)
            self._settle(batch, len(entries), failure)
            self._hand_on(queue)

    @staticmethod
    def _hand_on(queue: _Queue) -> None:
        """Give the next write to the first request still waiting (one whose future is
        done was cancelled, or was handed the write and cancelled before taking it: its
        decisions are not given out, so they need not be written)."""
        while queue.pending and queue.pending[0][1].done():
            queue.pending.pop(0)
        if queue.pending:
            queue.pending[0][1].set_result("lead")
        else:
            queue.writing = False

    def _settle(
        self,
        batch: list[tuple[Sequence[LogEntry], asyncio.Future[str]]],
        count: int,
        failure: LogWriteError | None,
    ) -> None:
        if failure is None:
            self.failing = None
            self.metrics.log_writes.inc(count)
        else:
            self.failing = str(failure)
            self.metrics.log_write_failures.inc()
        for _, future in batch:
            if future.done():
                continue
            if failure is None:
                future.set_result("written")
            else:
                future.set_exception(failure)
