"""``ala-policy log``: check a decision log's hash chain (``log verify``) and write its rows as
JSON Lines (``log export``). Reading a log is reading its file or database: whoever may read
those may read the log (over HTTP, ``ala-policy serve`` asks for a token)."""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from ..errors import AlaPolicyError
from .options import Abort, ExitCode, echo, text_or_json

if TYPE_CHECKING:
    from ..decisionlog import DecisionLog, LogVerification

__all__ = ["log_command"]

_LOG_HELP = (
    "The decision log: sqlite:///decisions.db (or a file path), or postgresql://USER@HOST/DB."
)
_HEAD = re.compile(r"(\d+):([0-9a-f]{64})\Z")


def _log_option(function: Any) -> Any:
    return click.option("--log", "log_url", required=True, metavar="URL", help=_LOG_HELP)(function)


def _open(url: str) -> DecisionLog:
    from ..decisionlog import open_log

    try:
        return open_log(url, create=False)
    except AlaPolicyError as exc:
        raise Abort(str(exc)) from None


@click.group("log")
def log_command() -> None:
    """Check and export a decision log: the decisions 'ala-policy evaluate --log URL' and
    'ala-policy serve --log URL' wrote, each with its input (personal data masked), its
    provenance and a SHA-256 hash chained to the row before.

    \b
    Examples:
      ala-policy log verify --log sqlite:///decisions.db
      ala-policy log export --log sqlite:///decisions.db --since 2026-03-01 -o march.jsonl
    """


def _anchor(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[int, str] | None:
    if value is None:
        return None
    match = _HEAD.match(value.strip().lower())
    if match is None or int(match.group(1)) < 1:
        raise click.BadParameter(
            "give ROW:HASH, as 'log verify' prints it after 'head:' (a row number from 1 "
            "and 64 hexadecimal digits)"
        )
    return int(match.group(1)), match.group(2)


@log_command.command("verify")
@_log_option
@click.option(
    "--head",
    "anchor",
    metavar="ROW:HASH",
    callback=_anchor,
    help="A head printed by an earlier 'log verify' and kept elsewhere: the log must still "
    "hold that row with that hash (catches rows deleted from the end, or a log rewritten "
    "whole).",
)
@text_or_json
def verify_command(log_url: str, anchor: tuple[int, str] | None, format_name: str) -> None:
    """Check every row's hash against its content and the row before it, the numbering,
    and the chain's head: any row edited, deleted, reordered or added outside the log is
    found, and the first broken row is named.

    \b
    Exit codes:
      0  the chain is intact
      1  a row is broken (the first one is named)
      2  the log cannot be opened or read

    \b
    Examples:
      ala-policy log verify --log decisions.db
      ala-policy log verify --log postgresql://ala@db.example.org/ala --format json
      ala-policy log verify --log decisions.db --head 1024:9f86d0...
    """
    log = _open(log_url)
    try:
        result = log.verify(anchor=anchor)
    except AlaPolicyError as exc:
        raise Abort(str(exc)) from None
    finally:
        log.close()
    name = _name(log)
    if format_name == "json":
        echo(json.dumps(_payload(name, result), indent=2))
    else:
        for line in _describe(name, result):
            echo(line)
    sys.exit(ExitCode.OK if result.ok else ExitCode.FAILED)


def _name(log: DecisionLog) -> str:
    """How the log is named in what is printed: its path, or its URL without a password."""
    path = getattr(log, "path", None)
    return str(path) if path is not None else log.url


def _describe(name: str, result: LogVerification) -> list[str]:
    rows = f"{result.rows:,} row{'' if result.rows == 1 else 's'}"
    head = result.head
    if result.ok:
        lines = [f"{name}: the chain is intact: {rows}"]
        if head is not None and head[0] > 0:
            lines.append(f"head: {head[0]}:{head[1]}")
        return lines
    if result.first_broken is None:  # no row is broken: the chain's head is missing
        return [
            f"{name}: {result.reason}",
            (
                f"its {rows} verif{'ies' if result.rows == 1 else 'y'}, but without the "
                "head, rows deleted from the end cannot be told"
            ),
        ]
    lines = [f"{name}: row {result.first_broken} is broken: {result.reason}"]
    if result.rows:
        verify = (
            "the row before it verifies" if result.rows == 1 else f"the {rows} before it verify"
        )
        lines.append(verify)
    row = result.broken_row
    if row is not None:
        lines.append(f"row {row[0]}: decision {row[2]} (scenario {row[3]}), logged {row[1]}")
    return lines


def _payload(name: str, result: LogVerification) -> dict[str, Any]:
    row = result.broken_row
    return {
        "log": name,
        "ok": result.ok,
        "rows": result.rows,
        "first_broken": result.first_broken,
        "reason": result.reason,
        "broken_row": None
        if row is None
        else {"seq": row[0], "time": row[1], "decision_id": row[2], "scenario_id": row[3]},
        "head": None if result.head is None else {"seq": result.head[0], "hash": result.head[1]},
    }


@log_command.command("export")
@_log_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Only the decisions logged on this day (UTC) or later.  [default: every one]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    metavar="FILE",
    help="Write here instead of standard output.",
)
def export_command(log_url: str, since: datetime.datetime | None, output: str) -> None:
    """Write the log's rows as JSON Lines, oldest first: seq, time, decision_id,
    scenario_id, decision, outcome, provenance, input (masked as it was logged), prev_hash
    and hash. The export is not checked: run 'log verify' for that.

    \b
    Examples:
      ala-policy log export --log decisions.db > decisions.jsonl
      ala-policy log export --log decisions.db --since 2026-03-01 -o march.jsonl
    """
    log = _open(log_url)
    day = since.date() if since is not None else None
    try:
        if output == "-":
            _write(log, day, sys.stdout)
        else:
            try:
                stream = Path(output).open("w", encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise Abort(f"cannot write {output}: {exc.strerror or exc}") from None
            with stream:
                _write(log, day, stream)
    except AlaPolicyError as exc:
        raise Abort(str(exc)) from None
    finally:
        log.close()


def _write(log: DecisionLog, since: datetime.date | None, stream: IO[str]) -> None:
    batch: list[str] = []
    for line in log.export_lines(since):
        batch.append(line)
        if len(batch) >= 512:
            stream.write("\n".join(batch) + "\n")
            batch = []
    if batch:
        stream.write("\n".join(batch) + "\n")
