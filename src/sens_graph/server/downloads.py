"""Downloads (``/downloads`` page, files at ``/download/<path>``), VoID/DCAT, and ``/reports``.

The file URLs match the ``dcat:downloadURL`` IRIs of ``dist/void.ttl`` (``<base>download/<path>``).
``/.well-known/void`` serves ``dist/void.ttl`` plus this server's endpoint and access URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from rdflib import Graph
from rdflib.namespace import RDF, VOID

from ..catalog import minimal_dataset_description, served_description
from ..layout import CHECKSUMS, REPORTS_DIR, is_release_file, media_type_of
from ..layout import DOWNLOAD_GROUPS as GROUPS
from ..layout import download_group as _group
from ..namespaces import PREFIXES
from . import urls
from .caching import build_validators, file_validators, not_modified
from .context import DATA_LICENSE, DATA_LICENSE_LABEL, ServerContext, context
from .http import GRAPH_MEDIA_TYPES, convert_turtle, with_charset
from .i18n import language
from .negotiation import negotiate, prefers_html

router = APIRouter()



@dataclass(frozen=True)
class DownloadFile:
    rel: str
    group: str
    size: int
    sha256: str
    media_type: str

    @property
    def href(self) -> str:
        return urls.download(self.rel)

    @property
    def human_size(self) -> str:
        size = float(self.size)
        for unit in ("B", "KiB", "MiB", "GiB"):
            if size < 1024 or unit == "GiB":
                return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
            size /= 1024
        return f"{self.size} B"


def _checksums(dist: Path) -> dict[str, str]:
    sums = {}
    path = dist / CHECKSUMS
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            digest, _, rel = line.partition("  ")
            if digest and rel:
                sums[rel.strip()] = digest.strip()
    return sums


def list_downloads(ctx: ServerContext) -> list[DownloadFile]:
    """Every file of dist/ (reports excepted), with size and SHA-256 (from SHA256SUMS when listed)."""
    dist = ctx.dist_dir
    if not dist.is_dir():
        return []
    sums = _checksums(dist)
    files = []
    for path in sorted(dist.rglob("*")):
        rel = path.relative_to(dist).as_posix()
        if not path.is_file() or not is_release_file(rel):
            continue
        stat = path.stat()
        digest = sums.get(rel) or ctx.sha256(path)
        files.append(DownloadFile(rel, _group(rel), stat.st_size, digest, media_type_of(path)))
    order = [g for g, _ in GROUPS]
    return sorted(files, key=lambda f: (order.index(f.group), f.rel))


def _inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` if it names a path inside ``root`` (no ``..``, no hidden part, no NUL or other
    control character, nothing the file system refuses), else None (the caller answers 404)."""
    if not rel or any(part in {"", ".", ".."} or part.startswith(".") for part in rel.split("/")):
        return None
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in rel):
        return None
    try:
        candidate = (root / rel).resolve()
        candidate.relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    return candidate


@router.get("/downloads", name="downloads")
async def downloads_page(request: Request) -> Response:
    """The downloads, as HTML for browsers or JSON."""
    ctx = context(request)
    chosen = negotiate(request.headers.get("accept"), ["text/html", "application/json"])
    validators = build_validators(ctx, "downloads", chosen or "text/html", str(request.base_url),
                                  language(request))
    if (unchanged := not_modified(request, validators, {"Vary": "Accept"})) is not None:
        return unchanged
    files = list_downloads(ctx)
    info = ctx.dist_info()  # the build the store serves
    files_info = ctx.dist_build_info()  # the build whose files dist/ holds (newer if not loaded yet)
    headers = {"Vary": "Accept", **validators.headers}
    if chosen == "application/json":
        return JSONResponse({
            "version": info.version, "build_date": info.build_date, "source_digest": info.source_digest,
            "files_build": {"version": files_info.version, "build_date": files_info.build_date,
                            "source_digest": files_info.source_digest,
                            "served": (files_info.build_date, files_info.source_digest)
                            == (info.build_date, info.source_digest)},
            "license": DATA_LICENSE,
            "files": [{"path": f.rel, "url": str(request.base_url) + f.href.lstrip("/"), "group": f.group,
                       "size": f.size, "sha256": f.sha256, "media_type": f.media_type} for f in files],
        }, headers=headers)
    grouped = [(key, title, [f for f in files if f.group == key]) for key, title in GROUPS]
    return ctx.templates.TemplateResponse(request, "downloads.html", {
        "ctx": ctx, "info": info, "files_info": files_info, "groups": [g for g in grouped if g[2]],
        "license": DATA_LICENSE,
        "license_label": DATA_LICENSE_LABEL}, headers=headers)


@router.api_route("/download/{rel:path}", methods=["GET", "HEAD"], name="download")
async def download_file(rel: str, request: Request) -> Response:
    ctx = context(request)
    if rel.startswith(f"{REPORTS_DIR}/"):
        return PlainTextResponse("not found\n", status_code=404)
    path = _inside(ctx.dist_dir, rel)
    if path is None or not path.is_file():
        return PlainTextResponse(f"aucun fichier : {rel}\n", status_code=404)
    validators = file_validators(ctx, _checksums(ctx.dist_dir).get(rel) or ctx.sha256(path))
    if (unchanged := not_modified(request, validators)) is not None:
        return unchanged
    return FileResponse(path, media_type=with_charset(media_type_of(path)), headers=validators.headers)


