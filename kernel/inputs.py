"""Reading scenario files: YAML, JSON, TOML, JSON Lines (streamed), directories and stdin.

Every problem becomes an :class:`~ala_policy.models.InputFailure` naming the file, the line
(where the format has lines) and the field path; reading goes on with the next scenario.
Hostile input is bounded: YAML aliases may not expand past a limit, nesting may not go
deeper than a limit, binary and empty files are refused with a message.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, overload

import yaml
from yaml.nodes import Node

from ._parsing import PathPart, format_path
from ._readers import (
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    Locator,
    _UnreadableError,
    yaml_documents,
    yaml_locate,
)
from .models import InputFailure


def _tomllib() -> Any:
    """tomllib (tomli on 3.10), imported only when a TOML file is read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib


__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "SCENARIO_SUFFIXES",
    "RawLine",
    "RawScenario",
    "iter_scenario_files",
    "parse_jsonl_line",
    "read_inputs",
]

#: File suffixes read as scenario files.
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".jsonl")
#: Files that mark a directory as a Python project, not a folder of scenarios.
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg")


class RawScenario:
    """One scenario's plain data and where it came from.

    :param data: the scenario as parsed (not yet validated).
    :param file: the file name as given (``<stdin>`` for standard input).
    :param prefix: the path of the scenario within its file (``("scenarios", 3)``).
    :param line: the scenario's first line, where cheaply known.
    :param locator: finds the line of a path within the file, where it can.

    A plain slotted class, like :class:`RawLine`: an internal record, built once per scenario,
    that needs none of the methods attrs would generate (and compile at every start).
    """

    __slots__ = ("data", "file", "line", "locator", "prefix")

    def __init__(
        self,
        data: Any,
        file: str,
        prefix: tuple[PathPart, ...] = (),
        line: int | None = None,
        locator: Locator | None = None,
    ) -> None:
        self.data = data
        self.file = file
        self.prefix = prefix
        self.line = line
        self.locator = locator

    def __repr__(self) -> str:
        return f"RawScenario(file={self.file!r}, prefix={self.prefix!r}, line={self.line!r})"

    def line_of(self, parts: Sequence[PathPart]) -> int | None:
        """The line of a field (a path within this scenario), or the scenario's line."""
        if self.locator is not None:
            found = self.locator((*self.prefix, *parts))
            if found is not None:
                return found
        return self.line

    def path(self, parts: Sequence[PathPart]) -> str:
        """The field path as the user sees it (``scenarios[3].gift.act``)."""
        return format_path([*self.prefix, *parts])


# -- JSON and TOML ----------------------------------------------------------------------------


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


_decoder = json.JSONDecoder(object_pairs_hook=_json_pairs)


