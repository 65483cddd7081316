"""The values tried for a fact beyond its type's own: what plugins offer through
``ala_policy_fact_candidates`` (kept where they fit the fact's type), and, for a number,
where the decision flips (see :mod:`ala_policy.explain`; ``verify`` walks the same values).

A number is searched, not enumerated: its values checked are the scenario's own, 0, the
values plugins offer, and ten times the largest of them; between two neighbours that decide
differently it is halved down to its step (one for a whole number, a hundredth otherwise).
A run of values that gives the decision wanted is then said as a bound whose every number
was checked: ``at most 75`` where 75 gave it and 75.01, also checked, did not; ``less
than 100`` only where 99.99 gave it and 100 did not. Between values checked, the decision
is taken not to flip back and forth.
"""

from __future__ import annotations

import itertools
import math
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from .decisions import Decision
from .errors import PluginError, describe_exception
from .policy import NotInForce

if typing.TYPE_CHECKING:
    import datetime

    import pluggy

    from .engine import Engine
    from .policy import PolicyView

__all__ = [
    "MAX_OFFERED",
    "MAX_PROBES",
    "bounds",
    "fact_candidates",
    "fits",
    "number_type",
    "number_values",
    "offered",
]

#: How many values of each plugin's ``ala_policy_fact_candidates`` are taken at most.
MAX_OFFERED = 100
#: How many more values a number's bounds may be searched with, each time they are searched.
MAX_PROBES = 64

Number = type[int] | type[float]


def offered(
    pm: pluggy.PluginManager,
    policy: PolicyView,
    area: str,
    fact: str,
    faults: list[PluginError] | None = None,
) -> tuple[Any, ...]:
    """Every plugin's ``ala_policy_fact_candidates`` for one fact, as given, in calling order,
    each value once (:meth:`Engine.fact_candidates`).

    Fails closed: an implementation that raises, returns something that is not an iterable
    of values (a string or a mapping included), or is a wrapper, adds nothing; the failure,
    a :class:`PluginError` naming the plugin, is logged as a warning and appended to
    ``faults`` when given. One that reads policy data not in force on the date adds nothing
    either, and is no failure. Only the first :data:`MAX_OFFERED` values of each are taken.
    """
    from ._log import log

    hook = getattr(pm.hook, "ala_policy_fact_candidates", None)
    kwargs = {"area": area, "fact": fact, "policy": policy}
    found: list[Any] = []
    for impl in reversed(hook.get_hookimpls() if hook is not None else []):
        try:
            if impl.hookwrapper or impl.wrapper:
                problem = "is a wrapper, which this hook does not take"
            else:
                result = impl.function(*[kwargs[a] for a in impl.argnames])
                if result is None:
                    continue
                problem = f"returned {type(result).__name__}, not an iterable of values"
                if isinstance(result, Iterable) and not isinstance(result, (str, bytes, Mapping)):
                    found.extend(unique(itertools.islice(result, MAX_OFFERED), seen=found))
                    continue
        except NotInForce:
            continue
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - fail closed, naming the plugin
            problem = f"raised {describe_exception(exc)}"
        error = PluginError(
            f"plugin {impl.plugin_name!r} failed in ala_policy_fact_candidates "
            f"({area}.{fact}): {problem}; its values are not tried",
            plugin=impl.plugin_name,
            hook="ala_policy_fact_candidates",
        )
        log().warning("%s", error)
        if faults is not None:
            faults.append(error)
    return tuple(found)


def fact_candidates(
    engine: Engine,
    area: str,
    facts_class: type,
    name: str,
    *,
    on: datetime.date,
    faults: list[PluginError] | None = None,
) -> tuple[Any, ...]:
    """The values plugins offer for a fact (``ala_policy_fact_candidates``, through
    :meth:`Engine.fact_candidates`) that fit its type; a number's as the type's own (``75``
    for a ``float`` fact is ``75.0``)."""
    tp = typing.get_type_hints(facts_class).get(name)
    number = number_type(tp)
    offered = engine.fact_candidates(area, name, on=on, faults=faults)
    fitting = [value for value in offered if fits(tp, value)]
    if number is not None:
        return unique(number(value) for value in fitting)
    return tuple(fitting)


def fits(tp: Any, value: Any) -> bool:
    """Whether a value is one a fact of type ``tp`` can take (``None``, unknown, is not)."""
    if tp is None or tp is Any:
        return True
    if tp is bool:
        return type(value) is bool
    if tp in (int, float):
        number = isinstance(value, int) if tp is int else isinstance(value, (int, float))
        return number and not isinstance(value, bool) and _finite(value)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Literal:
        return any(type(arg) is type(value) and arg == value for arg in args)
    if origin in (typing.Union, types.UnionType):
        return any(fits(arg, value) for arg in args if arg is not type(None))
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(fits(args[0], item) for item in value)
        return len(args) == len(value) and all(map(fits, args, value))
    return isinstance(tp, type) and isinstance(value, tp)


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def number_type(tp: Any) -> Number | None:
    """``int`` or ``float`` for a number fact (``float | None`` included), else ``None``."""
    if typing.get_origin(tp) not in (None, typing.Union, types.UnionType):
        return None
    args = [arg for arg in (typing.get_args(tp) or (tp,)) if arg is not type(None)]
    if args == [int]:
        return int
    if args and all(arg in (int, float) for arg in args):
        return float
    return None


