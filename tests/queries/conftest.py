"""Fixtures for the query library and analytics tests: one Oxigraph store of the real data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from sens_graph.queries import QueryLibrary, QueryResult, open_store


@pytest.fixture(scope="session")
def store(settings) -> ox.Store:
    """The whole graph (sources + derived graphs), as the CLI queries it when dist/ is stale."""
    return open_store(settings, prefer_dist=False)


@pytest.fixture(scope="session")
def library(settings) -> QueryLibrary:
    return QueryLibrary.load(settings.queries_dir)


@pytest.fixture(scope="session")
def ask(store, library):
    """``ask("name", param=value)`` → the :class:`QueryResult` of a library query on the real data."""

    def _ask(name: str, **params) -> QueryResult:
        return library.run(store, name, params)

    return _ask
