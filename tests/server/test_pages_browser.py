"""The French pages in headless Chromium over the real build: each page kind renders in French,
its forms submit and answer (with the keyboard too), nothing is loaded from the web, and axe-core
(vendored under tests/server/vendor/axe-core, npm package axe-core 4.14.1, MPL-2.0) finds no
violation of impact serious or critical (WCAG 2.1 A/AA rules, as RGAA 4 asks).

Screenshots are written to ``$SENS_GRAPH_TEST_OUTPUT/pages`` (default ``var/test-output/pages``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .cdp import Browser, find_chromium
from .conftest import LiveServer, start_live_server
from .real_project import PROJECT_DIR, real_server_settings

pytestmark = pytest.mark.slow

CHROMIUM = find_chromium()
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
OUTPUT = Path(os.environ.get("SENS_GRAPH_TEST_OUTPUT", PROJECT_DIR / "var" / "test-output")) / "pages"
SOCLE = "/referentiel/socle-postbac/v1.1.2022"

PAGES = {
    "accueil": "/",
    "accueil-profession": "/?profession=infirmier",
    "referentiel": f"{SOCLE}.html",
    "competence": f"{SOCLE}/competence/1.1.html",
    "capacite": f"{SOCLE}/competence/1.3/capacite/8.html",
    "generique": "/mapping/du-cns-socle-postbac/19.html",
    "comparer": "/comparer?a=socle-postbac/v1.1.2022&b=ambulanciers/v1.1.2023",
    "question": "/queries/couverture-socle-par-du?run=1",
    "recherche": "/recherche?q=identitovigilance",
    "programme": "/du-cns.html",
    "programme-etu": "/programme/etu-e-sante.html",
}
"""Every page kind: name (of its screenshot) → path."""

AXE_RUN = """axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
             + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (scripts/test.sh installs it)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    b = Browser(CHROMIUM)
    yield b
    b.close()


@pytest.fixture(scope="module")
def real_live(real_settings) -> Iterator[LiveServer]:
    options = real_server_settings(real_settings, store_dir=real_settings.project_dir / "var" / "live-store")
    live, thread = start_live_server(real_settings, options)
    yield live
    live.server.should_exit = True
    thread.join(15)


def load(browser: Browser, url: str) -> None:
    browser.navigate(url)
    browser.wait_for(f"location.href.startsWith({url.split('?')[0]!r}) && document.readyState === 'complete' "
                     "&& document.querySelector('h1') !== null")


def axe_violations(browser: Browser) -> list[str]:
    if not browser.evaluate("typeof window.axe === 'object'"):
        browser.evaluate(AXE.read_text(encoding="utf-8"))
    return browser.evaluate(AXE_RUN)


def screenshot(browser: Browser, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    browser.screenshot(str(path))
    return path


def press(browser: Browser, key: str, code: int, text: str | None = None) -> None:
    """A key pressed on the keyboard (CDP Input events), as a keyboard-only user does."""
    down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "code": key, "windowsVirtualKeyCode": code}
    if text:
        down["text"] = text
    browser.call("Input.dispatchKeyEvent", **down)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code)


def external(requests: list[str], root: str) -> list[str]:
    return [u for u in requests if not u.startswith((root, "data:", "blob:", "about:"))]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_kind_renders_in_french_without_serious_axe_violations(browser, real_live, name):
    browser.requests.clear()
    load(browser, real_live.url + PAGES[name])
    assert browser.evaluate("document.documentElement.lang") == "fr"
    assert browser.evaluate("document.querySelector('h1').innerText.trim().length") > 0
    assert axe_violations(browser) == []
    path = screenshot(browser, name)
    assert path.stat().st_size > 10_000
    assert external(browser.requests, real_live.url) == []
    assert browser.console == []


def test_profession_form_submits_with_the_keyboard(browser, real_live):
    load(browser, real_live.url + "/")
    browser.evaluate("(() => { const s = document.getElementById('profession'); s.value = 'ambulancier'; "
                     "s.focus(); })()")
    press(browser, "Tab", 9)  # from the drop-down to its button
    assert browser.evaluate("document.activeElement.tagName") == "BUTTON"
    press(browser, "Enter", 13, "\r")
    text = browser.wait_for("location.search === '?profession=ambulancier' && document.readyState === 'complete' "
                            "&& document.querySelector('.answer') && document.querySelector('.answer').innerText")
    assert "Référentiel socle de compétences du numérique en santé des ambulanciers" in text
    assert "12 compétences, 45 capacités, 12 h" in text


