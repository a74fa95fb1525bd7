"""Views over the whole dataset (an rdflib :class:`~rdflib.Dataset` of named graphs).

Sits below the steps that need the merged graph (:mod:`.derive`, :mod:`.validation`, the
reasoning step of :mod:`.build`), so none of them imports another to get it.
"""

from __future__ import annotations

from rdflib import Dataset, Graph


def union_graph(ds: Dataset) -> Graph:
    """Every named graph of the dataset merged into one graph (a new graph; ``ds`` is untouched)."""
    g = Graph()
    for ctx in ds.graphs():
        for triple in ctx:
            g.add(triple)
    return g


__all__ = ["union_graph"]
