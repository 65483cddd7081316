"""The web page's documents: the areas to choose from, an area's questions (with an error
summary when answers are wrong) and the outcome, in one layout with a skip link, a ``main``
landmark and ``lang="en"``."""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..interview import OMIT, show
from ._page_answers import (
    DATE_FIELD,
    ID_FIELD,
    MEMBER_FIELD,
    ROLE_FIELD,
    TITLE_FIELD,
    Answers,
    Field,
    area_fields,
)
from ._page_form import control, empty_answer, envelope_controls, esc, first_id, humanize

if TYPE_CHECKING:
    from ..areas import Area
    from ..models import Outcome

__all__ = ["area_form", "areas_form", "message_page", "outcome_page", "stylesheet"]

_SITE = "ALA ethics: may I?"
_TAGLINE = (
    "Answer a few questions about what happened and read what the ethics rules of the "
    "Association of Legal Administrators say, with the clauses quoted."
)
_DISCLAIMER = (
    "An answer rests only on the facts given: it is guidance on the ALA's published rules, "
    "not legal advice."
)
#: The labels of the envelope's fields, as the error summary and the answers name them.
_ENVELOPE_LABELS = {
    ROLE_FIELD: "The actor's role",
    MEMBER_FIELD: "ALA membership",
    TITLE_FIELD: "Title",
    DATE_FIELD: "Date of the conduct",
    ID_FIELD: "Scenario id",
}


@functools.cache
def stylesheet() -> str:
    """The page's own styles (``static/page.css``)."""
    return (importlib.resources.files(__package__) / "static" / "page.css").read_text(
        encoding="utf-8"
    )


def _document(title: str, body: str, root: str) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)} · {_SITE}</title>",
            f'<link rel="stylesheet" href="{esc(root)}/static/report.css">',
            f'<link rel="stylesheet" href="{esc(root)}/static/page.css">',
            "</head>",
            "<body>",
            '<a class="skip-link" href="#main">Skip to the main content</a>',
            '<header class="site">',
            f'<p class="site-name"><a href="{esc(root)}/">{_SITE}</a></p>',
            f'<p class="tagline">{_TAGLINE}</p>',
            "</header>",
            '<main id="main" tabindex="-1">',
            body,
            "</main>",
            '<footer class="site">',
            f"<p>Decided by ala-policy {esc(__version__)}. {_DISCLAIMER}</p>",
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _error_summary(errors: Mapping[str, str], links: Mapping[str, tuple[str, str]]) -> str:
    """The errors at the top of the form, each a link to its field (``links``: per field
    name, the label and the id of its first control)."""
    if not errors:
        return ""
    order = {name: n for n, name in enumerate(links)}
    items = []
    # in the form's order (the engine's error across facts is found after the others)
    for name, message in sorted(errors.items(), key=lambda item: order.get(item[0], -1)):
        if name in links:
            label, target = links[name]
            items.append(f'<li><a href="#{esc(target)}">{esc(label)}: {esc(message)}</a></li>')
        else:
            items.append(f"<li>{esc(message)}</li>")
    count = len(errors)
    heading = "There is a problem" + (f" with {count} answers" if count > 1 else "")
    return (
        '<div class="error-summary" role="alert" aria-labelledby="error-summary-title" '
        'tabindex="-1" autofocus>'
        f'<h2 id="error-summary-title">{heading}</h2>'
        f"<ul>{''.join(items)}</ul></div>"
    )


