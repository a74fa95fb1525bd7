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
from .layout import BUILD_INFO, DATASET_FILES, VOID_FILE

log = logging.getLogger("sens_graph.store")

LOADED_MARK = "LOADED.json"
LOCK_FILE = "LOCK"
SERVED_VOID = VOID_FILE

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


class QueryTooComplex(StoreError):
    """The query nests deeper, or chains more operators, than the store can evaluate safely.

    pyoxigraph parses and evaluates recursively: a query nested a few thousand levels deep
    overflows the worker's native stack (SIGSEGV). The limits are :data:`MAX_QUERY_DEPTH` and
    :data:`MAX_QUERY_OPERATORS`, checked by the lexer before anything is evaluated.
    """


class InvalidGraphIri(StoreError):
    """A ``default-graph-uri`` or ``named-graph-uri`` is not an absolute IRI (RFC 3987)."""


class StoreUnavailable(StoreError):
    """The store cannot answer now (shutting down, or no usable store); the client may retry."""


class StoreLocked(StoreFailure):
    """Another process (a second server) holds the store directory's lock."""


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
MAX_QUERY_DEPTH = 128
"""Deepest nesting of ``{ }``, ``( )`` and ``[ ]`` a query may have (documented in docs/server.md)."""
MAX_QUERY_OPERATORS = 2000
"""Most operators (``! | & + - * / ^ = < >``, each character counted) and pattern keywords
(``UNION``, ``MINUS``, ``OPTIONAL``, ``BIND``, ``FILTER``, ``VALUES``, ``GRAPH``, ``SELECT``,
``EXISTS``) a query may have: each adds one level to pyoxigraph's recursive parse tree."""
_CHAIN_WORDS = {"UNION", "MINUS", "OPTIONAL", "BIND", "FILTER", "VALUES", "GRAPH", "SELECT", "EXISTS"}
_OPERATOR_CHARS = frozenset("!|&+-*/^=<>")
_OPENERS = frozenset("{([")
_CLOSERS = frozenset("})]")
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class QueryInspection:
    """What the lexer saw: the query form (``SELECT``…, an update keyword, or None) and SERVICE use."""

    form: str | None
    is_update: bool
    uses_service: bool
    has_dataset_clause: bool = False
    max_depth: int = 0
    """Deepest nesting of braces, parentheses and brackets."""
    operators: int = 0
    """Operator characters and pattern keywords (see :data:`MAX_QUERY_OPERATORS`)."""
    unions: int = 0


def inspect_query(text: str) -> QueryInspection:
    """Lex a query (strings, IRIs and comments skipped) to find its form and any SERVICE keyword.

    Conservative by construction: anything the lexer cannot read as a string, IRI or comment is
    left visible, so a ``SERVICE`` keyword is never hidden from the check.
    """
    words: list[str] = []
    depth = max_depth = operators = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            words.append(word)
            if word in _CHAIN_WORDS:
                operators += 1
            elif word[0] == "-":  # unary minus glued to a number or name: "-1", "--x"
                operators += len(word) - len(word.lstrip("-"))
        elif kind == "other":
            char = match.group()
            if char in _OPENERS:
                depth += 1
                max_depth = max(max_depth, depth)
            elif char in _CLOSERS:
                depth = max(0, depth - 1)
            elif char in _OPERATOR_CHARS:
                operators += 1
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
                           has_dataset_clause="FROM" in words, max_depth=max_depth, operators=operators,
                           unions=words.count("UNION"))


def check_read_only(text: str) -> QueryInspection:
    """Raise :class:`UpdateRefused` or :class:`ServiceRefused` if the text may not be evaluated."""
    seen = inspect_query(text)
    if seen.is_update:
        raise UpdateRefused(f"{seen.form}: this endpoint is read-only; SPARQL Update is refused")
    if seen.uses_service:
        raise ServiceRefused("federated queries (SERVICE) are refused: this endpoint opens no outbound connection")
    return seen


def check_query(text: str) -> QueryInspection:
    """:func:`check_read_only`, then the size of the query's structure.

    Raises :class:`UpdateRefused`, :class:`ServiceRefused`, or :class:`QueryTooComplex` when the
    query nests deeper than :data:`MAX_QUERY_DEPTH` levels or has more than
    :data:`MAX_QUERY_OPERATORS` operators and pattern keywords (such a query would overflow the
    evaluator's stack; nothing is evaluated).
    """
    seen = check_read_only(text)
    if seen.max_depth > MAX_QUERY_DEPTH:
        raise QueryTooComplex(f"the query nests {seen.max_depth} levels of braces, parentheses or brackets; "
                              f"this endpoint evaluates at most {MAX_QUERY_DEPTH}")
    if seen.operators > MAX_QUERY_OPERATORS:
        raise QueryTooComplex(f"the query has {seen.operators} operators and pattern keywords "
                              f"({seen.unions} UNION); this endpoint evaluates at most {MAX_QUERY_OPERATORS}")
    return seen


