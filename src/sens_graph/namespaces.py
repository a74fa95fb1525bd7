"""Namespaces and IRI constants, in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

DEFAULT_BASE_IRI = "https://w3id.org/sens-graph/"
"""Base of every entity IRI in data/ (the build can rewrite it to a configured public base)."""

SENS = Namespace("https://w3id.org/sens-graph/def#")
ONTOLOGY_IRI = "https://w3id.org/sens-graph/def"
ALIGN_IRI = "https://w3id.org/sens-graph/def/align"
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
SCHEMA = Namespace("https://schema.org/")
ESCO = Namespace("http://data.europa.eu/esco/model#")
CEASN = Namespace("https://purl.org/ctdlasn/terms/")
CASE = Namespace("https://purl.imsglobal.org/spec/case/v1p0/vocab#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VANN = Namespace("http://purl.org/vocab/vann/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

PREFIXES: dict[str, Namespace] = {
    "sens": SENS,
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "dcat": Namespace(str(DCAT)),
    "void": Namespace(str(VOID)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "foaf": Namespace(str(FOAF)),
    "schema": SCHEMA,
    "sssom": SSSOM,
    "semapv": SEMAPV,
    "esco": ESCO,
    "ceasn": CEASN,
    "case": CASE,
    "vann": VANN,
    "sd": SD,
    "spdx": SPDX,
    "vcard": VCARD,
}

__all__ = [
    "ALIGN_IRI", "CASE", "CEASN", "DEFAULT_BASE_IRI", "ESCO", "ONTOLOGY_IRI", "PREFIXES",
    "SCHEMA", "SD", "SEMAPV", "SENS", "SPDX", "SSSOM", "VANN", "VCARD",
]
