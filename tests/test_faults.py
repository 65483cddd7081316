"""Plugins fail closed: a plugin that raises, exits, hangs or breaks while the engine is built
is named, its finding is indeterminate, and it can never end the run, silence it or change
its exit code (docs/plugins.md, "Fault isolation")."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ala_policy import (
    Area,
    Decision,
    Engine,
    PluginError,
    Ruling,
    hookimpl,
)
from ala_policy.errors import describe_exception
from ala_policy.testing import make_engine, scenario

GIFT = {"kind": "meal", "act": "accepted", "pending_business": False, "may_influence": False}


def _findings(engine: Engine, **kwargs: Any) -> dict[str | None, Any]:
    outcome = engine.evaluate(scenario(gift=GIFT), **kwargs)
    return {f.plugin: f for f in outcome.findings}


# -- evaluators ---------------------------------------------------------------------------------


class Exits:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        raise SystemExit(3)


class BadMessageError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("cannot say")


class RaisesUnprintable:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        raise BadMessageError


class Hangs:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        while True:
            time.sleep(0.001)


class GeneratorExitLike(BaseException):
    pass


class RaisesBase:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        raise GeneratorExitLike("odd")


@pytest.mark.parametrize(
    ("plugin", "error"),
    [
        (Exits(), "raised SystemExit: 3"),
        (RaisesUnprintable(), "raised BadMessageError (its message could not be read)"),
        (RaisesBase(), "raised GeneratorExitLike: odd"),
    ],
)
def test_an_evaluator_that_exits_or_raises_anything_is_a_named_fault(
    plugin: object, error: str
) -> None:
    findings = _findings(make_engine(("bad", plugin)))
    assert findings["bad"].decision is Decision.INDETERMINATE
    assert findings["bad"].error == error
    assert findings["gift"].decision is Decision.PERMITTED  # the others are still decided


def test_a_real_interrupt_still_ends_the_run() -> None:
    class Interrupted:
        @hookimpl
        def ala_policy_evaluate_gift(self) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make_engine(("ctrl-c", Interrupted())).evaluate(scenario(gift=GIFT))


def test_describe_exception_never_raises() -> None:
    assert describe_exception(ValueError("x")) == "ValueError: x"
    assert (
        describe_exception(BadMessageError()) == "BadMessageError (its message could not be read)"
    )
    assert describe_exception(SystemExit()) == "SystemExit"


class YieldsThenRaises:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> Iterator[Any]:
        yield Ruling(decision="prohibited", reason="First.", cites=["code/III.C"], rule="r.one")
        raise ValueError("midway")


class ReturnsGoodAndBad:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> list[Any]:
        return [Ruling(decision="prohibited", reason="First.", cites=["code/III.C"]), 42]


@pytest.mark.parametrize("plugin", [YieldsThenRaises(), ReturnsGoodAndBad()])
def test_partial_results_are_kept_one_way(plugin: object) -> None:
    outcome = make_engine(("partial", plugin)).evaluate(scenario(gift=GIFT))
    mine = [f for f in outcome.findings if f.plugin == "partial"]
    assert [f.decision for f in mine] == [Decision.PROHIBITED, Decision.INDETERMINATE]
    assert mine[1].error is not None
    assert outcome.decision is Decision.PROHIBITED


# -- --timeout ---------------------------------------------------------------------------------


def test_a_plugin_that_never_returns_is_stopped_and_named() -> None:
    engine = make_engine(("slow", Hangs()))
    start = time.monotonic()
    findings = _findings(engine, timeout=0.3)
    assert time.monotonic() - start < 5
    assert findings["slow"].decision is Decision.INDETERMINATE
    assert "did not return within the scenario's 0.3 s" in (findings["slow"].error or "")
    # The built-in evaluator of the area had no time left: named too, never permitted.
    assert findings["gift"].decision is Decision.INDETERMINATE
    assert "not run" in (findings["gift"].error or "")


def test_the_timeout_works_outside_the_main_thread() -> None:
    engine = make_engine(("slow", Hangs()))
    found: list[dict[str | None, Any]] = []
    thread = threading.Thread(target=lambda: found.append(_findings(engine, timeout=0.3)))
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    assert "did not return" in (found[0]["slow"].error or "")


class YieldsThenHangs:
    """A chapter rule that prohibits, then runs past the scenario's time."""

    @hookimpl
    def ala_policy_evaluate_gift(self) -> Iterator[Ruling]:
        yield Ruling(
            decision="prohibited", reason="over the limit", cites=["code/III.C"], rule="limit"
        )
        while True:
            time.sleep(0.01)


