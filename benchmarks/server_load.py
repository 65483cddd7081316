"""Load on ``ala-policy serve``: requests/s and p50/p99 latency on loopback, with the decision
log checked after every round (``python benchmarks/server_load.py``; see README.md).

For each ``--workers`` value, each round starts ``ala-policy serve --workers N --log URL``
on a free port of 127.0.0.1 with a fresh log, and

1. warms it up (``--warmup`` requests, not timed);
2. drives it with ``--clients`` concurrent keep-alive connections posting ``--requests``
   requests in all, each one shipped example scenario (``examples/scenarios/*.yaml``, in
   turn, sent as a JSON object, or with ``--media yaml`` as its file), and times each
   request;
3. drives ``GET /health`` the same way (``--health-requests``): the HTTP stack's floor;
4. stops the server, then checks the log: every decision id a client was given is in it
   exactly once, it holds nothing else, and its chain verifies.

Rounds run round-robin across the worker counts, and the figures are medians over rounds.
Then, once per worker count, a kill round: the same load, the server killed with SIGKILL
(every process of it) halfway, started again on the same log and port, the load finished;
every decision given out must be in the log once and the chain must verify. In-process
``Engine.evaluate`` on the same scenarios is the other baseline.

The clients are a small asyncio HTTP/1.1 client (one connection each, Content-Length
bodies), in this process: an httpx client costs about a millisecond of CPU per request,
which on a small machine would be taken from the server being measured.

Exit status 1: a check failed (a decision lost or duplicated, a broken chain, an answer
other than 200).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from ala_policy import Engine
from ala_policy.decisionlog import open_log

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples" / "scenarios"
RESULTS = HERE / "results" / "server_load.json"

_DECISION_ID = re.compile(rb'"decision_id": "([0-9a-f-]{36})"')


# -- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``ala-policy serve`` in its own process group, its output in a file."""

    def __init__(self, port: int, workers: int, log_url: str, folder: Path) -> None:
        self.port = port
        self.workers = workers
        self.log_url = log_url
        self.output = folder / f"serve-{port}-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.output.open("wb") as stream:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ala_policy",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                    "--log",
                    self.log_url,
                    "--no-access-log",
                ],
                stdout=stream,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server ended early:\n{self.output.read_text()}")
            with contextlib.suppress(OSError):
                url = f"http://127.0.0.1:{self.port}/ready"
                with urllib.request.urlopen(url, timeout=5) as answer:
                    if answer.status == 200:
                        return
            time.sleep(0.1)
        raise SystemExit(f"the server was not ready in 120 s:\n{self.output.read_text()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(process.pid, signal.SIGKILL)  # the workers too, as a crash would
            else:
                process.send_signal(sig)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
        self.process = None

    def tracebacks(self) -> bool:
        return "Traceback" in self.output.read_text(errors="replace")


# -- the clients -------------------------------------------------------------------------


class Tally:
    """What the clients of one run were told."""

    def __init__(self) -> None:
        self.latencies: list[float] = []  # seconds, per answered request
        self.ids: list[str] = []
        self.statuses: collections.Counter[int] = collections.Counter()
        self.failed = 0  # requests sent that got no answer (the server was killed)
        self.wall = 0.0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        answered = len(ordered)
        return {
            "requests": answered,
            "wall_s": round(self.wall, 3),
            "requests_per_s": round(answered / self.wall, 1) if self.wall else None,
            "p50_ms": round(_percentile(ordered, 50) * 1000, 2) if ordered else None,
            "p99_ms": round(_percentile(ordered, 99) * 1000, 2) if ordered else None,
            "statuses": dict(self.statuses),
            "failed": self.failed,
        }


def _percentile(ordered: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile of sorted values."""
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def _request(method: str, path: str, port: int, body: bytes, media: str) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    if method == "POST":
        head += f"Content-Type: {media}\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode("ascii") + body


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 response: its status and body (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    body = b""
    while True:  # chunked
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, body
        body += chunk[:-2]


async def _client(
    port: int,
    requests: list[bytes],
    next_index: Iterator[int],
    tally: Tally,
    *,
    reconnect_for: float,
) -> None:
    """One keep-alive connection taking requests from the shared ``next_index`` until
    they run out. A request that gets no answer is counted as failed and not sent again
    (its outcome is unknown); the connection is then made again, for up to
    ``reconnect_for`` seconds (while a killed server starts again)."""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    try:
        for index in next_index:
            if writer is None:
                deadline = time.monotonic() + reconnect_for
                while True:
                    try:
                        reader, writer = await asyncio.open_connection("127.0.0.1", port)
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            raise
                        await asyncio.sleep(0.05)
            assert reader is not None
            start = time.perf_counter()
            try:
                writer.write(requests[index % len(requests)])
                status, body = await _answer(reader)
            except (OSError, asyncio.IncompleteReadError):
                tally.failed += 1
                writer.close()
                reader = writer = None
                continue
            tally.latencies.append(time.perf_counter() - start)
            tally.statuses[status] += 1
            if status == 200:
                tally.ids.extend(m.decode("ascii") for m in _DECISION_ID.findall(body))
    finally:
        if writer is not None:
            writer.close()


async def _drive(
    port: int,
    requests: list[bytes],
    count: int,
    clients: int,
    tally: Tally,
    *,
    reconnect_for: float = 0.0,
    kill_after: int | None = None,
    server: Server | None = None,
) -> None:
    indexes = iter(range(count))
    tasks = [
        asyncio.create_task(_client(port, requests, indexes, tally, reconnect_for=reconnect_for))
        for _ in range(clients)
    ]
    start = time.perf_counter()
    if kill_after is not None and server is not None:
        while len(tally.latencies) < kill_after:
            await asyncio.sleep(0.005)
        await asyncio.to_thread(server.stop, signal.SIGKILL)
        await asyncio.to_thread(server.start)
    await asyncio.gather(*tasks)
    tally.wall = time.perf_counter() - start


def drive(port: int, requests: list[bytes], count: int, clients: int, **options: Any) -> Tally:
    tally = Tally()
    asyncio.run(_drive(port, requests, count, clients, tally, **options))
    return tally


# -- the log -----------------------------------------------------------------------------


class Logs:
    """Where each round's fresh log comes from: a file of a temporary folder, a database
    of a PostgreSQL server that this run starts (the tests' helper), or one given URL
    (then the checks look at the rows a round added)."""

    def __init__(self, kind: str, folder: Path, stack: contextlib.ExitStack) -> None:
        self.kind = kind
        self.folder = folder
        self._count = 0
        self._postgres: Any = None
        if kind == "postgresql":
            sys.path.insert(0, str(ROOT / "tests"))
            import _postgres  # type: ignore[import-not-found]  # the tests' own helper

            fixture = _postgres.postgres_server
            starting = getattr(fixture, "__wrapped__", fixture)
            self._postgres = stack.enter_context(contextlib.contextmanager(starting)())

    def new(self) -> tuple[str, int]:
        """A log's URL, and the number of rows it already holds."""
        self._count += 1
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / f'decisions-{self._count}.db'}", 0
        if self.kind == "postgresql":
            return str(self._postgres.new_database()), 0
        with open_log(self.kind) as log:
            head = log.head()
        return self.kind, head[0] if head else 0

    def describe(self) -> str:
        if self.kind in ("sqlite", "postgresql"):
            return f"{self.kind} (a fresh log per round)"
        from ala_policy._decisionlog_postgres import redact

        return redact(self.kind)


def check_log(url: str, skip: int, tally: Tally, *, killed: bool) -> dict[str, Any]:
    """The log after a run: rows added, duplicates, decisions given out but missing, rows
    beyond those given out (only a killed run may have them: answers the crash took), and
    the chain. ``problems`` lists what fails."""
    with open_log(url, create=False) as log:
        verified = log.verify()
        ids = [
            json.loads(line)["decision_id"]
            for line in log.export_lines()
            if int(line[7 : line.index(",")]) > skip
        ]
    counts = collections.Counter(ids)
    given = set(tally.ids)
    found: dict[str, Any] = {
        "rows": len(ids),
        "given_out": len(tally.ids),
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "given_twice": len(tally.ids) - len(given),
        "lost": len(given - set(counts)),
        "not_given_out": len(set(counts) - given),
        "chain_ok": verified.ok,
        "verify_reason": verified.reason,
    }
    problems: list[str] = []
    if found["duplicated"] or found["given_twice"]:
        problems.append("duplicated decisions")
    if found["lost"]:
        problems.append(f"{found['lost']} decisions given out are not in the log")
    if not verified.ok:
        problems.append(f"the chain is broken at row {verified.first_broken}: {verified.reason}")
    if found["not_given_out"] > (tally.failed if killed else 0):
        problems.append(f"{found['not_given_out']} rows that no client was given")
    if set(tally.statuses) - {200}:
        problems.append(f"answers other than 200: {dict(tally.statuses)}")
    found["problems"] = problems
    return found


# -- the runs ----------------------------------------------------------------------------


def _iso(value: object) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in an example scenario")


def scenario_requests(port: int, media: str = "json") -> tuple[list[bytes], list[dict[str, Any]]]:
    """The example scenarios as requests (``media``: their YAML files as they are, or each
    as a JSON object, as a program would send it), and as mappings."""
    paths = sorted(EXAMPLES.glob("*.yaml"))
    mappings = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]
    if media == "yaml":
        bodies = [path.read_bytes() for path in paths]
    else:
        bodies = [json.dumps(mapping, default=_iso).encode("utf-8") for mapping in mappings]
    posts = [
        _request("POST", "/v1/evaluate", port, body, f"application/{media}") for body in bodies
    ]
    return posts, mappings


def one_round(workers: int, logs: Logs, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    url, skip = logs.new()
    port = free_port()
    posts, _ = scenario_requests(port, args.media)
    server = Server(port, workers, url, folder)
    server.start()
    try:
        warm = drive(port, posts, args.warmup, args.clients)
        timed = drive(port, posts, args.requests, args.clients)
        health = drive(
            port, [_request("GET", "/health", port, b"", "")], args.health_requests, args.clients
        )
    finally:
        server.stop()
    everything = Tally()
    everything.ids = warm.ids + timed.ids
    everything.statuses = warm.statuses + timed.statuses
    log = check_log(url, skip, everything, killed=False)
    if server.tracebacks():
        log["problems"].append(f"a traceback in the server's output ({server.output})")
    return {"evaluate": timed.summary(), "health": health.summary(), "log": log}


def kill_round(workers: int, logs: Logs, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    url, skip = logs.new()
    port = free_port()
    posts, _ = scenario_requests(port, args.media)
    server = Server(port, workers, url, folder)
    server.start()
    count = args.kill_requests
    try:
        tally = drive(
            port,
            posts,
            count,
            args.clients,
            reconnect_for=120.0,
            kill_after=count // 2,
            server=server,
        )
    finally:
        server.stop()
    log = check_log(url, skip, tally, killed=True)
    summary = tally.summary()
    return {
        "requests": count,
        "answered": summary["requests"],
        "failed": tally.failed,
        "log": log,
    }


def engine_baseline(rounds: int, count: int) -> dict[str, Any]:
    """In-process ``Engine.evaluate`` of the same scenarios (one thread)."""
    engine = Engine()
    _, mappings = scenario_requests(0)
    for mapping in mappings:
        engine.evaluate(mapping)
    per_s = []
    for _ in range(rounds):
        start = time.perf_counter()
        for index in range(count):
            engine.evaluate(mappings[index % len(mappings)])
        per_s.append(count / (time.perf_counter() - start))
    return {"decisions_per_s": round(statistics.median(per_s), 1), "rounds": per_s}


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections (50)")
    parser.add_argument("--requests", type=int, default=20_000, help="timed per round (20,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="(1 2)")
    parser.add_argument("--rounds", type=int, default=3, help="per worker count (3)")
    parser.add_argument("--warmup", type=int, default=500, help="requests before timing (500)")
    parser.add_argument(
        "--health-requests", type=int, default=5_000, help="GET /health per round (5,000)"
    )
    parser.add_argument(
        "--kill-requests", type=int, default=5_000, help="in the kill round (5,000; 0: none)"
    )
    parser.add_argument(
        "--log",
        default="sqlite",
        metavar="sqlite|postgresql|URL",
        help="sqlite: a fresh file per round (the default); postgresql: a PostgreSQL server "
        "started for the run (tests/_postgres.py), a fresh database per round; or a log's URL",
    )
    parser.add_argument(
        "--media",
        choices=["json", "yaml"],
        default="json",
        help="the request bodies: each example as JSON (the default), or its YAML file",
    )
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"({RESULTS})")
    return parser.parse_args(argv)


def _median(rounds: list[dict[str, Any]], part: str, key: str) -> float:
    return float(statistics.median(r[part][key] for r in rounds))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    problems: list[str] = []
    started = datetime.datetime.now(datetime.timezone.utc)
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ala-load-")))
        logs = Logs(args.log, folder, stack)
        print(
            f"ala-policy serve on 127.0.0.1: {args.clients} clients, {args.requests:,} "
            f"requests per round ({args.media}), {args.rounds} rounds, workers "
            f"{args.workers}, log "
            f"{logs.describe()}",
            flush=True,
        )
        engine = engine_baseline(3, 5_000)
        rounds: dict[int, list[dict[str, Any]]] = {w: [] for w in args.workers}
        for number in range(1, args.rounds + 1):
            for workers in args.workers:
                result = one_round(workers, logs, folder, args)
                rounds[workers].append(result)
                ev, hl = result["evaluate"], result["health"]
                print(
                    f"  round {number}, workers {workers}: {ev['requests_per_s']:>7} req/s, "
                    f"p50 {ev['p50_ms']} ms, p99 {ev['p99_ms']} ms; /health "
                    f"{hl['requests_per_s']} req/s; log: {result['log']['rows']} rows, "
                    f"chain {'ok' if result['log']['chain_ok'] else 'BROKEN'}"
                    + "".join(f"; PROBLEM: {p}" for p in result["log"]["problems"]),
                    flush=True,
                )
                problems += result["log"]["problems"]
        kills = {}
        if args.kill_requests:
            for workers in args.workers:
                kill = kill_round(workers, logs, folder, args)
                kills[workers] = kill
                log = kill["log"]
                print(
                    f"  kill round, workers {workers}: {kill['answered']} of "
                    f"{kill['requests']} answered, {kill['failed']} lost with the server; "
                    f"log: {log['rows']} rows, {log['lost']} given out and missing, "
                    f"{log['duplicated']} duplicated, {log['not_given_out']} written but not "
                    f"given out, chain {'ok' if log['chain_ok'] else 'BROKEN'}"
                    + "".join(f"; PROBLEM: {p}" for p in log["problems"]),
                    flush=True,
                )
                problems += log["problems"]
    medians = {}
    print(f"\nmedians over {args.rounds} rounds")
    print(f"{'workers':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'/health req/s':>14}")
    for workers, results in rounds.items():
        medians[workers] = {
            "requests_per_s": _median(results, "evaluate", "requests_per_s"),
            "p50_ms": _median(results, "evaluate", "p50_ms"),
            "p99_ms": _median(results, "evaluate", "p99_ms"),
            "health_requests_per_s": _median(results, "health", "requests_per_s"),
        }
        m = medians[workers]
        print(
            f"{workers:>8} {m['requests_per_s']:>8.1f} {m['p50_ms']:>8.2f} "
            f"{m['p99_ms']:>8.2f} {m['health_requests_per_s']:>14.1f}"
        )
    print(f"\nin-process Engine.evaluate, same scenarios: {engine['decisions_per_s']:,} /s")
    for workers, m in medians.items():
        print(
            f"workers {workers}: {m['requests_per_s'] / engine['decisions_per_s']:.3f} of "
            f"in-process, {m['requests_per_s'] / m['health_requests_per_s']:.3f} of /health"
        )
    if len(medians) > 1:
        first, *others = medians
        for workers in others:
            ratio = medians[workers]["requests_per_s"] / medians[first]["requests_per_s"]
            print(f"workers {workers} / workers {first}: {ratio:.2f}")
    print("checks: " + ("all passed" if not problems else "; ".join(problems)))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "started": started.isoformat(timespec="seconds"),
                "machine": machine(),
                "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                "medians": medians,
                "rounds": rounds,
                "kill_rounds": kills,
                "engine": engine,
                "problems": problems,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
