"""The workbook (openpyxl): a summary sheet, then one sheet per table.

Each table sheet: the header in row 1 (frozen, with an autofilter over the whole table),
column widths from the content, long texts wrapped, numbers as numbers, entity labels as
hyperlinks to the entities' IRIs, row and cell statuses as fill colours. The dataset version
and build date are on the summary sheet, in every sheet's printed header and footer, and in
the workbook properties. The sheet of a table is named after its id (cut to 31 characters).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..values import excel_value
from .model import STATUS_LABELS, Report, Table

FILLS = {
    "gap": "FDE2E1", "partial": "FFF1CC", "ok": "E3F4E6", "stated": "DFF0E3", "curated": "E6EEFB",
    "reconstructed": "FFF1D6", "adapted": "FFF6C7", "added": "E5E8FB", "mismatch": "FBD3D0", "info": "EEF1F5",
}
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LINK_FONT = Font(color="1A55A3", underline="single")
MAX_WIDTH = 70
SUMMARY_SHEET = "Sommaire"


def sheet_name(table: Table) -> str:
    return table.id[:31]




def _safe(value: Any) -> Any:
    """Drop the control characters a worksheet cannot hold."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _width(values: list[Any], title: str, hint: int | None) -> float:
    if hint:
        return max(8, hint)  # room for the filter button
    longest = max([len(title)] + [len(str(v)) for v in values if v is not None])
    return max(8, min(MAX_WIDTH, longest + 2))


def write_table_sheet(ws: Worksheet, table: Table, report: Report) -> None:
    columns = table.columns
    ws.append([c.title for c in columns])
    for cell in ws[1]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, row in enumerate(table.rows, start=2):
        status = table.statuses[i - 2] if table.statuses else None
        for j, column in enumerate(columns, start=1):
            value = row.get(column.key)
            cell = ws.cell(row=i, column=j, value=_safe(excel_value(value)))
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            href = table.link_of(row, column)
            if href and value is not None:
                cell.hyperlink = href
                cell.font = LINK_FONT
            if column.kind == "percent" and value is not None:
                cell.number_format = '0.0" %"'
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, Decimal):
                cell.number_format = "0.0##" if value != value.to_integral_value() else "0"
            fill = table.cell_status(row, column) or status
            if fill:
                cell.fill = PatternFill("solid", fgColor=FILLS[fill])
            if isinstance(value, str) and len(value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
    for j, column in enumerate(columns, start=1):
        values = [r.get(column.key) for r in table.rows]
        ws.column_dimensions[get_column_letter(j)].width = _width(values, column.title, column.width)
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    ws.oddHeader.left.text = table.title[:200]
    ws.oddFooter.left.text = report.stamp
    ws.oddFooter.right.text = "Page &P / &N"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_summary(ws: Worksheet, report: Report) -> None:
    ws.title = SUMMARY_SHEET
    ws["A1"] = report.title
    ws["A1"].font = Font(bold=True, size=14, color="1F3A5F")
    ws["A2"] = report.subtitle
    rows = [
        ("Version du jeu de données", report.dataset_version),
        ("Date de construction", report.build_date if report.built
         else f"graphe non construit (sources lues le {report.build_date})"),
        ("Empreinte des sources", report.source_digest),
        ("IRI de base", report.base_iri),
        ("Rapport généré le", report.generated),
    ]
    for k, (label, value) in enumerate(rows, start=4):
        ws.cell(row=k, column=1, value=label).font = Font(bold=True)
        ws.cell(row=k, column=2, value=value)
    r = 4 + len(rows) + 1
    for j, title in enumerate(("Feuille", "Section", "Tableau", "Lignes", "Requête", "Description"), start=1):
        cell = ws.cell(row=r, column=j, value=title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for section in report.sections:
        for table in section.tables:
            r += 1
            name = sheet_name(table)
            link = ws.cell(row=r, column=1, value=name)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1")
            link.font = LINK_FONT
            ws.cell(row=r, column=2, value=f"{section.number}. {section.title}")
            ws.cell(row=r, column=3, value=table.title)
            ws.cell(row=r, column=4, value=len(table.rows))
            ws.cell(row=r, column=5, value=table.query)
            ws.cell(row=r, column=6, value=table.description).alignment = Alignment(wrap_text=True, vertical="top")
    r += 2
    ws.cell(row=r, column=1, value="Légende des couleurs").font = Font(bold=True)
    for status, label in STATUS_LABELS.items():
        r += 1
        ws.cell(row=r, column=1, value=label).fill = PatternFill("solid", fgColor=FILLS[status])
    for col, width in zip("ABCDEF", (34, 40, 60, 8, 34, 90), strict=True):
        ws.column_dimensions[col].width = width
    ws.oddFooter.left.text = report.stamp


def write_xlsx(report: Report, path: Path) -> Path:
    wb = Workbook()
    write_summary(wb.active, report)
    for table in report.tables:
        write_table_sheet(wb.create_sheet(sheet_name(table)), table, report)
    wb.properties.title = report.title
    wb.properties.subject = report.stamp
    wb.properties.creator = "sens-graph"
    wb.properties.version = report.dataset_version
    wb.properties.keywords = f"sens-graph {report.dataset_version}; build {report.build_date}"
    created = _parse_date(report.build_date)
    if created is not None:
        wb.properties.created = created
        wb.properties.modified = created
    wb.save(path)
    return path


def _parse_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None
