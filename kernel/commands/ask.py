"""``ala-policy ask``: an interview that builds a scenario, decides it, and writes it to a file.

The questions, reading the answers and building the scenario are the library's
(:mod:`ala_policy.interview`); this module asks them at the terminal, and decides and writes.
"""

from __future__ import annotations

import contextlib
import datetime
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ScenarioError
from ..formats import FormatOptions
from ..interview import (
    MEMBER,
    OMIT,
    ROLE,
    ROLE_HELP,
    Question,
    asks_membership,
    columns,
    default_id,
    field_check,
    id_problem,
    in_menu_order,
    parse_date,
    questions,
    rejected_fact,
    role_of,
    scenario_data,
    scenario_file,
    show,
    with_answer,
)
from ..models import Outcome, Scenario, Source, Summary
from ._text import WIDTH
from .options import Abort, ExitCode, State, choose_color, pass_state

if TYPE_CHECKING:
    from ..areas import Area
    from ..engine import Engine

__all__ = ["OMIT", "Question", "ask_command", "questions"]


class _Help:
    """What a prompt's answer parser returns for ``?``."""


_HELP = _Help()


def _prompt(text: str, parse: Callable[[str], Any], help_text: Callable[[], str]) -> Any:
    """Prompt until ``parse`` accepts the answer; ``?`` shows ``help_text()`` and asks again."""

    def read(raw: str) -> Any:
        if raw.strip() == "?":
            return _HELP
        try:
            return parse(raw)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    while True:
        try:
            answer = click.prompt(text, default="", show_default=False, value_proc=read)
        except click.Abort:
            click.echo(err=True)  # end the line of the prompt left by Ctrl-C or end of input
            raise
        if answer is _HELP:
            click.echo(textwrap.indent(help_text(), "  "))
            continue
        return answer


def _prompt_text(label: str, hint: str) -> str:
    return f"  {click.style(label, bold=True)} " + click.style(f"[{hint}]", dim=True)


def _ask_question(
    question: Question,
    counter: str = "",
    *,
    check: Callable[[Any], str | None] | None = None,
    help_text: Callable[[], str] | None = None,
) -> Any:
    """Show the question, then prompt until the answer is allowed (and passes ``check``)."""
    prefix = f"{counter} {question.name}".strip()
    doc = question.shown_doc()
    lines = textwrap.wrap(f"{prefix}: {doc}" if doc else prefix, WIDTH, subsequent_indent="    ")
    styled = click.style(question.name, bold=True)
    if counter:
        styled = click.style(counter, dim=True) + " " + styled
    lines[0] = styled + lines[0][len(prefix) :]
    click.echo()
    click.echo("\n".join(lines))
    hints = []
    if question.kind == "choice" and question.long_choices():
        click.echo("\n".join(columns([show(c) for c in question.choices], numbered=True)))
        hints.append(f"1-{len(question.choices)} or a name")
    else:
        hints.append(question.allowed().replace(", ", "/"))
    enter = question.enter_means()
    if enter is not None:
        hints.append(f"Enter = {enter}")

    def parse(raw: str) -> Any:
        value = question.parse(raw)
        problem = check(value) if check is not None else None
        if problem is not None:
            raise ValueError(problem)
        return value

    return _prompt(
        _prompt_text(question.name, ", ".join(hints)), parse, help_text or question.describe
    )


def _choose(
    label: str, names: Sequence[str], help_text: Callable[[], str], default: str | None = None
) -> str:
    def parse(raw: str) -> str:
        answer = raw.strip()
        if not answer and default is not None:
            return default
        for name in names:
            if name.lower() == answer.lower():
                return name
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return names[int(answer) - 1]
        raise ValueError(
            f"{answer!r} is not one of {', '.join(names)} (or 1-{len(names)}; ? for help)"
            if answer
            else "an answer is needed (type ? for help)"
        )

    hint = f"1-{len(names)} or a name" + (f", Enter = {default}" if default else "")
    chosen: str = _prompt(_prompt_text(label, hint), parse, help_text)
    return chosen


