"""``ala-policy evaluate``: decide scenarios and print cited outcomes, in any output format."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import AlaPolicyError
from ..models import FINDING_DECISIONS, Decision, Outcome, Summary
from ._interrupts import Interrupts
from .options import (
    Abort,
    ExitCode,
    State,
    choose_color,
    echo,
    format_option,
    on_terminal,
    pass_state,
    say_why_strict_failed,
    stdin_bytes,
    strict_option,
)


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
@strict_option()
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
@click.option(
    "--log",
    "log_url",
    metavar="URL",
    default=None,
    help="Append every decision, with its input (actor.name and actor.organization "
    "masked), to this decision log: sqlite:///decisions.db (or a file path), or "
    "postgresql://... ('ala-policy log verify' checks it).",
)
@click.option(
    "--mask",
    multiple=True,
    metavar="FIELD",
    help="Mask this field of each logged input too: a dotted path such as gift.giver "
    "(repeatable; needs --log).",
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
    log_url: str | None,
    mask: tuple[str, ...],
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
      ala-policy evaluate requests/ --log sqlite:///decisions.db --mask gift.giver
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
    logger = _open_log(engine, log_url, mask)
    # Logging needs each outcome, so with --log the workers send outcomes, not text.
    render = output_format.render if jobs > 1 and logger is None else None
    from ..pipeline import run

    results: Iterator[Any] = run(
        engine,
        paths,
        stdin=stdin_bytes(),
        jobs=jobs,
        render=render,
        chunks=True,
        timeout=timeout,
        decided=None if logger is None else logger.add,
    )
    if progress if progress is not None else _large_input_on_terminal(paths):
        results = _counting(results)
    tally = _Tally(writer, {Decision(d) for d in fail_on})
    try:
        with Interrupts(paths) as interrupts:
            tally.interrupts = interrupts
            tally.write_all(results)
    except KeyboardInterrupt:
        # Ctrl-C: the workers stop (the generator's cleanup shuts them down), and what was
        # written becomes a complete document, so a JSON reader is never left mid-array.
        _stop(results)
        tally.close()
        total = tally.summary.total
        _close_log(logger, written=total)  # the log holds what the output holds
        noun = "scenario" if total == 1 else "scenarios"
        echo(f"Interrupted: the output holds the {total:,} {noun} decided before.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except AlaPolicyError as exc:  # the run itself cannot go on (not one scenario)
        _stop(results)
        tally.close()
        with contextlib.suppress(Abort):  # the error that stopped the run is the one to say
            _close_log(logger, written=tally.summary.total)
        raise Abort(str(exc)) from None
    tally.close()
    _close_log(logger)
    failed = strict and (bool(tally.faults) or bool(engine.load_errors))
    if failed:
        say_why_strict_failed(engine.load_errors, tally.faults, tally.fault_count)
    sys.exit(_exit_code(tally.summary, tally.matched, failed))


class _Tally:
    """Writes a run's results and keeps what the exit code needs: the summary, whether a
    ``--fail-on`` decision was seen, whether a plugin faulted."""

    def __init__(self, writer: Any, wanted: set[Decision]) -> None:
        self.writer = writer
        self.summary = Summary()
        self.wanted = wanted
        self.wanted_values = {d.value for d in wanted}
        self.matched = False
        #: the plugin faults seen, in words, with the scenario each was in (--strict says them)
        self.faults: list[str] = []
        self.fault_count = 0
        self.interrupts = Interrupts(())

    def write_all(self, results: Iterator[Any]) -> None:
        from .._rendered import RenderedChunk, fault_of
        from ..formats import write_rendered_chunk

        writer, summary, interrupts = self.writer, self.summary, self.interrupts
        _whole = interrupts.whole
        for result in results:
            if isinstance(result, RenderedChunk):  # from worker processes: a chunk at a time
                _whole(write_rendered_chunk, writer, result.texts)
                for ident, fault in zip(result.ids, result.faulted, strict=True):
                    if fault is not None:
                        self.fault(ident, fault)
                summary.count_values(result.decisions)
                self.matched = self.matched or not self.wanted_values.isdisjoint(result.decisions)
            else:
                if isinstance(result, Outcome):
                    _whole(writer.write, result)
                    fault = fault_of(result)
                    if fault is not None:
                        self.fault(result.id, fault)
                else:  # rendered by a worker process
                    _whole(write_rendered_chunk, writer, [result.text])
                    if result.faulted is not None:
                        self.fault(result.id, result.faulted)
                summary.count(result.decision)
                self.matched = self.matched or result.decision in self.wanted
            if interrupts.happened():  # Ctrl-C: stop once what was decided is written
                raise KeyboardInterrupt

    def fault(self, scenario_id: str | None, fault: str) -> None:
        self.fault_count += 1
        if len(self.faults) < 5:
            self.faults.append(f"{fault} (scenario {scenario_id or '(unnamed)'})")

    def close(self) -> None:
        self.interrupts.whole(self.writer.close, self.summary)
        self.interrupts.whole(sys.stdout.flush)


def _stop(results: Iterator[Any]) -> None:
    """Close the run's generator, so that its worker processes are shut down now."""
    close = getattr(results, "close", None)
    if close is not None:
        close()


