"""The engine: the registries an engine's plugins fill, and deciding scenarios.

An :class:`Engine` owns its own plugin manager (a :class:`~ala_policy.loading.PluginLoader`'s),
so one process can hold several engines with different plugins. Building one loads plugins,
collects areas, policy documents and output formats from them, and checks that every
declared citation exists. It then parses and decides scenarios; reading files and running
batches is the pipeline's job (:mod:`ala_policy.pipeline`), which calls the engine.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import _trace
from ._builders import positional
from ._findings import (
    ERROR,
    SCENARIO_PATHS,
    Budget,
    Resolved,
    Unresolved,
    declared_rules,
    fault,
    not_in_force,
    resolve,
    ruling_problem,
    undecided,
    wrong_type,
)
from ._parsing import FieldError, fast_scenario, format_path, peek_id, structure_scenario
from .areas import Area
from .errors import (
    PluginError,
    PolicyError,
    ScenarioError,
    TimedOut,
    UsageError,
    describe_exception,
)
from .formats import OutputFormat
from .loading import (
    DISABLE_ENV,
    PluginInfo,
    PluginLoader,
    PluginSpec,
    Recipe,
    make_plugin_manager,
)
from .models import Decision, Finding, Outcome, Ruling, Scenario, Source, outcome_of
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


class Engine:
    """Decides scenarios and answers with cited outcomes.

    :param plugins: exactly the plugins to register (modules, objects with hookimpls,
        dotted module names, or ``(name, plugin)`` pairs); no entry-point scan. ``None``
        (the default) loads every plugin of the ``ala_policy`` entry-point group, built-in
        ones included.
    :param disable: plugin names to block, in addition to those in the
        ``ALA_POLICY_DISABLE_PLUGINS`` environment variable (entry-point loading only).
    :param strict: raise when a plugin fails while the engine is built. Without it (the
        default) the engine is built without that plugin, which is named in
        :attr:`load_errors`: one broken plugin never takes down every command.

    Once built, ``areas`` maps each area's name to its :class:`Area`, ``formats`` each
    output format's name to its :class:`OutputFormat`, ``corpus`` is the :class:`Corpus` of
    every registered policy document, and ``registered_by`` names the plugin that
    registered each area, format and document.

    With ``strict``:

    :raises PolicyError: a policy document is malformed, or a plugin declares a citation
        that no document defines.
    :raises PluginError: a plugin fails to import, implements a hook that does not exist
        (``check_pending``), raises in a set-up hook, or registers something invalid.
    """

    def __init__(
        self,
        plugins: Iterable[PluginSpec] | None = None,
        *,
        disable: Iterable[str] = (),
        strict: bool = False,
    ) -> None:
        self.strict = strict
        self.loader = PluginLoader(plugins, disable=disable, strict=strict)
        #: the engine's plugin manager
        self.pm: pluggy.PluginManager = self.loader.pm
        #: plugins that failed to load (the engine was built without them)
        self.load_errors = self.loader.load_errors
        #: the plugin names blocked for this engine
        self.disabled = self.loader.disabled
        #: how to build the same engine in another process
        self.recipe: Recipe = self.loader.recipe
        self._build()
        self._resolved: dict[
            tuple[tuple[str, ...], tuple[str, ...], Decision, datetime.date],
            Resolved | Unresolved,
        ] = {}
        self._build_finding = positional(Finding)
        self._views: dict[datetime.date, PolicyView] = {}

    # -- registries -------------------------------------------------------------------

    def _build(self) -> None:
        """Fill the registries from the plugins' set-up hooks. A plugin that fails in one is
        dropped and named (or, when strict, its failure raised) and the registries are
        filled again without it."""
        while True:
            self.areas: dict[str, Area] = {}
            self.formats: dict[str, OutputFormat] = {}
            self.corpus = Corpus()
            #: which plugin registered each area, format and policy document, by name
            self.registered_by: dict[str, dict[str, str]] = {
                "areas": {},
                "formats": {},
                "policies": {},
            }
            try:
                self._collect_areas()
                self._collect_policies()
                self._collect_formats()
                self._check_citations()
                self._evaluators = {
                    name: self._evaluators_for(area) for name, area in self.areas.items()
                }
                self._paths = {
                    name: SCENARIO_PATHS | {f"{name}.{fact}" for fact in area.fact_names()}
                    for name, area in self.areas.items()
                }
            except PluginError as exc:
                if self.strict:
                    if isinstance(exc.cause, PolicyError):
                        raise exc.cause from None
                    raise
                self.loader.drop(exc.plugin, exc)
                continue
            return

    def _registered(self, kind: str, name: str) -> None:
        if self.loader.calling is not None:
            self.registered_by[kind][name] = self.loader.calling

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
            self._registered("areas", area.name)

        self.loader.call_each("ala_policy_register_areas", register=register)

    def _collect_policies(self) -> None:
        def register(document: PolicyDocument | Path | Any) -> None:
            if not isinstance(document, PolicyDocument):
                document = load_policy_file(document)
            self.corpus.add(document)
            self._registered("policies", document.id)

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
            self._registered("formats", output_format.name)

        self.loader.call_each("ala_policy_register_formats", register=register)

    def _check_citations(self) -> None:
        #: plugin name -> {rule name (None: rules not declared) -> clause ids}
        self.declared_citations: dict[str, dict[str | None, tuple[str, ...]]] = {}
        for plugin, cited in self.loader.call_each("ala_policy_cited_clauses"):
            declared = declared_rules(cited)
            if declared is None:
                raise PluginError(
                    f"plugin {plugin!r}: ala_policy_cited_clauses must return clause "
                    "ids, or a mapping of rule names to clause ids",
                    plugin=plugin,
                    hook="ala_policy_cited_clauses",
                )
            try:
                for clauses in declared.values():
                    self.corpus.check(clauses, who=f"plugin {plugin!r}")
            except PolicyError as exc:
                raise PluginError(str(exc), plugin=plugin, cause=exc) from exc
            self.declared_citations[plugin] = declared

    def _evaluators_for(self, area: Area) -> tuple[_Evaluator, ...]:
        hook = getattr(self.pm.hook, area.hook)
        tracing = _trace.enabled()
        evaluators = []
        for impl in reversed(hook.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} wraps {area.hook}: evaluator hooks are called "
                    "one implementation at a time and take no wrappers",
                    plugin=impl.plugin_name,
                    hook=area.hook,
                )
            function = impl.function
            if tracing:  # --debug: each call, its result or its traceback, logged
                function = _trace.traced(impl.plugin_name, area.hook, function)
            evaluators.append(_Evaluator(impl.plugin_name, function, tuple(impl.argnames)))
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

    def evaluate(
        self, scenario: Scenario | Mapping[str, Any], *, timeout: float | None = None
    ) -> Outcome:
        """Decide one scenario (or a plain mapping, validated first) into a cited outcome.

        :param timeout: the seconds the scenario's evaluators may take together; an evaluator
            still running then is stopped and named as a fault (``indeterminate``), and
            those not yet run are named too. ``None``: no limit.
        :raises ScenarioError: the mapping is not a valid scenario.
        """
        if scenario.__class__ is not Scenario:
            fast = fast_scenario(scenario, self.areas) if scenario.__class__ is dict else None
            if fast is not None:
                scenario = fast
            elif not isinstance(scenario, Scenario):
                scenario = self.parse(scenario)
        on = scenario.on()
        # One view per date: a view is the corpus and a date, nothing of the scenario.
        policy = self._views.get(on)
        if policy is None:
            if len(self._views) >= 256:
                self._views.clear()
            policy = self._views[on] = PolicyView(self.corpus, on)
        findings: list[Finding] = []
        if timeout:
            budget = Budget(timeout)
            for area_name, facts in scenario.areas.items():
                findings.extend(self._decide_area_timed(area_name, scenario, facts, policy, budget))
        else:
            for area_name, facts in scenario.areas.items():
                findings.extend(self._decide_area(area_name, scenario, facts, policy))
        return outcome_of(scenario, findings, on, self.disabled)

    def evaluate_area(self, area_name: str, scenario: Scenario, facts: Any) -> list[Finding]:
        """Decide one area with the given facts (``explain`` uses this for counterfactuals)."""
        policy = PolicyView(self.corpus, scenario.on())
        return self._decide_area(area_name, scenario, facts, policy)

    def fact_candidates(
        self, area: str, fact: str, *, on: datetime.date, faults: list[PluginError] | None = None
    ) -> tuple[Any, ...]:
        """The values plugins offer for one fact of an area as of ``on``
        (``ala_policy_fact_candidates``), as given, in calling order, each once. Fails
        closed: a plugin that fails adds nothing, and its :class:`PluginError` is logged and
        added to ``faults`` (``ala_policy._candidates.offered`` does the work)."""
        from ._candidates import offered

        return offered(self.pm, PolicyView(self.corpus, on), area, fact, faults)

    def _decide_area(
        self, area_name: str, scenario: Scenario, facts: Any, policy: PolicyView
    ) -> list[Finding]:
        findings: list[Finding] = []
        for evaluator in self._evaluators[area_name]:
            plugin = evaluator.plugin
            try:
                if evaluator.standard:
                    result = evaluator.function(scenario, facts, policy)
                else:
                    kwargs = {"scenario": scenario, "facts": facts, "policy": policy}
                    result = evaluator.function(*[kwargs[a] for a in evaluator.argnames])
            except NotInForce as exc:  # the evaluator read policy data not yet in force
                findings.append(not_in_force(area_name, plugin, exc))
                continue
            except KeyboardInterrupt:  # a real interrupt ends the run, as it should
                raise
            except BaseException as exc:  # noqa: BLE001 - fail closed, naming the plugin
                # SystemExit or any other BaseException from a plugin cannot end the run.
                findings.append(fault(area_name, plugin, f"raised {describe_exception(exc)}"))
                continue
            if result.__class__ is Ruling:  # the common case
                findings.append(self._finding(area_name, plugin, result, policy, scenario))
                continue
            if result is None:
                continue
            findings.extend(self._rulings(area_name, plugin, result, policy, scenario))
        return findings or [undecided(area_name)]

    def _decide_area_timed(
        self, area: str, scenario: Scenario, facts: Any, policy: PolicyView, budget: Budget
    ) -> list[Finding]:
        """:meth:`_decide_area`, each evaluator within what is left of the scenario's time
        (its rulings taken inside that time too, for an evaluator that yields them)."""
        from ._deadline import deadline  # signal, threading and ctypes only when asked

        findings: list[Finding] = []
        for evaluator in self._evaluators[area]:
            plugin = evaluator.plugin
            left = budget.left()
            if left <= 0:
                findings.append(
                    fault(area, plugin, f"not run: the scenario's {budget.seconds:g} s ran out")
                )
                continue
            try:
                with deadline(left):
                    kwargs = {"scenario": scenario, "facts": facts, "policy": policy}
                    result = evaluator.function(*[kwargs[a] for a in evaluator.argnames])
                    if result is not None:  # rulings yielded before time runs out are kept
                        self._rulings(area, plugin, result, policy, scenario, into=findings)
            except TimedOut:
                findings.append(
                    fault(
                        area,
                        plugin,
                        f"did not return within the scenario's {budget.seconds:g} s (--timeout)",
                    )
                )
            except NotInForce as exc:
                findings.append(not_in_force(area, plugin, exc))
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - fail closed, naming the plugin
                findings.append(fault(area, plugin, f"raised {describe_exception(exc)}"))
        return findings or [undecided(area)]

    def _rulings(
        self,
        area: str,
        plugin: str,
        result: object,
        policy: PolicyView,
        scenario: Scenario,
        *,
        into: list[Finding] | None = None,
    ) -> list[Finding]:
        """The findings of a result that is not one ruling: an iterable of rulings, taken
        one at a time, so that a bad item, or an iterator that raises midway, faults there
        and the rulings before it are kept. Appended to ``into`` as they come, so that they
        are kept when the scenario's time runs out midway too (``TimedOut`` passes)."""
        findings: list[Finding] = [] if into is None else into
        if isinstance(result, Ruling):
            findings.append(self._finding(area, plugin, result, policy, scenario))
            return findings
        if isinstance(result, (str, bytes, Mapping)) or not isinstance(result, Iterable):
            findings.append(fault(area, plugin, wrong_type(result)))
            return findings
        try:
            for ruling in result:
                if isinstance(ruling, Ruling):
                    findings.append(self._finding(area, plugin, ruling, policy, scenario))
                else:
                    findings.append(fault(area, plugin, wrong_type(ruling)))
        except NotInForce as exc:
            findings.append(not_in_force(area, plugin, exc))
        except KeyboardInterrupt:
            raise
        except TimedOut:  # the scenario's time ran out: the caller names it
            raise
        except BaseException as exc:  # noqa: BLE001 - an iterator may raise midway
            findings.append(fault(area, plugin, f"raised {describe_exception(exc)}"))
        return findings

    def _finding(
        self, area: str, plugin: str, ruling: Ruling, policy: PolicyView, scenario: Scenario
    ) -> Finding:
        if ruling.decision is ERROR:
            return fault(area, plugin, "returned the decision 'error', which is not a finding")
        problem = ruling_problem(ruling, self._paths.get(area, SCENARIO_PATHS))
        if problem is not None:
            return fault(area, plugin, problem)
        key = (ruling.cites, ruling.duties, ruling.decision, policy.on)
        resolved = self._resolved.get(key)
        if resolved is None:
            resolved = resolve(ruling, policy)
            if len(self._resolved) >= 4096:
                self._resolved.clear()
            self._resolved[key] = resolved
        if isinstance(resolved, Unresolved):
            if resolved.fault:
                return fault(area, plugin, resolved.reason)
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
        consequence = ruling.consequence
        if consequence is None:
            consequence = resolved.consequence
            if resolved.members_only and not scenario.actor.may_be_member:
                consequence = None  # a consequence for members cannot reach a non-member
        return self._build_finding(  # Finding(...), in field order: _builders says why
            area,
            ruling.decision,
            ruling.reason,
            resolved.citations,
            ruling.conditions + resolved.duties if resolved.duties else ruling.conditions,
            ruling.missing_facts,
            consequence,
            plugin,
            ruling.rule,
            ruling.facts_used,
            None,
        )

    # -- files ------------------------------------------------------------------------------

    def evaluate_paths(
        self, paths: Iterable[str], *, stdin: IO[bytes] | None = None, jobs: int = 1
    ) -> Iterator[Outcome]:
        """Read and decide every scenario under ``paths``, lazily and in input order: exactly
        :func:`ala_policy.pipeline.evaluate_paths`, kept here for embedding programs."""
        from .pipeline import evaluate_paths

        return evaluate_paths(self, paths, stdin=stdin, jobs=jobs)