def _check_id(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    problem = id_problem(value) if value is not None else None
    if problem is not None:
        raise click.BadParameter(problem)
    return value


@click.command("ask")
@click.argument("area_name", metavar="[AREA]", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the scenario here (default: ID.yaml in the current directory).",
)
@click.option(
    "--id",
    "scenario_id",
    metavar="ID",
    callback=_check_id,
    help="The scenario's id, and the file's name unless --output says (default: the "
    "--output file's name where it is a valid id, else the area and the date, e.g. "
    "gift-2026-03-01, with -2, -3... added where that file exists).",
)
@pass_state
def ask_command(
    state: State, area_name: str | None, output: str | None, scenario_id: str | None
) -> None:
    """Build a scenario by answering questions: decide it and write it to a file.

    Asks for the area (unless AREA is given), the actor's role, a title and the date, then
    each fact of the area in turn, with the answers it allows. Type ? at any question for
    help; press Enter to leave an optional fact unknown. Prints the outcome, then writes the
    scenario as YAML, to decide again with 'ala-policy evaluate FILE'.

    \b
    Examples:
      ala-policy ask
      ala-policy ask gift --output vendor-dinner.yaml
    """
    engine = state.engine()
    if not engine.areas:
        raise Abort("no area is registered: no plugin provides one (see 'ala-policy plugins')")
    if area_name is not None and area_name not in engine.areas:
        raise click.BadParameter(
            f"unknown area {area_name!r}; available areas: "
            f"{', '.join(in_menu_order(engine.areas))}",
            param_hint="'AREA'",
        )
    try:
        _interview(engine, area_name, output, scenario_id)
    except click.Abort as exc:
        # click.prompt turns both Ctrl-C and the end of input into Abort, the first from a
        # KeyboardInterrupt and the second from an EOFError, which it keeps as the context.
        if isinstance(exc.__context__, EOFError):
            raise Abort(
                "standard input ended before the interview was finished: nothing was written"
            ) from None
        click.echo("Interrupted: nothing was written.", err=True)
        sys.exit(ExitCode.INTERRUPTED)


def _interview(
    engine: Engine, area_name: str | None, output: str | None, scenario_id: str | None
) -> None:
    path, scenario_id, overwrite = _target(output, scenario_id)

    click.echo(
        "Answer each question in turn: type ? for help, press Enter to skip an optional one, "
        "Ctrl-C to quit."
    )
    area = engine.areas[area_name] if area_name else _ask_area(in_menu_order(engine.areas))
    click.echo(click.style(f"\n{area.title or area.name}", bold=True))
    if area.description:
        click.echo(textwrap.fill(area.description, width=WIDTH))
    role, member, title, date = _ask_envelope()

    asked = questions(area.facts)
    required = sum(q.required for q in asked)
    skip = {
        0: "Press Enter to skip any of them.",
        1: "The first needs an answer; press Enter to skip any other.",
    }.get(required, f"The first {required} need an answer; press Enter to skip any other.")
    click.echo(click.style(f"\nNow the facts: {len(asked)} questions. ", bold=True) + skip)
    answers: dict[str, Any] = {}
    for number, question in enumerate(asked, 1):
        answers[question.name] = _ask_question(
            question,
            f"({number}/{len(asked)})",
            check=field_check(area.facts, question.name),
        )

    if scenario_id is None and path is None:
        scenario_id, path = _free_id(default_id(area.name, date))
    elif scenario_id is None:  # --output names a file whose name is no valid id
        scenario_id = default_id(area.name, date)
    assert path is not None
    data = scenario_data(
        scenario_id, title, date, role, area.name, area.fact_names(), answers, member=member
    )
    scenario = _parse_until_valid(
        engine, data, area.name, area.fact_names(), asked, Source(str(path))
    )
    outcome = engine.evaluate(scenario)
    _write(path, data, outcome, overwrite=overwrite)

    _print_outcome(engine, outcome)
    click.echo(f"\nWrote {path}. Decide it again with:\n  ala-policy evaluate {_shell(path)}")


def _target(output: str | None, scenario_id: str | None) -> tuple[Path | None, str | None, bool]:
    """The file to write and the id, where the options give them; and whether to overwrite.

    A file that exists is overwritten only if the user confirms it now, before the interview.
    """
    path = Path(output) if output else None
    if path is None and scenario_id is not None:
        path = Path(f"{scenario_id}.yaml")
    if scenario_id is None and path is not None and id_problem(path.stem) is None:
        scenario_id = path.stem
    if path is None:
        return None, scenario_id, False
    _check_path(path)
    if not path.exists():
        return path, scenario_id, False
    if not click.confirm(f"{path} already exists. Overwrite it?"):
        raise Abort(f"not overwriting {path}: choose another file with --output")
    return path, scenario_id, True


def _ask_envelope() -> tuple[str, Any, str, datetime.date]:
    """The actor's role, membership (``OMIT`` where the role says it, or it is not known),
    a title (may be empty) and the date of the conduct."""
    role = _ask_question(ROLE, help_text=lambda: ROLE_HELP)
    member: Any = OMIT
    if asks_membership(role):
        member = _ask_question(MEMBER)
    click.echo()
    title: str = _prompt(
        _prompt_text("title", "a few words, Enter = none"),
        str.strip,
        lambda: "A short title for the scenario, shown with the outcome. Optional.",
    )
    today = datetime.date.today()
    date: datetime.date = _prompt(
        _prompt_text("date of the conduct", f"YYYY-MM-DD, Enter = {today.isoformat()}"),
        lambda raw: parse_date(raw, today),
        lambda: "The date of the conduct picks the edition of the policy in force then.",
    )
    return role_of(role), member, title, date


def _print_outcome(engine: Engine, outcome: Outcome) -> None:
    click.echo()
    stdout = sys.stdout
    writer = engine.output_format("text").factory(
        stdout, FormatOptions(color=choose_color(None, stdout))
    )
    writer.write(outcome)
    summary = Summary()
    summary.add(outcome)
    writer.close(summary)
    stdout.flush()


def _ask_area(areas: Mapping[str, Area]) -> Area:
    names = list(areas)
    click.echo("\nWhich area does the conduct concern?")
    for number, name in enumerate(names, 1):
        area = areas[name]
        click.echo(f"  {number}. {click.style(name, bold=True)}: {area.title or name}")
        if area.description:
            click.echo(
                textwrap.fill(
                    area.description,
                    width=WIDTH,
                    initial_indent="       ",
                    subsequent_indent="       ",
                )
            )

    def describe() -> str:
        return "Pick the area of the ALA rules the conduct falls under:\n" + "\n".join(
            f"  {n}. {name}: {areas[name].title}" for n, name in enumerate(names, 1)
        )

    return areas[_choose("Area", names, describe)]


def _parse_until_valid(
    engine: Engine,
    data: dict[str, Any],
    area: str,
    order: Sequence[str],
    asked: Sequence[Question],
    source: Source,
) -> Scenario:
    """Validate with the engine; a fact it rejects (a rule across facts) is asked again."""
    by_name = {q.name: (n, q) for n, q in enumerate(asked, 1)}
    while True:
        try:
            scenario = engine.parse(data, source=source)
        except ScenarioError as exc:
            name = rejected_fact(exc.path, area)
            if name not in by_name:
                raise Abort(f"the answers do not make a valid scenario: {exc.message}") from None
            click.echo(f"Error: {exc.message}")
            number, question = by_name[name]
            value = _ask_question(question, f"({number}/{len(asked)})")
            with_answer(data, area, order, name, value)
            continue
        return scenario


def _check_path(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path()
    if not parent.is_dir():
        raise click.BadParameter(
            f"directory {str(parent)!r} does not exist", param_hint="'--output'"
        )
    if path.is_dir():
        raise click.BadParameter(f"{str(path)!r} is a directory", param_hint="'--output'")


def _free_id(base: str) -> tuple[str, Path]:
    """``base``, or ``base-2``, ``base-3``...: the first whose ``.yaml`` file does not exist."""
    candidate, number = base, 1
    while Path(f"{candidate}.yaml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate, Path(f"{candidate}.yaml")


def _shell(path: Path) -> str:
    """The path as a shell word, to paste ("my dinner.yaml" quoted); one that cannot be
    printed on one line is shown as Python would write it."""
    import shlex

    word = shlex.quote(str(path))
    return word if word.isprintable() else repr(str(path))


def _write(path: Path, data: Mapping[str, Any], outcome: Outcome, *, overwrite: bool) -> None:
    text = scenario_file(
        data, outcome.decision.value, "`ala-policy ask`", f"ala-policy evaluate {_shell(path)}"
    )
    try:
        _write_whole(path, text, overwrite=overwrite)
    except FileExistsError:
        click.confirm(f"{path} exists now. Overwrite it?", abort=True)
        _write(path, data, outcome, overwrite=True)
    except OSError as exc:
        raise Abort(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_whole(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` whole or not at all: into a temporary file beside it, then
    renamed (or, not to overwrite, linked) into place, so an interrupt or a full disk never
    leaves half a scenario. :raises FileExistsError: ``path`` exists and not ``overwrite``."""
    import os
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    temporary = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        if hasattr(os, "fchmod"):  # Unix
            os.fchmod(handle, 0o666 & ~umask)  # as open() would have made it, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        if overwrite:
            temporary.replace(path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: create it exclusively
                with path.open("x", encoding="utf-8") as stream:
                    stream.write(text)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
