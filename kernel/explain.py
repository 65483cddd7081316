"""Explanations and counterfactuals: why a finding is what it is, and what would change it.

Counterfactuals are found, not written: the engine re-evaluates the area with the values of
its facts changed, one fact at a time, then two at a time, and keeps the smallest sets of
changes that make the area ``permitted``. The values come from each fact's type (a
``Literal`` gives its values, a ``bool`` true and false), so an area a plugin adds gets
counterfactuals too. Facts of other types (numbers, free text) are not varied.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs

from .models import ROLES, Decision, Finding, Outcome, Scenario

if typing.TYPE_CHECKING:
    from .engine import Engine

__all__ = [
    "Change",
    "Explanation",
    "counterfactual_outcomes",
    "counterfactuals",
    "explain",
    "fact_values",
]

#: How many facts a counterfactual may change at most, by default.
MAX_CHANGES = 2
#: How many counterfactuals are kept per area, by default.
MAX_COUNTERFACTUALS = 6

_TARGET = Decision.PERMITTED


@attrs.frozen
class Change:
    """Setting one fact (``gift.pending_business``, or ``actor.role``) to a value."""

    path: str
    value: Any

    def describe(self) -> str:
        """``gift.pending_business were false``."""
        return f"{self.path} were {_show(self.value)}"


@attrs.frozen(kw_only=True)
class Explanation:
    """One area of a scenario explained: its findings, the facts they read, and the
    smallest changes that would make the area permitted (for an area that is not allowed at
    all: permitted, or else permitted on conditions)."""

    area: str
    decision: Decision
    findings: tuple[Finding, ...]
    facts: dict[str, Any]
    counterfactuals: tuple[tuple[Change, ...], ...]
    #: The decision each counterfactual gives the area (permitted, or conditional).
    results: tuple[Decision, ...] = ()
    #: How many more counterfactuals of the same size were found than are listed.
    more: int = 0
    #: How many facts a counterfactual could change at most.
    max_changes: int = MAX_CHANGES

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of an explanation."""
        return {
            "area": self.area,
            "decision": self.decision.value,
            "facts": self.facts,
            "findings": [
                {
                    **finding.to_dict(),
                    "facts_used": {p: self.facts.get(p) for p in finding.facts_used},
                }
                for finding in self.findings
            ],
            "counterfactuals": [
                [{"fact": c.path, "value": c.value} for c in changes]
                for changes in self.counterfactuals
            ],
            "counterfactual_decisions": [decision.value for decision in self.results],
            "more_counterfactuals": self.more,
        }


def show_value(value: Any) -> str:
    """A fact value as the explanation prints it: true, false, unknown, or the value."""
    return _show(value)


