"""The library queries rewritten in the query pass of issue 13 at 10^6 triples (the national listings, and the
queries past 1 s or, per programme, past 100 ms) return exactly the rows, in the same order, of their former text
(kept in ``data/before-national-listings/``) on the real graph, with their defaults and with other parameter
values."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_derived_coverage_same_rows import UNORDERED, assert_same_rows

from sens_graph.queries import QueryLibrary

BEFORE = QueryLibrary.load(Path(__file__).parent / "data" / "before-national-listings")

CASES = [
    ("du-vers-rncp36050", {}),
    ("du-vers-rncp36050", {"statut": "curated"}),
    ("du-vers-rncp36050", {"statut": "reconstructed", "vue": "liens"}),
    ("du-vers-rncp36050", {"vue": "sans-lien"}),
    ("correspondances", {}),
    ("correspondances", {"statut": "curated"}),
    ("correspondances", {"jeu": "ambulanciers-socle-postbac"}),
    ("correspondances", {"jeu": "du-cns-socle-postbac", "statut": "curated"}),
    ("couverture-socle-par-du", {}),
    ("couverture-socle-par-du", {"niveau": "capacite", "statut": "curated"}),
    ("couverture-socle-par-du", {"non_couverts": True}),
    ("couverture-socle-par-du", {"niveau": "competence", "statut": "reconstructed"}),
    ("problemes-de-source", {}),
    ("problemes-de-source", {"langue": "en"}),
    ("problemes-de-source", {"nature": "TotalMismatch"}),
    ("problemes-de-source", {"graphe": "du-cns/maquette", "langue": "en"}),
    ("part-interne-externe-par-domaine", {}),
    ("part-interne-externe-par-domaine", {"annee": 1}),
    ("part-interne-externe-par-domaine", {"annee": 3}),
    ("totaux-imprimes", {}),
    ("totaux-imprimes", {"graphe": "du-cns/maquette"}),
    ("totaux-imprimes", {"graphe": "referentiel/"}),
    ("enseignements-par-intervenant", {}),
    ("enseignements-par-intervenant", {"intervenant": "Laurent CALVEL"}),
]

UNORDERED_HERE = {**UNORDERED, "intervenant_nom": " / ", "modules": " | ", "domaines": " | ", "annees": ", "}
"""The GROUP_CONCAT columns of ``enseignements-par-intervenant`` too: « Catherine LEDIG / Cathérine LEDIG » came
out in either order."""


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_rewritten_listing_returns_the_former_rows_in_order(library, store, name, params):
    assert_same_rows(BEFORE, library, store, name, params, UNORDERED_HERE)
