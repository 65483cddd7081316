"""Property tests: ``Engine.evaluate``, the scenario-file readers and the command line, on
generated input that is realistic (scenarios built from the registered areas' facts) and
hostile (wrong types, extra and non-string keys, huge, NaN and infinite numbers, lone
surrogates and control characters, deep nesting, sets, bytes and dates; files of random
bytes, mangled documents, and the constructs readers are attacked with).

The properties (issue 12):

1. ``Engine.evaluate`` of any mapping returns a well-formed :class:`~ala_policy.Outcome` or
   raises :class:`~ala_policy.ScenarioError` with a field path and a one-line message in the
   user's words, the same on every call; a mapping of any kind, in any key order, is read
   as the same dict would be.
2. Any bytes in a file of any scenario suffix are read into raw scenarios and failures (no
   deeper than ``MAX_DEPTH``), and decided into outcomes, one per item read, an error
   outcome for each item that cannot be read; never an exception.
3. ``ala-policy evaluate`` writes valid output in every format, with the exit code its
   results call for, never a traceback; ``--jobs 2`` writes the same bytes as ``--jobs 1``.
4. ``ala-policy explain`` and ``ala-policy test`` never end in a traceback.

The suite runs them with few examples (the ``default`` profile, registered below, derandomized
so that it is the same run every time); ``tox -e fuzz`` runs them at length and at random (the
``long`` profile, registered in ``conftest.py``: ``--hypothesis-profile`` is applied before
test modules are imported). Every test takes a share of the profile's examples, by its cost.

Every input that ever failed is kept as an explicit ``@example``, the package's bugs (A-H,
each marked "was bug" where its input is kept) and the tests' own mistakes alike. A bug
found and not yet fixed is kept as an expected failure (``.xfail``) with its class left out
of the strategies; once fixed, the ``.xfail`` goes (the example stays), and so does the
exclusion.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import typing
import xml.etree.ElementTree as ET
from collections import ChainMap, OrderedDict, UserDict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ala_policy import Decision, Engine, Outcome, ScenarioError, Summary
from ala_policy._parsing import ENVELOPE_KEYS
from ala_policy.cli import main
from ala_policy.expectations import unmet_expectations
from ala_policy.explain import fact_values
from ala_policy.inputs import MAX_DEPTH, RawLine, RawScenario, read_inputs
from ala_policy.models import FINDING_DECISIONS, ROLES, InputFailure
from ala_policy.pipeline import evaluate_paths
from ala_policy.testing import make_engine

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _examples(share: float, least: int = 2) -> settings:
    """This test's examples: ``share`` of the active profile's (a test that costs more takes
    fewer), at least ``least``."""
    return settings(max_examples=max(least, round(settings().max_examples * share)))


# -- what scenarios are made of ------------------------------------------------------------

_ENGINE = make_engine()
AREAS: dict[str, type] = {name: area.facts for name, area in sorted(_ENGINE.areas.items())}
CLAUSES = tuple(
    sorted(
        {
            clause
            for rules in _ENGINE.declared_citations.values()
            for clauses in rules.values()
            for clause in clauses
        }
    )
)
DECISIONS = tuple(decision.value for decision in Decision)
FORMATS = ("text", "json", "jsonl", "markdown", "html", "junit")
SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".jsonl")


def _words() -> tuple[str, ...]:
    """Every word a scenario is written with: keys, fact names and values, roles, decisions."""
    words = {*ROLES, *DECISIONS, *AREAS, *ENVELOPE_KEYS, "role", "member", "name", "scenarios"}
    for facts in AREAS.values():
        words.update(field.name for field in attrs.fields(facts))
        for values in fact_values(facts).values():
            words.update(value for value in values if isinstance(value, str))
    return tuple(sorted(words))


WORDS = _words()

#: Text that has broken, or could break, a reader, a renderer or a terminal.
SPECIAL_TEXT = (
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x1b[31mred\x1b[0m",
    "\x1b[2J",
    "\x07",
    "\x7f",
    "\x85",
    "\x9b",
    "\ud800",
    "\udfff",
    "a\ud83dz",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\U0001f600",
    "e\u0301",
    "\x0b",
    "\x0c",
    "</html>",
    "<script>alert(1)</script>",
    "]]>",
    "&amp;",
    "&#0;",
    '"',
    "'",
    "\\",
    "\\u0000",
    "{}",
    "[]",
    "null",
    "~",
    "yes",
    "NaN",
    "- a",
    ": ",
    "#",
    "---",
    "...",
    "*a",
    "&a",
    "!!binary",
    "%s%n{0}",
    "| x |",
    "**b** `c` _d_",
    "# h",
    "1. x",
    "<!--",
)

TEXT = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(exclude_categories=()), max_size=20),  # surrogates and controls
    st.sampled_from(SPECIAL_TEXT),
    st.integers(1000, 6000).map(lambda size: "x" * size),
)
ID = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,24}", fullmatch=True)
DATES = st.one_of(st.dates(datetime.date(2005, 1, 1), datetime.date(2035, 12, 31)), st.dates())
AMOUNTS = st.one_of(
    st.integers(0, 10**6),
    st.floats(0, 1e9, allow_nan=False),
    st.sampled_from([0, 0.0, 1e308, 5e-324]),
)


def _fact_strategy(facts: type, name: str) -> st.SearchStrategy[Any] | None:
    """A fact's realistic values: its enumeration, else by its type."""
    values = fact_values(facts).get(name)
    if values:
        return st.sampled_from(values)
    hint = typing.get_type_hints(facts)[name]
    types = {hint, *typing.get_args(hint)}
    if float in types:
        return AMOUNTS
    if int in types:
        return st.integers(0, 10**6)
    if str in types:
        return TEXT
    return None


@st.composite
def sections(draw: st.DrawFn, facts: type) -> dict[str, Any]:
    """An area section: every required fact, some of the others (``null`` for unknown)."""
    out: dict[str, Any] = {}
    for field in attrs.fields(facts):
        strategy = _fact_strategy(facts, field.name)
        if strategy is None:
            continue
        if field.default is attrs.NOTHING or draw(st.booleans()):
            if field.default is None:
                strategy = st.one_of(strategy, st.none())
            out[field.name] = draw(strategy)
    return out


