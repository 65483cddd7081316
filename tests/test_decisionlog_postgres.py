"""The decision log in PostgreSQL, against a real server these tests start (tests/_postgres.py):
the chain, tampering, several processes (and servers' worth of writers) appending at once, a
writer killed mid-append, and a server that cannot be reached. Never skipped: without
PostgreSQL's binaries the tests fail, saying what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _decisionlog_cases import (
    TAMPERING,
    Execute,
    append_some,
    assert_whole,
    check_tampering,
    cli,
    forge_and_check,
    kill_writers_mid_append,
    scenarios,
    write_jsonl,
    writer,
)
from _postgres import PostgresServer, postgres_server

from ala_policy import Engine
from ala_policy.decisionlog import LogError, open_log

__all__ = ["postgres_server"]  # the fixture, used by name


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """An empty database of its own, on the session's server."""
    return postgres_server.new_database()


def pg_executor(url: str) -> Execute:
    import psycopg

    def execute(sql: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.encode())

    return execute


def test_the_server_runs_and_a_log_is_made_on_first_use(engine: Engine, pg_url: str) -> None:
    with pytest.raises(LogError, match="holds no decision log"):
        open_log(pg_url, create=False)
    with open_log(pg_url) as log:
        assert log.verify().ok
        assert log.head() == (0, "0" * 64)
        append_some(engine, log, "a", 3)
        append_some(engine, log, "b", 2)
    rows = assert_whole(pg_url, 5)
    assert [row["scenario_id"] for row in rows] == ["a-0", "a-1", "a-2", "b-0", "b-1"]
    assert rows[0]["input"]["actor"]["name"] == "***"
    assert rows[0]["outcome"]["findings"][0]["citations"][0]["id"] == "code/III.C"


def test_tcp_and_socket_urls_reach_the_same_log(
    engine: Engine, postgres_server: PostgresServer
) -> None:
    url = postgres_server.new_database()
    name = url.partition("?")[0].rpartition("/")[2]
    with open_log(url) as log:
        append_some(engine, log, "s", 2)
    with open_log(postgres_server.url(name, tcp=True), create=False) as log:
        assert log.verify().rows == 2
        assert log.url == postgres_server.url(name, tcp=True)


@pytest.mark.parametrize(
    ("what", "tamper", "first", "said"), TAMPERING, ids=[t[0] for t in TAMPERING]
)
def test_tampering_is_found_and_the_first_broken_row_named(
    engine: Engine, pg_url: str, what: str, tamper: Any, first: int | None, said: list[str]
) -> None:
    with open_log(pg_url) as log:
        for n in range(3):
            append_some(engine, log, f"t{n}", 2)
    tamper(pg_executor(pg_url))
    check_tampering(pg_url, first, said)


def test_a_forged_row_breaks_the_next_link_and_a_kept_head_catches_a_forged_end(
    engine: Engine, pg_url: str
) -> None:
    with open_log(pg_url) as log:
        append_some(engine, log, "f", 6)
    forge_and_check(pg_executor(pg_url), pg_url)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_jsonl(tmp_path / "a.jsonl", scenarios("a", 1500)),
        write_jsonl(tmp_path / "b.jsonl", scenarios("b", 700)),
    )


def test_processes_appending_at_once_keep_the_chain_whole(
    pg_url: str, files: tuple[Path, Path]
) -> None:
    """Two CLI runs (one with worker processes) on different files, and two processes
    appending through the API, all at once, as several servers sharing one log do."""
    open_log(pg_url).close()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "ala_policy", "evaluate", str(f), "--log", pg_url, *jobs],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f, jobs in ((files[0], ["--jobs", "2"]), (files[1], []))
    ]
    writers = [writer(pg_url, f"w{n}", 7, 40) for n in range(2)]
    for process in [*runs, *writers]:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    rows = assert_whole(pg_url, 1500 + 700 + 2 * 7 * 40)
    ids = [row["scenario_id"] for row in rows]
    assert [i for i in ids if i.startswith("a-")] == [f"a-{n}" for n in range(1500)]
    assert [i for i in ids if i.startswith("b-")] == [f"b-{n}" for n in range(700)]
    assert cli("log", "verify", "--log", pg_url).returncode == 0


def test_two_cli_runs_on_one_new_log_make_it_once(pg_url: str, files: tuple[Path, Path]) -> None:
    """The tables do not exist yet: both runs make them at once (an advisory lock lets one
    through), and both log."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "ala_policy", "evaluate", str(f), "--log", pg_url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    for process in runs:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert_whole(pg_url, 2200)


def test_a_writer_killed_mid_append_leaves_a_chain_that_verifies(pg_url: str) -> None:
    open_log(pg_url).close()
    kill_writers_mid_append(pg_url)


def test_a_connection_the_server_dropped_is_opened_again(engine: Engine, pg_url: str) -> None:
    import psycopg

    with open_log(pg_url) as log:
        append_some(engine, log, "before", 2)
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        append_some(engine, log, "after", 2)
    assert_whole(pg_url, 4)


def test_an_unreachable_server_is_one_clear_line(postgres_server: PostgresServer) -> None:
    url = f"postgresql://ala:secret@127.0.0.1:{postgres_server.port}/no_such_database"
    for args in (
        ["evaluate", str(Path(__file__).parent.parent / "examples/scenarios"), "--log", url],
        ["log", "verify", "--log", url],
        ["log", "export", "--log", url],
    ):
        done = cli(*args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith(
            "Error: cannot reach the decision log postgresql://ala:***@127.0.0.1:"
        )
        assert 'database "no_such_database" does not exist' in done.stderr
        assert "secret" not in done.stderr
        assert "Traceback" not in done.stderr
