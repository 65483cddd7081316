"""Explanations and counterfactuals: why a finding is what it is, and what would change it.

Counterfactuals are found, not written: the engine re-evaluates the area with the values of
its facts changed, one fact at a time, then two at a time, and keeps the smallest sets of
changes that make the area ``permitted``. The values come from each fact's type (a
``Literal`` gives its values, a ``bool`` true and false), so an area a plugin adds gets
counterfactuals too, and from the plugins: ``ala_policy_fact_candidates`` offers values for
a fact of any type (a limit, free text).

A number is not tried value by value: where its decision flips is searched for among the
values checked (the scenario's own, 0, those plugins offer, and those found halving between
two that decide differently), and said as a bound, ``gift.value_usd were at most 75``, that
names only values checked (:mod:`ala_policy._candidates`).
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs

from ._candidates import bounds, fact_candidates, number_type, number_values, unique
from .models import ROLES, Decision, Finding, Outcome, Scenario

if typing.TYPE_CHECKING:
    from collections.abc import Callable

    from ._candidates import Number
    from .engine import Engine
    from .errors import PluginError

__all__ = [
    "Change",
    "Explanation",
    "counterfactual_outcomes",
    "counterfactuals",
    "explain",
    "fact_candidates",
    "fact_values",
]

#: How many facts a counterfactual may change at most, by default.
MAX_CHANGES = 2
#: How many counterfactuals are kept per area, by default.
MAX_COUNTERFACTUALS = 6
#: The bounds a number's change may have (``Change.bound``), and how each is said.
BOUNDS = {
    "at_most": "at most",
    "less_than": "less than",
    "at_least": "at least",
    "more_than": "more than",
    "between": "between",
}

_TARGET = Decision.PERMITTED


@attrs.frozen
class Change:
    """Setting one fact (``gift.pending_business``, or ``actor.role``) to a value, or a
    number to any value within a bound (``gift.value_usd`` at most 75)."""

    path: str
    value: Any
    #: ``None``: the fact were ``value``. For a number, one of :data:`BOUNDS`: ``value`` is
    #: the bound (``at_most`` 75), or for ``between`` the pair (low, high), both included.
    bound: str | None = None

    def describe(self) -> str:
        """``gift.pending_business were false``, ``gift.value_usd were at most 75``."""
        if self.bound is None:
            return f"{self.path} were {_show(self.value)}"
        if self.bound == "between":
            low, high = self.value
            return f"{self.path} were between {_show(low)} and {_show(high)}"
        return f"{self.path} were {BOUNDS[self.bound]} {_show(self.value)}"

    def to_dict(self) -> dict[str, Any]:
        """``{"fact", "value"}``, with ``"bound"`` for a number's bound."""
        if self.bound is None:
            return {"fact": self.path, "value": self.value}
        value = list(self.value) if self.bound == "between" else self.value
        return {"fact": self.path, "value": value, "bound": self.bound}


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
    #: Plugins whose ``ala_policy_fact_candidates`` failed: their values were not tried.
    faults: tuple[str, ...] = ()

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
                [change.to_dict() for change in changes] for changes in self.counterfactuals
            ],
            "counterfactual_decisions": [decision.value for decision in self.results],
            "more_counterfactuals": self.more,
            "max_changes": self.max_changes,
            "candidate_faults": list(self.faults),
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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 75, not 75.0
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


@attrs.frozen
class _Dim:
    """A fact a counterfactual may change, with the values to try (the fact's own left out);
    a number's ``checked`` are the values its bounds are searched from (its own included)."""

    path: str
    values: tuple[Any, ...]
    number: Number | None = None
    checked: tuple[Any, ...] = ()
    current: Any = None


