"""A remote engine that refuses or stops a query for its time answers 503 naming the endpoint, not 500.

Fault: Virtuoso answers ``500 SPARQL Request Failed`` with ``Virtuoso S1T00 Error SR171: Transaction
timed out`` when a query passes its ``MaxQueryExecutionTime`` (measured on 7.2, 2026-11-30), and
the remote store passed every 500 on as a store failure (HTTP 500, "the server is broken"). It is a
time refusal: the client may retry later or ask less, so :class:`QueryTimeout` (503), with a
message that names the remote endpoint.
"""

from __future__ import annotations

import asyncio

import pytest
from server.virtuoso import ISQL, NOT_INSTALLED, VIRTUOSO, start_virtuoso

from sens_graph.server.http import ERROR_STATUS
from sens_graph.store import QueryRequest, QueryTimeout, RemoteSparqlStore

from .test_remote_query_is_stopped_at_the_time_limit import CROSS_PRODUCT, synthetic_nquads

pytestmark = pytest.mark.skipif(VIRTUOSO is None or ISQL is None, reason=NOT_INSTALLED)


def test_a_remote_time_refusal_is_a_503_naming_the_endpoint(tmp_path):
    server = start_virtuoso(tmp_path / "virtuoso", synthetic_nquads(tmp_path / "data.nq"), max_seconds=1)
    try:
        # no per-query limit sent (""): Virtuoso's own MaxQueryExecutionTime (1 s) stops it, with a 500
        store = RemoteSparqlStore(server.endpoint, timeout=30, timeout_parameter="")
        asyncio.run(store.start())
        with pytest.raises(QueryTimeout, match="SR171: Transaction timed out") as raised:
            asyncio.run(store.execute(QueryRequest(CROSS_PRODUCT)))
        assert server.endpoint in str(raised.value)
        assert ERROR_STATUS[type(raised.value)] == 503
    finally:
        server.stop()
