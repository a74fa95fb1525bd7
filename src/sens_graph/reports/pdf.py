"""The PDF (WeasyPrint): title page, table of contents with page numbers, numbered pages,
table headers repeated on every page, rows never split, wide tables on landscape pages.

The PDF's metadata (title, description = dataset version and build date, generator, modified
date) come from the ``<title>`` and ``<meta>`` elements of the print document.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .html import render_print_document
from .model import Report


def write_pdf(report: Report, path: Path) -> Path:
    """Lay the report out and write it to ``path``; figures are read from ``path``'s folder."""
    from weasyprint import HTML

    # The stylesheet is shared with the HTML pages (sticky headers, filters): WeasyPrint would
    # log each property it ignores; only its errors matter here.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    HTML(string=render_print_document(report), base_url=str(path.parent.resolve()) + "/").write_pdf(str(path))
    return path
