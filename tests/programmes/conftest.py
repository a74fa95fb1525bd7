"""Fixtures for the programme tests: the real catalogue and one Oxigraph store of the real data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from sens_graph.programmes.catalogue import Catalogue
from sens_graph.queries import QueryLibrary


@pytest.fixture(scope="session")
def catalogue(settings) -> Catalogue:
    """Frameworks, professions and programme keys of the real data/."""
    return Catalogue.load(settings)


@pytest.fixture(scope="session")
def programme_store(store) -> ox.Store:
    """The whole graph (sources, programmes and derived graphs): the shared ``store`` (tests/conftest.py)."""
    return store


@pytest.fixture(scope="session")
def programme_library(library) -> QueryLibrary:
    """The shared query ``library`` (tests/conftest.py)."""
    return library
