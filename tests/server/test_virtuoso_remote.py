"""The remote store on a real engine: Virtuoso open source loaded with the build's N-Quads (issue 13).

A private Virtuoso (tests/server/virtuoso.py: its own virtuoso.ini, free loopback ports, its own
database in a temporary directory) is loaded with ``dist/sens-graph.nq`` of the real build, and the
application is created over a :class:`RemoteSparqlStore` pointed at its ``/sparql``. Every query
of the library (defaults; the programme queries with ``programme=du-cns``) must answer through it
the same rows as through the embedded store, compared as plain values after the normalisations
below, each a legitimate engine difference:

* GROUP_CONCAT order: SPARQL leaves the order of the concatenated values unspecified; Virtuoso
  and Oxigraph concatenate in different orders → the parts (split on the library's separators)
  are compared as sorted lists.
* Datatypes and language tags are not compared (plain values): GROUP_CONCAT of ``@fr`` labels is
  a simple literal in Virtuoso (as SPARQL 1.1 says), ``@fr`` in Oxigraph (an extension); SUM/AVG
  of integers may come back as ``xsd:decimal`` or ``xsd:integer``.
* Booleans: Virtuoso answers a boolean expression (``?a = ?b``) bound with BIND as ``1``/``0``
  (``xsd:integer``) where Oxigraph answers ``true``/``false`` → both mapped to 1/0.
* Numbers: ``18`` and ``18.0`` are the same value → compared as decimals.

Skipped, with the reason, when ``virtuoso-t`` is not installed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import pytest
from fastapi.testclient import TestClient

from sens_graph.queries import QueryLibrary
from sens_graph.server import create_app
from sens_graph.store import RemoteSparqlStore

from .real_project import real_server_settings
from .virtuoso import ISQL, NOT_INSTALLED, VIRTUOSO, Virtuoso, start_virtuoso

pytestmark = pytest.mark.skipif(VIRTUOSO is None or ISQL is None, reason=NOT_INSTALLED)

PROGRAMME = "du-cns"
SEPARATORS = re.compile(r" \| |; |, | / ")
JSON = "application/sparql-results+json"

# Queries whose answers differ on Virtuoso for a reason found and written down here (none yet
# beyond the normalisations above); a query listed here must still run without error.
KNOWN_DIFFERENCES: dict[str, str] = {}


@pytest.fixture(scope="module")
def virtuoso(real_settings, tmp_path_factory) -> Iterator[Virtuoso]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), real_settings.dist_dir / "sens-graph.nq")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def remote_client(real_settings, virtuoso) -> Iterator[TestClient]:
    options = real_server_settings(real_settings, remote_endpoint=virtuoso.endpoint)
    app = create_app(real_settings, RemoteSparqlStore(virtuoso.endpoint, timeout=20), options)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def plain(term: dict) -> object:
    """A SPARQL JSON term as a plain comparable value (see the module docstring)."""
    value = term["value"]
    if term["type"] == "uri":
        return ("iri", value)
    if term["type"] == "bnode":
        return ("bnode",)
    if value in ("true", "false") and term.get("datatype", "").endswith("#boolean"):
        return Decimal(1 if value == "true" else 0)
    try:
        return Decimal(value).normalize() if re.fullmatch(r"[+-]?\d+(\.\d*)?", value) else _parts(value)
    except InvalidOperation:
        return _parts(value)


def _parts(value: str) -> object:
    parts = SEPARATORS.split(value)
    return tuple(sorted(parts)) if len(parts) > 1 else value


def rows(client: TestClient, query: str) -> list[tuple]:
    answer = client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
    if answer.status_code == 503:
        return [("503",)]
    assert answer.status_code == 200, answer.text[:500]
    bindings = answer.json()["results"]["bindings"]
    return sorted((tuple(sorted((k, plain(v)) for k, v in b.items())) for b in bindings), key=repr)


def library_cases(settings) -> list[tuple[str, dict]]:
    library = QueryLibrary.load(settings.queries_dir)
    cases = []
    for query in library.list():
        params = {"programme": PROGRAMME} if any(p.name == "programme" for p in query.parameters) else {}
        cases.append((query.name, query.sparql(params)))
    return cases


# Virtuoso's own graphs, still listed by ``GRAPH ?g`` to the anonymous user although their triples
# are out of its default graph (measured): no library query matches their vocabulary.
SYSTEM_GRAPHS = {"http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/sparql"}


def test_the_default_graph_is_the_union_of_the_build_graphs_only(virtuoso, remote_client, real_client):
    """No Virtuoso system graph (virtrdf#, ldp#) leaks into the default graph: same triple count,
    and every named graph holds the same number of triples as in the embedded store.

    Counted with ``GROUP BY ?g`` (0.01 s on Virtuoso 7.2), not ``SELECT DISTINCT ?g``: with the
    per-graph permissions of the recipe, DISTINCT over ``GRAPH ?g`` takes 15 s there (measured
    2026-11-30), close to the remote store's 20 s limit, and failed CI on a slower machine.
    """
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert rows(remote_client, count) == rows(real_client, count)
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    remote, embedded = rows(remote_client, per_graph), rows(real_client, per_graph)
    assert remote != [("503",)], "the per-graph count timed out on Virtuoso"
    remote = [r for r in remote if dict(r)["g"][1] not in SYSTEM_GRAPHS]
    assert len(embedded) == 34  # 33 + the derived coverage graph (issue 13)
    assert remote == embedded


@pytest.mark.xfail(strict=True, reason=(
    "measured 2026-11-30 on Virtuoso 7.2 (Debian): comparaison-des-programmes runs past the remote "
    "store's 20 s limit, and the limit only stops the wait here: the query keeps running inside "
    "Virtuoso (until MaxQueryExecutionTime), so every later query of the run queues behind it and "
    "times out too (503); changements-entre-versions, competences-communes-et-specifiques (16 rows "
    "embedded, 85 on Virtuoso) and couverture-socle-par-domaine answer different rows, not yet "
    "diagnosed. Fix: cancel the remote query on timeout, then diagnose each difference."))
def test_the_library_answers_the_same_rows_through_virtuoso(real_settings, remote_client, real_client):
    outcome = {}
    for name, text in library_cases(real_settings):
        embedded, remote = rows(real_client, text), rows(remote_client, text)
        if remote == [("503",)]:
            outcome[name] = "timeout (503 after 20 s)"
            break  # the query keeps running in Virtuoso: later queries would only queue behind it
        elif embedded != remote:
            outcome[name] = f"differs: {len(embedded)} rows embedded, {len(remote)} rows on Virtuoso"
        else:
            outcome[name] = "same"
    unexpected = {n: o for n, o in outcome.items() if o != KNOWN_DIFFERENCES.get(n, "same")}
    unexpected.update({n: "not run" for n, _ in library_cases(real_settings) if n not in outcome})
    assert not unexpected, json.dumps(unexpected, ensure_ascii=False, indent=1)
