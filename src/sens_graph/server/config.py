"""Server options (host, port, limits, where the store lives) and the store they select."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..store import OxigraphStore, RemoteSparqlStore, Store, default_workers
from ..store.result_cache import DEFAULT_RESULT_CACHE_BYTES


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class ServerSettings:
    """Options of ``sens-graph serve``; each has an environment variable (``SENS_GRAPH_…``).

    ``remote_endpoint`` switches from the embedded Oxigraph store to a remote SPARQL 1.1
    endpoint (the dataset then lives there; dist/ still provides the downloads and metadata).
    """

    host: str = field(default_factory=lambda: os.environ.get("SENS_GRAPH_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _env_int("SENS_GRAPH_PORT", 8000))
    query_timeout: float = field(default_factory=lambda: _env_float("SENS_GRAPH_QUERY_TIMEOUT", 10.0))
    queue_timeout: float = field(default_factory=lambda: _env_float("SENS_GRAPH_QUEUE_TIMEOUT", 30.0))
    max_result_bytes: int = field(default_factory=lambda: _env_int("SENS_GRAPH_MAX_RESULT_BYTES", 64 * 1024 * 1024))
    max_query_bytes: int = 1024 * 1024
    max_request_line: int = field(default_factory=lambda: _env_int("SENS_GRAPH_MAX_REQUEST_LINE", 1024 * 1024))
    max_header_bytes: int = field(default_factory=lambda: _env_int("SENS_GRAPH_MAX_HEADER_BYTES", 64 * 1024))
    workers: int = field(default_factory=lambda: _env_int("SENS_GRAPH_QUERY_WORKERS", default_workers()))
    result_cache_bytes: int = field(
        default_factory=lambda: _env_int("SENS_GRAPH_RESULT_CACHE_BYTES", DEFAULT_RESULT_CACHE_BYTES))
    """Bound of the answers the embedded store keeps per build (0: none kept, identical queries not shared)."""
    store_dir: Path | None = field(
        default_factory=lambda: Path(p) if (p := os.environ.get("SENS_GRAPH_STORE_DIR")) else None)
    remote_endpoint: str | None = field(default_factory=lambda: os.environ.get("SENS_GRAPH_SPARQL_ENDPOINT") or None)
    reload_interval: float = field(default_factory=lambda: _env_float("SENS_GRAPH_RELOAD_INTERVAL", 5.0))
    remake_reports: bool = False
    """Remake dist/reports in the background after each reload of a new build (``sens-graph serve`` sets it)."""
    cors_origins: tuple[str, ...] = ("*",)
    incoming_links_limit: int = 500

    def store_path(self, settings: Settings) -> Path:
        """Where the on-disk store lives: ``var/store`` in the project unless configured."""
        return self.store_dir if self.store_dir is not None else settings.project_dir / "var" / "store"


def make_store(settings: Settings, server: ServerSettings) -> Store:
    """The store the options select: a remote endpoint if one is configured, else embedded Oxigraph."""
    if server.remote_endpoint:
        return RemoteSparqlStore(server.remote_endpoint, timeout=server.query_timeout,
                                 max_bytes=server.max_result_bytes)
    return OxigraphStore(settings.dist_dir, server.store_path(settings), workers=server.workers,
                         timeout=server.query_timeout, max_bytes=server.max_result_bytes,
                         queue_timeout=server.queue_timeout, result_cache_bytes=server.result_cache_bytes)
