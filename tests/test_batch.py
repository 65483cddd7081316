"""Batches: --jobs keeps input order and bytes; errors keep their lines; memory stays bounded."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_duplicate_ids_are_caught_after_the_index_spills_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setattr("ala_policy._idset.SPILL_AT", 16)
    batch = tmp_path / "dup.jsonl"
    ids = [f"s{i}" for i in range(200)]
    ids[150] = "s3"  # seen long before, now in the temporary database
    ids[151] = "s149"  # seen just before, still in memory
    ids[199] = "s150"  # never seen: line 151 holds s3, not s150
    rows = [
        {"id": i, "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
        for i in ids
    ]
    batch.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(batch), "-f", "jsonl", "-j", jobs])
    results = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {
        r["error"]["line"]: r["error"]["message"] for r in results if r["decision"] == "error"
    }
    assert errors == {
        151: "duplicate id 's3': ids are unique within one run",
        152: "duplicate id 's149': ids are unique within one run",
    }
    assert len(results) == 200


def test_without_a_temporary_database_the_run_still_checks_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("ala_policy._idset.SPILL_AT", 4)
    monkeypatch.setitem(sys.modules, "sqlite3", None)
    batch = tmp_path / "dup.jsonl"
    write_batch(batch, 30)
    with batch.open("a", encoding="utf-8") as stream:
        row = {"id": "s2", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
        stream.write(json.dumps(row) + "\n")
    results = list(make_engine().evaluate_paths([str(batch)]))
    assert results[-1].error is not None
    assert results[-1].error.message.startswith("duplicate id 's2'")
    assert "ids of this run kept in memory" in caplog.text


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


def test_a_run_that_cannot_go_on_ends_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ala_policy.errors import AlaPolicyError

    def refuse(self: object, key: str) -> bool:
        raise AlaPolicyError("cannot keep the ids of this run for the duplicate check: (test)")

    monkeypatch.setattr("ala_policy._idset.IdSet.add", refuse)
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 10)
    result = CliRunner().invoke(main, ["evaluate", str(batch), "-f", "jsonl"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: cannot keep the ids of this run for the duplicate check: (test)"
    )
    assert "Traceback" not in result.output


def test_rendered_results_in_chunks_or_one_by_one(tmp_path: Path) -> None:
    """Engine.run with workers rendering: the same texts, whether it yields one Rendered per
    outcome or RenderedChunk runs of them, and a duplicate's text is its error."""
    from ala_policy.pipeline import Rendered, RenderedChunk, run
    from ala_policy.plugins.json_format import render

    batch = tmp_path / "batch.jsonl"
    write_batch(batch, CHUNK + 50)
    with batch.open("a", encoding="utf-8") as stream:
        row = {"id": "s1", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
        stream.write(json.dumps(row) + "\n")
    engine = make_engine()
    single = [o.to_json() for o in engine.evaluate_paths([str(batch)])]
    flat = [r for r in run(engine, [str(batch)], jobs=2, render=render) if isinstance(r, Rendered)]
    assert [r.text for r in flat] == single
    runs = list(run(engine, [str(batch)], jobs=2, render=render, chunks=True))
    chunks = [c for c in runs if isinstance(c, RenderedChunk)]
    assert len(chunks) == len(runs)
    assert [len(c) for c in chunks] == [CHUNK, 51]
    assert [t for c in chunks for t in c.texts] == single
    assert chunks[-1].decisions[-1] == "error"
    assert json.loads(chunks[-1].texts[-1])["error"]["message"].startswith("duplicate id 's1'")


@pytest.mark.parametrize("chunks", [1, 7, 8, 9])
def test_workers_start_only_for_input_of_min_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunks: int
) -> None:
    """Below MIN_CHUNKS chunks of input, --jobs decides in this process (starting workers
    would cost about what they save); from it, workers start. The suite's conftest lowers
    the threshold for the other tests: here it is the shipped one."""
    import ala_policy.batch

    monkeypatch.setattr(ala_policy.batch, "MIN_CHUNKS", 8)
    started: list[int] = []
    from concurrent.futures import ProcessPoolExecutor

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append(kwargs["max_workers"])
        return ProcessPoolExecutor(*args, **kwargs)

    monkeypatch.setattr(ala_policy.batch, "ProcessPoolExecutor", counting)
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, CHUNK * (chunks - 1) + 1)
    engine = make_engine()
    single = [o.to_dict() for o in engine.evaluate_paths([str(batch)])]
    multi = [o.to_dict() for o in engine.evaluate_paths([str(batch)], jobs=2)]
    assert single == multi
    many = chunks >= 8 and (os.cpu_count() or 1) > 1
    assert started == ([2] if many else [])
