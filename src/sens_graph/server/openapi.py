"""The OpenAPI 3.1 description of the server (``/openapi.json``), built from the route table.

FastAPI's generated schema cannot see this server's API: the handlers read the raw request (the
SPARQL protocol's three forms, content negotiation) and return raw responses. So every route of
``ROUTES`` gets an operation here, with its parameters, request bodies, media types (from the
same constants the handlers negotiate with) and status codes; a route without details below
still gets a generic operation, so the description never misses a route.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..layout import FILE_MEDIA_TYPES
from ..version import __version__
from .http import FORMAT_PARAMETER, FORMAT_PARAMETER_NAMES, GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES
from .linked_data import DOCUMENT_EXTENSIONS, DOCUMENT_MEDIA_TYPES

_ALTERNATIVES = re.compile(r"\{([a-z0-9]+(?:\|[a-z0-9]+)+)\}")
_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

TEXT = {"text/plain": {"schema": {"type": "string"}}}


def openapi_path(route: str) -> str:
    """The OpenAPI path of a route-table path: ``/{path}.{html|ttl}`` → ``/{path}.{ext}``."""
    return _ALTERNATIVES.sub("{ext}", route)


def _content(media_types: Iterable[str], json_schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """Media type → schema: any JSON value (or ``json_schema``) for JSON types, a string otherwise."""
    return {m: {"schema": (json_schema or {}) if m.endswith("json") else {"type": "string"}}
            for m in dict.fromkeys(media_types)}


LIBRARY_SCHEMA = {"type": "array", "items": {"type": "object", "required": ["name", "title", "query"], "properties": {
    "name": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
    "description_en": {"type": "string"}, "parameters": {"type": "array", "items": {"type": "string"}},
    "query": {"type": "string"}}}}
DOWNLOADS_SCHEMA = {"type": "object", "required": ["files"], "properties": {"files": {"type": "array", "items": {
    "type": "object", "required": ["path", "url", "size", "sha256", "media_type"]}}}}


CASE_STATUS_SCHEMA = {"type": "object", "required": ["imsx_codeMajor", "imsx_severity"], "properties": {
    "imsx_codeMajor": {"enum": ["success", "processing", "failure", "unsupported"]},
    "imsx_severity": {"enum": ["status", "warning", "error"]}, "imsx_description": {"type": "string"},
    "imsx_codeMinor": {"type": "object"}}}
"""The CASE 1.0 ``imsx_StatusInfo`` error body (the Swagger definition, abridged)."""


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": TEXT}


def _not_found(description: str) -> dict[str, Any]:
    """404: the handler's text, or the framework's JSON when no route matches (a path with a line feed)."""
    return {"description": description, "content": {**TEXT, "application/json": {"schema": {}}}}


def _path_parameters(route: str) -> list[dict[str, Any]]:
    params = []
    for match in _ALTERNATIVES.finditer(route):
        params.append({"name": "ext", "in": "path", "required": True,
                       "schema": {"type": "string", "enum": match.group(1).split("|")}})
    for name in _PARAMETER.findall(_ALTERNATIVES.sub("", route)):
        params.append({"name": name, "in": "path", "required": True, "schema": {"type": "string"},
                       "description": "may contain slashes" if name == "path" else None})
    return [{k: v for k, v in p.items() if v is not None} for p in params]


CACHE_RESPONSES = {"304": {"description": "Not Modified (If-None-Match / If-Modified-Since matched the ETag / "
                                          "Last-Modified of the build)"}}

_SPARQL_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string", "minLength": 1},
     "description": "SPARQL 1.1 query (read-only, no SERVICE); without it: the service description"},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "style": "form", "explode": True},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "style": "form", "explode": True},
] + [{"name": name, "in": "query", "schema": {"type": "string", "examples": list(FORMAT_PARAMETER)},
      "description": "format hint (as SPARQLWrapper and Virtuoso clients send it); unknown values: Accept decides"}
     for name in FORMAT_PARAMETER_NAMES]

_SPARQL_RESPONSES = {
    "200": {"description": "SELECT/ASK results, CONSTRUCT/DESCRIBE graph, or the service description",
            "content": _content([*RESULTS_MEDIA_TYPES, *GRAPH_MEDIA_TYPES])},
    "400": _error("malformed query (the parser's message), repeated query, invalid graph IRI"),
    "403": _error("SPARQL Update or SERVICE"),
    "406": _error("no acceptable media type"),
    "413": _error("query longer than the limit"),
    "414": _error("request line too long: send the query with POST"),
    "415": _error("POST with another media type or charset"),
    "422": _error("result larger than the cap: add a LIMIT"),
    "431": _error("request header fields too large"),
    "503": _error("time limit reached, or no worker free (Retry-After)"),
}

OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "/": {"get": {"responses": {"200": {"description": "YASGUI editor", "content": _content(["text/html"])},
                                "303": {"description": "RDF clients: see /.well-known/void"}, **CACHE_RESPONSES}}},
    "/sparql": {
        "get": {"parameters": _SPARQL_PARAMETERS, "responses": _SPARQL_RESPONSES},
        "post": {
            "parameters": [p for p in _SPARQL_PARAMETERS if p["name"] != "query"],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["query"], "properties": {
                        "query": {"type": "string", "minLength": 1},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
                "application/sparql-query": {"schema": {"type": "string", "minLength": 1}}}},
            "responses": _SPARQL_RESPONSES},
    },
    "/queries": {"get": {"responses": {"200": {"description": "the query library",
                                               "content": _content(["application/json"], LIBRARY_SCHEMA)},
                                       **CACHE_RESPONSES}}},
    "/queries/{name}.rq": {"get": {"responses": {
        "200": {"description": "one query", "content": _content(["application/sparql-query"])},
        "404": _not_found("no such query"), **CACHE_RESPONSES}}},
    "/downloads": {"get": {"responses": {
        "200": {"description": "every file of the build with size, SHA-256, version, licence",
                "content": _content(["text/html", "application/json"], DOWNLOADS_SCHEMA)}, **CACHE_RESPONSES}}},
    "/download/{path}": {"get": {"responses": {
        "200": {"description": "the file (ETag: its SHA-256)", "content": _content(FILE_MEDIA_TYPES.values())},
        "404": _not_found("no such file"), **CACHE_RESPONSES}}},
    "/.well-known/void": {"get": {"responses": {
        "200": {"description": "VoID + DCAT description", "content": _content(["text/plain", *GRAPH_MEDIA_TYPES])},
        "406": _error("no acceptable media type"), **CACHE_RESPONSES}}},
    "/dataset": {"get": {"responses": {"303": {"description": "see /.well-known/void"}}}},
    "/reports": {"get": {"responses": {"200": {"description": "reports index", "content": _content(["text/html"])},
                                       "404": {"description": "no reports in this build"}}}},
    "/reports/{path}": {"get": {"responses": {
        "200": {"description": "a report file", "content": _content(FILE_MEDIA_TYPES.values())},
        "404": _not_found("no such report")}}},
    "/static/{path}": {"get": {"responses": {
        "200": {"description": "a static file", "content": _content(["text/css", "text/javascript"])},
        "404": _not_found("no such file")}}},
    "/recherche": {"get": {
        "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}},
                       {"name": "type", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
                        "style": "form", "explode": True},
                       {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
        "responses": {"200": {"description": "the labels found",
                              "content": _content(["text/html", "application/json"])},
                      "400": {"description": "search text too long or malformed",
                              "content": _content(["text/html", "application/json"])},
                      "503": {"description": "the search index is not built",
                              "content": _content(["text/html", "application/json"])}}}},
    **{f"/ims/case/v1p0/{kind}/{{sourcedId}}": {"get": {"responses": {
        "200": {"description": f"one {kind.removesuffix('s')} (IMS CASE 1.0)",
                "content": _content(["application/json"])},
        "404": {"description": "unknown identifier (unknownobject) or not a UUID (invaliduuid)",
                "content": _content(["application/json"], CASE_STATUS_SCHEMA)}}}}
       for kind in ("CFDocuments", "CFPackages", "CFItems", "CFAssociations")},
    "/ims/case/v1p0/CFDocuments": {"get": {
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 100}},
                       {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
                       {"name": "sort", "in": "query", "schema": {"type": "string"}},
                       {"name": "orderBy", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}],
        "responses": {"200": {"description": "{\"CFDocuments\": [CFDocument…]}; X-Total-Count = all documents",
                              "content": _content(["application/json"])},
                      "400": {"description": "bad limit, offset, sort or orderBy; filter and fields unsupported",
                              "content": _content(["application/json"], CASE_STATUS_SCHEMA)}}}},
    "/favicon.ico": {"get": {"responses": {"204": {"description": "no icon"}}}},
    "/health": {"get": {"responses": {
        "200": {"description": "the store answers queries: status ok, or degraded (see problems); served and "
                               "dist/ builds, store generation, workers alive",
                "content": _content(["application/json"])},
        "503": {"description": "no query can be answered (status unavailable)",
                "content": _content(["application/json"])}}}},
    "/openapi.json": {"get": {"responses": {"200": {"description": "this description",
                                                    "content": _content(["application/json"])}}}},
    "/{path}": {"get": {"responses": {
        "303": {"description": "to the document about the entity, chosen by Accept "
                               f"({', '.join(dict.fromkeys(DOCUMENT_MEDIA_TYPES))})"},
        "404": _not_found("the graph does not mention this IRI"), "406": _error("no acceptable media type")}}},
    "/{path}.{ext}": {"get": {"responses": {
        "200": {"description": "the document about the entity (or named graph, with its triples)",
                "content": _content(DOCUMENT_EXTENSIONS.values())},
        "404": _not_found("the graph does not mention this IRI"), **CACHE_RESPONSES}}},
}
"""Operation details by OpenAPI path and method (HEAD operations copy GET's responses)."""


def openapi_document(routes: Iterable[tuple[str, str, str]], server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``routes`` (``ROUTES``: methods, path, what) served at ``server_url``."""
    paths: dict[str, dict[str, Any]] = {}
    for methods, route, what in routes:
        path = openapi_path(route)
        known = OPERATIONS.get(path, {})
        item = paths.setdefault(path, {})
        parameters = _path_parameters(route)
        if parameters:
            item["parameters"] = parameters
        for method in (m.strip().lower() for m in methods.split(",")):
            template = known.get(method) or known.get("get" if method == "head" else method)
            operation: dict[str, Any] = {"summary": what, "operationId": _operation_id(method, path)}
            if template is None:
                operation["responses"] = {"200": {"description": what}}
            else:
                operation.update({k: v for k, v in template.items() if not (method == "head" and k == "requestBody")})
            if method == "head":
                operation["responses"] = {code: {"description": r["description"]}
                                          for code, r in operation["responses"].items()}
                operation["description"] = "As GET, without content (RFC 9110 §9.3.2)."
            item[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "sens-graph", "version": __version__,
                 "description": "SPARQL 1.1 endpoint, linked data, downloads and query library of the French "
                                "digital-health competency frameworks knowledge graph.",
                 "license": {"name": "MIT (code); CC BY 4.0 (data)", "identifier": "MIT"}},
        "servers": [{"url": server_url.rstrip("/") or "/"}],
        "paths": paths,
    }


def _operation_id(method: str, path: str) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"
    return f"{method}_{words}"
