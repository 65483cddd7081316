"""Tracing every hook call for ``--debug``: the set-up hooks and the evaluators alike.

The engine calls hook implementations one at a time (to name the plugin that fails), not
through pluggy's hook caller, so pluggy's own tracing sees only the hooks pluggy calls
(``ala_policy_addhooks``). When the ``ala_policy.hooks`` logger is enabled for DEBUG as an
engine is built (``--debug`` does that), :func:`traced` wraps each implementation so that
its call, its result and, when it raises, its traceback are logged there. When it is not,
nothing is wrapped and deciding pays nothing.
"""

from __future__ import annotations

import functools
import reprlib
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["LOGGER", "enabled", "traced"]

#: The logger hook calls are traced to.
LOGGER = "ala_policy.hooks"

_short = reprlib.Repr()
_short.maxstring = 80
_short.maxother = 80
_short.maxlist = 4
_short.maxdict = 4


def enabled() -> bool:
    """Whether hook calls are traced: the ``ala_policy.hooks`` logger is enabled for DEBUG
    (``logging`` is not imported just to ask)."""
    logging = sys.modules.get("logging")
    if logging is None:
        return False
    return bool(logging.getLogger(LOGGER).isEnabledFor(logging.DEBUG))


def _show(value: Any) -> str:
    try:
        shown = _short.repr(value)
    except Exception:  # noqa: BLE001 - a plugin's object whose repr fails
        return f"<{type(value).__name__}>"
    return shown if len(shown) <= 160 else shown[:157] + "..."


def traced(plugin: str, hook: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (plugin ``plugin``'s implementation of ``hook``), logging each call to
    the ``ala_policy.hooks`` logger: the arguments, then the result or the traceback."""
    import logging  # only when tracing: a run without --debug never imports it

    logger = logging.getLogger(LOGGER)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        shown = ", ".join(
            [*(_show(a) for a in args), *(f"{k}={_show(v)}" for k, v in kwargs.items())]
        )
        logger.debug("%s [%s] (%s)", hook, plugin, shown)
        try:
            result = function(*args, **kwargs)
        except BaseException:
            logger.debug("%s [%s] raised:", hook, plugin, exc_info=True)
            raise
        logger.debug("%s [%s] -> %s", hook, plugin, _show(result))
        return result

    return call
