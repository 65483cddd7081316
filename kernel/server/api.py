"""The HTTP API, mounted under ``/v1`` (docs/server.md): decide, explain, and describe the
engine (the scenario schema, the policies and their clauses, the plugins), and read the
decision log with the server's token.

Every payload is the one the CLI prints with ``--format json``, built by the same functions
(:mod:`ala_policy.payloads`, :meth:`ala_policy.Outcome.to_json`). Deciding is CPU-bound
synchronous code, so it runs in a worker thread with a time limit, off the event loop; each
decision gets a ``decision_id`` and its provenance, and is in the decision log (when there
is one) before it is given out.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import hashlib
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from ..coverage import clause_coverage
from ..errors import UsageError
from ..explain import MAX_CHANGES
from ..inputs import RawScenario, read_document
from ..models import Decision, InputFailure, Outcome, Summary
from ..payloads import (
    citation_payload,
    cite_clause,
    explain_item,
    explanation_payload,
    plugins_payload,
    policies_payload,
)
from ..pipeline import decide_read
from ..schema import scenario_schema
from ._deciding import Deadline, RequestTimeoutError, log_writer
from ._http import ApiError, JSONText, authorize, dumps, read_body, suffix_of
from ._logwriter import LogWriteError

if TYPE_CHECKING:
    from ..decisionlog import LogEntry
    from ..engine import Engine
    from ._app import ServerState

__all__ = ["REQUEST", "routes"]

#: What stands for the file in the error object of a scenario read from a request body.
REQUEST = "<request>"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def routes(state: ServerState) -> list[BaseRoute]:
    """The API's routes (to mount under ``/v1``)."""
    api = _Api(state)
    return [
        Route("/evaluate", api.evaluate, methods=["POST"], name="evaluate"),
        Route("/explain", api.explain, methods=["POST"], name="explain"),
        Route("/schema", api.schema, methods=["GET"], name="schema"),
        Route("/policies", api.policies, methods=["GET"], name="policies"),
        Route("/policies/{clause_id:path}", api.clause, methods=["GET"], name="clause"),
        Route("/plugins", api.plugins, methods=["GET"], name="plugins"),
        Route("/log", api.log, methods=["GET"], name="log"),
    ]


class _Api:
    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.writer = log_writer(state)
        self._cached: dict[str, tuple[bytes, str]] = {}
        self._cache_lock = threading.Lock()

    # -- deciding ---------------------------------------------------------------------

    async def evaluate(self, request: Request) -> Response:
        state, config = self.state, self.state.config
        if config.protect_decisions:
            authorize(request, config, what="deciding")
        suffix = suffix_of(request)
        body = await read_body(request, config.max_body)
        deadline = Deadline(config.request_timeout)
        try:
            decided = await deadline.in_thread(
                _decide,
                state.engine,
                body,
                suffix,
                timeout=config.timeout,
                mask=config.mask,
                keep_inputs=self.writer is not None,
            )
            if self.writer is not None:
                await deadline.write(self.writer, decided.entries)
        except RequestTimeoutError as exc:
            raise _timed_out(exc) from None
        except LogWriteError as exc:
            raise ApiError(
                503,
                "log_unavailable",
                "the decisions were made but cannot be written to the decision log, so "
                f"they are not given out: {exc}; try again",
                headers={"Retry-After": "1"},
            ) from None
        state.metrics.count_outcomes(decided.outcomes)  # only what is given out
        return JSONText(decided.text, status_code=decided.status)

    async def explain(self, request: Request) -> Response:
        state, config = self.state, self.state.config
        if config.protect_decisions:
            authorize(request, config, what="explaining")
        max_changes = _int_param(request, "max_changes", MAX_CHANGES, 1, 4)
        suffix = suffix_of(request)
        body = await read_body(request, config.max_body)
        try:
            text, failed = await Deadline(config.request_timeout).in_thread(
                _explain, state.engine, body, suffix, max_changes
            )
        except RequestTimeoutError as exc:
            raise _timed_out(exc) from None
        return JSONText(text, status_code=422 if failed else 200)

    # -- describing the engine --------------------------------------------------------

    async def schema(self, request: Request) -> Response:
        return await self._catalog(
            request, "schema", lambda: scenario_schema(self.state.engine), sort_keys=True
        )

    async def policies(self, request: Request) -> Response:
        engine = self.state.engine
        return await self._catalog(
            request, "policies", lambda: policies_payload(engine.corpus, clause_coverage(engine))
        )

    async def plugins(self, request: Request) -> Response:
        return await self._catalog(request, "plugins", lambda: plugins_payload(self.state.engine))

    async def clause(self, request: Request) -> Response:
        clause_id = request.path_params["clause_id"]
        day = _date_param(request, "date") or datetime.date.today()
        corpus = self.state.engine.corpus
        try:
            citation = cite_clause(corpus, clause_id, day)
        except UsageError as exc:
            raise ApiError(404, "no_such_clause", str(exc), clause=clause_id) from None
        return JSONText(dumps(citation_payload(corpus, citation, day)))

    async def _catalog(
        self, request: Request, name: str, build: Callable[[], Any], *, sort_keys: bool = False
    ) -> Response:
        """A payload that is the same for every request to this server: built once (in a
        thread: the first build takes a while), then sent with an ETag."""
        found = self._cached.get(name)
        if found is None:
            found = await anyio.to_thread.run_sync(self._build, name, build, sort_keys)
        body, etag = found
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return JSONText(body, headers=headers)

    def _build(self, name: str, build: Callable[[], Any], sort_keys: bool) -> tuple[bytes, str]:
        with self._cache_lock:
            found = self._cached.get(name)
            if found is None:
                import json

                text = json.dumps(build(), ensure_ascii=True, sort_keys=sort_keys, default=str)
                body = text.encode("ascii")
                etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                found = self._cached[name] = (body, etag)
            return found

    # -- the decision log -------------------------------------------------------------

    async def log(self, request: Request) -> Response:
        state = self.state
        authorize(request, state.config, what="the decision log")
        if state.log is None:
            raise ApiError(404, "no_log", "this server keeps no decision log (--log)")
        since = _date_param(request, "since")
        form = request.query_params.get("format", "jsonl")
        if form not in ("jsonl", "json"):
            raise ApiError(
                400, "bad_parameter", f"format={form!r}: use jsonl or json", parameter="format"
            )
        log = state.log
        lines = _ThreadedLines(functools.partial(log.export_lines, since))
        try:
            first = await lines.next_chunk()
        except Exception as exc:  # noqa: BLE001 - the log's own error, said in one line
            lines.close()
            raise ApiError(
                503, "log_unavailable", f"the decision log cannot be read: {exc}"
            ) from None
        media = "application/x-ndjson" if form == "jsonl" else "application/json"
        return StreamingResponse(_framed(first, lines, form), media_type=media)


