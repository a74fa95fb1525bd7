"""``/analyse``: upload a programme workbook, get its coverage report — nothing is stored.

``GET /analyse`` is the upload form; ``POST /analyse`` takes the workbook (``multipart/form-data``
field ``fichier``, or the XLSX as the request body) and answers the coverage report of
:mod:`sens_graph.programmes.coverage` as HTML, or JSON when the client prefers ``application/json``.
``GET /analyse/modele.xlsx`` is the empty template (post-bac socle V1.1.2022).

Guards: the body is read up to :data:`~sens_graph.programmes.reader.MAX_FILE_BYTES` (413 beyond);
the workbook passes the zip-bomb check and is read without evaluating formulas (a formula is a
located problem); the analysis runs in a thread under the server's query time limit (503 beyond).
The workbook is analysed against the frameworks and professions of ``data/`` in memory: no file
is written and the graph is not changed.
"""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import replace
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from rdflib import Graph

from ..coverage import COVERAGE_GRAPH, coverage_quads
from ..errors import ProgrammeFileError, ReferenceUnavailable
from ..layout import GRAPHS_DIR
from ..memstore import graph_to_oxigraph
from ..namespaces import DEFAULT_BASE_IRI
from ..programmes.catalogue import Catalogue
from ..programmes.coverage import coverage_report
from ..programmes.reader import MAX_FILE_BYTES, read_programme_bytes
from ..programmes.template import build_template
from ..programmes.to_rdf import programme_to_rdf
from ..queries import QueryLibrary
from .context import ServerContext, context
from .negotiation import negotiate

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM_OVERHEAD_BYTES = 64 * 1024
"""Room for the multipart envelope around the workbook."""


class _Reference:
    """The frameworks, professions and query library an analysis needs, read once per build from
    the served release (``dist/graphs/professions.ttl`` and ``dist/graphs/referentiel/*.ttl``), so
    that a server deployed with ``dist/`` alone can analyse too."""

    def __init__(self, ctx: ServerContext) -> None:
        from ..sources import parse_turtle

        graphs = ctx.dist_dir / GRAPHS_DIR
        paths = [graphs / "professions.ttl", *sorted((graphs / "referentiel").glob("*.ttl"))]
        if not paths[0].is_file() or len(paths) == 1:
            raise ReferenceUnavailable(f"{graphs}: no professions or frameworks in the served build")
        graph = Graph()
        for path in paths:
            graph += parse_turtle(path, f"dist/{path.relative_to(ctx.dist_dir).as_posix()}")
        self.graph = graph
        self.catalogue = replace(Catalogue.from_graph(graph), programme_keys=set())
        self.library = QueryLibrary.load(ctx.settings.queries_dir)


_LOCK = threading.Lock()


def _reference(request: Request) -> _Reference:
    """The reference of the served build (read on first use, again after a new build)."""
    ctx = context(request)
    key = ("analyse-reference", ctx.dist_info().source_digest)
    with _LOCK:
        if key not in ctx.cache:
            ctx.cache[key] = _Reference(ctx)
        return ctx.cache[key]


def analyse_workbook(data: bytes, name: str, reference: _Reference) -> dict[str, Any]:
    """Coverage report of an uploaded workbook, computed in memory; raises ProgrammeFileError."""
    source = read_programme_bytes(data, reference.catalogue, name)
    graph = Graph()
    graph += reference.graph
    graph += programme_to_rdf(source, display=name)
    store: ox.Store = graph_to_oxigraph(graph)
    # the derived coverage graph, as the build adds it (the coverage queries read it; issue 13)
    store.extend(coverage_quads(store, DEFAULT_BASE_IRI, ox.NamedNode(f"{DEFAULT_BASE_IRI}graph/{COVERAGE_GRAPH}")))
    report = coverage_report(store, reference.library, source.key)
    report["titre"] = source.fields["titre"]
    return report


