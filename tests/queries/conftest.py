"""Fixtures for the query library and analytics tests (``store`` and ``library`` come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from sens_graph.queries import QueryResult


@pytest.fixture(scope="session")
def ask(store, library):
    """``ask("name", param=value)`` → the :class:`QueryResult` of a library query on the real data."""

    def _ask(name: str, **params) -> QueryResult:
        return library.run(store, name, params)

    return _ask
