"""Views over the whole dataset (an rdflib :class:`~rdflib.Dataset` of named graphs).

Sits below the steps that need the merged graph (:mod:`.derive`, :mod:`.validation`, the
reasoning step of :mod:`.build`), so none of them imports another to get it.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Dataset, Graph

from .namespaces import PREFIXES


def union_graph(ds: Dataset) -> Graph:
    """Every named graph of the dataset merged into one graph (a new graph; ``ds`` is untouched)."""
    g = Graph()
    for ctx in ds.graphs():
        for triple in ctx:
            g.add(triple)
    return g


class SortedGraph(Graph):
    """A graph whose triple patterns answer in sorted order (rdflib's term order), whatever the hash seed.

    rdflib's memory store answers ``triples()`` in set order, which ``PYTHONHASHSEED`` changes; the
    RDF/XML and JSON-LD serialisers walk subjects and ``predicate_objects`` through it, so a graph
    of this class serialises byte-identically from run to run. Costs one sort per pattern."""

    def triples(self, triple) -> Iterator:  # type: ignore[override]
        yield from sorted(super().triples(triple))


def sorted_graph(g: Graph) -> SortedGraph:
    """A copy of ``g`` (its triples and namespace bindings) as a :class:`SortedGraph`."""
    out = SortedGraph(bind_namespaces="none")
    for prefix, namespace in g.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in g:
        out.add(triple)
    return out


__all__ = ["SortedGraph", "sorted_graph", "union_graph"]


def _bind_prefixes(g: Graph, base_iri: str) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.bind("sg", base_iri)


def turtle(g: Graph, base_iri: str) -> str:
    """Turtle with the project's prefixes (rdflib sorts subjects and predicates)."""
    out = Graph(bind_namespaces="none")
    _bind_prefixes(out, base_iri)
    for triple in g:
        out.add(triple)
    return out.serialize(format="turtle")