@st.composite
def scenarios(draw: st.DrawFn, ident: st.SearchStrategy[str] = ID) -> dict[str, Any]:
    """A valid scenario: the envelope and one to three area sections, keys in any order."""
    role = draw(st.sampled_from(ROLES))
    actor: dict[str, Any] = {"role": role}
    member = draw(
        st.sampled_from(
            {"member": (True, None, "-"), "non_member": (False, None, "-")}.get(
                role, (True, False, None, "-")
            )
        )
    )
    if member != "-":
        actor["member"] = member
    for key in ("name", "organization"):
        if draw(st.booleans()):
            actor[key] = draw(TEXT)
    data: dict[str, Any] = {"id": draw(ident), "actor": actor}
    if draw(st.booleans()):
        data["title"] = draw(TEXT)
    if draw(st.booleans()):
        day = draw(DATES)
        data["date"] = day.isoformat() if draw(st.booleans()) else day
    if draw(st.booleans()):
        data["expect"] = {
            "decision": draw(st.sampled_from(DECISIONS)),
            "cites": draw(st.lists(st.one_of(st.sampled_from(CLAUSES), TEXT), max_size=3)),
        }
    names = draw(st.lists(st.sampled_from(sorted(AREAS)), min_size=1, max_size=3, unique=True))
    for name in names:
        data[name] = draw(sections(AREAS[name]))
    order = draw(st.permutations(list(data)))
    return {key: data[key] for key in order}


# -- hostile values ------------------------------------------------------------------------

#: Numbers past what floats hold, or past Python's limit on printing an integer (as
#: ``(base, exponent, sign)``: Hypothesis prints a strategy's values, and ``repr`` refuses).
BIG = st.sampled_from(
    [(10, 400, 1), (10, 400, -1), (2, 64, 1), (16, 4000, 1), (10, 5000, 1), (10, 5000, -1)]
).map(lambda big: big[2] * big[0] ** big[1])
HASHABLE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.binary(max_size=4), st.dates()
)
# An integer key too long to print (BIG) once made str(key) raise (bug D).
KEYS = st.one_of(
    TEXT,
    BIG,
    st.sampled_from(WORDS),
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(),
    st.binary(max_size=4),
    st.dates(),
    st.tuples(st.integers(), TEXT),
    st.frozensets(st.integers(), max_size=2),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    BIG,
    st.floats(),
    TEXT,
    st.sampled_from(WORDS),
    st.binary(max_size=8),
    st.builds(bytearray, st.binary(max_size=4)),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.decimals(allow_nan=False),
    st.just(decimal.Decimal("NaN")),
    st.fractions(),
    st.complex_numbers(max_magnitude=1e6),
)
# Values of kinds no scenario file holds (an object, a class, a function) were once shown by
# their repr, Python internals and all (bug C).
VALUES = st.recursive(
    st.one_of(SCALARS, st.sampled_from([object(), int, len, Ellipsis])),
    lambda kids: st.one_of(
        st.lists(kids, max_size=3),
        st.tuples(kids),
        st.dictionaries(KEYS, kids, max_size=3),
        st.dictionaries(KEYS, kids, max_size=2).map(OrderedDict),
        st.frozensets(HASHABLE, max_size=3),
        st.sets(HASHABLE, max_size=3),
    ),
    max_leaves=6,
)
# Lists nested 2,000 deep (or holding themselves) once recursed without a bound (bug A).
LIST_DEPTH = 2000
DICT_DEPTH = 2000


class _Made:
    """A value nested deep, printed as the call that makes it: Hypothesis's printer recurses
    into containers, and would not get to the end of one nested this deep."""

    made: tuple[Any, int, str] = (None, 0, "")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        leaf, depth, kind = self.made
        printer.text("nest(")
        printer.pretty(leaf)
        printer.text(f", {depth}, {kind!r})")


class _DeepList(_Made, list[Any]):
    pass


class _DeepTuple(_Made, tuple[Any, ...]):
    pass


class _DeepDict(_Made, dict[Any, Any]):
    pass


def nest(leaf: Any, depth: int, kind: str) -> Any:
    """``leaf`` in ``depth`` lists, tuples or dicts (``{"k": ...}``)."""
    value = leaf
    for _ in range(depth - 1):
        value = [value] if kind == "list" else (value,) if kind == "tuple" else {"k": value}
    outer: _Made
    if kind == "list":
        outer = _DeepList([value])
    elif kind == "tuple":
        outer = _DeepTuple((value,))
    else:
        outer = _DeepDict(k=value)
    outer.made = (leaf, depth, kind)
    return outer


NESTED = st.one_of(
    st.builds(nest, VALUES, st.integers(1, LIST_DEPTH), st.sampled_from(["list", "tuple"])),
    st.builds(nest, VALUES, st.integers(1, DICT_DEPTH), st.just("dict")),
)
HOSTILE = st.one_of(VALUES, NESTED)


