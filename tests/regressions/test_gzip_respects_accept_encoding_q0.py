"""``Accept-Encoding: gzip;q=0, identity`` still got gzip, and HEAD of a download reported identity
while GET was gzip (issue 10).

RFC 9110 §12.5.3: q=0 means "not acceptable", and a coding's own entry wins over ``*``; §9.3.2:
HEAD carries the header fields of GET. The compression decision must depend on headers only.
"""

from __future__ import annotations

import gzip

import pytest
from server.conftest import client, mini_project, server_options  # noqa: F401

from sens_graph.server.negotiation import coding_quality

BIG_RESULT = "/sparql?query=" + "SELECT%20%2A%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%20200"


@pytest.mark.parametrize("accept_encoding", ["gzip;q=0, identity", "identity", "*;q=0.5, gzip;q=0", "br",
                                             "GZIP;Q=0"])
def test_no_gzip_when_the_client_refuses_it(client, accept_encoding):  # noqa: F811
    for path in (BIG_RESULT, "/download/sens-graph.nq", "/downloads"):
        r = client.get(path, headers={"Accept-Encoding": accept_encoding})
        assert r.status_code == 200, path
        assert "content-encoding" not in r.headers, (path, accept_encoding)


@pytest.mark.parametrize("accept_encoding", ["gzip", "gzip;q=0.5, identity", "*", "deflate, x-gzip"])
def test_gzip_when_the_client_accepts_it(client, accept_encoding):  # noqa: F811
    r = client.get(BIG_RESULT, headers={"Accept-Encoding": accept_encoding})
    assert r.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in r.headers["vary"]


def test_head_of_a_download_reports_what_get_sends(client, mini_project):  # noqa: F811
    for path in ("/download/sens-graph.nq", "/download/sens-graph.nq.gz", "/downloads", BIG_RESULT):
        for accept_encoding in ("gzip", "identity"):
            headers = {"Accept-Encoding": accept_encoding}
            get = client.get(path, headers=headers)
            head = client.head(path, headers=headers)
            for name in ("content-encoding", "content-length", "vary", "content-type"):
                assert head.headers.get(name) == get.headers.get(name), (path, accept_encoding, name)
    # httpx decodes gzip: the file read back is the file in dist/
    raw = client.get("/download/sens-graph.nq", headers={"Accept-Encoding": "gzip"})
    assert raw.content == (mini_project.dist / "sens-graph.nq").read_bytes()
    # the .gz download is not compressed twice
    packed = client.get("/download/sens-graph.nq.gz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in packed.headers
    assert gzip.decompress(packed.content) == (mini_project.dist / "sens-graph.nq").read_bytes()


def test_coding_quality_follows_rfc_9110():
    assert coding_quality("gzip;q=0, identity", "gzip") == 0.0
    assert coding_quality("*;q=0.3, gzip;q=0", "gzip") == 0.0
    assert coding_quality("*;q=0.3", "gzip") == 0.3
    assert coding_quality("deflate", "gzip") == 0.0
    assert coding_quality("x-gzip", "gzip") == 1.0
    assert coding_quality(None, "gzip") == 0.0
