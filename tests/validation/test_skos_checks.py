"""Explicit SKOS: the build's derived graph, and one QC check per kind proven by a failing fixture.

The fixture is test_shapes' complete framework version with the build's ``graph/derived/skos``;
each case deletes from that derived graph (or adds to the data) what the check guards.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from test_shapes import BASE, PREFIXES, VALID, _dataset, add_skos_graph

from sens_graph.skos import skos_entailments
from sens_graph.sources import load_ontology, ontology_graph_iri
from sens_graph.validation import load_shapes, union_graph, validate_dataset

R = BASE + "referentiel/t/v1/"


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


@pytest.fixture(scope="module")
def real_skos(dataset):
    data = union_graph(dataset)
    return data, skos_entailments(data)


def test_every_real_concept_is_typed_skos_concept(real_skos):
    data, derived = real_skos
    typed = set(data.subjects(RDF.type, SKOS.Concept)) | set(derived.subjects(RDF.type, SKOS.Concept))
    # 100 + 451 + 39 socle-family items, the DU, RNCP, professions…: 802 concepts (issue 15)
    assert len(typed) == 802
    assert URIRef(R.replace("/t/v1/", "/socle-postbac/v1.1.2022/") + "competence/1.2/capacite/1") in typed


def test_real_hierarchy_is_skos_broader(real_skos):
    data, derived = real_skos
    cap = URIRef(BASE + "referentiel/socle-postbac/v1.1.2022/competence/1.2/capacite/1")
    comp = URIRef(BASE + "referentiel/socle-postbac/v1.1.2022/competence/1.2")
    domain = data.value(comp, URIRef("https://w3id.org/sens-graph/def#inDomain"))
    assert (cap, SKOS.broader, comp) in derived and (comp, SKOS.narrower, cap) in derived
    assert (cap, SKOS.broaderTransitive, domain) in derived


def test_schemes_without_top_concept_get_their_roots(real_skos):
    data, derived = real_skos
    both = data + derived
    professions = set(both.objects(URIRef(BASE + "profession"), SKOS.hasTopConcept))
    specialties = set(both.objects(URIRef(BASE + "specialite"), SKOS.hasTopConcept))
    sanurn = set(both.objects(URIRef(BASE + "projet/sanurn/formation-de-formateurs"), SKOS.hasTopConcept))
    assert len(professions) == 50 and len(specialties) == 56
    assert sanurn == {URIRef(f"{BASE}projet/sanurn/formation-de-formateurs/competence/{k}") for k in range(1, 6)}