def _dimensions(
    engine: Engine,
    scenario: Scenario,
    area: str,
    facts: Any,
    faults: list[PluginError] | None = None,
) -> list[_Dim]:
    """The facts a counterfactual may change: the area's, each with its type's values and
    those plugins offer (a number with the values its bounds are searched from), and the
    actor's role and, where the role does not fix it, membership."""
    facts_class = type(facts)
    hints = typing.get_type_hints(facts_class)
    enumerable = fact_values(facts_class)
    on = scenario.on()
    dims = []
    for field in attrs.fields(facts_class):
        name, current = field.name, getattr(facts, field.name)
        path = f"{area}.{name}"
        offered = fact_candidates(engine, area, facts_class, name, on=on, faults=faults)
        number = number_type(hints.get(name))
        if number is None:
            values = unique((*enumerable.get(name, ()), *offered))
            dims.append(_Dim(path, tuple(v for v in values if v != current)))
        else:
            checked = number_values(number, current, offered)
            values = tuple(v for v in checked if v != current)
            dims.append(_Dim(path, values, number, checked, current))
    dims.append(_Dim("actor.role", tuple(r for r in ROLES if r != scenario.actor.role)))
    if scenario.actor.role not in ("member", "non_member"):  # these roles fix membership
        member = tuple(v for v in (True, False) if v != scenario.actor.member)
        dims.append(_Dim("actor.member", member))
    return [dim for dim in dims if dim.values]


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
    faults: list[PluginError] | None = None,
) -> list[tuple[tuple[Change, ...], Decision]]:
    """Every smallest set of changes that gives one of ``allow``, best first.

    Changes of circumstance (the area's optional facts, the actor's membership) are tried
    first, at every size; the conduct itself (the area's required facts, such as what is
    done) and the actor's role are changed only where no change of circumstance helps, since
    "it would be allowed if you did something else" is rarely the answer wanted.
    """
    wanted = {decision: rank for rank, decision in enumerate(allow)}
    facts = scenario.areas[area]
    dims = _dimensions(engine, scenario, area, facts, faults)
    conduct = {
        f"{area}.{field.name}"
        for field in attrs.fields(type(facts))
        if field.default is attrs.NOTHING
    }
    conduct.add("actor.role")
    circumstances = [dim for dim in dims if dim.path not in conduct]

    def decide(changes: Sequence[Change]) -> Decision | None:
        """The area's decision with these changes; ``None``: the facts class refuses them."""
        try:
            changed_scenario, changed_facts = _apply(scenario, area, facts, changes)
        except (ValueError, TypeError):
            return None
        findings = engine.evaluate_area(area, changed_scenario, changed_facts)
        return Decision.most_severe(f.decision for f in findings)

    for space in (circumstances, dims):
        for size in range(1, max_changes + 1):
            found: list[tuple[tuple[Change, ...], Decision]] = []
            for combo in itertools.combinations(space, size):
                found.extend(_tried(combo, decide, wanted))
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


def _tried(
    combo: Sequence[_Dim],
    decide: Callable[[Sequence[Change]], Decision | None],
    wanted: dict[Decision, int],
) -> Iterator[tuple[tuple[Change, ...], Decision]]:
    """The changes of these facts that give a decision wanted: every value of each, except
    the first number, whose bounds are searched for each set of values of the others."""
    ranged = next((dim for dim in combo if dim.number is not None), None)
    others = [dim for dim in combo if dim is not ranged]
    order = {dim.path: index for index, dim in enumerate(combo)}
    for values in itertools.product(*(dim.values for dim in others)):
        fixed = [Change(dim.path, value) for dim, value in zip(others, values, strict=True)]
        if ranged is None or ranged.number is None:
            decision = decide(fixed)
            if decision is not None and decision in wanted:
                yield tuple(fixed), decision
            continue
        path = ranged.path

        def decide_value(
            value: Any, fixed: list[Change] = fixed, path: str = path
        ) -> Decision | None:
            return decide([*fixed, Change(path, value)])

        found = bounds(ranged.number, ranged.checked, ranged.current, decide_value, wanted)
        for bound, value, decision in found:
            changes = sorted([*fixed, Change(path, value, bound)], key=lambda c: order[c.path])
            yield tuple(changes), decision


def _first_per_plugin(faults: Iterable[PluginError]) -> tuple[str, ...]:
    """Each plugin's first failure (one that fails for one fact usually fails for all)."""
    first: dict[str, str] = {}
    for fault in faults:
        first.setdefault(fault.plugin, str(fault))
    return tuple(first.values())


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
        faults: list[PluginError] = []
        found = (
            _search(engine, scenario, area, max_changes=max_changes, allow=allow, faults=faults)
            if needs
            else []
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
                faults=_first_per_plugin(faults),
            )
        )
    return explanations
