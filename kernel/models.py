"""The public models: decisions, scenarios, rulings, citations, findings and outcomes.

Every model is a frozen attrs class. Plugins build :class:`Ruling` objects; the kernel turns
them into :class:`Finding` objects (with verbatim citations resolved from the policy corpus)
and combines findings into an :class:`Outcome`.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import attrs

from ._slots import _FindingSlots, _OutcomeSlots, _ScenarioSlots
from .decisions import FINDING_DECISIONS, Decision, DecisionName
from .errors import FieldError
from .rulings import Ruling, unknown_facts

__all__ = [
    "FINDING_DECISIONS",
    "ROLES",
    "Actor",
    "Citation",
    "Decision",
    "Expectation",
    "Finding",
    "InputFailure",
    "Outcome",
    "Ruling",
    "Scenario",
    "Source",
    "Summary",
    "unknown_facts",
]


#: The roles an actor may have.
ROLES = ("member", "business_partner", "educator", "sponsor", "staff", "non_member")
Role = Literal["member", "business_partner", "educator", "sponsor", "staff", "non_member"]


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def _check_id(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if value.isascii() and value.isalnum():  # letters and digits only: valid, without the regex
        return
    if not _ID_RE.match(value):
        raise ValueError(
            f"invalid id {value!r}: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )


def _check_member(
    actor: Actor, _attribute: attrs.Attribute[bool | None], value: bool | None
) -> None:
    implied = _IMPLIED_MEMBERSHIP.get(actor.role)
    if value is not None and implied is not None and value is not implied:
        raise FieldError(
            ["member"],
            f"role {actor.role} means member: {'true' if implied else 'false'}; "
            "leave member out or change the role",
        )


#: Roles that say whether the actor holds an ALA membership (others leave it to ``member``).
_IMPLIED_MEMBERSHIP = {"member": True, "non_member": False}


@attrs.frozen
class Actor:
    """Who acts in a scenario. ``name`` is personal data and is never logged.

    ``member`` says whether the actor holds an ALA membership: ``role: member`` implies
    true and ``role: non_member`` false (giving the opposite is an input error); for the
    other roles it is unknown unless given (see docs/scenarios.md, "The envelope").
    """

    role: Role
    name: str | None = None
    organization: str | None = None
    member: bool | None = attrs.field(default=None, validator=_check_member)

    @property
    def membership(self) -> bool | None:
        """Whether the actor holds an ALA membership: true, false, or ``None`` (unknown)."""
        if self.member is not None:
            return self.member
        return _IMPLIED_MEMBERSHIP.get(self.role)

    @property
    def may_be_member(self) -> bool:
        """The actor is, or may be, an ALA member (membership true or unknown)."""
        return self.membership is not False


@attrs.frozen
class Expectation:
    """What a scenario's author expects (checked by ``ala-policy test``)."""

    decision: DecisionName
    cites: tuple[str, ...] = ()


@attrs.frozen
class Source:
    """Where a scenario came from: file and 1-based line, where known."""

    file: str
    line: int | None = None

    def describe(self) -> str:
        """``file:line`` (or just ``file`` where the line is not known)."""
        return self.file if self.line is None else f"{self.file}:{self.line}"


@attrs.frozen(kw_only=True)
class Scenario(_ScenarioSlots):
    """A validated scenario: the envelope plus one facts object per area section present.

    ``areas`` maps an area name to an instance of that area's facts class.
    """

    id: str = attrs.field(validator=_check_id)
    actor: Actor
    areas: Mapping[str, Any]
    title: str | None = None
    date: datetime.date | None = None
    expect: Expectation | None = None
    source: Source | None = attrs.field(default=None, eq=False)

    def on(self) -> datetime.date:
        """The date of the conduct: ``date`` if given, else today."""
        return self.date if self.date is not None else datetime.date.today()


