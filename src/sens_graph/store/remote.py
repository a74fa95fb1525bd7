"""A remote SPARQL 1.1 endpoint as the store (a dataset that outgrows one machine).

The client is ``urllib`` in a thread, not httpx: measured against Virtuoso 7.2, httpx's kept
connections answered a small query in 8–20 ms p50 against 1.8–4.2 ms (docs/server.md,
``bench/bench_store_libraries.py``), and closing the connection, the one thing httpx's
cancellation adds, does not stop the query in Virtuoso (measured: it kept its CPU busy after the
close). What stops it is the engine's own limit, asked for per query (:data:`SERVER_TIMEOUT_PARAMETERS`).
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..errors import NotAcceptable, QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreFailure, StoreUnavailable
from .interface import QueryRequest, QueryResponse
from .policy import check_graph_iris, check_query

SERVER_TIMEOUT_PARAMETERS = {"Virtuoso/": "timeout"}
"""Engines (by the start of their ``Server`` header) that take a per-query time limit as a request
parameter, in milliseconds, and the parameter's name. Virtuoso's ``timeout`` is an *anytime* limit:
at the limit it stops the query and answers 200 with the rows found so far and an ``X-SQL-State``
header (``S1TAT``); such an answer is refused (:class:`QueryTimeout`), never served as rows."""
_COST_OR_TIME_REFUSAL = re.compile(
    r"S1T00|SR171|SR186|timed? ?out|timeout|estimated execution time|exceeds the limit|too (?:long|complex)|"
    r"(?:estimated|query) cost", re.IGNORECASE)
"""A remote 500 that says the engine refused or stopped the query for its cost or its time
(Virtuoso: ``S1T00`` estimated time over ``MaxQueryCostEstimationTime``, ``SR171`` transaction
timed out); answered as :class:`QueryTimeout` (503), the client may retry later or simplify."""

_BOOLEAN_RESULT = re.compile(rb'"boolean"\s*:\s*(?:true|false)|<boolean>|^(?:true|false)\s*$')
_RESULTS_PREFIXES = ("application/sparql-results+", "application/json", "application/xml", "text/csv",
                     "text/tab-separated-values")


@dataclass
class RemoteSparqlStore:
    """A remote SPARQL 1.1 endpoint (POST, URL-encoded). Only ``endpoint`` is ever contacted.

    The time limit stops the wait here; an engine known to take a per-query limit
    (:data:`SERVER_TIMEOUT_PARAMETERS`, recognised by the ``Server`` header of its answers, probed
    once at :meth:`start`) is also asked to stop the work itself at that limit, and an answer that
    says it holds partial results (``X-SQL-State``) is refused. The default graph is whatever the
    remote endpoint makes it (set ``union_default_graph`` on the remote side, e.g. Oxigraph's
    ``--union-default-graph``).
    """

    endpoint: str
    timeout: float = 10.0
    max_bytes: int | None = 64 * 1024 * 1024
    generation_hint: str = "remote"
    timeout_parameter: str | None = None
    """The request parameter that carries the time limit to the engine (milliseconds); found from
    the ``Server`` header when None; ``""``: send none."""

    @property
    def label(self) -> str:
        """``remote SPARQL endpoint <URL>``."""
        return f"remote SPARQL endpoint {self.endpoint}"

    async def start(self) -> None:
        scheme = urllib.parse.urlsplit(self.endpoint).scheme
        if scheme not in {"http", "https"}:
            raise StoreFailure(f"the remote endpoint must be an http(s) URL, not {self.endpoint!r}")
        await asyncio.to_thread(self._probe)

    def _probe(self) -> None:
        """Learn the engine from one ``ASK {}`` (best effort: an endpoint down now is not an error)."""
        probe = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode({"query": "ASK {}"}).encode(), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(probe, timeout=min(self.timeout, 5)) as answer:  # the operator's URL only
                self._learn_engine(answer.headers.get("Server"))
        except urllib.error.HTTPError as exc:
            self._learn_engine(exc.headers.get("Server"))
        except (urllib.error.URLError, OSError, ValueError):
            pass

    def _learn_engine(self, server: str | None) -> None:
        if self.timeout_parameter is None and server:
            for prefix, parameter in SERVER_TIMEOUT_PARAMETERS.items():
                if server.startswith(prefix):
                    self.timeout_parameter = parameter

    async def close(self) -> None:
        return None

    async def refresh(self) -> bool:
        return False

    @property
    def generation(self) -> str:
        """``generation_hint``: the remote data's changes are not seen from here."""
        return self.generation_hint

    async def execute(self, request: QueryRequest) -> QueryResponse:
        check_query(request.query)
        check_graph_iris(request)
        timeout = request.timeout or self.timeout
        try:
            return await asyncio.wait_for(asyncio.to_thread(self._post, request, timeout), timeout + 3)
        except TimeoutError as exc:
            raise QueryTimeout(f"the remote endpoint {self.endpoint} did not answer within {timeout:g} s") from exc

    def _post(self, request: QueryRequest, timeout: float) -> QueryResponse:
        started = time.perf_counter()
        fields = [("query", request.query)]
        fields += [("default-graph-uri", g) for g in request.default_graph_uris]
        fields += [("named-graph-uri", g) for g in request.named_graph_uris]
        if self.timeout_parameter:
            fields.append((self.timeout_parameter, str(max(1, int(timeout * 1000)))))
        accept = [m for m in (request.results_media_type, request.graph_media_type) if m]
        http_request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ", ".join(accept)})
        cap = request.max_bytes or self.max_bytes
        try:
            # the engine's limit (if sent) fires first: our socket waits two seconds longer
            with urllib.request.urlopen(http_request, timeout=timeout + 2) as answer:  # the operator's URL only
                self._learn_engine(answer.headers.get("Server"))
                sql_state = answer.headers.get("X-SQL-State")
                if sql_state:  # Virtuoso's anytime answer: partial rows, never served as the result
                    raise QueryTimeout(
                        f"the remote endpoint {self.endpoint} stopped the query at its time limit "
                        f"(ours: {timeout:g} s) and answered partial results (X-SQL-State {sql_state}: "
                        f"{answer.headers.get('X-SQL-Message', '').strip()[:200]}); they are not served")
                body = answer.read(cap + 1) if cap else answer.read()
                media_type = answer.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            self._learn_engine(exc.headers.get("Server"))
            message = exc.read(4096).decode("utf-8", "replace")
            if exc.code == 400:
                raise QuerySyntaxError(message) from exc
            if exc.code == 406:
                raise NotAcceptable("query") from exc
            first_line = message.strip().splitlines()[0] if message.strip() else ""
            if exc.code in (500, 503) and _COST_OR_TIME_REFUSAL.search(first_line):
                raise QueryTimeout(f"the remote endpoint {self.endpoint} refused or stopped the query for its "
                                   f"cost or time ({exc.code}): {first_line[:300]}") from exc
            raise StoreFailure(f"remote endpoint {self.endpoint} answered {exc.code}: {message}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"the remote endpoint {self.endpoint} did not answer within {timeout:g} s") from exc
        except (urllib.error.URLError, OSError) as exc:  # down or not listening: the client may retry (503)
            raise StoreUnavailable(f"remote endpoint {self.endpoint} unreachable: {exc}") from exc
        if cap and len(body) > cap:
            raise ResultTooLarge(f"the result is larger than {cap} bytes")
        if media_type.startswith(_RESULTS_PREFIXES):
            kind = "boolean" if _BOOLEAN_RESULT.search(body[:1000]) else "solutions"
        else:
            kind = "graph"
        expected = request.results_media_type if kind != "graph" else request.graph_media_type
        return QueryResponse(kind=kind, media_type=expected or media_type, body=body,
                             seconds=time.perf_counter() - started)
