"""Downloads page and files, VoID/DCAT, /reports, and the editor page with the query library."""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import pytest
from common import BASE
from rdflib import Graph, URIRef

from sens_graph.server.context import load_query_library

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"


def test_downloads_json_lists_every_artefact_with_size_and_sha256(client, mini_project):
    data = client.get("/downloads", headers={"Accept": "application/json"}).json()
    assert data["version"] == "0.0.test"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    files = {f["path"]: f for f in data["files"]}
    for expected in ["sens-graph.nq.gz", "sens-graph.trig", "graphs/referentiel/demo-v1.ttl", "ontology/sens.ttl",
                     "mappings/demo.sssom.tsv", "void.ttl", "SHA256SUMS", "build-info.json"]:
        assert expected in files, expected
    assert not any(p.startswith("reports/") for p in files)
    nq = files["sens-graph.nq.gz"]
    path = mini_project.dist / "sens-graph.nq.gz"
    assert nq["size"] == path.stat().st_size
    assert nq["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert nq["group"] == "dataset" and files["graphs/referentiel/demo-v1.ttl"]["group"] == "graphs"


def test_downloads_html_page(client):
    r = client.get("/downloads", headers={"Accept": BROWSER})
    html = r.text
    assert r.status_code == 200
    assert "Version <strong>0.0.test</strong>" in html
    assert 'href="/download/sens-graph.nq.gz"' in html
    assert 'href="/download/graphs/referentiel/demo-v1.ttl"' in html
    assert 'href="/download/mappings/demo.sssom.tsv"' in html
    assert "CC BY 4.0" in html
    assert re.search(r"<code class=\"hash\">[0-9a-f]{64}</code>", html)


def test_download_files_are_the_dist_files(client, mini_project):
    r = client.get("/download/sens-graph.nq.gz")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in r.headers  # not gzipped twice
    assert r.content == (mini_project.dist / "sens-graph.nq.gz").read_bytes()
    assert gzip.decompress(r.content).decode().count("\n") == sum(mini_project.graph_triples.values())
    ttl = client.get("/download/graphs/referentiel/demo-v1.ttl")
    assert ttl.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=ttl.text, format="turtle")) == mini_project.graph_triples[
        BASE + "graph/referentiel/demo-v1"]


@pytest.mark.parametrize("path", ["/download/../pyproject.toml", "/download/%2e%2e/queries/competences.rq",
                                  "/download/nope.ttl", "/download/reports/index.html", "/download/graphs"])
def test_download_refuses_anything_else(client, path):
    assert client.get(path).status_code == 404


def test_void_describes_dataset_endpoint_and_distributions(client):
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, URIRef(VOID + "sparqlEndpoint"), URIRef("http://testserver/sparql")) in g
    assert (dataset, URIRef(DCAT + "distribution"), URIRef(BASE + "download/sens-graph.nq.gz")) in g
    assert (URIRef(BASE + "download/sens-graph.nq.gz"), URIRef(DCAT + "accessURL"),
            URIRef("http://testserver/download/sens-graph.nq.gz")) in g
    assert (URIRef("http://testserver/sparql"), URIRef(DCAT + "servesDataset"), dataset) in g


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"), ("application/n-triples", "nt")])
def test_void_other_formats(client, accept, rdflib_format):
    r = client.get("/.well-known/void", headers={"Accept": accept})
    assert r.headers["content-type"].split(";")[0] == accept
    assert len(Graph().parse(data=r.content, format=rdflib_format)) > 5


def test_void_for_browsers_is_readable_text(client):
    r = client.get("/.well-known/void", headers={"Accept": BROWSER})
    assert r.headers["content-type"].startswith("text/plain")


def test_dataset_iri_redirects_to_void(client):
    r = client.get("/dataset", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/.well-known/void"


def test_reports_directory_is_served(client):
    r = client.get("/reports", follow_redirects=True)
    assert r.status_code == 200 and "Coverage report" in r.text
    csv = client.get("/reports/coverage.csv")
    assert csv.text.startswith("framework,competences")
    assert client.get("/reports/../build-info.json").status_code == 404
    assert client.get("/reports/missing.pdf").status_code == 404


def test_editor_page_loads_vendored_yasgui_and_the_library(client):
    r = client.get("/editeur", headers={"Accept": BROWSER})
    html = r.text
    assert r.status_code == 200
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower() and "jsdelivr" not in html.lower()
    assert 'data-name="competences"' in html and ">Competences and their labels</button>" in html
    assert "Every competence of every framework, with its label and hours." in html
    examples = json.loads(re.search(r'<script id="examples-data" type="application/json">(.*?)</script>',
                                    html, re.S).group(1))
    assert [e["name"] for e in examples] == ["competences", "count-graphs"]
    js = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert client.get("/static/vendor/yasgui/yasgui.min.css").status_code == 200
    assert client.get("/static/vendor/yasgui/LICENSE").text.startswith("MIT License")


def test_home_page_for_browsers_and_the_editor_s_old_address(client):
    r = client.get("/", headers={"Accept": BROWSER})
    assert r.status_code == 200 and '<html lang="fr">' in r.text
    assert "Quel référentiel s&#39;applique à ma profession ?" in r.text and 'action="/recherche"' in r.text
    old = client.get("/?example=count-graphs&run=1", headers={"Accept": BROWSER}, follow_redirects=False)
    assert old.status_code == 301 and old.headers["location"] == "/editeur?example=count-graphs&run=1"


def test_editor_root_sends_rdf_clients_to_void(client):
    r = client.get("/", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/.well-known/void"


def test_query_library_endpoints(client):
    library = client.get("/queries").json()
    assert library[0]["title"] == "Competences and their labels"
    r = client.get("/queries/competences.rq")
    assert r.headers["content-type"].startswith("application/sparql-query")
    assert "sens:Competence" in r.text
    assert client.get("/queries/nope.rq").status_code == 404


def test_every_library_query_runs(client, mini_project):
    for q in load_query_library(mini_project.settings.queries_dir):
        r = client.post("/sparql", content=q.text.encode(), headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 200, (q.name, r.text)


def test_library_header_parsing(tmp_path):
    (tmp_path / "a.rq").write_text("# Title line\n#\n# More words\n# and more.\nSELECT * {}\n# not header\n")
    (tmp_path / "b-no-header.rq").write_text("ASK {}\n")
    a, b = load_query_library(tmp_path)
    assert (a.name, a.title, a.question_fr) == ("a", "Title line", "More words and more.")
    assert (b.title, b.question_fr, b.has_header) == ("b no header", "", False)


def test_library_header_format_of_sens_graph_queries(tmp_path):
    (tmp_path / "p.rq").write_text(
        "# title: Titre / Title\n# question-fr: Quelle question ?\n#   suite.\n# question-en: Which question?\n"
        "# param: n (integer) = 3 — un nombre / a number\n# returns: x\n"
        "SELECT ?x WHERE {\n  VALUES (?n) { (3) }  # @params\n  BIND(?n AS ?x)\n}\n")
    (q,) = load_query_library(tmp_path)
    assert (q.title, q.question_fr) == ("Titre / Title", "Quelle question ? suite.")
    assert q.question_en == "Which question?"
    assert q.parameter_lines() == ["n (integer) = 3 — un nombre / a number"]
    assert "VALUES (?n) { (3) }" in q.text
