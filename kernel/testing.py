"""Helpers for testing ala-policy plugins (like ``tox.pytest`` or ``structlog.testing``).

::

    from ala_policy.testing import make_engine, scenario, assert_outcome

    def test_my_rule():
        engine = make_engine(my_plugin)            # the built-ins and my plugin
        outcome = engine.evaluate(scenario(my_area={"fact": "value"}))
        assert_outcome(outcome, "prohibited", cites=["my-policy/rule-1"])
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from typing import Any

from .engine import Engine
from .loading import BUILTIN_PLUGINS
from .models import Decision, Outcome

__all__ = ["assert_outcome", "assert_verified", "builtin_plugins", "make_engine", "scenario"]


def builtin_plugins() -> dict[str, str]:
    """The built-in plugins by name, with their modules (``ala_policy.loading.BUILTIN_PLUGINS``,
    the same plugins ala-policy's own ``ala_policy`` entry points name)."""
    return dict(BUILTIN_PLUGINS)


_counter = itertools.count(1)


def make_engine(
    *plugins: object,
    builtins: bool | Iterable[str] = True,
    exclude: Iterable[str] = (),
    strict: bool = True,
) -> Engine:
    """An engine with exactly the given plugins, and no entry-point scan.

    :param plugins: your plugins (modules, objects with hookimpls, or ``(name, obj)``).
    :param builtins: ``True`` for every built-in plugin, ``False`` for none, or the names
        of the built-ins wanted (see :func:`builtin_plugins`).
    :param exclude: built-in names to leave out.
    :param strict: raise when a plugin fails while the engine is built (the default here:
        a test wants to see its plugin's failure), rather than build the engine without it.
        A plugin that cannot be imported is recorded in ``load_errors`` either way.
    """
    available = builtin_plugins()
    if builtins is True:
        names: list[str] = list(available)
    elif builtins is False:
        names = []
    else:
        names = list(builtins)
    skip = set(exclude)
    chosen: list[object] = [(n, available[n]) for n in names if n not in skip]
    return Engine(plugins=[*chosen, *plugins], strict=strict)


def scenario(
    *,
    role: str = "member",
    id: str | None = None,  # noqa: A002 - the scenario field's name
    member: bool | None = None,
    date: str | datetime.date | None = None,
    **sections: Any,
) -> dict[str, Any]:
    """A scenario mapping with a unique id, an actor, and the given area sections.

    :param role: ``actor.role``.
    :param id: the scenario's id (default: a fresh unique one).
    :param member: ``actor.member``, where given (``None``: left out, unknown).
    :param date: the date of the conduct (``YYYY-MM-DD`` or a date), where given.
    :param sections: the area sections, by area name (``gift={...}``).
    """
    actor: dict[str, Any] = {"role": role}
    if member is not None:
        actor["member"] = member
    data: dict[str, Any] = {"id": id or f"test-{next(_counter)}", "actor": actor}
    if date is not None:
        data["date"] = date
    data.update(sections)
    return data


def assert_outcome(
    outcome: Outcome,
    decision: str | Decision,
    *,
    cites: Iterable[str] = (),
    missing: Iterable[str] | None = None,
    conditions: bool | None = None,
) -> None:
    """Assert an outcome's decision, that it cites each of ``cites`` (with text), and
    optionally its missing facts (exactly, in any order) and whether it has conditions."""
    want = Decision(decision)
    assert outcome.decision is want, (
        f"expected {want.value}, got {outcome.decision.value}: "
        + "; ".join(
            f"{f.area}/{f.plugin}: {f.decision.value}: {f.reason}" for f in outcome.findings
        )
        + (f" ({outcome.error.describe()})" if outcome.error else "")
    )
    cited = {c.id: c for c in outcome.citations}
    for clause in cites:
        assert clause in cited, f"{clause} not cited; cited: {sorted(cited)}"
        assert cited[clause].text.strip(), f"{clause} is cited without its text"
    if missing is not None:
        got = {m for f in outcome.findings for m in f.missing_facts}
        assert got == set(missing), f"missing facts {sorted(got)} != {sorted(missing)}"
    if conditions is not None:
        has = any(f.conditions for f in outcome.findings)
        assert has is conditions, f"conditions present: {has}, expected {conditions}"


def assert_verified(
    engine: Engine,
    *areas: str,
    max_combinations: int = 200_000,
    sample: int = 2_000,
    seed: int = 0,
    fresh_process: int = 20,
) -> None:
    """Assert that ``ala-policy verify`` finds nothing wrong with ``areas`` (every area of the
    engine where none is named): no fault, every finding cited, missing facts that decide,
    no unknown fact taken as false, and the rest of the invariants in docs/plugins.md
    ("Verifying a plugin").

    The limits are smaller than the command's, to keep a test quick: areas of up to
    ``max_combinations`` combinations are walked exhaustively, larger ones by every pair of
    values and ``sample`` random combinations. The failure message lists each violation
    with its minimal scenario, as a YAML file to decide again with ``ala-policy evaluate``.
    """
    from .verify import verify

    unknown = [name for name in areas if name not in engine.areas]
    assert not unknown, f"no such area: {unknown}; the areas are {sorted(engine.areas)}"
    reports = verify(
        engine,
        areas or None,
        max_combinations=max_combinations,
        sample=sample,
        seed=seed,
        fresh_process=fresh_process,
    )
    found = [v for report in reports for v in report.violations]
    assert not found, f"{len(found)} violation(s) of the invariants:\n\n" + "\n".join(
        v.scenario_file() for v in found
    )
