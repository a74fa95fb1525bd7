"""The Turtle of a graph held as N-Quads lines is written by pyoxigraph (issue 13) and says the same graph.

``graphs.turtle_of_lines`` writes the Turtle of the imported programmes and of their parts of the derived
coverage graph (about 20 times faster than rdflib's writer); it must hold the lines' triples, and keep the
release's layout: the prefixes it uses, sorted; one block per subject, subjects in IRI order, ``a`` first.
"""

from __future__ import annotations

from common import PROJECT_DIR
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from sens_graph.buildcache import BuildCache
from sens_graph.config import Settings
from sens_graph.graphs import turtle_of_lines
from sens_graph.programme_graphs import load_imported_programmes
from sens_graph.sources import data_files, load_core_dataset


def test_the_turtle_of_etu_e_sante_holds_its_lines_in_the_release_layout() -> None:
    settings = Settings(project_dir=PROJECT_DIR)
    ds = load_core_dataset(settings)
    programmes, _ = load_imported_programmes(ds, settings, BuildCache(None), [f.path for f in data_files(settings)])
    lines = next(p.graph for p in programmes if p.key == "etu-e-sante")
    text = turtle_of_lines(lines.lines)
    assert isomorphic(Graph().parse(data=text, format="turtle"), lines.graph())
    head = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert head == sorted(head) and "@prefix sssom: <https://w3id.org/sssom/> ." in head
    assert not any("ctdl" in line for line in head)  # only the prefixes the graph uses
    blocks = text.split("\n\n")[1:]
    subjects = [block.split(" ", 1)[0] for block in blocks]
    iris = [s[1:-1] for s in subjects]
    assert iris == sorted(iris) and len(set(iris)) == len(iris) == len({s for s in lines.graph().subjects()})
    course = "<https://w3id.org/sens-graph/programme/etu-e-sante/enseignement/sn-01>"
    block = blocks[subjects.index(course)]
    assert block.startswith(f"{course} a sens:Course ;\n    ")
    assert URIRef(course[1:-1]) in set(lines.graph().subjects())
