"""A remote SPARQL 1.1 endpoint as the store (a dataset that outgrows one machine)."""

from __future__ import annotations

import asyncio
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..errors import NotAcceptable, QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreFailure
from .interface import QueryRequest, QueryResponse
from .policy import check_graph_iris, check_query

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
