"""The XLSX and CSV hold exactly the values of the library queries (run again here, independently)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from sens_graph.reports import XLSX_NAME
from sens_graph.reports.content import SECTIONS
from sens_graph.reports.csv import DATE_COLUMN, VERSION_COLUMN, csv_value
from sens_graph.reports.spec import PivotSpec, TableSpec
from sens_graph.reports.xlsx import SUMMARY_SHEET, excel_value, sheet_name

from .conftest import BUILD_INFO

ALL_SPECS = [spec for section in SECTIONS for spec in section.tables]
SPECS = [spec for spec in ALL_SPECS if isinstance(spec, TableSpec)]
PIVOTS = [spec for spec in ALL_SPECS if isinstance(spec, PivotSpec)]


def expected_rows(spec: TableSpec, library, store) -> list[dict]:
    """The spec's query run again: rows concatenated over its parameter sets, its row filter applied."""
    param_sets = [spec.params] if isinstance(spec.params, Mapping) else list(spec.params)
    rows: list[dict] = []
    for params in param_sets:
        rows += library.run(store, spec.query, dict(params)).records()
    return [r for r in rows if spec.keep is None or spec.keep(r)]


def test_every_table_has_a_query_of_the_library(report_library):
    names = set(report_library.names())
    for spec in ALL_SPECS:
        assert spec.query in names, spec.id


def test_table_ids_are_unique_sheet_names():
    ids = [spec.id for spec in ALL_SPECS]
    assert len(ids) == len(set(ids))
    assert all(len(i) <= 31 and i == i.lower() for i in ids)


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_csv_equals_query_results(spec, generated, report_library, report_store):
    expected = expected_rows(spec, report_library, report_store)
    path = generated.out_dir / "csv" / f"{spec.id}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    columns = generated.report.table(spec.id).columns  # links the query cannot give yet are dropped
    assert [c.key for c in columns] == [c.key for c in spec.columns]
    links = [c for c in columns if c.link]
    assert header == ([c.title for c in spec.columns] + [f"IRI {c.title}" for c in links]
                      + [VERSION_COLUMN, DATE_COLUMN])
    assert len(body) == len(expected)
    for got, want in zip(body, expected, strict=True):
        assert got[:len(spec.columns)] == [csv_value(want[c.key]) for c in spec.columns]
        assert got[len(spec.columns):-2] == [csv_value(want[c.link]) for c in links]
        assert got[-2:] == [BUILD_INFO["version"], BUILD_INFO["build_date"]]


@pytest.fixture(scope="module")
def workbook(generated):
    return load_workbook(generated.out_dir / XLSX_NAME)


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_xlsx_equals_query_results(spec, workbook, generated, report_library, report_store):
    expected = expected_rows(spec, report_library, report_store)
    columns = generated.report.table(spec.id).columns
    ws = workbook[sheet_name(spec)]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [c.title for c in spec.columns]
    assert len(rows) - 1 == len(expected)
    for i, want in enumerate(expected, start=2):
        for j, column in enumerate(columns, start=1):
            cell = ws.cell(row=i, column=j)
            value = excel_value(want[column.key])
            if isinstance(value, float):
                assert cell.value == pytest.approx(value), (spec.id, i, column.key)
            elif isinstance(value, date) and not isinstance(value, datetime):
                assert cell.value.date() == value, (spec.id, i, column.key)
            else:
                assert cell.value == value, (spec.id, i, column.key)
            if column.link and want[column.key] is not None and want[column.link]:
                assert cell.hyperlink is not None and cell.hyperlink.target == want[column.link]


def test_xlsx_sheets_have_frozen_header_filter_and_widths(workbook, generated):
    report = generated.report
    assert workbook.sheetnames == [SUMMARY_SHEET] + [sheet_name(t) for t in report.tables]
    for table in report.tables:
        ws = workbook[sheet_name(table)]
        assert ws.freeze_panes == "A2", table.id
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), table.id
        assert ws.auto_filter.ref.endswith(str(max(1, len(table.rows) + 1)))
        for k in range(1, len(table.columns) + 1):
            letter = ws.cell(row=1, column=k).column_letter
            assert ws.column_dimensions[letter].width >= 7, (table.id, letter)
        assert BUILD_INFO["build_date"] in ws.oddFooter.left.text