def unique(values: Iterable[Any], *, seen: Iterable[Any] = ()) -> tuple[Any, ...]:
    """The values in their order, each once and none of ``seen`` (``1`` and ``True`` are
    different values)."""
    known = list(seen)
    found: list[Any] = []
    for value in values:
        if not any(type(v) is type(value) and v == value for v in (*known, *found)):
            found.append(value)
    return tuple(found)


def number_values(number: Number, current: Any, offered: Iterable[Any]) -> tuple[Any, ...]:
    """The values a number's bounds are searched from, sorted: 0, those offered, its own
    (``current``, unless unknown), and ten times the largest (so that a bound open upwards
    is checked far beyond the values that found it)."""
    checked = [number(0), *offered] + ([] if current is None else [current])
    top = max(checked)
    if top > 0:
        checked.append(number(top * 10) if number is int else round(top * 10, 2))
    return tuple(sorted(unique(number(value) for value in checked)))


def bounds(
    number: Number,
    checked: Iterable[Any],
    current: Any,
    decide: Callable[[Any], Decision | None],
    wanted: Iterable[Decision],
) -> list[tuple[str | None, Any, Decision]]:
    """Where a number gives a decision wanted: ``(bound, value, decision)`` for each run of
    values that does, ``bound`` ``None`` for a single value, else ``at_most``, ``less_than``,
    ``at_least``, ``more_than`` (``value`` the bound) or ``between`` (``value`` the pair).

    :param checked: the values to check first; between two neighbours that decide
        differently, up to :data:`MAX_PROBES` more are checked, halving down to the step.
    :param current: the number's value now: a run that holds it is no change, and is left out.
    :param decide: the decision with the number set to a value; ``None`` where the facts
        refuse the value (it is then not a value of the fact, and bounds nothing).
    """
    allowed = frozenset(wanted)
    step = 1 if number is int else 0.01
    gives: dict[Any, Decision | None] = {}  # each value checked: the decision wanted, or None

    def check(value: Any) -> bool:
        decision = decide(value)
        if decision is None:
            return False
        gives[value] = decision if decision in allowed else None
        return True

    for value in checked:
        check(value)
    points = sorted(gives)
    flips = [(a, b) for a, b in itertools.pairwise(points) if gives[a] != gives[b]]
    probes = MAX_PROBES
    while flips and probes > 0:
        low, high = flips.pop()
        if high - low <= step * (1 + 1e-9):
            continue
        middle = (low + high) // 2 if number is int else round((low + high) / 2, 2)
        if not low < middle < high:
            continue
        probes -= 1
        if check(middle):
            halves = ((low, middle), (middle, high))
            flips.extend((a, b) for a, b in halves if gives[a] != gives[b])
    points = sorted(gives)
    found: list[tuple[str | None, Any, Decision]] = []
    first = 0
    for decision, run in itertools.groupby(points, key=gives.__getitem__):
        values = list(run)
        last = first + len(values) - 1
        below = points[first - 1] if first > 0 else None
        above = points[last + 1] if last + 1 < len(points) else None
        first = last + 1
        low, high = values[0], values[-1]
        if decision is None or (current is not None and low <= current <= high):
            continue  # not wanted, or no change of the number
        found.append((*_bound(low, high, below, above, step), decision))
    return found


def _bound(low: Any, high: Any, below: Any, above: Any, step: float) -> tuple[str | None, Any]:
    """A run of values, ``low`` to ``high``, said as a bound that names only values checked:
    ``below`` and ``above`` are the nearest values checked outside it (``None``: none)."""
    if low == high:
        return None, low
    if below is None and above is not None:
        if above - high <= step * (1 + 1e-9) and _rounder(above, high):
            return "less_than", above  # 99.99 gives it and 100 does not: less than 100
        return "at_most", high
    if above is None and below is not None:
        if low - below <= step * (1 + 1e-9) and _rounder(below, low):
            return "more_than", below
        return "at_least", low
    return "between", (low, high)


def _rounder(one: float, other: float) -> bool:
    """Whether ``one`` is the rounder number: fewer decimals, or more trailing zeros."""

    def shape(number: float) -> tuple[int, int]:
        text = repr(float(number))
        if "e" in text:
            return (99, 0)
        decimals = len(text.partition(".")[2].rstrip("0"))
        whole, zeros = abs(int(number)), 0
        while whole and whole % 10 == 0:
            whole, zeros = whole // 10, zeros + 1
        return (decimals, -zeros)

    return shape(one) < shape(other)