class _Mapping(Mapping[Any, Any]):
    """A mapping that is not a dict."""

    def __init__(self, data: Mapping[Any, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


#: Mapping types a caller may hand the engine for a dict inside the scenario.
MAPPINGS: tuple[Callable[[dict[Any, Any]], Mapping[Any, Any]], ...] = (
    dict,
    OrderedDict,
    MappingProxyType,
    UserDict,
    ChainMap,
    _Mapping,
)


def _containers(root: Any) -> list[Any]:
    """The dicts and lists in ``root`` (breadth first, each once)."""
    found: list[Any] = []
    queue = [root]
    seen: set[int] = set()
    while queue and len(found) < 50:
        node = queue.pop(0)
        if id(node) in seen or not isinstance(node, (dict, list)):
            continue
        seen.add(id(node))
        found.append(node)
        queue.extend(node.values() if isinstance(node, dict) else node)
    return found


def _mutate(draw: st.DrawFn, root: Any, *, cycles: bool, deepest: int) -> Any:
    """One change somewhere in ``root``: a value replaced, removed, added, nested, retyped,
    or (with ``cycles``) made to hold its own container."""
    hostile = HOSTILE if deepest >= DICT_DEPTH else VALUES
    containers = _containers(root)
    if not containers:
        return draw(hostile)
    node = draw(st.sampled_from(containers))
    if isinstance(node, dict):
        existing = list(node)
        if not existing or draw(st.booleans()):
            node[draw(KEYS)] = draw(st.one_of(hostile, st.sampled_from(WORDS)))
            return root
        key: Any = draw(st.sampled_from(existing))
    else:
        if not node:
            node.append(draw(hostile))
            return root
        key = draw(st.integers(0, len(node) - 1))
    operation = draw(st.sampled_from(["set", "delete", "nest", "retype", "cycle", "text"]))
    if operation == "text" and isinstance(root, dict):  # the text a user writes, hostile
        field = draw(st.sampled_from(["id", "title", "date", "actor"]))
        actor = root.get("actor")
        if field == "actor" and isinstance(actor, dict):
            actor[draw(st.sampled_from(["name", "organization", "role"]))] = draw(TEXT)
        else:
            root[field] = draw(TEXT)
    elif operation == "delete":
        del node[key]
    elif operation == "nest":
        kind = draw(st.sampled_from(["list", "tuple", "dict"]))
        most = min(deepest, DICT_DEPTH if kind == "dict" else LIST_DEPTH)
        node[key] = nest(node[key], draw(st.integers(1, most)), kind)
    elif operation == "retype" and isinstance(node[key], dict):
        node[key] = draw(st.sampled_from(MAPPINGS))(node[key])
    elif operation == "retype" and isinstance(node[key], list):
        node[key] = tuple(node[key])
    elif operation == "cycle" and cycles and isinstance(node, dict):
        node[key] = node if draw(st.booleans()) else [node]  # a mapping, or a list, in itself
    else:
        node[key] = draw(st.one_of(hostile, st.sampled_from(WORDS)))
    return root


@st.composite
def hostile_scenarios(draw: st.DrawFn, *, cycles: bool = True, deepest: int = DICT_DEPTH) -> Any:
    """A scenario with none to three hostile changes (nothing nested deeper than ``deepest``);
    now and then no mapping at all."""
    if draw(st.integers(0, 19)) == 0:
        return draw(HOSTILE if deepest >= DICT_DEPTH else VALUES)
    data: Any = draw(scenarios())
    for _ in range(draw(st.integers(0, 3))):
        data = _mutate(draw, data, cycles=cycles, deepest=deepest)
    return data


# -- what a result must be -----------------------------------------------------------------

#: Python's words, which an error message must never show a user.
INTERNALS = (
    "Traceback",
    "NoneType",
    "<class",
    " object at 0x",
    "int too large",
    "Exceeds the limit",
    "integer string conversion",
    "maximum recursion",
    "unhashable type",
    "not supported between",
    "has no attribute",
    "positional argument",
)


def check_message(message: object) -> None:
    """One line, not empty, in the user's words."""
    assert isinstance(message, str), message
    assert message.strip(), "an empty message"
    assert "\n" not in message, f"not one line: {message!r}"
    assert "\r" not in message, f"not one line: {message!r}"
    shown = [word for word in INTERNALS if word in message]
    assert not shown, f"Python internals {shown} in {message!r}"


def check_outcome(outcome: object) -> None:
    """A decided outcome: its decision, its findings, its citations, its JSON."""
    assert isinstance(outcome, Outcome), outcome
    assert outcome.decision in FINDING_DECISIONS
    assert outcome.findings, "an outcome without findings"
    assert outcome.decision is Decision.most_severe(f.decision for f in outcome.findings)
    for finding in outcome.findings:
        assert finding.decision in FINDING_DECISIONS
        assert finding.error is None, f"a built-in plugin failed: {finding.error}"
        if not finding.citations:
            assert finding.decision is Decision.INDETERMINATE, finding
            assert "not in force" in finding.reason, finding.reason
        for citation in finding.citations:
            assert citation.text.strip(), f"{citation.id} is cited without its text"
    check_json(outcome)


def check_json(outcome: Outcome) -> None:
    assert outcome.to_json() == json.dumps(outcome.to_dict())


@contextlib.contextmanager
def as_in_a_program() -> Iterator[None]:
    """Run with the stack a program has: a thousand frames from here. (While a test runs,
    Hypothesis makes room for 2,000 frames more, which would hide from the tests what
    recursion does to a real run.)"""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def decide(engine: Engine, data: Any) -> Outcome | tuple[str | None, str]:
    """The outcome, or the error's path and message; any other exception propagates."""
    error: ScenarioError | None = None
    try:
        with as_in_a_program():
            outcome = engine.evaluate(data)
    except ScenarioError as exc:
        error = exc
    if error is not None:
        assert error.path is None or isinstance(error.path, str), error.path
        check_message(error.message)
        shown = [word for word in INTERNALS if word in str(error)]
        assert not shown, f"Python internals {shown} in {str(error)!r}"
        event("evaluate: ScenarioError")
        return error.path, error.message
    event("evaluate: outcome")
    check_outcome(outcome)
    if isinstance(data, dict):
        assert {f.area for f in outcome.findings} == {k for k in data if k in engine.areas}
    return outcome


def _self_holding_list() -> list[Any]:
    cycle: list[Any] = []
    cycle.append(cycle)
    return cycle


GOOD: dict[str, Any] = {
    "id": "a",
    "actor": {"role": "member"},
    "gift": {"kind": "meal", "act": "offered"},
}


# -- 1. Engine.evaluate ----------------------------------------------------------------------


@example(data={**GOOD, "id": nest("x", 500, "list")})
# ^ was bug A: _values._show recursion on the id
@example(data={**GOOD, "title": _self_holding_list()})
# ^ was bug A: _values._show on a list that holds itself
@example(data={**GOOD, "gift": {"kind": nest("x", 500, "list"), "act": "offered"}})
# ^ was bug A: 'maximum recursion depth exceeded ...'
@example(data={**GOOD, "title": object()})
# ^ was bug C: '<object object at 0x...>' in the message
@example(data={**GOOD, "title": int})
# ^ was bug C: "<class 'int'>" in the message
@example(data={**GOOD, 10**5000: 1})
# ^ was bug D: str() of an integer key of 5001 digits
@example(data={**GOOD, "gift": {"kind": "meal", "act": "offered", 10**5000: 1}})
# ^ was bug D: str() of an integer field name
@example(data=GOOD)
@example(data={**GOOD, "date": "1999-12-31"})  # before the Code's edition: not in force
@example(data={**GOOD, "gift": {"kind": "meal", "act": "offered", "value_usd": float("nan")}})
@example(data={**GOOD, "gift": {"kind": "meal", "act": "offered", "value_usd": 16**4000}})
@example(data={**GOOD, "title": nest("x", DICT_DEPTH, "dict")})
@example(data={**GOOD, "actor": {"role": "member", "name": "\ud800\x1b"}})
@_examples(1.0)
@given(data=hostile_scenarios())
def test_evaluate_returns_an_outcome_or_raises_scenario_error(engine: Engine, data: Any) -> None:
    """Any mapping (or any value at all) is decided into a well-formed outcome or refused
    with a ScenarioError in the user's words, and the same on a second call."""
    first = decide(engine, data)
    second = decide(engine, data)
    assert first == second


class Word(str):
    """A string of a subclass of ``str``, as an ``enum.StrEnum`` member is."""


# A fact's value of a str subclass equal to an allowed word was once refused (bug G).
WORDS_OF_A_SUBCLASS = True


@st.composite
def retyped(draw: st.DrawFn) -> tuple[Any, Any]:
    """A hostile scenario, and the same with its keys shuffled, each dict of its first two
    levels made another kind of mapping (and its strings of a str subclass)."""
    data = draw(hostile_scenarios(cycles=False))
    words = WORDS_OF_A_SUBCLASS and draw(st.booleans())

    def convert(value: Any, kinds: tuple[Callable[[dict[Any, Any]], Any], ...]) -> Any:
        if value.__class__ is not dict:
            return Word(value) if words and value.__class__ is str else value
        order = draw(st.permutations(list(value)))
        items = {key: convert(value[key], kinds) if words else value[key] for key in order}
        return draw(st.sampled_from(kinds))(items)

    if data.__class__ is not dict:
        return data, data
    inner = {key: convert(value, MAPPINGS) for key, value in data.items()}
    # A scenario that is a Mapping but not a dict was once refused (bug B).
    return data, convert(inner, MAPPINGS)


@example(pair=(GOOD, MappingProxyType(GOOD)))
# ^ was bug B: a Mapping that is not a dict is refused
@example(pair=(GOOD, ChainMap(GOOD)))
# ^ was bug B: a Mapping that is not a dict is refused
@example(pair=(GOOD, {**GOOD, "gift": {"kind": Word("meal"), "act": "offered"}}))
# ^ was bug G: a str subclass 'meal' is not one of ... meal
@example(pair=(GOOD, {**GOOD, "gift": MappingProxyType(GOOD["gift"])}))
@example(  # the findings come in the order of the areas in the mapping
    pair=(
        {
            "id": "0",
            "actor": {"role": "member", "member": True},
            "certification": {"question": "use_designation"},
            "confidential_information": {"information": "client", "use": "legal_practice"},
        },
        {
            "confidential_information": {"information": "client", "use": "legal_practice"},
            "actor": {"role": "member", "member": True},
            "certification": {"question": "use_designation"},
            "id": "0",
        },
    )
)
@_examples(0.5)
@given(pair=retyped())
def test_any_mapping_in_any_key_order_is_read_like_the_dict(
    engine: Engine, pair: tuple[Any, Any]
) -> None:
    """The kind of mapping and the order of its keys change neither whether a scenario is
    valid nor its outcome (but for the order of the findings: their areas' in the mapping)."""
    plain, other = (decide(engine, data) for data in pair)
    assert isinstance(plain, Outcome) == isinstance(other, Outcome), (plain, other)
    if isinstance(plain, Outcome) and isinstance(other, Outcome):
        assert by_area(plain) == by_area(other)


def by_area(outcome: Outcome) -> Outcome:
    """``outcome`` with its findings in the order of their areas' names (stable)."""
    return attrs.evolve(outcome, findings=tuple(sorted(outcome.findings, key=lambda f: f.area)))


# -- files -------------------------------------------------------------------------------------

#: Stands for a number too long to write with ``str`` (replaced once the text is written).
LONG = "LONGNUMBERPLACEHOLDER"
#: Stands for a hostile token in a template (replaced once the text is written).
SLOT = "SLOTPLACEHOLDER"


def plain(value: Any, fmt: str) -> Any:
    """``value`` as the writers of ``fmt`` take it: mappings as dicts, sequences as lists,
    what the format has no type for as text, integers too long to print as :data:`LONG`."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return LONG if value.bit_length() > 4000 else value
    if isinstance(value, Mapping):
        return {plain_key(key, fmt): plain(item, fmt) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item, fmt) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value) if fmt == "yaml" else bytes(value).decode("latin-1")
    if isinstance(value, (datetime.date, datetime.time)):
        keep = fmt == "toml" or (fmt == "yaml" and not isinstance(value, datetime.time))
        return value if keep else value.isoformat()
    return str(value)


def plain_key(key: Any, fmt: str) -> Any:
    if fmt != "toml" and (key is None or isinstance(key, (str, int, float))):
        return plain(key, fmt)
    return key if isinstance(key, str) else str(plain(key, fmt))


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value).replace("nan", "nan").replace("inf", "inf")
    if isinstance(value, (int, datetime.date, datetime.time)):
        return value.isoformat() if not isinstance(value, int) else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value if item is not None) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None)
        return "{" + ", ".join(pairs) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def toml_text(doc: Any, *, tables: bool) -> str:
    """A TOML document: top-level keys, then (with ``tables``) sections as ``[table]`` and
    ``[[scenarios]]`` headers where they can be; a document that is not a mapping is made
    the value of a key."""
    if isinstance(doc, list):
        doc = {"scenarios": doc}
    if not isinstance(doc, dict):
        doc = {"value": doc}
    lines: list[str] = []
    later: list[str] = []
    for key, value in doc.items():
        if value is None:
            continue
        scenario_list = (
            isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        )
        if tables and isinstance(value, dict):
            later.append(f"[{_toml_key(key)}]")
            later.extend(
                f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None
            )
        elif tables and scenario_list:
            for item in value:
                later.append(f"[[{_toml_key(key)}]]")
                later.extend(
                    f"{_toml_key(k)} = {_toml_value(v)}" for k, v in item.items() if v is not None
                )
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    return "\n".join([*lines, *later]) + "\n"


#: Numbers that stand in for :data:`LONG`, by format.
LONG_TEXT = {
    "yaml": ("9" * 5000, "-" + "9" * 4301, "1e999", "0x" + "f" * 4000, "1" + ":5" * 3000),
    "json": ("9" * 5000, "-" + "9" * 4301, "1e999", "9" * 5000 + ".5", "9" * 4300),
    "toml": ("9" * 5000, "-" + "9" * 4301, "1e999", "0x" + "f" * 4000, "9" * 4300),
}
#: Hostile tokens a template's slot is filled with, by format.
TOKENS = {
    "yaml": (
        ".nan",
        "-.inf",
        "1e999",
        "0o777",
        "0b101",
        "1_000",
        "0777",
        "+12",
        "12:30:00",
        "~",
        "!!binary aGk=",
        "!!binary '!!'",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!pairs [a: 1]",
        "!!python/object/apply:os.system ['true']",
        "!!float x",
        "!!int x",
        "!!str 1",
        "!!timestamp 2026-02-30",
        "2026-02-30",
        "2026-03-01T10:00:00Z",
        "2026-03-01 10:00",
        "[]",
        "{}",
        "&x [*x]",
        "*nothing",
        "'\\x00'",
        '"\\ud800"',
        '"\\x1b[2J"',
        '"\\u2028"',
        '"\\N\\_\\L\\P"',
        "|\n  block\n  text",
        ">-\n  folded",
        "[" * 70 + "]" * 70,
        "[" * 3000 + "]" * 3000,
        "{a: " * 70 + "1" + "}" * 70,
        "@reserved",
        "`reserved",
        "%",
        "\t",
        "yes",
        "NO",
        "Off",
        "x: y",
        "- a",
        "? a",
        "&a",
        "*a",
        "!",
        "!<tag:x> 1",
        "\x85",
        "\ufeff",
        "\ud800",
        "\x00",
        "\x1b",
    ),
    "json": (
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "-0",
        "1.0e-400",
        '"\\ud800"',
        '"\\udc00\\ud800"',
        '"\\u0000"',
        '"\\u001b[2J"',
        '"\\u2028"',
        '"\\"',
        "[" * 70 + "]" * 70,
        "[" * 5000 + "]" * 5000,
        '{"a": ' * 70 + "1" + "}" * 70,
        "{}",
        "[]",
        "null",
        "tru",
        "'single'",
        "0x10",
        "01",
        ".5",
        "+1",
        "[1,]",
        '{"a": 1, "a": 2}',
        "/* c */ 1",
        '"\x01"',
        "\ufeff1",
        '"\ud800"',
        "\x00",
    ),
    "toml": (
        "nan",
        "-inf",
        "+inf",
        "inf",
        "0o7",
        "0b1",
        "1_000",
        "1e999",
        "1979-05-27",
        "1979-05-27T07:32:00Z",
        "07:32:00",
        "1979-05-27 07:32:00",
        "2026-02-30",
        '"\\ud800"',
        '"\\u0000"',
        "'''multi\nline'''",
        '"""multi\nline"""',
        "'C:\\'",
        "[" * 70 + "]" * 70,
        "[" * 3000 + "]" * 3000,
        "{a = 1}",
        "{a = {b = {c = 1}}}",
        "[1, 'a', 2.0]",
        "[]",
        "{}",
        "true",
        "True",
        "x",
        '"\\x41"',
        "'''",
        '"',
        "# don't",
        "\x00",
        "\ud800",
    ),
}
TOKENS["jsonl"] = TOKENS["json"]
LONG_TEXT["jsonl"] = LONG_TEXT["json"]
#: Explicit YAML keys (``? key``) a template may add.
# Integer keys too long to print once raised from str(key) (bug D).
YAML_KEYS = (
    "? [a, b]",
    "? {a: 1}",
    "? !!binary aGk=",
    "? 1.5",
    "? null",
    "? 2026-01-01",
    "? .nan",
    "? 0x" + "f" * 4000,
    "? 1" + ":5" * 3000,
)
FORMAT_OF = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".jsonl": "jsonl"}


def fill(text: str, placeholder: str, by: str) -> str:
    """``text`` with each written form of ``placeholder`` (quoted or not) replaced ``by``."""
    for form in (json.dumps(placeholder), f"'{placeholder}'", placeholder):
        text = text.replace(form, by)
    return text


#: How deep a document's values nest, at most (the readers refuse past 64).
FILE_DEPTH = 100


@st.composite
def documents(draw: st.DrawFn) -> Any:
    """What a file holds: one scenario, a list, 'scenarios:' with a list, or any value."""
    one = st.one_of(scenarios(), hostile_scenarios(cycles=False, deepest=FILE_DEPTH))
    return draw(
        st.one_of(
            one,
            st.lists(one, max_size=4),
            st.builds(lambda items: {"scenarios": items}, st.lists(one, max_size=4)),
            VALUES,
        )
    )


@st.composite
def written(draw: st.DrawFn, suffix: str, doc: st.SearchStrategy[Any] | None = None) -> str:
    """A document written in the format of ``suffix`` by that format's own writer (for TOML, a
    small one here)."""
    fmt = FORMAT_OF[suffix]
    data = plain(draw(documents() if doc is None else doc), fmt)
    if fmt == "yaml":
        text = yaml.safe_dump(
            data,
            allow_unicode=draw(st.booleans()),
            default_flow_style=draw(st.sampled_from([False, True, None])),
            sort_keys=False,
            explicit_start=draw(st.booleans()),
        )
    elif fmt == "json":
        text = json.dumps(
            data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1]))
        )
    elif fmt == "toml":
        text = toml_text(data, tables=draw(st.booleans()))
    else:
        items = data if isinstance(data, list) else [data]
        ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        lines = [json.dumps(item, ensure_ascii=draw(st.booleans())) for item in items]
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", " ", "\t"])))
        text = ending.join(lines) + draw(st.sampled_from(["", ending]))
    return fill(text, LONG, draw(st.sampled_from(LONG_TEXT[fmt])))


@st.composite
def templates(draw: st.DrawFn, suffix: str) -> str:
    """A scenario (or a 'scenarios:' list) written out with hostile tokens in one or two of its
    fields, or, for YAML, an explicit key of another type."""
    fmt = FORMAT_OF[suffix]
    data = {
        "id": draw(ID),
        "actor": {"role": "member", "name": "n"},
        "title": "t",
        "date": "2026-03-01",
        "gift": {"kind": "meal", "act": "offered", "value_usd": 1},
        "expect": {"decision": "permitted", "cites": ["code/III.C"]},
    }
    slots = [
        ("id",),
        ("title",),
        ("date",),
        ("actor", "role"),
        ("actor", "name"),
        ("gift", "kind"),
        ("gift", "value_usd"),
        ("expect", "cites"),
    ]
    tokens: list[str] = []
    for path in draw(st.lists(st.sampled_from(slots), min_size=1, max_size=2, unique=True)):
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = f"{SLOT}{len(tokens)}"
        tokens.append(draw(st.sampled_from(TOKENS[fmt])))
    doc: Any = {"scenarios": [data]} if draw(st.booleans()) else data
    text = draw(written(suffix, st.just(doc)))
    if fmt == "yaml" and text.endswith("\n") and not text.lstrip().startswith(("{", "[")):
        for key in draw(st.lists(st.sampled_from(YAML_KEYS), max_size=2)):
            text += f"{key}\n: 1\n"
    for index, token in reversed(list(enumerate(tokens))):
        text = fill(text, f"{SLOT}{index}", token)
    return text


#: Bytes a mangled file may gain.
SPECIAL_BYTES = (
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\r",
    b"\n",
    b"\r\n",
    b"\t",
    b"[",
    b"{",
    b"]",
    b"}",
    b"'",
    b'"',
    b"\\",
    b"#",
    b"&a ",
    b"*a",
    b"---\n",
    b"...\n",
    b": ",
    b"- ",
    b"?",
    b"!!",
    b"%YAML 1.1\n",
    b"9" * 5000,
    b"\x1b[2J",
    b"\xe2\x80\xa8",
)


@st.composite
def mangled(draw: st.DrawFn, raw: bytes) -> bytes:
    """``raw`` with a few bytes inserted, removed or replaced, or cut short."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        if operation == "cut":
            raw = raw[:at]
            continue
        new = (
            b""
            if operation == "delete"
            else draw(st.one_of(st.binary(min_size=1, max_size=4), st.sampled_from(SPECIAL_BYTES)))
        )
        end = at if operation == "insert" else at + draw(st.integers(1, 4))
        raw = raw[:at] + new + raw[end:]
    return raw


def encoded(text: str, bom: bool) -> bytes:
    """UTF-8, a lone surrogate written as its (invalid) three bytes."""
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and mappings nest deeper than ``limit`` in ``value`` (without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth > limit:
                return True
            stack.extend(
                (child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)
            )
    return False


@st.composite
def alias_chains(draw: st.DrawFn) -> str:
    """YAML whose aliases nest a value ``links`` times ``width`` deep, while no node of the
    text nests deeper than ``width``."""
    # Aliases once nested the data past MAX_DEPTH unseen (bug F).
    links = draw(st.integers(1, 40))
    width = draw(st.integers(1, 60))
    items = ["&a0 x"] + [
        f"&a{i} " + "[" * width + f"*a{i - 1}" + "]" * width for i in range(1, links + 1)
    ]
    slot = draw(st.sampled_from(["title", "id", "date", "expect"]))
    giver = ", ".join(items)
    return (
        "id: a\nactor: {role: member}\n"
        f"gift: {{kind: meal, act: offered, giver: [{giver}]}}\n{slot}: *a{links}\n"
    )


@st.composite
def toml_dotted_keys(draw: st.DrawFn) -> str:
    """TOML that nests through the parts of a dotted key (``title.a.a = 1``) or of a table
    header (``[title.a.a]``), without a bracket to count."""
    # Dotted keys once nested without a bound, at a cost growing with the square of the parts
    # (bug H); they are refused past MAX_DEPTH before tomllib reads them.
    parts = draw(st.integers(1, 2000))
    key = ".".join(
        [draw(st.sampled_from(["title", "gift", "expect", "x", "scenarios"]))] + ["a"] * parts
    )
    head = 'id = "a"\nactor = {role = "member"}\n'
    if draw(st.booleans()):
        return head + f'{key} = 1\n[gift]\nkind = "meal"\nact = "offered"\n'
    return head + f'gift = {{kind = "meal", act = "offered"}}\n[{key}]\nb = 1\n'


@st.composite
def files(draw: st.DrawFn, suffix: str | None = None) -> tuple[str, bytes]:
    """A file's suffix and bytes: a document written out, mangled or not, a template with
    hostile tokens, a chain of YAML aliases, or random bytes."""
    if suffix is None:
        suffix = draw(st.sampled_from(SUFFIXES))
    text = st.one_of(written(suffix), templates(suffix))
    if FORMAT_OF[suffix] == "yaml":
        text = st.one_of(text, alias_chains())
    elif FORMAT_OF[suffix] == "toml":
        text = st.one_of(text, toml_dotted_keys())
    raw = draw(st.builds(encoded, text, st.booleans()))
    kind = draw(st.sampled_from(["written", "written", "written", "mangled", "mangled", "random"]))
    if kind == "mangled":
        raw = draw(mangled(raw))
    elif kind == "random":
        raw = draw(st.binary(max_size=64))
    # A quote the TOML depth check misread once hid brackets from it (bug E).
    return suffix, raw


# -- 2. reading files --------------------------------------------------------------------------

DEEP_TOML = (
    '# don\'t\nid = "a"\nactor = {role = "member"}\n'
    f'title = {"[" * 420}{"]" * 420}\n[gift]\nkind = "meal"\nact = "offered"\n'
).encode()
ALIAS_CHAIN = (
    "id: a\nactor: {role: member}\ngift: {kind: meal, act: offered, giver: ["
    + ", ".join(["&a0 x"] + [f"&a{i} " + "[" * 40 + f"*a{i - 1}" + "]" * 40 for i in range(1, 30)])
    + "]}\ntitle: *a29\n"
).encode()
DOTTED_TOML = (
    'id = "a"\nactor = {role = "member"}\ngift = {kind = "meal", act = "offered"}\n'
    "title." + ".".join(["a"] * 100) + " = 1\n"
).encode()
HEX_KEY = (
    "id: a\nactor: {role: member}\n? 0x" + "f" * 4000 + "\n: 1\ngift: {kind: meal, act: offered}\n"
).encode()
HEX_KEY_BESIDE_SCENARIOS = ("scenarios: []\n? 0x" + "f" * 4000 + "\n: 1\n").encode()


def item_depth_ok(item: RawScenario) -> bool:
    return not nested_deeper_than(item.data, MAX_DEPTH)


@example(file=(".toml", DEEP_TOML))
# ^ was bug E: "# don\'t" hides 420 brackets from the TOML depth check
@example(file=(".yaml", ALIAS_CHAIN))
# ^ was bug F: 29 aliases of 40 brackets each nest 1,160 deep
@example(file=(".toml", DOTTED_TOML))
# ^ was bug H: a dotted key of 101 parts nests 101 deep
@example(file=(".yaml", HEX_KEY))
# ^ was bug D: str() of a key of 4,816 digits
@example(file=(".yaml", HEX_KEY_BESIDE_SCENARIOS))
# ^ was bug D: str() of a key of 4,816 digits in inputs._split
@example(file=(".yaml", b"id: a\nactor: {role: member}\ngift: {kind: meal, act: offered}\n"))
@example(file=(".jsonl", b"\xef\xbb\xbf{}\r\xef\xbb\xbf{}\n\n"))
@example(file=(".toml", b"[[scenarios]]\n[[scenarios.a]]\n" * 40))
@_examples(1.0)
@given(file=files())
def test_any_file_is_read_and_decided_without_an_exception(
    engine: Engine, file: tuple[str, bytes]
) -> None:
    """Any bytes, under any scenario suffix: raw scenarios (nested no deeper than the limit),
    raw lines and failures, decided into one outcome each, an error for each failure."""
    suffix, raw = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "scenario" + suffix)
        path.write_bytes(raw)
        with as_in_a_program():
            items = list(read_inputs([str(path)]))
        assert items, "nothing read, not even a failure"
        for item in items:
            assert isinstance(item, (RawScenario, RawLine, InputFailure)), item
            if isinstance(item, InputFailure):
                check_message(item.message)
            elif isinstance(item, RawScenario):
                assert item_depth_ok(item), f"{item} nests deeper than {MAX_DEPTH}"
        with as_in_a_program():
            outcomes = list(evaluate_paths(engine, [str(path)]))
    assert len(outcomes) == len(items)
    decided = sum(outcome.decision is not Decision.ERROR for outcome in outcomes)
    event(f"{suffix}: " + ("some decided" if decided else "none decided"))
    for item, outcome in zip(items, outcomes, strict=True):
        assert isinstance(outcome, Outcome), outcome
        if isinstance(item, InputFailure):
            assert outcome.decision is Decision.ERROR
            assert outcome.error == item
        if outcome.decision is Decision.ERROR:
            assert outcome.error is not None
            check_message(outcome.error.message)
            assert outcome.error.file == str(path)
            check_json(outcome)
        else:
            check_outcome(outcome)


# -- 3. the command line -----------------------------------------------------------------------

#: File names (before an index and the suffix) a run may be given.
STEMS = (
    "s",
    "a b",
    "\u00fc",
    "x\ny",
    "\x1b[2J",
    "\udcff",
    "\u65e5\u672c",
    "'q'",
    "<b>&amp;",
    "\u202e",
)


class Batch(NamedTuple):
    """What one run reads: files (name and bytes) in one folder, given one by one or as the
    folder, and JSON Lines on standard input (read from ``-``)."""

    files: tuple[tuple[str, bytes], ...]
    stdin: bytes | None = None
    folder: bool = False
    fail_on: tuple[str, ...] = ()


@st.composite
def jsonl_streams(draw: st.DrawFn) -> bytes:
    """JSON Lines for standard input: scenarios, some hostile, some lines not JSON."""
    lines = draw(st.lists(st.one_of(written(".jsonl"), st.binary(max_size=16)), max_size=4))
    return b"\n".join(
        line if isinstance(line, bytes) else encoded(line, bom=False) for line in lines
    )


@st.composite
def batches(draw: st.DrawFn, most: int = 3) -> Batch:
    chosen = draw(st.lists(files(), min_size=0 if most else 1, max_size=most))
    names = [
        f"{index}{draw(st.sampled_from(STEMS))}{suffix}" for index, (suffix, _) in enumerate(chosen)
    ]
    stdin = draw(st.one_of(st.none(), jsonl_streams())) if chosen else draw(jsonl_streams())
    if draw(st.booleans()) and chosen:  # the same file twice: its ids are seen twice
        names.append(names[0])
        chosen.append(chosen[0])
    return Batch(
        files=tuple((name, raw) for name, (_, raw) in zip(names, chosen, strict=True)),
        stdin=stdin,
        folder=draw(st.booleans()),
        fail_on=tuple(
            draw(st.lists(st.sampled_from([d.value for d in FINDING_DECISIONS]), max_size=2))
        ),
    )


@contextlib.contextmanager
def written_out(batch: Batch) -> Iterator[list[str]]:
    """The batch's files in a temporary folder; the paths to give a run."""
    with tempfile.TemporaryDirectory() as folder:
        paths: list[str] = []
        for name, raw in batch.files:
            path = Path(folder, name)
            path.write_bytes(raw)
            paths.append(str(path))
        if batch.folder and batch.files:
            paths = [folder]
        if batch.stdin is not None:
            paths.append("-")
        yield paths


_CLI_ENGINE = Engine()  # as the command builds it: every plugin of the entry points


def expected_outcomes(batch: Batch, paths: list[str]) -> list[Outcome]:
    stdin = io.BytesIO(batch.stdin or b"")
    with as_in_a_program():
        return list(evaluate_paths(_CLI_ENGINE, paths, stdin=stdin))


def invoke(args: list[str], stdin: bytes | None) -> Any:
    """``ala-policy ARGS`` through click's runner: the result, checked for what every command
    must never do (end in an exception, print a traceback, write what is not UTF-8)."""
    with as_in_a_program():
        result = CliRunner().invoke(main, args, input=stdin or b"")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    result.stdout_bytes.decode("utf-8")  # strict: no lone surrogate, no stray byte
    result.stderr_bytes.decode("utf-8")
    return result


#: What a terminal must never receive raw from a text format (tab and newline aside).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def undated(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key != "date"}


def check_format(fmt: str, output: str, outcomes: list[Outcome], *, testing: bool = False) -> None:
    """``output`` is valid for ``fmt`` and holds ``outcomes`` (under ``ala-policy test``,
    each with how it met its ``expect`` block, and their count in the summary)."""
    from ala_policy.expectations import check_expectations

    summary = Summary()
    for outcome in outcomes:
        summary.add(outcome)
    total = len(outcomes)
    # What the library makes of the same input (but the date a scenario without one is
    # decided as of: the day it runs).
    results = [undated(outcome.to_dict()) for outcome in outcomes]
    expected_summary = summary.to_dict()
    if testing:
        checked = [check_expectations(o) for o in outcomes if o.decision is not Decision.ERROR]
        for result, outcome in zip(results, outcomes, strict=True):
            met = check_expectations(outcome) if outcome.decision is not Decision.ERROR else None
            if met is not None:
                result["expect"] = met.to_dict()
        passed = sum(1 for c in checked if c is not None and c.passed)
        failed = sum(1 for c in checked if c is not None and not c.passed)
        expected_summary["expectations"] = {"passed": passed, "failed": failed}
    if fmt == "json":
        document = json.loads(output)
        assert document["summary"]["total"] == len(document["results"]) == total
        assert document["summary"] == expected_summary
        assert [undated(result) for result in document["results"]] == results
    elif fmt == "jsonl":
        assert output.endswith("\n") or not output
        lines = output[:-1].split("\n") if output else []
        assert [undated(json.loads(line)) for line in lines] == results
    elif fmt == "junit":
        root = ET.fromstring(output.encode("utf-8"))
        assert root.tag == "testsuites"
        assert len(root.findall(".//testcase")) == total
        assert root.get("tests") == str(total)
    elif fmt == "html":
        assert output.rstrip().endswith("</html>")
        assert output.count("</html>") == 1
        assert "<script" not in output.lower()
    else:
        shown = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(output)})
        assert not shown, f"raw control characters in the {fmt} output: {shown}"
        if fmt == "text":
            assert output.rstrip("\n").rsplit("\n", 1)[-1] == summary.describe()
        else:
            assert f"| **Total** | **{total}** |" in output


