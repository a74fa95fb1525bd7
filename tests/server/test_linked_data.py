"""Linked data: entity IRIs resolve on this server (303 policy), documents by Accept or extension."""

from __future__ import annotations

import json

import pytest
from common import BASE
from rdflib import Graph, Literal, URIRef

from sens_graph.server import ROUTES
from sens_graph.server.linked_data import DOCUMENT_EXTENSIONS

COMPETENCE = "referentiel/demo/v1/competence/1.2"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(("accept", "extension"), [
    (BROWSER, "html"),
    ("*/*", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"),
    ("application/n-triples", "nt"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld"),
])
def test_entity_iri_303_by_accept(client, accept, extension):
    r = client.get(f"/{COMPETENCE}", headers={"Accept": accept}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/{COMPETENCE}.{extension}"
    assert "Accept" in r.headers["vary"]
    assert 'rel="alternate"' in r.headers["link"]


def test_unacceptable_entity_format_is_406(client):
    r = client.get(f"/{COMPETENCE}", headers={"Accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406


@pytest.mark.parametrize(("extension", "rdflib_format"), [
    ("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml"), ("nt", "nt"),
])
def test_rdf_documents_by_extension(client, extension, rdflib_format):
    r = client.get(f"/{COMPETENCE}.{extension}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == DOCUMENT_EXTENSIONS[extension]
    assert "Accept" in r.headers["vary"]
    link = r.headers["link"]
    for ext in DOCUMENT_EXTENSIONS:
        assert f"</{COMPETENCE}.{ext}>" in link
    assert f'<{BASE}{COMPETENCE}>; rel="describes"' in link
    g = Graph().parse(data=r.content, format=rdflib_format)
    entity = URIRef(BASE + COMPETENCE)
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert (entity, URIRef(skos + "prefLabel"), Literal("Sécuriser l'accès aux données", lang="fr")) in g
    assert (entity, URIRef(BASE + "def#sourceLocation"), Literal("seed 000, lines 13-15")) in g


def test_rdf_document_has_incoming_links(client):
    g = Graph().parse(data=client.get("/referentiel/demo/v1/competence/1.1.ttl").text, format="turtle")
    skos_related = URIRef("http://www.w3.org/2004/02/skos/core#related")
    assert (URIRef(BASE + COMPETENCE), skos_related, URIRef(BASE + "referentiel/demo/v1/competence/1.1")) in g


def test_following_the_redirect_like_a_linked_data_client(client):
    g = Graph()
    r = client.get(f"/{COMPETENCE}", headers={"Accept": "text/turtle"})  # follows the 303
    assert r.status_code == 200
    g.parse(data=r.text, format="turtle")
    assert (URIRef(BASE + COMPETENCE), None, None) in g


def test_html_page_has_labels_properties_links_graph_and_provenance(client):
    # a competence has its own page (sens_graph.server.pages): text, hours in French, source, twins
    r = client.get(f"/{COMPETENCE}", headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<h1 lang="fr">Sécuriser l&#39;accès aux données</h1>' in html
    assert f"<code>{BASE}{COMPETENCE}</code>" in html
    assert "3,5 h" in html and "^^" not in html
    assert "seed 000, lines 13-15" in html
    assert 'href="/source/000"' in html and "Référentiel socle de test (seed 000)" in html
    assert f'<link rel="alternate" type="text/turtle" href="/{COMPETENCE}.ttl">' in html
    assert '<script type="application/ld+json">' in html
    # other kinds keep the generic page: the type and linked things with their labels, graphs, provenance
    generic = client.get("/referentiel/demo/v1.html").text
    assert 'href="/def#Referentiel"' in generic and ">référentiel</a>" in generic
    assert "<h3>Provenance</h3>" in generic and "seed 000, lines 1-3" in generic
    assert 'href="/graph/referentiel/demo-v1"' in generic
    assert 'href="/referentiel/demo/v1/competence/1.2"' in generic
    assert ">Identifier les données de santé à caractère personnel</a>" in generic
    assert '<link rel="alternate" type="text/turtle" href="/referentiel/demo/v1.ttl">' in generic
    assert '"@id": "https://w3id.org/sens-graph/referentiel/demo/v1"' in generic


def test_html_page_lists_incoming_links(client):
    html = client.get("/referentiel/demo/v1.html").text
    assert "<h2>Liens entrants</h2>" in html
    assert 'href="/referentiel/demo/v1/competence/1.2"' in html
    source = client.get("/source/000.html").text
    assert source.count("/referentiel/demo/v1") >= 3  # three entities derive from the source


def test_unknown_iri_is_404(client):
    r = client.get("/referentiel/demo/v1/competence/9.9", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 404
    assert client.get("/referentiel/demo/v1/competence/9.9.ttl").status_code == 404
    html = client.get("/referentiel/demo/v1/competence/9.9", headers={"Accept": BROWSER})
    assert html.status_code == 404 and html.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/bad%3Eiri", "/a%20b", "/x%22y", "/..%2F..%2Fetc%2Fpasswd"])
def test_unsafe_paths_are_404(client, path):
    assert client.get(path, follow_redirects=False).status_code == 404


def test_ontology_terms_resolve_through_the_ontology_document(client):
    r = client.get("/def", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/def.html"
    html = client.get("/def.html").text
    assert 'id="Competence"' in html and 'id="hours"' in html
    assert "Une compétence d&#39;un référentiel." in html
    g = Graph().parse(data=client.get("/def.ttl").text, format="turtle")
    owl_class = URIRef("http://www.w3.org/2002/07/owl#Class")
    assert (URIRef(BASE + "def#Competence"), None, owl_class) in g
    assert (URIRef(BASE + "def#Referentiel"), None, owl_class) in g


def test_named_graph_iri_resolves(client, mini_project):
    r = client.get("/graph/referentiel/demo-v1", headers={"Accept": BROWSER})
    assert r.status_code == 200
    count = mini_project.graph_triples[BASE + "graph/referentiel/demo-v1"]
    assert f"un graphe de {count} triplets" in r.text
    assert 'href="/download/graphs/referentiel/demo-v1.ttl"' in r.text


def test_entity_with_a_dot_in_its_path(client):
    # ".2" is not a document extension: the IRI ends in "1.2"
    r = client.get(f"/{COMPETENCE}", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.headers["location"].endswith("1.2.ttl")


def test_json_ld_document_is_json(client):
    data = json.loads(client.get(f"/{COMPETENCE}.jsonld").text)
    assert BASE + COMPETENCE in json.dumps(data)


def test_head_on_an_entity(client):
    r = client.head(f"/{COMPETENCE}.ttl")
    assert r.status_code == 200 and r.content == b""


def test_route_table_lists_every_route(client):
    documented = {path for _, path, _ in ROUTES}
    for route in client.app.routes:
        path = getattr(route, "path", None)
        if not path:
            continue
        path = path.replace("{rel:path}", "{path}").replace("{path:path}", "{path}")
        if path == "/static":
            path = "/static/{path}"
        assert path in documented, path


def test_turtle_document_is_written_with_the_project_prefixes(client):
    text = client.get("/referentiel/demo/v1/competence/1.1.ttl").text
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in text
    assert "skos:prefLabel" in text
