"""Seeded random scenarios for the ``gift`` and ``directory_use`` areas.

Every scenario is a plain mapping in the scenario-file shape (section 2 of the scenario
contract)::

    {"id": "gift-17", "date": "2026-03-01", "actor": {"role": "member"},
     "gift": {"kind": "meal", "act": "offered", "pending_business": False}}

Each fact takes every value of its enumeration; each optional fact is also left out (unknown)
with the same probability as any one of its values, so every branch of the rules, the
``indeterminate`` ones included, is exercised. The same seed gives the same scenarios on
every machine and Python version (``random.Random(seed)`` only).

Run as a script to write a JSON Lines file::

    python benchmarks/scenarios.py out.jsonl 1000000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from ala_policy import DirectoryUseFacts, GiftFacts
from ala_policy.explain import fact_values
from ala_policy.models import ROLES

DATE = "2026-03-01"

#: Stands for "leave the fact out" among the choices of an optional fact.
OMIT: Any = object()


def _split(
    facts_class: type, extra: dict[str, tuple[Any, ...]] | None = None
) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]:
    """The values of each enumerable fact of ``facts_class`` (from its ``Literal`` and ``bool``
    types, as ``explain`` enumerates them), required facts apart from optional ones."""
    values = {**fact_values(facts_class), **(extra or {})}
    required: dict[str, tuple[Any, ...]] = {}
    optional: dict[str, tuple[Any, ...]] = {}
    for field in attrs.fields(facts_class):
        if field.name in values:
            group = required if field.default is attrs.NOTHING else optional
            group[field.name] = values[field.name]
    return required, optional


GIFT_REQUIRED, GIFT_OPTIONAL = _split(
    # value_usd is a number: the Code's rule does not read it; it is there so inputs look real
    GiftFacts,
    {"value_usd": (0, 25, 49.99, 150, 1200.5)},
)
DIRECTORY_REQUIRED, DIRECTORY_OPTIONAL = _split(DirectoryUseFacts)

AREAS = ("gift", "directory_use")
_FACTS = {
    "gift": (GIFT_REQUIRED, GIFT_OPTIONAL),
    "directory_use": (DIRECTORY_REQUIRED, DIRECTORY_OPTIONAL),
}
#: The choices of each optional fact, "left out" among them.
_CHOICES = {
    area: {name: (*values, OMIT) for name, values in optional.items()}
    for area, (_, optional) in _FACTS.items()
}


def facts(area: str, rng: random.Random) -> dict[str, Any]:
    """One random facts section of ``area``."""
    required, _ = _FACTS[area]
    section = {name: rng.choice(values) for name, values in required.items()}
    for name, choices in _CHOICES[area].items():
        value = rng.choice(choices)
        if value is not OMIT:
            section[name] = value
    return section


def scenario(area: str, rng: random.Random, index: int) -> dict[str, Any]:
    """One random scenario with one section, ``area``; its id is unique per area and index."""
    prefix = "g" if area == "gift" else "d"
    return {
        "id": f"{prefix}{index}",
        "date": DATE,
        "actor": {"role": rng.choice(ROLES)},
        area: facts(area, rng),
    }


def generate(area: str, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` scenarios of ``area`` from ``seed`` (the same list every time)."""
    rng = random.Random(f"{area}:{seed}")
    return [scenario(area, rng, i) for i in range(count)]


def mixed(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """``count`` scenarios, gift and directory_use alternating, lazily (for large files)."""
    rng = random.Random(f"mixed:{seed}")
    for i in range(count):
        yield scenario(AREAS[i % 2], rng, i)


def write_jsonl(path: Path, count: int, seed: int, *, chunk: int = 4096) -> Path:
    """Write ``count`` mixed scenarios to ``path``, one JSON document a line.

    Streamed: only ``chunk`` lines are held at a time, so a million lines take no more
    memory than a thousand.
    """
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    with path.open("w", encoding="utf-8", newline="\n") as out:
        lines: list[str] = []
        for item in mixed(count, seed):
            lines.append(dumps(item))
            if len(lines) >= chunk:
                lines.append("")
                out.write("\n".join(lines))
                lines.clear()
        if lines:
            lines.append("")
            out.write("\n".join(lines))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Write seeded random scenarios as JSON Lines.")
    parser.add_argument("path", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_jsonl(args.path, args.count, args.seed)


if __name__ == "__main__":
    main()
