"""Check that every peer decides the gift and directory_use rules as ala-policy does.

ala-policy is the reference: for each rule, the same seeded random scenarios are decided by
``Engine().evaluate(mapping)`` and by each peer's ``decide_*(facts, role)``, and by its
``decide_*_batch(pairs)`` too when it has one (the benchmark times that); any disagreement is
printed (facts, role, expected, got) and the exit status is 1.

    python benchmarks/agreement.py [--count 10000] [--seed 2026] [--peers cedar,rego]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the sibling modules importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers
import scenarios

from ala_policy import Engine

#: How many disagreements to print per peer and rule.
SHOW = 5


def expected_decisions(engine: Engine, items: list[dict[str, Any]]) -> list[str]:
    """ala-policy's decision for each scenario."""
    return [engine.evaluate(item).decision.value for item in items]


def _one_by_one(decide: peers.Decide, items: list[dict[str, Any]], area: str) -> list[str]:
    """The peer's decision for each scenario, one call each; a crash is a decision shown."""
    got = []
    for item in items:
        try:
            got.append(decide(item[area], item["actor"]["role"]))
        except Exception as exc:  # noqa: BLE001 - a crash is a disagreement, shown
            got.append(f"raised {type(exc).__name__}: {exc}")
    return got


def _batch(decide_batch: peers.DecideBatch, items: list[dict[str, Any]], area: str) -> list[str]:
    """The peer's decisions for all scenarios in one batch call; a crash fails every one."""
    try:
        return decide_batch([(item[area], item["actor"]["role"]) for item in items])
    except Exception as exc:  # noqa: BLE001 - a crash is a disagreement, shown
        return [f"raised {type(exc).__name__}: {exc}"] * len(items)


def _compare(
    name: str, area: str, items: list[dict[str, Any]], expected: list[str], got: list[str]
) -> int:
    """Count (and print the first few) decisions that are not ala-policy's."""
    if len(got) != len(items):
        print(f"DISAGREE {name} {area}: {len(got)} decisions for {len(items)}", file=sys.stderr)
        return len(items)
    wrong = 0
    for item, want, decision in zip(items, expected, got, strict=True):
        if decision != want:
            wrong += 1
            if wrong <= SHOW:
                print(
                    f"DISAGREE {name} {area} {item['id']}: role={item['actor']['role']} "
                    f"facts={item[area]} expected={want} got={decision}",
                    file=sys.stderr,
                )
    return wrong


def check(
    names: tuple[str, ...], *, count: int, seed: int, engine: Engine | None = None
) -> dict[str, Any]:
    """Decide ``count`` scenarios per rule with ala-policy and each peer; report.

    :returns: ``{"ok": bool, "count": ..., "seed": ..., "decisions": {rule: {decision: n}},
        "disagreements": {peer: {rule: n}}, "batch_checked": [peer, ...]}`` (the peers whose
        batch path was decided too, its disagreements counted with the peer's);
        disagreements are printed as they are found.
    """
    engine = engine or Engine()
    loaded = {name: peers.load(name) for name in names}
    report: dict[str, Any] = {
        "count": count,
        "seed": seed,
        "decisions": {},
        "disagreements": {name: {} for name in names},
        "batch_checked": sorted(
            name for name, peer in loaded.items() if peers.batch_decider(peer, "gift")
        ),
    }
    ok = True
    for area in scenarios.AREAS:
        items = scenarios.generate(area, count, seed)
        expected = expected_decisions(engine, items)
        report["decisions"][area] = dict(sorted(Counter(expected).items()))
        for name, peer in loaded.items():
            got = _one_by_one(peers.decider(peer, area), items, area)
            wrong = _compare(name, area, items, expected, got)
            decide_batch = peers.batch_decider(peer, area)
            if decide_batch is not None:
                got = _batch(decide_batch, items, area)
                wrong += _compare(f"{name}[batch]", area, items, expected, got)
            report["disagreements"][name][area] = wrong
            ok = ok and wrong == 0
    report["ok"] = ok
    return report


def summary(report: dict[str, Any]) -> str:
    """One line per peer: agrees, or how many disagreements per rule."""
    lines = [
        (
            f"agreement with ala-policy on {report['count']:,} seeded scenarios per rule "
            f"(seed {report['seed']}):"
        )
    ]
    for area, decisions in report["decisions"].items():
        spread = ", ".join(f"{d} {n:,}" for d, n in decisions.items())
        lines.append(f"  {area} decisions: {spread}")
    for name, by_area in report["disagreements"].items():
        if any(by_area.values()):
            detail = ", ".join(f"{area}: {n:,} disagree" for area, n in by_area.items())
            lines.append(f"  {name:<15} FAIL  {detail}")
        else:
            both = name in report.get("batch_checked", ())
            lines.append(
                f"  {name:<15} agrees" + (" (one by one, and in one batch)" if both else "")
            )
    return "\n".join(lines)


def parse_peers(text: str | None) -> tuple[str, ...]:
    """``a,b`` -> ``("a", "b")``, checked against the known peers; ``None``: all."""
    if not text:
        return peers.NAMES
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in peers.NAMES]
    if unknown:
        raise SystemExit(f"unknown peer(s): {', '.join(unknown)}; known: {', '.join(peers.NAMES)}")
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--peers", help="comma-separated peers (default: all)")
    args = parser.parse_args()
    try:
        report = check(parse_peers(args.peers), count=args.count, seed=args.seed)
    except ImportError as exc:
        print(f"a peer cannot be imported: {exc}; install the peers (tox -e bench does)")
        return 1
    print(summary(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
