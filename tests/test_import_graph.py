"""Dependencies point one way (DESIGN.md): no module imports another that imports it back, and
the shells reach the workshop and the saves only through the play layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pmsim

PACKAGE = Path(pmsim.__file__).resolve().parent
SHELLS = ("pmsim.ui", "pmsim.terminal")
SHELL_MAY_NOT_IMPORT = ("pmsim.workshop", "pmsim.saves")
FACILITATOR_SCREENS = {"pmsim.ui.dashboard", "pmsim.ui.scenes.dashboard",
                       "pmsim.ui.scenes.room_debrief"}
"""The facilitator's screens show the workshop host itself (the host side, not a team's game):
they may name it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(name: str, path: Path, known: set[str], typing_too: bool) -> set[str]:
    """The pmsim modules `name` imports, at any depth of its code (TYPE_CHECKING blocks only
    with `typing_too`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    skip: set[int] = set()
    if not typing_too:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _type_checking(node):
                skip.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import name`: the module pkg.name when there is one, else pkg itself
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(typing_too: bool = False) -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known, typing_too) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


def package_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Subpackage to subpackage (pmsim.ui.scenes.board -> pmsim.ui)."""
    def top(name: str) -> str:
        return ".".join(name.split(".")[:2])
    out: dict[str, set[str]] = {}
    for source, targets in edges.items():
        out.setdefault(top(source), set()).update(top(t) for t in targets if top(t) != top(source))
    return out


KNOWN_CYCLES: list[list[str]] = []


def test_no_module_imports_itself_back() -> None:
    found = cycles(graph())
    assert [c for c in found if c not in KNOWN_CYCLES] == []


def test_the_shells_reach_the_workshop_and_saves_only_through_play() -> None:
    found = [
        f"{source} imports {target}"
        for source, targets in graph(typing_too=True).items()
        if source.startswith(SHELLS) and source not in FACILITATOR_SCREENS
        for target in targets if target.startswith(SHELL_MAY_NOT_IMPORT)
    ]
    assert found == []


def test_layers_point_one_way() -> None:
    edges = package_edges(graph())
    below_play = ("pmsim.engine", "pmsim.analysis", "pmsim.scenario")
    for layer in below_play:
        assert not edges.get(layer, set()) & {"pmsim.play", "pmsim.ui", "pmsim.terminal"}
    assert "pmsim.ui" not in edges["pmsim.play"] and "pmsim.terminal" not in edges["pmsim.play"]
    assert "pmsim.ui" not in edges["pmsim.terminal"]


def test_scenes_reach_each_other_by_name() -> None:
    edges = graph(typing_too=True)
    scenes = {name for name in edges if name.startswith("pmsim.ui.scenes.")}
    shared = {"pmsim.ui.scenes.base", "pmsim.ui.scenes.registry"}
    found = [f"{s} imports {t}" for s in scenes - FACILITATOR_SCREENS
             for t in edges[s] & scenes if t not in shared]
    assert found == []


def test_the_graph_sees_relative_and_lazy_imports() -> None:
    edges = graph()
    assert "pmsim.play.session" in edges["pmsim.ui.scenes.board"]
    assert "pmsim.workshop.team" in edges["pmsim.play.session"]  # imported inside a method
