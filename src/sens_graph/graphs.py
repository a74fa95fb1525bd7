"""Views over the whole dataset (an rdflib :class:`~rdflib.Dataset` of named graphs).

Sits below the steps that need the merged graph (:mod:`.derive`, :mod:`.validation`, the
reasoning step of :mod:`.build`), so none of them imports another to get it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph as ox
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


__all__ = ["SortedGraph", "sorted_graph", "turtle", "turtle_of_lines", "union_graph"]


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


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def turtle_of_lines(lines: Sequence[str]) -> str:
    """Turtle of one named graph held as N-Quads lines (:class:`~.programme_graphs.GraphLines`), written by
    pyoxigraph (~20× rdflib's writer: the Turtle of an imported programme of 10^4 triples took 0.26 s of the
    0.5 s it took to read it) and laid out like :func:`turtle`: the project's prefixes the graph uses, in
    order; subjects in IRI order, each followed by a blank line; ``a`` first; four-space indents. IRIs under
    the base IRI stay whole (rdflib's ``sg:`` prefix applies only to names without a slash, which these
    graphs do not have). Raises SyntaxError for a line that is not N-Quads."""
    text = "\n".join(lines)
    quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    quads.sort(key=lambda q: (isinstance(q.subject, ox.BlankNode), q.subject.value, q.predicate.value != _RDF_TYPE,
                              q.predicate.value, str(q.object)))
    used = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items()) if f"<{ns}" in text}
    written = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")
    head, body = [], []
    for line in written.split("\n"):  # a literal holds no LF nor tab (escaped), but may hold U+2028 or U+0085
        if not line:
            continue
        if line.startswith("@prefix "):
            head.append(line)
        elif line.startswith("\t"):
            body.append("    " + line[1:])
        else:
            body.extend(["", line] if body else [line])
    return "\n".join(sorted(head)) + ("\n\n" if head else "") + "\n".join(body) + "\n"
