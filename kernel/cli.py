"""The ``ala-policy`` command: the group, its global options, and where each command lives.

Each command is a plain click command in its own module under :mod:`ala_policy.commands`,
imported only when it is run, shown in help or completed (click's documented lazy-loading
pattern), so that start-up and one command's ``--help`` do not pay for the others. What the
commands share (``ExitCode``, ``Abort``, ``State`` ...) is in
:mod:`ala_policy.commands.options`, and re-exported here for code that imports it from
``ala_policy.cli``.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Mapping
from typing import Any

import click

from .commands.options import Abort, ExitCode, State, pass_state, styles_refused, text_or_json

__all__ = ["Abort", "ExitCode", "State", "main", "pass_state", "run", "text_or_json"]

#: command name -> ``"module:attribute"`` of the click command that runs it
COMMANDS: dict[str, str] = {
    "ask": "ala_policy.commands.ask:ask_command",
    "cite": "ala_policy.commands.cite:cite_command",
    "evaluate": "ala_policy.commands.evaluate:evaluate_command",
    "explain": "ala_policy.commands.explain:explain_command",
    "log": "ala_policy.commands.log:log_command",
    "plugins": "ala_policy.commands.plugins:plugins_command",
    "policies": "ala_policy.commands.policies:policies_command",
    "schema": "ala_policy.commands.schema:schema_command",
    "serve": "ala_policy.commands.serve:serve_command",
    "test": "ala_policy.commands.test:test_command",
    "verify": "ala_policy.commands.verify:verify_command",
}


class ClosedPipe(Exception):  # noqa: N818 - what happened, not an error of the user's
    """Standard output's reader closed the pipe."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, from ``lazy_subcommands``
    (command name -> ``"module:attribute"``). Commands added the usual way
    (:meth:`add_command`) come first and are listed with the others."""

    def __init__(
        self, *args: Any, lazy_subcommands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = dict(lazy_subcommands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_subcommands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_subcommands:
            return _with_global_options(self._lazy_load(cmd_name))
        command = super().get_command(ctx, cmd_name)
        return _with_global_options(command) if command is not None else None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            # click turns a closed pipe into exit 1, as if --fail-on had matched; the
            # program ends quietly with 0 instead (see run()).
            raise ClosedPipe from exc

    def _lazy_load(self, cmd_name: str) -> click.Command:
        module_name, _, attribute = self.lazy_subcommands[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy_subcommands[cmd_name]} is not a click command")
        return command


_DISABLE_HELP = "Block a plugin by name (repeatable). Also: ALA_POLICY_DISABLE_PLUGINS=a,b."
_DEBUG_HELP = "Log every hook call (evaluators included) and show tracebacks."


def _start_debugging() -> None:
    import logging

    logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


def _disable_later(ctx: click.Context, _param: click.Parameter, names: tuple[str, ...]) -> None:
    if names:
        state = ctx.ensure_object(State)
        state.disabled = (*state.disabled, *names)


def _debug_later(ctx: click.Context, _param: click.Parameter, debug: bool) -> None:
    if debug:
        state = ctx.ensure_object(State)
        if not state.debug:
            state.debug = True
            _start_debugging()


def _with_global_options(command: click.Command) -> click.Command:
    """The group's options, accepted after the command's name too (``ala-policy evaluate
    --debug x.yaml``), as people type them: each command gets them once."""
    have = {opt for param in command.params for opt in getattr(param, "opts", ())}
    if "--disable-plugin" not in have:
        command.params.append(
            click.Option(
                ["--disable-plugin"],
                multiple=True,
                metavar="NAME",
                expose_value=False,
                is_eager=True,
                callback=_disable_later,
                help=_DISABLE_HELP,
            )
        )
    if "--debug" not in have:
        command.params.append(
            click.Option(
                ["--debug"],
                is_flag=True,
                expose_value=False,
                is_eager=True,
                callback=_debug_later,
                help=_DEBUG_HELP,
            )
        )
    return command


@click.group(
    cls=LazyGroup,
    lazy_subcommands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="ala-policy", prog_name="ala-policy")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help=_DISABLE_HELP,
)
@click.option("--debug", is_flag=True, help=_DEBUG_HELP)
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
        _start_debugging()
    if styles_refused():  # every command's click.echo and prompts drop bold and colour
        ctx.color = False
    ctx.obj = State(disabled=disabled, debug=debug)


def run() -> None:
    """The ``ala-policy`` program (console script and ``python -m ala_policy``): :func:`main`,
    with the faults of the process turned into exit codes, then a fast exit.

    What the process meets, whatever the command (docs/scenarios.md, "Exit codes"):

    * an interrupt (Ctrl-C, end of input at a prompt): one line on standard error, exit 130
      (128 + SIGINT, the shells' convention); a JSON document being written is completed;
    * standard output closed by its reader (``| head``): the run ends quietly, exit 0 (the
      reader has what it wanted);
    * standard output that cannot be written (``> /dev/full``, a closed descriptor): one
      line on standard error, exit 2;
    * standard error closed too: nothing can be said, the exit code still tells.

    When a Python process exits, its last garbage collections walk every object the imports
    created (the dependencies' and ours), which costs a one-file run about a tenth of its
    time. The command's work is done and its output flushed by then, so before the
    interpreter shuts down, the objects are moved out of the collector's reach with
    :func:`gc.freeze`: memory goes back to the system with the process, ``atexit`` handlers
    still run, and standard streams are still flushed. Only the program does this: embedding
    code that calls :func:`main` (or the engine) in its own process is not affected.
    """
    import sys

    code = _run_main()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _say(f"Error: cannot write the output: {exc.strerror or exc}")
        code = code or ExitCode.USAGE
    import gc

    gc.freeze()
    sys.exit(code)


def _run_main() -> int:
    import sys

    if sys.stdout is None:
        _say("Error: standard output is closed: there is nowhere to write the results")
        return ExitCode.USAGE
    try:
        main.main(prog_name="ala-policy", standalone_mode=False)
    except SystemExit as exc:  # a command's own exit code
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _say("Interrupted.")
        return ExitCode.INTERRUPTED
    except click.ClickException as exc:
        with contextlib.suppress(OSError):  # standard error cannot be written either
            exc.show()
        return int(exc.exit_code)
    except (BrokenPipeError, ClosedPipe):
        _silence_stdout()
        return ExitCode.OK
    except OSError as exc:
        if not _is_output_error(exc):
            raise
        _say(f"Error: cannot write the output: {exc.strerror or exc}")
        return ExitCode.USAGE
    return ExitCode.OK


def _is_output_error(exc: OSError) -> bool:
    import errno

    return exc.errno in (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE, errno.EDQUOT)


def _silence_stdout() -> None:
    """After the reader closed the pipe: point standard output at /dev/null, so that the
    interpreter's final flush does not complain on standard error."""
    import os
    import sys

    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _say(line: str) -> None:
    """One line on standard error, if there is one to write to."""
    import sys

    with contextlib.suppress(OSError):
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
