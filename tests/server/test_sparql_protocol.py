"""SPARQL 1.1 Protocol at /sparql: the three query forms, dataset parameters, formats, errors."""

from __future__ import annotations

import csv
import gzip
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from common import BASE
from rdflib import Graph, URIRef

SELECT_COMPETENCES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?label WHERE { ?c skos:notation ?n ; skos:prefLabel ?label } ORDER BY ?n"""
CONSTRUCT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:notation ?n ; skos:prefLabel ?l }"""
ASK = "ASK { ?s ?p ?o }"
JSON_RESULTS = "application/sparql-results+json"


def post_form(client, pairs: list[tuple[str, str]], **headers):
    """POST application/x-www-form-urlencoded with repeated keys."""
    return client.post("/sparql", content=urllib.parse.urlencode(pairs).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded", **headers})


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def labels(response) -> list[str]:
    return [b["label"]["value"] for b in bindings(response)]


EXPECTED = ["Identifier les données de santé à caractère personnel", "Sécuriser l'accès aux données"]


# --- the three ways to send a query ---------------------------------------------------------

def test_get(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES}, headers={"Accept": JSON_RESULTS})
    assert r.headers["content-type"].startswith(JSON_RESULTS)
    assert labels(r) == EXPECTED
    assert "Accept" in r.headers["vary"]


def test_post_urlencoded(client):
    r = client.post("/sparql", data={"query": SELECT_COMPETENCES}, headers={"Accept": JSON_RESULTS})
    assert labels(r) == EXPECTED


def test_post_direct(client):
    r = client.post("/sparql", content=SELECT_COMPETENCES.encode(),
                    headers={"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS})
    assert labels(r) == EXPECTED


def test_post_direct_with_charset_parameter(client):
    r = client.post("/sparql", content=SELECT_COMPETENCES.encode(),
                    headers={"Content-Type": "application/sparql-query; charset=UTF-8"})
    assert labels(r) == EXPECTED


def test_head_answers_without_body(client):
    r = client.head("/sparql", params={"query": ASK})
    assert r.status_code == 200
    assert r.content == b""


# --- dataset: default graph = union; default-graph-uri / named-graph-uri --------------------

def test_default_graph_is_the_union_of_named_graphs(client, mini_project):
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert int(bindings(r)[0]["n"]["value"]) == sum(mini_project.graph_triples.values())


def test_default_graph_uri_restricts_the_default_graph(client, mini_project):
    graph = f"{BASE}graph/referentiel/demo-v1"
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                      "default-graph-uri": graph})
    assert int(bindings(r)[0]["n"]["value"]) == mini_project.graph_triples[graph]


def test_two_default_graph_uris_are_merged(client, mini_project):
    graphs = [f"{BASE}graph/sources", f"{BASE}graph/ontology"]
    r = post_form(client, [("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
                           ("default-graph-uri", graphs[0]), ("default-graph-uri", graphs[1])])
    assert int(bindings(r)[0]["n"]["value"]) == sum(mini_project.graph_triples[g] for g in graphs)


def test_named_graph_uri_restricts_graph_clauses(client):
    graph = f"{BASE}graph/sources"
    r = client.post("/sparql?named-graph-uri=" + urllib.parse.quote(graph, safe=""),
                    content=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                    headers={"Content-Type": "application/sparql-query"})
    assert [b["g"]["value"] for b in bindings(r)] == [graph]


def test_from_clause_in_the_query(client, mini_project):
    graph = f"{BASE}graph/sources"
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"})
    assert int(bindings(r)[0]["n"]["value"]) == mini_project.graph_triples[graph]


# --- result formats by Accept ---------------------------------------------------------------

def test_select_as_xml(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    literals = [e.text for e in ET.fromstring(r.content).iterfind(".//r:binding[@name='label']/r:literal", ns)]
    assert literals == EXPECTED


def test_select_as_csv(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["label"] for row in rows] == EXPECTED


def test_select_as_tsv(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES}, headers={"Accept": "text/tab-separated-values"})
    lines = r.text.splitlines()
    assert lines[0] == "?c\t?label"
    assert f'<{BASE}referentiel/demo/v1/competence/1.1>\t"{EXPECTED[0]}"@fr' == lines[1]


def test_ask_in_every_results_format(client):
    assert client.get("/sparql", params={"query": ASK}).json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>true</boolean>" in xml.content
    assert client.get("/sparql", params={"query": "ASK { <urn:x> ?p ?o }"},
                      headers={"Accept": "text/csv"}).text.strip() == "false"


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_formats(client, accept, rdflib_format):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == accept
    g = Graph().parse(data=r.content, format=rdflib_format)
    assert len(g) == 2
    assert sorted(str(o) for o in g.objects()) == EXPECTED


def test_describe_returns_a_graph(client):
    r = client.get("/sparql", params={"query": f"DESCRIBE <{BASE}referentiel/demo/v1/competence/1.2>"},
                   headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert len(g) >= 8


def test_accept_with_quality_values(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES},
                   headers={"Accept": "application/sparql-results+xml;q=0.5, text/csv;q=0.9, */*;q=0.1"})
    assert r.headers["content-type"].startswith("text/csv")


def test_no_accept_header_gives_json_and_turtle(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES}, headers={"Accept": ""})
    assert r.headers["content-type"].startswith(JSON_RESULTS)
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_browser_accept_header_gets_xml_results(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES},
                   headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+xml")


