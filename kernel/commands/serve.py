"""``ala-policy serve``: the HTTP API, the web page and the metrics, under uvicorn."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator
from typing import Any

import click

from .options import Abort, State, echo, pass_state

#: The log ``--log`` writes to when given without a URL: the embedded default.
DEFAULT_LOG = "sqlite:///decisions.db"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (each decides on its own; one log and one /metrics for all).",
)
@click.option(
    "--log",
    "log_url",
    is_flag=False,
    flag_value=DEFAULT_LOG,
    default=None,
    metavar="[URL]",
    help=f"Write every decision to this decision log: sqlite:///PATH (alone, --log means "
    f"{DEFAULT_LOG}) or postgresql://...  [default: no log]",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="PATH",
    help="The token (first line of the file) that reading the log over HTTP requires, as "
    "'Authorization: Bearer TOKEN'. Without it the log cannot be read over HTTP.",
)
@click.option(
    "--protect-decisions",
    is_flag=True,
    help="Require the token for deciding and explaining too, on the API and the web page "
    "(a browser asks for it as the password; needs --token-file).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=1024 * 1024,
    show_default=True,
    metavar="BYTES",
    help="The largest request body; larger ones are refused (413).",
)
@click.option(
    "--mask",
    multiple=True,
    metavar="FIELD",
    help="A field to mask in logged inputs, as a dotted path (repeatable; actor.name and "
    "actor.organization always are).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a scenario's evaluators after this long: a plugin still running is named as a "
    "fault and its finding is indeterminate (0: no limit).",
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Answer 503 to a request (of the API or the web page) not decided or explained "
    "within this long, the wait for the decision log included.",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log each request on standard error: its method, path (without the query, which "
    "may hold a member's answers) and status.",
)
@pass_state
def serve_command(
    state: State,
    host: str,
    port: int,
    workers: int,
    log_url: str | None,
    token_file: str | None,
    protect_decisions: bool,
    max_body: int,
    mask: tuple[str, ...],
    timeout: float,
    request_timeout: float,
    access_log: bool,
) -> None:
    """Serve the HTTP API (under /v1), the web page (at /), /health, /ready, Prometheus
    /metrics and the OpenAPI document (/openapi.json), until interrupted.

    Every decision gets a decision id and its provenance; with --log, it is written to the
    decision log before it is given out (the log cannot be written: 503). The API and its
    errors are described in docs/server.md.

    Ctrl-C or SIGTERM stops it gracefully: no new connection is taken, the requests under
    way finish (for up to 10 s), the log is closed.

    \b
    Exit codes:
      0  stopped (Ctrl-C, SIGTERM), after the graceful shutdown
      2  cannot start: the port is taken, the token file or the log cannot be read

    \b
    Examples:
      ala-policy serve --log
      ala-policy serve --host 0.0.0.0 --port 8080 --workers 2 --log sqlite:///decisions.db \\
          --token-file token.txt --mask actor.email
    """
    try:
        import uvicorn
    except ImportError:
        raise Abort(
            "ala-policy serve needs the server extra: pip install 'ala-policy[server]'"
        ) from None
    from ..server._accesslog import log_config
    from ..server._app import ENV_PREFIX, read_token

    token = None
    if token_file is not None:
        try:
            token = read_token(token_file)
        except ValueError as exc:
            raise Abort(str(exc)) from None
    if protect_decisions and token is None:
        raise Abort("--protect-decisions needs --token-file (the token it requires)")
    engine = state.engine()
    if log_url is not None:
        _check_log(log_url)
    _check_port(host, port)
    options: dict[str, Any] = {
        "token": token,
        "protect_decisions": protect_decisions,
        "max_body": max_body,
        "mask": mask,
        "timeout": timeout or None,
        "request_timeout": request_timeout,
    }
    where = f"http://{_shown(host)}:{port}"
    echo(
        f"ala-policy serve: {where}/ (the API under {where}/v1, described at "
        f"{where}/openapi.json); decision log: {_redacted(log_url) if log_url else 'none'}",
        err=True,
    )
    run_options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": access_log,
        "log_config": log_config(),
        "log_level": "info",
        "timeout_graceful_shutdown": 10,
    }
    if workers == 1:
        from ..server import create_app

        with _stopped_by_sigterm():
            uvicorn.run(create_app(engine, log_url, **options), **run_options)
        return
    environment = {
        "LOG": log_url or "",
        "TOKEN_FILE": token_file or "",
        "PROTECT_DECISIONS": "1" if protect_decisions else "0",
        "MAX_BODY": str(max_body),
        "MASK": ",".join(mask),
        "TIMEOUT": str(timeout),
        "REQUEST_TIMEOUT": str(request_timeout),
        "DISABLE": ",".join(state.disabled),
    }
    with _multiprocess_metrics():
        os.environ.update({ENV_PREFIX + name: value for name, value in environment.items()})
        uvicorn.run("ala_policy.server:app_from_env", factory=True, workers=workers, **run_options)


class _Stopped(Exception):  # noqa: N818 - not an error: the way out on SIGTERM
    """SIGTERM was received."""


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM ends the block quietly, so that ``serve`` exits 0 (as with ``--workers N``,
    whose supervising process exits 0).

    uvicorn answers SIGTERM with a graceful shutdown, and then sends the signal again to the
    handler it found, so that the process would die of it (status -15, or 143 from a
    shell); the handler found is this one, which ends the block instead. A SIGTERM before
    uvicorn listens ends it at once (nothing is under way yet)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signal: int, _frame: object) -> None:
        raise _Stopped

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except _Stopped:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_log(url: str) -> None:
    """Open (and make) the log once, so that a bad URL is one line and exit 2."""
    from ..decisionlog import LogError, open_log

    try:
        open_log(url).close()
    except LogError as exc:
        raise Abort(str(exc)) from None


def _check_port(host: str, port: int) -> None:
    """Bind the address once (as uvicorn will), so that a port in use is one line and
    exit 2, not a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise Abort(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise Abort(f"cannot listen on {_shown(host)}:{port}: {reason.lower()}") from None


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _redacted(url: str) -> str:
    """The log's URL as it may be shown: a PostgreSQL URL without its password."""
    if not url.lower().startswith(("postgresql:", "postgres:")):
        return url
    from .._decisionlog_postgres import redact

    return redact(url)


@contextlib.contextmanager
def _multiprocess_metrics() -> Iterator[None]:
    """Worker processes keep their metrics in files of one folder, which ``/metrics`` adds
    up (Prometheus' multiprocess mode); the folder is removed at the end."""
    from ..server.metrics import MULTIPROCESS_ENV

    if os.environ.get(MULTIPROCESS_ENV):  # the operator's own folder
        yield
        return
    folder = tempfile.mkdtemp(prefix="ala-policy-metrics-")
    os.environ[MULTIPROCESS_ENV] = folder
    try:
        yield
    finally:
        del os.environ[MULTIPROCESS_ENV]
        shutil.rmtree(folder, ignore_errors=True)