def areas_form(areas: Mapping[str, Area], root: str, *, error: str | None = None) -> str:
    """The first page: what happened, as a choice among the areas."""
    if not areas:
        body = (
            "<h1>What happened?</h1><p>No area is registered: no plugin provides one, so "
            "there is nothing to ask.</p>"
        )
        return _document("What happened?", body, root)
    options = []
    for number, (name, area) in enumerate(areas.items(), 1):
        described = f' aria-describedby="d-area-{number}"' if area.description else ""
        description = (
            f'<span class="option-hint" id="d-area-{number}">{esc(area.description)}</span>'
            if area.description
            else ""
        )
        options.append(
            f'<div class="option"><input type="radio" id="area-{number}" name="area" '
            f'value="{esc(name)}" required{described}>'
            f'<label for="area-{number}"><span class="area-title">{esc(area.title or name)}'
            f"</span> {description}</label></div>"
        )
    summary = _error_summary({"area": error}, {"area": ("Area", "area-1")}) if error else ""
    error_line = (
        f'<p class="field-error" id="e-area"><span class="visually-hidden">Error: </span>'
        f"{esc(error)}</p>"
        if error
        else ""
    )
    described = ' aria-describedby="e-area"' if error else ""
    body = (
        "<h1>What happened?</h1>"
        '<p class="lead">Choose the area of the ALA rules the conduct falls under. The next '
        "page asks the questions <code>ala-policy ask</code> asks about it; then you read "
        "the outcome, with the clauses it rests on, and can keep the scenario as a file.</p>"
        f"{summary}"
        f'<form method="get" action="{esc(root)}/ask" novalidate>'
        f'<fieldset class="question radios areas{" has-error" if error else ""}"{described}>'
        '<legend>The area <span class="required">(required)</span></legend>'
        f'{error_line}<div class="options">{"".join(options)}</div></fieldset>'
        '<div class="submit"><button type="submit">Next: the questions</button></div>'
        "</form>"
    )
    return _document(("Error: " if error else "") + "What happened?", body, root)


def _fact_controls(area: Area, raw: Mapping[str, str], errors: Mapping[str, str]) -> str:
    from ..schema import facts_schema

    properties: Mapping[str, Any] = facts_schema(area.facts).get("properties", {})
    return "".join(
        control(
            field,
            raw.get(field.name, ""),
            errors.get(field.name),
            schema=properties.get(field.question.name, {}),
        )
        for field in area_fields(area)
    )


def _links(area: Area) -> dict[str, tuple[str, str]]:
    """Per field name, its label and the id of its first control (for the error summary)."""
    links = {name: (label, f"f-{name}") for name, label in _ENVELOPE_LABELS.items()}
    links[ROLE_FIELD] = (_ENVELOPE_LABELS[ROLE_FIELD], f"f-{ROLE_FIELD}-1")
    links[MEMBER_FIELD] = (_ENVELOPE_LABELS[MEMBER_FIELD], f"f-{MEMBER_FIELD}-1")
    for field in area_fields(area):
        links[field.name] = (humanize(field.question.name), first_id(field))
    return links


def _form(area: Area, raw: Mapping[str, str], errors: Mapping[str, str], root: str) -> str:
    """The questions of ``area``, answered as ``raw`` says, with ``errors`` at their fields."""
    from ..interview import default_id

    fields = area_fields(area)
    date = raw.get(DATE_FIELD, "")
    example = default_id(area.name, _date_or_today(date))
    who, scenario = envelope_controls(raw, errors, example)
    required = sum(f.question.required for f in fields)
    skip = {
        0: "None needs an answer: leave any you do not know.",
        1: "The first needs an answer; leave any other you do not know.",
    }.get(required, f"The first {required} need an answer; leave any other you do not know.")
    noun = "question" if len(fields) == 1 else "questions"
    return (
        f'<form method="post" action="{esc(root)}/ask" novalidate class="questions">'
        f'<input type="hidden" name="area" value="{esc(area.name)}">'
        '<section aria-labelledby="who-heading"><h2 id="who-heading">Who acted</h2>'
        f"{who}</section>"
        '<section aria-labelledby="scenario-heading">'
        '<h2 id="scenario-heading">The scenario</h2>'
        f"{scenario}</section>"
        '<section aria-labelledby="facts-heading">'
        f'<h2 id="facts-heading">What happened: {len(fields)} {noun}</h2>'
        f'<p class="hint">{esc(skip)}</p>{_fact_controls(area, raw, errors)}</section>'
        '<div class="submit"><button type="submit">Decide</button></div>'
        "</form>"
    )


def _date_or_today(text: str) -> Any:
    import datetime

    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return datetime.date.today()


def _heading(area: Area) -> str:
    lead = f'<p class="lead">{esc(area.description)}</p>' if area.description else ""
    return f"<h1>{esc(area.title or humanize(area.name))}</h1>{lead}"