def _depth_line(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where bracket nesting first passes ``limit`` (strings skipped roughly)."""
    depth = 0
    in_string: str | None = None
    escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == in_string:
                in_string = None
        elif char in "\"'":
            in_string = char
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth -= 1
    return None


def _json_load(text: str) -> Any:
    try:
        return _decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise _UnreadableError(f"JSON syntax error: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise _UnreadableError(
            f"nesting is deeper than {MAX_DEPTH} levels", line=_depth_line(text)
        ) from None
    except ValueError as exc:  # duplicate keys
        raise _UnreadableError(str(exc)) from None


def _json_locator(text: str) -> Locator:
    """Lines for JSON fields, found (only when asked) by reading the JSON as YAML nodes."""
    root: list[Node | None] = []

    def locate(parts: Sequence[PathPart]) -> int | None:
        if not root:
            try:
                root.append(yaml.compose(text, Loader=yaml.SafeLoader))
            except (yaml.YAMLError, RecursionError):
                root.append(None)
        node = root[0]
        return yaml_locate(node, parts) if node is not None else None

    return locate


_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=")


def _toml_locator(text: str) -> Locator:
    """Lines for TOML fields, found by reading table headers and keys."""

    def clean(key: str) -> list[str]:
        return [k.strip().strip("\"'") for k in key.split(".")]

    def locate(parts: Sequence[PathPart]) -> int | None:
        target = format_path(parts)
        counts: dict[str, int] = {}
        table = ""
        best: tuple[int, int | None] = (-1, None)
        for number, raw in enumerate(text.splitlines(), start=1):
            header = _TOML_HEADER.match(raw)
            if header:
                names = clean(header.group(2))
                resolved = ""
                for name in names:
                    resolved = f"{resolved}.{name}" if resolved else name
                    if resolved in counts and not (header.group(1) == "[[" and name == names[-1]):
                        resolved = f"{resolved}[{counts[resolved] - 1}]"
                if header.group(1) == "[[":
                    base = resolved
                    counts[base] = counts.get(base, 0) + 1
                    resolved = f"{base}[{counts[base] - 1}]"
                table = resolved
                candidate = table
            else:
                key = _TOML_KEY.match(raw)
                if not key:
                    continue
                dotted = ".".join(clean(key.group(1)))
                candidate = f"{table}.{dotted}" if table else dotted
            matches = target == candidate or target.startswith((candidate + ".", candidate + "["))
            if matches and len(candidate) > best[0]:
                best = (len(candidate), number)
        return best[1]

    return locate


def _toml_load(text: str) -> Any:
    tomllib = _tomllib()
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise _UnreadableError(f"TOML syntax error: {message}", line=line) from None
    except RecursionError:
        raise _UnreadableError(
            f"nesting is deeper than {MAX_DEPTH} levels", line=_depth_line(text)
        ) from None


# -- files ----------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise _UnreadableError("is a binary file, not a scenario file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise _UnreadableError(f"is not UTF-8 text (byte 0x{byte:02x})", line=line) from None
    if not text.strip():
        raise _UnreadableError("is empty: expected one scenario, a list, or 'scenarios:'")
    return text


def _split(
    data: Any, file: str, locate: Locator, *, line_known: bool
) -> Iterator[RawScenario | InputFailure]:
    """One document's scenarios: a mapping, a list, or a mapping with a ``scenarios`` list."""

    def line_at(parts: Sequence[PathPart]) -> int | None:
        return locate(parts) if line_known else None

    if isinstance(data, dict) and "scenarios" in data:
        extra = sorted(str(k) for k in data if k != "scenarios")
        if extra:
            yield InputFailure(
                message="a file with 'scenarios:' holds no other keys",
                file=file,
                line=locate([extra[0]]),
                path=extra[0],
            )
            return
        items = data["scenarios"]
        if not isinstance(items, list):
            yield InputFailure(
                message="'scenarios' must be a list of scenarios",
                file=file,
                line=locate(["scenarios"]),
                path="scenarios",
            )
            return
        if not items:
            yield InputFailure(
                message="'scenarios' is an empty list", file=file, line=locate(["scenarios"])
            )
            return
        for index, item in enumerate(items):
            prefix: tuple[PathPart, ...] = ("scenarios", index)
            yield RawScenario(item, file, prefix, line_at(prefix), locate)
    elif isinstance(data, list):
        if not data:
            yield InputFailure(message="the file holds an empty list", file=file, line=1)
        for index, item in enumerate(data):
            yield RawScenario(item, file, (index,), line_at((index,)), locate)
    else:
        yield RawScenario(data, file, (), line_at(()), locate)


def _read_file(
    path: Path, name: str, *, parse: bool = True
) -> Iterator[RawScenario | RawLine | InputFailure]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl_path(path, name, parse=parse)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield InputFailure(message=f"cannot be read: {exc.strerror or exc}", file=name)
        return
    try:
        text = _decode(raw)
        if suffix in (".yaml", ".yml"):
            documents = list(yaml_documents(text))
            for data, locate in documents:
                yield from _split(data, name, locate, line_known=True)
        elif suffix == ".json":
            yield from _split(_json_load(text), name, _json_locator(text), line_known=False)
        else:
            yield from _split(_toml_load(text), name, _toml_locator(text), line_known=False)
    except _UnreadableError as problem:
        yield InputFailure(message=problem.message, file=name, line=problem.line, path=problem.path)


def _read_jsonl_path(
    path: Path, name: str, *, parse: bool = True
) -> Iterator[RawScenario | RawLine | InputFailure]:
    try:
        with path.open("rb") as stream:
            yield from read_jsonl(stream, name, parse=parse)
    except OSError as exc:
        yield InputFailure(message=f"cannot be read: {exc.strerror or exc}", file=name)


def _jsonl_locator(line: int) -> Locator:
    def locate(_parts: Sequence[PathPart]) -> int | None:
        return line

    return locate


class RawLine:
    """One unparsed line of a JSON Lines stream (for workers to parse: see ``--jobs``).

    A plain slotted class: a million of them pass through the parent process of a batch.
    """

    __slots__ = ("data", "file", "line")

    def __init__(self, data: bytes, file: str, line: int) -> None:
        self.data = data
        self.file = file
        self.line = line


def parse_jsonl_line(raw: bytes, name: str, number: int) -> RawScenario | InputFailure:
    """Parse one JSON Lines line into a raw scenario, or say why it cannot be read."""
    try:
        if b"\x00" in raw:
            raise _UnreadableError("is binary, not a JSON object")
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise _UnreadableError(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
        try:
            data = _decoder.decode(text)
        except json.JSONDecodeError as exc:
            message = f"JSON syntax error: {exc.msg} (column {exc.colno})"
            raise _UnreadableError(message) from None
        except RecursionError:
            raise _UnreadableError(f"nesting is deeper than {MAX_DEPTH} levels") from None
        except ValueError as exc:
            raise _UnreadableError(str(exc)) from None
        if data.__class__ is not dict:
            raise _UnreadableError("each line of a JSON Lines file holds one scenario object")
    except _UnreadableError as problem:
        return InputFailure(message=problem.message, file=name, line=number)
    return RawScenario(data, name, (), number, _jsonl_locator(number))


def read_jsonl(
    stream: IO[bytes], name: str, *, parse: bool = True
) -> Iterator[RawScenario | RawLine | InputFailure]:
    """Stream one scenario per line, in constant memory. Blank lines are skipped.

    With ``parse=False`` the lines come unparsed (:class:`RawLine`), for worker processes.
    """
    seen_any = False
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        seen_any = True
        yield parse_jsonl_line(raw, name, number) if parse else RawLine(raw, name, number)
    if not seen_any:
        yield InputFailure(message="is empty: expected one scenario object per line", file=name)


def iter_scenario_files(root: Path) -> list[Path]:
    """Every scenario file below ``root``, in sorted path order.

    Hidden files and folders, ``__pycache__``, and folders that hold a Python project
    (a ``pyproject.toml``, ``setup.py`` or ``setup.cfg``: an example plugin, say) are skipped.
    """
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".")
            and d != "__pycache__"
            and not any((Path(folder, d) / m).exists() for m in _PROJECT_MARKERS)
        ]
        found.extend(
            Path(folder, f)
            for f in files
            if not f.startswith(".") and Path(f).suffix.lower() in SCENARIO_SUFFIXES
        )
    return sorted(found, key=lambda p: p.relative_to(root).parts)


