"""The docs keep up with the code: every hook, every command, and the README's examples."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from ala_policy.cli import main

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
PLUGINS_DOC = ROOT / "docs" / "plugins.md"

_HOOK_HEADING = re.compile(r"^###\s+(ala_policy_\w+)\(", re.MULTILINE)
_PYTHON_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _first_code_line(block: str) -> str:
    """The block's first line that is neither blank nor a comment."""
    for line in block.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return stripped
    return ""


def _readme_examples() -> list[str]:
    """The README's ```python blocks whose code starts with ``from ala_policy``."""
    blocks = _PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))
    return [b for b in blocks if _first_code_line(b).startswith("from ala_policy")]


def test_plugin_hooks_are_documented() -> None:
    from ala_policy.testing import make_engine

    engine = make_engine()
    names = [
        name
        for name in dir(engine.pm.hook)
        if name.startswith("ala_policy_") and getattr(engine.pm.hook, name).spec is not None
    ]
    assert names, "the engine declares no hooks"
    documented = set(_HOOK_HEADING.findall(PLUGINS_DOC.read_text(encoding="utf-8")))
    missing = sorted(set(names) - documented)
    assert not missing, (
        f"hooks without a '### <name>(' heading in {PLUGINS_DOC.relative_to(ROOT)}: "
        + ", ".join(missing)
    )


def _command_names() -> list[str]:
    """Every command of the CLI, the lazily imported ones included (``main.commands`` only
    holds those already imported)."""
    return sorted({*main.commands, *main.list_commands(click.Context(main))})


@pytest.mark.parametrize("command", _command_names())
def test_cli_commands_are_in_the_readme(command: str) -> None:
    assert main.get_command(click.Context(main), command) is not None, (
        f"'{command}' is listed but cannot be loaded"
    )
    readme = README.read_text(encoding="utf-8")
    assert f"ala-policy {command}" in readme, f"README.md never shows 'ala-policy {command}'"


@pytest.mark.parametrize(
    "code",
    [pytest.param(block, id=f"block{index}") for index, block in enumerate(_readme_examples())],
)
def test_readme_python_examples_run(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALA_POLICY_DISABLE_PLUGINS", raising=False)
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(code, str(README), "exec"), namespace)


def test_the_embedding_example_holds_whatever_plugins_are_installed(tmp_path: Path) -> None:
    """The README's embedding example, run where a chapter plugin that prohibits every gift,
    one that faults, and one that leaves a fact unknown are installed: its answers hold."""
    (embedding,) = [b for b in _readme_examples() if "engine = Engine()" in b]
    (tmp_path / "chapter_rules.py").write_text(
        "from ala_policy import Ruling, hookimpl\n"
        "@hookimpl\n"
        "def ala_policy_evaluate_gift(facts):\n"
        "    return Ruling(decision='prohibited', reason='no gifts at all',"
        " cites=['code/III.C'])\n"
        "@hookimpl\n"
        "def ala_policy_evaluate_directory_use(facts):\n"
        "    raise RuntimeError('broken')\n",
        encoding="utf-8",
    )
    (tmp_path / "unsure.py").write_text(
        "from ala_policy import Ruling, hookimpl\n"
        "@hookimpl\n"
        "def ala_policy_evaluate_gift(facts):\n"
        "    return Ruling(decision='indeterminate', reason='value?',"
        " missing_facts=['gift.value_usd'])\n",
        encoding="utf-8",
    )
    dist = tmp_path / "chapter_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Name: chapter-rules\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[ala_policy]\nchapter = chapter_rules\nunsure = unsure\n", encoding="utf-8"
    )
    script = tmp_path / "example.py"
    script.write_text(embedding, encoding="utf-8")
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from ala_policy import Engine; print(sorted(p.name for p in Engine().plugins()))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert "'chapter'" in check.stdout, check.stdout
    assert "'unsure'" in check.stdout, check.stdout


def test_the_readme_says_where_the_servers_log_goes_and_git_ignores_it() -> None:
    """The README's server command (``ala-policy serve --log``) leaves the decision log and
    SQLite's files beside it in the checkout: the README says so, and git ignores them."""
    section = README.read_text(encoding="utf-8").partition("## The server")[2]
    section = section.partition("\n## ")[0]
    assert "ala-policy serve --log" in section
    assert "`decisions.db` in the current folder" in section
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in ("decisions.db", "decisions.db-wal", "decisions.db-shm"):
        assert name in ignored, f".gitignore leaves {name} in the checkout"