EMPTY = Batch(files=(), stdin=b"")
BUG_BATCHES = {
    "E": Batch(files=(("0s.toml", DEEP_TOML),)),
    "F": Batch(files=(("0s.yaml", ALIAS_CHAIN),)),
    "D": Batch(files=(("0s.yaml", HEX_KEY),)),
}


@pytest.mark.parametrize("fmt", FORMATS)
@example(batch=BUG_BATCHES["E"])
# ^ was bug E and A: RecursionError out of the command
@example(batch=BUG_BATCHES["F"])
# ^ was bug F and A: RecursionError out of the command
@example(batch=BUG_BATCHES["D"])
# ^ was bug D: ValueError out of the command
@example(batch=EMPTY)
@example(
    batch=Batch(
        files=(
            ("0x\ny.yaml", b"id: a\nactor: {role: member}\ngift: {kind: meal, act: offered}\n"),
        ),
        fail_on=("indeterminate",),
    )
)
@_examples(0.1, least=3)
@given(batch=batches())
def test_evaluate_writes_valid_output_in_every_format(fmt: str, batch: Batch) -> None:
    """Every format's output is valid and holds every result, in input order, and the exit
    code is the one the results call for; never a traceback."""
    with written_out(batch) as paths:
        outcomes = expected_outcomes(batch, paths)
        args = ["evaluate", *paths, "--format", fmt, *(f"--fail-on={d}" for d in batch.fail_on)]
        result = invoke(args, batch.stdin)
    errors = any(outcome.decision is Decision.ERROR for outcome in outcomes)
    matched = any(outcome.decision.value in batch.fail_on for outcome in outcomes)
    assert result.exit_code == (2 if errors else 1 if matched else 0), result.stderr
    check_format(fmt, result.stdout, outcomes)


