"""Regression: with ``serve --sparql-endpoint`` pointed at an endpoint that is down, every page was a 500.

Found by a newcomer's check (1 December 2026): ``sens-graph serve --no-build --sparql-endpoint
http://127.0.0.1:9/sparql`` started (an endpoint down at start is not an error: replicas outlive their
store's restarts) but then ``/`` answered a bare "Internal Server Error" and ``/sparql`` and the programme
pages a 500, although ``/health`` said 503. An unreachable remote store is now ``StoreUnavailable``: 503
with ``Retry-After``, and a message that names the endpoint, on every route.
"""

from __future__ import annotations

import socket

from fastapi.testclient import TestClient
from server.real_project import real_server_settings

from sens_graph.server import create_app
from sens_graph.store import RemoteSparqlStore


def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_route_of_a_down_remote_store_is_a_503_naming_it(real_settings):
    endpoint = f"http://127.0.0.1:{closed_port()}/sparql"
    options = real_server_settings(real_settings, remote_endpoint=endpoint)
    app = create_app(real_settings, RemoteSparqlStore(endpoint, timeout=5), options)
    with TestClient(app) as client:
        for answer in (client.get("/", headers={"Accept": "text/html"}),
                       client.get("/du-cns.html", headers={"Accept": "text/html"}),
                       client.post("/sparql", data={"query": "ASK {}"},
                                   headers={"Accept": "application/sparql-results+json"})):
            assert answer.status_code == 503, (answer.request.url, answer.status_code, answer.text[:200])
            assert f"remote endpoint {endpoint} unreachable" in answer.text
            assert answer.headers["Retry-After"] == "1"
        assert client.get("/health").status_code == 503
        assert client.get("/openapi.json").status_code == 200  # what needs no store still answers
