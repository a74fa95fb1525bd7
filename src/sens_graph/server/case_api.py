"""Read-only CASE 1.0 provider API (``/ims/case/v1p0/…``) over the packages in ``dist/case/``.

Follows the IMS CASE Service OpenAPI 1.0 (Swagger 2.0, base path ``/ims/case/v1p0``, GET; HEAD answers like GET):

- ``GET /CFDocuments`` → ``{"CFDocuments": [CFDocument…]}`` with ``limit`` (≥ 1, default 100),
  ``offset`` (≥ 0, default 0), ``sort`` (a CFDocument field) and ``orderBy`` (``asc``|``desc``);
  ``X-Total-Count`` gives the number of documents. ``filter`` and ``fields`` are not supported
  (400, ``imsx_codeMajor`` ``unsupported``).
- ``GET /CFDocuments/{id}``, ``/CFPackages/{id}``, ``/CFItems/{id}``, ``/CFAssociations/{id}``.

Single objects get what the Swagger file requires outside a package: ``CFPackageURI`` on a
CFDocument, ``CFDocumentURI`` (a LinkURI) on a CFItem and a CFAssociation. An unknown identifier
answers 404 with an ``imsx_StatusInfo`` (``unknownobject``), a malformed one 404 with
``invaliduuid`` (as the Swagger 404 description says). The packages are the build's files, re-read
when a new build is served (the index lives in the context's per-build cache).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ..layout import CASE_API_PATH
from .context import ServerContext, context

router = APIRouter(prefix=f"/{CASE_API_PATH}")

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DOCUMENT_FIELDS = ("identifier", "uri", "creator", "title", "lastChangeDateTime", "publisher", "description",
                   "language", "version")
"""CFDocument fields ``sort`` accepts."""


@dataclass
class CaseIndex:
    """The CASE objects of every package of ``dist/case/``, by identifier."""

    packages: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    associations: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)


def load_index(ctx: ServerContext) -> CaseIndex:
    """The index for the build being served (cached until ``dist/build-info.json`` changes)."""
    ctx.dist_info()  # clears ctx.cache when a new build is served
    key = ("case-index",)
    if key not in ctx.cache:
        index = CaseIndex()
        folder = ctx.dist_dir / "case"
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            package = json.loads(path.read_text(encoding="utf-8"))
            document = package["CFDocument"]
            index.packages[document["identifier"]] = package
            for item in package.get("CFItems", []):
                index.items.setdefault(item["identifier"], (item, document))
            for association in package.get("CFAssociations", []):
                index.associations.setdefault(association["identifier"], (association, document))
        ctx.cache[key] = index
    return ctx.cache[key]


def status_info(status: int, code_minor: str, description: str, *, major: str = "failure",
                field_name: str = "sourcedId") -> JSONResponse:
    """An ``imsx_StatusInfo`` error body (codeMajor, severity, description, codeMinor naming ``field_name``)."""
    body = {
        "imsx_codeMajor": major,
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": field_name,
                                                    "imsx_codeMinorFieldValue": code_minor}]},
    }
    return JSONResponse(body, status_code=status)


def _lookup(table: dict[str, Any], sourced_id: str, kind: str) -> Any | JSONResponse:
    if not _UUID.match(sourced_id):
        return status_info(404, "invaliduuid", f"Invalid UUID: {sourced_id!r} is not a lower-case UUID")
    if sourced_id not in table:
        return status_info(404, "unknownobject", f"Unknown Object: no {kind} {sourced_id}")
    return table[sourced_id]


def _document_link(document: dict[str, Any]) -> dict[str, str]:
    return {"title": document["title"], "identifier": document["identifier"], "uri": document["uri"]}


def standalone_document(ctx: ServerContext, document: dict[str, Any]) -> dict[str, Any]:
    """A CFDocument outside its package: the package fields plus ``CFPackageURI``."""
    uri = ctx.urls.absolute(ctx.urls.case_api(f"CFPackages/{document['identifier']}"))
    return {**document, "CFPackageURI": {"title": document["title"], "identifier": document["identifier"],
                                         "uri": uri}}


@router.api_route("/CFDocuments", methods=["GET", "HEAD"])
def get_all_documents(request: Request, limit: str = Query("100"), offset: str = Query("0"),
                      sort: str | None = None, orderBy: str | None = None,
                      filter: str | None = None, fields: str | None = None) -> JSONResponse:
    """Every CFDocument, paged by ``limit``/``offset`` and sorted by ``sort``/``orderBy``."""
    ctx = context(request)
    if not limit.isdigit() or int(limit) < 1:
        return status_info(400, "invalid_selection_field", f"limit must be an integer ≥ 1, not {limit!r}",
                           field_name="limit")
    if not offset.isdigit():
        return status_info(400, "invalid_selection_field", f"offset must be an integer ≥ 0, not {offset!r}",
                           field_name="offset")
    for name, value in (("filter", filter), ("fields", fields)):
        if value is not None:
            return status_info(400, "invalid_selection_field", f"{name} is not supported by this provider",
                               major="unsupported", field_name=name)
    if orderBy is not None and orderBy not in ("asc", "desc"):
        return status_info(400, "invalid_sort_field", "orderBy must be asc or desc", field_name="orderBy")
    if sort is not None and sort not in DOCUMENT_FIELDS:
        return status_info(400, "invalid_sort_field", f"sort must be one of {', '.join(DOCUMENT_FIELDS)}",
                           field_name="sort")
    documents = [standalone_document(ctx, p["CFDocument"]) for p in load_index(ctx).packages.values()]
    documents.sort(key=lambda d: (str(d.get(sort or "title", "")), d["identifier"]), reverse=orderBy == "desc")
    page = documents[int(offset):int(offset) + int(limit)]
    return JSONResponse({"CFDocuments": page}, headers={"X-Total-Count": str(len(documents))})


@router.api_route("/CFDocuments/{sourcedId}", methods=["GET", "HEAD"])
def get_document(request: Request, sourcedId: str) -> JSONResponse:
    """One CFDocument (with ``CFPackageURI``)."""
    ctx = context(request)
    found = _lookup(load_index(ctx).packages, sourcedId, "CFDocument")
    if isinstance(found, JSONResponse):
        return found
    return JSONResponse(standalone_document(ctx, found["CFDocument"]))


@router.api_route("/CFPackages/{sourcedId}", methods=["GET", "HEAD"])
def get_package(request: Request, sourcedId: str) -> JSONResponse:
    """One CFPackage, as written by the build."""
    found = _lookup(load_index(context(request)).packages, sourcedId, "CFPackage")
    return found if isinstance(found, JSONResponse) else JSONResponse(found)


def _with_document(table: dict[str, tuple[dict[str, Any], dict[str, Any]]], sourced_id: str,
                   kind: str) -> JSONResponse:
    """One CFItem or CFAssociation (``kind``) of ``table`` with ``CFDocumentURI``, or the 404 status info."""
    found = _lookup(table, sourced_id, kind)
    if isinstance(found, JSONResponse):
        return found
    record, document = found
    return JSONResponse({**record, "CFDocumentURI": _document_link(document)})


@router.api_route("/CFItems/{sourcedId}", methods=["GET", "HEAD"])
def get_item(request: Request, sourcedId: str) -> JSONResponse:
    """One CFItem with ``CFDocumentURI``."""
    return _with_document(load_index(context(request)).items, sourcedId, "CFItem")


@router.api_route("/CFAssociations/{sourcedId}", methods=["GET", "HEAD"])
def get_association(request: Request, sourcedId: str) -> JSONResponse:
    """One CFAssociation with ``CFDocumentURI``."""
    return _with_document(load_index(context(request)).associations, sourcedId, "CFAssociation")
