"""µs per decision of ``Engine.evaluate`` for the two benchmark rules, for optimising it.

``benchmarks/run.py`` is the benchmark of record; this is the tool for working on the engine's
hot path (issue 15). It times ``Engine.evaluate(mapping)`` (plain mapping in, full cited
``Outcome`` out, as ``run.py`` times it) over the same seeded scenarios of ``gift`` and
``directory_use``, and prints the median over rounds of the process's CPU time per decision
(``time.process_time_ns``: time spent waiting for a CPU on a loaded machine is left out).
Contenders run round-robin, one round each in turn, so drift hits them alike; quote the
ratios, which are measured in one process, rather than the absolute figures::

    python benchmarks/profile_evaluate.py                  # the working tree alone
    python benchmarks/profile_evaluate.py --against HEAD~1 # against a commit, interleaved
    python benchmarks/profile_evaluate.py --zen            # against ZEN's engine path too
    python benchmarks/profile_evaluate.py --profile        # cProfile of the working tree

``--against REV`` loads the kernel, plugins and policies of ``REV`` (``git archive``) as a
second ``ala_policy`` package in the same process: it is imported first, its engine built,
and its modules set aside before the working tree's are imported, so each engine runs its
own code. Before timing, the two engines must give the same outcome for every scenario
(``to_dict()`` and each finding's ``facts_used``): an optimisation may not change a result.
``--zen`` needs zen-engine (``tox -e bench`` installs it) and times the peer exactly as
``run.py`` does (``peers/zen.py``).

On a loaded machine, timings move by several per cent between runs; a change smaller than
that is better judged by instructions, which load does not change. ``--loop N`` decides N
scenarios of each rule and prints nothing, for counting under valgrind: the difference
between ``--loop 4000`` and ``--loop 0`` (the set-up alone), divided by 4,000, is the
instructions per decision::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        python benchmarks/profile_evaluate.py --loop 4000 --rules gift
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import io
import pstats
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RULES = ("gift", "directory_use")


def _archive(rev: str, into: Path) -> Path:
    """The kernel, plugins and policies of ``rev`` laid out as the ``ala_policy`` package."""
    tar = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "kernel", "plugins", "policies"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    package = into / "ala_policy"
    (into / "kernel").rename(package)
    (into / "plugins").rename(package / "plugins")
    (into / "policies").rename(package / "policies")
    return package


def _ala_modules() -> dict[str, Any]:
    return {
        name: module
        for name, module in sys.modules.items()
        if name == "ala_policy" or name.startswith("ala_policy.")
    }


def load_revision(rev: str, tmp: Path) -> Any:
    """An ``Engine`` of commit ``rev``, built from its own modules, which are then removed
    from ``sys.modules`` (the engine keeps them alive) so that the working tree's load next."""
    if _ala_modules():
        raise SystemExit("ala_policy is already imported: load the revision first")
    package = _archive(rev, tmp)
    sys.path.insert(0, str(tmp))
    try:
        module = importlib.import_module("ala_policy")
        if Path(module.__file__ or "").parent != package:
            raise SystemExit(f"{rev}: imported {module.__file__}, not {package}")
        engine = module.Engine()
    finally:
        sys.path.remove(str(tmp))
        for name in _ala_modules():
            del sys.modules[name]
        importlib.invalidate_caches()
    return engine


def shape(outcome: Any) -> tuple[Any, ...]:
    """What must not change: the JSON shape, and what each finding says it read."""
    return outcome.to_dict(), [f.facts_used for f in outcome.findings]


def rounds(
    loops: dict[str, Callable[[], object]], count: int, number: int
) -> dict[str, list[float]]:
    """µs per decision of each round of each loop, the loops round-robin."""
    samples: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(number):
        for name, loop in loops.items():
            gc.collect()
            start = time.process_time_ns()
            loop()
            samples[name].append((time.process_time_ns() - start) / count / 1e3)
    return samples


def _ala_loop(engine: Any, items: list[dict[str, Any]]) -> Callable[[], None]:
    evaluate = engine.evaluate

    def loop() -> None:
        for item in items:
            evaluate(item)

    return loop


def _zen_loop(area: str, items: list[dict[str, Any]]) -> Callable[[], None]:
    import peers

    decide = peers.decider(peers.load("zen"), area)
    pairs = [(item[area], item["actor"]["role"]) for item in items]

    def loop() -> None:
        for facts, role in pairs:
            decide(facts, role)

    return loop


def profile(engine: Any, items: list[dict[str, Any]], top: int) -> None:
    evaluate = engine.evaluate
    profiler = cProfile.Profile()
    profiler.enable()
    for item in items:
        evaluate(item)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REV", help="also time this commit, interleaved")
    parser.add_argument("--zen", action="store_true", help="also time ZEN's engine path")
    parser.add_argument("--profile", action="store_true", help="cProfile instead of timing")
    parser.add_argument(
        "--loop", type=int, metavar="N", help="decide N scenarios per rule, print nothing"
    )
    parser.add_argument("--rounds", type=int, default=15, help="rounds per contender (15)")
    parser.add_argument("--scenarios", type=int, default=5000, help="per round (5,000)")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--rules", default=",".join(RULES), help="gift,directory_use")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(HERE))  # scenarios, peers
    with tempfile.TemporaryDirectory(prefix="ala-policy-rev-") as tmp:
        old = load_revision(args.against, Path(tmp)) if args.against else None
        import scenarios

        from ala_policy import Engine

        engine = Engine()
        for area in args.rules.split(","):
            items = scenarios.generate(area, args.scenarios, args.seed)
            if args.loop is not None:
                evaluate = engine.evaluate
                for index in range(args.loop):
                    evaluate(items[index % len(items)])
                continue
            if args.profile:
                print(f"== {area}")
                profile(engine, items, 25)
                continue
            loops = {"working tree": _ala_loop(engine, items)}
            if old is not None:
                for item in items:
                    if shape(old.evaluate(item)) != shape(engine.evaluate(item)):
                        print(f"{area}: the outcomes differ for {item}")
                        return 1
                loops[args.against] = _ala_loop(old, items)
            if args.zen:
                loops["zen"] = _zen_loop(area, items)
            for loop in loops.values():  # warm up
                loop()
            samples = rounds(loops, len(items), args.rounds)
            base = statistics.median(samples["working tree"])
            print(f"{area}: median of {args.rounds} rounds of {len(items):,} scenarios")
            for name, values in samples.items():
                us = statistics.median(values)
                print(f"  {name:<24} {us:7.2f} µs  x{us / base:5.2f} of the working tree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
