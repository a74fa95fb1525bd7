"""English interface text on request (issue 14): ``?lang=en``, data labels kept as the sources print them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from sens_graph.server.i18n import CATALOGUE, keeps_language

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


# --------------------------------------------------------------------------------------------
# Every page kind in English: no French interface string left, links and forms keep the language
# --------------------------------------------------------------------------------------------

SOCLE = "/referentiel/socle-postbac/v1.1.2022"
PAGE_KINDS = {
    "home": ("/", 200),
    "home-profession": ("/?profession=infirmier", 200),
    "search": ("/recherche?q=identitovigilance", 200),
    "framework-version": (f"{SOCLE}.html", 200),
    "competence": (f"{SOCLE}/competence/1.1.html", 200),
    "capacity": (f"{SOCLE}/competence/1.3/capacite/8.html", 200),
    "generic": ("/mapping/du-cns-socle-postbac/19.html", 200),
    "compare-form": ("/comparer", 200),
    "compare": ("/comparer?a=socle-postbac/v1.1.2022&b=ambulanciers/v1.1.2023", 200),
    "compare-error": ("/comparer?a=nope/v1&b=ambulanciers/v1.1.2023", 400),
    "question-form": ("/queries/couverture-socle-par-du", 200),
    "question-answer": ("/queries/couverture-socle-par-du?non_couverts=true&run=1", 200),
    "analyse": ("/analyse", 200),
    "downloads": ("/downloads", 200),
    "editor": ("/editeur", 200),
    "programme": ("/du-cns.html", 200),
    "not-found-entity": ("/referentiel/nope/v9.html", 404),
    "not-found-question": ("/queries/nope", 404),
}
"""Every page kind: name → (path, status)."""

TRANSLATED = {french: english for french, english in CATALOGUE.items() if french != english}
PROPER_NAMES = ("AMI Compétences et Métiers d'Avenir",)
"""French proper names the library's English questions print as they are (not interface words)."""


class InterfaceText(HTMLParser):
    """The text of a page people read as interface: outside ``lang="fr"`` elements (the data), scripts and code.

    Attributes read aloud or shown (``aria-label``, ``title``, ``placeholder``, ``alt``) count as text.
    """

    SKIPPED: ClassVar[set[str]] = {"script", "style", "code", "pre", "title"}
    VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                                "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text skipped?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        skipped = (bool(self.stack) and self.stack[-1]) or tag in self.SKIPPED or (
            tag != "html" and given.get("lang") == "fr")
        if not skipped:
            self.parts += [given[a] or "" for a in ("aria-label", "title", "placeholder", "alt") if a in given]
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", " ".join(parser.parts))


def french_left(html: str) -> list[str]:
    """The catalogue's French strings (those whose English differs) still in the page's interface text."""
    text = InterfaceText.of(html)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return sorted(f for f in TRANSLATED if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text))


def page_links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'<a\b[^>]*?\bhref="(/[^"]*)"', html)]


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_kind_in_english_has_no_french_interface_text(real_client, kind):
    path, status = PAGE_KINDS[kind]
    sep = "&" if "?" in path else "?"
    r = real_client.get(f"{path}{sep}lang=en", headers={"Accept": BROWSER})
    assert r.status_code == status
    assert html_lang(r.text) == "en"
    assert french_left(r.text) == []
    # every link to a page of the interface keeps the language; files and twins stay as they are
    pages = [h for h in page_links(r.text) if keeps_language(h)]
    assert len([h for h in pages if re.search(r"[?&]lang=fr$", h)]) == 1  # the switch back to French
    pages = [h for h in pages if not h.endswith("lang=fr")]
    assert pages and all(re.search(r"[?&]lang=en\b", h) for h in pages), [h for h in pages if "lang=en" not in h]
    assert not [h for h in page_links(r.text) if h.endswith((".ttl", ".jsonld", ".csv")) and "lang=" in h]
    # every GET form carries the language
    forms = re.findall(r'<form\b[^>]*method="get"[^>]*>(.*?)</form>', r.text, flags=re.S)
    assert all('<input type="hidden" name="lang" value="en">' in f for f in forms)


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_kind_without_parameter_is_french(real_client, kind):
    path, status = PAGE_KINDS[kind]
    r = real_client.get(path, headers={"Accept": BROWSER})
    assert r.status_code == status
    assert html_lang(r.text) == "fr"
    # only the switch to English names a language; forms add none
    assert [h for h in page_links(r.text) if "lang=" in h] == [re.search(r'class="lang-switch" href="([^"]+)"',
                                                                          r.text).group(1).replace("&amp;", "&")]
    assert 'name="lang"' not in r.text
    assert "Aller au contenu" in r.text and "Skip to content" not in r.text


def test_english_pages_say_the_real_figures_in_english(real_client):
    compare = real_client.get("/comparer?a=socle-postbac/v1.1.2022&b=ambulanciers/v1.1.2023&lang=en",
                              headers={"Accept": BROWSER}).text
    assert "Compare two frameworks" in compare and ">present<" in compare and ">added<" in compare
    error = real_client.get("/comparer?a=nope/v1&lang=en", headers={"Accept": BROWSER}).text
    assert "Unknown framework version: “nope/v1”." in error
    question = real_client.get("/queries/couverture-socle-par-du?non_couverts=true&run=1&lang=en",
                               headers={"Accept": BROWSER}).text
    assert "Answer: 17 rows" in text_of(question)
    not_found = real_client.get("/referentiel/nope/v9.html?lang=en", headers={"Accept": BROWSER}).text
    assert "/referentiel/nope/v9 is not in the graph" in not_found
    search = real_client.get("/recherche?q=identitovigilance&lang=en", headers={"Accept": BROWSER}).text
    assert re.search(r"\d+ results for “identitovigilance”", text_of(search))


def test_editor_script_words_follow_the_language(real_client):
    """The words the editor's script writes into YASGUI (table, error panel, control names) come translated."""
    def words(lang: str) -> dict[str, str]:
        html = real_client.get(f"/editeur?lang={lang}", headers={"Accept": BROWSER}).text
        return json.loads(re.search(r'<script id="interface-text" type="application/json">(.*?)</script>',
                                    html, re.S).group(1))
    french, english = words("fr"), words("en")
    assert french["La requête n'a pas abouti"] == "La requête n'a pas abouti"
    assert english["La requête n'a pas abouti"] == "The query failed"
    assert english["Lignes _START_ à _END_ sur _TOTAL_"] == "Rows _START_ to _END_ of _TOTAL_"
    assert all(english[k] == CATALOGUE[k] for k in english)  # every word of the script is in the catalogue
