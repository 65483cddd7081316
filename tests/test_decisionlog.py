"""The decision log (SQLite, the embedded default): what a row holds, masking and provenance,
the hash chain against every kind of tampering, ``evaluate --log``, ``log verify`` and
``log export``, several processes appending at once, and a writer killed mid-append.
(PostgreSQL: test_decisionlog_postgres.py, against a real server.)"""

from __future__ import annotations

import datetime
import hashlib
import json
import multiprocessing
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from _decisionlog_cases import (
    TAMPERING,
    Execute,
    append_some,
    assert_whole,
    check_tampering,
    cli,
    exported,
    forge_and_check,
    kill_writers_mid_append,
    scenarios,
    write_jsonl,
    writer,
)
from click.testing import CliRunner

from ala_policy import Engine, InputFailure, Outcome
from ala_policy.cli import main
from ala_policy.decisionlog import (
    DEFAULT_MASK,
    LogError,
    canonical,
    entries_for,
    mask_input,
    open_log,
    outcome_json,
    provenance,
)

ROOT = Path(__file__).resolve().parent.parent
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")


def sqlite_executor(path: Path) -> Execute:
    def execute(sql: str) -> None:
        conn = sqlite3.connect(path)
        try:
            conn.execute(sql)
            conn.commit()
        finally:
            conn.close()

    return execute


# -- what a row holds ---------------------------------------------------------------------------


def test_personal_data_is_masked_by_default_and_as_configured() -> None:
    data: dict[str, Any] = {
        "id": "x",
        "actor": {"role": "member", "name": "Jane Doe", "organization": "Doe LLP"},
        "gift": {"kind": "meal", "giver": "Acme Copiers"},
    }
    assert DEFAULT_MASK == ("actor.name", "actor.organization")
    masked = mask_input(data)
    assert masked["actor"] == {"role": "member", "name": "***", "organization": "***"}
    assert masked["gift"] == data["gift"]
    assert data["actor"]["name"] == "Jane Doe", "the mapping given is not changed"
    more = mask_input(data, ["gift.giver", "actor.email", "nowhere.at.all"])
    assert more["gift"]["giver"] == "***"
    assert "email" not in more["actor"], "a field that is not there is not added"


def test_masking_reaches_into_lists_and_masks_what_is_not_a_mapping_whole() -> None:
    assert mask_input({"actor": "Jane Doe"}) == {"actor": "***"}
    assert mask_input({"actor": None}) == {"actor": None}
    assert mask_input({"actor": [{"name": "A"}, {"name": "B", "role": "staff"}, "C"]}) == {
        "actor": [{"name": "***"}, {"name": "***", "role": "staff"}, "***"]
    }
    assert mask_input({"actor": {"name": {"first": "J", "last": "D"}}}) == {
        "actor": {"name": "***"}
    }


def test_provenance_names_the_engine_the_deciding_plugins_and_the_editions_cited(
    engine: Engine,
) -> None:
    outcome = engine.evaluate(scenarios("p", 1)[0])
    found = provenance(engine, outcome)
    from ala_policy import __version__

    assert found["engine"] == {"name": "ala-policy", "version": __version__}
    names = [plugin["name"] for plugin in found["plugins"]]
    assert names == ["ala_policies", "gift"]  # the evaluator, and the Code's registrar
    assert all(plugin["version"] == __version__ for plugin in found["plugins"])
    assert found["policies"] == [
        {
            "document": "code",
            "edition": "Code of Professional Responsibility (revised after the 2010 task force)",
            "effective": "2010-01-01",
        }
    ]


def test_an_outcome_is_logged_as_the_canonical_json_of_its_dict(engine: Engine) -> None:
    from ala_policy.pipeline import evaluate_paths

    outcomes = list(evaluate_paths(engine, [str(ROOT / "examples")]))
    outcomes.append(Outcome.from_failure(InputFailure(message="bad", file="f.yaml", line=2)))
    outcomes.append(attrs.evolve(outcomes[0], disabled_plugins=("gift",), title="T\u00e9\u2028"))
    for outcome in outcomes:
        assert outcome_json(outcome) == canonical(outcome.to_dict())
    assert json.loads(outcome_json(outcomes[0])) == outcomes[0].to_dict()


