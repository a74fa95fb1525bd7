"""Answers of the embedded store kept per store generation, and identical queries run once.

The embedded store is read-only and changes only when a new build is loaded (a new
generation), so an answer stays true for the generation it was computed on. Two savings:

* **Kept answers**: a successful answer (the serialized bytes, as sent) is kept in a
  least-recently-used cache bounded in bytes (``cachetools.LRUCache``, each entry weighing its
  body plus its query text); an answer weighing more than an eighth of the bound is not kept. A new
  generation empties the cache. Errors (time limit, syntax, busy…) are never kept.
* **One evaluation for identical queries in flight**: a request identical to one already
  running (same generation, query text, formats, dataset, limits) waits for that evaluation
  instead of taking a second worker. Its outcome (answer or error) goes to every waiter; the
  evaluation is cancelled (its worker replaced, as before) only when every waiter is gone.

Keys are whole :class:`QueryRequest` values (frozen, hashable): the query text byte for byte, so
``SELECT ?x`` and ``select ?x`` are two entries. A bound of 0 bytes turns both savings off.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import cachetools

from .interface import QueryRequest, QueryResponse

DEFAULT_RESULT_CACHE_BYTES = 64 * 1024 * 1024
"""Default bound of the kept answers (64 MiB of serialized results; ``SENS_GRAPH_RESULT_CACHE_BYTES``)."""

_Key = tuple[str, QueryRequest]


@dataclass
class _Flight:
    task: asyncio.Task[QueryResponse]
    waiters: int = 0


@dataclass
class ResultCache:
    """Kept answers (LRU, ``max_bytes`` of bodies) and shared in-flight evaluations, per generation.

    ``max_bytes`` = 0 disables both: every request is evaluated on its own.
    """

    max_bytes: int = DEFAULT_RESULT_CACHE_BYTES
    hits: int = 0
    """Requests answered from a kept answer."""
    shared: int = 0
    """Requests that waited for an identical evaluation already running."""
    misses: int = 0
    """Requests that started an evaluation."""
    _entries: cachetools.LRUCache = field(init=False, repr=False)
    _running: dict[_Key, _Flight] = field(default_factory=dict, init=False, repr=False)
    _generation: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        self._entries = cachetools.LRUCache(maxsize=max(1, self.max_bytes), getsizeof=_weight)

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    @property
    def max_entry_bytes(self) -> int:
        """Largest answer kept: an eighth of the bound, so one answer never empties the cache."""
        return self.max_bytes // 8

    def clear(self) -> None:
        """Forget every kept answer (evaluations in flight finish for their waiters)."""
        self._entries.clear()

    def stats(self) -> dict[str, Any]:
        """Figures for ``/health``: bound, bytes and entries kept, hits, shared waits, misses."""
        return {"max_bytes": self.max_bytes, "bytes": int(self._entries.currsize), "entries": len(self._entries),
                "hits": self.hits, "shared": self.shared, "misses": self.misses}

    async def answer(self, generation: str, request: QueryRequest,
                     evaluate: Callable[[], Awaitable[QueryResponse]]) -> QueryResponse:
        """The answer to ``request`` on ``generation``: kept, shared with an identical evaluation
        in flight, or from ``evaluate()`` (whose :class:`StoreError` reaches every waiter)."""
        if not self.enabled:
            return await evaluate()
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation
        key = (generation, request)
        kept = self._entries.get(key)
        if kept is not None:
            self.hits += 1
            return replace(kept[0], cached=True)
        flight = self._running.get(key)
        if flight is None:
            self.misses += 1
            flight = _Flight(asyncio.get_running_loop().create_task(evaluate()))
            self._running[key] = flight
            flight.task.add_done_callback(lambda task: self._finished(key, flight, task))
        else:
            self.shared += 1
        flight.waiters += 1
        try:
            return await asyncio.shield(flight.task)
        finally:
            flight.waiters -= 1
            if flight.waiters == 0 and not flight.task.done():  # every client gone: stop the evaluation
                flight.task.cancel()

    def _finished(self, key: _Key, flight: _Flight, task: asyncio.Task[QueryResponse]) -> None:
        if self._running.get(key) is flight:
            del self._running[key]
        if task.cancelled():
            return
        if task.exception() is not None:  # read here too, so an error nobody awaited is not logged
            return
        response = task.result()
        weight = len(response.body) + len(key[1].query) + 256  # the body, the query text, the entry itself
        if key[0] == self._generation and weight <= self.max_entry_bytes:
            with contextlib.suppress(ValueError):  # larger than the bound (cannot happen past the check)
                self._entries[key] = (response, weight)


def _weight(kept: tuple[QueryResponse, int]) -> int:
    return kept[1]
