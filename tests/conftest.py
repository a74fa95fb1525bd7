"""Shared fixtures: the real project data, loaded once per session."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from common import BASE, PROJECT_DIR
from rdflib import Dataset, Graph, URIRef
from server.real_project import real_client, real_settings, virtuoso_on_real_build  # noqa: F401  (the real build)

from sens_graph.config import Settings
from sens_graph.queries import QueryLibrary, load_graph_store
from sens_graph.sources import load_dataset


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(project_dir=PROJECT_DIR)


@pytest.fixture(scope="session")
def store(settings: Settings) -> ox.Store:
    """The graph store of the real project: sources + derived graphs in one in-memory Oxigraph store
    (as the CLI queries it when dist/ is stale), loaded once for the query, analytics, report and
    export tests."""
    return load_graph_store(settings, prefer_dist=False)


@pytest.fixture(scope="session")
def library(settings: Settings) -> QueryLibrary:
    """The query library of the real project (``queries/*.rq``)."""
    return QueryLibrary.load(settings.queries_dir)


@pytest.fixture(scope="session")
def dataset(settings: Settings) -> Dataset:
    """Every named graph of data/ plus the ontology, as the build loads them."""
    return load_dataset(settings)


@pytest.fixture(scope="session")
def union(dataset: Dataset) -> Graph:
    """All named graphs merged into one graph (for cross-graph queries)."""
    g = Graph()
    for ctx in dataset.graphs():
        g += ctx
    return g


@pytest.fixture(scope="session")
def graph_of(dataset: Dataset):
    """``graph_of("referentiel/socle-postbac-v1.1.2022")`` → that file's named graph."""

    def _get(name: str) -> Graph:
        return dataset.graph(URIRef(f"{BASE}graph/{name}"))

    return _get


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Settings:
    """A build (no reasoner) of a private copy of the project: its ``dist/`` as a release publishes it."""
    import shutil

    from sens_graph.build import build

    project = tmp_path_factory.mktemp("released")
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(settings.project_dir / name, project / name)
    copy = Settings(project_dir=project)
    build(copy, reason=False)
    return copy
