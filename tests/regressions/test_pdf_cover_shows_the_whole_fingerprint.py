"""The PDF cover's source fingerprint was cut at the right margin (61 of its 64 characters on
the page): the definition column kept the browser's default indent and overflowed. Every value
of the cover now fits: the fingerprint whole on one line, a long base IRI wrapped, not cut."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sens_graph.reports.model import Report
from sens_graph.reports.pdf import write_pdf

DIGEST = "0123456789abcdef" * 4
LONG_BASE = "https://donnees.exemple-d-un-etablissement-de-sante.fr/referentiels/numerique-en-sante/sens-graph/"


def cover_text(tmp_path: Path, base_iri: str) -> str:
    report = Report(title="Rapport de correspondances", subtitle="Page de titre seule", dataset_version="0.1.0",
                    build_date="2026-11-23T08:00:00Z", generated="2026-11-23T08:05:00Z", base_iri=base_iri,
                    source_digest=DIGEST, built=True, sections=[])
    pdf = write_pdf(report, tmp_path / "rapport.pdf")
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_fingerprint_whole_on_one_line(tmp_path):
    text = cover_text(tmp_path, "https://w3id.org/sens-graph/")
    line = next(line for line in text.splitlines() if "Empreinte des sources" in line)
    assert line.split()[-1] == DIGEST


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_long_base_iri_wraps_instead_of_being_cut(tmp_path):
    text = cover_text(tmp_path, LONG_BASE)
    start = text.index("IRI de base")
    block = text[start:text.index("Rapport généré le")]
    pieces = re.sub(r"^\s*IRI de base", "", block).split()
    assert "".join(pieces) == LONG_BASE
    assert DIGEST in text
