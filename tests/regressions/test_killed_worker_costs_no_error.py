"""Regression (issue 10, killed processes): a query worker killed from outside cost a 500 to the
query it ran or, if it was idle, to the next query; a query still running when the server got
SIGTERM got a 500 once the grace period ended.

Kind: a lost worker surfacing as a server error. A read-only query now runs once more on a fresh
worker when its worker dies under it (or is found dead), and the server's shutdown stops the
queries still running one second before the grace period ends, answering 503 with Retry-After.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from server.conftest import FILLER, write_dist
from server.process import children, kill_all, start_server_process

from sens_graph.store import OxigraphStore, QueryRequest

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PAIRS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # a cross product that ends (~1 s)
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # never ends


def _count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_idle_and_busy_workers_killed_from_outside_cost_nothing(tmp_path):
    write_dist(tmp_path)

    async def scenario() -> tuple[int, int, int, int, int]:
        store = OxigraphStore(tmp_path / "dist", tmp_path / "store", workers=2, timeout=30, demote_after=None,
                              result_cache_bytes=0)  # the repeated COUNT must reach a worker
        await store.start()
        try:
            triples = _count((await store.execute(QueryRequest(COUNT))).body)
            kill_all(store.worker_pids())  # both idle workers die
            await asyncio.sleep(0.2)
            after_idle_kill = _count((await store.execute(QueryRequest(COUNT))).body)
            running = asyncio.create_task(store.execute(QueryRequest(PAIRS)))
            while not store._pool._busy:  # the query has reached a worker
                await asyncio.sleep(0.005)
            await asyncio.sleep(0.05)
            kill_all([worker.pid for worker in store._pool._busy])  # the worker evaluating it
            pairs = _count((await running).body)
            return triples, after_idle_kill, pairs, store.health()["workers"]["retried"], len(store.worker_pids())
        finally:
            await store.close()

    triples, after_idle_kill, pairs, retried, workers = asyncio.run(scenario())
    assert triples >= FILLER and after_idle_kill == triples
    assert pairs == triples * triples
    assert retried >= 1 and workers == 2


def test_a_query_running_at_sigterm_gets_503(tmp_path):
    write_dist(tmp_path)
    server, url = start_server_process(tmp_path, tmp_path / "store", query_timeout=60)
    workers = children(server.pid)
    answer: dict[str, object] = {}

    def long_query() -> None:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url + "/sparql?" + urllib.parse.urlencode({"query": CROSS_PRODUCT}),
                                        timeout=30) as response:
                answer["status"] = response.status
        except urllib.error.HTTPError as exc:
            answer["status"], answer["retry_after"] = exc.code, exc.headers.get("Retry-After")
            answer["body"] = exc.read().decode()
        except OSError as exc:
            answer["status"] = repr(exc)
        answer["seconds"] = time.monotonic() - started

    try:
        client = threading.Thread(target=long_query)
        client.start()
        time.sleep(1.0)
        os.kill(server.pid, signal.SIGTERM)
        client.join(30)
        assert server.wait(20) in {0, -signal.SIGTERM}  # uvicorn re-raises the signal once shut down
    finally:
        server.kill()
        kill_all(workers)
    assert answer["status"] == 503, answer
    assert answer["retry_after"] == "1" and "shutting down" in answer["body"]
    assert answer["seconds"] < 10  # within the 5 s grace period, not at the 60 s time limit
