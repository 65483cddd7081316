"""Peer engines deciding the same gift and directory_use rules as ala-policy.

Each module exposes ``prepare()`` (build the engine's policy objects once, outside any timed
loop), ``decide_gift(facts, role)`` and ``decide_directory(facts, role)``, which return the
decision word: ``prohibited``, ``permitted``, ``indeterminate``, ``not_applicable`` or
``conditional``. ``facts`` is the area's section of a scenario as read from a file (optional
facts left out when unknown); ``role`` is ``actor.role``.

A peer whose engine decides faster in batches also exposes ``decide_gift_batch(pairs)`` and
``decide_directory_batch(pairs)``: a sequence of ``(facts, role)`` in, their decisions out,
in order, in one call of the engine's batch API. The benchmark then times that call over all
of a round's scenarios and divides by their number; the agreement check checks both.

Each module's docstring says which ways of deciding were tried and what each cost; the one
it exposes (the batch one, when there is one) is the fastest.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, Protocol, cast

#: Every peer, the floor first.
NAMES = ("plain", "cedar", "rego", "casbin", "zen", "rule_engine", "business_rules")

#: The distribution each peer needs (for messages when one is missing).
DISTRIBUTIONS = {
    "plain": None,
    "cedar": "cedarpy",
    "rego": "regopy",
    "casbin": "casbin",
    "zen": "zen-engine",
    "rule_engine": "rule-engine",
    "business_rules": "business-rules",
}

Decide = Callable[[dict[str, Any], str], str]
DecideBatch = Callable[[Sequence[tuple[dict[str, Any], str]]], list[str]]


class Peer(Protocol):
    """What a peer module provides."""

    def prepare(self) -> None: ...

    def decide_gift(self, facts: dict[str, Any], role: str) -> str: ...

    def decide_directory(self, facts: dict[str, Any], role: str) -> str: ...


def load(name: str) -> Peer:
    """Import the peer ``name`` and prepare it."""
    module: ModuleType = importlib.import_module(f"{__name__}.{name}")
    peer = cast("Peer", module)
    peer.prepare()
    return peer


def decider(peer: Peer, area: str) -> Decide:
    """The peer's decision function for ``area`` (``gift`` or ``directory_use``)."""
    return peer.decide_gift if area == "gift" else peer.decide_directory


def batch_decider(peer: Peer, area: str) -> DecideBatch | None:
    """The peer's batch decision function for ``area``, or ``None`` when it decides one by one."""
    name = "decide_gift_batch" if area == "gift" else "decide_directory_batch"
    found: DecideBatch | None = getattr(peer, name, None)
    return found
