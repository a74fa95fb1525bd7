"""Fixtures for the programme tests: the real catalogue and one Oxigraph store of the real data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from sens_graph.programmes.catalogue import Catalogue
from sens_graph.queries import QueryLibrary, open_store


@pytest.fixture(scope="session")
def catalogue(settings) -> Catalogue:
    """Frameworks, professions and programme keys of the real data/."""
    return Catalogue.load(settings)


@pytest.fixture(scope="session")
def programme_store(settings) -> ox.Store:
    """The whole graph (sources, programmes and derived graphs), as the CLI queries it when dist/ is stale."""
    return open_store(settings, prefer_dist=False)


@pytest.fixture(scope="session")
def programme_library(settings) -> QueryLibrary:
    return QueryLibrary.load(settings.queries_dir)
