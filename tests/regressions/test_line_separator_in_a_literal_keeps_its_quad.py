"""A literal holding a Unicode line separator (U+2028, U+0085: text pasted from a PDF or a word processor) broke
its quad in two: the N-Quads lines of a graph were rdflib's output split with ``str.splitlines``, which splits
there too, so the release's N-Quads (and every cache entry made from them) held two invalid lines
(found while replacing the writer's dataset copy, issue 13)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from sens_graph.programme_graphs import GraphLines, graph_nquads

SKOS_PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
LABEL = "Identifier un professionnel\u2028(RPPS)\u0085et le dire"


def test_a_label_with_line_separators_is_one_quad() -> None:
    g = Graph()
    course = URIRef("https://w3id.org/sens-graph/programme/p/enseignement/e1")
    g.add((course, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal(LABEL, lang="fr")))
    lines = graph_nquads("https://w3id.org/sens-graph/graph/programmes/p", g)
    assert len(lines) == 1
    quads = list(ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert [q.object.value for q in quads] == [LABEL]
    assert GraphLines.of_graph("https://w3id.org/sens-graph/graph/programmes/p", g).lines == tuple(lines)


def test_the_trig_and_a_joined_turtle_keep_the_separator() -> None:
    from rdflib import Dataset

    from sens_graph.graphs import turtle
    from sens_graph.release import concatenated_turtle, trig

    g = Graph()
    course = URIRef("https://w3id.org/sens-graph/programme/p/enseignement/e1")
    g.add((course, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal(LABEL, lang="fr")))
    text = turtle(g, "https://w3id.org/sens-graph/")
    assert "\u2028" in text  # rdflib writes the character as it is
    ds = Dataset().parse(data=trig({"https://w3id.org/sens-graph/graph/programmes/p": text}), format="trig")
    assert {str(quad[2]) for quad in ds.quads((None, None, None, None))} == {LABEL}
    joined = Graph().parse(data=concatenated_turtle([text]), format="turtle")
    assert {str(o) for o in joined.objects()} == {LABEL}


def test_the_turtle_of_lines_keeps_the_separator() -> None:
    """``graphs.turtle_of_lines`` (pyoxigraph's writer, which leaves U+2028 as it is in a string) split its
    output at the separator and wrote ``"Cours\\n\\n    test"``: the TriG and the per-graph Turtle did not parse
    (found by a newcomer's check of the fifth pass of issue 13)."""
    from sens_graph.graphs import turtle_of_lines

    iri = "https://w3id.org/sens-graph/graph/programmes/p"
    course, pref_label = "https://w3id.org/sens-graph/programme/p/enseignement/e1", str(SKOS_PREF_LABEL)
    line = f'<{course}> <{pref_label}> "{LABEL}"@fr <{iri}> .'
    text = turtle_of_lines([line])
    assert [str(o) for o in Graph().parse(data=text, format="turtle").objects()] == [LABEL]
    assert [q.object.value for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)] == [LABEL]


def test_an_sssom_row_with_a_separator_is_one_row(tmp_path) -> None:
    """``sssom.read_sssom_tsv`` cut a row at U+2028 (``str.splitlines``): "wrong number of columns" for the
    programme's own published mapping set read back."""
    from common import PROJECT_DIR

    from sens_graph.sssom import read_sssom_tsv

    source = sorted((PROJECT_DIR / "data" / "mappings").glob("*.sssom.tsv"))[0]
    rows = read_sssom_tsv(source).rows
    text = source.read_text(encoding="utf-8")
    label = rows[0]["subject_label"]
    assert label and text.count(label) >= 1
    edited = tmp_path / source.name
    edited.write_text(text.replace(label, label + "\u2028" + "suite", 1).replace("\n", "\r\n"), encoding="utf-8")
    again = read_sssom_tsv(edited).rows
    assert len(again) == len(rows)
    assert again[0]["subject_label"] == label + "\u2028suite"
