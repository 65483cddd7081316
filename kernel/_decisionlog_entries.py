"""What the decision log records of a decision: the masked input, the provenance, and the
outcome, each as canonical JSON text made once (shared clauses and findings are encoded once
per run, not once per row)."""

from __future__ import annotations

import datetime
import json
import operator
import os
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._decisionlog_base import MASK, CanonicalJSON, LogEntry, canonical
from .models import Citation, Decision, Finding, Outcome

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["DEFAULT_MASK", "entries_for", "mask_input", "outcome_json", "provenance"]

#: Fields masked in every logged input, whatever the configuration adds.
DEFAULT_MASK = ("actor.name", "actor.organization")

_quote: Any = json.encoder.encode_basestring_ascii


# -- masking --------------------------------------------------------------------------------


def _mask_paths(fields: Iterable[str]) -> list[tuple[str, ...]]:
    paths = []
    for field in (*DEFAULT_MASK, *fields):
        parts = tuple(part for part in field.strip().split(".") if part)
        if parts and parts not in paths:
            paths.append(parts)
    return paths


#: What to mask, as a tree of keys: ``{"actor": {"name": None}}``, ``None`` where a value
#: is masked whole.
_Tree = dict[str, Any]


def _mask_tree(paths: list[tuple[str, ...]]) -> _Tree:
    tree: _Tree = {}
    for path in paths:
        node = tree
        for part in path[:-1]:
            child: Any = node.get(part, {})
            if child is None:  # a shorter path masks it whole already
                break
            node = node.setdefault(part, child)
        else:
            node[path[-1]] = None
    return tree


def _masked(value: Mapping[Any, Any], tree: _Tree) -> dict[Any, Any]:
    out = dict(value)
    for key, below in tree.items():
        found = out.get(key)
        if found is not None:
            out[key] = MASK if below is None else _masked_value(found, below)
    return out


def _masked_value(value: Any, tree: _Tree) -> Any:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return _masked(value, tree)
    if isinstance(value, list):
        return [_masked_value(item, tree) for item in value]
    # Not the mapping the path goes through (an invalid input: ``actor: Jane Doe``): what
    # it holds may be the personal data itself.
    return MASK


def mask_input(data: Mapping[str, Any], fields: Iterable[str] = ()) -> dict[str, Any]:
    """A copy of a scenario mapping with :data:`DEFAULT_MASK` and ``fields`` (dotted paths,
    ``actor.email``, ``gift.giver``) replaced by ``"***"`` where present.

    A path through a list applies to each of its items; a path through a value that is not
    a mapping (``actor: Jane Doe``, an invalid input) masks that value whole. The mapping
    given is not changed."""
    return _masked(data, _mask_tree(_mask_paths(fields)))


def _error_is_masked(path: str | None, paths: list[tuple[str, ...]]) -> bool:
    """An input error whose message may quote a masked value: its field path (within its
    file, ``scenarios[2].actor.name``) ends with a masked field, a part of one, or lies
    below one."""
    if not path:
        return False
    parts = [part.partition("[")[0] for part in path.split(".")]
    parts = [part for part in parts if part]
    for masked in paths:
        for start in range(len(parts)):
            tail = tuple(parts[start:])
            if masked[: len(tail)] == tail or tail[: len(masked)] == masked:
                return True
    return False


# -- the outcome as canonical JSON ------------------------------------------------------------

_citation_texts: dict[int, tuple[tuple[Citation, ...], str]] = {}


def _citations_json(citations: tuple[Citation, ...]) -> str:
    """A finding's citations as canonical JSON, cached by the identity of the tuple (the
    engine shares one tuple among the findings that cite the same clauses)."""
    cached = _citation_texts.get(id(citations))
    if cached is not None and cached[0] is citations:
        return cached[1]
    text = canonical([c.to_dict() for c in citations])
    if len(_citation_texts) >= 4096:
        _citation_texts.clear()
    _citation_texts[id(citations)] = (citations, text)
    return text


def _texts(values: tuple[str, ...]) -> str:
    return "[" + ",".join(map(_quote, values)) + "]" if values else "[]"


