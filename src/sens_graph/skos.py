"""Explicit SKOS: the entailments a SKOS tool needs, materialised as a derived graph.

The hand-edited data types concepts with ``sens:`` sub-classes of ``skos:Concept`` and links
them with ``sens:`` sub-properties of ``skos:broader`` (``sens:inDomain``, ``sens:ofCompetence``…).
A plain SKOS reader (qSKOS, skosify, Skosmos) does not apply RDFS, so it sees untyped resources
and orphan concepts. :func:`skos_entailments` adds, for every such resource, the triples that
RDFS + SKOS entail (never anything else), so the published files are SKOS as they stand:

- ``rdf:type skos:Concept`` / ``skos:ConceptScheme`` for instances of their sub-classes;
- ``skos:broader`` for each sub-property link, ``skos:narrower`` as its inverse;
- ``skos:broaderTransitive``: the transitive closure of ``skos:broader``;
- ``skos:hasTopConcept`` ↔ ``skos:topConceptOf`` (inverse properties in SKOS);
- for a scheme that states no top concept at all: its concepts that have no broader concept in
  the same scheme become its top concepts (the scheme's hierarchy roots).

The result holds only triples absent from the input; it is deterministic (a set of triples;
the release sorts them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS


def _sub_terms(data: Graph, top: URIRef, relation: URIRef) -> set[URIRef]:
    """``top`` and every IRI that reaches it by ``relation`` (rdfs:subClassOf / subPropertyOf) chains."""
    found = {top}
    frontier = [top]
    while frontier:
        current = frontier.pop()
        for sub in data.subjects(relation, current):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


def _instances(data: Graph, classes: Iterable[URIRef]) -> set[URIRef]:
    return {s for c in classes for s in data.subjects(RDF.type, c) if isinstance(s, URIRef)}


def skos_entailments(data: Graph) -> Graph:
    """The SKOS triples entailed by ``data`` (ontology + instance data) and missing from it.

    ``data`` must hold the ontology (the ``rdfs:subClassOf``/``rdfs:subPropertyOf`` axioms) and
    the instance data. Returns a new graph with only the added triples.
    """
    out = Graph()

    def add(triple: tuple) -> None:
        if triple not in data:
            out.add(triple)

    concepts = _instances(data, _sub_terms(data, SKOS.Concept, RDFS.subClassOf))
    schemes = _instances(data, _sub_terms(data, SKOS.ConceptScheme, RDFS.subClassOf))
    for concept in concepts:
        add((concept, RDF.type, SKOS.Concept))
    for scheme in schemes:
        add((scheme, RDF.type, SKOS.ConceptScheme))

    broader: dict[URIRef, set[URIRef]] = defaultdict(set)
    for prop in _sub_terms(data, SKOS.broader, RDFS.subPropertyOf):
        for narrow, wide in data.subject_objects(prop):
            if isinstance(narrow, URIRef) and isinstance(wide, URIRef):
                broader[narrow].add(wide)
    for wide, narrow in data.subject_objects(SKOS.narrower):
        if isinstance(narrow, URIRef) and isinstance(wide, URIRef):
            broader[narrow].add(wide)
    for narrow, wides in broader.items():
        for wide in wides:
            add((narrow, SKOS.broader, wide))
            add((wide, SKOS.narrower, narrow))
    for narrow in broader:
        seen: set[URIRef] = set()
        frontier = list(broader[narrow])
        while frontier:
            wide = frontier.pop()
            if wide in seen or wide == narrow:
                continue
            seen.add(wide)
            add((narrow, SKOS.broaderTransitive, wide))
            frontier.extend(broader.get(wide, ()))

    tops: set[tuple[URIRef, URIRef]] = set()
    for concept, scheme in data.subject_objects(SKOS.topConceptOf):
        tops.add((concept, scheme))
    for scheme, concept in data.subject_objects(SKOS.hasTopConcept):
        tops.add((concept, scheme))
    members: dict[URIRef, set[URIRef]] = defaultdict(set)
    for concept, scheme in data.subject_objects(SKOS.inScheme):
        if isinstance(concept, URIRef) and isinstance(scheme, URIRef):
            members[scheme].add(concept)
    with_top = {scheme for _, scheme in tops}
    for scheme in sorted(schemes | set(members)):
        if scheme in with_top:
            continue
        for concept in members.get(scheme, ()):
            if not any(wide in members[scheme] for wide in broader.get(concept, ())):
                tops.add((concept, scheme))
    for concept, scheme in tops:
        add((concept, SKOS.topConceptOf, scheme))
        add((scheme, SKOS.hasTopConcept, concept))
    return out
