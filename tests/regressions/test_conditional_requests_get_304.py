"""Entity documents and downloads sent no ETag/Last-Modified/Cache-Control, so every client and cache
downloaded everything again (issue 10). Validators now come from the build (source digest, build
date, file SHA-256) and conditional GET/HEAD answer 304.
"""

from __future__ import annotations

import pytest
from server.conftest import client, mini_project, server_options  # noqa: F401

CACHED = [
    "/referentiel/demo/v1/competence/1.1.ttl",
    "/referentiel/demo/v1/competence/1.1.html",
    "/referentiel/demo/v1/competence/1.1.jsonld",
    "/graph/referentiel/demo-v1.nt",
    "/downloads",
    "/download/sens-graph.nq",
    "/download/sens-graph.nq.gz",
    "/.well-known/void",
    "/",
    "/queries",
    "/queries/competences.rq",
]
BUILD_DATE = "Thu, 01 Jan 2026 00:00:00 GMT"  # build_date of the mini build: 2026-01-01T00:00:00Z


@pytest.mark.parametrize("path", CACHED)
def test_validators_and_304(client, path):  # noqa: F811
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert first.headers["last-modified"] == BUILD_DATE
    assert "max-age=" in first.headers["cache-control"]
    for method in ("GET", "HEAD"):
        again = client.request(method, path, headers={"If-None-Match": etag})
        assert again.status_code == 304, (method, path)
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert client.request(method, path, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
        assert client.request(method, path, headers={"If-None-Match": '"other"'}).status_code == 200
        assert client.request(method, path, headers={"If-Modified-Since": BUILD_DATE}).status_code == 304
        earlier = "Wed, 31 Dec 2025 23:59:59 GMT"
        assert client.request(method, path, headers={"If-Modified-Since": earlier}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3)
    both = client.get(path, headers={"If-None-Match": '"other"', "If-Modified-Since": BUILD_DATE})
    assert both.status_code == 200


def test_report_files_and_missing_resources(client, mini_project):  # noqa: F811
    report = client.get("/reports/coverage.csv")
    assert report.status_code == 200 and "max-age=" in report.headers["cache-control"]
    assert client.get("/reports/coverage.csv", headers={"If-None-Match": report.headers["etag"]}).status_code == 304
    assert client.get("/reports/coverage.csv",
                      headers={"If-Modified-Since": report.headers["last-modified"]}).status_code == 304
    # If-None-Match: * matches a current representation only: a missing entity stays 404
    assert client.get("/referentiel/nope.ttl", headers={"If-None-Match": "*"}).status_code == 404
    assert client.get("/download/nope.ttl", headers={"If-None-Match": "*"}).status_code == 404
    assert client.get("/referentiel/demo/v1/competence/1.1.ttl", headers={"If-None-Match": "*"}).status_code == 304
    # a 304 repeats the Vary of the 200 (RFC 9110 §15.4.5)
    tag = client.get("/downloads").headers["etag"]
    assert "Accept" in client.get("/downloads", headers={"If-None-Match": tag}).headers["vary"]


def test_download_etag_is_the_file_sha256(client, mini_project):  # noqa: F811
    sums = dict(reversed(line.split("  ")) for line in
                (mini_project.dist / "SHA256SUMS").read_text().splitlines())
    for rel in ("sens-graph.nq", "graphs/ontology.ttl", "sens-graph.nq.gz"):
        r = client.get(f"/download/{rel}")
        assert r.headers["etag"] == f'W/"{sums[rel]}"'


def test_representations_have_different_etags(client):  # noqa: F811
    tags = {client.get(f"/referentiel/demo/v1/competence/1.1.{ext}").headers["etag"] for ext in ("ttl", "nt", "html")}
    assert len(tags) == 3
    html = client.get("/downloads", headers={"Accept": "text/html"}).headers["etag"]
    assert client.get("/downloads", headers={"Accept": "application/json"}).headers["etag"] != html
