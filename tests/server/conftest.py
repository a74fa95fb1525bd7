"""Fixtures of the server tests: a small dist/ built from inline data, the app, a live uvicorn server."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from common import BASE, PREFIXES
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph

from sens_graph.config import Settings
from sens_graph.exports.base import Framework, Item
from sens_graph.exports.case import CaseGenerator
from sens_graph.namespaces import SENS
from sens_graph.server import ServerSettings, create_app, make_store
from sens_graph.server.run import uvicorn_config
from sens_graph.store import OxigraphStore

QUERY_TIMEOUT = 2.0
FILLER = 1500  # triples in graph/filler: a triple cross product of them never finishes


GRAPHS: dict[str, str] = {
    "ontology": """
<def> a owl:Ontology ; dcterms:title "Ontologie de test"@fr, "Test ontology"@en .
<def#Competence> a owl:Class ; rdfs:label "compétence"@fr, "competence"@en ;
    skos:definition "Une compétence d'un référentiel."@fr .
<def#Referentiel> a owl:Class ; rdfs:label "référentiel"@fr .
<def#hours> a owl:DatatypeProperty ; rdfs:label "heures"@fr .
<def#sourceLocation> a owl:DatatypeProperty ; rdfs:label "emplacement dans la source"@fr .
""",
    "sources": """
<source/000> a prov:Entity ; dcterms:title "Référentiel socle de test (seed 000)"@fr .
""",
    "referentiel/demo-v1": """
<referentiel/demo/v1> a sens:Referentiel ; skos:prefLabel "Référentiel démo V1"@fr ;
    prov:wasDerivedFrom <source/000> ; sens:sourceLocation "seed 000, lines 1-3" .
<referentiel/demo/v1/competence/1.1> a sens:Competence ;
    skos:prefLabel "Identifier les données de santé à caractère personnel"@fr ;
    skos:notation "1.1" ; skos:inScheme <referentiel/demo/v1> ; sens:hours 6.0 ;
    prov:wasDerivedFrom <source/000> ; sens:sourceLocation "seed 000, lines 10-12" .
<referentiel/demo/v1/competence/1.2> a sens:Competence ;
    skos:prefLabel "Sécuriser l'accès aux données"@fr ;
    skos:notation "1.2" ; skos:inScheme <referentiel/demo/v1> ; sens:hours 3.5 ;
    skos:related <referentiel/demo/v1/competence/1.1> ;
    prov:wasDerivedFrom <source/000> ; sens:sourceLocation "seed 000, lines 13-15" .
""",
}

LIBRARY = {
    "competences.rq": """# title: Competences and their labels
# question-fr: Every competence of every framework, with its label and hours.
# question-en: Every competence of every framework, with its label and hours.
# returns: competence, label, hours
PREFIX sens: <https://w3id.org/sens-graph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?competence ?label ?hours WHERE {
  ?competence a sens:Competence ; skos:prefLabel ?label ; sens:hours ?hours .
} ORDER BY ?competence
""",
    "count-graphs.rq": """# Triples per named graph
SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
""",
}


DEMO_FRAMEWORK = Framework(
    iri=f"{BASE}referentiel/demo/v1", framework=None, title="Référentiel démo V1", version_info="V1", publisher=None,
    publisher_label=None, sources=(f"{BASE}source/000",), source_labels="Référentiel socle de test (seed 000)",
    source_location="seed 000, lines 1-3", base_iri=BASE, items=[
        Item(f"{BASE}referentiel/demo/v1/competence/1.1", str(SENS.Competence),
             "Identifier les données de santé à caractère personnel", "1.1", 1, None),
        Item(f"{BASE}referentiel/demo/v1/competence/1.2", str(SENS.Competence), "Sécuriser l'accès aux données",
             "1.2", 2, None)])
"""The demo framework of GRAPHS as the exports see it (its CASE package is dist/case/demo-v1.json)."""


@dataclass(frozen=True)
class MiniProject:
    settings: Settings
    graph_triples: dict[str, int]

    @property
    def dist(self) -> Path:
        return self.settings.dist_dir


def write_dist(project: Path, extra_graphs: dict[str, str] | None = None, version: str = "0.0.test") -> dict[str, int]:
    """Write a dist/ with the layout of ``sens_graph.build`` from the inline graphs above."""
    dist = project / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    ds = Dataset()
    counts: dict[str, int] = {}
    graphs = dict(GRAPHS)
    graphs["filler"] = "\n".join(f'<filler/{i}> rdfs:comment "filler {i}" .' for i in range(FILLER))
    graphs.update(extra_graphs or {})
    for name, body in graphs.items():
        iri = f"{BASE}graph/{name}"
        g = Graph()
        g.parse(data=PREFIXES + body, format="turtle")
        target = ds.graph(iri)
        for triple in g:
            target.add(triple)
        counts[iri] = len(g)
        out = dist / "graphs" / f"{name}.ttl"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(g.serialize(format="turtle"), encoding="utf-8")
    nq = "".join(sorted(line + "\n" for line in ds.serialize(format="nquads").splitlines() if line.strip()))
    (dist / "sens-graph.nq").write_text(nq, encoding="utf-8")
    (dist / "sens-graph.nq.gz").write_bytes(gzip.compress(nq.encode("utf-8"), mtime=0))
    (dist / "sens-graph.trig").write_text(ds.serialize(format="trig"), encoding="utf-8")
    (dist / "ontology").mkdir(exist_ok=True)
    (dist / "ontology" / "sens.ttl").write_text(PREFIXES + GRAPHS["ontology"], encoding="utf-8")
    (dist / "context.jsonld").write_text(json.dumps({"@context": {
        "sens": f"{BASE}def#", "skos": "http://www.w3.org/2004/02/skos/core#"}}), encoding="utf-8")
    (dist / "mappings").mkdir(exist_ok=True)
    (dist / "mappings" / "demo.sssom.tsv").write_text(
        "# mapping_set_id: https://w3id.org/sens-graph/mapping/demo\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
        "sgr:demo/v1/competence/1.1\tskos:closeMatch\tsgr:demo/v1/competence/1.2\tsemapv:ManualMappingCuration\n",
        encoding="utf-8")
    (dist / "void.ttl").write_text(
        f"<{BASE}dataset> a <http://rdfs.org/ns/void#Dataset>, <http://www.w3.org/ns/dcat#Dataset> ;\n"
        f"  <http://purl.org/dc/terms/title> \"sens-graph test\"@en ;\n"
        f"  <http://www.w3.org/ns/dcat#distribution> <{BASE}download/sens-graph.nq.gz> .\n"
        f"<{BASE}download/sens-graph.nq.gz> <http://www.w3.org/ns/dcat#downloadURL> "
        f"<{BASE}download/sens-graph.nq.gz> .\n", encoding="utf-8")
    info = {"version": version, "build_date": "2026-01-01T00:00:00Z", "base_iri": BASE,
            "source_digest": hashlib.sha256(nq.encode()).hexdigest(), "graphs": dict(sorted(counts.items()))}
    (dist / "build-info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    (dist / "case").mkdir(exist_ok=True)
    (dist / "case" / "demo-v1.json").write_text(
        CaseGenerator(build_date="2026-01-01T00:00:00Z", version=version).serialize(DEMO_FRAMEWORK), encoding="utf-8")
    reports = dist / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "index.html").write_text("<html><body><h1>Coverage report</h1></body></html>", encoding="utf-8")
    (reports / "coverage.csv").write_text("framework,competences\ndemo,2\n", encoding="utf-8")
    files = sorted(p for p in dist.rglob("*") if p.is_file() and "reports" not in p.parts and p.name != "SHA256SUMS")
    (dist / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(dist).as_posix()}\n" for p in files))
    return counts


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> MiniProject:
    project = tmp_path_factory.mktemp("project")
    counts = write_dist(project)
    queries = project / "queries"
    queries.mkdir()
    for name, text in LIBRARY.items():
        (queries / name).write_text(text, encoding="utf-8")
    return MiniProject(Settings(project_dir=project, base_iri=BASE), counts)


def server_settings(project: MiniProject, **overrides) -> ServerSettings:
    options = {"store_dir": project.settings.project_dir / "var" / "store", "query_timeout": QUERY_TIMEOUT,
               "workers": 3, "reload_interval": 0, "max_result_bytes": 200_000, "incoming_links_limit": 50}
    options.update(overrides)
    return ServerSettings(**options)


@pytest.fixture(scope="session")
def server_options(mini_project: MiniProject) -> ServerSettings:
    return server_settings(mini_project)


@pytest.fixture(scope="session")
def client(mini_project: MiniProject, server_options: ServerSettings) -> Iterator[TestClient]:
    """An in-process client of the app over the mini dist/ (embedded store, 3 workers, 2 s limit)."""
    store = make_store(mini_project.settings, server_options)
    app = create_app(mini_project.settings, store, server_options)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@dataclass
class LiveServer:
    url: str
    store: OxigraphStore
    server: uvicorn.Server


def start_live_server(settings: Settings, options: ServerSettings) -> tuple[LiveServer, threading.Thread]:
    """Run the app under uvicorn on 127.0.0.1 with a random port, in a thread."""
    store = make_store(settings, options)
    app = create_app(settings, store, options)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn_config(app, options, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", store, server), thread


@pytest.fixture(scope="session")
def live_server(mini_project: MiniProject) -> Iterator[LiveServer]:
    options = server_settings(mini_project, store_dir=mini_project.settings.project_dir / "var" / "live-store")
    live, thread = start_live_server(mini_project.settings, options)
    yield live
    live.server.should_exit = True
    thread.join(15)