#: Input at least this large (in bytes, or any stream) gets a progress count on a terminal.
PROGRESS_BYTES = 1 << 20


def _large_input_on_terminal(paths: tuple[str, ...]) -> bool:
    if not on_terminal(sys.stderr):
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


class _Logger:
    """``--log``: each decision of the run with its input, appended to the decision log a
    chunk at a time (one transaction each), in input order. The appends run in a thread of
    their own, so that the database's work (and its wait for the disk) overlaps deciding."""

    #: Decisions per append (or fewer, once the first of them waited a second: a slow stream
    #: is logged as it goes, at each new decision).
    CHUNK = 1024

    def __init__(self, engine: Any, url: str, mask: tuple[str, ...]) -> None:
        import queue

        from ..decisionlog import open_log

        self.engine = engine
        self.mask = mask
        self.log = open_log(url)
        #: results seen (errors too): each pending decision keeps its place among them
        self.seen = 0
        self.pending: list[tuple[int, Outcome, Any, float]] = []
        self.since = 0.0
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._append, name="ala-policy-log", daemon=True)
        self.thread.start()

    def _append(self) -> None:
        if hasattr(signal, "pthread_sigmask"):  # Ctrl-C is the main thread's (Interrupts)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        while True:
            entries = self.queue.get()
            if entries is None:
                return
            if self.failure is None:
                try:
                    self.log.append(entries)
                except BaseException as exc:  # noqa: BLE001 - said by the main thread
                    self.failure = exc

    def add(self, item: Any, outcome: Outcome) -> None:
        """Keep ``outcome`` (decided from ``item``) for the next append. Called as the run
        yields it: every outcome before it has been written out, so what is appended now
        is never more than the output holds, even when Ctrl-C ends the run."""
        import time

        now = time.time()
        if self.pending and (len(self.pending) >= self.CHUNK or now - self.since >= 1.0):
            self.flush()
        self.seen += 1
        if outcome.decision is Decision.ERROR:  # not a decision: an input that was not read
            return
        if not self.pending:
            self.since = now
        self.pending.append((self.seen - 1, outcome, item, now))

    def flush(self, written: int | None = None) -> None:
        """Hand what is pending (only the first ``written`` results of the run, if given)
        to the appending thread; raise what made an earlier append fail."""
        import datetime

        from ..decisionlog import entries_for

        if self.failure is not None:
            raise self.failure
        pending = self.pending
        self.pending = []
        if written is not None:
            pending = [p for p in pending if p[0] < written]
        if not pending:
            return
        utc = datetime.timezone.utc
        entries = entries_for(
            self.engine,
            [p[1] for p in pending],
            [_input_of(p[2]) for p in pending],
            mask=self.mask,
            times=[datetime.datetime.fromtimestamp(p[3], utc) for p in pending],
        )
        self.queue.put(entries)

    def close(self, written: int | None = None) -> None:
        """Append the rest, wait for every append, close the log; raise what failed."""
        try:
            self.flush(written)
        finally:
            self.queue.put(None)
            self.thread.join()
            self.log.close()
        if self.failure is not None:
            raise self.failure


def _input_of(item: Any) -> Any:
    """The scenario a decision was made on, as it was given: the data read from its file,
    or the line of JSON Lines parsed again (a worker decided it)."""
    from ..inputs import RawLine, RawScenario, parse_jsonl_line

    if isinstance(item, RawLine):
        item = parse_jsonl_line(item.data, item.file, item.line)
    return item.data if isinstance(item, RawScenario) else None


def _open_log(engine: Any, url: str | None, mask: tuple[str, ...]) -> _Logger | None:
    """``--log URL`` (and its ``--mask``): the run's logger, or ``None`` without a log."""
    if url is None:
        if mask:
            raise click.UsageError("--mask masks fields of the decision log: give --log too")
        return None
    try:
        return _Logger(engine, url, mask)
    except AlaPolicyError as exc:
        raise Abort(str(exc)) from None


def _close_log(logger: _Logger | None, written: int | None = None) -> None:
    """Write the rest of the run's decisions to the log; a failure is one line, exit 2."""
    if logger is None:
        return
    try:
        logger.close(written)
    except AlaPolicyError as exc:
        raise Abort(str(exc)) from None
