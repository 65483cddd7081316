"""The project's metadata is what package indexes accept: every classifier exists (PyPI
refuses an upload with an unknown one, and stricter build backends refuse to build)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from trove_classifiers import classifiers

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = [ROOT / "pyproject.toml", ROOT / "examples/plugins/ala-policy-nutmeg/pyproject.toml"]


@pytest.mark.parametrize("pyproject", PROJECTS, ids=lambda p: p.parent.name)
def test_every_classifier_is_a_known_one(pyproject: Path) -> None:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    unknown = [c for c in project.get("classifiers", []) if c not in classifiers]
    assert not unknown, f"{pyproject.relative_to(ROOT)}: unknown classifiers {unknown}"
