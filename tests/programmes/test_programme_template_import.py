"""A workbook made from the template and filled as a user would imports, and its coverage is right."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from sens_graph.cli import app
from sens_graph.programmes.schema import COLUMNS, PROGRAMME_FIELDS, SHEETS
from sens_graph.programmes.template import build_template

runner = CliRunner()


@pytest.fixture(scope="module")
def project(settings, tmp_path_factory) -> Path:
    """A scratch project: a copy of data/ (imports write there), the real ontology, shapes and queries."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(settings.data_dir, root / "data")
    for name in ("ontology", "shapes", "queries"):
        os.symlink(settings.project_dir / name, root / name)
    return root


def test_template_sheets_lists_and_help(catalogue):
    wb = build_template(catalogue, "socle-postbac/v1.1.2022")
    assert wb.sheetnames == [*SHEETS, "listes", "aide"]
    assert [c.value for c in wb["enseignements"][1]] == list(COLUMNS["enseignements"])
    assert [c.value for c in wb["couverture"][1]] == list(COLUMNS["couverture"])
    assert [r[0].value for r in wb["programme"].iter_rows(min_row=2)] == list(PROGRAMME_FIELDS)
    choices = [r[0].value for r in wb["listes"].iter_rows(min_row=2) if r[0].value]
    assert len(choices) == 15 + 80
    assert "1.2.3 — comprendre le cycle de vie de la donnée de santé numérique" in choices
    validations = {str(dv.sqref): dv.formula1 for dv in wb["couverture"].data_validations.dataValidation}
    assert validations["B2:B1001"] == "=listes!$A$2:$A$96"
    modality = {str(dv.sqref): dv.formula1 for dv in wb["enseignements"].data_validations.dataValidation}["F2:F1001"]
    listed = [r[6].value for r in wb["listes"].iter_rows(min_row=2) if r[6].value]
    assert modality == f"=listes!$G$2:$G${len(listed) + 1}" and listed == ["présentiel", "distanciel", "hybride"]
    assert "Médecin" in [r[4].value for r in wb["listes"].iter_rows(min_row=2)]
    explained = {(r[0].value, r[1].value) for r in wb["aide"].iter_rows(min_row=5)}
    expected = {("programme", f) for f in PROGRAMME_FIELDS} | {
        (s, c) for s in ("enseignements", "couverture") for c in COLUMNS[s]}
    assert expected <= explained


def test_unknown_referentiel_is_refused(settings, tmp_path):
    result = runner.invoke(app, ["template", "--referentiel", "socle/v0", "--out", str(tmp_path / "t.xlsx"),
                                 "--project-dir", str(settings.project_dir)])
    assert result.exit_code == 1 and "socle-postbac/v1.1.2022" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def fill_like_a_user(path: Path) -> None:
    """Fill the template's sheets, picking codes and professions from the drop-down lists."""
    wb = openpyxl.load_workbook(path)
    choices = {r[1].value: r[0].value for r in wb["listes"].iter_rows(min_row=2) if r[1].value}
    prog = wb["programme"]
    values = {"identifiant": "ifsi-essai-2025", "titre": "Formation d'essai aux compétences numériques",
              "etablissement": "Institut de formation d'essai", "professions": "Infirmier",
              "referentiel": None}
    for row in prog.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    courses = wb["enseignements"]
    courses.append(["UE1-EC1", "Données de santé et RGPD", "UE 1", "S1", 4, "présentiel", "S1", "Jeanne Roux"])
    courses.append(["UE1-EC2", "Identitovigilance", "UE 1", "S1", 2.5, "distanciel", 1, None])
    courses.append(["UE2-EC1", "Télésanté", "UE 2", "S2", 3, "hybride", 2, "Jeanne Roux; Marc Petit"])
    cov = wb["couverture"]
    cov.append(["UE1-EC1", choices["1.2.2"], None, 1, "Définition de la donnée de santé", "Jeanne Roux", None, 1])
    cov.append(["UE1-EC1", choices["1.2.1"], "partielle", 1.5, "RGPD sans la LIL", "Jeanne Roux", None, 0.8])
    cov.append(["UE1-EC2", choices["1.1.1"], "totale", 2, "INS", "Jeanne Roux", None, None])
    cov.append(["UE2-EC1", choices["5.1"], "partielle", None, "Compétence seulement", "Jeanne Roux", None, None])
    wb.save(path)


