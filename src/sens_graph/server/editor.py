"""The web editor at ``/editeur``: YASGUI (vendored) on ``/sparql``, with the ``queries/`` library as examples."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from .context import LibraryQuery, context
from .negotiation import negotiate
from .sparql import GRAPH_MEDIA_TYPES

router = APIRouter()


def _example(q: LibraryQuery) -> dict[str, object]:
    return {"name": q.name, "title": q.title, "description": q.description, "description_en": q.description_en,
            "parameters": list(q.parameters), "query": q.text}


@router.api_route("/editeur", methods=["GET", "HEAD"], name="editor")
async def editor(request: Request) -> Response:
    """YASGUI for browsers (and ``*/*``); RDF clients are sent to the VoID description."""
    ctx = context(request)
    chosen = negotiate(request.headers.get("accept"), ["text/html", *GRAPH_MEDIA_TYPES])
    if chosen is not None and chosen != "text/html":
        return RedirectResponse("/.well-known/void", status_code=303, headers={"Vary": "Accept"})
    examples = [_example(q) for q in ctx.library]
    return ctx.templates.TemplateResponse(request, "editor.html", {
        "ctx": ctx, "examples": examples, "info": ctx.dist_info()}, headers={"Vary": "Accept"})


@router.get("/queries", name="queries")
async def query_library(request: Request) -> Response:
    """The query library as JSON (name, title, description, text)."""
    return JSONResponse([_example(q) for q in context(request).library])


@router.get("/queries/{name}.rq", name="library_query")
async def library_query(name: str, request: Request) -> Response:
    for q in context(request).library:
        if q.name == name:
            return Response(q.text, media_type="application/sparql-query; charset=utf-8")
    return PlainTextResponse(f"no query named {name}\n", status_code=404)
