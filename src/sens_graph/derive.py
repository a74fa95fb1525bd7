"""Computed named graphs, added to the dataset at build time (never hand-written)."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from .config import Settings
from .graphs import union_graph


def derived_graph_iri(settings: Settings, name: str) -> URIRef:
    return URIRef(f"{settings.base_iri}graph/derived/{name}")


def add_derived_graphs(ds: Dataset, settings: Settings) -> None:
    """Add every computed graph to ``ds``: differences between framework versions, explicit SKOS, and
    programme coverage and crosswalks (:mod:`.coverage`, computed last: it reads the others)."""
    from .coverage import add_coverage_graph
    from .skos import skos_entailments
    from .versiondiff import compute_version_changes, version_pairs

    data: Graph = union_graph(ds)
    changes = ds.graph(derived_graph_iri(settings, "version-changes"))
    for old, new in version_pairs(data):
        for triple in compute_version_changes(data, old, new):
            changes.add(triple)
    skos = ds.graph(derived_graph_iri(settings, "skos"))
    for triple in skos_entailments(data):
        skos.add(triple)
    add_coverage_graph(ds, settings)
