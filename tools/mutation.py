"""Mutation testing of the evaluators and the engine's decision paths (``tox -e mutation``).

A self-contained runner (the standard library only): it makes domain mutants of every plugin
module that decides and of the engine's decision paths, runs the tests that exercise each
mutated module, and reports, per module, the mutants killed and the mutants that survive.
Every mutant that survives is a change to what the engine decides, cites, asks or says that
no test notices; the run fails (exit status 1) while there is one, except for the equivalent
mutants set aside, with a reason each, in ``tools/mutation_equivalent.txt``.

The targets (``TARGETS``): every plugin module that decides (``plugins/gift.py`` ...
``plugins/governance.py``, and the clause ids of ``plugins/_common.py``), and the engine's
decision paths: ``Engine.evaluate``, ``evaluate_area``, the untimed and timed loops over an
area's evaluators, ``_rulings`` and ``_finding`` (with the citation cache and its key) in
``kernel/engine.py``; ``kernel/_findings.py`` (faults, not-in-force and undecided findings,
``resolve``: citations, duties, the consequence and ``members_only``; the time budget, the
rules a plugin declares); ``kernel/decisions.py`` (severity, ``most_severe``);
``kernel/rulings.py`` (``Ruling``'s converters, ``make_ruling``, ``Ruling.unknown``,
``unknown_facts``); and ``Outcome.from_findings`` and ``outcome_of`` in
``kernel/models.py``. Each target runs the test files that exercise it, its
``tests/test_mutants_*.py`` first.

How a mutant is run. The tests and the data they read are copied once into a snapshot of
the project (so edits made while the run goes on do not reach it), and the package is
copied, as it is imported (``ala_policy/`` from ``kernel/``, with ``plugins/`` and
``policies/`` inside it), into a folder per job, compiled there with hash-checked byte code.
For each mutant, the job writes the mutated module into its copy of the package, runs
``pytest -x -q -p no:cacheprovider`` on the target's test files with ``PYTHONPATH`` putting
that copy first (ahead of any installed or editable ``ala_policy``) and a timeout (the clean
run's time, times ``--timeout-factor``, plus 10 s), then writes the module back. Where
``os.fork`` exists, each job keeps a server process that has imported pytest and the
third-party packages once (never ``ala_policy``) and forks a child per run, which is about
twice as fast as a new interpreter per mutant; ``--no-fork`` (and any system without
``fork``) runs ``python -m pytest`` in a subprocess instead. A test that fails, a collection
error and a timeout all kill the mutant; a run in which every test passes is a survivor.
Before any mutant, every test set must pass on the unmutated code (exit status 2 if not).

The operators (their names appear in the report and in the list of equivalent mutants):

``decision-swap``   ``Decision.X`` becomes each other decision.
``element-drop``    one element of a tuple, list or set literal is left out: the ``cites=``,
                    ``duties=``, ``missing=``, ``missing_facts=``, ``facts_used=`` and
                    ``conditions=`` of a ruling, a value assigned or returned, the citation
                    cache key, a frozenset of values, a tuple a value is tested ``in``, the
                    fact names given to ``unknown_facts``, the clauses a rule declares.
``element-swap``    two neighbouring elements change places, where order is part of the
                    answer (not in a membership test, a set, or the clauses a rule declares).
``reason-blank``    a reason becomes ``""``.
``reason-vague``    a reason becomes ``"Mutated reason."``: non-empty, naming nothing.
``rule-blank``      a rule id becomes ``""``.
``rule-other``      a rule id becomes the module's next rule id.
``if-true``/``if-false``        an ``if`` condition is forced.
``cond-true``/``cond-false``    the condition of a conditional expression is forced.
``compare-flip``    ``is``/``is not``, ``==``/``!=``, ``in``/``not in``, ``<``/``<=``,
                    ``>``/``>=``.
``boolop-flip``     ``and``/``or``.
``not-drop``        ``not x`` becomes ``x``.
``loop-jump``       ``continue``/``break``.
``except-pass``     a statement of an ``except`` handler becomes ``pass``.
``except-drop``     an ``except`` handler is removed (where the ``try`` has another).
``return-none``     ``return X`` becomes ``return None``.
``bool-flip``       a ``True``/``False`` argument is flipped (``fault=True``).
``constant-swap``   a module-level string constant (a clause id, a duty id) takes the value
                    of the module's next one.
``entry-drop``      a rule is left out of a module's ``RULES``.

Equivalent by construction, and not made: docstrings, annotations, ``__all__``, logging,
``if TYPE_CHECKING:`` blocks, ``attrs.field(...)`` declarations, f-string internals (the
reason as a whole is mutated), ``assert`` statements (type narrowing), swaps inside a
membership test or a set, and mutants whose code is the same as the original's.

Usage::

    python tools/mutation.py                       # every target, 2 jobs
    python tools/mutation.py --module gift --jobs 1
    python tools/mutation.py --list --module engine
    python tools/mutation.py --mutant gift:12      # one mutant, with pytest's output
"""

