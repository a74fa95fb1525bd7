"""Any institution's programme (issue 12): template, import, RDF, coverage.

One module per concern: :mod:`.schema` (the template's contract), :mod:`.catalogue` (what a file is
checked against), :mod:`.reader` (XLSX / CSV reading and checking), :mod:`.store` (the stored CSV
source under ``data/programmes/``), :mod:`.to_rdf` (one named graph per programme),
:mod:`.template` (the workbook users fill in), :mod:`.coverage` (the coverage report).
"""

from __future__ import annotations

from .catalogue import Catalogue
from .coverage import coverage_report, render_report
from .reader import Problem, ProgrammeSource, read_programme, read_programme_bytes
from .store import store_programme
from .template import build_template, write_template
from .to_rdf import programme_to_rdf

__all__ = [
    "Catalogue", "Problem", "ProgrammeSource", "build_template", "coverage_report", "programme_to_rdf",
    "read_programme", "read_programme_bytes", "render_report", "store_programme", "write_template",
]
