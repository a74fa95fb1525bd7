"""The embedded store: ``dist/`` loaded into an on-disk Oxigraph generation, queried by a worker pool."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreFailure, StoreLocked
from ..layout import BUILD_INFO
from .generations import LOADED_MARK, SERVED_VOID, dist_generation, load_generation, prune_generations, read_loaded_mark
from .interface import QueryRequest, QueryResponse
from .policy import check_graph_iris, check_query
from .pool import WorkerPool, default_workers
from .result_cache import DEFAULT_RESULT_CACHE_BYTES, ResultCache
from .worker import raise_for_header

log = logging.getLogger(__name__)

LOCK_FILE = "LOCK"
"""The store directory's lock file (``flock``): one server per store directory."""


@dataclass
class OxigraphStore:
    """The embedded store: ``dist/`` loaded into ``store_dir/<generation>``, queried by worker processes."""

    dist_dir: Path
    store_dir: Path
    workers: int = field(default_factory=default_workers)
    timeout: float = 10.0
    max_bytes: int | None = 64 * 1024 * 1024
    queue_timeout: float | None = None
    demote_after: float | None = 0.2
    """A query running longer than this yields the CPU to shorter ones (SCHED_IDLE); None: never."""
    result_cache_bytes: int = DEFAULT_RESULT_CACHE_BYTES
    """Bound of the answers kept per generation (:mod:`.result_cache`); 0: none kept, none shared."""
    _cache: ResultCache | None = field(default=None, init=False, repr=False)
    _pool: WorkerPool | None = field(default=None, init=False, repr=False)
    _path: Path | None = field(default=None, init=False, repr=False)
    _generation: str = field(default="", init=False, repr=False)
    _lock: asyncio.Lock | None = field(default=None, init=False, repr=False)
    _lock_file: Any = field(default=None, init=False, repr=False)
    _served: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _reload_failure: tuple[str, str] | None = field(default=None, init=False, repr=False)
    _repairs: int = field(default=0, init=False, repr=False)
    _corruption: str | None = field(default=None, init=False, repr=False)

    @property
    def label(self) -> str:
        """``embedded Oxigraph store <generation path> (<n> query workers)``."""
        return f"embedded Oxigraph store {self._path or self.store_dir} ({self.workers} query workers)"

    @property
    def generation(self) -> str:
        """The served generation: the first 16 hex digits of SHA-256(dist/build-info.json); "" before start."""
        return self._generation

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def served_build(self) -> dict[str, Any] | None:
        """build-info.json of the build the workers answer from (None before the store opens)."""
        return self._served.get("build_info") if self._served else None

    @property
    def served_void(self) -> Path | None:
        """dist/void.ttl as it was when the served generation was loaded (None if it had none)."""
        return self._path / SERVED_VOID if self._path is not None else None

    @property
    def killed_workers(self) -> int:
        """How many workers were killed (time limit passed, crash) since the pool started."""
        return self._pool.killed if self._pool else 0

    def worker_pids(self) -> list[int]:
        """Process ids of the live query workers."""
        return self._pool.pids() if self._pool else []

    def lock(self) -> None:
        """Take the store directory's lock (``store_dir/LOCK``, ``flock``) for this process.

        Raises :class:`StoreLocked` if another server holds it: two servers on one store
        directory would delete each other's generations. Idempotent; taken again if the
        directory was deleted and re-created. The kernel releases it when the process ends.
        """
        import fcntl

        path = self.store_dir / LOCK_FILE
        if self._lock_file is not None:
            try:
                if os.stat(path).st_ino == os.fstat(self._lock_file.fileno()).st_ino:
                    return
            except OSError:
                pass
            self._lock_file.close()
            self._lock_file = None
        self.store_dir.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held until close())
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise StoreLocked(f"the store directory {self.store_dir} is in use by another sens-graph server "
                              f"({holder}); stop it, or give this server its own --store-dir") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._lock_file = handle

    def _unlock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    async def start(self) -> None:
        self._lock = asyncio.Lock()
        self._cache = ResultCache(self.result_cache_bytes)
        await asyncio.to_thread(self.lock)
        async with self._lock:
            try:
                await self._open()
            except BaseException:
                self._unlock()
                raise

    async def _open(self, *, repair: bool = False) -> bool:
        """Load (if needed) and serve the build in dist/; True if the served generation changed.

        A generation that is missing, half-written or that the workers cannot open (corrupt) is
        rebuilt from dist/ once. The previous pool keeps serving until the new one is ready.
        """
        generation = await asyncio.to_thread(dist_generation, self.dist_dir)
        if generation == self._generation and self._pool is not None and not repair:
            return False
        await asyncio.to_thread(self.lock)
        path = await asyncio.to_thread(load_generation, self.dist_dir, self.store_dir, rebuild=repair)
        try:
            pool = await self._start_pool(path)
        except StoreFailure as exc:  # the generation on disk does not open: load it again, once
            if repair:
                raise
            log.warning("store generation %s unusable (%s); rebuilding it from %s", generation, exc, self.dist_dir)
            path = await asyncio.to_thread(load_generation, self.dist_dir, self.store_dir, rebuild=True)
            pool = await self._start_pool(path)
            self._repairs += 1
        served = await asyncio.to_thread(read_loaded_mark, path)
        old, self._pool, self._path, self._generation = self._pool, pool, path, generation
        self._served, self._corruption = served, None
        if old is not None:
            await old.close()
        await asyncio.to_thread(prune_generations, self.store_dir, {path})
        return True

    async def _start_pool(self, path: Path) -> WorkerPool:
        pool = WorkerPool(path, self.workers, demote_after=self.demote_after)
        try:
            await pool.start()
        except BaseException:
            await pool.close()
            raise
        return pool

    def _store_intact(self) -> str | None:
        """What is wrong with the served generation on disk or its workers, or None."""
        if self._pool is None or self._path is None:
            return "the store is not open"
        if not (self._path / LOADED_MARK).is_file():
            return f"the store generation {self._path} is missing"
        if self._corruption:
            return f"the store generation {self._path} is corrupt ({self._corruption})"
        if self._pool.respawn_failures:
            return "query workers cannot be started on the store"
        if self._pool.alive() == 0:
            return "no query worker is alive"
        return None

    async def refresh(self) -> bool:
        """Reload when dist/build-info.json changed (a new build); repair a missing or broken store.

        The old workers keep serving until the new generation is ready. A build that fails to
        load is logged once (not at every call) and retried only when dist/ changes again;
        :meth:`health` reports it meanwhile. True if the served generation changed.
        """
        if self._lock is None:
            return False
        async with self._lock:
            broken = self._store_intact()
            try:
                generation = await asyncio.to_thread(dist_generation, self.dist_dir)
            except StoreFailure as exc:
                self._note_failure("", str(exc))
                return False
            if broken is None and (generation == self._generation
                                   or (self._reload_failure and self._reload_failure[0] == generation)):
                return False
            if broken is not None:
                log.warning("%s: rebuilding the store from %s", broken, self.dist_dir)
            try:
                changed = await self._open(repair=broken is not None)
            except Exception as exc:  # keep serving the last good build
                self._note_failure(generation, f"{type(exc).__name__}: {exc}")
                return False
            self._reload_failure = None
            if broken is not None:
                self._repairs += 1
            return changed

    def _note_failure(self, generation: str, message: str) -> None:
        if self._reload_failure != (generation, message):
            log.error("loading the build in %s failed; still serving build %s: %s",
                      self.dist_dir, self._generation or "(none)", message)
        self._reload_failure = (generation, message)

    def abort_running(self, reason: str = "the server is shutting down; retry later") -> None:
        """Stop the queries in progress now: their clients get 503 (:class:`StoreUnavailable`)."""
        if self._pool is not None:
            self._pool.abort_running(reason)

    def health(self) -> dict[str, Any]:
        """The store's state for ``/health``: ``status`` is ``ok``, ``degraded`` (answers, but
        something needs attention: see ``problems``) or ``unavailable`` (cannot answer)."""
        try:
            dist_gen = dist_generation(self.dist_dir)
        except StoreFailure:
            dist_gen = None
        dist_info: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            dist_info = json.loads((self.dist_dir / BUILD_INFO).read_text(encoding="utf-8"))
        served = self.served_build or {}
        alive = self._pool.alive() if self._pool else 0
        problems = []
        broken = self._store_intact()
        if broken:
            problems.append(broken)
        if dist_gen is None:
            problems.append(f"no build in {self.dist_dir}")
        elif dist_gen != self._generation:
            problems.append("dist/ holds another build than the one served"
                            + (f" (loading it failed: {self._reload_failure[1]})" if self._reload_failure else ""))
        if self._pool is not None and alive < self._pool.size:
            problems.append(f"{alive} of {self._pool.size} query workers alive")
        can_answer = self._pool is not None and alive > 0 and not self._pool._closed and not self._pool._aborting
        return {
            "status": "unavailable" if not can_answer else "degraded" if problems else "ok",
            "store": "oxigraph",
            "store_generation": self._generation,
            "store_path": str(self._path) if self._path else None,
            "served_build": {"generation": self._generation, "build_date": served.get("build_date"),
                             "source_digest": served.get("source_digest"), "version": served.get("version")},
            "dist_build": {"generation": dist_gen, "build_date": dist_info.get("build_date"),
                           "source_digest": dist_info.get("source_digest"), "version": dist_info.get("version")},
            "workers": {"alive": alive, "configured": self.workers, "killed": self.killed_workers,
                        "retried": self._pool.retried if self._pool else 0},
            "repairs": self._repairs,
            "result_cache": self._cache.stats() if self._cache is not None else None,
            "problems": problems,
        }

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        self._unlock()

    async def execute(self, request: QueryRequest) -> QueryResponse:
        """Evaluate ``request`` on a worker, or answer it from the generation's kept answers.

        The policy checks run first, on every request (an update or ``SERVICE`` is refused even
        when an answer is kept). Raises the :class:`StoreError` subclasses of :meth:`WorkerPool.run`
        and of the worker's answer.
        """
        check_query(request.query)
        check_graph_iris(request)
        if self._pool is None or self._cache is None:
            raise StoreFailure("the store is not started")
        return await self._cache.answer(self._generation, request, lambda: self._evaluate(request))

    async def _evaluate(self, request: QueryRequest) -> QueryResponse:
        pool = self._pool
        if pool is None:
            raise StoreFailure("the store is not started")
        timeout = request.timeout or self.timeout
        payload = {
            "query": request.query,
            "results_media_type": request.results_media_type,
            "graph_media_type": request.graph_media_type,
            "default_graphs": list(request.default_graph_uris),
            "named_graphs": list(request.named_graph_uris),
            "union_default_graph": request.union_default_graph,
            "max_bytes": request.max_bytes or self.max_bytes,
        }
        header, body = await pool.run(payload, timeout, self.queue_timeout or timeout)
        if header.get("status") != "ok":
            if "Corruption" in str(header.get("message", "")):  # RocksDB: the next refresh rebuilds it
                self._corruption = str(header["message"])
            raise_for_header(header)
        return QueryResponse(kind=header["kind"], media_type=header["media_type"], body=body,
                             seconds=header.get("seconds", 0.0))
