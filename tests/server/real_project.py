"""The real project built once per test session into a temporary copy, and an app serving it.

The pages of issue 14 are tested on the real graph (counts, hours and crosswalk pairs printed by
the sources), not on inline data. The build skips the OWL reasoner (Java) to stay fast; the
graph is otherwise the one ``sens-graph build`` writes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.server import ServerSettings, create_app, make_store

from .virtuoso import Virtuoso, start_virtuoso

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a temporary copy of the project (ontology, data, shapes, queries), built once."""
    target = tmp_path_factory.mktemp("real-project")
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, target / name)
    settings = Settings(project_dir=target)
    build(settings, reason=False)
    return settings


def real_server_settings(settings: Settings, **overrides) -> ServerSettings:
    options = {"store_dir": settings.project_dir / "var" / "store", "query_timeout": 20.0, "workers": 3,
               "reload_interval": 0}
    options.update(overrides)
    return ServerSettings(**options)


@pytest.fixture(scope="session")
def real_client(real_settings: Settings) -> Iterator[TestClient]:
    """An in-process client of the app over the real build."""
    options = real_server_settings(real_settings)
    app = create_app(real_settings, make_store(real_settings, options), options)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@pytest.fixture(scope="module")
def virtuoso_on_real_build(real_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A private Virtuoso (``server/virtuoso.py``) loaded with the real build's N-Quads, one per test module."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), real_settings.dist_dir / "sens-graph.nq")
    try:
        yield server
    finally:
        server.stop()