async def _read_capped(request: Request, cap: int) -> bytes | None:
    """The request body, or None once it grows past ``cap`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _wants_json(request: Request) -> bool:
    return negotiate(request.headers.get("accept"), ["text/html", "application/json"]) == "application/json"


def _answer(request: Request, status: int, *, report: dict | None = None, problems: list | None = None,
            message: str | None = None, filename: str | None = None) -> Response:
    if _wants_json(request):
        if report is not None:
            return JSONResponse({k: v for k, v in report.items() if k != "titre"}, status_code=status,
                                headers={"Vary": "Accept"})
        body: dict[str, Any] = {"error": message or "fichier refusé"}
        if problems is not None:
            body["problems"] = [p.as_dict() for p in problems]
        return JSONResponse(body, status_code=status, headers={"Vary": "Accept"})
    ctx = context(request)
    return ctx.templates.TemplateResponse(request, "analyse.html", {
        "ctx": ctx, "report": report, "problems": problems, "message": message, "filename": filename,
        "max_bytes": MAX_FILE_BYTES}, status_code=status, headers={"Vary": "Accept"})


@router.get("/analyse", name="analyse_form")
async def analyse_form(request: Request) -> Response:
    """The upload form."""
    return _answer(request, 200)


@router.get("/analyse/modele.xlsx", name="analyse_template")
async def analyse_template(request: Request) -> Response:
    """The empty programme template for the post-bac socle V1.1.2022."""
    try:
        reference = await asyncio.to_thread(_reference, request)
    except ReferenceUnavailable as exc:
        return PlainTextResponse(f"modèle indisponible : {exc}\n", status_code=503)
    workbook = await asyncio.to_thread(build_template, reference.catalogue)
    out = io.BytesIO()
    await asyncio.to_thread(workbook.save, out)
    return Response(out.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="modele-programme.xlsx"'})


@router.post("/analyse", name="analyse")
async def analyse(request: Request) -> Response:
    """Analyse the uploaded workbook (see the module docstring); 400, 413, 422, 503 on refusal."""
    body = await _read_capped(request, MAX_FILE_BYTES + FORM_OVERHEAD_BYTES)
    if body is None:
        return _answer(request, 413, message=f"fichier trop volumineux (au plus {MAX_FILE_BYTES} octets)")
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    filename = "classeur.xlsx"
    if media_type == "multipart/form-data":

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            form = await Request(request.scope, receive).form(max_files=1, max_fields=5)
        except Exception as exc:  # the multipart parser raises its own kinds for a malformed envelope
            return _answer(request, 400, message=f"formulaire illisible : {exc}")
        upload = form.get("fichier")
        if upload is None or isinstance(upload, str):
            return _answer(request, 400, message="aucun fichier (champ « fichier » du formulaire)")
        filename = upload.filename or filename
        data = await upload.read()
        await form.close()
    elif media_type in (XLSX, "application/octet-stream"):
        data = body
    else:
        return PlainTextResponse(f"envoyer un classeur XLSX (multipart/form-data ou {XLSX})\n", status_code=415)
    if not data:
        return _answer(request, 400, message="fichier vide")
    if len(data) > MAX_FILE_BYTES:
        return _answer(request, 413, message=f"fichier trop volumineux (au plus {MAX_FILE_BYTES} octets)")
    ctx = context(request)
    try:
        reference = await asyncio.to_thread(_reference, request)
        report = await asyncio.wait_for(asyncio.to_thread(analyse_workbook, data, filename, reference),
                                        timeout=ctx.server.query_timeout)
    except ProgrammeFileError as exc:
        return _answer(request, 422, problems=exc.problems, message=f"{filename} : {len(exc.problems)} problème(s)",
                       filename=filename)
    except TimeoutError:
        return _answer(request, 503, message="l'analyse a dépassé le temps limite")
    except ReferenceUnavailable as exc:
        return _answer(request, 503, message=f"analyse indisponible : {exc}")
    return _answer(request, 200, report=report, filename=filename)
