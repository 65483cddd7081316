"""The JSON payloads that describe the engine and explain its decisions, built once for every
front end: the commands print them (``--format json``) and the HTTP API answers with them
(``ala-policy serve``), so both always say the same thing.

* :func:`policies_payload`: ``ala-policy policies`` and ``GET /v1/policies``;
* :func:`cite_clause` and :func:`citation_payload`: ``ala-policy cite`` and
  ``GET /v1/policies/{clause_id}``;
* :func:`plugins_payload`: ``ala-policy plugins`` and ``GET /v1/plugins``;
* :func:`explain_item` and :func:`explanation_payload`: ``ala-policy explain`` and
  ``POST /v1/explain``.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import PolicyError, ScenarioError, UsageError
from .explain import MAX_CHANGES, Explanation, explain
from .models import Citation, InputFailure, Outcome, Source
from .pipeline import decide_raw
from .policy import Clause, Corpus, Edition, NotInForce, PolicyDocument

if TYPE_CHECKING:
    from .coverage import Citer
    from .engine import Engine
    from .inputs import RawScenario

__all__ = [
    "citation_payload",
    "cite_clause",
    "clause_suggestions",
    "documents",
    "effective_date",
    "explain_item",
    "explanation_payload",
    "plugins_payload",
    "policies_payload",
]


def effective_date(edition: Edition) -> str | None:
    """The date the edition takes effect, as ``YYYY-MM-DD``, or ``None`` if undated."""
    return edition.effective.isoformat() if edition.effective is not None else None


# -- policies and clauses ---------------------------------------------------------------------


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
                        "effective": effective_date(edition),
                        "source": edition.source,
                        "consequence": edition.consequence,
                        "consequence_for": edition.consequence_for,
                        "replaces": edition.replaces,
                        "clauses": [clause_data(clause) for clause in edition.clauses.values()],
                    }
                    for edition in document.editions
                ],
            }
            for document in documents(corpus)
        ]
    }
    if coverage is not None:
        payload["not_decided"] = [cid for cid, citers in coverage.items() if not citers]
    return payload


def documents(corpus: Corpus) -> list[PolicyDocument]:
    """The corpus's documents, sorted by id."""
    return [corpus.documents[doc_id] for doc_id in sorted(corpus.documents)]


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
    payload["effective"] = effective_date(edition) if edition is not None else None
    payload["consequence"] = edition.consequence if edition is not None else None
    return payload


# -- plugins ----------------------------------------------------------------------------------

#: What a plugin adds, when it adds nothing.
_NOTHING: dict[str, list[str]] = {"areas": [], "formats": [], "policies": [], "decides": []}


def added_by(engine: Engine) -> dict[str, dict[str, list[str]]]:
    """Per plugin: the areas, formats and policy documents it registered, and the areas
    whose evaluator hook it implements."""
    added: dict[str, dict[str, list[str]]] = {}
    for kind, by in engine.registered_by.items():
        for name, plugin in sorted(by.items()):
            added.setdefault(plugin, {k: [] for k in _NOTHING})[kind].append(name)
    for area, plugins in sorted(engine.area_plugins().items()):
        for plugin in plugins:
            added.setdefault(plugin, {k: [] for k in _NOTHING})["decides"].append(area)
    return added


def plugins_payload(engine: Engine) -> dict[str, Any]:
    """Every plugin (name, distribution, version, hooks, and what it added and decides),
    the plugins blocked and those that failed to load, and who registered and who decides
    each area."""
    added = added_by(engine)
    return {
        "plugins": [
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "builtin": info.builtin,
                "hooks": list(info.hooks),
                **added.get(info.name, _NOTHING),
            }
            for info in engine.plugins()
        ],
        "disabled": list(engine.disabled),
        "load_errors": [{"plugin": e.plugin, "message": str(e)} for e in engine.load_errors],
        "areas": sorted(engine.areas),
        "formats": sorted(engine.formats),
        "registered_by": {
            kind: dict(sorted(by.items())) for kind, by in engine.registered_by.items()
        },
        "decided_by": {
            area: list(plugins) for area, plugins in sorted(engine.area_plugins().items())
        },
    }


# -- explanations -----------------------------------------------------------------------------


def explain_item(
    engine: Engine,
    item: RawScenario | InputFailure,
    *,
    max_changes: int = MAX_CHANGES,
) -> tuple[Outcome, list[Explanation]]:
    """One scenario as read, decided and explained; one that cannot be read or is not valid
    is an error outcome (with its file, line and field path) and no explanation."""
    if isinstance(item, InputFailure):
        return Outcome.from_failure(item), []
    try:
        scenario = engine.parse(item.data, source=Source(item.file, item.line))
    except ScenarioError:
        return decide_raw(engine, item), []
    outcome = engine.evaluate(scenario)
    return outcome, explain(engine, scenario, outcome, max_changes=max_changes)


def explanation_payload(outcome: Outcome, explanations: list[Explanation]) -> dict[str, Any]:
    """One scenario's explanation as data for JSON: its id, decision (and error), and each
    area explained. A fact's value may be of a type JSON has none for (a date): dump with
    ``default=str``."""
    return {
        "id": outcome.id,
        "decision": outcome.decision.value,
        **({"error": outcome.error.to_dict()} if outcome.error else {}),
        "areas": [e.to_dict() for e in explanations],
    }
