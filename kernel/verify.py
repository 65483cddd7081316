"""Proving that readings never guess: walk an area's facts and check what no reading may break.

:func:`verify` builds scenarios from every combination of an area's facts (each enumerable
fact over its values and unknown, numbers over a few values and those plugins offer) and of
the actor (every role, ``actor.member`` unknown, true or false where the role allows):
exhaustively where that is under ``max_combinations``, otherwise every pair of fact values
(a greedy all-pairs cover) and a seeded random sample. Each finding must keep these
invariants (docs/plugins.md, "Verifying a plugin"):

* ``fault``: no evaluator raised or returned garbage; every decision is in the vocabulary;
* ``uncited``: every finding cites at least one clause;
* ``conditions``: a ``conditional`` finding has conditions, and only it has;
* ``missing``: ``missing_facts`` only on ``indeterminate`` findings, and only facts of the
  area (or ``actor.member``);
* ``missing-facts-matter``: filling the missing facts in every way yields at least two
  different decisions (a missing fact is one that decides);
* ``guess``: a ``permitted`` or ``not_applicable`` finding with facts unknown never becomes
  ``prohibited`` when they are filled in (an unknown fact is never taken as false);
* ``consequence``: a consequence only on ``prohibited`` findings, and a document's
  members-only consequence only where the actor is or may be a member;
* ``fresh-process``: the same input gives the same outcome in a new process.

Facts whose metadata says that leaving them out does not make them unknown (``"omitted"``,
``"implied"``: docs/plugins.md) are not filled in by the ``guess`` check.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._candidates import fact_candidates
from ._factspace import OMIT, choices, space
from .decisions import FINDING_DECISIONS, Decision
from .errors import PluginError
from .formats import printable
from .models import Actor, Finding, Scenario

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["AreaReport", "Violation", "verify", "verify_area"]

#: Up to this many combinations (the actor's included), an area is walked exhaustively.
MAX_COMBINATIONS = 1_000_000
#: Beyond it, this many random combinations are checked besides every pair of values.
SAMPLE = 20_000
#: Up to this many ways of filling in unknown facts are all tried; beyond, each fact alone
#: and a seeded sample of the rest.
MAX_FILLINGS = 64
#: The date every walked scenario is decided on (a date every built-in policy is in force).
ON = datetime.date(2026, 3, 1)


@attrs.frozen
class Violation:
    """A broken invariant, with the smallest scenario that still breaks it."""

    area: str
    invariant: str
    message: str
    plugin: str | None
    rule: str | None
    scenario: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a violation."""
        return {
            "area": self.area,
            "invariant": self.invariant,
            "message": self.message,
            "plugin": self.plugin,
            "rule": self.rule,
            "scenario": self.scenario,
        }

    def title(self) -> str:
        """The invariant, with the plugin and rule that broke it: ``guess (plugin p, rule r)``."""
        parts = (f"plugin {self.plugin}" if self.plugin else "", self.rule and f"rule {self.rule}")
        who = ", ".join(part for part in parts if part)
        return f"{self.invariant} ({who})" if who else self.invariant

    def scenario_yaml(self) -> str:
        """The scenario, as YAML (empty where no scenario shows the violation)."""
        import yaml

        if not self.scenario:
            return ""
        return yaml.safe_dump(self.scenario, sort_keys=False, allow_unicode=True)

    def scenario_file(self) -> str:
        """The scenario as a YAML file to decide again with ``ala-policy evaluate``, under a
        comment that says what it breaks."""
        return f"# {self.area}: {printable(self.title())}: {printable(self.message)}\n" + (
            self.scenario_yaml()
        )


