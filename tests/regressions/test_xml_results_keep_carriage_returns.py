"""A literal with a carriage return was written raw in SPARQL XML results and RDF/XML, so every
XML parser read it back as a line feed (XML 1.0 §2.11 end-of-line handling) (issue 10).

Each test parses the XML the server sends with a real XML parser and compares the literal.
"""

from __future__ import annotations

import xml.dom.minidom
from xml.etree import ElementTree

from rdflib import Graph, Literal, URIRef
from server.conftest import client, mini_project, server_options  # noqa: F401

VALUE = "ligne 1\r\nligne 2\rfin"
SPARQL_VALUE = VALUE.replace("\r", "\\r").replace("\n", "\\n")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def test_sparql_xml_results_keep_the_carriage_return(client):  # noqa: F811
    r = client.get("/sparql", params={"query": f'SELECT ?o WHERE {{ BIND("{SPARQL_VALUE}" AS ?o) }}'},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200
    literal = ElementTree.fromstring(r.content).find(f".//{RESULTS}literal")
    assert literal is not None and literal.text == VALUE
    # and with the DOM parser SPARQLWrapper uses
    nodes = xml.dom.minidom.parseString(r.content).getElementsByTagName("literal")
    assert nodes[0].firstChild.data == VALUE


def test_rdf_xml_from_construct_keeps_the_carriage_return(client):  # noqa: F811
    query = f'CONSTRUCT {{ <https://example.org/s> <https://example.org/p> "{SPARQL_VALUE}" }} WHERE {{}}'
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="xml")
    assert list(g.objects(URIRef("https://example.org/s"), URIRef("https://example.org/p"))) == [Literal(VALUE)]


def test_json_results_were_always_right(client):  # noqa: F811
    r = client.get("/sparql", params={"query": f'SELECT ?o WHERE {{ BIND("{SPARQL_VALUE}" AS ?o) }}'},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["o"]["value"] == VALUE
