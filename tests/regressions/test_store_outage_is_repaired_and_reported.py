"""Regression (issue 10, silent outage): deleting ``var/store`` left SPARQL and entity pages
answering 503 while /queries and /downloads answered 200; a corrupt store made the next start
exit with a RocksDB traceback; a second server with ``--store-dir`` on the first's store deleted
its generation; a failed reload logged a traceback every 5 s while /downloads showed the new
build's date and checksums for the old store's answers. Nothing exposed the store's state.

Kind: a store failure nobody is told about and nothing repairs. The store now rebuilds itself
from dist/ when missing or corrupt, locks its directory, keeps serving the last good build (the
pages and /downloads say which), and ``/health`` reports it (200 ok/degraded, 503 unavailable).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server.conftest import BASE, GRAPHS, MiniProject, server_settings, write_dist

import sens_graph.store as store_module
from sens_graph.config import Settings
from sens_graph.server import ROUTES, create_app, make_store
from sens_graph.store import OxigraphStore, QueryRequest

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ENTITY_PAGE = "/referentiel/demo/v1/competence/1.1.html"


@contextmanager
def serving(project: Path, **options) -> Iterator[tuple[TestClient, OxigraphStore]]:
    counts = json.loads((project / "dist" / "build-info.json").read_text())["graphs"]
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), counts)
    settings = server_settings(mini, **options)
    store = make_store(mini.settings, settings)
    with TestClient(create_app(mini.settings, store, settings)) as client:
        yield client, store


def count(client: TestClient) -> int:
    r = client.get("/sparql", params={"query": COUNT})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def generations(store_dir: Path) -> list[str]:
    return sorted(p.name for p in store_dir.iterdir() if p.is_dir()) if store_dir.is_dir() else []


def test_deleted_store_is_rebuilt_while_serving(tmp_path):
    write_dist(tmp_path)
    store_dir = tmp_path / "var" / "store"
    with serving(tmp_path, reload_interval=0.3, result_cache_bytes=0) as (client, _):  # counts reach the store
        triples = count(client)
        assert client.get("/health").json()["status"] == "ok"
        shutil.rmtree(store_dir)
        wait_for(lambda: (report := client.get("/health").json())["repairs"] >= 1 and report["status"] == "ok")
        assert len(generations(store_dir)) == 1
        assert count(client) == triples
        r = client.get(ENTITY_PAGE)
        assert r.status_code == 200 and "Identifier les données de santé" in r.text


def test_corrupt_store_is_rebuilt_at_start(tmp_path):
    write_dist(tmp_path)
    store_dir = tmp_path / "var" / "store"
    with serving(tmp_path) as (client, _):
        triples = count(client)
    generation = store_dir / generations(store_dir)[0]
    for path in generation.iterdir():
        if path.is_file() and path.name != "LOADED.json":
            path.write_bytes(b"not a RocksDB file\n")
    with serving(tmp_path) as (client, _):
        assert count(client) == triples
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["repairs"] == 1


def test_a_second_store_on_the_same_directory_is_refused_and_deletes_nothing(tmp_path):
    first_project, second_project = tmp_path / "a", tmp_path / "b"
    write_dist(first_project)
    write_dist(second_project, extra_graphs={"extra": GRAPHS["sources"]}, version="0.0.other")
    store_dir = tmp_path / "shared-store"

    async def scenario() -> tuple[str, list[str], int]:
        first = OxigraphStore(first_project / "dist", store_dir, workers=1)
        await first.start()
        try:
            second = OxigraphStore(second_project / "dist", store_dir, workers=1)
            with pytest.raises(store_module.StoreLocked, match="in use by another sens-graph server"):
                await second.start()
            await second.close()
            body = (await first.execute(QueryRequest(COUNT))).body
            triples = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
            return first.generation, generations(store_dir), triples
        finally:
            await first.close()

    generation, present, triples = asyncio.run(scenario())
    assert present == [generation] and triples > 0


def _new_build(project: Path, *, broken: bool) -> None:
    """Write a new build into dist/ as a build does: build-info.json (the reload trigger) last."""
    staging = project / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    write_dist(staging, extra_graphs={"extra": GRAPHS["sources"].replace("source/000", "source/999")},
               version="0.0.new")
    info_path = staging / "dist" / "build-info.json"
    info = json.loads(info_path.read_text())
    info["build_date"] = "2026-02-02T00:00:00Z"
    info["source_digest"] = "b" * 64 if broken else "c" * 64
    info_path.write_text(json.dumps(info))
    if broken:
        (staging / "dist" / "sens-graph.nq").write_text("this is not N-Quads <\n", encoding="utf-8")
    void = staging / "dist" / "void.ttl"
    void.write_text(void.read_text().replace('"sens-graph test"@en', '"sens-graph test, new build"@en'))
    for name in ("sens-graph.nq", "sens-graph.nq.gz", "void.ttl", "build-info.json"):
        os.replace(staging / "dist" / name, project / "dist" / name)


def test_failed_reload_keeps_the_last_good_build_and_says_which_is_served(tmp_path, caplog):
    write_dist(tmp_path)
    caplog.set_level(logging.INFO, logger="sens_graph.store")
    with serving(tmp_path, reload_interval=0.2) as (client, _):
        triples = count(client)
        _new_build(tmp_path, broken=True)
        wait_for(lambda: client.get("/health").json()["status"] == "degraded")
        time.sleep(1.0)  # five more reload intervals
        assert count(client) == triples  # the last good build answers
        failures = [r for r in caplog.records if "loading the build" in r.getMessage()]
        assert len(failures) == 1 and failures[0].exc_info is None  # said once, no traceback
        health = client.get("/health")
        assert health.status_code == 200
        report = health.json()
        assert report["served_build"]["build_date"] == "2026-01-01T00:00:00Z"
        assert report["dist_build"]["build_date"] == "2026-02-02T00:00:00Z"
        assert any("loading it failed" in p for p in report["problems"])
        listing = client.get("/downloads", headers={"Accept": "application/json"}).json()
        assert listing["build_date"] == "2026-01-01T00:00:00Z" and listing["version"] == "0.0.test"
        assert listing["files_build"] == {"version": "0.0.new", "build_date": "2026-02-02T00:00:00Z",
                                          "source_digest": "b" * 64, "served": False}
        page = client.get("/downloads").text
        assert "servent la construction du 2026-01-01T00:00:00Z" in page
        assert "construits le 2026-02-02T00:00:00Z" in page
        footer = client.get(ENTITY_PAGE).text.rsplit("<footer", 1)[1]
        assert "2026-01-01T00:00:00Z" in footer and "2026-02-02" not in footer  # the served build
        void = client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text
        assert '"sens-graph test"@en' in void and "new build" not in void  # the served build's VoID

        _new_build(tmp_path, broken=False)  # a good build is picked up
        wait_for(lambda: client.get("/health").json()["status"] == "ok")
        assert count(client) == triples + 2
        assert client.get("/downloads", headers={"Accept": "application/json"}).json()["files_build"]["served"]
        assert "sens-graph test, new build" in client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text


def test_health_route_is_listed_and_answers_503_when_no_query_can_be_answered(tmp_path):
    assert any(path == "/health" for _, path, _ in ROUTES)
    write_dist(tmp_path)
    with serving(tmp_path) as (client, store):
        report = client.get("/health").json()
        assert report["status"] == "ok" and report["workers"] == {"alive": 3, "configured": 3, "killed": 0,
                                                                   "retried": 0}
        assert report["served_build"] == {**report["dist_build"]}
        store.abort_running("the server is shutting down")
        r = client.get("/health")
        assert r.status_code == 503 and r.json()["status"] == "unavailable"
        r = client.get("/sparql", params={"query": COUNT})
        assert r.status_code == 503 and r.headers["Retry-After"] == "1"


def test_a_second_sens_graph_serve_on_the_same_store_stops_with_a_clear_error(tmp_path):
    import subprocess
    import sys

    from server.process import children, kill_all, start_server_process

    write_dist(tmp_path)
    (tmp_path / "queries").mkdir()
    server, url = start_server_process(tmp_path, tmp_path / "store")
    workers = children(server.pid)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "sens_graph.cli", "serve", "--project-dir", str(tmp_path), "--no-build",
             "--port", "0", "--store-dir", str(tmp_path / "store")], capture_output=True, text=True, timeout=120)
        assert second.returncode == 1
        message = " ".join((second.stdout + second.stderr).split())
        assert f"is in use by another sens-graph server (pid {server.pid})" in message
        assert "Traceback" not in second.stderr
        with urllib.request.urlopen(url + "/health", timeout=10) as answer:
            assert json.load(answer)["status"] == "ok"
    finally:
        server.kill()
        kill_all(workers)