def test_compare_form_submits(browser, real_live):
    load(browser, real_live.url + "/comparer")
    browser.evaluate("document.getElementById('a').value = 'socle-postbac/v1.1.2022';"
                     "document.getElementById('b').value = 'ambulanciers/v1.1.2023';"
                     "document.querySelector('form.question button[type=submit]').click()")
    text = browser.wait_for("document.readyState === 'complete' && document.querySelector('table.compare') "
                            "&& document.body.innerText")
    assert "Exploiter les données de santé pour l'évaluation, la recherche et l'innovation" in text
    assert browser.evaluate("document.querySelectorAll('span.tag.added').length") >= 5
    screenshot(browser, "comparer-formulaire")


def test_question_form_submits_and_links_its_answer(browser, real_live):
    """From the question to the socle capacities the DU does not cover, then to a capacity's counterparts."""
    load(browser, real_live.url + "/queries/couverture-socle-par-du")
    browser.evaluate("(() => { const s = document.getElementById('p-non_couverts'); if (s) { s.value = 'true'; } "
                     "document.querySelector('form.question button[type=submit]').click(); })()")
    browser.wait_for("document.readyState === 'complete' && document.querySelector('table.answer-table') !== null")
    assert browser.evaluate("document.querySelector('h2#h-reponse').innerText").startswith("Réponse :")
    assert axe_violations(browser) == []
    screenshot(browser, "question-reponse")
    link = browser.evaluate("(() => { const a = [...document.querySelectorAll('table.answer-table a')]"
                            ".find(a => a.getAttribute('href').includes('/capacite/')); "
                            "return a ? a.getAttribute('href') : null; })()")
    assert link, "a capacity of the socle in the answer"
    load(browser, real_live.url + link)
    assert browser.evaluate("document.querySelector('#h-equivalents') !== null")


def test_open_in_the_editor_carries_the_bound_query(browser, real_live):
    load(browser, real_live.url + "/queries/referentiel-d-une-profession?profession=Ambulancier&run=1")
    browser.evaluate("[...document.querySelectorAll('a')].find(a => a.innerText === \"Ouvrir dans l'éditeur\").click()")
    value = browser.wait_for("location.pathname === '/editeur' && typeof window.sensYasgui === 'object' "
                             "&& window.sensYasgui.getTab().getYasqe().getValue()", timeout=30)
    assert 'VALUES (?profession ?toutes_versions) { ("Ambulancier" false) }' in value


@pytest.mark.parametrize("name", ["accueil", "competence", "comparer", "question", "recherche"])
def test_page_kind_in_english_has_no_serious_axe_violations(browser, real_live, name):
    path = PAGES[name]
    load(browser, real_live.url + path + ("&" if "?" in path else "?") + "lang=en")
    assert browser.evaluate("document.documentElement.lang") == "en"
    assert browser.evaluate("document.querySelector('a.lang-switch').innerText") == "Français"
    assert axe_violations(browser) == []
    screenshot(browser, f"{name}-en")


def test_programme_page_in_english_has_no_serious_axe_violations(browser, real_live):
    load(browser, real_live.url + "/du-cns.html?lang=en")
    assert browser.evaluate("document.documentElement.lang") == "en"
    assert browser.evaluate("document.querySelector('h1').lang") == "fr"
    assert axe_violations(browser) == []
    screenshot(browser, "programme-en")


def test_editor_has_no_serious_axe_violations(browser, real_live):
    """The YASGUI editor (vendored) with our labels and wrapper: zero serious or critical violations."""
    browser.requests.clear()
    load(browser, real_live.url + "/editeur")
    browser.wait_for("typeof window.sensYasgui === 'object' && document.querySelector('.yasqe .CodeMirror') !== null")
    browser.evaluate("window.sensYasgui.getTab().getYasqe().query()")
    browser.wait_for("document.querySelector('.yasr .dataTable, .yasr table') !== null", timeout=30)
    assert browser.evaluate("document.documentElement.lang") == "fr"
    violations = axe_violations(browser)
    assert violations == [], "\n".join(violations)
    screenshot(browser, "editeur")
    assert external(browser.requests, real_live.url) == []



