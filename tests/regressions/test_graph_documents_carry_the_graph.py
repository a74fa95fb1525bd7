"""``/graph/rncp36050.jsonld``, ``.ttl``, ``.nt`` answered 200 with an empty body while the HTML page
showed the graph (issue 10): every named graph's documents, in every syntax, carry its triples.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from common import BASE
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from server.conftest import mini_project, server_settings  # noqa: F401

from sens_graph.server import create_app, make_store
from sens_graph.server.linked_data import DOCUMENT_EXTENSIONS

RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt", "nq": "nquads",
                  "trig": "trig", "n3": "n3"}


@pytest.fixture(scope="module")
def client(mini_project) -> Iterator[TestClient]:  # noqa: F811
    """The app with a result cap (8 MiB) above the filler graph's RDF/XML (the shared fixture's is 200 kB)."""
    options = server_settings(mini_project, max_result_bytes=8 * 1024 * 1024,
                              store_dir=mini_project.settings.project_dir / "var" / "graph-documents-store")
    app = create_app(mini_project.settings, make_store(mini_project.settings, options), options)
    with TestClient(app) as test_client:
        yield test_client


def _term(term):
    """Literals compared by value (``"6.0"^^xsd:decimal`` is ``"6"^^xsd:decimal`` once stored)."""
    if isinstance(term, Literal) and term.value is not None:
        return ("literal", term.value, term.datatype, term.language)
    return term


def _triples(quads) -> set:
    return {(_term(s), _term(p), _term(o)) for s, p, o in quads}


def _graph_names(mini_project) -> list[str]:  # noqa: F811
    return sorted(iri[len(BASE) + len("graph/"):] for iri in mini_project.graph_triples)


@pytest.mark.parametrize("ext", sorted(set(DOCUMENT_EXTENSIONS) - {"html"}))
def test_every_named_graph_document_holds_the_graph(client, mini_project, ext):  # noqa: F811
    names = _graph_names(mini_project)
    assert names == ["filler", "ontology", "referentiel/demo-v1", "sources"]
    for name in names:
        expected = Graph().parse(mini_project.dist / "graphs" / f"{name}.ttl", format="turtle")
        assert len(expected) == mini_project.graph_triples[f"{BASE}graph/{name}"]
        r = client.get(f"/graph/{name}.{ext}")
        assert r.status_code == 200, (name, ext)
        ds = Dataset()
        ds.parse(data=r.content, format=RDFLIB_FORMATS[ext])
        served = _triples((s, p, o) for s, p, o, _ in ds.quads((None, None, None, None)))
        missing = _triples(expected) - served
        assert not missing, (name, ext, len(missing))
        if ext in {"nq", "trig"}:  # the graph's triples are inside the named graph
            inside = _triples((s, p, o) for s, p, o, g in ds.quads((None, None, None, None))
                              if URIRef(f"{BASE}graph/{name}") == getattr(g, "identifier", g))
            assert _triples(expected) <= inside, (name, ext)


def test_the_html_page_still_describes_the_graph(client, mini_project):  # noqa: F811
    r = client.get("/graph/referentiel/demo-v1.html")
    assert r.status_code == 200
    assert "/download/graphs/referentiel/demo-v1.ttl" in r.text


@pytest.mark.slow
def test_every_named_graph_of_the_real_build(tmp_path_factory):
    """The project's own build: each named graph's N-Triples and JSON-LD documents hold all its triples."""
    import json

    from test_build import copy_project

    from sens_graph.build import build
    from sens_graph.config import Settings

    settings = Settings(project_dir=copy_project(tmp_path_factory.mktemp("real-project")))
    build(settings, reason=False)
    graphs = json.loads((settings.dist_dir / "build-info.json").read_text(encoding="utf-8"))["graphs"]
    assert f"{BASE}graph/rncp36050" in graphs
    options = server_settings_for_real(settings)
    app = create_app(settings, make_store(settings, options), options)
    with TestClient(app) as real:
        for iri, triples in sorted(graphs.items()):
            path = iri[len(BASE):]
            nt = real.get(f"/{path}.nt")
            assert nt.status_code == 200, iri
            served = Graph().parse(data=nt.content, format="nt")
            expected = Graph().parse(settings.dist_dir / "graphs" / f"{path[len('graph/'):]}.ttl", format="turtle")
            assert len(expected) == triples, iri
            ground = [t for t in expected if not any(isinstance(x, BNode) for x in t)]
            assert _triples(ground) <= _triples(served), iri
            blank = sum(1 for t in served if any(isinstance(x, BNode) for x in t))
            assert blank >= len(expected) - len(ground), iri  # blank-node triples: labels differ, counts must not
        jsonld = Dataset().parse(data=real.get("/graph/rncp36050.jsonld").content, format="json-ld")
        assert len(list(jsonld.quads((None, None, None, None)))) >= graphs[f"{BASE}graph/rncp36050"]


def server_settings_for_real(settings):
    from sens_graph.server import ServerSettings

    return ServerSettings(store_dir=settings.project_dir / "var" / "store", workers=2, reload_interval=0)
