"""The triple store behind the server: one interface, two implementations.

* :class:`OxigraphStore` (default): the built ``dist/`` is bulk-loaded once into an on-disk
  pyoxigraph (RocksDB) store under ``var/store/<generation>/``; queries run in a small pool of
  worker processes that open that store read-only. A query that passes its time limit is
  stopped by killing its worker (pyoxigraph has no cancellation), and a fresh worker replaces
  it, so a long query never blocks the other clients.
* :class:`RemoteSparqlStore`: forwards queries to a SPARQL 1.1 endpoint chosen by the
  operator (a dataset that outgrows one machine); only the configured endpoint is contacted.

Both refuse updates and federated ``SERVICE`` clauses before anything is evaluated
(:func:`inspect_query`). Run ``python -m sens_graph.store --worker STORE_DIR`` only through
:class:`WorkerPool`: it is the worker side of the pool's pipe protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

from .errors import SensGraphError
from .layout import BUILD_INFO, DATASET_FILES

log = logging.getLogger("sens_graph.store")

LOADED_MARK = "LOADED.json"

# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class StoreError(SensGraphError):
    """A query could not be answered; the server maps each subclass to one HTTP status."""


class QuerySyntaxError(StoreError):
    """The query does not parse (the message is the parser's)."""


class UpdateRefused(StoreError):
    """The request is a SPARQL Update: the store is read-only."""


class ServiceRefused(StoreError):
    """The query has a federated ``SERVICE`` clause: the server opens no outbound connection."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was stopped."""


class ResultTooLarge(StoreError):
    """The serialized result passed the configured size cap."""


class NotAcceptable(StoreError):
    """The result's kind (solutions, boolean or graph) has no format the client accepts."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"no acceptable media type for a {kind} result")


class StoreBusy(StoreError):
    """No query worker became free in time."""


class StoreFailure(StoreError):
    """The store failed while evaluating (worker crash, evaluation error, remote endpoint error)."""


# --------------------------------------------------------------------------------------------
# Requests and responses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query with the formats the client accepts for each kind of result.

    ``results_media_type`` serves SELECT and ASK, ``graph_media_type`` CONSTRUCT and DESCRIBE;
    ``None`` means the client accepts no format for that kind. With no ``default_graph_uris``
    and ``union_default_graph`` true, the default graph is the union of all named graphs.
    """

    query: str
    results_media_type: str | None = "application/sparql-results+json"
    graph_media_type: str | None = "text/turtle"
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    union_default_graph: bool = True
    timeout: float | None = None
    max_bytes: int | None = None


@dataclass(frozen=True)
class QueryResponse:
    """A serialized result: ``kind`` is ``solutions``, ``boolean`` or ``graph``."""

    kind: str
    media_type: str
    body: bytes
    seconds: float = 0.0


@runtime_checkable
class Store(Protocol):
    """What the server needs from a store. Implementations: OxigraphStore, RemoteSparqlStore."""

    @property
    def label(self) -> str:
        """One line saying what this store is (shown on the pages and in the logs)."""
        ...

    @property
    def generation(self) -> str:
        """Changes whenever the data changes (a cache key)."""
        ...

    async def start(self) -> None:
        """Open the store (load it first if needed)."""

    async def close(self) -> None:
        """Release every process and file."""

    async def refresh(self) -> bool:
        """Reload if the data source changed; True if it did."""
        ...

    async def execute(self, request: QueryRequest) -> QueryResponse:
        """Evaluate a read-only query; raise a :class:`StoreError` subclass on failure."""
        ...


async def select(store: Store, query: str, *, union_default_graph: bool = False,
                 timeout: float | None = None) -> list[dict[str, dict[str, str]]]:
    """Run a SELECT and return its bindings as SPARQL-JSON dicts (used by the linked-data pages)."""
    response = await store.execute(QueryRequest(
        query=query, results_media_type="application/sparql-results+json", graph_media_type=None,
        union_default_graph=union_default_graph, timeout=timeout))
    return json.loads(response.body)["results"]["bindings"]


# --------------------------------------------------------------------------------------------
# Query inspection (read-only and no-federation policy)
# --------------------------------------------------------------------------------------------

_TOKENS = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'''(?:[^'\\]|\\.|'(?!''))*'''
             |"(?:[^"\\\n\r]|\\.)*"
             |'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][^\s{}()\[\],;.<>"'=!|&+*/^-]*)
  | (?P<word>[^\s{}()\[\],;<>"'?$=!|&+*/^#@]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class QueryInspection:
    """What the lexer saw: the query form (``SELECT``…, an update keyword, or None) and SERVICE use."""

    form: str | None
    is_update: bool
    uses_service: bool
    has_dataset_clause: bool = False


def inspect_query(text: str) -> QueryInspection:
    """Lex a query (strings, IRIs and comments skipped) to find its form and any SERVICE keyword.

    Conservative by construction: anything the lexer cannot read as a string, IRI or comment is
    left visible, so a ``SERVICE`` keyword is never hidden from the check.
    """
    words: list[str] = []
    for match in _TOKENS.finditer(text):
        if match.lastgroup == "word":
            words.append(match.group().upper())
    form = None
    i = 0
    while i < len(words):
        word = words[i]
        if word == "PREFIX":
            i += 2  # PREFIX pn: <iri> (the IRI is not a word)
            continue
        if word == "BASE":
            i += 1
            continue
        form = word
        break
    return QueryInspection(form=form, is_update=form in _UPDATE_FORMS, uses_service="SERVICE" in words,
                           has_dataset_clause="FROM" in words)


def check_read_only(text: str) -> QueryInspection:
    """Raise :class:`UpdateRefused` or :class:`ServiceRefused` if the text may not be evaluated."""
    seen = inspect_query(text)
    if seen.is_update:
        raise UpdateRefused(f"{seen.form}: this endpoint is read-only; SPARQL Update is refused")
    if seen.uses_service:
        raise ServiceRefused("federated queries (SERVICE) are refused: this endpoint opens no outbound connection")
    return seen


# --------------------------------------------------------------------------------------------
# Loading dist/ into an on-disk store
# --------------------------------------------------------------------------------------------


def dist_generation(dist_dir: Path) -> str:
    """Identify a build: the SHA-256 of its build-info.json (source digest, date, base IRI…)."""
    info = dist_dir / BUILD_INFO
    if info.is_file():
        return hashlib.sha256(info.read_bytes()).hexdigest()[:16]
    for name in DATASET_FILES:
        path = dist_dir / name
        if path.is_file():
            stat = path.stat()
            return hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    raise StoreFailure(f"no build in {dist_dir}: run `sens-graph build` first")


def load_generation(dist_dir: Path, store_dir: Path) -> Path:
    """Bulk-load ``dist/sens-graph.nq`` into ``store_dir/<generation>/`` unless already there."""
    import pyoxigraph as ox

    generation = dist_generation(dist_dir)
    target = store_dir / generation
    if (target / LOADED_MARK).is_file():
        return target
    store_dir.mkdir(parents=True, exist_ok=True)
    staging = store_dir / f".{generation}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(staging))
    plain, packed = (dist_dir / name for name in DATASET_FILES)
    if plain.is_file():
        store.bulk_load(path=str(plain), format=ox.RdfFormat.N_QUADS)
    elif packed.is_file():
        with gzip.open(packed, "rb") as fh:
            store.bulk_load(fh, format=ox.RdfFormat.N_QUADS)
    else:
        raise StoreFailure(f"no dataset file in {dist_dir} (expected {' or '.join(DATASET_FILES)})")
    store.flush()
    store.optimize()
    quads = len(store)
    del store
    info: dict[str, Any] = {"generation": generation, "quads": quads, "dist_dir": str(dist_dir),
                            "seconds": round(time.perf_counter() - started, 3)}
    build_info = dist_dir / BUILD_INFO
    if build_info.is_file():
        info["build_info"] = json.loads(build_info.read_text(encoding="utf-8"))
    (staging / LOADED_MARK).write_text(json.dumps(info, indent=2), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)
    log.info("loaded %s quads into %s in %.2f s", quads, target, info["seconds"])
    return target


def prune_generations(store_dir: Path, keep: set[Path]) -> None:
    """Remove the store generations not in ``keep`` (and any half-loaded leftovers)."""
    if not store_dir.is_dir():
        return
    for child in store_dir.iterdir():
        if child.is_dir() and child.resolve() not in {k.resolve() for k in keep}:
            shutil.rmtree(child, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Worker processes
# --------------------------------------------------------------------------------------------

_HEADER = struct.Struct(">I")
_BODY = struct.Struct(">Q")


class _CapExceeded(Exception):
    pass


class _CappedBuffer:
    """A binary sink for pyoxigraph's serializers that stops once ``cap`` bytes are passed."""

    def __init__(self, cap: int | None) -> None:
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0
        self.exceeded = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.cap is not None and self.size > self.cap:
            self.exceeded = True
            raise _CapExceeded
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def evaluate(store: Any, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Evaluate one request dict against a pyoxigraph store; return (header, body). Never raises."""
    import pyoxigraph as ox

    started = time.perf_counter()
    query = request["query"]
    try:
        seen = check_read_only(query)
    except StoreError as exc:
        return {"status": "refused", "error": type(exc).__name__, "message": str(exc)}, b""
    kwargs: dict[str, Any] = {}
    if request.get("default_graphs"):  # the protocol's dataset wins over the query's (FROM)
        kwargs["default_graph"] = [ox.NamedNode(iri) for iri in request["default_graphs"]]
    elif request.get("named_graphs"):  # a protocol dataset of named graphs only: empty default graph
        kwargs["default_graph"] = []
    elif request.get("union_default_graph", True) and not seen.has_dataset_clause:
        kwargs["use_default_graph_as_union"] = True
    if request.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in request["named_graphs"]]
    try:
        result = store.query(query, **kwargs)
    except SyntaxError as exc:
        return {"status": "syntax", "message": str(exc)}, b""
    except ValueError as exc:  # an invalid graph IRI in the dataset parameters
        return {"status": "syntax", "message": str(exc)}, b""
    except Exception as exc:
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}, b""
    if isinstance(result, ox.QueryTriples):
        kind, media_type = "graph", request.get("graph_media_type")
        fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
    else:
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        media_type = request.get("results_media_type")
        fmt = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
    if fmt is None:
        return {"status": "not_acceptable", "kind": kind}, b""
    sink = _CappedBuffer(request.get("max_bytes"))
    try:
        result.serialize(sink, fmt)
    except Exception as exc:
        if sink.exceeded:
            return {"status": "too_large", "message": f"the result is larger than {sink.cap} bytes"}, b""
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}, b""
    header = {"status": "ok", "kind": kind, "media_type": media_type,
              "seconds": round(time.perf_counter() - started, 6)}
    return header, sink.getvalue()


def _write_frame(out: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    raw = json.dumps(header).encode("utf-8")
    out.write(b"".join((_HEADER.pack(len(raw)), raw, _BODY.pack(len(body)), body)))
    out.flush()


def _read_exact(inp: BinaryIO, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = inp.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def worker_main(store_path: str) -> int:
    """Worker loop: read requests on stdin, answer on the original stdout (stray output → stderr)."""
    import pyoxigraph as ox

    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        _write_frame(out, {"ready": False, "message": str(exc)})
        return 1
    _write_frame(out, {"ready": True, "pid": os.getpid()})
    while True:
        raw_len = _read_exact(inp, _HEADER.size)
        if raw_len is None:
            return 0
        raw = _read_exact(inp, _HEADER.unpack(raw_len)[0])
        if raw is None:
            return 0
        header, body = evaluate(store, json.loads(raw))
        _write_frame(out, header, body)


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.demoted = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def read_frame(self) -> tuple[dict[str, Any], bytes]:
        stdout = self.proc.stdout
        assert stdout is not None
        size = _HEADER.unpack(await stdout.readexactly(_HEADER.size))[0]
        header = json.loads(await stdout.readexactly(size))
        body_size = _BODY.unpack(await stdout.readexactly(_BODY.size))[0]
        body = await stdout.readexactly(body_size) if body_size else b""
        return header, body

    async def call(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        stdin = self.proc.stdin
        assert stdin is not None
        raw = json.dumps(request).encode("utf-8")
        stdin.write(_HEADER.pack(len(raw)) + raw)
        await stdin.drain()
        return await self.read_frame()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()

    async def stop(self) -> None:
        if self.proc.returncode is None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 2)
            except TimeoutError:
                self.kill()
                await self.proc.wait()


class WorkerPool:
    """``size`` worker processes over one read-only store; one query per worker at a time."""

    def __init__(self, store_path: Path, size: int, *, spawn_timeout: float = 60.0,
                 demote_after: float | None = 0.2) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.spawn_timeout = spawn_timeout
        self.demote_after = demote_after
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._reapers: set[asyncio.Task] = set()
        self._closed = False
        self.killed = 0

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sens_graph.store", "--worker", str(self.store_path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        worker = _Worker(proc)
        self._all.add(worker)
        try:
            hello, _ = await asyncio.wait_for(worker.read_frame(), self.spawn_timeout)
        except (TimeoutError, asyncio.IncompleteReadError) as exc:
            worker.kill()
            self._all.discard(worker)
            raise StoreFailure(f"query worker did not start on {self.store_path}") from exc
        if not hello.get("ready"):
            self._all.discard(worker)
            raise StoreFailure(f"query worker could not open {self.store_path}: {hello.get('message')}")
        return worker

    def _replace(self, worker: _Worker, *, killed: bool = True) -> None:
        worker.kill()
        self._all.discard(worker)
        self.killed += killed
        reaper = asyncio.get_running_loop().create_task(worker.proc.wait())  # no zombie left behind
        self._reapers.add(reaper)
        reaper.add_done_callback(self._reapers.discard)
        if self._closed:
            return

        async def respawn() -> None:
            for attempt in range(3):
                try:
                    self._idle.put_nowait(await self._spawn())
                    return
                except Exception:  # keep serving with one worker fewer, and say so
                    log.exception("respawning a query worker failed (attempt %d)", attempt + 1)
                    await asyncio.sleep(1)

        task = asyncio.get_running_loop().create_task(respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict[str, Any], timeout: float,
                  queue_timeout: float) -> tuple[dict[str, Any], bytes]:
        """Run one request on a free worker; kill the worker if it passes ``timeout`` seconds."""
        if self._closed:
            raise StoreFailure("the store is closed")
        try:
            worker = await asyncio.wait_for(self._idle.get(), queue_timeout)
        except TimeoutError as exc:
            raise StoreBusy(f"every query worker stayed busy for {queue_timeout:g} s") from exc
        timer = (asyncio.get_running_loop().call_later(self.demote_after, _demote, worker)
                 if self.demote_after is not None and self.demote_after < timeout else None)
        try:
            result = await asyncio.wait_for(worker.call(request), timeout)
        except TimeoutError as exc:
            self._replace(worker)
            raise QueryTimeout(f"the query was stopped after {timeout:g} s (the time limit)") from exc
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError) as exc:
            self._replace(worker)
            raise StoreFailure("the query worker died while evaluating the query") from exc
        except BaseException:  # cancelled (client gone, shutdown): the worker's state is unknown
            self._replace(worker)
            raise
        finally:
            if timer is not None:
                timer.cancel()
        if worker.demoted and not _promote(worker):
            self._replace(worker, killed=False)  # cannot restore its priority: use a fresh worker
        elif self._closed:
            await worker.stop()
        else:
            self._idle.put_nowait(worker)
        return result

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        idle = []
        while not self._idle.empty():
            idle.append(self._idle.get_nowait())
        await asyncio.gather(*(w.stop() for w in idle), return_exceptions=True)
        for worker in list(self._all):  # busy ones: their query is abandoned
            worker.kill()
            with contextlib.suppress(Exception):
                await worker.proc.wait()
        self._all.clear()
        await asyncio.gather(*list(self._reapers), return_exceptions=True)


def _demote(worker: _Worker) -> None:
    """A query that runs long yields the CPU to the short ones: its worker goes to SCHED_IDLE."""
    try:
        os.sched_setscheduler(worker.pid, os.SCHED_IDLE, os.sched_param(0))
        worker.demoted = True
    except (OSError, AttributeError):  # not Linux, or the process is gone
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, worker.pid, 19)
            worker.demoted = True


def _promote(worker: _Worker) -> bool:
    """Restore a demoted worker's normal priority; False if not allowed (then it is replaced)."""
    try:
        os.sched_setscheduler(worker.pid, os.SCHED_OTHER, os.sched_param(0))
        os.setpriority(os.PRIO_PROCESS, worker.pid, 0)
    except (OSError, AttributeError):
        return False
    worker.demoted = False
    return True


def _raise_for(header: dict[str, Any]) -> None:
    status = header.get("status")
    message = header.get("message", "")
    if status == "syntax":
        raise QuerySyntaxError(message)
    if status == "refused":
        raise (UpdateRefused if header.get("error") == "UpdateRefused" else ServiceRefused)(message)
    if status == "not_acceptable":
        raise NotAcceptable(header.get("kind", "query"))
    if status == "too_large":
        raise ResultTooLarge(message)
    raise StoreFailure(message or f"query failed ({status})")


def default_workers() -> int:
    """One worker per core, plus one, so a long query leaves the others free (at least 3)."""
    return max(3, (os.cpu_count() or 1) + 1)


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
    _pool: WorkerPool | None = field(default=None, init=False, repr=False)
    _path: Path | None = field(default=None, init=False, repr=False)
    _generation: str = field(default="", init=False, repr=False)
    _lock: asyncio.Lock | None = field(default=None, init=False, repr=False)

    @property
    def label(self) -> str:
        return f"embedded Oxigraph store {self._path or self.store_dir} ({self.workers} query workers)"

    @property
    def generation(self) -> str:
        return self._generation

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def killed_workers(self) -> int:
        """How many workers were killed (time limit passed, crash) since the pool started."""
        return self._pool.killed if self._pool else 0

    def worker_pids(self) -> list[int]:
        """Process ids of the live query workers."""
        return self._pool.pids() if self._pool else []

    async def start(self) -> None:
        self._lock = asyncio.Lock()
        async with self._lock:
            await self._open()

    async def _open(self) -> bool:
        generation = await asyncio.to_thread(dist_generation, self.dist_dir)
        if generation == self._generation and self._pool is not None:
            return False
        path = await asyncio.to_thread(load_generation, self.dist_dir, self.store_dir)
        pool = WorkerPool(path, self.workers, demote_after=self.demote_after)
        await pool.start()
        old, self._pool, self._path, self._generation = self._pool, pool, path, generation
        if old is not None:
            await old.close()
        await asyncio.to_thread(prune_generations, self.store_dir, {path})
        return True

    async def refresh(self) -> bool:
        """Reload when dist/build-info.json changed (a new build); the old workers finish first."""
        if self._lock is None:
            return False
        async with self._lock:
            try:
                return await self._open()
            except StoreFailure:
                log.exception("reloading the store failed; still serving the previous build")
                return False

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def execute(self, request: QueryRequest) -> QueryResponse:
        check_read_only(request.query)
        if self._pool is None:
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
        header, body = await self._pool.run(payload, timeout, self.queue_timeout or timeout)
        if header.get("status") != "ok":
            _raise_for(header)
        return QueryResponse(kind=header["kind"], media_type=header["media_type"], body=body,
                             seconds=header.get("seconds", 0.0))


# --------------------------------------------------------------------------------------------
# Remote endpoint
# --------------------------------------------------------------------------------------------

_BOOLEAN_RESULT = re.compile(rb'"boolean"\s*:\s*(?:true|false)|<boolean>|^(?:true|false)\s*$')
_RESULTS_PREFIXES = ("application/sparql-results+", "application/json", "application/xml", "text/csv",
                     "text/tab-separated-values")


@dataclass
class RemoteSparqlStore:
    """A remote SPARQL 1.1 endpoint (POST, URL-encoded). Only ``endpoint`` is ever contacted.

    The time limit stops the wait here (the remote server applies its own limit to the work);
    the default graph is whatever the remote endpoint makes it (set ``union_default_graph`` on
    the remote side, e.g. Oxigraph's ``--union-default-graph``).
    """

    endpoint: str
    timeout: float = 10.0
    max_bytes: int | None = 64 * 1024 * 1024
    generation_hint: str = "remote"

    @property
    def label(self) -> str:
        return f"remote SPARQL endpoint {self.endpoint}"

    @property
    def generation(self) -> str:
        return self.generation_hint

    async def start(self) -> None:
        scheme = urllib.parse.urlsplit(self.endpoint).scheme
        if scheme not in {"http", "https"}:
            raise StoreFailure(f"the remote endpoint must be an http(s) URL, not {self.endpoint!r}")

    async def close(self) -> None:
        return None

    async def refresh(self) -> bool:
        return False

    async def execute(self, request: QueryRequest) -> QueryResponse:
        check_read_only(request.query)
        timeout = request.timeout or self.timeout
        try:
            return await asyncio.wait_for(asyncio.to_thread(self._post, request, timeout), timeout + 1)
        except TimeoutError as exc:
            raise QueryTimeout(f"the remote endpoint did not answer within {timeout:g} s") from exc

    def _post(self, request: QueryRequest, timeout: float) -> QueryResponse:
        started = time.perf_counter()
        fields = [("query", request.query)]
        fields += [("default-graph-uri", g) for g in request.default_graph_uris]
        fields += [("named-graph-uri", g) for g in request.named_graph_uris]
        accept = [m for m in (request.results_media_type, request.graph_media_type) if m]
        http_request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ", ".join(accept)})
        cap = request.max_bytes or self.max_bytes
        try:
            with urllib.request.urlopen(http_request, timeout=timeout) as answer:  # the operator's URL only
                body = answer.read(cap + 1) if cap else answer.read()
                media_type = answer.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            message = exc.read(4096).decode("utf-8", "replace")
            if exc.code == 400:
                raise QuerySyntaxError(message) from exc
            if exc.code == 406:
                raise NotAcceptable("query") from exc
            raise StoreFailure(f"remote endpoint answered {exc.code}: {message}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"the remote endpoint did not answer within {timeout:g} s") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreFailure(f"remote endpoint unreachable: {exc}") from exc
        if cap and len(body) > cap:
            raise ResultTooLarge(f"the result is larger than {cap} bytes")
        if media_type.startswith(_RESULTS_PREFIXES):
            kind = "boolean" if _BOOLEAN_RESULT.search(body[:1000]) else "solutions"
        else:
            kind = "graph"
        expected = request.results_media_type if kind != "graph" else request.graph_media_type
        return QueryResponse(kind=kind, media_type=expected or media_type, body=body,
                             seconds=time.perf_counter() - started)


if __name__ == "__main__":  # the worker side of WorkerPool
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        sys.exit(worker_main(sys.argv[2]))
    sys.exit("usage: python -m sens_graph.store --worker STORE_DIR")
