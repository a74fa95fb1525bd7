"""Benchmark of ``sens-graph serve`` against rdflib-endpoint and ``oxigraph serve-read-only``.

The same data (dist/sens-graph.nq, union default graph) is served by the three servers on
127.0.0.1. Every library query (``queries/*.rq``, with its defaults) is timed alone on each
server; the queries every server answers alike form the mix, sent in complete passes by 1 and
by 8 client threads over keep-alive connections (each run bounded by ``--max-seconds``).
The servers take turns (at each run of each query, and at each concurrency), so the load others
put on a shared machine falls on both alike. sens-graph keeps
its answers per build (docs/server.md, "Kept answers"): the median of 3 and the mix then measure
kept answers after the first evaluation; ``--no-result-cache`` measures every request evaluated.
Then, on sens-graph (and oxigraph for comparison), the p99 latency of a small query is measured
alone and while a long query (a triple cross product, stopped by the 10 s time limit) runs.

    python bench/bench_server.py [--cycles 3] [--cycles-c8 1] [--json out.json]

Goals (issue 6): throughput >= 10x rdflib-endpoint and >= 0.5x oxigraph serve; small-query p99
while a 10 s query runs <= 2x its baseline. Only loopback traffic; every loop is bounded.
Needs ``pip install rdflib-endpoint oxigraph`` (the ``bench`` extra plus the ``oxigraph`` CLI).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ACCEPT = "application/sparql-results+json"
LONG_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FALLBACK_QUERIES = {
    "count-per-graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "classes": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    "labels-search": ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s ?l WHERE "
                      "{ ?s skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), \"donn\")) } LIMIT 100"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(conn: http.client.HTTPConnection, query: str, timeout: float = 120) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query})
    conn.timeout = timeout
    conn.request("POST", "/sparql", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT})
    response = conn.getresponse()
    return response.status, response.read()


def wait_ready(port: int, proc: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = post(conn, "ASK { ?s ?p ?o }")
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not answer within {seconds} s")


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    notes: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Run:
    server: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    complete: bool = True

    @property
    def throughput(self) -> float:
        """Successful queries per second."""
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load(server: Server, queries: list[str], concurrency: int, cycles: int, max_seconds: float) -> Run:
    """Each of ``concurrency`` threads runs the whole mix ``cycles`` times (starting at its own offset).

    Complete cycles weigh every query equally on every server; ``max_seconds`` bounds the run
    (threads stop starting queries after it; the run is then reported as cut short).
    """
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def worker(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        for i in range(offset, offset + cycles * len(queries)):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                status, _ = post(conn, queries[i % len(queries)])
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k * len(queries) // concurrency,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run = Run(server.name, concurrency, len(latencies), errors, time.monotonic() - started, latencies)
    run.complete = len(latencies) == concurrency * cycles * len(queries)
    return run


def small_latencies(server: Server, query: str, seconds: float, stop: threading.Event | None = None,
                    max_requests: int = 100_000, failures: list | None = None) -> list[float]:
    """Latencies of the small query, one client; non-200 answers are appended to ``failures``."""
    failures = failures if failures is not None else []
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    out = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(out) < max_requests and not (stop and stop.is_set()):
        t = time.perf_counter()
        try:
            status, _ = post(conn, query)
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        out.append(time.perf_counter() - t)
        if status != 200:
            failures.append(status)
    conn.close()
    return out


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def long_query_effect(server: Server, small: str, seconds: float, long_seconds: float) -> dict:
    """p99 of the small query alone, then while the long query runs (until it ends or is stopped)."""
    baseline = small_latencies(server, small, seconds)
    done = threading.Event()
    outcome: dict = {}

    def run_long() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=long_seconds + 5)
        t = time.perf_counter()
        try:  # the client gives up 5 s after the time limit if the server has not stopped the query
            status, _ = post(conn, LONG_QUERY, timeout=long_seconds + 5)
        except (OSError, http.client.HTTPException) as exc:
            status = f"error {exc}"
        outcome.update(status=status, seconds=round(time.perf_counter() - t, 2))
        done.set()

    thread = threading.Thread(target=run_long)
    thread.start()
    time.sleep(0.3)
    failures: list = []
    during = small_latencies(server, small, long_seconds + 10, stop=done, failures=failures)
    thread.join(long_seconds + 90)
    return {"baseline_p50_ms": statistics.median(baseline) * 1000, "baseline_p99_ms": p99(baseline) * 1000,
            "during_p50_ms": statistics.median(during) * 1000, "during_p99_ms": p99(during) * 1000,
            "ratio_p99": p99(during) / p99(baseline), "small_requests_during": len(during),
            "small_errors_during": len(failures), "small_error_statuses": sorted(set(map(str, failures))),
            "long_query_status": outcome.get("status"), "long_query_seconds": outcome.get("seconds")}


def serve_rdflib(nq: str, port: int) -> None:
    """Child process: rdflib-endpoint over the same N-Quads, default graph = union."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    ds = Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=True, public_url=f"http://127.0.0.1:{port}/sparql")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def start_ours(project: Path, work: Path, timeout: float, *, result_cache: bool = True) -> Server:
    port = free_port()
    env = {**os.environ, **({} if result_cache else {"SENS_GRAPH_RESULT_CACHE_BYTES": "0"})}
    proc = subprocess.Popen([sys.executable, "-m", "sens_graph.cli", "serve", "--no-build", "--project-dir",
                             str(project), "--port", str(port), "--store-dir", str(work / "store"),
                             "--no-access-log", "--query-timeout", str(timeout)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    server = Server("sens-graph", port, proc)
    wait_ready(port, proc)
    return server


def start_oxigraph(work: Path, timeout: float) -> Server | None:
    """``oxigraph serve-read-only`` on the store sens-graph loaded (same files, same engine version)."""
    binary = shutil.which("oxigraph")
    if binary is None:
        print("oxigraph CLI not found (pip install oxigraph): skipped", file=sys.stderr)
        return None
    generation = next(p for p in (work / "store").iterdir() if (p / "LOADED.json").is_file())
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(generation), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(int(timeout))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("oxigraph serve", port, proc)
    wait_ready(port, proc)
    return server


def start_rdflib(project: Path) -> Server:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve-rdflib", str(project / "dist" / "sens-graph.nq"),
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("rdflib-endpoint", port, proc)
    wait_ready(port, proc, seconds=600)
    return server


def timed(server: Server, query: str, timeout: float) -> tuple[int | str, float]:
    """(number of result rows, or an error) and the latency of one query."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    started = time.perf_counter()
    try:
        status, body = post(conn, query, timeout=timeout)
        rows: int | str = len(json.loads(body)["results"]["bindings"]) if status == 200 else f"HTTP {status}"
    except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
        rows = f"error {type(exc).__name__}"
    finally:
        conn.close()
    return rows, time.perf_counter() - started


def per_query_side_by_side(ours: Server, peers: list[Server], queries: dict[str, str], timeout: float,
                           peer_timeout: float, repeat: int) -> dict[str, dict[str, tuple]]:
    """Each query timed ``repeat`` times on each server in turn (ours first, then each peer, run
    after run), so that the load others put on a shared machine falls on every server alike; a
    query ours does not answer is not sent to the peers. {server: {query: (rows, median s)}}."""
    times: dict[str, dict[str, list[float]]] = {s.name: {} for s in [ours, *peers]}
    rows: dict[str, dict[str, int | str]] = {s.name: {} for s in [ours, *peers]}
    for name, text in queries.items():
        for run in range(repeat):
            for server in [ours, *peers]:
                if run and not isinstance(rows[server.name][name], int):
                    continue
                if server is not ours and not isinstance(rows[ours.name][name], int):
                    continue
                found, seconds = timed(server, text, timeout if server is ours else peer_timeout)
                rows[server.name].setdefault(name, found)
                times[server.name].setdefault(name, []).append(seconds)
    return {s: {n: (rows[s][n], statistics.median(times[s][n])) for n in rows[s]} for s in rows}


def print_run(run: Run) -> None:
    print(f"  {run.server:16} c={run.concurrency}: {run.throughput:8.1f} q/s"
          f"  p50 {run.percentile(50) * 1000:8.1f} ms  p99 {run.percentile(99) * 1000:8.1f} ms"
          f"  ({run.requests} requests, {run.errors} errors{'' if run.complete else ', cut short'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project-dir", type=Path, default=Path.cwd())
    parser.add_argument("--cycles", type=int, default=3, help="passes over the mix at concurrency 1")
    parser.add_argument("--cycles-c8", type=int, default=1, help="passes over the mix by each of 8 threads")
    parser.add_argument("--max-seconds", type=float, default=420.0, help="bound of one load run")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of the small-query baseline")
    parser.add_argument("--long-seconds", type=float, default=10.0, help="time limit (the long query's length)")
    parser.add_argument("--query-wait", type=float, default=60.0, help="longest wait for one query elsewhere")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--skip-oxigraph", action="store_true")
    parser.add_argument("--no-result-cache", action="store_true",
                        help="sens-graph keeps no answers (SENS_GRAPH_RESULT_CACHE_BYTES=0): every request evaluated")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--serve-rdflib", nargs=2, metavar=("NQ", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_rdflib:
        serve_rdflib(args.serve_rdflib[0], int(args.serve_rdflib[1]))
        return 0

    from sens_graph.config import Settings
    from sens_graph.server.context import load_query_library
    from sens_graph.server.run import ensure_build

    project = args.project_dir.resolve()
    settings = Settings(project_dir=project)
    if ensure_build(settings, reason=False):
        print("built dist/", file=sys.stderr)
    library = {q.name: q.text for q in load_query_library(settings.queries_dir)} or dict(FALLBACK_QUERIES)
    triples = sum(json.loads((project / "dist" / "build-info.json").read_text()).get("graphs", {}).values())
    work = Path(tempfile.mkdtemp(prefix="sens-graph-bench-"))
    servers: dict[str, Server] = {}
    figures: dict = {"triples": triples, "cores": os.cpu_count()}
    try:
        ours = servers["sens-graph"] = start_ours(project, work, args.long_seconds,
                                                 result_cache=not args.no_result_cache)
        conn = http.client.HTTPConnection("127.0.0.1", ours.port)
        _, body = post(conn, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                             "SELECT ?s WHERE { ?s skos:prefLabel ?l } ORDER BY ?s LIMIT 1")
        conn.close()
        entity = json.loads(body)["results"]["bindings"][0]["s"]["value"]
        small = f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}"

        # 1. every library query, one client: rows and median latency on each server (interleaved)
        peers = []
        if not args.skip_oxigraph and (ox := start_oxigraph(work, args.long_seconds)) is not None:
            servers["oxigraph serve"] = ox
            peers.append(ox)
        answers = per_query_side_by_side(ours, peers, library, args.long_seconds + 5, args.query_wait, 3)
        candidates = {n: q for n, q in library.items() if isinstance(answers["sens-graph"][n][0], int)}
        for name in sorted(set(library) - set(candidates)):
            print(f"  not in the mix: {name} ({answers['sens-graph'][name][0]} on sens-graph)", file=sys.stderr)
        if not args.skip_rdflib:
            rd = servers["rdflib-endpoint"] = start_rdflib(project)
            answers[rd.name] = {}
            for name, text in candidates.items():
                answers[rd.name][name] = timed(rd, text, args.query_wait)
                if not isinstance(answers[rd.name][name][0], int) and "error" in str(answers[rd.name][name][0]):
                    rd.stop()  # a runaway query: restart rdflib-endpoint so it does not eat the CPU
                    rd = servers["rdflib-endpoint"] = start_rdflib(project)
        mix = {n: q for n, q in candidates.items()
               if len({str(answers[s].get(n, ("-",))[0]) for s in answers}) == 1}
        print(f"data: {triples} triples; {os.cpu_count()} cores shared by the clients and the servers")
        print(f"per query, one client (median of 3; rdflib: 1 run); rows; ms  -- {len(mix)} of {len(library)} "
              "queries answered alike by every server form the throughput mix")
        header = "  " + f"{'query':36}" + "".join(f"{s:>22}" for s in answers)
        print(header)
        figures["per_query"] = {}
        for name in library:
            cells = []
            for s in answers:
                rows, seconds = answers[s].get(name, ("-", 0.0))
                cells.append(f"{rows!s:>8} {seconds * 1000:>10.1f} ms" if rows != "-" else f"{'-':>22}")
            print("  " + f"{name[:36]:36}" + "".join(f"{c:>22}" for c in cells) + ("" if name in mix else "  *"))
            figures["per_query"][name] = {s: {"rows": answers[s].get(name, ("-", 0))[0],
                                              "ms": answers[s].get(name, ("-", 0.0))[1] * 1000} for s in answers}
        if not mix:
            print("no query is answered alike by every server: no throughput figures")
            return 1
        # 2. throughput of the mix at concurrency 1 and 8
        print(f"throughput of the mix ({len(mix)} queries; complete passes: {args.cycles} at c=1, one per thread"
              " at c=8, rdflib one; keep-alive):")
        runs: list[Run] = []
        for concurrency in (1, 8):  # sens-graph and oxigraph one after the other at each concurrency
            for name, server in servers.items():
                if name != "rdflib-endpoint":
                    cycles = args.cycles if concurrency == 1 else args.cycles_c8
                    runs.append(load(server, list(mix.values()), concurrency, cycles, args.max_seconds))
                    print_run(runs[-1])
        if "rdflib-endpoint" in servers:
            for concurrency in (1, 8):
                runs.append(load(servers["rdflib-endpoint"], list(mix.values()), concurrency, 1, args.max_seconds))
                print_run(runs[-1])
            servers["rdflib-endpoint"].stop()
        figures["runs"] = [{"server": r.server, "concurrency": r.concurrency, "requests": r.requests,
                            "complete": r.complete, "seconds": r.seconds,
                            "errors": r.errors, "throughput_qps": r.throughput, "p50_ms": r.percentile(50) * 1000,
                            "p99_ms": r.percentile(99) * 1000} for r in runs]
        get = {(r.server, r.concurrency): r for r in runs}
        ratios = {}
        for concurrency in (1, 8):
            mine = get[("sens-graph", concurrency)].throughput
            for other in ("rdflib-endpoint", "oxigraph serve"):
                if (other, concurrency) in get and get[(other, concurrency)].throughput:
                    ratios[f"{other} c={concurrency}"] = mine / get[(other, concurrency)].throughput
        figures["throughput_ratios"] = ratios
        print("throughput of sens-graph / other (goal: >= 10 vs rdflib-endpoint, >= 0.5 vs oxigraph serve):")
        for key, value in ratios.items():
            print(f"  vs {key}: {value:.2f}x")
        if "rdflib-endpoint" in answers:
            speedups = [answers["rdflib-endpoint"][n][1] / answers["sens-graph"][n][1] for n in mix]
            geo = statistics.geometric_mean(speedups)
            figures["per_query_speedup_vs_rdflib"] = {"geometric_mean": geo, "min": min(speedups),
                                                      "max": max(speedups)}
            print(f"  per-query latency, rdflib-endpoint / sens-graph: geometric mean {geo:.1f}x "
                  f"(min {min(speedups):.1f}x, max {max(speedups):.1f}x)")
        # 3. a small query while a long one runs (sens-graph stops it at the time limit)
        print(f"small query (the statements of <{entity}>) while a long query runs"
              f" (time limit {args.long_seconds:g} s):")
        figures["long_query"] = {}
        for name in ("sens-graph", "oxigraph serve"):
            if name not in servers:
                continue
            effect = long_query_effect(servers[name], small, min(args.seconds, 5.0), args.long_seconds)
            figures["long_query"][name] = effect
            print(f"  {name:16} p99 alone {effect['baseline_p99_ms']:.2f} ms, during {effect['during_p99_ms']:.2f} ms"
                  f" -> {effect['ratio_p99']:.2f}x (goal <= 2); the long query: {effect['long_query_status']}"
                  f" after {effect['long_query_seconds']} s; {effect['small_requests_during']} small queries meanwhile"
                  f" ({effect['small_errors_during']} failed {effect['small_error_statuses']})")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str))
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
