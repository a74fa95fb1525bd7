"""The project's published JSON-LD ``@context`` and compact JSON-LD documents.

The context (``dist/context.jsonld``, served at ``/download/context.jsonld``) holds the
project's prefixes (:data:`~sens_graph.namespaces.PREFIXES`) and one term per ``sens:`` class
and property of the ontology (``"inDomain": {"@id": "sens:inDomain", "@type": "@id"}``), so
that a document reads ``"inDomain": "sg:referentiel/…/domaine/1"`` instead of full IRIs.
Object properties are coerced to ``@id``; nothing else is coerced (a literal keeps its own
datatype or language), which keeps every compact document reading back to the same triples.

Compact documents embed the context (no network needed to read them back).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .graphs import sorted_graph
from .namespaces import PREFIXES, SENS

SHARED_TERMS: dict[str, Any] = {
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "definition": "skos:definition",
    "notation": "skos:notation",
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "broaderTransitive": {"@id": "skos:broaderTransitive", "@type": "@id"},
    "topConceptOf": {"@id": "skos:topConceptOf", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "exactMatch": {"@id": "skos:exactMatch", "@type": "@id"},
    "closeMatch": {"@id": "skos:closeMatch", "@type": "@id"},
    "broadMatch": {"@id": "skos:broadMatch", "@type": "@id"},
    "narrowMatch": {"@id": "skos:narrowMatch", "@type": "@id"},
    "relatedMatch": {"@id": "skos:relatedMatch", "@type": "@id"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "Concept": "skos:Concept",
    "ConceptScheme": "skos:ConceptScheme",
}
"""SKOS and PROV terms every document uses, named as in their vocabularies."""



def _local(iri: URIRef) -> str | None:
    text = str(iri)
    if not text.startswith(str(SENS)):
        return None
    local = text[len(str(SENS)):]
    return local if local and local.replace("_", "").isalnum() else None


def jsonld_context(ontology: Graph, base_iri: str) -> dict[str, Any]:
    """The ``@context`` object (without the ``{"@context": …}`` wrapper) for ``ontology``.

    Prefixes first (``sg`` = the public base, for entity IRIs), then in name order the SKOS/PROV
    terms of :data:`SHARED_TERMS` and the ``sens:`` terms (a ``sens:`` name never replaces a shared
    one): classes and datatype/annotation properties as plain IRIs, object properties with
    ``"@type": "@id"``. Deterministic for a given ontology and base.
    """
    context: dict[str, Any] = {"@version": 1.1}
    for prefix, ns in sorted(PREFIXES.items()):
        context[prefix] = str(ns)
    context["sg"] = base_iri
    terms: dict[str, Any] = dict(SHARED_TERMS)
    object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    declared = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, RDFS.Class))
    for kind in (OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property):
        declared |= set(ontology.subjects(RDF.type, kind))
    for term in sorted(declared | object_properties):
        name = _local(term) if isinstance(term, URIRef) else None
        if name is None or name in context or name in terms:
            continue
        if term in object_properties:
            terms[name] = {"@id": f"sens:{name}", "@type": "@id"}
        else:
            terms[name] = f"sens:{name}"
    context.update(dict(sorted(terms.items())))
    return context


def context_document(ontology: Graph, base_iri: str) -> str:
    """``dist/context.jsonld``: ``{"@context": …}`` as indented JSON, newline-terminated."""
    return json.dumps({"@context": jsonld_context(ontology, base_iri)}, indent=1, ensure_ascii=False) + "\n"


def compact_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """``graph`` as compact JSON-LD with ``context`` embedded (rdflib's compaction).

    The same graph gives the same bytes whatever ``PYTHONHASHSEED`` is: rdflib lists the nodes of
    ``@graph`` in set order, so they are sorted by ``@id`` here; each node's values come in term
    order (:func:`~sens_graph.graphs.sorted_graph`); keys sorted, one-space indent, no trailing
    newline, non-ASCII kept (``json`` whether or not orjson is installed)."""
    text = sorted_graph(graph).serialize(format="json-ld", context=context, indent=1, auto_compact=True)
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=_node_order)
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)


def _node_order(node: Any) -> tuple[str, str]:
    identifier = node.get("@id", "") if isinstance(node, dict) else ""
    return str(identifier), json.dumps(node, sort_keys=True, ensure_ascii=False)


def published_context(context_path: Path, base_iri: str) -> dict[str, Any]:
    """The ``@context`` of a build's ``dist/context.jsonld``; the prefixes alone if it is missing.

    Raises ``ValueError`` (with the path) if the file is not a JSON object with ``@context``."""
    if not context_path.is_file():
        return {**{prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}, "sg": base_iri}
    document = json.loads(context_path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("@context"), dict):
        raise ValueError(f"{context_path}: not a JSON-LD context document")
    return document["@context"]
