"""Constants shared by the tests, defined once: the project folder, the default base IRI and the
Turtle prefix block that inline test graphs start with (``from common import BASE, PREFIXES``)."""

from __future__ import annotations

from pathlib import Path

from sens_graph.namespaces import DEFAULT_BASE_IRI

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
"""
"""Turtle prefixes for inline test graphs (relative IRIs resolve against :data:`BASE`)."""
