"""The engine: the registries an engine's plugins fill, and deciding scenarios.

An :class:`Engine` owns its own plugin manager (through a
:class:`~ala_policy.loading.PluginLoader`), so one process can hold several engines with
different plugins. Building one loads plugins, collects areas, policy documents and output
formats from them, and checks that every declared citation exists. It then parses and
decides scenarios; reading files and running batches is the pipeline's job
(:mod:`ala_policy.pipeline`), which calls the engine.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ._parsing import FieldError, format_path, peek_id, structure_scenario
from .areas import Area
from .errors import PluginError, PolicyError, ScenarioError, UsageError
from .formats import OutputFormat
from .loading import (
    DISABLE_ENV,
    PluginInfo,
    PluginLoader,
    PluginSpec,
    Recipe,
    make_plugin_manager,
)
from .models import Citation, Decision, Finding, Outcome, Ruling, Scenario, Source
from .policy import Corpus, NotInForce, PolicyDocument, PolicyView, load_policy_file

if TYPE_CHECKING:
    import pluggy

__all__ = ["DISABLE_ENV", "Engine", "PluginInfo", "make_plugin_manager"]


class _Evaluator:
    """One plugin's evaluator of one area (an internal record: a plain slotted class)."""

    __slots__ = ("argnames", "function", "plugin", "standard")

    def __init__(
        self, plugin: str, function: Callable[..., Any], argnames: tuple[str, ...]
    ) -> None:
        self.plugin = plugin
        self.function = function
        self.argnames = argnames
        #: takes exactly (scenario, facts, policy), so it can be called positionally
        self.standard = argnames == ("scenario", "facts", "policy")

    def __repr__(self) -> str:
        return f"_Evaluator(plugin={self.plugin!r}, argnames={self.argnames!r})"


class _Resolved:
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


class _Unresolved:
    """Why a ruling's clause ids cannot be quoted on a date: the clause is not in force
    (the finding is then indeterminate, and says so), or it does not exist (``fault``: the
    plugin's fault, named as such)."""

    __slots__ = ("fault", "reason")

    def __init__(self, reason: str, *, fault: bool) -> None:
        self.reason = reason
        self.fault = fault


