"""The store's kept answers (``sens_graph.store.result_cache``): bound in bytes, per generation, off at 0."""

from __future__ import annotations

import asyncio

import pytest

from sens_graph.store import QueryRequest, QueryResponse, QuerySyntaxError
from sens_graph.store.result_cache import ResultCache


def _answering(body: bytes, calls: list[str]):
    def evaluate_for(request: QueryRequest):
        async def evaluate() -> QueryResponse:
            calls.append(request.query)
            await asyncio.sleep(0.01)
            return QueryResponse("solutions", "application/sparql-results+json", body, seconds=0.01)
        return evaluate
    return evaluate_for


def test_kept_per_generation_and_least_recently_used_out_first():
    calls: list[str] = []
    answer = _answering(b"x" * 1000, calls)
    cache = ResultCache(max_bytes=8 * 1400)  # room for about eight 1 KB answers; none over 1,400 bytes kept

    async def scenario() -> list[bool]:
        cached = []
        for query in ("A", "B", "A"):
            cached.append((await cache.answer("g1", QueryRequest(query), answer(QueryRequest(query)))).cached)
        for n in range(10):  # push A and B out
            await cache.answer("g1", QueryRequest(f"Q{n}"), answer(QueryRequest(f"Q{n}")))
        cached.append((await cache.answer("g1", QueryRequest("A"), answer(QueryRequest("A")))).cached)
        cached.append((await cache.answer("g2", QueryRequest("Q9"), answer(QueryRequest("Q9")))).cached)
        return cached

    assert asyncio.run(scenario()) == [False, False, True, False, False]
    assert calls.count("A") == 2 and calls.count("Q9") == 2
    stats = cache.stats()
    assert stats["bytes"] <= 8 * 1400 and stats["entries"] == 1  # g2 emptied what g1 kept


def test_answers_over_an_eighth_of_the_bound_and_errors_are_not_kept():
    calls: list[str] = []
    cache = ResultCache(max_bytes=8000)

    async def failing() -> QueryResponse:
        calls.append("bad")
        raise QuerySyntaxError("error at 1:8: expected one of Prefix")

    async def scenario() -> None:
        for _ in range(2):
            await cache.answer("g", QueryRequest("BIG"), _answering(b"x" * 1000, calls)(QueryRequest("BIG")))
            with pytest.raises(QuerySyntaxError):
                await cache.answer("g", QueryRequest("SELECT WHERE"), failing)

    asyncio.run(scenario())
    assert calls == ["BIG", "bad", "BIG", "bad"]
    assert cache.stats()["entries"] == 0


def test_a_bound_of_zero_keeps_and_shares_nothing():
    calls: list[str] = []
    cache = ResultCache(max_bytes=0)
    request = QueryRequest("A")

    async def scenario() -> None:
        await asyncio.gather(*(cache.answer("g", request, _answering(b"ok", calls)(request)) for _ in range(3)))
        await cache.answer("g", request, _answering(b"ok", calls)(request))

    asyncio.run(scenario())
    assert calls == ["A"] * 4
    assert cache.stats() == {"max_bytes": 0, "bytes": 0, "entries": 0, "hits": 0, "shared": 0, "misses": 0}
