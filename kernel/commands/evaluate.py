"""``ala-policy evaluate``: decide scenarios and print cited outcomes, in any output format."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..errors import AlaPolicyError
from ..models import FINDING_DECISIONS, Decision, Outcome, Summary
from .options import Abort, ExitCode, State, choose_color, format_option, pass_state

if TYPE_CHECKING:
    from .._rendered import RenderedChunk


@click.command("evaluate")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option(
    "Output format: text, json, jsonl, markdown, html, junit, or any a plugin adds "
    "(an unknown name lists them; so does 'ala-policy plugins').",
    complete=True,
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    type=click.Choice([d.value for d in FINDING_DECISIONS]),
    help="Exit 1 if any scenario's decision is this one (repeatable).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 2 if any plugin failed to load or failed while deciding.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: only on a terminal, never with NO_COLOR set).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Decide in this many processes (0: one per CPU). Output order and bytes stay the same.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop a scenario's evaluators after this long: a plugin that has not returned is "
    "named as a fault and its finding is indeterminate.  [default: no limit]",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a running count on standard error (default: on a terminal, for large input).",
)
@pass_state
def evaluate_command(
    state: State,
    paths: tuple[str, ...],
    format_name: str,
    fail_on: tuple[str, ...],
    strict: bool,
    color: bool | None,
    jobs: int,
    timeout: float | None,
    progress: bool | None,
) -> None:
    """Decide every scenario in PATH... and print cited outcomes.

    PATH is a scenario file (.yaml, .yml, .json, .toml: one scenario, a list, or a mapping
    with a 'scenarios:' list), a JSON Lines file (.jsonl, one scenario per line, streamed),
    a directory (every scenario file below it, in sorted path order), or '-' for JSON Lines
    on standard input.

    A scenario that cannot be read is reported where it stands, with its file, line and
    field, and every other scenario is still decided.

    \b
    Exit codes:
      0  every scenario was read and decided, whatever the decisions
      1  --fail-on matched
      2  bad input or usage: a file, scenario or option that cannot be read

    \b
    Examples:
      ala-policy evaluate examples/scenarios
      ala-policy evaluate gift.yaml --format json
      ala-policy evaluate batch.jsonl --format jsonl --fail-on prohibited
      cat batch.jsonl | ala-policy evaluate - --format jsonl
      ala-policy evaluate million.jsonl --format jsonl --jobs 2 > results.jsonl
    """
    engine = state.engine()
    from ..errors import UsageError
    from ..formats import FormatOptions

    try:
        output_format = engine.output_format(format_name)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    stdout = sys.stdout
    writer = output_format.factory(stdout, FormatOptions(color=choose_color(color, stdout)))
    jobs = jobs or os.cpu_count() or 1
    render = output_format.render if jobs > 1 else None
    summary = Summary()
    wanted = {Decision(d) for d in fail_on}
    matched = faulted = False
    from ..pipeline import run

    results: Iterator[Any] = run(
        engine,
        paths,
        stdin=sys.stdin.buffer,
        jobs=jobs,
        render=render,
        chunks=True,
        timeout=timeout,
    )
    if progress if progress is not None else _large_input_on_terminal(paths):
        results = _counting(results)
    write_many = getattr(writer, "write_rendered_many", None) or _one_by_one(writer)
    wanted_values = {d.value for d in wanted}
    from .._rendered import RenderedChunk

    chunk_class: type | None = RenderedChunk if jobs > 1 else None
    try:
        for result in results:
            if result.__class__ is chunk_class:  # from worker processes: a chunk at a time
                chunk = cast("RenderedChunk", result)
                write_many(chunk.texts)
                faulted = faulted or any(chunk.faulted)
                summary.count_values(chunk.decisions)
                matched = matched or not wanted_values.isdisjoint(chunk.decisions)
                continue
            if isinstance(result, Outcome):
                writer.write(result)
                faulted = faulted or any(f.error is not None for f in result.findings)
            else:  # rendered by a worker process
                writer.write_rendered(result.text)  # type: ignore[attr-defined]
                faulted = faulted or result.faulted
            summary.count(result.decision)
            matched = matched or result.decision in wanted
    except AlaPolicyError as exc:  # the run itself cannot go on (not one scenario)
        stdout.flush()
        raise Abort(str(exc)) from None
    writer.close(summary)
    stdout.flush()
    sys.exit(_exit_code(summary, matched, strict and (faulted or bool(engine.load_errors))))


#: Input at least this large (in bytes, or any stream) gets a progress count on a terminal.
PROGRESS_BYTES = 1 << 20


def _large_input_on_terminal(paths: tuple[str, ...]) -> bool:
    if not sys.stderr.isatty():
        return False
    total = 0
    for path in paths:
        if path == "-" or Path(path).is_dir():
            return True
        try:
            total += Path(path).stat().st_size
        except OSError:
            continue
    return total >= PROGRESS_BYTES


def _one_by_one(writer: Any) -> Callable[[list[str]], None]:
    """``write_rendered_many`` for a writer that has only ``write_rendered``."""

    def write_many(texts: list[str]) -> None:
        for text in texts:
            writer.write_rendered(text)

    return write_many


def _counting(outcomes: Iterator[Any]) -> Iterator[Any]:
    """Pass outcomes through, writing a running count to standard error every 0.2 s."""
    import time

    start = last = time.monotonic()
    count = 0
    try:
        for outcome in outcomes:
            texts = getattr(outcome, "texts", None)  # a chunk of rendered outcomes
            count += 1 if texts is None else len(texts)
            now = time.monotonic()
            if now - last >= 0.2:
                last = now
                rate = count / (now - start)
                click.echo(f"\rdecided {count:,} scenarios ({rate:,.0f}/s)", err=True, nl=False)
            yield outcome
    finally:
        if last != start:
            click.echo("\r" + " " * 60 + "\r", err=True, nl=False)


def _exit_code(summary: Summary, matched: bool, strict_failure: bool) -> int:
    if summary.errors or strict_failure:
        return ExitCode.USAGE
    if matched:
        return ExitCode.FAILED
    return ExitCode.OK
