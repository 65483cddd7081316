"""``ala-policy evaluate``: decide scenarios and print cited outcomes, in any output format."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import AlaPolicyError
from ..models import FINDING_DECISIONS, Decision, Outcome, Summary
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
    from ..pipeline import run

    results: Iterator[Any] = run(
        engine,
        paths,
        stdin=stdin_bytes(),
        jobs=jobs,
        render=render,
        chunks=True,
        timeout=timeout,
    )
    if progress if progress is not None else _large_input_on_terminal(paths):
        results = _counting(results)
    tally = _Tally(writer, {Decision(d) for d in fail_on})
    try:
        with _Interrupts(paths) as interrupts:
            tally.interrupts = interrupts
            tally.write_all(results)
    except KeyboardInterrupt:
        # Ctrl-C: the workers stop (the generator's cleanup shuts them down), and what was
        # written becomes a complete document, so a JSON reader is never left mid-array.
        _stop(results)
        tally.close()
        total = tally.summary.total
        noun = "scenario" if total == 1 else "scenarios"
        echo(f"Interrupted: the output holds the {total:,} {noun} decided before.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except AlaPolicyError as exc:  # the run itself cannot go on (not one scenario)
        _stop(results)
        tally.close()
        raise Abort(str(exc)) from None
    tally.close()
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
        self.interrupts = _Interrupts(())

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


class _Interrupts:
    """Ctrl-C takes effect between two results, never in the middle of writing one, so the
    output stays whole (a JSON document is completed, not cut). A signal that arrives while
    buffered standard output waits on a full pipe makes it drop the rest of that write, even
    when the handler does not raise; so SIGINT is kept from arriving during writes:

    * reading files: SIGINT is blocked in the main thread for the whole run, and a watcher
      thread takes it with ``sigwait``: the first notes it (the run stops after the result
      being decided, looked for between results at the cost of reading an attribute); a
      second, while a slow plugin is still deciding, raises :class:`KeyboardInterrupt` in
      the main thread at once, through ``SIGUSR1`` (which also breaks a sleep or a wait);
    * reading standard input, where an interrupt must reach a read that waits on the
      terminal: a handler notes it, and SIGINT is blocked only around each write.

    A second interrupt, while reading or deciding, stops at once."""

    def __init__(self, paths: tuple[str, ...]) -> None:
        usable = (
            threading.current_thread() is threading.main_thread()
            and hasattr(signal, "pthread_sigmask")
            and hasattr(signal, "sigwait")
            and hasattr(signal, "pthread_kill")
            and hasattr(signal, "SIGUSR1")
        )
        self.mode = "none" if not usable else ("per-write" if "-" in paths else "blocked")
        self.hits = 0
        self.previous: Any = None
        self.previous_usr1: Any = None
        self.watcher: threading.Thread | None = None
        self.stopping = False

    def __enter__(self) -> _Interrupts:
        if self.mode == "blocked":
            self.previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT)
            self.previous_usr1 = signal.signal(signal.SIGUSR1, self._stop_now)
            main = threading.get_ident()
            # started with SIGINT blocked (threads inherit the mask), as sigwait needs
            self.watcher = threading.Thread(
                target=self._watch, args=(main,), name="ala-policy-interrupts", daemon=True
            )
            self.watcher.start()
        elif self.mode == "per-write":
            self.previous = signal.signal(signal.SIGINT, self._note)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.mode == "blocked":
            self.stopping = True
            try:
                if self.watcher is not None and self.watcher.ident is not None:
                    signal.pthread_kill(self.watcher.ident, signal.SIGINT)  # wakes its sigwait
                    self.watcher.join()
            finally:  # a second Ctrl-C may land here too: put everything back regardless
                try:
                    self._take_pending()  # a late Ctrl-C, already answered by stopping
                finally:
                    signal.signal(signal.SIGUSR1, self.previous_usr1)
                    signal.pthread_sigmask(signal.SIG_SETMASK, self.previous)
        elif self.mode == "per-write":
            signal.signal(signal.SIGINT, self.previous)

    def _watch(self, main: int) -> None:
        while True:
            signal.sigwait(_SIGINT)
            if self.stopping:
                return
            self.hits += 1
            if self.hits > 1:
                signal.pthread_kill(main, signal.SIGUSR1)

    def _stop_now(self, _signum: int, _frame: object) -> None:
        if self.hits > 1:  # sent by the watcher; any other SIGUSR1 during the run is ignored
            raise KeyboardInterrupt

    def _note(self, _signum: int, _frame: object) -> None:
        self.hits += 1
        if self.hits > 1:
            raise KeyboardInterrupt

    def _take_pending(self) -> bool:
        if signal.SIGINT in signal.sigpending():
            signal.sigwait(_SIGINT)
            self.hits += 1
            return True
        return False

    def happened(self) -> bool:
        """Whether Ctrl-C was pressed."""
        return self.hits > 0

    def whole(self, write: Callable[..., Any], *args: Any) -> None:
        """One write that an interrupt cannot cut in half."""
        if self.mode != "per-write":
            write(*args)
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT)
        try:
            write(*args)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_SIGINT = {signal.SIGINT}


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
