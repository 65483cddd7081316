"""The process meets its faults with exit codes, not tracebacks: closed or full standard
streams, a closed pipe, Ctrl-C during --jobs, a temporary folder that fills, absurd --jobs
(docs/scenarios.md, "Exit codes")."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ala_policy.batch
from ala_policy.batch import CHUNK, workers_for
from ala_policy.testing import make_engine

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "scenarios"
LINE = (
    '{{"id": "s{}", "actor": {{"role": "member"}}, "gift": {{"kind": "meal", "act": "offered"}}}}\n'
)


def cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ala_policy", *args],
        capture_output=True,
        timeout=300,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "batch.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(LINE.format(i) for i in range(60_000))
        out.write(LINE.format(5))  # one duplicate, long after the spill to disk
    return path


def test_a_closed_pipe_ends_quietly_with_zero(batch: Path) -> None:
    for args in (["evaluate", str(batch)], ["evaluate", str(batch), "--jobs", "2", "-f", "jsonl"]):
        reader = subprocess.Popen(
            [sys.executable, "-m", "ala_policy", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert reader.stdout is not None
        reader.stdout.read(100)
        reader.stdout.close()  # what `| head` does
        _, err = reader.communicate(timeout=300)
        assert reader.returncode == 0, err
        assert err == b""


def test_output_that_cannot_be_written_is_one_line_and_exit_two() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ala_policy", "evaluate", str(EXAMPLES)],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=300,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == b"Error: cannot write the output: No space left on device\n"


def test_closed_standard_output() -> None:
    closed = subprocess.run(
        [sys.executable, "-m", "ala_policy", "evaluate", str(EXAMPLES)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=300,
        check=False,
    )
    assert closed.returncode == 2
    assert b"standard output is closed" in closed.stderr
    assert b"Traceback" not in closed.stderr


def _close_stdin_and_stderr() -> None:
    os.close(0)
    os.close(2)


def test_closed_standard_input_and_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ala_policy", "evaluate", "-"],
        stdout=subprocess.PIPE,
        preexec_fn=_close_stdin_and_stderr,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert b"<stdin>: is closed: nothing to read" in done.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_completes_the_document_and_exits_130(batch: Path, jobs: str) -> None:
    run = subprocess.Popen(
        [sys.executable, "-m", "ala_policy", "evaluate", str(batch), "-f", "json", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(3)  # started, and (with the pipe not read) waiting on a full pipe
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 130
    document = json.loads(out)  # complete: never left mid-array
    assert document["summary"]["total"] == len(document["results"])
    lines = err.decode().splitlines()
    total = document["summary"]["total"]
    assert lines == [f"Interrupted: the output holds the {total:,} scenarios decided before."]
    assert "Traceback" not in err.decode()


def test_workers_only_as_the_input_needs_them(
    batch: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert workers_for(5000) == (os.cpu_count() or 1)
    assert workers_for(0) == 1
    small = tmp_path / "small.jsonl"
    small.write_text("".join(LINE.format(i) for i in range(32)), encoding="utf-8")

    def no_processes(*args: Any, **kwargs: Any) -> Iterator[Any]:
        raise AssertionError("one chunk of input needs no worker process")

    monkeypatch.setattr(ala_policy.batch, "ProcessPoolExecutor", no_processes)
    engine = make_engine()
    outcomes = list(engine.evaluate_paths([str(small)], jobs=5000))
    assert len(outcomes) == 32
    assert CHUNK > 32


def test_jobs_5000_on_a_small_batch_finishes(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text("".join(LINE.format(i) for i in range(32)), encoding="utf-8")
    done = cli("evaluate", str(small), "--jobs", "5000", "-f", "jsonl")
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 32


@pytest.fixture
def full_tmp(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny filesystem for the temporary folder (where this test can mount one)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_temporary_folder_that_fills_keeps_every_result(
    batch: Path, full_tmp: Path, jobs: str
) -> None:
    env = {**os.environ, "TMPDIR": str(full_tmp), "SQLITE_TMPDIR": str(full_tmp)}
    done = cli("evaluate", str(batch), "-f", "json", "--jobs", jobs, env=env)
    document = json.loads(done.stdout)  # complete
    assert document["summary"]["total"] == 60_001
    errors = [r["error"]["message"] for r in document["results"] if r["decision"] == "error"]
    assert errors == ["duplicate id 's5': ids are unique within one run"]
    assert done.returncode == 2  # the duplicate
    assert b"Traceback" not in done.stderr


SLOW_PLUGIN = """
    import os, pathlib, time
    from ala_policy import hookimpl

    @hookimpl
    def ala_policy_evaluate_gift(scenario, facts, policy):
        pathlib.Path(os.environ["SLOW_MARK"]).write_text(scenario.id)
        end = time.monotonic() + float(os.environ["SLOW_SECONDS"])
        if os.environ["SLOW_HOW"] == "sleep":
            time.sleep(end - time.monotonic())
        while time.monotonic() < end:  # busy in Python
            pass
        return None
"""


def _slow_run(tmp_path: Path, how: str, seconds: float) -> tuple[subprocess.Popen[bytes], Path]:
    from test_faults import _installed

    env = _installed(tmp_path, "slowplug", SLOW_PLUGIN)
    mark = tmp_path / "mark"
    env.update(SLOW_MARK=str(mark), SLOW_HOW=how, SLOW_SECONDS=str(seconds))
    batch = tmp_path / "three.jsonl"
    batch.write_text("".join(LINE.format(i) for i in range(3)), encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "ala_policy", "evaluate", str(batch), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not mark.exists():  # the plugin is deciding the first scenario
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return run, mark


@pytest.mark.parametrize("how", ["sleep", "busy"])
def test_ctrl_c_twice_stops_a_slow_plugin_at_once(tmp_path: Path, how: str) -> None:
    run, _mark = _slow_run(tmp_path, how, 120)
    run.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert run.poll() is None  # the first waits for the scenario being decided
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)  # not the plugin's 120 s
    assert run.returncode == 130, err
    assert json.loads(out) == {"results": [], "summary": json.loads(out)["summary"]}
    assert err.decode().splitlines() == [
        "Interrupted: the output holds the 0 scenarios decided before."
    ]


def test_one_ctrl_c_stops_after_the_scenario_being_decided(tmp_path: Path) -> None:
    run, mark = _slow_run(tmp_path, "sleep", 3)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert mark.read_text() == "s0"  # the next scenario was never started
    document = json.loads(out)
    assert [result["id"] for result in document["results"]] == ["s0"]
    assert err.decode().splitlines() == [
        "Interrupted: the output holds the 1 scenario decided before."
    ]
