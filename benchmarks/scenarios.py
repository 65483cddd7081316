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

DATE = "2026-03-01"

#: Stands for "leave the fact out" among the choices of an optional fact.
OMIT: Any = object()

ROLES = ("member", "business_partner", "educator", "sponsor", "staff", "non_member")

GIFT_REQUIRED: dict[str, tuple[Any, ...]] = {
    "kind": (
        "fee",
        "commission",
        "gift",
        "gratuity",
        "discount",
        "loan",
        "meal",
        "entertainment",
        "travel",
        "other",
    ),
    "act": ("offered", "accepted", "solicited"),
}
GIFT_OPTIONAL: dict[str, tuple[Any, ...]] = {
    "beneficiary": ("self", "family", "friend", "employer", "charity"),
    "giver": (
        "vendor",
        "prospective_vendor",
        "business_partner",
        "client",
        "prospective_client",
        "colleague",
        "other",
    ),
    "pending_business": (True, False),
    "may_influence": (True, False),
    # the value is not read by the Code's rule; it is there so that inputs look real
    "value_usd": (0, 25, 49.99, 150, 1200.5),
}

DIRECTORY_REQUIRED: dict[str, tuple[Any, ...]] = {
    "purpose": (
        "contact_someone_met",
        "mutual_business_issue",
        "seek_advice",
        "marketing",
        "solicitation",
        "business_development",
        "newsletter",
        "educational_event",
        "company_card",
        "other",
    ),
}
DIRECTORY_OPTIONAL: dict[str, tuple[Any, ...]] = {
    "recipients": ("one", "some", "all"),
    "relationship": ("direct", "requested_followup", "expressed_interest", "met", "none"),
    "copies_data": (True, False),
    "shares_with": ("nobody", "own_organization", "non_members"),
    "association_approved": (True, False),
    "includes_solicitation": (True, False),
}

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
