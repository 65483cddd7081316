"""Clause coverage: which areas, plugins and rules cite each clause, and which no area decides.

Built from what plugins declare through ``ala_policy_cited_clauses`` (clause ids, or rule
names with the clause ids each rule may cite) and from which areas' evaluator hooks each
plugin implements. A clause that no plugin cites is decided by no area: the engine says
nothing about it, which is not permission (the Code's aspirational duties, for one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["Citer", "clause_coverage"]


@attrs.frozen
class Citer:
    """A plugin that may cite a clause, in an area, through some rules.

    :param area: the area the citing rules decide (``None``: the plugin evaluates no area).
    :param plugin: the plugin's registered name.
    :param rules: the rule names that may cite the clause; empty when the plugin declares
        clause ids without rules.
    """

    area: str | None
    plugin: str
    rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a citer."""
        return {"area": self.area, "plugin": self.plugin, "rules": list(self.rules)}


def clause_coverage(engine: Engine) -> dict[str, tuple[Citer, ...]]:
    """Every clause id of every document in ``engine``'s corpus, with who may cite it.

    A clause mapped to ``()`` is decided by no area.
    """
    plugin_areas: dict[str, list[str]] = {}
    for area_name, plugins in engine.area_plugins().items():
        for plugin in plugins:
            plugin_areas.setdefault(plugin, []).append(area_name)
    found: dict[str, dict[tuple[str | None, str], list[str]]] = {}
    for plugin, declared in engine.declared_citations.items():
        areas = plugin_areas.get(plugin, [])
        for rule, clauses in declared.items():
            for area in _areas_of(rule, areas):
                for clause in clauses:
                    rules = found.setdefault(clause, {}).setdefault((area, plugin), [])
                    if rule is not None and rule not in rules:
                        rules.append(rule)
    coverage: dict[str, tuple[Citer, ...]] = {}
    for doc_id in sorted(engine.corpus.documents):
        document = engine.corpus.documents[doc_id]
        ids = dict.fromkeys(cid for edition in document.editions for cid in edition.clauses)
        for clause in ids:
            citers = found.get(clause, {})
            coverage[clause] = tuple(
                Citer(area=area, plugin=plugin, rules=tuple(rules))
                for (area, plugin), rules in sorted(
                    citers.items(), key=lambda item: (item[0][0] or "", item[0][1])
                )
            )
    return coverage


def _areas_of(rule: str | None, areas: list[str]) -> list[str | None]:
    """The areas a declared rule decides: the one its name starts with, where the plugin
    evaluates it; else every area the plugin evaluates (``[None]`` if none)."""
    if rule is not None:
        head = rule.partition(".")[0]
        if head in areas:
            return [head]
    return list(areas) or [None]
