"""What every route shares about HTTP: JSON responses, the error object every error answers
with, reading a bounded body, the media types a scenario may come in, and the token.

Every error is ``{"error": {"status", "code", "message", ...}}`` with the HTTP status of the
same number; nothing a client receives holds a traceback.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from ._app import ServerConfig

__all__ = [
    "MEDIA_TYPES",
    "NOSNIFF",
    "ApiError",
    "JSONText",
    "SecurityHeaders",
    "app_root",
    "authorize",
    "dumps",
    "error_body",
    "handle_api_error",
    "handle_http_exception",
    "handle_unexpected",
    "json_response",
    "read_body",
    "same_secret",
    "suffix_of",
]

_log = logging.getLogger("ala_policy.server")

#: A scenario body's media type -> the file suffix it is read as (JSON, YAML, TOML and JSON
#: Lines: the CLI's readers, with their limits and messages).
MEDIA_TYPES = {
    "application/json": ".json",
    "text/json": ".json",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
    "text/x-yaml": ".yaml",
    "application/toml": ".toml",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/x-jsonlines": ".jsonl",
}

#: JSON as every response writes it: ASCII only (a lone surrogate a scenario's title holds
#: goes out as an escape), no NaN, and values JSON has no type for (a date) as text.
_encoder = json.JSONEncoder(ensure_ascii=True, allow_nan=False, default=str)

_REASONS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_scenario",
    500: "internal_error",
    503: "unavailable",
}


#: The header every response carries: a browser takes it as the media type it says, never
#: guessing another (a JSON answer echoing a scenario's text is never run as HTML).
NOSNIFF = ("X-Content-Type-Options", "nosniff")


class SecurityHeaders:
    """ASGI middleware around the whole application: every response carries
    :data:`NOSNIFF` (unless it has it), and the path the application is mounted at is kept
    for :func:`app_root`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Where the application is mounted, kept before its own Mount("/v1") adds to it.
        scope[_APP_ROOT] = scope.get("root_path", "")
        name = NOSNIFF[0].lower().encode("latin-1")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(key.lower() == name for key, _ in headers):
                    headers.append((name, NOSNIFF[1].encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_APP_ROOT = "ala_policy.root_path"


def app_root(request: Request) -> str:
    """The path the application is mounted at (``""`` at the root), from any route."""
    return str(request.scope.get(_APP_ROOT, request.scope.get("root_path", ""))).rstrip("/")


def dumps(value: Any) -> str:
    """``value`` as JSON text, as responses write it."""
    return _encoder.encode(value)


class JSONText(Response):
    """A JSON response whose body is already JSON text."""

    media_type = "application/json"


def json_response(
    value: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """``value`` as a JSON response."""
    return JSONText(dumps(value), status_code=status, headers=headers)


class ApiError(Exception):
    """An answer other than success: its status, a stable ``code`` for programs, a
    ``message`` for people, and any more fields of the error object (``file``, ``line``,
    ``path`` for a body that cannot be read)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra

    def response(self) -> Response:
        return json_response(
            error_body(self.status, self.code, self.message, **self.extra),
            self.status,
            self.headers,
        )


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The body of an error response."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


async def handle_api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no route: 404; a route without that method: 405) as JSON."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    where = f"{request.method} {request.url.path}"
    headers = exc.headers
    if status == 404:
        message = (
            f"no such route: {where} (the API is described at {app_root(request)}/openapi.json)"
        )
    elif status == 405:
        allowed = _method_order((headers or {}).get("Allow", ""))
        headers = {**(headers or {}), "Allow": allowed}
        message = f"{where}: the method is not allowed here" + (
            f" (allowed: {allowed})" if allowed else ""
        )
    else:
        message = str(exc.detail)
    return json_response(
        error_body(status, _REASONS.get(status, "error"), message), status, headers
    )


#: The order in which the methods a route takes are named (``Allow``, and the message).
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _method_order(allowed: str) -> str:
    """Starlette's ``Allow`` header in a fixed order: it joins a set, whose order changes
    from one process to the next (``HEAD, GET`` or ``GET, HEAD``)."""
    methods = {m.strip() for m in allowed.split(",") if m.strip()}
    known = [m for m in _METHODS if m in methods]
    return ", ".join(known + sorted(methods.difference(_METHODS)))


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """A failure of the server itself: 500, and the traceback only in the server's log."""
    _log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return json_response(
        error_body(
            500,
            "internal_error",
            "the server failed while answering; the failure is in the server's log",
        ),
        500,
        # answered outside the middleware (Starlette's last resort), so said here
        dict([NOSNIFF]),
    )


# -- requests ---------------------------------------------------------------------------------


def suffix_of(request: Request) -> str:
    """The suffix whose reader reads the body, from its ``Content-Type``.

    :raises ApiError: 415, for a missing or unknown media type, or a charset not UTF-8.
    """
    header = request.headers.get("content-type")
    accepted = "application/json (or application/yaml, application/toml, application/x-ndjson)"
    if not header:
        raise ApiError(
            415, "unsupported_media_type", f"no Content-Type: send the scenarios as {accepted}"
        )
    media, *params = (part.strip() for part in header.split(";"))
    media = media.lower()
    suffix = MEDIA_TYPES.get(media)
    if suffix is None and media.startswith("application/") and media.endswith("+json"):
        suffix = ".json"
    if suffix is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {media!r} is not read here: send the scenarios as {accepted}",
        )
    for param in params:
        name, _, value = param.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise ApiError(
                415,
                "unsupported_media_type",
                f"charset {charset!r} is not read here: send UTF-8",
            )
    return suffix


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused as soon as it passes ``limit`` bytes (whatever its
    ``Content-Length`` says; a larger ``Content-Length`` is refused before reading).

    :raises ApiError: 413; 400 when the client goes away before the end of the body.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                _too_large(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        # Nobody is left to answer; said as a client's error, not logged as the server's.
        raise ApiError(
            400, "client_disconnected", "the client went away before sending the whole body"
        ) from None
    return b"".join(chunks)


def _too_large(limit: int) -> NoReturn:
    raise ApiError(
        413,
        "too_large",
        f"the body is larger than {limit:,} bytes (the server's --max-body): send fewer "
        "scenarios per request",
        limit=limit,
    )


def authorize(request: Request, config: ServerConfig, *, what: str, basic: bool = False) -> None:
    """Check the request's credentials against the server's token, in constant time.

    The token comes as ``Authorization: Bearer <token>``; with ``basic`` (the web page, whose
    browser asks for it without JavaScript) also as the password of HTTP Basic
    authentication, with any user name.

    :raises ApiError: 403 when the server has no token (``what`` cannot be reached over
        HTTP at all); 401 with ``WWW-Authenticate`` when no token is sent; 403 when the
        token is not the server's (401 with ``basic``, so that the browser asks again).
    """
    if config.token is None:
        raise ApiError(
            403,
            "forbidden",
            f"{what} cannot be reached over HTTP: the server was started without a token "
            "(--token-file)",
        )
    challenge = (
        'Basic realm="ala-policy", charset="UTF-8"' if basic else 'Bearer realm="ala-policy"'
    )
    given = _credentials(request.headers.get("authorization", ""), basic=basic)
    if given is None:
        raise ApiError(
            401,
            "unauthorized",
            f"{what} needs the server's token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": challenge},
        )
    if not same_secret(given, config.token):
        if basic:
            raise ApiError(
                401,
                "unauthorized",
                "the token is not the server's",
                headers={"WWW-Authenticate": challenge},
            )
        raise ApiError(403, "forbidden", "the token is not the server's")


def _credentials(header: str, *, basic: bool) -> bytes | None:
    """The token an ``Authorization`` header holds, as the bytes sent, or ``None`` for none
    (a header's text is its bytes read as Latin-1)."""
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return value.encode("latin-1") if value else None
    if basic and scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None
        _user, colon, password = decoded.partition(b":")
        return password if colon and password else None
    return None


def same_secret(given: bytes, secret: str) -> bool:
    """Whether ``given`` is ``secret`` in UTF-8, in a time that says nothing of either
    (their SHA-256 digests are compared, so not even the length shows)."""
    return hmac.compare_digest(
        hashlib.sha256(given).digest(), hashlib.sha256(secret.encode("utf-8")).digest()
    )
