"""The web page's form controls, one per question of :mod:`ala_policy.interview`.

A choice among a few values and a yes/no question are radio buttons in a fieldset whose
legend is the question; a choice among many is a select; a number is a number input (with
the ``minimum`` and ``maximum`` of the facts' JSON Schema, where it gives them); anything
else a text input. An optional question offers "unknown" (or "not given", where leaving it
out means its default), as pressing Enter does in ``ala-policy ask``. Every control has a
label; the question's description and any error are tied to it with ``aria-describedby``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from ..interview import MEMBER, ROLE, ROLE_HELP, Question, show
from ._page_answers import (
    DATE_FIELD,
    ID_FIELD,
    MAX_ANSWER,
    MAX_TITLE,
    MEMBER_FIELD,
    ROLE_FIELD,
    TITLE_FIELD,
    Field,
)

__all__ = ["control", "empty_answer", "envelope_controls", "esc", "first_id", "humanize"]

#: Code points that may not appear in an HTML document (as the html report replaces them).
_INVALID = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: Choices up to this many are radio buttons; more are a select.
MAX_RADIOS = 5
#: Words written in capitals where a name is shown as words.
_ACRONYMS = {"usd": "USD", "clm": "CLM", "ala": "ALA"}
_ROLE_HINTS = dict(
    line.strip().split(None, 1) for line in ROLE_HELP.splitlines()[1:] if line.strip()
)


def esc(text: object) -> str:
    """``text`` escaped for HTML text and attribute values, invalid characters replaced."""
    return html.escape(_INVALID.sub("\ufffd", str(text)), quote=True)


def humanize(name: str) -> str:
    """A field or value name as words: ``pending_business`` -> ``Pending business``,
    ``value_usd`` -> ``Value USD``."""
    words = [_ACRONYMS.get(word, word) for word in name.replace("_", " ").split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _described(name: str, hint: bool, error: str | None) -> str:
    ids = ([f"h-{name}"] if hint else []) + ([f"e-{name}"] if error else [])
    return f' aria-describedby="{esc(" ".join(ids))}"' if ids else ""


def _error(name: str, error: str | None) -> str:
    if not error:
        return ""
    return (
        f'<p class="field-error" id="e-{esc(name)}">'
        f'<span class="visually-hidden">Error: </span>{esc(error)}</p>'
    )


def _hint(name: str, text: str) -> str:
    return f'<p class="hint" id="h-{esc(name)}">{esc(text)}</p>' if text else ""


def _label_text(label: str, required: bool) -> str:
    return esc(label) + (' <span class="required">(required)</span>' if required else "")


def options(question: Question, *, blank: bool = True) -> list[tuple[str, str]]:
    """The answers a control offers, as (value, label): the choices (or yes and no), then
    the empty answer (unknown, or the default) and an explicit unknown where it differs."""
    if question.kind == "bool":
        offered = [("yes", "yes"), ("no", "no")]
    else:
        offered = [(show(c), humanize(show(c))) for c in question.choices]
    if blank and question.optional:
        offered.append(("", empty_answer(question)))
    if question.nullable and (question.required or question.default is not None):
        offered.append(("unknown", "unknown"))
    return offered


def empty_answer(question: Question) -> str:
    """What leaving an optional question unanswered means: unknown, or its default."""
    if question.default is None:
        return "unknown"
    return f"not given (default: {show(question.default)})"


def first_id(field: Field) -> str:
    """The id of the field's first control: where an error summary's link leads."""
    if _is_radio(field.question):
        return f"f-{field.name}-1"
    return f"f-{field.name}"


def _is_radio(question: Question) -> bool:
    return question.kind == "bool" or (
        question.kind == "choice" and len(question.choices) <= MAX_RADIOS
    )


def control(
    field: Field,
    value: str,
    error: str | None,
    *,
    label: str | None = None,
    hint: str | None = None,
    schema: Mapping[str, Any] | None = None,
    blank: bool = True,
    option_hints: Mapping[str, str] | None = None,
    radios: bool = False,
) -> str:
    """The HTML of one question: its label (or legend), description, error and control,
    showing ``value`` as answered."""
    question = field.question
    label = label if label is not None else humanize(question.name)
    hint = hint if hint is not None else _describe(question, schema or {})
    if radios or _is_radio(question):
        return _radios(field, value, error, label, hint, blank, option_hints or {})
    name = field.name
    attrs = f'id="f-{esc(name)}" name="{esc(name)}"{_described(name, bool(hint), error)}'
    if question.required:
        attrs += " required"
    if error:
        attrs += ' aria-invalid="true"'
    if question.kind == "choice":
        chosen = value.strip().lower()
        items = "".join(
            f'<option value="{esc(v)}"{" selected" if v.lower() == chosen else ""}>{esc(text)}'
            "</option>"
            for v, text in _select_options(question, blank)
        )
        widget = f"<select {attrs}>{items}</select>"
    elif question.kind in ("number", "integer"):
        limits = _number_limits(question, schema or {})
        widget = f'<input type="number" {attrs}{limits} value="{esc(value)}">'
    else:
        limit = (schema or {}).get("maxLength")
        size = f' maxlength="{min(limit, MAX_ANSWER) if isinstance(limit, int) else MAX_ANSWER}"'
        widget = f'<input type="text" {attrs}{size} value="{esc(value)}">'
    return (
        f'<div class="question{" has-error" if error else ""}">'
        f'<label for="f-{esc(name)}">{_label_text(label, question.required)}</label>'
        f"{_hint(name, hint)}{_error(name, error)}{widget}</div>"
    )


def _select_options(question: Question, blank: bool) -> list[tuple[str, str]]:
    offered = options(question, blank=blank)
    if question.required:  # the placeholder a required select starts on
        return [("", "choose one"), *offered]
    # the empty answer (unknown, or the default) first: what the select starts on
    empty = [o for o in offered if o[0] == ""]
    return empty + [o for o in offered if o[0] != ""]


def _number_limits(question: Question, schema: Mapping[str, Any]) -> str:
    limits = ' step="1"' if question.kind == "integer" else ' step="any"'
    for key in ("minimum", "maximum"):
        bound = schema.get(key)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            limits += f' {key[:3]}="{esc(f"{bound:g}")}"'
    if question.kind == "integer":
        low = schema.get("exclusiveMinimum")
        if isinstance(low, int) and not isinstance(low, bool) and "minimum" not in schema:
            limits += f' min="{low + 1}"'
    return limits + ' inputmode="decimal"'


def _radios(
    field: Field,
    value: str,
    error: str | None,
    label: str,
    hint: str,
    blank: bool,
    option_hints: Mapping[str, str],
) -> str:
    name, question = field.name, field.question
    chosen = value.strip().lower()
    items = []
    for number, (option, text) in enumerate(options(question, blank=blank), 1):
        checked = " checked" if option.lower() == chosen else ""
        required = " required" if question.required else ""
        extra = option_hints.get(option, "")
        more = f' <span class="option-hint">{esc(extra)}</span>' if extra else ""
        items.append(
            f'<div class="option"><input type="radio" id="f-{esc(name)}-{number}" '
            f'name="{esc(name)}" value="{esc(option)}"{checked}{required}>'
            f'<label for="f-{esc(name)}-{number}">{esc(text)}{more}</label></div>'
        )
    return (
        f'<fieldset class="question radios{" has-error" if error else ""}" '
        f'id="q-{esc(name)}"{_described(name, bool(hint), error)}>'
        f"<legend>{_label_text(label, question.required)}</legend>"
        f"{_hint(name, hint)}{_error(name, error)}"
        f'<div class="options">{"".join(items)}</div></fieldset>'
    )


def _describe(question: Question, schema: Mapping[str, Any]) -> str:
    """The question's description, and for a number its bounds."""
    doc = question.shown_doc()
    doc = doc[:1].upper() + doc[1:] if doc else ""
    if question.kind in ("number", "integer"):
        what = "A whole number" if question.kind == "integer" else "A number"
        low, high = schema.get("minimum"), schema.get("maximum")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)):
            what += f" from {low:g} to {high:g}"
        elif isinstance(low, (int, float)):
            what += f", {low:g} or more"
        elif isinstance(high, (int, float)):
            what += f", {high:g} or less"
        doc = f"{doc}. {what}." if doc else f"{what}."
        if question.optional:
            doc += " Leave it empty if you do not know."
    return doc


