"""``ala-policy ask``: the interview, through click's CliRunner, and its questions."""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import attrs
import click
import pytest
import yaml
from click.testing import CliRunner, Result

import ala_policy.commands.ask
from ala_policy import Area, Engine, FieldError, hookimpl, hookspec
from ala_policy.cli import ExitCode, main
from ala_policy.commands.ask import OMIT, Question, questions
from ala_policy.testing import make_engine

# role, title, date
ENVELOPE = ["", "Dinner during a bid", "2026-03-01"]
# kind, act, beneficiary, giver, pending_business, may_influence, value_usd
GIFT_PROHIBITED = ["meal", "offered", "", "prospective_vendor", "yes", "", "180"]


def ask(*args: str, answers: list[str]) -> Result:
    return CliRunner().invoke(main, ["ask", *args], input="\n".join(answers) + "\n")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_command_is_registered() -> None:
    assert main.get_command(click.Context(main), "ask") is ala_policy.commands.ask.ask_command


def test_gift_interview_is_decided_and_written(in_tmp: Path, engine: Engine) -> None:
    result = ask("gift", answers=ENVELOPE + GIFT_PROHIBITED)
    assert result.exit_code == ExitCode.OK, result.output
    out = result.output
    assert "(1/7) kind: what is given" in out
    assert "gift-2026-03-01: PROHIBITED  (Dinner during a bid)" in out
    assert "code/III.C" in out
    assert "Wrote gift-2026-03-01.yaml. Decide it again with:" in out
    assert "ala-policy evaluate gift-2026-03-01.yaml" in out

    path = in_tmp / "gift-2026-03-01.yaml"
    text = path.read_text(encoding="utf-8")
    # the header holds no day of writing: the same answers write the same file on any day
    assert text.startswith(
        "# Scenario written by `ala-policy ask`.\n"
        "# Its decision under the policies in force on 2026-03-01: prohibited.\n"
        "# Decide it again with:\n#   ala-policy evaluate gift-2026-03-01.yaml\n"
    )
    data = yaml.safe_load(text)
    assert data == {
        "id": "gift-2026-03-01",
        "title": "Dinner during a bid",
        "date": datetime.date(2026, 3, 1),
        "actor": {"role": "member"},
        "gift": {
            "kind": "meal",
            "act": "offered",
            "giver": "prospective_vendor",
            "pending_business": True,
            "value_usd": 180,
        },
    }
    assert make_engine().evaluate(data).decision.value == "prohibited"
    # the file is a scenario the evaluate command reads as it is
    again = CliRunner().invoke(main, ["evaluate", str(path), "--fail-on", "prohibited"])
    assert again.exit_code == ExitCode.FAILED, again.output


