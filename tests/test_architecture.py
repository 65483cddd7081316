"""The shape of the package holds (docs/architecture.md): no import cycle, no module over 500
lines, the card's four hooks in the core, an engine that imports no batch machinery, and
commands that never import the group back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import ala_policy
import ala_policy.plugins
from ala_policy import hookspecs

PACKAGE = Path(ala_policy.__file__).resolve().parent
ROOT = Path(__file__).resolve().parents[1]
#: Where each part of the installed package lives in the repository (an editable install
#: points at these; a wheel holds copies, so the test reads whichever was imported).
FOLDERS = {
    "ala_policy": PACKAGE,
    "ala_policy.commands": PACKAGE / "commands",
    "ala_policy.plugins": Path(ala_policy.plugins.__file__).resolve().parent,
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in FOLDERS.items():
        for path in sorted(folder.glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = path
    return found


MODULES = _modules()


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import the module runs, at its top or inside functions; not those under
    ``if TYPE_CHECKING:``, which never run."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of this package an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if MODULES[module].stem == "__init__" else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        # "from . import hookspecs" loads the submodule; "from .models import Outcome" the
        # module named; the package's own __init__ only when a name comes from it.
        names = []
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            names.append(submodule if submodule in MODULES else base)
    return {name for name in names if name in MODULES}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges: set[str] = set()
        for node in _imports(tree):
            edges |= _targets(module, node)
        edges.discard(module)
        graph[module] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_the_whole_package() -> None:
    assert {"ala_policy", "ala_policy.engine", "ala_policy.pipeline", "ala_policy.cli"} <= set(
        MODULES
    )
    assert "ala_policy.plugins.gift" in MODULES
    assert "ala_policy.commands.evaluate" in MODULES
    graph = _graph()
    assert "ala_policy.engine" in graph["ala_policy"]
    assert "ala_policy.pipeline" in graph["ala_policy.engine"]  # evaluate_paths, lazily


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_anywhere_in_the_package() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_500_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{module} has {lines} lines"


def test_the_engine_imports_no_batch_machinery() -> None:
    tree = ast.parse(MODULES["ala_policy.engine"].read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            top |= _targets("ala_policy.engine", node)
    machinery = {
        "ala_policy.batch",
        "ala_policy.pipeline",
        "ala_policy.inputs",
        "ala_policy._idset",
        "ala_policy._rendered",
    }
    assert not top & machinery
    # ... and nothing the batch machinery needs imports the engine back.
    graph = _graph()
    for module in machinery:
        assert "ala_policy.engine" not in graph[module], module


def test_no_command_imports_the_group_back() -> None:
    graph = _graph()
    for module, edges in graph.items():
        if module.startswith("ala_policy.commands"):
            assert "ala_policy.cli" not in edges, module


def test_the_core_defines_the_card_four_hooks_and_their_facts() -> None:
    for area in ("gift", "conflict_of_interest", "directory_use", "solicitation"):
        spec = getattr(hookspecs, f"ala_policy_evaluate_{area}")
        assert spec.__doc__
        assert ":param facts:" in spec.__doc__
    from ala_policy import ConflictOfInterestFacts, DirectoryUseFacts, GiftFacts, SolicitationFacts
    from ala_policy.plugins import areas

    assert GiftFacts.__module__ == "ala_policy.facts"
    assert {
        c.__module__ for c in (ConflictOfInterestFacts, DirectoryUseFacts, SolicitationFacts)
    } == {"ala_policy.facts"}
    source = Path(areas.__file__).read_text(encoding="utf-8")
    assert "@hookspec" not in source
    assert "ala_policy_addhooks" not in source
    assert areas.GiftFacts is GiftFacts  # still importable from where plugins found it


def test_the_kernel_imports_no_plugin() -> None:
    graph = _graph()
    for module, edges in graph.items():
        if module.startswith("ala_policy.plugins"):
            continue
        assert not {e for e in edges if e.startswith("ala_policy.plugins")}, module
