"""HTTP helpers shared by every route: the media-type maps, format hints, store-error statuses,
plain-text error responses, charsets, XML-safe bodies and RDF re-serialization.

Routes import these from here, not from the SPARQL endpoint (:mod:`.sparql`), which uses them too.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi.responses import PlainTextResponse, Response

from .. import errors
from ..errors import ProtocolError

RESULTS_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "text/tab-separated-values",
}
"""Accepted media type → the SELECT/ASK results format answered (aliases map to the canonical type).

``text/plain`` gets the SPARQL 1.1 TSV results (RDF terms written in Turtle syntax, so nothing is
lost), labelled ``text/plain``."""

GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
    "application/n-quads": "application/n-quads",
    "application/trig": "application/trig",
    "text/n3": "text/n3",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "application/n3": "text/n3",
    "text/rdf+n3": "text/n3",
    "application/x-trig": "application/trig",
}
"""Accepted media type → the CONSTRUCT/DESCRIBE (and service description) format answered.

Every syntax pyoxigraph writes: Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG, N3.
``text/plain`` gets N-Triples, labelled ``text/plain``."""

PLAIN_TEXT = "text/plain"
PLAIN_TEXT_BODIES = frozenset({"text/tab-separated-values", "application/n-triples"})
"""Canonical formats sent as ``text/plain`` to a client that asks for plain text."""

FORMAT_PARAMETER: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "text": ("text/tab-separated-values", "application/n-triples"),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "rdf": (None, "application/rdf+xml"),
    "n3": (None, "text/n3"),
    "nquads": (None, "application/n-quads"),
    "n-quads": (None, "application/n-quads"),
    "nq": (None, "application/n-quads"),
    "trig": (None, "application/trig"),
}
"""``format=`` values (and the ``output=``/``results=`` that SPARQLWrapper, Virtuoso and sparqler
clients send): results format, graph format. A value names one or both; the other comes from
Accept. Media types are accepted too (``format=application/ld+json``). Unknown values are
ignored: Accept decides (the protocol negotiates by Accept; these parameters are hints)."""

FORMAT_PARAMETER_NAMES = ("format", "output", "results")
"""Query parameters read as format hints, in this order."""

RESULT_FORMAT_IRIS: dict[str, str] = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
    "application/n-quads": "http://www.w3.org/ns/formats/N-Quads",
    "application/trig": "http://www.w3.org/ns/formats/TriG",
    "text/n3": "http://www.w3.org/ns/formats/N3",
}
"""Canonical media type → its W3C format IRI (for the service description)."""

ERROR_STATUS: dict[type[errors.StoreError], int] = {
    errors.QuerySyntaxError: 400,
    errors.QueryTooComplex: 400,
    errors.InvalidGraphIri: 400,
    errors.UpdateRefused: 403,
    errors.ServiceRefused: 403,
    errors.NotAcceptable: 406,
    errors.ResultTooLarge: 422,
    errors.QueryTimeout: 503,
    errors.StoreBusy: 503,
    errors.StoreUnavailable: 503,
}
"""Store error → HTTP status (anything else: 500)."""


def store_error_response(exc: errors.StoreError, message: str | None = None,
                         headers: dict[str, str] | None = None) -> Response:
    """The plain-text answer to a store error: its status (:data:`ERROR_STATUS`, else 500), ``message``
    (default: the error's own, which names the store), ``headers``, and ``Retry-After: 1`` when asking
    again may work (no worker free, the store down)."""
    retry = {"Retry-After": "1"} if isinstance(exc, errors.StoreBusy | errors.StoreUnavailable) else {}
    return error_response(ERROR_STATUS.get(type(exc), 500), str(exc) if message is None else message,
                          {**(headers or {}), **retry})


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text error answer: ``message`` and a newline, with ``status`` and ``headers``."""
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def with_charset(media_type: str) -> str:
    """Text media types get an explicit UTF-8 charset."""
    if media_type.startswith("text/") and "charset" not in media_type:
        return media_type + "; charset=utf-8"
    return media_type


XML_MEDIA_TYPES = frozenset({"application/sparql-results+xml", "application/rdf+xml", "application/xml", "text/xml"})


def xml_safe(body: bytes, media_type: str) -> bytes:
    """An XML document with every carriage return written ``&#13;`` (XML 1.0 §2.11).

    pyoxigraph (up to 0.5.13 at least) writes a literal's CR raw in SPARQL XML results and
    RDF/XML; every XML parser then reads it back as a line feed, altering the data. Its writers
    never emit a CR of their own, so each raw CR comes from a value, in text or attribute
    content, where the character reference keeps it. Other media types are returned unchanged.
    """
    if media_type.split(";", 1)[0].strip() not in XML_MEDIA_TYPES or b"\r" not in body:
        return body
    return body.replace(b"\r", b"&#13;")


def convert_turtle(turtle: str, media_type: str) -> bytes:
    """Re-serialize a Turtle document into another RDF media type (pyoxigraph)."""
    if media_type == "text/turtle":
        return turtle.encode("utf-8")
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ProtocolError(406, f"cannot write {media_type}")
    return xml_safe(ox.serialize(ox.parse(turtle, format=ox.RdfFormat.TURTLE), format=fmt), media_type)


__all__ = [
    "ERROR_STATUS", "FORMAT_PARAMETER", "FORMAT_PARAMETER_NAMES", "GRAPH_MEDIA_TYPES", "PLAIN_TEXT",
    "PLAIN_TEXT_BODIES", "RESULTS_MEDIA_TYPES", "RESULT_FORMAT_IRIS", "XML_MEDIA_TYPES", "ProtocolError",
    "convert_turtle", "error_response", "store_error_response", "with_charset", "xml_safe",
]
