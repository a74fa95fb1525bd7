"""The store: read-only and no-federation policy, the time limit that kills the work, reloads."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from sens_graph.store import (
    OxigraphStore,
    QueryRequest,
    QuerySyntaxError,
    QueryTimeout,
    ServiceRefused,
    UpdateRefused,
    check_read_only,
    inspect_query,
)

from .conftest import GRAPHS, QUERY_TIMEOUT, write_dist

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = ("SELECT ?l WHERE { <https://w3id.org/sens-graph/referentiel/demo/v1/competence/1.1> "
         "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


# --- the policy lexer -----------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "INSERT DATA { <a> <b> <c> }",
    "PREFIX ex: <http://e/> insert data { ex:a ex:b ex:c }",
    "DELETE WHERE { ?s ?p ?o }",
    "BASE <http://e/> PREFIX : <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL", "DROP GRAPH <http://g>", "CREATE GRAPH <http://g>",
    "COPY DEFAULT TO <http://g>", "MOVE <http://a> TO <http://b>", "ADD <http://a> TO <http://b>",
    "# comment\n  insert data { <a> <b> <c> }",
])
def test_updates_are_recognised(query):
    assert inspect_query(query).is_update
    with pytest.raises(UpdateRefused):
        check_read_only(query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c . SeRvIcE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE {SERVICE<http://x/>{?s ?p ?o}}",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { FILTER(?a<?b) SERVICE <http://x/> { } }",
    'SELECT * WHERE { ?s ?p "unterminated \n SERVICE <http://x/> { } }',
    "SELECT * WHERE { ?s ?p ?o # comment\n SERVICE <http://x/> { } }",
])
def test_service_is_seen_wherever_it_is(query):
    assert inspect_query(query).uses_service
    with pytest.raises(ServiceRefused):
        check_read_only(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE <http://x/> {}",
    "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ex:service }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s ?p 'l\\'insertion' }",
])
def test_service_inside_strings_iris_comments_and_names_is_allowed(query):
    seen = inspect_query(query)
    assert not seen.uses_service and not seen.is_update
    assert seen.form == "SELECT"


def test_query_forms():
    assert inspect_query("PREFIX a: <x:> BASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert inspect_query("ask {}").form == "ASK"
    assert inspect_query("DESCRIBE <x:a>").form == "DESCRIBE"
    assert inspect_query("SELECT * FROM <http://g> WHERE {}").has_dataset_clause
    assert not inspect_query('SELECT * WHERE { ?s ?p "FROM" }').has_dataset_clause


# --- no outbound connection -----------------------------------------------------------------

@contextmanager
def listener():
    """A TCP listener on 127.0.0.1 that records every connection it receives."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            conn.settimeout(1)
            try:
                received.append(conn.recv(4096) or b"<connected>")
            except OSError:
                received.append(b"<connected>")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], received
    finally:
        time.sleep(0.5)
        stop.set()
        thread.join(2)
        sock.close()


def test_control_raw_pyoxigraph_would_connect():
    """Why the check matters: pyoxigraph itself evaluates SERVICE over HTTP."""
    with listener() as (port, received):
        store = ox.Store()
        with pytest.raises(OSError):
            list(store.query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
    assert received, "the control listener should have seen pyoxigraph's request"


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <http://127.0.0.1:{port}/> {{ }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
]
UPDATE_REQUESTS = [
    ("update", "LOAD <http://127.0.0.1:{port}/data.ttl>"),
    ("query", "LOAD <http://127.0.0.1:{port}/data.ttl>"),
    ("update", "INSERT DATA {{ <http://a> <http://b> <http://c> }}"),
    ("update", "DROP ALL"),
    ("query", "DELETE WHERE {{ ?s ?p ?o }}"),
    ("query", "CLEAR ALL"),
]