from __future__ import annotations

import argparse
import ast
import compileall
import concurrent.futures
import contextlib
import copy
import dataclasses
import json
import os
import py_compile
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT_FILE = Path(__file__).with_name("mutation_equivalent.txt")

#: The decisions a ``Decision.X`` can be swapped for.
DECISIONS = (
    "NOT_APPLICABLE",
    "PERMITTED",
    "CONDITIONAL",
    "INDETERMINATE",
    "PROHIBITED",
    "ERROR",
)
#: Keyword arguments whose tuple is part of the answer, in order.
ORDERED_KEYWORDS = frozenset(
    {"cites", "duties", "missing", "missing_facts", "facts_used", "conditions"}
)
#: Calls whose third positional argument (or ``what``) is the text of a fault.
FAULT_CALLS = frozenset({"fault"})
#: Calls whose first positional argument is a reason.
REASON_FIRST = frozenset({"unknown", "Unresolved"})
#: Logging methods: their calls are not mutated.
LOGGING = frozenset({"debug", "info", "warning", "error", "exception", "critical"})
VAGUE_REASON = "Mutated reason."

COMPARE_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
}


# -- targets ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Target:
    """A module to mutate, the part of it that decides, and the tests that exercise it."""

    name: str
    #: the module's file, relative to the project
    path: str
    #: test files, relative to the project, most likely to kill first (missing ones are
    #: skipped)
    tests: tuple[str, ...]
    #: the qualified names of the functions mutated (``None``: the whole module)
    scope: tuple[str, ...] | None = None

    def site_path(self) -> str:
        """Where the module lives in the importable copy of the package."""
        head, _, rest = self.path.partition("/")
        if head == "kernel":
            return f"ala_policy/{rest}"
        return f"ala_policy/{self.path}"

    def existing_tests(self, root: Path) -> tuple[str, ...]:
        return tuple(t for t in self.tests if (root / t).is_file())


def _area_tests(area: str, *more: str) -> tuple[str, ...]:
    return (f"tests/test_mutants_{area}.py", f"tests/test_{area}.py", *more)


AREAS = (
    "gift",
    "conflict_of_interest",
    "directory_use",
    "solicitation",
    "certification",
    "workplace",
    "reporting",
    "confidential_information",
    "governance",
)
_EXTRA_TESTS: dict[str, tuple[str, ...]] = {
    "directory_use": ("tests/test_mailing_pairs.py", "tests/test_actor_member.py"),
    "solicitation": ("tests/test_mailing_pairs.py",),
}
#: The tests of the engine's decision paths.
ENGINE_TESTS = (
    "tests/test_mutants_engine.py",
    "tests/test_engine.py",
    "tests/test_faults.py",
    "tests/test_gift.py",
)

TARGETS: dict[str, Target] = {
    **{
        area: Target(area, f"plugins/{area}.py", _area_tests(area, *_EXTRA_TESTS.get(area, ())))
        for area in AREAS
    },
    "_common": Target(
        "_common",
        "plugins/_common.py",
        tuple(
            dict.fromkeys(
                t for area in ("directory_use", "solicitation", *AREAS) for t in _area_tests(area)
            )
        ),
    ),
    "engine": Target(
        "engine",
        "kernel/engine.py",
        ENGINE_TESTS,
        scope=(
            "Engine.evaluate",
            "Engine.evaluate_area",
            "Engine._decide_area",
            "Engine._decide_area_timed",
            "Engine._rulings",
            "Engine._finding",
        ),
    ),
    "_findings": Target("_findings", "kernel/_findings.py", ENGINE_TESTS),
    "decisions": Target("decisions", "kernel/decisions.py", ENGINE_TESTS),
    "rulings": Target(
        "rulings",
        "kernel/rulings.py",
        (*ENGINE_TESTS, "tests/test_conflict_of_interest.py", "tests/test_solicitation.py"),
    ),
    "models": Target(
        "models", "kernel/models.py", ENGINE_TESTS, scope=("Outcome.from_findings", "outcome_of")
    ),
}


# -- mutants ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to one module: the bytes ``start:end`` replaced by ``replacement``."""

    target: str
    number: int
    line: int
    qualname: str
    operator: str
    start: int
    end: int
    replacement: bytes
    before: str
    after: str

    @property
    def id(self) -> str:
        return f"{self.target}:{self.number}"

    def apply(self, source: bytes) -> bytes:
        return source[: self.start] + self.replacement + source[self.end :]

    def key(self) -> tuple[str, str, str, str, str]:
        """What identifies the mutant in the list of equivalent ones (no line numbers: they
        move when the module is edited)."""
        return (self.target, self.qualname, self.operator, _short(self.before), _short(self.after))


def _short(text: str, width: int = 120) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= width else flat[: width - 3] + "..."


