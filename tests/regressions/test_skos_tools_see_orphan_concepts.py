"""Regression (issue 15): SKOS tools (no RDFS reasoning) saw only 42 of 802 concepts typed
skos:Concept, 696 orphan concepts (the hierarchy was only in sens: sub-properties of
skos:broader), 5 concepts without skos:inScheme, 20 skos:topConceptOf without skos:hasTopConcept
and 2 schemes (professions, specialties) without a top concept.

Checked on the real data plus the build's derived graph ``graph/derived/skos``, with SKOS
vocabulary only (as a SKOS tool reads the published files).
"""

from __future__ import annotations

import pytest
from common import BASE
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from sens_graph.skos import skos_entailments
from sens_graph.validation import union_graph

SOCLE = BASE + "referentiel/socle-postbac/v1.1.2022/"


@pytest.fixture(scope="module")
def published(dataset) -> Graph:
    data = union_graph(dataset)
    return data + skos_entailments(data)


def _concepts(g: Graph) -> set:
    return set(g.subjects(RDF.type, SKOS.Concept))


def test_all_803_concepts_are_typed_skos_concept(published):
    subclass_instances = {s for c in published.transitive_subjects(RDFS.subClassOf, SKOS.Concept)
                          for s in published.subjects(RDF.type, c)}
    assert len(subclass_instances) == 803  # the 802 of the issue + the modality sens:Hybride (programmes)
    assert subclass_instances <= _concepts(published)


def test_no_orphan_in_framework_hierarchy(published):
    capacity = URIRef(SOCLE + "competence/1.2/capacite/1")
    competence = URIRef(SOCLE + "competence/1.2")
    assert (capacity, SKOS.broader, competence) in published
    assert (competence, SKOS.narrower, capacity) in published
    domain = published.value(competence, SKOS.broader)
    assert (capacity, SKOS.broaderTransitive, domain) in published
    # every capacity of the socle has a skos:broader competence
    capacities = [c for c in _concepts(published) if str(c).startswith(SOCLE) and "/capacite/" in str(c)]
    assert capacities and all(published.value(c, SKOS.broader) is not None for c in capacities)


def test_sanurn_competences_are_in_a_scheme(published):
    for k in range(1, 6):
        concept = URIRef(f"{BASE}projet/sanurn/formation-de-formateurs/competence/{k}")
        assert (concept, SKOS.inScheme, URIRef(BASE + "projet/sanurn/formation-de-formateurs")) in published
    outside = [c for c in _concepts(published) if str(c).startswith(BASE) and published.value(c, SKOS.inScheme) is None]
    assert outside == []


def test_top_concepts_are_stated_both_ways(published):
    assert set(published.subject_objects(SKOS.topConceptOf)) == {
        (c, s) for s, c in published.subject_objects(SKOS.hasTopConcept)}


def test_professions_and_specialties_have_top_concepts(published):
    assert len(set(published.objects(URIRef(BASE + "profession"), SKOS.hasTopConcept))) == 50
    assert len(set(published.objects(URIRef(BASE + "specialite"), SKOS.hasTopConcept))) == 56
