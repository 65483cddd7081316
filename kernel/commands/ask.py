"""``ala-policy ask``: an interview that builds a scenario, decides it, and writes it to a file.

The questions come from the area's facts class, so an area a plugin adds is asked like the
built-in ones: a ``Literal`` field offers its values, a ``bool`` yes/no, a number a number,
anything else free text; each field's ``metadata["doc"]`` is the question.
"""

from __future__ import annotations

import datetime
import enum
import math
import re
import sys
import textwrap
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
import click

from ..cli import Abort, ExitCode, State, _choose_color, main, pass_state
from ..errors import ScenarioError
from ..formats import FormatOptions
from ..models import ROLES, Outcome, Scenario, Source, Summary

if TYPE_CHECKING:
    from ..areas import Area
    from ..engine import Engine

__all__ = ["OMIT", "Question", "questions"]

WIDTH = 88
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?\Z")
_YES = frozenset({"y", "yes", "true", "t"})
_NO = frozenset({"n", "no", "false", "f"})
_UNKNOWN = frozenset({"unknown", "u", "-"})
_DEFAULT_NOTE = re.compile(r"\s*\(default[^)]*\)")


class _Omit(enum.Enum):
    OMIT = "omit"

    def __repr__(self) -> str:
        return "OMIT"


#: What an answer parses to when the fact is left out of the scenario (unknown, or its default).
OMIT = _Omit.OMIT

Kind = Literal["choice", "bool", "number", "integer", "text"]