def _finding_json(finding: Finding) -> str:
    """The canonical JSON text of ``finding.to_dict()``."""
    parts = [
        '{"area":',
        _quote(finding.area),
        ',"citations":',
        _citations_json(finding.citations),
        ',"conditions":',
        _texts(finding.conditions),
        ',"consequence":',
        "null" if finding.consequence is None else _quote(finding.consequence),
        ',"decision":',
        _quote(finding.decision.value),
    ]
    if finding.error is not None:
        parts += [',"error":', _quote(finding.error)]
    parts += [
        ',"missing_facts":',
        _texts(finding.missing_facts),
        ',"plugin":',
        "null" if finding.plugin is None else _quote(finding.plugin),
        ',"reason":',
        _quote(finding.reason),
        ',"rule":',
        "null" if finding.rule is None else _quote(finding.rule),
        "}",
    ]
    return "".join(parts)


def outcome_json(outcome: Outcome) -> str:
    """The canonical JSON text of ``outcome.to_dict()``, with each distinct finding encoded
    once per run."""
    parts = []
    if outcome.date is not None:
        parts.append('"date":' + _quote(outcome.date.isoformat()))
        parts.append('"date_given":' + ("true" if outcome.date_given else "false"))
    parts.append('"decision":' + _quote(outcome.decision.value))
    if outcome.disabled_plugins:
        parts.append('"disabled_plugins":' + canonical(list(outcome.disabled_plugins)))
    if outcome.error is not None:
        parts.append('"error":' + canonical(outcome.error.to_dict()))
    parts.append('"findings":[' + ",".join(map(_finding_json, outcome.findings)) + "]")
    parts.append('"id":' + ("null" if outcome.id is None else _quote(outcome.id)))
    if outcome.source is not None:
        parts.append(
            '"source":' + canonical({"file": outcome.source.file, "line": outcome.source.line})
        )
    if outcome.title is not None:
        parts.append('"title":' + _quote(outcome.title))
    return "{" + ",".join(parts) + "}"


# -- provenance -------------------------------------------------------------------------------


class _Provenance:
    """An engine's provenance texts, by the plugins and editions an outcome names."""

    def __init__(self, engine: Engine) -> None:
        from . import __version__

        self.engine = {"name": "ala-policy", "version": str(__version__)}
        self.versions = {info.name: info.version for info in engine.plugins()}
        self.registrars = dict(engine.registered_by.get("policies", {}))
        self.effective: dict[tuple[str, str], str | None] = {}
        for document in engine.corpus.documents.values():
            for edition in document.editions:
                day = edition.effective
                self.effective[document.id, edition.name] = None if day is None else day.isoformat()
        self.texts: dict[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], str] = {}
        #: by the plugin and the identity of the citations of each finding (shared tuples)
        self.by_findings: dict[tuple[Any, ...], tuple[tuple[Any, ...], str]] = {}

    def text(self, outcome: Outcome) -> str:
        findings = outcome.findings
        citations = tuple(f.citations for f in findings)
        key = tuple((f.plugin, id(f.citations)) for f in findings)
        cached = self.by_findings.get(key)
        if cached is not None and all(map(operator.is_, cached[0], citations)):
            return cached[1]
        text = self._text(outcome)
        if len(self.by_findings) >= 4096:
            self.by_findings.clear()
        self.by_findings[key] = (citations, text)
        return text

    def _text(self, outcome: Outcome) -> str:
        plugins = tuple(f.plugin for f in outcome.findings if f.plugin is not None)
        editions = tuple((c.document, c.edition) for c in outcome.citations)
        key = (plugins, editions)
        text = self.texts.get(key)
        if text is None:
            names = {*plugins, *(self.registrars.get(doc, "") for doc, _ in editions)} - {""}
            policies = []
            for document, edition in dict.fromkeys(editions):
                effective = self.effective.get((document, edition))
                policies.append({"document": document, "edition": edition, "effective": effective})
            text = canonical(
                {
                    "engine": self.engine,
                    "plugins": [
                        {"name": name, "version": self.versions.get(name)} for name in sorted(names)
                    ],
                    "policies": policies,
                }
            )
            if len(self.texts) >= 4096:
                self.texts.clear()
            self.texts[key] = text
        return text


