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

import re
import urllib.parse
from collections.abc import Callable, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import ProtocolError
from ..store import (
    InvalidGraphIri,
    NotAcceptable,
    QueryRequest,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooComplex,
    ResultTooLarge,
    ServiceRefused,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    UpdateRefused,
    iri_problem,
)
from .context import ServerContext, context, safe_iri
from .http import (  # the media-type maps and error responses, shared with every route
    FORMAT_PARAMETER,
    FORMAT_PARAMETER_NAMES,
    GRAPH_MEDIA_TYPES,
    PLAIN_TEXT,
    PLAIN_TEXT_BODIES,
    RESULT_FORMAT_IRIS,
    RESULTS_MEDIA_TYPES,
    convert_turtle,
    error_response,
    store_error_response,
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
READ_ONLY = "ce point d'accès est en lecture seule : les mises à jour SPARQL (Update) sont refusées"

RESULT_KINDS = {"solutions": "de solutions", "boolean": "booléen", "graph": "de graphe", "query": "de requête"}


def _expected(detail: str) -> str:
    """The parser's ``expected …`` in French (the tokens it lists stay as it prints them)."""
    for english, french in (("expected one of ", "on attendait l'un de : "), ("expected ", "on attendait : ")):
        if detail.startswith(english):
            return french + detail[len(english):]
    return detail


FRENCH_MESSAGES: tuple[tuple[type[StoreError], re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (QuerySyntaxError, re.compile(r"error at (\d+):(\d+): ?(.*)", re.S),
     lambda m: f"Requête SPARQL mal formée, ligne {m[1]}, colonne {m[2]} : {_expected(m[3])}"),
    (QuerySyntaxError, re.compile(r"(.*)", re.S), lambda m: f"Requête SPARQL mal formée : {m[1]}"),
    (UpdateRefused, re.compile(r"(?:(\w[\w ]*): )?.*", re.S),
     lambda m: READ_ONLY[0].upper() + READ_ONLY[1:] + (f" (forme reçue : {m[1]})" if m[1] else "") + "."),
    (ServiceRefused, re.compile(r".*", re.S), lambda m: "Les requêtes fédérées (SERVICE) sont refusées : ce point "
                                                       "d'accès n'ouvre aucune connexion sortante."),
    (QueryTimeout, re.compile(r"the query was stopped after ([\d.]+) s.*", re.S),
     lambda m: f"Délai dépassé : la requête a été arrêtée après {m[1]} s (la limite de temps). Simplifiez-la ou "
               "ajoutez une LIMIT."),
    (QueryTimeout, re.compile(r"the remote endpoint did not answer within ([\d.]+) s.*", re.S),
     lambda m: f"Délai dépassé : le point d'accès distant n'a pas répondu en {m[1]} s."),
    (StoreBusy, re.compile(r"every query worker stayed busy for ([\d.]+) s.*", re.S),
     lambda m: f"Serveur occupé : aucun processus de requête ne s'est libéré en {m[1]} s. Réessayez."),
    (ResultTooLarge, re.compile(r"(.*)", re.S),
     lambda m: f"La réponse dépasse la taille permise : ajoutez une LIMIT (détail : {m[1]})."),
    (QueryTooComplex, re.compile(r"(.*)", re.S), lambda m: f"Requête trop complexe pour être évaluée sans risque "
                                                           f"(détail : {m[1]})."),
    (InvalidGraphIri, re.compile(r"(.*)", re.S), lambda m: f"IRI de graphe invalide : {m[1]}"),
    (StoreUnavailable, re.compile(r"(.*)", re.S),
     lambda m: f"Le magasin ne peut pas répondre maintenant : réessayez (détail : {m[1]})."),
)
"""Store error → French message, keeping the store's or parser's detail (line, column, limits)."""


def french_message(exc: StoreError) -> str:
    """The French text of a store error for the endpoint's plain-text answer (the interface's language).

    The parser's position (``error at 1:26``) becomes ``ligne 1, colonne 26``; figures and tokens
    are kept as the store gives them; an unknown error keeps its own text after a French head.
    """
    if isinstance(exc, NotAcceptable):
        return f"Aucun type de média acceptable pour un résultat {RESULT_KINDS.get(exc.kind, exc.kind)}."
    text = str(exc)
    for kind, pattern, say in FRENCH_MESSAGES:
        if isinstance(exc, kind) and (found := pattern.fullmatch(text)):
            return say(found)
    return f"La requête a échoué : {text}"

def _parse_pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    """application/x-www-form-urlencoded pairs, decoded as UTF-8 strictly (400 otherwise)."""
    try:
        text = raw.decode("utf-8")
        return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} n'est pas en UTF-8 valide") from exc


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
    url_params = _parse_pairs(query_string, "la chaîne de requête (query string)") if query_string else []
    if request.method in {"GET", "HEAD"}:
        params = url_params
        body_query = None
    else:
        media_type, ct_params = _content_type(request)
        charset = ct_params.get("charset")
        if charset and charset not in {"utf-8", "utf8"}:
            raise ProtocolError(415, f"jeu de caractères non pris en charge ({charset!r}) : envoyez de l'UTF-8")
        if media_type == UPDATE_MEDIA_TYPE:
            raise ProtocolError(403, READ_ONLY)
        if media_type not in {FORM_MEDIA_TYPE, QUERY_MEDIA_TYPE}:
            raise ProtocolError(415, f"envoyez la requête par POST en {FORM_MEDIA_TYPE} ou {QUERY_MEDIA_TYPE}"
                                     f" (reçu : {media_type or 'aucun Content-Type'})")
        body = await _read_body(request, max_bytes)
        if media_type == FORM_MEDIA_TYPE:
            params = url_params + _parse_pairs(body, "le corps de la requête")
            body_query = None
        else:
            if any(k == "query" for k, _ in url_params):
                raise ProtocolError(400, "un POST direct porte la requête dans son corps, pas dans un paramètre query")
            try:
                body_query = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ProtocolError(400, "la requête n'est pas en UTF-8 valide") from exc
            params = url_params
    if any(k in {"update", "using-graph-uri", "using-named-graph-uri"} for k, _ in params):
        raise ProtocolError(403, READ_ONLY)
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, "le paramètre query est répété : envoyez une seule requête")
    query = body_query if body_query is not None else (queries[0] if queries else None)
    if query is not None:
        query = query.removeprefix(BYTE_ORDER_MARK)
    if query is not None and len(query.encode("utf-8")) > max_bytes:
        raise ProtocolError(413, f"la requête dépasse {max_bytes} octets")
    return query, params


