"""The read-only CASE 1.0 API (/ims/case/v1p0): shapes from the CASE schemas, paging, errors."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from common import BASE
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator, FormatChecker

from sens_graph.config import Settings
from sens_graph.derive import add_derived_graphs
from sens_graph.exports import export_files
from sens_graph.memstore import to_oxigraph
from sens_graph.server import create_app, make_store
from sens_graph.sources import load_dataset

from .conftest import MiniProject, server_settings, write_dist

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((PROJECT_DIR / "tests/exports/reference/case-v1p0.derived.schema.json").read_text())
API = "/ims/case/v1p0"
SOCLE = BASE + "referentiel/socle-postbac/v1.1.2022"


def uuid_of(iri: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def assert_valid(body: dict, definition: str) -> None:
    validator = Draft7Validator({**SCHEMA, "$ref": f"#/definitions/{definition}"}, format_checker=FormatChecker())
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(body)] == []


@pytest.fixture(scope="module")
def case_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over a small dist/ plus the real CASE packages of the nine framework versions."""
    project = tmp_path_factory.mktemp("case-project")
    write_dist(project)
    (project / "dist" / "case" / "demo-v1.json").unlink()  # only the nine real packages
    real = Settings(project_dir=PROJECT_DIR)
    ds = load_dataset(real)
    add_derived_graphs(ds, real)
    files = export_files(to_oxigraph(ds), real.queries_dir / "exports", base_iri=BASE,
                         build_date="2026-11-30T10:00:00Z", version="0.1.0")
    for rel, text in files.items():
        if rel.startswith("case/"):
            (project / "dist" / rel).parent.mkdir(parents=True, exist_ok=True)
            (project / "dist" / rel).write_text(text, encoding="utf-8")
    settings = Settings(project_dir=project, base_iri=BASE)
    options = server_settings(MiniProject(settings, {}))
    app = create_app(settings, make_store(settings, options), options)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def test_all_documents_with_paging_and_sorting(case_client):
    r = case_client.get(f"{API}/CFDocuments")
    assert r.status_code == 200 and r.headers["x-total-count"] == "9"
    documents = r.json()["CFDocuments"]
    assert len(documents) == 9
    for document in documents:
        assert_valid(document, "CFDocument")
        assert document["CFPackageURI"]["uri"] == f"{BASE}ims/case/v1p0/CFPackages/{document['identifier']}"
    assert_valid(r.json(), "CFDocumentSet")
    page = case_client.get(f"{API}/CFDocuments", params={"limit": 2, "offset": 8}).json()["CFDocuments"]
    assert len(page) == 1
    versions = [d.get("version") for d in case_client.get(
        f"{API}/CFDocuments", params={"sort": "version", "orderBy": "desc"}).json()["CFDocuments"]]
    assert versions == sorted(versions, reverse=True)


@pytest.mark.parametrize(("params", "minor", "major"), [
    ({"limit": 0}, "invalid_selection_field", "failure"),
    ({"offset": "-1"}, "invalid_selection_field", "failure"),
    ({"sort": "colour"}, "invalid_sort_field", "failure"),
    ({"filter": "title='x'"}, "invalid_selection_field", "unsupported"),
])
def test_bad_parameters_answer_400_with_status_info(case_client, params, minor, major):
    r = case_client.get(f"{API}/CFDocuments", params=params)
    assert r.status_code == 400
    body = r.json()
    assert body["imsx_codeMajor"] == major and body["imsx_severity"] == "error"
    assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == minor


def test_package_document_item_and_association(case_client):
    doc_id = uuid_of(SOCLE)
    package = case_client.get(f"{API}/CFPackages/{doc_id}").json()
    assert_valid(package, "CFPackage")
    assert len(package["CFItems"]) == 100
    document = case_client.get(f"{API}/CFDocuments/{doc_id}").json()
    assert_valid(document, "CFDocument")
    assert document["title"].startswith("Référentiel socle et transversal")
    item = case_client.get(f"{API}/CFItems/{uuid_of(SOCLE + '/competence/1.1')}").json()
    assert_valid(item, "CFItem")
    assert item["fullStatement"] == "Identifier un usager ou un professionnel de santé"
    assert item["CFDocumentURI"] == {"title": package["CFDocument"]["title"], "identifier": doc_id, "uri": SOCLE}
    exact = next(a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf")
    association = case_client.get(f"{API}/CFAssociations/{exact['identifier']}").json()
    assert_valid(association, "CFAssociation")
    assert association["originNodeURI"] == exact["originNodeURI"]


def test_unknown_and_invalid_identifiers_answer_404(case_client):
    unknown = case_client.get(f"{API}/CFItems/{uuid_of(BASE + 'nothing')}")
    assert unknown.status_code == 404
    minor = unknown.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
    assert minor == "unknownobject"
    invalid = case_client.get(f"{API}/CFPackages/not-a-uuid")
    assert invalid.status_code == 404
    assert invalid.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "invaliduuid"


def test_downloads_page_lists_the_case_packages_as_exports(case_client):
    listing = case_client.get("/downloads", headers={"Accept": "application/json"}).json()
    files = {f["path"]: f for f in listing["files"]}
    assert files["case/socle-postbac-v1.1.2022.json"]["group"] == "exports"
    assert case_client.get("/download/case/du-cns-referentiel.json").json()["CFDocument"]["uri"] == (
        BASE + "du-cns/referentiel")
