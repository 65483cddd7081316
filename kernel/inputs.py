"""Reading scenario files: YAML, JSON, TOML, JSON Lines (streamed), directories and stdin.

Every problem becomes an :class:`~ala_policy.models.InputFailure` naming the file, the line
(where the format has lines) and the field path; reading goes on with the next scenario.
Hostile input is bounded: YAML aliases may not expand past a limit, nesting may not go
deeper than a limit, binary and empty files are refused with a message.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, overload

from ._json_toml import (
    decode_json,
    depth_line,
    json_load,
    json_locator,
    json_syntax_error,
    long_number_line,
    toml_load,
    toml_locator,
)
from ._parsing import SCHEMA_KEY, PathPart, format_path
from ._readers import (
    _TOO_MANY_DIGITS,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    BoolWord,
    Locator,
    _UnreadableError,
    yaml_documents,
)
from ._values import key_text, refuses_a_boolean
from .models import InputFailure

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "SCENARIO_SUFFIXES",
    "RawLine",
    "RawScenario",
    "iter_scenario_files",
    "parse_jsonl_line",
    "read_document",
    "read_inputs",
]

#: File suffixes read as scenario files.
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".jsonl")
#: Files that mark a directory as a Python project, not a folder of scenarios.
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg")
#: Files a folder holds for editors, not scenarios.
_SCHEMA_SUFFIXES = (".schema.json", ".schema.yaml", ".schema.yml")


class RawScenario:
    """One scenario's plain data and where it came from.

    :param data: the scenario as parsed (not yet validated).
    :param file: the file name as given (``<stdin>`` for standard input).
    :param prefix: the path of the scenario within its file (``("scenarios", 3)``).
    :param line: the scenario's first line, where cheaply known.
    :param locator: finds the line of a path within the file, where it can.
    :param bool_word: for YAML, finds the ``on``, ``off``, ``yes`` or ``no`` that YAML read
        as a boolean at a path (see :meth:`failure`).

    A plain slotted class, like :class:`RawLine`: an internal record, built once per scenario,
    that needs none of the methods attrs would generate (and compile at every start).
    """

    __slots__ = ("bool_word", "data", "file", "line", "locator", "prefix")

    def __init__(
        self,
        data: Any,
        file: str,
        prefix: tuple[PathPart, ...] = (),
        line: int | None = None,
        locator: Locator | None = None,
        bool_word: BoolWord | None = None,
    ) -> None:
        self.data = data
        self.file = file
        self.prefix = prefix
        self.line = line
        self.locator = locator
        self.bool_word = bool_word

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

    def failure(self, parts: Sequence[PathPart], message: str) -> InputFailure:
        """The input error of a field: its message, file, line and path.

        Where the field's value is a boolean only because YAML 1.1 reads an unquoted ``on``,
        ``off``, ``yes`` or ``no`` as one (``id: on``, ``title: yes``) and a boolean is not
        what the field takes, the message says so and how to write the text instead: a
        bare "expected a string, got a boolean true" puzzles whoever wrote ``on``. Where a
        boolean is expected (``pending_business: yes``) the word is read as one and no
        error is raised at all.
        """
        if self.bool_word is not None and refuses_a_boolean(message):
            word = self.bool_word((*self.prefix, *parts))
            if word is not None:
                message = (
                    f"{message}: YAML reads an unquoted on, off, yes or no as true or false; "
                    f'put the value in quotes ("{word}") to give it as text'
                )
        return InputFailure(
            message=message, file=self.file, line=self.line_of(parts), path=self.path(parts) or None
        )


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


def _is_json_schema(data: Any) -> bool:
    """A JSON Schema document (``ala-policy schema``'s, say): its ``$schema`` names a JSON
    Schema dialect, where a scenario's would point at a schema file."""
    if not isinstance(data, dict):
        return False
    dialect = data.get(SCHEMA_KEY)
    return isinstance(dialect, str) and "json-schema.org/" in dialect


def _split(
    data: Any, file: str, locate: Locator, *, line_known: bool, bool_word: BoolWord | None = None
) -> Iterator[RawScenario | InputFailure]:
    """One document's scenarios: a mapping, a list, or a mapping with a ``scenarios`` list."""

    def line_at(parts: Sequence[PathPart]) -> int | None:
        return locate(parts) if line_known else None

    if _is_json_schema(data):
        yield InputFailure(
            message="is a JSON Schema, not a scenario file (a folder skips it when its name "
            "ends in .schema.json)",
            file=file,
            line=locate([SCHEMA_KEY]) if line_known else None,
        )
        return
    if isinstance(data, dict) and "scenarios" in data:
        extra = sorted(key_text(k) for k in data if k not in ("scenarios", SCHEMA_KEY))
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
            yield RawScenario(item, file, prefix, line_at(prefix), locate, bool_word)
    elif isinstance(data, list):
        if not data:
            yield InputFailure(message="the file holds an empty list", file=file, line=1)
        for index, item in enumerate(data):
            yield RawScenario(item, file, (index,), line_at((index,)), locate, bool_word)
    else:
        yield RawScenario(data, file, (), line_at(()), locate, bool_word)


def _read_file(
    path: Path, name: str, *, parse: bool = True
) -> Iterator[RawScenario | RawLine | InputFailure]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl_path(path, name, parse=parse)
        return
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        yield InputFailure(message=f"cannot be read: {exc.strerror or exc}", file=name)
        return
    yield from read_document(raw, name, suffix)


def read_document(raw: bytes, name: str, suffix: str) -> Iterator[RawScenario | InputFailure]:
    """The scenarios of one document already in memory (a request body, say), read as a file
    of that ``suffix`` would be (``.yaml``, ``.yml``, ``.json``, ``.toml`` or ``.jsonl``),
    with the same limits and messages; ``name`` stands for the file in errors."""
    suffix = suffix.lower()
    if suffix == ".jsonl":
        for item in read_jsonl(io.BytesIO(raw), name):
            assert not isinstance(item, RawLine), "parsed lines only"
            yield item
        return
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise _UnreadableError(
                f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; put large batches in "
                "JSON Lines (.jsonl), which is read as a stream"
            )
        text = _decode(raw)
        if suffix in (".yaml", ".yml"):
            documents = list(yaml_documents(text))
            if not documents:
                raise _UnreadableError(
                    "holds no scenario, only comments or empty documents: expected one "
                    "scenario, a list, or 'scenarios:'"
                )
            for data, locate, bool_word in documents:
                yield from _split(data, name, locate, line_known=True, bool_word=bool_word)
        elif suffix == ".json":
            yield from _split(json_load(text), name, json_locator(text), line_known=False)
        else:
            yield from _split(toml_load(text), name, toml_locator(text), line_known=False)
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
        if raw.startswith(b"\xef\xbb\xbf"):
            if number != 1:
                raise _UnreadableError(
                    "a byte-order mark (U+FEFF) may only start the file, not a later line"
                )
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _UnreadableError(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
        if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and depth_line(text) is not None:
            raise _UnreadableError(f"nesting is deeper than {MAX_DEPTH} levels")
        try:
            data = decode_json(text)
        except json.JSONDecodeError as exc:
            raise json_syntax_error(exc) from None  # its line is the stream's, not the text's
        except RecursionError:
            raise _UnreadableError(f"nesting is deeper than {MAX_DEPTH} levels") from None
        except ValueError as exc:
            too_long = long_number_line(text) is not None
            raise _UnreadableError(_TOO_MANY_DIGITS if too_long else str(exc)) from None
        if data.__class__ is not dict:
            raise _UnreadableError("each line of a JSON Lines file holds one scenario object")
    except _UnreadableError as problem:
        return InputFailure(message=problem.message, file=name, line=number)
    return RawScenario(data, name, (), number, _jsonl_locator(number))


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of a JSON Lines stream, ended by LF, CRLF or a bare CR; ``None`` for a line
    longer than :data:`MAX_LINE_BYTES`, whose rest is skipped in bounded memory."""
    readline = stream.readline
    while True:
        raw = readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                raw = readline(MAX_LINE_BYTES)
            yield None
            continue
        if b"\r" in raw.rstrip(b"\r\n"):  # bare CR line endings (old Mac files)
            yield from (part for part in raw.rstrip(b"\n").split(b"\r"))
            continue
        yield raw


def read_jsonl(
    stream: IO[bytes], name: str, *, parse: bool = True
) -> Iterator[RawScenario | RawLine | InputFailure]:
    """Stream one scenario per line, in constant memory. Blank lines are skipped.

    With ``parse=False`` the lines come unparsed (:class:`RawLine`), for worker processes.
    """
    seen_any = False
    for number, raw in enumerate(_lines(stream), start=1):
        if raw is None:
            seen_any = True
            yield InputFailure(
                message=f"the line is longer than {MAX_LINE_BYTES:,} bytes", file=name, line=number
            )
            continue
        if not raw.strip():
            continue
        seen_any = True
        yield parse_jsonl_line(raw, name, number) if parse else RawLine(raw, name, number)
    if not seen_any:
        yield InputFailure(message="is empty: expected one scenario object per line", file=name)


def iter_scenario_files(root: Path) -> list[Path]:
    """Every scenario file below ``root``, in sorted path order.

    Hidden files and folders, ``__pycache__``, folders that hold a Python project (a
    ``pyproject.toml``, ``setup.py`` or ``setup.cfg``: an example plugin, say) and JSON
    Schema files (``*.schema.json``, such as ``ala-policy schema`` writes) are skipped.
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
            if not f.startswith(".")
            and Path(f).suffix.lower() in SCENARIO_SUFFIXES
            and not f.lower().endswith(_SCHEMA_SUFFIXES)
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
            stream = stdin
            if stream is None and sys.stdin is not None:
                stream = sys.stdin.buffer
            if stream is None:
                yield InputFailure(message="is closed: nothing to read", file="<stdin>")
                continue
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
                if not file.is_file():  # a FIFO, a device, a socket, or a link to one
                    yield InputFailure(
                        message="is not a regular file (a FIFO, device or socket, or a link "
                        "to one): not read",
                        file=str(file),
                    )
                    continue
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
