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
