"""Invariants every built-in reading keeps, walked over each area's space of facts.

For every built-in area, scenarios are drawn from every combination of its facts (each
enumerable fact over its values and unknown, numbers over a few values) and of the actor
(every role, with ``actor.member`` unknown, true or false where the role allows it):
exhaustively where the space is small, else a seeded sample. Every finding must then keep
the rules of docs/scenarios.md that hold whatever the reading:

* no fault; a decision of the vocabulary; clauses cited (with text), and only clauses its
  rule declares (``ala_policy_cited_clauses``);
* conditions on conditional findings and only there; missing facts on indeterminate ones
  only, each a fact of the area (or ``actor.member``);
* ``indeterminate`` with missing facts: filling them in yields at least two decisions (the
  missing facts are facts that matter);
* ``permitted`` or ``not_applicable`` with facts unknown: no value of any of them, alone or
  with the others, yields ``prohibited`` (an unknown fact is never taken as false);
* the Nonsolicitation consequence exactly on prohibited findings that cite the policy, for
  an actor who is or may be a member.
"""

from __future__ import annotations

import itertools
import random
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from _readings import CONSEQUENCE

from ala_policy import Actor, Decision, Engine, Finding, Scenario
from ala_policy.explain import fact_values
from ala_policy.models import ROLES

AREAS = (
    "gift",
    "conflict_of_interest",
    "directory_use",
    "solicitation",
    "certification",
    "workplace",
    "reporting",
    "confidential_information",
    "governance",
)
#: Up to this many combinations, an area is walked exhaustively; beyond, sampled
#: (ALA_POLICY_WALK_SAMPLE sets the sample's size, for a longer run by hand).
EXHAUSTIVE = 6000
SAMPLE = int(__import__("os").environ.get("ALA_POLICY_WALK_SAMPLE", "2500"))
ON = "2026-03-01"
OMIT: Any = object()
NUMBERS = (0.0, 50.0, 250.0)

ACTORS = tuple(
    Actor(role=role, member=member)  # type: ignore[arg-type]
    for role in ROLES
    for member in (None, True, False)
    if not (role == "member" and member is False) and not (role == "non_member" and member)
)


def _choices(facts_class: type) -> dict[str, tuple[Any, ...]]:
    """Each fact's values; unknown (``OMIT``) for every optional fact."""
    values = fact_values(facts_class)
    hints = typing.get_type_hints(facts_class)
    choices: dict[str, tuple[Any, ...]] = {}
    for field in attrs.fields(facts_class):
        own = values.get(field.name)
        if own is None:
            own = NUMBERS if float in typing.get_args(hints[field.name]) else ()
        if not own:
            continue
        optional = field.default is not attrs.NOTHING
        choices[field.name] = (*own, OMIT) if optional else own
    return choices


def _sections(facts_class: type, seed: str) -> Iterator[tuple[dict[str, Any], Actor]]:
    choices = _choices(facts_class)
    names = list(choices)
    size = len(ACTORS)
    for values in choices.values():
        size *= len(values)
    if size <= EXHAUSTIVE:
        for actor in ACTORS:
            for combo in itertools.product(*choices.values()):
                yield {n: v for n, v in zip(names, combo, strict=True) if v is not OMIT}, actor
        return
    rng = random.Random(seed)
    for _ in range(SAMPLE):
        section = {n: rng.choice(choices[n]) for n in names}
        yield {n: v for n, v in section.items() if v is not OMIT}, rng.choice(ACTORS)


def _decide(engine: Engine, area: str, section: dict[str, Any], actor: Actor) -> list[Finding]:
    facts = engine.areas[area].facts(**section)
    scenario = Scenario(id="walk", actor=actor, areas={area: facts}, date=_date())
    return engine.evaluate_area(area, scenario, facts)


def _date() -> Any:
    import datetime

    return datetime.date.fromisoformat(ON)


