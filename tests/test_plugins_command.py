"""``ala-policy plugins`` says which plugin added each area, format and policy document, and
which plugins decide each area, in text and JSON (a new area or format is traced to its
plugin without reading code)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from ala_policy import Area, OutputFormat, hookimpl
from ala_policy.cli import main
from ala_policy.facts import GiftFacts
from ala_policy.testing import make_engine


class Extras:
    """A plugin that adds an area (deciding it with the gift hook's facts) and a format."""

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(Area(name="gift_extra", facts=GiftFacts, hook="ala_policy_evaluate_gift"))

    @hookimpl
    def ala_policy_register_formats(self, register: Callable[[OutputFormat], None]) -> None:
        json_format = make_engine().formats["json"]
        register(OutputFormat(name="json-copy", factory=json_format.factory))


@pytest.fixture
def with_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    from ala_policy.commands import options

    engine = make_engine(("extras", Extras()))
    monkeypatch.setattr(options.State, "engine", lambda self, warn=True: engine)


def test_json_says_who_added_and_who_decides_each_area_and_format(with_extras: None) -> None:
    result = CliRunner().invoke(main, ["plugins", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    # the lists of names stay as they were
    assert "gift_extra" in payload["areas"]
    assert "json-copy" in payload["formats"]
    assert payload["registered_by"]["areas"]["gift_extra"] == "extras"
    assert payload["registered_by"]["areas"]["gift"] == "areas"
    assert payload["registered_by"]["formats"]["json-copy"] == "extras"
    assert payload["registered_by"]["formats"]["jsonl"] == "json"
    assert payload["registered_by"]["policies"]["code"] == "ala_policies"
    assert payload["decided_by"]["gift_extra"] == ["gift"]
    by_name = {p["name"]: p for p in payload["plugins"]}
    assert by_name["extras"]["areas"] == ["gift_extra"]
    assert by_name["extras"]["formats"] == ["json-copy"]
    assert by_name["extras"]["decides"] == []
    assert by_name["gift"]["decides"] == ["gift", "gift_extra"]
    assert by_name["ala_policies"]["policies"] == ["code", "nonsolicitation"]
    assert by_name["certification"]["policies"] == ["certification"]
    assert by_name["text"]["formats"] == ["text"]


def test_text_says_the_same(with_extras: None) -> None:
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  gift_extra (extras; gift)" in lines
    assert "  json-copy (extras)" in lines
    assert "  certification (certification; certification)" in lines


def test_an_area_nobody_decides_says_so() -> None:
    result = CliRunner().invoke(main, ["--disable-plugin", "gift", "plugins"])
    assert result.exit_code == 0, result.output
    assert "  gift (areas; nobody)" in result.output.splitlines()


def test_text_keeps_within_88_columns_with_every_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hooks wrap within their column (under the plugin's name when a long name leaves
    the column too narrow), as every text output keeps within 88 columns."""
    from ala_policy.commands import options

    for name in ("extras", "a_chapter_overlay_with_editions_for_the_northern_region"):
        engine = make_engine((name, Extras()))
        monkeypatch.setattr(options.State, "engine", lambda self, warn=True, e=engine: e)
        result = CliRunner().invoke(main, ["plugins"])
        assert result.exit_code == 0, result.output
        too_wide = [line for line in result.output.splitlines() if len(line) > 88]
        assert too_wide == []
        flowing = " ".join(result.output.split())
        for info in engine.plugins():
            hooks = ", ".join(h.removeprefix("ala_policy_") for h in info.hooks)
            assert f"{info.version or '-'} {hooks}" in flowing
