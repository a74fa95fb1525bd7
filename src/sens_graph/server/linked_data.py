"""Linked data: every entity IRI ``<base><path>`` is served at ``/<path>`` on this server.

Policy (303, httpRange-14): the IRI names the thing; ``GET /<path>`` answers
``303 See Other`` to a document about it, ``/<path>.<ext>``, chosen by Accept (HTML for
browsers and for ``*/*``; ``.ttl``, ``.jsonld``, ``.rdf``, ``.nt`` for RDF clients). The
documents answer 200 with ``Link: rel="alternate"`` to the other formats and ``rel="describes"``
to the thing. Ontology terms are hash IRIs (``<base>def#Term``): ``/def`` describes the
ontology and every term, each with its anchor. Unknown IRIs: 404.

The RDF documents hold the entity's own statements (from every named graph), its incoming
links (up to a limit) and, for an ontology, its hash terms. The HTML adds labels, the named
graphs and the provenance (``prov:wasDerivedFrom``, ``sens:sourceLocation``…).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from ..iri import sparql_iri, sparql_string, sparql_values
from ..layout import graph_file_name
from ..namespaces import PREFIXES
from ..store import QueryRequest, StoreError, select
from . import pages
from .caching import build_validators, not_modified
from .context import ServerContext, context, safe_iri
from .http import error_response, store_error_response, with_charset, xml_safe
from .negotiation import negotiate
from .urls import reserved

router = APIRouter()

DOCUMENT_EXTENSIONS: dict[str, str] = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "n3": "text/n3",
}
"""Document extension → media type (every RDF syntax pyoxigraph writes)."""

DOCUMENT_MEDIA_TYPES: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdf",
    "application/xml": "rdf",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/n-quads": "nq",
    "application/trig": "trig",
    "text/n3": "n3",
    "application/n3": "n3",
    "text/rdf+n3": "n3",
}
"""Accepted media type → document extension (the first is the default for ``*/*``)."""

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
)
PROVENANCE_PREDICATES = (
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "https://w3id.org/sens-graph/def#sourceLocation",
    "http://www.w3.org/ns/prov#wasGeneratedBy",
    "http://www.w3.org/ns/prov#wasAttributedTo",
    "http://www.w3.org/ns/prov#hadPrimarySource",
    "http://purl.org/dc/terms/source",
    "https://w3id.org/sens-graph/def#isReconstruction",
    "https://w3id.org/sens-graph/def#reconstructionMethod",
)
MAX_STATEMENTS = 5000


@dataclass
class Term:
    """An RDF term ready for the template: text, link and label."""

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None
    href: str | None = None
    label: str | None = None
    curie: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


@dataclass
class Statement:
    predicate: Term
    object: Term
    graph: Term | None


@dataclass
class Resource:
    """One subject: the entity itself, or an ontology term under its document."""

    iri: str
    anchor: str | None
    label: str | None = None
    types: list[Term] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    provenance: list[Statement] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[Term, list[Statement]]]:
        return group_statements(self.statements)


@dataclass
class Description:
    iri: str
    path: str
    resources: list[Resource]
    incoming: list[tuple[Term, Term, Term | None]]
    incoming_truncated: bool
    graphs: list[Term]
    graph_triples: int | None = None
    graph_download: str | None = None


def compact(iri: str) -> str | None:
    best = None
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else None




def _split_extension(path: str) -> tuple[str, str | None]:
    stem, dot, ext = path.rpartition(".")
    if dot and ext in DOCUMENT_EXTENSIONS and stem and not stem.endswith("/"):
        return stem, ext
    return path, None


async def _exists(ctx: ServerContext, iri: str) -> bool:
    if iri in ctx.dist_info().graphs:
        return True
    node = sparql_iri(iri)
    return await ask(ctx, f"ASK {{ {{ GRAPH ?g {{ {node} ?p ?o }} }} UNION {{ {node} ?p ?o }} "
                          f"UNION {{ GRAPH ?g {{ ?s ?p {node} }} }} UNION {{ GRAPH {node} {{ ?s ?p ?o }} }} }}")


async def ask(ctx: ServerContext, query: str) -> bool:
    """The answer of an ASK query (SPARQL JSON, from any store)."""
    response = await ctx.store.execute(QueryRequest(query=query, graph_media_type=None, union_default_graph=False))
    return bool(json.loads(response.body).get("boolean"))


async def _is_ontology(ctx: ServerContext, iri: str) -> bool:
    return await ask(ctx, f"ASK {{ GRAPH ?g {{ {sparql_iri(iri)} a <{OWL_ONTOLOGY}> }} }}")


def _subjects_pattern(iri: str, ontology: bool) -> str:
    node = sparql_iri(iri)
    pattern = (f"{{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?s {{ {node} }} }} "
               f"UNION {{ ?s ?p ?o VALUES ?s {{ {node} }} }}")
    if ontology:
        pattern += f' UNION {{ GRAPH ?g {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {sparql_string(iri + "#")})) }} }}'
    return pattern


def _term(binding: dict[str, str] | None) -> Term | None:
    if binding is None:
        return None
    return Term(kind=binding["type"] if binding["type"] != "typed-literal" else "literal",
                value=binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype"))


async def _labels(ctx: ServerContext, iris: set[str]) -> dict[str, str]:
    """Best label of each IRI: skos:prefLabel, rdfs:label, dcterms:title…, French first."""
    iris = {i for i in iris if safe_iri(i)}
    labels: dict[str, tuple[tuple[int, int], str]] = {}
    ordered = sorted(iris)
    for start in range(0, len(ordered), 400):
        chunk = ordered[start:start + 400]
        values = sparql_values(chunk)
        predicates = sparql_values(LABEL_PREDICATES)
        rows = await select(ctx.store, f"SELECT ?x ?lp ?l WHERE {{ VALUES ?x {{ {values} }} "
                                       f"VALUES ?lp {{ {predicates} }} GRAPH ?g {{ ?x ?lp ?l }} }}")
        for row in rows:
            lang = row["l"].get("xml:lang", "")
            lang_rank = {"fr": 0, "": 1, "en": 2}.get(lang.lower(), 3)
            rank = (lang_rank, LABEL_PREDICATES.index(row["lp"]["value"]))
            x = row["x"]["value"]
            if x not in labels or rank < labels[x][0]:
                labels[x] = (rank, row["l"]["value"])
    return {iri: text for iri, (_, text) in labels.items()}


async def describe(ctx: ServerContext, iri: str, path: str) -> Description | None:
    """Everything the HTML page shows about ``iri``; None if the graph does not know it."""
    ontology = await _is_ontology(ctx, iri)
    rows = await select(ctx.store, f"SELECT ?s ?p ?o ?g WHERE {{ {_subjects_pattern(iri, ontology)} }} "
                                   f"LIMIT {MAX_STATEMENTS}")
    limit = ctx.server.incoming_links_limit
    incoming_rows = await select(ctx.store, f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {sparql_iri(iri)} }} }} "
                                            f"ORDER BY ?p ?s LIMIT {limit + 1}")
    info = ctx.dist_info()
    is_graph = iri in info.graphs
    if not is_graph and not rows and not incoming_rows:
        is_graph = await ask(ctx, f"ASK {{ GRAPH {sparql_iri(iri)} {{ ?s ?p ?o }} }}")
        if not is_graph:
            return None

    resources: dict[str, Resource] = {}
    graphs: set[str] = set()
    for row in rows:
        subject = row["s"]["value"]
        resource = resources.get(subject)
        if resource is None:
            anchor = subject[len(iri) + 1:] if subject.startswith(iri + "#") else None
            resource = resources[subject] = Resource(subject, anchor)
        graph = _term(row.get("g"))
        if graph is not None:
            graphs.add(graph.value)
        statement = Statement(_term(row["p"]), _term(row["o"]), graph)
        if statement.predicate.value == RDF_TYPE:
            resource.types.append(statement.object)
        elif statement.predicate.value in PROVENANCE_PREDICATES:
            resource.provenance.append(statement)
        else:
            resource.statements.append(statement)
    incoming = [(_term(r["s"]), _term(r["p"]), _term(r.get("g"))) for r in incoming_rows[:limit]]

    terms: list[Term] = []
    for resource in resources.values():
        terms += resource.types
        for st in resource.statements + resource.provenance:
            terms += [st.predicate, st.object] + ([st.graph] if st.graph else [])
    for s, p, g in incoming:
        terms += [s, p] + ([g] if g else [])
    graph_terms = [Term("uri", g) for g in sorted(graphs)]
    terms += graph_terms
    labels = await _labels(ctx, {t.value for t in terms if t.is_iri} | set(resources) | {iri})
    for term in terms:
        if term.is_iri:
            term.label = labels.get(term.value)
            term.href = ctx.local_href(term.value) or term.value
            term.curie = compact(term.value)
    for resource in resources.values():
        resource.label = labels.get(resource.iri)
        key = lambda st: (st.predicate.label or st.predicate.curie or st.predicate.value,  # noqa: E731
                          st.object.label or st.object.value)
        resource.statements.sort(key=key)
        resource.provenance.sort(key=key)
    main = resources.pop(iri, Resource(iri, None, label=labels.get(iri)))
    ordered = [main, *sorted(resources.values(), key=lambda r: (r.anchor or r.iri).lower())]
    description = Description(iri=iri, path=path, resources=ordered, incoming=incoming,
                              incoming_truncated=len(incoming_rows) > limit, graphs=graph_terms)
    if is_graph:
        description.graph_triples = info.graphs.get(iri)
        rel = graph_file_name(iri, info.base_iri) if iri.startswith(info.base_iri + "graph/") else None
        if rel and (ctx.dist_dir / rel).is_file():
            description.graph_download = ctx.urls.download(rel)
    return description


QUAD_MEDIA_TYPES = frozenset({"application/n-quads", "application/trig"})
"""Document syntaxes that name graphs: a named graph's own triples go into that graph."""


async def _construct(ctx: ServerContext, query: str, media_type: str) -> bytes:
    response = await ctx.store.execute(QueryRequest(query=query, results_media_type=None,
                                                    graph_media_type=media_type, union_default_graph=False))
    return response.body


async def _is_named_graph(ctx: ServerContext, iri: str) -> bool:
    return iri in ctx.dist_info().graphs or await ask(ctx, f"ASK {{ GRAPH {sparql_iri(iri)} {{ ?s ?p ?o }} }}")


async def rdf_document(ctx: ServerContext, iri: str, media_type: str) -> bytes:
    """The RDF document about ``iri``: its statements, incoming links and hash terms.

    For a named graph's IRI (``<base>graph/…``) the document also carries every triple of that
    graph; in N-Quads and TriG those triples are inside the named graph, the rest in the default graph.
    """
    ontology = await _is_ontology(ctx, iri)
    named_graph = await _is_named_graph(ctx, iri)
    limit = ctx.server.incoming_links_limit
    about = (f"{_subjects_pattern(iri, ontology)} "
             f"UNION {{ SELECT ?x ?q WHERE {{ GRAPH ?g2 {{ ?x ?q {sparql_iri(iri)} }} }} LIMIT {limit} }}")
    contents = f"GRAPH {sparql_iri(iri)} {{ ?s ?p ?o }}"
    if media_type in QUAD_MEDIA_TYPES:
        nt = await _construct(ctx, f"CONSTRUCT {{ ?s ?p ?o . ?x ?q {sparql_iri(iri)} }} WHERE {{ {about} }}",
                              "application/n-triples")
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in
                 (q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))]
        if named_graph:
            nt = await _construct(ctx, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {contents} }}", "application/n-triples")
            graph = ox.NamedNode(iri)
            quads += [ox.Quad(q.subject, q.predicate, q.object, graph)
                      for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
        prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt == ox.RdfFormat.TRIG:
            return ox.serialize(quads, format=fmt, prefixes=prefixes)
        return ox.serialize(quads, format=fmt)
    where = about + (f" UNION {{ {contents} }}" if named_graph else "")
    compact = media_type == "application/ld+json"
    body = await _construct(ctx, f"CONSTRUCT {{ ?s ?p ?o . ?x ?q {sparql_iri(iri)} }} WHERE {{ {where} }}",
                            "application/n-triples" if compact else media_type)
    if media_type == "text/turtle":
        return _with_prefixes(body)
    if compact:
        return _compact_jsonld(ctx, body)
    return xml_safe(body, media_type)


def _compact_jsonld(ctx: ServerContext, ntriples: bytes) -> bytes:
    """Compact JSON-LD with the published context of the build (dist/context.jsonld) embedded."""
    from rdflib import Graph

    from ..jsonld import compact_jsonld, published_context
    from ..layout import CONTEXT_FILE

    key = ("jsonld-context",)
    if key not in ctx.cache:
        ctx.cache[key] = published_context(ctx.dist_dir / CONTEXT_FILE, ctx.base_iri)
    graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    return compact_jsonld(graph, ctx.cache[key]).encode("utf-8")


def _with_prefixes(turtle: bytes) -> bytes:
    """Re-serialize Turtle with the project's prefixes, so people can read it."""
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    triples = [quad.triple for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def valid_iri(iri: str) -> bool:
    """True for an IRI the store accepts (RFC 3987, as pyoxigraph parses it): others are in no graph."""
    if not safe_iri(iri):
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def not_found(request: Request, ctx: ServerContext, message: str) -> Response:
    accept = request.headers.get("accept", "")
    if "text/html" in accept:
        return ctx.templates.TemplateResponse(request, "error.html", {"status": 404, "message": message, "ctx": ctx},
                                              status_code=404, headers={"Vary": "Accept"})
    return PlainTextResponse(message + "\n", status_code=404, headers={"Vary": "Accept"})


@router.api_route("/{path:path}", methods=["GET", "HEAD"], name="linked_data")
async def linked_data(path: str, request: Request) -> Response:
    """Resolve an entity IRI: 303 to a document, or the document itself when an extension is given."""
    ctx = context(request)
    stem, ext = _split_extension(path)
    iri = ctx.base_iri + stem
    if not stem or reserved(stem) or not valid_iri(iri):
        return not_found(request, ctx, f"no such resource: {iri}")
    try:
        if ext is None:
            if not await _exists(ctx, iri):
                return not_found(request, ctx, f"{iri} n'est pas dans le graphe")
            chosen = negotiate(request.headers.get("accept"), list(DOCUMENT_MEDIA_TYPES))
            if chosen is None:
                return error_response(406, "available as " + ", ".join(DOCUMENT_EXTENSIONS.values()),
                                      {"Vary": "Accept"})
            target = ctx.urls.document(stem, DOCUMENT_MEDIA_TYPES[chosen])
            if request.url.query:  # ?lang=en (the interface's language) follows the 303
                target += "?" + request.url.query
            alternates = ctx.urls.alternates(stem, DOCUMENT_EXTENSIONS)
            return RedirectResponse(target, status_code=303, headers={"Vary": "Accept", "Link": alternates})
        if not await _exists(ctx, iri):
            return not_found(request, ctx, f"{iri} n'est pas dans le graphe")
        validators = build_validators(ctx, "linked-data", stem, ext)
        if (unchanged := not_modified(request, validators, {"Vary": "Accept"})) is not None:
            return unchanged
        links = f'{ctx.urls.alternates(stem, DOCUMENT_EXTENSIONS)}, <{iri}>; rel="describes"'
        headers = {"Vary": "Accept", "Link": links, **validators.headers}
        if ext == "html":
            page = await pages.entity_page(request, ctx, iri, stem, headers)  # kind-specific page, if any
            if page is not None:
                return page
            description = await describe(ctx, iri, stem)
            if description is None:
                return not_found(request, ctx, f"{iri} n'est pas dans le graphe")
            return ctx.templates.TemplateResponse(
                request, "entity.html", {"d": description, "ctx": ctx, "extensions": DOCUMENT_EXTENSIONS},
                headers=headers)
        media_type = DOCUMENT_EXTENSIONS[ext]
        body = await rdf_document(ctx, iri, media_type)
        return Response(body, media_type=with_charset(media_type), headers=headers)
    except StoreError as exc:
        return store_error_response(exc, headers={"Vary": "Accept"})


def group_statements(statements: list[Statement]) -> list[tuple[Term, list[Statement]]]:
    """Statements grouped by predicate (for the template), in their sorted order."""
    groups: dict[str, list[Statement]] = defaultdict(list)
    order: list[str] = []
    for st in statements:
        if st.predicate.value not in groups:
            order.append(st.predicate.value)
        groups[st.predicate.value].append(st)
    return [(groups[p][0].predicate, groups[p]) for p in order]
