"""The command line, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ala_policy.cli import ExitCode, main

PROHIBITED = (
    "id: dinner\ntitle: Dinner during a bid\ndate: 2026-03-01\nactor: {role: member}\n"
    "gift: {kind: meal, act: offered, giver: prospective_vendor, pending_business: true}\n"
)
PERMITTED = (
    "id: mug\nactor: {role: member}\n"
    "gift: {kind: gift, act: accepted, pending_business: false, may_influence: false}\n"
)
UNKNOWN = "id: tickets\nactor: {role: member}\ngift: {kind: entertainment, act: offered}\n"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "a-dinner.yaml").write_text(PROHIBITED, encoding="utf-8")
    (tmp_path / "b-mug.yaml").write_text(PERMITTED, encoding="utf-8")
    (tmp_path / "c-tickets.yaml").write_text(UNKNOWN, encoding="utf-8")
    return tmp_path


def invoke(*args: str, input: str | bytes | None = None) -> object:  # noqa: A002
    return CliRunner().invoke(main, list(args), input=input)


def test_text_output_reads_as_a_report(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(files)])
    assert result.exit_code == ExitCode.OK, result.output
    out = result.output
    assert "dinner: PROHIBITED  (Dinner during a bid)" in out
    assert "code/III.C (ALA Code of Professional Responsibility):" in out
    assert "| Refrain from soliciting or accepting any fee" in out
    assert "Missing facts: gift.pending_business, gift.may_influence" in out
    assert out.rstrip().endswith("3 scenarios: 1 prohibited, 1 indeterminate, 1 permitted")
    assert "\x1b[" not in out, "no colour when not on a terminal"


def test_color_can_be_forced(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--color", str(files / "a-dinner.yaml")])
    assert "\x1b[31m" in result.output


def test_json_is_one_document_in_the_contract_shape(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--format", "json", str(files)])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [r["id"] for r in document["results"]] == ["dinner", "mug", "tickets"]
    first = document["results"][0]
    assert first["decision"] == "prohibited"
    finding = first["findings"][0]
    assert set(finding) >= {
        "area",
        "decision",
        "reason",
        "citations",
        "conditions",
        "missing_facts",
        "consequence",
    }
    assert finding["citations"][0]["id"] == "code/III.C"
    assert finding["citations"][0]["text"].startswith("Refrain from soliciting")
    assert document["summary"] == {
        "total": 3,
        "decisions": {"permitted": 1, "indeterminate": 1, "prohibited": 1},
    }


def test_json_with_no_results_is_still_valid(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "-f", "json", str(bad)])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["results"][0]["decision"] == "error"


def test_jsonl_is_one_result_per_line(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--format", "jsonl", str(files)])
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["decision"] for line in lines] == [
        "prohibited",
        "permitted",
        "indeterminate",
    ]


def test_output_is_byte_identical_across_runs(files: Path) -> None:
    first = CliRunner().invoke(main, ["evaluate", "-f", "json", str(files)]).output
    second = CliRunner().invoke(main, ["evaluate", "-f", "json", str(files)]).output
    assert first == second


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        (["prohibited"], ExitCode.FAILED),
        (["conditional"], ExitCode.OK),
        (["conditional", "indeterminate"], ExitCode.FAILED),
        (["not_applicable"], ExitCode.OK),
    ],
)
def test_fail_on(files: Path, fail_on: list[str], code: int) -> None:
    args = ["evaluate", str(files)]
    for decision in fail_on:
        args += ["--fail-on", decision]
    assert CliRunner().invoke(main, args).exit_code == code


def test_bad_input_beats_fail_on(files: Path) -> None:
    (files / "d-bad.yaml").write_text("id: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--fail-on", "prohibited", str(files)])
    assert result.exit_code == ExitCode.USAGE


def test_unknown_format_names_the_available_ones(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--format", "pdf", str(files)])
    assert result.exit_code == 2
    assert "unknown format 'pdf'; available formats: " in result.output
    available = result.output.split("available formats: ")[1].split()
    assert {"json,", "jsonl,"} <= set(available)
    assert available == sorted(available), "listed in order"
    assert "Traceback" not in result.output


def test_unknown_fail_on_is_a_usage_error(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--fail-on", "forbidden", str(files)])
    assert result.exit_code == 2
    assert "'forbidden' is not one of" in result.output


def test_evaluate_needs_a_path() -> None:
    result = CliRunner().invoke(main, ["evaluate"])
    assert result.exit_code == 2
    assert "Missing argument 'PATH...'" in result.output


def test_stdin_is_json_lines() -> None:
    line = json.dumps(
        {
            "id": "s",
            "actor": {"role": "member"},
            "gift": {"kind": "loan", "act": "solicited", "giver": "vendor"},
        }
    )
    result = CliRunner().invoke(main, ["evaluate", "-", "-f", "jsonl"], input=line + "\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["decision"] == "prohibited"


def test_help_teaches() -> None:
    top = CliRunner().invoke(main, ["--help"])
    assert top.exit_code == 0
    assert "evaluate" in top.output
    sub = CliRunner().invoke(main, ["evaluate", "--help"])
    assert sub.exit_code == 0
    for needle in ("JSON Lines", "Exit codes:", "--fail-on", "--format", "Examples:"):
        assert needle in sub.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("ala-policy, version ")


def test_disabling_the_evaluator_fails_closed(files: Path) -> None:
    result = CliRunner().invoke(
        main, ["--disable-plugin", "gift", "evaluate", "-f", "jsonl", str(files / "b-mug.yaml")]
    )
    assert result.exit_code == 0
    outcome = json.loads(result.stdout)
    assert outcome["decision"] == "indeterminate"
    assert "No evaluator decided" in outcome["findings"][0]["reason"]


def test_disabling_by_environment(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALA_POLICY_DISABLE_PLUGINS", "gift, json")
    result = CliRunner().invoke(main, ["evaluate", "-f", "jsonl", str(files)])
    assert result.exit_code == 2
    assert "unknown format 'jsonl'; available formats: " in result.output
    assert "json" not in result.output.split("available formats: ")[1]


def test_python_dash_m(files: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ala_policy", "evaluate", "-f", "jsonl", str(files / "b-mug.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["decision"] == "permitted"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_program_exits_fast_but_complete(tmp_path: Path, jobs: str) -> None:
    """``run`` freezes the collector before the interpreter exits: every line and the exit
    code must still come out, with worker processes too."""
    import subprocess
    import sys

    batch = tmp_path / "batch.jsonl"
    rows = [
        {"id": f"s{i}", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
        for i in range(3000)
    ]
    lines = [json.dumps(r) for r in rows] + ['{"id": "broken"']
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ala_policy", "evaluate", "-f", "jsonl", "-j", jobs, str(batch)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == 3001
    assert results[-1]["decision"] == "error"


def test_to_json_is_exactly_dumps_of_to_dict(tmp_path: Path) -> None:
    from ala_policy.testing import make_engine

    examples = Path(__file__).resolve().parents[1] / "examples"
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nactor: {role: member}\ngift: {kind: pie}\n", encoding="utf-8")
    engine = make_engine()
    outcomes = list(engine.evaluate_paths([str(examples), str(bad)]))
    assert len(outcomes) > 20
    for outcome in outcomes:
        expected = json.dumps(outcome.to_dict(), ensure_ascii=True, separators=(", ", ": "))
        assert outcome.to_json() == expected


def test_format_completion_lists_plugin_formats() -> None:
    from ala_policy.commands.options import complete_formats

    assert complete_formats("j") == ["json", "jsonl", "junit"]
    assert "html" in complete_formats("")


def test_plugins_lists_builtins_with_distribution_and_hooks() -> None:
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["PLUGIN", "DISTRIBUTION", "VERSION", "HOOKS"]
    gift = next(line for line in lines if line.startswith("gift "))
    assert "ala-policy" in gift
    assert "evaluate_gift" in gift
    assert "  gift (areas; gift)" in lines
    assert "  jsonl (json)" in lines


def test_plugins_json_reports_blocked_plugins() -> None:
    result = CliRunner().invoke(main, ["--disable-plugin", "gift", "plugins", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    names = {p["name"] for p in data["plugins"]}
    assert "gift" not in names
    assert {"areas", "ala_policies", "certification", "text"} <= names
    assert data["disabled"] == ["gift"]
    areas = next(p for p in data["plugins"] if p["name"] == "areas")
    assert areas["builtin"] is True
    assert areas["distribution"] == "ala-policy"
    assert "ala_policy_register_areas" in areas["hooks"]
    assert "certification" in data["areas"]


def test_blocked_builtin_is_recorded_in_outcomes(files: Path) -> None:
    result = CliRunner().invoke(
        main, ["--disable-plugin", "json", "evaluate", "-f", "text", str(files / "b-mug.yaml")]
    )
    assert "Decided with these plugins blocked: json" in result.stdout
    as_json = CliRunner().invoke(
        main, ["--disable-plugin", "markdown", "evaluate", "-f", "json", str(files / "b-mug.yaml")]
    )
    assert json.loads(as_json.stdout)["results"][0]["disabled_plugins"] == ["markdown"]


def test_strict_exits_2_on_a_plugin_fault(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ala_policy import Ruling, hookimpl
    from ala_policy.cli import State
    from ala_policy.testing import make_engine

    class Broken:
        @hookimpl
        def ala_policy_evaluate_gift(self) -> Ruling:
            raise RuntimeError("broken rule")

    engine = make_engine(("broken", Broken()))
    monkeypatch.setattr(State, "engine", lambda self, warn=True: engine)
    lenient = CliRunner().invoke(main, ["evaluate", "-f", "jsonl", str(files / "b-mug.yaml")])
    assert lenient.exit_code == 0
    assert json.loads(lenient.stdout)["decision"] == "indeterminate"
    strict = CliRunner().invoke(main, ["evaluate", "--strict", str(files / "b-mug.yaml")])
    assert strict.exit_code == 2
    assert "Plugin 'broken' failed" in strict.stdout
