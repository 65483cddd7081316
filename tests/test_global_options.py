"""The group's options where people type them, and what they promise: ``--disable-plugin``
names a plugin that exists, ``--debug`` traces every hook call with tracebacks, ``--strict``
says why it failed."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ala_policy.cli import COMMANDS, ExitCode, main

GIFT = {
    "id": "dinner",
    "actor": {"role": "member"},
    "date": "2026-03-01",
    "gift": {"kind": "meal", "act": "accepted", "pending_business": False, "may_influence": False},
}


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "dinner.yaml"
    path.write_text(yaml.safe_dump(GIFT), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _quiet_logging() -> object:
    """--debug configures the root logger; leave it as it was for the next test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield None
    root.handlers[:] = handlers
    root.setLevel(level)


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("where", ["before", "after"])
def test_disable_plugin_works_before_or_after_the_command(where: str, scenario_file: Path) -> None:
    option = ["--disable-plugin", "gift"]
    args = [*option, "evaluate", str(scenario_file)]
    if where == "after":
        args = ["evaluate", *option, str(scenario_file)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.OK, result.output
    assert "No evaluator decided the 'gift' area" in result.output
    assert "Decided with these plugins blocked: gift" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_the_global_options(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "--disable-plugin NAME" in result.output
    assert "--debug" in result.output


def test_options_before_and_after_add_up(scenario_file: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--disable-plugin",
            "gift",
            "evaluate",
            "--disable-plugin",
            "markdown",
            "-f",
            "json",
            str(scenario_file),
        ],
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert '"disabled_plugins": ["gift", "markdown"]' in result.output


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_unknown_plugin_name_is_a_usage_error_with_a_suggestion(
    where: str, scenario_file: Path
) -> None:
    option = ["--disable-plugin", "gifts"]
    args = [*option, "evaluate", str(scenario_file)]
    if where == "after":
        args = ["evaluate", *option, str(scenario_file)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.USAGE
    assert "--disable-plugin names 'gifts', which no plugin has; did you mean 'gift'?" in (
        result.output
    )
    assert "conflict_of_interest" in result.output  # the names there are
    assert "Traceback" not in result.output


def test_an_unknown_name_in_the_environment_is_a_warning(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALA_POLICY_DISABLE_PLUGINS", "giftz")
    result = CliRunner().invoke(main, ["evaluate", str(scenario_file)])
    assert result.exit_code == ExitCode.OK, result.output
    assert "warning: ALA_POLICY_DISABLE_PLUGINS names 'giftz', which no plugin has; " in (
        result.output
    )
    assert "dinner: PERMITTED" in result.output


def test_the_library_tells_which_blocked_names_no_plugin_has() -> None:
    from ala_policy import Engine

    engine = Engine(disable=["gift", "nobody"])
    assert engine.loader.unknown_disabled() == ("nobody",)
    given = Engine(plugins=["ala_policy.plugins.areas"], disable=["areas", "x"])
    assert given.loader.unknown_disabled() == ("x",)


# -- --debug -------------------------------------------------------------------------------


def _debug_run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ala_policy", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_traces_every_hook_evaluators_included(
    where: str, tmp_path: Path, scenario_file: Path
) -> None:
    args = ["--debug", "evaluate", str(scenario_file)]
    if where == "after":
        args = ["evaluate", str(scenario_file), "--debug"]
    done = _debug_run(tmp_path, *args)
    assert done.returncode == ExitCode.OK, done.stderr
    for hook in (
        "ala_policy_register_areas [areas]",
        "ala_policy_register_policies [ala_policies]",
        "ala_policy_register_formats [json]",
        "ala_policy_cited_clauses [gift]",
        "ala_policy_evaluate_gift [gift] (",
        "ala_policy_evaluate_gift [gift] -> Ruling(decision=<Decision.PERMITTED",
    ):
        assert f"ala_policy.hooks: {hook}" in done.stderr, hook
    assert "ala_policy.hooks" not in done.stdout


def test_debug_shows_the_traceback_of_a_failing_evaluator(tmp_path: Path) -> None:
    plugin = tmp_path / "boom_plugin.py"
    plugin.write_text(
        "from ala_policy import hookimpl\n"
        "@hookimpl\n"
        "def ala_policy_evaluate_gift(facts):\n"
        "    return helper(facts)\n"
        "def helper(facts):\n"
        "    raise RuntimeError('nope')\n",
        encoding="utf-8",
    )
    program = (
        "import sys, logging\n"
        "logging.basicConfig(level=logging.DEBUG, format='%(name)s: %(message)s')\n"
        "from ala_policy import Engine\n"
        "from ala_policy.testing import scenario\n"
        "engine = Engine(plugins=['ala_policy.plugins.areas', 'ala_policy.plugins.ala_policies',"
        " 'boom_plugin'])\n"
        "outcome = engine.evaluate(scenario(gift={'kind': 'meal', 'act': 'accepted'}))\n"
        "print(outcome.decision.value)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.stdout.strip() == "indeterminate", done.stderr
    assert "ala_policy.hooks: ala_policy_evaluate_gift [boom_plugin] raised:" in done.stderr
    assert "Traceback (most recent call last):" in done.stderr
    assert "in helper" in done.stderr
    assert "RuntimeError: nope" in done.stderr


def test_without_debug_nothing_is_traced(tmp_path: Path, scenario_file: Path) -> None:
    done = _debug_run(tmp_path, "evaluate", str(scenario_file))
    assert done.returncode == ExitCode.OK
    assert done.stderr == ""


# -- --strict ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["evaluate", "test"])
def test_strict_says_which_plugin_failed_and_how(
    command: str, scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ala_policy import hookimpl
    from ala_policy.commands import options
    from ala_policy.testing import make_engine

    class Boom:
        @hookimpl
        def ala_policy_evaluate_gift(self) -> None:
            raise RuntimeError("nope")

    engine = make_engine(("boom", Boom()))
    monkeypatch.setattr(options.State, "engine", lambda self, warn=True: engine)
    result = CliRunner().invoke(main, [command, "--strict", str(scenario_file)])
    assert result.exit_code == ExitCode.USAGE
    assert (
        "Error: --strict: plugin 'boom' on gift: raised RuntimeError: nope (scenario dinner)"
        in result.output
    )
    without = CliRunner().invoke(main, [command, str(scenario_file)])
    assert without.exit_code == ExitCode.OK, without.output


def test_strict_with_jobs_names_the_fault_too(tmp_path: Path) -> None:
    """Worker processes render the results; the fault still reaches the message."""
    plugin = tmp_path / "boom_plugin.py"
    plugin.write_text(
        "from ala_policy import hookimpl\n"
        "@hookimpl\n"
        "def ala_policy_evaluate_gift(facts):\n"
        "    raise RuntimeError('nope')\n",
        encoding="utf-8",
    )
    dist = tmp_path / "boom_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Name: boom-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[ala_policy]\nboom = boom_plugin\n", encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "".join(
            yaml.safe_dump({**GIFT, "id": f"s{i}"}, default_flow_style=True).replace("\n", " ")
            + "\n"
            for i in range(8)
        ),
        encoding="utf-8",
    )
    import json

    batch.write_text(
        "".join(json.dumps({**GIFT, "id": f"s{i}"}) + "\n" for i in range(8)), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "ala_policy", "evaluate", "--strict", "--jobs", "2", str(batch)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**__import__("os").environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == ExitCode.USAGE, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error: --strict:")]
    assert lines[0] == (
        "Error: --strict: plugin 'boom' on gift: raised RuntimeError: nope (scenario s0)"
    )
    assert len(lines) == 6
    assert lines[-1] == "Error: --strict: and 3 more plugin faults"


def test_debug_shows_the_traceback_of_a_plugin_that_fails_to_load(
    tmp_path: Path, scenario_file: Path
) -> None:
    from test_faults import _installed

    env = _installed(tmp_path, "broken_import", "import not_a_module_anywhere\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ala_policy", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
            env=env,
        )

    plain = run("evaluate", str(scenario_file))
    assert plain.returncode == ExitCode.OK
    assert plain.stderr.splitlines() == [
        (
            "warning: plugin 'broken_import' failed to load: ModuleNotFoundError: "
            "No module named 'not_a_module_anywhere'"
        )
    ]
    debug = run("evaluate", str(scenario_file), "--debug")
    assert debug.returncode == ExitCode.OK
    assert "Traceback (most recent call last):" in debug.stderr
    assert "ModuleNotFoundError: No module named 'not_a_module_anywhere'" in debug.stderr
    said = [line for line in debug.stderr.splitlines() if "failed to load" in line]
    assert len(said) == 1, said  # once, not as a log line and a warning both