# -- work done in a worker thread ----------------------------------------------------------


class _Decided:
    __slots__ = ("entries", "outcomes", "status", "text")

    def __init__(
        self, outcomes: list[Outcome], entries: list[LogEntry], text: str, status: int
    ) -> None:
        self.outcomes = outcomes
        self.entries = entries
        self.text = text
        self.status = status


def _read(body: bytes, suffix: str) -> list[RawScenario | InputFailure]:
    """The body's scenarios; a body that holds none that can be read at all is a 400."""
    items = list(read_document(body, REQUEST, suffix))
    if not any(isinstance(item, RawScenario) for item in items):
        failure = next(item for item in items if isinstance(item, InputFailure))
        message = failure.message
        if message.startswith("is empty"):  # said of a file by its name; here, of the body
            message = f"the request body {message}"
        raise ApiError(
            400,
            "unreadable_body",
            message,
            file=failure.file,
            line=failure.line,
            path=failure.path,
        )
    return items


def _decide(
    engine: Engine,
    body: bytes,
    suffix: str,
    *,
    timeout: float | None,
    mask: Sequence[str],
    keep_inputs: bool,
) -> _Decided:
    """Read, decide and write up one request's scenarios, with a decision id and provenance
    for each decision (the entries its log rows are made of)."""
    from ..decisionlog import entries_for

    pairs = list(decide_read(engine, _read(body, suffix), timeout=timeout))
    decided = [(item, outcome) for item, outcome in pairs if outcome.decision is not Decision.ERROR]
    inputs = [_given(item) if keep_inputs else None for item, _ in decided]
    entries = entries_for(engine, [outcome for _, outcome in decided], inputs, mask=mask)
    by_outcome = {id(outcome): entry for (_, outcome), entry in zip(decided, entries, strict=True)}
    summary = Summary()
    texts = []
    errors: list[Outcome] = []
    for _, outcome in pairs:
        summary.add(outcome)
        text = outcome.to_json()
        entry = by_outcome.get(id(outcome))
        if entry is None:
            errors.append(outcome)
        else:
            text = (
                f'{text[:-1]}, "decision_id": {dumps(entry.decision_id)}, '
                f'"provenance": {_json_text(entry.provenance)}}}'
            )
        texts.append(text)
    head = '{"results": [' + ",\n".join(texts) + '],\n"summary": ' + dumps(summary.to_dict())
    if not errors:
        return _Decided([o for _, o in pairs], entries, head + "}\n", 200)
    first = errors[0].error
    count = f"{len(errors)} of {len(pairs)} scenario{'s' if len(pairs) != 1 else ''}"
    error = {
        "status": 422,
        "code": "invalid_scenario",
        "message": f"{count} could not be decided: "
        + (first.describe() if first is not None else "")
        + ("; every other scenario was decided" if len(errors) < len(pairs) else ""),
    }
    return _Decided(
        [o for _, o in pairs], entries, f"{head},\n{dumps({'error': error})[1:-1]}}}\n", 422
    )