def area_form(area: Area, raw: Mapping[str, str], errors: Mapping[str, str], root: str) -> str:
    """An area's questions (again, with errors, if there are any)."""
    body = (
        f'<p class="back-link"><a href="{esc(root)}/">Choose another area</a></p>'
        f"{_heading(area)}{_error_summary(errors, _links(area))}{_form(area, raw, errors, root)}"
    )
    title = area.title or humanize(area.name)
    return _document(("Error: " if errors else "") + title, body, root)


def _answer_rows(area: Area, answers: Answers) -> str:
    """The answers as the scenario holds them, as a description list."""
    data = answers.data or {}
    actor = data.get("actor", {})
    facts = data.get(area.name, {})
    member = actor.get("member", OMIT)
    rows = [
        (_ENVELOPE_LABELS[ROLE_FIELD], humanize(str(actor.get("role", "")))),
        (
            _ENVELOPE_LABELS[MEMBER_FIELD],
            "from the role" if member is OMIT else show(member),
        ),
    ]
    if data.get("title"):
        rows.append((_ENVELOPE_LABELS[TITLE_FIELD], str(data["title"])))
    rows.append((_ENVELOPE_LABELS[DATE_FIELD], str(data.get("date", ""))))
    rows.append((_ENVELOPE_LABELS[ID_FIELD], str(data.get("id", ""))))
    rows.extend((humanize(f.question.name), _shown_fact(f, facts)) for f in area_fields(area))
    items = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in rows)
    return f'<dl class="answers">{items}</dl>'


def _shown_fact(field: Field, facts: Mapping[str, Any]) -> str:
    question = field.question
    if question.name not in facts:
        return empty_answer(question)
    value = facts[question.name]
    if value is None:
        return "unknown"
    return humanize(show(value)) if question.kind == "choice" else show(value)


def outcome_page(
    area: Area,
    answers: Answers,
    outcome: Outcome,
    outcome_html: str,
    *,
    root: str,
    download: str,
    decision_id: str | None,
) -> str:
    """The outcome, the answers it rests on, the download, and the form to change them."""
    data = answers.data or {}
    name = f"{data.get('id', 'scenario')}.yaml"
    logged = (
        f'<p class="decision-id">Logged as decision <code>{esc(decision_id)}</code>.</p>'
        if decision_id
        else ""
    )
    body = (
        f'<p class="back-link"><a href="{esc(root)}/">Choose another area</a></p>'
        f"{_heading(area)}"
        '<section class="outcome" aria-labelledby="outcome-heading">'
        '<h2 id="outcome-heading" class="visually-hidden">The outcome</h2>'
        f"{outcome_html}</section>"
        '<section class="your-answers" aria-labelledby="answers-heading">'
        '<h2 id="answers-heading">The answers it rests on</h2>'
        f"{_answer_rows(area, answers)}{logged}</section>"
        '<section class="keep" aria-labelledby="keep-heading">'
        '<h2 id="keep-heading">Keep it</h2>'
        f'<p><a class="button" href="{esc(download)}" download="{esc(name)}">'
        f"Download the scenario file ({esc(name)})</a></p>"
        f"<p>Decide it again at any time with <code>ala-policy evaluate {esc(name)}</code>. "
        "To print the outcome, use your browser's Print command: the questions are left out "
        "of the print.</p></section>"
        '<section class="change" aria-labelledby="change-heading">'
        '<h2 id="change-heading">Change the answers</h2>'
        f"{_form(area, answers.raw, {}, root)}</section>"
    )
    decision = outcome.decision.value.upper().replace("_", " ")
    title = f"{decision}: {area.title or humanize(area.name)} ({data.get('id', '')})"
    return _document(title, body, root)


def message_page(title: str, paragraphs: list[str], root: str) -> str:
    """A page that says one thing (why the page cannot answer), in words, with a way back
    to the start; ``paragraphs`` are text, escaped here."""
    body = (
        f"<h1>{esc(title)}</h1>"
        + "".join(f"<p>{esc(text)}</p>" for text in paragraphs)
        + f'<p class="back-link"><a href="{esc(root)}/">Back to the start</a></p>'
    )
    return _document(f"Error: {title}", body, root)
