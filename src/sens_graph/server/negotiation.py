"""HTTP content negotiation: Accept (RFC 9110 §12.5.1) and Accept-Encoding (§12.5.3), with q-values.

Kept in the project rather than taken from werkzeug (3.1.9, tried for this): its
``MIMEAccept.best_match`` finds no match for ``application/ld+json; profile="…"`` (JSON-LD
clients send profiles), for a bare ``*`` (sent by Java's HttpURLConnection) and for an empty
Accept header, where this module treats parameters as non-binding, ``*`` as ``*/*`` and no
header as ``*/*``. The most specific matching range decides a type's quality (``text/*;q=0.5,
text/html;q=0`` refuses HTML); ties go to the server's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 ``type/*``, 1 ``*/*``), 0 if none."""
        t, _, s = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == t and self.subtype == "*":
            return 2
        if self.type == t and self.subtype == s:
            return 3
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header (malformed parts are skipped)."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        part = part.strip()
        if not part:
            continue
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if media == "*":
            media = "*/*"
        if "/" not in media:
            continue
        q = 1.0
        params = []
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            key = key.strip().lower()
            value = value.strip().strip('"')
            if key == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
            else:
                params.append((key, value))
        t, _, s = media.partition("/")
        ranges.append(MediaRange(t, s, q, tuple(params)))
    return ranges


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties: the order of ``offered``), or None.

    No (or an empty) Accept header means ``*/*``: the first offered type.
    """
    if not offered:
        return None
    ranges = parse_accept(header)
    if not ranges:
        return offered[0]
    best, best_q = None, 0.0
    for media_type in offered:
        specificity, q = 0, 0.0
        for media_range in ranges:
            level = media_range.matches(media_type)
            if level > specificity:
                specificity, q = level, media_range.q
        if specificity and q > best_q:
            best, best_q = media_type, q
    return best


def prefers_html(header: str | None, others: Sequence[str]) -> bool:
    """True when a client explicitly ranks text/html at least as high as every other offer."""
    ranges = parse_accept(header)
    if not any(r.type == "text" and r.subtype == "html" for r in ranges):
        return False
    return negotiate(header, ["text/html", *others]) == "text/html"


def coding_quality(header: str | None, coding: str) -> float:
    """The quality an Accept-Encoding header gives ``coding`` (RFC 9110 §12.5.3), 0.0 = not acceptable.

    The coding's own entry wins over ``*`` (``gzip;q=0, *`` refuses gzip); a coding the header
    does not name, with no ``*``, is not acceptable. No header at all: 0.0 here, because a server
    only compresses for clients that ask for it (``identity`` is always acceptable then).
    """
    if header is None:
        return 1.0 if coding == "identity" else 0.0
    coding = coding.lower()
    aliases = {coding, "x-gzip"} if coding == "gzip" else {coding}
    own: float | None = None
    star: float | None = None
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        name = pieces[0].lower()
        if not name:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        if name in aliases:
            own = q if own is None else max(own, q)
        elif name == "*":
            star = q
    if own is not None:
        return own
    if star is not None:
        return star
    return 1.0 if coding == "identity" else 0.0
