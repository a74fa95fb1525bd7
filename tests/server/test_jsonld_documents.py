"""The server's .jsonld entity documents are compact JSON-LD (the build's published @context,
embedded) and read back with rdflib to the same triples as the N-Triples document."""

from __future__ import annotations

import json

from common import BASE
from rdflib import Graph
from rdflib.compare import isomorphic

COMPETENCE = "referentiel/demo/v1/competence/1.2"


def test_entity_jsonld_is_compact_and_same_triples_as_ntriples(client):
    text = client.get(f"/{COMPETENCE}.jsonld").text
    document = json.loads(text)
    assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert "skos:prefLabel" in text and "http://www.w3.org/2004/02/skos/core#prefLabel" not in text
    from_jsonld = Graph().parse(data=text, format="json-ld")
    from_nt = Graph().parse(data=client.get(f"/{COMPETENCE}.nt").text, format="nt")
    assert len(from_nt) >= 5 and isomorphic(from_jsonld, from_nt)


def test_entity_jsonld_uses_the_published_context(client, mini_project):
    """With dist/context.jsonld present, its terms name the properties (cache cleared by a new build-info)."""
    dist = mini_project.settings.dist_dir
    context = {"@context": {"skos": "http://www.w3.org/2004/02/skos/core#", "prefLabel": "skos:prefLabel",
                            "sourceLocation": BASE + "def#sourceLocation"}}
    path = dist / "context.jsonld"
    path.write_text(json.dumps(context), encoding="utf-8")
    info = dist / "build-info.json"
    original = info.read_text(encoding="utf-8")
    try:
        info.write_text(original + " ", encoding="utf-8")  # a new build-info: the server re-reads dist/
        text = client.get(f"/{COMPETENCE}.jsonld").text
        assert '"prefLabel"' in text and '"sourceLocation"' in text
        from_nt = Graph().parse(data=client.get(f"/{COMPETENCE}.nt").text, format="nt")
        assert isomorphic(Graph().parse(data=text, format="json-ld"), from_nt)
    finally:
        info.write_text(original, encoding="utf-8")
        path.unlink()


def test_context_is_served_at_the_base(client, mini_project):
    assert client.get("/context.jsonld").status_code == 404  # the mini build publishes none
    path = mini_project.settings.dist_dir / "context.jsonld"
    path.write_text(json.dumps({"@context": {"sens": BASE + "def#"}}), encoding="utf-8")
    try:
        r = client.get("/context.jsonld")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
        assert r.json()["@context"]["sens"] == BASE + "def#"
    finally:
        path.unlink()
