"""Loading plugins: the plugin manager, the built-in plugins, blocking, origins, load errors.

One job apart from deciding, as pytest keeps ``PytestPluginManager`` apart from ``Config``
and ``Session``: a :class:`PluginLoader` registers the plugins of one engine (the
``ala_policy`` entry points, or exactly the plugins given), blocks those named, records
what failed to load and where each plugin comes from, and calls every set-up hook one
implementation at a time so that a failure names its plugin. The :class:`~ala_policy.Engine`
builds one and reads its registries from it.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import pluggy

from . import hookspecs
from ._entrypoints import EntryPoint
from .errors import PluginError, describe_exception
from .markers import PROJECT_NAME

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_ENV",
    "PluginInfo",
    "PluginLoader",
    "Recipe",
    "is_builtin",
    "make_plugin_manager",
]

#: Environment variable: comma-separated plugin names to block.
DISABLE_ENV = "ALA_POLICY_DISABLE_PLUGINS"

#: The built-in plugins, by name: the one answer to "is this built-in?" (the ``ala_policy``
#: entry points of ala-policy itself name the same modules; a test holds them together).
BUILTIN_PLUGINS: Mapping[str, str] = {
    "areas": "ala_policy.plugins.areas",
    "ala_policies": "ala_policy.plugins.ala_policies",
    "gift": "ala_policy.plugins.gift",
    "conflict_of_interest": "ala_policy.plugins.conflict_of_interest",
    "directory_use": "ala_policy.plugins.directory_use",
    "solicitation": "ala_policy.plugins.solicitation",
    "certification": "ala_policy.plugins.certification",
    "workplace": "ala_policy.plugins.workplace",
    "reporting": "ala_policy.plugins.reporting",
    "confidential_information": "ala_policy.plugins.confidential_information",
    "governance": "ala_policy.plugins.governance",
    "text": "ala_policy.plugins.text_format",
    "json": "ala_policy.plugins.json_format",
    "markdown": "ala_policy.plugins.markdown_format",
    "html": "ala_policy.plugins.html_format",
    "junit": "ala_policy.plugins.junit_format",
}
_BUILTIN_MODULES = frozenset(BUILTIN_PLUGINS.values())

#: What ``Engine(plugins=...)`` takes: a module, an object with hookimpls, a dotted module
#: name, or a ``(name, plugin)`` pair.
PluginSpec = object


def is_builtin(plugin: object) -> bool:
    """The plugin (a module, or a module's dotted name) is one of ala-policy's own."""
    name = plugin.__name__ if isinstance(plugin, types.ModuleType) else plugin
    return isinstance(name, str) and name in _BUILTIN_MODULES


class _PluginManager(pluggy.PluginManager):
    """Every ala-policy hook is named ``ala_policy_...``: other attributes of a plugin, or
    of a namespace of hook specifications, are not inspected (as pytest does for
    ``pytest_``), which keeps registering fast."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        if not name.startswith("ala_policy_"):
            return None
        return super().parse_hookimpl_opts(plugin, name)

    def parse_hookspec_opts(self, module_or_class: Any, name: str) -> pluggy.HookspecOpts | None:
        # pluggy looks each name up with inspect.getattr_static: about 200 lookups an engine
        # for the imports and constants of hookspecs and the area plugins' hook classes
        if not name.startswith("ala_policy_"):
            return None
        return super().parse_hookspec_opts(module_or_class, name)


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


@attrs.frozen
class Recipe:
    """How an engine was built, so that another process can build the same one.

    :param plugins: the plugins given (modules as their dotted names), or ``None`` for the
        entry-point scan.
    :param disable: the plugin names blocked.
    """

    plugins: tuple[object, ...] | None
    disable: tuple[str, ...]


def _no_distribution() -> str | None:
    return None


class _Origin:
    """Where a plugin comes from; the distribution's name is read only when asked.

    A plain slotted class, as the other internal records are: an attrs class would have its
    methods generated and compiled on every start (about 3 M instructions) for a record that
    is never compared or printed.
    """

    __slots__ = ("distribution", "version")

    def __init__(
        self, version: str | None, distribution: Callable[[], str | None] = _no_distribution
    ) -> None:
        self.version = version
        self.distribution = distribution


class PluginLoader:
    """Registers an engine's plugins into a plugin manager of its own.

    :param plugins: exactly the plugins to register; ``None`` scans the ``ala_policy``
        entry-point group (built-in plugins included) and honours ``ALA_POLICY_DISABLE_PLUGINS``.
    :param disable: plugin names to block.

    :raises PluginError: a plugin implements a hook that does not exist (``check_pending``),
        or a plugin given could not be registered.
    """

    def __init__(
        self,
        plugins: Iterable[PluginSpec] | None = None,
        *,
        disable: Iterable[str] = (),
        strict: bool = False,
    ) -> None:
        #: raise on a plugin that cannot be loaded, instead of loading the rest without it
        self.strict = strict
        self.pm = make_plugin_manager()
        self.load_errors: list[PluginError] = []
        given = None if plugins is None else list(plugins)
        blocked = set(disable)
        if given is None:
            blocked |= {n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()}
        #: the plugin names blocked, sorted
        self.disabled: tuple[str, ...] = tuple(sorted(blocked))
        self.recipe = Recipe(
            None if given is None else tuple(_portable(p) for p in given), tuple(disable)
        )
        self._origins: dict[str, _Origin] = {}
        #: the plugin whose set-up hook :meth:`call_each` is calling (what it registers
        #: is recorded as that plugin's)
        self.calling: str | None = None
        #: every plugin name there is to block: the entry points found (blocked ones too),
        #: or the names of the plugins given
        self.known: set[str] = set()
        for name in self.disabled:
            self.pm.set_blocked(name)
        if given is None:
            self._load_entry_points()
        else:
            for spec in given:
                self._register(spec)
        self._check_pending()

    def unknown_disabled(self) -> tuple[str, ...]:
        """The names blocked that no plugin has (a typo: ``gifts`` for ``gift``), sorted."""
        return tuple(name for name in self.disabled if name not in self.known)

    def _check_pending(self) -> None:
        """A hook implementation without a spec (a misspelled hook) is the plugin's failure:
        raised when strict, otherwise the plugin is dropped and named."""
        while True:
            try:
                self.pm.check_pending()
            except pluggy.PluginValidationError as exc:
                error = PluginError(str(exc), plugin=self._name_of(exc.plugin))
                if self.strict:
                    raise error from exc
                self.drop(error.plugin, error)
                continue
            return

    def drop(self, name: str, error: PluginError) -> None:
        """Unregister plugin ``name``, which failed, and record why: the engine goes on
        without it (``--strict`` makes that an error of the run)."""
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self._origins.pop(name, None)
        self._record(error)

    # -- registering ------------------------------------------------------------------------

    def _register(self, spec: PluginSpec) -> None:
        name: str | None = None
        plugin: object = spec
        if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
            name, plugin = spec
        if isinstance(plugin, str):
            dotted = plugin
            try:
                plugin = importlib.import_module(dotted)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - SystemExit too: reported, not raised
                self.known.add(name or dotted.rsplit(".", 1)[-1])
                self._load_failed(name or dotted.rsplit(".", 1)[-1], exc)
                return
            name = name or dotted.rsplit(".", 1)[-1]
        if name is None and isinstance(plugin, types.ModuleType):
            name = plugin.__name__.rsplit(".", 1)[-1]
        if name is not None:
            self.known.add(name)
        try:
            self.pm.register(plugin, name=name)
        except ValueError as exc:  # blocked or already registered
            if name is not None and self.pm.is_blocked(name):
                return
            raise PluginError(str(exc), plugin=str(name)) from exc
        except pluggy.PluginValidationError as exc:
            error = PluginError(str(exc), plugin=self._name_of(exc.plugin))
            if self.strict:
                raise error from exc
            self._record(error)
            return
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            self._unregister_failed(plugin)
            if self.strict:
                raise PluginError(
                    f"plugin {name!r} failed to load: {describe_exception(exc)}",
                    plugin=str(name),
                    cause=exc,
                ) from exc
            self._load_failed(str(name), exc)
            return
        registered = self.pm.get_name(plugin)
        if registered is not None:
            self.known.add(registered)
            self._origins[registered] = _own_origin() if is_builtin(plugin) else _Origin(None)

    def _name_of(self, plugin: object) -> str:
        if isinstance(plugin, types.ModuleType):
            return self.pm.get_name(plugin) or plugin.__name__
        return self.pm.get_name(plugin) or repr(plugin)

    def _load_entry_points(self) -> None:
        from . import _entrypoints

        entry_points = _entrypoints.scan(PROJECT_NAME)
        if not entry_points:  # an install the fast scan cannot read: ask importlib.metadata
            entry_points = _entrypoints.from_metadata(PROJECT_NAME)
        for entry_point in sorted(entry_points, key=_builtin_first):
            name = entry_point.name
            self.known.add(name)
            if self.pm.is_blocked(name) or self.pm.has_plugin(name):
                continue
            try:
                plugin = entry_point.load()
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - SystemExit at import too: report it
                self._load_failed(name, exc)
                continue
            try:
                self.pm.register(plugin, name=name)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - its ala_policy_addhooks may raise
                self._unregister_failed(plugin)
                self._load_failed(name, exc)
                continue
            self._origins[name] = _Origin(entry_point.dist_version, entry_point.distribution)

    def _unregister_failed(self, plugin: object) -> None:
        """Undo a registration that raised halfway (a historic hook runs at registration)."""
        if self.pm.is_registered(plugin):
            self.pm.unregister(plugin)

    def _load_failed(self, name: str, exc: BaseException) -> None:
        self._record(
            PluginError(
                f"plugin {name!r} failed to load: {describe_exception(exc)}",
                plugin=name,
                cause=exc,
            )
        )

    def _record(self, error: PluginError) -> None:
        from ._log import log

        # with the traceback of what it raised, for --debug and an embedding program's logging
        log().warning("%s", error, exc_info=error.cause)
        self.load_errors.append(error)

    # -- set-up hooks -----------------------------------------------------------------------

    def call_each(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a set-up hook one implementation at a time, in pluggy's calling order (the
        plugin registered last first), naming
        the plugin that fails; return each plugin's name with its result.

        :raises PluginError: an implementation raised (its exception is the ``cause``; a
            :class:`PluginError` it raised is passed on as it is).
        """
        from . import _trace

        hook = getattr(self.pm.hook, hook_name)
        results = []
        tracing = _trace.enabled()
        for impl in reversed(hook.get_hookimpls()):
            function = impl.function
            if tracing:
                function = _trace.traced(impl.plugin_name, hook_name, function)
            self.calling = impl.plugin_name
            try:
                results.append(
                    (impl.plugin_name, function(**{k: kwargs[k] for k in impl.argnames}))
                )
            except PluginError:
                raise
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} failed in {hook_name}: {describe_exception(exc)}",
                    plugin=impl.plugin_name,
                    hook=hook_name,
                    cause=exc,
                ) from exc
        return results

    # -- introspection ----------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin, sorted by name, with its hooks."""
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or ())
            origin = self._origins.get(name, _Origin(None))
            infos.append(
                PluginInfo(
                    name=name,
                    distribution=origin.distribution(),
                    version=origin.version,
                    hooks=tuple(hooks),
                    builtin=is_builtin(plugin),
                )
            )
        return sorted(infos, key=lambda info: info.name)


def _portable(spec: PluginSpec) -> PluginSpec:
    """A plugin spec another process can rebuild: modules become their dotted names."""
    if isinstance(spec, types.ModuleType):
        return spec.__name__
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], types.ModuleType):
        return (spec[0], spec[1].__name__)
    return spec


def _builtin_first(entry_point: EntryPoint) -> tuple[bool, str]:
    return (not is_builtin(entry_point.value.partition(":")[0]), entry_point.name)


def _own_origin() -> _Origin:
    from ._version import __version__

    return _Origin(__version__, lambda: "ala-policy")
