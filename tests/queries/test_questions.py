"""Each question of issue 5, answered by its library query on the real data, checked against the sources.

The expected figures are read in the seeds (/work/shared/seeds, cited by line) or, for the
crosswalks, in the published SSSOM mapping sets (data/mappings/*.sssom.tsv).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from rdflib.namespace import RDF

from sens_graph.namespaces import SENS

D = Decimal


def by(records, key):
    out = defaultdict(list)
    for r in records:
        out[r[key]].append(r)
    return out


# ---------------------------------------------------------------- 1. framework of a profession


def test_nurse_gets_the_post_bac_core_v1_1_2022(ask):
    result = ask("referentiel-d-une-profession", profession="Infirmier")
    records = result.records()
    assert {r["version"] for r in records} == {"V1.1.2022"}  # the latest version only
    assert {r["nom_profession"] for r in records} == {"Infirmier"}
    assert {r["famille"] for r in records} == {"Professionnels de santé de formation de niveau 4 à 8"}
    assert len(records) == 80  # 80 capacities (seed 002, lines 533-556)
    assert len({r["competence_notation"] for r in records}) == 15
    hours = {r["domaine_notation"]: r["heures_domaine"] for r in records}
    assert hours == {"1": 6, "2": 5, "3": 5, "4": 6, "5": 6}  # seed 002, lines 534-557
    assert sum(hours.values()) == 28  # "Total des heures 28"
    first = records[0]
    assert first["competence"] == "Identifier un usager ou un professionnel de santé"
    assert first["capacite"].startswith("connaître les enjeux et critères liés à l'identitovigilance")


def test_all_versions_adds_v1_2022(ask):
    records = ask("referentiel-d-une-profession", profession="infirmier", toutes_versions=True).records()
    per_version = Counter(r["version"] for r in records)
    assert per_version == {"V1.1.2022": 80, "V1.2022": 78}  # V1.1.2022 adds two capacities


def test_ambulance_staff(ask):
    records = ask("referentiel-d-une-profession", profession="Ambulancier").records()
    assert {r["version"] for r in records} == {"V.1.1.2023"}  # printed with a dot (seed 002, line 585)
    assert len({r["competence_notation"] for r in records}) == 12
    hours = {r["domaine_notation"]: r["heures_domaine"] for r in records}
    assert hours == {"1": 2, "2": 2, "3": 2, "4": 3, "5": 3}  # seed 002, lines 589-602; total 12
    assert {r["domaine"] for r in records if r["domaine_notation"] == "5"} == {"Télesanté"}  # verbatim


def test_specialised_educator_through_the_hidden_label(ask):
    records = ask("referentiel-d-une-profession", profession="Éducateur spécialisé").records()
    assert {r["nom_profession"] for r in records} == {"Educateur spécialisé"}
    assert len({r["referentiel"] for r in records}) == 1
    assert "éducateurs et assistants" in records[0]["referentiel"]
    assert len(records) == 62 and len({r["competence_notation"] for r in records}) == 13
    unitless = {r["domaine_notation"]: r["chiffre_domaine_sans_unite"] for r in records
                if r["chiffre_domaine_sans_unite"] is not None}
    assert unitless == {"4": 12}  # "12" printed without a unit (seed 002, line 675)


def test_nursing_assistant_has_hours_per_competence(ask):
    records = ask("referentiel-d-une-profession", profession="Aide-soignant").records()
    assert {r["version"] for r in records} == {"Annexe créée juin 2023"}
    per_competence = {r["competence_notation"]: r["heures_competence"] for r in records}
    assert sum(per_competence.values()) == 18  # seed 003: total 18 h
    assert len(records) == 48


# ---------------------------------------------------------------- 2. gaps to the post-bac core


def test_ambulance_framework_gaps_at_competence_level(ask):
    records = ask("ecarts-au-socle-postbac", referentiel="ambulanciers", niveau="competence").records()
    kinds = by(records, "ecart_type")
    # seed 002, lines 587-604: no "Exploiter les données de santé…" (1.4), no "Maîtriser les logiciels
    # métiers…" (4.1), no "Chercher de l'information probante…" (4.4)
    assert sorted(r["notation_socle"] for r in kinds["manque"]) == ["1.4", "4.1", "4.4"]
    assert len(kinds["repris"]) == 12 and not kinds["adapte"] and not kinds["ajoute"]
    # matched by meaning, not by number: ambulanciers 4.1 (objet connecté) is the core's 4.2
    pairs = {(r["notation_socle"], r["notation_referentiel"]) for r in kinds["repris"]}
    assert ("4.2", "4.1") in pairs and ("4.3", "4.2") in pairs
    assert {r["statut_correspondance"] for r in kinds["repris"]} == {"curated"}


def test_gaps_at_capacity_level_follow_the_mapping_set(ask, settings):
    records = ask("ecarts-au-socle-postbac", referentiel="ambulanciers", niveau="capacite").records()
    kinds = Counter(r["ecart_type"] for r in records)
    tsv = settings.data_dir / "mappings" / "capacites-identiques.sssom.tsv"
    rows = [r for r in csv.DictReader((ln for ln in tsv.open(encoding="utf-8") if not ln.startswith("#")),
                                      delimiter="\t") if r["subject_id"].startswith("sgr:ambulanciers/")]
    assert kinds["repris"] == sum(r["predicate_id"] == "skos:exactMatch" for r in rows)
    assert kinds["adapte"] == sum(r["predicate_id"] != "skos:exactMatch" for r in rows)
    assert kinds["repris"] + kinds["adapte"] + kinds["ajoute"] == 45  # ambulance capacities
    assert kinds["repris"] + kinds["adapte"] + kinds["manque"] == 80  # post-bac capacities


def test_every_profession_framework_is_compared(ask):
    records = ask("ecarts-au-socle-postbac", niveau="competence").records()
    names = {r["referentiel_libelle"] for r in records}
    assert len(names) == 6  # AS/AP, ambulanciers, ARM, two social-work, digital mediators
    arm = [r for r in records if "régulation médicale" in r["referentiel_libelle"]]
    assert Counter(r["ecart_type"] for r in arm) == {"repris": 15}  # same 15 competences
    mediators = [r for r in records if "médiateurs" in r["referentiel_libelle"]]
    assert "repris" not in {r["ecart_type"] for r in mediators}


def test_gap_filter(ask):
    records = ask("ecarts-au-socle-postbac", ecart="ajoute", niveau="competence").records()
    assert [(r["notation_referentiel"], r["libelle_referentiel"]) for r in records] == [
        ("4.3", "Utiliser ou recommander un outil numérique adapté au besoin métier")]


# ---------------------------------------------------------------- 3. common and specific competences


def test_common_and_specific_competences(ask):
    records = ask("competences-communes-et-specifiques", exclure="mediateurs-numeriques").records()
    common = {r["notation"] for r in records if r["portee_element"] == "commune"}
    assert common == {"1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "4.2"}
    assert {r["nb_total"] for r in records} == {6}
    specific = [r for r in records if r["portee_element"] == "specifique"]
    # the social-work (educators) framework's 4.3, absent from the other one (attribution reasoning)
    assert [(r["notation"], r["libelle"]) for r in specific] == [
        ("4.3", "Utiliser ou recommander un outil numérique adapté au besoin métier")]


def test_with_the_mediators_fewer_competences_are_common(ask):
    records = ask("competences-communes-et-specifiques").records()
    assert {r["nb_total"] for r in records} == {7}
    assert sum(r["portee_element"] == "commune" for r in records) < 8


def test_capacities_common_to_all(ask):
    records = ask("competences-communes-et-specifiques", niveau="capacite", exclure="mediateurs-numeriques",
                  portee="commune").records()
    assert records and all(r["nb_referentiels"] == 6 for r in records)
    assert "connaître les responsabilités pénale et civile encourues" in {r["libelle"] for r in records}


# ---------------------------------------------------------------- 4. changes between versions


def test_changes_between_the_two_post_bac_versions(ask):
    records = ask("changements-entre-versions", referentiel="socle-postbac").records()
    assert {(r["version_de"], r["version_vers"]) for r in records} == {("V1.2022", "V1.1.2022")}
    kinds = Counter((r["niveau"], r["nature_changement"]) for r in records)
    assert kinds == {("capacité", "reworded"): 12, ("compétence", "retitled"): 3,
                     ("capacité", "added"): 2, ("capacité", "moved"): 1}
    added = sorted(r["texte_nouveau"] for r in records if r["nature_changement"] == "added")
    assert added[0].startswith("connaître les principales codifications")  # SNOMED CT (1.4)
    assert added[1] == "être sensibilisé à l'impact environnemental du numérique en santé"


def test_changes_filter_by_kind_and_label(ask):
    label = ("Référentiel socle et transversal de compétences du numérique en santé des professionnels de santé "
             "de formation de niveau 4 à 8")
    records = ask("changements-entre-versions", referentiel=label, nature="retitled").records()
    assert sorted(r["notation_nouvelle"] for r in records) == ["3.2", "5.1", "5.2"]
    assert ask("changements-entre-versions", de="V1.1.2022").records() == []


# ---------------------------------------------------------------- 5. hours per domain


SIDE_BY_SIDE = {  # seed 002 annexes (hours per domain, printed total)
    "V1.1.2022": ([6, 5, 5, 6, 6], 28),
    "V.1.1.2023": ([2, 2, 2, 3, 3], 12),  # ambulanciers
    "V1.1.2023": ([4, 4, 3, 4, 3], 18),  # assistants de régulation médicale
    "Annexe créée juin 2023": ([5, 4, 5, 2, 2], 18),  # aides-soignants (seed 003)
}


def test_hours_side_by_side(ask):
    records = ask("heures-par-domaine-cote-a-cote").records()
    rows = {r["version"]: r for r in records if r["version"] in SIDE_BY_SIDE}
    for version, (hours, total) in SIDE_BY_SIDE.items():
        row = rows[version]
        assert [row[f"domaine_{i}"] for i in range(1, 6)] == hours, version
        assert row["domaine_6"] is None
        assert row["total_imprime"] == row["somme_domaines"] == total
        assert row["total_coherent"] is True
    social = [r for r in records if "travailleurs sociaux" in r["referentiel"]]
    assert sorted((r["domaine_1"], r["domaine_4"], r["total_imprime"], r["ects"]) for r in social) == [
        (4, "8 ?", "21 ?", None), (5, "12 ?", "28 ?", None)]  # domain 4 and the total (on the ECTS row) unitless


def test_hours_per_domain_long_form(ask):
    records = ask("heures-par-domaine", toutes_versions=True).records()
    v1 = [r for r in records if r["version"] == "V1.2022"]
    assert {r["ects"] for r in v1} == {2}  # seed 000, line 1526
    assert sum(r["heures"] for r in v1) == 28
    aides = [r for r in records if r["version"] == "Annexe créée juin 2023"]
    assert all(r["heures"] == r["heures_competences"] for r in aides)  # hours per competence add up


# ---------------------------------------------------------------- 6. DU coverage of the post-bac core


def test_du_coverage_of_the_post_bac_core(ask):
    records = ask("couverture-socle-par-du").records()
    items = {(r["niveau_element"], r["notation"]): r["couverture"] for r in records}
    assert sum(k[0] == "competence" for k in items) == 15 and sum(k[0] == "capacite" for k in items) == 80
    assert all(v == "directe" for (lvl, _), v in items.items() if lvl == "competence")
    uncovered = sorted(n for (lvl, n), v in items.items() if v == "non couverte")
    assert "2.1/2" in uncovered  # sécuriser le lieu d'accès physique (verrouillage des sessions)
    assert len(uncovered) == len(ask("couverture-socle-par-du", non_couverts=True))
    # "Les enjeux de l'identitovigilance…" (seed 000, line 2578) teaches 1.1 in the Débutant module of 7 h
    module = [r for r in records if r["notation"] == "1.3" and r["du_type"] == "module"
              and r["module"] == "Fondamentaux des données de santé"]
    assert module and module[0]["niveau_du"] == "Débutant" and module[0]["heures_module"] == 7
    assert {r["domaine_du"] for r in records if r["couverture"] == "directe"} >= {
        "Données de santé", "Cybersécurité", "Communication", "Outils numériques", "Télésanté"}


def test_du_coverage_counts_every_mapping(ask, settings):
    tsv = settings.data_dir / "mappings" / "du-cns-socle-postbac.sssom.tsv"
    n_rows = sum(1 for ln in tsv.open(encoding="utf-8") if not ln.startswith("#")) - 1
    records = ask("couverture-socle-par-du").records()
    assert sum(r["couverture"] == "directe" for r in records) == n_rows
    assert ask("couverture-socle-par-du", statut="reconstructed", niveau="competence").column(
        "couverture") == ["non couverte"] * 15


# ---------------------------------------------------------------- 7. DU → RNCP36050


def test_du_to_rncp_links_are_all_reconstructed(ask):
    records = ask("du-vers-rncp36050").records()
    links = [r for r in records if r["statut_lien"] not in ("aucun lien", "non couvert")]
    assert len(links) == 27 and {r["statut_lien"] for r in links} == {"reconstructed"}
    assert all(r["confiance"] < 1 for r in links)
    # 4/D1 carries 15 marks out of 16 columns (seed 000, line 3343): a link to each competence
    d1 = [r for r in links if r["du_notation"] == "4/D1" and r["rncp_type"] == "compétence"]
    assert len(d1) == 16 and {r["nb_croix"] for r in d1} == {15}
    macro = {r["du_notation"]: r["nb_croix"] for r in records if r["du_type"] == "macro"}
    assert macro["1"] == 8  # 8 X under "Macro-compétence 1" (seed 000, line 3159)


def test_du_to_rncp_nothing_is_stated(ask):
    records = ask("du-vers-rncp36050", statut="stated").records()
    assert Counter(r["statut_lien"] for r in records) == {"aucun lien": 23, "non couvert": 20}
    assert {r["rncp_notation"] for r in records if r["rncp_type"] == "bloc"} == {
        "bloc 1", "bloc 2", "bloc 3", "bloc 4"}
    assert ask("du-vers-rncp36050", vue="liens", statut="stated").records() == []


# ---------------------------------------------------------------- 8. DU hours


def test_du_hours_per_domain_agree_with_the_brochure(ask):
    rows = {(r["cle"], r["modalite"]): r for r in ask("heures-du", par="domaine").records()}
    brochure = {"Initiation à la santé numérique": 15, "Données de santé": 25, "Cybersécurité": 27,
                "Communication": 27, "Outils numériques": 27, "Télésanté": 27}  # seed 001, lines 42-68
    for domain, hours in brochure.items():
        row = rows[(domain, "(non précisée)")]
        assert row["catalogue"] == row["plaquette"] == hours and row["coherent"] is True, domain
    assert sum(brochure.values()) == 148
    # on-site workshops: "TD <domaine> 3" in the planning legend, 16 cells of "1 h" in the grid: flagged
    onsite = rows[("Données de santé", "Présentiel")]
    assert onsite["planning"] == 3 and onsite["grille_semestrielle"] == 16 and onsite["coherent"] is False


def test_du_hours_per_modality_and_level(ask):
    modality = {r["cle"]: r for r in ask("heures-du", par="modalite").records()}
    assert modality["Distanciel"]["planning"] == modality["Distanciel"]["plaquette"] == 148
    assert modality["Présentiel"]["planning"] == 17  # TOTAL 17 (seed 000, line 2464)
    assert modality["Présentiel"]["plaquette"] == 5  # "5 heures de cours en présentiel" (seed 001, line 102)
    assert modality["Présentiel"]["ecart_plaquette"] == -12 and modality["Présentiel"]["coherent"] is False
    level = {(r["cle"], r["modalite"]): r["planning"] for r in ask("heures-du", par="niveau").records()}
    assert [level[(lv, "Distanciel")] for lv in ("Débutant", "Intermédiaire", "Avancé")] == [50, 50, 48]
    years = {(r["cle"], r["modalite"]): r["tableau_enseignements"] for r in ask("heures-du", par="annee").records()}
    assert years[("2", "Distanciel")] == 50 and years[("3", "Distanciel")] == 48
    semesters = [r["cle"] for r in ask("heures-du", par="semestre").records()]
    assert semesters == ["S1", "S2", "S3", "S4", "S5", "S6"]


# ---------------------------------------------------------------- 9. progression


def test_progression_in_one_domain(ask):
    records = ask("progression-apprenant", domaine="Données de santé").records()
    assert [(r["etape"], r["niveau_module"], r["module"], r["heures_module"]) for r in records] == [
        (1, "Débutant", "Fondamentaux des données de santé", 7),
        (2, "Intermédiaire", "Application et traitement des données de santé", 8),
        (3, "Avancé", "Exploitation et innovation des données de santé", 10)]
    assert [r["prerequis"] for r in records] == [
        None, "Fondamentaux des données de santé", "Application et traitement des données de santé"]


def test_progression_by_alternative_label_and_block_hours(ask):
    records = ask("progression-apprenant", domaine="Cyber sécurité").records()  # altLabel of the unit
    assert [r["etape"] for r in records] == [1, 2, 3]
    tele = ask("progression-apprenant", domaine="Télésanté").records()
    debutant = [r for r in tele if r["etape"] == 1]
    assert {r["heures_bloc"] for r in debutant} == {7}  # one catalogue block of 7 h for two modules


def test_progression_to_a_micro_competence(ask):
    records = ask("progression-apprenant", micro="2/I1").records()
    assert records and max(r["etape"] for r in records) == 2  # up to the Intermédiaire level
    assert {r["lien_avec_la_cible"] for r in records} == {
        "aucun lien certain : niveau inférieur ou égal à celui de la micro-compétence"}


# ---------------------------------------------------------------- 10. who teaches what


def test_courses_per_teacher(ask):
    rows = {r["intervenant_nom"]: r for r in ask("enseignements-par-intervenant").records()
            if r["statut"] == "UNISTRA"}
    assert rows["Laurent CALVEL"]["nb_enseignements"] == 18
    assert rows["Erik-André SAULEAU"]["nb_enseignements"] == 15
    # the maquette prints "Cathérine LEDIG" in the teaching table and "Catherine" elsewhere: one person
    ledig = ask("enseignements-par-intervenant", intervenant="Catherine LEDIG").records()
    assert len(ledig) == 1 and set(ledig[0]["intervenant_nom"].split(" / ")) == {
        "Catherine LEDIG", "Cathérine LEDIG"}


def test_internal_external_share(ask, graph_of):
    rows = {r["domaine"]: r for r in ask("part-interne-externe-par-domaine").records()}
    assert rows["Données de santé"]["externes"] == 0 and rows["Données de santé"]["part_externe"] == 0
    assert rows["Télésanté"]["part_externe"] == D("0.5")
    table = graph_of("du-cns/enseignements")
    courses = set(table.subjects(RDF.type, SENS.Course))
    statuses = Counter(str(table.value(c, SENS.affiliationStatus)) for c in courses)
    # every course counted once per domain (one module belongs to two domains)
    assert sum(r["internes"] for r in rows.values()) >= statuses["UNISTRA"]
    year1 = {r["domaine"]: r for r in ask("part-interne-externe-par-domaine", annee=1).records()}
    assert year1["Initiation à la santé numérique"]["externes"] == 1  # Guillaume ICRE (HUS), seed 000, l. 2571


# ---------------------------------------------------------------- 11. specialties and categories


def test_specialties_by_category(ask):
    industry = ask("specialites-par-categorie", categorie="industrie").records()
    assert industry == [{"categorie_libelle": "Industrie", "nb_specialites": 2, "profession": "Pharmacien",
                         "specialites": "Industrie | Recherche"}]  # seed 002, lines 737-738
    ai = ask("specialites-par-categorie", categorie="Intelligence artificielle").records()
    assert {r["nb_specialites"] for r in ai} == {56}  # every row of the table is marked


def test_categories_by_specialty(ask):
    nurse = {r["specialite_libelle"]: r["categories"] for r in ask("categories-par-specialite",
                                                                     profession="Infirmier").records()}
    assert nurse["IBODE (bloc opératoire)"] == ("Chirurgie et médecine interventionnelle | Prévention | "
                                                "Synergie médicale et paramédicale | Intelligence artificielle")
    assert len(nurse) == 4  # IBODE, IPA, IAE, IPDE (seed 002, lines 740-743)
    neuro = ask("categories-par-specialite", specialite="Neurochirurgie").records()
    assert neuro[0]["profession_libelle"] == "Médecin" and neuro[0]["nb_categories"] == 3
    assert len(ask("categories-par-specialite", profession="Médecine")) > 30  # discipline as altLabel


# ---------------------------------------------------------------- 12. source problems


def test_every_flagged_source_problem_is_listed(ask, union):
    issues = set(union.subjects(RDF.type, SENS.SourceIssue))
    records = ask("problemes-de-source").records()
    assert {r["probleme"] for r in records} == {str(i) for i in issues}
    assert all(r["sources"] for r in records)  # each with its sources
    claims = [r for r in records if r["affirmation"]]
    assert all(r["source_affirmation"] and r["emplacement"] for r in claims)


def test_source_problem_filters(ask):
    totals = ask("problemes-de-source", nature="TotalMismatch").records()
    assert totals and {r["nature_probleme"] for r in totals} == {"total incohérent"}
    english = ask("problemes-de-source", nature="total mismatch", langue="en").records()
    assert {r["nature_probleme"] for r in english} == {"total mismatch"}
    assert {r["probleme"] for r in english} == {r["probleme"] for r in totals}
    amb = ask("problemes-de-source", graphe="referentiel/ambulanciers-v1.1.2023").records()
    assert {r["graphe_nomme"] for r in amb} == {"referentiel/ambulanciers-v1.1.2023"}
    assert any("ects-non-renseignes" in r["probleme"] for r in amb)  # empty ECTS row (seed 002, line 606)


# ---------------------------------------------------------------- crosswalk listing


def test_every_mapping_row_is_listed(ask, settings):
    expected = 0
    for tsv in (settings.data_dir / "mappings").glob("*.sssom.tsv"):
        expected += sum(1 for ln in tsv.open(encoding="utf-8") if not ln.startswith("#")) - 1
    for table in (settings.data_dir / "programmes").glob("*/couverture.csv"):  # programme coverage rows
        expected += sum(1 for ln in table.open(encoding="utf-8") if ln.strip()) - 1
    records = ask("correspondances").records()
    assert len(records) == expected
    reconstructed = ask("correspondances", statut="reconstructed").records()
    assert {r["jeu_nom"] for r in reconstructed} == {"du-micro-rncp36050"}


@pytest.mark.parametrize("name", ["ecarts-au-socle-postbac", "couverture-socle-par-du", "du-vers-rncp36050"])
def test_no_reconstructed_link_is_reported_as_stated(ask, name):
    for r in ask(name).records():
        if r.get("statut_correspondance") == "stated" or r.get("statut_lien") == "stated":
            pytest.fail(f"{name}: a stated link appears, the sources state none: {r}")