_provenances: weakref.WeakKeyDictionary[Engine, _Provenance] = weakref.WeakKeyDictionary()


def _provenance_of(engine: Engine) -> _Provenance:
    found = _provenances.get(engine)
    if found is None:
        found = _provenances[engine] = _Provenance(engine)
    return found


def provenance(engine: Engine, outcome: Outcome) -> dict[str, Any]:
    """``{"engine": {"name", "version"}, "plugins": [{"name", "version"}...],
    "policies": [{"document", "edition", "effective"}...]}``: what decided it (the plugins
    whose findings it holds, and those that registered the documents it cites), and the
    policy editions its citations come from."""
    result: dict[str, Any] = json.loads(_provenance_of(engine).text(outcome))
    return result


# -- entries ----------------------------------------------------------------------------------


def _decision_ids(count: int) -> list[str]:
    """``count`` random UUID4s (RFC 9562), as text, from one call for randomness."""
    pool = bytearray(os.urandom(16 * count))
    ids = []
    for start in range(0, 16 * count, 16):
        pool[start + 6] = (pool[start + 6] & 0x0F) | 0x40  # version 4
        pool[start + 8] = (pool[start + 8] & 0x3F) | 0x80  # the RFC's variant
        h = pool[start : start + 16].hex()
        ids.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return ids


def _clean_id(scenario_id: str | None) -> str | None:
    """A scenario id as a database column can hold it (an unreadable input's id may hold
    anything): with control characters or lone surrogates, as JSON escapes it."""
    if scenario_id is None or scenario_id.isprintable():
        return scenario_id
    return str(_quote(scenario_id))[1:-1]


def entries_for(
    engine: Engine,
    outcomes: Sequence[Outcome],
    inputs: Sequence[Mapping[str, Any] | None],
    *,
    mask: Iterable[str] = (),
    times: Sequence[datetime.datetime] | None = None,
) -> list[LogEntry]:
    """A :class:`LogEntry` per outcome, with a new decision id, the time, provenance and
    the masked input.

    :param inputs: the scenario of each outcome as it was given (a mapping), or ``None``
        to keep no input.
    :param mask: fields masked besides :data:`DEFAULT_MASK` (dotted paths). What the
        outcome repeats of the input is masked with it: the ``title``, and the message of
        an error in a masked field (it may quote the value).
    :param times: when each was decided (timezone-aware); default: now, for all.
    """
    if len(inputs) != len(outcomes) or (times is not None and len(times) != len(outcomes)):
        raise ValueError("entries_for needs one input (and time) per outcome")
    paths = _mask_paths(mask)
    tree = _mask_tree(paths)
    title_masked = "title" in tree and tree["title"] is None  # the outcome repeats it
    source = _provenance_of(engine)
    now = datetime.datetime.now(datetime.timezone.utc)
    ids = _decision_ids(len(outcomes))
    entries = []
    for index, decided in enumerate(outcomes):
        outcome = decided
        data = inputs[index]
        if data is None:
            kept = None
        elif isinstance(data, dict) or isinstance(data, Mapping):  # noqa: SIM101 - dict: fast
            kept = CanonicalJSON(canonical(_masked(data, tree)))
        else:  # not a scenario mapping: nothing in it can be told apart
            kept = CanonicalJSON(canonical({"masked": MASK}))
        error = outcome.error
        if error is not None and _error_is_masked(error.path, paths):
            outcome = attrs.evolve(outcome, error=attrs.evolve(error, message=MASK))
        if title_masked and outcome.title is not None:
            outcome = attrs.evolve(outcome, title=MASK)
        entries.append(
            LogEntry(
                decision_id=ids[index],
                time=now if times is None else times[index],
                scenario_id=_clean_id(outcome.id),
                decision=outcome.decision.value,
                outcome=CanonicalJSON(outcome_json(outcome)),
                provenance=CanonicalJSON(source.text(outcome)),
                input=kept,
            )
        )
    return entries


def loggable(outcome: Outcome) -> bool:
    """Whether the CLI logs an outcome: every decision, not an input that could not be read."""
    return outcome.decision is not Decision.ERROR
