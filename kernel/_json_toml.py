"""The JSON and TOML readers: duplicate keys refused, nesting and number length bounded as for
YAML, and lines found for field paths (for JSON through YAML nodes, for TOML by reading its
headers and keys once)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any

import yaml
from yaml.nodes import Node

from ._parsing import PathPart, format_path
from ._readers import (
    _TOO_MANY_DIGITS,
    MAX_DEPTH,
    MAX_INT_BITS,
    MAX_INT_DIGITS,
    Locator,
    _UnreadableError,
    yaml_locate,
)

__all__ = [
    "check_nesting",
    "decode_json",
    "depth_line",
    "end_position",
    "json_load",
    "json_locator",
    "json_syntax_error",
    "long_number_line",
    "toml_load",
    "toml_locator",
    "toml_nesting_line",
]


def _tomllib() -> Any:
    """tomllib (tomli on 3.10), imported only when a TOML file is read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


_decoder = json.JSONDecoder(object_pairs_hook=_json_pairs)
#: Decode one JSON text, refusing duplicate keys.
decode_json = _decoder.decode


def depth_line(text: str, limit: int = MAX_DEPTH) -> int | None:
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


def _check_depth(text: str) -> None:
    """Refuse nesting past :data:`MAX_DEPTH`, as YAML does, before decoding: cheap, since
    only text with that many opening brackets in all can nest that deep."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        line = depth_line(text)
        if line is not None:
            raise _UnreadableError(f"nesting is deeper than {MAX_DEPTH} levels", line=line)


def long_number_line(text: str) -> int | None:
    """The line of the first integer longer than :data:`MAX_INT_DIGITS`, if any."""
    match = _LONG_NUMBER.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


_LONG_NUMBER = re.compile(rf"\d{{{MAX_INT_DIGITS + 1},}}")


def end_position(text: str, position: int | None = None) -> tuple[int, int]:
    """The 1-based line and column of ``position`` in ``text`` (its end if ``None``), never
    past the last character that is not white space: a problem found at the end of a text
    cut off (``{"id": "b",`` and a line break) is shown just after its last character,
    where the rest is missing, not on a line that holds nothing."""
    end = len(text.rstrip(" \t\r\n"))
    position = end if position is None else min(max(position, 0), end)
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, column


def json_syntax_error(exc: json.JSONDecodeError) -> _UnreadableError:
    """A JSON syntax error with its line and column, in the form every reader gives
    (``JSON syntax error (column 11): ...``, as YAML and TOML say theirs)."""
    line, column = end_position(exc.doc, exc.pos)
    return _UnreadableError(f"JSON syntax error (column {column}): {exc.msg}", line=line)


def json_load(text: str) -> Any:
    _check_depth(text)
    try:
        return _decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise json_syntax_error(exc) from None
    except RecursionError:
        raise _UnreadableError(
            f"nesting is deeper than {MAX_DEPTH} levels", line=depth_line(text)
        ) from None
    except ValueError as exc:  # duplicate keys, or a number too long for Python
        line = long_number_line(text)
        if line is not None:
            raise _UnreadableError(_TOO_MANY_DIGITS, line=line) from None
        raise _UnreadableError(str(exc)) from None


def json_locator(text: str) -> Locator:
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


def toml_locator(text: str) -> Locator:
    """Lines for TOML fields, found by reading table headers and keys: one pass over the
    text when first asked, then a lookup per field (a file with thousands of errors stays
    linear)."""

    def clean(key: str) -> list[str]:
        return [k.strip().strip("\"'") for k in key.split(".")]

    table_of: dict[str, int] = {}

    def index() -> None:
        counts: dict[str, int] = {}
        table = ""
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
            table_of.setdefault(candidate, number)

    def locate(parts: Sequence[PathPart]) -> int | None:
        if not table_of:
            index()
        for size in range(len(parts), 0, -1):  # the longest known prefix of the path
            found = table_of.get(format_path(parts[:size]))
            if found is not None:
                return found
        return None

    return locate


def toml_nesting_line(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where a TOML text first nests past ``limit``: by brackets of arrays and
    inline tables, or by the parts of one dotted key or table header (``a.b.c``), read
    with TOML's own rules for comments and its four kinds of strings (so neither a
    ``don't`` in a comment nor ``'C:\\'`` hides a bracket). Checked before tomllib reads
    the text, whose cost grows with the square of a key's parts."""
    depth = 0
    line = 1
    dots = 0  # the dots of keys on this line: each one nests a level
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line += 1
            dots = 0
        elif char == "#":  # a comment, to the end of the line
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        elif char in "\"'":
            quotes = text[index : index + 3]
            if quotes in ('"""', "'''"):  # a multi-line string
                end = _string_end(text, index + 3, quotes, escapes=char == '"')
                line += text.count("\n", index, end)
                index = end
                continue
            end = _string_end(text, index + 1, char, escapes=char == '"')
            index = end
            continue
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth -= 1
        elif char == "." and not (
            text[index - 1 : index].isdigit() and text[index + 1 : index + 2].isdigit()
        ):  # a dotted key's dot; not a number's decimal point
            dots += 1
            if dots + 1 > limit:
                return line
        index += 1
    return None


def _string_end(text: str, start: int, closing: str, *, escapes: bool) -> int:
    """The index just past the string closed by ``closing`` (``"``, ``'``, ``\"\"\"``,
    ``'''``) from ``start``; the end of the line (or text) if it never closes."""
    index, size = start, len(text)
    single = len(closing) == 1
    while index < size:
        char = text[index]
        if escapes and char == "\\":
            index += 2
            continue
        if single and char == "\n":
            return index
        if text.startswith(closing, index):
            return index + len(closing)
        index += 1
    return size


def check_nesting(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """What a decoded document breaks of the limits, or ``None``: nesting past ``limit``
    (however the text got there: dotted keys, table headers) or an integer too long to
    print (a hexadecimal one, say, which Python's own digit limit does not count). Walks
    the data without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth > limit:
                return f"nesting is deeper than {limit} levels"
            stack.extend((v, depth + 1) for v in value.values())
            stack.extend((k, depth + 1) for k in value if isinstance(k, int))
        elif isinstance(value, list):
            if depth > limit:
                return f"nesting is deeper than {limit} levels"
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            return _TOO_MANY_DIGITS
    return None


_TOML_PLACE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)")


def _toml_syntax_error(message: str, text: str) -> _UnreadableError:
    """tomllib's ``... (at line 2, column 26)`` in the form every reader gives (``TOML syntax
    error (column 26): ...``); ``(at end of document)`` becomes the end of what is written."""
    place = _TOML_PLACE.search(message)
    if place is None:
        return _UnreadableError(f"TOML syntax error: {message}")
    if place.group(1) is not None:
        line, column = int(place.group(1)), int(place.group(2))
    else:
        line, column = end_position(text)
    words = message[: place.start()] + message[place.end() :]
    return _UnreadableError(f"TOML syntax error (column {column}): {words}", line=line)


def toml_load(text: str) -> Any:
    tomllib = _tomllib()
    line = toml_nesting_line(text)
    if line is not None:
        raise _UnreadableError(f"nesting is deeper than {MAX_DEPTH} levels", line=line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_syntax_error(str(exc), text) from None
    except RecursionError:
        raise _UnreadableError(
            f"nesting is deeper than {MAX_DEPTH} levels", line=toml_nesting_line(text)
        ) from None
    except ValueError:  # a number too long for Python, which tomllib does not catch
        line = long_number_line(text)
        message = (
            _TOO_MANY_DIGITS if line is not None else "TOML error: a value that cannot be read"
        )
        raise _UnreadableError(message, line=line) from None
    problem = check_nesting(data)
    if problem is not None:
        raise _UnreadableError(problem)
    return data
