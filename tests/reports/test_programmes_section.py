"""The accreditation pack's programmes section: each programme's coverage and the comparison."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from sens_graph.reports import XLSX_NAME


def test_programmes_table_has_the_coverage_figures(generated):
    rows = {r["programme"]: r for r in generated.report.table("programmes").rows}
    assert set(rows) == {"du-cns", "etu-e-sante"}
    du, etu = rows["du-cns"], rows["etu-e-sante"]
    assert (du["competences_couvertes"], du["capacites_couvertes"], du["capacites_total"]) == (15, 63, 80)
    assert du["referentiel_fixe"] is True and du["nb_enseignements"] == 90
    assert (etu["competences_couvertes"], etu["capacites_couvertes"], etu["capacites_partielles"]) == (10, 17, 10)
    assert etu["professions"] == "Médecin" and etu["referentiel_fixe"] is False


def test_comparison_matrix_has_one_column_per_programme(generated):
    table = generated.report.table("comparaison-programmes")
    assert [c.title for c in table.columns][3:] == ["du-cns", "etu-e-sante"]
    by_code = {r["code"]: r for r in table.rows}
    assert len(by_code) == 95
    # 1.2.2 (« définir la donnée de santé au sens du RGPD … ») is covered by both programmes
    assert by_code["1.2.2"]["c1"] == "totale" and by_code["1.2.2"]["c2"] == "totale"
    # 1.4.3 (codifications): not covered by the DU, partly by the ETU (PMSI, T2A)
    assert by_code["1.4.3"]["c1"] == "non couverte" and by_code["1.4.3"]["c2"] == "partielle"


def test_section_is_in_every_format(generated):
    pages = [p.read_text(encoding="utf-8") for p in generated.files["html"] if p.suffix == ".html"]
    assert any("5. Programmes de formation et leur couverture" in page or
               "Programmes de formation et leur couverture" in page for page in pages)
    sheets = load_workbook(generated.out_dir / XLSX_NAME, read_only=True).sheetnames
    assert {"programmes", "comparaison-programmes", "couverture-programmes"} <= set(sheets)
    with (generated.out_dir / "csv" / "couverture-programmes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2 * 95
    assert generated.files["pdf"]
