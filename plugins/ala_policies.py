"""Built-in plugin: ALA's own policy documents (the Code and the Nonsolicitation Policy)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ala_policy import hookimpl

#: The policy data files this plugin contributes, from the ``ala_policy.policies`` package.
POLICY_FILES = ("code.yaml", "nonsolicitation.yaml")


@hookimpl
def ala_policy_register_policies(register: Callable[[Any], None]) -> None:
    """Register the ALA Code of Professional Responsibility and the Nonsolicitation Policy."""
    # The data sits beside ala_policy.policies; reading it by path keeps importlib.resources
    # (about 8 ms of imports) off the start-up path of every command.
    from ala_policy import policies

    folder = Path(policies.__file__).parent
    for name in POLICY_FILES:
        register(folder / name)
