"""The programme page (issue 14) on the real build: coverage of the socle post-bac by the DU CNS
(seed 001 mapped to seed 002) and by the ETU e-Santé, its heat map, uncovered capacities and hours."""

from __future__ import annotations

import re

import pytest

from .test_pages import BROWSER, text_of

pytestmark = pytest.mark.slow


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.S)
    assert found, heading_id
    return found.group(1)


def test_du_cns_page_prints_its_coverage_heat_map_and_uncovered_capacities(real_client):
    r = real_client.get("/du-cns.html", headers={"Accept": BROWSER})
    assert r.status_code == 200
    text = text_of(r.text)
    assert "Diplôme universitaire (DU) Compétences Numériques en Santé" in text
    assert "15/15 compétences couvertes" in text
    assert "63/80 capacités couvertes" in text
    assert "Programme de formation · 148 h" in text
    uncovered = section(r.text, "h-non-couvertes")
    assert "Capacités non couvertes (17)" in text_of(uncovered)
    assert uncovered.count("<li>") == 17
    heat = section(r.text, "h-carte")
    assert heat.count('<th scope="col" class="num">') == 15  # one column per competence of the socle
    assert heat.count('<th scope="row" class="course">') >= 20  # one row per course with coverage rows
    assert re.search(r'class="num heat-[123]">\d+<', heat)  # counts printed, not only coloured
    assert 'href="/analyse"' in r.text
    assert 'href="/referentiel/socle-postbac/v1.1.2022.html"' in r.text
    hours = text_of(section(r.text, "h-heures"))
    assert "Heures du référentiel" in hours


def test_etu_page_prints_its_partial_coverage(real_client):
    r = real_client.get("/programme/etu-e-sante.html", headers={"Accept": BROWSER})
    assert r.status_code == 200
    text = text_of(r.text)
    assert "10/15 compétences couvertes" in text
    assert "17/80 capacités couvertes" in text
    assert "Capacités non couvertes (63)" in text
    assert section(r.text, "h-non-couvertes").count("<li>") == 63
