"""The web page's answers: what a submitted form says, read with the same questions and
checks as ``ala-policy ask`` (:mod:`ala_policy.interview`), into a scenario or into errors
placed at the field they are about.

Field names are the scenario's own paths: ``actor.role``, ``actor.member``, ``title``,
``date``, ``id`` and ``<area>.<fact>``, so an error the engine reports at a path
(``gift.value_usd``, ``actor.member``) lands on the field of that name.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import ScenarioError
from ..interview import (
    MEMBER,
    OMIT,
    ROLE,
    Question,
    default_id,
    field_check,
    id_problem,
    parse_date,
    questions,
    role_of,
    scenario_data,
    show,
)
from ..models import Source

if TYPE_CHECKING:
    from ..areas import Area
    from ..engine import Engine
    from ..models import Scenario

__all__ = [
    "ENVELOPE",
    "MAX_ANSWER",
    "MAX_TITLE",
    "Answers",
    "Field",
    "area_fields",
    "download_name",
    "read_answers",
]

#: The envelope's fields beside the area's facts, by form name (with no area prefix).
ROLE_FIELD = "actor.role"
MEMBER_FIELD = "actor.member"
TITLE_FIELD = "title"
DATE_FIELD = "date"
ID_FIELD = "id"
ENVELOPE = (ROLE_FIELD, MEMBER_FIELD, TITLE_FIELD, DATE_FIELD, ID_FIELD)
#: The longest answer read from one field (a free-text fact), in characters: the server
#: cuts longer ones, and the form's text inputs take no more.
MAX_ANSWER = 2000
#: The longest title, in characters: a longer one is an error (the form's input takes no
#: more).
MAX_TITLE = 200


@attrs.frozen(kw_only=True)
class Field:
    """One question of the form: its form name and the interview's question."""

    name: str
    question: Question


def area_fields(area: Area) -> tuple[Field, ...]:
    """The area's facts as form fields, in the order ``ask`` asks them."""
    return tuple(Field(name=f"{area.name}.{q.name}", question=q) for q in questions(area.facts))


@attrs.define(kw_only=True)
class Answers:
    """A submitted form, read.

    :param raw: each field's answer as typed (kept to show the form again).
    :param errors: per field name, what is wrong with its answer; ``""`` for a problem with
        the answers as a whole (no one field to put it at).
    :param data: the scenario mapping (as ``ask`` writes it), when every answer is good.
    :param scenario: the scenario the engine read from ``data``, when it accepts it.
    """

    raw: dict[str, str]
    errors: dict[str, str] = attrs.Factory(dict)
    data: dict[str, Any] | None = None
    scenario: Scenario | None = None

    @property
    def ok(self) -> bool:
        """Every answer is good and the engine accepted the scenario."""
        return not self.errors and self.scenario is not None

    def normalized(self) -> dict[str, str]:
        """The answers with the date and the id filled in as they were decided (so a link
        that carries them makes the same scenario tomorrow)."""
        kept = dict(self.raw)
        if self.data is not None:
            kept[DATE_FIELD] = str(self.data["date"])
            kept[ID_FIELD] = str(self.data["id"])
        return kept


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def read_answers(
    engine: Engine, area: Area, form: Mapping[str, Any], today: datetime.date
) -> Answers:
    """Read a submitted form for ``area``: each answer with its question's rules, then the
    whole scenario with the engine (a rule across facts); errors go to their fields.

    The engine checks the scenario even when some answers are wrong, with those answers
    left out (unknown, as a member may answer them), so that a rule across facts is reported
    with the answers' own errors in one submit, not only once those are fixed. It names its
    first problem only, and that one is shown only at a field with no error of its own (a
    field left out for its error may well be what the engine finds missing)."""
    fields = area_fields(area)
    names = (*ENVELOPE, *(f.name for f in fields))
    answers = Answers(raw={name: _text(form.get(name, ""))[:MAX_ANSWER] for name in names})
    raw, errors = answers.raw, answers.errors

    role = _answer(Field(name=ROLE_FIELD, question=ROLE), raw, errors)
    member = _answer(Field(name=MEMBER_FIELD, question=MEMBER), raw, errors)
    title = raw[TITLE_FIELD].strip()
    if len(title) > MAX_TITLE:
        errors[TITLE_FIELD] = f"A title has at most {MAX_TITLE} characters: shorten it."
    try:
        date = parse_date(raw[DATE_FIELD], today)
    except ValueError as exc:
        errors[DATE_FIELD] = f"{exc}"
        date = today
    scenario_id = raw[ID_FIELD].strip()
    problem = id_problem(scenario_id) if scenario_id else None
    if problem is not None:
        errors[ID_FIELD] = problem
    facts = {
        f.question.name: _answer(f, raw, errors, check=field_check(area.facts, f.question.name))
        for f in fields
    }
    if ROLE_FIELD in errors:  # no actor to check the rest with
        return answers
    wrong = dict(errors)
    data = scenario_data(
        scenario_id if scenario_id and ID_FIELD not in wrong else default_id(area.name, date),
        title,
        date,
        role_of(role),
        area.name,
        area.fact_names(),
        facts,
        member=member,
    )
    if not wrong:
        answers.data = data
    try:
        scenario = engine.parse(data, source=Source(download_name(data["id"])))
    except ScenarioError as exc:
        field = _field_of(exc.path, area, names)
        if not wrong or (field and field not in wrong):
            errors[field] = exc.message
        return answers
    if not wrong:
        answers.scenario = scenario
    return answers


def download_name(scenario_id: str) -> str:
    """The file the scenario is offered as: its id and ``.yaml``, as ``ask`` names it."""
    return f"{scenario_id}.yaml"


def _answer(
    field: Field,
    raw: Mapping[str, str],
    errors: dict[str, str],
    *,
    check: Callable[[Any], str | None] | None = None,
) -> Any:
    """One answer read by its question (and its field's validators), or the error put at
    the field (and ``OMIT`` returned)."""
    question, text = field.question, raw[field.name]
    if question.required and not text.strip():
        errors[field.name] = "An answer is needed."
        return OMIT
    if question.kind == "choice" and text.strip():
        allowed = {show(c).lower() for c in question.choices}
        if question.nullable:
            allowed.add("unknown")
        if text.strip().lower() not in allowed:  # not one of the options the form offers
            shown = ", ".join(show(c) for c in question.choices)
            errors[field.name] = f"{text.strip()!r} is not one of {shown}"
            return OMIT
    try:
        value = question.parse(text)
    except ValueError as exc:
        errors[field.name] = _web_message(str(exc))
        return OMIT
    problem = check(value) if check is not None else None
    if problem is not None:
        errors[field.name] = problem
        return OMIT
    return value


def _web_message(message: str) -> str:
    """A message of the interview without its terminal-only hints (``? for help``)."""
    for hint in (" (type ? for help)", " (? for help)"):
        message = message.replace(hint, "")
    return message


def _field_of(path: str | None, area: Area, names: tuple[str, ...]) -> str:
    """The form field an engine error at ``path`` is about (``""``: the answers as a whole)."""
    if path is None:
        return ""
    if path in names:
        return path
    # A nested path (a fact that is a mapping or a list) belongs to its top field.
    for name in names:
        if path.startswith((f"{name}.", f"{name}[")):
            return name
    return ""
