"""Finding the plugins of one entry-point group without importing ``importlib.metadata``.

``importlib.metadata`` costs about 20 ms to import (it pulls in the email package to parse
metadata) and reads every distribution's metadata to name it; a command-line run that
decides one file pays for that on every start. This scanner reads only the
``entry_points.txt`` of each ``*.dist-info`` / ``*.egg-info`` folder on ``sys.path``, in
``sys.path`` order with the first distribution of a name winning, as ``importlib.metadata``
does. Where it finds nothing (zipped or otherwise unusual installs), the caller falls back
to ``importlib.metadata``.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

__all__ = ["EntryPoint", "from_metadata", "scan"]

_SUFFIXES = (".dist-info", ".egg-info")


def _name_and_version(folder: str) -> tuple[str, str | None] | None:
    """``("foo", "1.0")`` for ``foo-1.0.dist-info`` (or ``.egg-info``); ``None`` otherwise."""
    if not folder.endswith(_SUFFIXES):
        return None
    stem = folder[: folder.rindex(".")]
    name, _, rest = stem.partition("-")
    if not name:
        return None
    return name, rest.partition("-")[0] or None


class EntryPoint:
    """One ``name = module[:attr]`` entry of the group, and the distribution folder it is in."""

    __slots__ = ("dist_name", "dist_path", "dist_version", "name", "value")

    def __init__(
        self,
        name: str,
        value: str,
        dist_path: str | None = None,
        dist_version: str | None = None,
        dist_name: str | None = None,
    ) -> None:
        self.name = name
        self.value = value
        self.dist_path = dist_path
        self.dist_version = dist_version
        self.dist_name = dist_name

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, dist_path={self.dist_path!r})"

    def load(self) -> Any:
        """Import the module (and attribute) the entry point names."""
        module_name, _, attr = self.value.partition(":")
        target: Any = import_module(module_name.strip())
        for part in filter(None, attr.strip().split(".")):
            target = getattr(target, part)
        return target

    def distribution(self) -> str | None:
        """The distribution's name as its metadata spells it (read only when asked)."""
        if self.dist_name is not None or self.dist_path is None:
            return self.dist_name
        for file in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(self.dist_path, file), encoding="utf-8") as stream:  # noqa: PTH118, PTH123 - hot start-up path
                    for line in stream:
                        if line.startswith("Name:"):
                            return line[5:].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
        return None


def _parse(text: str, group: str) -> list[tuple[str, str]]:
    entries = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == group and "=" in line:
            name, _, value = line.partition("=")
            entries.append((name.strip(), value.strip()))
    return entries


def scan(group: str, path: list[str] | None = None) -> list[EntryPoint]:
    """Every entry point of ``group`` installed on ``path`` (default ``sys.path``)."""
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path if path is None else path:
        folder = entry or "."
        try:
            names = sorted(os.listdir(folder))  # noqa: PTH208 - hot start-up path
        except OSError:
            continue
        for dist_dir in names:
            found_name = _name_and_version(dist_dir)
            if found_name is None:
                continue
            key = found_name[0].lower().replace("-", "_").replace(".", "_")
            if key in seen:
                continue
            seen.add(key)
            dist_path = os.path.join(folder, dist_dir)  # noqa: PTH118 - hot start-up path
            try:
                with open(os.path.join(dist_path, "entry_points.txt"), encoding="utf-8") as file:  # noqa: PTH118, PTH123
                    text = file.read()
            except OSError:
                continue
            found.extend(
                EntryPoint(name, value, dist_path, found_name[1])
                for name, value in _parse(text, group)
            )
    return found


def from_metadata(group: str) -> list[EntryPoint]:
    """Every entry point of ``group`` as ``importlib.metadata`` finds them (the slow path,
    for installs the scan cannot read), in the same shape as :func:`scan`'s."""
    import importlib.metadata

    found = []
    for entry_point in importlib.metadata.entry_points(group=group):
        dist = entry_point.dist
        found.append(
            EntryPoint(
                entry_point.name,
                entry_point.value,
                dist_version=dist.version if dist is not None else None,
                dist_name=dist.metadata["Name"] if dist is not None else None,
            )
        )
    return found
