"""The OWL consistency check (owlready2 + HermiT) catches data that contradicts the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph

from sens_graph.errors import InconsistentOntology, ReasonerUnavailable
from sens_graph.reasoning import check_consistency, find_java
from sens_graph.sources import load_ontology


def test_ontology_alone_is_consistent(settings):
    assert check_consistency(load_ontology(settings)).consistent


def test_domain_used_as_capacity_is_inconsistent(settings):
    g = load_ontology(settings)
    g.parse(data="""@prefix sens: <https://w3id.org/sens-graph/def#> .
        <https://w3id.org/sens-graph/x/competence/1.1> sens:inDomain <https://w3id.org/sens-graph/x/capacite/1> .
        <https://w3id.org/sens-graph/x/capacite/1> a sens:Capacity .""", format="turtle")
    with pytest.raises(InconsistentOntology):
        check_consistency(g)


def test_missing_java_is_said_clearly(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReasonerUnavailable, match="Java"):
        find_java()
    with pytest.raises(ReasonerUnavailable, match="Java"):
        check_consistency(Graph())
