"""What the server's tests share: a test client, scenarios, the CLI's answers to compare
with, and a real ``ala-policy serve`` process on a free port."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from ala_policy.cli import main

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client, and says so once, on import.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

__all__ = ["DINNER", "TestClient", "cli_json", "free_port", "serving"]

#: A gift during a pending bid: prohibited, citing Code III.C.
DINNER: dict[str, Any] = {
    "id": "vendor-dinner-during-bid",
    "title": "A copier vendor offers dinner while its bid is under review",
    "date": "2026-03-01",
    "actor": {"role": "member", "name": "Pat Example", "organization": "Example LLP"},
    "gift": {
        "kind": "meal",
        "act": "offered",
        "giver": "prospective_vendor",
        "pending_business": True,
    },
}


def cli_json(*args: str) -> Any:
    """What ``ala-policy ARGS... --format json`` prints, parsed."""
    done = CliRunner().invoke(main, [*args, "--format", "json"])
    assert "Traceback" not in done.output, done.output
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A running ``ala-policy serve``."""

    def __init__(
        self, process: subprocess.Popen[bytes], port: int, log: Path, errors: Path | None = None
    ) -> None:
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.errors = errors

    def output(self) -> str:
        """What it printed: on standard output alone if it was started with
        ``stderr_apart``, else on both."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def error_output(self) -> str:
        """What it printed on standard error (started with ``stderr_apart``)."""
        assert self.errors is not None, "start it with stderr_apart=True"
        return self.errors.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server ended early:\n{self.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise AssertionError(f"the server did not answer in {timeout} s:\n{self.output()}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Send ``sig`` to the server (and, for SIGKILL, to its worker processes too, as
        a crash of the machine would), and wait for it."""
        if self.process.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait(timeout=30)


@contextlib.contextmanager
def serving(
    args: Sequence[str] = (),
    *,
    cwd: Path,
    port: int | None = None,
    ready: bool = True,
    stderr_apart: bool = False,
) -> Iterator[Server]:
    """``ala-policy serve ARGS...`` on a free port, in its own process group, stopped at
    the end; with ``stderr_apart``, its standard error is kept apart from its standard
    output."""
    port = port or free_port()
    out = cwd / f"serve-{port}-{time.monotonic_ns()}.log"
    errors = out.with_suffix(".stderr") if stderr_apart else None
    apart = errors.open("wb") if errors is not None else contextlib.nullcontext(None)
    with out.open("wb") as stream, apart as error_stream:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ala_policy",
                "serve",
                "--port",
                str(port),
                "--no-access-log",
                *args,
            ],
            cwd=cwd,
            stdout=stream,
            stderr=subprocess.STDOUT if error_stream is None else error_stream,
            start_new_session=True,
        )
    server = Server(process, port, out, errors)
    try:
        if ready:
            server.wait_ready()
        yield server
    finally:
        server.stop()
