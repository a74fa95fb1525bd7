"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only, no federation, time-limited).

* Query by GET (``?query=``), URL-encoded POST, or direct POST (``application/sparql-query``);
  ``default-graph-uri`` and ``named-graph-uri`` set the dataset. Without them the default
  graph is the union of all named graphs (``sd:UnionDefaultGraph``).
* Results by Accept (or the ``format=``/``output=``/``results=`` hints clients send):
  SELECT/ASK as SPARQL JSON, XML, CSV, TSV (also as ``text/plain``); CONSTRUCT/DESCRIBE as
  Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG, N3.
* Status codes: 400 malformed query, repeated or missing ``query``, non-UTF-8 text; 403 any
  update and any ``SERVICE``; 405 other methods; 406 no acceptable format; 413 query too
  long; 415 other POST media types; 422 result over the size cap; 503 time limit reached
  (the query is stopped) or every worker busy.
* GET without a query: browsers are sent to the editor (``/``), other clients get the
  SPARQL 1.1 Service Description.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import ProtocolError
from ..store import (
    NotAcceptable,
    QueryRequest,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    iri_problem,
)
from .context import ServerContext, context, safe_iri
from .http import (  # the media-type maps and error responses, shared with every route
    ERROR_STATUS,
    FORMAT_PARAMETER,
    FORMAT_PARAMETER_NAMES,
    GRAPH_MEDIA_TYPES,
    PLAIN_TEXT,
    PLAIN_TEXT_BODIES,
    RESULT_FORMAT_IRIS,
    RESULTS_MEDIA_TYPES,
    convert_turtle,
    error_response,
    with_charset,
    xml_safe,
)
from .negotiation import negotiate, prefers_html

router = APIRouter()

BYTE_ORDER_MARK = "\ufeff"
"""Some editors start UTF-8 files with it; the endpoint drops it before the query (not valid SPARQL)."""

QUERY_MEDIA_TYPE = "application/sparql-query"
UPDATE_MEDIA_TYPE = "application/sparql-update"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"

def _parse_pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    """application/x-www-form-urlencoded pairs, decoded as UTF-8 strictly (400 otherwise)."""
    try:
        text = raw.decode("utf-8")
        return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not valid UTF-8") from exc


def _content_type(request: Request) -> tuple[str | None, dict[str, str]]:
    header = request.headers.get("content-type")
    if not header:
        return None, {}
    parts = [p.strip() for p in header.split(";")]
    params = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        params[key.strip().lower()] = value.strip().strip('"').lower()
    return parts[0].lower(), params


def format_hint(value: str) -> tuple[str | None, str | None] | None:
    """(results, graph) media types a ``format=`` value names, or None if it names none."""
    key = value.strip().lower()
    if key in FORMAT_PARAMETER:
        return FORMAT_PARAMETER[key]
    media_type = key.split(";", 1)[0].strip()
    if media_type in RESULTS_MEDIA_TYPES or media_type in GRAPH_MEDIA_TYPES:
        return RESULTS_MEDIA_TYPES.get(media_type), GRAPH_MEDIA_TYPES.get(media_type)
    return None


def choose_formats(accept: str | None, format_values: str | Sequence[str] | None = None
                   ) -> tuple[str | None, str | None]:
    """(results media type, graph media type) the client accepts, each None if none is.

    ``format_values`` are the values of the ``format``/``output``/``results`` parameters: the
    first one this endpoint knows sets the format(s) it names; Accept decides the rest. Unknown
    values are ignored (never a 400).
    """
    if isinstance(format_values, str):
        format_values = [format_values]
    results = negotiate(accept, list(RESULTS_MEDIA_TYPES))
    graph = negotiate(accept, list(GRAPH_MEDIA_TYPES))
    chosen = (RESULTS_MEDIA_TYPES[results] if results else None, GRAPH_MEDIA_TYPES[graph] if graph else None)
    for value in format_values or ():
        hint = format_hint(value)
        if hint is not None:
            return hint[0] or chosen[0], hint[1] or chosen[1]
    return chosen


