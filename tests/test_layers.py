"""The package's floors stay one-way: no import circle among safecli modules, lazy imports included.

`lint-imports` (the contracts in pyproject.toml) checks which layer may import which; this test
walks every module's syntax tree, function bodies included, so a circle hidden behind a
function-local import fails here too, with the circle spelled out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("pandas", "openpyxl", "pyarrow", "docx", "duckdb")
"""Third-party modules only ever imported inside the function that needs them (start-up time)."""


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every safecli module by dotted name, with its file and whether it is a package."""
    found = {}
    for path in sorted((SRC / "safecli").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, package)
    return found


def _imported(module: str, package: bool, node: ast.AST) -> list[str]:
    """The dotted names an import statement brings in (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            name = ".".join([*base, *([node.module] if node.module else [])])
        else:
            name = node.module or ""
        return [f"{name}.{alias.name}" for alias in node.names] + [name]
    return []


def _graph() -> dict[str, set[str]]:
    """Which safecli modules each safecli module imports, anywhere in its file."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, package) in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _imported(name, package, node):
                while target and target not in modules:  # `from m import function`
                    target = target.rpartition(".")[0]
                # a submodule's import runs its package's __init__, but that is not an edge
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_sees_function_local_imports():
    graph = _graph()
    # the records commands import the api only inside `score`: the walk must still see it
    assert "safecli.api" in graph["safecli.cli.records"]
    assert "safecli.read.sheets.reader" in graph["safecli.read.records"]  # inside read_record


def test_no_import_circle_among_safecli_modules():
    circle = _circle(_graph())
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def test_the_circle_finder_finds_one():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None


def test_heavy_third_party_modules_stay_lazy():
    top_level = []
    for name, (path, _) in _modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            for target in _imported(name, False, node):
                if target.split(".")[0] in HEAVY:
                    top_level.append(f"{name}: {target}")
    assert top_level == []


def test_renderers_read_no_files_and_load_nothing():
    graph = _graph()
    below = (
        "safecli.read.records",
        "safecli.read.standards",
        "safecli.read.validation",
        "safecli.read.yamlio",
        "safecli.read.sheets",
        "safecli.read.catalog",
    )
    for name, targets in graph.items():
        if name.startswith("safecli.render"):
            assert not [t for t in targets if t.startswith(below)], name
    for core in (
        "safecli.score.scoring",
        "safecli.score.gaps",
        "safecli.plan.planning",
        "safecli.score.diff",
    ):
        assert not [t for t in graph[core] if t.startswith("safecli.render")], core


MAX_LINES = 600
"""No module grows past this: split it by what its parts hold (docs/architecture.md)."""


def test_no_module_over_600_lines():
    long = {}
    for name, (path, _) in _modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long[name] = lines
    assert long == {}


def _private_imports(name: str, package: bool, tree: ast.AST, modules: set[str]) -> list[str]:
    """`from safecli.x import _name` and `x._name` (x a safecli module) in one module's tree."""
    found = []
    aliases: dict[str, str] = {}  # local name -> the safecli module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _imported(name, package, node)[-1]
            if not base.startswith("safecli"):
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in modules:  # `from safecli.portfolio import pool`
                    aliases[alias.asname or alias.name] = target
                elif alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{name}:{node.lineno}: from {base} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("safecli"):
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            found.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_imports_another_modules_private_name():
    modules = _modules()
    found = []
    for name, (path, package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += _private_imports(name, package, tree, set(modules))
    assert found == []


def test_the_private_import_finder_finds_both_forms():
    modules = {"safecli.score.scoring", "safecli.portfolio.pool", "safecli.portfolio"}
    tree = ast.parse(
        "from safecli.score.scoring import _rate, assess\n"
        "from safecli.portfolio import pool\n"
        "import safecli.score.scoring as scoring\n"
        "def f():\n"
        "    return pool._relative, scoring._reach, pool.public, __name__\n"
    )
    found = _private_imports("safecli.x", False, tree, modules)
    assert found == [
        "safecli.x:1: from safecli.score.scoring import _rate",
        "safecli.x:5: pool._relative",
        "safecli.x:5: scoring._reach",
    ]


DISTRIBUTIONS = {"docx": "python-docx", "yaml": "pyyaml", "ryml": "rapidyaml"}
"""Import names that differ from the name the package is installed by."""


def _declared() -> set[str]:
    import re

    tomllib = pytest.importorskip("tomllib")  # Python 3.11 on
    pyproject = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))
    names = set()
    for requirement in pyproject["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
        names.add(re.sub(r"[-_.]+", "-", name).lower())
    return names


def test_every_imported_third_party_package_is_declared():
    import sys

    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    imported = set()
    for name, (path, package) in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue
            for target in _imported(name, package, node):
                top = target.split(".")[0]
                if top and top != "safecli" and top not in stdlib:
                    imported.add(top)
    missing = {
        top: DISTRIBUTIONS.get(top, top)
        for top in imported
        if DISTRIBUTIONS.get(top, top).replace("_", "-").lower() not in _declared()
    }
    assert missing == {}
