"""HTTP caching of what the build determines: ETag, Last-Modified, Cache-Control, and 304 answers.

* Entity documents and pages: ``ETag: W/"<digest>"``, a SHA-256 of the build's source digest and
  build date, the package version (templates) and the representation (route, media type), so a
  rebuild or a new release changes it; ``Last-Modified``: the build date (``build-info.json``).
* Downloads: ``ETag: W/"<SHA-256 of the file>"`` (as listed in ``SHA256SUMS``), Last-Modified
  the build date; reports (written after the build): their SHA-256 and the file's time.
* ``Cache-Control: public, max-age=300``: caches may reuse an answer for five minutes, then
  revalidate (the server loads a new build within seconds, the validators tell them).
* Conditional GET/HEAD (RFC 9110 §13.1.2, §13.1.3): ``If-None-Match`` (weak comparison, ``*``)
  wins over ``If-Modified-Since``; a match answers ``304 Not Modified`` with the validators.

The ETags are weak because the gzip middleware may change the content coding of a response.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response

from ..version import __version__
from .context import ServerContext

CACHE_CONTROL = "public, max-age=300"
"""Cache-Control of entity documents, pages and downloads."""


@dataclass(frozen=True)
class Validators:
    """The validators of one representation: a weak ETag and the build date (None when unknown)."""

    etag: str
    last_modified: datetime | None

    @property
    def headers(self) -> dict[str, str]:
        """ETag, Last-Modified (HTTP date) and Cache-Control header fields."""
        headers = {"ETag": self.etag, "Cache-Control": CACHE_CONTROL}
        if self.last_modified is not None:
            headers["Last-Modified"] = format_datetime(self.last_modified, usegmt=True)
        return headers


def _build_date(ctx: ServerContext) -> datetime | None:
    text = ctx.dist_info().build_date
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def build_validators(ctx: ServerContext, *representation: str) -> Validators:
    """Validators of a representation computed from the build (documents, pages, VoID…).

    ``representation`` names what else the bytes depend on (route, media type, extra inputs).
    """
    info = ctx.dist_info()  # the served build; dist/'s too, for what lists its files (downloads, VoID)
    files = ctx.dist_build_info()
    material = "\x1f".join((info.source_digest, info.build_date, info.version, files.source_digest,
                            files.build_date, __version__, *representation))
    digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
    return Validators(f'W/"{digest}"', _build_date(ctx))


def file_validators(ctx: ServerContext, sha256: str, modified: datetime | None = None) -> Validators:
    """Validators of a file of dist/: its SHA-256 and ``modified`` (default: the build date)."""
    return Validators(f'W/"{sha256}"', modified or _build_date(ctx))


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(request: Request, validators: Validators, headers: dict[str, str] | None = None) -> Response | None:
    """A 304 answer if the GET/HEAD request's preconditions show the client has this representation.

    ``headers`` are fields the 200 answer would carry that a 304 repeats (``Vary``; RFC 9110 §15.4.5).
    Call it once the resource is known to exist (``If-None-Match: *`` matches any current representation).
    """
    if request.method not in {"GET", "HEAD"}:
        return None
    answer = {**(headers or {}), **validators.headers}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",") if t.strip()]
        if "*" in tags or _opaque(validators.etag) in {_opaque(t) for t in tags}:
            return Response(status_code=304, headers=answer)
        return None
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since and validators.last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return None
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        if validators.last_modified <= since:
            return Response(status_code=304, headers=answer)
    return None
