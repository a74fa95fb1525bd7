"""A linked-data path that makes no valid IRI (e.g. ``/%C2%9C`` → a C1 control character) answered
400 with the store's IRI parser message (found by schemathesis over ``/openapi.json``): such an IRI
is in no graph, so the answer is 404, decided before any query is sent to the store.
"""

from __future__ import annotations

import pytest
from server.conftest import client, mini_project, server_options  # noqa: F401


@pytest.mark.parametrize("path", ["/%F1%98%93%B1%C2%9C%2C", "/b%C3%8B%C2%91.rdf", "/a%C2%9Fb.ttl", "/x%C2%85y"])
def test_not_an_iri_is_404(client, path):  # noqa: F811
    for method in ("GET", "HEAD"):
        r = client.request(method, path, follow_redirects=False)
        assert r.status_code == 404, (method, path, r.status_code, r.text)


def test_valid_non_ascii_iris_still_resolve(client):  # noqa: F811
    assert client.get("/referentiel/demo/v1/competence/1.1.ttl").status_code == 200
    assert client.get("/r%C3%A9f%C3%A9rentiel/inconnu.ttl").status_code == 404  # valid IRI, not in the graph
