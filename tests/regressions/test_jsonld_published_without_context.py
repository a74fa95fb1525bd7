"""Regression (issue 15): the JSON-LD documents were expanded only (full IRIs everywhere) and
no ``@context`` was published.

Now the release writes dist/context.jsonld (prefixes + one term per sens: class and property),
dist/ontology/sens.jsonld is compact with that context, and every named graph of the release
compacted with it reads back (rdflib) to the same triples. The downloads page and the
VoID/DCAT description list the context.
"""

from __future__ import annotations

import json

import pytest
from common import BASE
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF

from sens_graph.config import Settings
from sens_graph.jsonld import compact_jsonld
from sens_graph.server.config import ServerSettings
from sens_graph.server.context import ServerContext
from sens_graph.server.downloads import list_downloads


@pytest.fixture(scope="module")
def context(released: Settings) -> dict:
    return json.loads((released.dist_dir / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def test_context_defines_prefixes_and_ontology_terms(context):
    assert context["sens"] == BASE + "def#" and context["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert context["sg"] == BASE
    assert context["inDomain"] == {"@id": "sens:inDomain", "@type": "@id"}
    assert context["Competence"] == "sens:Competence"
    assert context["prefLabel"] == "skos:prefLabel"


def test_ontology_jsonld_is_compact_and_reads_back(released: Settings):
    dist = released.dist_dir / "ontology"
    text = (dist / "sens.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    assert "@context" in document and BASE + "def#Competence" not in text  # compact names, not full IRIs
    turtle = Graph().parse(dist / "sens.ttl")
    assert isomorphic(Graph().parse(data=text, format="json-ld"), turtle)


def test_every_named_graph_compacts_and_reads_back(released: Settings, context):
    graphs = sorted((released.dist_dir / "graphs").rglob("*.ttl"))
    assert len(graphs) == 34  # 32 framework, context, mapping and derived graphs + programmes du-cns, etu-e-sante
    for path in graphs:
        g = Graph().parse(path)
        back = Graph().parse(data=compact_jsonld(g, context), format="json-ld")
        assert len(back) == len(g) and isomorphic(back, g), path.name


def test_context_is_listed_on_downloads_and_in_dcat(released: Settings):
    ctx = ServerContext(released, ServerSettings(), store=None)
    listed = {f.rel: f for f in list_downloads(ctx)}
    assert listed["context.jsonld"].group == "metadata"
    assert listed["context.jsonld"].media_type == "application/ld+json"
    void = Graph().parse(released.dist_dir / "void.ttl")
    distribution = URIRef(BASE + "download/context.jsonld")
    assert (URIRef(BASE + "dataset"), DCAT.distribution, distribution) in void
    assert (distribution, RDF.type, DCAT.Distribution) in void
    assert void.value(distribution, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/ld+json")
