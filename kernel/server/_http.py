"""What every route shares about HTTP: JSON responses, the error object every error answers
with, reading a bounded body, the media types a scenario may come in, and the token.

Every error is ``{"error": {"status", "code", "message", ...}}`` with the HTTP status of the
same number; nothing a client receives holds a traceback.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from ._app import ServerConfig

__all__ = [
    "MEDIA_TYPES",
    "ApiError",
    "JSONText",
    "authorize",
    "dumps",
    "error_body",
    "handle_api_error",
    "handle_http_exception",
    "handle_unexpected",
    "json_response",
    "read_body",
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
    if status == 404:
        message = f"no such route: {where} (the API is described at /openapi.json)"
    elif status == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"{where}: the method is not allowed here" + (
            f" (allowed: {allowed})" if allowed else ""
        )
    else:
        message = str(exc.detail)
    return json_response(
        error_body(status, _REASONS.get(status, "error"), message), status, exc.headers
    )


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

    :raises ApiError: 413.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> NoReturn:
    raise ApiError(
        413,
        "too_large",
        f"the body is larger than {limit:,} bytes (the server's --max-body): send fewer "
        "scenarios per request",
        limit=limit,
    )


def authorize(request: Request, config: ServerConfig, *, what: str) -> None:
    """Check ``Authorization: Bearer <token>`` against the server's token, in constant time.

    :raises ApiError: 403 when the server has no token (``what`` cannot be reached over
        HTTP at all), 401 with ``WWW-Authenticate`` when the token is missing or wrong.
    """
    if config.token is None:
        raise ApiError(
            403,
            "forbidden",
            f"{what} cannot be reached over HTTP: the server was started without a token "
            "(--token-file)",
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    challenge = 'Bearer realm="ala-policy"'
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "unauthorized",
            f"{what} needs the server's token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": challenge},
        )
    if not hmac.compare_digest(given.strip().encode("utf-8"), config.token.encode("utf-8")):
        raise ApiError(
            401,
            "unauthorized",
            "the token is not the server's",
            headers={"WWW-Authenticate": f'{challenge}, error="invalid_token"'},
        )
