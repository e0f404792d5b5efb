"""The package's layering (CONTRIBUTING.md, "How the code is laid out"): no import cycles, no
import from a lower layer into a higher one, Typer only in the CLI, rich only where text is shown.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_graph.py"


@pytest.fixture(scope="module")
def graph_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("import_graph", module)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycles(graph_tool: ModuleType) -> None:
    modules, edges = graph_tool.graph()
    assert graph_tool.cycles(modules, edges) == []


def test_no_layer_imports_a_higher_one(graph_tool: ModuleType) -> None:
    modules, edges = graph_tool.graph()
    assert graph_tool.back_edges(edges) == []
    # Every subpackage is a known layer: a new folder must be placed in LAYERS.
    folders = {m.split(".")[1] for m in modules if m.count(".") >= 2}
    assert folders <= set(graph_tool.LAYERS)


def test_the_checks_catch_what_they_look_for(graph_tool: ModuleType) -> None:
    # The two defects this round removed, written back as edges: both are found.
    periods, catalog = "vanthuy_cli.plan.periods", "vanthuy_cli.render.catalog"
    cli, record = "vanthuy_cli.cli.cli", "vanthuy_cli.cli.cli_record"
    edges = {(periods, catalog): "typing", (cli, record): "top", (record, cli): "top"}
    assert graph_tool.back_edges(edges) == [(periods, catalog, "typing")]
    assert graph_tool.cycles({periods, catalog, cli, record}, edges) == [[cli, record]]


@pytest.mark.parametrize(("library", "allowed"), [("typer", {"cli"}), ("rich", {"cli", "render"})])
def test_presentation_libraries_stay_in_their_layers(
    graph_tool: ModuleType, library: str, allowed: set[str]
) -> None:
    offenders = []
    for path in sorted(graph_tool.ROOT.rglob("*.py")):
        name = graph_tool.module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, _kind in graph_tool._walk(tree, "top"):
            for imported in graph_tool._imported_names(node, name):
                if imported.split(".")[0] == library and graph_tool.layer(name) not in allowed:
                    offenders.append((name, imported))
    assert offenders == []


def test_the_wheel_lists_every_package() -> None:
    # pyproject.toml names the packages (templates/ is mapped into the package), so a new folder
    # left out of the list would be missing from an installed par.
    import tomllib

    config = tomllib.loads((SCRIPT.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    root = SCRIPT.parent.parent / "vanthuy_cli"
    folders = {"vanthuy_cli"} | {f"vanthuy_cli.{p.parent.name}" for p in root.glob("*/__init__.py")}
    assert listed == folders | {"vanthuy_cli.templates"}
    assert config["tool"]["setuptools"]["package-dir"] == {"vanthuy_cli.templates": "templates"}
