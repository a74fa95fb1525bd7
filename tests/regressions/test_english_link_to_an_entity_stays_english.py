"""Regression: in the English interface, a link to an entity (its IRI path, answered by a 303 to
its HTML page) led to the French page: the 303 dropped ``?lang=en``; and the upload form of
``/analyse`` answered in French (its POST action had no language)."""

from __future__ import annotations

import pytest

from sens_graph.server.i18n import keep_language

pytestmark = pytest.mark.slow

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
COMPETENCE = "/referentiel/socle-postbac/v1.1.2022/competence/1.1"


def test_the_303_to_the_page_keeps_the_language(real_client):
    r = real_client.get(f"{COMPETENCE}?lang=en", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"{COMPETENCE}.html?lang=en"
    page = real_client.get(f"{COMPETENCE}?lang=en", headers={"Accept": BROWSER})
    assert '<html lang="en">' in page.text and "In the other frameworks" in page.text
    plain = real_client.get(COMPETENCE, headers={"Accept": BROWSER}, follow_redirects=False)
    assert plain.headers["location"] == f"{COMPETENCE}.html"


def test_the_upload_form_posts_in_the_page_language(real_client):
    form = real_client.get("/analyse?lang=en", headers={"Accept": BROWSER}).text
    assert '<form method="post" action="/analyse?lang=en" enctype="multipart/form-data">' in form
    answer = real_client.post("/analyse?lang=en", files={"fichier": ("vide.xlsx", b"", "application/octet-stream")},
                              headers={"Accept": BROWSER})
    assert answer.status_code == 400 and '<html lang="en">' in answer.text and "<h2>empty file</h2>" in answer.text
    assert keep_language('<form method="post" action="/analyse">', "fr") == '<form method="post" action="/analyse">'
