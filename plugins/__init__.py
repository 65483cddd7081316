"""The built-in plugins of ala-policy.

Each is an ordinary plugin module, listed under the ``ala_policy`` entry-point group like any
third-party plugin, so it can be listed, blocked (``--disable-plugin NAME``) and replaced.
``BUILTIN_PLUGINS`` maps each name to its module, for embedders who build an engine with an
explicit plugin list: ``Engine(plugins=BUILTIN_PLUGINS.values())``.
"""

from __future__ import annotations

BUILTIN_PLUGINS: dict[str, str] = {
    "areas": "ala_policy.plugins.areas",
    "ala_policies": "ala_policy.plugins.ala_policies",
    "gift": "ala_policy.plugins.gift",
    "text": "ala_policy.plugins.text_format",
    "json": "ala_policy.plugins.json_format",
}

__all__ = ["BUILTIN_PLUGINS"]
