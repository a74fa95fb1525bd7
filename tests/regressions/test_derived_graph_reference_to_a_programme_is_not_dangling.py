"""Regression: with validation per unit (the build cache), the core unit — which holds the derived
coverage graph — read none of the imported programmes' graphs, so every reference of
``graph/derived/coverage`` to an imported programme (``sens:coveringProgramme
<programme/etu-e-sante>``) was reported as a dangling reference and the real build failed (18
violations, found when the two branches met). The core unit now reads, as context, the programme
triples about the resources the core points to; findings about them stay the programme's own."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from sens_graph.validation import core_context

BASE = "https://w3id.org/sens-graph/"
SENS = "https://w3id.org/sens-graph/def#"


def test_core_context_holds_the_programme_triples_the_core_points_to():
    programme, other = URIRef(BASE + "programme/etu-e-sante"), URIRef(BASE + "programme/autre")
    derived = Graph()
    derived.add((URIRef(BASE + "programme/etu-e-sante/couverture/x"), URIRef(SENS + "coveringProgramme"), programme))
    imported = Graph()
    imported.add((programme, RDF.type, URIRef(SENS + "Programme")))
    imported.add((programme, RDFS.label, Literal("ETU e-Santé", lang="fr")))
    imported.add((other, RDF.type, URIRef(SENS + "Programme")))
    graphs = {BASE + "graph/derived/coverage": derived, BASE + "graph/programme/etu-e-sante": imported}
    context = core_context(graphs, [BASE + "graph/derived/coverage"], {BASE + "graph/programme/etu-e-sante"})
    assert set(context) == {(programme, RDF.type, URIRef(SENS + "Programme")),
                            (programme, RDFS.label, Literal("ETU e-Santé", lang="fr"))}


def test_the_real_build_validates_the_coverage_graph_without_dangling_references(real_settings):
    """The session's real build (imported programme etu-e-sante, derived coverage graph) succeeded."""
    nquads = (real_settings.dist_dir / "sens-graph.nq").read_text(encoding="utf-8")
    assert f"<{SENS}coveringProgramme> <{BASE}programme/etu-e-sante>" in nquads
