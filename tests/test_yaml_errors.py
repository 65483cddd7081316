"""YAML problems in words a chapter administrator understands, with their line and column.

Every problem PyYAML's scanner, parser, composer and safe constructor can raise has plain
words (the inventory below is read from PyYAML's own source, so a new PyYAML release with a
new message fails here first), and broken files read through the CLI say what is wrong and
where, without the parser's jargon.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ala_policy._yaml_problems import yaml_problem
from ala_policy.cli import main

#: What a reader should never see: PyYAML's token names and parser states.
JARGON = re.compile(
    r"<block|<document|<stream|<scalar|token|while (scanning|parsing|constructing)|"
    r"but found|but got|simple key|flow (sequence|mapping)|node content|scalar|constructor"
)
FALLBACK = "the file is not valid YAML here"
YAML_SOURCE = Path(yaml.__file__).parent


#: The names PyYAML puts in its ``%s`` contexts (``"while scanning an %s" % name``).
CONTEXT_NAMES = {
    "while scanning an %s": ("anchor", "alias"),
    "while scanning a %s": ("tag", "directive"),
    "while parsing a %s": ("tag", "directive"),
    "while parsing a %s node": ("block", "flow"),
}


def _texts(node: ast.expr | None) -> list[str]:
    """A message argument as text: a literal, or a ``'...%r...' % x`` with x shown as 'x'
    (a context naming what was scanned: once for each name PyYAML gives it)."""
    if node is None:
        return [""]
    if isinstance(node, ast.Constant):
        return [node.value if isinstance(node.value, str) else ""]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        (template,) = _texts(node.left)
        if template in CONTEXT_NAMES:
            return [template % name for name in CONTEXT_NAMES[template]]
        return [re.sub(r"%[rsd]", "'x'", template)]
    return []


def pyyaml_problems() -> list[tuple[str, str, str]]:
    """(module, context, problem) of every error PyYAML's loader stages raise with a message."""
    found = []
    for module in ("scanner", "parser", "composer", "constructor"):
        tree = ast.parse((YAML_SOURCE / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else ""
            if not name.endswith("Error") or len(node.exc.args) < 3:
                continue
            # str(exc) of a nested error is a URI escape that is not UTF-8
            problems = _texts(node.exc.args[2]) or ["expected URI escape sequence"]
            for context in _texts(node.exc.args[0]):
                for problem in problems:
                    if module == "constructor" and "Python" in context + problem:
                        continue  # the unsafe constructors: never used to read scenarios
                    if "instance state" not in problem:
                        found.append((module, context, problem))
    return found


PROBLEMS = pyyaml_problems()


def test_the_inventory_is_read_from_pyyaml() -> None:
    modules = {module for module, _, _ in PROBLEMS}
    assert modules == {"scanner", "parser", "composer", "constructor"}
    assert len(PROBLEMS) > 50
    assert any("expected <block end>" in problem for _, _, problem in PROBLEMS)


@pytest.mark.parametrize(
    ("context", "problem"),
    [pytest.param(c, p, id=f"{m}: {c} / {p}") for m, c, p in PROBLEMS],
)
def test_every_pyyaml_problem_has_plain_words(context: str, problem: str) -> None:
    mark = yaml.Mark("s.yaml", 40, 3, 6, None, 0)
    opened = yaml.Mark("s.yaml", 10, 1, 4, None, 0)
    error = yaml.MarkedYAMLError(context or None, opened if context else None, problem, mark)
    message, line = yaml_problem(error)
    assert FALLBACK not in message
    assert not JARGON.search(message.lower()), message
    assert re.match(r"YAML syntax error \(column \d+\): \S", message)
    assert line in (2, 4)


def test_an_unknown_problem_still_reads_plainly() -> None:
    mark = yaml.Mark("s.yaml", 0, 0, 0, None, 0)
    message, line = yaml_problem(yaml.MarkedYAMLError(None, None, "something new", mark))
    assert message == f"YAML syntax error (column 1): {FALLBACK}"
    assert line == 1


def errors(tmp_path: Path, text: str) -> list[dict[str, object]]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--format", "jsonl", str(path)])
    assert result.exit_code == 2, result.output
    return [json.loads(line)["error"] for line in result.stdout.splitlines()]


#: (broken file, line, column, what the message says)
BROKEN = [
    pytest.param(
        "id: a\nactor:\n    role: member\n  member: true\ngift: {kind: meal}\n",
        4,
        3,
        "the indentation does not line up with the lines above",
        id="key-indented-less-than-its-neighbours",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\n gift: {kind: meal}\n",
        3,
        2,
        "the indentation does not line up with the lines above",
        id="top-level-key-indented",
    ),
    pytest.param(
        "id: a\nactor:\n  role: member\ngift:\n  kind: meal\n   act: offered\n",
        6,
        7,
        "a 'key: value' indented under a line that already has its value",
        id="key-indented-more-than-its-neighbours",
    ),
    pytest.param(
        "id: a\ntitle: Re: the vendor dinner\nactor: {role: member}\n",
        2,
        10,
        "a second ': ' on one line: put the value in quotes",
        id="colon-in-a-title",
    ),
    pytest.param(
        "id: a\nactor:\n\trole: member\n",
        3,
        1,
        "a tab character: indent with spaces, never tabs",
        id="tab",
    ),
    pytest.param(
        "id: a\ntitle: 'Lunch with the vendor\nactor: {role: member}\n",
        2,
        8,
        "a quote that opens here is never closed",
        id="unclosed-quote",
    ),
    pytest.param(
        "id: a\nactor: {role: member\ngift: {kind: meal}\n",
        3,
        5,
        "the mapping in {braces} that opens on line 2, column 8 is not closed with '}'",
        id="unclosed-brace",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\nexpect: {decision: prohibited, cites: [code/III.C}\n",
        3,
        50,
        "the list in [brackets] that opens on line 3, column 39 is not closed with ']'",
        id="unclosed-bracket",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\ngift:\n  kind: meal\n  act offered\n",
        5,
        3,
        "a line that is not 'key: value': add ': ' after the key",
        id="missing-colon",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\nexpect:\n  cites: - code/III.C\n",
        4,
        10,
        "a list item ('- ') on the same line as its key",
        id="list-item-on-the-key's-line",
    ),
    pytest.param(
        "id: a\ntitle: *urgent* vendor dinner\nactor: {role: member}\n",
        2,
        8,
        "text starting with '*' (which YAML reads as an alias, *name): put the value in quotes",
        id="asterisk",
    ),
    pytest.param(
        "id: a\ntitle: @vendor dinner\nactor: {role: member}\n",
        2,
        8,
        "the character '@' cannot start a value: put the value in quotes",
        id="at-sign",
    ),
    pytest.param(
        'id: a\ntitle: "C:\\dinner"\nactor: {role: member}\n',
        2,
        12,
        'a backslash in "double quotes" that starts no escape YAML knows (\\d)',
        id="backslash-in-double-quotes",
    ),
    pytest.param(
        "- id: a\n  actor: {role: member}\nid: b\n",
        3,
        1,
        "a 'key: value' line where the next list item ('- ') was expected",
        id="key-after-a-list",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\ngift: !!python/object:os.system {}\n",
        3,
        7,
        "the tag !!python/object:os.system is not allowed in a scenario file",
        id="python-tag",
    ),
    pytest.param(
        "id: a\ntitle: |x\n  dinner\nactor: {role: member}\n",
        2,
        8,
        "a '|' or '>' (a block of text) with something after it on its line",
        id="block-scalar-header",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\ngift: *details\n",
        3,
        7,
        "an alias (*details) with no anchor (&details) before it",
        id="undefined-alias",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\nexpect: {cites: [\n",
        4,
        1,
        "the file ends inside a '[' or '{' that is never closed",
        id="file-ends-in-brackets",
    ),
    pytest.param(
        "id: a\nactor: {role: member}\n]\n",
        3,
        1,
        "a closing ']' with no '[' before it",
        id="stray-bracket",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), BROKEN)
def test_broken_yaml_files_say_what_and_where(
    tmp_path: Path, text: str, line: int, column: int, words: str
) -> None:
    (error,) = errors(tmp_path, text)
    message = str(error["message"])
    assert error["line"] == line, message
    assert message.startswith(f"YAML syntax error (column {column}): "), message
    assert words in message
    assert not JARGON.search(message.lower()), message


def test_a_refused_character_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    (error,) = errors(tmp_path, "id: a\ntitle: din\x07ner\nactor: {role: member}\n")
    assert error["line"] == 2
    assert str(error["message"]).startswith(
        "the character U+0007 is not allowed in a YAML file (column 11; "
    )


# -- YAML 1.1 booleans: on, off, yes, no --------------------------------------------------

_UNQUOTED = "YAML reads an unquoted on, off, yes or no as true or false; put the value in quotes"

YAML_WORD_SCENARIOS = """\
scenarios:
  - id: on
    actor: {role: member}
    gift: {kind: meal, act: offered}
  - id: words-where-booleans-go
    title: YES
    actor: {role: member, member: Yes}
    gift: {kind: meal, act: offered, pending_business: yes, may_influence: Off}
  - id: a-word-in-an-enumeration
    actor: {role: member}
    gift: {kind: meal, act: offered}
    expect: {decision: No, cites: [off]}
  - id: booleans-are-booleans-where-written-so
    title: true
    actor: {role: member}
    gift: {kind: meal, act: offered}
  - id: booleans-as-words-where-they-belong
    actor: {role: staff, member: no}
    gift: {kind: meal, act: offered, pending_business: On, may_influence: NO}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unquoted_on_off_yes_no_where_text_goes_say_why_they_are_booleans(
    tmp_path: Path, jobs: str
) -> None:
    """YAML 1.1 reads an unquoted on/off/yes/no (any case) as a boolean: where a boolean fact
    is expected that still works; where text is (an id, a title, a decision), the error says
    why a boolean came and what to write, instead of only "got a boolean true"."""
    path = tmp_path / "words.yaml"
    path.write_text(YAML_WORD_SCENARIOS, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "-f", "jsonl", "--jobs", jobs, str(path)])
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    errors = [(o["error"]["path"], o["error"]["message"]) for o in outcomes if "error" in o]
    assert errors == [
        (
            "scenarios[0].id",
            f'expected a string, got a boolean true: {_UNQUOTED} ("on") to give it as text',
        ),
        (
            "scenarios[1].title",
            f'expected a string, got a boolean true: {_UNQUOTED} ("YES") to give it as text',
        ),
        (
            "scenarios[2].expect.decision",
            (
                "false is not one of: not_applicable, permitted, conditional, indeterminate, "
                f'prohibited, error: {_UNQUOTED} ("No") to give it as text'
            ),
        ),
        ("scenarios[3].title", "expected a string, got a boolean true"),
    ]
    assert outcomes[-1]["id"] == "booleans-as-words-where-they-belong"
    assert outcomes[-1]["decision"] == "prohibited"  # pending_business: On is true
    assert result.exit_code == 2


def test_a_json_true_where_text_goes_says_nothing_of_yaml(tmp_path: Path) -> None:
    path = tmp_path / "true.json"
    path.write_text('{"id": true, "actor": {"role": "member"}, "gift": {}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "-f", "jsonl", str(path)])
    assert json.loads(result.stdout)["error"]["message"] == "expected a string, got a boolean true"
