"""Computed named graphs, added to the dataset at build time (never hand-written)."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Dataset, Graph, URIRef

from .buildcache import BuildCache
from .config import Settings
from .graphs import union_graph
from .programme_graphs import GraphLines


def derived_graph_iri(settings: Settings, name: str) -> URIRef:
    return URIRef(f"{settings.base_iri}graph/derived/{name}")


def add_derived_graphs(ds: Dataset, settings: Settings, programmes: Mapping[str, GraphLines] | None = None, *,
                       keys: Mapping[str, str] | None = None, cache: BuildCache | None = None) -> dict[str, GraphLines]:
    """Add every computed graph to ``ds``: differences between framework versions, explicit SKOS, and
    programme coverage and crosswalks (:mod:`.coverage`, computed last: it reads the others).

    ``programmes``: imported programme graphs held as N-Quads lines outside ``ds`` (the build's
    national path, :mod:`.programme_graphs`: graph IRI → lines, with ``keys``: identifier → graph IRI);
    they are read by the coverage graph only, and each one's part of it is returned (graph IRI → the
    lines of its part, :func:`~.coverage.add_coverage_by_programme`); ``{}`` without them. The version
    changes and the explicit SKOS are computed from the frameworks, which no imported programme
    describes (a programme's resources are no SKOS concepts: ``tests/regressions/
    test_programme_graphs_add_no_skos_or_version_change.py``)."""
    from .coverage import add_coverage_by_programme, add_coverage_graph
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
    if programmes is None:
        add_coverage_graph(ds, settings)
        return {}
    return add_coverage_by_programme(ds, settings, programmes, keys or {}, cache or BuildCache(None))
