"""Policy areas: what a plugin registers so the kernel can validate and dispatch a section.

The kernel dispatches no area by name: a plugin registers each area (its facts class and the
name of the hook its evaluators implement) through ``ala_policy_register_areas``. The core
defines the hooks and facts of the design card's four areas, and the built-in ``areas``
plugin registers them by that same path; every other area's plugin adds its own hook.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Area"]


def _check_name(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if not value.isidentifier() or not value.islower():
        raise ValueError(f"an area name is a lower-case identifier, not {value!r}")


def _check_facts(_instance: object, _attribute: attrs.Attribute[type], value: type) -> None:
    if not attrs.has(value):
        raise TypeError(f"an area's facts class must be an attrs class, not {value!r}")


@attrs.frozen(kw_only=True)
class Area:
    """A policy area.

    :param name: the scenario key of the area's section (``gift``).
    :param facts: an attrs class whose fields are the area's facts; every field should
        default to ``None`` (unknown) or to the value the area's reading defaults to.
    :param hook: the name of the hook that evaluators of this area implement: one of the
        core's four (``ala_policy_evaluate_gift``, ...) or one the registering plugin
        declares through ``ala_policy_addhooks``. Each call gets the keyword arguments
        ``scenario``, ``facts`` and ``policy``.
    :param title: a human title (``Gift acceptance``).
    :param description: what the area covers and which clauses it rests on.

    Document each fact with ``attrs.field(metadata={"doc": "..."})``: ``schema``, ``ask`` and
    the docs read it from there.
    """

    name: str = attrs.field(validator=_check_name)
    facts: type = attrs.field(validator=_check_facts)
    hook: str
    title: str = ""
    description: str = ""

    def fact_names(self) -> tuple[str, ...]:
        """The names of the area's facts, in declaration order."""
        fields: tuple[Any, ...] = attrs.fields(self.facts)
        return tuple(f.name for f in fields)

    def fact_doc(self, name: str) -> str:
        """The documentation of fact ``name`` (its field's ``metadata["doc"]``), or ``""``."""
        field = attrs.fields_dict(self.facts).get(name)
        return str(field.metadata.get("doc", "")) if field is not None else ""
