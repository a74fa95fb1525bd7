"""The module graph of ``src/sens_graph`` has no cycle and no upward arrow (issue 11).

Every module belongs to one layer, from the bottom (core: names, settings, errors, the layout of
``dist/``) to the top (the command line and the public facade). A module may import modules of its
own layer or of a lower one, never of a higher one, and no chain of imports may come back to where
it started. The imports are read from the source (``ast``), function-level imports included (a
lazy import is still a dependency); imports under ``if TYPE_CHECKING:`` are left out (they never
run). ``from . import x`` where ``x`` is a submodule is an arrow to that submodule; importing
``a.b`` is an arrow to ``a.b`` only (a package's ``__init__`` is a module of its own).

Run ``python tests/test_architecture.py`` to print the diagram of ``docs/architecture.md``
(mermaid, one box per layer, packages collapsed) and the table of every module's imports.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "sens_graph"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("version", "errors", "namespaces", "config", "layout", "iri", "values", "buildcache", "workers")),
    ("source", ("turtle", "sssom", "sources", "programmes.schema", "programmes.folders", "programmes.reader",
                "programmes.catalogue", "programmes.store", "programmes.to_rdf", "programmes.to_sssom",
                "programmes.template")),
    ("graph", ("graphs", "memstore", "programme_graphs", "skos", "versiondiff", "coverage", "derive", "statistics")),
    ("validation", ("validation", "reasoning")),
    ("store", ("release_info", "queries", "store", "store.*", "search")),
    ("release", ("catalog", "jsonld", "release", "programme_rows", "exports", "exports.*")),
    ("build", ("build",)),
    ("analysis", ("analytics", "programmes.coverage", "programmes")),
    ("reports", ("reports", "reports.*")),
    ("server", ("server", "server.*")),
    ("entry", ("cli", "sens_graph")),
)
"""Layers from the bottom up; ``x.*`` stands for every module of package ``x``. The same table is
drawn in docs/architecture.md."""


def module_name(path: Path) -> str:
    """``src/sens_graph/server/app.py`` → ``sens_graph.server.app`` (a package → its name)."""
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                    isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
                skipped |= {id(n) for n in ast.walk(node)}
    return skipped


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports (names without the ``sens_graph.`` prefix,
    except the package itself, ``sens_graph``)."""
    mods = modules()
    graph: dict[str, set[str]] = {short(m): set() for m in mods}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        skipped = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base) + (f".{node.module}" if node.module else "")
                else:
                    source = node.module or ""
                submodules = [f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in mods]
                targets = submodules or [source]
            graph[short(name)] |= {short(t) for t in targets if t in mods and t != name}
    return graph


def short(name: str) -> str:
    return name if name == "sens_graph" else name.removeprefix("sens_graph.")


def layer_of(module: str) -> int | None:
    """Index of the module's layer in :data:`LAYERS`, or None if it is not declared."""
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if module == member or (member.endswith(".*") and module.startswith(member[:-1])):
                return index
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph) + 100))

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
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


def test_the_graph_is_read_from_the_code():
    graph = import_graph()
    assert "queries" in graph and "release_info" in graph["queries"]
    assert "graphs" in graph["derive"] and "validation" not in graph["derive"]
    assert "build" not in graph["queries"]


def test_every_module_has_a_layer():
    undeclared = sorted(m for m in import_graph() if layer_of(m) is None)
    assert not undeclared, f"declare the layer of {undeclared} in tests/test_architecture.py LAYERS"


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_no_upward_arrow():
    upward = [f"{source} ({LAYERS[layer_of(source)][0]}) → {target} ({LAYERS[layer_of(target)][0]})"
              for source, targets in sorted(import_graph().items()) for target in sorted(targets)
              if layer_of(source) is not None and layer_of(target) is not None
              and layer_of(target) > layer_of(source)]
    assert upward == []


def test_routes_do_not_import_the_sparql_endpoint():
    """Media-type maps and error responses live in server.http; only the app mounts server.sparql."""
    importers = sorted(m for m, targets in import_graph().items() if "server.sparql" in targets)
    assert importers == ["server.app"]


def test_the_checks_catch_a_cycle_and_an_upward_arrow():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("queries") > layer_of("derive")  # so derive → queries would be reported
    assert layer_of("server.app") > layer_of("store") and layer_of("store.pool") == layer_of("store")


def test_the_documented_layers_are_the_tested_ones():
    doc = (PACKAGE_DIR.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name, members in LAYERS:
        assert f"| {name} |" in doc, f"layer {name} missing from docs/architecture.md"
        for member in members:
            assert f"`{member}`" in doc, f"module {member} ({name}) missing from docs/architecture.md"


def _group(module: str) -> str:
    """The box of a module in the diagram: packages collapsed, except the facade."""
    if module == "sens_graph":
        return module
    head = module.split(".")[0]
    return head if head in {"server", "reports", "exports", "store"} else module


def mermaid() -> str:
    """The layer diagram (mermaid ``flowchart``): one subgraph per layer, packages collapsed, arrows
    into the core layer left out (every layer uses it)."""
    graph = import_graph()
    arrows: set[tuple[str, str]] = set()
    for source, targets in graph.items():
        for target in targets:
            a, b = _group(source), _group(target)
            if a != b and layer_of(target) != 0:
                arrows.add((a, b))
    members: dict[int, set[str]] = defaultdict(set)
    for module in graph:
        members[layer_of(module)].add(_group(module))
    lines = ["flowchart BT"]
    for index, (name, _) in enumerate(LAYERS):
        lines.append(f"  subgraph L{index}[{name}]")
        lines += [f"    {box.replace('.', '_')}[{box}]" for box in sorted(members[index])]
        lines.append("  end")
    lines += [f"  {a.replace('.', '_')} --> {b.replace('.', '_')}" for a, b in sorted(arrows)]
    return "\n".join(lines)


def table() -> str:
    """Every module, its layer and what it imports (markdown)."""
    graph = import_graph()
    rows = ["| module | layer | imports |", "|---|---|---|"]
    for module in sorted(graph, key=lambda m: (layer_of(m), m)):
        rows.append(f"| `{module}` | {LAYERS[layer_of(module)][0]} | {', '.join(sorted(graph[module])) or '—'} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print("```mermaid")
    print(mermaid())
    print("```\n")
    print(table())