def _unknowns(engine: Engine, area: str, section: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """The unknown facts of a scenario (``actor.member`` included where it is unknown),
    with the values each could take."""
    facts_class = engine.areas[area].facts
    fields = attrs.fields_dict(facts_class)
    unknown: dict[str, Any] = {
        f"{area}.{name}": tuple(v for v in values if v is not OMIT)
        for name, values in _choices(facts_class).items()
        if OMIT in values
        and name not in section
        and fields[name].default is None
        # a None that stands for a documented default ("default: from actor.role") is no
        # unknown
        and "(default" not in fields[name].metadata.get("doc", "")
    }
    if actor.membership is None:
        unknown["actor.member"] = (True, False)
    return unknown


def _filled(
    engine: Engine, area: str, section: dict[str, Any], actor: Actor, filling: dict[str, Any]
) -> Decision:
    changed = dict(section)
    member = actor.member
    for path, value in filling.items():
        if path == "actor.member":
            member = value
        else:
            changed[path.partition(".")[2]] = value
    findings = _decide(engine, area, changed, attrs.evolve(actor, member=member))
    return Decision.most_severe(f.decision for f in findings)


def _fillings(space: dict[str, tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    paths = list(space)
    for combo in itertools.product(*(space[p] for p in paths)):
        yield dict(zip(paths, combo, strict=True))


@pytest.mark.parametrize("area", AREAS)
def test_every_finding_keeps_the_invariants(engine: Engine, area: str) -> None:
    declared = engine.declared_citations
    facts_of_area = {f"{area}.{name}" for name in engine.areas[area].fact_names()}
    rng = random.Random(f"fill:{area}")
    walked = 0
    for section, actor in _sections(engine.areas[area].facts, area):
        walked += 1
        findings = _decide(engine, area, section, actor)
        where = (area, section, actor)
        assert findings, where
        for finding in findings:
            assert finding.error is None, (where, finding.error)
            assert finding.decision is not Decision.ERROR, where
            assert finding.citations, where
            assert all(c.text.strip() for c in finding.citations), where
            assert finding.plugin is not None
            rules = declared[finding.plugin]
            assert finding.rule in rules, (where, finding.rule)
            assert {c.id for c in finding.citations} <= set(rules[finding.rule]), where
            conditional = finding.decision is Decision.CONDITIONAL
            assert bool(finding.conditions) is conditional, where
            if finding.decision is not Decision.INDETERMINATE:
                assert finding.missing_facts == (), where
            assert set(finding.missing_facts) <= facts_of_area | {"actor.member"}, where
            cites_policy = any(c.id.startswith("nonsolicitation/") for c in finding.citations)
            member_consequence = (
                finding.decision is Decision.PROHIBITED and cites_policy and actor.may_be_member
            )
            assert finding.consequence == (CONSEQUENCE if member_consequence else None), where
        decision = Decision.most_severe(f.decision for f in findings)
        missing = {m for f in findings for m in f.missing_facts}
        unknown = _unknowns(engine, area, section, actor)
        if decision is Decision.INDETERMINATE and missing:
            assert missing <= set(unknown), (where, missing)
            space = {path: unknown[path] for path in missing}
            outcomes = {
                _filled(engine, area, section, actor, filling) for filling in _fillings(space)
            }
            assert len(outcomes) >= 2, (where, missing, outcomes)
        # governance facts left out are "not what the question is about", not unknown
        # (docs/scenarios.md, "governance"), so they are not filled in.
        if area != "governance" and decision in (Decision.PERMITTED, Decision.NOT_APPLICABLE):
            if area == "directory_use" and section["purpose"] == "contact_someone_met":
                # The purpose says the recipient was met, so an unknown relationship is read
                # from it (docs/scenarios.md, "directory_use"): no guess, a declared fact.
                unknown.pop("directory_use.relationship", None)
            for path, values in unknown.items():
                for value in values:
                    got = _filled(engine, area, section, actor, {path: value})
                    assert got is not Decision.PROHIBITED, (where, path, value)
            for _ in range(5):
                filling = {path: rng.choice(values) for path, values in unknown.items()}
                got = _filled(engine, area, section, actor, filling)
                assert got is not Decision.PROHIBITED, (where, filling)
    assert walked


@pytest.mark.parametrize("area", AREAS)
def test_every_declared_rule_is_a_rule_the_walk_can_reach(engine: Engine, area: str) -> None:
    (plugin,) = engine.area_plugins()[area]
    declared = set(engine.declared_citations[plugin])
    reached: set[str | None] = {
        finding.rule
        for section, actor in _sections(engine.areas[area].facts, f"rules:{area}")
        for finding in _decide(engine, area, section, actor)
    }
    assert declared == reached, f"declared but not reached: {declared - reached}"