def response_media_type(accept: str | None, format_values: Sequence[str], canonical: str) -> str:
    """The Content-Type of a result written as ``canonical``: ``text/plain`` when that is what the client asked for."""
    if canonical not in PLAIN_TEXT_BODIES:
        return canonical
    if any(v.strip().lower() in {"text", PLAIN_TEXT} for v in format_values):
        return PLAIN_TEXT
    if any(format_hint(v) for v in format_values):
        return canonical
    return PLAIN_TEXT if negotiate(accept, [canonical, PLAIN_TEXT]) == PLAIN_TEXT else canonical


async def read_protocol_request(request: Request, max_bytes: int) -> tuple[str | None, list[tuple[str, str]]]:
    """The query text (or None) and the other parameters, by the protocol's three forms."""
    query_string = request.scope.get("query_string", b"")
    url_params = _parse_pairs(query_string, "query string") if query_string else []
    if request.method in {"GET", "HEAD"}:
        params = url_params
        body_query = None
    else:
        media_type, ct_params = _content_type(request)
        charset = ct_params.get("charset")
        if charset and charset not in {"utf-8", "utf8"}:
            raise ProtocolError(415, f"unsupported charset {charset!r}: send UTF-8")
        if media_type == UPDATE_MEDIA_TYPE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        if media_type not in {FORM_MEDIA_TYPE, QUERY_MEDIA_TYPE}:
            raise ProtocolError(415, f"POST a query as {FORM_MEDIA_TYPE} or {QUERY_MEDIA_TYPE}"
                                     f" (got {media_type or 'no Content-Type'})")
        body = await _read_body(request, max_bytes)
        if media_type == FORM_MEDIA_TYPE:
            params = url_params + _parse_pairs(body, "request body")
            body_query = None
        else:
            if any(k == "query" for k, _ in url_params):
                raise ProtocolError(400, "a direct POST carries the query in its body, not in a query parameter")
            try:
                body_query = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ProtocolError(400, "the query is not valid UTF-8") from exc
            params = url_params
    if any(k in {"update", "using-graph-uri", "using-named-graph-uri"} for k, _ in params):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, "the query parameter is repeated: send exactly one query")
    query = body_query if body_query is not None else (queries[0] if queries else None)
    if query is not None:
        query = query.removeprefix(BYTE_ORDER_MARK)
    if query is not None and len(query.encode("utf-8")) > max_bytes:
        raise ProtocolError(413, f"the query is longer than {max_bytes} bytes")
    return query, params


