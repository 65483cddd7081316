"""The ``text`` format: within its width, the edition of each clause, and an undated scenario
that says it was decided as of today."""

from __future__ import annotations

import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ala_policy.cli import main
from ala_policy.plugins.text_format import WIDTH

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "scenarios"
TODAY = datetime.date.today().isoformat()
NONSOLICITATION = (
    "id: newsletter-to-everyone-listed-in-the-member-directory-without-any-relationship\n"
    "title: A vendor sends its newsletter, with an offer of a discount on its services for "
    "the first quarter, to every member listed in the directory\n"
    "date: 2026-03-01\n"
    "actor: {role: business_partner, member: true}\n"
    "directory_use: {purpose: newsletter, recipients: all, relationship: none}\n"
)


def evaluate(*args: str) -> str:
    result = CliRunner().invoke(main, ["evaluate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.stdout


def too_wide(text: str) -> list[str]:
    return [line for line in click.unstyle(text).splitlines() if len(line) > WIDTH]


def test_every_line_of_the_examples_keeps_within_the_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert WIDTH == 88
    monkeypatch.chdir(ROOT)
    out = evaluate("examples/scenarios")
    assert too_wide(out) == []
    assert (
        "\n    Consequence: Violations are subject to immediate cancellation of membership," in out
    )


def test_coloured_output_keeps_within_the_width_too() -> None:
    out = evaluate(str(EXAMPLES / "directory-q8-newsletter-to-all.yaml"), "--color")
    assert "\x1b[" in out
    assert too_wide(out) == []


def test_long_paths_titles_and_ids_wrap_without_breaking_a_path_or_an_id(tmp_path: Path) -> None:
    folder = tmp_path / "chapter board review of the spring vendor newsletters and mailings"
    folder.mkdir()
    path = folder / "a newsletter to every member listed in the directory.yaml"
    path.write_text(NONSOLICITATION, encoding="utf-8")
    out = evaluate(str(path))
    lines = out.splitlines()
    scenario_id = "newsletter-to-everyone-listed-in-the-member-directory-without-any-relationship"
    assert lines[0] == f"{scenario_id}: PROHIBITED  (A"
    assert lines[1].startswith("    vendor sends its newsletter, with an offer of a discount")
    (where,) = [line for line in lines if str(path) in line]
    assert where == f"  {path}:1,"
    assert "    as of 2026-03-01" in lines
    assert [
        line for line in too_wide(out) if str(path) not in line and scenario_id not in line
    ] == []


def test_each_citation_names_its_edition() -> None:
    out = evaluate(str(EXAMPLES / "gift-vendor-dinner.yaml"))
    assert (
        "    code/III.C (ALA Code of Professional Responsibility):\n"
        "      edition: Code of Professional Responsibility (revised after the 2010 task force)\n"
        "      III. Responsibilities to those Outside the Legal Organization:\n"
        "      | Refrain from soliciting or accepting any fee, commission, gift, gratuity,\n"
    ) in out
    out = evaluate(str(EXAMPLES / "directory-q8-newsletter-to-all.yaml"))
    assert (
        "    nonsolicitation/q8 (ALA Member-to-Member Nonsolicitation Policy):\n"
        "      edition: Member-to-Member Nonsolicitation Policy and Member Directory terms\n"
    ) in out


def test_an_undated_scenario_says_it_was_decided_as_of_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("mug.yaml")
    path.write_text(
        "id: mug\nactor: {role: member}\n"
        "gift: {kind: gift, act: accepted, pending_business: false, may_influence: false}\n",
        encoding="utf-8",
    )
    out = evaluate(str(path))
    assert f"  {path}:1, as of {TODAY} (today: the scenario gives no date)\n" in out
    dated = evaluate(str(EXAMPLES / "gift-vendor-dinner.yaml"))
    assert "gift-vendor-dinner.yaml:1, as of 2026-03-01\n" in dated
    assert "today" not in dated


def test_the_summary_wraps_between_counts() -> None:
    last = evaluate(str(EXAMPLES)).rstrip("\n").split("\n\n")[-1].splitlines()
    assert len(last) == 2
    assert last[0].startswith("87 scenarios: ")
    assert last[1] == "  2 not_applicable"


@pytest.mark.parametrize("format_name", ["text", "markdown", "html"])
def test_the_summary_line_counts_errors_in_plain_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.yaml", "b.yaml"):
        Path(name).write_text("id: [\n", encoding="utf-8")
    Path("c.yaml").write_text(
        "id: c\nactor: {role: member}\ngift: {kind: meal, act: offered}\n", encoding="utf-8"
    )
    out = evaluate("--format", format_name, ".")
    assert "3 scenarios: 2 errors, 1 indeterminate" in out
    Path("b.yaml").unlink()
    assert "2 scenarios: 1 error, 1 indeterminate" in evaluate("--format", format_name, ".")
