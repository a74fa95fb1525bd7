"""Real clients against a live uvicorn server on 127.0.0.1 (random port)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from common import BASE
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from sens_graph.server import create_app
from sens_graph.store import QueryRequest, QuerySyntaxError, RemoteSparqlStore, ServiceRefused

from .conftest import QUERY_TIMEOUT, server_settings

pytestmark = pytest.mark.slow


SKOS = "http://www.w3.org/2004/02/skos/core#"
SELECT = f"SELECT ?c ?l WHERE {{ ?c <{SKOS}notation> ?n ; <{SKOS}prefLabel> ?l }} ORDER BY ?n"
SMALL = f"SELECT ?l WHERE {{ <{BASE}referentiel/demo/v1/competence/1.1> <{SKOS}prefLabel> ?l }}"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LABELS = ["Identifier les données de santé à caractère personnel", "Sécuriser l'accès aux données"]


def test_sparqlwrapper_select_json_get_and_post(live_server):
    for method in ("GET", "POST"):
        sparql = SPARQLWrapper(live_server.url + "/sparql")
        sparql.setMethod(method)
        sparql.setQuery(SELECT)
        sparql.setReturnFormat(JSON)
        result = sparql.queryAndConvert()
        assert [b["l"]["value"] for b in result["results"]["bindings"]] == LABELS


def test_sparqlwrapper_select_xml_and_ask(live_server):
    sparql = SPARQLWrapper(live_server.url + "/sparql")
    sparql.setQuery(SELECT)
    sparql.setReturnFormat(XML)
    document = sparql.queryAndConvert()
    assert LABELS[0] in document.toxml()
    sparql.setQuery("ASK { ?s ?p ?o }")
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct_turtle(live_server):
    sparql = SPARQLWrapper(live_server.url + "/sparql")
    sparql.setQuery(f"CONSTRUCT {{ ?c <{SKOS}prefLabel> ?l }} WHERE {{ ?c <{SKOS}notation> ?n ; "
                    f"<{SKOS}prefLabel> ?l }}")
    sparql.setReturnFormat(TURTLE)
    g = Graph().parse(data=sparql.queryAndConvert(), format="turtle")
    assert sorted(str(o) for o in g.objects()) == LABELS


def test_sparqlwrapper_construct_default_rdfxml(live_server):
    sparql = SPARQLWrapper(live_server.url + "/sparql")
    sparql.setQuery(f"DESCRIBE <{BASE}referentiel/demo/v1/competence/1.2>")
    g = sparql.queryAndConvert()  # SPARQLWrapper's default for DESCRIBE: RDF/XML into an rdflib Graph
    assert (URIRef(BASE + "referentiel/demo/v1/competence/1.2"), URIRef(SKOS + "prefLabel"),
            Literal(LABELS[1], lang="fr")) in g


def test_sparqlwrapper_sees_the_protocol_errors(live_server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sparql = SPARQLWrapper(live_server.url + "/sparql")
    sparql.setQuery("SELECT WHERE {")
    sparql.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        sparql.query()


def test_rdflib_sparqlstore(live_server):
    store = SPARQLStore(live_server.url + "/sparql", returnFormat="json")
    g = Graph(store=store)
    rows = list(g.query(SELECT))
    assert [str(r.l) for r in rows] == LABELS
    assert g.query("ASK { ?s ?p ?o }").askAnswer is True
    assert len(g) > 0  # COUNT through the store's own query
    subject = URIRef(BASE + "referentiel/demo/v1/competence/1.2")
    assert Literal(LABELS[1], lang="fr") in set(g.objects(subject, URIRef(SKOS + "prefLabel")))
    updater = SPARQLUpdateStore(live_server.url + "/sparql", live_server.url + "/sparql")
    with pytest.raises(Exception, match=r"403|Forbidden"):  # the server refuses, not the client
        updater.update("INSERT DATA { <http://a> <http://b> <http://c> }", {}, {}, None)
    assert not g.query("ASK { <http://a> <http://b> <http://c> }").askAnswer


def test_rdflib_follows_the_303_to_turtle(live_server):
    g = Graph().parse(live_server.url + "/referentiel/demo/v1/competence/1.1")
    assert (None, URIRef(SKOS + "prefLabel"), Literal(LABELS[0], lang="fr")) in g


def test_long_query_stopped_while_other_clients_are_answered(live_server):
    def get(query: str) -> tuple[int, float]:
        started = time.monotonic()
        url = live_server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
                return response.status, time.monotonic() - started
        except urllib.error.HTTPError as exc:
            return exc.code, time.monotonic() - started

    killed_before = live_server.store.killed_workers
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        long = pool.submit(get, CROSS_PRODUCT)
        time.sleep(0.2)
        small = []
        while not long.done():
            small.append(pool.submit(get, SMALL).result())
        status, elapsed = long.result()
    assert status == 503
    assert QUERY_TIMEOUT <= elapsed < QUERY_TIMEOUT + 1.5
    assert len(small) >= 10
    assert all(s == 200 for s, _ in small)
    assert max(t for _, t in small) < 0.5
    assert live_server.store.killed_workers == killed_before + 1


def test_remote_store_against_the_live_server(live_server):
    async def scenario() -> tuple[bytes, bytes]:
        remote = RemoteSparqlStore(live_server.url + "/sparql", timeout=5)
        await remote.start()
        select = await remote.execute(QueryRequest(SELECT))
        graph = await remote.execute(QueryRequest(f"DESCRIBE <{BASE}def>", results_media_type=None))
        with pytest.raises(QuerySyntaxError):
            await remote.execute(QueryRequest("SELECT WHERE {"))
        with pytest.raises(ServiceRefused):
            await remote.execute(QueryRequest("SELECT * { SERVICE <http://127.0.0.1:9/> {} }"))
        return select.body, graph.body

    select, graph = asyncio.run(scenario())
    assert [b["l"]["value"] for b in json.loads(select)["results"]["bindings"]] == LABELS
    assert b"owl#Ontology" in graph


def test_app_over_a_remote_store(live_server, mini_project):
    """Scale-out: the same application with the store behind a remote SPARQL endpoint."""
    options = server_settings(mini_project, remote_endpoint=live_server.url + "/sparql")
    app = create_app(mini_project.settings, RemoteSparqlStore(options.remote_endpoint, timeout=5), options)
    with TestClient(app) as client:
        r = client.get("/sparql", params={"query": SELECT})
        assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == LABELS
        page = client.get("/referentiel/demo/v1/competence/1.2.html")
        assert page.status_code == 200 and "Sécuriser l&#39;accès aux données" in page.text
        assert client.get("/referentiel/demo/v1/competence/1.2.ttl").status_code == 200


def test_sens_graph_serve_command(mini_project, tmp_path):
    """The real command: `sens-graph serve --no-build` on a free port, then stop it with SIGINT."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SENS_GRAPH_QUERY_WORKERS": "2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sens_graph.cli", "serve", "--no-build", "--project-dir",
         str(mini_project.settings.project_dir), "--port", str(port), "--store-dir", str(tmp_path / "store"),
         "--query-timeout", "3", "--no-access-log"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2) as r:
                    assert json.loads(r.read()) == {"head": {}, "boolean": True}
                    break
            except OSError as exc:
                if time.monotonic() > deadline or proc.poll() is not None:
                    output = proc.stdout.read().decode() if proc.poll() is not None else "no answer"
                    raise AssertionError(output) from exc
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=5) as r:
            assert b"time limit 3 s" in r.read()
        assert any(p.is_dir() for p in (tmp_path / "store").iterdir())
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    output = proc.stdout.read().decode()
    # uvicorn re-raises the signal after a graceful shutdown (exit status 128 + SIGINT)
    assert proc.returncode in (0, 130, -signal.SIGINT), output
    assert "Application shutdown complete" in output


def test_workers_exit_with_the_server(mini_project, tmp_path):
    """No orphan query workers: they end when the server process ends."""
    from .conftest import start_live_server

    options = server_settings(mini_project, store_dir=tmp_path / "store", workers=2)
    live, thread = start_live_server(mini_project.settings, options)
    pids = live.store.worker_pids()
    assert len(pids) == 2
    live.server.should_exit = True
    thread.join(15)
    time.sleep(0.5)
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def test_remote_store_reads_pretty_printed_results():
    """Another endpoint's formatting (spaces in JSON, as Fuseki writes it) is understood."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{ "head" : { } ,\n  "boolean" : true\n}\n'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        remote = RemoteSparqlStore(f"http://127.0.0.1:{server.server_address[1]}/sparql", timeout=5)
        response = asyncio.run(remote.execute(QueryRequest("ASK { ?s ?p ?o }")))
    finally:
        server.shutdown()
    assert response.kind == "boolean"
    assert json.loads(response.body)["boolean"] is True
