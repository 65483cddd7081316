"""``ala-policy policies``: the policy corpus, its editions and clauses, and who decides each.

``ala-policy cite`` (one clause verbatim) is in :mod:`ala_policy.commands.cite`; its
functions are importable from here too.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Mapping

import click

from ..coverage import Citer, clause_coverage
from ..payloads import (
    citation_payload,
    cite_clause,
    clause_suggestions,
    effective_date,
    policies_payload,
)
from ..payloads import documents as _documents
from ..policy import Corpus, Edition
from ._text import wrap
from .cite import render_citation
from .options import State, pass_state, text_or_json

__all__ = [
    "citation_payload",
    "cite_clause",
    "clause_suggestions",
    "policies_command",
    "policies_payload",
    "render_citation",
    "render_policies",
]


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
            effective = effective_date(edition)
            since = f"in force from {effective}" if effective else "in force: always"
            lines.extend(wrap(f"{edition.name} ({since})", "  edition: ", "    "))
            if edition.source:
                lines.extend(wrap(edition.source, "    source: ", "      "))
            if edition.replaces:
                lines.extend(
                    wrap(f"{edition.replaces} (its text is not held)", "    replaces: ", "      ")
                )
            if edition.consequence:
                lines.extend(wrap(edition.consequence, "    consequence: ", "      "))
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
                wrap(
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
            lines.extend(wrap(clause.heading or "", "    ", "      "))
        group = clause.heading if in_group else None
        indent = "      " if in_group else "    "
        label = clause.heading if clause.heading and not in_group else _short(clause.text)
        hanging = " " * (len(indent) + width + 2)
        lines.extend(wrap(label, f"{indent}{clause.id:<{width}}  ", hanging))
        if coverage is not None:
            citers = coverage.get(clause.id, ())
            if not citers:
                lines.append(f"{hanging}not decided by any area")
            for citer in citers:
                lines.extend(wrap(_describe_citer(citer), f"{hanging}cited by ", hanging + "  "))
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


@click.command("policies")
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
