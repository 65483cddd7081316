"""The ``ala-policy`` command: thin click commands over the library."""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from .errors import AlaPolicyError
from .models import FINDING_DECISIONS, Decision, Outcome, Summary

if TYPE_CHECKING:
    from ._rendered import RenderedChunk
    from .engine import Engine


class ExitCode(enum.IntEnum):
    """The exit codes of ``ala-policy`` (section 7 of the scenario contract)."""

    #: every scenario was read and decided (whatever the decisions)
    OK = 0
    #: ``--fail-on`` matched, or a ``test`` expectation failed
    FAILED = 1
    #: bad input or usage: a file, scenario or option that cannot be read
    USAGE = 2


class Abort(click.ClickException):
    """A one-line error message and exit code 2."""

    exit_code = ExitCode.USAGE


class State:
    """What the group's options leave for its commands."""

    __slots__ = ("_engine", "debug", "disabled")

    def __init__(self, disabled: tuple[str, ...] = (), debug: bool = False) -> None:
        self.disabled = disabled
        self.debug = debug
        self._engine: Engine | None = None

    def engine(self, *, warn: bool = True) -> Engine:
        """Build the engine once, turning load failures into a clean message."""
        if self._engine is None:
            from .engine import Engine

            try:
                self._engine = Engine(disable=self.disabled)
            except AlaPolicyError as exc:
                if self.debug:
                    raise
                raise Abort(str(exc)) from exc
            if warn:
                for error in self._engine.load_errors:
                    click.echo(f"warning: {error}", err=True)
        return self._engine


pass_state = click.make_pass_decorator(State, ensure=True)

#: ``-f/--format text|json``, for the commands that list things (``plugins``, ``policies``).
text_or_json = click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


class LazyGroup(click.Group):
    """A group whose commands live in their own modules, imported on first use, so that
    start-up and ``--help`` of one command do not pay for the others (click's documented
    lazy-loading pattern). Each module adds its command to ``main`` when imported."""

    #: command name -> the module (under ``ala_policy.commands``) that defines it
    lazy_commands: dict[str, str] = {  # noqa: RUF012 - a class-level registry
        "ask": "ask",
        "cite": "policies",
        "explain": "explain",
        "policies": "policies",
        "schema": "schema",
        "test": "test",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import importlib

            importlib.import_module(f"ala_policy.commands.{self.lazy_commands[cmd_name]}")
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="ala-policy", prog_name="ala-policy")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="Block a plugin by name (repeatable). Also: ALA_POLICY_DISABLE_PLUGINS=a,b.",
)
@click.option("--debug", is_flag=True, help="Log hook calls and show tracebacks.")
@click.pass_context
def main(ctx: click.Context, disabled: tuple[str, ...], debug: bool) -> None:
    """Decide scenarios against ALA's ethics rules, with cited outcomes.

    ala-policy reads scenario files (YAML, JSON, TOML, JSON Lines) that declare what someone
    did or plans to do, and answers each with a decision (prohibited, indeterminate,
    conditional, permitted, not_applicable), the reason, the verbatim clause of the ALA Code
    of Professional Responsibility or Nonsolicitation Policy it rests on, the duties that
    remain, the facts still missing, and the consequence the policy states.

    \b
    Start with:
      ala-policy evaluate examples/scenarios
      ala-policy evaluate --help
    """
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    ctx.obj = State(disabled=disabled, debug=debug)


def _complete_formats(incomplete: str) -> list[str]:
    """Shell completion for --format: the formats the installed plugins provide."""
    from .engine import Engine

    try:
        names = sorted(Engine().formats)
    except AlaPolicyError:
        return []
    return [name for name in names if name.startswith(incomplete)]


