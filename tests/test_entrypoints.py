"""The entry-point scanner that keeps importlib.metadata off the start-up path."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from ala_policy._entrypoints import _name_and_version, scan


def test_scan_matches_importlib_metadata() -> None:
    ours = sorted((ep.name, ep.value) for ep in scan("ala_policy"))
    theirs = sorted(
        (ep.name, ep.value) for ep in importlib.metadata.entry_points(group="ala_policy")
    )
    assert ours == theirs
    assert ("gift", "ala_policy.plugins.gift") in ours


def test_scan_reads_dist_info_and_first_distribution_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, value in ((first, "chapter_one"), (second, "chapter_two")):
        info = folder / "ala_policy_chapter-1.2.dist-info"
        info.mkdir(parents=True)
        (info / "entry_points.txt").write_text(
            f"# comment\n[console_scripts]\nx = y:z\n\n[ala_policy]\nchapter = {value}\n",
            encoding="utf-8",
        )
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: ala-policy-chapter\nVersion: 1.2\n\nbody\n",
            encoding="utf-8",
        )
    (tmp_path / "c").mkdir()
    found = scan("ala_policy", [str(first), str(second), str(tmp_path / "missing")])
    assert [(ep.name, ep.value) for ep in found] == [("chapter", "chapter_one")]
    assert found[0].distribution() == "ala-policy-chapter"
    assert found[0].dist_version == "1.2"


def test_entry_point_load_with_attribute() -> None:
    from ala_policy._entrypoints import EntryPoint

    assert EntryPoint("x", "ala_policy.models:Decision.PERMITTED").load().value == "permitted"


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("foo-1.0.dist-info", ("foo", "1.0")),
        ("foo.dist-info", ("foo", None)),
        ("foo_bar-2.3.1-py3.11.egg-info", ("foo_bar", "2.3.1")),
        ("ala_policy-0.1.0.dist-info", ("ala_policy", "0.1.0")),
        ("foo-.dist-info", ("foo", None)),
        ("-1.0.dist-info", None),
        ("foo-1.0.data", None),
        ("foo-1.0", None),
    ],
)
def test_distribution_folders_are_named_like_importlib_metadata(
    folder: str, expected: tuple[str, str | None] | None
) -> None:
    assert _name_and_version(folder) == expected


def test_the_builtin_mapping_is_the_entry_points_of_ala_policy() -> None:
    from ala_policy.loading import BUILTIN_PLUGINS, is_builtin

    ours = {
        ep.name: ep.value
        for ep in importlib.metadata.entry_points(group="ala_policy")
        if ep.dist is not None and ep.dist.metadata["Name"] == "ala-policy"
    }
    assert ours == dict(BUILTIN_PLUGINS)
    assert all(is_builtin(module) for module in BUILTIN_PLUGINS.values())
    assert not is_builtin("ala_policy_nutmeg")
    assert not is_builtin("ala_policy.plugins.not_a_plugin")