@pytest.mark.parametrize("thread", [False, True], ids=["main-thread", "other-thread"])
def test_rulings_yielded_before_the_time_ran_out_are_kept(thread: bool) -> None:
    """A timeout must never make an outcome more lenient: the prohibited ruling stands,
    and the hang after it is named."""
    engine = make_engine(("chapter", YieldsThenHangs()))
    found: list[Any] = []

    def run() -> None:
        found.append(engine.evaluate(scenario(gift=GIFT), timeout=0.3))

    if thread:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join(10)
    else:
        run()
    outcome = found[0]
    assert outcome.decision is Decision.PROHIBITED
    mine = [f for f in outcome.findings if f.plugin == "chapter"]
    assert [(f.rule, f.decision.value) for f in mine] == [
        ("limit", "prohibited"),
        (None, "indeterminate"),
    ]
    assert "did not return within the scenario's 0.3 s" in (mine[1].error or "")


def test_a_timeout_changes_nothing_for_plugins_that_return() -> None:
    engine = make_engine()
    assert _findings(engine, timeout=5)["gift"].decision is Decision.PERMITTED


# -- building the engine ------------------------------------------------------------------------


class RegistersThenRaises:
    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        raise RuntimeError("broken registration")


class ExitsInAddhooks:
    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: Any) -> None:
        raise SystemExit("no hooks today")


class Misspelled:
    @hookimpl
    def ala_policy_evaluate_gifts(self) -> None:
        return None


@pytest.mark.parametrize(
    ("name", "plugin", "message"),
    [
        ("reg", RegistersThenRaises(), "failed in ala_policy_register_areas"),
        ("addhooks", ExitsInAddhooks(), "failed to load: SystemExit: no hooks today"),
        ("typo", Misspelled(), "ala_policy_evaluate_gifts"),
    ],
)
def test_a_plugin_that_breaks_while_the_engine_is_built_is_left_out_and_named(
    name: str, plugin: object, message: str
) -> None:
    engine = make_engine((name, plugin), strict=False)
    assert [e.plugin for e in engine.load_errors] == [name]
    assert message in str(engine.load_errors[0])
    assert not engine.pm.has_plugin(name)
    assert engine.evaluate(scenario(gift=GIFT)).decision is Decision.PERMITTED
    with pytest.raises(PluginError, match=message):
        make_engine((name, plugin), strict=True)


# -- the command line, with plugins installed the way users install them ---------------------


def _installed(tmp_path: Path, name: str, source: str) -> dict[str, str]:
    """A plugin distribution on a folder of its own, and the environment that finds it."""
    site = tmp_path / "site"
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n\n")
    (info / "entry_points.txt").write_text(f"[ala_policy]\n{name} = {name}\n")
    (site / f"{name}.py").write_text(textwrap.dedent(source))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), *sys.path])
    return env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ala_policy", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def dinner(tmp_path: Path) -> Path:
    path = tmp_path / "dinner.yaml"
    path.write_text(
        "id: dinner\ndate: 2026-03-01\nactor: {role: member}\n"
        "gift: {kind: meal, act: offered, pending_business: true}\n",
        encoding="utf-8",
    )
    return path


