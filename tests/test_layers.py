"""The package's floors stay one-way: no import circle among safecli modules, lazy imports included.

`lint-imports` (the contracts in pyproject.toml) checks which layer may import which; this test
walks every module's syntax tree, function bodies included, so a circle hidden behind a
function-local import fails here too, with the circle spelled out.
"""

from __future__ import annotations

import ast
from pathlib import Path

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
    # cli imports the api only inside `score`: the walk must still see it
    assert "safecli.api" in graph["safecli.cli.app"]
    assert "safecli.read.sheets.reader" in graph["safecli.read.loading"]  # inside read_record


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
        "safecli.read.loading",
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
