"""A real PostgreSQL server for the decision log's tests: ``initdb`` into a fresh folder, then
``postgres`` on a free port of 127.0.0.1 with its socket in that folder, stopped (and the
folder removed) when the session ends.

PostgreSQL refuses to run as root, and the tests run as root in CI: then the server runs as
the ``postgres`` system user (which the distribution's package creates) through ``runuser``,
in a folder it owns. The binaries come from ``pg_config --bindir`` or
``/usr/lib/postgresql/*/bin``; without them the tests fail (never skip), saying what to
install.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["PostgresServer", "postgres_server"]

_MISSING = (
    "PostgreSQL's server binaries (initdb, pg_ctl) are not found: install postgresql (.ci/run does)"
)


def _bindir() -> Path:
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            found = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
            candidates.append(Path(found))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    pytest.fail(_MISSING)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A running server: ``url(database)`` connects to it over its socket as ``ala``, a
    superuser; ``new_database()`` makes an empty database and returns its URL."""

    def __init__(self, bindir: Path, root: Path, port: int, as_user: list[str]) -> None:
        self.bindir = bindir
        self.root = root
        self.port = port
        self.as_user = as_user
        self._names = itertools.count(1)

    def url(self, database: str = "postgres", *, tcp: bool = False) -> str:
        if tcp:
            return f"postgresql://ala@127.0.0.1:{self.port}/{database}"
        return f"postgresql://ala@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        name = f"log_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*self.as_user, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done


def _as_postgres(root: Path) -> list[str]:
    """The command prefix that runs PostgreSQL's programs as a user they accept."""
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            "the tests run as root, which PostgreSQL refuses, and there is no 'postgres' "
            "system user to run it as: install postgresql (its package creates the user)"
        )
    if shutil.which("runuser") is None:
        pytest.fail("the tests run as root and need runuser (util-linux) to start PostgreSQL")
    os.chown(root, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = _bindir()
    # Not under pytest's own temporary folder: it is private to the user running the tests,
    # and the server may run as another. Short, too: a socket's path has a length limit.
    root = Path(tempfile.mkdtemp(prefix="ala-pg-"))
    as_user = _as_postgres(root)
    data = root / "data"
    server: PostgresServer | None = None
    try:
        server = PostgresServer(bindir, root, 0, as_user)
        server.run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "ala",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        for attempt in range(5):
            server.port = _free_port()
            options = (
                f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c max_connections=60"
            )
            started = subprocess.run(
                [
                    *as_user,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(root / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            if started.returncode == 0:
                break
            if attempt == 4:  # the port taken between choosing and starting, five times?
                log = (root / "server.log").read_text(errors="replace")
                pytest.fail(f"PostgreSQL did not start:\n{started.stderr}\n{log}")
        yield server
    finally:
        if server is not None and (data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *as_user,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)
