"""``ala-policy serve`` as a process: how it stops, and what its access log prints."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest
from _server import serving
from click.testing import CliRunner

from ala_policy.cli import main

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGTERM") or not hasattr(signal, "raise_signal"), reason="POSIX only"
)

#: The page's answers, one of them naming a person, as the download link carries them.
ANSWERS = {
    "area": "gift",
    "actor.role": "member",
    "title": "Jane Doe's dinner with the copier vendor",
    "date": "2026-03-01",
    "gift.kind": "meal",
    "gift.act": "offered",
    "gift.giver": "prospective_vendor",
    "gift.pending_business": "yes",
}


def test_sigterm_is_a_graceful_stop_and_exit_0_without_the_query_in_the_access_log(
    tmp_path: Path,
) -> None:
    """One server (starting one is slow): SIGTERM ends it with status 0 after uvicorn's
    graceful shutdown, as ``serve --help`` says; meanwhile its access log printed every
    request without its query."""
    with serving(["--log", "--access-log"], cwd=tmp_path, stderr_apart=True) as server:
        download = httpx.get(f"{server.url}/scenario.yaml", params=ANSWERS, timeout=30)
        assert download.status_code == 200
        assert "Jane Doe" in download.text
        assert httpx.get(f"{server.url}/ask", params=ANSWERS, timeout=30).status_code == 200
        status = server.stop(signal.SIGTERM)
        output = server.error_output()
        printed = server.output()
    assert status == 0, output
    # The access log and uvicorn's other lines are on standard error, as --help says;
    # standard output stays empty.
    assert printed == "", printed
    assert "Shutting down" in output
    assert "Application shutdown complete." in output
    assert "Finished server process" in output
    assert '"GET /scenario.yaml?... HTTP/1.1" 200' in output
    assert '"GET /ask?... HTTP/1.1" 200' in output
    assert '"GET /health HTTP/1.1" 200' in output
    for answer in ("Jane", "Doe", "title=", "copier", "prospective_vendor"):
        assert answer not in output, output
    assert "Traceback" not in output


def test_with_two_workers_the_access_log_is_on_standard_error_too(tmp_path: Path) -> None:
    """Each worker process applies the logging configuration: their request lines land on
    standard error, none on standard output."""
    with serving(["--workers", "2", "--access-log"], cwd=tmp_path, stderr_apart=True) as server:
        for _ in range(4):
            assert httpx.get(f"{server.url}/health", timeout=30).status_code == 200
        status = server.stop(signal.SIGTERM)
        output = server.error_output()
        printed = server.output()
    assert status == 0, output
    assert '"GET /health HTTP/1.1" 200' in output
    assert "Started parent process" in output
    assert printed == "", printed


def test_the_help_says_what_sigterm_does() -> None:
    said = CliRunner().invoke(main, ["serve", "--help"], terminal_width=100).output
    assert "0  stopped (Ctrl-C, SIGTERM), after the graceful shutdown" in said
    assert "without the query" in " ".join(said.split())