def test_xlsx_states_version_and_build_date(workbook):
    ws = workbook[SUMMARY_SHEET]
    cells = {row[0]: row[1] for row in ws.iter_rows(min_row=4, max_row=8, values_only=True)}
    assert cells["Version du jeu de données"] == BUILD_INFO["version"]
    assert cells["Date de construction"] == BUILD_INFO["build_date"]
    # every table has a link from the summary sheet
    targets = {c.hyperlink.location or c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink}
    for name in workbook.sheetnames[1:]:
        assert f"'{name}'!A1" in {t.lstrip("#") for t in targets if t}


def test_csv_metadata_lists_every_table(generated):
    meta = json.loads((generated.out_dir / "csv" / "csv-metadata.json").read_text(encoding="utf-8"))
    assert meta["schema:version"] == BUILD_INFO["version"]
    assert meta["dc:modified"] == BUILD_INFO["build_date"]
    assert [t["url"] for t in meta["tables"]] == [f"{t.id}.csv" for t in generated.report.tables]
    for t in meta["tables"]:
        assert (generated.out_dir / "csv" / t["url"]).is_file()
        assert t["prov:wasGeneratedBy"]["query"]


def test_report_info(generated):
    info = json.loads((generated.out_dir / "report-info.json").read_text(encoding="utf-8"))
    assert info["dataset_version"] == BUILD_INFO["version"]
    assert info["build_date"] == BUILD_INFO["build_date"]
    for rel in info["files"]:
        assert (generated.out_dir / rel).is_file(), rel


def read_csv(path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("spec", PIVOTS, ids=[s.id for s in PIVOTS])
def test_matrix_cells_come_from_the_query(spec, generated, report_library, report_store, workbook):
    """Every cell of a matrix (CSV and XLSX) combines exactly the query rows of its row and column."""
    records = report_library.run(report_store, spec.query, dict(spec.params)).records()
    rows = read_csv(generated.out_dir / "csv" / f"{spec.id}.csv")
    header, body = rows[0], rows[1:]
    n = len(spec.row_columns)
    titles = header[n:-2]
    by_title = {}
    for record in records:
        column = record[spec.column_key]
        by_title.setdefault(spec.column_title(str(column)), {}).setdefault(spec.row_key(record), []).append(
            record[spec.value_key])
    assert set(titles) == set(by_title)
    keys = {spec.row_key(r) for r in records}
    assert len(body) == len(keys)
    ws = workbook[sheet_name(spec)]
    for i, line in enumerate(body, start=2):
        key = tuple(None if v == "" else v for v in line[:n])
        assert key in {tuple(None if k is None else str(k) for k in kk) for kk in keys}
        original = next(k for k in keys if tuple(None if x is None else str(x) for x in k) == key)
        for j, title in enumerate(titles):
            values = by_title[title].get(original)
            want = spec.combine(values) if values else spec.missing
            assert line[n + j] == csv_value(want), (spec.id, key, title)
            assert ws.cell(row=i, column=n + j + 1).value == excel_value(want)


def test_links_are_dropped_only_when_the_query_lacks_the_iri_column(generated, report_library):
    for spec in SPECS:
        table = generated.report.table(spec.id)
        for declared, used in zip(spec.columns, table.columns, strict=True):
            if declared.link and not used.link:
                assert declared.link_optional, (spec.id, declared.key)
                assert declared.link not in report_library.get(spec.query).returns, (spec.id, declared.link)


def test_xlsx_coverage_sheet_links_socle_items_and_du_elements(workbook):
    """couverture-socle-par-du returns element_iri and du_iri: the coverage sheet links both columns."""
    ws = workbook["couverture-socle-detail"]
    titles = [c.value for c in ws[1]]
    socle_col = titles.index("Compétence ou capacité du socle post-bac") + 1
    du_col = titles.index("Module ou enseignement du DU") + 1
    socle = "https://w3id.org/sens-graph/referentiel/socle-postbac/v1.1.2022/"
    targets = [ws.cell(row=i, column=socle_col).hyperlink for i in range(2, ws.max_row + 1)]
    assert all(t is not None and t.target.startswith(socle) for t in targets)
    assert f"{socle}competence/1.1" in {t.target for t in targets}
    du_links = [ws.cell(row=i, column=du_col).hyperlink for i in range(2, ws.max_row + 1)
                if ws.cell(row=i, column=du_col).value]
    assert du_links and all(t is not None and t.target.startswith("https://w3id.org/sens-graph/du-cns/")
                            for t in du_links)
