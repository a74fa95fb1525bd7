"""CONSTRUCT/DESCRIBE and entity documents answered 406 to application/n-quads, application/trig and
text/n3, and SELECT answered 406 to text/plain (issue 10): serve every syntax the store can write.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from common import BASE
from rdflib import Dataset, Literal, URIRef
from server.conftest import client, mini_project, server_options  # noqa: F401

from sens_graph.server.linked_data import DOCUMENT_EXTENSIONS
from sens_graph.server.sparql import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES

SKOS = "http://www.w3.org/2004/02/skos/core#"
ENTITY = "referentiel/demo/v1/competence/1.1"
LABEL = Literal("Identifier les données de santé à caractère personnel", lang="fr")
CONSTRUCT = f"CONSTRUCT {{ ?c <{SKOS}prefLabel> ?l }} WHERE {{ ?c <{SKOS}notation> \"1.1\" ; <{SKOS}prefLabel> ?l }}"
RDFLIB_FORMATS = {"application/n-quads": "nquads", "application/trig": "trig", "text/n3": "n3",
                  "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml"}
WRITABLE = sorted({f.media_type for f in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS,
                                          ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.JSON_LD,
                                          ox.RdfFormat.RDF_XML)})


def _triples(body: bytes, media_type: str) -> set:
    ds = Dataset()
    ds.parse(data=body, format=RDFLIB_FORMATS[media_type])
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


def test_every_syntax_pyoxigraph_writes_is_offered():
    assert set(WRITABLE) <= set(GRAPH_MEDIA_TYPES.values())
    assert set(WRITABLE) <= set(DOCUMENT_EXTENSIONS.values())
    for fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV):
        assert fmt.media_type.split(";")[0] in RESULTS_MEDIA_TYPES.values()


@pytest.mark.parametrize("media_type", ["application/n-quads", "application/trig", "text/n3"])
def test_construct_and_describe_in_each_syntax(client, media_type):  # noqa: F811
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media_type})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media_type
    assert _triples(r.content, media_type) == {(URIRef(BASE + ENTITY), URIRef(SKOS + "prefLabel"), LABEL)}
    r = client.get("/sparql", params={"query": f"DESCRIBE <{BASE}{ENTITY}>"}, headers={"Accept": media_type})
    assert r.status_code == 200, r.text
    assert (URIRef(BASE + ENTITY), URIRef(SKOS + "prefLabel"), LABEL) in _triples(r.content, media_type)


@pytest.mark.parametrize("media_type", ["application/n-quads", "application/trig", "text/n3"])
def test_entity_documents_in_each_syntax(client, media_type):  # noqa: F811
    r = client.get(f"/{ENTITY}", headers={"Accept": media_type}, follow_redirects=False)
    assert r.status_code == 303
    document = r.headers["location"]
    r = client.get(document)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert (URIRef(BASE + ENTITY), URIRef(SKOS + "prefLabel"), LABEL) in _triples(r.content, media_type)


def test_select_and_ask_as_plain_text(client):  # noqa: F811
    r = client.get("/sparql", params={"query": f"SELECT ?l WHERE {{ <{BASE}{ENTITY}> <{SKOS}prefLabel> ?l }}"},
                   headers={"Accept": "text/plain"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text.splitlines() == ["?l", f'"{LABEL}"@fr']  # SPARQL 1.1 TSV
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/plain"})
    assert r.status_code == 200 and r.text.splitlines() == ["true"]
