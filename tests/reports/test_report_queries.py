"""The queries added for the report (appendix, printed totals, coverage per domain) answer what the sources say."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SOCLE = "https://w3id.org/sens-graph/referentiel/socle-postbac/v1.1.2022"


def run(library, store, name, **params):
    return library.run(store, name, params).records()


def test_documents_sources(report_library, report_store):
    rows = run(report_library, report_store, "documents-sources")
    assert [r["fichier"] for r in rows] == [
        "000_0a93799df5b856c0.txt", "001_eb326ad81d104b02.txt", "002_3118bb4998137152.txt",
        "003_8d602d47ec05d4e9.txt", "004_f29b1b8e5e19067d.txt"]
    assert all(len(r["sha256"]) == 64 for r in rows)
    maquette = rows[0]
    assert maquette["editeur"] == "Université de Strasbourg"
    assert "du-cns/maquette" in maquette["graphes"].split(" | ")
    assert maquette["nb_entites"] > 100


def test_versions_des_referentiels(report_library, report_store):
    rows = {r["version_iri"]: r for r in run(report_library, report_store, "versions-des-referentiels")}
    socle = rows[SOCLE]
    assert (socle["version"], socle["revise"]) == ("V1.1.2022", "V1.2022")
    assert (socle["domaines"], socle["competences"], socle["capacites"]) == (5, 15, 80)
    assert socle["total_imprime"] == Decimal("28")
    old = rows["https://w3id.org/sens-graph/referentiel/socle-postbac/v1.2022"]
    assert old["emetteur"] == "Délégation ministérielle au numérique en santé"
    assert old["sources"] == "000_0a93799df5b856c0.txt"


def test_jeux_de_correspondances(report_library, report_store):
    rows = {r["jeu"].rsplit("/", 1)[-1]: r for r in run(report_library, report_store, "jeux-de-correspondances")}
    rncp = rows["du-micro-rncp36050"]
    # the crossing lost its columns: nothing is stated, every link is reconstructed, confidence below 1
    assert rncp["affirmees"] == 0 and rncp["curees"] == 0
    assert rncp["reconstruites"] == rncp["nb_correspondances"] > 0
    assert rncp["confiance_min"] < 1
    for row in rows.values():
        assert row["affirmees"] + row["curees"] + row["reconstruites"] == row["nb_correspondances"]
        assert row["description"]


def test_reconstructions_say_how(report_library, report_store):
    rows = run(report_library, report_store, "reconstructions")
    mappings = [r for r in rows if r["genre_reconstruction"] == "correspondance"]
    sets = {r["jeu"].rsplit("/", 1)[-1]: r for r in run(report_library, report_store, "jeux-de-correspondances")}
    assert len(mappings) == sum(s["reconstruites"] for s in sets.values())
    assert all(r["methode"] and r["confiance"] < 1 for r in mappings)
    data = run(report_library, report_store, "reconstructions", genre="donnee")
    # the block attribution of the RNCP36050 competences is reconstructed (printing order)
    assert any(r["sujet"].startswith("https://w3id.org/sens-graph/rncp/36050/bloc/") for r in data)
    assert all(r["genre_reconstruction"] == "donnee" for r in data)


def test_totaux_imprimes_du(report_library, report_store):
    rows = {r["element"].rsplit("/", 1)[-1]: r for r in run(report_library, report_store, "totaux-imprimes")}
    # planning legend: 148 h at a distance + 17 h on site = 165 h per student (seed 000)
    assert (rows["total"]["total_imprime"], rows["total"]["somme_parties"]) == (Decimal("165"), Decimal("165"))
    assert rows["distanciel-total"]["total_imprime"] == Decimal("148")
    assert rows["presentiel-total"]["total_imprime"] == Decimal("17")
    assert rows["total"]["concordant"] is True
    assert rows["du-cns"]["total_imprime"] == Decimal("165") and rows["du-cns"]["nb_parties"] == 0


def test_couverture_par_domaine_agrees_with_the_item_query(report_library, report_store):
    domains = run(report_library, report_store, "couverture-socle-par-domaine")
    assert [d["domaine_notation"] for d in domains] == ["1", "2", "3", "4", "5", None]
    total = domains[-1]
    assert (total["domaine"], total["competences"], total["capacites"]) == ("Total", 15, 80)
    for key in ("competences", "competences_couvertes", "capacites", "capacites_couvertes", "capacites_non_couvertes"):
        assert sum(d[key] for d in domains[:-1]) == total[key], key
    items = run(report_library, report_store, "couverture-socle-par-du", niveau="capacite", non_couverts="true")
    assert total["capacites_non_couvertes"] == len({r["notation"] for r in items})
    for d in domains[:-1]:
        uncovered = {r["notation"] for r in items if r["notation"].split(".")[0] == d["domaine_notation"]}
        assert d["capacites_non_couvertes"] == len(uncovered), d["domaine"]
        rate = (Decimal(1000 * d["capacites_couvertes"]) / d["capacites"]).quantize(Decimal(1), ROUND_HALF_UP)
        assert d["pct_capacites"] == rate / 10
