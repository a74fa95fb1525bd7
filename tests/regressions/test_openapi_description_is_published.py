"""FastAPI's OpenAPI description was switched off, so clients and testing tools (schemathesis…)
could not read the API (issue 10). ``/openapi.json`` now describes every route of the route table,
with the media types the handlers negotiate.
"""

from __future__ import annotations

from openapi_spec_validator import validate
from server.conftest import client, mini_project, server_options  # noqa: F401

from sens_graph.server import ROUTES
from sens_graph.server.openapi import openapi_path


def test_openapi_json_is_a_valid_openapi_document(client):  # noqa: F811
    r = client.get("/openapi.json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    document = r.json()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_route_and_method_of_the_table_is_described(client):  # noqa: F811
    paths = client.get("/openapi.json").json()["paths"]
    for methods, route, _ in ROUTES:
        assert openapi_path(route) in paths, route
        for method in methods.split(", "):
            assert method.lower() in paths[openapi_path(route)], (method, route)
    assert "/openapi.json" in {route for _, route, _ in ROUTES}


def test_media_types_of_the_real_handlers(client):  # noqa: F811
    paths = client.get("/openapi.json").json()["paths"]
    sparql = paths["/sparql"]
    ok = sparql["get"]["responses"]["200"]["content"]
    for media_type in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                       "text/tab-separated-values", "text/plain", "text/turtle", "application/ld+json",
                       "application/n-quads", "application/trig", "text/n3"):
        assert media_type in ok, media_type
    assert set(sparql["post"]["requestBody"]["content"]) == {"application/x-www-form-urlencoded",
                                                             "application/sparql-query"}
    assert {"400", "403", "406", "413", "414", "415", "422", "431", "503"} <= set(sparql["get"]["responses"])
    documents = paths["/{path}.{ext}"]
    assert documents["parameters"][0]["schema"]["enum"] == ["html", "ttl", "jsonld", "rdf", "nt", "nq", "trig", "n3"]
    for media_type in ("text/html", "text/turtle", "application/n-quads"):
        assert media_type in documents["get"]["responses"]["200"]["content"]
    # each documented path answers as documented (here: no 404 from the catch-all, no 405)
    assert client.get("/queries").headers["content-type"] in paths["/queries"]["get"]["responses"]["200"]["content"]
    assert client.head("/openapi.json").status_code == 200
