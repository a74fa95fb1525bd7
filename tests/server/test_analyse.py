"""``/analyse``: a programme workbook in, its coverage report out (HTML or JSON), nothing stored."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from common import BASE, workbook_bytes
from fastapi.testclient import TestClient

from sens_graph.config import Settings
from sens_graph.programmes.reader import MAX_FILE_BYTES
from sens_graph.server import create_app, make_store

from .conftest import MiniProject, server_settings, write_dist

PROJECT_DIR = Path(__file__).resolve().parents[2]
ESSAI = PROJECT_DIR / "tests" / "programmes" / "fixtures" / "essai"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A mini dist/ for the store, the real frameworks and professions as the release's graph
    files (what the analysis reads), a copy of data/ (to prove nothing is written there) and queries/."""
    root = tmp_path_factory.mktemp("analyse")
    write_dist(root)
    shutil.copytree(PROJECT_DIR / "data", root / "data")
    shutil.copytree(PROJECT_DIR / "queries", root / "queries")
    graphs = root / "dist" / "graphs"
    shutil.copy(PROJECT_DIR / "data" / "professions.ttl", graphs / "professions.ttl")
    shutil.copytree(PROJECT_DIR / "data" / "referentiel", graphs / "referentiel", dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def client(project: Path) -> Iterator[TestClient]:
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), {})
    options = server_settings(mini, query_timeout=20.0)
    app = create_app(mini.settings, make_store(mini.settings, options), options)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def workbook(edit=None) -> bytes:
    """The example programme (``ESSAI``) as an uploaded workbook."""
    return workbook_bytes(ESSAI, edit)


def listing(project: Path) -> list[str]:
    return sorted(p.relative_to(project).as_posix() for p in (project / "data").rglob("*"))


def test_form_page(client):
    r = client.get("/analyse")
    assert r.status_code == 200 and 'enctype="multipart/form-data"' in r.text and 'name="fichier"' in r.text


def test_report_as_json_and_html_without_storing(client, project):
    before = listing(project)
    files = {"fichier": ("essai.xlsx", workbook(), XLSX)}
    r = client.post("/analyse", files=files, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["programme"] == "essai-modele" and report["referentiel"] == "socle-postbac/v1.1.2022"
    assert report["competences"]["covered"] == 3
    assert (report["capacites"]["covered"], report["capacites"]["partial"]) == (2, 1)
    assert report["heures"]["total"] == 6.5
    assert report["heures"]["par_domaine"] == {"1": 2, "2": 1, "4": 1.5}
    r = client.post("/analyse", files=files, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "3/15" in r.text and "2/80" in r.text
    assert listing(project) == before


def test_raw_body_upload(client):
    r = client.post("/analyse", content=workbook(), headers={"Content-Type": XLSX, "Accept": "application/json"})
    assert r.status_code == 200 and r.json()["capacites"]["covered"] == 2


def test_errors_are_located_as_in_the_cli(client):
    def bad(wb):
        wb["enseignements"]["E2"] = "=1+1"
        wb["couverture"]["B4"] = "4.4.9"

    r = client.post("/analyse", files={"fichier": ("bad.xlsx", workbook(bad), XLSX)},
                    headers={"Accept": "application/json"})
    assert r.status_code == 422
    problems = [(p["sheet"], p["row"], p["column"], p["value"]) for p in r.json()["problems"]]
    assert ("enseignements", 2, "heures", "=1+1") in problems and ("couverture", 4, "element", "4.4.9") in problems
    r = client.post("/analyse", files={"fichier": ("bad.xlsx", workbook(bad), XLSX)})
    assert r.status_code == 422 and "une valeur saisie, pas une formule" in r.text


def test_size_cap_and_zip_bomb(client):
    r = client.post("/analyse", content=b"\0" * (MAX_FILE_BYTES + 100 * 1024), headers={"Content-Type": XLSX})
    assert r.status_code == 413
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    r = client.post("/analyse", files={"fichier": ("bombe.xlsx", data.getvalue(), XLSX)},
                    headers={"Accept": "application/json"})
    assert r.status_code == 422 and "taux de compression" in r.json()["problems"][0]["expected"]


def test_template_download(client):
    r = client.get("/analyse/modele.xlsx")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert openpyxl.load_workbook(io.BytesIO(r.content)).sheetnames[:3] == ["programme", "enseignements", "couverture"]


def test_a_served_build_without_frameworks_answers_503_not_500(tmp_path):
    """Regression: the template and the analysis read data/ files of the project, so a server with
    dist/ alone (or a mini build) crashed with a FileNotFoundError (500). They read the served
    release, and say so when it holds no frameworks."""
    project = tmp_path / "bare"
    write_dist(project)
    (project / "queries").mkdir()
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), {})
    options = server_settings(mini)
    app = create_app(mini.settings, make_store(mini.settings, options), options)
    with TestClient(app, base_url="http://testserver") as bare:
        r = bare.get("/analyse/modele.xlsx")
        assert r.status_code == 503 and "no professions or frameworks" in r.text
