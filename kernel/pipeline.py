"""The run pipeline: read sources, validate, decide, check ids, render, in input order.

Every front end (the CLI's commands, and any program that decides files) runs scenarios
through here; the pipeline calls the :class:`~ala_policy.Engine`, which only decides, and
nothing here is called back by it. One run:

1. reads its sources lazily (:func:`ala_policy.inputs.read_inputs`): files, folders, JSON
   Lines streams; what cannot be read becomes an error result where it stands;
2. validates each scenario with the engine; a scenario that is not valid becomes an error
   result with its file, line and field path, and the run goes on;
3. decides it (``engine.evaluate``), in this process or, with ``jobs`` > 1, in worker
   processes that also render when the output format can (:mod:`ala_policy.batch`);
4. checks that every id is new in the run (:class:`ala_policy._idset.IdSet`, flat in memory);
5. yields results strictly in input order, so ``--jobs N`` output is byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, cast

from ._idset import IdSet
from ._parsing import FieldError, peek_id, structure_scenario
from ._rendered import Rendered, RenderedChunk
from .inputs import RawLine, RawScenario, read_inputs
from .models import Decision, InputFailure, Outcome, Source

if TYPE_CHECKING:
    from .engine import Engine

__all__ = [
    "Rendered",
    "RenderedChunk",
    "Result",
    "decide_raw",
    "decide_read",
    "evaluate_paths",
    "run",
]

#: What a run yields: an outcome; with ``jobs`` > 1 and a renderer, one rendered outcome;
#: with ``chunks`` too, consecutive rendered outcomes.
Result = Outcome | Rendered | RenderedChunk
Renderer = Callable[[Outcome], str]
#: Told each outcome of a run with the item it was decided from (see :func:`run`).
Decided = Callable[[RawScenario | RawLine | InputFailure, Outcome], None]


def decide_raw(engine: Engine, raw: RawScenario, *, timeout: float | None = None) -> Outcome:
    """Validate and decide one scenario as read from a file; a scenario that is not valid
    becomes an error outcome with its file, line and field path. ``timeout``: see
    :meth:`~ala_policy.Engine.evaluate`."""
    source = Source(raw.file, raw.line)
    try:
        scenario = structure_scenario(raw.data, engine.areas, source=source)
    except FieldError as exc:
        return Outcome.from_failure(
            raw.failure(exc.parts, exc.message), scenario_id=peek_id(raw.data)
        )
    return engine.evaluate(scenario, timeout=timeout)


def evaluate_paths(
    engine: Engine, paths: Iterable[str], *, stdin: IO[bytes] | None = None, jobs: int = 1
) -> Iterator[Outcome]:
    """Read and decide every scenario under ``paths``, lazily and in input order.

    Unreadable files and invalid scenarios yield outcomes with decision ``error``; a
    scenario whose id was already seen in this run is an error too. With ``jobs`` > 1 the
    scenarios are decided by that many processes; the output is the same.
    """
    for result in run(engine, paths, stdin=stdin, jobs=jobs):
        assert isinstance(result, Outcome)
        yield result


def run(
    engine: Engine,
    paths: Iterable[str],
    *,
    stdin: IO[bytes] | None = None,
    jobs: int = 1,
    render: Renderer | None = None,
    chunks: bool = False,
    timeout: float | None = None,
    decided: Decided | None = None,
) -> Iterator[Result]:
    """:func:`evaluate_paths`, where with ``jobs`` > 1 and a ``render`` function (an output
    format's) the workers also render: results then come as :class:`Rendered` text (a
    duplicate-id error, which this process finds, too), or, with ``chunks``, as
    :class:`RenderedChunk` runs of consecutive rendered outcomes.

    ``decided`` is called with each outcome, in order, just before it is yielded, and the
    item it was decided from: a :class:`~ala_policy.inputs.RawScenario` (its ``data`` as
    read), an unparsed :class:`~ala_policy.inputs.RawLine` (with ``jobs`` > 1), or the
    :class:`~ala_policy.models.InputFailure` of what could not be read (``evaluate --log``
    logs each decision with its input this way). It needs outcomes: not with ``jobs`` > 1
    and ``render``."""
    if decided is not None and jobs > 1 and render is not None:
        raise ValueError("run(decided=...) needs outcomes: give no render function")
    pairs: Iterable[tuple[Any, Result]]
    if jobs > 1:
        from .batch import decide_in_processes  # processes cost imports only when used

        pairs = decide_in_processes(
            engine, read_inputs(paths, stdin, parse_lines=False), jobs, render, timeout
        )
    else:
        pairs = _decide_items(engine, read_inputs(paths, stdin), timeout)
    seen = IdSet()
    try:
        for item, result in pairs:
            if isinstance(result, RenderedChunk):
                chunk = result
                _check_chunk_ids(chunk, seen, cast("Renderer", render))
                if chunks:
                    yield chunk
                else:
                    yield from chunk.rendered()
                continue
            one = result
            scenario_id = one.id
            if not (
                scenario_id is None
                or one.decision is Decision.ERROR
                or isinstance(item, InputFailure)
                or seen.add(scenario_id)
            ):
                one = _duplicate(item, scenario_id)
            if decided is not None:
                decided(item, cast("Outcome", one))
            yield one
    finally:
        if seen.spill_error is not None:
            from ._log import log

            log().warning(
                "ids of this run kept in memory: no temporary database (%s)", seen.spill_error
            )
        seen.close()


def decide_read(
    engine: Engine,
    items: Iterable[RawScenario | InputFailure],
    *,
    timeout: float | None = None,
) -> Iterator[tuple[RawScenario | InputFailure, Outcome]]:
    """Decide scenarios already read (:func:`ala_policy.inputs.read_document`: a server's
    request body, say) in this process, in order, as one run: each with what it was read
    from, a repeated id an error as in :func:`run`."""
    seen: set[str] = set()
    for item, outcome in _decide_items(engine, items, timeout):
        scenario_id = outcome.id
        if (
            scenario_id is None
            or outcome.decision is Decision.ERROR
            or isinstance(item, InputFailure)
            or scenario_id not in seen
        ):
            if scenario_id is not None and outcome.decision is not Decision.ERROR:
                seen.add(scenario_id)
            yield item, outcome
            continue
        yield item, _duplicate(item, scenario_id)


def _check_chunk_ids(chunk: RenderedChunk, seen: IdSet, render: Renderer) -> None:
    """The duplicate-id check of a rendered chunk: a duplicate's text becomes its error."""
    add = seen.add
    decisions = chunk.decisions
    for index, scenario_id in enumerate(chunk.ids):
        if scenario_id is None or decisions[index] == "error" or add(scenario_id):
            continue
        item = chunk.items[index]
        assert not isinstance(item, InputFailure), "an unreadable item has no id to repeat"
        outcome = _duplicate(item, scenario_id)
        decisions[index] = outcome.decision.value
        chunk.faulted[index] = None
        chunk.texts[index] = render(outcome)


def _decide_items(
    engine: Engine, items: Iterable[RawScenario | InputFailure], timeout: float | None
) -> Iterator[tuple[RawScenario | InputFailure, Outcome]]:
    for item in items:
        if isinstance(item, InputFailure):
            yield item, Outcome.from_failure(item)
        else:
            yield item, decide_raw(engine, item, timeout=timeout)


def _duplicate(item: RawScenario | RawLine, scenario_id: str) -> Outcome:
    """The error outcome of a scenario whose id was already seen in this run."""
    line: int | None
    if isinstance(item, RawLine):
        line, path = item.line, "id"
    else:
        line, path = item.line_of(["id"]), item.path(["id"])
    return Outcome.from_failure(
        InputFailure(
            message=f"duplicate id {scenario_id!r}: ids are unique within one run",
            file=item.file,
            line=line,
            path=path,
        ),
        scenario_id=scenario_id,
    )