def test_unknown_answers_are_left_out_and_listed_as_missing(in_tmp: Path) -> None:
    # pending_business and may_influence unknown, typed as "unknown" and as Enter
    answers = [*ENVELOPE, "gift", "accepted", "", "vendor", "unknown", "", ""]
    result = ask("gift", "--output", "mug.yaml", answers=answers)
    assert result.exit_code == ExitCode.OK, result.output
    assert "mug: INDETERMINATE" in result.output
    assert "Missing facts:" in result.output
    assert "gift.pending_business" in result.output
    data = yaml.safe_load((in_tmp / "mug.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "mug"  # the id follows the file name
    assert data["gift"] == {"kind": "gift", "act": "accepted", "giver": "vendor"}
    outcome = make_engine().evaluate(data)
    assert outcome.decision.value == "indeterminate"
    assert "gift.pending_business" in outcome.findings[0].missing_facts


def test_invalid_answers_are_asked_again(in_tmp: Path) -> None:
    answers = [
        "boss",  # role
        "",
        "",
        "1st of March",  # date
        "2026-03-01",
        "banana",  # kind
        "meal",
        "99",  # act: out of range
        "2",  # act by number: accepted
        "",
        "",
        "maybe",  # pending_business
        "no",
        "n",
        "-5",  # value_usd: the field's validator says no
        "lots",
        "$1,200",
    ]
    result = ask("gift", answers=answers)
    assert result.exit_code == ExitCode.OK, result.output
    out = result.output
    assert "Error: 'boss' is not one of" in out
    assert "Error: '1st of March' is not a date" in out
    assert "Error: 'banana' is not one of the answers above" in out
    assert "Error: '99' is not one of offered, accepted, solicited" in out
    assert "Error: answer yes/no/unknown, not 'maybe'" in out
    assert "Error: must be 0 or more, not -5" in out
    assert "Error: 'lots' is not a number" in out
    assert "gift-2026-03-01: PERMITTED" in out
    data = yaml.safe_load((in_tmp / "gift-2026-03-01.yaml").read_text(encoding="utf-8"))
    assert data["gift"] == {
        "kind": "meal",
        "act": "accepted",
        "pending_business": False,
        "may_influence": False,
        "value_usd": 1200,
    }


#: The order ``ask`` and the web page offer the built-in areas in: the design card's four,
#: then the others by name (docs/scenarios.md, "ala-policy ask").
MENU_ORDER = [
    "gift",
    "conflict_of_interest",
    "directory_use",
    "solicitation",
    "certification",
    "confidential_information",
    "governance",
    "reporting",
    "workplace",
]


def test_area_chosen_by_number(in_tmp: Path) -> None:
    result = ask(answers=["1", *ENVELOPE, *GIFT_PROHIBITED])
    assert result.exit_code == ExitCode.OK, result.output
    assert "Which area does the conduct concern?" in result.output
    listed = re.findall(r"^  (\d+)\. (\w+): ", result.output, re.MULTILINE)
    assert listed == [(str(n), name) for n, name in enumerate(MENU_ORDER, 1)]
    assert "1. gift: Gift acceptance" in result.output
    assert "conflict_of_interest: Conflict of interest" in result.output
    assert "gift-2026-03-01: PROHIBITED" in result.output
    assert (in_tmp / "gift-2026-03-01.yaml").exists()


def test_area_chosen_by_name_and_unknown_area_refused() -> None:
    result = ask(answers=["directory_use", "", "", "2026-03-01", "marketing", *[""] * 6])
    assert result.exit_code == ExitCode.OK, result.output
    assert "directory-use-2026-03-01: PROHIBITED" in result.output
    bad = ask("gifts", answers=[])
    assert bad.exit_code == ExitCode.USAGE
    assert "unknown area 'gifts'" in bad.output


def test_question_mark_shows_the_help_again() -> None:
    answers = ["?", *ENVELOPE, "meal", "?", "offered", "?", *GIFT_PROHIBITED[2:]]
    result = ask("gift", answers=answers)
    assert result.exit_code == ExitCode.OK, result.output
    out = result.output
    assert "business_partner  a business partner of ALA" in out  # role help
    assert "act: offered to the actor / accepted by the actor / asked for by the actor" in out
    assert "Answer one of these (the name or its number):" in out
    # the help of a question that needs an answer ends with its choices, and it is asked
    # again: no "An answer is needed." as if ? were a wrong answer
    assert "An answer is needed" not in out
    assert "      1. offered     2. accepted    3. solicited\n  act [offered/" in out
    assert "beneficiary: on whose behalf" in out
    assert "Press Enter for the default, self." in out
    assert "gift-2026-03-01: PROHIBITED" in out


def test_refuses_to_overwrite_unless_confirmed(in_tmp: Path) -> None:
    existing = in_tmp / "mine.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    refused = ask("gift", "--output", "mine.yaml", answers=["n"])
    assert refused.exit_code == ExitCode.USAGE
    assert "Error: not overwriting mine.yaml: choose another file with --output" in refused.output
    assert existing.read_text(encoding="utf-8") == "keep me\n"

    confirmed = ask("gift", "--id", "mine", answers=["y", *ENVELOPE, *GIFT_PROHIBITED])
    assert confirmed.exit_code == ExitCode.OK, confirmed.output
    assert yaml.safe_load(existing.read_text(encoding="utf-8"))["id"] == "mine"


def test_default_file_name_never_overwrites(in_tmp: Path) -> None:
    (in_tmp / "gift-2026-03-01.yaml").write_text("keep me\n", encoding="utf-8")
    result = ask("gift", answers=ENVELOPE + GIFT_PROHIBITED)
    assert result.exit_code == ExitCode.OK, result.output
    assert "Wrote gift-2026-03-01-2.yaml" in result.output
    assert (in_tmp / "gift-2026-03-01.yaml").read_text(encoding="utf-8") == "keep me\n"
    data = yaml.safe_load((in_tmp / "gift-2026-03-01-2.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "gift-2026-03-01-2"


def test_bad_id_and_missing_directory_are_usage_errors() -> None:
    bad_id = ask("gift", "--id", "-nope", answers=[])
    assert bad_id.exit_code == ExitCode.USAGE
    assert "Invalid value for '--id'" in bad_id.output
    no_dir = ask("gift", "--output", "nowhere/x.yaml", answers=[])
    assert no_dir.exit_code == ExitCode.USAGE
    assert "does not exist" in no_dir.output


def test_end_of_input_is_a_usage_error_and_writes_nothing(in_tmp: Path) -> None:
    result = ask("gift", answers=ENVELOPE[:2])
    assert result.exit_code == ExitCode.USAGE
    assert "Aborted!" not in result.output
    assert (
        "Error: standard input ended before the interview was finished: nothing was written"
        in result.output
    )
    assert list(in_tmp.iterdir()) == []


def test_ctrl_c_exits_130_and_writes_nothing(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    asked = 0

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        nonlocal asked
        asked += 1
        if asked == 3:
            raise click.Abort() from KeyboardInterrupt()
        return real(*args, **kwargs)

    real = click.prompt
    monkeypatch.setattr(click, "prompt", interrupted)
    result = ask("gift", answers=ENVELOPE + GIFT_PROHIBITED)
    assert result.exit_code == ExitCode.INTERRUPTED
    assert "Interrupted: nothing was written." in result.output
    assert "Aborted!" not in result.output
    assert list(in_tmp.iterdir()) == []


def test_ctrl_c_in_a_real_terminal_session_exits_130(tmp_path: Path) -> None:
    """The program itself, interrupted at a prompt by SIGINT."""
    import signal
    import subprocess
    import sys
    import time

    def default_interrupts() -> None:
        # A test run started in the background (`pytest &` from a script) has SIGINT
        # ignored, and a program started with it ignored keeps it so, as shells expect.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    process = subprocess.Popen(
        [sys.executable, "-m", "ala_policy", "ask", "gift"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=default_interrupts,  # noqa: PLW1509 - only a signal disposition, no locks
    )
    with process:  # closes the pipes and waits, whatever the asserts say
        assert process.stdout is not None
        line = b""
        deadline = time.monotonic() + 60
        while b"role" not in line and time.monotonic() < deadline:
            line += process.stdout.read1(4096)  # type: ignore[attr-defined]  # a BufferedReader
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        try:
            # stdin stays open until the program has ended: closing it first would race the
            # signal with an end of input (exit 2)
            process.wait(timeout=60)
        finally:
            process.kill()
        _out, err = process.communicate(timeout=60)
    assert process.returncode == ExitCode.INTERRUPTED
    assert b"Traceback" not in err
    assert err.strip().endswith(b"nothing was written.") or b"Interrupted" in err
    assert list(tmp_path.iterdir()) == []


def test_the_file_is_written_whole_with_the_usual_permissions(in_tmp: Path) -> None:
    result = ask("gift", answers=ENVELOPE + GIFT_PROHIBITED)
    assert result.exit_code == ExitCode.OK, result.output
    (written,) = list(in_tmp.iterdir())
    assert written.name == "gift-2026-03-01.yaml"  # no temporary file left beside it
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert written.stat().st_mode & 0o777 == 0o666 & ~umask


# -- questions from any facts class --------------------------------------------------------


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def _positive(_instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value <= 0:
        raise FieldError([attribute.name], "must be more than 0")


@attrs.frozen(kw_only=True)
class WidgetFacts:
    """A facts class a plugin might declare."""

    maybe: bool | None = attrs.field(default=None, metadata={"doc": "perhaps"})
    shape: Literal["round", "square"] = attrs.field(metadata={"doc": "the shape"})
    size: Literal["s", "m", "l"] = attrs.field(default="m", metadata={"doc": "size (default m)"})
    price: float | None = attrs.field(default=None, metadata={"doc": "the price"})
    count: int | None = attrs.field(default=None, validator=_positive)
    urgent: bool = attrs.field(default=False, metadata={"doc": "urgent"})
    colour: Colour | None = None
    note: Annotated[str | None, "a free note"] = None
    tags: tuple[str, ...] = attrs.field(factory=tuple)


@attrs.frozen(kw_only=True)
class OddFacts:
    """Types the engine may not structure, but the questions still read."""

    mixed: Literal["a"] | Literal["b", 3] | None = None
    level: Literal["low", "high"] | None = "low"
    anything: Any = None
    needed: bool | None = attrs.field()


def test_questions_follow_the_types_required_first() -> None:
    asked = {q.name: q for q in questions(WidgetFacts)}
    assert [q.name for q in questions(WidgetFacts)] == [
        "shape",
        "maybe",
        "size",
        "price",
        "count",
        "urgent",
        "colour",
        "note",
        "tags",
    ]
    assert asked["shape"] == Question(
        name="shape", doc="the shape", kind="choice", choices=("round", "square"), required=True,
        nullable=False,
    )  # fmt: skip
    assert asked["maybe"].kind == "bool"
    assert asked["maybe"].allowed() == "yes/no/unknown"
    assert asked["size"].default == "m"
    assert asked["size"].shown_doc() == "size"
    assert asked["price"].kind == "number"
    assert asked["count"].kind == "integer"
    assert asked["count"].doc == ""
    assert asked["urgent"].allowed() == "yes/no"
    assert asked["urgent"].enter_means() == "no"
    assert asked["colour"].choices == ("red", "blue")
    assert asked["note"].kind == "text"
    assert asked["note"].doc == "a free note"
    assert asked["tags"].kind == "text"  # no mapping: free text
    assert asked["tags"].default is None  # a factory is not shown as a default


def test_unusual_types() -> None:
    anything, level, mixed, needed = sorted(questions(OddFacts), key=lambda q: q.name)
    assert questions(OddFacts)[0].name == "needed"  # required first
    assert mixed.choices == ("a", "b", 3)
    assert mixed.parse("3") == 3  # a value before a number
    assert mixed.parse("1") == "a"
    assert level.parse("") is OMIT  # the default, low
    assert level.parse("unknown") is None  # unknown is not the default: written as null
    assert anything.kind == "text"
    assert needed.required
    assert needed.allowed() == "yes/no/unknown"
    assert needed.parse("u") is None
    with pytest.raises(ValueError, match="needed"):
        needed.parse("")


def test_answers_parse_to_values_or_omit() -> None:
    asked = {q.name: q for q in questions(WidgetFacts)}
    shape, maybe, size = asked["shape"], asked["maybe"], asked["size"]
    assert shape.parse("ROUND") == "round"
    assert shape.parse("2") == "square"
    for bad in ("", "3", "oval", "unknown"):
        with pytest.raises(ValueError, match=r"needed|not one of"):
            shape.parse(bad)
    assert [maybe.parse(a) for a in ("y", "No", "", "unknown", "u")] == [
        True,
        False,
        OMIT,
        OMIT,
        OMIT,
    ]
    assert size.parse("") is OMIT  # the default applies
    assert asked["price"].parse("$12.50") == 12.5
    assert asked["price"].parse("1,000") == 1000
    for bad in ("nan", "inf", "1,0", "twelve"):
        with pytest.raises(ValueError, match="is not a number"):
            asked["price"].parse(bad)
    assert asked["count"].parse("3") == 3
    with pytest.raises(ValueError, match="whole number"):
        asked["count"].parse("2.5")
    assert asked["note"].parse("  hello ") == "hello"
    with pytest.raises(ValueError, match="yes/no"):
        asked["urgent"].parse("unknown")


class WidgetHooks:
    @hookspec
    def ala_policy_evaluate_widget(self, scenario: Any, facts: WidgetFacts, policy: Any) -> Any:
        """Decide the widget section."""


class WidgetPlugin:
    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: Any) -> None:
        pluginmanager.add_hookspecs(WidgetHooks)

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(Area(name="widget", facts=WidgetFacts, hook="ala_policy_evaluate_widget"))


def test_a_plugin_area_is_asked_generically(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(("widget", WidgetPlugin()))
    monkeypatch.setattr("ala_policy.engine.Engine", lambda **_kwargs: engine)
    # shape, maybe, size, price, count (0 is refused by its validator), urgent, colour,
    # note, tags
    answers = [*ENVELOPE, "square", "yes", "", "9.5", "0", "2", "yes", "blue", "hi", ""]
    result = ask("widget", "-o", "w.yaml", answers=answers)
    assert result.exit_code == ExitCode.OK, result.output
    assert "Error: must be more than 0" in result.output
    data = yaml.safe_load((in_tmp / "w.yaml").read_text(encoding="utf-8"))
    assert data["widget"] == {
        "maybe": True,
        "shape": "square",
        "price": 9.5,
        "count": 2,
        "urgent": True,
        "colour": "blue",
        "note": "hi",
    }
    assert engine.parse(data).areas["widget"].colour is Colour.BLUE


def test_id_follows_what_its_help_says(in_tmp: Path) -> None:
    """--id's help: the --output file's name where it is a valid id, else the area and the
    date with -2, -3... where that file exists."""
    from click.testing import CliRunner

    from ala_policy.cli import main

    shown = " ".join(CliRunner().invoke(main, ["ask", "--help"]).output.split())
    assert "default: the --output file's name where it is a valid id" in shown
    named = ask("gift", "--output", "vendor-dinner.yaml", answers=ENVELOPE + GIFT_PROHIBITED)
    assert named.exit_code == ExitCode.OK, named.output
    data = yaml.safe_load((in_tmp / "vendor-dinner.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "vendor-dinner"
    odd = ask("gift", "--output", "my dinner.yaml", answers=ENVELOPE + GIFT_PROHIBITED)
    assert odd.exit_code == ExitCode.OK, odd.output
    data = yaml.safe_load((in_tmp / "my dinner.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "gift-2026-03-01"


def test_the_command_to_decide_again_can_be_pasted(in_tmp: Path) -> None:
    import shlex

    answers = [*ENVELOPE, "gift", "accepted", "", "vendor", "unknown", "", ""]
    result = ask("gift", "-o", "my dinner.yaml", answers=answers)
    assert result.exit_code == ExitCode.OK, result.output
    assert "  ala-policy evaluate 'my dinner.yaml'\n" in result.output
    header = (in_tmp / "my dinner.yaml").read_text(encoding="utf-8")
    assert "#   ala-policy evaluate 'my dinner.yaml'\n" in header
    assert shlex.split("ala-policy evaluate 'my dinner.yaml'")[-1] == "my dinner.yaml"


@pytest.mark.parametrize(
    ("env", "styled"),
    [
        ({"TERM": "xterm", "NO_COLOR": None}, True),
        ({"TERM": "dumb", "NO_COLOR": None}, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, False),
    ],
)
def test_bold_only_where_the_terminal_shows_it(env: dict[str, str | None], styled: bool) -> None:
    """On a terminal (CliRunner's ``color=True``), ask's questions are in bold, unless the
    terminal says it shows no escape codes (TERM=dumb) or NO_COLOR is set; evaluate's
    colour follows the same rule."""
    from ala_policy.commands.options import choose_color

    answers = [*ENVELOPE, *GIFT_PROHIBITED]
    result = CliRunner().invoke(
        main, ["ask", "gift"], input="\n".join(answers) + "\n", color=True, env=env
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert ("\x1b[" in result.output) is styled

    class Terminal:
        def isatty(self) -> bool:
            return True

    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        assert choose_color(None, Terminal()) is styled
