"""YAML problems in words a chapter administrator understands, with their line and column.

Every problem PyYAML's scanner, parser, composer and safe constructor can raise (and the
wording libyaml gives the same problems, for readers built on the C loader) is translated:
what is wrong, where, and what to do about it. Each rule matches the problem (and, where the
problem alone is ambiguous, the context) and says whether the place to point at is the
problem's or the context's: a quote never closed is best shown where it opens, not at the
end of the file. tests/test_yaml_errors.py reads the inventory from PyYAML's own source.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import yaml

__all__ = ["yaml_problem"]

#: What PyYAML's token names are, in words.
_TOKEN_WORDS = {
    "<directive>": "a '%' directive line",
    "<document start>": "a '---' line",
    "<document end>": "a '...' line",
    "<stream start>": "the start of the file",
    "<stream end>": "the end of the file",
    "<block sequence start>": "a list item ('- ')",
    "<block mapping start>": "a 'key: value' line",
    "<block end>": "the end of an indented section",
    "[": "an opening '['",
    "{": "an opening '{'",
    "]": "a closing ']'",
    "}": "a closing '}'",
    "?": "a key",
    ":": "a ':'",
    "-": "a list item ('- ')",
    ",": "a comma",
    "<alias>": "text starting with '*' (an alias)",
    "<anchor>": "text starting with '&' (an anchor)",
    "<tag>": "text starting with '!' (a tag)",
    "<scalar>": "a value",
}

_QUOTE_IT = "put the value in quotes"
_INDENTATION = (
    "the indentation does not line up with the lines above: give the keys of one section "
    "the same number of spaces"
)
_FALLBACK = "the file is not valid YAML here"

Words = Callable[[yaml.MarkedYAMLError], str]


class _Rule(NamedTuple):
    """Plain words for the errors whose problem holds ``problem`` and context ``context``."""

    problem: str
    context: str
    words: str | Words
    #: point at the context's place (where a quote or a block opens), not the problem's
    at_context: bool = False


def _found(problem: str) -> str | None:
    """The token PyYAML names at the end of ``but found '...'`` / ``but got '...'``."""
    for marker in ("but found ", "but got "):
        if marker in problem:
            return problem.rsplit(marker, 1)[1].strip("'\"")
    return None


def _words(name: str | None) -> str:
    return _TOKEN_WORDS.get(name or "", "something else")


def _at(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "above"


def _line_before(mark: Any) -> str | None:
    """The text of the mark's line up to the mark (PyYAML's own reader keeps the buffer)."""
    buffer, pointer = getattr(mark, "buffer", None), getattr(mark, "pointer", None)
    if not isinstance(buffer, str) or not isinstance(pointer, int):
        return None
    return buffer[buffer.rfind("\n", 0, pointer) + 1 : pointer]


def _block_end(problem: str, context: str) -> str:
    """``expected <block end>, but found X`` (libyaml: ``did not find expected key``)."""
    found = _found(problem)
    if "'-' indicator" in problem or (found == "?" and "collection" in context):
        return (
            "a 'key: value' line where the next list item ('- ') was expected: start it with "
            "'- ', or line it up with the keys the list belongs to"
        )
    if found in ("<block sequence start>", "-"):
        return (
            "a list item ('- ') that does not line up with the lines above: indent it under "
            "its key, like the other items"
        )
    if found in ("]", "}"):
        return f"a closing '{found}' with no '{'[' if found == ']' else '{'}' before it"
    if found in (":", ","):
        return {
            ":": "a ':' with no key before it",
            ",": "a comma where a 'key: value' line was expected: put text holding commas "
            "in quotes",
        }[found]
    if found in ("<block mapping start>", "<block end>"):
        return _INDENTATION
    if found is None:
        return f"{_INDENTATION} (or a line is not 'key: value')"
    return f"{_words(found)} where a 'key: value' line was expected ({_INDENTATION})"


def _mapping_value(exc: yaml.MarkedYAMLError) -> str:
    """``mapping values are not allowed here``: a second ``': '`` on a line, or a key
    indented under a line that already has its value."""
    before = _line_before(exc.problem_mark)
    if before is None:
        return (
            "a ': ' where no key can start: line the key up with the keys above it, or put "
            "text that holds ': ' in quotes"
        )
    if ": " in before or before.rstrip().endswith(":"):
        return (
            "a second ': ' on one line: put the value in quotes (title: \"Re: the vendor's offer\")"
        )
    return (
        "a 'key: value' indented under a line that already has its value: line the key up "
        "with the keys above it (or put text that holds ': ' in quotes)"
    )


def _unexpected_character(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem)
    if "'\\t'" in problem or "tab character" in problem:
        return "a tab character: indent with spaces, never tabs"
    character = problem.partition("found character ")[2].partition(" that")[0]
    if character[:1] in ("'", '"'):
        return f"the character {character} cannot start a value: {_QUOTE_IT}"
    return (
        "a character that cannot start a value (such as @, ` or a tab): put the value in "
        "quotes, and indent with spaces"
    )


def _bad_escape(exc: yaml.MarkedYAMLError) -> str:
    name = str(exc.problem).partition("escape character ")[2].strip("'\"")
    which = f" (\\{name})" if len(name) == 1 and name.isprintable() else ""
    return (
        f'a backslash in "double quotes" that starts no escape YAML knows{which}: use '
        "'single quotes', or write \\\\ for one backslash"
    )


def _named(text: str, sigil: str) -> str:
    """`` (*name)`` from PyYAML's ``... alias 'name'``; empty where it gives no name."""
    parts = text.split("'")
    name = parts[1] if len(parts) >= 3 else ""
    return f" ({sigil}{name})" if name and name.isprintable() else ""


