"""Batches: --jobs keeps input order and bytes; errors keep their lines; memory stays bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ala_policy.batch import CHUNK
from ala_policy.cli import main
from ala_policy.testing import make_engine


def write_batch(path: Path, count: int) -> None:
    acts = ["offered", "accepted", "solicited"]
    lines = []
    for index in range(count):
        if index % 97 == 5:
            lines.append('{"id": "broken", ')
            continue
        gift: dict[str, object] = {"kind": "meal", "act": acts[index % 3], "giver": "vendor"}
        if index % 2:
            gift["pending_business"] = index % 4 == 1
        if index % 101 == 7:
            gift["act"] = "stolen"
        lines.append(json.dumps({"id": f"s{index}", "actor": {"role": "member"}, "gift": gift}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_jobs_output_is_byte_identical(tmp_path: Path, fmt: str) -> None:
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, CHUNK * 3 + 17)
    one = CliRunner().invoke(main, ["evaluate", str(batch), "-f", fmt, "--jobs", "1"])
    two = CliRunner().invoke(main, ["evaluate", str(batch), "-f", fmt, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2  # the batch holds bad lines on purpose
    assert one.stdout == two.stdout


def test_jobs_keep_error_lines_and_paths(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 300)
    result = CliRunner().invoke(main, ["evaluate", str(batch), "-f", "jsonl", "-j", "2"])
    results = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(results) == 300
    errors = {r["error"]["line"]: r["error"] for r in results if r["decision"] == "error"}
    assert errors[6]["message"].startswith("JSON syntax error")
    assert errors[8]["path"] == "gift.act"
    assert [r["id"] for r in results[:3]] == ["s0", "s1", "s2"]


def test_library_jobs_match_single_process(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 700)
    engine = make_engine()
    single = [o.to_dict() for o in engine.evaluate_paths([str(batch)])]
    multi = [o.to_dict() for o in engine.evaluate_paths([str(batch)], jobs=2)]
    assert single == multi


def test_duplicate_ids_are_caught_across_chunks(tmp_path: Path) -> None:
    batch = tmp_path / "dup.jsonl"
    row = {"id": "same", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
    batch.write_text((json.dumps(row) + "\n") * (CHUNK + 2), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(batch), "-f", "jsonl", "-j", "2"])
    decisions = [json.loads(line)["decision"] for line in result.stdout.splitlines()]
    assert decisions[0] == "indeterminate"
    assert set(decisions[1:]) == {"error"}


def test_progress_is_off_when_not_a_terminal(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 20)
    result = CliRunner().invoke(main, ["evaluate", str(batch), "-f", "jsonl"])
    assert "decided" not in result.stderr


def test_progress_can_be_forced(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 20)
    result = CliRunner().invoke(main, ["evaluate", str(batch), "-f", "jsonl", "--progress"])
    assert len(result.stdout.splitlines()) == 20
