"""Ctrl-C during ``ala-policy evaluate``: taken between two results, never in the middle of
writing one, and at once when pressed twice."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Interrupts"]


class Interrupts:
    """Ctrl-C takes effect between two results, never in the middle of writing one, so the
    output stays whole (a JSON document is completed, not cut). A signal that arrives while
    buffered standard output waits on a full pipe makes it drop the rest of that write, even
    when the handler does not raise; so SIGINT is kept from arriving during writes:

    * reading files: SIGINT is blocked in the main thread for the whole run, and a watcher
      thread takes it with ``sigwait``: the first notes it (the run stops after the result
      being decided, looked for between results at the cost of reading an attribute); a
      second, while a slow plugin is still deciding, raises :class:`KeyboardInterrupt` in
      the main thread at once, through ``SIGUSR1`` (which also breaks a sleep or a wait);
    * reading standard input, where an interrupt must reach a read that waits on the
      terminal: a handler notes it, and SIGINT is blocked only around each write.

    A second interrupt, while reading or deciding, stops at once."""

    def __init__(self, paths: tuple[str, ...]) -> None:
        usable = (
            threading.current_thread() is threading.main_thread()
            and hasattr(signal, "pthread_sigmask")
            and hasattr(signal, "sigwait")
            and hasattr(signal, "pthread_kill")
            and hasattr(signal, "SIGUSR1")
        )
        self.mode = "none" if not usable else ("per-write" if "-" in paths else "blocked")
        self.hits = 0
        self.previous: Any = None
        self.previous_usr1: Any = None
        self.watcher: threading.Thread | None = None
        self.stopping = False

    def __enter__(self) -> Interrupts:
        if self.mode == "blocked":
            self.previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT)
            self.previous_usr1 = signal.signal(signal.SIGUSR1, self._stop_now)
            main = threading.get_ident()
            # started with SIGINT blocked (threads inherit the mask), as sigwait needs
            self.watcher = threading.Thread(
                target=self._watch, args=(main,), name="ala-policy-interrupts", daemon=True
            )
            self.watcher.start()
        elif self.mode == "per-write":
            self.previous = signal.signal(signal.SIGINT, self._note)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.mode == "blocked":
            self.stopping = True
            try:
                if self.watcher is not None and self.watcher.ident is not None:
                    signal.pthread_kill(self.watcher.ident, signal.SIGINT)  # wakes its sigwait
                    self.watcher.join()
            finally:  # a second Ctrl-C may land here too: put everything back regardless
                try:
                    self._take_pending()  # a late Ctrl-C, already answered by stopping
                finally:
                    signal.signal(signal.SIGUSR1, self.previous_usr1)
                    signal.pthread_sigmask(signal.SIG_SETMASK, self.previous)
        elif self.mode == "per-write":
            signal.signal(signal.SIGINT, self.previous)

    def _watch(self, main: int) -> None:
        while True:
            signal.sigwait(_SIGINT)
            if self.stopping:
                return
            self.hits += 1
            if self.hits > 1:
                signal.pthread_kill(main, signal.SIGUSR1)

    def _stop_now(self, _signum: int, _frame: object) -> None:
        if self.hits > 1:  # sent by the watcher; any other SIGUSR1 during the run is ignored
            raise KeyboardInterrupt

    def _note(self, _signum: int, _frame: object) -> None:
        self.hits += 1
        if self.hits > 1:
            raise KeyboardInterrupt

    def _take_pending(self) -> bool:
        if signal.SIGINT in signal.sigpending():
            signal.sigwait(_SIGINT)
            self.hits += 1
            return True
        return False

    def happened(self) -> bool:
        """Whether Ctrl-C was pressed."""
        return self.hits > 0

    def whole(self, write: Callable[..., Any], *args: Any) -> None:
        """One write that an interrupt cannot cut in half."""
        if self.mode != "per-write":
            write(*args)
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT)
        try:
            write(*args)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_SIGINT = {signal.SIGINT}
