"""couverture-socle-par-domaine counted every module of the graph as "linked" to a domain that no DU link
reaches (issue 13).

With ``socle = socle-postbac/v1.2022`` (a version no DU mapping targets) it answered ``modules_du = 42`` on
every domain while ``competences_couvertes = 0``: ``OPTIONAL { ?du a sens:Module }`` with ``?du`` unbound
matched every module, and at national scale every module of every programme. The module and course counts now
come with the link itself, so a domain without link counts none.
"""

from __future__ import annotations


def test_domain_without_du_link_counts_no_module_and_no_course(library, store):
    rows = library.run(store, "couverture-socle-par-domaine",
                       {"socle": "socle-postbac/v1.2022", "statut": "stated"}).records()
    assert [r["domaine"] for r in rows][-1] == "Total" and len(rows) == 6
    assert all(r["competences_couvertes"] == 0 and r["capacites_couvertes"] == 0 for r in rows)
    assert [(r["modules_du"], r["enseignements_du"]) for r in rows] == [(0, 0)] * 6


def test_domain_with_du_links_still_counts_its_modules(library, store):
    """The DU's own socle: every domain is reached by modules of the DU (same rows as the former text)."""
    rows = library.run(store, "couverture-socle-par-domaine").records()
    assert all(r["modules_du"] > 0 for r in rows)
    assert rows[-1]["competences_couvertes"] == 15