def _timed_out(exc: RequestTimeoutError) -> ApiError:
    """The 503 of a request past its time limit."""
    limit = f"the request took longer than {exc.limit:g} s"
    if exc.writing:
        message = (
            f"{limit} (the server's --request-timeout) while its decisions were being written "
            "to the decision log: they are not given out, though the write under way may "
            "still put them in the log"
        )
    else:
        message = (
            f"{limit} to decide (the server's --request-timeout); nothing of it was given out "
            "or logged"
        )
    return ApiError(
        503,
        "timeout",
        message,
        headers={"Retry-After": "5"},
    )


def _given(item: RawScenario | InputFailure) -> Any:
    """The scenario as given (for the log, which masks it)."""
    assert isinstance(item, RawScenario), "a decided scenario was read"
    return item.data


def _json_text(value: Any) -> str:
    text = getattr(value, "text", None)  # the log's canonical JSON, encoded once
    return text if isinstance(text, str) else dumps(dict(value))


def _explain(engine: Engine, body: bytes, suffix: str, max_changes: int) -> tuple[str, bool]:
    """Explain one request's scenarios: the JSON of ``ala-policy explain --format json``,
    and whether any could not be read."""
    results = [explain_item(engine, item, max_changes=max_changes) for item in _read(body, suffix)]
    payload = [explanation_payload(outcome, explanations) for outcome, explanations in results]
    failed = any(outcome.error is not None for outcome, _ in results)
    return dumps(payload), failed


# -- query parameters ------------------------------------------------------------------------


def _date_param(request: Request, name: str) -> datetime.date | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            400,
            "bad_parameter",
            f"{name}={value!r} is not a date: use YYYY-MM-DD",
            parameter=name,
        ) from None


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise ApiError(
            400,
            "bad_parameter",
            f"{name}={value!r}: use a whole number from {low} to {high}",
            parameter=name,
        )
    return int(value)


# -- streaming the log ------------------------------------------------------------------------

_CHUNK = 256  # lines per chunk sent
_END = object()


class _ThreadedLines:
    """A blocking iterator of lines, read in a thread of its own (a database cursor stays
    in the thread that opened it) and handed to the event loop a chunk at a time."""

    def __init__(self, lines: Callable[[], Iterator[str]]) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=4)
        self._stop = threading.Event()
        thread = threading.Thread(
            target=self._produce, args=(lines,), name="ala-policy-log-export", daemon=True
        )
        thread.start()

    def _put(self, item: Any) -> None:
        asyncio.run_coroutine_threadsafe(self._queue.put(item), self._loop).result()

    def _produce(self, lines: Callable[[], Iterator[str]]) -> None:
        try:
            chunk: list[str] = []
            for line in lines():
                if self._stop.is_set():
                    return
                chunk.append(line)
                if len(chunk) >= _CHUNK:
                    self._put(chunk)
                    chunk = []
            if chunk:
                self._put(chunk)
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the event loop
            if not self._stop.is_set():
                self._put(exc)

    async def next_chunk(self) -> list[str] | None:
        """The next lines, or ``None`` at the end.

        :raises Exception: what reading the log raised.
        """
        item = await self._queue.get()
        if item is _END:
            return None
        if isinstance(item, BaseException):
            raise item
        chunk: list[str] = item
        return chunk

    def close(self) -> None:
        self._stop.set()
        while not self._queue.empty():  # unblock a producer waiting for room
            self._queue.get_nowait()


async def _framed(
    first: list[str] | None, lines: _ThreadedLines, form: str
) -> AsyncIterator[bytes]:
    """The log's lines as JSON Lines, or as one JSON list."""
    json_list = form == "json"
    chunk = first
    started = False
    try:
        if json_list:
            yield b"["
        while chunk is not None:
            if json_list:
                text = (",\n" if started else "\n") + ",\n".join(chunk)
            else:
                text = "".join(line + "\n" for line in chunk)
            started = True
            yield text.encode("utf-8")
            chunk = await lines.next_chunk()
        if json_list:
            yield b"\n]\n"
    finally:
        lines.close()