def envelope_controls(
    raw: Mapping[str, str], errors: Mapping[str, str], example_id: str
) -> tuple[str, str]:
    """The envelope's controls: (who acted: role and membership; the scenario: title, date
    and id). ``example_id`` is the id the scenario gets when none is given."""
    role = control(
        Field(name=ROLE_FIELD, question=ROLE),
        raw.get(ROLE_FIELD, "") or "member",
        errors.get(ROLE_FIELD),
        label="The actor's role",
        hint="The person whose conduct the scenario describes.",
        blank=False,
        option_hints=_ROLE_HINTS,
        radios=True,
    )
    member = control(
        Field(name=MEMBER_FIELD, question=MEMBER),
        raw.get(MEMBER_FIELD, ""),
        errors.get(MEMBER_FIELD),
        label="Does the actor hold an ALA membership?",
        hint="Only where the role does not say it: leave it unknown for a member or a "
        "non-member. The Member Directory is for members only, and only members can lose "
        "a membership.",
    )
    title = _text_input(
        TITLE_FIELD,
        raw,
        errors,
        "Title",
        "A few words shown with the outcome. Optional.",
        f' maxlength="{MAX_TITLE}"',
    )
    date = _text_input(
        DATE_FIELD,
        raw,
        errors,
        "Date of the conduct",
        "It picks the edition of the policy in force then (YYYY-MM-DD; empty: today).",
        "",
        kind="date",
    )
    scenario_id = _text_input(
        ID_FIELD,
        raw,
        errors,
        "Scenario id",
        "Names the scenario and its file: letters, digits, '.', '_' and '-', starting with "
        f"a letter or digit (empty: {example_id}).",
        ' autocomplete="off" spellcheck="false"',
    )
    return role + member, title + date + scenario_id


def _text_input(
    name: str,
    raw: Mapping[str, str],
    errors: Mapping[str, str],
    label: str,
    hint: str,
    extra: str,
    *,
    kind: str = "text",
) -> str:
    error = errors.get(name)
    invalid = ' aria-invalid="true"' if error else ""
    return (
        f'<div class="question{" has-error" if error else ""}">'
        f'<label for="f-{name}">{esc(label)}</label>{_hint(name, hint)}{_error(name, error)}'
        f'<input type="{kind}" id="f-{name}" name="{name}"{_described(name, True, error)}'
        f'{invalid}{extra} value="{esc(raw.get(name, ""))}"></div>'
    )
