"""The HTML page set: ``index.html`` and one page per section, CSS inlined, figures next to it.

No external asset: the stylesheet and the small row-filter script are inlined in every page,
figures are files of the output folder (``figures/``). Links between pages and to the tables
(anchors) are relative; entity labels link to the entities' IRIs (linked data).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .model import STATUS_LABELS, Report, Table, format_value

DOWNLOAD_LABELS = {
    "pdf": "le document PDF",
    "xlsx": "le classeur XLSX",
    "csv": "les fichiers CSV",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sens_graph.reports", "templates"),
        autoescape=select_autoescape(["html", "j2", "html.j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(fmt=format_value, status_labels=STATUS_LABELS, table_statuses=table_statuses)
    return env


def table_statuses(table: Table) -> list[str]:
    """The statuses present in a table (rows and cells), in the legend's order."""
    present = {s for s in table.statuses if s}
    for column in table.columns:
        if column.statuses:
            values = {str(r.get(column.key)) for r in table.rows}
            present |= {st for v, st in column.statuses.items() if v in values}
    return [s for s in STATUS_LABELS if s in present]


def all_statuses(report: Report) -> list[str]:
    present = {s for t in report.tables for s in table_statuses(t)}
    return [s for s in STATUS_LABELS if s in present]


def write_html(report: Report, out_dir: Path, downloads: list[tuple[str, str, str]] | None = None) -> list[Path]:
    """Write ``index.html`` and ``<section>.html``; ``downloads`` = (format, href, label) links."""
    env = environment()
    template = env.get_template("page.html.j2")
    common = {"report": report, "all_statuses": all_statuses(report), "downloads": downloads or [],
              "base": report.base_iri}
    written: list[Path] = []
    index = out_dir / "index.html"
    index.write_text(template.render(page_title="Sommaire", current="index", section=None, **common),
                     encoding="utf-8")
    written.append(index)
    for section in report.sections:
        path = out_dir / f"{section.id}.html"
        path.write_text(template.render(page_title=section.title, current=section.id, section=section, **common),
                        encoding="utf-8")
        written.append(path)
    return written


def render_print_document(report: Report) -> str:
    """The single HTML document WeasyPrint lays out as the PDF."""
    return environment().get_template("print.html.j2").render(report=report, all_statuses=all_statuses(report),
                                                                    base=report.base_iri)