def _show(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "unknown"
    return str(value)


def fact_values(facts_class: type) -> dict[str, tuple[Any, ...]]:
    """The values each enumerable fact of a facts class can take (``None`` left out)."""
    hints = typing.get_type_hints(facts_class)
    space: dict[str, tuple[Any, ...]] = {}
    for field in attrs.fields(facts_class):
        values = _enumerate(hints.get(field.name))
        if values:
            space[field.name] = values
    return space


def _enumerate(tp: Any) -> tuple[Any, ...]:
    if tp is bool:
        return (True, False)
    origin = typing.get_origin(tp)
    if origin is Literal:
        return tuple(typing.get_args(tp))
    args = typing.get_args(tp)
    if args and type(None) in args:  # X | None, Optional[X]
        values: list[Any] = []
        for arg in args:
            if arg is not type(None):
                values.extend(_enumerate(arg))
        return tuple(values)
    return ()


def _dimensions(scenario: Scenario, area: str, facts: Any) -> list[tuple[str, tuple[Any, ...]]]:
    dims = [
        (f"{area}.{name}", tuple(v for v in values if v != getattr(facts, name)))
        for name, values in fact_values(type(facts)).items()
    ]
    dims.append(("actor.role", tuple(r for r in ROLES if r != scenario.actor.role)))
    if scenario.actor.role not in ("member", "non_member"):  # these roles fix membership
        dims.append(("actor.member", tuple(v for v in (True, False) if v != scenario.actor.member)))
    return [(path, values) for path, values in dims if values]


def _apply(
    scenario: Scenario, area: str, facts: Any, changes: Sequence[Change]
) -> tuple[Scenario, Any]:
    fact_changes = {}
    for change in changes:
        if change.path in ("actor.role", "actor.member"):
            field = change.path.partition(".")[2]
            actor = attrs.evolve(scenario.actor, **{field: change.value})
            scenario = attrs.evolve(scenario, actor=actor)
        else:
            fact_changes[change.path.partition(".")[2]] = change.value
    return scenario, attrs.evolve(facts, **fact_changes) if fact_changes else facts


def _candidates(dims: list[tuple[str, tuple[Any, ...]]], size: int) -> Iterator[tuple[Change, ...]]:
    for combo in itertools.combinations(dims, size):
        paths = [path for path, _ in combo]
        for values in itertools.product(*(vals for _, vals in combo)):
            yield tuple(Change(p, v) for p, v in zip(paths, values, strict=False))


def counterfactuals(
    engine: Engine,
    scenario: Scenario,
    area: str,
    *,
    max_changes: int = MAX_CHANGES,
    limit: int = MAX_COUNTERFACTUALS,
    allow: Iterable[Decision] = (_TARGET,),
) -> tuple[tuple[Change, ...], ...]:
    """The smallest sets of fact changes that make ``area`` permitted (or any of ``allow``).

    Sets of one change are tried first; only if none works, sets of two, and so on up to
    ``max_changes``. Changes that give the first of ``allow`` come before the others, and
    changes of circumstance before changes of the conduct itself (the area's required facts,
    such as what is done) and of the actor. At most ``limit`` sets are returned, in a stable
    order.
    """
    found = counterfactual_outcomes(
        engine, scenario, area, max_changes=max_changes, limit=limit, allow=allow
    )
    return tuple(changes for changes, _ in found)


def counterfactual_outcomes(
    engine: Engine,
    scenario: Scenario,
    area: str,
    *,
    max_changes: int = MAX_CHANGES,
    limit: int = MAX_COUNTERFACTUALS,
    allow: Iterable[Decision] = (_TARGET,),
) -> tuple[tuple[tuple[Change, ...], Decision], ...]:
    """:func:`counterfactuals`, each with the decision it gives the area."""
    found = _search(engine, scenario, area, max_changes=max_changes, allow=allow)
    return tuple(found[:limit])


def _search(
    engine: Engine,
    scenario: Scenario,
    area: str,
    *,
    max_changes: int,
    allow: Iterable[Decision],
) -> list[tuple[tuple[Change, ...], Decision]]:
    """Every smallest set of changes that gives one of ``allow``, best first.

    Changes of circumstance (the area's optional facts, the actor's membership) are tried
    first, at every size; the conduct itself (the area's required facts, such as what is
    done) and the actor's role are changed only where no change of circumstance helps, since
    "it would be allowed if you did something else" is rarely the answer wanted.
    """
    wanted = {decision: rank for rank, decision in enumerate(allow)}
    facts = scenario.areas[area]
    dims = _dimensions(scenario, area, facts)
    conduct = {
        f"{area}.{field.name}"
        for field in attrs.fields(type(facts))
        if field.default is attrs.NOTHING
    }
    conduct.add("actor.role")
    circumstances = [dim for dim in dims if dim[0] not in conduct]
    for space in (circumstances, dims):
        for size in range(1, max_changes + 1):
            found: list[tuple[tuple[Change, ...], Decision]] = []
            for changes in _candidates(space, size):
                try:
                    changed_scenario, changed_facts = _apply(scenario, area, facts, changes)
                except (ValueError, TypeError):
                    continue  # a combination the facts class itself refuses
                findings = engine.evaluate_area(area, changed_scenario, changed_facts)
                decision = Decision.most_severe(f.decision for f in findings)
                if decision in wanted:
                    found.append((changes, decision))
            if found:
                found.sort(
                    key=lambda item: (
                        sum(c.path in conduct for c in item[0]),
                        sum(c.path == "actor.role" for c in item[0]),  # a new role comes last
                        wanted[item[1]],
                    )
                )
                return found
    return []


def _fact_value(scenario: Scenario, path: str) -> Any:
    head, _, name = path.partition(".")
    if head == "actor":
        return getattr(scenario.actor, name, None)
    facts = scenario.areas.get(head)
    return getattr(facts, name, None) if facts is not None else None


def explain(
    engine: Engine, scenario: Scenario, outcome: Outcome, *, max_changes: int = MAX_CHANGES
) -> list[Explanation]:
    """Explain every area of a decided scenario, with counterfactuals where it is not
    permitted (prohibited, conditional or indeterminate)."""
    explanations = []
    for area in scenario.areas:
        findings = tuple(f for f in outcome.findings if f.area == area)
        decision = Decision.most_severe(f.decision for f in findings)
        facts = {
            f"{area}.{field.name}": getattr(scenario.areas[area], field.name)
            for field in attrs.fields(type(scenario.areas[area]))
        }
        facts["actor.role"] = scenario.actor.role
        for finding in findings:
            for path in finding.facts_used:
                facts.setdefault(path, _fact_value(scenario, path))
        needs = decision in (Decision.PROHIBITED, Decision.CONDITIONAL, Decision.INDETERMINATE)
        # A conditional area asks what would remove its duties; any other, what would
        # allow the conduct at all (permitted first, else permitted on conditions).
        allow = (
            (Decision.PERMITTED,)
            if decision is Decision.CONDITIONAL
            else (Decision.PERMITTED, Decision.CONDITIONAL)
        )
        found = (
            _search(engine, scenario, area, max_changes=max_changes, allow=allow) if needs else []
        )
        shown = found[:MAX_COUNTERFACTUALS]
        explanations.append(
            Explanation(
                area=area,
                decision=decision,
                findings=findings,
                facts=facts,
                counterfactuals=tuple(changes for changes, _ in shown),
                results=tuple(result for _, result in shown),
                more=len(found) - len(shown),
                max_changes=max_changes,
            )
        )
    return explanations
