"""The questions that build a scenario, as ``ala-policy ask`` asks them; no input or output.

The questions come from the area's facts class, so an area a plugin adds is asked like the
built-in ones: a ``Literal`` field offers its values, a ``bool`` yes/no, a number a number,
anything else free text; each field's ``metadata["doc"]`` is the question. Answers are read
with :meth:`Question.parse` and checked with the field's validators (:func:`field_check`);
:func:`scenario_data` makes the scenario. The command does the prompting; a form can use
the same questions.
"""

from __future__ import annotations

import datetime
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs

from .models import ROLES

__all__ = [
    "CORE_AREAS",
    "MEMBER",
    "OMIT",
    "ROLE",
    "ROLE_HELP",
    "Kind",
    "Question",
    "asks_membership",
    "columns",
    "default_id",
    "field_check",
    "id_problem",
    "in_menu_order",
    "parse_date",
    "questions",
    "rejected_fact",
    "role_of",
    "scenario_data",
    "scenario_file",
    "show",
    "validator_problem",
    "with_answer",
]

#: The design card's four areas, which the core defines: offered first, in this order.
CORE_AREAS = ("gift", "conflict_of_interest", "directory_use", "solicitation")

_T = TypeVar("_T")


def in_menu_order(areas: Mapping[str, _T]) -> dict[str, _T]:
    """The areas in the order ``ask`` and the web page offer them: the design card's four
    (:data:`CORE_AREAS`), then every other area, a plugin's too, by name (not in the order
    plugins happened to register them)."""
    core = [name for name in CORE_AREAS if name in areas]
    rest = sorted(name for name in areas if name not in CORE_AREAS)
    return {name: areas[name] for name in (*core, *rest)}


#: The width :func:`columns` fills by default.
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


def show(value: Any) -> str:
    """A value as an answer names it: yes/no for booleans, an enum member by its value."""
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
        return "unknown" if self.default is None else show(self.default)

    def shown_doc(self) -> str:
        """The doc, without a "(default X)" the prompt shows anyway."""
        if self.default is None:
            return self.doc
        return _DEFAULT_NOTE.sub("", self.doc).strip()

    def long_choices(self) -> bool:
        """The choices are listed one per line, numbered, rather than inline."""
        return len(" / ".join(show(c) for c in self.choices)) > 48

    def allowed(self) -> str:
        """The allowed answers, in a few words."""
        if self.kind == "choice":
            return ", ".join(show(c) for c in self.choices)
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
            lines.extend(columns([show(c) for c in self.choices], numbered=True))
        else:
            lines.append(f"Answer {self.allowed()}.")
        # A question that needs an answer says nothing of Enter: the prompt that follows
        # asks again, and "An answer is needed." there read as if ? had been a wrong answer.
        enter = self.enter_means()
        if enter == "unknown":
            lines.append("Press Enter if you do not know: the fact is left out as unknown.")
        elif enter is not None:
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
            if show(choice).lower() == lowered:
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


# -- answers -------------------------------------------------------------------------------


