"""``ala-policy policies`` and ``ala-policy cite``: the policy corpus, and one clause verbatim."""

from __future__ import annotations

import datetime
import difflib
import json
import re
import textwrap
from collections import Counter
from collections.abc import Mapping
from typing import Any

import click

from ..cli import Abort, State, main, pass_state, text_or_json
from ..coverage import Citer, clause_coverage
from ..errors import PolicyError, UsageError
from ..models import Citation
from ..policy import Clause, Corpus, Edition, NotInForce, PolicyDocument

WIDTH = 88

__all__ = [
    "citation_payload",
    "cite_clause",
    "clause_suggestions",
    "policies_payload",
    "render_citation",
    "render_policies",
]


# -- the corpus -----------------------------------------------------------------------------


def _effective(edition: Edition) -> str | None:
    return edition.effective.isoformat() if edition.effective is not None else None


def policies_payload(
    corpus: Corpus, coverage: Mapping[str, tuple[Citer, ...]] | None = None
) -> dict[str, Any]:
    """Every document, its editions and their clauses, as JSON-ready data.

    With ``coverage`` (:func:`ala_policy.coverage.clause_coverage`), each clause lists who
    cites it (``cited_by``: area, plugin and rules) and ``not_decided`` lists the clauses no
    area decides.
    """

    def clause_data(clause: Clause) -> dict[str, Any]:
        data: dict[str, Any] = {"id": clause.id, "heading": clause.heading, "text": clause.text}
        if coverage is not None:
            data["cited_by"] = [citer.to_dict() for citer in coverage.get(clause.id, ())]
        return data

    payload: dict[str, Any] = {
        "documents": [
            {
                "id": document.id,
                "title": document.title,
                "publisher": document.publisher,
                "editions": [
                    {
                        "name": edition.name,
                        "effective": _effective(edition),
                        "source": edition.source,
                        "consequence": edition.consequence,
                        "consequence_for": edition.consequence_for,
                        "replaces": edition.replaces,
                        "clauses": [clause_data(clause) for clause in edition.clauses.values()],
                    }
                    for edition in document.editions
                ],
            }
            for document in _documents(corpus)
        ]
    }
    if coverage is not None:
        payload["not_decided"] = [cid for cid, citers in coverage.items() if not citers]
    return payload


def _documents(corpus: Corpus) -> list[PolicyDocument]:
    return [corpus.documents[doc_id] for doc_id in sorted(corpus.documents)]


def render_policies(corpus: Corpus, coverage: Mapping[str, tuple[Citer, ...]] | None = None) -> str:
    """The corpus as text: documents, editions (with effective dates) and clauses, each by
    its own words (its question, or its text where several share a section heading).

    With ``coverage``, each clause says which areas and rules cite it, and a closing list
    names the clauses no area decides.
    """
    lines: list[str] = []
    for document in _documents(corpus):
        if lines:
            lines.append("")
        lines.append(f"{document.id}  {document.title}")
        if document.publisher:
            lines.append(f"  publisher: {document.publisher}")
        for edition in document.editions:
            effective = _effective(edition)
            since = f"in force from {effective}" if effective else "in force: always"
            lines.extend(_wrap(f"{edition.name} ({since})", "  edition: ", "    "))
            if edition.source:
                lines.extend(_wrap(edition.source, "    source: ", "      "))
            if edition.replaces:
                lines.extend(
                    _wrap(f"{edition.replaces} (its text is not held)", "    replaces: ", "      ")
                )
            if edition.consequence:
                lines.extend(_wrap(edition.consequence, "    consequence: ", "      "))
                if edition.consequence_for == "members":
                    lines.append("      (for members: it reaches an actor who is or may be one)")
            lines.extend(_render_clauses(edition, coverage))
    if not lines:
        return "no policy documents are registered\n"
    if coverage is not None:
        undecided = [cid for cid, citers in coverage.items() if not citers]
        if undecided:
            lines.append("")
            lines.extend(
                _wrap(
                    "Not decided by any area (no rule reads them, so the engine says nothing "
                    "about them; silence is not permission): " + ", ".join(undecided) + ".",
                    "",
                    "  ",
                )
            )
    return "\n".join(lines) + "\n"


def _render_clauses(
    edition: Edition, coverage: Mapping[str, tuple[Citer, ...]] | None
) -> list[str]:
    """An edition's clauses: grouped under a section heading several share, each named by
    its own heading (a question) or, in a group, by its text."""
    lines: list[str] = []
    shared = Counter(c.heading for c in edition.clauses.values() if c.heading)
    width = max(len(cid) for cid in edition.clauses)
    group: str | None = None
    for clause in edition.clauses.values():
        in_group = clause.heading is not None and shared[clause.heading] > 1
        if in_group and clause.heading != group:
            lines.extend(_wrap(clause.heading or "", "    ", "      "))
        group = clause.heading if in_group else None
        indent = "      " if in_group else "    "
        label = clause.heading if clause.heading and not in_group else _short(clause.text)
        hanging = " " * (len(indent) + width + 2)
        lines.extend(_wrap(label, f"{indent}{clause.id:<{width}}  ", hanging))
        if coverage is not None:
            citers = coverage.get(clause.id, ())
            if not citers:
                lines.append(f"{hanging}not decided by any area")
            for citer in citers:
                lines.extend(_wrap(_describe_citer(citer), f"{hanging}cited by ", hanging + "  "))
    return lines


