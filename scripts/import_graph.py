"""The import graph of vanthuy_cli: modules, import cycles and back-edges between layers.

Usage: python scripts/import_graph.py [--edges]

An edge A -> B means module A imports module B. "top" edges run when A is imported; "lazy" edges
sit inside a function and "typing" edges under ``if TYPE_CHECKING:`` (neither runs at import
time, but both still couple the two modules). A cycle is a strongly connected component of the
graph. A back-edge is an import from a lower layer to a higher one: the layers are the
subpackages, lowest first in ``LAYERS``; the modules at the package root are the base.
``tests/test_layers.py`` keeps the package free of both.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "vanthuy_cli"
PACKAGE = "vanthuy_cli"

#: Lowest first: a module may import from its own layer or a lower one.
LAYERS = (
    "base",
    "storage",
    "plan",
    "rules",
    "reading",
    "history",
    "recording",
    "importing",
    "render",
    "documents",
    "cli",
)
#: An edge kind outranks the kinds before it: a pair imported both ways counts as the strongest.
KINDS = ("typing", "lazy", "top")

Edges = dict[tuple[str, str], str]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(node: ast.AST, package: str) -> Iterator[str]:
    """Dotted names an import statement may refer to (a module, or a module's attribute)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = package.split(".")
            parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join([*parts, *([node.module] if node.module else [])])
        for alias in node.names:
            yield f"{base}.{alias.name}"


def _resolve(name: str, modules: set[str]) -> str | None:
    """The package module ``name`` is, or is an attribute of."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _walk(node: ast.AST, kind: str) -> Iterator[tuple[ast.AST, str]]:
    """Every node below ``node`` with the kind an import there would have."""
    for child in ast.iter_child_nodes(node):
        child_kind = kind
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and kind == "top":
            child_kind = "lazy"
        elif _is_type_checking(child):
            child_kind = "typing"
        yield child, child_kind
        yield from _walk(child, child_kind)


def imports(path: Path, modules: set[str], root: Path = ROOT) -> list[tuple[str, str]]:
    """(target, kind) for every import of another package module in the file."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node, kind in _walk(ast.parse(path.read_text(encoding="utf-8")), "top"):
        for imported in _imported_names(node, package):
            target = _resolve(imported, modules) if imported.startswith(PACKAGE) else None
            if target and target != name:
                found.append((target, kind))
    return found


def graph(root: Path = ROOT) -> tuple[set[str], Edges]:
    """The modules under ``root`` and the edges between them."""
    files = sorted(root.rglob("*.py"))
    modules = {module_name(p, root) for p in files}
    edges: Edges = {}
    for path in files:
        for target, kind in imports(path, modules, root):
            key = (module_name(path, root), target)
            if KINDS.index(kind) > KINDS.index(edges.get(key, "typing")) or key not in edges:
                edges[key] = kind
    # Importing a submodule runs its package's __init__ first: that is no dependency of its own.
    return modules, {(a, b): k for (a, b), k in edges.items() if not a.startswith(b + ".")}


def cycles(modules: set[str], edges: Edges, kinds: tuple[str, ...] = KINDS) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), over edges of ``kinds``."""
    succ: dict[str, list[str]] = {m: [] for m in modules}
    for (a, b), kind in edges.items():
        if kind in kinds:
            succ[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in succ[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = stack[stack.index(v) :]
            del stack[stack.index(v) :]
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(modules) + 100))
    for v in sorted(modules):
        if v not in index:
            strong(v)
    return found


def layer(module: str) -> str:
    """The layer of a module: its subpackage, or the base for the package root."""
    if module == f"{PACKAGE}.__main__":  # the entry point, ``python -m vanthuy_cli``
        return LAYERS[-1]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "base"


def back_edges(edges: Edges) -> list[tuple[str, str, str]]:
    """(importer, imported, kind) for every import from a lower layer into a higher one."""
    rank = {name: i for i, name in enumerate(LAYERS)}
    return [(a, b, k) for (a, b), k in sorted(edges.items()) if rank[layer(a)] < rank[layer(b)]]


def _print_cycles(title: str, found: list[list[str]]) -> None:
    print(title)
    for component in found or [["(none)"]]:
        print("  " + " <-> ".join(component))


def main() -> None:
    modules, edges = graph()
    kinds = Counter(edges.values())
    print(f"modules: {len(modules)}, edges: {len(edges)} ({dict(sorted(kinds.items()))})")
    _print_cycles("cycles at import time (top-level imports):", cycles(modules, edges, ("top",)))
    _print_cycles("cycles counting lazy and TYPE_CHECKING imports:", cycles(modules, edges))
    back = back_edges(edges)
    print(f"back-edges (layers {' < '.join(LAYERS)}): {len(back)}")
    for a, b, k in back:
        print(f"  {a} [{layer(a)}] -> {b} [{layer(b)}] ({k})")
    if "--edges" in sys.argv:
        print("edges:")
        for (a, b), k in sorted(edges.items()):
            print(f"  {a} -> {b} ({k})")


if __name__ == "__main__":
    main()
