"""Constants shared by the tests, defined once: the project folder, the default base IRI and the
Turtle prefix block that inline test graphs start with (``from common import BASE, PREFIXES``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl

from sens_graph.namespaces import DEFAULT_BASE_IRI
from sens_graph.programmes.reader import read_tables

PROJECT_DIR = Path(__file__).resolve().parent.parent
"""The repository (its ontology/, data/, shapes/, queries/ are the real project)."""

BASE = DEFAULT_BASE_IRI
"""``https://w3id.org/sens-graph/``: the base of every entity IRI in the sources."""

PREFIXES = f"""@base <{BASE}> .
@prefix sens: <{BASE}def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sssom: <https://w3id.org/sssom/> .
@prefix semapv: <https://w3id.org/semapv/vocab/> .
@prefix schema: <https://schema.org/> .
"""
"""Turtle prefixes for inline test graphs (relative IRIs resolve against :data:`BASE`)."""


def workbook_bytes(folder: Path, edit: Callable[[openpyxl.Workbook], object] | None = None) -> bytes:
    """A programme folder of CSV files as an XLSX workbook (one sheet per CSV, header first), optionally
    edited (``edit(workbook)``) before it is saved: what a user uploads or imports."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    tables, _ = read_tables(folder)
    for name, table in tables.items():
        ws = wb.create_sheet(name)
        ws.append(table.header)
        for _, record in table.rows:
            ws.append([record.get(h, "") for h in table.header])
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
