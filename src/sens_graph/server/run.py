"""``sens-graph serve``: build dist/ if needed, then run the application under uvicorn."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import uvicorn

from ..config import Settings
from ..store import BUILD_INFO, Store
from .app import create_app
from .config import ServerSettings, make_store


def needs_build(settings: Settings) -> bool:
    """dist/ is missing, incomplete, or older than the sources."""
    if not (settings.dist_dir / BUILD_INFO).is_file():
        return True
    from ..build import is_stale

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


def serve(settings: Settings, server: ServerSettings, *, build_first: bool = True, reason: bool = True,
          console: Any = None, access_log: bool = True, sock: socket.socket | None = None) -> None:
    """Build if needed, load the store, and serve until interrupted."""
    if build_first:
        ensure_build(settings, reason=reason, console=console)
    store = make_store(settings, server)
    lock = getattr(store, "lock", None)
    if lock is not None:  # a second server on the same store directory stops here, with a clear error
        lock()
    app = create_app(settings, store, server)
    config = uvicorn.Config(app, host=server.host, port=server.port, access_log=access_log,
                            log_level="info", timeout_graceful_shutdown=5, proxy_headers=False)
    uv = GracefulServer(config, store)
    if console is not None:
        console.print(f"[green]serving[/] {settings.dist_dir} with {store.label}")
    uv.run(sockets=[sock] if sock is not None else None)
