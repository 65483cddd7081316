"""The engine: a plugin manager built by a factory, the registries it fills, and evaluation.

An :class:`Engine` owns its own plugin manager, so one process can hold several engines with
different plugins. Building one loads plugins (from the ``ala_policy`` entry-point group, or
exactly the plugins given), collects areas, policy documents and output formats from them,
checks that every declared citation exists, and calls ``check_pending()``.
"""

from __future__ import annotations

import datetime
import importlib
import os
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import attrs
import pluggy

from . import hookspecs
from ._idset import IdSet
from ._parsing import FieldError, format_path, peek_id, structure_scenario
from .areas import Area
from .errors import PluginError, PolicyError, ScenarioError, UsageError
from .formats import OutputFormat
from .inputs import RawLine, RawScenario, read_inputs
from .markers import PROJECT_NAME
from .models import (
    Citation,
    Decision,
    Finding,
    InputFailure,
    Outcome,
    Ruling,
    Scenario,
    Source,
)
from .policy import Corpus, NotInForce, PolicyDocument, PolicyView, load_policy_file

if TYPE_CHECKING:
    from .batch import Rendered, RenderedChunk

__all__ = ["DISABLE_ENV", "Engine", "PluginInfo", "make_plugin_manager"]


def _log() -> Any:
    """The ``ala_policy`` logger, imported only when something is worth logging."""
    import logging

    logger = logging.getLogger("ala_policy")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger


#: Environment variable: comma-separated plugin names to block.
DISABLE_ENV = "ALA_POLICY_DISABLE_PLUGINS"

PluginSpec = object  # a module, an object with hookimpls, a dotted module name, or (name, obj)