def _count(client) -> int:
    return int(client.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"][0]["n"]["value"])


def test_service_is_refused_and_nothing_connects(client):
    with listener() as (port, received):
        for template in SERVICE_QUERIES:
            query = template.format(port=port)
            for r in (client.get("/sparql", params={"query": query}),
                      client.post("/sparql", content=query.encode(),
                                  headers={"Content-Type": "application/sparql-query"})):
                assert r.status_code == 403, (query, r.text)
                assert "SERVICE" in r.text
    assert received == []


def test_updates_are_refused_and_change_nothing(client, mini_project):
    before = _count(client)
    with listener() as (port, received):
        for field, template in UPDATE_REQUESTS:
            text = template.format(port=port)
            r = client.post("/sparql", content=urllib.parse.urlencode({field: text}).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert r.status_code == 403, (text, r.text)
            r = client.post("/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-update"})
            assert r.status_code == 403
            r = client.get("/sparql", params={field: text})
            assert r.status_code == 403
    assert received == []
    assert _count(client) == before == sum(mini_project.graph_triples.values())


def test_worker_store_is_opened_read_only(client, mini_project, server_options):
    store_dir = server_options.store_path(mini_project.settings)
    generation = next(p for p in store_dir.iterdir() if (p / "LOADED.json").is_file())
    store = ox.Store.read_only(str(generation))
    with pytest.raises((OSError, RuntimeError), match=r"read-write|read-only|Read"):
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")


# --- the time limit -------------------------------------------------------------------------

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


def test_time_limit_kills_the_worker_while_small_queries_are_answered(mini_project, tmp_path):
    async def scenario() -> dict:
        # no kept answers: each small query must reach a worker while the long one holds another
        store = OxigraphStore(mini_project.dist, tmp_path / "store", workers=3, timeout=QUERY_TIMEOUT,
                              result_cache_bytes=0)
        await store.start()
        try:
            pids_before = set(store.worker_pids())
            started = time.monotonic()
            long = asyncio.create_task(store.execute(QueryRequest(CROSS_PRODUCT)))
            await asyncio.sleep(0.5)
            # past 0.2 s the long query's worker yields the CPU to the short queries
            idle_policy = [pid for pid in store.worker_pids() if os.sched_getscheduler(pid) == os.SCHED_IDLE]
            latencies = []
            while not long.done():
                t = time.monotonic()
                response = await store.execute(QueryRequest(SMALL))
                latencies.append(time.monotonic() - t)
                assert b"Identifier les donn" in response.body
                await asyncio.sleep(0.02)
            with pytest.raises(QueryTimeout):
                await long
            elapsed = time.monotonic() - started
            for _ in range(200):  # the replacement worker starts
                if len(store.worker_pids()) == 3:
                    break
                await asyncio.sleep(0.1)
            pids_after = set(store.worker_pids())
            count = await store.execute(QueryRequest(COUNT))
            return {"before": pids_before, "idle_policy": idle_policy, "after": pids_after, "latencies": latencies,
                    "elapsed": elapsed, "killed": store.killed_workers, "count": count.body}
        finally:
            await store.close()

    result = asyncio.run(scenario())
    assert QUERY_TIMEOUT <= result["elapsed"] < QUERY_TIMEOUT + 1.5
    assert result["killed"] == 1
    dead = result["before"] - result["after"]
    assert len(dead) == 1
    assert result["idle_policy"] == sorted(dead)
    assert not _pid_alive(dead.pop())
    assert len(result["after"]) == 3
    assert len(result["latencies"]) > 10
    assert max(result["latencies"]) < 0.5
    assert b'"value":"' in result["count"]


def test_time_limit_over_http(client):
    t = time.monotonic()
    r = client.get("/sparql", params={"query": CROSS_PRODUCT})
    assert r.status_code == 503
    assert "Délai dépassé : la requête a été arrêtée après" in r.text and "(la limite de temps)" in r.text
    assert time.monotonic() - t < QUERY_TIMEOUT + 1.5
    assert client.get("/sparql", params={"query": SMALL}).status_code == 200


def test_syntax_error_does_not_cost_a_worker(mini_project, tmp_path):
    async def scenario() -> int:
        store = OxigraphStore(mini_project.dist, tmp_path / "store", workers=1, timeout=QUERY_TIMEOUT)
        await store.start()
        try:
            for _ in range(5):
                with pytest.raises(QuerySyntaxError):
                    await store.execute(QueryRequest("SELECT WHERE"))
            await store.execute(QueryRequest(SMALL))
            return store.killed_workers
        finally:
            await store.close()

    assert asyncio.run(scenario()) == 0


# --- loading and reloading ------------------------------------------------------------------

def test_reload_when_build_info_changes(tmp_path):
    project = tmp_path / "project"
    write_dist(project)

    async def scenario() -> tuple[int, int, bool, bool, list[str]]:
        store = OxigraphStore(project / "dist", project / "var" / "store", workers=1, timeout=5)
        await store.start()
        try:
            first_path = store.path
            before = json.loads((await store.execute(QueryRequest(COUNT))).body)
            assert not await store.refresh()  # nothing changed
            write_dist(project, extra_graphs={"extra": GRAPHS["sources"].replace("source/000", "source/999")},
                       version="0.0.test2")
            reloaded = await store.refresh()
            after = json.loads((await store.execute(QueryRequest(COUNT))).body)
            generations = sorted(p.name for p in (project / "var" / "store").iterdir() if p.is_dir())
            return (int(before["results"]["bindings"][0]["n"]["value"]),
                    int(after["results"]["bindings"][0]["n"]["value"]), reloaded,
                    first_path.exists(), generations)
        finally:
            await store.close()

    before, after, reloaded, old_exists, generations = asyncio.run(scenario())
    assert reloaded
    assert after == before + 2
    assert not old_exists and len(generations) == 1


def test_loading_is_skipped_when_the_generation_exists(mini_project, tmp_path):
    async def start_and_stop() -> Path:
        store = OxigraphStore(mini_project.dist, tmp_path / "store", workers=1)
        await store.start()
        path = store.path
        await store.close()
        return path

    first = asyncio.run(start_and_stop())
    mark = (first / "LOADED.json").stat().st_mtime_ns
    second = asyncio.run(start_and_stop())
    assert first == second and (second / "LOADED.json").stat().st_mtime_ns == mark


def test_short_soak_with_runaway_queries_and_killed_workers(mini_project, tmp_path):
    """A bounded version of the 8 clients × 60 s soak: 8 clients for 6 s, each sending a runaway
    query every 2 s (503 at the time limit) between small ones, while a worker is SIGKILLed every
    2.5 s (longer than the time limit, so no query loses two workers: it is retried once). No
    client sees any other status, and no worker process is left behind."""
    from .conftest import server_settings, start_live_server

    options = server_settings(mini_project, store_dir=tmp_path / "store", queue_timeout=30.0,
                              result_cache_bytes=0)  # every small query reaches a worker
    live, thread = start_live_server(mini_project.settings, options)
    statuses: list[tuple[str, int]] = []
    seen_pids: set[int] = set(live.store.worker_pids())
    stop = time.monotonic() + 6

    def client_loop() -> None:
        next_runaway = time.monotonic() + 0.5
        while time.monotonic() < stop:
            runaway = time.monotonic() >= next_runaway
            query = CROSS_PRODUCT if runaway else SMALL
            next_runaway += 2 if runaway else 0
            try:
                with urllib.request.urlopen(live.url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                            timeout=60) as answer:
                    statuses.append(("runaway" if runaway else "small", answer.status))
            except urllib.error.HTTPError as exc:
                statuses.append(("runaway" if runaway else "small", exc.code))

    def killer() -> None:
        time.sleep(1)
        while time.monotonic() < stop:
            time.sleep(QUERY_TIMEOUT + 0.5)
            pids = live.store.worker_pids()
            seen_pids.update(pids)
            if pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pids[len(statuses) % len(pids)], signal.SIGKILL)

    try:
        threads = [threading.Thread(target=client_loop) for _ in range(8)] + [threading.Thread(target=killer)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        seen_pids.update(live.store.worker_pids())
        small = [s for kind, s in statuses if kind == "small"]
        runaways = [s for kind, s in statuses if kind == "runaway"]
        assert small and set(small) == {200}, sorted(set(statuses))
        assert runaways and set(runaways) <= {503}
    finally:
        live.server.should_exit = True
        thread.join(30)
    leftover = [pid for pid in seen_pids if _pid_alive(pid)]
    assert not leftover
