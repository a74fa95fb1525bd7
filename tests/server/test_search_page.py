"""``/recherche``: the search page (HTML for people, JSON by Accept) over the build's index."""

from __future__ import annotations

import pytest
from common import BASE
from fastapi.testclient import TestClient

from sens_graph.config import Settings
from sens_graph.search import SEARCH_INDEX, write_search_index
from sens_graph.server import create_app, make_store

from .conftest import MiniProject, server_settings, write_dist

ROWS = [
    {"entity": f"{BASE}referentiel/demo/v1/competence/1.1", "kind": f"{BASE}def#Competence",
     "label": "Identifier les données de santé à caractère personnel", "notation": "1.1",
     "scheme": f"{BASE}referentiel/demo/v1", "schemeLabel": "Référentiel démo V1", "schemeVersion": "V1"},
    {"entity": f"{BASE}referentiel/demo/v1/competence/1.2", "kind": f"{BASE}def#Competence",
     "label": "Sécuriser l'accès aux données", "notation": "1.2",
     "scheme": f"{BASE}referentiel/demo/v1", "schemeLabel": "Référentiel démo V1", "schemeVersion": "V1"},
]


@pytest.fixture(scope="module")
def search_client(tmp_path_factory):
    project = tmp_path_factory.mktemp("search-project")
    counts = write_dist(project)
    (project / "queries").mkdir()
    write_search_index(ROWS, project / "dist" / SEARCH_INDEX)
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), counts)
    options = server_settings(mini)
    app = create_app(mini.settings, make_store(mini.settings, options), options)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def test_search_page_in_french_with_linked_hits(search_client):
    r = search_client.get("/recherche", params={"q": "securiser donnees"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in r.text
    assert "1 résultat pour « securiser donnees »" in r.text
    assert '<a href="/referentiel/demo/v1/competence/1.2" lang="fr">Sécuriser l&#39;accès aux données</a>' in r.text
    assert "compétence" in r.text and "Référentiel démo V1" in r.text


def test_search_as_json(search_client):
    r = search_client.get("/recherche", params={"q": "données"}, headers={"Accept": "application/json"})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert {h["notation"] for h in hits} == {"1.1", "1.2"}
    assert hits[0]["kind_fr"] == "compétence"


def test_empty_and_too_long_searches(search_client):
    assert search_client.get("/recherche").status_code == 200
    assert search_client.get("/recherche", params={"q": "x" * 300}).status_code == 400
    assert search_client.head("/recherche", params={"q": "données"}).status_code == 200


def test_search_without_an_index_says_so(client):
    r = client.get("/recherche", params={"q": "données"})
    assert r.status_code == 503 and "sens-graph build" in r.text
