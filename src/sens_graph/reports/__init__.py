"""Crosswalk reports for accreditation reviewers: HTML, XLSX, PDF and CSV from one model.

``generate_reports(settings, out_dir, formats)`` computes the report once from the query
library (:mod:`.model`, every figure from ``queries/``), draws the figures (:mod:`.figures`,
from :mod:`sens_graph.analytics`), and lays it out in each format. Files are written to a
staging folder next to ``out_dir`` and swapped in at the end, so a server reading
``dist/reports/`` never sees a half-written report. ``sens-graph build`` keeps ``dist/reports/``
(:data:`sens_graph.layout.KEPT_ACROSS_BUILDS`); each file carries the stamp of its build.

Output layout (``out_dir``, default ``dist/reports``)::

    index.html, <section>.html     HTML page set (CSS inlined), figures/ next to it
    sens-graph-rapport.pdf         PDF
    sens-graph-rapport.xlsx        workbook, one sheet per table
    csv/<table>.csv                one UTF-8 file per table, csv/csv-metadata.json
    report-info.json               dataset version, build date, source digest, files
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ReportError
from ..layout import REPORTS_DIR
from .assemble import build_report
from .model import Report

FORMATS = ("html", "xlsx", "pdf", "csv")
PDF_NAME = "sens-graph-rapport.pdf"
XLSX_NAME = "sens-graph-rapport.xlsx"
INFO_NAME = "report-info.json"

Progress = Callable[[str], None]


@dataclass
class ReportResult:
    out_dir: Path
    report: Report
    files: dict[str, list[Path]] = field(default_factory=dict)  # format → files (final paths)


def parse_formats(text: str | Iterable[str] | None) -> list[str]:
    """``"html,pdf"`` → ``["html", "pdf"]``; an unknown format is refused with the valid ones."""
    if text is None:
        return list(FORMATS)
    items = text.split(",") if isinstance(text, str) else list(text)
    formats: list[str] = []
    for item in items:
        name = item.strip().lower()
        if not name:
            continue
        if name not in FORMATS:
            raise ReportError(f"unknown report format {name!r}; valid formats: {', '.join(FORMATS)}")
        if name not in formats:
            formats.append(name)
    if not formats:
        raise ReportError(f"no report format given; valid formats: {', '.join(FORMATS)}")
    return formats


def generate_reports(settings: Settings, out_dir: Path | None = None, formats: Iterable[str] | None = None, *,
                     store: Any = None, build_info: dict | None = None,
                     progress: Progress | None = None) -> ReportResult:
    """Compute the report and write it in ``formats`` to ``out_dir`` (default ``dist/reports``).

    ``store`` is the graph to query (an Oxigraph store or rdflib dataset); by default the
    current build (``dist/sens-graph.nq``) is loaded, which the caller should have made fresh
    (the CLI rebuilds a missing or stale build). ``build_info`` defaults to the build's
    ``build-info.json``; without it the report says it was made from the sources.
    """
    from ..queries import QueryLibrary, load_graph_store
    from ..release_info import is_stale, read_build_info

    step = progress or (lambda _msg: None)
    chosen = parse_formats(list(formats) if formats is not None else None)
    out_dir = (out_dir or settings.dist_dir / REPORTS_DIR).resolve()
    _check_target(out_dir)
    built = None
    if build_info is None:
        built = not is_stale(settings)
        build_info = read_build_info(settings) if built else None
    if store is None:
        step("chargement du graphe")
        store = load_graph_store(settings)
    library = QueryLibrary.load(settings.queries_dir)
    report = build_report(store, library, settings, build_info, built=built, progress=step)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        files: dict[str, list[Path]] = {}
        if "html" in chosen or "pdf" in chosen:
            from .figures import write_figures

            step("figures")
            files["figures"] = write_figures(report, store, library, settings, staging)
        if "csv" in chosen:
            from .csv import write_csv

            step("CSV")
            files["csv"] = write_csv(report, staging / "csv")
        if "xlsx" in chosen:
            from .xlsx import write_xlsx

            step("XLSX")
            files["xlsx"] = [write_xlsx(report, staging / XLSX_NAME)]
        if "pdf" in chosen:
            from .pdf import write_pdf

            step("PDF (mise en page)")
            files["pdf"] = [write_pdf(report, staging / PDF_NAME)]
        if "html" in chosen:
            from .html import DOWNLOAD_LABELS, write_html

            step("HTML")
            downloads = [(f, href, DOWNLOAD_LABELS[f]) for f, href in
                         (("pdf", PDF_NAME), ("xlsx", XLSX_NAME), ("csv", "csv/csv-metadata.json")) if f in files]
            if "csv" in files:
                downloads[-1] = ("csv", "csv/", DOWNLOAD_LABELS["csv"])
                (staging / "csv" / "index.html").write_text(_csv_index(report), encoding="utf-8")
            files["html"] = write_html(report, staging, downloads)
        info = {
            "title": report.title,
            "dataset_version": report.dataset_version,
            "build_date": report.build_date,
            "built": report.built,
            "source_digest": report.source_digest,
            "base_iri": report.base_iri,
            "generated": report.generated,
            "formats": chosen,
            "tables": {t.id: {"title": t.title, "rows": len(t.rows), "query": t.query} for t in report.tables},
            "files": sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()),
        }
        (staging / INFO_NAME).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    final = {fmt: [out_dir / p.relative_to(staging) for p in paths] for fmt, paths in files.items()}
    return ReportResult(out_dir=out_dir, report=report, files=final)


def _check_target(out_dir: Path) -> None:
    """Refuse to replace a non-empty folder that is not a report folder."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / INFO_NAME).is_file())):
        raise ReportError(f"{out_dir} exists and is not a report folder (no {INFO_NAME}); "
                          "choose another --out or remove it")


def _swap_in(staging: Path, out_dir: Path) -> None:
    os.chmod(staging, 0o755)
    previous = None
    if out_dir.exists():
        previous = out_dir.with_name(f".{out_dir.name}-previous-{os.getpid()}")
        os.replace(out_dir, previous)
    os.replace(staging, out_dir)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def _csv_index(report: Report) -> str:
    """A small listing page of the CSV files (so the HTML's link to csv/ resolves anywhere)."""
    from .html import environment

    template = environment().from_string(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>CSV — {{ report.title }}</title>'
        "</head><body><h1>Tableaux CSV</h1><p>{{ report.stamp }}. Un fichier UTF-8 par tableau ; "
        'description : <a href="csv-metadata.json">csv-metadata.json</a> (CSV on the Web).</p><ul>'
        '{% for t in report.tables %}<li><a href="{{ t.id }}.csv">{{ t.id }}.csv</a> — {{ t.title }} '
        "({{ t.rows|length }} lignes)</li>{% endfor %}</ul>"
        '<p><a href="../index.html">Retour au rapport</a></p></body></html>')
    return template.render(report=report)


__all__ = ["FORMATS", "ReportError", "ReportResult", "generate_reports", "parse_formats"]
