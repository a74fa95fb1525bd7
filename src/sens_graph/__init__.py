"""sens-graph: the French digital-health competency frameworks as a validated knowledge graph.

The public Python API (everything else is internal and may move)::

    from sens_graph import Settings, build, load_graph_store, run_query, generate_reports

    settings = Settings()                       # project folder = cwd, or SENS_GRAPH_PROJECT_DIR
    result = build(settings)                    # validate, reason, write dist/ (raises on failure)
    store = load_graph_store(settings)          # in-memory Oxigraph store of the build
    rows = run_query(store, "heures-du", {"par": "niveau"}, settings=settings).records()
    generate_reports(settings)                  # dist/reports: HTML, XLSX, PDF, CSV

Names are imported on first use, so ``import sens_graph`` stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS: dict[str, tuple[str, str]] = {
    "Settings": ("sens_graph.config", "Settings"),
    "build": ("sens_graph.build", "build"),
    "BuildResult": ("sens_graph.build", "BuildResult"),
    "is_stale": ("sens_graph.release_info", "is_stale"),
    "load_dataset": ("sens_graph.sources", "load_dataset"),
    "validate_dataset": ("sens_graph.validation", "validate_dataset"),
    "ValidationReport": ("sens_graph.validation", "ValidationReport"),
    "QueryLibrary": ("sens_graph.queries", "QueryLibrary"),
    "QueryResult": ("sens_graph.queries", "QueryResult"),
    "load_graph_store": ("sens_graph.queries", "load_graph_store"),
    "open_store": ("sens_graph.queries", "open_store"),
    "run_query": ("sens_graph.queries", "run"),
    "generate_reports": ("sens_graph.reports", "generate_reports"),
    "SearchIndex": ("sens_graph.search", "SearchIndex"),
    "create_app": ("sens_graph.server", "create_app"),
    "SensGraphError": ("sens_graph.errors", "SensGraphError"),
}
"""Public name → (module, attribute)."""

__all__ = [
    "BuildResult", "QueryLibrary", "QueryResult", "SearchIndex", "SensGraphError", "Settings", "ValidationReport",
    "__version__", "build", "create_app", "generate_reports", "is_stale", "load_dataset", "load_graph_store",
    "open_store", "run_query", "validate_dataset",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'sens_graph' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and IDEs
    from .build import BuildResult, build
    from .config import Settings
    from .errors import SensGraphError
    from .queries import QueryLibrary, QueryResult, load_graph_store, open_store
    from .queries import run as run_query
    from .release_info import is_stale
    from .reports import generate_reports
    from .search import SearchIndex
    from .server import create_app
    from .sources import load_dataset
    from .validation import ValidationReport, validate_dataset