class _Candidate:
    __slots__ = ("after", "node", "operator", "qualname", "shown")

    def __init__(self, operator: str, node: ast.AST, after: str, qualname: str, shown: str) -> None:
        self.operator = operator
        #: the node whose source is replaced
        self.node = node
        #: the code that replaces it
        self.after = after
        self.qualname = qualname
        #: how the report shows the change (the code, or a description of it)
        self.shown = shown


#: Nodes whose code needs no parentheses wherever an expression goes.
_ATOMS = (ast.Name, ast.Constant, ast.Attribute, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Call)


def _unparse(node: ast.AST) -> str:
    text = ast.unparse(node)
    if isinstance(node, _ATOMS):
        return text
    if isinstance(node, ast.expr):
        return f"({text})"
    return text


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _targets(node: ast.stmt) -> list[ast.expr]:
    """What an assignment assigns to (nothing, for another statement)."""
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return [node.target]
    return []


def _is_constant_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


class _Maker:
    """Walks one module and collects the candidate mutants of its decision paths."""

    def __init__(self, tree: ast.Module, scope: tuple[str, ...] | None) -> None:
        self.tree = tree
        self.scope = scope
        self.found: list[_Candidate] = []
        self.rules = self._rule_ids(tree)
        self.constants = [
            (node.targets[0].id, node.value.value)
            for node in tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and not node.targets[0].id.startswith("__")
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ]

    @staticmethod
    def _rule_ids(tree: ast.Module) -> list[str]:
        """The rule ids of the module's ``RULES``, in order."""
        for node in tree.body:
            target: ast.expr | None = None
            value: ast.expr | None = None
            if isinstance(node, ast.AnnAssign):
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            is_rules = isinstance(target, ast.Name) and target.id == "RULES"
            if is_rules and isinstance(value, ast.Dict):
                return [
                    k.value
                    for k in value.keys
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                ]
        return []

    def in_scope(self, qualname: str) -> bool:
        if self.scope is None:
            return True
        return any(qualname == s or qualname.startswith(s + ".") for s in self.scope)

    def add(
        self,
        operator: str,
        node: ast.AST,
        after: ast.AST | str,
        qualname: str,
        shown: str | None = None,
    ) -> None:
        text = after if isinstance(after, str) else _unparse(after)
        self.found.append(_Candidate(operator, node, text, qualname, shown or text))

    # -- the walk ------------------------------------------------------------------------------

    def run(self) -> list[_Candidate]:
        for stmt in self.tree.body:
            self.statement(stmt, "", module_level=True)
        return self.found

    def statement(self, node: ast.stmt, qualname: str, *, module_level: bool = False) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = f"{qualname}.{node.name}" if qualname else node.name
            for stmt in node.body:
                self.statement(stmt, inner)
            return
        if isinstance(node, ast.ClassDef):
            inner = f"{qualname}.{node.name}" if qualname else node.name
            for stmt in node.body:
                self.statement(stmt, inner)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Assert, ast.Pass)):
            return
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            return
        if isinstance(node, ast.Expr) and _is_constant_str(node.value):
            return  # a docstring
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in _targets(node)):
            return
        active = self.in_scope(qualname)
        if active:
            self.statement_mutants(node, qualname, module_level=module_level)
        # Nested statements and expressions.
        for field, value in ast.iter_fields(node):
            if field in ("annotation", "returns", "decorator_list", "type_comment"):
                continue
            if isinstance(value, list):
                for item in value:
                    self.child(item, qualname, active)
            else:
                self.child(value, qualname, active)

    def child(self, item: object, qualname: str, active: bool) -> None:
        if isinstance(item, ast.stmt):
            self.statement(item, qualname)
        elif isinstance(item, ast.ExceptHandler):
            for stmt in item.body:
                self.statement(stmt, qualname)
        elif isinstance(item, ast.expr) and active:
            self.expression(item, qualname)

    def statement_mutants(self, node: ast.stmt, qualname: str, *, module_level: bool) -> None:
        if isinstance(node, ast.If):
            self.add("if-true", node.test, "True", qualname)
            self.add("if-false", node.test, "False", qualname)
        elif isinstance(node, ast.Continue):
            self.add("loop-jump", node, "break", qualname)
        elif isinstance(node, ast.Break):
            self.add("loop-jump", node, "continue", qualname)
        elif isinstance(node, ast.For):
            self.literal(node.iter, qualname, swap=False)
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                self.add("return-none", node, "return None", qualname)
        elif isinstance(node, ast.Try):
            for handler in node.handlers:
                for stmt in handler.body:
                    if not isinstance(stmt, (ast.Pass, ast.Continue, ast.Break)) and not (
                        isinstance(stmt, ast.Expr)
                        and isinstance(stmt.value, ast.Call)
                        and _call_name(stmt.value) in LOGGING
                    ):
                        self.add("except-pass", stmt, "pass", qualname)
                if len(node.handlers) > 1:
                    self.add("except-drop", handler, "", qualname)
        value = getattr(node, "value", None)
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)) and value:
            slots = any(isinstance(t, ast.Name) and t.id == "__slots__" for t in _targets(node))
            self.ordered_literals(value, qualname, swap=not slots)
        if module_level and isinstance(node, (ast.Assign, ast.AnnAssign)) and value is not None:
            self.module_constant(node, value, qualname)

    def module_constant(self, node: ast.Assign | ast.AnnAssign, value: ast.expr, qual: str) -> None:
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        if not isinstance(target, ast.Name):
            return
        if _is_constant_str(value) and len(self.constants) > 1:
            names = [name for name, _ in self.constants]
            index = names.index(target.id)
            for step in range(1, len(self.constants)):
                other = self.constants[(index + step) % len(self.constants)][1]
                if other != getattr(value, "value", None):
                    self.add("constant-swap", value, repr(other), qual)
                    break
        if target.id == "RULES" and isinstance(value, ast.Dict):
            for index, key in enumerate(value.keys):
                if key is None:
                    continue
                rest = copy.deepcopy(value)
                del rest.keys[index]
                del rest.values[index]
                self.add("entry-drop", value, rest, qual, f"RULES without {ast.unparse(key)}")
                self.literal(value.values[index], qual, swap=False)

    def ordered_literals(self, node: ast.expr, qualname: str, *, swap: bool) -> None:
        """Drop or swap the elements of the tuple and list literals ``node`` is, or is made
        of through conditional expressions."""
        if isinstance(node, ast.IfExp):
            self.ordered_literals(node.body, qualname, swap=swap)
            self.ordered_literals(node.orelse, qualname, swap=swap)
        elif isinstance(node, (ast.Tuple, ast.List)):
            self.literal(node, qualname, swap=swap)

    def literal(self, node: ast.expr, qualname: str, *, swap: bool) -> None:
        if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return
        elements = node.elts
        for index in range(len(elements)):
            if isinstance(node, ast.Set) and len(elements) == 1:
                break  # an empty set literal is a dict
            rest = copy.deepcopy(node)
            del rest.elts[index]
            self.add("element-drop", node, rest, qualname)
        if swap and not isinstance(node, ast.Set):
            for index in range(len(elements) - 1):
                swapped = copy.deepcopy(node)
                swapped.elts[index], swapped.elts[index + 1] = (
                    swapped.elts[index + 1],
                    swapped.elts[index],
                )
                self.add("element-swap", node, swapped, qualname)

    # -- expressions ---------------------------------------------------------------------------

    def expression(self, node: ast.expr, qualname: str) -> None:
        if isinstance(node, ast.JoinedStr):
            return  # a reason as a whole is mutated, not its pieces
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "field" or name in LOGGING:
                return
            self.call(node, name, qualname)
        elif isinstance(node, ast.Attribute):
            base = node.value
            if (
                isinstance(base, ast.Name)
                and base.id in ("Decision", "cls")
                and node.attr in DECISIONS
            ):
                for other in DECISIONS:
                    if other != node.attr:
                        self.add("decision-swap", node, f"{base.id}.{other}", qualname)
        elif isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                flip = COMPARE_FLIPS.get(type(op))
                if flip is None:
                    continue
                flipped = copy.deepcopy(node)
                flipped.ops[index] = flip()
                self.add("compare-flip", node, flipped, qualname)
            for comparator, op in zip(node.comparators, node.ops, strict=True):
                if isinstance(op, (ast.In, ast.NotIn)):
                    self.literal(comparator, qualname, swap=False)
        elif isinstance(node, ast.BoolOp):
            flipped_op = copy.deepcopy(node)
            flipped_op.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            self.add("boolop-flip", node, flipped_op, qualname)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.add("not-drop", node, node.operand, qualname)
        elif isinstance(node, ast.IfExp):
            self.add("cond-true", node.test, "True", qualname)
            self.add("cond-false", node.test, "False", qualname)
        elif isinstance(node, ast.Set):
            self.literal(node, qualname, swap=False)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child, qualname)
            elif isinstance(child, ast.keyword):
                self.expression(child.value, qualname)
            elif isinstance(child, ast.comprehension):
                self.expression(child.iter, qualname)
                for condition in child.ifs:
                    self.expression(condition, qualname)

    def call(self, node: ast.Call, name: str, qualname: str) -> None:
        if name == "isinstance" and len(node.args) == 2:
            self.literal(node.args[1], qualname, swap=False)
        if name in ("endswith", "startswith") and node.args:
            self.literal(node.args[0], qualname, swap=False)
        if name == "unknown_facts" and len(node.args) > 2:
            names = node.args[2:]
            for index in range(len(names)):
                rest = copy.deepcopy(node)
                del rest.args[2 + index]
                self.add("element-drop", node, rest, qualname)
            for index in range(len(names) - 1):
                swapped = copy.deepcopy(node)
                i = 2 + index
                swapped.args[i], swapped.args[i + 1] = swapped.args[i + 1], swapped.args[i]
                self.add("element-swap", node, swapped, qualname)
        reasons: list[ast.expr] = [k.value for k in node.keywords if k.arg == "reason"]
        if name in REASON_FIRST and node.args:
            reasons.append(node.args[0])
        if name in FAULT_CALLS and len(node.args) >= 3:
            reasons.append(node.args[2])
        for reason in reasons:
            self.add("reason-blank", reason, '""', qualname)
            self.add("reason-vague", reason, repr(VAGUE_REASON), qualname)
        for keyword in node.keywords:
            if keyword.arg in ORDERED_KEYWORDS:
                self.ordered_literals(keyword.value, qualname, swap=True)
            if keyword.arg == "rule":
                self.rule(keyword.value, qualname)
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, bool):
                self.add("bool-flip", argument, repr(not argument.value), qualname)

    def rule(self, node: ast.expr, qualname: str) -> None:
        if isinstance(node, ast.IfExp):
            self.rule(node.body, qualname)
            self.rule(node.orelse, qualname)
            return
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return
        self.add("rule-blank", node, '""', qualname)
        rules = self.rules
        if node.value in rules and len(rules) > 1:
            other = rules[(rules.index(node.value) + 1) % len(rules)]
            self.add("rule-other", node, repr(other), qualname)


