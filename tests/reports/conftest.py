"""Report fixtures: the real project's report, generated once per session in every format.

The graph is loaded from the sources (data/ and the derived graphs, as ``load_graph_store`` does
when dist/ is stale), not from a build, so the tests need neither Java nor a complete build;
the build information is a fixed stand-in so the stamp of every file can be checked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from common import BASE, PROJECT_DIR

from sens_graph.config import Settings
from sens_graph.queries import QueryLibrary
from sens_graph.reports import ReportResult, generate_reports

BUILD_INFO = {
    "version": "0.1.0",
    "build_date": "2026-11-23T08:00:00Z",
    "base_iri": BASE,
    "source_digest": "0" * 64,
}


@pytest.fixture(scope="session")
def report_settings(settings: Settings) -> Settings:
    """The shared ``settings`` (tests/conftest.py), under the name the report tests use."""
    return settings


@pytest.fixture(scope="session")
def report_store(store):
    """The shared graph ``store`` (tests/conftest.py), loaded once for every test folder."""
    return store


@pytest.fixture(scope="session")
def report_library(library) -> QueryLibrary:
    """The shared query ``library`` (tests/conftest.py)."""
    return library


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
