"""Explicit SKOS: the build's derived graph, and one QC check per kind proven by a failing fixture.

The fixture is test_shapes' complete framework version with the build's ``graph/derived/skos``;
each case deletes from that derived graph (or adds to the data) what the check guards.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from test_shapes import PREFIXES, VALID, _dataset, add_skos_graph

from sens_graph.sources import load_ontology, ontology_graph_iri
from sens_graph.validation import load_shapes, validate_dataset


@pytest.fixture(scope="module")
def run_skos(settings):
    ontology = load_ontology(settings)
    shapes = load_shapes(settings.shapes_dir)

    def _run(drop_derived: str = "", extra: str = ""):
        ds = _dataset(VALID + extra)
        ont = ds.graph(URIRef(ontology_graph_iri(settings)))
        for triple in ontology:
            ont.add(triple)
        derived = add_skos_graph(ds)
        if drop_derived:
            dropped = Graph().parse(data=PREFIXES + drop_derived, format="turtle")
            assert all(t in derived for t in dropped), "the case must drop triples the build derives"
            for triple in dropped:
                derived.remove(triple)
        return validate_dataset(ds, settings, shapes=shapes)

    return _run


def test_fixture_with_derived_skos_conforms(run_skos):
    report = run_skos()
    assert report.conforms, report.render()


SKOS_CASES = [
    ("capacity not typed skos:Concept", "<referentiel/t/v1/competence/1.1/capacite/1> a skos:Concept .", "",
     "skos-concept-untyped-violation.rq"),
    ("framework version not typed skos:ConceptScheme", "<referentiel/t/v1> a skos:ConceptScheme .", "",
     "skos-concept-untyped-violation.rq"),
    ("sens:inDomain without skos:broader",
     "<referentiel/t/v1/competence/1.1> skos:broader <referentiel/t/v1/domaine/1> .", "",
     "skos-hierarchy-implicit-violation.rq"),
    ("skos:broader without skos:narrower",
     "<referentiel/t/v1/domaine/1> skos:narrower <referentiel/t/v1/competence/1.1> .", "",
     "skos-hierarchy-implicit-violation.rq"),
    ("no skos:broaderTransitive closure",
     "<referentiel/t/v1/competence/1.1/capacite/1> skos:broaderTransitive <referentiel/t/v1/domaine/1> .", "",
     "skos-hierarchy-implicit-violation.rq"),
    ("concept without scheme", "", "<du/macro/2> a sens:MacroCompetence ; skos:prefLabel \"Agir\"@fr ;"
     " prov:wasDerivedFrom <source/t> .", "skos-concept-without-scheme-violation.rq"),
    ("topConceptOf without hasTopConcept", "<referentiel/t/v1> skos:hasTopConcept <referentiel/t/v1/domaine/1> .",
     "<referentiel/t/v1/domaine/1> skos:topConceptOf <referentiel/t/v1> .", "skos-top-concept-violation.rq"),
    ("scheme without top concept",
     "<referentiel/t/v1> skos:hasTopConcept <referentiel/t/v1/domaine/1> ."
     " <referentiel/t/v1/domaine/1> skos:topConceptOf <referentiel/t/v1> .", "", "skos-top-concept-violation.rq"),
]


@pytest.mark.parametrize(("drop", "extra", "rule"), [c[1:] for c in SKOS_CASES], ids=[c[0] for c in SKOS_CASES])
def test_skos_check_fires(run_skos, drop, extra, rule):
    report = run_skos(drop, extra)
    fired = {f.rule for f in report.violations}
    assert any(rule in r for r in fired), f"{rule} did not fire; fired: {sorted(fired)}"