async def _read_body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes * 3 + 4096:
        raise ProtocolError(413, f"the request body is longer than allowed ({max_bytes} bytes of query)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes * 3 + 4096:  # percent-encoding triples the length at most
            raise ProtocolError(413, f"the request body is longer than allowed ({max_bytes} bytes of query)")
        chunks.append(chunk)
    return b"".join(chunks)


def service_description(ctx: ServerContext, endpoint: str) -> str:
    """SPARQL 1.1 Service Description of this endpoint, as Turtle."""
    info = ctx.dist_info()
    lines = [
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "",
        f"<{endpoint}> a sd:Service ;",
        f"  sd:endpoint <{endpoint}> ;",
        "  sd:supportedLanguage sd:SPARQL11Query ;",
        "  sd:feature sd:UnionDefaultGraph ;",
    ]
    formats = sorted(set(RESULT_FORMAT_IRIS.values()))
    lines.append("  sd:resultFormat " + ", ".join(f"<{f}>" for f in formats) + " ;")
    lines.append(f'  dcterms:description "Read-only SPARQL 1.1 endpoint of sens-graph; no SERVICE; '
                 f'time limit {ctx.server.query_timeout:g} s per query; results up to '
                 f'{ctx.server.max_result_bytes} bytes." ;')
    lines.append(f"  sd:defaultDataset <{endpoint}#dataset> .")
    lines.append("")
    lines.append(f"<{endpoint}#dataset> a sd:Dataset ;")
    lines.append(f"  dcterms:source <{ctx.base_iri}dataset> ;")
    lines.append(f"  sd:defaultGraph <{endpoint}#default-graph>")
    for iri in sorted(info.graphs):
        if safe_iri(iri):
            lines[-1] += " ;"
            lines.append(f"  sd:namedGraph [ a sd:NamedGraph ; sd:name <{iri}> ; "
                         f"sd:graph [ a sd:Graph ; void:triples {info.graphs[iri]} ] ]")
    lines[-1] += " ."
    lines.append("")
    lines.append(f"<{endpoint}#default-graph> a sd:Graph ; "
                 f'dcterms:description "The union of all named graphs." ; void:triples {info.triples} .')
    return "\n".join(lines) + "\n"


def _describe_service(request: Request, ctx: ServerContext) -> Response:
    accept = request.headers.get("accept")
    if prefers_html(accept, list(GRAPH_MEDIA_TYPES)):
        return RedirectResponse(ctx.urls.editor(), status_code=303, headers={"Vary": "Accept"})
    chosen = negotiate(accept, list(GRAPH_MEDIA_TYPES))
    if chosen is None:
        return error_response(406, "the service description is available as "
                              + ", ".join(sorted(set(GRAPH_MEDIA_TYPES.values()))), {"Vary": "Accept"})
    media_type = GRAPH_MEDIA_TYPES[chosen]
    endpoint = str(request.url.replace(query="", fragment=""))
    body = convert_turtle(service_description(ctx, endpoint), media_type)
    return Response(body, media_type=with_charset(media_type), headers={"Vary": "Accept"})


@router.api_route("/sparql", methods=["GET", "HEAD", "POST"], name="sparql")
async def sparql_endpoint(request: Request) -> Response:
    """SPARQL 1.1 Protocol query operation."""
    ctx = context(request)
    try:
        query, params = await read_protocol_request(request, ctx.server.max_query_bytes)
        if query is None:
            if request.method == "POST":
                raise ProtocolError(400, "no query: send a query parameter or an application/sparql-query body")
            return _describe_service(request, ctx)
        format_values = [v for name in FORMAT_PARAMETER_NAMES for k, v in params if k == name]
        results_type, graph_type = choose_formats(request.headers.get("accept"), format_values)
        if results_type is None and graph_type is None:
            acceptable = sorted(set(RESULTS_MEDIA_TYPES.values()) | set(GRAPH_MEDIA_TYPES.values()))
            raise ProtocolError(406, "no acceptable media type; this endpoint writes " + ", ".join(acceptable))
        default_graphs = tuple(v for k, v in params if k == "default-graph-uri")
        named_graphs = tuple(v for k, v in params if k == "named-graph-uri")
        for key, value in params:  # validated here: a bad IRI never reaches a worker
            if key in {"default-graph-uri", "named-graph-uri"} and (problem := iri_problem(value)):
                raise ProtocolError(400, f"invalid {key} {value!r}: {problem}")
        result = await ctx.store.execute(QueryRequest(
            query=query, results_media_type=results_type, graph_media_type=graph_type,
            default_graph_uris=default_graphs, named_graph_uris=named_graphs,
            max_bytes=ctx.server.max_result_bytes))
    except ProtocolError as exc:
        headers = {"Vary": "Accept", **exc.headers}
        return error_response(exc.status, exc.message, headers)
    except StoreError as exc:
        status = ERROR_STATUS.get(type(exc), 500)
        headers = {"Vary": "Accept"}
        if isinstance(exc, StoreBusy | StoreUnavailable):
            headers["Retry-After"] = "1"
        message = str(exc)
        if isinstance(exc, NotAcceptable):
            message = f"no acceptable media type for a {exc.kind} result"
        return error_response(status, message, headers)
    media_type = response_media_type(request.headers.get("accept"), format_values, result.media_type)
    return Response(xml_safe(result.body, result.media_type), media_type=with_charset(media_type),
                    headers={"Vary": "Accept", "Server-Timing": f"query;dur={result.seconds * 1000:.2f}"})
