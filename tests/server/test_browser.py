"""The YASGUI page in headless Chromium: it loads from this server only and runs a library query."""

from __future__ import annotations

import os

import pytest

from .cdp import Browser, find_chromium

pytestmark = pytest.mark.slow

CHROMIUM = find_chromium()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (scripts/test.sh installs it)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    b = Browser(CHROMIUM)
    yield b
    b.close()


def _local_only(requests: list[str], root: str) -> list[str]:
    return [u for u in requests if not (u.startswith(root) or u.startswith(("data:", "blob:", "about:")))]


def test_yasgui_runs_a_library_query(browser, live_server, tmp_path):
    browser.requests.clear()
    browser.navigate(live_server.url + "/editeur")
    browser.wait_for("typeof window.sensYasgui === 'object' && document.querySelector('.yasqe') !== null")
    # a click on the example opens it in a new tab; a click on YASQE's run button sends it to /sparql
    browser.evaluate("document.querySelector('button.example[data-name=\"competences\"]').click()")
    browser.wait_for("window.sensYasgui.getTab().getYasqe().getValue().includes('sens:Competence')")
    assert browser.evaluate("window.sensYasgui.getTab().getName()") == "Competences and their labels"
    browser.evaluate("""(() => {
        const panels = [...document.querySelectorAll('.yasqe_queryButton')];
        const visible = panels.filter(b => b.offsetParent !== null);
        (visible[0] || panels[panels.length - 1]).click();
        return visible.length; })()""")
    text = browser.wait_for("""(() => { const yasr = [...document.querySelectorAll('.yasr')]
        .find(y => y.offsetParent !== null && y.innerText.includes('Identifier les données'));
        return yasr ? yasr.innerText : ''; })()""", timeout=30)
    assert "Sécuriser l'accès aux données" in text
    assert "6.0" in text or "6" in text
    browser.screenshot(str(tmp_path / "yasgui.png"))
    assert any(u.startswith(live_server.url + "/sparql") for u in browser.requests), browser.requests
    assert _local_only(browser.requests, live_server.url) == []
    assert browser.console == []


def test_example_link_runs_on_load(browser, live_server):
    browser.requests.clear()
    browser.navigate(live_server.url + "/?example=count-graphs&run=1")
    text = browser.wait_for("""(() => { const yasr = [...document.querySelectorAll('.yasr')]
        .find(y => y.offsetParent !== null && y.innerText.includes('graph/filler'));
        return yasr ? yasr.innerText : ''; })()""", timeout=30)
    assert "1500" in text
    assert _local_only(browser.requests, live_server.url) == []


def test_entity_page_in_the_browser(browser, live_server, tmp_path):
    browser.navigate(live_server.url + "/referentiel/demo/v1/competence/1.2")
    title = browser.wait_for("document.readyState === 'complete' && document.querySelector('h1') "
                             "&& document.querySelector('h1').innerText")
    assert title == "Sécuriser l'accès aux données"
    assert browser.evaluate("location.pathname") == "/referentiel/demo/v1/competence/1.2.html"
    # the competence page links its source; the source's (generic) page links every competence it gives
    browser.evaluate("document.querySelector('a[href=\"/source/000\"]').click()")
    browser.wait_for("location.pathname === '/source/000.html' && document.readyState === 'complete'")
    browser.evaluate("document.querySelector('a[href=\"/referentiel/demo/v1/competence/1.1\"]').click()")
    browser.wait_for("location.pathname === '/referentiel/demo/v1/competence/1.1.html' "
                     "&& document.readyState === 'complete'")
    assert browser.evaluate("document.querySelector('h1').innerText") == (
        "Identifier les données de santé à caractère personnel")


def editor_error(browser, live_server, query: str) -> str:
    """The text of the editor's error panel after running ``query`` in YASGUI."""
    browser.navigate(live_server.url + "/editeur")
    browser.wait_for("typeof window.sensYasgui === 'object' && document.querySelector('.yasqe') !== null")
    browser.evaluate(f"""(() => {{ const yasqe = window.sensYasgui.getTab().getYasqe();
        yasqe.setValue({query!r}); yasqe.query(); }})()""")
    return browser.wait_for("""(() => { const box = [...document.querySelectorAll('.erreur-sparql')]
        .find(b => b.offsetParent !== null); return box ? box.innerText : ''; })()""", timeout=30)


def test_editor_says_a_syntax_error_in_french(browser, live_server):
    text = editor_error(browser, live_server, "SELECT ?x WHERE { ?x ?y }")
    assert text.startswith("La requête n'a pas abouti")
    assert "Requête SPARQL mal formée, ligne 1, colonne 26 : on attendait l'un de" in text


def test_editor_shows_the_endpoint_french_refusal(browser, live_server):
    text = editor_error(browser, live_server, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert text.startswith("La requête n'a pas abouti")
    assert "Les requêtes fédérées (SERVICE) sont refusées : ce point d'accès n'ouvre aucune connexion sortante." in text
    # without a body (the endpoint unreachable), the status is said in French
    assert browser.evaluate("window.sensFrenchError(503, '')") == (
        "Délai de calcul dépassé ou serveur occupé : simplifiez la requête ou ajoutez une LIMIT.")


def test_results_table_speaks_french(browser, live_server):
    browser.navigate(live_server.url + "/?example=count-graphs&run=1")
    text = browser.wait_for("""(() => { const yasr = [...document.querySelectorAll('.yasr')]
        .find(y => y.offsetParent !== null && y.innerText.includes('graph/filler'));
        return yasr ? yasr.innerText : ''; })()""", timeout=30)
    assert "Lignes 1 à" in text or "lignes par page" in text, text[:500]
