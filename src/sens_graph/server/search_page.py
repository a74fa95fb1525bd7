"""``/recherche?q=…``: full-text search over every label (HTML for people, JSON by ``Accept``).

The index is ``dist/search.sqlite`` written by the build (:mod:`sens_graph.search`); it is
reopened when the build changes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..errors import SearchError
from ..search import KIND_LABELS, MAX_QUERY_LENGTH, SEARCH_INDEX, SearchIndex
from .context import ServerContext, context
from .negotiation import negotiate

router = APIRouter()

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def search_index(ctx: ServerContext) -> SearchIndex | None:
    """The build's search index, opened once per build; None when the build has none."""
    key = ("search-index", ctx.dist_info().source_digest)
    if key not in ctx.cache:
        path = ctx.dist_dir / SEARCH_INDEX
        ctx.cache[key] = SearchIndex(path) if path.is_file() else None
    return ctx.cache[key]


def _limit(raw: str | None) -> int:
    try:
        return max(1, min(MAX_LIMIT, int(raw))) if raw else DEFAULT_LIMIT
    except ValueError:
        return DEFAULT_LIMIT


@router.api_route("/recherche", methods=["GET", "HEAD"], name="search")
async def search(request: Request) -> Response:
    """Search every label: ``q`` (text), ``type`` (a kind, repeatable), ``limit`` (1–200, default 50)."""
    ctx = context(request)
    text = (request.query_params.get("q") or "").strip()
    kinds = [k for k in request.query_params.getlist("type") if k in KIND_LABELS]
    limit = _limit(request.query_params.get("limit"))
    wants_json = negotiate(request.headers.get("accept"), ["text/html", "application/json"]) == "application/json"
    index = search_index(ctx)
    hits, error, status = [], None, 200
    if index is None:
        error, status = "L'index de recherche n'est pas construit (lancer « sens-graph build »).", 503
    elif text:
        try:
            hits = index.search(text, limit=limit, kinds=kinds)
        except SearchError as exc:
            error, status = (f"Recherche trop longue (plus de {MAX_QUERY_LENGTH} caractères)."
                             if len(text) > MAX_QUERY_LENGTH else str(exc)), 400
    if wants_json:
        body = {"q": text, "types": kinds, "hits": [h.as_json() for h in hits]}
        if error:
            body["error"] = error
        return JSONResponse(body, status_code=status, headers={"Vary": "Accept"})
    rows = [{"hit": h, "href": ctx.urls.entity(h.iri), "scheme_href": ctx.urls.entity(h.scheme) if h.scheme else None}
            for h in hits]
    return ctx.templates.TemplateResponse(request, "recherche.html", {
        "ctx": ctx, "q": text, "rows": rows, "error": error, "kinds": KIND_LABELS, "chosen": kinds,
        "max_length": MAX_QUERY_LENGTH}, status_code=status, headers={"Vary": "Accept"})
