"""The shape of the code, checked: no import cycle in the package, no module over 500 lines, no
module that imports both python-pptx and Plotly, no renderer that looks at a view id, and no use
of Streamlit's private runtime anywhere in the repository's Python (`lint-imports` checks the
declared layers; see pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

from ctdash import views

PACKAGE = ROOT / "src" / "ctdash"
RENDERERS = ("plot", "deck", "htmlpack")


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (type-checking-only imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "ctdash":
                found |= {f"ctdash.{a.name}" for a in node.names}
    return found


def package_graph() -> dict[str, set[str]]:
    """ctdash module -> the ctdash modules it imports at run time (not under TYPE_CHECKING)."""
    graph = {}
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        deps = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ctdash"):
                deps |= {f"ctdash.{a.name}" for a in node.names} if node.module == "ctdash" else {node.module}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("ctdash")}
        graph[f"ctdash.{path.stem}"] = deps - {f"ctdash.{path.stem}"}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_in_the_package() -> None:
    assert cycle(package_graph()) is None, cycle(package_graph())


def test_the_cycle_check_can_fail() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_over_500_lines() -> None:
    long = {p.name: n for p in PACKAGE.glob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long


def test_no_module_imports_both_pptx_and_plotly() -> None:
    both = [p.name for p in PACKAGE.glob("*.py")
            if any(m.split(".")[0] == "pptx" for m in imports(p)) and any(m.split(".")[0] == "plotly" for m in imports(p))]
    assert not both


def test_renderers_never_look_at_a_view_id() -> None:
    """Adding a view is one registry entry: no renderer names one."""
    ids = {v.id for v in views.REGISTRY}
    for name in RENDERERS:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        named = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)} & ids
        assert not named, (name, named)


def test_no_private_streamlit_runtime_anywhere() -> None:
    files = [p for d in ("src", "tests", "bench", "pages") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]
    bad = [str(p.relative_to(ROOT)) for p in files
           if any(w in p.read_text(encoding="utf-8") for w in ("streamlit" + ".runtime", "Pages" + "Manager"))]
    assert not bad
