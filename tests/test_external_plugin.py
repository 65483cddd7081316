"""The example third-party plugin (examples/plugins/ala-policy-nutmeg) changes outcomes as its
README documents, through the public API alone, and is declared the way Engine() finds it.

Nothing is installed: the package's source folder goes on ``sys.path`` for one test.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from ala_policy.testing import assert_outcome, make_engine, scenario

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACKAGE = Path(__file__).resolve().parent.parent / "examples" / "plugins" / "ala-policy-nutmeg"
MODULE = "ala_policy_nutmeg"


@pytest.fixture
def nutmeg(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """The plugin module, imported from the package's source folder, forgotten afterwards."""
    assert MODULE not in sys.modules, "the example plugin must not be installed here"
    monkeypatch.syspath_prepend(str(PACKAGE / "src"))
    try:
        yield importlib.import_module(MODULE)
    finally:
        for name in [n for n in sys.modules if n == MODULE or n.startswith(MODULE + ".")]:
            del sys.modules[name]


def test_installing_the_plugin_prohibits_a_gift_over_the_chapter_limit(
    nutmeg: types.ModuleType,
) -> None:
    data = scenario(
        gift={
            "kind": "gift",
            "act": "accepted",
            "giver": "vendor",
            "pending_business": False,
            "may_influence": False,
            "value_usd": 90,
        }
    )
    data["date"] = "2026-08-01"

    assert_outcome(make_engine().evaluate(data), "permitted")

    outcome = make_engine(nutmeg).evaluate(data)
    assert_outcome(outcome, "prohibited", cites=["nutmeg/gift-limit", "code/III.C"])
    (limit,) = [c for c in outcome.citations if c.id == "nutmeg/gift-limit"]
    assert limit.edition == "2026 edition"
    assert limit.title == "ALA Nutmeg Chapter Gift and Hospitality Rule"


def test_the_package_declares_its_ala_policy_entry_point() -> None:
    with (PACKAGE / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["name"] == "ala-policy-nutmeg"
    assert project["entry-points"]["ala_policy"] == {"nutmeg": MODULE}
    assert any(dep.startswith("ala-policy") for dep in project["dependencies"])
    assert (PACKAGE / "src" / MODULE / "__init__.py").is_file()
    assert (PACKAGE / "src" / MODULE / "nutmeg.yaml").is_file()
