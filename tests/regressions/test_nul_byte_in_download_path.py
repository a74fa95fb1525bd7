"""Regression (issue 10, fuzzing): ``/download/a%00b`` (GET and HEAD) answered 500: the NUL byte
reached ``Path.resolve()``, which raises ``ValueError: embedded null byte``.

Kind: a path segment the file system refuses. Every file route (downloads and reports) now
answers 404 for a path with a NUL or another control character, or one the OS cannot resolve.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from server.conftest import BASE, MiniProject, server_settings, write_dist

from sens_graph.config import Settings
from sens_graph.server import create_app, make_store

PATHS = ["/download/a%00b", "/download/%00", "/download/graphs/%00.ttl", "/download/a%01b", "/download/a%7Fb",
         "/reports/a%00b", "/reports/%00/index.html", "/a%00b", "/a%00b.ttl", "/graph/a%00b.html"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    project = tmp_path_factory.mktemp("nul")
    counts = write_dist(project)
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), counts)
    options = server_settings(mini)
    app = create_app(mini.settings, make_store(mini.settings, options), options)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", PATHS)
def test_control_characters_in_a_path_answer_404(client, method, path):
    assert client.request(method, path).status_code == 404


def test_real_files_are_still_served(client):
    r = client.get("/download/graphs/sources.ttl")
    assert r.status_code == 200 and "Référentiel socle de test" in r.text
    assert client.get("/reports/coverage.csv").text.startswith("framework,competences")
