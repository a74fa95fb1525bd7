"""Per-application state: settings, the store, templates, and what is read from dist/ (cached by mtime)."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, PackageLoader, select_autoescape

from ..config import Settings
from ..errors import QueryError
from ..layout import BUILD_INFO, VOID_FILE
from ..namespaces import DEFAULT_BASE_IRI
from ..queries import Query, read_any_query_file
from ..store import Store, iri_problem
from .config import ServerSettings
from .i18n import Templates
from .urls import Urls

log = logging.getLogger(__name__)

DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENSE_LABEL = "CC BY 4.0"


def load_query_library(queries_dir: Path) -> list[Query]:
    """Every ``queries/*.rq`` (read at start-up) as :class:`~sens_graph.queries.Query` objects.

    Files with the library header give title, French and English questions and parameters; any
    other file's leading comment is its title and description
    (:func:`sens_graph.queries.read_any_query_file`). A file whose library header is malformed is
    shown as a plain file (title from its first comment line), with a warning in the log.
    """
    library: list[Query] = []
    if not queries_dir.is_dir():
        return library
    for path in sorted(queries_dir.glob("*.rq")):
        try:
            library.append(read_any_query_file(path))
        except QueryError as exc:
            log.warning("query shown without its header: %s", exc)
            library.append(read_any_query_file(path, use_header=False))
    return library


def runnable_text(query: Query, base_iri: str) -> str:
    """The query text a client can run as is: the file as written, or, for a library query served
    under another public base, the text with the ``BASE`` line rewritten (defaults bound)."""
    if query.has_header and base_iri and base_iri != DEFAULT_BASE_IRI:
        return query.sparql(base_iri=base_iri)
    return query.text


@dataclass(frozen=True)
class DistInfo:
    """build-info.json of the served build (empty values when dist/ has none)."""

    base_iri: str
    version: str = ""
    build_date: str = ""
    source_digest: str = ""
    graphs: dict[str, int] = field(default_factory=dict)
    present: bool = False

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


_SAFE_IRI = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')


def safe_iri(iri: str) -> bool:
    """True if the text is an absolute IRI (RFC 3987, as Oxigraph reads it) that can stand
    between ``<`` and ``>`` in a SPARQL query; relative references and malformed IRIs are not."""
    return bool(_SAFE_IRI.match(iri)) and iri_problem(iri) is None


class ServerContext:
    """Everything a request handler needs; one per application (``app.state.ctx``)."""

    def __init__(self, settings: Settings, server: ServerSettings, store: Store) -> None:
        self.settings = settings
        self.server = server
        self.store = store
        env = Environment(loader=PackageLoader("sens_graph.server", "templates"),
                          autoescape=select_autoescape(["html", "xml"]), trim_blocks=True, lstrip_blocks=True)
        self.urls = Urls(lambda: self.base_iri)
        env.globals["urls"] = self.urls
        self.templates = Templates(env=env)  # keeps ?lang=en in links and forms
        self._dist_key: tuple[float, int] | None = None
        self._dist_info: DistInfo | None = None
        self._served_key: str | None = None
        self._served_info: DistInfo | None = None
        self._sha_cache: dict[tuple[str, int, int], str] = {}
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.library = load_query_library(settings.queries_dir)

    @property
    def dist_dir(self) -> Path:
        return self.settings.dist_dir

    def dist_info(self) -> DistInfo:
        """build-info.json of the build the store answers from (``store.served_build``), which
        differs from dist/'s while a new build is not loaded yet or failed to load; dist/'s when
        the store does not say (a remote store)."""
        info = self.dist_build_info()  # also clears the cache when dist/ changes (files read from it)
        served = getattr(self.store, "served_build", None)
        if not served:
            if self._served_key is not None:
                self._served_key = None
                self.cache.clear()
            return info
        key = f"{self.store.generation}:{id(served)}"
        if self._served_info is None or key != self._served_key:
            self._served_info = self._build_info_from(served)
            self._served_key = key
            self.cache.clear()
        return self._served_info

    def _build_info_from(self, raw: dict[str, Any]) -> DistInfo:
        return DistInfo(base_iri=raw.get("base_iri") or self.settings.base_iri,
                        version=str(raw.get("version", "")), build_date=str(raw.get("build_date", "")),
                        source_digest=str(raw.get("source_digest", "")),
                        graphs={str(k): int(v) for k, v in (raw.get("graphs") or {}).items()},
                        present=True)

    def dist_build_info(self) -> DistInfo:
        """build-info.json of dist/ as it is on disk (the files /downloads lists), cached by mtime."""
        path = self.dist_dir / BUILD_INFO
        try:
            stat = path.stat()
            key = (stat.st_mtime, stat.st_size)
        except OSError:
            key = None
        if self._dist_info is None or key != self._dist_key:
            info = DistInfo(base_iri=self.settings.base_iri)
            if key is not None:
                try:
                    info = self._build_info_from(json.loads(path.read_text(encoding="utf-8")))
                except (OSError, ValueError):  # being rewritten by a build: keep the last one read
                    return self._dist_info or info
            self.cache.clear()
            self._dist_info, self._dist_key = info, key
        return self._dist_info

    def void_path(self) -> Path:
        """void.ttl of the served build (kept in its store generation), else dist/void.ttl."""
        served = getattr(self.store, "served_void", None)
        return served if served is not None and served.is_file() else self.dist_dir / VOID_FILE

    @property
    def base_iri(self) -> str:
        return self.dist_info().base_iri

    def local_href(self, iri: str) -> str | None:
        """The path on this server of an IRI under the base (hash kept), else None (:meth:`Urls.local`)."""
        return self.urls.local(iri)

    def sha256(self, path: Path) -> str:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self._sha_cache:
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 16), b""):
                    digest.update(chunk)
            self._sha_cache[key] = digest.hexdigest()
        return self._sha_cache[key]


def context(request: Request) -> ServerContext:
    """The ServerContext of the application serving ``request``."""
    return request.app.state.ctx
