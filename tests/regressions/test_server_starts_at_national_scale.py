"""Regression: at 10^7 triples (1,001 programmes, issue 13) ``sens-graph serve`` did not listen after 10 minutes:
its warm-up made every programme's coverage report before serving (``bench/national.py --programmes 1000``
stopped on "server … did not answer within 600 s"). Now it makes the first
``COVERAGE_WARM_UP_LIMIT`` reports, in identifier order; the others are made on their first visit."""

from __future__ import annotations

import asyncio

from sens_graph.server import pages


def test_the_warm_up_makes_a_bounded_number_of_coverage_reports(monkeypatch) -> None:
    identifiers = [f"synthetique-{n:05d}" for n in range(1000)] + ["du-cns", "etu-e-sante"]
    made: list[str] = []

    async def rows(ctx, sparql):
        assert "sens:Programme" in sparql
        return [{"id": {"type": "literal", "value": identifier}} for identifier in identifiers]

    async def programme_report(ctx, identifier):
        made.append(identifier)
        return {}

    monkeypatch.setattr(pages, "rows", rows)
    monkeypatch.setattr(pages, "programme_report", programme_report)
    spent = asyncio.run(pages.warm_up(object(), ("coverage",)))
    assert set(spent) == {"coverage"}
    assert made == sorted(identifiers)[: pages.COVERAGE_WARM_UP_LIMIT]
    assert made[:2] == ["du-cns", "etu-e-sante"]  # the real graph's two programmes come first