def test_format_parameter_overrides_accept(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES, "format": "csv"},
                   headers={"Accept": JSON_RESULTS})
    assert r.headers["content-type"].startswith("text/csv")


def test_unknown_format_parameter_falls_back_to_accept(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES, "format": "yaml"},
                   headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")


def test_unacceptable_accept_is_406(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_graph_only_accept_for_a_select_is_406(client):
    r = client.get("/sparql", params={"query": SELECT_COMPETENCES}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406
    assert "solutions" in r.text


def test_results_only_accept_for_a_construct_is_406(client):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


# --- protocol errors ------------------------------------------------------------------------

def test_malformed_query_is_400_with_the_parser_message(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p }"})
    assert r.status_code == 400
    assert "Requête SPARQL mal formée, ligne 1, colonne" in r.text


def test_repeated_query_parameter_is_400(client):
    r = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400
    assert "répété" in r.text
    r = post_form(client, [("query", ASK), ("query", ASK)])
    assert r.status_code == 400


def test_direct_post_with_query_parameter_is_400(client):
    r = client.post("/sparql?query=ASK%7B%7D", content=ASK.encode(),
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400


def test_post_without_query_is_400(client):
    r = client.post("/sparql", data={"default-graph-uri": f"{BASE}graph/sources"})
    assert r.status_code == 400


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json", "multipart/form-data; boundary=x"])
def test_wrong_or_missing_post_media_type_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/sparql", content=ASK.encode(), headers=headers)
    assert r.status_code == 415


def test_non_utf8_charset_is_415(client):
    r = client.post("/sparql", content=ASK.encode("latin-1"),
                    headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"})
    assert r.status_code == 415


def test_non_utf8_direct_body_is_400(client):
    r = client.post("/sparql", content='SELECT * WHERE { ?s ?p "café" }'.encode("latin-1"),
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert "UTF-8" in r.text


def test_non_utf8_urlencoded_is_400(client):
    r = client.post("/sparql", content=b"query=ASK%7B%3Fs%20%3Fp%20%22caf%E9%22%7D",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = client.get("/sparql?query=ASK%7B%3Fs%20%3Fp%20%22caf%E9%22%7D")
    assert r.status_code == 400


def test_utf8_query_text_is_read(client):
    r = client.get("/sparql", params={"query": 'ASK { ?s ?p "Sécuriser l\'accès aux données"@fr }'})
    assert r.json()["boolean"] is True


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client, method):
    r = client.request(method, "/sparql", content=ASK.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 405
    assert "GET" in r.headers["allow"]


def test_too_long_query_is_413(client):
    r = client.post("/sparql", content=b"#" + b"x" * (1024 * 1024 + 10),
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_invalid_graph_iri_is_400(client):
    r = client.get("/sparql", params={"query": ASK, "default-graph-uri": "not an iri>"})
    assert r.status_code == 400


def test_result_size_cap_is_422(client):
    # the test server caps results at 200 kB; every filler triple is ~100 bytes of JSON
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 422
    assert "larger than 200000 bytes" in r.text
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert small.status_code == 200


# --- service description --------------------------------------------------------------------

def test_service_description_for_non_browsers(client, mini_project):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    rows = list(g.query(f"""PREFIX sd: <{sd}>
        SELECT ?endpoint ?graph WHERE {{ ?s a sd:Service ; sd:endpoint ?endpoint ;
          sd:supportedLanguage sd:SPARQL11Query ; sd:feature sd:UnionDefaultGraph ;
          sd:defaultDataset/sd:namedGraph/sd:name ?graph }}"""))
    assert {str(r.endpoint) for r in rows} == {"http://testserver/sparql"}
    assert {str(r.graph) for r in rows} == set(mini_project.graph_triples)
    formats = set(g.objects(None, URIRef(sd + "resultFormat")))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in formats


def test_service_description_default_and_other_formats(client):
    r = client.get("/sparql")  # httpx sends Accept: */*
    assert r.headers["content-type"].startswith("text/turtle")
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert isinstance(json.loads(r.text), list | dict)
    r = client.get("/sparql", headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_browser_without_query_goes_to_the_editor(client):
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                   follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/editeur"


# --- CORS and compression -------------------------------------------------------------------

def test_cors_preflight_and_simple_request(client):
    r = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] in {"*", "https://example.org"}
    assert "POST" in r.headers["access-control-allow-methods"]
    r = client.get("/sparql", params={"query": ASK}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"


def test_gzip_compression_of_large_results(client):
    query = "SELECT ?s ?o WHERE { GRAPH <https://w3id.org/sens-graph/graph/filler> { ?s ?p ?o } } LIMIT 500"
    r = client.get("/sparql", params={"query": query}, headers={"Accept-Encoding": "gzip", "Accept": "text/csv"})
    assert r.headers["content-encoding"] == "gzip"
    assert len(r.text.splitlines()) == 501
    raw = client.get("/sparql", params={"query": query},
                     headers={"Accept-Encoding": "identity", "Accept": "text/csv"})
    assert "content-encoding" not in raw.headers
    assert gzip.compress(raw.content)  # the identity body is the plain CSV
    assert raw.text == r.text


def test_named_graph_uri_alone_leaves_the_default_graph_empty(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": f"{BASE}graph/sources"})
    assert r.json()["boolean"] is False
