"""An in-memory Oxigraph copy of an rdflib dataset, for fast SPARQL over the whole graph."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef


def to_oxigraph(ds: Dataset) -> ox.Store:
    """Load every named graph of ``ds`` into a new in-memory pyoxigraph store."""
    store = ox.Store()
    payload = ds.serialize(format="nquads").encode("utf-8")
    store.load(payload, format=ox.RdfFormat.N_QUADS)
    return store


def graph_to_oxigraph(graph: Graph) -> ox.Store:
    """Load one rdflib graph into the default graph of a new in-memory pyoxigraph store."""
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def to_oxigraph_term(term: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """rdflib term → pyoxigraph term (for query substitutions)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def from_oxigraph_term(term: object) -> URIRef | Literal | BNode | None:
    """pyoxigraph term → rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")
