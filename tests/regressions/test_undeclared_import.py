"""Regression: an import the package does not declare (issue 10, packaging).

In a fresh virtual environment, ``sens-graph report`` failed with ``No module named 'scipy'``:
``networkx.spring_layout`` imports scipy for graphs above 500 nodes, and scipy came from the
machine's system Python by luck. Two checks of the kind:
- every third-party module imported anywhere in ``src/`` belongs to a distribution that
  ``pyproject.toml`` declares;
- the modules our dependencies import on our behalf (listed below with the call that needs them)
  are declared too, and the call works on a graph large enough to need them.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import networkx as nx

PROJECT_DIR = Path(__file__).resolve().parents[2]
SRC = PROJECT_DIR / "src" / "sens_graph"

# Imported by a dependency at run time, not by our code: (module, distribution, why).
INDIRECT_IMPORTS = (
    ("scipy", "scipy", "networkx.spring_layout on graphs of more than 500 nodes (analytics figures)"),
)


def _declared() -> set[str]:
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        names.add(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def _imported_modules() -> dict[str, str]:
    """Top-level module → first file importing it, over every module of the package."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(PROJECT_DIR)))
    return found


def test_every_third_party_import_is_declared() -> None:
    declared = _declared()
    distributions = packages_distributions()
    missing = []
    for module, where in sorted(_imported_modules().items()):
        if module in sys.stdlib_module_names or module == "sens_graph":
            continue
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        if not dists:
            missing.append(f"{module} (imported in {where}) is installed by no distribution")
        elif not dists & declared:
            missing.append(f"{module} (imported in {where}) comes from {sorted(dists)}, not in pyproject.toml")
    assert not missing, "\n".join(missing)


def test_indirect_imports_are_declared() -> None:
    declared = _declared()
    for module, distribution, why in INDIRECT_IMPORTS:
        assert distribution in declared, f"{module} is needed by {why} but {distribution} is not declared"


def test_spring_layout_above_500_nodes_works() -> None:
    """The call that failed: networkx switches to its scipy implementation above 500 nodes."""
    g = nx.path_graph(600)
    pos = nx.spring_layout(g, seed=42, iterations=2)
    assert len(pos) == 600
