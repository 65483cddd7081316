"""What every scenario-file reader shares (the limits on hostile input, the error a reader
raises, the line locator it returns) and the YAML reader, which keeps line numbers by
composing nodes itself (:mod:`ala_policy.inputs` reads files and streams with them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._parsing import PathPart

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "MAX_INT_BITS",
    "BoolWord",
    "Locator",
    "yaml_bool_word",
    "yaml_documents",
    "yaml_locate",
]

#: How deeply a scenario file may nest lists and mappings.
MAX_DEPTH = 64
#: How many nodes YAML aliases may add, beyond the nodes written out, in one document.
MAX_ALIAS_EXPANSION = 100_000
#: How many digits an integer may have (Python's own limit on converting text to numbers).
MAX_INT_DIGITS = 4300
#: How many bits an integer may have: as many as :data:`MAX_INT_DIGITS` decimal digits
#: (a hexadecimal or base-60 integer is bounded by the digits it would print as).
MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219280948873626)
#: How large a scenario file (other than JSON Lines) may be, in bytes.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: How long one line of JSON Lines may be, in bytes.
MAX_LINE_BYTES = 1024 * 1024

_TOO_MANY_DIGITS = f"a number has more than {MAX_INT_DIGITS:,} digits"

#: Gives the 1-based line of a field path in the document read, where it can.
Locator = Callable[[Sequence[PathPart]], "int | None"]


class _UnreadableError(Exception):
    def __init__(self, message: str, line: int | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path


# -- YAML -------------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe loading, timestamps kept as strings (so bad dates get field paths), duplicate keys
    refused, and nesting bounded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _UnreadableError(
                    f"nesting is deeper than {MAX_DEPTH} levels", line=mark.line + 1
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: ScalarNode) -> int:
        digits = sum(char.isdigit() for char in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise _UnreadableError(_TOO_MANY_DIGITS, line=node.start_mark.line + 1)
        number = int(super().construct_yaml_int(node))
        if number.bit_length() > MAX_INT_BITS:  # 0xfff..., 1:5:5...: fewer digits written
            raise _UnreadableError(_TOO_MANY_DIGITS, line=node.start_mark.line + 1)
        return number

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    raise _UnreadableError(
                        f"duplicate key {key_node.value!r}", line=key_node.start_mark.line + 1
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def _timestamp_as_text(loader: _Loader, node: Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: Node) -> None:
    """Refuse documents whose aliases expand past the limit, refer to themselves, or nest
    the data past :data:`MAX_DEPTH` (an alias adds the depth of what it names, which the
    text's own nesting does not show)."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            in_progress.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if depths[key] > MAX_DEPTH:
                raise _UnreadableError(
                    f"nesting is deeper than {MAX_DEPTH} levels (through YAML aliases)",
                    line=node.start_mark.line + 1,
                )
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise _UnreadableError("a YAML alias refers to itself", line=node.start_mark.line + 1)
        in_progress.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in in_progress:
                line = child.start_mark.line + 1
                raise _UnreadableError("a YAML alias refers to itself", line=line)
            if id(child) not in sizes:
                stack.append((child, False))
    expanded = sizes[id(root)]
    if expanded - len(sizes) > MAX_ALIAS_EXPANSION:
        raise _UnreadableError(
            f"YAML aliases expand to {expanded:,} nodes from {len(sizes):,}; "
            f"at most {MAX_ALIAS_EXPANSION:,} more are allowed",
            line=root.start_mark.line + 1,
        )


#: Gives the word a boolean at a field path is written as, where YAML 1.1 read a word other
#: than true or false (``on``, ``No``) as one; ``None`` anywhere else.
BoolWord = Callable[[Sequence[PathPart]], "str | None"]


def _yaml_node(root: Node, parts: Sequence[PathPart]) -> Node | None:
    """The node at a field path, or ``None`` where the path leads nowhere."""
    node = root
    for part in parts:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                    node = value_node
                    break
            else:
                return None
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node = node.value[part]
        else:
            return None
    return node


def yaml_bool_word(root: Node, parts: Sequence[PathPart]) -> str | None:
    """The word a boolean at ``parts`` is written as, where it is a plain (unquoted) ``yes``,
    ``no``, ``on`` or ``off`` (YAML 1.1, which PyYAML reads, takes them as true and false
    in any of their cases); ``None`` for ``true``, ``false``, a quoted word or anything
    else. Someone who wrote ``id: on`` meant the text."""
    node = _yaml_node(root, parts)
    if (
        isinstance(node, ScalarNode)
        and node.tag == "tag:yaml.org,2002:bool"
        and node.style is None
        and str(node.value).lower() not in ("true", "false")
    ):
        return str(node.value)
    return None


def yaml_locate(root: Node, parts: Sequence[PathPart]) -> int | None:
    node = root
    line = node.start_mark.line + 1
    for part in parts:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def yaml_documents(text: str) -> Iterator[tuple[Any, Locator, BoolWord]]:
    """Each document of a YAML text with its line locator and its :data:`BoolWord`;
    documents that hold nothing (a trailing ``---``, a file of comments) are skipped."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise _unacceptable(text, exc) from None
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:  # pragma: no cover - check_node() said there was one
                break
            _check_expansion(node)
            data = loader.construct_document(node)
            if data is None and _empty(node):
                continue

            def locate(parts: Sequence[PathPart], root: Node = node) -> int | None:
                return yaml_locate(root, parts)

            def bool_word(parts: Sequence[PathPart], root: Node = node) -> str | None:
                return yaml_bool_word(root, parts)

            yield data, locate, bool_word
    except yaml.reader.ReaderError as exc:
        raise _unacceptable(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        from ._yaml_problems import yaml_problem  # only a file that fails needs the wording

        message, line = yaml_problem(exc)
        raise _UnreadableError(message, line=line) from None
    except yaml.YAMLError:
        raise _UnreadableError("YAML syntax error: the file is not valid YAML") from None
    except RecursionError:
        raise _UnreadableError(f"nesting is deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # a number past Python's limits, in a form not caught above
        raise _UnreadableError(
            _TOO_MANY_DIGITS if "digits" in str(exc) else "a bad value"
        ) from None
    finally:
        if "loader" in locals():
            loader.dispose()


def _empty(node: Node) -> bool:
    """A document that holds nothing written (``---`` alone), not an explicit null."""
    return isinstance(node, ScalarNode) and node.value == "" and node.tag.endswith(":null")


def _unacceptable(text: str, exc: yaml.reader.ReaderError) -> _UnreadableError:
    """A character YAML refuses (a control character, U+FFFE): named, with its line."""
    position = min(max(int(exc.position), 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character
    code = ord(character) if isinstance(character, str) else int(character)
    return _UnreadableError(
        f"the character U+{code:04X} is not allowed in a YAML file (column {column}; a "
        'control or non-character code point): write it as an escape in "double quotes" '
        "if it is meant",
        line=line,
    )
