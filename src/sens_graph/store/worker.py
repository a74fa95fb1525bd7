"""The worker side of the pool, and the pipe protocol both sides speak.

A worker (``python -m sens_graph.store --worker STORE_DIR``) opens the store read-only, says it is
ready, then answers one request at a time. Each message is a frame: a 4-byte big-endian length and
a JSON header, then an 8-byte length and the body (empty for requests). Requests are the JSON form
of a :class:`~sens_graph.store.interface.QueryRequest`; answers carry a ``status`` that
:func:`raise_for_header` maps back to the store's exceptions.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import time
from typing import Any, BinaryIO

from ..errors import (
    InvalidGraphIri,
    NotAcceptable,
    QuerySyntaxError,
    QueryTooComplex,
    ResultTooLarge,
    ServiceRefused,
    StoreError,
    StoreFailure,
    UpdateRefused,
)
from .policy import check_query, iri_problem

HEADER_LENGTH = struct.Struct(">I")
"""The length of a frame's JSON header (4 bytes, big-endian)."""
BODY_LENGTH = struct.Struct(">Q")
"""The length of a frame's body (8 bytes, big-endian)."""


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


def write_frame(out: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    """Write one frame (header, then body) to ``out`` and flush it."""
    raw = json.dumps(header).encode("utf-8")
    out.write(b"".join((HEADER_LENGTH.pack(len(raw)), raw, BODY_LENGTH.pack(len(body)), body)))
    out.flush()


def read_exact(inp: BinaryIO, n: int) -> bytes | None:
    """Read exactly ``n`` bytes from ``inp``; None at the end of the stream."""
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
        write_frame(out, {"ready": False, "message": f"{type(exc).__name__}: {exc}"})
        return 1
    write_frame(out, {"ready": True, "pid": os.getpid()})
    while True:
        raw_len = read_exact(inp, HEADER_LENGTH.size)
        if raw_len is None:
            return 0
        raw = read_exact(inp, HEADER_LENGTH.unpack(raw_len)[0])
        if raw is None:
            return 0
        try:
            request = json.loads(raw)
            if not isinstance(request, dict):
                raise ValueError("a request is a JSON object")
        except ValueError as exc:
            write_frame(out, {"status": "error", "message": f"unreadable request: {exc}"})
            continue
        header, body = evaluate(store, request)
        write_frame(out, header, body)



def raise_for_header(header: dict[str, Any]) -> None:
    """Raise the :class:`StoreError` subclass a worker's non-``ok`` answer header stands for."""
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

