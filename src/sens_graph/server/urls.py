"""One URL builder for every link the server makes (datasette's ``url_builder.py``).

Routes and templates ask it for paths instead of writing them: ``urls.entity(iri)``,
``urls.document(path, ext)``, ``urls.download(rel)``, ``urls.query(name)``, ``urls.search()``…
Templates reach it as the Jinja global ``urls``.

Reserved segments
-----------------
The linked-data routes answer ``/<path>`` for the entity ``<base><path>``. The action routes
(search, comparison, analysis, the question forms, the editor, downloads, reports…) keep the
addresses issues 5, 9 and 12 fixed, and their first path segment is *reserved*: the linked-data
catch-all refuses an entity path that starts with one of :data:`RESERVED_SEGMENTS` (404), so an
action can never be shadowed by, or shadow, an entity. ``tests/server/test_urls.py`` checks that
every action route starts with a reserved segment and that no IRI of the data under the base does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote, urlencode

from ..layout import CASE_API_PATH, DOWNLOAD_SEGMENT, REPORTS_DIR
from ..namespaces import DEFAULT_BASE_IRI, ONTOLOGY_IRI

SEARCH = "recherche"
COMPARE = "comparer"
ANALYSE = "analyse"
QUERIES = "queries"
EDITOR = "editeur"
SPARQL = "sparql"
DOWNLOADS = "downloads"
STATIC = "static"
WELL_KNOWN = ".well-known"
CASE_API = "ims"
OPENAPI = "openapi.json"
CONTEXT = "context.jsonld"
FAVICON = "favicon.ico"
HEALTH = "health"

RESERVED_SEGMENTS: frozenset[str] = frozenset({
    SEARCH, COMPARE, ANALYSE, QUERIES, EDITOR, SPARQL, DOWNLOADS, DOWNLOAD_SEGMENT, REPORTS_DIR, STATIC,
    WELL_KNOWN, CASE_API, OPENAPI, CONTEXT, FAVICON, HEALTH,
})
"""First path segments of the action routes; never the first segment of an entity path."""


def reserved(path: str) -> bool:
    """True if ``path`` (without the leading ``/``) starts with a reserved segment.

    The segment is compared up to the first ``/`` or ``.`` (``recherche.ttl`` is reserved too)."""
    head = path.lstrip("/").split("/", 1)[0]
    return head in RESERVED_SEGMENTS or head.split(".", 1)[0] in RESERVED_SEGMENTS


MACHINE_SEGMENTS: frozenset[str] = frozenset({
    STATIC, SPARQL, DOWNLOAD_SEGMENT, WELL_KNOWN, CASE_API, OPENAPI, CONTEXT, FAVICON, HEALTH,
})
"""First path segments of the routes that answer machines or files (no interface language)."""


def machine_path(path: str) -> bool:
    """True if ``path`` (``/static/…``, ``/sparql?…``, ``/download/…``) leads to a file, an asset or an API."""
    head = path.lstrip("/").split("?", 1)[0].split("/", 1)[0]
    return head in MACHINE_SEGMENTS


def _query_string(params: Mapping[str, object] | None) -> str:
    given = {k: v for k, v in (params or {}).items() if v is not None}
    return "?" + urlencode(given) if given else ""


def document(path: str, ext: str) -> str:
    """``/<path>.<ext>``: the document about ``<base><path>`` (for code without a server context)."""
    return f"/{path}.{ext}"


def download(rel: str = "") -> str:
    """``/download/<rel>``: a file of ``dist/`` (for code without a server context)."""
    return f"/{DOWNLOAD_SEGMENT}/{rel}"


class Urls:
    """Paths on this server; ``base_iri`` is read at each call (the served build may change)."""

    def __init__(self, base_iri: Callable[[], str]) -> None:
        self._base_iri = base_iri

    def home(self, **params: object) -> str:
        return "/" + _query_string(params)

    def ontology(self) -> str:
        """The ontology's page (its IRI ``<base>def``, under whichever base is served)."""
        return "/" + ONTOLOGY_IRI[len(DEFAULT_BASE_IRI):]

    def alternates(self, path: str, extensions: Mapping[str, str]) -> str:
        """A ``Link`` header value: ``</<path>.<ext>>; rel="alternate"; type="<media>"`` for each
        extension → media type of ``extensions``, comma-separated."""
        return ", ".join(f'<{document(path, ext)}>; rel="alternate"; type="{media}"'
                         for ext, media in extensions.items())

    def entity(self, iri: str | None) -> str | None:
        """The link to an IRI: its path on this server when under the base (hash kept), else the
        IRI itself (None stays None)."""
        if iri is None:
            return None
        return self.local(iri) or iri

    def local(self, iri: str) -> str | None:
        """The path on this server of an IRI under the base, else None."""
        base = self._base_iri()
        if iri.startswith(base) and len(iri) > len(base):
            return "/" + iri[len(base):]
        return None

    @staticmethod
    def document(path: str, ext: str) -> str:
        """The document about ``<base><path>`` in the format of extension ``ext`` (``html``, ``ttl``…)."""
        return document(path, ext)

    @staticmethod
    def download(rel: str = "") -> str:
        """A file of ``dist/`` (``rel`` relative to it, as written by the release: no escaping)."""
        return download(rel)

    def downloads(self) -> str:
        return f"/{DOWNLOADS}"

    def query(self, name: str, **params: object) -> str:
        """The question form (and answer) of library query ``name``."""
        return f"/{QUERIES}/{quote(name)}" + _query_string(params)

    def query_file(self, name: str) -> str:
        return f"/{QUERIES}/{quote(name)}.rq"

    def queries(self) -> str:
        return f"/{QUERIES}"

    def search(self, **params: object) -> str:
        return f"/{SEARCH}" + _query_string(params)

    def compare(self, **params: object) -> str:
        return f"/{COMPARE}" + _query_string(params)

    def analyse(self, rel: str = "") -> str:
        return f"/{ANALYSE}" + (f"/{rel}" if rel else "")

    def editor(self, **params: object) -> str:
        return f"/{EDITOR}" + _query_string(params)

    def sparql(self) -> str:
        return f"/{SPARQL}"

    def reports(self, rel: str = "") -> str:
        return f"/{REPORTS_DIR}/{rel}"

    def static(self, rel: str) -> str:
        return f"/{STATIC}/{rel}"

    def void(self) -> str:
        return f"/{WELL_KNOWN}/void"

    def health(self) -> str:
        return f"/{HEALTH}"

    def case_api(self, rel: str = "") -> str:
        """A resource of the CASE 1.0 API (``rel`` such as ``CFPackages/<id>``)."""
        return f"/{CASE_API_PATH}" + (f"/{rel}" if rel else "")

    def absolute(self, path: str) -> str:
        """``path`` (from this builder) as an IRI under the served base (``<base><path>``)."""
        return self._base_iri() + path.lstrip("/")


__all__ = ["RESERVED_SEGMENTS", "Urls", "document", "download", "reserved"]
