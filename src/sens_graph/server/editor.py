"""The web editor at ``/editeur``: YASGUI (vendored) on ``/sparql``, with the ``queries/`` library as examples."""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from ..queries import Query
from .caching import build_validators, not_modified
from .context import context, runnable_text
from .http import GRAPH_MEDIA_TYPES
from .i18n import language
from .negotiation import negotiate

router = APIRouter()


def _library_digest(library: list[Query], base_iri: str) -> str:
    """SHA-256 of the library as served (it is read at start-up, not from the build)."""
    digest = hashlib.sha256()
    for q in library:
        digest.update(repr(_example(q, base_iri)).encode("utf-8"))
    return digest.hexdigest()


def _example(q: Query, base_iri: str) -> dict[str, object]:
    """One query as the editor and ``/queries`` show it (the text runnable under ``base_iri``)."""
    return {"name": q.name, "title": q.title, "description": q.question_fr, "description_en": q.question_en,
            "parameters": q.parameter_lines(),
            "query": runnable_text(q, base_iri)}


@router.api_route("/editeur", methods=["GET", "HEAD"], name="editor")
async def editor(request: Request) -> Response:
    """YASGUI for browsers (and ``*/*``); RDF clients are sent to the VoID description."""
    ctx = context(request)
    chosen = negotiate(request.headers.get("accept"), ["text/html", *GRAPH_MEDIA_TYPES])
    if chosen is not None and chosen != "text/html":
        return RedirectResponse(ctx.urls.void(), status_code=303, headers={"Vary": "Accept"})
    validators = build_validators(ctx, "editor", _library_digest(ctx.library, ctx.base_iri), language(request))
    if (unchanged := not_modified(request, validators, {"Vary": "Accept"})) is not None:
        return unchanged
    examples = [_example(q, ctx.base_iri) for q in ctx.library]
    return ctx.templates.TemplateResponse(request, "editor.html", {
        "ctx": ctx, "examples": examples, "info": ctx.dist_info()}, headers={"Vary": "Accept", **validators.headers})


@router.get("/queries", name="queries")
async def query_library(request: Request) -> Response:
    """The query library as JSON (name, title, description, text)."""
    ctx = context(request)
    validators = build_validators(ctx, "queries", _library_digest(ctx.library, ctx.base_iri))
    if (unchanged := not_modified(request, validators)) is not None:
        return unchanged
    return JSONResponse([_example(q, ctx.base_iri) for q in ctx.library], headers=validators.headers)


@router.get("/queries/{name}.rq", name="library_query")
async def library_query(name: str, request: Request) -> Response:
    ctx = context(request)
    for q in ctx.library:
        if q.name == name:
            validators = build_validators(ctx, "query", name, _library_digest([q], ctx.base_iri))
            if (unchanged := not_modified(request, validators)) is not None:
                return unchanged
            return Response(runnable_text(q, ctx.base_iri), media_type="application/sparql-query; charset=utf-8",
                            headers=validators.headers)
    return PlainTextResponse(f"no query named {name}\n", status_code=404)
