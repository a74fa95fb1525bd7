"""Regression (issue 10, fuzzing): ``SELECT * WHERE`` + 2,200 nested ``{ }`` (also ~4,650 nested
FILTER parentheses, ~930 nested ``CONCAT(``, ~6,570 ``UNION``s), all under the 1 MiB cap,
overflowed the worker's native stack (SIGSEGV) and answered 500.

Kind: a query whose structure is deeper than the recursive evaluator can hold. The lexer now
measures nesting depth and operator count and refuses such a query with 400 before anything is
evaluated (limits documented in docs/server.md), and the worker evaluates on a 512 MiB stack so
what passes the limits is far from the overflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server.conftest import BASE, MiniProject, server_settings, write_dist

import sens_graph.store as store_module
from sens_graph.config import Settings
from sens_graph.server import create_app, make_store

ROOT = Path(__file__).resolve().parents[2]

CRASHERS = {
    "braces": "SELECT * WHERE " + "{" * 2200 + "}" * 2200,
    "filter-parentheses": "SELECT * WHERE { FILTER(" + "(" * 4650 + "true" + ")" * 4650 + ") }",
    "concat": "SELECT * WHERE { BIND(" + "CONCAT(" * 930 + '"a"' + ")" * 930 + " AS ?x) }",
    "union": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 6570) + " }",
    "bind-chain": "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?x{i})" for i in range(5000)) + " }",
    "negations": "SELECT * WHERE { FILTER(" + "!" * 10000 + "true) }",
    "additions": "SELECT * WHERE { BIND(" + "+".join(["1"] * 10000) + " AS ?x) }",
}


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, object]]:
    project = tmp_path_factory.mktemp("nesting")
    counts = write_dist(project)
    mini = MiniProject(Settings(project_dir=project, base_iri=BASE), counts)
    options = server_settings(mini, query_timeout=20.0)
    store = make_store(mini.settings, options)
    with TestClient(create_app(mini.settings, store, options)) as client:
        yield client, store


@pytest.mark.parametrize("name", list(CRASHERS))
def test_over_deep_query_is_400_before_evaluation(app_client, name):
    client, store = app_client
    pids, killed = store.worker_pids(), store.killed_workers
    r = client.post("/sparql", content=CRASHERS[name], headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400, r.text[:300]
    assert "at most" in r.text
    assert store.worker_pids() == pids and store.killed_workers == killed


def test_queries_at_the_limits_are_answered(app_client):
    """Just inside the limits, every shape that crashed is evaluated, and the worker survives."""
    client, store = app_client
    depth, operators = store_module.MAX_QUERY_DEPTH, store_module.MAX_QUERY_OPERATORS
    inner = depth - 3  # SELECT's braces and BIND's parentheses are levels too
    at_limit = [
        "SELECT * WHERE " + "{" * depth + "}" * depth,
        "SELECT * WHERE { BIND(" + "CONCAT(" * inner + '"a"' + ")" * inner + " AS ?x) }",
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * (operators - 1)) + " } LIMIT 1",
        "SELECT * WHERE { FILTER(" + "!" * (operators - 3) + "true) }",
    ]
    pids = store.worker_pids()
    for query in at_limit:
        r = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 200, (query[:60], r.status_code, r.text[:200])
    assert store.worker_pids() == pids


def test_brackets_inside_strings_iris_and_comments_do_not_count():
    text = ('SELECT * WHERE { ?s ?p "' + "{(" * 5000 + '" . ?s ?p <http://x/' + "(" * 300 + "> }\n# "
            + "{" * 5000 + "\n")
    seen = store_module.inspect_query(text)
    assert seen.max_depth == 1
    store_module.check_query(text)


def test_the_limits_are_documented():
    doc = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    assert f"{store_module.MAX_QUERY_DEPTH} levels" in doc
    assert f"{store_module.MAX_QUERY_OPERATORS:,}" in doc


def test_every_library_query_is_far_inside_the_limits():
    queries = sorted((ROOT / "queries").rglob("*.rq"))
    assert queries
    for path in queries:
        seen = store_module.check_query(path.read_text(encoding="utf-8"))
        assert seen.max_depth <= store_module.MAX_QUERY_DEPTH // 4, path.name
        assert seen.operators <= store_module.MAX_QUERY_OPERATORS // 4, path.name
