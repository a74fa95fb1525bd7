"""Regression (issue 10, fuzzing): ``default-graph-uri=null`` (or ``#frag``, ``http://[::1``,
``http://a/%zz``; same for ``named-graph-uri``) answered 500 and killed a query worker: the
worker built the IRI outside its error handling, and relative IRIs passed ``safe_iri()``.

Kind: input validated after it reaches the worker. Every IRI parameter is now checked as an
absolute IRI before the query leaves the web process (400 naming the parameter), and the
worker's own handling is total (a bad request dict gets an error frame; the worker lives on).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server.conftest import BASE, MiniProject, server_settings, write_dist

import sens_graph.store as store_module
from sens_graph.config import Settings
from sens_graph.server import create_app, make_store
from sens_graph.store import OxigraphStore, QueryRequest, WorkerPool, load_generation

BAD_IRIS = ["null", "#frag", "http://[::1", "http://a/%zz", "", "relative/path", "http://a/b c"]


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, OxigraphStore]]:
    project = tmp_path_factory.mktemp("iri")
    counts = write_dist(project)
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), counts)
    options = server_settings(mini)
    store = make_store(mini.settings, options)
    with TestClient(create_app(mini.settings, store, options)) as client:
        yield client, store


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", BAD_IRIS)
def test_bad_graph_iri_is_400_naming_the_parameter_and_costs_no_worker(app_client, parameter, value):
    client, store = app_client
    pids, killed = store.worker_pids(), store.killed_workers
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", parameter: value})
    assert r.status_code == 400, r.text
    assert parameter in r.text
    r = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }", parameter: value})
    assert r.status_code == 400 and parameter in r.text
    assert store.worker_pids() == pids and store.killed_workers == killed
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_absolute_iris_still_select_the_dataset(app_client):
    client, _ = app_client
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                      "default-graph-uri": f"{BASE}graph/sources"})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "2"  # graph/sources: a type and a title


@pytest.mark.parametrize("value", BAD_IRIS)
def test_the_store_interface_refuses_them_too(app_client, value):
    _, store = app_client
    with pytest.raises(store_module.StoreError, match="named-graph-uri"):
        asyncio.run(store.execute(QueryRequest("ASK {}", named_graph_uris=(value,))))
    assert store_module.iri_problem(value)


def test_a_worker_survives_whatever_request_it_gets(tmp_path: Path):
    """Requests sent straight to a worker (no validation on the way) get error frames, not a crash."""
    write_dist(tmp_path)
    path = load_generation(tmp_path / "dist", tmp_path / "store")

    async def scenario() -> list[dict]:
        pool = WorkerPool(path, 1, demote_after=None)
        await pool.start()
        try:
            pid = pool.pids()
            headers = []
            for request in ({"query": "ASK {}", "default_graphs": ["null"]},
                            {"query": "ASK {}", "named_graphs": ["http://[::1"]},
                            {"query": "ASK {}", "default_graphs": [42]},
                            {"default_graphs": []},
                            {"query": None}):
                header, _ = await pool.run(request, 5, 5)
                headers.append(header)
            ok, _ = await pool.run({"query": "ASK { ?s ?p ?o }",
                                    "results_media_type": "application/sparql-results+json"}, 5, 5)
            assert pool.pids() == pid and pool.killed == 0 and pool.retried == 0
            return [*headers, ok]
        finally:
            await pool.close()

    headers = asyncio.run(scenario())
    assert [h["status"] for h in headers[:2]] == ["invalid", "invalid"]
    assert "default-graph-uri" in headers[0]["message"] and "named-graph-uri" in headers[1]["message"]
    assert all(h["status"] in {"invalid", "error"} for h in headers[2:5])
    assert headers[5]["status"] == "ok"
