"""What the API and the web page share about deciding: one writer to the decision log, and
one time limit over the whole of a request that decides (``--request-timeout``): the
deciding, in a worker thread, and then the wait for the log.

A decision is given out (and counted in ``/metrics``) only once the log holds it, whichever
front end made it.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

from ._logwriter import LogWriter

if TYPE_CHECKING:
    from ..decisionlog import LogEntry
    from ._app import ServerState

__all__ = ["Deadline", "RequestTimeoutError", "log_writer"]

_T = TypeVar("_T")

#: Log writes whose request stopped waiting for them (past its time limit): kept until they
#: end, so that they are not collected while they run, and their failure is not reported as
#: never retrieved (the write's own failure is counted by the writer).
_abandoned: set[asyncio.Future[None]] = set()


def log_writer(state: ServerState) -> LogWriter | None:
    """The one writer to ``state.log`` that every route appends through (made on first
    use), or ``None`` without a log: its writes are counted in ``/metrics``
    (``ala_policy_log_written_decisions_total``, ``..._log_write_failures_total``) and its
    last failure is ``/ready``'s ``log.last_write_failed``."""
    if state.log is None:
        return None
    if state.log_writer is None:
        state.log_writer = LogWriter(state.log, state.metrics)
    writer: LogWriter = state.log_writer
    return writer


class RequestTimeoutError(Exception):
    """The request's time limit passed; ``writing``: while its decisions were being
    written to the log (they were made; they may still reach the log, but are not given
    out)."""

    def __init__(self, limit: float, *, writing: bool) -> None:
        super().__init__(f"the request took longer than {limit:g} s")
        self.limit = limit
        self.writing = writing


class Deadline:
    """One request's time limit, ``seconds`` from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = anyio.current_time() + seconds

    def left(self) -> float:
        """The seconds left (``0`` once past)."""
        return max(0.0, self._end - anyio.current_time())

    async def in_thread(self, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """``function`` in a worker thread, within the time left; past it, the thread is
        left to finish on its own (its result unused).

        :raises RequestTimeoutError: the time ran out.
        """
        call = functools.partial(function, *args, **kwargs)
        try:
            with anyio.fail_after(self.left()):
                return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)
        except TimeoutError:
            raise RequestTimeoutError(self.seconds, writing=False) from None

    async def write(self, writer: LogWriter, entries: Sequence[LogEntry]) -> None:
        """Append ``entries`` through ``writer``, within the time left.

        A write under way cannot be stopped (it runs in a thread, and other requests'
        decisions may be in it), so past the time this request stops waiting and the
        write goes on without it: its decisions may still reach the log, but they are not
        given out.

        :raises ~._logwriter.LogWriteError: the write failed.
        :raises RequestTimeoutError: the time ran out first.
        """
        task = asyncio.ensure_future(writer.append(entries))
        try:
            done, _ = await asyncio.wait({task}, timeout=self.left())
        except BaseException:  # the request itself cancelled: the write goes on
            _abandon(task)
            raise
        if task in done:
            task.result()
            return
        _abandon(task)
        raise RequestTimeoutError(self.seconds, writing=True)


def _abandon(task: asyncio.Future[None]) -> None:
    _abandoned.add(task)
    task.add_done_callback(_forget)


def _forget(task: asyncio.Future[None]) -> None:
    _abandoned.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: the writer has counted and reported it