def _dump(tree: ast.AST) -> str:
    return ast.dump(tree, include_attributes=False)


def make_mutants(target: Target, source: bytes) -> list[Mutant]:
    """Every mutant of ``target``'s module (``source``), numbered in source order."""
    tree = ast.parse(source)
    original = _dump(tree)
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col

    candidates = _Maker(tree, target.scope).run()
    mutants: list[Mutant] = []
    seen: set[bytes] = set()
    for candidate in sorted(
        candidates, key=lambda c: (getattr(c.node, "lineno", 0), getattr(c.node, "col_offset", 0))
    ):
        node = candidate.node
        lineno: int | None = getattr(node, "lineno", None)
        end_lineno: int | None = getattr(node, "end_lineno", None)
        if lineno is None or end_lineno is None:
            continue
        start = offset(lineno, int(getattr(node, "col_offset", 0)))
        end = offset(end_lineno, int(getattr(node, "end_col_offset", 0)))
        replacement = candidate.after.encode("utf-8")
        mutated = source[:start] + replacement + source[end:]
        if mutated in seen:
            continue
        try:
            mutated_tree = ast.parse(mutated)
        except SyntaxError as exc:  # a fault of the runner: say so, do not count it
            print(
                f"warning: {target.path}:{lineno}: {candidate.operator} gives invalid code: {exc}",
                file=sys.stderr,
            )
            continue
        if _dump(mutated_tree) == original:
            continue
        seen.add(mutated)
        if lineno == end_lineno and candidate.shown == candidate.after:
            # A change within one line is shown as that line, before and after: the line
            # tells apart the same change made in two places.
            first, last = starts[lineno - 1], starts[lineno]
            before = source[first:last].decode("utf-8")
            after = mutated[first : last + len(replacement) - (end - start)].decode("utf-8")
        else:
            before, after = source[start:end].decode("utf-8"), candidate.shown
        mutants.append(
            Mutant(
                target=target.name,
                number=len(mutants) + 1,
                line=lineno,
                qualname=candidate.qualname or "<module>",
                operator=candidate.operator,
                start=start,
                end=end,
                replacement=replacement,
                before=before.strip(),
                after=after.strip(),
            )
        )
    return mutants


