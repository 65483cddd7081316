"""Building the application: its configuration, the state its routes share, and the routes
of each part (:mod:`.api`, :mod:`.page`, :mod:`.metrics`)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from ..decisionlog import DecisionLog
    from ..engine import Engine

__all__ = ["ServerConfig", "ServerState", "app_from_env", "create_app"]

#: The largest request body accepted, by default (larger: 413).
MAX_BODY = 1024 * 1024
#: The seconds a scenario's evaluators may take together, by default (the engine's
#: ``evaluate(timeout=)``: a plugin still running then is named and its finding
#: indeterminate).
TIMEOUT = 10.0
#: The seconds one request may take to be decided or explained, by default; past them the
#: request is answered 503 and its work abandoned.
REQUEST_TIMEOUT = 60.0

#: The environment variables :func:`app_from_env` reads (``ala-policy serve`` sets them for
#: its worker processes).
ENV_PREFIX = "ALA_POLICY_SERVER_"


@attrs.frozen(kw_only=True)
class ServerConfig:
    """How the application behaves.

    :param token: the token that reading the log requires (``Authorization: Bearer ...``);
        ``None``: the log cannot be read over HTTP at all.
    :param protect_decisions: deciding requires the token too: ``/v1/evaluate`` and
        ``/v1/explain``, and the web page, which decides as well (a browser asks for the
        token as the password of HTTP Basic authentication, any user name; its styles stay
        open).
    :param max_body: the largest request body, in bytes.
    :param mask: fields masked in logged inputs besides ``actor.name`` and
        ``actor.organization`` (dotted paths).
    :param timeout: the seconds a scenario's evaluators may take together (``None``: no
        limit).
    :param request_timeout: the seconds one request may take to be decided or explained.
    """

    token: str | None = None
    protect_decisions: bool = False
    max_body: int = MAX_BODY
    mask: tuple[str, ...] = ()
    timeout: float | None = TIMEOUT
    request_timeout: float = REQUEST_TIMEOUT


@attrs.define(kw_only=True)
class ServerState:
    """What every route shares: the engine, the log (or ``None``), the configuration and
    the metrics."""

    engine: Engine
    log: DecisionLog | None
    config: ServerConfig
    metrics: Any  # .metrics.Metrics
    #: the one writer to the log (:class:`._logwriter.LogWriter`) that the API and the page
    #: append through (:func:`._deciding.log_writer`)
    log_writer: Any = None


def create_app(
    engine: Engine | None = None,
    log: DecisionLog | str | None = None,
    *,
    token: str | None = None,
    protect_decisions: bool = False,
    max_body: int = MAX_BODY,
    mask: Iterable[str] = (),
    timeout: float | None = TIMEOUT,
    request_timeout: float = REQUEST_TIMEOUT,
) -> Starlette:
    """The ASGI application: the API under ``/v1``, ``/health``, ``/ready``, ``/metrics``,
    ``/openapi.json`` and the web page at ``/``.

    :param engine: the engine that decides (default: ``Engine()``, every installed plugin).
    :param log: a :class:`~ala_policy.decisionlog.DecisionLog`, or its URL
        (``sqlite:///decisions.db``, ``postgresql://...``), or ``None`` for no log. A log
        opened here from its URL is closed when the application shuts down (its lifespan,
        which Starlette does not run for a mounted application); a log given as an object
        is the caller's to close, and never closed here.
    :raises ValueError: ``protect_decisions`` without a ``token``, or a limit that is not
        positive.
    :raises ~ala_policy.decisionlog.LogError: the log's URL cannot be opened.
    """
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.routing import Mount, Route

    from . import api, page
    from ._deciding import log_writer
    from ._http import (
        ApiError,
        SecurityHeaders,
        handle_api_error,
        handle_http_exception,
        handle_unexpected,
    )
    from .metrics import Metrics, MetricsMiddleware

    if protect_decisions and not token:
        raise ValueError("protect_decisions needs a token")
    if max_body <= 0 or request_timeout <= 0 or (timeout is not None and timeout <= 0):
        raise ValueError("max_body, timeout and request_timeout must be positive")
    if engine is None:
        from ..engine import Engine

        engine = Engine()
    owned = None
    if isinstance(log, str):
        from ..decisionlog import open_log

        log = owned = open_log(log)
    config = ServerConfig(
        token=token,
        protect_decisions=protect_decisions,
        max_body=max_body,
        mask=tuple(mask),
        timeout=timeout,
        request_timeout=request_timeout,
    )
    metrics = Metrics()
    state = ServerState(engine=engine, log=log, config=config, metrics=metrics)
    log_writer(state)  # one writer for the API and the page
    service = _Service(state)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned is not None:
                owned.close()

    app = Starlette(
        routes=[
            Route("/health", service.health, methods=["GET"]),
            Route("/ready", service.ready, methods=["GET"]),
            Route("/metrics", service.metrics, methods=["GET"]),
            Route("/openapi.json", service.openapi, methods=["GET"]),
            Mount("/v1", routes=api.routes(state)),
            *_guarded(page.routes(state), config),
        ],
        middleware=[Middleware(SecurityHeaders), Middleware(MetricsMiddleware, metrics=metrics)],
        exception_handlers={
            ApiError: handle_api_error,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        lifespan=lifespan,
    )
    app.state.ala_policy = state
    return app


def _guarded(routes: list[BaseRoute], config: ServerConfig) -> list[BaseRoute]:
    """The page's routes, each reading no body larger than ``max_body`` (413, as the API),
    and, when decisions are protected, asking for the token first (its style sheets,
    which decide nothing, excepted); a refusal is a page in words
    (:func:`.page.refusal`), not the API's JSON."""
    from starlette.requests import Request
    from starlette.routing import Route

    from ._http import ApiError, authorize, read_body
    from .page import refusal

    def guard(app: ASGIApp, *, protect: bool) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                if protect:
                    authorize(Request(scope), config, what="the page", basic=True)
                if scope["method"] not in ("POST", "PUT", "PATCH"):
                    await app(scope, receive, send)
                    return
                body = await read_body(Request(scope, receive), config.max_body)
            except ApiError as refused:
                await refusal(refused, Request(scope))(scope, receive, send)
                return
            given = False

            async def replay() -> Message:
                nonlocal given
                if given:
                    return await receive()
                given = True
                return {"type": "http.request", "body": body, "more_body": False}

            await app(scope, replay, send)

        return guarded

    for route in routes:
        if isinstance(route, Route):
            protect = config.protect_decisions and not route.path.startswith("/static/")
            route.app = guard(route.app, protect=protect)
    return routes


class _Service:
    """The routes outside the API: health, readiness, metrics and the OpenAPI document."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._openapi: dict[str, bytes] = {}

    async def health(self, _request: Request) -> Response:
        from .. import __version__
        from ._http import json_response

        return json_response({"status": "ok", "version": __version__})

    async def ready(self, _request: Request) -> Response:
        """Ready: the engine is built and the log (if any) can be read."""
        import anyio
        import anyio.to_thread

        from ._http import json_response

        engine, log = self.state.engine, self.state.log
        body: dict[str, Any] = {
            "status": "ready",
            "engine": {
                "plugins": len(engine.plugins()),
                "areas": sorted(engine.areas),
                "load_errors": [str(error) for error in engine.load_errors],
            },
            "log": {"configured": log is not None},
        }
        if log is not None:
            problem = None
            try:
                with anyio.fail_after(5):
                    await anyio.to_thread.run_sync(log.head, abandon_on_cancel=True)
            except TimeoutError:
                problem = "the decision log did not answer within 5 s"
            except Exception as exc:  # noqa: BLE001 - the log's error, said in one line
                problem = f"the decision log cannot be read: {exc}"
            body["log"]["reachable"] = problem is None
            writer = self.state.log_writer
            failing = getattr(writer, "failing", None)
            body["log"]["last_write_failed"] = failing
            if problem is not None:
                body["status"] = "not_ready"
                body["log"]["problem"] = problem
        return json_response(body, 200 if body["status"] == "ready" else 503)

    async def metrics(self, _request: Request) -> Response:
        from starlette.responses import Response

        data, media_type = self.state.metrics.exposition()
        return Response(data, headers={"Content-Type": media_type})

    async def openapi(self, request: Request) -> Response:
        """The OpenAPI document, its server's URL the path the application is mounted at."""
        from ._http import JSONText, dumps
        from .openapi import openapi_document

        root = str(request.scope.get("root_path", ""))
        document = self._openapi.get(root)
        if document is None:
            text = dumps(openapi_document(self.state.engine, root))
            document = self._openapi[root] = text.encode("ascii")
        return JSONText(document)


# -- configured from the environment ----------------------------------------------------------


def read_token(path: str) -> str:
    """The token in the file at ``path`` (its first line, without surrounding space).

    :raises ValueError: the file cannot be read, or holds no token; the message is one line.
    """
    try:
        with open(path, "rb") as stream:  # noqa: PTH123 - a path given by the user as text
            raw = stream.read(64 * 1024)
    except OSError as exc:
        raise ValueError(f"cannot read the token file {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"the token file {path} is not UTF-8 text") from None
    lines = text.strip().splitlines()
    token = lines[0].strip() if lines else ""
    if not token:
        raise ValueError(f"the token file {path} is empty: put the token on its first line")
    if not token.isprintable() or " " in token:
        raise ValueError(f"the token in {path} holds spaces or control characters")
    return token


def options_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """:func:`create_app`'s keyword arguments from ``ALA_POLICY_SERVER_*`` variables (and
    the plugins to block, as ``disable``).

    :raises ValueError: a variable cannot be read; the message names it.
    """
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(ENV_PREFIX + name)
        return value if value else None

    def number(name: str, kind: type[int] | type[float]) -> Any:
        value = get(name)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            raise ValueError(f"{ENV_PREFIX}{name}={value!r} is not a number") from None

    options: dict[str, Any] = {
        "log": get("LOG"),
        "protect_decisions": (get("PROTECT_DECISIONS") or "0") not in ("0", "false", "no"),
        "mask": [field.strip() for field in (get("MASK") or "").split(",") if field.strip()],
        "disable": [name.strip() for name in (get("DISABLE") or "").split(",") if name.strip()],
    }
    token_file = get("TOKEN_FILE")
    options["token"] = read_token(token_file) if token_file else None
    for name, key, kind in (
        ("MAX_BODY", "max_body", int),
        ("TIMEOUT", "timeout", float),
        ("REQUEST_TIMEOUT", "request_timeout", float),
    ):
        value = number(name, kind)
        if value is not None:
            options[key] = value
    if options.get("timeout") == 0:
        options["timeout"] = None
    return options


def app_from_env() -> Starlette:
    """The application configured from ``ALA_POLICY_SERVER_*`` environment variables, for
    ``uvicorn --factory`` with several worker processes (``ala-policy serve --workers N``
    sets them)."""
    from ..engine import Engine

    options = options_from_env()
    engine = Engine(disable=options.pop("disable"))
    return create_app(engine, **options)
