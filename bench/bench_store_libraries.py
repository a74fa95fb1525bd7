"""Kept libraries against our own code in the store (issue 11 item 3): the figures in docs/server.md.

* pool: our :class:`sens_graph.store.WorkerPool` against ``pebble.ProcessPool`` (per-task timeouts),
  each with 3 workers over the same read-only Oxigraph generation of the real build: p50 of a small
  query, the time to answer again after a query passed its time limit (the worker is killed and
  replaced), and the memory (RSS) of one idle worker.
* remote: ``urllib`` in a thread (the former client) against ``httpx.AsyncClient`` (kept
  connections, cancellable) on the same endpoint: p50 of a small query.

Usage: ``python bench/bench_store_libraries.py DIST_DIR [--endpoint URL]`` (pebble comes with the
``bench`` extra: ``pip install -e '.[bench]'``). Prints one line per measure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

SMALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/sens-graph/def#Competence> }"
LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RUNS = 200

_STORE = None


def _open(path: str) -> None:  # pebble initializer: open the store once per worker
    global _STORE
    import pyoxigraph as ox

    _STORE = ox.Store.read_only(path)


def _query(text: str) -> bytes:
    import io

    import pyoxigraph as ox

    sink = io.BytesIO()
    _STORE.query(text, use_default_graph_as_union=True).serialize(sink, ox.QueryResultsFormat.JSON)
    return sink.getvalue()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def ours(generation: Path) -> None:
    from sens_graph.store import QueryTimeout, WorkerPool

    pool = WorkerPool(generation, 3)
    await pool.start()
    payload = {"query": SMALL, "results_media_type": "application/sparql-results+json"}
    try:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            await pool.run(payload, 10, 10)
            times.append(time.perf_counter() - started)
        print(f"ours   p50 small query {statistics.median(times) * 1000:.2f} ms")
        with contextlib.suppress(QueryTimeout):
            await pool.run({**payload, "query": LONG}, 0.5, 10)
        started = time.perf_counter()
        for _ in range(3):  # every worker once: the killed one's replacement included
            await pool.run(payload, 10, 10)
        print(f"ours   3 queries right after a timeout {(time.perf_counter() - started) * 1000:.1f} ms")
        print(f"ours   RSS of one idle worker {_rss_kib(pool.pids()[0]) / 1024:.1f} MiB")
    finally:
        await pool.close()


def theirs(generation: Path) -> None:
    import concurrent.futures

    import pebble

    with pebble.ProcessPool(max_workers=3, initializer=_open, initargs=(str(generation),)) as pool:
        pool.schedule(_query, (SMALL,)).result()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            pool.schedule(_query, (SMALL,), timeout=10).result()
            times.append(time.perf_counter() - started)
        print(f"pebble p50 small query {statistics.median(times) * 1000:.2f} ms")
        with contextlib.suppress(concurrent.futures.TimeoutError):
            pool.schedule(_query, (LONG,), timeout=0.5).result()
        started = time.perf_counter()
        for _ in range(3):
            pool.schedule(_query, (SMALL,), timeout=10).result()
        print(f"pebble 3 queries right after a timeout {(time.perf_counter() - started) * 1000:.1f} ms")
        pids = [w.pid for w in pool._pool_manager.worker_manager.workers.values()]
        print(f"pebble RSS of one idle worker {_rss_kib(pids[0]) / 1024:.1f} MiB")


def remote(endpoint: str) -> None:
    import httpx

    body = urllib.parse.urlencode({"query": SMALL}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}

    def with_urllib() -> None:
        request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()

    async def urllib_in_thread() -> list[float]:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            await asyncio.to_thread(with_urllib)
            times.append(time.perf_counter() - started)
        return times

    async def with_httpx() -> list[float]:
        times = []
        async with httpx.AsyncClient(timeout=10) as client:
            for _ in range(RUNS):
                started = time.perf_counter()
                (await client.post(endpoint, content=body, headers=headers)).read()
                times.append(time.perf_counter() - started)
        return times

    print(f"urllib (thread) p50 small query {statistics.median(asyncio.run(urllib_in_thread())) * 1000:.2f} ms")
    print(f"httpx (async)   p50 small query {statistics.median(asyncio.run(with_httpx())) * 1000:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist_dir", type=Path)
    parser.add_argument("--endpoint")
    args = parser.parse_args()
    from sens_graph.store import load_generation

    with tempfile.TemporaryDirectory() as tmp:
        generation = load_generation(args.dist_dir, Path(tmp))
        asyncio.run(ours(generation))
        theirs(generation)
    if args.endpoint:
        remote(args.endpoint)


if __name__ == "__main__":
    main()