# -- equivalent mutants -------------------------------------------------------------------------


@dataclasses.dataclass
class Equivalent:
    key: tuple[str, str, str, str, str]
    reason: str
    line: int
    used: int = 0


def load_equivalents(path: Path = EQUIVALENT_FILE) -> list[Equivalent]:
    """The equivalent mutants set aside. One a line::

    target | qualname | operator | before => after | why it is equivalent
    """
    entries: list[Equivalent] = []
    if not path.is_file():
        return entries
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) != 5 or " => " not in fields[3]:
            raise SystemExit(
                f"{path.name}:{number}: expected 'target | qualname | operator | "
                "before => after | reason'"
            )
        before, _, after = fields[3].partition(" => ")
        key = (fields[0], fields[1], fields[2], _short(before), _short(after))
        entries.append(Equivalent(key, fields[4], number))
    return entries


# -- running ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    mutant: Mutant
    status: str  # killed, survived, timeout, equivalent
    seconds: float = 0.0
    output: str = ""
    reason: str = ""


_IGNORE = shutil.ignore_patterns(
    ".git",
    ".tox",
    "*.egg-info",
    "__pycache__",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "build",
    "dist",
)


class Workspace:
    """A snapshot of the project's tests and data, and one runner (a copy of the package)
    per job."""

    def __init__(self, jobs: int, *, keep: bool = False, fork: bool = True) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="ala-mutation-"))
        self.keep = keep
        self.project = self.base / "project"
        shutil.copytree(ROOT, self.project, ignore=_IGNORE, symlinks=True)
        self.runners: queue.Queue[Runner] = queue.Queue()
        self.all: list[Runner] = []
        for job in range(jobs):
            site = self.base / f"site{job}"
            package = site / "ala_policy"
            shutil.copytree(ROOT / "kernel", package, ignore=_IGNORE)
            shutil.copytree(ROOT / "plugins", package / "plugins", ignore=_IGNORE)
            shutil.copytree(ROOT / "policies", package / "policies", ignore=_IGNORE)
            # Hash-checked byte code: a mutated module never matches it (and is compiled
            # afresh, never cached), the original always does again once it is written back.
            compileall.compile_dir(
                str(site),
                quiet=1,
                invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
            )
            runner = Runner(self.project, site, self.base / f"out{job}.txt", fork=fork)
            self.runners.put(runner)
            self.all.append(runner)

    def source(self, target: Target) -> bytes:
        return (self.project / target.path).read_bytes()

    def close(self) -> None:
        for runner in self.all:
            runner.close()
        if self.keep:
            print(f"kept {self.base}")
        else:
            shutil.rmtree(self.base, ignore_errors=True)

    def run(
        self, tests: Sequence[str], timeout: float, mutant: Mutant | None = None
    ) -> tuple[str, float, str]:
        """Run ``tests`` against the package, mutated by ``mutant`` where given: the status
        (``passed``, ``failed``, ``timeout``), the seconds taken and pytest's output."""
        runner = self.runners.get()
        path = runner.site / TARGETS[mutant.target].site_path() if mutant else None
        original = path.read_bytes() if path else b""
        try:
            if path is not None and mutant is not None:
                path.write_bytes(mutant.apply(original))
            # A clean run caches the tests' byte code (as pytest rewrites it), which every
            # mutant's run then reads; a mutant's run writes none.
            return runner.run(tests, timeout, write=mutant is None)
        finally:
            if path is not None:
                path.write_bytes(original)
            self.runners.put(runner)


