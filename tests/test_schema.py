"""The JSON Schema of scenario files: it accepts every example, rejects what the engine
rejects, follows plugin-added areas, and ``ala-policy schema`` prints it."""

from __future__ import annotations

import copy
import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import attrs
import jsonschema
import pluggy
import pytest
import yaml
from click.testing import CliRunner

import ala_policy.commands.schema  # noqa: F401 - registers the command
from ala_policy import Area, Engine, ScenarioError, hookimpl, hookspec
from ala_policy.cli import main
from ala_policy.schema import SCHEMA_DIALECT, SCHEMA_ID, facts_schema, scenario_schema
from ala_policy.testing import make_engine

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
SUFFIXES = (".yaml", ".yml", ".json", ".toml")
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in SUFFIXES)

Validator = jsonschema.Draft202012Validator


def validator_for(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    Validator.check_schema(schema)
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def validator(engine: Engine) -> jsonschema.protocols.Validator:
    return validator_for(scenario_schema(engine))


def plain(value: Any) -> Any:
    """Data as JSON has it: YAML and TOML dates become ISO strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def documents(path: Path) -> list[Any]:
    """Every document of a scenario file, as plain data (a YAML file may hold several)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        return [plain(d) for d in yaml.safe_load_all(text) if d is not None]
    if path.suffix == ".toml":
        return [plain(tomllib.loads(text))]
    return [json.loads(text)]


def errors(validator: jsonschema.protocols.Validator, data: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


# -- the schema itself ------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(engine: Engine) -> None:
    schema = scenario_schema(engine)
    Validator.check_schema(schema)
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"]
    assert schema["description"]
    json.dumps(schema)  # plain JSON data throughout


def test_scenario_def_lists_envelope_and_every_area(engine: Engine) -> None:
    scenario = scenario_schema(engine)["$defs"]["scenario"]
    assert set(scenario["properties"]) == {
        "id",
        "title",
        "date",
        "actor",
        "expect",
        "$schema",
        *engine.areas,
    }
    assert scenario["additionalProperties"] is False
    assert scenario["required"] == ["id", "actor"]
    assert {tuple(a["required"]) for a in scenario["anyOf"]} == {(name,) for name in engine.areas}
    assert scenario["properties"]["gift"] == {"$ref": "#/$defs/gift"}


def test_area_defs_follow_the_facts_classes(engine: Engine) -> None:
    defs = scenario_schema(engine)["$defs"]
    gift = defs["gift"]
    assert gift["additionalProperties"] is False
    assert gift["required"] == ["kind", "act"]
    assert gift["title"] == "Gift acceptance"
    props = gift["properties"]
    assert set(props) == set(engine.areas["gift"].fact_names())
    assert props["act"] == {
        "type": "string",
        "enum": ["offered", "accepted", "solicited"],
        "description": engine.areas["gift"].fact_doc("act"),
    }
    assert props["beneficiary"]["default"] == "self"
    assert props["pending_business"]["type"] == ["boolean", "null"]
    assert "default" not in props["pending_business"], "a None default is not stated"
    assert props["value_usd"]["type"] == ["number", "null"]
    assert None in props["giver"]["enum"]
    coi = defs["conflict_of_interest"]["properties"]
    assert coi["uses_confidential_information"] == {
        "type": "boolean",
        "default": False,
        "description": engine.areas["conflict_of_interest"].fact_doc(
            "uses_confidential_information"
        ),
    }
    for name, area in engine.areas.items():
        for fact in area.fact_names():
            assert defs[name]["properties"][fact].get("description"), f"{name}.{fact}"


# -- every example is valid ---------------------------------------------------------------------


def test_there_are_examples() -> None:
    assert len(EXAMPLE_FILES) >= 20


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_file_is_valid(validator: jsonschema.protocols.Validator, path: Path) -> None:
    for document in documents(path):
        assert errors(validator, document) == []


# -- what the engine rejects, the schema rejects --------------------------------------------------

BASE: dict[str, Any] = {
    "id": "dinner",
    "title": "Dinner during a bid",
    "date": "2026-03-01",
    "actor": {"role": "member", "name": "Pat Example", "organization": "Example LLP"},
    "gift": {"kind": "meal", "act": "offered", "pending_business": True, "value_usd": 180},
    "expect": {"decision": "prohibited", "cites": ["code/III.C"]},
}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(data: dict[str, Any]) -> None:
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(data: dict[str, Any]) -> None:
        for key in parents:
            data = data[key]
        del data[last]

    return change


def _no_area(data: dict[str, Any]) -> None:
    del data["gift"]


BAD: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown top-level key": _set("note", "hello"),
    "unknown area": _set("parking", {"spot": "reserved"}),
    "unknown field": _set("gift.colour", "red"),
    "value outside an enum": _set("gift.act", "borrowed"),
    "string for a bool": _set("gift.pending_business", "true"),
    "number for a bool": _set("gift.may_influence", 1),
    "string for a number": _set("gift.value_usd", "180"),
    "bool for a number": _set("gift.value_usd", True),
    "null for a required enum": _set("gift.kind", None),
    "null for a defaulted enum": _set("gift.beneficiary", None),
    "missing required fact": _drop("gift.act"),
    "area not a mapping": _set("gift", "meal"),
    "missing id": _drop("id"),
    "missing actor": _drop("actor"),
    "no area section": _no_area,
    "id starting with a dash": _set("id", "-dinner"),
    "id with a space": _set("id", "vendor dinner"),
    "id not a string": _set("id", 42),
    "title not a string": _set("title", 3),
    "unknown role": _set("actor.role", "partner"),
    "actor without role": _drop("actor.role"),
    "unknown actor field": _set("actor.email", "pat@example.com"),
    "date not a date": _set("date", "March 1st"),
    "impossible date": _set("date", "2026-13-01"),
    "unknown expected decision": _set("expect.decision", "forbidden"),
    "cites not a list": _set("expect.cites", "code/III.C"),
    "cites not strings": _set("expect.cites", [3]),
    "unknown expect field": _set("expect.because", "x"),
}


@pytest.mark.parametrize("change", BAD.values(), ids=list(BAD))
def test_schema_rejects_what_the_engine_rejects(
    validator: jsonschema.protocols.Validator,
    engine: Engine,
    change: Callable[[dict[str, Any]], None],
) -> None:
    data = copy.deepcopy(BASE)
    change(data)
    assert errors(validator, data), "the schema accepts it"
    with pytest.raises(ScenarioError):
        engine.parse(data)


def _minimal(data: dict[str, Any]) -> None:
    for key in ("title", "date", "expect"):
        del data[key]


GOOD: dict[str, Callable[[dict[str, Any]], None]] = {
    "as given": lambda data: None,
    "null for an unknown fact": _set("gift.pending_business", None),
    "null for an optional enum": _set("gift.giver", None),
    "whole number for a float": _set("gift.value_usd", 12),
    "minimal envelope": _minimal,
    "expect without cites": _drop("expect.cites"),
    "second area": _set(
        "conflict_of_interest", {"interest": "financial", "role_in_decision": "none"}
    ),
    "id with dots and dashes": _set("id", "9.vendor_dinner-2"),
}


@pytest.mark.parametrize("change", GOOD.values(), ids=list(GOOD))
def test_schema_accepts_what_the_engine_accepts(
    validator: jsonschema.protocols.Validator,
    engine: Engine,
    change: Callable[[dict[str, Any]], None],
) -> None:
    data = copy.deepcopy(BASE)
    change(data)
    assert errors(validator, data) == []
    engine.parse(data)


def test_file_shapes(validator: jsonschema.protocols.Validator) -> None:
    one = copy.deepcopy(BASE)
    two = {**copy.deepcopy(BASE), "id": "other"}
    assert errors(validator, [one, two]) == []
    assert errors(validator, {"scenarios": [one, two]}) == []
    assert errors(validator, []), "an empty list"
    assert errors(validator, {"scenarios": []}), "an empty scenarios list"
    assert errors(validator, {"scenarios": [one], "version": 1}), "scenarios: and another key"
    assert errors(validator, {"scenarios": one}), "scenarios: not a list"
    assert errors(validator, [one, {"id": "x"}]), "one bad scenario in a list"
    assert errors(validator, "dinner")


# -- areas added by plugins ---------------------------------------------------------------------


class Opaque:
    """A type with no JSON Schema counterpart."""


@attrs.frozen(kw_only=True)
class ChapterGiftFacts:
    occasion: Literal["holiday", "retirement", "other"] = attrs.field(
        metadata={"doc": "what the gift marks"}
    )
    guests: int = attrs.field(default=1, metadata={"doc": "how many", "schema": {"minimum": 1}})
    reported: bool | None = attrs.field(default=None, metadata={"doc": "reported to the chapter"})
    on: datetime.date | None = None
    tags: tuple[str, ...] = ()
    blob: Opaque | None = attrs.field(default=None, metadata={"doc": "anything"})


class ChapterHooks:
    @hookspec
    def ala_policy_evaluate_chapter_gift(self, scenario: Any, facts: Any, policy: Any) -> Any:
        """Decide the chapter_gift area."""


class ChapterPlugin:
    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(ChapterHooks)

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(
            Area(
                name="chapter_gift",
                facts=ChapterGiftFacts,
                hook="ala_policy_evaluate_chapter_gift",
                title="Chapter gifts",
                description="A chapter's own gift rules.",
            )
        )


@pytest.fixture(scope="module")
def chapter_engine() -> Engine:
    return make_engine(("chapter", ChapterPlugin()))


def test_plugin_area_appears(chapter_engine: Engine) -> None:
    schema = scenario_schema(chapter_engine)
    defs = schema["$defs"]
    assert defs["scenario"]["properties"]["chapter_gift"] == {"$ref": "#/$defs/chapter_gift"}
    assert {"required": ["chapter_gift"]} in defs["scenario"]["anyOf"]
    area = defs["chapter_gift"]
    assert area["title"] == "Chapter gifts"
    assert area["description"] == "A chapter's own gift rules."
    assert area["required"] == ["occasion"]
    props = area["properties"]
    assert props["occasion"]["enum"] == ["holiday", "retirement", "other"]
    assert props["guests"] == {
        "type": "integer",
        "default": 1,
        "minimum": 1,
        "description": "how many",
    }
    assert props["reported"]["type"] == ["boolean", "null"]
    assert props["on"]["anyOf"][0]["format"] == "date"
    assert props["on"]["anyOf"][1] == {"type": "null"}
    assert props["tags"] == {"type": "array", "items": {"type": "string"}, "default": []}
    assert "type" not in props["blob"], "an unmappable type admits anything"
    assert props["blob"]["description"].startswith("anything (any value here")

    validator = validator_for(schema)
    good = {"id": "x", "actor": {"role": "member"}, "chapter_gift": {"occasion": "holiday"}}
    assert errors(validator, good) == []
    assert errors(validator, {**good, "chapter_gift": {"occasion": "birthday"}})
    assert errors(validator, {**good, "chapter_gift": {"occasion": "other", "guests": 0}})
    assert errors(validator, {**good, "chapter_gift": {"occasion": "other", "blob": [1]}}) == []


def test_areas_of_a_smaller_engine_are_not_in_its_schema() -> None:
    engine = make_engine(("chapter", ChapterPlugin()), builtins=False)
    schema = scenario_schema(engine)
    assert set(schema["$defs"]) == {"scenario", "chapter_gift"}
    validator = validator_for(schema)
    gift = {"id": "x", "actor": {"role": "member"}, "gift": {"kind": "meal", "act": "offered"}}
    assert errors(validator, gift), "no gift area in this engine"


def test_an_engine_without_areas_accepts_no_scenario() -> None:
    schema = scenario_schema(make_engine(builtins=False))
    validator = validator_for(schema)
    assert errors(validator, {"id": "x", "actor": {"role": "member"}})


def test_facts_schema_of_an_unresolvable_annotation() -> None:
    @attrs.frozen
    class Local:
        known: int = 0
        unknown: NotImportedAnywhere | None = None  # type: ignore[name-defined]  # noqa: F821

    schema = facts_schema(Local)
    assert set(schema["properties"]) == {"known", "unknown"}
    assert schema["properties"]["known"] == {"type": "integer", "default": 0}
    assert "type" not in schema["properties"]["unknown"]
    assert "required" not in schema
    Validator.check_schema(schema)


# -- the command ----------------------------------------------------------------------------------


def test_command_prints_the_schema(engine: Engine) -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    Validator.check_schema(printed)
    assert set(printed["$defs"]) >= {"scenario", *engine.areas}
    assert result.stdout.startswith('{\n  "$defs"'), "sorted keys, two-space indent"
    again = CliRunner().invoke(main, ["schema"])
    assert again.stdout == result.stdout, "deterministic"


def test_command_indent_and_output(tmp_path: Path) -> None:
    target = tmp_path / "scenario.schema.json"
    result = CliRunner().invoke(main, ["schema", "--indent", "0", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert text.count("\n") == 1, "one line"
    assert json.loads(text)["$id"] == SCHEMA_ID


def test_command_help_shows_the_editor_setup() -> None:
    result = CliRunner().invoke(main, ["schema", "--help"])
    assert result.exit_code == 0
    assert "# yaml-language-server: $schema=./scenario.schema.json" in result.stdout
    assert '"yaml.schemas": {"./scenario.schema.json": ["scenarios/*.yaml"]}' in result.stdout


def test_command_schema_validates_the_examples(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema"])
    validator = validator_for(json.loads(result.stdout))
    for path in EXAMPLE_FILES:
        for document in documents(path):
            assert errors(validator, document) == [], path.name


# -- the README's editor recipe, in one folder ---------------------------------------------


def test_the_editor_recipe_works_in_one_folder(tmp_path: Path, monkeypatch: Any) -> None:
    """`ala-policy schema -o scenario.schema.json` beside the scenarios that point at it:
    the folder is still decided, the schema is not read as a scenario, and a JSON scenario's
    own `$schema` pointer is allowed (by the engine and by the schema)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    written = runner.invoke(main, ["schema", "-o", "scenario.schema.json"])
    assert written.exit_code == 0, written.output
    (tmp_path / "dinner.yaml").write_text(
        "# yaml-language-server: $schema=./scenario.schema.json\n"
        "id: dinner\nactor: {role: member}\ndate: 2026-03-01\n"
        "gift: {kind: meal, act: accepted, pending_business: false, may_influence: false}\n",
        encoding="utf-8",
    )
    pointed = {
        "$schema": "./scenario.schema.json",
        "id": "cards",
        "actor": {"role": "member"},
        "date": "2026-03-01",
        "solicitation": {"activity": "approach_to_sell"},
    }
    (tmp_path / "cards.json").write_text(json.dumps(pointed), encoding="utf-8")
    (tmp_path / "batch.json").write_text(
        json.dumps({"$schema": "./scenario.schema.json", "scenarios": [{**pointed, "id": "b"}]}),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["evaluate", "."])
    assert result.exit_code == 0, result.output
    assert "3 scenarios" in result.output
    assert "schema" not in result.output.replace("$schema", "")

    schema = json.loads((tmp_path / "scenario.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(pointed)
    jsonschema.Draft202012Validator(schema).validate(
        json.loads((tmp_path / "batch.json").read_text(encoding="utf-8"))
    )


def test_a_json_schema_named_on_the_command_line_is_no_scenario_file(tmp_path: Path) -> None:
    target = tmp_path / "rules.json"  # not named *.schema.json: found by its content
    target.write_text(json.dumps({"$schema": SCHEMA_DIALECT, "type": "object"}), encoding="utf-8")
    for args in (["evaluate", str(target)], ["evaluate", str(tmp_path)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert "rules.json: is a JSON Schema, not a scenario file" in result.output
        assert "Traceback" not in result.output
