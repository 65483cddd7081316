"""ala-policy: decide declared scenarios against ALA's ethics rules, with cited outcomes.

Embed it::

    from ala_policy import Engine

    outcome = Engine().evaluate({"id": "x", "actor": {"role": "member"},
                                 "gift": {"kind": "meal", "act": "offered", ...}})
    outcome.decision, outcome.findings[0].citations[0].text
"""

from __future__ import annotations

from typing import Any

from .areas import Area
from .engine import Engine, PluginInfo, make_plugin_manager
from .errors import (
    AlaPolicyError,
    FieldError,
    PluginError,
    PolicyError,
    ScenarioError,
    UsageError,
)
from .facts import ConflictOfInterestFacts, DirectoryUseFacts, GiftFacts, SolicitationFacts
from .formats import FormatOptions, OutputFormat, Writer
from .markers import hookimpl, hookspec
from .models import (
    Actor,
    Citation,
    Decision,
    Expectation,
    Finding,
    InputFailure,
    Outcome,
    Ruling,
    Scenario,
    Source,
    Summary,
    unknown_facts,
)
from .policy import Clause, Corpus, Edition, PolicyDocument, PolicyView, load_policy_file
from .rulings import make_ruling

__all__ = [
    "Actor",
    "AlaPolicyError",
    "Area",
    "Citation",
    "Clause",
    "ConflictOfInterestFacts",
    "Corpus",
    "Decision",
    "DirectoryUseFacts",
    "Edition",
    "Engine",
    "Expectation",
    "FieldError",
    "Finding",
    "FormatOptions",
    "GiftFacts",
    "InputFailure",
    "Outcome",
    "OutputFormat",
    "PluginError",
    "PluginInfo",
    "PolicyDocument",
    "PolicyError",
    "PolicyView",
    "Ruling",
    "Scenario",
    "ScenarioError",
    "SolicitationFacts",
    "Source",
    "Summary",
    "UsageError",
    "Writer",
    "__version__",
    "hookimpl",
    "hookspec",
    "load_policy_file",
    "make_plugin_manager",
    "make_ruling",
    "unknown_facts",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ala-policy")
        except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
            from ._version import __version__

            return __version__
    raise AttributeError(f"module 'ala_policy' has no attribute {name!r}")