def void_turtle(ctx: ServerContext, server_root: str) -> str:
    """dist/void.ttl (or a minimal description) plus this server's endpoint and access URLs.

    Every triple comes from :mod:`sens_graph.catalog` (the release's description as written, or
    :func:`~sens_graph.catalog.minimal_dataset_description`, and
    :func:`~sens_graph.catalog.served_description`); this function only joins them."""
    info = ctx.dist_info()
    base = info.base_iri
    void_path = ctx.void_path()  # the served build's copy, not dist/'s if they differ
    triples: list[ox.Triple] = []
    if void_path.is_file():
        triples = [q.triple for q in ox.parse(path=str(void_path), format=ox.RdfFormat.TURTLE)]
    dataset = ox.NamedNode(f"{base}dataset")
    if not any(t.subject == dataset and t.predicate.value == str(RDF.type) and t.object.value == str(VOID.Dataset)
               for t in triples):
        triples += _ox_triples(minimal_dataset_description(base, info.triples, info.version))
    triples += _ox_triples(served_description(base, server_root, (f.rel for f in list_downloads(ctx))))
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix in _VOID_PREFIXES}
    unique = list(dict.fromkeys(triples))
    return ox.serialize(unique, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


_VOID_PREFIXES = ("void", "dcat", "dcterms", "spdx", "vcard", "foaf", "skos", "sd", "xsd", "owl")


def _ox_triples(graph: Graph) -> list[ox.Triple]:
    """rdflib graph → pyoxigraph triples, in a stable order (sorted N-Triples)."""
    lines = sorted(line for line in graph.serialize(format="nt").split("\n") if line)  # not splitlines(): U+2028
    return [q.triple for q in ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


@router.api_route("/context.jsonld", methods=["GET", "HEAD"], name="jsonld_context")
async def jsonld_context(request: Request) -> Response:
    """The build's JSON-LD context, at ``<base>context.jsonld`` (usable as ``"@context": "<that IRI>"``)."""
    ctx = context(request)
    path = ctx.dist_dir / "context.jsonld"
    if not path.is_file():
        return PlainTextResponse("no JSON-LD context in this build (dist/context.jsonld)\n", status_code=404)
    return FileResponse(path, media_type=with_charset("application/ld+json"),
                        headers={"Access-Control-Allow-Origin": "*"})


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], name="void")
async def void(request: Request) -> Response:
    """VoID + DCAT description of the dataset (Turtle by default; text/plain for browsers)."""
    ctx = context(request)
    accept = request.headers.get("accept")
    as_text = prefers_html(accept, list(GRAPH_MEDIA_TYPES))
    chosen = negotiate(accept, list(GRAPH_MEDIA_TYPES))
    validators = build_validators(ctx, "void", "text/plain" if as_text else str(chosen), str(request.base_url))
    unchanged = not_modified(request, validators, {"Vary": "Accept"}) if as_text or chosen is not None else None
    if unchanged is not None:
        return unchanged
    turtle = void_turtle(ctx, str(request.base_url))
    if as_text:
        return Response(turtle, media_type="text/plain; charset=utf-8",
                        headers={"Vary": "Accept", **validators.headers})
    if chosen is None:
        return PlainTextResponse("available as " + ", ".join(sorted(set(GRAPH_MEDIA_TYPES.values()))) + "\n",
                                 status_code=406, headers={"Vary": "Accept"})
    media_type = GRAPH_MEDIA_TYPES[chosen]
    body = convert_turtle(turtle, media_type)
    return Response(body, media_type=with_charset(media_type), headers={"Vary": "Accept", **validators.headers})


@router.api_route("/dataset", methods=["GET", "HEAD"], include_in_schema=False)
async def dataset(request: Request) -> Response:
    """The dataset IRI (``<base>dataset``) is described by the VoID document."""
    return RedirectResponse(context(request).urls.void(), status_code=303, headers={"Vary": "Accept"})


@router.api_route("/reports", methods=["GET", "HEAD"], name="reports")
@router.api_route("/reports/{rel:path}", methods=["GET", "HEAD"])
async def reports(request: Request, rel: str = "") -> Response:
    """Serve dist/reports/ (written by the reports module) if it exists."""
    ctx = context(request)
    root = ctx.dist_dir / REPORTS_DIR
    if not root.is_dir():
        return ctx.templates.TemplateResponse(
            request, "error.html", {"ctx": ctx, "status": 404,
                                    "message": "Aucun rapport dans cette construction (dist/reports/ n'existe pas)."},
            status_code=404)
    rel = rel.strip("/")
    target = root if not rel else _inside(root, rel)
    if target is None or not target.exists():
        return PlainTextResponse(f"no such report: {rel}\n", status_code=404)
    if target.is_dir():
        if not request.url.path.endswith("/"):
            return RedirectResponse(request.url.path + "/", status_code=307)
        index = target / "index.html"
        if index.is_file():
            return _report_file(request, ctx, index)
        entries = sorted(p for p in target.iterdir() if not p.name.startswith("."))
        return ctx.templates.TemplateResponse(request, "listing.html", {
            "ctx": ctx, "title": f"Rapports /{rel}" if rel else "Rapports",
            "entries": [(p.name + ("/" if p.is_dir() else ""), p.stat().st_size if p.is_file() else None)
                        for p in entries]})
    return _report_file(request, ctx, target)


def _report_file(request: Request, ctx: ServerContext, path: Path) -> Response:
    """A report file with its validators (SHA-256, the file's time: reports are written after the build)."""
    modified = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    validators = file_validators(ctx, ctx.sha256(path), modified)
    if (unchanged := not_modified(request, validators)) is not None:
        return unchanged
    return FileResponse(path, media_type=with_charset(media_type_of(path)), headers=validators.headers)