@attrs.frozen(kw_only=True)
class Citation:
    """A clause quoted verbatim from the edition of its document in force."""

    #: the full clause id (``code/III.C``)
    id: str
    #: the clause's text, verbatim
    text: str
    #: the id of the policy document (``code``)
    document: str
    #: the document's title
    title: str
    #: the name of the edition quoted: the one in force on the scenario's date
    edition: str
    #: where that edition's text was taken from
    source: str
    #: the clause's heading (its section, or the question it answers), if it has one
    heading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a citation."""
        return {
            "id": self.id,
            "text": self.text,
            "heading": self.heading,
            "document": self.document,
            "title": self.title,
            "edition": self.edition,
            "source": self.source,
        }


@attrs.frozen(kw_only=True)
class Finding(_FindingSlots):
    """One evaluator's decision on one area of a scenario, with resolved citations."""

    #: the area decided (the scenario's section, ``gift``)
    area: str
    #: the evaluator's decision (never :attr:`Decision.ERROR`)
    decision: Decision
    #: why, in a sentence
    reason: str
    #: the clauses the ruling cites, quoted from the editions in force; empty when the
    #: policy is not in force on the date, or the plugin failed
    citations: tuple[Citation, ...] = ()
    #: duties that remain: always some for a ``conditional`` finding, none otherwise
    conditions: tuple[str, ...] = ()
    #: paths of the unknown facts that could change an ``indeterminate`` finding
    missing_facts: tuple[str, ...] = ()
    #: the consequence the policy states for a ``prohibited`` finding, or ``None``
    consequence: str | None = None
    #: the name of the plugin that decided
    plugin: str | None = None
    #: the plugin's name for the rule that decided
    rule: str | None = None
    #: the fact paths the rule read
    facts_used: tuple[str, ...] = ()
    #: what the plugin raised or returned, when it failed (the finding is ``indeterminate``)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding (docs/scenarios.md, "Output")."""
        data: dict[str, Any] = {
            "area": self.area,
            "decision": self.decision.value,
            "reason": self.reason,
            "citations": [c.to_dict() for c in self.citations],
            "conditions": list(self.conditions),
            "missing_facts": list(self.missing_facts),
            "consequence": self.consequence,
            "plugin": self.plugin,
            "rule": self.rule,
        }
        if self.error is not None:
            data["error"] = self.error
        return data

    def to_json(self) -> str:
        """``json.dumps(self.to_dict())``, with the (long, shared) citations encoded once."""
        parts = [
            '{"area": ',
            _text(self.area),
            ', "decision": ',
            _text(self.decision.value),
            ', "reason": ',
            _text(self.reason),
            ', "citations": ',
            _citations_json(self.citations),
            ', "conditions": ',
            _texts(self.conditions),
            ', "missing_facts": ',
            _texts(self.missing_facts),
            ', "consequence": ',
            _text(self.consequence),
            ', "plugin": ',
            _text(self.plugin),
            ', "rule": ',
            _text(self.rule),
        ]
        if self.error is not None:
            parts += [', "error": ', _text(self.error)]
        parts.append("}")
        return "".join(parts)


_encode = json.JSONEncoder(ensure_ascii=True, separators=(", ", ": ")).encode
_quote: Any = json.encoder.encode_basestring_ascii


def _text(value: str | None) -> str:
    """A string (or null) as JSON, without the encoder's per-call overhead."""
    return "null" if value is None else str(_quote(value))


def _texts(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_quote, values)) + "]" if values else "[]"


_citation_cache: dict[int, tuple[tuple[Citation, ...], str]] = {}


def _citations_json(citations: tuple[Citation, ...]) -> str:
    """The JSON list of citations, cached by the identity of the (shared) tuple."""
    cached = _citation_cache.get(id(citations))
    if cached is not None and cached[0] is citations:
        return cached[1]
    text = _encode([c.to_dict() for c in citations])
    if len(_citation_cache) >= 4096:
        _citation_cache.clear()
    _citation_cache[id(citations)] = (citations, text)
    return text


@attrs.frozen(kw_only=True)
class InputFailure:
    """Why a scenario could not be read or validated."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of an input error."""
        return {"message": self.message, "file": self.file, "line": self.line, "path": self.path}

    def describe(self) -> str:
        """``file:line: path: message``, on one line."""
        where = ""
        if self.file is not None:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        return f"{where}{self.path + ': ' if self.path else ''}{self.message}"


