"""A remote query past the time limit is stopped in the engine, and its partial rows are refused.

Fault (measured on Virtuoso 7.2, 2026-11-30): the remote store's time limit only stopped our wait;
the query kept running inside Virtuoso (its CPU stayed busy after we gave up, and closing the
connection does not stop it either), so later queries queued behind it. Fixed: the store learns
the engine from its ``Server`` header and sends Virtuoso's per-query ``timeout`` (milliseconds).
That limit is an *anytime* one: Virtuoso stops the query and answers 200 with the rows found so far
and ``X-SQL-State: S1TAT``; those rows must become an error (503), never a result.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from server.virtuoso import ISQL, NOT_INSTALLED, VIRTUOSO, start_virtuoso

from sens_graph.server.http import ERROR_STATUS
from sens_graph.store import QueryRequest, QueryTimeout, RemoteSparqlStore

pytestmark = pytest.mark.skipif(VIRTUOSO is None or ISQL is None, reason=NOT_INSTALLED)

CROSS_PRODUCT = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                 "FILTER (STRLEN(STR(?c)) > STRLEN(STR(?f))) }")
"""Over 10,000 triples: 10^8 pairs, each through a filter (minutes on Virtuoso 7.2); Virtuoso's
anytime limit interrupts it (a plain triple cross product under COUNT is not interrupted in time)."""
SMALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def synthetic_nquads(path: Path, triples: int = 10_000) -> Path:
    """``triples`` distinct triples in one named graph."""
    path.write_text("".join(f"<urn:s:{i}> <urn:p:{i % 7}> \"{i}\" <urn:graph:g> .\n" for i in range(triples)),
                    encoding="utf-8")
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / 100


def test_the_engine_stops_the_query_and_partial_rows_are_refused(tmp_path):
    server = start_virtuoso(tmp_path / "virtuoso", synthetic_nquads(tmp_path / "data.nq"), max_seconds=120)
    try:
        store = RemoteSparqlStore(server.endpoint, timeout=2)
        asyncio.run(store.start())
        assert store.timeout_parameter == "timeout"  # learnt from "Server: Virtuoso/07.20…"
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="partial results") as raised:
            asyncio.run(store.execute(QueryRequest(CROSS_PRODUCT)))
        assert time.monotonic() - started < 4.5
        assert server.endpoint in str(raised.value) and "S1TAT" in str(raised.value)
        assert ERROR_STATUS[QueryTimeout] == 503
        before = cpu_seconds(server.process.pid)
        time.sleep(1.0)
        assert cpu_seconds(server.process.pid) - before < 0.3, "the query still runs inside Virtuoso"
        answer = asyncio.run(store.execute(QueryRequest(SMALL)))
        assert b'"10000"' in answer.body
    finally:
        server.stop()