def _short(text: str) -> str:
    return textwrap.shorten(text, width=320, placeholder=" ...")


def _describe_citer(citer: Citer) -> str:
    where = citer.area or "no area"
    if citer.plugin != citer.area:
        where += f" [plugin {citer.plugin}]"
    if not citer.rules:
        return where
    prefix = f"{citer.area}."
    return where + ": " + ", ".join(rule.removeprefix(prefix) for rule in citer.rules)


# -- one clause -----------------------------------------------------------------------------


def clause_suggestions(corpus: Corpus, clause_id: str, n: int = 3) -> list[str]:
    """Known clause ids close to ``clause_id`` (case-insensitive; a bare local id matches)."""
    known = sorted({cid for document in corpus.documents.values() for cid in document.clause_ids})
    by_lower: dict[str, str] = {}
    for cid in known:
        by_lower.setdefault(cid.lower(), cid)
    wanted = clause_id.strip().lower()
    exact_local = [cid for cid in known if cid.lower().partition("/")[2] == wanted]
    close = [
        by_lower[match]
        for match in difflib.get_close_matches(wanted, list(by_lower), n=n, cutoff=0.6)
    ]
    return list(dict.fromkeys([*exact_local, *close]))[:n]


def cite_clause(corpus: Corpus, clause_id: str, day: datetime.date) -> Citation:
    """The clause quoted from the edition in force on ``day``.

    :raises UsageError: the clause id is unknown (the message suggests close ids), or no
        edition containing it is in force on ``day``. Each message is one line.
    """
    try:
        return corpus.cite(clause_id, day)
    except PolicyError:
        suggestions = clause_suggestions(corpus, clause_id)
        hint = (
            f"; did you mean {', '.join(suggestions)}?"
            if suggestions
            else "; 'ala-policy policies' lists the clause ids"
        )
        raise UsageError(f"unknown clause {clause_id!r}{hint}") from None
    except NotInForce as exc:
        edition = exc.document.edition_on(day)
        if edition is not None:
            raise UsageError(
                f"clause {clause_id!r} is not in the edition of {exc.document.title!r} in force "
                f"on {day.isoformat()} ({edition.name})"
            ) from None
        raise UsageError(str(exc)) from None


def citation_payload(corpus: Corpus, citation: Citation, day: datetime.date) -> dict[str, Any]:
    """A citation as JSON-ready data, with the date asked and the edition's effective date."""
    payload = citation.to_dict()
    document = corpus.documents.get(citation.document)
    edition = document.edition_on(day) if document is not None else None
    payload["on"] = day.isoformat()
    payload["effective"] = _effective(edition) if edition is not None else None
    payload["consequence"] = edition.consequence if edition is not None else None
    return payload


def render_citation(corpus: Corpus, citation: Citation, day: datetime.date) -> str:
    """A citation as text: id, document, heading, edition, source, and the verbatim text."""
    info = citation_payload(corpus, citation, day)
    since = f"in force from {info['effective']}" if info["effective"] else "in force: always"
    lines = [f"{citation.id} ({citation.title})"]
    if citation.heading:
        lines.extend(_wrap(citation.heading, "  heading: ", "    "))
    lines.extend(
        _wrap(f"{citation.edition} ({since}; as of {day.isoformat()})", "  edition: ", "    ")
    )
    if citation.source:
        lines.extend(_wrap(citation.source, "  source:  ", "    "))
    lines.append("")
    for line in citation.text.split("\n"):
        lines.extend(_quote(line))
    if info["consequence"]:
        lines.append("")
        lines.extend(_wrap(info["consequence"], "  consequence: ", "    "))
    return "\n".join(lines) + "\n"


def _wrap(text: str, initial: str, subsequent: str) -> list[str]:
    return textwrap.wrap(
        text.strip(),
        width=WIDTH,
        initial_indent=initial,
        subsequent_indent=subsequent,
        break_on_hyphens=False,
    ) or [initial.rstrip()]


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


# -- commands ---------------------------------------------------------------------------------


@main.command("policies")
@text_or_json
@pass_state
def policies_command(state: State, format_name: str) -> None:
    """List the policy documents the loaded plugins provide, with their clauses and who
    decides each.

    For each document: its id (the prefix of its clause ids), title and publisher; each
    edition with the date it takes effect ("always" when undated), its source and the
    consequence it states for violations; and each clause with its question or its words,
    and the areas and rules that cite it. Clauses no area decides are listed at the end:
    the engine says nothing about them, which is not permission. A scenario's date picks
    the edition in force; 'ala-policy cite' quotes a clause.

    \b
    Examples:
      ala-policy policies
      ala-policy policies --format json
    """
    engine = state.engine()
    coverage = clause_coverage(engine)
    if format_name == "json":
        payload = policies_payload(engine.corpus, coverage)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(render_policies(engine.corpus, coverage), nl=False)


@main.command("cite")
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
