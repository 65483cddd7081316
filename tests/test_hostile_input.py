"""Hostile input never ends a run with a traceback and never loses the scenarios after it:
each becomes a clear error result with file, line and field path, in every format, with
``--jobs`` or not (docs/scenarios.md, "Files" and "Errors")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ala_policy import Engine, ScenarioError
from ala_policy.cli import ExitCode, main
from ala_policy.inputs import MAX_DEPTH
from ala_policy.testing import make_engine, scenario

GIFT_SECTION = {"kind": "meal", "act": "offered"}

GOOD_LINE = (
    '{"id": "good", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}'
)
BIG = "9" * 5000


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def results(*args: str) -> list[dict[str, Any]]:
    done = run("evaluate", *args, "-f", "jsonl")
    assert "Traceback" not in done.output, done.output
    return [json.loads(line) for line in done.stdout.splitlines()]


def errors(found: list[dict[str, Any]]) -> list[tuple[str | None, int | None, str]]:
    return [
        (r["error"]["file"], r["error"]["line"], r["error"]["message"])
        for r in found
        if r["decision"] == "error"
    ]


# -- numbers too long to convert, in every format --------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "big.yaml",
            (
                "id: a\nactor: {role: member}\n"
                f"gift: {{kind: meal, act: offered, value_usd: {BIG}}}\n"
            ),
            3,
        ),
        (
            "big.toml",
            (
                f'id = "a"\n[actor]\nrole = "member"\n[gift]\nkind = "meal"\nact = "offered"\n'
                f"value_usd = {BIG}\n"
            ),
            7,
        ),
        (
            "big.json",
            (
                '{"id": "a", "actor": {"role": "member"},\n'
                f' "gift": {{"kind": "meal", "act": "offered", "value_usd": {BIG}}}}}\n'
            ),
            2,
        ),
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_number_too_long_is_an_error_and_the_run_goes_on(
    tmp_path: Path, name: str, text: str, line: int, jobs: str
) -> None:
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    good = tmp_path / "z.jsonl"
    good.write_text(GOOD_LINE + "\n", encoding="utf-8")
    found = results(str(bad), str(good), "--jobs", jobs)
    assert errors(found) == [(str(bad), line, "a number has more than 4,300 digits")]
    assert found[-1]["id"] == "good"


def test_a_number_too_long_in_json_lines(tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    big = GOOD_LINE.replace('"offered"}', f'"offered", "value_usd": {BIG}}}')
    batch.write_text(f"{big}\n{GOOD_LINE.replace('good', 'after')}\n", encoding="utf-8")
    for jobs in ("1", "2"):
        found = results(str(batch), "--jobs", jobs)
        assert errors(found) == [(str(batch), 1, "a number has more than 4,300 digits")]
        assert found[1]["id"] == "after"


@pytest.mark.parametrize(
    "value",
    [10**5000, 10**400, float("inf"), float("nan")],
    ids=["5000-digits", "400-digits", "inf", "nan"],
)
def test_the_library_raises_scenario_error_for_any_number(engine: Engine, value: Any) -> None:
    with pytest.raises(ScenarioError) as info:
        engine.evaluate(scenario(gift={"kind": "meal", "act": "offered", "value_usd": value}))
    assert info.value.path == "gift.value_usd"
    assert "int" not in info.value.message.split()  # no Python wording
    assert "convert" not in info.value.message


@pytest.mark.parametrize(
    ("text", "shown"), [("NaN", "NaN"), ("Infinity", "infinity"), ("-Infinity", "-infinity")]
)
def test_a_number_that_is_not_finite_is_named(
    engine: Engine, tmp_path: Path, text: str, shown: str
) -> None:
    """JSON's NaN and infinities (and YAML's .nan, .inf) are named as such, by the library
    and the CLI alike."""
    value = float(text)
    with pytest.raises(ScenarioError) as info:
        engine.evaluate(scenario(gift={"kind": "meal", "act": "offered", "value_usd": value}))
    assert info.value.message == f"expected a finite number, got {shown}"
    file = tmp_path / "s.json"
    file.write_text(
        '{"id": "s", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered", '
        f'"value_usd": {text}}}}}',
        encoding="utf-8",
    )
    done = CliRunner().invoke(main, ["evaluate", str(file)])
    assert f"expected a finite number, got {shown}" in done.output, done.output


# -- characters YAML refuses, and text that would reach the terminal raw ------------------------


@pytest.mark.parametrize("char", ["\x01", "\x7f", "\ufffe"])
def test_a_character_yaml_refuses_is_named_with_its_line(tmp_path: Path, char: str) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text(
        f"id: a\ntitle: x{char}y\nactor: {{role: member}}\ngift: {{kind: meal, act: offered}}\n",
        encoding="utf-8",
    )
    (tmp_path / "d.yaml").write_text(
        "id: d\nactor: {role: member}\ngift: {kind: meal, act: offered}\n", encoding="utf-8"
    )
    found = results(str(tmp_path))
    ((file, line, message),) = errors(found)
    assert (file, line) == (str(bad), 2)
    assert f"U+{ord(char):04X} is not allowed" in message
    assert found[-1]["id"] == "d"


SURROGATES = {
    "title": '{"id": "a", "title": "\\ud800", "actor": {"role": "member"}, '
    '"gift": {"kind": "meal", "act": "offered"}}',
    "key": '{"id": "a", "\\ud800": 1, "actor": {"role": "member"}, '
    '"gift": {"kind": "meal", "act": "offered"}}',
    "id": '{"id": "a\\ud800", "actor": {"role": "member"}, '
    '"gift": {"kind": "meal", "act": "offered"}}',
}


@pytest.mark.parametrize("where", sorted(SURROGATES))
@pytest.mark.parametrize(
    "command",
    [
        ["evaluate", "-f", "text"],
        ["evaluate", "-f", "markdown"],
        ["evaluate", "-f", "html"],
        ["evaluate", "-f", "junit"],
        ["evaluate", "-f", "json"],
        ["explain"],
        ["test"],
    ],
)
def test_a_lone_surrogate_is_written_as_an_escape(
    tmp_path: Path, where: str, command: list[str]
) -> None:
    path = tmp_path / "s.json"
    path.write_text(SURROGATES[where] + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ala_policy", *command, str(path)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1, 2)
    text = done.stdout.decode("utf-8")  # valid UTF-8: the surrogate went out escaped
    if command[-1] in ("text", "markdown") or command == ["explain"]:
        assert "\\ud800" in text


def test_control_characters_cannot_repaint_or_forge_a_line(tmp_path: Path) -> None:
    path = tmp_path / "forge.yaml"
    path.write_text(
        'id: f\ntitle: "ok\\r\\x1b[2Kf: PERMITTED\\nforged: PERMITTED"\nactor: {role: member}\n'
        "gift: {kind: meal, act: offered, pending_business: true}\n",
        encoding="utf-8",
    )
    for command in (["evaluate"], ["explain"], ["test"], ["evaluate", "-f", "markdown"]):
        out = run(*command, str(path)).stdout
        assert "\x1b" not in out
        assert "\r" not in out
        assert "\nforged" not in out
        if command in (["evaluate"], ["explain"]):
            assert "\\x1b[2Kf: PERMITTED\\x0aforged" in out


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xffname.yaml"), "wb") as handle:  # noqa: PTH118, PTH123
        handle.write(b"id: b\nactor: {role: member}\ngift: {kind: meal, act: offered}\n")
    for fmt in ("text", "markdown", "json", "html", "junit"):
        done = subprocess.run(
            [sys.executable, "-m", "ala_policy", "evaluate", str(tmp_path), "-f", fmt],
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert b"Traceback" not in done.stderr, done.stderr
        assert done.returncode == 0
        done.stdout.decode("utf-8")


# -- nesting, in every format, with --jobs or not ----------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_nesting_deeper_than_the_limit_in_every_format(tmp_path: Path, jobs: str) -> None:
    deep_json = '{"a": ' * 500 + "1" + "}" * 500
    (tmp_path / "a.json").write_text('{"id": "j",\n "x": ' + deep_json + "}\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text('id = "t"\nx = ' + "[" * 500 + "]" * 500 + "\n")
    (tmp_path / "c.jsonl").write_text(
        GOOD_LINE[:-1] + ', "x": ' + deep_json + "}\n" + GOOD_LINE.replace("good", "last") + "\n"
    )
    (tmp_path / "d.yaml").write_text("id: y\nx: " + "[" * 500 + "]" * 500 + "\n")
    found = results(str(tmp_path), "--jobs", jobs)
    messages = [message for _, _, message in errors(found)]
    assert messages == [f"nesting is deeper than {MAX_DEPTH} levels"] * 4
    assert found[-1]["id"] == "last" or found[-2]["id"] == "last"


# -- what is a scenario file at all ------------------------------------------------------------


def test_only_regular_files_are_read_from_a_folder(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "ok.yaml").write_text(
        "id: ok\nactor: {role: member}\ngift: {kind: meal, act: offered}\n", encoding="utf-8"
    )
    found = results(str(tmp_path))  # would hang on the FIFO or eat /dev/zero before
    assert [r["id"] for r in found if r["decision"] != "error"] == ["ok"]
    assert [m for _, _, m in errors(found)] == [
        "is not a regular file (a FIFO, device or socket, or a link to one): not read"
    ] * 2


def test_a_file_larger_than_the_limit_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    ((_, _, message),) = errors(results(str(link)))
    assert message.startswith("is larger than 64 MiB")


def test_a_json_lines_line_longer_than_the_limit(tmp_path: Path) -> None:
    batch = tmp_path / "long.jsonl"
    batch.write_text("x" * (1024 * 1024 + 10) + "\n" + GOOD_LINE + "\n", encoding="utf-8")
    found = results(str(batch))
    assert errors(found) == [(str(batch), 1, "the line is longer than 1,048,576 bytes")]
    assert found[1]["id"] == "good"


@pytest.mark.parametrize(
    "text",
    [
        "# yaml-language-server: $schema=./scenario.schema.json\n",
        "---\n# nothing\n---\n",
    ],
)
def test_a_file_of_comments_is_an_error_not_zero_scenarios(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["evaluate", "--fail-on", "prohibited"], ["test"]):
        done = run(*command, str(path))
        assert done.exit_code == 2, done.output
        assert "holds no scenario" in done.output


def test_a_trailing_document_separator_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "id: t\nactor: {role: member}\ngift: {kind: meal, act: offered}\n---\n", encoding="utf-8"
    )
    found = results(str(path))
    assert [r["id"] for r in found] == ["t"]
    assert not errors(found)


# -- JSON Lines as people write it -------------------------------------------------------------


def test_a_byte_order_mark_starts_the_file_only(tmp_path: Path) -> None:
    bom = "\ufeff"
    batch = tmp_path / "bom.jsonl"
    batch.write_text(
        bom + GOOD_LINE + "\n" + bom + GOOD_LINE.replace("good", "second") + "\n",
        encoding="utf-8",
    )
    found = results(str(batch))
    assert found[0]["id"] == "good"
    assert errors(found) == [
        (str(batch), 2, "a byte-order mark (U+FEFF) may only start the file, not a later line")
    ]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_any_line_ending(tmp_path: Path, ending: str) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_bytes(
        (GOOD_LINE + ending + GOOD_LINE.replace("good", "next") + ending).encode("utf-8")
    )
    found = results(str(batch))
    assert [r["id"] for r in found] == ["good", "next"]
    assert [r["source"]["line"] for r in found] == [1, 2]


# -- messages without Python internals ---------------------------------------------------------


def test_a_yaml_set_is_described_the_same_on_every_run(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        "id: s\nactor: {role: member}\ngift: {kind: meal, act: offered}\n"
        "title: !!set {c: null, a: null, b: null}\n",
        encoding="utf-8",
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "ala_policy", "evaluate", str(path), "-f", "html"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
            check=False,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert "got a set {'a', 'b', 'c'}" in run("evaluate", str(path)).stdout


@pytest.mark.parametrize(
    ("value", "valid"),
    [("2026-03-01", True), ("20260301", False), ("2026-W10-1", False), ("2026-3-1", False)],
)
def test_dates_are_exactly_yyyy_mm_dd_on_every_python(
    engine: Engine, value: str, valid: bool
) -> None:
    data = scenario(date=value, gift={"kind": "meal", "act": "offered"})
    if valid:
        assert engine.evaluate(data).date is not None
    else:
        with pytest.raises(ScenarioError, match="is not a valid date"):
            engine.evaluate(data)


def test_many_toml_errors_are_each_placed_on_their_line(tmp_path: Path) -> None:
    tables = [
        f'[[scenarios]]\nid = "s{i}"\n[scenarios.actor]\nrole = "member"\n'
        f'[scenarios.gift]\nkind = "pie"\nact = "offered"\n'
        for i in range(2000)
    ]
    path = tmp_path / "many.toml"
    path.write_text("".join(tables), encoding="utf-8")
    found = errors(results(str(path)))
    assert len(found) == 2000
    assert [line for _, line, _ in found[:3]] == [6, 13, 20]
    assert found[-1][1] == 7 * 1999 + 6


# -- what the property tests found (tests/test_properties.py, bugs A-H) ---------------------


def test_a_value_nested_deep_or_holding_itself_is_described_briefly() -> None:
    """Bug A: describing a rejected value recursed without a bound."""
    engine = make_engine()
    deep: Any = "x"
    for _ in range(500):
        deep = [deep]
    with pytest.raises(ScenarioError) as caught:
        engine.evaluate({"id": deep, "actor": {"role": "member"}, "gift": GIFT_SECTION})
    assert caught.value.path == "id"
    assert caught.value.message == "expected a string, got a list [[[...]]]"
    itself: list[Any] = []
    itself.append(itself)
    with pytest.raises(ScenarioError, match=r"expected a string, got a list \[\[\[\.\.\.\]\]\]"):
        engine.evaluate(
            {"id": "a", "title": itself, "actor": {"role": "member"}, "gift": GIFT_SECTION}
        )


def test_any_mapping_is_a_scenario() -> None:
    """Bug B: only a dict was accepted at the top level."""
    from collections import ChainMap, OrderedDict
    from types import MappingProxyType

    engine = make_engine()
    data = {"id": "a", "actor": {"role": "member"}, "gift": GIFT_SECTION}
    expected = engine.evaluate(data)
    for kind in (MappingProxyType, ChainMap, OrderedDict):
        assert engine.evaluate(kind(data)) == expected


@pytest.mark.parametrize("value", [object(), int, len, Ellipsis, b"\x00"])
def test_a_value_of_no_scenario_kind_is_named_by_its_kind_only(value: Any) -> None:
    """Bug C: such values were shown by their repr, Python internals and all."""
    with pytest.raises(ScenarioError) as caught:
        make_engine().evaluate(
            {"id": "a", "title": value, "actor": {"role": "member"}, "gift": GIFT_SECTION}
        )
    message = caught.value.message
    assert message in (
        "expected a string, got a value of another kind",
        "expected a string, got binary data",
    )
    assert "<" not in message
    assert "0x" not in message


def test_an_integer_key_too_long_to_print_is_named_by_its_size() -> None:
    """Bug D: str() of the key raised ValueError."""
    engine = make_engine()
    scenario: dict[Any, Any] = {"id": "a", "actor": {"role": "member"}}
    scenario.update({"gift": GIFT_SECTION, 10**5000: 1})
    with pytest.raises(ScenarioError) as caught:
        engine.evaluate(scenario)
    assert caught.value.path == "(a number of about 5,001 digits)"
    with pytest.raises(ScenarioError) as caught:
        engine.evaluate(
            {"id": "a", "actor": {"role": "member"}, "gift": {**GIFT_SECTION, 10**5000: 1}}
        )
    assert caught.value.path == "gift.(a number of about 5,001 digits)"


@pytest.mark.parametrize(
    "key", ["0x" + "f" * 4000, "1" + ":5" * 3000], ids=["hexadecimal", "base-60"]
)
def test_a_yaml_integer_key_too_long_to_print_is_refused(tmp_path: Path, key: str) -> None:
    """Bug D from a file: the digit limit counted only the decimal digits written."""
    for body in (f"? {key}\n: 1\nid: a\n", f"scenarios: []\n? {key}\n: 1\n"):
        target = tmp_path / "key.yaml"
        target.write_text(body, encoding="utf-8")
        result = CliRunner().invoke(main, ["evaluate", str(target)])
        assert result.exit_code == ExitCode.USAGE
        assert "a number has more than 4,300 digits" in result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "disguise",
    ["# don't\n", "path = 'C:\\'\n", 'note = """ a " quote "" """\n', "note = '''it's'''\n"],
    ids=["comment", "literal-backslash", "multi-line-basic", "multi-line-literal"],
)
def test_toml_nesting_is_counted_past_comments_and_strings(tmp_path: Path, disguise: str) -> None:
    """Bug E: quotes read by JSON's rules hid the brackets after them."""
    target = tmp_path / "deep.toml"
    target.write_text(
        disguise
        + 'id = "a"\nactor = {role = "member"}\n'
        + f'title = {"[" * 420}{"]" * 420}\n[gift]\nkind = "meal"\nact = "offered"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(target)])
    assert result.exit_code == ExitCode.USAGE
    assert f"deep.toml:{disguise.count(chr(10)) + 3}: nesting is deeper than 64 levels" in (
        result.output
    )


def test_yaml_aliases_cannot_nest_past_the_limit(tmp_path: Path) -> None:
    """Bug F: an alias added the depth of what it names, unseen."""
    chain = ", ".join(
        ["&a0 x"] + [f"&a{i} " + "[" * 40 + f"*a{i - 1}" + "]" * 40 for i in range(1, 30)]
    )
    target = tmp_path / "aliases.yaml"
    target.write_text(
        f"id: a\nactor: {{role: member}}\ngift: {{kind: meal, act: offered, giver: [{chain}]}}\n"
        "title: *a29\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(target)])
    assert result.exit_code == ExitCode.USAGE
    assert "nesting is deeper than 64 levels (through YAML aliases)" in result.output
    assert "Traceback" not in result.output


def test_a_fact_of_a_str_subclass_is_read_as_the_str() -> None:
    """Bug G: an enumerated fact refused a str subclass equal to an allowed word."""
    import enum

    class Kind(str, enum.Enum):
        MEAL = "meal"

    class Word(str):
        pass

    engine = make_engine()
    plain = engine.evaluate({"id": "a", "actor": {"role": "member"}, "gift": GIFT_SECTION})
    for meal in (Word("meal"), Kind.MEAL):
        outcome = engine.evaluate(
            {"id": "a", "actor": {"role": "member"}, "gift": {**GIFT_SECTION, "kind": meal}}
        )
        assert outcome == plain


@pytest.mark.parametrize("parts", [100, 100_000])
@pytest.mark.parametrize("where", ["key", "header"])
def test_toml_dotted_keys_cannot_nest_past_the_limit(
    tmp_path: Path, parts: int, where: str
) -> None:
    """Bug H: dotted keys and table headers nested without a bound, at a cost growing with
    the square of their parts (100,000 parts ran out of memory)."""
    dotted = "title." + ".".join(["a"] * parts)
    line = f"{dotted} = 1\n" if where == "key" else f"[{dotted}]\nb = 1\n"
    target = tmp_path / "dotted.toml"
    target.write_text(
        'id = "a"\nactor = {role = "member"}\ngift = {kind = "meal", act = "offered"}\n' + line,
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(target)])
    assert result.exit_code == ExitCode.USAGE
    assert "dotted.toml:4: nesting is deeper than 64 levels" in result.output


def test_toml_dotted_keys_within_the_limit_and_decimals_are_read(tmp_path: Path) -> None:
    target = tmp_path / "ok.toml"
    target.write_text(
        'id = "a"\nactor = {role = "member"}\n'
        "gift.kind = 'meal'\ngift.act = 'offered'\ngift.value_usd = "
        "1.5\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(target)])
    assert result.exit_code == ExitCode.OK, result.output
