"""The triple store behind the server: one interface, two implementations.

* :class:`OxigraphStore` (default): the built ``dist/`` is bulk-loaded once into an on-disk
  pyoxigraph (RocksDB) store under ``var/store/<generation>/``; queries run in a small pool of
  worker processes that open that store read-only. A query that passes its time limit is
  stopped by killing its worker (pyoxigraph has no cancellation), and a fresh worker replaces
  it, so a long query never blocks the other clients.
* :class:`RemoteSparqlStore`: forwards queries to a SPARQL 1.1 endpoint chosen by the
  operator (a dataset that outgrows one machine); only the configured endpoint is contacted.

Both refuse updates and federated ``SERVICE`` clauses before anything is evaluated
(:func:`check_query`). One module per job:

========================  ===================================================================
``store.interface``       :class:`QueryRequest`, :class:`QueryResponse`, the :class:`Store` protocol
``store.policy``          what may be evaluated (read-only, no SERVICE, size limits, graph IRIs)
``store.generations``     ``dist/`` bulk-loaded into ``store_dir/<generation>/``, old ones pruned
``store.worker``          the worker process and the pipe protocol (frames) it speaks
``store.pool``            :class:`WorkerPool`: time limits, kill and respawn, retry, priorities
``store.result_cache``    :class:`ResultCache`: answers kept per generation, identical queries run once
``store.embedded``        :class:`OxigraphStore` (generations + pool + lock + health)
``store.remote``          :class:`RemoteSparqlStore`
========================  ===================================================================

The exceptions live in :mod:`sens_graph.errors` and are re-exported here, as every public name
of the submodules is, so ``from sens_graph.store import X`` keeps working.
"""

from __future__ import annotations

from ..errors import (
    InvalidGraphIri,
    NotAcceptable,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooComplex,
    ResultTooLarge,
    ServiceRefused,
    StoreBusy,
    StoreError,
    StoreFailure,
    StoreLocked,
    StoreUnavailable,
    UpdateRefused,
)
from .embedded import LOCK_FILE, OxigraphStore
from .generations import LOADED_MARK, SERVED_VOID, dist_generation, load_generation, prune_generations
from .interface import QueryRequest, QueryResponse, Store, select
from .policy import (
    MAX_QUERY_DEPTH,
    MAX_QUERY_OPERATORS,
    QueryInspection,
    check_graph_iris,
    check_query,
    check_read_only,
    inspect_query,
    iri_problem,
)
from .pool import WorkerPool, default_workers
from .remote import RemoteSparqlStore
from .result_cache import DEFAULT_RESULT_CACHE_BYTES, ResultCache
from .worker import WORKER_STACK_BYTES, die_with_parent, evaluate, worker_main

__all__ = [
    "DEFAULT_RESULT_CACHE_BYTES",
    "LOADED_MARK",
    "LOCK_FILE",
    "MAX_QUERY_DEPTH",
    "MAX_QUERY_OPERATORS",
    "SERVED_VOID",
    "WORKER_STACK_BYTES",
    "InvalidGraphIri",
    "NotAcceptable",
    "OxigraphStore",
    "QueryInspection",
    "QueryRequest",
    "QueryResponse",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryTooComplex",
    "RemoteSparqlStore",
    "ResultCache",
    "ResultTooLarge",
    "ServiceRefused",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreFailure",
    "StoreLocked",
    "StoreUnavailable",
    "UpdateRefused",
    "WorkerPool",
    "check_graph_iris",
    "check_query",
    "check_read_only",
    "default_workers",
    "die_with_parent",
    "dist_generation",
    "evaluate",
    "inspect_query",
    "iri_problem",
    "load_generation",
    "prune_generations",
    "select",
    "worker_main",
]