def test_entries_have_fresh_uuid4s_utc_times_and_masked_inputs(engine: Engine) -> None:
    items = scenarios("e", 50)
    outcomes = [engine.evaluate(item) for item in items]
    before = datetime.datetime.now(datetime.timezone.utc)
    entries = entries_for(engine, outcomes, items, mask=["gift.giver"])
    ids = [entry.decision_id for entry in entries]
    assert all(UUID4.match(i) for i in ids)
    assert len(set(ids)) == 50
    entry = entries[0]
    assert entry.time.tzinfo is not None
    assert entry.time >= before
    assert (entry.scenario_id, entry.decision) == ("e-0", "prohibited")
    assert dict(entry.outcome) == outcomes[0].to_dict()
    assert dict(entry.provenance) == provenance(engine, outcomes[0])
    assert entry.input is not None
    assert entry.input["actor"] == {"role": "member", "name": "***", "organization": "***"}
    assert entry.input["gift"]["giver"] == "***"
    kept_none = entries_for(engine, outcomes[:1], [None])
    assert kept_none[0].input is None
    day = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.timezone.utc)
    assert entries_for(engine, outcomes[:1], items[:1], times=[day])[0].time == day
    with pytest.raises(ValueError, match="one input"):
        entries_for(engine, outcomes, items[:1])


def test_an_error_quoting_a_masked_field_is_masked_too(engine: Engine) -> None:
    failure = InputFailure(
        message="expected a string, got a list ['Jane Doe']",
        file="f.json",
        line=1,
        path="scenarios[2].actor.name",
    )
    outcome = Outcome.from_failure(failure, scenario_id="x")
    logged = entries_for(engine, [outcome], [{"actor": {"name": ["Jane Doe"]}}])[0]
    assert logged.outcome["error"]["message"] == "***"
    assert "Jane" not in json.dumps(dict(logged.outcome))
    other = attrs.evolve(failure, path="gift.act", message="'taken' is not one of: offered")
    kept = entries_for(engine, [Outcome.from_failure(other)], [None])[0]
    assert kept.outcome["error"]["message"] == other.message


# -- the chain ----------------------------------------------------------------------------------


