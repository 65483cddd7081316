"""Bad input: one clear line naming file, line and field; exit 2; the rest still decided."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ala_policy.cli import main
from ala_policy.inputs import MAX_DEPTH

GOOD = {
    "id": "good",
    "actor": {"role": "member"},
    "gift": {"kind": "meal", "act": "offered", "pending_business": False, "may_influence": False},
}


def run(*args: str, input: bytes | None = None) -> Any:  # noqa: A002 - click's name
    result = CliRunner().invoke(main, ["evaluate", "--format", "jsonl", *args], input=input)
    results = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result, results


def errors(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["error"] for r in results if r["decision"] == "error"]


BAD_YAML_SCENARIOS = [
    # (yaml scenario body lines, expected path, expected line within the file, message part)
    ("gift: {kind: meal, act: gifted}", "scenarios[1].gift.act", 7, "is not one of: offered"),
    (
        "gift: {kind: meal, act: offered, colour: red}",
        "scenarios[1].gift.colour",
        7,
        "unknown field",
    ),
    ("gifts: {kind: meal}", "scenarios[1].gifts", 7, "unknown key"),
    (
        "gift: {kind: meal, act: offered, pending_business: 'yes'}",
        "scenarios[1].gift.pending_business",
        7,
        "expected true or false",
    ),
    (
        "gift: {kind: meal, act: offered, value_usd: lots}",
        "scenarios[1].gift.value_usd",
        7,
        "expected a number",
    ),
    (
        "date: 2026-02-30\n    gift: {kind: meal, act: offered}",
        "scenarios[1].date",
        7,
        "not a valid date",
    ),
    ("title: Only an envelope", "scenarios[1]", 5, "no area section"),
    (
        "expect: {decision: forbidden}\n    gift: {kind: meal, act: offered}",
        "scenarios[1].expect.decision",
        7,
        "is not one of",
    ),
    (
        "expect: permitted\n    gift: {kind: meal, act: offered}",
        "scenarios[1].expect",
        7,
        "expected a mapping, got a string 'permitted'",
    ),
    (
        "expect: [permitted]\n    gift: {kind: meal, act: offered}",
        "scenarios[1].expect",
        7,
        "expected a mapping, got a list",
    ),
]


@pytest.mark.parametrize(("body", "path", "line", "message"), BAD_YAML_SCENARIOS)
def test_invalid_scenario_is_named_by_file_line_and_path(
    tmp_path: Path, body: str, path: str, line: int, message: str
) -> None:
    file = tmp_path / "s.yaml"
    file.write_text(
        "scenarios:\n"
        "  - id: first\n"
        "    actor: {role: member}\n"
        "    gift: {kind: meal, act: offered, pending_business: true}\n"
        "  - id: second\n"
        "    actor: {role: member}\n"
        f"    {body}\n"
        "  - id: third\n"
        "    actor: {role: member}\n"
        "    gift: {kind: meal, act: offered, may_influence: false, pending_business: false}\n",
        encoding="utf-8",
    )
    result, results = run(str(file))
    assert result.exit_code == 2
    assert [r["id"] for r in results] == ["first", "second", "third"]
    assert [r["decision"] for r in results] == ["prohibited", "error", "permitted"]
    (error,) = errors(results)
    assert error["path"] == path
    assert error["line"] == line
    assert error["file"] == str(file)
    assert message in error["message"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("missing", "path"), [("id", "scenarios[0].id"), ("actor", "scenarios[0].actor")]
)
def test_missing_id_or_actor(tmp_path: Path, missing: str, path: str) -> None:
    data = dict(GOOD)
    del data[missing]
    file = tmp_path / "s.json"
    file.write_text(json.dumps({"scenarios": [data]}, indent=2), encoding="utf-8")
    result, results = run(str(file))
    assert result.exit_code == 2
    (error,) = errors(results)
    assert error["path"] == path
    assert error["message"] == "is required"
    assert error["line"] == 3  # the scenario's opening brace: the field is absent


def test_text_output_is_one_clear_line_per_error(tmp_path: Path) -> None:
    file = tmp_path / "s.yaml"
    file.write_text(
        "id: x\nactor: {role: member}\ngift: {kind: meal, act: gifted}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["evaluate", str(file)])
    assert result.exit_code == 2
    assert (
        f"{file}:3: gift.act: 'gifted' is not one of: offered, accepted, solicited" in result.output
    )
    assert "Traceback" not in result.output


def test_duplicate_ids_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(GOOD), encoding="utf-8")
    result, results = run(str(tmp_path))
    assert result.exit_code == 2
    assert [r["decision"] for r in results] == ["permitted", "error"]
    assert "duplicate id 'good'" in results[1]["error"]["message"]
    assert results[1]["error"]["file"].endswith("b.json")


@pytest.mark.parametrize(
    ("name", "content", "message", "line"),
    [
        ("syntax.yaml", b"id: a\nactor: {role: member\ngift: {}\n", "YAML syntax error", 3),
        ("syntax.json", b'{"id": "a",\n "actor": }', "JSON syntax error", 2),
        ("syntax.toml", b'id = "a"\nactor = {role = }\n', "TOML syntax error", 2),
        ("empty.yaml", b"", "is empty", None),
        ("blank.json", b"  \n\n", "is empty", None),
        ("binary.yaml", b"id: x\x00\x01\x02", "binary file", None),
        ("latin1.yaml", b"id: caf\xe9\n", "not UTF-8", 1),
        ("dupkey.yaml", b"id: a\nid: b\n", "duplicate key 'id'", 2),
        ("dupkey.json", b'{"id": "a", "id": "b"}', "duplicate key 'id'", None),
        ("notes.txt", b"hello", "unsupported file type '.txt'", None),
        ("scalar.yaml", b"just words\n", "a scenario is a mapping", 1),
    ],
)
def test_unreadable_files(
    tmp_path: Path, name: str, content: bytes, message: str, line: int | None
) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    result, results = run(str(file))
    assert result.exit_code == 2
    (error,) = errors(results)
    assert message in error["message"]
    assert error["line"] == line
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # a trailing comma in a file of several lines: its line and its column (Python 3.13's
        # json points at the comma itself, earlier ones at what follows it)
        (
            "comma.json",
            b'{\n  "id": "a",\n}\n',
            (2, "JSON syntax error (column 12): Illegal trailing comma")
            if sys.version_info >= (3, 13)
            else (3, "JSON syntax error (column 1): Expecting property name"),
        ),
        # a file cut off after a comma: just after the comma, not on the empty line after it
        (
            "cut.json",
            b'{\n "id": "a",\n',
            (2, "JSON syntax error (column 12): Expecting property name"),
        ),
        # a JSON Lines line cut off at its end: the column where the rest is missing
        ("cut.jsonl", b'{"id":"b",\n', (1, "JSON syntax error (column 11): Expecting property")),
        (
            "comma.jsonl",
            b'{"id":"b",}\n',
            (1, "JSON syntax error (column 10): Illegal trailing comma")
            if sys.version_info >= (3, 13)
            else (1, "JSON syntax error (column 11): Expecting property"),
        ),
        (
            "table.toml",
            b'id = "a"\nactor = {role = "member",\n',
            (2, "TOML syntax error (column 26): Invalid initial character"),
        ),
        (
            "cut.toml",
            b'id = "a"\nactor = {role = "m"',
            (2, "TOML syntax error (column 20): Unclosed"),
        ),
        ("flow.yaml", b"id: a\nactor: [member\ngift: {}\n", (3, "YAML syntax error (column 5): ")),
    ],
)
def test_syntax_errors_give_line_and_column_alike_in_every_format(
    tmp_path: Path, name: str, content: bytes, expected: tuple[int, str]
) -> None:
    """Every format says where a syntax error is the same way: ``file:LINE: FORMAT syntax
    error (column N): what``; a text cut off is shown where it stops."""
    file = tmp_path / name
    file.write_bytes(content)
    result, results = run(str(file))
    assert result.exit_code == 2
    (error,) = errors(results)
    line, start = expected
    assert (error["line"], error["message"][: len(start)]) == (line, start)


def test_missing_path(tmp_path: Path) -> None:
    result, results = run(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert errors(results)[0]["message"] == "no such file or directory"


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    file = tmp_path / "bomb.yaml"
    file.write_text("\n".join(lines) + "\nid: x\nactor: {role: member}\n", encoding="utf-8")
    result, results = run(str(file))
    assert result.exit_code == 2
    (error,) = errors(results)
    assert "YAML aliases expand to" in error["message"]


def test_self_referencing_yaml_alias(tmp_path: Path) -> None:
    file = tmp_path / "loop.yaml"
    file.write_text("id: x\nactor: &a {role: member, again: *a}\n", encoding="utf-8")
    result, results = run(str(file))
    assert result.exit_code == 2
    assert "refers to itself" in errors(results)[0]["message"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.yaml", "id: x\ntitle: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("deep.json", '{"id": "x",\n"title": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.toml", 'id = "x"\ntitle = ' + "[" * 5000 + "]" * 5000 + "\n"),
        ("deep.jsonl", '{"id": "x", "title": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
    ],
)
def test_nesting_thousands_deep(tmp_path: Path, name: str, text: str) -> None:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    result, results = run(str(file))
    assert result.exit_code == 2
    (error,) = errors(results)
    assert error["message"] in (f"nesting is deeper than {MAX_DEPTH} levels",) or (
        "expected a string" in error["message"]
    )
    assert error["line"] == (1 if name.endswith("jsonl") else 2)


def test_jsonl_stream_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    good2 = {**GOOD, "id": "good-2"}
    stream = "\n".join(
        [
            json.dumps(GOOD),
            "{not json",
            "",
            "[1, 2]",
            json.dumps({**GOOD, "id": 5}),
            json.dumps(good2),
        ]
    ).encode()
    result, results = run("-", input=stream)
    assert result.exit_code == 2
    assert [r["decision"] for r in results] == ["permitted", "error", "error", "error", "permitted"]
    assert [e["line"] for e in errors(results)] == [2, 4, 5]
    assert errors(results)[2]["path"] == "id"


def test_empty_stdin_is_an_error() -> None:
    result, results = run("-", input=b"")
    assert result.exit_code == 2
    assert "is empty" in errors(results)[0]["message"]


def test_toml_errors_name_their_line(tmp_path: Path) -> None:
    file = tmp_path / "s.toml"
    file.write_text(
        '[[scenarios]]\nid = "t1"\nactor = { role = "member" }\n[scenarios.gift]\n'
        'kind = "meal"\nact = "offered"\n\n'
        '[[scenarios]]\nid = "t2"\nactor = { role = "member" }\n[scenarios.gift]\n'
        'kind = "meal"\nact = "offered"\npending_business = "no"\n',
        encoding="utf-8",
    )
    result, results = run(str(file))
    assert result.exit_code == 2
    (error,) = errors(results)
    assert (error["path"], error["line"]) == ("scenarios[1].gift.pending_business", 14)


@pytest.mark.parametrize(
    "keys",
    [("id", "actor", "date", "title"), ("title", "date", "actor", "id")],
    ids=["declared order", "reversed"],
)
def test_the_first_error_does_not_depend_on_key_order(keys: tuple[str, ...]) -> None:
    """Several envelope fields are wrong: the one reported is the first in declared order."""
    from ala_policy import FieldError
    from ala_policy._parsing import structure_scenario
    from ala_policy.testing import make_engine

    bad = {"id": 5, "actor": {"role": "x"}, "date": "nope", "title": 1}
    data: dict[str, Any] = {key: bad[key] for key in keys}
    data["gift"] = {"kind": "meal", "act": "offered"}
    with pytest.raises(FieldError) as caught:
        structure_scenario(data, make_engine().areas)
    assert caught.value.parts == ["id"]


def test_any_mapping_is_a_mapping_to_the_library() -> None:
    from collections import OrderedDict

    from ala_policy.testing import make_engine

    outcome = make_engine().evaluate(
        {**GOOD, "actor": OrderedDict(role="member"), "expect": OrderedDict(decision="permitted")}
    )
    assert outcome.decision.value == "permitted"
