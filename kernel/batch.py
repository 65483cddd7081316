"""Batches over several processes, in input order and bounded memory.

The main process reads the input (JSON Lines as unparsed lines, other files as parsed data)
and sends it in chunks to worker processes, keeping only a few chunks in flight; results
come back and are yielded strictly in input order, so the output of ``--jobs N`` is
byte-identical to that of ``--jobs 1``. Workers parse, validate and decide, and, when the
output format has a stateless ``render``, render too: the main process is then left with
little more than writing text, which is what lets two processes nearly double throughput.

Workers get the engine by ``fork`` where the platform has it (they inherit the parent's
plugins), and otherwise rebuild it from the recipe the engine was built with.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from ._parsing import FieldError, PathPart, format_path, peek_id, structure_scenario
from ._rendered import _DECISIONS, Rendered, RenderedChunk, fault_of
from .inputs import RawLine, RawScenario, parse_jsonl_line
from .models import InputFailure, Outcome, Source

if TYPE_CHECKING:
    from .engine import Engine
    from .loading import Recipe

__all__ = ["CHUNK", "MIN_CHUNKS", "decide_in_processes"]

#: Scenarios per chunk sent to a worker.
CHUNK = 1024
#: Input of fewer chunks than this is decided in this process whatever ``--jobs`` says:
#: starting and feeding worker processes costs about as much as they save below about
#: 4,000 to 8,000 scenarios (docs/performance.md, "--jobs"), so more jobs never cost time.
MIN_CHUNKS = 8

Item = RawScenario | RawLine | InputFailure
Renderer = Callable[[Outcome], str]


_engine: Engine | None = None
_Failed = tuple[list[PathPart], str]  # a validation error the main process must place
_Text = tuple[str | None, str, str | None, str]  # id, decision, fault, rendered text
_Result = Outcome | _Text | _Failed


def _use_engine(engine: Engine | None) -> None:
    global _engine  # noqa: PLW0603 - the worker process's one engine
    _engine = engine


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: the main process handles it
    (completing its output), so workers ignore it instead of printing a traceback each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_engine(engine_class: type[Engine], recipe: Recipe) -> None:
    _ignore_interrupts()
    # The class comes with the work (pickled by reference), so this module needs no
    # import of the engine: the engine is the layer below it.
    _use_engine(engine_class(plugins=recipe.plugins, disable=recipe.disable))


def _finish(outcome: Outcome, render: Renderer | None) -> Outcome | _Text:
    """The outcome, or (in the worker, with a renderer) a plain tuple: cheap to pickle."""
    if render is None:
        return outcome
    return (outcome.id, outcome.decision.value, fault_of(outcome), render(outcome))


def _decide_chunk(
    chunk: list[tuple[str, Any, str, int | None]],
    render: Renderer | None,
    timeout: float | None = None,
) -> list[_Result]:
    engine = _engine
    assert engine is not None, "worker started without an engine"
    areas = engine.areas
    results: list[_Result] = []
    for kind, payload, file, line in chunk:
        data = payload
        if kind == "L":  # an unparsed JSON Lines line
            parsed = parse_jsonl_line(payload, file, line or 0)
            if isinstance(parsed, InputFailure):
                results.append(_finish(Outcome.from_failure(parsed), render))
                continue
            data = parsed.data
        try:
            scenario = structure_scenario(data, areas, source=Source(file, line))
        except FieldError as exc:
            if kind == "L":  # the line is known: no locator needed
                failure = InputFailure(
                    message=exc.message, file=file, line=line, path=format_path(exc.parts) or None
                )
                results.append(
                    _finish(Outcome.from_failure(failure, scenario_id=peek_id(data)), render)
                )
            else:
                results.append((exc.parts, exc.message))
            continue
        results.append(_finish(engine.evaluate(scenario, timeout=timeout), render))
    return results


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def workers_for(jobs: int) -> int:
    """How many worker processes ``--jobs N`` may start: at most one per CPU (more only
    compete for the same cores), and at least one."""
    return max(1, min(jobs, os.cpu_count() or 1))


def decide_in_processes(
    engine: Engine,
    items: Iterable[Item],
    jobs: int,
    render: Renderer | None = None,
    timeout: float | None = None,
) -> Iterator[tuple[Any, Outcome | Rendered | RenderedChunk]]:
    """Decide ``items`` over up to ``jobs`` processes, in input order.

    Without ``render``, yield ``(item, outcome)`` for each item; with it, yield
    ``(items, chunk)``: a :class:`RenderedChunk` for each chunk of items.

    Workers are started only as the input needs them: never more than one per CPU, never
    more than there are chunks of input, and none at all for input of fewer than
    :data:`MIN_CHUNKS` chunks, which this process decides itself (starting processes would
    cost about as much as it saves, or more).
    """
    chunks = _chunks(items)
    first: list[list[Item]] = []
    wanted = max(workers_for(jobs) + 1, MIN_CHUNKS)
    for chunk in chunks:
        first.append(chunk)
        if len(first) >= wanted:
            break
    if len(first) < max(MIN_CHUNKS, 2) or workers_for(jobs) == 1:  # too little to gain
        _use_engine(engine)
        try:
            for chunk in first:
                yield from _results(
                    chunk, _Done(_decide_chunk(_work(chunk), render, timeout)), render
                )
        finally:
            _use_engine(None)
        return
    workers = min(workers_for(jobs), len(first))
    context = _context()
    if context.get_start_method() == "fork":
        _use_engine(engine)  # inherited by the forked workers
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_ignore_interrupts
        )
    else:  # pragma: no cover - platforms without fork
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_build_engine,
            initargs=(type(engine), engine.recipe),
        )
    window: deque[tuple[list[Item], Future[list[_Result]]]] = deque()
    limit = 2 * workers + 2
    try:
        for chunk in itertools.chain(first, chunks):
            window.append((chunk, executor.submit(_decide_chunk, _work(chunk), render, timeout)))
            while len(window) >= limit:
                yield from _results(*window.popleft(), render)
        while window:
            yield from _results(*window.popleft(), render)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        _use_engine(None)  # the parent keeps no reference to the engine


class _Done:
    """The result of a chunk decided in this process, shaped as a finished future."""

    __slots__ = ("value",)

    def __init__(self, value: list[_Result]) -> None:
        self.value = value

    def result(self) -> list[_Result]:
        return self.value


_Pending = Future[list[_Result]] | _Done


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _work(chunk: list[Item]) -> list[tuple[str, Any, str, int | None]]:
    """What a worker needs of a chunk: unparsed lines and plain data, with their places."""
    work: list[tuple[str, Any, str, int | None]] = []
    for item in chunk:
        if isinstance(item, RawLine):
            work.append(("L", item.data, item.file, item.line))
        elif isinstance(item, RawScenario):
            work.append(("D", item.data, item.file, item.line))
    return work


def _results(
    chunk: list[Item], future: _Pending, render: Renderer | None
) -> Iterator[tuple[Any, Outcome | Rendered | RenderedChunk]]:
    if render is None:
        return _collect(chunk, future, render)
    return iter([(chunk, _collect_chunk(chunk, future, render))])


def _collect_chunk(chunk: list[Item], future: _Pending, render: Renderer) -> RenderedChunk:
    results: list[Any] = future.result()
    if len(results) == len(chunk) and min(map(len, results), default=4) == 4:
        # The common case: every item was a line or scenario the worker rendered.
        if not results:
            return RenderedChunk(chunk, [], [], [], [])
        ids, decisions, faulted, texts = (list(column) for column in zip(*results, strict=True))
        return RenderedChunk(chunk, ids, decisions, faulted, texts)
    out = RenderedChunk(chunk, [], [], [], [])
    for _, result in _collect(chunk, future, render):
        assert isinstance(result, Rendered)
        out.ids.append(result.id)
        out.decisions.append(result.decision.value)
        out.faulted.append(result.faulted)
        out.texts.append(result.text)
    return out


def _collect(
    chunk: list[Item], future: _Pending, render: Renderer | None
) -> Iterator[tuple[Item, Outcome | Rendered]]:
    results = iter(future.result())
    for item in chunk:
        if isinstance(item, InputFailure):
            outcome = Outcome.from_failure(item)
            yield item, outcome if render is None else _rendered(outcome, render)
            continue
        result = next(results)
        if isinstance(result, Outcome):
            yield item, result
            continue
        if len(result) == 4:
            ident, decision, faulted, text = result
            yield item, Rendered(ident, _DECISIONS[decision], faulted, text)
            continue
        assert isinstance(item, RawScenario)
        parts, message = result
        outcome = Outcome.from_failure(item.failure(parts, message), scenario_id=peek_id(item.data))
        yield item, outcome if render is None else _rendered(outcome, render)


def _rendered(outcome: Outcome, render: Renderer) -> Rendered:
    return Rendered(outcome.id, outcome.decision, fault_of(outcome), render(outcome))
