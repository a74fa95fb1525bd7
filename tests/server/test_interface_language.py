"""English interface text on request (issue 14): ``?lang=en``, data labels kept as the sources print them."""

from __future__ import annotations

import re

import pytest

from sens_graph.server.i18n import CATALOGUE

from .test_pages import BROWSER, text_of

pytestmark = pytest.mark.slow


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([a-z]+)">', html).group(1)


def test_programme_page_in_english_keeps_the_source_labels_french(real_client):
    r = real_client.get("/du-cns.html?lang=en", headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert html_lang(r.text) == "en"
    text = text_of(r.text)
    assert "15/15 competences covered" in text
    assert "63/80 capacities covered" in text
    assert "Heat map: courses × competences" in text
    assert "SPARQL editor" in text and "Éditeur SPARQL" not in text
    # the data stay as the sources print them, marked French for screen readers
    assert '<h1 lang="fr">Diplôme universitaire (DU) Compétences Numériques en Santé</h1>' in r.text
    # the switch leads back to French, with the other query fields kept
    assert re.search(r'<a class="lang-switch" href="/du-cns.html\?lang=fr" lang="fr" hreflang="fr">Français</a>',
                     r.text)


def test_french_stays_the_default_whatever_the_browser_language(real_client):
    english_browser = real_client.get("/", headers={"Accept": BROWSER, "Accept-Language": "en-US,en;q=0.9"})
    assert html_lang(english_browser.text) == "fr" and ">Accueil<" in english_browser.text
    switch = re.search(r'<a class="lang-switch" href="([^"]+)"', english_browser.text).group(1)
    assert switch == "/?lang=en"
    english = real_client.get(switch, headers={"Accept": BROWSER})
    assert html_lang(english.text) == "en" and ">Home<" in english.text
    assert english.headers["etag"] != english_browser.headers["etag"]
    assert html_lang(real_client.get("/?lang=xx", headers={"Accept": BROWSER}).text) == "fr"


def test_switch_keeps_the_other_query_fields(real_client):
    r = real_client.get("/recherche?q=identitovigilance&lang=en", headers={"Accept": BROWSER})
    assert 'href="/recherche?q=identitovigilance&amp;lang=fr"' in r.text


def test_every_catalogue_entry_is_translated():
    assert all(english.strip() for english in CATALOGUE.values())