@attrs.frozen
class AreaReport:
    """What :func:`verify_area` checked of one area, and what it found."""

    area: str
    combinations: int
    checked: int
    exhaustive: bool
    violations: tuple[Violation, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a report."""
        return {
            "area": self.area,
            "combinations": self.combinations,
            "checked": self.checked,
            "exhaustive": self.exhaustive,
            "violations": [v.to_dict() for v in self.violations],
        }


# -- checking ----------------------------------------------------------------------------------


class _Checker:
    def __init__(self, engine: Engine, area: str, seed: int) -> None:
        self.engine = engine
        self.area = area
        self.facts_class = engine.areas[area].facts
        self.fields = attrs.fields_dict(self.facts_class)
        #: plugins whose ala_policy_fact_candidates failed (each a "fault" violation)
        self.candidate_faults: list[PluginError] = []
        self.choices = choices(  # with the values plugins offer, as of the date walked
            self.facts_class,
            lambda name: fact_candidates(
                engine, area, self.facts_class, name, on=ON, faults=self.candidate_faults
            ),
        )
        self.rng = random.Random(f"fill:{area}:{seed}")  # noqa: S311 - seeded on purpose
        self.facts_paths = {f"{area}.{name}" for name in self.fields}

    def decide(self, section: dict[str, Any], actor: tuple[str, bool | None]) -> list[Finding]:
        facts = self.facts_class(**section)
        role, member = actor
        scenario = Scenario(
            id="verify",
            actor=Actor(role=role, member=member),  # type: ignore[arg-type]
            areas={self.area: facts},
            date=ON,
        )
        return self.engine.evaluate_area(self.area, scenario, facts)

    def decision(self, section: dict[str, Any], actor: tuple[str, bool | None]) -> Decision:
        return Decision.most_severe(f.decision for f in self.decide(section, actor))

    def unknown(self, section: dict[str, Any], actor: tuple[str, bool | None]) -> dict[str, Any]:
        """The unknown facts of a scenario, with the values each could take."""
        found: dict[str, tuple[Any, ...]] = {}
        for name, values in self.choices.items():
            field = self.fields[name]
            if name in section or OMIT not in values or field.default is not None:
                continue
            if field.metadata.get("omitted") in ("default", "not asked"):
                continue
            implied = field.metadata.get("implied", {})
            if any(section.get(other) in by for other, by in implied.items()):
                continue
            found[f"{self.area}.{name}"] = tuple(v for v in values if v is not OMIT)
        role, member = actor
        if member is None and role not in ("member", "non_member"):
            found["actor.member"] = (True, False)
        return found

    def filled(
        self, section: dict[str, Any], actor: tuple[str, bool | None], filling: Mapping[str, Any]
    ) -> tuple[dict[str, Any], tuple[str, bool | None]]:
        changed = dict(section)
        role, member = actor
        for path, value in filling.items():
            if path == "actor.member":
                member = value
            else:
                changed[path.partition(".")[2]] = value
        return changed, (role, member)

    def fillings(self, space: Mapping[str, tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
        paths = list(space)
        total = 1
        for values in space.values():
            total *= len(values)
        if total <= MAX_FILLINGS:
            for combo in itertools.product(*(space[p] for p in paths)):
                yield dict(zip(paths, combo, strict=True))
            return
        for path in paths:
            for value in space[path]:
                yield {path: value}
        for _ in range(MAX_FILLINGS):
            yield {p: self.rng.choice(space[p]) for p in paths}

    def check(
        self, section: dict[str, Any], actor: tuple[str, bool | None]
    ) -> Iterator[tuple[str, str, Finding | None]]:
        """Every invariant the scenario breaks: (invariant, message, finding)."""
        try:
            findings = self.decide(section, actor)
        except Exception as exc:  # noqa: BLE001 - an invariant broken, not a crash
            yield "fault", f"deciding raised {type(exc).__name__}: {exc}", None
            return
        for f in findings:
            yield from self._finding(f, actor)
        decision = Decision.most_severe(f.decision for f in findings)
        unknown = self.unknown(section, actor)
        missing = {m for f in findings for m in f.missing_facts}
        if decision is Decision.INDETERMINATE and missing:
            space = {p: unknown[p] for p in missing if p in unknown}
            if len(space) == len(missing):
                seen = {
                    self.decision(*self.filled(section, actor, filling))
                    for filling in self.fillings(space)
                }
                if len(seen) < 2:
                    yield (
                        "missing-facts-matter",
                        (
                            f"every way of filling in {', '.join(sorted(missing))} gives "
                            f"{seen.pop().value}: they do not decide"
                        ),
                        _first(findings, Decision.INDETERMINATE),
                    )
        if decision in (Decision.PERMITTED, Decision.NOT_APPLICABLE) and unknown:
            for filling in self.fillings(unknown):
                if self.decision(*self.filled(section, actor, filling)) is Decision.PROHIBITED:
                    fewest = self._fewest(section, actor, filling)
                    shown = ", ".join(f"{p} = {_show(v)}" for p, v in fewest.items())
                    # the plugin that prohibits once the fact is known is the one that said
                    # nothing, or allowed it, while it was unknown
                    prohibits = _first(
                        self.decide(*self.filled(section, actor, fewest)), Decision.PROHIBITED
                    )
                    yield (
                        "guess",
                        (
                            f"{decision.value} with facts unknown, but prohibited when {shown}: "
                            "an unknown fact was taken as false"
                        ),
                        prohibits or _first(findings, decision),
                    )
                    break

    def _fewest(
        self, section: dict[str, Any], actor: tuple[str, bool | None], filling: dict[str, Any]
    ) -> dict[str, Any]:
        """``filling`` without the facts it does not need to prohibit (left unknown)."""
        kept = dict(filling)
        for path in list(filling):
            fewer = {p: v for p, v in kept.items() if p != path}
            if fewer and self.decision(*self.filled(section, actor, fewer)) is Decision.PROHIBITED:
                kept = fewer
        return kept

    def _finding(
        self, f: Finding, actor: tuple[str, bool | None]
    ) -> Iterator[tuple[str, str, Finding | None]]:
        if f.error is not None:
            yield "fault", f"plugin {f.plugin!r} failed: {f.error}", f
            return
        if f.decision not in FINDING_DECISIONS:
            yield "fault", f"decision {f.decision.value!r} is not a finding's", f
        if not f.citations:
            yield "uncited", "the finding cites no clause", f
        if bool(f.conditions) is not (f.decision is Decision.CONDITIONAL):
            yield "conditions", f"a {f.decision.value} finding with conditions {f.conditions}", f
        if f.missing_facts and f.decision is not Decision.INDETERMINATE:
            yield "missing", f"missing facts on a {f.decision.value} finding", f
        strange = set(f.missing_facts) - self.facts_paths - {"actor.member"}
        if strange:
            yield "missing", f"missing facts that are no facts of the area: {sorted(strange)}", f
        yield from self._consequence(f, actor)

    def _consequence(
        self, f: Finding, actor: tuple[str, bool | None]
    ) -> Iterator[tuple[str, str, Finding | None]]:
        if f.decision is not Decision.PROHIBITED:
            if f.consequence is not None:
                yield "consequence", f"a consequence on a {f.decision.value} finding", f
            return
        role, member = actor
        may_be_member = Actor(role=role, member=member).may_be_member  # type: ignore[arg-type]
        for citation in f.citations:
            edition = self.engine.corpus.edition_of(citation.id, ON)
            if edition is None or not edition.consequence or edition.consequence_for != "members":
                continue
            if not may_be_member and f.consequence == edition.consequence:
                yield "consequence", "a members-only consequence for an actor who is no member", f
            if may_be_member and f.consequence is None:
                yield "consequence", "a prohibited finding without the consequence it cites", f
            return


def _first(findings: list[Finding], decision: Decision) -> Finding | None:
    return next((f for f in findings if f.decision is decision), None)


def _show(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _scenario_data(
    area: str, section: dict[str, Any], actor: tuple[str, bool | None]
) -> dict[str, Any]:
    role, member = actor
    data: dict[str, Any] = {"id": f"verify-{area.replace('_', '-')}", "date": ON.isoformat()}
    data["actor"] = {"role": role} if member is None else {"role": role, "member": member}
    data[area] = dict(section.items())
    return data


def _minimal(
    checker: _Checker, section: dict[str, Any], actor: tuple[str, bool | None], invariant: str
) -> tuple[dict[str, Any], tuple[str, bool | None]]:
    """The scenario with every optional fact left out that can be, and the plainest actor
    (a member; else the same role with ``member`` left out), while the invariant still
    breaks: the smallest scenario to read."""

    def breaks(trial: dict[str, Any], who: tuple[str, bool | None]) -> bool:
        return any(inv == invariant for inv, _, _ in checker.check(trial, who))

    for plainer in (("member", None), (actor[0], None)):
        if plainer != actor and breaks(section, plainer):
            actor = plainer
            break
    current = dict(section)
    for name in list(current):
        if checker.fields[name].default is attrs.NOTHING:
            continue
        trial = {k: v for k, v in current.items() if k != name}
        if breaks(trial, actor):
            current = trial
    return current, actor


def verify_area(
    engine: Engine,
    area: str,
    *,
    max_combinations: int = MAX_COMBINATIONS,
    sample: int = SAMPLE,
    seed: int = 0,
    fresh_process: int = 0,
) -> AreaReport:
    """Walk ``area``'s facts and actors, and report every broken invariant (one violation
    per invariant and rule, with a minimal scenario).

    :param max_combinations: walk the area exhaustively up to this many combinations of
        facts and actors; beyond, every pair of values and ``sample`` random combinations.
    :param sample: how many random combinations to add where the walk is not exhaustive.
    :param seed: the seed of the sample and of the random fillings of unknown facts.
    :param fresh_process: how many scenarios to decide again in a new process (``0``:
        none); skipped for plugins given as objects, which another process cannot rebuild.
    """
    checker = _Checker(engine, area, seed)
    combos, size, exhaustive = space(
        checker.facts_class, max_combinations, sample, seed, each=checker.choices
    )
    violations: dict[tuple[str, str | None, str | None], Violation] = {}
    for error in checker.candidate_faults:
        violations.setdefault(
            ("fault", error.plugin, "ala_policy_fact_candidates"),
            Violation(
                area=area,
                invariant="fault",
                message=str(error),
                plugin=error.plugin,
                rule=None,
                scenario={},  # no scenario shows it: the hook fails whatever is decided
            ),
        )
    checked = 0
    kept: list[dict[str, Any]] = []
    for section, actor in combos:
        checked += 1
        if fresh_process and len(kept) < fresh_process and checker.rng.random() < 0.05:
            kept.append(_scenario_data(area, section, actor))
        for invariant, message, finding in checker.check(section, actor):
            key = (
                invariant,
                finding.plugin if finding else None,
                finding.rule if finding else None,
            )
            if key in violations:
                continue
            minimal, plainest = _minimal(checker, section, actor, invariant)
            violations[key] = Violation(
                area=area,
                invariant=invariant,
                message=message,
                plugin=key[1],
                rule=key[2],
                scenario=_scenario_data(area, minimal, plainest),
            )
    if kept:
        violations.update(_fresh_process(engine, area, kept))
    return AreaReport(
        area=area,
        combinations=size,
        checked=checked,
        exhaustive=exhaustive,
        violations=tuple(violations.values()),
    )


def _fresh_process(
    engine: Engine, area: str, scenarios: list[dict[str, Any]]
) -> dict[tuple[str, str | None, str | None], Violation]:
    """The same scenarios decided again in a new process, built from the engine's recipe."""
    import subprocess
    import sys

    plugins = engine.recipe.plugins
    if plugins is not None and not all(
        isinstance(p, str)
        or (isinstance(p, tuple) and len(p) == 2 and all(isinstance(q, str) for q in p))
        for p in plugins
    ):
        return {}  # plugins given as objects: another process cannot rebuild this engine
    program = (
        "import json, sys\n"
        "from ala_policy import Engine\n"
        "plugins, disable = json.loads(sys.argv[1])\n"
        "engine = Engine(plugins=[tuple(p) if isinstance(p, list) else p for p in plugins]"
        " if plugins is not None else None, disable=disable)\n"
        "for line in sys.stdin:\n"
        "    print(engine.evaluate(json.loads(line)).to_json())\n"
    )
    recipe = json.dumps([plugins, list(engine.recipe.disable)])
    feed = "".join(json.dumps(s) + "\n" for s in scenarios)
    done = subprocess.run(  # noqa: S603 - this interpreter, running our own program
        [sys.executable, "-c", program, recipe],
        input=feed,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    here = [engine.evaluate(s).to_json() for s in scenarios]
    there = done.stdout.splitlines()
    for data, mine, theirs in zip(scenarios, here, there, strict=False):
        if mine != theirs:
            violation = Violation(
                area=area,
                invariant="fresh-process",
                message="a new process decides the same input differently",
                plugin=None,
                rule=None,
                scenario=data,
            )
            return {("fresh-process", None, None): violation}
    if done.returncode != 0 or len(there) != len(scenarios):
        violation = Violation(
            area=area,
            invariant="fresh-process",
            message=f"a new process could not decide the scenarios: {done.stderr[-300:]}",
            plugin=None,
            rule=None,
            scenario=scenarios[0],
        )
        return {("fresh-process", None, None): violation}
    return {}


def verify(
    engine: Engine,
    areas: Iterable[str] | None = None,
    *,
    max_combinations: int = MAX_COMBINATIONS,
    sample: int = SAMPLE,
    seed: int = 0,
    fresh_process: int = 200,
) -> list[AreaReport]:
    """:func:`verify_area` for each of ``areas`` (every registered area by default), with
    the same ``max_combinations``, ``sample``, ``seed`` and ``fresh_process``."""
    names = list(areas) if areas is not None else sorted(engine.areas)
    return [
        verify_area(
            engine,
            name,
            max_combinations=max_combinations,
            sample=sample,
            seed=seed,
            fresh_process=fresh_process,
        )
        for name in names
    ]
