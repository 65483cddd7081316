"""Summaries in plain English: decisions are adjectives ("2 prohibited"), ``error`` is a noun
("11 errors", "1 error")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ala_policy.cli import main
from ala_policy.models import Decision, Summary


@pytest.mark.parametrize(
    ("errors", "words"),
    [(1, "1 scenario: 1 error"), (2, "2 scenarios: 2 errors"), (11, "11 scenarios: 11 errors")],
)
def test_errors_take_their_plural(errors: int, words: str) -> None:
    summary = Summary()
    for _ in range(errors):
        summary.count(Decision.ERROR)
    assert summary.describe() == words


def test_decisions_stay_adjectives() -> None:
    summary = Summary()
    for decision in (Decision.PROHIBITED, Decision.PROHIBITED, Decision.ERROR, Decision.ERROR):
        summary.count(decision)
    assert summary.describe() == "4 scenarios: 2 errors, 2 prohibited"


def test_the_command_line_says_errors(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.rstrip().endswith("2 scenarios: 2 errors")