def click_link(browser: Browser, text: str, within: str = "main") -> str:
    """Click the first link of ``within`` whose text starts with ``text`` (as a reader does); its address."""
    found = browser.evaluate(f"""(() => {{
        const a = [...document.querySelectorAll({within + ' a'!r})].find(a => a.innerText.trim().startsWith({text!r}));
        if (!a) {{ return null; }}
        const href = a.getAttribute('href'); a.click(); return href; }})()""")
    assert found, f"a link starting with {text!r} in {within}"
    path = found.split("?")[0]  # an entity's address answers 303 to its page (<path>.html)
    browser.wait_for(f"(location.pathname === {path!r} || location.pathname === {path + '.html'!r}) "
                     "&& document.readyState === 'complete' && document.querySelector('h1') !== null")
    return found


def test_reviewer_finds_what_the_du_leaves_out_and_where_else_it_is_taught(browser, real_live):
    """Issue 14's "done when": from the home page, in French, by links and forms only (no SPARQL): what in
    the post-bac socle (V1.1.2022) the DU CNS does not cover, and which référentiel has the same capacity."""
    load(browser, real_live.url + "/")
    screenshot(browser, "parcours-1-accueil")

    # 1. the ready-made question, as a form: keep only the uncovered capacities
    click_link(browser, "Couverture du socle post-bac par le DU", "#h-questions + ul")
    browser.evaluate("(() => { document.getElementById('p-niveau').value = 'capacite'; "
                     "document.getElementById('p-non_couverts').value = 'true'; "
                     "document.querySelector('form.question button[type=submit]').click(); })()")
    heading = browser.wait_for("location.search.includes('non_couverts=true') && document.readyState === 'complete' "
                               "&& document.querySelector('h2#h-reponse') && "
                               "document.querySelector('h2#h-reponse').innerText")
    assert heading == "Réponse : 17 lignes"
    assert axe_violations(browser) == []
    screenshot(browser, "parcours-2-question-non-couvertes")

    # 2. the same answer on the DU's programme page: 63 of the socle's 80 capacities covered, 17 not
    load(browser, real_live.url + "/")
    click_link(browser, "Diplôme universitaire (DU) Compétences Numériques en Santé", "#h-programmes + ul")
    figures = browser.evaluate("document.querySelector('ul.figures').innerText")
    assert "15/15 compétences couvertes" in figures and "63/80 capacités couvertes" in figures
    assert browser.evaluate("document.querySelectorAll('ul.uncovered li').length") == 17
    assert browser.evaluate("document.querySelector('#h-non-couvertes').innerText") == "Capacités non couvertes (17)"
    screenshot(browser, "parcours-3-programme-du")

    # 3. one uncovered capacity, 2.1.2, and its page
    capacity = click_link(browser, "sécuriser le lieu d'accès physique", "ul.uncovered")
    assert capacity == "/referentiel/socle-postbac/v1.1.2022/competence/2.1/capacite/2"
    assert browser.evaluate("document.querySelector('h1').innerText").startswith("sécuriser le lieu d'accès physique")
    rows = browser.evaluate("[...document.querySelectorAll('#h-equivalents ~ div table tbody tr')]"
                            ".map(tr => tr.innerText)")
    ambulanciers = [r for r in rows if r.startswith("Référentiel socle de compétences du numérique en santé des "
                                                    "ambulanciers")]
    assert len(ambulanciers) == 1 and "sécuriser le lieu d'accès physique" in ambulanciers[0]
    assert axe_violations(browser) == []
    screenshot(browser, "parcours-4-capacite-non-couverte")

    # 4. its counterpart in the ambulanciers' référentiel, through the crosswalk shown on the page
    counterpart = click_link(browser, "sécuriser le lieu d'accès physique", "#h-equivalents ~ div table tbody")
    assert counterpart == "/referentiel/ambulanciers/v1.1.2023/competence/2.1/capacite/1"
    crumbs = browser.evaluate("document.querySelector('nav.crumbs').innerText")
    assert "Référentiel socle de compétences du numérique en santé des ambulanciers" in crumbs
    back = browser.evaluate("[...document.querySelectorAll('#h-equivalents ~ div table a')]"
                            ".map(a => a.getAttribute('href'))")
    assert capacity in back  # the crosswalk leads back to the socle's capacity
    assert axe_violations(browser) == []
    screenshot(browser, "parcours-5-equivalent-ambulanciers")
