"""The real server under load, in its own processes: ``ala-policy serve`` on a free port of
127.0.0.1, driven by concurrent keep-alive clients posting the shipped example scenarios.

What must hold whatever happens: every decision a client was given (a 200 with its
``decision_id``) is in the decision log exactly once, nothing else is in it except decisions
whose answer was lost with a killed server, and ``log verify`` passes. Checked with one
process, with ``--workers 2``, with two servers on one SQLite file, with two servers (of two
workers each) on one PostgreSQL log, and across a server killed with SIGKILL mid-load and
started again on the same log.

Bounded so that each test takes seconds; the figures (requests/s, latency) are measured by
``benchmarks/server_load.py``, never asserted here.
"""

from __future__ import annotations

import collections
import contextlib
import json
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from _postgres import PostgresServer, postgres_server
from _server import Server, serving
from click.testing import CliRunner

from ala_policy.cli import main

__all__ = ["postgres_server"]  # the fixture, used by name

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
#: Every shipped example scenario, as the bytes of its file: one scenario per request.
BODIES = [path.read_bytes() for path in sorted(EXAMPLES.glob("*.yaml"))]
YAML = {"content-type": "application/yaml"}

CLIENTS = 20
PER_CLIENT = 30


class Received:
    """What the clients were told, shared by their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: list[str] = []  # the decision ids of every 200, in any order
        self.statuses: collections.Counter[int] = collections.Counter()
        self.failed = 0  # requests that got no answer (the server was killed)
        self.unexpected: list[str] = []  # answers that are neither a 200 nor a lost request

    def ok(self) -> int:
        return self.statuses[200]


def _client(
    url: str,
    bodies: Sequence[bytes],
    count: int | None,
    received: Received,
    stop: threading.Event,
) -> None:
    """Post ``count`` requests (or until ``stop``), one at a time, on one connection."""
    with httpx.Client(base_url=url, timeout=60) as client:
        sent = 0
        while (count is None or sent < count) and not stop.is_set():
            body = bodies[sent % len(bodies)]
            sent += 1
            try:
                answer = client.post("/v1/evaluate", content=body, headers=YAML)
            except httpx.TransportError:
                with received.lock:
                    received.failed += 1
                if stop.wait(0.05):
                    return
                continue
            with received.lock:
                received.statuses[answer.status_code] += 1
                if answer.status_code == 200:
                    received.ids.extend(r["decision_id"] for r in answer.json()["results"])
                else:
                    received.unexpected.append(f"{answer.status_code}: {answer.text[:300]}")


def drive(
    urls: Sequence[str],
    *,
    clients: int = CLIENTS,
    per_client: int | None = PER_CLIENT,
    received: Received | None = None,
    stop: threading.Event | None = None,
) -> tuple[Received, list[threading.Thread]]:
    """Start ``clients`` threads, spread over ``urls``, each with its own rotation of the
    examples; returns at once (join the threads to wait)."""
    received = received or Received()
    stop = stop or threading.Event()
    threads = [
        threading.Thread(
            target=_client,
            args=(
                urls[k % len(urls)],
                BODIES[k % len(BODIES) :] + BODIES[: k % len(BODIES)],
                per_client,
                received,
                stop,
            ),
            daemon=True,
        )
        for k in range(clients)
    ]
    for thread in threads:
        thread.start()
    return received, threads


def load(
    urls: Sequence[str],
    *,
    clients: int = CLIENTS,
    per_client: int = PER_CLIENT,
    received: Received | None = None,
) -> Received:
    """:func:`drive`, waiting until every client has sent its requests."""
    received, threads = drive(urls, clients=clients, per_client=per_client, received=received)
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a client is still waiting after 120 s"
    return received


def logged(url: str) -> list[str]:
    """The decision ids in the log, in its order, as ``log export`` writes them; and the
    log verifies."""
    runner = CliRunner()
    verified = runner.invoke(main, ["log", "verify", "--log", url])
    assert verified.exit_code == 0, verified.output
    exported = runner.invoke(main, ["log", "export", "--log", url])
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    return [row["decision_id"] for row in rows]


def assert_exactly_once(received: Received, in_log: list[str]) -> None:
    duplicated = [i for i, n in collections.Counter(in_log).items() if n > 1]
    assert not duplicated, f"{len(duplicated)} decision ids are logged more than once"
    given = collections.Counter(received.ids)
    assert all(n == 1 for n in given.values()), "a decision id was given out twice"
    lost = set(given) - set(in_log)
    assert not lost, f"{len(lost)} decisions given out are not in the log"


def ready(server: Server) -> None:
    """``/ready`` says the server and its log are ready (``serving`` waited for /health)."""
    deadline = time.monotonic() + 30
    while True:
        answer = httpx.get(server.url + "/ready", timeout=10)
        if answer.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert answer.status_code == 200, answer.text
    assert answer.json()["log"]["reachable"] is True


def no_traceback(servers: Sequence[Server]) -> None:
    for server in servers:
        assert "Traceback" not in server.output(), server.output()


def log_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty log: a file of ``tmp_path``, or a database of the session's PostgreSQL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'decisions.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@contextlib.contextmanager
def servers(count: int, args: Sequence[str], cwd: Path) -> Iterator[list[Server]]:
    """``count`` separate ``ala-policy serve ARGS...`` processes, each ready."""
    with contextlib.ExitStack() as stack:
        running = [stack.enter_context(serving(args, cwd=cwd)) for _ in range(count)]
        for server in running:
            ready(server)
        yield running


def test_concurrent_clients_get_every_decision_logged_exactly_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    with servers(1, ["--log", url], tmp_path) as running:
        received = load([running[0].url])
    no_traceback(running)
    assert received.unexpected == []
    assert received.failed == 0
    assert received.statuses == {200: CLIENTS * PER_CLIENT}
    in_log = logged(url)
    assert len(in_log) == len(received.ids) == CLIENTS * PER_CLIENT
    assert_exactly_once(received, in_log)
    assert set(in_log) == set(received.ids)


@pytest.mark.parametrize(
    ("backend", "count", "workers"),
    [
        pytest.param("sqlite", 1, 2, id="sqlite-workers-2"),
        pytest.param("sqlite", 2, 1, id="sqlite-two-servers"),
        pytest.param("postgresql", 2, 2, id="postgresql-two-servers-of-two-workers"),
    ],
)
def test_processes_writing_one_log_at_once_keep_it_whole(
    backend: str, count: int, workers: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = log_url(backend, request, tmp_path)
    args = ["--log", url, "--workers", str(workers)]
    with servers(count, args, tmp_path) as running:
        received = load([server.url for server in running])
    no_traceback(running)
    assert received.unexpected == []
    assert received.failed == 0
    assert received.ok() == CLIENTS * PER_CLIENT
    in_log = logged(url)
    assert len(in_log) == len(received.ids) == CLIENTS * PER_CLIENT
    assert_exactly_once(received, in_log)
    assert set(in_log) == set(received.ids)


@pytest.mark.parametrize(
    ("backend", "workers"),
    [
        pytest.param("sqlite", 1, id="sqlite"),
        pytest.param("sqlite", 2, id="sqlite-workers-2"),
        pytest.param("postgresql", 2, id="postgresql-workers-2"),
    ],
)
def test_a_server_killed_mid_load_loses_no_decision_it_gave_out(
    backend: str, workers: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = log_url(backend, request, tmp_path)
    args = ["--log", url, "--workers", str(workers)]
    received = Received()
    with servers(1, args, tmp_path) as (first,):
        stop = threading.Event()
        _, threads = drive([first.url], per_client=None, received=received, stop=stop)
        deadline = time.monotonic() + 60
        while received.ok() < 150 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert received.ok() >= 150, f"the load did not start: {first.output()}"
        # Every process of the server at once, with requests in flight (a crash).
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert received.failed > 0, "no request was in flight when the server was killed"
    before = len(received.ids)
    with servers(1, args, tmp_path) as (second,):
        load([second.url], clients=10, per_client=20, received=received)
    no_traceback([second])
    assert received.unexpected == []
    assert len(received.ids) == before + 10 * 20
    in_log = logged(url)
    assert_exactly_once(received, in_log)
    # Beyond what was given out, the log holds at most the decisions of requests whose
    # answer the crash took (written, not yet sent).
    assert len(received.ids) <= len(in_log) <= len(received.ids) + received.failed