def _undefined_alias(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem)
    anchor = _named(problem, "&") or " (&name)"
    return (
        f"an alias{_named(problem, '*')} with no anchor{anchor} before it: {_QUOTE_IT} if it "
        "is text starting with '*'"
    )


def _tag(exc: yaml.MarkedYAMLError) -> str:
    tag = str(exc.problem).rpartition("for the tag ")[2].strip("'\"")
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
    return (
        f"the tag {tag} is not allowed in a scenario file: remove it, or {_QUOTE_IT} if it is "
        "text starting with '!'"
    )


def _node_content(exc: yaml.MarkedYAMLError) -> str:
    found = _found(str(exc.problem))
    if found == "<stream end>":
        return "the file ends inside a '[' or '{' that is never closed"
    return f"{_words(found)} where a value was expected" if found else "a value was expected here"


def _unclosed(kind: str, closing: str, items: str) -> Words:
    def words(exc: yaml.MarkedYAMLError) -> str:
        return (
            f"the {kind} that opens on {_at(exc.context_mark)} is not closed with "
            f"'{closing}', or two of its {items} have no comma between them"
        )

    return words


_DIRECTIVE = (
    "a line starting with '%' (a YAML directive) that is not valid: remove it (scenario files "
    "need none)"
)
_TAG_TEXT = f"text starting with '!' (which YAML reads as a tag): {_QUOTE_IT}"

