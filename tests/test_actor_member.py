"""``actor.member`` (contract version 2): parsing in every format, the schema, ``ask``,
``ala_policy.testing.scenario``, and the Nonsolicitation consequence that only reaches
members."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from _readings import CONSEQUENCE
from click.testing import CliRunner

from ala_policy import Actor, Decision, Engine, FieldError, ScenarioError
from ala_policy.cli import ExitCode, main
from ala_policy.schema import scenario_schema
from ala_policy.testing import scenario

GIFT = {"kind": "meal", "act": "offered"}
VALID = [
    ("member", None, True),
    ("member", True, True),
    ("non_member", None, False),
    ("non_member", False, False),
    *(
        (role, member, member)
        for role in ("business_partner", "educator", "sponsor", "staff")
        for member in (None, True, False)
    ),
]


@pytest.mark.parametrize(("role", "member", "membership"), VALID)
def test_membership_follows_the_role_or_the_fact(
    engine: Engine, role: str, member: bool | None, membership: bool | None
) -> None:
    actor = engine.parse(scenario(role=role, member=member, gift=GIFT)).actor
    assert actor.member is member
    assert actor.membership is membership
    assert actor.may_be_member is (membership is not False)


@pytest.mark.parametrize(("role", "member"), [("member", False), ("non_member", True)])
def test_a_role_that_contradicts_member_is_an_input_error(
    engine: Engine, role: str, member: bool
) -> None:
    with pytest.raises(ScenarioError) as info:
        engine.parse(scenario(role=role, member=member, gift=GIFT))
    assert info.value.path == "actor.member"
    assert f"role {role} means member: {'false' if member else 'true'}" in info.value.message
    with pytest.raises(FieldError):
        Actor(role, member=member)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["yes", 1, "true", []])
def test_member_is_a_boolean(engine: Engine, value: Any) -> None:
    data = scenario(role="staff", gift=GIFT)
    data["actor"]["member"] = value
    with pytest.raises(ScenarioError, match="expected true or false") as info:
        engine.parse(data)
    assert info.value.path == "actor.member"


CONTRADICTION = {
    "yaml": "id: x\nactor:\n  role: member\n  member: false\ngift: {kind: meal, act: offered}\n",
    "json": '{"id": "x",\n "actor": {"role": "member",\n  "member": false},\n'
    ' "gift": {"kind": "meal", "act": "offered"}}\n',
    "toml": 'id = "x"\n[actor]\nrole = "member"\nmember = false\n'
    '[gift]\nkind = "meal"\nact = "offered"\n',
    "jsonl": '{"id": "ok", "actor": {"role": "staff", "member": true}, "gift": '
    '{"kind": "meal", "act": "offered"}}\n{"id": "x", "actor": {"role": "member", '
    '"member": false}, "gift": {"kind": "meal", "act": "offered"}}\n',
}
LINE = {"yaml": 4, "json": 3, "toml": 4, "jsonl": 2}


@pytest.mark.parametrize("suffix", sorted(CONTRADICTION))
def test_every_format_names_file_line_and_field(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"s.{suffix}"
    path.write_text(CONTRADICTION[suffix], encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"s.{suffix}:{LINE[suffix]}: actor.member: role member means member: true" in (
        result.output
    )
    assert "Traceback" not in result.output
    if suffix == "jsonl":
        assert "ok: INDETERMINATE" in result.output  # the good scenario is still decided


@pytest.mark.parametrize(
    ("actor", "valid"),
    [
        ({"role": "member", "member": False}, False),
        ({"role": "non_member", "member": True}, False),
        ({"role": "member", "member": True}, True),
        ({"role": "non_member", "member": False}, True),
        ({"role": "staff", "member": False}, True),
        ({"role": "sponsor", "member": True}, True),
        ({"role": "educator"}, True),
    ],
)
def test_the_schema_agrees_with_the_engine(
    engine: Engine, actor: dict[str, Any], valid: bool
) -> None:
    validator = jsonschema.Draft202012Validator(scenario_schema(engine))
    data = {"id": "x", "actor": actor, "gift": GIFT}
    assert validator.is_valid(data) is valid
    try:
        engine.parse(data)
    except ScenarioError:
        assert not valid
    else:
        assert valid


def test_testing_scenario_takes_member_and_date() -> None:
    data = scenario(role="staff", member=True, date="2026-03-01", gift=GIFT)
    assert data["actor"] == {"role": "staff", "member": True}
    assert data["date"] == "2026-03-01"
    assert "member" not in scenario(gift=GIFT)["actor"]
    assert "date" not in scenario(gift=GIFT)


# -- the Nonsolicitation consequence reaches members only -----------------------------------


@pytest.mark.parametrize(
    ("role", "member", "consequence"),
    [
        ("member", None, True),
        ("business_partner", None, True),  # may be a member
        ("sponsor", True, True),
        ("staff", False, False),
        ("non_member", None, False),
    ],
)
def test_consequence_only_where_the_actor_is_or_may_be_a_member(
    engine: Engine, role: str, member: bool | None, consequence: bool
) -> None:
    outcome = engine.evaluate(
        scenario(role=role, member=member, solicitation={"activity": "approach_to_sell"})
    )
    (finding,) = outcome.findings
    assert finding.decision is Decision.PROHIBITED
    assert finding.consequence == (CONSEQUENCE if consequence else None)
    assert outcome.to_dict()["findings"][0]["consequence"] == finding.consequence


# -- ask asks whether the actor is a member, where the role does not say -------------------


def test_ask_asks_membership_for_a_role_that_does_not_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # role, member, title, date; then the directory_use facts: purpose and six left out
    answers = ["business_partner", "no", "", "2026-03-01", "seek_advice", *[""] * 6]
    result = CliRunner().invoke(main, ["ask", "directory_use"], input="\n".join(answers) + "\n")
    assert result.exit_code == ExitCode.OK, result.output
    assert "member: does the actor hold an ALA membership?" in result.output
    (written,) = tmp_path.glob("*.yaml")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["actor"] == {"role": "business_partner", "member": False}
    assert "PROHIBITED" in result.output


def test_ask_does_not_ask_membership_of_a_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    answers = ["member", "", "2026-03-01", "meal", "offered", *[""] * 5]
    result = CliRunner().invoke(main, ["ask", "gift"], input="\n".join(answers) + "\n")
    assert result.exit_code == ExitCode.OK, result.output
    assert "hold an ALA membership" not in result.output
