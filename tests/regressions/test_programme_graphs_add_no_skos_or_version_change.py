"""The build derives ``graph/derived/skos`` and ``graph/derived/version-changes`` from the core graphs only.

Since issue 13 the build holds the imported programme graphs as N-Quads lines outside rdflib
(:mod:`sens_graph.programme_graphs`) and computes these two graphs without them. That is the same
result only if an imported programme adds no SKOS entailment and no version change: checked here on
the real sources, whose imported programme ``etu-e-sante`` targets competences and capacities of the
post-bac framework (so its coverage rows point into a SKOS concept scheme).
"""

from __future__ import annotations

from common import PROJECT_DIR
from rdflib import Graph
from rdflib.compare import isomorphic

from sens_graph.config import Settings
from sens_graph.graphs import union_graph
from sens_graph.skos import skos_entailments
from sens_graph.sources import load_core_dataset, load_dataset
from sens_graph.versiondiff import compute_version_changes, version_pairs


def test_an_imported_programme_adds_no_skos_entailment_and_no_version_change() -> None:
    settings = Settings(project_dir=PROJECT_DIR)
    with_programmes = union_graph(load_dataset(settings))
    core = union_graph(load_core_dataset(settings))
    programme = f"{settings.base_iri}programme/etu-e-sante"
    assert len(with_programmes) > len(core)
    assert any(str(s).startswith(programme) for s in with_programmes.subjects()) and \
        not any(str(s).startswith(programme) for s in core.subjects())

    assert set(skos_entailments(with_programmes)) == set(skos_entailments(core))
    pairs = version_pairs(core)
    assert pairs == version_pairs(with_programmes) and len(pairs) == 1  # socle post-bac V1.2022 → V1.1.2022
    for old, new in pairs:
        changes_with, changes_without = Graph(), Graph()
        for triple in compute_version_changes(with_programmes, old, new):
            changes_with.add(triple)
        for triple in compute_version_changes(core, old, new):
            changes_without.add(triple)
        assert len(changes_without) > 0
        assert isomorphic(changes_with, changes_without)
