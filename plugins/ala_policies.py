"""Built-in plugin: ALA's own policy documents (the Code and the Nonsolicitation Policy)."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import Any

from ala_policy import hookimpl

#: The policy data files this plugin contributes, from the ``ala_policy.policies`` package.
POLICY_FILES = ("code.yaml", "nonsolicitation.yaml")


@hookimpl
def ala_policy_register_policies(register: Callable[[Any], None]) -> None:
    """Register the ALA Code of Professional Responsibility and the Nonsolicitation Policy."""
    folder = files("ala_policy.policies")
    for name in POLICY_FILES:
        register(folder / name)
