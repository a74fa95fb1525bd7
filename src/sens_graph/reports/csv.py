"""CSV: one UTF-8 file per table (``csv/<table>.csv``), plus ``csv/csv-metadata.json``.

Columns: the table's shown columns under their French titles, then one ``IRI …`` column per
linked column, then ``version_jeu_de_donnees`` and ``date_de_construction`` (so every file
states the dataset version and build date). Values are the query's values: decimals with a
point, booleans as ``true``/``false``, empty cells for unbound values. The metadata file
(CSV on the Web) gives each file's title, description, notes, query and column names.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..values import machine_text as csv_value
from .model import Report, Table

VERSION_COLUMN = "version_jeu_de_donnees"
DATE_COLUMN = "date_de_construction"




def columns(table: Table) -> list[tuple[str, str]]:
    """(machine name, title) of every CSV column: the query's column names, the French titles."""
    return ([(c.key, c.title) for c in table.columns]
            + [(key, f"IRI {c.title}") for c, key in table.link_columns]
            + [(VERSION_COLUMN, VERSION_COLUMN), (DATE_COLUMN, DATE_COLUMN)])


def header(table: Table) -> list[str]:
    return [title for _, title in columns(table)]


def write_table(table: Table, path: Path, report: Report) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header(table))
        for row in table.rows:
            writer.writerow([csv_value(v) for v in table.values(row)]
                            + [csv_value(row.get(key)) for _, key in table.link_columns]
                            + [report.dataset_version, report.build_date])
    return path


def write_csv(report: Report, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [write_table(t, out_dir / f"{t.id}.csv", report) for t in report.tables]
    metadata = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "fr"}],
        "dc:title": report.title,
        "dc:description": report.stamp,
        "dc:modified": report.build_date,
        "schema:version": report.dataset_version,
        "tables": [
            {
                "url": f"{t.id}.csv",
                "dc:title": t.title,
                "dc:description": t.description,
                "rdfs:comment": t.notes,
                "prov:wasGeneratedBy": {"query": t.query,
                                        "params": [{k: csv_value(v) for k, v in p.items()} for p in t.params]},
                "tableSchema": {"columns": [{"name": name, "titles": title} for name, title in columns(t)]},
            }
            for t in report.tables
        ],
    }
    meta_path = out_dir / "csv-metadata.json"
    meta_path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*written, meta_path]
