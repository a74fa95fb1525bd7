"""Fixtures of the export tests: the real graph (derived graphs included) and every export file."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from sens_graph.config import Settings
from sens_graph.exports import export_files, load_frameworks
from sens_graph.exports.base import Framework

REFERENCE = Path(__file__).resolve().parent / "reference"
BUILD_DATE = "2026-11-30T10:00:00Z"
KEYS = (
    "socle-postbac-v1.2022", "socle-postbac-v1.1.2022", "aides-soignants-auxiliaires-puericulture-2023-06",
    "ambulanciers-v1.1.2023", "assistants-regulation-medicale-v1.1.2023", "travail-social-accompagnants-ami-cma-s2",
    "travail-social-educateurs-assistants-ami-cma-s2", "mediateurs-numeriques-ami-cma-s2", "du-cns-referentiel",
)
"""The nine framework versions exported: eight référentiels and the DU CNS competence framework."""


def reference(name: str) -> dict:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def graph_store(store: ox.Store) -> ox.Store:
    """The shared graph ``store`` (tests/conftest.py: sources + derived graphs), loaded once."""
    return store


@pytest.fixture(scope="session")
def frameworks(graph_store: ox.Store, settings: Settings) -> list[Framework]:
    return load_frameworks(graph_store, settings.queries_dir / "exports", base_iri=settings.base_iri)


@pytest.fixture(scope="session")
def exported(graph_store: ox.Store, settings: Settings) -> dict[str, str]:
    """Every export file (path under dist/ → text), as the build writes them."""
    return export_files(graph_store, settings.queries_dir / "exports", base_iri=settings.base_iri,
                        build_date=BUILD_DATE, version="0.1.0")
