"""The FastAPI application: ``create_app(settings, store)`` and the table of its routes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ..config import Settings
from ..store import QueryRequest, RemoteSparqlStore, Store, StoreError
from . import analyse, case_api, downloads, editor, linked_data, pages, search_page, sparql
from .compression import NegotiatedGZipMiddleware
from .config import ServerSettings
from .context import ServerContext
from .http import store_error_response
from .openapi import openapi_document

log = logging.getLogger("sens_graph.server")

ROUTES: tuple[tuple[str, str, str], ...] = (
    ("GET, HEAD", "/", "home page (browsers; ?profession=<slug> answers which framework applies); "
                       "RDF clients → 303 /.well-known/void; ?example=… → 301 /editeur?example=…"),
    ("GET, HEAD", "/editeur", "YASGUI query editor; ?example=<name>&run=1 opens and runs a library query"),
    ("GET, HEAD, POST", "/sparql", "SPARQL 1.1 Protocol query endpoint; no query → service description"),
    ("GET, HEAD", "/queries", "the queries/ library as JSON"),
    ("GET, HEAD", "/queries/{name}.rq", "one library query"),
    ("GET, HEAD", "/queries/{name}", "a library question as a French form; its answer as a table, "
                                     "?format=csv|xlsx to download it"),
    ("GET, HEAD", "/comparer", "two framework versions side by side through the crosswalks (?a=<key>&b=<key>)"),
    ("GET, HEAD", "/downloads", "downloads page (HTML, or JSON by Accept)"),
    ("GET, HEAD", "/download/{path}", "a file of dist/ (dataset, graphs, ontology, mappings, metadata)"),
    ("GET, HEAD", "/.well-known/void", "VoID + DCAT description (Turtle, JSON-LD, RDF/XML, N-Triples)"),
    ("GET, HEAD", "/context.jsonld", "the published JSON-LD @context (dist/context.jsonld), at <base>context.jsonld"),
    ("GET, HEAD", "/dataset", "the dataset IRI → 303 /.well-known/void"),
    ("GET, HEAD", "/reports", "dist/reports/ (written by the reports module), if present"),
    ("GET, HEAD", "/reports/{path}", "a report file"),
    ("GET, HEAD", "/static/{path}", "vendored YASGUI and the site's CSS"),
    ("GET, HEAD", "/recherche", "full-text search over every label (?q=…&type=…; HTML, or JSON by Accept)"),
    ("GET, HEAD", "/ims/case/v1p0/CFDocuments", "CASE 1.0: every CFDocument (limit, offset, sort, orderBy)"),
    ("GET, HEAD", "/ims/case/v1p0/CFDocuments/{sourcedId}", "CASE 1.0: one CFDocument (with CFPackageURI)"),
    ("GET, HEAD", "/ims/case/v1p0/CFPackages/{sourcedId}", "CASE 1.0: one CFPackage (dist/case/<key>.json)"),
    ("GET, HEAD", "/ims/case/v1p0/CFItems/{sourcedId}", "CASE 1.0: one CFItem (with CFDocumentURI)"),
    ("GET, HEAD", "/ims/case/v1p0/CFAssociations/{sourcedId}", "CASE 1.0: one CFAssociation (with CFDocumentURI)"),
    ("GET, HEAD", "/favicon.ico", "204 (no icon)"),
    ("GET, HEAD", "/health", "health of the store as JSON: 200 if it answers queries (ok/degraded), else 503"),
    ("GET, HEAD", "/analyse", "programme coverage analysis: the upload form"),
    ("POST", "/analyse", "coverage report of an uploaded programme workbook (HTML, or JSON by Accept); stores nothing"),
    ("GET, HEAD", "/analyse/modele.xlsx", "the empty programme template (post-bac socle V1.1.2022)"),
    ("GET, HEAD", "/openapi.json", "OpenAPI 3.1 description of these routes and their media types"),
    ("GET, HEAD", "/{path}", "linked data: entity IRI <base>{path} → 303 to /{path}.html|ttl|jsonld|rdf|nt|nq|trig|n3"),
    ("GET, HEAD", "/{path}.{html|ttl|jsonld|rdf|nt|nq|trig|n3}", "the document about <base>{path}"),
)
"""Every route the application serves: (methods, path, what)."""


def create_app(settings: Settings, store: Store, server: ServerSettings | None = None) -> FastAPI:
    """The application serving ``store`` and ``settings.dist_dir``; the store is started by the lifespan."""
    server = server or ServerSettings()
    ctx = ServerContext(settings, server, store)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await store.start()
        log.info("serving %s", store.label)
        # the first visitor does not pay for the per-build caches: the quick steps before serving,
        # the questions' default answers (seconds) in the background
        # with a remote store (shared by the replicas), only the steps that send it light queries
        remote = isinstance(store, RemoteSparqlStore)
        now, later = (pages.REMOTE_WARM_UP_STEPS, ()) if remote else (pages.WARM_UP_STEPS, pages.WARM_UP_LATER)
        app.state.warm_up = await pages.warm_up(ctx, now)
        app.state.warming = asyncio.get_running_loop().create_task(pages.warm_up(ctx, later))

        async def on_reload() -> None:
            await pages.warm_up(ctx, now + later)
            if server.remake_reports:
                await remake_reports(settings)
        watcher = asyncio.get_running_loop().create_task(_watch(store, server.reload_interval, on_reload))
        try:
            yield
        finally:
            for task in (watcher, app.state.warming):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await store.close()

    app = FastAPI(title="sens-graph", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ctx = ctx

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        """A store error a page did not answer itself: its status (``ERROR_STATUS``, 503 for a store that is
        down) and its message, which names the store, not a bare 500."""
        return store_error_response(exc)
    pages.install(ctx.templates.env)
    app.add_middleware(NegotiatedGZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(CORSMiddleware, allow_origins=list(server.cors_origins), allow_methods=["GET", "HEAD", "POST"],
                       allow_headers=["*"], expose_headers=["Link", "Server-Timing", "Content-Location", "ETag"],
                       max_age=3600)
    for router in (sparql.router, editor.router, downloads.router, search_page.router, analyse.router,
                   pages.router, linked_data.router):
        answer_head_like_get(router)
    app.include_router(sparql.router)
    app.include_router(editor.router)
    app.include_router(downloads.router)
    app.include_router(search_page.router)
    app.include_router(analyse.router)
    app.include_router(pages.router)  # after the editor's /queries/{name}.rq
    app.include_router(case_api.router)

    @app.api_route("/favicon.ico", methods=["GET", "HEAD"], include_in_schema=False)
    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    @app.api_route("/health", methods=["GET", "HEAD"], include_in_schema=False)
    async def health(request: Request) -> Response:
        report = await store_health(store, ctx)
        return JSONResponse(report, status_code=200 if report["status"] != "unavailable" else 503,
                            headers={"Cache-Control": "no-store"})

    @app.api_route("/openapi.json", methods=["GET", "HEAD"], include_in_schema=False)
    async def openapi_description(request: Request) -> Response:
        return JSONResponse(openapi_document(ROUTES, str(request.base_url)))

    app.mount("/static", StaticFiles(packages=[("sens_graph.server", "static")]), name="static")
    app.include_router(linked_data.router)  # last: the catch-all for entity IRIs
    return app


async def store_health(store: Store, ctx: ServerContext) -> dict:
    """What ``/health`` answers: the store's own report (``OxigraphStore.health``) or, for a
    store without one (a remote endpoint), the outcome of ``ASK {}`` within 2 s; plus dist/'s build.

    ``status``: ``ok``; ``degraded`` (queries are answered, but ``problems`` lists what needs
    attention: an older build served, a failed reload, missing workers); ``unavailable`` (no query
    can be answered; the route answers 503).
    """
    report_of = getattr(store, "health", None)
    if report_of is not None:
        return report_of()
    try:
        await store.execute(QueryRequest("ASK {}", timeout=2.0))
        status, problems = "ok", []
    except StoreError as exc:
        status, problems = "unavailable", [f"{type(exc).__name__}: {exc}"]
    dist = ctx.dist_build_info()
    return {"status": status, "store": store.label, "store_generation": store.generation,
            "served_build": None,
            "dist_build": {"build_date": dist.build_date, "source_digest": dist.source_digest,
                           "version": dist.version},
            "problems": problems}


def answer_head_like_get(router: APIRouter) -> None:
    """Every GET route answers HEAD too (RFC 9110 §9.3.2), so HEAD never falls through to the catch-all.

    Starlette's ``Route`` adds HEAD to GET routes, FastAPI's ``APIRoute`` does not; the handlers
    answer HEAD as GET and Starlette's responses leave the body out.
    """
    for route in router.routes:
        methods = getattr(route, "methods", None)
        if methods is not None and "GET" in methods:
            methods.add("HEAD")


async def _watch(store: Store, interval: float,
                 on_reload: Callable[[], Awaitable[object]] | None = None) -> None:
    """Reload the store when dist/ is rebuilt (build-info.json changes), then call ``on_reload``."""
    if interval <= 0:
        return
    while True:
        await asyncio.sleep(interval)
        try:
            if await store.refresh():
                log.info("reloaded: %s", store.label)
                if on_reload is not None:
                    await on_reload()
        except Exception:  # keep serving the previous data
            log.exception("store refresh failed")


_REPORT_JOBS: dict[str, asyncio.subprocess.Process] = {}


async def remake_reports(settings: Settings) -> asyncio.subprocess.Process | None:
    """Start ``sens-graph report --no-build`` for the new build in a separate, niced process.

    The reports of ``/reports/`` then follow the served build without holding the server's
    event loop (a report takes about a minute of CPU). A job still running is left to finish:
    it is restarted at the next reload, not twice at once. Returns the process started, if any.
    """
    key = str(settings.project_dir)
    running = _REPORT_JOBS.get(key)
    if running is not None and running.returncode is None:
        return None
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sens_graph.cli", "report", "--no-build", "--project-dir", str(settings.project_dir),
        "--base-iri", settings.base_iri, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        preexec_fn=lambda: os.nice(10))
    _REPORT_JOBS[key] = process
    log.info("remaking the reports for the new build (pid %s)", process.pid)
    return process
