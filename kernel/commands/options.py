"""What the commands share: exit codes, the one-line error, the state the group's options
leave, and the options several commands take.

Every command module imports from here, and so does :mod:`ala_policy.cli` (which re-exports
``ExitCode``, ``Abort``, ``State``, ``pass_state`` and ``text_or_json``), so no command
imports the group back.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import AlaPolicyError

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = [
    "Abort",
    "ExitCode",
    "State",
    "choose_color",
    "complete_formats",
    "format_option",
    "pass_state",
    "styles_refused",
    "text_or_json",
]

_F = TypeVar("_F", bound=Callable[..., Any])


class ExitCode(enum.IntEnum):
    """The exit codes of ``ala-policy`` (docs/scenarios.md, "Exit codes")."""

    #: every scenario was read and decided (whatever the decisions)
    OK = 0
    #: ``--fail-on`` matched, or a ``test`` expectation failed
    FAILED = 1
    #: bad input or usage: a file, scenario or option that cannot be read; output that
    #: cannot be written
    USAGE = 2
    #: interrupted (Ctrl-C), the shell's 128 + SIGINT
    INTERRUPTED = 130


class Abort(click.ClickException):
    """A one-line error message and exit code 2."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        from ..formats import printable

        super().__init__(printable(message))


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
            from ..engine import Engine

            try:
                self._engine = Engine(disable=self.disabled)
            except AlaPolicyError as exc:
                if self.debug:
                    raise
                raise Abort(str(exc)) from exc
            self._check_disabled(self._engine)
            if warn and not self.debug:  # with --debug the log said it, with its traceback
                for error in self._engine.load_errors:
                    echo(f"warning: {error}", err=True)
        return self._engine

    def _check_disabled(self, engine: Engine) -> None:
        """A name given to ``--disable-plugin`` that no plugin has is a usage error (the
        plugin meant would still decide); one in ``ALA_POLICY_DISABLE_PLUGINS``, which may
        be set for other installs too, is a warning."""
        unknown = engine.loader.unknown_disabled()
        if not unknown:
            return
        import difflib  # only to suggest a name: not on every run's path

        from ..loading import DISABLE_ENV

        known = sorted(engine.loader.known)
        for name in unknown:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            where = "--disable-plugin" if name in self.disabled else DISABLE_ENV
            message = (
                f"{where} names {name!r}, which no plugin has{hint} "
                f"(the plugins: {', '.join(known)})"
            )
            if where == DISABLE_ENV:
                echo(f"warning: {message}", err=True)
            else:
                raise Abort(message)


pass_state = click.make_pass_decorator(State, ensure=True)

#: ``-f/--format text|json``, for the commands that list or explain things (``plugins``,
#: ``policies``, ``cite``, ``explain``).
text_or_json = click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


def format_option(help_text: str, *, complete: bool = False) -> Callable[[_F], _F]:
    """``-f/--format FORMAT``: the name of an output format (``evaluate``, ``test``).

    The name is checked by the command against the formats the plugins provide, not here.
    With ``complete``, the shell completes it from those formats.
    """
    return click.option(
        "-f",
        "--format",
        "format_name",
        default="text",
        show_default=True,
        metavar="FORMAT",
        help=help_text,
        shell_complete=(
            (lambda ctx, param, incomplete: complete_formats(incomplete)) if complete else None
        ),
    )


def strict_option() -> Callable[[_F], _F]:
    """``--strict`` (``evaluate``, ``test``): exit 2 when a plugin failed to load or failed
    while deciding, saying which and how."""
    return click.option(
        "--strict",
        is_flag=True,
        help="Exit 2 if any plugin failed to load or failed while deciding.",
    )


def say_why_strict_failed(load_errors: list[Any], faults: list[str], count: int) -> None:
    """--strict exits 2: say which plugins failed, and how (``faults``: the first few, of
    ``count`` in all)."""
    for error in load_errors:
        echo(f"Error: --strict: {error}", err=True)
    for fault in faults:
        echo(f"Error: --strict: {fault}", err=True)
    if count > len(faults):
        more = count - len(faults)
        echo(f"Error: --strict: and {more} more plugin fault{'s' if more > 1 else ''}", err=True)


def complete_formats(incomplete: str) -> list[str]:
    """Shell completion for --format: the formats the installed plugins provide."""
    from ..engine import Engine

    try:
        names = sorted(Engine().formats)
    except AlaPolicyError:
        return []
    return [name for name in names if name.startswith(incomplete)]


def styles_refused() -> bool:
    """Whether the environment refuses colour and bold: ``NO_COLOR`` set (no-color.org), or
    a terminal that says it shows no escape codes (``TERM=dumb``: Emacs' shell, some CI
    logs). click leaves styles out only where output is not a terminal."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def choose_color(color: bool | None, stream: Any) -> bool:
    """Whether to colour output to ``stream``: as ``--color/--no-color`` says, else never
    with ``NO_COLOR`` set or ``TERM=dumb`` (:func:`styles_refused`), else only on a
    terminal."""
    if color is not None:
        return color
    if styles_refused():
        return False
    return on_terminal(stream)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text that may hold what a scenario file or a plugin wrote (ids,
    titles, file names, reasons): control characters and lone surrogates are shown as
    escapes, so they can neither repaint the terminal nor fail to encode."""
    from ..formats import printable

    click.echo(printable(text, lines=True), err=err, nl=nl)


def stdin_bytes() -> Any:
    """Standard input's bytes, or ``None`` where it is closed (reading '-' then says so)."""
    import sys

    return sys.stdin.buffer if sys.stdin is not None else None


def on_terminal(stream: Any) -> bool:
    """Whether ``stream`` (standard output or error, which may be closed) is a terminal."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False
