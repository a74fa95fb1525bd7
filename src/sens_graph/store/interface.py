"""What the server asks of a store: a query request, a serialized response, the :class:`Store` protocol."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


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
    """A serialized result: ``kind`` is ``solutions``, ``boolean`` or ``graph``.

    ``seconds`` is the evaluation's time in the store; ``cached`` is true when the answer was
    kept from an earlier evaluation on the same store generation (``store.result_cache``).
    """

    kind: str
    media_type: str
    body: bytes
    seconds: float = 0.0
    cached: bool = False


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