def _choose_color(color: bool | None, stream: Any) -> bool:
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-f",
    "--format",
    "format_name",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="Output format: text, json, jsonl, markdown, html, junit, or any a plugin adds "
    "(an unknown name lists them; so does 'ala-policy plugins').",
    shell_complete=lambda ctx, param, incomplete: _complete_formats(incomplete),
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
    "--progress/--no-progress",
    default=None,
    help="Show a running count on standard error (default: on a terminal, for large input).",
)
@pass_state
def evaluate(
    state: State,
    paths: tuple[str, ...],
    format_name: str,
    fail_on: tuple[str, ...],
    strict: bool,
    color: bool | None,
    jobs: int,
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
    from .errors import UsageError
    from .formats import FormatOptions

    try:
        output_format = engine.output_format(format_name)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    stdout = sys.stdout
    writer = output_format.factory(stdout, FormatOptions(color=_choose_color(color, stdout)))
    jobs = jobs or os.cpu_count() or 1
    render = output_format.render if jobs > 1 else None
    summary = Summary()
    wanted = {Decision(d) for d in fail_on}
    matched = faulted = False
    from .pipeline import run

    results: Iterator[Any] = run(
        engine, paths, stdin=sys.stdin.buffer, jobs=jobs, render=render, chunks=True
    )
    if progress if progress is not None else _large_input_on_terminal(paths):
        results = _counting(results)
    write_many = getattr(writer, "write_rendered_many", None) or _one_by_one(writer)
    wanted_values = {d.value for d in wanted}
    from ._rendered import RenderedChunk

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


__all__ = ["ExitCode", "main"]


@main.command()
@text_or_json
@pass_state
def plugins(state: State, format_name: str) -> None:
    """List every loaded plugin: where it comes from and the hooks it implements.

    Built-in plugins are listed like third-party ones: each can be blocked by name with
    --disable-plugin NAME or ALA_POLICY_DISABLE_PLUGINS. Plugins that failed to load and
    blocked plugins are listed too.

    \b
    Examples:
      ala-policy plugins
      ala-policy --disable-plugin gift plugins --format json
    """
    engine = state.engine(warn=False)
    infos = engine.plugins()
    if format_name == "json":
        payload = {
            "plugins": [
                {
                    "name": info.name,
                    "distribution": info.distribution,
                    "version": info.version,
                    "builtin": info.builtin,
                    "hooks": list(info.hooks),
                }
                for info in infos
            ],
            "disabled": list(engine.disabled),
            "load_errors": [{"plugin": e.plugin, "message": str(e)} for e in engine.load_errors],
            "areas": sorted(engine.areas),
            "formats": sorted(engine.formats),
        }
        click.echo(json.dumps(payload, indent=2))
        return
    name_width = max([len(i.name) for i in infos] + [6])
    dist_width = max([len(i.distribution or "-") for i in infos] + [12])
    click.echo(f"{'PLUGIN':<{name_width}}  {'DISTRIBUTION':<{dist_width}}  {'VERSION':<8}  HOOKS")
    for info in infos:
        hooks = ", ".join(h.removeprefix("ala_policy_") for h in info.hooks)
        click.echo(
            f"{info.name:<{name_width}}  {info.distribution or '-':<{dist_width}}  "
            f"{info.version or '-':<8}  {hooks}"
        )
    if engine.disabled:
        click.echo(f"\nblocked: {', '.join(engine.disabled)}")
    if engine.load_errors:
        click.echo("\nfailed to load:")
        for error in engine.load_errors:
            click.echo(f"  {error.plugin}: {type(error.cause).__name__}: {error.cause}")
    click.echo(
        f"\nareas: {', '.join(sorted(engine.areas))}\nformats: {', '.join(sorted(engine.formats))}"
    )


def run() -> None:
    """The ``ala-policy`` program (console script and ``python -m ala_policy``): :func:`main`,
    then a fast exit.

    When a Python process exits, its last garbage collections walk every object the imports
    created (the dependencies' and ours), which costs a one-file run about a tenth of its
    time. The command's work is done and its output flushed by then, so before the
    interpreter shuts down, the objects are moved out of the collector's reach with
    :func:`gc.freeze`: memory goes back to the system with the process, ``atexit`` handlers
    still run, and standard streams are still flushed. Only the program does this: embedding
    code that calls :func:`main` (or the engine) in its own process is not affected.
    """
    try:
        main(prog_name="ala-policy")
    finally:
        import gc

        gc.freeze()
