"""What the decision log's tests share, for SQLite and PostgreSQL alike: scenarios to log, a
writer process, ways to tamper with a log, and the checks of a log that must be whole."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ala_policy import Engine
from ala_policy.decisionlog import DecisionLog, entries_for, open_log, row_hash

#: Runs SQL against the log's database (each statement committed).
Execute = Callable[[str], None]


def scenarios(prefix: str, count: int) -> list[dict[str, Any]]:
    """``count`` scenarios (a dinner offered during a bid: prohibited, citing Code III.C),
    each with a distinct id and personal data to mask."""
    return [
        {
            "id": f"{prefix}-{n}",
            "date": "2026-03-01",
            "actor": {"role": "member", "name": f"Person {n}", "organization": "Firm LLP"},
            "gift": {
                "kind": "meal",
                "act": "offered",
                "giver": "prospective_vendor",
                "pending_business": True,
            },
        }
        for n in range(count)
    ]


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def append_some(engine: Engine, log: DecisionLog, prefix: str, count: int) -> None:
    items = scenarios(prefix, count)
    outcomes = [engine.evaluate(item) for item in items]
    log.append(entries_for(engine, outcomes, items))


#: A process that appends batches of BATCH entries, forever or COUNT times, printing
#: "ready" once it has opened the log.
WRITER = textwrap.dedent(
    """
    import sys
    from ala_policy.testing import make_engine
    from ala_policy.decisionlog import entries_for, open_log

    url, prefix, batch, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    engine = make_engine()
    items = [
        {"id": f"{prefix}-{n}", "date": "2026-03-01", "actor": {"role": "member"},
         "gift": {"kind": "meal", "act": "offered", "giver": "prospective_vendor",
                  "pending_business": True}}
        for n in range(batch)
    ]
    outcomes = [engine.evaluate(item) for item in items]
    log = open_log(url)
    print("ready", flush=True)
    done = 0
    while count < 0 or done < count:
        log.append(entries_for(engine, outcomes, items))
        done += 1
    log.close()
    """
)


def writer(url: str, prefix: str, batch: int, count: int) -> subprocess.Popen[str]:
    """Start a :data:`WRITER` process and wait until it has opened the log."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, prefix, str(batch), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line == "ready\n", process.stderr.read() if process.stderr else line
    return process


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``ala-policy ARGS`` as a program of its own (so that its exit is the real one)."""
    return subprocess.run(
        [sys.executable, "-m", "ala_policy", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def exported(url: str) -> list[dict[str, Any]]:
    with open_log(url, create=False) as log:
        return list(log.export())


def assert_whole(url: str, expected: int) -> list[dict[str, Any]]:
    """The log verifies, and holds ``expected`` rows: none lost, none twice."""
    with open_log(url, create=False) as log:
        result = log.verify()
        assert result.ok, result
        assert result.rows == expected
        assert result.head is not None
        assert result.head[0] == expected
        rows = list(log.export())
    assert [row["seq"] for row in rows] == list(range(1, expected + 1))
    assert len({row["decision_id"] for row in rows}) == expected
    return rows


# -- tampering ----------------------------------------------------------------------------------


def edit_outcome(execute: Execute, seq: int) -> None:
    execute(
        "UPDATE ala_policy_decisions SET outcome = replace(outcome, '\"prohibited\"', "
        f"'\"permitted\"') WHERE seq = {seq}"
    )


def edit_decision(execute: Execute, seq: int) -> None:
    execute(f"UPDATE ala_policy_decisions SET decision = 'permitted' WHERE seq = {seq}")


def delete_row(execute: Execute, seq: int) -> None:
    execute(f"DELETE FROM ala_policy_decisions WHERE seq = {seq}")


def swap_rows(execute: Execute, first: int, second: int) -> None:
    execute(f"UPDATE ala_policy_decisions SET seq = -1 WHERE seq = {first}")
    execute(f"UPDATE ala_policy_decisions SET seq = {first} WHERE seq = {second}")
    execute(f"UPDATE ala_policy_decisions SET seq = {second} WHERE seq = -1")


def rehash_row(execute: Execute, row: dict[str, Any], **changes: Any) -> None:
    """Change a row and give it the hash its new content has (a careful forger)."""
    stored = _stored(row, **changes)
    new_hash = row_hash(stored, row["prev_hash"])
    outcome = stored[5].replace("'", "''")
    execute(
        f"UPDATE ala_policy_decisions SET decision = '{stored[4]}', outcome = '{outcome}', "
        f"hash = '{new_hash}' WHERE seq = {row['seq']}"
    )


def _stored(row: dict[str, Any], **changes: Any) -> tuple[Any, ...]:
    from ala_policy.decisionlog import canonical

    row = {**row, **changes}
    return (
        row["seq"],
        row["time"],
        row["decision_id"],
        row["scenario_id"],
        row["decision"],
        canonical(row["outcome"]),
        canonical(row["provenance"]),
        None if row["input"] is None else canonical(row["input"]),
        row["prev_hash"],
        row["hash"],
    )


def move_head_back(execute: Execute) -> None:
    """The head made to record row 5 of 6: row 6, correctly chained, is then beyond it (as
    a row added behind the log's back is)."""
    execute(
        "UPDATE ala_policy_chain SET seq = 5, "
        "hash = (SELECT hash FROM ala_policy_decisions WHERE seq = 5)"
    )


#: Each way of tampering, with the first broken row it leaves in a log of 6 rows (None: no
#: row is broken) and what ``log verify`` says, after the log's name (docs/decisionlog.md).
TAMPERING: list[tuple[str, Callable[[Execute], None], int | None, list[str]]] = [
    (
        "edit an outcome",
        lambda ex: edit_outcome(ex, 3),
        3,
        [
            "row 3 is broken: its hash does not match its content (the row was edited)",
            "the 2 rows before it verify",
        ],
    ),
    (
        "edit a decision",
        lambda ex: edit_decision(ex, 1),
        1,
        ["row 1 is broken: its hash does not match its content (the row was edited)"],
    ),
    (
        "delete a middle row",
        lambda ex: delete_row(ex, 4),
        4,
        [
            "row 4 is broken: it is missing: after row 3 comes row 5 (rows were deleted)",
            "the 3 rows before it verify",
        ],
    ),
    (
        "delete the first row",
        lambda ex: delete_row(ex, 1),
        1,
        ["row 1 is broken: it is missing: the log starts at row 2 (rows were deleted)"],
    ),
    (
        "delete the last row",
        lambda ex: delete_row(ex, 6),
        6,
        [
            (
                "row 6 is broken: it is missing: the log ends at row 5, but its head records "
                "row 6 (rows were deleted from the end)"
            ),
            "the 5 rows before it verify",
        ],
    ),
    (
        "reorder two rows",
        lambda ex: swap_rows(ex, 2, 5),
        2,
        [
            (
                "row 2 is broken: its previous hash is not the hash of row 1 (a row was "
                "rewritten, replaced or moved)"
            ),
            "the row before it verifies",
        ],
    ),
    (
        "add a row beyond the head",
        move_head_back,
        6,
        [
            (
                "row 6 is broken: it is beyond the chain's head, which records row 5 (rows "
                "were added outside the log)"
            ),
            "the 5 rows before it verify",
        ],
    ),
    (
        "replace the head's hash",
        lambda ex: ex("UPDATE ala_policy_chain SET hash = 'x'"),
        6,
        [
            "row 6 is broken: its hash is not the one the chain's head records (it was replaced)",
            "the 5 rows before it verify",
        ],
    ),
    (
        "empty the head",
        lambda ex: ex("DELETE FROM ala_policy_chain"),
        None,
        [
            "the chain's head is missing (its table was emptied)",
            "its 6 rows verify, but without the head, rows deleted from the end cannot be told",
        ],
    ),
]


def check_tampering(url: str, expected: int | None, said: list[str]) -> None:
    """The log's own verification names the first broken row, and ``log verify --log URL``
    says ``said`` (after the log's name, which is ``url``), exiting 1."""
    with open_log(url, create=False) as log:
        result = log.verify()
    assert not result.ok
    assert result.first_broken == expected, result
    assert result.reason is not None
    assert said[0].endswith(result.reason), result.reason
    assert result.rows == (6 if expected is None else expected - 1), result
    done = cli("log", "verify", "--log", url)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[: len(said)] == [f"{url}: {said[0]}", *said[1:]], done.stdout
    # then the broken row, where it is still in the log
    assert all(line.startswith(f"row {expected}: decision ") for line in lines[len(said) :])
    assert len(lines) <= len(said) + 1, done.stdout


def forge_and_check(execute: Execute, url: str) -> None:
    """A row changed and given a hash of its own breaks the link to the next row; the last
    row changed the same way, with the head moved too, verifies, except against a head
    kept outside the log (the limit of a chain inside the database it protects)."""
    rows = exported(url)
    with open_log(url, create=False) as log:
        kept = log.verify().head
    assert kept is not None
    rehash_row(execute, rows[2], decision="permitted")
    with open_log(url, create=False) as log:
        result = log.verify()
    assert (result.ok, result.first_broken) == (False, 4)
    assert result.reason is not None
    assert "previous hash" in result.reason
    # Undo it, then forge the last row and the head with it.
    stored = _stored(rows[2])
    execute(
        f"UPDATE ala_policy_decisions SET decision = '{stored[4]}', outcome = "
        f"'{stored[5]}', hash = '{stored[9]}' WHERE seq = 3"
    )
    last = rows[-1]
    forged = _stored(last, decision="permitted")
    new_hash = row_hash(forged, last["prev_hash"])
    rehash_row(execute, last, decision="permitted")
    execute(f"UPDATE ala_policy_chain SET hash = '{new_hash}'")
    with open_log(url, create=False) as log:
        assert log.verify().ok  # what a chain inside the database cannot tell
        against_kept = log.verify(anchor=kept)
    assert (against_kept.ok, against_kept.first_broken) == (False, last["seq"])
    assert against_kept.reason is not None
    assert "kept outside the log" in against_kept.reason


def kill_writers_mid_append(url: str) -> None:
    """Eight writers of 40-decision appends, each killed at a random moment: after each the
    log verifies and holds whole appends only; a last writer then appends to the end."""
    batch = 40
    rng = random.Random(14)
    for round_ in range(8):
        process = writer(url, f"k{round_}", batch, -1)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
        with open_log(url, create=False) as log:
            result = log.verify()
        assert result.ok, (round_, result)
        assert result.rows % batch == 0, "an append is all or nothing"
    with open_log(url) as log:
        before = log.verify().rows
        assert before > 0
    final = writer(url, "after", batch, 2)
    _, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    assert_whole(url, before + 2 * batch)