def iri_problem(value: str) -> str | None:
    """Why ``value`` is not an absolute IRI, or None if it is one.

    The check is Oxigraph's own IRI parser (``oxiri``, RFC 3987: a scheme, valid percent-encoding
    and host, no relative or fragment-only reference), so what passes here is what the store
    accepts as a graph name.
    """
    import pyoxigraph as ox

    if not value:
        return "empty, not an absolute IRI"
    try:
        ox.NamedNode(value)
    except (ValueError, TypeError) as exc:
        return f"not an absolute IRI (RFC 3987): {exc}"
    return None


def check_graph_iris(request: QueryRequest) -> None:
    """Raise :class:`InvalidGraphIri` naming the parameter if a dataset IRI is not absolute."""
    for parameter, values in (("default-graph-uri", request.default_graph_uris),
                              ("named-graph-uri", request.named_graph_uris)):
        for value in values:
            problem = iri_problem(value)
            if problem:
                raise InvalidGraphIri(f"{parameter} {value!r}: {problem}")


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


def load_generation(dist_dir: Path, store_dir: Path, *, rebuild: bool = False) -> Path:
    """Bulk-load ``dist/sens-graph.nq`` into ``store_dir/<generation>/`` unless already there.

    ``rebuild`` loads it again even if it is marked loaded (a corrupt generation). Raises
    :class:`StoreFailure` naming the file when dist/ has no dataset or it does not load.
    """
    generation = dist_generation(dist_dir)
    target = store_dir / generation
    if (target / LOADED_MARK).is_file() and not rebuild:
        return target
    try:
        return _load(dist_dir, store_dir, generation, target)
    except StoreFailure:
        raise
    except Exception as exc:  # a parse error in the dataset, a full disk…
        raise StoreFailure(f"loading {dist_dir} into {target} failed: {type(exc).__name__}: {exc}") from exc


