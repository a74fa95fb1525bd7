"""Report fixtures: the real project's report, generated once per session in every format.

The graph is loaded from the sources (data/ and the derived graphs, as ``open_store`` does
when dist/ is stale), not from a build, so the tests need neither Java nor a complete build;
the build information is a fixed stand-in so the stamp of every file can be checked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sens_graph.config import Settings
from sens_graph.queries import QueryLibrary, open_store
from sens_graph.reports import ReportResult, generate_reports

PROJECT_DIR = Path(__file__).resolve().parents[2]
BUILD_INFO = {
    "version": "0.1.0",
    "build_date": "2026-11-23T08:00:00Z",
    "base_iri": "https://w3id.org/sens-graph/",
    "source_digest": "0" * 64,
}


@pytest.fixture(scope="session")
def report_settings() -> Settings:
    return Settings(project_dir=PROJECT_DIR)


@pytest.fixture(scope="session")
def report_store(report_settings: Settings):
    return open_store(report_settings, prefer_dist=False)


@pytest.fixture(scope="session")
def report_library(report_settings: Settings) -> QueryLibrary:
    return QueryLibrary.load(report_settings.queries_dir)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory, report_settings: Settings, report_store) -> ReportResult:
    """The whole report (HTML, XLSX, PDF, CSV) of the real project, written once."""
    out = tmp_path_factory.mktemp("report") / "reports"
    return generate_reports(report_settings, out, ["html", "xlsx", "pdf", "csv"], store=report_store,
                            build_info=BUILD_INFO)


def copy_project(target: Path) -> Settings:
    """A throw-away copy of the project's inputs (to edit the data without touching the repo)."""
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, target / name)
    return Settings(project_dir=target)