@overload
def read_inputs(
    paths: Iterable[str], stdin: IO[bytes] | None = ..., *, parse_lines: Literal[True] = ...
) -> Iterator[RawScenario | InputFailure]: ...


@overload
def read_inputs(
    paths: Iterable[str], stdin: IO[bytes] | None = ..., *, parse_lines: bool
) -> Iterator[RawScenario | RawLine | InputFailure]: ...


def read_inputs(
    paths: Iterable[str], stdin: IO[bytes] | None = None, *, parse_lines: bool = True
) -> Iterator[RawScenario | RawLine | InputFailure]:
    """Read every path in order: files, directories (recursively), and ``-`` (JSON Lines
    on standard input). Yields raw scenarios and failures, lazily; with
    ``parse_lines=False``, JSON Lines come as unparsed :class:`RawLine` objects."""
    for given in paths:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl(stream, "<stdin>", parse=parse_lines)
            continue
        path = Path(given)
        if path.is_dir():
            files = iter_scenario_files(path)
            if not files:
                yield InputFailure(
                    message="holds no scenario files (.yaml, .yml, .json, .toml, .jsonl)",
                    file=given,
                )
            for file in files:
                yield from _read_file(file, str(file), parse=parse_lines)
        elif not path.exists():
            yield InputFailure(message="no such file or directory", file=given)
        elif path.suffix.lower() not in SCENARIO_SUFFIXES:
            yield InputFailure(
                message=f"unsupported file type {path.suffix or '(none)'!r}: expected "
                + ", ".join(SCENARIO_SUFFIXES),
                file=given,
            )
        else:
            yield from _read_file(path, given, parse=parse_lines)
