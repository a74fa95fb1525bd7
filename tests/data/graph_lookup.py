"""Small look-ups shared by the data tests (pytest puts this folder on sys.path)."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from sens_graph.namespaces import SENS


def members(graph: Graph, version: URIRef, cls: URIRef) -> set[URIRef]:
    """The items of class ``cls`` in framework version ``version``."""
    return {s for s in graph.subjects(SKOS.inScheme, version) if (s, RDF.type, cls) in graph}


def french_label(graph: Graph, node: URIRef) -> str:
    """The French skos:prefLabel of ``node``."""
    return next(str(v) for v in graph.objects(node, SKOS.prefLabel) if v.language == "fr")


def issues_of_kind(graph: Graph, kind: URIRef) -> set[URIRef]:
    """The source issues of one kind in ``graph``."""
    return {i for i in graph.subjects(SENS.issueKind, kind) if (i, RDF.type, SENS.SourceIssue) in graph}
