"""The DU-specific coverage queries count only the DU's modules and courses.

Before the fix, ``couverture-socle-par-du``, ``couverture-socle-par-domaine``, ``correspondances`` and
``part-interne-externe-par-domaine`` took every ``sens:Module`` / ``sens:Course`` of the graph for the
DU's: once the ETU e-Santé became a programme, its coverage rows made capacity 1.4.3 (« principales
codifications ») look covered by the DU, which the curated DU mapping leaves uncovered.
"""

from __future__ import annotations

import pytest
from common import BASE


@pytest.fixture(scope="module")
def ask(store, library):
    return lambda name, **params: library.run(store, name, params).records()


def test_couverture_socle_par_du_lists_only_du_elements(ask):
    rows = ask("couverture-socle-par-du")
    assert all(r["du_iri"] is None or r["du_iri"].startswith(BASE + "du-cns/") for r in rows)
    uncovered = {r["notation"] for r in ask("couverture-socle-par-du", niveau="capacite", non_couverts=True)}
    assert "1.4/3" in uncovered and len(uncovered) == 17


def test_correspondances_say_du_only_for_du_elements(ask):
    rows = ask("correspondances")
    etu = [r for r in rows if r["sujet"].startswith(BASE + "programme/etu-e-sante/")]
    assert etu and all(r["sujet_cadre"] != BASE + "du-cns" for r in etu)


def test_part_interne_externe_counts_only_du_courses(ask):
    units = {r["domaine"] for r in ask("part-interne-externe-par-domaine")}
    assert "Télémédecine - Télésanté" not in units and "Santé numérique" not in units
