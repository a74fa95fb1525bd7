"""The library queries rewritten to read the derived coverage graph (issue 13) return exactly the rows,
in the same order, of their former text (kept in ``data/before-derived-coverage/``) on the real graph,
with their defaults and with other parameter values."""

from __future__ import annotations

from pathlib import Path

import pytest

from sens_graph.queries import QueryLibrary, QueryResult

BEFORE = QueryLibrary.load(Path(__file__).parent / "data" / "before-derived-coverage")

CASES = [
    ("couverture-d-un-programme", {}),
    ("couverture-d-un-programme", {"programme": "etu-e-sante"}),
    ("enseignements-d-un-programme", {}),
    ("enseignements-d-un-programme", {"programme": "etu-e-sante"}),
    ("couverture-socle-par-domaine", {}),
    ("couverture-socle-par-domaine", {"statut": "curated"}),
    # (not statut stated / reconstructed, nor socle v1.2022: no DU link has them, and there the former text
    # counted every module of the graph; tests/regressions/test_domain_coverage_counts_no_module_without_link.py)
    ("couverture-socle-par-du", {}),
    ("couverture-socle-par-du", {"niveau": "capacite", "statut": "curated"}),
    ("couverture-socle-par-du", {"non_couverts": True}),
    ("ecarts-au-socle-postbac", {}),
    ("ecarts-au-socle-postbac", {"referentiel": "ambulanciers", "niveau": "capacite"}),
    ("ecarts-au-socle-postbac", {"ecart": "ajoute"}),
    ("competences-communes-et-specifiques", {}),
    ("competences-communes-et-specifiques", {"niveau": "capacite", "correspondance": "equivalentes"}),
    ("competences-communes-et-specifiques", {"exclure": "mediateurs-numeriques", "portee": "specifique"}),
    ("comparaison-des-programmes", {}),
    ("programmes", {}),
    ("programmes", {"referentiel": "socle-postbac/v1.1.2022"}),
    ("jeux-de-correspondances", {}),
]


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_rewritten_query_returns_the_former_rows_in_order(library, store, name, params):
    assert_same_rows(BEFORE, library, store, name, params)


def assert_same_rows(before_library: QueryLibrary, library: QueryLibrary, store, name: str, params: dict,
                     unordered: dict[str, str] | None = None) -> None:
    """Query ``name`` with ``params`` gives, from ``library``, the columns and the rows (at least one), in order, that
    its former text in ``before_library`` gives on ``store``; ``unordered`` columns are compared as sets of parts
    (:func:`comparable`; default :data:`UNORDERED`)."""
    before = before_library.run(store, name, params)
    after = library.run(store, name, params)
    assert after.columns == before.columns
    assert len(before.rows) > 0, f"{name} {params}: no rows to compare"
    unordered = UNORDERED if unordered is None else unordered
    assert comparable(after, unordered) == comparable(before, unordered)


UNORDERED = {"autres_referentiels": " | ", "enseignements": " | ", "intervenants": "; ", "justifications": " | "}
"""Columns made by GROUP_CONCAT: the order of their parts is not defined by SPARQL and Oxigraph's changes from
one process to the next with the former text too (two builds of the same inputs gave two orders), so they are
compared as sets of parts (``sens:coveringCourseLabels`` and ``sens:justificationTerms`` are now written
sorted, so that the build stays byte-identical)."""


def comparable(result: QueryResult, unordered: dict[str, str] = UNORDERED) -> list[tuple]:
    """The rows, with the parts of the ``unordered`` columns (column → separator) as a set."""
    separators = [unordered.get(c) for c in result.columns]
    return [tuple(frozenset(str(v).split(sep)) if sep and v is not None else v
                  for v, sep in zip(row, separators, strict=True)) for row in result.rows]


def test_du_coverage_figures_from_the_derived_graph(ask):
    """The DU against the socle post-bac V1.1.2022, read from the coverage summary: 15/15 competences,
    63/80 capacities of which 6 partial (the figures the DU's coverage matrix gives, issue 11)."""
    rows = {r["programme"]: r for r in ask("programmes").records()}
    du = rows["du-cns"]
    assert (du["competences_couvertes"], du["competences_total"]) == (15, 15)
    assert (du["capacites_couvertes"], du["capacites_total"], du["capacites_partielles"]) == (63, 80, 6)