class Engine:
    """Decides scenarios and answers with cited outcomes.

    :param plugins: exactly the plugins to register (modules, objects with hookimpls,
        dotted module names, or ``(name, plugin)`` pairs); no entry-point scan. ``None``
        (the default) loads every plugin of the ``ala_policy`` entry-point group, built-in
        ones included.
    :param disable: plugin names to block, in addition to those in the
        ``ALA_POLICY_DISABLE_PLUGINS`` environment variable (entry-point loading only).

    :raises PolicyError: a policy document is malformed, or a plugin declares a citation
        that no document defines.
    :raises PluginError: a plugin implements a hook that does not exist (``check_pending``),
        or registers something invalid.
    """

    def __init__(
        self,
        plugins: Iterable[PluginSpec] | None = None,
        *,
        disable: Iterable[str] = (),
    ) -> None:
        self.loader = PluginLoader(plugins, disable=disable)
        #: the engine's plugin manager
        self.pm: pluggy.PluginManager = self.loader.pm
        #: plugins that failed to load (the engine was built without them)
        self.load_errors = self.loader.load_errors
        #: the plugin names blocked for this engine
        self.disabled = self.loader.disabled
        #: how to build the same engine in another process
        self.recipe: Recipe = self.loader.recipe
        self.areas: dict[str, Area] = {}
        self.formats: dict[str, OutputFormat] = {}
        self.corpus = Corpus()
        self._collect_areas()
        self._collect_policies()
        self._collect_formats()
        self._check_citations()
        self._evaluators = {name: self._evaluators_for(area) for name, area in self.areas.items()}
        self._resolved: dict[
            tuple[tuple[str, ...], tuple[str, ...], Decision, datetime.date],
            _Resolved | _Unresolved,
        ] = {}

    # -- registries -------------------------------------------------------------------

    def _collect_areas(self) -> None:
        def register(area: Area) -> None:
            if not isinstance(area, Area):
                raise TypeError(f"register() takes an Area, not {type(area).__name__}")
            if area.name in self.areas:
                raise ValueError(f"area {area.name!r} is registered twice")
            hook = getattr(self.pm.hook, area.hook, None)
            if hook is None or not getattr(hook, "spec", None):
                raise ValueError(
                    f"area {area.name!r} names hook {area.hook!r}, which has no specification; "
                    "declare it in ala_policy_addhooks"
                )
            self.areas[area.name] = area

        self.loader.call_each("ala_policy_register_areas", register=register)

    def _collect_policies(self) -> None:
        def register(document: PolicyDocument | Path | Any) -> None:
            if not isinstance(document, PolicyDocument):
                document = load_policy_file(document)
            self.corpus.add(document)

        self.loader.call_each("ala_policy_register_policies", register=register)

    def _collect_formats(self) -> None:
        def register(output_format: OutputFormat) -> None:
            if not isinstance(output_format, OutputFormat):
                raise TypeError(
                    f"register() takes an OutputFormat, not {type(output_format).__name__}"
                )
            if output_format.name in self.formats:
                raise ValueError(f"output format {output_format.name!r} is registered twice")
            self.formats[output_format.name] = output_format

        self.loader.call_each("ala_policy_register_formats", register=register)

    def _check_citations(self) -> None:
        #: plugin name -> {rule name (None: rules not declared) -> clause ids}
        self.declared_citations: dict[str, dict[str | None, tuple[str, ...]]] = {}
        for plugin, cited in self.loader.call_each("ala_policy_cited_clauses"):
            declared = _declared_rules(cited)
            if declared is None:
                raise PluginError(
                    f"plugin {plugin!r}: ala_policy_cited_clauses must return clause "
                    "ids, or a mapping of rule names to clause ids",
                    plugin=plugin,
                    hook="ala_policy_cited_clauses",
                )
            for clauses in declared.values():
                self.corpus.check(clauses, who=f"plugin {plugin!r}")
            self.declared_citations[plugin] = declared

    def _evaluators_for(self, area: Area) -> tuple[_Evaluator, ...]:
        hook = getattr(self.pm.hook, area.hook)
        evaluators = []
        for impl in reversed(hook.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} wraps {area.hook}: evaluator hooks are called "
                    "one implementation at a time and take no wrappers",
                    plugin=impl.plugin_name,
                    hook=area.hook,
                )
            evaluators.append(_Evaluator(impl.plugin_name, impl.function, tuple(impl.argnames)))
        return tuple(evaluators)

    # -- introspection ----------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin, sorted by name, with its hooks."""
        return self.loader.plugins()

    def area_plugins(self) -> dict[str, tuple[str, ...]]:
        """Each area's name, with the plugins whose evaluators decide it, in calling order."""
        return {
            area: tuple(evaluator.plugin for evaluator in evaluators)
            for area, evaluators in self._evaluators.items()
        }

    def output_format(self, name: str) -> OutputFormat:
        """The output format called ``name``; :class:`UsageError` names the available ones."""
        try:
            return self.formats[name]
        except KeyError:
            available = ", ".join(sorted(self.formats)) or "none"
            raise UsageError(f"unknown format {name!r}; available formats: {available}") from None

    # -- evaluation -------------------------------------------------------------------------

    def parse(self, data: Any, *, source: Source | None = None) -> Scenario:
        """Validate plain data (a mapping as read from a scenario file) into a :class:`Scenario`.

        :raises ScenarioError: with the field path of the problem.
        """
        try:
            return structure_scenario(data, self.areas, source=source)
        except FieldError as exc:
            raise ScenarioError(
                exc.message,
                file=source.file if source else None,
                line=source.line if source else None,
                path=format_path(exc.parts) or None,
                scenario_id=peek_id(data),
            ) from None

    def evaluate(self, scenario: Scenario | Mapping[str, Any]) -> Outcome:
        """Decide one scenario (or a plain mapping, validated first) into a cited outcome.

        :raises ScenarioError: the mapping is not a valid scenario.
        """
        if not isinstance(scenario, Scenario):
            scenario = self.parse(scenario)
        on = scenario.on()
        policy = PolicyView(self.corpus, on)
        findings: list[Finding] = []
        for area_name, facts in scenario.areas.items():
            findings.extend(self._decide_area(area_name, scenario, facts, policy))
        return Outcome.from_findings(scenario, findings, on=on, disabled_plugins=self.disabled)

    def evaluate_area(self, area_name: str, scenario: Scenario, facts: Any) -> list[Finding]:
        """Decide one area with the given facts (``explain`` uses this for counterfactuals)."""
        policy = PolicyView(self.corpus, scenario.on())
        return self._decide_area(area_name, scenario, facts, policy)

    def _decide_area(
        self, area_name: str, scenario: Scenario, facts: Any, policy: PolicyView
    ) -> list[Finding]:
        findings: list[Finding] = []
        for evaluator in self._evaluators[area_name]:
            try:
                if evaluator.standard:
                    result = evaluator.function(scenario, facts, policy)
                else:
                    kwargs = {"scenario": scenario, "facts": facts, "policy": policy}
                    result = evaluator.function(*[kwargs[a] for a in evaluator.argnames])
            except NotInForce as exc:  # the evaluator read policy data not yet in force
                findings.append(_not_in_force(area_name, evaluator.plugin, exc))
                continue
            except Exception as exc:  # noqa: BLE001 - fail closed, naming the plugin
                findings.append(
                    _fault(area_name, evaluator.plugin, f"raised {type(exc).__name__}: {exc}")
                )
                continue
            if result.__class__ is Ruling:  # the common case
                findings.append(
                    self._finding(area_name, evaluator.plugin, result, policy, scenario)
                )
                continue
            if result is None:
                continue
            rulings = (result,) if isinstance(result, Ruling) else result
            if isinstance(rulings, (str, bytes, Mapping)) or not isinstance(rulings, Iterable):
                findings.append(_fault(area_name, evaluator.plugin, _wrong_type(result)))
                continue
            try:
                items = list(rulings)
            except Exception as exc:  # noqa: BLE001 - a generator may raise midway
                findings.append(
                    _fault(area_name, evaluator.plugin, f"raised {type(exc).__name__}: {exc}")
                )
                continue
            for ruling in items:
                if not isinstance(ruling, Ruling):
                    findings.append(_fault(area_name, evaluator.plugin, _wrong_type(ruling)))
                else:
                    findings.append(
                        self._finding(area_name, evaluator.plugin, ruling, policy, scenario)
                    )
        if not findings:
            findings.append(
                Finding(
                    area=area_name,
                    decision=Decision.INDETERMINATE,
                    reason=f"No evaluator decided the {area_name!r} area "
                    "(its plugins may be disabled), so the engine does not guess.",
                )
            )
        return findings

    def _finding(
        self, area: str, plugin: str, ruling: Ruling, policy: PolicyView, scenario: Scenario
    ) -> Finding:
        if ruling.decision is Decision.ERROR:
            return _fault(area, plugin, "returned the decision 'error', which is not a finding")
        key = (ruling.cites, ruling.duties, ruling.decision, policy.on)
        resolved = self._resolved.get(key)
        if resolved is None:
            resolved = self._resolve(ruling, policy)
            if len(self._resolved) >= 4096:
                self._resolved.clear()
            self._resolved[key] = resolved
        if isinstance(resolved, _Unresolved):
            if resolved.fault:
                return _fault(area, plugin, resolved.reason)
            # The rule is kept, for tracing which reading would have applied; the reason says
            # that the policy it rests on is not in force on the date.
            return Finding(
                area=area,
                decision=Decision.INDETERMINATE,
                reason=resolved.reason,
                plugin=plugin,
                rule=ruling.rule,
                facts_used=ruling.facts_used,
            )
        done = resolved
        citations, consequence = done.citations, done.consequence
        if done.members_only and not scenario.actor.may_be_member:
            consequence = None  # a consequence for members cannot reach a non-member
        return Finding(
            area=area,
            decision=ruling.decision,
            reason=ruling.reason,
            citations=citations,
            conditions=ruling.conditions + done.duties if done.duties else ruling.conditions,
            missing_facts=ruling.missing_facts,
            consequence=ruling.consequence if ruling.consequence is not None else consequence,
            plugin=plugin,
            rule=ruling.rule,
            facts_used=ruling.facts_used,
        )

    def _resolve(self, ruling: Ruling, policy: PolicyView) -> _Resolved | _Unresolved:
        """Citations, duties and consequence for a ruling's ids on a date (cached by the
        caller), or why they cannot be quoted."""
        corpus = policy.corpus
        try:
            citations = tuple(corpus.cite(cid, policy.on) for cid in ruling.cites)
            duties = tuple(corpus.duty(did, policy.on) for did in ruling.duties)
        except PolicyError as exc:
            return _Unresolved(str(exc), fault=True)
        except NotInForce as exc:
            return _Unresolved(_not_in_force_reason(exc), fault=False)
        if ruling.decision is Decision.PROHIBITED:
            for cid in ruling.cites:
                edition = corpus.edition_of(cid, policy.on)
                if edition is not None and edition.consequence:
                    members_only = edition.consequence_for == "members"
                    return _Resolved(citations, edition.consequence, members_only, duties)
        return _Resolved(citations, None, False, duties)

    # -- files ------------------------------------------------------------------------------

    def evaluate_paths(
        self, paths: Iterable[str], *, stdin: IO[bytes] | None = None, jobs: int = 1
    ) -> Iterator[Outcome]:
        """Read and decide every scenario under ``paths``, lazily and in input order.

        A convenience for embedding programs, kept from before the run pipeline had a
        module of its own: it is exactly :func:`ala_policy.pipeline.evaluate_paths` (which
        calls this engine back to decide). Unreadable files and invalid scenarios yield
        outcomes with decision ``error``; a scenario whose id was already seen in this run is
        an error too. With ``jobs`` > 1 the scenarios are decided by that many processes; the
        output is the same.
        """
        from .pipeline import evaluate_paths

        return evaluate_paths(self, paths, stdin=stdin, jobs=jobs)


def _not_in_force_reason(exc: NotInForce) -> str:
    return (
        f"The policy this finding rests on is not in force: {exc}; the engine does not "
        "decide the conduct under it."
    )


def _not_in_force(area: str, plugin: str, exc: NotInForce) -> Finding:
    return Finding(
        area=area, decision=Decision.INDETERMINATE, reason=_not_in_force_reason(exc), plugin=plugin
    )


def _fault(area: str, plugin: str, what: str) -> Finding:
    from ._log import log

    log().warning("plugin %r failed on area %r: %s", plugin, area, what)
    return Finding(
        area=area,
        decision=Decision.INDETERMINATE,
        reason=f"Plugin {plugin!r} failed, so this finding cannot be decided: {what}",
        plugin=plugin,
        error=what,
    )


def _declared_rules(cited: object) -> dict[str | None, tuple[str, ...]] | None:
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


def _wrong_type(value: object) -> str:
    return f"returned {type(value).__name__}, not a Ruling, an iterable of Rulings, or None"