def test_a_plugin_that_exits_at_import_cannot_silence_the_run(tmp_path: Path, dinner: Path) -> None:
    env = _installed(tmp_path, "exiting", "import sys\nsys.exit(0)\n")
    done = _cli(env, "evaluate", str(dinner), "--fail-on", "prohibited")
    assert done.returncode == 1, done.stderr
    assert "dinner: PROHIBITED" in done.stdout
    assert "plugin 'exiting' failed to load: SystemExit: 0" in done.stderr
    strict = _cli(env, "evaluate", str(dinner), "--strict")
    assert strict.returncode == 2
    listed = _cli(env, "plugins")
    assert listed.returncode == 0
    assert "failed to load:" in listed.stdout
    assert "exiting" in listed.stdout


def test_a_plugin_whose_registration_raises_does_not_take_down_every_command(
    tmp_path: Path, dinner: Path
) -> None:
    source = """
        from ala_policy import hookimpl

        @hookimpl
        def ala_policy_register_formats(register):
            raise RuntimeError("no formats today")
    """
    env = _installed(tmp_path, "broken_formats", source)
    for args in (["evaluate", str(dinner)], ["plugins"], ["policies"], ["schema"]):
        done = _cli(env, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert "failed in ala_policy_register_formats" in _cli(env, "plugins").stdout


def test_an_evaluator_that_exits_cannot_change_the_exit_code(tmp_path: Path, dinner: Path) -> None:
    source = """
        import sys
        from ala_policy import hookimpl

        @hookimpl
        def ala_policy_evaluate_gift():
            sys.exit(0)
    """
    env = _installed(tmp_path, "exit_evaluator", source)
    done = _cli(env, "evaluate", str(dinner), "--fail-on", "prohibited")
    assert done.returncode == 1, done.stderr
    assert "Plugin 'exit_evaluator' failed" in done.stdout
    assert _cli(env, "evaluate", str(dinner), "--strict").returncode == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_timeout_on_the_command_line(tmp_path: Path, jobs: str) -> None:
    source = """
        from ala_policy import hookimpl

        @hookimpl
        def ala_policy_evaluate_gift():
            while True:
                pass
    """
    env = _installed(tmp_path, "spinner", source)
    batch = tmp_path / "batch.jsonl"
    lines = [
        f'{{"id": "s{i}", "actor": {{"role": "member"}}, '
        '"gift": {"kind": "meal", "act": "accepted"}}\n'
        for i in range(3)
    ]
    batch.write_text("".join(lines), encoding="utf-8")
    start = time.monotonic()
    done = _cli(env, "evaluate", str(batch), "--timeout", "0.2", "--jobs", jobs, "-f", "jsonl")
    assert time.monotonic() - start < 60
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('"error": "did not return within the scenario\'s 0.2 s') == 3


def test_a_hang_leaves_every_later_evaluator_unrun_as_the_docs_say() -> None:
    """The scenario's time is shared: an area decided before the hang keeps its finding; the
    built-in evaluator of the hung plugin's area and every area after it are "not run", as
    docs/scenarios.md says (not "the other areas are still decided")."""
    data = scenario(
        directory_use={"purpose": "seek_advice", "includes_solicitation": False},
        gift=GIFT,
        solicitation={"activity": "ask_for_advice", "markets_or_sells": False},
    )
    outcome = make_engine(("slow", Hangs())).evaluate(data, timeout=0.3)
    found = [(f.area, f.plugin, f.decision.value, f.error) for f in outcome.findings]
    assert found == [
        ("directory_use", "directory_use", "conditional", None),
        ("gift", "slow", "indeterminate", "did not return within the scenario's 0.3 s (--timeout)"),
        ("gift", "gift", "indeterminate", "not run: the scenario's 0.3 s ran out"),
        ("solicitation", "solicitation", "indeterminate", "not run: the scenario's 0.3 s ran out"),
    ]
    docs = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"
    flowing = " ".join(docs.read_text(encoding="utf-8").split())
    said = (
        '"did not return within the scenario\'s 2 s (--timeout)"',
        '"not run: the scenario\'s 2 s ran out": the later evaluators of its own area,',
        "the built-in one included",
        "and every evaluator of the areas after it.",
        "Only the areas decided before it keep their findings.",
    )
    assert [words for words in said if words not in flowing] == []