@st.composite
def big_batches(draw: st.DrawFn) -> Batch:
    """A batch with a JSON Lines file of many scenarios, for worker processes to share; some
    ids repeat."""
    ids = st.sampled_from([f"id-{n}" for n in range(40)])
    lines = draw(
        st.lists(
            st.one_of(
                scenarios(ident=ids).map(lambda data: json.dumps(plain(data, "json"))),
                written(".jsonl"),
            ),
            min_size=20,
            max_size=80,
        )
    )
    batch = draw(batches(most=2))
    jsonl = ("99many.jsonl", encoded("\n".join(lines), bom=False))
    return batch._replace(files=(*batch.files, jsonl), folder=False)


def run_program(args: list[str], stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
    """``python -m ala_policy ARGS``, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "ala_policy", *args],
        capture_output=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
        input=stdin or b"",
        timeout=600,  # a run that hangs fails, rather than hanging the suite
    )


@_examples(0.005, least=1)
@given(batch=big_batches())
def test_jobs_2_writes_the_same_bytes_as_jobs_1(batch: Batch) -> None:
    """Deciding in two worker processes changes nothing in the output (JSON Lines), nor the
    exit code."""
    with written_out(batch) as paths:
        one = run_program(["evaluate", *paths, "--format", "jsonl", "--jobs", "1"], batch.stdin)
        two = run_program(["evaluate", *paths, "--format", "jsonl", "--jobs", "2"], batch.stdin)
    for done in (one, two):
        assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")[-3000:]
        assert done.returncode in (0, 1, 2)
        for line in done.stdout.splitlines():
            json.loads(line)
    assert one.returncode == two.returncode
    assert one.stdout == two.stdout


# -- 4. explain and test -----------------------------------------------------------------------


CERTIFICATION = (
    b"id: '0'\nactor:\n  role: member\n  member: true\n"
    b"certification:\n  question: use_designation\n"
)
CERTIFICATION_2005 = CERTIFICATION.replace(b"certification:", b"date: 2005-01-01\ncertification:")
SHORT_CHAIN = (
    b"id: a\nactor: {role: member}\ngift: {kind: meal, act: offered, giver: [&a0 x, &a1 [*a0]]}\n"
    b"title: *a1\n"
)


@pytest.mark.parametrize("command", ["explain", "test"])
@example(batch=BUG_BATCHES["F"], fmt="json")
# ^ was bug F and A: RecursionError out of the command
@example(batch=BUG_BATCHES["D"], fmt="text")
# ^ was bug D: ValueError out of the command
@example(batch=EMPTY, fmt="json")
@example(batch=Batch(files=(("0\udcff.yaml", CERTIFICATION_2005),), folder=True), fmt="jsonl")
@example(batch=Batch(files=(("0s.yaml", SHORT_CHAIN), ("1s.yaml", CERTIFICATION))), fmt="junit")
@example(batch=Batch(files=(("0s.yaml", CERTIFICATION),)), fmt="json")
@example(batch=Batch(files=(("0s.yaml", SHORT_CHAIN),)), fmt="jsonl")
@_examples(0.05, least=3)
@given(batch=batches(most=2), fmt=st.sampled_from(FORMATS))
def test_explain_and_test_never_end_in_a_traceback(command: str, batch: Batch, fmt: str) -> None:
    """``explain`` (text or JSON) and ``test`` (any format) of any files: an answer, valid
    JSON where asked, an exit code of 0, 1 or 2."""
    if command == "explain" and fmt not in ("text", "json"):
        fmt = "json"
    with written_out(batch) as paths:
        result = invoke([command, *paths, "--format", fmt], batch.stdin)
        outcomes = expected_outcomes(batch, paths)
    if fmt in ("text", "markdown"):
        shown = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(result.stdout)})
        assert not shown, f"raw control characters in the output: {shown}"
    if command == "explain":
        assert result.exit_code in (0, 2)
        if fmt == "json":
            explained = json.loads(result.stdout)
            failed = any(entry["decision"] == "error" for entry in explained)
            assert result.exit_code == (2 if failed else 0)
        return
    # test writes the scenarios with an expect block, and the errors, and fails on either
    tested = [o for o in outcomes if o.decision is Decision.ERROR or o.expect is not None]
    errors = any(outcome.decision is Decision.ERROR for outcome in tested)
    unmet = any(unmet_expectations(outcome) for outcome in tested)
    assert result.exit_code == (2 if errors else 1 if unmet else 0)
    if fmt in ("json", "jsonl", "junit", "html"):
        check_format(fmt, result.stdout, tested, testing=True)
