"""The ala-policy benchmark harness: ``tox -e bench`` (or ``python benchmarks/run.py``).

1. Agreement: every peer decides 10,000 seeded scenarios per rule as ala-policy does, or
   the run stops with exit status 1.
2. Per decision, per rule: ala-policy's ``Engine.evaluate(mapping)`` (plain mapping in,
   full cited outcome out) against each peer's bare decision on the same scenarios; the
   median of several rounds, run round-robin so that drift hits every contender alike.
3. The JSON Lines batch path: ``ala-policy evaluate 100k.jsonl --format jsonl``.
4. Cold start: ``ala-policy evaluate one.yaml`` against the import floor
   ``python -c "import pluggy, attrs, cattrs, click, yaml"``.
5. Peak memory (max RSS) of the batch at 100,000 and 1,000,000 lines, and ``--jobs 2``
   against ``--jobs 1`` on the million lines (``--quick``: 200,000 instead of a million).
6. The ``--jobs`` curve: ``--jobs 1``, ``2`` and ``0`` (one per CPU) on 10,000, 100,000 and
   the big file's lines, interleaved; more jobs may never cost time.

A table is printed and the numbers go to ``benchmarks/results/latest.json``. Missed targets
are reported; only ``--strict`` turns them into exit status 1.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gc
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the sibling modules importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import agreement
import peers
import scenarios

from ala_policy import Engine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"

#: Targets (see README.md).
COLD_START_MAX_RATIO = 1.2
PEAK_MAX_MB = 100.0
PEAK_FLAT_RATIO = 1.1
JOBS_MIN_RATIO = 1.7
#: Engine.evaluate against the fastest non-plain peer's bare decision, per rule.
PEER_LEAD_MIN_RATIO = 1.5
#: The --jobs curve: the job counts, and how much slower than --jobs 1 more jobs may be
#: measured (the machine's noise between runs; "never cost time" within it).
JOBS_CURVE = (1, 2, 0)
JOBS_CURVE_NOISE = 1.05

FLOOR_IMPORTS = "import pluggy, attrs, cattrs, click, yaml"

#: Runs a command with standard output to /dev/null and prints its exit status, the peak RSS
#: of its largest process (RUSAGE_CHILDREN of this fresh helper: nothing else ran in it) and
#: its wall time. Standard error passes through.
MAXRSS_HELPER = """\
import resource, subprocess, sys, time
start = time.perf_counter_ns()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter_ns() - start
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, wall)
"""

SMALL_SCENARIO = """\
id: vendor-dinner-during-bid
date: 2026-03-01
actor:
  role: member
gift:
  kind: meal
  act: offered
  giver: prospective_vendor
  pending_business: true
  value_usd: 180
