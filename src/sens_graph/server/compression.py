"""gzip content coding for the responses, decided from the request and response headers only.

Starlette's ``GZipMiddleware`` looks for the substring ``gzip`` in Accept-Encoding (so
``gzip;q=0`` still got gzip) and decides from the length of the first body chunk (so HEAD,
whose body is empty, reported identity while GET was gzip). Here the decision uses only what
GET and HEAD share: the client's Accept-Encoding (RFC 9110 §12.5.3, q=0 refuses), the response's
status, Content-Type, Content-Encoding and Content-Length. A compressed response drops
Content-Length (it is streamed), for GET and HEAD alike.
"""

from __future__ import annotations

import zlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .negotiation import coding_quality

COMPRESSIBLE_MEDIA_TYPES = frozenset({
    "application/json", "application/ld+json", "application/xml", "application/rdf+xml",
    "application/n-triples", "application/n-quads", "application/trig", "application/sparql-query",
    "application/sparql-results+json", "application/sparql-results+xml", "application/javascript",
    "image/svg+xml",
})
"""Media types worth compressing besides ``text/*`` (never ``application/gzip``, PDF, PNG, XLSX)."""


def compressible(content_type: str | None) -> bool:
    """True for text formats (``text/*``, JSON, XML, RDF syntaxes, SVG)."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return (media_type.startswith("text/") or media_type in COMPRESSIBLE_MEDIA_TYPES
            or media_type.endswith(("+json", "+xml")))


class NegotiatedGZipMiddleware:
    """gzip the responses of at least ``minimum_size`` bytes (or of unknown length) for clients that accept it."""

    def __init__(self, app: ASGIApp, minimum_size: int = 1024, compresslevel: int = 5) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accepts_gzip = coding_quality(Headers(scope=scope).get("accept-encoding"), "gzip") > 0
        compressor: zlib._Compress | None = None

        async def send_encoded(message: Message) -> None:
            nonlocal compressor
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=message["headers"])
                if self._eligible(message["status"], headers):
                    headers.add_vary_header("Accept-Encoding")
                    if accepts_gzip:
                        headers["Content-Encoding"] = "gzip"
                        if "content-length" in headers:
                            del headers["content-length"]
                        compressor = zlib.compressobj(self.compresslevel, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            elif message["type"] == "http.response.body" and compressor is not None:
                more_body = message.get("more_body", False)
                data = compressor.compress(message.get("body", b""))
                if not more_body:
                    data += compressor.flush()
                    compressor = None
                if scope["method"] == "HEAD":
                    data = b""
                message = {"type": "http.response.body", "body": data, "more_body": more_body}
            await send(message)

        await self.app(scope, receive, send_encoded)

    def _eligible(self, status: int, headers: MutableHeaders) -> bool:
        if status < 200 or status in {204, 206, 304} or "content-encoding" in headers:
            return False
        if not compressible(headers.get("content-type")):
            return False
        length = headers.get("content-length")
        return length is None or not length.isdigit() or int(length) >= self.minimum_size