PYTEST_ARGS = ("-x", "-q", "-p", "no:cacheprovider", "--no-header", "--tb=short")
#: What a server imports once, before it forks a child per run (never ``ala_policy``).
PREIMPORT = (
    "pytest",
    "_pytest.assertion.rewrite",
    "attrs",
    "cattrs",
    "pluggy",
    "yaml",
    "click",
    "click.testing",
    "jsonschema",
    "json",
    "email.mime.text",
    "xml.etree.ElementTree",
    "difflib",
    "unittest",
    "zoneinfo",
    "gzip",
    "sysconfig",
    "queue",
    "contextvars",
    "tomllib",
    # Imported before pytest starts, hypothesis's modules cannot have their assertions
    # rewritten, which pytest would warn about (an error here): the server's runs ignore
    # that warning, and only that one.
    "hypothesis",
)
#: What a forked run adds to ``PYTEST_ARGS``.
FORKED_ARGS = ("-W", "ignore::pytest.PytestAssertRewriteWarning")


class Runner:
    """Runs pytest against one copy of the package. Where ``os.fork`` exists, a server
    process (``--serve``) that has imported pytest and the third-party packages once forks a
    child per run, which saves starting an interpreter and importing them for every mutant;
    elsewhere each run is a ``python -m pytest`` subprocess."""

    def __init__(self, project: Path, site: Path, output: Path, *, fork: bool) -> None:
        self.project = project
        self.site = site
        self.output = output
        self.fork = fork and hasattr(os, "fork")
        self.server: subprocess.Popen[str] | None = None

    def environment(self, *, write: bool = False) -> dict[str, str]:
        env = dict(os.environ)
        path = [str(self.site), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(p for p in path if p)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if not write:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONHASHSEED"] = "0"
        env.pop("ALA_POLICY_DISABLE_PLUGINS", None)
        return env

    def run(
        self, tests: Sequence[str], timeout: float, *, write: bool = False
    ) -> tuple[str, float, str]:
        if not self.fork:
            return self._subprocess(tests, timeout, write=write)
        try:
            return self._forked(tests, timeout, write=write)
        except (OSError, RuntimeError, ValueError):
            # The server ended (nothing a mutant does in a forked child can end it, but the
            # system might): once more with a new one.
            self.close()
            self.server = None
            return self._forked(tests, timeout, write=write)

    def _forked(
        self, tests: Sequence[str], timeout: float, *, write: bool
    ) -> tuple[str, float, str]:
        if self.server is None or self.server.poll() is not None:
            self.server = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--serve"],
                cwd=self.project,
                env=self.environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        server = self.server
        assert server.stdin is not None
        assert server.stdout is not None
        request = {
            "tests": list(tests),
            "timeout": timeout,
            "output": str(self.output),
            "write": write,
        }
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        answer = server.stdout.readline()
        if not answer:
            raise RuntimeError("the mutation server ended unexpectedly")
        response = json.loads(answer)
        output = self.output.read_text(encoding="utf-8", errors="replace")
        return str(response["status"]), float(response["seconds"]), output

    def _subprocess(
        self, tests: Sequence[str], timeout: float, *, write: bool
    ) -> tuple[str, float, str]:
        command = [sys.executable, "-m", "pytest", *PYTEST_ARGS, *tests]
        began = time.monotonic()
        with subprocess.Popen(
            command,
            cwd=self.project,
            env=self.environment(write=write),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ) as process:
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid)
                output, _ = process.communicate()
                return "timeout", time.monotonic() - began, output.decode("utf-8", "replace")
        status = "passed" if process.returncode == 0 else "failed"
        return status, time.monotonic() - began, output.decode("utf-8", "replace")

    def close(self) -> None:
        if self.server is not None:
            if self.server.stdin is not None:
                self.server.stdin.close()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            if self.server.stdout is not None:
                self.server.stdout.close()


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def serve() -> int:
    """The server of a :class:`Runner`: one JSON request a line on standard input (the
    tests, the timeout, the file for pytest's output), one JSON answer a line on standard
    output (the status and the seconds taken)."""
    sys.path[0] = str(Path.cwd())  # as ``python -m pytest`` run here would have it
    import importlib

    for name in PREIMPORT:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    for line in sys.stdin:
        request = json.loads(line)
        began = time.monotonic()
        pid = os.fork()
        if pid == 0:
            sys.dont_write_bytecode = not request["write"]
            _child(request["tests"], request["output"])
        status = _wait(pid, float(request["timeout"]))
        answer = {"status": status, "seconds": time.monotonic() - began}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


