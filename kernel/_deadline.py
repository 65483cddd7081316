"""A time limit on plugin code: ``evaluate --timeout`` turns a plugin that never returns into
a named fault instead of a run that hangs.

Python cannot stop a thread from outside, but it can make one raise: in the main thread a
``SIGALRM`` timer raises :class:`TimedOut` where the code is; in any other thread (a server's
worker, an embedding program's) a watchdog thread sets the exception asynchronously on the
evaluating thread (``PyThreadState_SetAsyncExc``). Either way the exception arrives between
two bytecodes of the plugin's Python code; a plugin blocked inside one C call (a ``sleep``
in C, a socket read without a timeout) is interrupted when that call returns, or, with
SIGALRM, when the call is interrupted by the signal. :class:`TimedOut` derives from
``BaseException``, so a plugin's ``except Exception`` does not swallow it.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import TimedOut

__all__ = ["TimedOut", "deadline"]


def _raise_timed_out(_signum: int, _frame: object) -> None:
    raise TimedOut


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimedOut` in the current thread if the block takes longer than
    ``seconds`` (``None`` or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        previous = signal.signal(signal.SIGALRM, _raise_timed_out)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    target = threading.get_ident()
    done = threading.Event()

    def watchdog() -> None:
        if not done.wait(seconds):
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(target), ctypes.py_object(TimedOut)
            )

    thread = threading.Thread(target=watchdog, name="ala-policy-deadline", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
