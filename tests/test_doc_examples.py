"""Every terminal example in the docs prints what the code prints.

Each ``$ ala-policy ...`` command of a ```console block is run (in a folder holding the
repository's ``examples/`` and every scenario file the same document shows as a ```yaml
block starting with ``# name.yaml``), and its output must be the block's, byte for byte.
A block whose output is cut short ends with a line ``...``; then only the lines shown must
match. Pipes into ``jq``, ``sed``, ``head`` and ``tail`` run as written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)
_FILE_BLOCK = re.compile(r"```(?:yaml|toml)\n# ([\w.-]+\.(?:yaml|yml|toml))\n(.*?)```", re.DOTALL)
_MORE = "..."


def _examples() -> list[tuple[Path, str, str, dict[str, str]]]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        files = {name: f"# {name}\n{body}" for name, body in _FILE_BLOCK.findall(text)}
        for block in _CONSOLE.findall(text):
            for command, shown in _commands(block):
                if command.startswith("ala-policy "):
                    found.append((doc, command, shown, files))
    return found


def _commands(block: str) -> list[tuple[str, str]]:
    """A console block's commands (the lines starting ``$ ``), each with what it prints."""
    commands: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            commands.append((line[2:].rstrip("\n"), ""))
        elif commands:
            command, shown = commands[-1]
            commands[-1] = (command, shown + line)
    return commands


EXAMPLES = _examples()


def test_the_docs_have_terminal_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(
    ("doc", "command", "shown", "files"),
    EXAMPLES,
    ids=[f"{doc.name}:{command[:60]}" for doc, command, _, _ in EXAMPLES],
)
def test_a_terminal_example_prints_what_the_docs_show(
    doc: Path, command: str, shown: str, files: dict[str, str], tmp_path: Path
) -> None:
    if "| jq" in command and shutil.which("jq") is None:
        pytest.fail("jq is needed to run this example: install it (.ci/run does)")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    env.pop("ALA_POLICY_DISABLE_PLUGINS", None)
    done = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
        check=False,
    )
    printed = (done.stdout + done.stderr).rstrip("\n").splitlines()
    expected = shown.rstrip("\n").splitlines()
    if expected and expected[-1].strip() == _MORE:
        expected = expected[:-1]
        printed = printed[: len(expected)]
    assert printed == expected, f"{doc.name}: {command}"