def test_rows_chain_and_export_lets_anyone_recompute_every_hash(
    engine: Engine, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    with open_log(url) as log:
        assert log.verify().ok
        assert log.head() == (0, "0" * 64)
        append_some(engine, log, "a", 3)
        append_some(engine, log, "b", 2)
    rows = assert_whole(url, 5)
    previous = "0" * 64
    for row in rows:
        content = {k: v for k, v in row.items() if k != "hash"}
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        assert row["prev_hash"] == previous
        assert row["hash"] == hashlib.sha256(text.encode()).hexdigest()
        previous = row["hash"]
    assert [row["scenario_id"] for row in rows] == ["a-0", "a-1", "a-2", "b-0", "b-1"]
    assert rows[0]["input"]["actor"]["name"] == "***"
    assert "Person" not in (tmp_path / "d.db").read_bytes().decode("latin-1")


@pytest.mark.parametrize(
    ("what", "tamper", "first", "said"), TAMPERING, ids=[t[0] for t in TAMPERING]
)
def test_tampering_is_found_and_the_first_broken_row_named(
    engine: Engine, tmp_path: Path, what: str, tamper: Any, first: int | None, said: list[str]
) -> None:
    path = tmp_path / "d.db"
    with open_log(str(path)) as log:
        for n in range(3):
            append_some(engine, log, f"t{n}", 2)
    tamper(sqlite_executor(path))
    check_tampering(str(path), first, said)


def test_a_forged_row_breaks_the_next_link_and_a_kept_head_catches_a_forged_end(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "d.db"
    with open_log(str(path)) as log:
        append_some(engine, log, "f", 6)
    good = cli("log", "verify", "--log", str(path))
    head = good.stdout.splitlines()[1].removeprefix("head: ")
    forge_and_check(sqlite_executor(path), str(path))
    done = cli("log", "verify", "--log", str(path), "--head", head)
    assert done.returncode == 1
    assert "row 6 is broken: its hash is not the one kept outside the log" in done.stdout
    assert cli("log", "verify", "--log", str(path), "--head", "6:xyz").returncode == 2


def test_appending_after_a_tail_deletion_still_shows_the_gap(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "d.db"
    with open_log(str(path)) as log:
        append_some(engine, log, "g", 4)
    sqlite_executor(path)("DELETE FROM ala_policy_decisions WHERE seq >= 3")
    with open_log(str(path)) as log:
        append_some(engine, log, "h", 2)
        result = log.verify()
    assert (result.ok, result.first_broken) == (False, 3)


# -- URLs and errors ----------------------------------------------------------------------------


def test_every_form_of_sqlite_url_opens_the_same_file(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_log("sqlite:///rel.db") as log:
        append_some(engine, log, "u", 1)
    assert (tmp_path / "rel.db").stat().st_mode & 0o077 == 0, "only its owner reads a log"
    for url in ("rel.db", f"sqlite:///{tmp_path}/rel.db", f"sqlite:////{tmp_path}/rel.db"):
        with open_log(url, create=False) as log:
            assert log.verify().rows == 1, url


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://db/x", "is not a decision log URL"),
        ("sqlite://x.db", "three slashes"),
        ("sqlite:///:memory:", "a decision log is a file"),
        ("", "no decision log given"),
        ("{tmp}/no/such/folder/x.db", "no such file or directory"),
        ("{tmp}", "it is a folder"),
        ("{tmp}/text.db", "file is not a database"),
        ("{tmp}/other.db", "not a decision log"),
        ("postgresql://ala:secret@127.0.0.1:1/x", "cannot reach the decision log"),
    ],
)
def test_a_log_that_cannot_be_opened_is_one_clear_line(
    tmp_path: Path, url: str, words: str
) -> None:
    (tmp_path / "text.db").write_text("not a database at all, " * 100)
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE mine (x)").connection.close()
    url = url.replace("{tmp}", str(tmp_path))
    with pytest.raises(LogError, match=re.escape(words)) as caught:
        open_log(url).close()
    assert "\n" not in str(caught.value)
    assert "secret" not in str(caught.value)
    for args in (
        ["evaluate", str(ROOT / "examples/scenarios"), "--log", url],
        ["log", "verify", "--log", url],
        ["log", "export", "--log", url],
    ):
        done = cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith("Error: "), done.stderr
        assert "Traceback" not in done.stderr
        assert "secret" not in done.stderr
        assert done.stdout == ""


def test_reading_never_creates_a_log(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="no decision log at"):
        open_log(str(tmp_path / "none.db"), create=False)
    assert not (tmp_path / "none.db").exists()


def test_mask_without_a_log_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["evaluate", str(ROOT / "examples/scenarios"), "--mask", "gift.giver"]
    )
    assert result.exit_code == 2
    assert "--mask masks fields of the decision log: give --log too" in result.output


# -- the CLI ------------------------------------------------------------------------------------


def test_evaluate_logs_each_decision_with_its_masked_input(tmp_path: Path) -> None:
    items = scenarios("cli", 3)
    bad = {"id": "bad", "actor": {"role": "member"}, "gift": {"act": "taken"}}
    source = write_jsonl(tmp_path / "in.jsonl", [items[0], bad, items[1], items[2], items[0]])
    url = f"sqlite:///{tmp_path / 'd.db'}"
    result = CliRunner().invoke(
        main,
        ["evaluate", str(source), "--format", "jsonl", "--log", url, "--mask", "gift.giver"],
    )
    assert result.exit_code == 2, result.output  # the bad one and the duplicate
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    rows = assert_whole(url, 3)  # the decisions: not the two errors
    assert [row["scenario_id"] for row in rows] == ["cli-0", "cli-1", "cli-2"]
    decided = [r for r in printed if r["decision"] != "error"]
    assert [row["outcome"] for row in rows] == decided
    assert all(row["input"]["gift"]["giver"] == "***" for row in rows)
    assert rows[1]["input"]["actor"] == {"role": "member", "name": "***", "organization": "***"}
    assert rows[1]["input"]["gift"]["kind"] == "meal"


def test_evaluate_with_jobs_logs_in_input_order(tmp_path: Path) -> None:
    items = scenarios("j", 2600)  # more chunks than workers: decided in worker processes
    source = write_jsonl(tmp_path / "in.jsonl", items)
    url = f"sqlite:///{tmp_path / 'd.db'}"
    done = cli("evaluate", str(source), "--format", "jsonl", "--jobs", "2", "--log", url)
    assert done.returncode == 0, done.stderr
    alone = cli("evaluate", str(source), "--format", "jsonl")
    assert done.stdout == alone.stdout
    rows = assert_whole(url, 2600)
    assert [row["scenario_id"] for row in rows] == [item["id"] for item in items]
    assert rows[-1]["input"]["actor"]["name"] == "***"


def test_export_writes_json_lines_in_order_from_a_day_on(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    items = scenarios("x", 4)
    outcomes = [engine.evaluate(item) for item in items]
    utc = datetime.timezone.utc
    days = [datetime.datetime(2026, month, 1, 23, 59, tzinfo=utc) for month in (1, 2, 2, 3)]
    with open_log(str(path)) as log:
        log.append(entries_for(engine, outcomes, items, times=days))
    done = cli("log", "export", "--log", str(path), "--since", "2026-02-01")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["seq"], r["scenario_id"], r["time"][:10]) for r in lines] == [
        (2, "x-1", "2026-02-01"),
        (3, "x-2", "2026-02-01"),
        (4, "x-3", "2026-03-01"),
    ]
    assert list(lines[0]) == [
        "seq",
        "time",
        "decision_id",
        "scenario_id",
        "decision",
        "outcome",
        "provenance",
        "input",
        "prev_hash",
        "hash",
    ]
    out = tmp_path / "all.jsonl"
    assert cli("log", "export", "--log", str(path), "-o", str(out)).returncode == 0
    assert [json.loads(line) for line in out.read_text().splitlines()] == exported(str(path))
    assert cli("log", "export", "--log", str(path), "--since", "2026-13-01").returncode == 2


