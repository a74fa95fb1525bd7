"""The query library on the embedded store and on Virtuoso, side by side (issue 13, "Beyond one machine").

Loads a build's ``dist/sens-graph.nq`` into a private Virtuoso open source (the recipe of
``tests/server/virtuoso.py``: its own database and ports, the union of the build's graphs as the
default graph) and into the embedded store (``OxigraphStore``, 3 workers), then runs every library
query (the programme queries with ``programme=du-cns``) ``--runs`` times through each store
(``RemoteSparqlStore`` for Virtuoso) and prints the p50 of each, in milliseconds, as a markdown
table. The queries that hang Virtuoso 7.2 (``NOT_SENT`` of the test) are not sent to it.

Usage: ``python bench/bench_remote.py DIST_DIR [--runs 5]`` (Debian ``virtuoso-opensource``
installed; the real build: ``sens-graph build`` first, then ``dist``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR / "tests"))

from server.test_virtuoso_remote import NOT_SENT  # noqa: E402
from server.virtuoso import ISQL, NOT_INSTALLED, VIRTUOSO, start_virtuoso  # noqa: E402

from sens_graph.queries import QueryLibrary  # noqa: E402
from sens_graph.store import OxigraphStore, QueryRequest, RemoteSparqlStore, StoreError  # noqa: E402


async def p50(store, text: str, runs: int) -> str:
    """Median seconds of ``runs`` executions, in ms; or the error's class name."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            await store.execute(QueryRequest(text, timeout=20))
        except StoreError as exc:
            return type(exc).__name__
        times.append(time.perf_counter() - started)
    return f"{statistics.median(times) * 1000:.1f}"


async def run(dist_dir: Path, runs: int, skip: frozenset[str] = frozenset()) -> None:
    library = QueryLibrary.load(PROJECT_DIR / "queries")
    with tempfile.TemporaryDirectory() as tmp:
        server = start_virtuoso(Path(tmp) / "virtuoso", dist_dir / "sens-graph.nq")
        embedded = OxigraphStore(dist_dir, Path(tmp) / "store", workers=3, timeout=20)
        remote = RemoteSparqlStore(server.endpoint, timeout=20)
        try:
            await embedded.start()
            await remote.start()
            print("| query | embedded Oxigraph p50 (ms) | Virtuoso 7.2 p50 (ms) |")
            print("|---|---|---|")
            for query in library.list():
                params = {"programme": "du-cns"} if any(p.name == "programme" for p in query.parameters) else {}
                text = query.sparql(params)
                mine = await p50(embedded, text, runs)
                if query.name in NOT_SENT:
                    theirs = "not sent (hangs Virtuoso)"
                elif query.name in skip:
                    theirs = "not sent (--skip)"
                else:
                    theirs = await p50(remote, text, runs)
                print(f"| {query.name} | {mine} | {theirs} |", flush=True)
        finally:
            await embedded.close()
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip", nargs="*", default=[],
                        help="library queries not to send to Virtuoso (e.g. a national listing whose failure "
                             "leaves Virtuoso 7.2 hanging for every later query)")
    args = parser.parse_args()
    if VIRTUOSO is None or ISQL is None:
        sys.exit(NOT_INSTALLED)
    asyncio.run(run(args.dist_dir, args.runs, frozenset(args.skip)))


if __name__ == "__main__":
    main()
