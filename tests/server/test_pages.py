"""The French pages (server/pages.py) on the real build: home, framework version, competence and
capacity, /comparer, the library questions as forms. Facts asserted are the sources' (seed 002)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.slow

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
SOCLE = "referentiel/socle-postbac/v1.1.2022"
AMBULANCIERS = "referentiel/ambulanciers/v1.1.2023"


def text_of(html: str) -> str:
    """The visible text of a page, one space between words (entities decoded)."""
    import html as html_lib

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))
    return re.sub(r" ([,.)])", r"\1", text)


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no embedded JSON-LD"
    return json.loads(match.group(1))


def test_home_lists_frameworks_with_their_figures_and_answers_a_profession(real_client):
    r = real_client.get("/", headers={"Accept": BROWSER})
    assert r.status_code == 200 and '<html lang="fr">' in r.text
    page = text_of(r.text)
    assert 'action="/recherche"' in r.text
    # post-bac V1.1.2022: 5 domains, 15 competences, 80 capacities, 28 h printed
    row = re.search(r'<tr>\s*<td><a href="/referentiel/socle-postbac/v1.1.2022.html" lang="fr">.*?</tr>', r.text, re.S)
    assert row, "the post-bac V1.1.2022 row"
    assert re.findall(r'<td class="num">([^<]*)</td>', row.group(0)) == ["5", "15", "80", "28"]
    assert "Diplôme universitaire (DU) Compétences Numériques en Santé — 165 h" in page
    assert "5 macro-compétences, 18 micro-compétences" in page  # the DU CNS référentiel
    assert '<option value="ambulancier" lang="fr">Ambulancier</option>' in r.text
    answer = real_client.get("/", params={"profession": "ambulancier"}, headers={"Accept": BROWSER})
    text = text_of(answer.text)
    assert "famille : Ambulanciers" in text
    assert ("Référentiel socle de compétences du numérique en santé des ambulanciers, version V.1.1.2023 "
            "(5 domaines, 12 compétences, 45 capacités, 12 h)") in text
    nurse = text_of(real_client.get("/", params={"profession": "infirmier"}).text)
    assert "Professionnels de santé de formation de niveau 4 à 8" in nurse and "version V1.1.2022" in nurse
    unknown = real_client.get("/", params={"profession": "plombier"})
    assert unknown.status_code == 400 and "Profession inconnue" in unknown.text


def test_home_keeps_the_303_for_rdf_clients(real_client):
    r = real_client.get("/", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/.well-known/void"


def test_framework_version_page(real_client):
    r = real_client.get(f"/{SOCLE}", headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.url.path == f"/{SOCLE}.html"
    html, page = r.text, text_of(r.text)
    figures = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', html))
    assert figures["Domaines"] == "5" and figures["Compétences"] == "15" and figures["Capacités"] == "80"
    assert figures["Heures (total imprimé)"] == "28 h" and figures["Somme des heures des domaines"] == "28 h"
    assert "1. Données de santé — 6 h" in page
    assert "1.1 Identifier un usager ou un professionnel de santé" in page
    tree = html.split('id="h-contenu"')[1].split('id="h-changements"')[0]
    assert len(re.findall(rf'<a href="/{SOCLE}/competence/[^/"]+">', tree)) == 15
    assert len(re.findall(rf'<a href="/{SOCLE}/competence/[^"]+/capacite/\d+">', tree)) == 80
    # changes from V1.2022 (derived graph) and this version's source issues
    assert "reformulé Capacité 1.3 n° 8 reformulée de V1.2022 à V1.1.2022" in page
    assert "Domaine 5 « Télesanté »" in page
    assert 'href="/download/graphs/referentiel/socle-postbac-v1.1.2022.ttl"' in html
    for ext in ("ttl", "jsonld", "rdf", "nt"):
        assert f'href="/{SOCLE}.{ext}"' in html
    data = json_ld(html)
    assert data["@type"] == "DefinedTermSet" and data["version"] == "V1.1.2022"
    assert len(data["hasDefinedTerm"]) == 15


def test_competence_page_lists_capacities_counterparts_courses_and_source(real_client):
    r = real_client.get(f"/{SOCLE}/competence/1.1.html")
    assert r.status_code == 200
    html, page = r.text, text_of(r.text)
    assert '<h1 lang="fr">Identifier un usager ou un professionnel de santé</h1>' in html
    assert "Capacités (2)" in page
    assert "connaître les enjeux et critères liés à l'identitovigilance vis-à-vis d'un usager" in page
    # breadcrumb: framework version, domain 1
    assert f'<a href="/{SOCLE}.html">' in html and 'href="/referentiel/socle-postbac/v1.1.2022/domaine/1"' in html
    # the ambulanciers counterpart, read in French words, with its justification and confidence
    row = re.search(rf'<tr>\s*<td><a href="/{AMBULANCIERS}.html" lang="fr">.*?</tr>', html, re.S)
    assert row, "the ambulanciers counterpart"
    cells = text_of(row.group(0))
    assert f'href="/{AMBULANCIERS}/competence/1.1"' in row.group(0)
    assert "équivalent" in cells and "correspondance lexicale" in cells and "établie par l'équipe" in cells
    # the DU CNS module covering it, and the course covering its first capacity
    assert "Fondamentaux des données de santé" in page
    assert "Les enjeux de l'identitovigilance pour les usagers et les professionnels de santé." in page
    assert "seed 002, line 535" in page
    assert json_ld(html)["@type"] == "DefinedTerm" and json_ld(html)["termCode"] == "1.1"


def test_capacity_page_shows_its_history(real_client):
    page = text_of(real_client.get(f"/{SOCLE}/competence/1.3/capacite/8.html").text)
    assert "faire preuve d'éthique dans l'accès aux données de santé" in page
    assert "« faire preuve d’éthique dans l’utilisation des données de santé »" in page  # V1.2022's wording
    assert "Ethique des usages des données de santé" in page  # DU CNS course, mapped as « proche »


def test_version_without_domains_keeps_the_generic_page(real_client):
    html = real_client.get("/du-cns/referentiel.html").text
    assert "<h1>Référentiel de compétences DU Compétences Numériques en Santé</h1>" in html
    assert "<h2>Liens entrants</h2>" in html and "Chiffres clés" not in html


def test_generic_page_is_readable(real_client):
    html = real_client.get("/mapping/du-cns-socle-postbac/19.html").text
    page = text_of(html)
    assert "correspondance : plus étroit" in page and "confiance 0,85" in page
    assert "23 novembre 2026" in page and "^^" not in page and "skos:" not in page
    assert '<script type="application/ld+json">' in html


def test_compare_socle_and_ambulanciers(real_client):
    r = real_client.get("/comparer", params={"a": "socle-postbac/v1.1.2022", "b": "ambulanciers/v1.1.2023"})
    assert r.status_code == 200
    html = r.text
    summary = re.search(r"<caption>Résumé</caption>.*?</table>", html, re.S).group(0)
    rows = {th: re.findall(r'<td class="num">(\d+)</td>', row)
            for th, row in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', summary, re.S)}
    # the same counts as the library's ecarts-au-socle-postbac (referentiel=ambulanciers)
    assert rows["Compétences"] == ["12", "0", "3", "0"]
    assert rows["Capacités"] == ["30", "10", "40", "5"]
    absent = re.search(r"Exploiter les données de santé pour l&#39;évaluation, la recherche et "
                       r'l&#39;innovation</a></td>\s*<td><span class="tag (\w+)">', html)
    assert absent and absent.group(1) == "absent"
    assert html.count('<span class="tag added">ajoutée</span>') == 5


def test_compare_refuses_unknown_keys(real_client):
    r = real_client.get("/comparer", params={"a": "socle-postbac/v9", "b": "ambulanciers/v1.1.2023"})
    assert r.status_code == 400 and "Version de référentiel inconnue : « socle-postbac/v9 »" in r.text
    form = real_client.get("/comparer")
    assert form.status_code == 200 and '<option value="socle-postbac/v1.1.2022" lang="fr">' in form.text


def test_question_form_answer_and_downloads(real_client):
    form = real_client.get("/queries/referentiel-d-une-profession")
    assert form.status_code == 200
    assert '<select id="p-profession" name="profession"' in form.text
    assert '<option value="Ambulancier" lang="fr">Ambulancier</option>' in form.text
    assert "Réponse :" not in form.text
    r = real_client.get("/queries/referentiel-d-une-profession", params={"profession": "Ambulancier", "run": "1"})
    assert r.status_code == 200
    page = text_of(r.text)
    assert "Réponse : 45 lignes" in page
    assert '"Ambulancier" false' in r.text.replace("&#34;", '"')  # the bound VALUES line in the SPARQL shown
    assert "^^" not in page and "@fr" not in page
    assert 'href="/editeur?query=' in r.text
    csv_answer = real_client.get("/queries/referentiel-d-une-profession",
                                 params={"profession": "Ambulancier", "format": "csv"})
    records = list(csv.DictReader(io.StringIO(csv_answer.text)))
    assert len(records) == 45 and {r["nom_profession"] for r in records} == {"Ambulancier"}
    xlsx = real_client.get("/queries/referentiel-d-une-profession",
                           params={"profession": "Ambulancier", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 46 and sheet.cell(1, 1).value == "nom_profession"


def test_question_refuses_a_value_not_in_the_data(real_client):
    r = real_client.get("/queries/referentiel-d-une-profession", params={"profession": "Plombier\" } ; DROP ALL"})
    assert r.status_code == 400 and "valeur inconnue" in r.text
    assert real_client.get("/queries/nope").status_code == 404
    assert real_client.get("/queries/heures-du.rq").headers["content-type"].startswith("application/sparql-query")


def test_question_answer_formats_numbers_in_french(real_client):
    r = real_client.get("/queries/heures-du", params={"par": "niveau"})
    assert r.status_code == 200
    assert re.search(r'<td class="num">\d+</td>', r.text)
    assert "true" not in text_of(r.text).split("Réponse")[1].split("La requête SPARQL")[0]
