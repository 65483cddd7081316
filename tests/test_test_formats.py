"""``ala-policy test`` in every format: each failed expectation, expected against got."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ala_policy import FormatOptions, Summary
from ala_policy.cli import ExitCode, main
from ala_policy.expectations import check_expectations, unmet_expectations
from ala_policy.testing import make_engine

DINNER = (
    "id: dinner\ndate: 2026-03-01\nactor: {role: member}\n"
    "gift: {kind: meal, act: offered, giver: vendor, pending_business: true}\n"
    "expect: {decision: prohibited, cites: [code/III.C]}\n"
)
MUG = (
    "id: mug\ndate: 2026-03-01\nactor: {role: member}\n"
    "gift: {kind: gift, act: accepted, pending_business: false, may_influence: false}\n"
)
TICKETS = (
    "id: tickets\ndate: 2026-03-01\nactor: {role: member}\n"
    "gift: {kind: entertainment, act: offered}\n"
    "expect: {decision: permitted, cites: [code/III.C, code/III.D]}\n"
)
#: what the tickets scenario expected and got, part by part
TICKETS_FAILURES: list[dict[str, Any]] = [
    {
        "field": "decision",
        "expected": "permitted",
        "got": "indeterminate",
        "message": "expected decision permitted, got indeterminate",
    },
    {
        "field": "cites",
        "expected": "code/III.D",
        "got": ["code/III.C", "code/III.B"],
        "message": "expected a citation of code/III.D, which is not cited",
    },
]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """One scenario meets its expectation, one has none, one fails it in two ways."""
    (tmp_path / "a-dinner.yaml").write_text(DINNER, encoding="utf-8")
    (tmp_path / "b-mug.yaml").write_text(MUG, encoding="utf-8")
    (tmp_path / "c-tickets.yaml").write_text(TICKETS, encoding="utf-8")
    return tmp_path


def run_test(files: Path, *args: str) -> Result:
    """``ala-policy test`` over the files: one expectation fails, so it exits 1."""
    result = CliRunner().invoke(main, ["test", str(files), *args])
    assert result.exit_code == ExitCode.FAILED, result.output
    return result


def test_json_gives_each_result_its_expectation(files: Path) -> None:
    document = json.loads(run_test(files, "--format", "json").stdout)
    results = {result["id"]: result for result in document["results"]}
    assert list(results) == ["dinner", "tickets"], "scenarios without expect are skipped"
    assert results["dinner"]["expect"] == {
        "decision": "prohibited",
        "cites": ["code/III.C"],
        "passed": True,
        "failures": [],
    }
    assert results["tickets"]["expect"] == {
        "decision": "permitted",
        "cites": ["code/III.C", "code/III.D"],
        "passed": False,
        "failures": TICKETS_FAILURES,
    }
    assert list(results["tickets"])[-1] == "expect", "added after every key of the contract"
    assert document["summary"]["expectations"] == {"passed": 1, "failed": 1}
    assert document["summary"]["total"] == 2


def test_jsonl_gives_each_result_its_expectation(files: Path) -> None:
    lines = [json.loads(line) for line in run_test(files, "--format", "jsonl").stdout.splitlines()]
    assert [line["expect"]["passed"] for line in lines] == [True, False]
    assert lines[1]["expect"]["failures"] == TICKETS_FAILURES


def test_evaluate_json_is_unchanged_by_expect_blocks(files: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(files), "--format", "json"])
    document = json.loads(result.stdout)
    assert all("expect" not in r for r in document["results"])
    assert "expectations" not in document["summary"]


def test_markdown_shows_each_failed_expectation(files: Path) -> None:
    out = run_test(files, "--format", "markdown").stdout
    assert "**Expectation met:** decision `prohibited`, cites `code/III.C`\n" in out
    assert (
        "**Expectation not met:**\n\n"
        "- decision: expected `permitted`, got `indeterminate`\n"
        "- cites: expected `code/III.D` among the citations, got `code/III.C`, `code/III.B`\n"
    ) in out
    assert "\nExpectations: 1 passed, 1 failed.\n" in out
    assert out.index("Expectation not met") > out.index("## `tickets`")


def test_html_shows_each_failed_expectation(files: Path) -> None:
    out = run_test(files, "--format", "html").stdout
    assert (
        '<div class="expect failed"><strong>Expectation not met:</strong><ul>'
        "<li>decision: expected <code>permitted</code>, got <code>indeterminate</code></li>"
        "<li>cites: expected <code>code/III.D</code> among the citations, got "
        "<code>code/III.C</code>, <code>code/III.B</code></li></ul></div>"
    ) in out
    assert '<p class="expect passed"><strong>Expectation met:</strong>' in out
    assert '<th scope="col">Expectation</th>' in out
    assert '<td class="expect"><strong>FAILED</strong></td>' in out
    assert "Expectations: 1 passed, 1 failed." in out
    assert ".expect.failed" in out, "the styles come with the feature"


def test_html_of_evaluate_has_no_expectation_column(files: Path) -> None:
    out = CliRunner().invoke(main, ["evaluate", str(files), "--format", "html"]).stdout
    assert "Expectation" not in out
    assert ".expect" not in out


def test_junit_fails_each_case_with_expected_against_got(files: Path) -> None:
    root = ET.fromstring(run_test(files, "--format", "junit").stdout)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["dinner"].find("failure") is None
    failure = cases["tickets"].find("failure")
    assert failure is not None
    assert failure.get("message") == "; ".join(f["message"] for f in TICKETS_FAILURES)
    assert (failure.text or "").splitlines() == [
        "decision: expected permitted, got indeterminate",
        "cites: expected code/III.D among the citations, got code/III.C, code/III.B",
    ]


def test_text_shows_each_failed_expectation(files: Path) -> None:
    out = run_test(files).stdout
    assert "FAIL tickets (" in out
    assert "  expected decision permitted, got indeterminate\n" in out
    assert "  expected: permitted; cites code/III.C, code/III.D\n" in out
    assert "  actual:   indeterminate; cites code/III.C, code/III.B\n" in out
    assert all(len(line) <= 88 for line in out.splitlines() if not line.startswith("FAIL "))
    assert out.endswith("1 passed, 1 failed, 1 skipped (no expect block)\n")


@pytest.mark.parametrize(("broken", "words"), [(1, "1 error"), (2, "2 errors")])
def test_text_summary_counts_errors_in_plain_english(
    tmp_path: Path, broken: int, words: str
) -> None:
    (tmp_path / "a-dinner.yaml").write_text(DINNER, encoding="utf-8")
    for n in range(broken):
        (tmp_path / f"z-broken-{n}.yaml").write_text("id: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(tmp_path)])
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout.endswith(f"1 passed, 0 failed, {words}\n")


def test_check_expectations_gives_data_and_the_same_words() -> None:
    engine = make_engine()
    outcome = engine.evaluate(
        {
            "id": "t",
            "actor": {"role": "member"},
            "gift": {"kind": "entertainment", "act": "offered"},
            "expect": {"decision": "permitted", "cites": ["code/III.C", "code/III.D"]},
        }
    )
    result = check_expectations(outcome)
    assert result is not None
    assert not result.passed
    assert [f.to_dict() for f in result.failures] == TICKETS_FAILURES
    assert unmet_expectations(outcome) == [f["message"] for f in TICKETS_FAILURES]
    assert check_expectations(engine.evaluate({"id": "u", **_NO_EXPECT})) is None


_NO_EXPECT = {"actor": {"role": "member"}, "gift": {"kind": "gift", "act": "accepted"}}


def test_a_format_that_knows_nothing_of_expectations_still_works() -> None:
    """Third-party formats take ``FormatOptions`` as before: the new field has a default."""

    class Plain:
        def __init__(self, stream: io.StringIO, options: FormatOptions) -> None:
            self.stream = stream
            self.color = options.color

        def write(self, outcome: object) -> None:
            self.stream.write("x")

        def close(self, summary: Summary) -> None:
            self.stream.write("\n")

    stream = io.StringIO()
    writer = Plain(stream, FormatOptions(expectations=True))
    writer.write(object())
    writer.close(Summary())
    assert stream.getvalue() == "x\n"
    assert FormatOptions() == FormatOptions(color=False, expectations=False)
