"""HEAD answered 404 on /downloads, /queries, /queries/<name>.rq and /favicon.ico (issue 10).

RFC 9110 §9.3.2: a server answers HEAD with the status and header fields it would send for GET,
without content. Every GET route of the route table is checked, with a concrete path for each.
"""

from __future__ import annotations

import pytest
from server.conftest import client, mini_project, server_options  # noqa: F401

from sens_graph.exports import uuid_for
from sens_graph.server import ROUTES

DEMO = "https://w3id.org/sens-graph/referentiel/demo/v1"
EXAMPLE_PATHS = {
    "/queries/{name}.rq": "/queries/competences.rq",
    "/queries/{name}": "/queries/competences",
    "/download/{path}": "/download/sens-graph.nq",
    "/reports/{path}": "/reports/coverage.csv",
    "/static/{path}": "/static/site.css",
    "/{path}": "/referentiel/demo/v1/competence/1.1",
    "/{path}.{html|ttl|jsonld|rdf|nt|nq|trig|n3}": "/referentiel/demo/v1/competence/1.1.ttl",
    "/ims/case/v1p0/CFDocuments/{sourcedId}": f"/ims/case/v1p0/CFDocuments/{uuid_for(DEMO)}",
    "/ims/case/v1p0/CFPackages/{sourcedId}": f"/ims/case/v1p0/CFPackages/{uuid_for(DEMO)}",
    "/ims/case/v1p0/CFItems/{sourcedId}": f"/ims/case/v1p0/CFItems/{uuid_for(DEMO + '/competence/1.1')}",
    "/ims/case/v1p0/CFAssociations/{sourcedId}":
        f"/ims/case/v1p0/CFAssociations/{uuid_for(f'{DEMO}/competence/1.1 isChildOf {DEMO}')}",
}
"""A path of the mini build for each route template (routes without parameters are used as they are)."""

GET_ROUTES = [path for methods, path, _ in ROUTES if "GET" in methods.split(", ")]
IGNORED_HEADERS = {"date", "content-length", "server-timing"}


@pytest.mark.parametrize("route", GET_ROUTES)
def test_head_has_the_status_and_headers_of_get(client, route):  # noqa: F811
    path = EXAMPLE_PATHS.get(route, route)
    assert "{" not in path, f"no example path for {route}"
    get = client.get(path, follow_redirects=False)
    head = client.head(path, follow_redirects=False)
    assert get.status_code not in {404, 405}, (route, get.status_code)  # the route itself answered
    assert head.status_code == get.status_code, (route, head.status_code, get.status_code)
    assert head.content == b""
    get_headers = {k: v for k, v in get.headers.items() if k not in IGNORED_HEADERS}
    head_headers = {k: v for k, v in head.headers.items() if k not in IGNORED_HEADERS}
    assert head_headers == get_headers, route


def test_every_get_route_is_declared_with_head():
    for methods, path, _ in ROUTES:
        listed = methods.split(", ")
        if "GET" in listed:
            assert "HEAD" in listed, path
