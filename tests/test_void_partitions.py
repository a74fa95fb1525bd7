"""VoID partitions counted in one pass over the release's sorted N-Quads (issue 13) are those counted
from the rdflib graphs: at 10^6 quads the set of every triple cost the release 10 s."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import VOID

from sens_graph.catalog import _counts_of_sorted_nquads, add_partitions
from sens_graph.config import Settings
from sens_graph.layout import NQUADS

BASE = "https://w3id.org/sens-graph/"


def _partitions(**kwargs) -> Graph:
    g = Graph()
    add_partitions(g, URIRef(BASE + "dataset"), **kwargs)
    return g


def test_the_release_partitions_are_those_of_its_graphs(released: Settings) -> None:
    text = (released.dist_dir / NQUADS).read_text(encoding="utf-8")
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    graphs = {str(g.identifier): g for g in ds.graphs() if len(g)}
    from_lines, from_graphs = _partitions(nquads=text), _partitions(graphs=graphs)
    assert set(from_lines) == set(from_graphs)
    subjects = from_lines.value(URIRef(BASE + "dataset"), VOID.distinctSubjects)
    assert int(subjects) == len({s for g in graphs.values() for s in g.subjects()})


def test_a_triple_in_two_graphs_counts_once_and_blank_subjects_apart() -> None:
    lines = sorted([
        '_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> <http://g/1> .',
        '_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> <http://g/2> .',
        '_:b10 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> <http://g/1> .',
        '_:b1 <http://x/p> "a" <http://g/1> .',
        '_:b1 <http://x/p> "a"@fr <http://g/1> .',
        '_:b1 <http://x/p> "a" <http://g/2> .',
    ])
    properties, classes, subjects = _counts_of_sorted_nquads("\n".join(lines) + "\n")
    assert properties[URIRef("http://x/p")] == 2
    assert classes[URIRef("http://x/C")] == 2
    assert subjects == 2


def test_unsorted_lines_are_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="out of order"):
        _counts_of_sorted_nquads('<http://b> <http://p> "x" <http://g> .\n<http://a> <http://p> "x" <http://g> .\n')
