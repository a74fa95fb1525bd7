"""``sens-graph serve``: build dist/ if needed, then run the application under uvicorn."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from dataclasses import replace
from typing import Any

import uvicorn

from ..config import Settings
from ..layout import BUILD_INFO, REPORTS_DIR
from ..store import Store
from .app import create_app
from .config import ServerSettings, make_store
from .protocol import BoundedH11Protocol

log = logging.getLogger("sens_graph.server")


def needs_build(settings: Settings) -> bool:
    """dist/ is missing, incomplete, or older than the sources."""
    if not (settings.dist_dir / BUILD_INFO).is_file():
        return True
    from ..release_info import is_stale

    return is_stale(settings)


def ensure_build(settings: Settings, *, reason: bool = True, console: Any = None) -> bool:
    """Build dist/ if it is missing or stale; True if a build ran."""
    if not needs_build(settings):
        return False
    from ..build import build
    from ..errors import ReasonerUnavailable

    try:
        build(settings, console=console, reason=reason)
    except ReasonerUnavailable as exc:  # no Java on this machine: serve all the same, and say so
        if console is not None:
            console.print(f"[yellow]warning:[/] {exc}; building without the OWL consistency check",
                          markup=True, highlight=False)
        build(settings, console=console, reason=False)
    return True


class GracefulServer(uvicorn.Server):
    """uvicorn's server, whose shutdown stops the store's queries still running one second before
    the grace period ends, so that their clients get 503 (retry) rather than a 500 or a reset."""

    def __init__(self, config: uvicorn.Config, store: Store) -> None:
        super().__init__(config)
        self.store = store

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        grace = self.config.timeout_graceful_shutdown or 0
        abort = getattr(self.store, "abort_running", None)
        handle = (asyncio.get_running_loop().call_later(max(0.0, grace - 1.0), abort)
                  if abort is not None else None)
        try:
            await super().shutdown(sockets)
        finally:
            if handle is not None:
                handle.cancel()


def uvicorn_config(app: Any, server: ServerSettings, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for ``app``: host, port, and the HTTP protocol with answered head limits.

    Request lines over ``server.max_request_line`` bytes get 414 (use POST), header sections
    over ``server.max_header_bytes`` get 431, both with a body and no connection reset
    (:mod:`sens_graph.server.protocol`).
    """
    protocol = BoundedH11Protocol.with_limits(server.max_request_line, server.max_header_bytes)
    settings: dict[str, Any] = {"host": server.host, "port": server.port, "timeout_graceful_shutdown": 5,
                                "proxy_headers": False, "http": protocol,
                                "h11_max_incomplete_event_size": protocol.h11_buffer_size()}
    settings.update(options)
    return uvicorn.Config(app, **settings)


def reports_are_current(settings: Settings) -> bool:
    """True when ``dist/reports`` was made from the current build (same source digest)."""
    from ..release_info import read_build_info
    from ..reports import INFO_NAME

    info_path = settings.dist_dir / REPORTS_DIR / INFO_NAME
    build_info = read_build_info(settings)
    if build_info is None or not info_path.is_file():
        return False
    try:
        report_info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return report_info.get("source_digest") == build_info.get("source_digest") and bool(report_info.get("built"))


def ensure_reports(settings: Settings, *, console: Any = None) -> bool:
    """Make the accreditation reports (``dist/reports``, every format) unless they match the build.

    Returns True if reports were written. A failure is reported on ``console`` and the server
    goes on without (or with the previous) reports: the graph is still worth serving.
    """
    if reports_are_current(settings):
        return False
    from ..reports import generate_reports

    try:
        if console is not None:
            with console.status("rapports (HTML, XLSX, PDF, CSV)…"):
                result = generate_reports(settings)
            console.print(f"[green]✓[/] reports written to {result.out_dir}")
        else:
            generate_reports(settings)
    except Exception as exc:  # the graph is still worth serving; the smoke test of .ci/run catches this
        log.warning("reports not made: %s: %s", type(exc).__name__, exc)
        if console is not None:
            console.print(f"[yellow]warning:[/] reports not made: {type(exc).__name__}: {exc}",
                          markup=True, highlight=False)
        return False
    return True


def serve(settings: Settings, server: ServerSettings, *, build_first: bool = True, reason: bool = True,
          console: Any = None, access_log: bool = True, sock: socket.socket | None = None,
          make_reports: bool = True) -> None:
    """Build if needed, make the reports if they are older than the build, load the store, serve."""
    if build_first:
        ensure_build(settings, reason=reason, console=console)
    if make_reports:
        ensure_reports(settings, console=console)
        server = replace(server, remake_reports=True)  # and again after each new build, while serving
    store = make_store(settings, server)
    lock = getattr(store, "lock", None)
    if lock is not None:  # a second server on the same store directory stops here, with a clear error
        lock()
    app = create_app(settings, store, server)
    config = uvicorn_config(app, server, access_log=access_log, log_level="info")
    uv = GracefulServer(config, store)
    if console is not None:
        console.print(f"[green]serving[/] {settings.dist_dir} with {store.label}")
    uv.run(sockets=[sock] if sock is not None else None)
