"""Peer engines deciding the same gift and directory_use rules as ala-policy.

Each module exposes ``prepare()`` (build the engine's policy objects once, outside any timed
loop), ``decide_gift(facts, role)`` and ``decide_directory(facts, role)``, which return the
decision word: ``prohibited``, ``permitted``, ``indeterminate``, ``not_applicable`` or
``conditional``. ``facts`` is the area's section of a scenario as read from a file (optional
facts left out when unknown); ``role`` is ``actor.role``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
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
