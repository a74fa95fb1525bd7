"""SPARQLWrapper 2.0 sends ``format=``/``output=``/``results=`` (``json-ld``, ``n3``, ``rdf+xml``, ``rdf``…)
next to its Accept header; the server answered 400 ``unknown format 'json-ld'``, so
``setReturnFormat(JSONLD|N3|RDFXML|RDF)`` failed with the most common Python client (issue 10).

The real client, against a live server, for every return format it has.
"""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest
from common import BASE
from rdflib import Dataset, Literal, URIRef
from server.conftest import live_server, mini_project  # noqa: F401
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow


SKOS = "http://www.w3.org/2004/02/skos/core#"
ENTITY = URIRef(BASE + "referentiel/demo/v1/competence/1.1")
LABEL = "Identifier les données de santé à caractère personnel"
SELECT = f"SELECT ?l WHERE {{ <{ENTITY}> <{SKOS}prefLabel> ?l }}"
CONSTRUCT = f"CONSTRUCT {{ <{ENTITY}> <{SKOS}prefLabel> ?l }} WHERE {{ <{ENTITY}> <{SKOS}prefLabel> ?l }}"
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml", "text/n3": "n3", "application/n-quads": "nquads",
                  "application/trig": "trig"}
ALL_FORMATS = [JSON, XML, CSV, TSV, JSONLD, N3, RDF, RDFXML, TURTLE]


def _run(url: str, query: str, return_format: str, method: str) -> tuple[str, bytes]:
    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setMethod(method)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    with warnings.catch_warnings():  # SPARQLWrapper warns when it sends Accept */* for, e.g., SELECT as N3
        warnings.simplefilter("ignore", RuntimeWarning)
        result = sparql.query()
    assert result.response.status == 200
    return result.info()["content-type"].split(";")[0], result.response.read()


def _label_in_results(media_type: str, body: bytes) -> str:
    text = body.decode("utf-8")
    if media_type == "application/sparql-results+json":
        return json.loads(text)["results"]["bindings"][0]["l"]["value"]
    if media_type == "application/sparql-results+xml":
        return text.split("<literal xml:lang=\"fr\">", 1)[1].split("<", 1)[0]
    if media_type == "text/csv":
        return list(csv.reader(io.StringIO(text)))[1][0]
    if media_type == "text/tab-separated-values":
        return text.splitlines()[1].split('"')[1]
    raise AssertionError(media_type)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", ALL_FORMATS)
def test_select_with_every_return_format(live_server, return_format, method):  # noqa: F811
    media_type, body = _run(live_server.url, SELECT, return_format, method)
    assert _label_in_results(media_type, body) == LABEL
    expected = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml",
                CSV: "text/csv", TSV: "text/tab-separated-values"}
    if return_format in expected:
        assert media_type == expected[return_format]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", ALL_FORMATS)
def test_construct_with_every_return_format(live_server, return_format, method):  # noqa: F811
    media_type, body = _run(live_server.url, CONSTRUCT, return_format, method)
    ds = Dataset()
    ds.parse(data=body, format=RDFLIB_FORMATS[media_type])
    assert (ENTITY, URIRef(SKOS + "prefLabel"), Literal(LABEL, lang="fr")) in {
        (s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    expected = {JSONLD: "application/ld+json", RDFXML: "application/rdf+xml", RDF: "application/rdf+xml",
                XML: "application/rdf+xml", TURTLE: "text/turtle", N3: "text/n3", JSON: "application/ld+json"}
    if return_format in expected:
        assert media_type == expected[return_format]


def test_sparqlwrapper_converts_jsonld_and_rdfxml(live_server):  # noqa: F811
    for return_format in (JSONLD, RDFXML, RDF):
        sparql = SPARQLWrapper(live_server.url + "/sparql")
        sparql.setQuery(CONSTRUCT)
        sparql.setReturnFormat(return_format)
        graph = sparql.queryAndConvert()
        assert (ENTITY, URIRef(SKOS + "prefLabel"), Literal(LABEL, lang="fr")) in graph