class _PluginManager(pluggy.PluginManager):
    """Every ala-policy hook is named ``ala_policy_...``: other attributes of a plugin are
    not inspected (as pytest does for ``pytest_``), which keeps registering fast."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        if not name.startswith("ala_policy_"):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def make_plugin_manager() -> pluggy.PluginManager:
    """A fresh plugin manager with ala-policy's hook specifications.

    Hook calls are traced to the ``ala_policy.hooks`` logger at DEBUG level.
    """
    pm = _PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    logging = sys.modules.get("logging")  # not imported: nobody configured logging
    trace_log = logging.getLogger("ala_policy.hooks") if logging is not None else None
    if trace_log is not None and logging is not None and trace_log.isEnabledFor(logging.DEBUG):
        pm.trace.root.setwriter(lambda message: trace_log.debug(message.rstrip()))
        pm.enable_tracing()
    pm.hook.ala_policy_addhooks.call_historic(kwargs={"pluginmanager": pm})
    return pm


@attrs.frozen(kw_only=True)
class PluginInfo:
    """A loaded plugin: its name, where it comes from, and the hooks it implements."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool


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
        self.pm = make_plugin_manager()
        self.load_errors: list[PluginError] = []
        self.recipe: tuple[list[object] | None, tuple[str, ...]] = (None, tuple(disable))
        if plugins is not None:
            plugins = list(plugins)  # registered as given; the recipe is for other processes
            self.recipe = ([_portable(p) for p in plugins], self.recipe[1])
        self._origins: dict[str, tuple[str | None, str | None]] = {}
        self._entry_points: dict[str, Any] = {}
        blocked = set(disable)
        if plugins is None:
            blocked |= {n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()}
        self.disabled: tuple[str, ...] = tuple(sorted(blocked))
        for name in self.disabled:
            self.pm.set_blocked(name)
        if plugins is None:
            self._load_entry_points()
        else:
            for spec in plugins:
                self._register(spec)
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(str(exc), plugin=self._name_of(exc.plugin)) from exc
        self.areas: dict[str, Area] = {}
        self.formats: dict[str, OutputFormat] = {}
        self.corpus = Corpus()
        self._collect_areas()
        self._collect_policies()
        self._collect_formats()
        self._check_citations()
        self._evaluators = {name: self._evaluators_for(area) for name, area in self.areas.items()}
        self._resolved: dict[
            tuple[tuple[str, ...], Decision, datetime.date],
            tuple[tuple[Citation, ...], str | None, bool] | str,
        ] = {}

    # -- loading --------------------------------------------------------------------------

    def _register(self, spec: PluginSpec) -> None:
        name: str | None = None
        plugin: object = spec
        if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
            name, plugin = spec
        if isinstance(plugin, str):
            dotted = plugin
            try:
                plugin = importlib.import_module(dotted)
            except Exception as exc:  # noqa: BLE001 - any import failure is reported, not raised
                self._load_failed(name or dotted.rsplit(".", 1)[-1], exc)
                return
            name = name or dotted.rsplit(".", 1)[-1]
        if name is None and isinstance(plugin, types.ModuleType):
            name = plugin.__name__.rsplit(".", 1)[-1]
        try:
            self.pm.register(plugin, name=name)
        except ValueError as exc:  # blocked or already registered
            if name is not None and self.pm.is_blocked(name):
                return
            raise PluginError(str(exc), plugin=str(name)) from exc
        except pluggy.PluginValidationError as exc:
            raise PluginError(str(exc), plugin=self._name_of(exc.plugin)) from exc
        registered = self.pm.get_name(plugin)
        if registered is not None:
            module = getattr(plugin, "__name__", "") if isinstance(plugin, types.ModuleType) else ""
            builtin = module.startswith("ala_policy.plugins.")
            self._origins[registered] = ("ala-policy", _own_version()) if builtin else (None, None)

    def _name_of(self, plugin: object) -> str:
        return self.pm.get_name(plugin) or getattr(plugin, "__name__", None) or repr(plugin)

    def _load_entry_points(self) -> None:
        from . import _entrypoints

        entry_points: list[Any] = _entrypoints.scan(PROJECT_NAME)
        if not entry_points:  # an install the fast scan cannot read: ask importlib.metadata
            import importlib.metadata

            entry_points = list(importlib.metadata.entry_points(group=PROJECT_NAME))
        for entry_point in sorted(entry_points, key=_builtin_first):
            name = entry_point.name
            if self.pm.is_blocked(name) or self.pm.has_plugin(name):
                continue
            try:
                plugin = entry_point.load()
            except Exception as exc:  # noqa: BLE001 - report the plugin, load the rest
                self._load_failed(name, exc)
                continue
            try:
                self.pm.register(plugin, name=name)
            except (ValueError, pluggy.PluginValidationError) as exc:
                self._load_failed(name, exc)
                continue
            self._entry_points[name] = entry_point

    def _load_failed(self, name: str, exc: BaseException) -> None:
        error = PluginError(
            f"plugin {name!r} failed to load: {type(exc).__name__}: {exc}", plugin=name, cause=exc
        )
        _log().warning("%s", error)
        self.load_errors.append(error)

    def _call_each(self, hook_name: str, **kwargs: Any) -> None:
        """Call a set-up hook one implementation at a time, naming the plugin that fails."""
        hook = getattr(self.pm.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):
            try:
                impl.function(**{k: kwargs[k] for k in impl.argnames})
            except (PolicyError, PluginError):
                raise
            except Exception as exc:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} failed in {hook_name}: "
                    f"{type(exc).__name__}: {exc}",
                    plugin=impl.plugin_name,
                    hook=hook_name,
                    cause=exc,
                ) from exc

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

        self._call_each("ala_policy_register_areas", register=register)

    def _collect_policies(self) -> None:
        def register(document: PolicyDocument | Path | Any) -> None:
            if not isinstance(document, PolicyDocument):
                document = load_policy_file(document)
            self.corpus.add(document)

        self._call_each("ala_policy_register_policies", register=register)

    def _collect_formats(self) -> None:
        def register(output_format: OutputFormat) -> None:
            if not isinstance(output_format, OutputFormat):
                raise TypeError(
                    f"register() takes an OutputFormat, not {type(output_format).__name__}"
                )
            if output_format.name in self.formats:
                raise ValueError(f"output format {output_format.name!r} is registered twice")
            self.formats[output_format.name] = output_format

        self._call_each("ala_policy_register_formats", register=register)

    def _check_citations(self) -> None:
        #: plugin name -> {rule name (None: rules not declared) -> clause ids}
        self.declared_citations: dict[str, dict[str | None, tuple[str, ...]]] = {}
        hook = self.pm.hook.ala_policy_cited_clauses
        for impl in hook.get_hookimpls():
            try:
                cited: Any = impl.function()
            except Exception as exc:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} failed in ala_policy_cited_clauses: "
                    f"{type(exc).__name__}: {exc}",
                    plugin=impl.plugin_name,
                    hook="ala_policy_cited_clauses",
                    cause=exc,
                ) from exc
            declared = _declared_rules(cited)
            if declared is None:
                raise PluginError(
                    f"plugin {impl.plugin_name!r}: ala_policy_cited_clauses must return clause "
                    "ids, or a mapping of rule names to clause ids",
                    plugin=impl.plugin_name,
                    hook="ala_policy_cited_clauses",
                )
            for clauses in declared.values():
                self.corpus.check(clauses, who=f"plugin {impl.plugin_name!r}")
            self.declared_citations[impl.plugin_name] = declared

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
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or ())
            dist, version = self._origin(name)
            module = getattr(plugin, "__name__", "")
            infos.append(
                PluginInfo(
                    name=name,
                    distribution=dist,
                    version=version,
                    hooks=tuple(hooks),
                    builtin=isinstance(module, str) and module.startswith("ala_policy.plugins."),
                )
            )
        return sorted(infos, key=lambda info: info.name)

    def _origin(self, name: str) -> tuple[str | None, str | None]:
        """The distribution and version a plugin comes from (read lazily: it costs I/O)."""
        if name in self._origins:
            return self._origins[name]
        entry_point = self._entry_points.get(name)
        if entry_point is None:
            return (None, None)
        if hasattr(entry_point, "distribution"):  # ours
            return (entry_point.distribution(), entry_point.dist_version)
        dist = entry_point.dist  # importlib.metadata's
        return (dist.metadata["Name"], dist.version) if dist is not None else (None, None)

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
        key = (ruling.cites, ruling.decision, policy.on)
        resolved = self._resolved.get(key)
        if resolved is None:
            resolved = self._resolve(ruling, policy)
            if len(self._resolved) >= 4096:
                self._resolved.clear()
            self._resolved[key] = resolved
        if isinstance(resolved, str):  # not in force, or an unknown clause
            if resolved.startswith("!"):
                return _fault(area, plugin, resolved[1:])
            # The rule is kept, for tracing which reading would have applied; the reason says
            # that the policy it rests on is not in force on the date.
            return Finding(
                area=area,
                decision=Decision.INDETERMINATE,
                reason=resolved,
                plugin=plugin,
                rule=ruling.rule,
                facts_used=ruling.facts_used,
            )
        citations, consequence, members_only = resolved
        if members_only and not scenario.actor.may_be_member:
            consequence = None  # a consequence for members cannot reach a non-member
        return Finding(
            area=area,
            decision=ruling.decision,
            reason=ruling.reason,
            citations=citations,
            conditions=ruling.conditions,
            missing_facts=ruling.missing_facts,
            consequence=ruling.consequence if ruling.consequence is not None else consequence,
            plugin=plugin,
            rule=ruling.rule,
            facts_used=ruling.facts_used,
        )

    def _resolve(
        self, ruling: Ruling, policy: PolicyView
    ) -> tuple[tuple[Citation, ...], str | None, bool] | str:
        """Citations and consequence for a ruling's clause ids on a date (cached by caller),
        and whether that consequence reaches members only.

        A string instead: why they cannot be resolved (``!`` first: the plugin's fault).
        """
        corpus = policy.corpus
        try:
            citations = tuple(corpus.cite(cid, policy.on) for cid in ruling.cites)
        except PolicyError as exc:
            return "!" + str(exc)
        except NotInForce as exc:
            return (
                f"The policy this finding rests on is not in force: {exc}; the engine does "
                "not decide the conduct under it."
            )
        if ruling.decision is Decision.PROHIBITED:
            for cid in ruling.cites:
                edition = corpus.edition_of(cid, policy.on)
                if edition is not None and edition.consequence:
                    return citations, edition.consequence, edition.consequence_for == "members"
        return citations, None, False

    # -- batches ----------------------------------------------------------------------------

    def evaluate_raw(self, raw: RawScenario) -> Outcome:
        """Validate and decide one scenario as read from a file; errors become outcomes."""
        source = Source(raw.file, raw.line)
        try:
            scenario = structure_scenario(raw.data, self.areas, source=source)
        except FieldError as exc:
            return Outcome.from_failure(
                InputFailure(
                    message=exc.message,
                    file=raw.file,
                    line=raw.line_of(exc.parts),
                    path=raw.path(exc.parts) or None,
                ),
                scenario_id=peek_id(raw.data),
            )
        return self.evaluate(scenario)

    def evaluate_paths(
        self, paths: Iterable[str], *, stdin: IO[bytes] | None = None, jobs: int = 1
    ) -> Iterator[Outcome]:
        """Read and decide every scenario under ``paths``, lazily and in input order.

        Unreadable files and invalid scenarios yield outcomes with decision ``error``; a
        scenario whose id was already seen in this run is an error too. With ``jobs`` > 1
        the scenarios are decided by that many processes; the output is the same.
        """
        for result in self.run(paths, stdin=stdin, jobs=jobs):
            assert isinstance(result, Outcome)
            yield result

    def run(
        self,
        paths: Iterable[str],
        *,
        stdin: IO[bytes] | None = None,
        jobs: int = 1,
        render: Callable[[Outcome], str] | None = None,
        chunks: bool = False,
    ) -> Iterator[Outcome | Rendered | RenderedChunk]:
        """:meth:`evaluate_paths`, where with ``jobs`` > 1 and a ``render`` function (an
        output format's) the workers also render: results then come as
        :class:`~ala_policy.batch.Rendered` text (a duplicate-id error, which the main
        process finds, too), or, with ``chunks``, as
        :class:`~ala_policy.batch.RenderedChunk` runs of consecutive rendered outcomes."""

        pairs: Iterable[tuple[Any, Outcome | Rendered | RenderedChunk]]
        chunk_class: type | None = None  # only worker processes render whole chunks
        if jobs > 1:
            from .batch import RenderedChunk, decide_in_processes

            chunk_class = RenderedChunk
            items = read_inputs(paths, stdin, parse_lines=False)
            pairs = decide_in_processes(self, items, jobs, render)
        else:
            pairs = self._decide_items(read_inputs(paths, stdin))
        seen = IdSet()
        try:
            for item, result in pairs:
                if result.__class__ is chunk_class:
                    chunk = cast("RenderedChunk", result)
                    self._check_chunk_ids(chunk, seen, cast("Callable[[Outcome], str]", render))
                    if chunks:
                        yield chunk
                    else:
                        yield from chunk.rendered()
                    continue
                result = cast("Outcome | Rendered", result)
                scenario_id = result.id
                if (
                    scenario_id is None
                    or result.decision is Decision.ERROR
                    or isinstance(item, InputFailure)
                    or seen.add(scenario_id)
                ):
                    yield result
                    continue
                yield _duplicate(item, scenario_id)
        finally:
            if seen.spill_error is not None:
                _log().warning(
                    "ids of this run kept in memory: no temporary database (%s)",
                    seen.spill_error,
                )
            seen.close()

    @staticmethod
    def _check_chunk_ids(
        chunk: RenderedChunk, seen: IdSet, render: Callable[[Outcome], str]
    ) -> None:
        """The duplicate-id check of a rendered chunk: a duplicate's text becomes its error."""
        add = seen.add
        decisions = chunk.decisions
        for index, scenario_id in enumerate(chunk.ids):
            if scenario_id is None or decisions[index] == "error" or add(scenario_id):
                continue
            outcome = _duplicate(chunk.items[index], scenario_id)
            decisions[index] = outcome.decision.value
            chunk.faulted[index] = False
            chunk.texts[index] = render(outcome)

    def _decide_items(
        self, items: Iterable[RawScenario | InputFailure]
    ) -> Iterator[tuple[RawScenario | InputFailure, Outcome]]:
        for item in items:
            if isinstance(item, InputFailure):
                yield item, Outcome.from_failure(item)
            else:
                yield item, self.evaluate_raw(item)


def _duplicate(item: Any, scenario_id: str) -> Outcome:
    """The error outcome of a scenario whose id was already seen in this run."""
    line: int | None
    if isinstance(item, RawLine):
        line, path = item.line, "id"
    else:
        line, path = item.line_of(["id"]), item.path(["id"])
    return Outcome.from_failure(
        InputFailure(
            message=f"duplicate id {scenario_id!r}: ids are unique within one run",
            file=item.file,
            line=line,
            path=path,
        ),
        scenario_id=scenario_id,
    )


def _portable(spec: PluginSpec) -> PluginSpec:
    """A plugin spec another process can rebuild: modules become their dotted names."""
    if isinstance(spec, types.ModuleType):
        return spec.__name__
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], types.ModuleType):
        return (spec[0], spec[1].__name__)
    return spec


def _fault(area: str, plugin: str, what: str) -> Finding:
    _log().warning("plugin %r failed on area %r: %s", plugin, area, what)
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


def _builtin_first(entry_point: Any) -> tuple[bool, str]:
    return (not entry_point.value.startswith("ala_policy.plugins."), entry_point.name)


def _own_version() -> str | None:
    from ._version import __version__

    return __version__