def _child(tests: list[str], output: str) -> NoReturn:
    """Run pytest in a forked child, its output to ``output``, and exit with its status."""
    code = 70
    try:
        os.setsid()
        out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.close(nothing)
        import pytest

        code = int(pytest.main([*PYTEST_ARGS, *FORKED_ARGS, *tests]))
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        code = 70
    os._exit(code)


def _wait(pid: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return "passed" if os.waitstatus_to_exitcode(status) == 0 else "failed"
        if time.monotonic() > deadline:
            _kill_group(pid)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.005)


# -- the report ---------------------------------------------------------------------------------


def _describe(mutant: Mutant, path: str) -> str:
    return (
        f"{path}:{mutant.line} [{mutant.operator}] in {mutant.qualname} ({mutant.id})\n"
        f"    - {_short(mutant.before, 200)}\n"
        f"    + {_short(mutant.after, 200)}"
    )


def report(results: list[Result], targets: Sequence[Target], equivalents: list[Equivalent]) -> int:
    by_target: dict[str, list[Result]] = {t.name: [] for t in targets}
    for result in results:
        by_target[result.mutant.target].append(result)
    print()
    header = f"{'module':<36}{'mutants':>8}{'killed':>8}{'timeout':>8}{'survived':>9}"
    print(header + f"{'equivalent':>11}{'score':>9}")
    total = {"mutants": 0, "killed": 0, "timeout": 0, "survived": 0, "equivalent": 0}
    for target in targets:
        rows = by_target[target.name]
        counts = {
            "mutants": len(rows),
            **{s: sum(r.status == s for r in rows) for s in ("killed", "timeout", "survived")},
            "equivalent": sum(r.status == "equivalent" for r in rows),
        }
        for name, value in counts.items():
            total[name] += value
        print(_row(target.path, counts))
    print(_row("total", total))

    equivalent = [r for r in results if r.status == "equivalent"]
    if equivalent:
        print(f"\nEquivalent mutants set aside ({len(equivalent)}), from {EQUIVALENT_FILE.name}:")
        for result in equivalent:
            print(_describe(result.mutant, TARGETS[result.mutant.target].path))
            print(f"    why: {result.reason}")
    stale = [e for e in equivalents if e.used == 0 and e.key[0] in by_target]
    if stale:
        print(f"\nEntries of {EQUIVALENT_FILE.name} that match no mutant (remove them):")
        for entry in stale:
            print(f"    line {entry.line}: {' | '.join(entry.key)}")
    survivors = [r for r in results if r.status == "survived"]
    if survivors:
        print(f"\nSurviving mutants ({len(survivors)}):")
        for result in survivors:
            print(_describe(result.mutant, TARGETS[result.mutant.target].path))
        return 1
    print("\nNo surviving mutant.")
    return 0


def _row(label: str, counts: dict[str, int]) -> str:
    decided = counts["mutants"] - counts["equivalent"]
    detected = counts["killed"] + counts["timeout"]
    score = f"{100 * detected / decided:.1f}%" if decided else "-"
    return (
        f"{label:<36}{counts['mutants']:>8}{counts['killed']:>8}{counts['timeout']:>8}"
        f"{counts['survived']:>9}{counts['equivalent']:>11}{score:>9}"
    )