def _show(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


@attrs.frozen(kw_only=True)
class Question:
    """One fact of an area, as the interview asks it.

    :param name: the fact's field name.
    :param doc: what it means (the field's ``metadata["doc"]``).
    :param kind: how the answer is read: one of ``choices``, yes/no, a number, an integer,
        or free text.
    :param choices: the allowed values, for ``choice``.
    :param required: the field has no default: an answer is needed.
    :param nullable: ``None`` (unknown) is an allowed value of the field.
    :param default: the field's default, where it has a plain one other than ``None``.
    """

    name: str
    doc: str = ""
    kind: Kind = "text"
    choices: tuple[Any, ...] = ()
    required: bool = False
    nullable: bool = True
    default: Any = None

    @property
    def optional(self) -> bool:
        """An empty answer is accepted (the fact is left out: unknown, or its default)."""
        return not self.required

    def enter_means(self) -> str | None:
        """What pressing Enter answers, or ``None`` if an answer is needed."""
        if self.required:
            return None
        return "unknown" if self.default is None else _show(self.default)

    def shown_doc(self) -> str:
        """The doc, without a "(default X)" the prompt shows anyway."""
        if self.default is None:
            return self.doc
        return _DEFAULT_NOTE.sub("", self.doc).strip()

    def long_choices(self) -> bool:
        """The choices are listed one per line, numbered, rather than inline."""
        return len(" / ".join(_show(c) for c in self.choices)) > 48

    def allowed(self) -> str:
        """The allowed answers, in a few words."""
        if self.kind == "choice":
            return ", ".join(_show(c) for c in self.choices)
        if self.kind == "bool":
            return "yes/no/unknown" if self.nullable else "yes/no"
        if self.kind == "number":
            return "a number"
        if self.kind == "integer":
            return "a whole number"
        return "free text"

    def describe(self) -> str:
        """The help shown for ``?``: the meaning, the allowed answers, what Enter does."""
        lines = [f"{self.name}: {self.shown_doc() or '(no description)'}"]
        if self.kind == "choice":
            lines.append("Answer one of these (the name or its number):")
            lines.extend(_columns([_show(c) for c in self.choices], numbered=True))
        else:
            lines.append(f"Answer {self.allowed()}.")
        enter = self.enter_means()
        if enter is None:
            lines.append("An answer is needed.")
        elif enter == "unknown":
            lines.append("Press Enter if you do not know: the fact is left out as unknown.")
        else:
            lines.append(f"Press Enter for the default, {enter}.")
        return "\n".join(lines)

    def parse(self, text: str) -> Any:
        """Read an answer: the fact's value, or :data:`OMIT` to leave it out.

        :raises ValueError: with a message saying what is allowed.
        """
        answer = text.strip()
        if not answer:
            if self.required:
                raise ValueError("an answer is needed (type ? for help)")
            return OMIT
        if self.kind == "choice":
            return self._parse_choice(answer)
        if self.nullable and answer.lower() in _UNKNOWN:
            return self._unknown()
        if self.kind == "bool":
            word = answer.lower()
            if word in _YES:
                return True
            if word in _NO:
                return False
            raise ValueError(f"answer {self.allowed()}, not {answer!r}")
        if self.kind in ("number", "integer"):
            return self._parse_number(answer)
        return answer

    def _unknown(self) -> Any:
        # Leave the fact out, unless that would mean something else than unknown (a default).
        return OMIT if self.optional and self.default is None else None

    def _parse_choice(self, answer: str) -> Any:
        lowered = answer.lower()
        for choice in self.choices:
            if _show(choice).lower() == lowered:
                return choice
        if answer.isdigit() and 1 <= int(answer) <= len(self.choices):
            return self.choices[int(answer) - 1]
        if self.nullable and lowered in _UNKNOWN:
            return self._unknown()
        listed = "the answers above" if self.long_choices() else self.allowed()
        raise ValueError(
            f"{answer!r} is not one of {listed}: type one, or its number 1-{len(self.choices)}"
            " (? for help)"
        )

    def _parse_number(self, answer: str) -> int | float:
        cleaned = answer.removeprefix("$").strip()
        if _THOUSANDS.match(cleaned):
            cleaned = cleaned.replace(",", "")
        what = "a whole number" if self.kind == "integer" else "a number"
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError(f"{answer!r} is not {what}") from None
        if not math.isfinite(number):
            raise ValueError(f"{answer!r} is not {what}")
        if number.is_integer():
            return int(number)
        if self.kind == "integer":
            raise ValueError(f"{answer!r} is not {what}")
        return number


# -- questions from a facts class -----------------------------------------------------------


def questions(facts_class: type) -> tuple[Question, ...]:
    """The questions for an attrs facts class: required facts first, then the others.

    Each keeps its declaration order. Types are read with ``typing.get_type_hints``; a type
    with no mapping (a list, a class) is asked as free text.
    """
    try:
        hints = typing.get_type_hints(facts_class, include_extras=True)
    except (NameError, TypeError, AttributeError):  # an annotation that cannot be resolved
        hints = {}
    made = []
    for field in attrs.fields(facts_class):
        hint = hints.get(field.name, field.type if not isinstance(field.type, str) else Any)
        made.append(_question(field, hint))
    return tuple(sorted(made, key=lambda q: not q.required))


def _question(field: attrs.Attribute[Any], hint: Any) -> Question:
    hint, extras_doc = _strip_annotated(hint)
    nullable, members = _split_optional(hint)
    kind, choices = _classify(members)
    required = field.default is attrs.NOTHING
    default = None
    if not required and not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        default = field.default
    doc = str(field.metadata.get("doc", "") or extras_doc)
    return Question(
        name=field.name,
        doc=doc,
        kind=kind,
        choices=choices,
        required=required,
        nullable=nullable,
        default=default,
    )


def _strip_annotated(hint: Any) -> tuple[Any, str]:
    if typing.get_origin(hint) is typing.Annotated:
        base, *extras = typing.get_args(hint)
        doc = next((e for e in extras if isinstance(e, str)), "")
        return base, doc
    return hint, ""


def _split_optional(hint: Any) -> tuple[bool, list[Any]]:
    """Whether ``None`` is allowed, and the other members of a union (or the type itself)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [_strip_annotated(a)[0] for a in typing.get_args(hint)]
        others = [m for m in members if m is not type(None)]
        return len(others) < len(members), others
    if hint is None or hint is type(None):
        return True, []
    return False, [hint]


def _classify(members: Sequence[Any]) -> tuple[Kind, tuple[Any, ...]]:
    if len(members) == 1:
        only = members[0]
        if only is bool:
            return "bool", ()
        if only is int:
            return "integer", ()
        if only is float:
            return "number", ()
    choices: list[Any] = []
    for member in members:
        values = _literal_values(member)
        if values is None:
            return "text", ()
        choices.extend(v for v in values if v not in choices)
    if choices:
        return "choice", tuple(choices)
    return "text", ()


def _literal_values(member: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(member) is Literal:
        return typing.get_args(member)  # nested Literals come flattened
    if isinstance(member, type) and issubclass(member, enum.Enum):
        return tuple(m.value for m in member)
    return None


# -- asking ---------------------------------------------------------------------------------


def _columns(items: Sequence[str], *, numbered: bool, indent: str = "    ") -> list[str]:
    """The items in columns that fill downwards, numbered from 1 if ``numbered``."""
    digits = len(str(len(items)))
    labels = [f"{i:>{digits}}. {item}" if numbered else item for i, item in enumerate(items, 1)]
    width = max(len(label) for label in labels) + 3
    per_row = max(1, (WIDTH - len(indent)) // width)
    rows = (len(labels) + per_row - 1) // per_row
    return [
        indent + "".join(c.ljust(width) for c in labels[row::rows]).rstrip() for row in range(rows)
    ]


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
        click.echo("\n".join(_columns([_show(c) for c in question.choices], numbered=True)))
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


def _parse_date(raw: str, today: datetime.date) -> datetime.date:
    answer = raw.strip()
    if not answer:
        return today
    try:
        return datetime.date.fromisoformat(answer)
    except ValueError:
        raise ValueError(f"{answer!r} is not a date like {today.isoformat()}") from None


def _check_id(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _ID_RE.match(value):
        raise click.BadParameter(
            f"{value!r}: use letters, digits, '.', '_' and '-', starting with a letter or digit"
        )
    return value


_ROLE = Question(
    name="role",
    doc="the actor, whose conduct the scenario describes",
    kind="choice",
    choices=ROLES,
    nullable=False,
    default="member",
)
_MEMBER = Question(
    name="member",
    doc="does the actor hold an ALA membership? (the Member Directory is for members only, "
    "and only members can lose a membership)",
    kind="bool",
)
_ROLE_HELP = """\
The actor is the person whose conduct the scenario describes. Their role:
    member            an ALA member
    business_partner  a business partner of ALA (a vendor that works with ALA)
    educator          an educator at an ALA function
    sponsor           a sponsor of an ALA function
    staff             ALA staff
    non_member        anyone else"""


@main.command("ask")
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
    help="The scenario's id (default: the area and the date, e.g. gift-2026-03-01).",
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
            f"unknown area {area_name!r}; available areas: {', '.join(sorted(engine.areas))}",
            param_hint="'AREA'",
        )
    path, scenario_id, overwrite = _target(output, scenario_id)

    click.echo(
        "Answer each question in turn: type ? for help, press Enter to skip an optional one, "
        "Ctrl-C to quit."
    )
    area = engine.areas[area_name] if area_name else _ask_area(engine.areas)
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
            check=_field_check(area.facts, question.name),
        )

    if scenario_id is None:
        scenario_id, path = _free_id(f"{area.name.replace('_', '-')}-{date.isoformat()}")
    assert path is not None
    data = _scenario(scenario_id, title, date, role, area.name, area.fact_names(), answers)
    if member is not OMIT:
        data["actor"]["member"] = member
    scenario = _parse_until_valid(
        engine, data, area.name, area.fact_names(), asked, Source(str(path))
    )
    outcome = engine.evaluate(scenario)
    _write(path, data, outcome, overwrite=overwrite)

    _print_outcome(engine, outcome)
    click.echo(f"\nWrote {path}. Decide it again with:\n  ala-policy evaluate {path}")


def _target(output: str | None, scenario_id: str | None) -> tuple[Path | None, str | None, bool]:
    """The file to write and the id, where the options give them; and whether to overwrite.

    A file that exists is overwritten only if the user confirms it now, before the interview.
    """
    path = Path(output) if output else None
    if path is None and scenario_id is not None:
        path = Path(f"{scenario_id}.yaml")
    if scenario_id is None and path is not None and _ID_RE.match(path.stem):
        scenario_id = path.stem
    if path is None:
        return None, scenario_id, False
    _check_path(path)
    if not path.exists():
        return path, scenario_id, False
    if not click.confirm(f"{path} already exists. Overwrite it?"):
        click.echo(f"Not overwriting {path}: choose another file with --output.", err=True)
        sys.exit(ExitCode.FAILED)
    return path, scenario_id, True


def _ask_envelope() -> tuple[str, Any, str, datetime.date]:
    """The actor's role, membership (``OMIT`` where the role says it, or it is not known),
    a title (may be empty) and the date of the conduct."""
    role = _ask_question(_ROLE, help_text=lambda: _ROLE_HELP)
    member: Any = OMIT
    if role not in (OMIT, "member", "non_member"):
        member = _ask_question(_MEMBER)
    click.echo()
    title: str = _prompt(
        _prompt_text("title", "a few words, Enter = none"),
        str.strip,
        lambda: "A short title for the scenario, shown with the outcome. Optional.",
    )
    today = datetime.date.today()
    date: datetime.date = _prompt(
        _prompt_text("date of the conduct", f"YYYY-MM-DD, Enter = {today.isoformat()}"),
        lambda raw: _parse_date(raw, today),
        lambda: "The date of the conduct picks the edition of the policy in force then.",
    )
    return ("member" if role is OMIT else str(role)), member, title, date


def _print_outcome(engine: Engine, outcome: Outcome) -> None:
    click.echo()
    stdout = sys.stdout
    writer = engine.output_format("text").factory(
        stdout, FormatOptions(color=_choose_color(None, stdout))
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


def _field_check(facts_class: type, name: str) -> Callable[[Any], str | None]:
    """A check of an answer by the field's own validators (e.g. "must be 0 or more")."""
    field = attrs.fields_dict(facts_class)[name]
    return lambda value: _validator_problem(field, value)


def _validator_problem(field: attrs.Attribute[Any], value: Any) -> str | None:
    if value is OMIT or value is None or field.validator is None:
        return None
    try:
        field.validator(None, field, value)
    except (ValueError, TypeError) as exc:
        return str(getattr(exc, "message", exc))
    except Exception:  # noqa: BLE001 - a validator that needs the instance: the engine checks
        return None
    return None


def _scenario(
    scenario_id: str,
    title: str,
    date: datetime.date,
    role: str,
    area: str,
    order: Sequence[str],
    answers: Mapping[str, Any],
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": scenario_id}
    if title:
        data["title"] = title
    data["date"] = date
    data["actor"] = {"role": role}
    data[area] = {name: answers[name] for name in order if answers.get(name, OMIT) is not OMIT}
    return data


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
            name = (exc.path or "").removeprefix(f"{area}.")
            if name not in by_name:
                raise Abort(f"the answers do not make a valid scenario: {exc.message}") from None
            click.echo(f"Error: {exc.message}")
            number, question = by_name[name]
            value = _ask_question(question, f"({number}/{len(asked)})")
            facts = {**data[area], name: value}
            data[area] = {k: facts[k] for k in order if facts.get(k, OMIT) is not OMIT}
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


def _write(path: Path, data: Mapping[str, Any], outcome: Outcome, *, overwrite: bool) -> None:
    import yaml

    header = (
        f"# Scenario written by `ala-policy ask` on {datetime.date.today().isoformat()};\n"
        f"# its decision then: {outcome.decision.value}. Decide it again with:\n"
        f"#   ala-policy evaluate {path}\n"
        "# A fact left out is unknown (or takes its default): add it to narrow the outcome.\n"
    )
    text = header + yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)
    try:
        with path.open("w" if overwrite else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        click.confirm(f"{path} exists now. Overwrite it?", abort=True)
        _write(path, data, outcome, overwrite=True)
    except OSError as exc:
        raise Abort(f"cannot write {path}: {exc.strerror or exc}") from None
