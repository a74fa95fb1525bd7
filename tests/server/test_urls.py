"""One URL builder (server/urls.py) and the reserved segments of the action routes (issue 11, item 4)."""

from __future__ import annotations

import pyoxigraph as ox
from common import BASE

from sens_graph.server.app import ROUTES
from sens_graph.server.urls import RESERVED_SEGMENTS, Urls, reserved

ENTITY_ROUTES = {"/", "/dataset", "/{path}", "/{path}.{html|ttl|jsonld|rdf|nt|nq|trig|n3}"}
"""The routes that answer entity IRIs (the home page is <base>, the dataset is <base>dataset)."""


def test_every_action_route_starts_with_a_reserved_segment():
    actions = [path for _, path, _ in ROUTES if path not in ENTITY_ROUTES]
    assert actions, "no action route found"
    for path in actions:
        assert reserved(path), f"{path}: its first segment is not in urls.RESERVED_SEGMENTS"


def test_no_iri_of_the_data_starts_with_a_reserved_segment(store: ox.Store):
    """Every IRI under the base in the real graph (subjects, objects, graph names) stays an entity path."""
    clashes, seen = set(), 0
    for quad in store:
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                seen += 1
                if reserved(term.value[len(BASE):]):
                    clashes.add(term.value)
    assert seen > 10_000
    assert clashes == set()


def test_the_linked_data_catch_all_refuses_reserved_segments(client):
    for path in ("/recherche.ttl", "/analyse.html", "/comparer/x", "/queries/x/y.ttl", "/download.nt"):
        assert client.get(path, follow_redirects=False).status_code == 404, path
    assert client.get("/referentiel/demo/v1/competence/1.1.ttl").status_code == 200


def test_the_builder_makes_every_kind_of_link():
    urls = Urls(lambda: BASE)
    assert urls.entity(f"{BASE}referentiel/x#y") == "/referentiel/x#y"
    assert urls.entity("https://example.org/x") == "https://example.org/x"
    assert urls.entity(None) is None
    assert urls.download("graphs/a.ttl") == "/download/graphs/a.ttl"
    assert urls.query("heures-du", par="niveau") == "/queries/heures-du?par=niveau"
    assert urls.query_file("heures-du") == "/queries/heures-du.rq"
    assert urls.compare(a="x", b=None) == "/comparer?a=x"
    assert urls.search(q="santé") == "/recherche?q=sant%C3%A9"
    assert urls.document("def", "ttl") == "/def.ttl"
    assert {"recherche", "comparer", "analyse", "queries", "reports"} <= RESERVED_SEGMENTS


def test_templates_link_through_the_builder(client):
    page = client.get("/comparer", headers={"Accept": "text/html"}).text
    assert 'action="/comparer"' in page and 'href="/editeur"' in page and 'href="/reports/"' in page