@attrs.frozen(kw_only=True)
class Outcome(_OutcomeSlots):
    """A scenario's result: its combined decision and every finding behind it."""

    #: the scenario's id (``None`` when the input had none usable)
    id: str | None
    #: the most severe decision of the findings, or :attr:`Decision.ERROR`
    decision: Decision
    #: every finding, in the order the areas and their evaluators gave them
    findings: tuple[Finding, ...] = ()
    #: the scenario's title, if it has one
    title: str | None = None
    #: the date the scenario was decided as of (its ``date``, or the day it ran)
    date: datetime.date | None = None
    #: where the scenario came from, where known
    source: Source | None = None
    #: why the scenario could not be read, when :attr:`decision` is ``error``
    error: InputFailure | None = None
    #: what the scenario's author expects, if anything (``ala-policy test`` checks it)
    expect: Expectation | None = None
    #: the plugins blocked for the run that decided it
    disabled_plugins: tuple[str, ...] = ()
    #: whether the scenario gave its date; ``False`` when it was decided as of today
    date_given: bool = True

    @classmethod
    def from_findings(
        cls,
        scenario: Scenario,
        findings: Iterable[Finding],
        *,
        on: datetime.date | None = None,
        disabled_plugins: tuple[str, ...] = (),
    ) -> Outcome:
        """Combine ``findings``, most severe first, into the scenario's outcome.

        ``disabled_plugins`` records the plugins blocked for this run: an outcome more
        lenient than the built-in reading can only come from blocking a built-in, and the
        outcome says so.
        """
        outcome = outcome_of(scenario, findings, on, disabled_plugins)
        if cls is Outcome:  # the common case: built without the cost of calling a class
            return outcome
        # A subclass: the same fields, through its own class.
        return cls(**{f.name: getattr(outcome, f.name) for f in attrs.fields(Outcome)})

    @classmethod
    def from_failure(cls, failure: InputFailure, *, scenario_id: str | None = None) -> Outcome:
        """The outcome of a scenario that could not be read: decision ``error``."""
        source = Source(failure.file, failure.line) if failure.file is not None else None
        return cls(id=scenario_id, decision=Decision.ERROR, error=failure, source=source)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a result (docs/scenarios.md, "Output")."""
        data: dict[str, Any] = {"id": self.id, "decision": self.decision.value}
        if self.title is not None:
            data["title"] = self.title
        if self.date is not None:
            data["date"] = self.date.isoformat()
            data["date_given"] = self.date_given
        if self.source is not None:
            data["source"] = {"file": self.source.file, "line": self.source.line}
        data["findings"] = [f.to_dict() for f in self.findings]
        if self.disabled_plugins:
            data["disabled_plugins"] = list(self.disabled_plugins)
        if self.error is not None:
            data["error"] = self.error.to_dict()
        return data

    def to_json(self) -> str:
        """Exactly ``json.dumps(self.to_dict())`` (``ensure_ascii``, ``", "`` and ``": "``
        separators, the same key order), built without re-encoding shared citations."""
        parts = ['{"id": ', _text(self.id), ', "decision": ', _text(self.decision.value)]
        if self.title is not None:
            parts += [', "title": ', _text(self.title)]
        if self.date is not None:
            parts += [', "date": ', _text(self.date.isoformat())]
            parts.append(', "date_given": true' if self.date_given else ', "date_given": false')
        if self.source is not None:
            parts += [', "source": ', _encode({"file": self.source.file, "line": self.source.line})]
        parts += [', "findings": [', ", ".join(f.to_json() for f in self.findings), "]"]
        if self.disabled_plugins:
            parts += [', "disabled_plugins": ', _encode(list(self.disabled_plugins))]
        if self.error is not None:
            parts += [', "error": ', _encode(self.error.to_dict())]
        parts.append("}")
        return "".join(parts)

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every distinct citation of every finding, in order."""
        seen: dict[str, Citation] = {}
        for finding in self.findings:
            for citation in finding.citations:
                seen.setdefault(citation.id, citation)
        return tuple(seen.values())


def outcome_of(
    scenario: Scenario,
    findings: Iterable[Finding],
    on: datetime.date | None,
    disabled_plugins: tuple[str, ...],
) -> Outcome:
    """``Outcome.from_findings(scenario, findings, on=on, disabled_plugins=...)``, positional
    (the engine calls it for every decision)."""
    found = tuple(findings)
    if len(found) == 1:
        decision = found[0].decision
    else:
        decision = Decision.most_severe(f.decision for f in found)
    return (_outcome_builder or _build_outcome())(
        scenario.id,
        decision,
        found,
        scenario.title,
        on if on is not None else scenario.date,
        scenario.source,
        None,
        scenario.expect,
        disabled_plugins,
        scenario.date is not None,
    )


_outcome_builder: Callable[..., Outcome] | None = None


def _build_outcome() -> Callable[..., Outcome]:
    """:class:`Outcome`'s builder (``ala_policy._builders``), compiled on first use."""
    global _outcome_builder  # noqa: PLW0603 - compiled once
    from ._builders import positional

    _outcome_builder = positional(Outcome)
    return _outcome_builder


@attrs.define
class Summary:
    """Counts of a run's outcomes by decision."""

    counts: dict[str, int] = attrs.field(factory=dict)
    total: int = 0

    def add(self, outcome: Outcome) -> None:
        """Count ``outcome``."""
        self.count(outcome.decision)

    def count(self, decision: Decision) -> None:
        """Count one outcome of ``decision``."""
        key = decision.value
        self.counts[key] = self.counts.get(key, 0) + 1
        self.total += 1

    def count_values(self, values: Iterable[str]) -> None:
        """Count outcomes by their decisions' values (``"permitted"``), many at a time."""
        counts = self.counts
        for key, number in Counter(values).items():
            counts[key] = counts.get(key, 0) + number
            self.total += number

    @property
    def errors(self) -> int:
        """How many scenarios could not be read."""
        return self.counts.get(Decision.ERROR.value, 0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a summary."""
        return {
            "total": self.total,
            "decisions": {
                d.value: self.counts[d.value] for d in Decision if d.value in self.counts
            },
        }

    def describe(self) -> str:
        """``"3 scenarios: 1 prohibited, 2 permitted"``, ``"11 scenarios: 11 errors"``: the
        decisions are adjectives, ``error`` a noun that takes its plural."""
        noun = "scenario" if self.total == 1 else "scenarios"
        parts = []
        for d in reversed(Decision):
            count = self.counts.get(d.value)
            if count:
                word = "errors" if d is Decision.ERROR and count > 1 else d.value
                parts.append(f"{count} {word}")
        return f"{self.total} {noun}: " + (", ".join(parts) if parts else "none")