"""

PEER_LABELS = {
    "plain": "plain Python (floor)",
    "cedar": "Cedar (cedarpy)",
    "rego": "Rego (regopy)",
    "casbin": "Casbin",
    "zen": "ZEN (zen-engine)",
    "rule_engine": "rule-engine",
    "business_rules": "business-rules",
}
ALA = "ala-policy"
ALA_LABEL = "ala-policy Engine.evaluate"


class BenchError(RuntimeError):
    """A measured command failed: the numbers would mean nothing."""


# -- helpers ------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _notes(stderr: str, notes: set[str]) -> None:
    for line in stderr.splitlines():
        if line.strip():
            notes.add(line.strip())


def run_measured(command: list[str], notes: set[str]) -> tuple[float, int]:
    """Run ``command`` (stdout to /dev/null) in a fresh helper; (wall seconds, peak bytes)."""
    done = subprocess.run(
        [sys.executable, "-c", MAXRSS_HELPER, *command],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise BenchError(f"measuring helper failed for {command}: {done.stderr.strip()}")
    code, maxrss, wall_ns = (int(x) for x in done.stdout.split())
    _notes(done.stderr, notes)
    if code != 0:
        raise BenchError(f"{' '.join(command)} exited {code}: {done.stderr.strip()[-2000:]}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    peak = maxrss if sys.platform == "darwin" else maxrss * 1024
    return wall_ns / 1e9, peak


def timed(command: list[str], notes: set[str]) -> float:
    """Wall seconds of ``command``, output to /dev/null."""
    start = time.perf_counter_ns()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
    )
    wall = (time.perf_counter_ns() - start) / 1e9
    if done.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    _notes(done.stderr, notes)
    return wall


def cli_command() -> list[str]:
    """The ``ala-policy`` console script of this interpreter's environment."""
    script = shutil.which("ala-policy", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-m", "ala_policy"]


def mb(n_bytes: float) -> float:
    return n_bytes / 1e6


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "cpu_count": os.cpu_count(),
    }
    if hasattr(os, "sched_getaffinity"):
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    return info


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for dist in ("ala-policy", *(d for d in peers.DISTRIBUTIONS.values() if d)):
        try:
            found[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            found[dist] = None
    return found


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Plain aligned text; columns whose index is in ``right`` are right-aligned."""
    widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def section(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


# -- 2. per decision ----------------------------------------------------------------------

Pairs = list[tuple[dict[str, Any], str]]


def _loop_ala(engine: Engine, items: list[dict[str, Any]]) -> Callable[[], None]:
    evaluate = engine.evaluate

    def loop() -> None:
        for item in items:
            evaluate(item)

    return loop


def _loop_peer(peer: peers.Peer, area: str, pairs: Pairs) -> Callable[[], object]:
    """One round of the peer's decisions: its batch call over all ``pairs`` when it has one
    (the conversion of every request inside it), else one call per scenario."""
    decide_batch = peers.batch_decider(peer, area)
    if decide_batch is not None:
        return functools.partial(decide_batch, pairs)
    decide = peers.decider(peer, area)

    def loop() -> None:
        for facts, role in pairs:
            decide(facts, role)

    return loop


def per_decision(
    engine: Engine, loaded: dict[str, peers.Peer], *, count: int, rounds: int, seed: int
) -> dict[str, Any]:
    """Median ns per decision for ala-policy and every peer, per rule, round-robin."""
    results: dict[str, Any] = {}
    for area in scenarios.AREAS:
        items = scenarios.generate(area, count, seed + 1)  # not the agreement's scenarios
        pairs = [(item[area], item["actor"]["role"]) for item in items]
        loops: dict[str, Callable[[], object]] = {ALA: _loop_ala(engine, items)}
        for name, peer in loaded.items():
            loops[name] = _loop_peer(peer, area, pairs)
        warm = min(count, 1000)
        _loop_ala(engine, items[:warm])()
        for peer in loaded.values():
            _loop_peer(peer, area, pairs[:warm])()
        samples: dict[str, list[int]] = {name: [] for name in loops}
        for round_no in range(rounds):
            for name, loop in loops.items():
                gc.collect()
                start = time.perf_counter_ns()
                loop()
                samples[name].append(time.perf_counter_ns() - start)
            print(f"  {area}: round {round_no + 1}/{rounds} done", file=sys.stderr, flush=True)
        ala_ns = median(samples[ALA]) / count
        by_name: dict[str, Any] = {}
        for name, rounds_ns in samples.items():
            ns = median(rounds_ns) / count
            batched = name != ALA and peers.batch_decider(loaded[name], area) is not None
            by_name[name] = {
                "mode": "batch" if batched else "call",
                "median_ns_per_decision": ns,
                "us_per_decision": ns / 1e3,
                "decisions_per_s": 1e9 / ns,
                "ratio_to_ala": ns / ala_ns,
                "rounds_ns_per_decision": [r / count for r in rounds_ns],
            }
        results[area] = by_name
    return {"scenarios_per_round": count, "rounds": rounds, "seed": seed + 1, "rules": results}


# -- 3.-5. subprocess measurements -----------------------------------------------------------


def batch(cli: list[str], path: Path, lines: int, runs: int, notes: set[str]) -> dict[str, Any]:
    """The JSON Lines batch path, checked once, then timed ``runs`` times."""
    check = subprocess.run(
        [*cli, "evaluate", str(path), "--format", "jsonl"],
        capture_output=True,
        check=False,
    )
    if check.returncode != 0:
        raise BenchError(f"batch check run exited {check.returncode}: {check.stderr[-2000:]!r}")
    results = check.stdout.splitlines()
    errors = sum(1 for r in results if json.loads(r)["decision"] == "error")
    if len(results) != lines or errors:
        raise BenchError(f"batch check: {len(results)} results for {lines} lines, {errors} errors")
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = run_measured([*cli, "evaluate", str(path), "--format", "jsonl"], notes)
        walls.append(wall)
        peaks.append(peak)
    wall = median(walls)
    return {
        "lines": lines,
        "runs": runs,
        "wall_s": walls,
        "median_wall_s": wall,
        "decisions_per_s": lines / wall,
        "us_per_decision": wall / lines * 1e6,
        "peak_rss_bytes": max(peaks),
    }


def cold_start(cli: list[str], small: Path, runs: int, notes: set[str]) -> dict[str, Any]:
    """``ala-policy evaluate small.yaml`` against the dependency import floor, interleaved."""
    evaluate = [*cli, "evaluate", str(small)]
    floor = [sys.executable, "-c", FLOOR_IMPORTS]
    timed(evaluate, notes)  # warm the file cache and the byte-code caches
    timed(floor, notes)
    cli_s, floor_s = [], []
    for _ in range(runs):
        cli_s.append(timed(evaluate, notes))
        floor_s.append(timed(floor, notes))
    return {
        "runs": runs,
        "command": "ala-policy evaluate <one scenario>.yaml > /dev/null",
        "floor_command": f'python -c "{FLOOR_IMPORTS}"',
        "cli_s": cli_s,
        "floor_s": floor_s,
        "median_cli_s": median(cli_s),
        "median_floor_s": median(floor_s),
        "ratio": median(cli_s) / median(floor_s),
    }


def memory_and_jobs(
    cli: list[str], small_batch: Path, big: Path, big_lines: int, runs: int, notes: set[str]
) -> dict[str, Any]:
    """Peak RSS at 100,000 lines and at ``big_lines``; --jobs 2 against --jobs 1 on the big file."""
    base = [*cli, "evaluate"]
    small_peaks = [run_measured([*base, str(small_batch), "--format", "jsonl"], notes)[1]]
    one_walls, one_peaks, two_walls, two_peaks, all_walls = [], [], [], [], []
    for _ in range(runs):
        wall, peak = run_measured([*base, str(big), "--format", "jsonl", "--jobs", "1"], notes)
        one_walls.append(wall)
        one_peaks.append(peak)
        wall, peak = run_measured([*base, str(big), "--format", "jsonl", "--jobs", "2"], notes)
        two_walls.append(wall)
        two_peaks.append(peak)
        wall, _ = run_measured([*base, str(big), "--format", "jsonl", "--jobs", "0"], notes)
        all_walls.append(wall)
        print("  memory/jobs: run done", file=sys.stderr, flush=True)
    one, two = median(one_walls), median(two_walls)
    return {
        "runs": runs,
        "small_lines": 100_000,
        "big_lines": big_lines,
        "peak_rss_small_bytes": max(small_peaks),
        "peak_rss_big_bytes": max(one_peaks),
        "peak_ratio_big_to_small": max(one_peaks) / max(small_peaks),
        "jobs1_wall_s": one_walls,
        "jobs2_wall_s": two_walls,
        "jobs1_median_wall_s": one,
        "jobs2_median_wall_s": two,
        "jobs1_decisions_per_s": big_lines / one,
        "jobs2_decisions_per_s": big_lines / two,
        "jobs2_peak_rss_largest_process_bytes": max(two_peaks),
        "jobs_ratio": one / two,
        "jobs0_wall_s": all_walls,
    }


def jobs_curve(
    cli: list[str], files: dict[int, Path], runs: int, notes: set[str], big: dict[str, Any]
) -> dict[str, Any]:
    """Median wall of ``--jobs 1``, ``2`` and ``0`` on each of ``files`` (lines -> path),
    interleaved within each run; the big file's walls come from :func:`memory_and_jobs`."""
    curve: dict[str, dict[str, float]] = {}
    for lines, path in files.items():
        walls: dict[int, list[float]] = {jobs: [] for jobs in JOBS_CURVE}
        for _ in range(runs):
            for jobs in JOBS_CURVE:
                command = [*cli, "evaluate", str(path), "--format", "jsonl", "--jobs", str(jobs)]
                walls[jobs].append(run_measured(command, notes)[0])
        curve[str(lines)] = {str(jobs): median(w) for jobs, w in walls.items()}
        print(f"  jobs curve: {lines:,} lines done", file=sys.stderr, flush=True)
    curve[str(big["big_lines"])] = {
        "1": big["jobs1_median_wall_s"],
        "2": big["jobs2_median_wall_s"],
        "0": median(big["jobs0_wall_s"]),
    }
    return {"runs": runs, "cpus": os.cpu_count(), "median_wall_s": curve}


# -- targets and report ---------------------------------------------------------------------


def targets(data: dict[str, Any], quick: bool) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for area, by_name in data["per_decision"]["rules"].items():
        rivals = {n: v["ratio_to_ala"] for n, v in by_name.items() if n not in (ALA, "plain")}
        fastest = min(rivals, key=lambda n: rivals[n]) if rivals else None
        lead = rivals[fastest] if fastest else None
        found.append(
            {
                "id": f"a.{area}",
                "target": f"{area}: ala-policy Engine.evaluate >= {PEER_LEAD_MIN_RATIO} x the "
                "fastest peer (its bare decision)",
                "passed": lead is not None and lead >= PEER_LEAD_MIN_RATIO,
                "value": rivals,
                "detail": (
                    f"fastest peer: {fastest}, {by_name[fastest]['us_per_decision']:.2f} us vs "
                    f"{by_name[ALA]['us_per_decision']:.2f} us: {lead:.2f}x"
                    if fastest and lead is not None
                    else "no peers"
                ),
            }
        )
    cold = data["cold_start"]
    found.append(
        {
            "id": "b",
            "target": f"cold start <= {COLD_START_MAX_RATIO} x import floor",
            "passed": cold["ratio"] <= COLD_START_MAX_RATIO,
            "value": cold["ratio"],
            "detail": f"{cold['median_cli_s'] * 1e3:.0f} ms vs {cold['median_floor_s'] * 1e3:.0f} "
            f"ms: {cold['ratio']:.2f}x",
        }
    )
    mem = data["memory_and_jobs"]
    big = mb(mem["peak_rss_big_bytes"])
    flat = mem["peak_ratio_big_to_small"]
    where = f"{mem['big_lines']:,} lines" + (" (--quick)" if quick else "")
    found.append(
        {
            "id": "c",
            "target": f"peak memory of the big batch < {PEAK_MAX_MB:.0f} MB and flat "
            f"(big <= {PEAK_FLAT_RATIO} x 100k)",
            "passed": big < PEAK_MAX_MB and flat <= PEAK_FLAT_RATIO,
            "value": {"peak_mb": big, "ratio_to_100k": flat},
            "detail": f"{big:.1f} MB at {where}, {mb(mem['peak_rss_small_bytes']):.1f} MB at "
            f"100,000: {flat:.2f}x",
        }
    )
    found.append(
        {
            "id": "d",
            "target": f"--jobs 2 throughput >= {JOBS_MIN_RATIO} x --jobs 1",
            "passed": mem["jobs_ratio"] >= JOBS_MIN_RATIO,
            "value": mem["jobs_ratio"],
            "detail": f"{mem['jobs2_decisions_per_s']:,.0f}/s vs "
            f"{mem['jobs1_decisions_per_s']:,.0f}/s on {where}: {mem['jobs_ratio']:.2f}x",
        }
    )
    curve = data["jobs_curve"]["median_wall_s"]
    worst = {
        f"{int(lines):,} lines, --jobs {jobs}": walls[jobs] / walls["1"]
        for lines, walls in curve.items()
        for jobs in walls
        if jobs != "1"
    }
    slowest = max(worst, key=lambda k: worst[k])
    found.append(
        {
            "id": "e",
            "target": "more --jobs never cost time (wall <= "
            f"{JOBS_CURVE_NOISE} x --jobs 1, the run-to-run noise)",
            "passed": all(r <= JOBS_CURVE_NOISE for r in worst.values()),
            "value": worst,
            "detail": f"highest: {slowest} at {worst[slowest]:.2f} x the wall of --jobs 1",
        }
    )
    return found


def print_per_decision(result: dict[str, Any]) -> None:
    section(
        f"Per decision: median of {result['rounds']} rounds over the same "
        f"{result['scenarios_per_round']:,} scenarios per rule"
    )
    print("ala-policy: plain mapping -> validated Scenario -> full cited Outcome.")
    print("Peers: bare decision word. peer/ala > 1 means ala-policy is faster.")
    print(
        f"[batch]: one call of the peer's batch API over the {result['scenarios_per_round']:,} "
        "scenarios, divided by their number."
    )
    rows = []
    for area, by_name in result["rules"].items():
        for name, v in by_name.items():
            label = ALA_LABEL if name == ALA else PEER_LABELS.get(name, name)
            rows.append(
                [
                    area,
                    label + (" [batch]" if v.get("mode") == "batch" else ""),
                    f"{v['us_per_decision']:.2f}",
                    f"{v['decisions_per_s']:,.0f}",
                    "1.00" if name == ALA else f"{v['ratio_to_ala']:.2f}",
                ]
            )
    print(
        table(
            ["rule", "contender", "us/decision", "decisions/s", "peer/ala"], rows, right={2, 3, 4}
        )
    )


def print_rest(data: dict[str, Any]) -> None:
    b = data["batch"]
    section("JSON Lines batch: ala-policy evaluate N.jsonl --format jsonl > /dev/null")
    print(
        table(
            ["lines", "median wall s", "decisions/s", "us/decision", "peak RSS MB", "runs"],
            [
                [
                    f"{b['lines']:,}",
                    f"{b['median_wall_s']:.2f}",
                    f"{b['decisions_per_s']:,.0f}",
                    f"{b['us_per_decision']:.1f}",
                    f"{mb(b['peak_rss_bytes']):.1f}",
                    str(b["runs"]),
                ]
            ],
            right={0, 1, 2, 3, 4, 5},
        )
    )
    c = data["cold_start"]
    section(f"Cold start: median of {c['runs']} runs")
    print(
        table(
            ["command", "median ms"],
            [
                ["ala-policy evaluate one.yaml", f"{c['median_cli_s'] * 1e3:.1f}"],
                [c["floor_command"], f"{c['median_floor_s'] * 1e3:.1f}"],
                ["ratio", f"{c['ratio']:.2f}"],
            ],
            right={1},
        )
    )
    m = data["memory_and_jobs"]
    section(f"Memory and processes: median wall of {m['runs']} run(s)")
    print(
        table(
            ["measure", "value"],
            [
                ["peak RSS, 100,000 lines, --jobs 1", f"{mb(m['peak_rss_small_bytes']):.1f} MB"],
                [
                    f"peak RSS, {m['big_lines']:,} lines, --jobs 1",
                    f"{mb(m['peak_rss_big_bytes']):.1f} MB",
                ],
                ["peak ratio big / 100,000", f"{m['peak_ratio_big_to_small']:.2f}"],
                [
                    f"--jobs 1, {m['big_lines']:,} lines",
                    f"{m['jobs1_median_wall_s']:.1f} s  {m['jobs1_decisions_per_s']:,.0f}/s",
                ],
                [
                    f"--jobs 2, {m['big_lines']:,} lines",
                    f"{m['jobs2_median_wall_s']:.1f} s  {m['jobs2_decisions_per_s']:,.0f}/s",
                ],
                ["--jobs 2 / --jobs 1 throughput", f"{m['jobs_ratio']:.2f}"],
                [
                    "peak RSS, --jobs 2 (largest process)",
                    f"{mb(m['jobs2_peak_rss_largest_process_bytes']):.1f} MB",
                ],
            ],
            right={1},
        )
    )


def print_jobs_curve(curve: dict[str, Any]) -> None:
    section(f"--jobs curve: median wall s of {curve['runs']} run(s), {curve['cpus']} CPUs")
    rows = []
    for lines, walls in curve["median_wall_s"].items():
        row = [f"{int(lines):,}"]
        for jobs in JOBS_CURVE:
            wall = walls[str(jobs)]
            row.append(f"{wall:.2f}  {int(lines) / wall:,.0f}/s")
        rows.append(row)
    print(table(["lines", *(f"--jobs {j}" for j in JOBS_CURVE)], rows, right={0, 1, 2, 3}))


def print_targets(found: list[dict[str, Any]]) -> None:
    section("Targets")
    for t in found:
        mark = "PASS" if t["passed"] else "MISS"
        print(f"[{mark}] ({t['id']}) {t['target']}")
        print(f"       {t['detail']}")


# -- main -------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark ala-policy against peer engines (see benchmarks/README.md)."
    )
    parser.add_argument(
        "--quick", action="store_true", help="200,000 lines instead of 1,000,000 for part 5"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed (default: report)"
    )
    parser.add_argument("--rounds", type=int, default=7, help="rounds per contender (default 7)")
    parser.add_argument(
        "--scenarios", type=int, default=20_000, help="scenarios per round (default 20,000)"
    )
    parser.add_argument(
        "--agreement", type=int, default=10_000, help="agreement scenarios per rule (10,000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each batch measurement (default 3)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--peers", help="comma-separated peers (default: all)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    return parser.parse_args(argv)


def commands(
    data: dict[str, Any], args: argparse.Namespace, big_lines: int, notes: set[str]
) -> None:
    """Parts 3 to 6, each a command run as a whole process, into ``data``."""
    cli = cli_command()
    with tempfile.TemporaryDirectory(prefix="ala-policy-bench-") as tmp:
        work = Path(tmp)
        small = work / "one.yaml"
        small.write_text(SMALL_SCENARIO, encoding="utf-8")
        batch_file = scenarios.write_jsonl(work / "100k.jsonl", 100_000, args.seed)
        print("  batch ...", file=sys.stderr, flush=True)
        data["batch"] = batch(cli, batch_file, 100_000, args.runs, notes)
        print("  cold start ...", file=sys.stderr, flush=True)
        data["cold_start"] = cold_start(cli, small, 15, notes)
        big = scenarios.write_jsonl(work / f"{big_lines}.jsonl", big_lines, args.seed)
        print(f"  memory and jobs on {big_lines:,} lines ...", file=sys.stderr, flush=True)
        data["memory_and_jobs"] = memory_and_jobs(cli, batch_file, big, big_lines, args.runs, notes)
        ten = scenarios.write_jsonl(work / "10k.jsonl", 10_000, args.seed)
        print("  jobs curve ...", file=sys.stderr, flush=True)
        data["jobs_curve"] = jobs_curve(
            cli, {10_000: ten, 100_000: batch_file}, args.runs, notes, data["memory_and_jobs"]
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = agreement.parse_peers(args.peers)
    started = time.perf_counter()
    big_lines = 200_000 if args.quick else 1_000_000
    data: dict[str, Any] = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "versions": versions(),
        "commit": git_commit(),
    }
    print(f"ala-policy benchmarks ({data['mode']})")
    m = data["machine"]
    print(f"machine: {m['platform']}, {m['implementation']} {m['python']}, {m['cpu_count']} CPUs")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in data["versions"].items()))

    engine = Engine()
    section("Agreement with ala-policy (the reference)")
    try:
        report = agreement.check(names, count=args.agreement, seed=args.seed, engine=engine)
    except ImportError as exc:
        print(f"a peer cannot be imported: {exc}; install the peers (tox -e bench does)")
        return 1
    print(agreement.summary(report))
    data["agreement"] = report
    if not report["ok"]:
        print("\nA peer disagrees with ala-policy: no timings are taken.")
        _write(args.json, data)
        return 1

    loaded = {name: peers.load(name) for name in names}
    data["per_decision"] = per_decision(
        engine, loaded, count=args.scenarios, rounds=args.rounds, seed=args.seed
    )
    print_per_decision(data["per_decision"])

    notes: set[str] = set()
    commands(data, args, big_lines, notes)
    print_rest(data)
    print_jobs_curve(data["jobs_curve"])
    data["stderr_notes"] = sorted(notes)
    if notes:
        print("\nNotes from the command's standard error:")
        for note in sorted(notes):
            print(f"  {note}")

    found = targets(data, args.quick)
    data["targets"] = found
    print_targets(found)
    data["elapsed_s"] = time.perf_counter() - started
    _write(args.json, data)
    print(f"\nwrote {args.json} ({data['elapsed_s']:.0f} s)")
    missed = [t["id"] for t in found if not t["passed"]]
    return 1 if args.strict and missed else 0


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        sys.exit(2)