async def _read_body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes * 3 + 4096:
        raise ProtocolError(413, f"le corps de la requête dépasse la taille permise ({max_bytes} octets de requête)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes * 3 + 4096:  # percent-encoding triples the length at most
            raise ProtocolError(413, f"le corps de la requête dépasse la taille permise "
                                     f"({max_bytes} octets de requête)")
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
        return error_response(406, "la description du service est disponible en "
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
                raise ProtocolError(400, "aucune requête : envoyez un paramètre query "
                                         "ou un corps application/sparql-query")
            return _describe_service(request, ctx)
        format_values = [v for name in FORMAT_PARAMETER_NAMES for k, v in params if k == name]
        results_type, graph_type = choose_formats(request.headers.get("accept"), format_values)
        if results_type is None and graph_type is None:
            acceptable = sorted(set(RESULTS_MEDIA_TYPES.values()) | set(GRAPH_MEDIA_TYPES.values()))
            raise ProtocolError(406, "aucun type de média acceptable ; ce point d'accès écrit " + ", ".join(acceptable))
        default_graphs = tuple(v for k, v in params if k == "default-graph-uri")
        named_graphs = tuple(v for k, v in params if k == "named-graph-uri")
        for key, value in params:  # validated here: a bad IRI never reaches a worker
            if key in {"default-graph-uri", "named-graph-uri"} and (problem := iri_problem(value)):
                raise ProtocolError(400, f"{key} invalide {value!r} : {problem}")
        result = await ctx.store.execute(QueryRequest(
            query=query, results_media_type=results_type, graph_media_type=graph_type,
            default_graph_uris=default_graphs, named_graph_uris=named_graphs,
            max_bytes=ctx.server.max_result_bytes))
    except ProtocolError as exc:
        headers = {"Vary": "Accept", **exc.headers}
        return error_response(exc.status, exc.message, headers)
    except StoreError as exc:
        return store_error_response(exc, french_message(exc), {"Vary": "Accept"})
    media_type = response_media_type(request.headers.get("accept"), format_values, result.media_type)
    timing = f"query;dur={result.seconds * 1000:.2f}" + (', cache;desc="hit"' if result.cached else "")
    return Response(xml_safe(result.body, result.media_type), media_type=with_charset(media_type),
                    headers={"Vary": "Accept", "Server-Timing": timing})
