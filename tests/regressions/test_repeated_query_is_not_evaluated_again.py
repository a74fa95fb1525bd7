"""Regression (issue 13, server speed): every request was evaluated again on a worker, even the same
library query on the same build a moment later, and identical queries sent together each took a
worker of their own.

Kind: per-query cost the read-only store does not need. On the real graph `couverture-d-un-programme`
took 36-52 ms through the server at every request (the engine's own time: 32-46 ms), against a
target of 20 ms; eight clients asking the same question held every worker. The embedded store now
keeps each answer for the build (store generation) it was computed on and runs identical queries in
flight once (`sens_graph.store.result_cache`); a new build is evaluated afresh, errors are never kept,
and an evaluation whose clients are all gone is still stopped (its worker replaced).
"""

from __future__ import annotations

import asyncio
import json

from fastapi.testclient import TestClient
from server.conftest import GRAPHS, QUERY_TIMEOUT, mini_project, server_settings, write_dist  # noqa: F401

from sens_graph.server import create_app, make_store
from sens_graph.store import OxigraphStore, QueryRequest

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PAIRS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # ends, but takes a worker a while
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # never ends


def _count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_second_request_is_answered_without_a_worker_over_http(mini_project):  # noqa: F811
    options = server_settings(mini_project)
    store = make_store(mini_project.settings, options)
    with TestClient(create_app(mini_project.settings, store, options)) as client:
        first = client.get("/sparql", params={"query": COUNT + " # this test"})
        second = client.get("/sparql", params={"query": COUNT + " # this test"})
        assert first.status_code == second.status_code == 200
        assert first.content == second.content and _count(first.content) == sum(mini_project.graph_triples.values())
        assert "cache" not in first.headers["server-timing"]
        assert second.headers["server-timing"].endswith('cache;desc="hit"')
        assert client.get("/health").json()["result_cache"]["hits"] >= 1
        # an update is refused before any kept answer is looked up
        assert client.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}).status_code == 403


def test_identical_queries_in_flight_run_once_and_a_new_build_is_evaluated_afresh(tmp_path):
    project = tmp_path / "project"
    write_dist(project)

    async def scenario() -> dict:
        store = OxigraphStore(project / "dist", project / "var" / "store", workers=2, timeout=30)
        await store.start()
        try:
            answers = await asyncio.gather(*(store.execute(QueryRequest(PAIRS)) for _ in range(8)))
            after_eight = store.health()["result_cache"]
            before = _count((await store.execute(QueryRequest(COUNT))).body)
            kept = await store.execute(QueryRequest(COUNT))
            write_dist(project, extra_graphs={"extra": GRAPHS["sources"].replace("source/000", "source/999")},
                       version="0.0.test2")
            assert await store.refresh()
            fresh = await store.execute(QueryRequest(COUNT))
            return {"bodies": {a.body for a in answers}, "after_eight": after_eight, "before": before,
                    "kept": kept, "fresh": fresh}
        finally:
            await store.close()

    result = asyncio.run(scenario())
    assert len(result["bodies"]) == 1
    assert result["after_eight"]["misses"] == 1 and result["after_eight"]["shared"] == 7
    assert result["kept"].cached and _count(result["kept"].body) == result["before"]
    assert not result["fresh"].cached and _count(result["fresh"].body) == result["before"] + 2


def test_errors_are_not_kept_and_an_abandoned_evaluation_is_stopped(mini_project, tmp_path):  # noqa: F811
    async def scenario(store: OxigraphStore) -> tuple[list[str], dict, int]:
        errors = [type(outcome).__name__ for outcome in await asyncio.gather(
            *(store.execute(QueryRequest(f"SELECT WHERE # try {n}")) for n in range(2)), return_exceptions=True)]
        errors += [type(outcome).__name__ for outcome in await asyncio.gather(
            store.execute(QueryRequest("SELECT WHERE # try 0")), return_exceptions=True)]
        stats = dict(store.health()["result_cache"])
        waiters = [asyncio.create_task(store.execute(QueryRequest(CROSS_PRODUCT))) for _ in range(2)]
        while not store._pool._busy:
            await asyncio.sleep(0.01)
        for waiter in waiters:  # both clients go away
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
        for _ in range(50):
            if store.killed_workers:
                break
            await asyncio.sleep(0.05)
        return errors, stats, store.killed_workers

    async def run() -> tuple[list[str], dict, int]:
        store = OxigraphStore(mini_project.dist, tmp_path / "store", workers=1, timeout=QUERY_TIMEOUT)
        await store.start()
        try:
            return await scenario(store)
        finally:
            await store.close()

    errors, stats, killed = asyncio.run(run())
    assert errors == ["QuerySyntaxError"] * 3
    assert stats["misses"] == 3 and stats["hits"] == 0 and stats["entries"] == 0
    assert killed == 1  # stopped long before the time limit, not left to run for nobody
