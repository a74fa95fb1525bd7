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
* An empty GROUP_CONCAT (every value of the group unbound): Virtuoso binds ``""``, Oxigraph leaves
  the variable unbound (measured on ``intervenants`` of enseignements-d-un-programme and ``emetteur``
  of versions-des-referentiels) → an empty literal is compared as no binding.

Skipped, with the reason, when ``virtuoso-t`` is not installed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import pytest
from fastapi.testclient import TestClient

from sens_graph.queries import QueryLibrary
from sens_graph.server import create_app
from sens_graph.store import RemoteSparqlStore

from .real_project import real_server_settings
from .virtuoso import ISQL, NOT_INSTALLED, VIRTUOSO, Virtuoso

pytestmark = pytest.mark.skipif(VIRTUOSO is None or ISQL is None, reason=NOT_INSTALLED)

PROGRAMME = "du-cns"
SEPARATORS = re.compile(r" \| |; |, | / ")
JSON = "application/sparql-results+json"

# Queries that Virtuoso 7.2 cannot be sent at all: each one, measured 2026-11-30 on the real build,
# leaves the server unable to answer anything else, whatever limit is asked, so the rest of the
# run would only measure a hung server.
NOT_SENT: dict[str, str] = {
    "comparaison-des-programmes": (
        "deadlocks Virtuoso 7.2: no answer after 100 s with 0 CPU used (every thread in futex_do_wait), "
        "neither the per-query timeout (5 s) nor MaxQueryExecutionTime (60 s) fires, closing the "
        "connection does not free it, and every later query and isql itself hang until a restart. "
        "Isolated: without its OPTIONAL aggregate sub-select (GROUP BY ?prog ?item over sens:partOf+) the "
        "query answers in 0.26 s, the sub-select alone in 0.2 s; only their join hangs."),
    "part-interne-externe-par-domaine": (
        "runs past both Virtuoso limits (no answer to timeout=5000 within 15 s, still busy after "
        "MaxQueryExecutionTime = 60 s), then holds every HTTP thread: a one-triple-pattern COUNT hung "
        "~3 min later (2 cores busy) until a restart."),
}

# Queries whose answers differ on Virtuoso for a reason found and written down here: the outcome
# the test expects instead of "same", with the evidence.
KNOWN_DIFFERENCES: dict[str, str] = {
    **{name: "not sent" for name in NOT_SENT},
    # Virtuoso fails LCASE on a long literal stored as an incomplete "RDF box" (a Virtuoso fault:
    # LCASE of any simple literal is defined in SPARQL 1.1, 17.4.3.9; Oxigraph answers 30 rows).
    "laureats-ami-cma": "error 500: La requête a échoué : remote endpoint {endpoint} answered 500: Virtuoso "
                        "22003 Error SR586: Incomplete RDF box as argument 0 for rdf_lcase_impl().",
    # NOT YET DIAGNOSED: equal on Virtuoso before the query read the derived coverage graph
    # (graph/derived/coverage, issue 13); the rewrite gives the same rows embedded (tests/queries/
    # test_derived_coverage_same_rows.py) but 933 instead of 644 on Virtuoso 7.2 (measured 2026-11-30).
    "ecarts-au-socle-postbac": "differs: 644 rows embedded, 933 rows on Virtuoso",
    # somme_domaines of ami-cma-s2 (no hours printed): Virtuoso makes the unbound ?h of an OPTIONAL
    # bound once it passes a SELECT DISTINCT sub-select: COUNT(?h) over { SELECT DISTINCT ?d ?h … }
    # is 6 on Virtuoso and 0 on Oxigraph (the same pattern without the sub-select: 0 on both), so
    # Virtuoso sums the hours of a framework that prints none (0) where SPARQL 1.1 leaves it unbound.
    "heures-par-domaine-cote-a-cote": "differs: 7 rows embedded, 7 rows on Virtuoso",
    # totaux-imprimes differed (Virtuoso dropped the du-cns row at a BIND (IF(…, ?somme, ?none))) until
    # the query's rewrite for 10^6 (issue 13) bound the totals without that IF: same 4 rows since.
    # Two causes, both measured on the rows: (a) Virtuoso garbles a non-ASCII constant of the query
    # that goes through GROUP_CONCAT: intervenant_nom "(non renseigné)" comes back "(non renseign?)",
    # while the same constant as the GROUP BY key ?statut comes back intact; (b) for the 24 courses
    # with neither teacher nor status, GROUP_CONCAT(DISTINCT STR(?year)) meets unbound years: the
    # error of STR(unbound) makes Oxigraph's whole aggregate unbound (SPARQL 1.1: an error in an
    # aggregate's expression is an error of the aggregate), Virtuoso skips it and answers "1, 2, 3".
    "enseignements-par-intervenant": "differs: 21 rows embedded, 21 rows on Virtuoso",
}


@pytest.fixture(scope="module")
def virtuoso(virtuoso_on_real_build: Virtuoso) -> Virtuoso:
    return virtuoso_on_real_build


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
    if answer.status_code != 200:
        first_line = answer.text.strip().splitlines()[0] if answer.text.strip() else ""
        return [(f"error {answer.status_code}", re.sub(r"^remote endpoint \S+ answered \d+: ", "", first_line))]
    bindings = answer.json()["results"]["bindings"]
    return sorted((tuple(sorted((k, plain(v)) for k, v in b.items() if not (v["type"] != "uri" and v["value"] == "")))
                   for b in bindings), key=repr)


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


def test_the_library_answers_the_same_rows_through_virtuoso(real_settings, virtuoso, remote_client, real_client):
    outcome = {}
    for name, text in library_cases(real_settings):
        if name in NOT_SENT:
            outcome[name] = "not sent"
            continue
        embedded, remote = rows(real_client, text), rows(remote_client, text)
        if remote == [("503",)]:  # once in three runs on a loaded 2-core machine a sub-second query
            time.sleep(2)         # met the 20 s limit (Virtuoso still busy): asked once more
            remote = rows(remote_client, text)
        if remote == [("503",)]:
            outcome[name] = "timeout (503 after 20 s)"
        elif remote and str(remote[0][0]).startswith("error "):
            outcome[name] = f"{remote[0][0]}: {remote[0][1]}"
        elif embedded != remote:
            outcome[name] = f"differs: {len(embedded)} rows embedded, {len(remote)} rows on Virtuoso"
        else:
            outcome[name] = "same"
    unexpected = {n: o for n, o in outcome.items()
                  if o != KNOWN_DIFFERENCES.get(n, "same").format(endpoint=virtuoso.endpoint)}
    assert not unexpected, json.dumps(unexpected, ensure_ascii=False, indent=1)


def test_the_known_differences_are_of_library_queries(real_settings):
    names = {name for name, _ in library_cases(real_settings)}
    assert set(KNOWN_DIFFERENCES) <= names and set(NOT_SENT) <= names