def test_a_log_failing_mid_run_stops_the_run_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    open_log(str(path)).close()
    sqlite_executor(path)("DELETE FROM ala_policy_chain")
    source = write_jsonl(tmp_path / "in.jsonl", scenarios("m", 5))
    done = cli("evaluate", str(source), "--log", str(path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        (
            f"Error: the decision log {path} has lost its chain's head: "
            "'ala-policy log verify' says more"
        )
    ]


# -- several writers, and writers killed --------------------------------------------------------


def test_processes_appending_at_once_keep_the_chain_whole(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    open_log(url).close()
    first = write_jsonl(tmp_path / "a.jsonl", scenarios("a", 1500))
    second = write_jsonl(tmp_path / "b.jsonl", scenarios("b", 700))
    import subprocess
    import sys

    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "ala_policy", "evaluate", str(f), "--log", url, *jobs],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f, jobs in ((first, ["--jobs", "2"]), (second, []))
    ]
    writers = [writer(url, f"w{n}", 7, 40) for n in range(2)]
    for process in [*runs, *writers]:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    rows = assert_whole(url, 1500 + 700 + 2 * 7 * 40)
    ids = [row["scenario_id"] for row in rows]
    assert [i for i in ids if i.startswith("a-")] == [f"a-{n}" for n in range(1500)]
    assert [i for i in ids if i.startswith("b-")] == [f"b-{n}" for n in range(700)]


def test_threads_appending_at_once_share_transactions(engine: Engine, tmp_path: Path) -> None:
    url = str(tmp_path / "d.db")
    with open_log(url) as log:

        def work(n: int) -> None:
            for k in range(10):
                append_some(engine, log, f"t{n}.{k}", 3)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert_whole(url, 8 * 10 * 3)


def _child_appends(url: str) -> None:
    from ala_policy.testing import make_engine

    # _inherited: the log the parent opened, used after fork
    append_some(make_engine(), _inherited, "child", 5)


_inherited: Any = None


def test_a_log_opened_before_fork_is_reopened_in_the_child(engine: Engine, tmp_path: Path) -> None:
    global _inherited  # noqa: PLW0603
    url = str(tmp_path / "d.db")
    _inherited = open_log(url)
    try:
        append_some(engine, _inherited, "parent", 2)
        child = multiprocessing.get_context("fork").Process(target=_child_appends, args=(url,))
        child.start()
        child.join(60)
        assert child.exitcode == 0
        append_some(engine, _inherited, "parent-again", 2)
    finally:
        _inherited.close()
        _inherited = None
    assert_whole(url, 9)


def test_a_writer_killed_mid_append_leaves_a_chain_that_verifies(tmp_path: Path) -> None:
    kill_writers_mid_append(str(tmp_path / "d.db"))
