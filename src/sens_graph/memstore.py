"""An in-memory Oxigraph copy of an rdflib dataset, for fast SPARQL over the whole graph."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD


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


def triples_of_ntriples(text: str) -> Iterator[tuple[URIRef | BNode, URIRef, URIRef | Literal | BNode]]:
    """The triples of an N-Triples document as rdflib terms, parsed by pyoxigraph (rdflib's own N-Triples
    parser took about a second per imported programme of 10^4 triples, once per validation unit), each
    distinct term converted once; a plain literal comes without a datatype, as rdflib's parser gives it.
    Raises SyntaxError for a document that is not N-Triples."""
    converted: dict = {}

    def term(node):
        found = converted.get(node)
        if found is None:
            found = from_oxigraph_term(node)
            if isinstance(found, Literal) and found.datatype == XSD.string and found.language is None:
                found = Literal(str(found))
            converted[node] = found
        return found

    for triple in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        yield term(triple.subject), term(triple.predicate), term(triple.object)
