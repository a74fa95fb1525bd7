"""Regression: the first visitor of the DU page and of a question paid for the per-build caches
(bench/bench_pages.py: 782 ms for the question page's first request, 275 ms for the DU page's,
then about 25 ms). The server now builds them when it starts (``pages.warm_up``)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from server.real_project import real_server_settings

from sens_graph.server import create_app, make_store

pytestmark = pytest.mark.slow


def test_caches_are_warm_before_the_first_request(real_settings):
    options = real_server_settings(real_settings, store_dir=real_settings.project_dir / "var" / "warm-store")
    app = create_app(real_settings, make_store(real_settings, options), options)
    with TestClient(app) as client:
        ctx = app.state.ctx
        # before any request: every template compiled, the DU's coverage report read
        assert set(app.state.warm_up) == {"templates", "listings", "choices", "coverage", "search"}
        assert "page-programme.html" in {t.name for t in ctx.templates.env.cache.values()}
        reports = [v for k, v in ctx.cache.items() if k[0] == "programme-report"]
        socle = sorted((r["report"]["capacites"]["covered"], r["report"]["capacites"]["total"]) for r in reports
                       if r["report"]["referentiel"] == "socle-postbac/v1.1.2022")
        assert socle == [(17, 80), (63, 80)]  # the ETU e-santé programme, the DU CNS
        # the questions' default answers follow in the background
        deadline = time.monotonic() + 60
        while not app.state.warming.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "answers" in app.state.warming.result()
        answers = [k for k in ctx.cache.get(("per-build", ctx.dist_info().source_digest), {})
                   if k[0] == "library-answer"]
        assert len(answers) >= 20
        page = client.get("/du-cns.html", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "63/80" in page.text