_RULES = (
    # -- scanner ------------------------------------------------------------------------------
    _Rule("cannot start any token", "", _unexpected_character),
    _Rule("tab character that violates", "", _unexpected_character),
    _Rule(
        "could not find expected ':'",
        "",
        "a line that is not 'key: value': add ': ' after the key, or indent text that "
        "continues the value above under its key (or close a quote left open)",
        at_context=True,
    ),
    _Rule(
        "sequence entries are not allowed",
        "",
        "a list item ('- ') on the same line as its key: start the list on the next line, "
        "indented under the key",
    ),
    _Rule("mapping keys are not allowed", "", f"a '?' where no key can start: {_QUOTE_IT}"),
    _Rule("mapping values are not allowed", "", _mapping_value),
    _Rule(
        "incompatible YAML document",
        "",
        "the '%YAML' line asks for a YAML version other than 1.x: remove the line",
    ),
    _Rule("", "directive", _DIRECTIVE),
    _Rule("directive", "", _DIRECTIVE),
    _Rule(
        "duplicate tag handle",
        "",
        "the same '%TAG' directive twice: remove one (scenario files need none)",
    ),
    _Rule("", "tag", _TAG_TEXT, at_context=True),
    _Rule(
        "",
        "scanning an anchor",
        f"text starting with '&' (which YAML reads as an anchor, &name): {_QUOTE_IT}",
        at_context=True,
    ),
    _Rule(
        "",
        "scanning an alias",
        f"text starting with '*' (which YAML reads as an alias, *name): {_QUOTE_IT}",
        at_context=True,
    ),
    _Rule(
        "",
        "block scalar",
        "a '|' or '>' (a block of text) with something after it on its line: the text goes "
        f"on the lines below, indented under the key; or {_QUOTE_IT}",
        at_context=True,
    ),
    _Rule("escape", "", _bad_escape),
    _Rule("hexdecimal number", "", _bad_escape),
    _Rule(
        "unexpected end of stream",
        "",
        "a quote that opens here is never closed: add the closing quote",
        at_context=True,
    ),
    _Rule(
        "unexpected document",
        "",
        lambda exc: (
            "a quote that opens here is not closed before the '---' or '...' line "
            f"({_at(exc.problem_mark)}): add the closing quote"
        ),
        at_context=True,
    ),
    # -- parser -------------------------------------------------------------------------------
    _Rule("undefined tag handle", "", _TAG_TEXT),
    _Rule(
        "<document start>",
        "",
        "a new document must start with a '---' line here (after a '...' line or a '%' "
        "directive): add '---' before the text, or remove the '...' line",
    ),
    _Rule("<block end>", "", lambda exc: _block_end(str(exc.problem), str(exc.context or ""))),
    _Rule("did not find expected key", "", lambda exc: _block_end("", "")),
    _Rule("'-' indicator", "", lambda exc: _block_end(str(exc.problem), "collection")),
    _Rule("node content", "", _node_content),
    _Rule("',' or ']'", "", _unclosed("list in [brackets]", "]", "items")),
    _Rule("',' or '}'", "", _unclosed("mapping in {braces}", "}", "entries")),
    # -- composer -----------------------------------------------------------------------------
    _Rule("undefined alias", "", _undefined_alias),
    _Rule(
        "",
        "duplicate anchor",
        lambda exc: (
            f"the same anchor{_named(str(exc.context), '&')} twice (first on "
            f"{_at(exc.context_mark)}): rename one"
        ),
    ),
    _Rule("", "single document", "a second document ('---') where the file may hold only one"),
    # -- safe constructor ---------------------------------------------------------------------
    _Rule("could not determine a constructor", "", _tag),
    _Rule("unhashable key", "", "a key that is a list or a mapping: a key is plain text"),
    _Rule(
        "for merging",
        "",
        "'<<' (which YAML reads as a merge) takes a mapping or a list of mappings: put '<<' "
        "in quotes if it is a key",
    ),
    _Rule("", "ordered map", "a '!!omap' value that is not a list of one-key mappings"),
    _Rule("", "pairs", "a '!!pairs' value that is not a list of one-key mappings"),
    _Rule("base64", "", "a '!!binary' value that is not valid base64"),
    _Rule("recursive node", "", "a YAML alias refers to itself"),
    _Rule(
        " node, but found ",
        "",
        "a tag (such as !!str or !!map) that does not fit its value: remove the tag",
    ),
)


def yaml_problem(exc: yaml.MarkedYAMLError) -> tuple[str, int | None]:
    """A YAML error in plain words with its column (``YAML syntax error (column 10): a
    second ': ' on one line: ...``), and the 1-based line to show it at: the problem's, or
    where it starts when that is the place to look (a quote never closed)."""
    problem, context = str(exc.problem or ""), str(exc.context or "")
    rule = next(
        (r for r in _RULES if r.problem in problem and r.context in context),
        _Rule("", "", _FALLBACK),
    )
    message = rule.words if isinstance(rule.words, str) else rule.words(exc)
    mark = (exc.context_mark if rule.at_context else None) or exc.problem_mark or exc.context_mark
    if mark is None:
        return f"YAML syntax error: {message}", None
    return f"YAML syntax error (column {mark.column + 1}): {message}", mark.line + 1