# -- the command --------------------------------------------------------------------------------


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Mutation testing of the evaluators and the engine's decision paths."
    )
    parser.add_argument(
        "--module",
        action="append",
        choices=sorted(TARGETS),
        metavar="NAME",
        help=f"a target to mutate (repeatable; default: all of {', '.join(TARGETS)})",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel runs (default 2)"
    )
    parser.add_argument(
        "--mutant",
        action="append",
        metavar="TARGET:N",
        help="run only this mutant, showing pytest's output (repeatable)",
    )
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=4.0,
        help="a mutant's run may take this many times the clean run, plus 10 s (default 4)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument(
        "--no-fork",
        action="store_true",
        help="start a new interpreter for every run (the default forks a server that has "
        "imported pytest once, where os.fork exists)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _selected(options: argparse.Namespace) -> list[Target]:
    names: list[str] = list(options.module or [])
    names.extend(wanted.partition(":")[0] for wanted in options.mutant or [])
    if not names:
        return list(TARGETS.values())
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        raise SystemExit(f"unknown target(s): {', '.join(unknown)}")
    return [TARGETS[n] for n in dict.fromkeys(names)]


def _classify(
    mutants: list[Mutant], equivalents: list[Equivalent]
) -> tuple[list[Mutant], list[Result]]:
    index = {e.key: e for e in equivalents}
    run: list[Mutant] = []
    aside: list[Result] = []
    for mutant in mutants:
        entry = index.get(mutant.key())
        if entry is None:
            run.append(mutant)
        else:
            entry.used += 1
            aside.append(Result(mutant, "equivalent", reason=entry.reason))
    return run, aside


def main(argv: Sequence[str] | None = None) -> int:
    options = _arguments(argv)
    if options.serve:
        return serve()
    targets = _selected(options)
    equivalents = load_equivalents()
    if options.list:
        for target in targets:
            mutants = make_mutants(target, (ROOT / target.path).read_bytes())
            _, aside = _classify(mutants, equivalents)
            set_aside = {r.mutant.id for r in aside}
            print(f"{target.path}: {len(mutants)} mutants ({len(set_aside)} equivalent)")
            for mutant in mutants:
                mark = " (equivalent)" if mutant.id in set_aside else ""
                print("  " + _describe(mutant, target.path).replace("\n", "\n  ") + mark)
        return 0

    jobs = max(1, options.jobs)
    began = time.monotonic()
    workspace = Workspace(jobs, keep=options.keep, fork=not options.no_fork)
    try:
        return _run(workspace, targets, equivalents, options, jobs, began)
    finally:
        workspace.close()


def _run(
    workspace: Workspace,
    targets: list[Target],
    equivalents: list[Equivalent],
    options: argparse.Namespace,
    jobs: int,
    began: float,
) -> int:
    mutants: list[Mutant] = []
    for target in targets:
        if not target.existing_tests(workspace.project):
            raise SystemExit(f"{target.name}: none of its test files exists: {target.tests}")
        mutants.extend(make_mutants(target, workspace.source(target)))
    if options.mutant:
        wanted = set(options.mutant)
        mutants = [m for m in mutants if m.id in wanted]
        missing = wanted - {m.id for m in mutants}
        if missing:
            raise SystemExit(f"no such mutant: {', '.join(sorted(missing))}")
    to_run, results = _classify(mutants, equivalents)
    if options.mutant:
        to_run = mutants  # asked for by name: run it, equivalent or not
        results = []

    # The clean runs: every test set must pass before its mutants mean anything.
    clean: dict[tuple[str, ...], float] = {}
    test_sets = {target.existing_tests(workspace.project) for target in targets}
    print(f"clean runs of {len(test_sets)} test set(s)...", flush=True)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(workspace.run, tests, 900.0): tests for tests in test_sets}
        for future in concurrent.futures.as_completed(futures):
            tests = futures[future]
            status, seconds, output = future.result()
            if status != "passed":
                print(output[-6000:])
                print(f"the tests fail without any mutant ({status}): {' '.join(tests)}")
                return 2
            clean[tests] = seconds

    print(
        f"{len(to_run)} mutants to run ({len(results)} equivalent set aside), {jobs} job(s)...",
        flush=True,
    )
    done = 0
    lock = threading.Lock()

    def one(mutant: Mutant) -> Result:
        target = TARGETS[mutant.target]
        tests = target.existing_tests(workspace.project)
        timeout = clean[tests] * options.timeout_factor + 10
        status, seconds, output = workspace.run(tests, timeout, mutant)
        outcome = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[status]
        return Result(mutant, outcome, seconds, output)

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for result in pool.map(one, to_run):
            results.append(result)
            with lock:
                done += 1
                if result.status == "survived":
                    where = TARGETS[result.mutant.target].path
                    print(f"  survived: {_describe(result.mutant, where)}", flush=True)
                if done % 50 == 0 or done == len(to_run):
                    minutes = (time.monotonic() - began) / 60
                    print(f"  {done}/{len(to_run)} run ({minutes:.1f} min)", flush=True)
            if options.mutant:
                print(result.output)
    results.sort(key=lambda r: (list(TARGETS).index(r.mutant.target), r.mutant.number))
    verdict = report(results, targets, equivalents)
    print(f"({(time.monotonic() - began) / 60:.1f} min)")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