def _read_loaded_mark(path: Path) -> dict[str, Any]:
    try:
        return json.loads((path / LOADED_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _load(dist_dir: Path, store_dir: Path, generation: str, target: Path) -> Path:
    import pyoxigraph as ox

    store_dir.mkdir(parents=True, exist_ok=True)
    staging = store_dir / f".{generation}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(staging))
    plain, packed = (dist_dir / name for name in DATASET_FILES)
    try:
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
    except BaseException:
        del store  # close RocksDB (the traceback keeps this frame alive) before removing its files
        shutil.rmtree(staging, ignore_errors=True)
        raise
    del store
    info: dict[str, Any] = {"generation": generation, "quads": quads, "dist_dir": str(dist_dir),
                            "seconds": round(time.perf_counter() - started, 3)}
    build_info = dist_dir / BUILD_INFO
    if build_info.is_file():
        info["build_info"] = json.loads(build_info.read_text(encoding="utf-8"))
    if (dist_dir / SERVED_VOID).is_file():  # the VoID of this build, for as long as it is served
        shutil.copyfile(dist_dir / SERVED_VOID, staging / SERVED_VOID)
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
    """Evaluate one request dict against a pyoxigraph store; return (header, body). Never raises:
    any failure, from a malformed request dict to an evaluation error, is an error header."""
    try:
        return _evaluate(store, request)
    except Exception as exc:  # the worker must survive whatever one request holds
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}, b""


def _graph_nodes(request: dict[str, Any], key: str, parameter: str) -> list[Any]:
    """The request's graph IRIs as NamedNodes; a bad one raises InvalidGraphIri naming it."""
    import pyoxigraph as ox

    nodes = []
    for iri in request.get(key) or ():
        problem = iri_problem(iri) if isinstance(iri, str) else "not a string"
        if problem:
            raise InvalidGraphIri(f"{parameter} {iri!r}: {problem}")
        nodes.append(ox.NamedNode(iri))
    return nodes


def _evaluate(store: Any, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    import pyoxigraph as ox

    started = time.perf_counter()
    query = request["query"]
    try:
        seen = check_query(query)
        default_graphs = _graph_nodes(request, "default_graphs", "default-graph-uri")
        named_graphs = _graph_nodes(request, "named_graphs", "named-graph-uri")
    except (UpdateRefused, ServiceRefused) as exc:
        return {"status": "refused", "error": type(exc).__name__, "message": str(exc)}, b""
    except StoreError as exc:
        return {"status": "invalid", "error": type(exc).__name__, "message": str(exc)}, b""
    kwargs: dict[str, Any] = {}
    if default_graphs:  # the protocol's dataset wins over the query's (FROM)
        kwargs["default_graph"] = default_graphs
    elif named_graphs:  # a protocol dataset of named graphs only: empty default graph
        kwargs["default_graph"] = []
    elif request.get("union_default_graph", True) and not seen.has_dataset_clause:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = named_graphs
    try:
        result = store.query(query, **kwargs)
    except SyntaxError as exc:
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


WORKER_STACK_BYTES = 512 * 1024 * 1024
"""Native stack of the thread that evaluates queries in a worker (address space, touched only
as deep recursion needs it): 64 times the default 8 MiB, a margin far above what the lexer's
limits (:data:`MAX_QUERY_DEPTH`, :data:`MAX_QUERY_OPERATORS`) let through."""


def die_with_parent() -> None:
    """Make the calling worker process end when the server that started it ends.

    Two mechanisms: Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (through ctypes; the kernel kills
    the worker as soon as its parent dies, even a worker busy in native code), and, everywhere, a
    watchdog thread that waits for the hang-up of the request pipe (stdin) without reading it and
    exits the process when the parent's end closes.
    """
    import select
    import signal
    import threading

    parent = int(os.environ.get("SENS_GRAPH_PARENT_PID") or 0)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    if parent and os.getppid() != parent:  # the parent died before the prctl call
        os._exit(1)

    def watch() -> None:
        poller = select.poll()
        poller.register(sys.stdin.fileno(), select.POLLHUP | select.POLLERR)
        while True:
            for _, event in poller.poll():
                if event & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    os._exit(1)
            time.sleep(0.05)  # data waiting (POLLIN is not asked for, but may be reported)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def worker_main(store_path: str) -> int:
    """Worker loop: read requests on stdin, answer on the original stdout (stray output → stderr).

    The loop runs in a thread with a :data:`WORKER_STACK_BYTES` native stack; the process dies
    with its parent (:func:`die_with_parent`). A request that cannot be read is answered with an
    error frame; only the end of stdin ends the loop.
    """
    import threading

    die_with_parent()
    outcome: list[int] = [1]
    for size in (WORKER_STACK_BYTES, WORKER_STACK_BYTES // 8):  # a smaller one under a tight ulimit -v
        try:
            threading.stack_size(size)
            thread = threading.Thread(target=lambda: outcome.__setitem__(0, _worker_loop(store_path)),
                                      name="evaluate")
            thread.start()
        except (RuntimeError, ValueError, MemoryError):
            continue
        thread.join()
        return outcome[0]
    return _worker_loop(store_path)  # the main thread's stack (the lexer's limits still hold)


def _worker_loop(store_path: str) -> int:
    import pyoxigraph as ox

    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    try:
        store = ox.Store.read_only(store_path)
    except Exception as exc:  # missing or corrupt store: say so, the pool repairs it
        _write_frame(out, {"ready": False, "message": f"{type(exc).__name__}: {exc}"})
        return 1
    _write_frame(out, {"ready": True, "pid": os.getpid()})
    while True:
        raw_len = _read_exact(inp, _HEADER.size)
        if raw_len is None:
            return 0
        raw = _read_exact(inp, _HEADER.unpack(raw_len)[0])
        if raw is None:
            return 0
        try:
            request = json.loads(raw)
            if not isinstance(request, dict):
                raise ValueError("a request is a JSON object")
        except ValueError as exc:
            _write_frame(out, {"status": "error", "message": f"unreadable request: {exc}"})
            continue
        header, body = evaluate(store, request)
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
        self._aborting: str | None = None
        self._busy: set[_Worker] = set()
        self.killed = 0
        self.retried = 0
        self.respawn_failures = 0

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)

    def alive(self) -> int:
        """How many worker processes are running (busy or idle)."""
        return sum(1 for w in self._all if w.proc.returncode is None)

    def abort_running(self, reason: str) -> None:
        """Stop every query in progress (their clients get :class:`StoreUnavailable`) and refuse new ones."""
        self._aborting = reason
        for worker in list(self._busy):
            worker.kill()

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sens_graph.store", "--worker", str(self.store_path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "SENS_GRAPH_PARENT_PID": str(os.getpid())})
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
                except Exception as exc:  # keep serving with one worker fewer, and say so
                    log.warning("respawning a query worker failed (attempt %d): %s", attempt + 1, exc)
                    await asyncio.sleep(1)
            self.respawn_failures += 1  # the store's health check repairs the store

        task = asyncio.get_running_loop().create_task(respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict[str, Any], timeout: float,
                  queue_timeout: float) -> tuple[dict[str, Any], bytes]:
        """Run one request on a free worker; kill the worker if it passes ``timeout`` seconds.

        A worker that dies under the request (killed from outside, or found dead when taken)
        costs nothing to the client: the request is run once more on another worker, within the
        same time limit. A worker that crashes (SIGSEGV, SIGABRT…) is not retried: the query
        itself is the likely cause. Raises :class:`QueryTimeout`, :class:`StoreBusy`,
        :class:`StoreUnavailable` (shutting down) or :class:`StoreFailure`.
        """
        deadline: float | None = None  # the time limit counts from the first worker's start
        retries = 0
        for _ in range(self.size + 2):  # dead idle workers met on the way do not count as the retry
            if self._closed or self._aborting:
                raise StoreUnavailable(self._aborting or "the store is closed")
            worker = await self._acquire(queue_timeout)
            if deadline is None:
                deadline = time.monotonic() + timeout
            left = deadline - time.monotonic()
            try:
                return await self._run_on(worker, request, left, timeout)
            except _WorkerLost as lost:
                if self._aborting:
                    raise StoreUnavailable(self._aborting) from lost
                retries += lost.crashed or lost.seconds >= 0.05  # under 50 ms: it was dead before the query
                if lost.crashed or retries > 1 or deadline - time.monotonic() < 0.05:
                    raise StoreFailure(str(lost)) from lost
                self.retried += 1
                log.warning("%s; running the query again on another worker", lost)
        raise StoreFailure("the query workers kept dying: the query was not answered")

    async def _acquire(self, queue_timeout: float) -> _Worker:
        """A free, live worker (dead idle ones are replaced on the way)."""
        end = time.monotonic() + queue_timeout
        while True:
            try:
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, end - time.monotonic()))
            except TimeoutError as exc:
                raise StoreBusy(f"every query worker stayed busy for {queue_timeout:g} s") from exc
            stdout = worker.proc.stdout
            if worker.proc.returncode is None and not (stdout is not None and stdout.at_eof()):
                return worker
            self._replace(worker)  # died while idle (killed from outside)

    async def _run_on(self, worker: _Worker, request: dict[str, Any], left: float,
                      timeout: float) -> tuple[dict[str, Any], bytes]:
        timer = (asyncio.get_running_loop().call_later(self.demote_after, _demote, worker)
                 if self.demote_after is not None and self.demote_after < left else None)
        self._busy.add(worker)
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(worker.call(request), max(left, 0.001))
        except TimeoutError as exc:
            self._replace(worker)
            raise QueryTimeout(f"the query was stopped after {timeout:g} s (the time limit)") from exc
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError) as exc:
            seconds = time.monotonic() - started
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(worker.proc.wait(), 1)
            code = worker.proc.returncode
            self._replace(worker)
            crashed = code is not None and code < 0 and -code in _CRASH_SIGNALS
            how = f"crashed (signal {-code})" if crashed else "died"
            raise _WorkerLost(f"the query worker {how} while evaluating the query", crashed=crashed,
                              seconds=seconds) from exc
        except BaseException:  # cancelled (client gone, shutdown): the worker's state is unknown
            self._replace(worker)
            raise
        finally:
            self._busy.discard(worker)
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


class _WorkerLost(Exception):
    """A worker process ended while it held a request."""

    def __init__(self, message: str, *, crashed: bool, seconds: float) -> None:
        super().__init__(message)
        self.crashed = crashed
        self.seconds = seconds
        """How long the worker held the request before it was found dead."""


_CRASH_SIGNALS = {4, 6, 7, 8, 11}  # SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV


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
    if status == "invalid":
        raise (InvalidGraphIri if header.get("error") == "InvalidGraphIri" else QueryTooComplex)(message)
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
    _lock_file: Any = field(default=None, init=False, repr=False)
    _served: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _reload_failure: tuple[str, str] | None = field(default=None, init=False, repr=False)
    _repairs: int = field(default=0, init=False, repr=False)
    _corruption: str | None = field(default=None, init=False, repr=False)

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
        served = await asyncio.to_thread(_read_loaded_mark, path)
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
            "problems": problems,
        }

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        self._unlock()

    async def execute(self, request: QueryRequest) -> QueryResponse:
        check_query(request.query)
        check_graph_iris(request)
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
            if "Corruption" in str(header.get("message", "")):  # RocksDB: the next refresh rebuilds it
                self._corruption = str(header["message"])
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
        check_query(request.query)
        check_graph_iris(request)
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
