"""Batches over several processes, in input order and bounded memory.

The main process reads scenarios (streaming, as :func:`~ala_policy.inputs.read_inputs`
does) and sends them in chunks to worker processes, keeping only a few chunks in flight;
results come back and are yielded strictly in input order, so the output of ``--jobs N`` is
byte-identical to that of ``--jobs 1``. Workers get the engine by ``fork`` where the
platform has it (they inherit the parent's plugins), and otherwise rebuild it from the
recipe the engine was built with.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from ._parsing import FieldError, PathPart, peek_id, structure_scenario
from .inputs import RawScenario
from .models import InputFailure, Outcome, Source

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["CHUNK", "decide_in_processes"]

#: Scenarios per chunk sent to a worker.
CHUNK = 512

_engine: Engine | None = None

_Item = tuple[Any, str, "int | None"]
_Failed = tuple[list[PathPart], str]


def _use_engine(engine: Engine | None) -> None:
    global _engine  # noqa: PLW0603 - the worker process's one engine
    _engine = engine


def _build_engine(recipe: tuple[list[object] | None, tuple[str, ...]]) -> None:
    from .engine import Engine

    plugins, disabled = recipe
    _use_engine(Engine(plugins=plugins, disable=disabled))


def _decide_chunk(chunk: list[_Item]) -> list[Outcome | _Failed]:
    engine = _engine
    assert engine is not None, "worker started without an engine"
    results: list[Outcome | _Failed] = []
    areas = engine.areas
    for data, file, line in chunk:
        try:
            scenario = structure_scenario(data, areas, source=Source(file, line))
        except FieldError as exc:
            results.append((exc.parts, exc.message))
            continue
        results.append(engine.evaluate(scenario))
    return results


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def decide_in_processes(
    engine: Engine, items: Iterable[RawScenario | InputFailure], jobs: int
) -> Iterator[tuple[RawScenario | InputFailure, Outcome]]:
    """Decide ``items`` over ``jobs`` processes; yield ``(item, outcome)`` in input order.

    Outcomes of unreadable items are made here; the rest are decided by the workers.
    """
    context = _context()
    if context.get_start_method() == "fork":
        _use_engine(engine)  # inherited by the forked workers
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    else:  # pragma: no cover - platforms without fork
        executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_build_engine,
            initargs=(engine.recipe,),
        )
    window: deque[tuple[list[RawScenario | InputFailure], Future[list[Outcome | _Failed]]]]
    window = deque()
    limit = 2 * jobs + 1
    try:
        chunk: list[RawScenario | InputFailure] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                window.append((chunk, _submit(executor, chunk)))
                chunk = []
                while len(window) >= limit:
                    yield from _collect(*window.popleft())
        if chunk:
            window.append((chunk, _submit(executor, chunk)))
        while window:
            yield from _collect(*window.popleft())
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        _use_engine(None)  # the parent keeps no reference to the engine


def _submit(
    executor: ProcessPoolExecutor, chunk: list[RawScenario | InputFailure]
) -> Future[list[Outcome | _Failed]]:
    work = [(i.data, i.file, i.line) for i in chunk if isinstance(i, RawScenario)]
    return executor.submit(_decide_chunk, work)


def _collect(
    chunk: list[RawScenario | InputFailure], future: Future[list[Outcome | _Failed]]
) -> Iterator[tuple[RawScenario | InputFailure, Outcome]]:
    results = iter(future.result())
    for item in chunk:
        if isinstance(item, InputFailure):
            yield item, Outcome.from_failure(item)
            continue
        result = next(results)
        if isinstance(result, Outcome):
            yield item, result
        else:
            parts, message = result
            failure = InputFailure(
                message=message,
                file=item.file,
                line=item.line_of(parts),
                path=item.path(parts) or None,
            )
            yield item, Outcome.from_failure(failure, scenario_id=peek_id(item.data))
