"""CTDL-ASN (Credential Engine) JSON-LD: one ``ceasn:CompetencyFramework`` graph per framework version.

Registry shape (``reference/ctdl-asn/README.md``): a top-level ``@id`` + ``@graph`` with the
framework node and one ``ceasn:Competency`` node per domain, competence and capacity (DU: macro-
and micro-competence). Node ``@id``\\ s are our IRIs; ``ceterms:ctid`` is ``ce-`` + the UUIDv5 of the
IRI. Each competency has ``competencyText`` (``skos:prefLabel@fr`` verbatim), ``competencyCategory``
(the French type name, as a language map: the form that survives JSON-LD expansion, see conflict 2
of the reference README), ``codedNotation`` (only where the source prints a notation), ``listID``
(rank), ``inLanguage``, ``isPartOf``, ``isTopChildOf`` or ``isChildOf``, ``hasChild``.

Alignments come from the *stated or curated* SSSOM mappings, read from either end: exactMatch →
``exactAlignment``, closeMatch → ``majorAlignment``, relatedMatch → ``minorAlignment`` (both
symmetric), broadMatch → ``broadAlignment`` (from the subject; ``narrowAlignment`` from the object),
narrowMatch → ``narrowAlignment`` (the reverse likewise). Reconstructed mappings are left out.
The DU's level progression is ``prerequisiteAlignment`` (earlier level → next level).

The document's ``@context`` is the Registry's URL; :func:`read_ctdlasn` reads a document back
into rdflib with the offline context shipped in this package (``ctdlasn-context.jsonld``, ours,
reconstructed, not the official context), so nothing is fetched from the web.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from typing import Any, ClassVar

from rdflib import Dataset, Graph

from ..errors import ExportError
from .base import Framework, Generator, Item, Mapping, uuid_for
from .case import LICENSE_IRI

REGISTRY_CONTEXT = "https://credreg.net/ctdlasn/schema/context/json"
"""The ``@context`` the Credential Registry publishes (the offline copy replaces it on reading)."""

_FORWARD = {"exactMatch": "exactAlignment", "closeMatch": "majorAlignment", "relatedMatch": "minorAlignment",
            "broadMatch": "broadAlignment", "narrowMatch": "narrowAlignment"}
_BACKWARD = {"exactMatch": "exactAlignment", "closeMatch": "majorAlignment", "relatedMatch": "minorAlignment",
             "broadMatch": "narrowAlignment", "narrowMatch": "broadAlignment"}
ALIGNMENTS = ("exactAlignment", "majorAlignment", "minorAlignment", "broadAlignment", "narrowAlignment",
              "prerequisiteAlignment")


def ctid(iri: str) -> str:
    """The CTID of an IRI: ``ce-`` + its UUIDv5."""
    return f"ce-{uuid_for(iri)}"


def offline_context() -> dict[str, Any]:
    """The package's offline JSON-LD context (the ``@context`` object of ``ctdlasn-context.jsonld``)."""
    text = resources.files("sens_graph.exports").joinpath("ctdlasn-context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def read_ctdlasn(text: str) -> Graph:
    """Parse a CTDL-ASN JSON-LD document with the offline context into one rdflib graph (no network).

    The top-level ``@id`` + ``@graph`` makes a named graph, so the document is parsed into a
    :class:`~rdflib.Dataset` and every quad is merged. Raises :class:`ExportError` if the text is not JSON.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(f"CTDL-ASN document is not JSON: {exc}") from exc
    doc["@context"] = offline_context()
    ds = Dataset()
    ds.parse(data=json.dumps(doc), format="json-ld")
    graph = Graph()
    for s, p, o, _g in ds.quads():
        graph.add((s, p, o))
    return graph


class CtdlAsnGenerator(Generator):
    """CTDL-ASN JSON-LD (``dist/ctdl-asn/<key>.jsonld``)."""

    name = "ctdl-asn"
    formats: ClassVar[dict[str, str]] = {".jsonld": "application/ld+json"}

    def document(self, framework: Framework) -> dict[str, Any]:
        """The JSON-LD document as a dict (see the module docstring)."""
        items = framework.ordered_items()
        alignments = self.alignments(framework)
        top = [i.iri for i in items if i.parent is None]
        version = f", version {framework.version_info}" if framework.version_info else ""
        fw_node: dict[str, Any] = {
            "@id": framework.iri,
            "@type": "ceasn:CompetencyFramework",
            "ceterms:ctid": ctid(framework.iri),
            "ceasn:name": {"fr": framework.title},
            "ceasn:description": {"fr": f"{framework.title}{version}. Source : {framework.source_labels}."},
            "ceasn:inLanguage": ["fr"],
            "ceasn:license": LICENSE_IRI,
            "ceasn:hasTopChild": top,
        }
        if framework.publisher:
            fw_node["ceasn:publisher"] = [framework.publisher]
        if framework.framework:
            fw_node["ceasn:isVersionOf"] = framework.framework
        nodes = [fw_node] + [self.competency(framework, item, alignments.get(item.iri, {})) for item in items]
        return {"@context": REGISTRY_CONTEXT, "@id": framework.iri, "@graph": nodes}

    @staticmethod
    def alignments(framework: Framework) -> dict[str, dict[str, list[str]]]:
        """item IRI → ceasn alignment property → target IRIs (sorted), from mappings and progression."""
        out: dict[str, dict[str, set[str]]] = {}
        known = framework.items_by_iri

        def add(origin: str, prop: str, target: str) -> None:
            if origin in known:
                out.setdefault(origin, {}).setdefault(prop, set()).add(target)

        mapping: Mapping
        for mapping in framework.stated_mappings():
            if mapping.skos_predicate not in _FORWARD:
                raise ExportError(f"{mapping.iri}: {mapping.predicate} has no CTDL-ASN alignment")
            add(mapping.subject, _FORWARD[mapping.skos_predicate], mapping.object)
            add(mapping.object, _BACKWARD[mapping.skos_predicate], mapping.subject)
        for p in framework.precedences:
            add(p.earlier, "prerequisiteAlignment", p.later)
        return {iri: {prop: sorted(targets) for prop, targets in props.items()} for iri, props in out.items()}

    def competency(self, framework: Framework, item: Item, alignments: dict[str, list[str]]) -> dict[str, Any]:
        """One ``ceasn:Competency`` node."""
        node: dict[str, Any] = {
            "@id": item.iri,
            "@type": "ceasn:Competency",
            "ceterms:ctid": ctid(item.iri),
            "ceasn:competencyText": {"fr": item.label},
            "ceasn:competencyCategory": {"fr": item.type_name},
            "ceasn:inLanguage": ["fr"],
            "ceasn:isPartOf": [framework.iri],
        }
        if item.notation:
            node["ceasn:codedNotation"] = item.notation
        if item.rank is not None:
            node["ceasn:listID"] = str(item.rank)
        if item.parent is None:
            node["ceasn:isTopChildOf"] = framework.iri
        else:
            node["ceasn:isChildOf"] = [item.parent]
        children = [c.iri for c in framework.children_of(item.iri)]
        if children:
            node["ceasn:hasChild"] = children
        if item.level_label:
            node["ceasn:comment"] = {"fr": f"Niveau de maîtrise : {item.level_label}"}
        for prop in ALIGNMENTS:
            if prop in alignments:
                node[f"ceasn:{prop}"] = alignments[prop]
        return node

    def serialize(self, framework: Framework, frameworks: Iterable[Framework] = ()) -> str:
        """The JSON-LD document as indented UTF-8 JSON text."""
        return json.dumps(self.document(framework), ensure_ascii=False, indent=2) + "\n"
