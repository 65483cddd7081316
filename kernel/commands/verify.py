"""``ala-policy verify``: walk every area's facts and prove the readings never guess."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..formats import printable
from .options import Abort, ExitCode, State, echo, pass_state, text_or_json


@click.command("verify")
@click.argument("areas", nargs=-1, metavar="[AREA]...")
@click.option(
    "--max-combinations",
    type=click.IntRange(min=1),
    default=1_000_000,
    show_default=True,
    help="Walk an area exhaustively up to this many combinations of facts and actors; "
    "beyond, every pair of values and a seeded sample.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=0),
    default=20_000,
    show_default=True,
    help="How many random combinations to add where an area is not walked exhaustively.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The sample's seed.")
@click.option(
    "--fresh-process",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="How many scenarios per area to decide again in a new process (0: none).",
)
@click.option(
    "--write",
    "write_to",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write each violation's minimal scenario to this folder, as a YAML file.",
)
@text_or_json
@pass_state
def verify_command(
    state: State,
    areas: tuple[str, ...],
    max_combinations: int,
    sample: int,
    seed: int,
    fresh_process: int,
    write_to: Path | None,
    format_name: str,
) -> None:
    """Check every finding of every AREA (all of them by default) against the invariants
    no reading may break: no fault, every finding cited, conditions only on conditional
    findings, missing facts that decide, no permitted answer that an unknown fact could
    turn prohibited (the engine never guesses), the consequence only where the policy
    says, the same outcome in a new process.

    Areas added by plugins are walked like the built-in ones. Each violation comes with
    the smallest scenario that still breaks the invariant.

    \b
    Exit codes:
      0  no violation
      1  a violation (each is printed with a scenario that shows it)
      2  an unknown area, or an engine that cannot be built

    \b
    Examples:
      ala-policy verify
      ala-policy verify gift directory_use --max-combinations 50000
      ala-policy verify --format json > verify.json
    """
    from ..verify import verify_area

    engine = state.engine()
    unknown = [name for name in areas if name not in engine.areas]
    if unknown:
        raise Abort(
            f"unknown area {unknown[0]!r}; the areas are: {', '.join(sorted(engine.areas))}"
        )
    reports = []
    for name in areas or sorted(engine.areas):
        report = verify_area(
            engine,
            name,
            max_combinations=max_combinations,
            sample=sample,
            seed=seed,
            fresh_process=fresh_process,
        )
        reports.append(report)
        if format_name == "text":
            how = "every one checked" if report.exhaustive else "every pair and a sample"
            found = len(report.violations)
            verdict = "ok" if not found else f"{found} violation{'s' if found > 1 else ''}"
            echo(
                f"{name}: {report.combinations:,} combinations, {report.checked:,} checked "
                f"({how}): {verdict}"
            )
            for violation in report.violations:
                echo(f"  {printable(violation.title())}: {printable(violation.message)}")
                for line in violation.scenario_yaml().splitlines():
                    echo(f"    {line}")
    violations = [v for report in reports for v in report.violations]
    if write_to is not None and violations:
        write_to.mkdir(parents=True, exist_ok=True)
        for number, violation in enumerate(violations, 1):
            target = write_to / f"{number:03d}-{violation.area}-{violation.invariant}.yaml"
            target.write_text(violation.scenario_file(), encoding="utf-8")
    if format_name == "json":
        payload = {"areas": [r.to_dict() for r in reports], "violations": len(violations)}
        echo(json.dumps(payload, indent=2))
    elif violations:
        echo(f"\n{len(violations)} violation{'s' if len(violations) > 1 else ''}")
    sys.exit(ExitCode.FAILED if violations else ExitCode.OK)