def test_a_filled_template_imports_and_its_coverage_is_right(project, tmp_path):
    book = tmp_path / "programme.xlsx"
    result = runner.invoke(app, ["template", "--out", str(book), "--project-dir", str(project)])
    assert result.exit_code == 0, result.output
    fill_like_a_user(book)
    result = runner.invoke(app, ["import", str(book), "--project-dir", str(project)])
    assert result.exit_code == 0, result.output
    stored = project / "data" / "programmes" / "ifsi-essai-2025"
    assert sorted(p.name for p in stored.iterdir()) == ["couverture.csv", "enseignements.csv", "programme.csv"]
    result = runner.invoke(app, ["coverage", "ifsi-essai-2025", "--format", "json", "--project-dir", str(project)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["referentiel"] == "socle-postbac/v1.1.2022"  # Infirmier → post-bac family → V1.1.2022
    assert report["competences"]["covered"] == 3 and len(report["competences"]["uncovered"]) == 12
    capacities = report["capacites"]
    assert (capacities["covered"], capacities["partial"], capacities["total"]) == (3, 1, 80)
    assert "5.1.1" in capacities["uncovered"]  # a competence-level row covers no capacity
    assert report["heures"]["total"] == 9.5
    assert report["heures"]["par_domaine"] == {"1": 4.5}

    # the same identifier again is refused (and changes nothing) unless --replace
    before = {p: p.read_bytes() for p in stored.iterdir()}
    result = runner.invoke(app, ["import", str(book), "--project-dir", str(project)])
    assert result.exit_code == 1 and "ifsi-essai-2025" in result.output
    assert {p: p.read_bytes() for p in stored.iterdir()} == before
    result = runner.invoke(app, ["import", str(book), "--replace", "--project-dir", str(project)])
    assert result.exit_code == 0, result.output


def test_a_rejected_file_changes_nothing(project, tmp_path):
    book = tmp_path / "bad.xlsx"
    runner.invoke(app, ["template", "--out", str(book), "--project-dir", str(project)])
    wb = openpyxl.load_workbook(book)
    for row in wb["programme"].iter_rows(min_row=2):
        if row[0].value == "identifiant":
            row[1].value = "rejet-essai"
        elif row[0].value in ("titre", "etablissement"):
            row[1].value = "Essai"
    wb["enseignements"].append(["A", "Cours", None, None, -2, None, None, None])
    wb["couverture"].append(["B", "7.7", None, None, None, None, None, None])
    wb.save(book)
    listing = sorted(p.relative_to(project).as_posix() for p in (project / "data").rglob("*"))
    result = runner.invoke(app, ["import", str(book), "--project-dir", str(project)])
    assert result.exit_code == 1
    assert "feuille « enseignements », ligne 2, colonne « heures » : valeur « -2 »" in result.output
    assert "feuille « couverture », ligne 2, colonne « enseignement » : valeur « B »" in result.output
    assert "feuille « couverture », ligne 2, colonne « element » : valeur « 7.7 »" in result.output
    assert sorted(p.relative_to(project).as_posix() for p in (project / "data").rglob("*")) == listing


def test_the_build_checks_stored_programmes_like_the_import(settings, tmp_path):
    from sens_graph.config import Settings
    from sens_graph.errors import ProgrammeFileError
    from sens_graph.sources import load_dataset

    shutil.copytree(settings.data_dir, tmp_path / "data")
    os.symlink(settings.project_dir / "ontology", tmp_path / "ontology")
    table = tmp_path / "data" / "programmes" / "etu-e-sante" / "couverture.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("sn-10,4.3.4,", "sn-10,4.3.9,"), encoding="utf-8")
    with pytest.raises(ProgrammeFileError) as info:
        load_dataset(Settings(project_dir=tmp_path))
    assert str(info.value).startswith("data/programmes/etu-e-sante: 1 problème(s)")
    assert "feuille « couverture », ligne 15, colonne « element » : valeur « 4.3.9 »" in str(info.value)


def test_coverage_rows_as_sssom_tsv_read_back_as_the_same_mappings(catalogue, tmp_path):
    from rdflib import RDF
    from rdflib.namespace import OWL

    from sens_graph.programmes.reader import read_programme
    from sens_graph.programmes.to_rdf import programme_to_rdf
    from sens_graph.programmes.to_sssom import programme_sssom_tsv
    from sens_graph.sssom import mapping_set_to_rdf, read_sssom_tsv

    folder = Path(__file__).parent / "fixtures" / "essai"
    source = read_programme(folder, catalogue)
    path = tmp_path / "programme-essai-modele.sssom.tsv"
    path.write_text(programme_sssom_tsv(source), encoding="utf-8")
    from_tsv = mapping_set_to_rdf(read_sssom_tsv(path), "programme-essai-modele")
    from_rdf = programme_to_rdf(source)

    def mappings(g):
        return {(g.value(a, OWL.annotatedSource), g.value(a, OWL.annotatedProperty), g.value(a, OWL.annotatedTarget), a)
                for a in g.subjects(RDF.type, OWL.Axiom)}

    assert mappings(from_tsv) == mappings(from_rdf) and len(mappings(from_rdf)) == 3
