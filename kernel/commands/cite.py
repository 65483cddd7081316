"""``ala-policy cite``: one clause of the policy corpus, verbatim, as the edition in force
on a date has it."""

from __future__ import annotations

import datetime
import json
import re
import textwrap

import click

from ..errors import UsageError
from ..models import Citation
from ..payloads import citation_payload, cite_clause, clause_suggestions
from ..policy import Corpus
from ._text import WIDTH, wrap
from .options import Abort, State, pass_state, text_or_json

__all__ = [
    "citation_payload",
    "cite_clause",
    "cite_command",
    "clause_suggestions",
    "render_citation",
]


def render_citation(corpus: Corpus, citation: Citation, day: datetime.date) -> str:
    """A citation as text: id, document, heading, edition, source, and the verbatim text."""
    info = citation_payload(corpus, citation, day)
    since = f"in force from {info['effective']}" if info["effective"] else "in force: always"
    lines = [f"{citation.id} ({citation.title})"]
    if citation.heading:
        lines.extend(wrap(citation.heading, "  heading: ", "    "))
    lines.extend(
        wrap(f"{citation.edition} ({since}; as of {day.isoformat()})", "  edition: ", "    ")
    )
    if citation.source:
        lines.extend(wrap(citation.source, "  source:  ", "    "))
    lines.append("")
    for line in citation.text.split("\n"):
        lines.extend(_quote(line))
    if info["consequence"]:
        lines.append("")
        lines.extend(wrap(info["consequence"], "  consequence: ", "    "))
    return "\n".join(lines) + "\n"


_BULLET = re.compile(r"(\s*)([-*\u2022]\s+|\d+[.)]\s+)?")


def _quote(line: str) -> list[str]:
    """One line of verbatim text behind ``  | ``, wrapped, keeping its indentation."""
    if not line.strip():
        return ["  |"]
    match = _BULLET.match(line)
    assert match is not None  # the pattern matches the empty prefix at least
    lead, bullet = match.group(1), match.group(2) or ""
    return textwrap.wrap(
        line[match.end() :].rstrip(),
        width=WIDTH,
        initial_indent=f"  | {lead}{bullet}",
        subsequent_indent=f"  | {lead}{' ' * len(bullet)}",
        break_on_hyphens=False,
        break_long_words=False,
    )


@click.command("cite")
@click.argument("clause_id", metavar="ID")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Quote the edition in force on this date.  [default: today]",
)
@text_or_json
@pass_state
def cite_command(
    state: State, clause_id: str, day: datetime.datetime | None, format_name: str
) -> None:
    """Print clause ID verbatim, as the edition in force on --date has it.

    ID is a clause id as findings cite it: code/III.C, nonsolicitation/q8, ... (see
    'ala-policy policies'). The output names the document, the clause's heading, the edition
    and where its text was taken from, and the consequence the policy states, if any.

    \b
    Exit codes:
      0  the clause was quoted
      2  unknown clause id (close ids are suggested), or no edition is in force on the date

    \b
    Examples:
      ala-policy cite code/III.C
      ala-policy cite nonsolicitation/q8 --date 2026-03-01 --format json
    """
    on = day.date() if day is not None else datetime.date.today()
    corpus = state.engine().corpus
    try:
        citation = cite_clause(corpus, clause_id, on)
    except UsageError as exc:
        raise Abort(str(exc)) from None
    if format_name == "json":
        payload = citation_payload(corpus, citation, on)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(render_citation(corpus, citation, on), nl=False)