def columns(
    items: Sequence[str], *, numbered: bool, indent: str = "    ", width: int = WIDTH
) -> list[str]:
    """The items in columns that fill downwards, numbered from 1 if ``numbered``."""
    digits = len(str(len(items)))
    labels = [f"{i:>{digits}}. {item}" if numbered else item for i, item in enumerate(items, 1)]
    column = max(len(label) for label in labels) + 3
    per_row = max(1, (width - len(indent)) // column)
    rows = (len(labels) + per_row - 1) // per_row
    return [
        indent + "".join(c.ljust(column) for c in labels[row::rows]).rstrip() for row in range(rows)
    ]


def parse_date(raw: str, today: datetime.date) -> datetime.date:
    """The date answered (``YYYY-MM-DD``), or ``today`` for an empty answer.

    :raises ValueError: with a message showing the form expected.
    """
    answer = raw.strip()
    if not answer:
        return today
    try:
        return datetime.date.fromisoformat(answer)
    except ValueError:
        raise ValueError(f"{answer!r} is not a date like {today.isoformat()}") from None


def id_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a scenario id, or ``None`` if it is a good one."""
    if _ID_RE.match(value):
        return None
    return f"{value!r}: use letters, digits, '.', '_' and '-', starting with a letter or digit"


def default_id(area: str, date: datetime.date) -> str:
    """The id a scenario gets when none is given: the area and the date (gift-2026-03-01)."""
    return f"{area.replace('_', '-')}-{date.isoformat()}"


ROLE = Question(
    name="role",
    doc="the actor, whose conduct the scenario describes",
    kind="choice",
    choices=ROLES,
    nullable=False,
    default="member",
)
MEMBER = Question(
    name="member",
    doc="does the actor hold an ALA membership? (the Member Directory is for members only, "
    "and only members can lose a membership)",
    kind="bool",
)
ROLE_HELP = """\
The actor is the person whose conduct the scenario describes. Their role:
    member            an ALA member
    business_partner  a business partner of ALA (a vendor that works with ALA)
    educator          an educator at an ALA function
    sponsor           a sponsor of an ALA function
    staff             ALA staff
    non_member        anyone else"""


def asks_membership(role: Any) -> bool:
    """Whether to ask :data:`MEMBER` after the answer ``role`` to :data:`ROLE` (not when the
    role says it)."""
    return role not in (OMIT, "member", "non_member")


def role_of(answer: Any) -> str:
    """The role an answer to :data:`ROLE` means (Enter: member)."""
    return "member" if answer is OMIT else str(answer)


def field_check(facts_class: type, name: str) -> Callable[[Any], str | None]:
    """A check of an answer by the field's own validators (e.g. "must be 0 or more")."""
    field = attrs.fields_dict(facts_class)[name]
    return lambda value: validator_problem(field, value)


def validator_problem(field: attrs.Attribute[Any], value: Any) -> str | None:
    """What the field's validators say against ``value``, or ``None`` if they accept it
    (or cannot tell without the rest of the facts: the engine checks those)."""
    if value is OMIT or value is None or field.validator is None:
        return None
    try:
        field.validator(None, field, value)
    except (ValueError, TypeError) as exc:
        return str(getattr(exc, "message", exc))
    except Exception:  # noqa: BLE001 - a validator that needs the instance: the engine checks
        return None
    return None


def scenario_data(
    scenario_id: str,
    title: str,
    date: datetime.date,
    role: str,
    area: str,
    order: Sequence[str],
    answers: Mapping[str, Any],
    *,
    member: Any = OMIT,
) -> dict[str, Any]:
    """The scenario the answers make, as a mapping to parse or write out.

    ``order`` is the area's fact names in declaration order; facts answered :data:`OMIT`
    (and ``member``, if it is) are left out.
    """
    data: dict[str, Any] = {"id": scenario_id}
    if title:
        data["title"] = title
    data["date"] = date
    data["actor"] = {"role": role}
    if member is not OMIT:
        data["actor"]["member"] = member
    data[area] = {name: answers[name] for name in order if answers.get(name, OMIT) is not OMIT}
    return data


def scenario_file(data: Mapping[str, Any], decision: str, writer: str, command: str) -> str:
    """The scenario file's text: a comment header, then the scenario in YAML.

    The header names ``writer`` (``ala-policy ask``, the web page), the decision as of the
    scenario's own date (whose policies it was decided under) and the ``command`` that
    decides it again. It holds no day of writing: the same answers give the same file, on
    any day.
    """
    import yaml

    header = (
        f"# Scenario written by {writer}.\n"
        f"# Its decision under the policies in force on {data['date']}: {decision}.\n"
        f"# Decide it again with:\n#   {command}\n"
        "# A fact left out is unknown (or takes its default): add it to narrow the outcome.\n"
    )
    return header + yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)


def with_answer(
    data: dict[str, Any], area: str, order: Sequence[str], name: str, value: Any
) -> None:
    """Put a new answer for fact ``name`` into ``data`` (from :func:`scenario_data`)."""
    facts = {**data[area], name: value}
    data[area] = {k: facts[k] for k in order if facts.get(k, OMIT) is not OMIT}


def rejected_fact(path: str | None, area: str) -> str:
    """The fact of ``area`` a :class:`~ala_policy.errors.ScenarioError` at ``path`` is about
    (not a fact name if the error is about something else)."""
    return (path or "").removeprefix(f"{area}.")
