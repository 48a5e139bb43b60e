"""The import graph of ``game/``, read with ``ast`` (no module is imported): no circle between
the packages of ``game/`` (each direct subpackage is one node), none among the files of
``game/ui``, the scenes import neither the app nor each other (the files of a scene split into a
package may import one another), and the functional core never imports pygame.

Every import statement counts, wherever it is (inside a function too); ``from x import y`` where
``x.y`` is a module counts as importing ``x.y``. Imports under ``if TYPE_CHECKING:`` do not count:
they are never run, they only name a type for annotations.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

GAME = Path(__file__).resolve().parents[1] / "game"
#: Packages that never import pygame (the functional core runs headless).
PYGAME_FREE = ("game.model", "game.rules", "game.agents", "game.scenario")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(GAME.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(GAME.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of a module, at any depth, except under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _statements(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _statements(node)


def imports_of(name: str) -> set[str]:
    """The modules (of any package) that module ``name`` imports."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            found.add(submodule if submodule in MODULES else base)
    return found


GRAPH: dict[str, set[str]] = {name: imports_of(name) for name in MODULES}


def package_of(name: str) -> str | None:
    """The direct subpackage of ``game`` a module belongs to (None for ``game`` itself)."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "game" and len(parts) > 1 else None


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One circle of the directed graph (its nodes, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle in each group of nodes that reach each other (so every separate circle is
    named), by removing each circle's first edge and looking again."""
    remaining = {node: set(targets) for node, targets in edges.items()}
    cycles: list[list[str]] = []
    while (cycle := find_cycle(remaining)) is not None:
        cycles.append(cycle)
        for node in cycle[:-1]:  # drop the whole group: one circle per group is enough
            remaining.pop(node, None)
        for targets in remaining.values():
            targets.difference_update(cycle)
    return cycles


def _witnesses(source: str, target: str) -> list[str]:
    """The imports that make package ``source`` depend on package ``target``."""
    return [f"{name} imports {imported}" for name in sorted(GRAPH) if package_of(name) == source
            for imported in sorted(GRAPH[name]) if package_of(imported) == target]


def package_graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, imported in GRAPH.items():
        source = package_of(name)
        if source is None:
            continue
        edges.setdefault(source, set())
        for target in imported:
            if target in MODULES and package_of(target) not in (None, source):
                edges[source].add(package_of(target))
    return edges


def describe(cycle: list[str], witnesses: bool = False) -> str:
    text = " -> ".join(cycle)
    if witnesses:
        steps = [f"  {a} -> {b}: " + "; ".join(_witnesses(a, b)) for a, b in itertools.pairwise(cycle)]
        text += "\n" + "\n".join(steps)
    return text


def test_the_graph_is_read():
    # The reader sees imports inside functions and submodules imported with "from".
    assert "game.ui.app" in GRAPH["game.tools.cli"]
    assert "game.ui.draw" in GRAPH["game.ui.scene"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_circle_between_the_packages_of_game():
    cycles = find_cycles(package_graph())
    assert not cycles, "import circles between packages:\n" + "\n".join(
        describe(cycle, witnesses=True) for cycle in cycles)


def test_no_circle_among_the_files_of_the_ui():
    ui = {name: {t for t in imported if t.startswith("game.ui.") or t == "game.ui"}
          for name, imported in GRAPH.items() if name.startswith("game.ui")}
    cycles = find_cycles(ui)
    assert not cycles, "import circles among the files of game/ui:\n" + "\n".join(
        describe(cycle) for cycle in cycles)


def scene_of(name: str) -> str:
    """The scene a file of ``game/ui/scenes`` belongs to: ``game.ui.scenes.<scene>``, a module or
    a package whose files are the scene's parts (they may import each other)."""
    return ".".join(name.split(".")[:4])


def test_scenes_import_neither_the_app_nor_each_other():
    scenes = [name for name in MODULES if name.startswith("game.ui.scenes.")]
    assert len(scenes) > 10
    assert scene_of("game.ui.scenes.negotiation.draft") == scene_of("game.ui.scenes.negotiation")
    assert scene_of("game.ui.scenes.negotiation.draft") != scene_of("game.ui.scenes.inbox")
    offending = [f"{name} imports {imported}" for name in scenes for imported in sorted(GRAPH[name])
                 if imported in ("game.ui.app", "game.ui.registry")
                 or (imported.startswith("game.ui.scenes.") and scene_of(imported) != scene_of(name))]
    assert not offending, "scenes ask the app for another scene by name: " + "; ".join(offending)


def test_the_functional_core_never_imports_pygame():
    offending = [f"{name} imports {imported}" for name in sorted(GRAPH)
                 if name.startswith(PYGAME_FREE) for imported in sorted(GRAPH[name])
                 if imported.split(".")[0] in ("pygame", "pygame_gui")]
    assert not offending, "; ".join(offending)


def test_pygame_is_imported_only_in_the_ui():
    offending = [f"{name} imports {imported}" for name in sorted(GRAPH)
                 if not name.startswith("game.ui") for imported in sorted(GRAPH[name])
                 if imported.split(".")[0] in ("pygame", "pygame_gui")]
    assert not offending, "; ".join(offending)
