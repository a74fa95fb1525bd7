"""Regression: ``sens-graph serve --sparql-endpoint`` pointed at Virtuoso 7.2 left it answering nothing.

The server's start warmed its caches on the store: before serving, the coverage reports of the first
programmes; then, in the background, every library question's default answer, all sent at once. A
remote store may be shared by every replica behind a proxy, and Virtuoso 7.2 keeps running a query
its client gave up on: on the real graph its own ``/sparql`` answered no ``COUNT`` within 20 s for more
than 30 s after the server listened (measured 1 December 2026, the build of ``bench/national.py
--programmes 0`` without HermiT). With a remote store the server now warms only what sends light
queries (``pages.REMOTE_WARM_UP_STEPS``): the answers and reports are made on first visit.
"""

from __future__ import annotations

import shutil
import time

import pytest
from fastapi.testclient import TestClient
from server.real_project import real_server_settings

from sens_graph.queries import QueryLibrary
from sens_graph.server import create_app, pages
from sens_graph.store import QueryRequest, QueryResponse, RemoteSparqlStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None,
                       reason="Virtuoso open source is not installed (Debian virtuoso-opensource; "
                              "scripts/debian-packages.sh --tests)"),
]


class RecordingRemoteStore(RemoteSparqlStore):
    """The remote store of ``--sparql-endpoint``, keeping the text of every query it sends."""

    sent: list[str]

    async def execute(self, request: QueryRequest) -> QueryResponse:
        self.sent.append(request.query)
        return await super().execute(request)


def test_remote_store_start_sends_no_library_answer_and_virtuoso_still_answers(real_settings,
                                                                               virtuoso_on_real_build):
    virtuoso = virtuoso_on_real_build
    store = RecordingRemoteStore(virtuoso.endpoint, timeout=20)
    store.sent = []
    options = real_server_settings(real_settings, remote_endpoint=virtuoso.endpoint)
    app = create_app(real_settings, store, options)
    with TestClient(app) as client:
        assert set(app.state.warm_up) == set(pages.REMOTE_WARM_UP_STEPS) == {"templates", "listings", "choices",
                                                                             "search"}
        deadline = time.monotonic() + 60
        while not app.state.warming.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.state.warming.result() == {}  # nothing in the background
        library = QueryLibrary.load(real_settings.queries_dir)
        sent = set(store.sent)
        assert store.sent, "the listings and the forms' choices are still warmed"
        for name in ("comparaison-des-programmes", "part-interne-externe-par-domaine", "correspondances"):
            assert library.get(name).sparql() not in sent, name
        # Virtuoso is free: a count answers at once, and a question answers on first visit
        started = time.perf_counter()
        answer = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200 and time.perf_counter() - started < 5
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 20_000
