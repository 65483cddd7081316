"""What the engine makes of what evaluators return: findings for faults, for a policy not in
force, for an area nobody decided; resolved citations; the time budget of a scenario; and
the rules a plugin declares. Internal records and helpers of :mod:`ala_policy.engine`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from .decisions import Decision
from .errors import PolicyError
from .models import Citation, Finding, Ruling
from .policy import NotInForce, PolicyView

__all__ = [
    "ERROR",
    "Budget",
    "Resolved",
    "Unresolved",
    "declared_rules",
    "fault",
    "not_in_force",
    "not_in_force_reason",
    "resolve",
    "ruling_problem",
    "undecided",
    "wrong_type",
]


class Resolved:
    """A ruling's clause and duty ids resolved on a date: the citations, the wording of its
    duties, and the consequence its cited documents state (``members_only``: it reaches only
    actors who are or may be members). Cached per (clause ids, duty ids, decision, date); a
    plain slotted record."""

    __slots__ = ("citations", "consequence", "duties", "members_only")

    def __init__(
        self,
        citations: tuple[Citation, ...],
        consequence: str | None,
        members_only: bool,
        duties: tuple[str, ...] = (),
    ) -> None:
        self.citations = citations
        self.consequence = consequence
        self.members_only = members_only
        #: the wording of the ruling's duties, from the editions in force
        self.duties = duties


class Unresolved:
    """Why a ruling's clause ids cannot be quoted on a date: the clause is not in force
    (the finding is then indeterminate, and says so), or it does not exist (``fault``: the
    plugin's fault, named as such)."""

    __slots__ = ("fault", "reason")

    def __init__(self, reason: str, *, fault: bool) -> None:
        self.reason = reason
        self.fault = fault


def resolve(ruling: Ruling, policy: PolicyView) -> Resolved | Unresolved:
    """Citations, duties and consequence for a ruling's ids on a date (the engine caches
    them per clause ids, duty ids, decision and date), or why they cannot be quoted."""
    corpus = policy.corpus
    try:
        citations = tuple(corpus.cite(cid, policy.on) for cid in ruling.cites)
        duties = tuple(corpus.duty(did, policy.on) for did in ruling.duties)
    except PolicyError as exc:
        return Unresolved(str(exc), fault=True)
    except NotInForce as exc:
        return Unresolved(not_in_force_reason(exc), fault=False)
    if ruling.decision is Decision.PROHIBITED:
        for cid in ruling.cites:
            edition = corpus.edition_of(cid, policy.on)
            if edition is not None and edition.consequence:
                members_only = edition.consequence_for == "members"
                return Resolved(citations, edition.consequence, members_only, duties)
    return Resolved(citations, None, False, duties)


class Budget:
    """The time one scenario's evaluators may take together."""

    __slots__ = ("end", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


#: Paths a ruling may name besides its area's facts (``facts_used``, ``missing_facts``).
SCENARIO_PATHS = frozenset({"actor.role", "actor.member", "date"})

_CITED = (Decision.PROHIBITED, Decision.PERMITTED, Decision.CONDITIONAL)
# Each ``Decision.X`` on CPython 3.11 and before goes through EnumType's ``__getattr__`` hook
# (about 90 ns); these checks run for every ruling, so they read module constants.
_CONDITIONAL = Decision.CONDITIONAL
_INDETERMINATE = Decision.INDETERMINATE
#: Not a finding's decision (the engine faults a ruling that gives it).
ERROR = Decision.ERROR


def ruling_problem(ruling: Ruling, paths: frozenset[str]) -> str | None:
    """What is wrong with a ruling's shape, in words, or ``None``: a finding that says it is
    decided must rest on a clause, a conditional one must say its conditions, and the facts
    it names must be facts (``paths``: the area's, as ``area.fact``, and those of
    :data:`SCENARIO_PATHS`). The engine turns a problem into a fault, never a permitted
    finding (docs/plugins.md, "Fault isolation")."""
    decision = ruling.decision
    if decision in _CITED and not ruling.cites:
        return f"returned a {decision.value} ruling that cites no clause"
    if decision is _CONDITIONAL and not (ruling.conditions or ruling.duties):
        return "returned a conditional ruling without conditions or duties"
    if ruling.missing_facts and decision is not _INDETERMINATE:
        return f"returned a {decision.value} ruling with missing facts (only an indeterminate has)"
    # Each field apart, without a loop and getattr: this runs for every ruling.
    missing = ruling.missing_facts
    if missing and not paths.issuperset(missing):
        return _strange("missing_facts", missing, paths)
    used = ruling.facts_used
    if used and not paths.issuperset(used):
        return _strange("facts_used", used, paths)
    return None


def _strange(field: str, named: tuple[str, ...], paths: frozenset[str]) -> str:
    strange = sorted(p for p in named if p not in paths)
    return f"returned a ruling whose {field} names what is no fact of the area: " + ", ".join(
        repr(p) for p in strange
    )


def undecided(area: str) -> Finding:
    return Finding(
        area=area,
        decision=Decision.INDETERMINATE,
        reason=f"No evaluator decided the {area!r} area "
        "(its plugins may be disabled), so the engine does not guess.",
    )


def not_in_force_reason(exc: NotInForce) -> str:
    return (
        f"The policy this finding rests on is not in force: {exc}; the engine does not "
        "decide the conduct under it."
    )


def not_in_force(area: str, plugin: str, exc: NotInForce) -> Finding:
    return Finding(
        area=area, decision=Decision.INDETERMINATE, reason=not_in_force_reason(exc), plugin=plugin
    )


def fault(area: str, plugin: str, what: str) -> Finding:
    from ._log import log

    log().warning("plugin %r failed on area %r: %s", plugin, area, what)
    return Finding(
        area=area,
        decision=Decision.INDETERMINATE,
        reason=f"Plugin {plugin!r} failed, so this finding cannot be decided: {what}",
        plugin=plugin,
        error=what,
    )


def declared_rules(cited: object) -> dict[str | None, tuple[str, ...]] | None:
    """What ``ala_policy_cited_clauses`` returned, as rule -> clause ids (``None``: no
    rules declared); ``None`` if it is neither clause ids nor such a mapping."""
    if isinstance(cited, Mapping):
        declared: dict[str | None, tuple[str, ...]] = {}
        for rule, clauses in cited.items():
            if not isinstance(rule, str) or isinstance(clauses, str):
                return None
            if not isinstance(clauses, Iterable):
                return None
            ids = tuple(clauses)
            if not all(isinstance(cid, str) for cid in ids):
                return None
            declared[rule] = ids
        return declared
    if isinstance(cited, str) or not isinstance(cited, Iterable):
        return None
    ids = tuple(cited)
    if not all(isinstance(cid, str) for cid in ids):
        return None
    return {None: ids}


def wrong_type(value: object) -> str:
    return f"returned {type(value).__name__}, not a Ruling, an iterable of Rulings, or None"
