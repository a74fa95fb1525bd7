"""DU Compétences numériques en santé: the maquette's diploma, units, modules and catalogue (seed 000,
lines 1-1230), its teaching table (lines 2538-3039), its planning (lines 2432-2534) and the brochure
(seed 001). Counts, verbatim samples and hour totals are read in the seeds; every total is checked
against the figures the sources print."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from common import BASE
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from sens_graph.namespaces import SENS
from sens_graph.sssom import read_sssom_tsv

B = BASE
DU = URIRef(B + "du-cns")
MY_GRAPHS = ("du-cns/maquette", "du-cns/enseignements", "du-cns/planning", "du-cns/brochure")
COURSES_PER_YEAR = {1: 43, 2: 26, 3: 21}
D, INT, A = SENS.Debutant, SENS.Intermediaire, SENS.Avance


def u(path: str) -> URIRef:
    return URIRef(B + path)


def label(g: Graph, s: URIRef) -> str:
    return str(g.value(s, SKOS.prefLabel) or g.value(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))


def hours(g: Graph, s: URIRef, p=SENS.hours) -> Decimal:
    v = g.value(s, p)
    assert v is not None, f"{s} has no {p}"
    return Decimal(str(v.toPython()))


@pytest.fixture(scope="module")
def maquette(graph_of) -> Graph:
    return graph_of("du-cns/maquette")


@pytest.fixture(scope="module")
def table(graph_of) -> Graph:
    return graph_of("du-cns/enseignements")


@pytest.fixture(scope="module")
def planning(graph_of) -> Graph:
    return graph_of("du-cns/planning")


@pytest.fixture(scope="module")
def brochure(graph_of) -> Graph:
    return graph_of("du-cns/brochure")


def courses(table: Graph, year: int | None = None) -> list[URIRef]:
    out = [c for c in table.subjects(RDF.type, SENS.Course)
           if year is None or table.value(c, SENS.year).toPython() == year]
    return sorted(out, key=str)


# ---------------------------------------------------------------- counts


def test_diploma_identity(maquette):
    assert (DU, RDF.type, SENS.Diploma) in maquette
    assert label(maquette, DU) == "Diplôme universitaire (DU) Compétences Numériques en Santé"
    assert (DU, URIRef("https://schema.org/provider"), u("organisation/universite-de-strasbourg")) in maquette
    assert (DU, SENS.supervisor, u("personne/erik-andre-sauleau")) in maquette
    assert hours(maquette, DU, SENS.totalHours) == 165
    assert maquette.value(DU, URIRef("https://schema.org/maximumEnrollment")).toPython() == 25
    code = u("du-cns/catalogue/lv5j2aua")
    assert str(maquette.value(code, SENS.catalogueCode)) == "LV5J2AUA"


def test_units_and_modules(maquette):
    units = set(maquette.subjects(RDF.type, SENS.TeachingUnit))
    assert len(units) == 8  # initiation, 5 domains, practical workshop, certification
    assert {label(maquette, x) for x in units} == {
        "Initiation à la santé numérique", "Données de santé", "Cybersécurité", "Communication",
        "Outils numériques", "Télésanté", "Atelier pratique", "Certification"}
    modules = set(maquette.subjects(RDF.type, SENS.Module))
    assert len(modules) == 23
    per_level = defaultdict(int)
    for m in modules:
        assert maquette.value(m, SENS.partOf) in units
        per_level[maquette.value(m, SENS.level)] += 1
    # D: 3 initiation + 4 domains + 2 Télésanté + workshop; I: 5 + workshop; A: 5 + workshop; one without level
    assert per_level == {D: 10, INT: 6, A: 6, None: 1}
    assert (u("du-cns/module/integration-et-optimisation-des-services-socles"), SKOS.prefLabel,
            Literal("Intégration et optimisation des services socles", lang="fr")) in maquette


def test_blocks_are_the_five_outcomes(maquette):
    blocks = sorted(maquette.subjects(RDF.type, SENS.LearningOutcome), key=str)
    assert [str(b).rsplit("/", 1)[1] for b in blocks] == ["1", "2", "3", "4", "5"]
    assert all((b, DCTERMS.relation, u(f"du-cns/macro/{n}")) in maquette for n, b in enumerate(blocks, 1))


def test_courses_per_year(table):
    for year, n in COURSES_PER_YEAR.items():
        cs = courses(table, year)
        assert len(cs) == n
        assert [str(c).rsplit("/", 1)[1] for c in cs] == [f"a{year}-{k:02d}" for k in range(1, n + 1)]
        assert sorted(table.value(c, SENS.order).toPython() for c in cs) == list(range(1, n + 1))
    assert len(courses(table)) == 90


def test_every_course_is_complete(table, union):
    for c in courses(table):
        assert table.value(c, SKOS.prefLabel) is not None
        parent = table.value(c, SENS.partOf)
        assert (parent, RDF.type, SENS.Module) in union or (parent, RDF.type, SENS.TeachingUnit) in union
        assert table.value(c, SENS.modality) in (SENS.Distanciel, SENS.Presentiel)
        assert table.value(c, SENS.period) is not None and table.value(c, SENS.activity) is not None
        assert table.value(c, SENS.supervisor) is None  # the supervisor column is not readable
    no_level = [c for c in courses(table) if table.value(c, SENS.level) is None]
    assert no_level == [u("du-cns/enseignement/a3-21")]  # the certification row


def test_levels_follow_years(table):
    for c in courses(table):
        level = table.value(c, SENS.level)
        if level is not None:
            assert level == {1: D, 2: INT, 3: A}[table.value(c, SENS.year).toPython()]


def test_course_samples_verbatim(table):
    samples = {
        "a1-01": "Qu’est-ce que la e-santé ?",
        "a1-03": "Temoignage des professionnels de santé sur leurs pratique santé numérique ( avantage et defis )",
        "a1-27": "Sécurité et confidentialité des données de santé : interopérabilité, échange sécurisé, "
                 "sauvegarde, stockage, signature, SaaS ou On-Premise.",
        "a1-33": "Appréhender les risques pour mieux y faire face Atelier pratique : "
                 "exemples de cyberattaques réussies",
        "a2-16": "Prévenir et gérer les cyberattaques en établissement de santé : la \"cyber résilience\"",
        "a2-22": "Communication et accompagnement des patients et des aidants",
        "a3-16": "Clarifier le rôle de l'encadrement au niveau des pôles/ services hospitaliers Atelier collaboratif : "
                 "déployer une culture de cybersécurité auprès des équipes",
        "a3-20": "Atelier Pratique 5 Domaines",
        "a3-21": "Portfolio",
    }
    for key, text in samples.items():
        assert table.value(u(f"du-cns/enseignement/{key}"), SKOS.prefLabel) == Literal(text, lang="fr")


def test_course_fields_as_printed(table):
    c = u("du-cns/enseignement/a1-20")
    assert table.value(c, SENS.teacher) == u("personne/nicolas-pellerin")
    assert str(table.value(c, SENS.affiliationStatus)) == "Externe"
    assert str(table.value(c, SENS.period)) == "Avril 2025 - Fev 2026"
    assert str(table.value(c, SENS.courseType)) == "CM"
    assert table.value(u("du-cns/enseignement/a1-21"), DCTERMS.contributor) == u("organisation/biovalley")
    for k in (32, 33, 34):  # Cybersécurité Débutant: no teacher, no status printed
        c = u(f"du-cns/enseignement/a1-{k}")
        assert table.value(c, SENS.teacher) is None and table.value(c, SENS.affiliationStatus) is None
    assert str(table.value(u("du-cns/enseignement/a3-01"), SENS.period)) == "Fec 2027 - fev 2028"
    assert table.value(u("du-cns/enseignement/a1-40"), SENS.partOf) == u(
        "du-cns/module/typologie-et-risques-de-la-telesante")


def test_course_modality_counts(table):
    on_site = [c for c in courses(table) if table.value(c, SENS.modality) == SENS.Presentiel]
    assert sorted(str(c).rsplit("/", 1)[1] for c in on_site) == ["a1-43", "a2-26", "a3-20", "a3-21"]
    # only on-site rows carry their own hours: 3 workshops of 5 h + the 2 h portfolio
    with_hours = {str(c).rsplit("/", 1)[1]: hours(table, c) for c in courses(table) if table.value(c, SENS.hours)}
    assert with_hours == {"a1-43": 5, "a2-26": 5, "a3-20": 5, "a3-21": 2}


# ---------------------------------------------------------------- hours


def catalogue_blocks(maquette: Graph) -> dict[tuple, Decimal]:
    out = {}
    for e in maquette.subjects(SENS.catalogueCode, None):
        if maquette.value(e, SENS.hours) is not None:
            key = (maquette.value(e, SENS.forUnit), maquette.value(e, SENS.level), label(maquette, e))
            out[key] = hours(maquette, e)
    return out


def test_catalogue_hours_per_level(maquette):
    blocks = catalogue_blocks(maquette)
    assert len(blocks) == 21  # 15 domain blocks, 3 initiation subjects, 3 workshops (Certification: no figure)
    workshop = u("du-cns/ue/atelier-pratique")
    per_level = defaultdict(Decimal)
    for (unit, level, _), h in blocks.items():
        if unit != workshop:
            per_level[level] += h
    # planning legend: EAD Niveau débutant 50, Intermédiare 50, avancé 48 (seed 000, lines 2441-2456)
    assert per_level == {D: 50, INT: 50, A: 48}
    assert sum(per_level.values()) == 148  # "environ 148 heures" (line 556), "TOTAL 148" (line 2464)
    assert sum(h for (unit, _, _), h in blocks.items() if unit == workshop) == 15


def test_domain_hours_maquette_vs_brochure(maquette, brochure):
    per_unit = defaultdict(Decimal)
    for (unit, _, _), h in catalogue_blocks(maquette).items():
        per_unit[unit] += h
    printed = {  # brochure headings (seed 001, lines 42-68)
        "initiation-a-la-sante-numerique": 15, "donnees-de-sante": 25, "outils-numeriques": 27,
        "communication": 27, "cybersecurite": 27, "telesante": 27}
    for slug, h in printed.items():
        assert per_unit[u(f"du-cns/ue/{slug}")] == h
        bdom = next(brochure.subjects(URIRef("http://www.w3.org/ns/prov#alternateOf"), u(f"du-cns/ue/{slug}")))
        assert hours(brochure, bdom) == h
    assert sum(printed.values()) == 148
    assert hours(brochure, u("du-cns/brochure/session/lka26-1682a/distanciel")) == 148


def test_planning_totals(planning, maquette):
    p = lambda s: u(f"du-cns/planning/{s}")  # noqa: E731
    dist = [hours(planning, p(f"distanciel-{x}")) for x in ("debutant", "intermediaire", "avance")]
    assert dist == [50, 50, 48]
    assert sum(dist) == hours(planning, p("distanciel-total"), SENS.totalHours) == 148
    onsite = [hours(planning, p(f"presentiel-{x}")) for x in (
        "donnees-de-sante", "cybersecurite", "communication", "outils-numeriques", "telesante", "evaluation-finale")]
    assert onsite == [3, 3, 3, 3, 3, 2]
    assert sum(onsite) == hours(planning, p("presentiel-total"), SENS.totalHours) == 17
    assert 148 + 17 == hours(planning, p("total"), SENS.totalHours) == hours(maquette, DU, SENS.totalHours) == 165


def test_planning_grid(planning):
    grid = [f for f in planning.subjects(SENS.semester, None)]
    assert len(grid) == 90  # 6 semesters x 5 domains x 3 levels
    per_domain = defaultdict(Decimal)
    for f in grid:
        per_domain[planning.value(f, SENS.forUnit)] += hours(planning, f)
        assert planning.value(f, SENS.year).toPython() == (planning.value(f, SENS.semester).toPython() + 1) // 2
    assert set(per_domain.values()) == {Decimal(16)}  # vs "TD <domaine> 3": flagged
    s1 = [f for f in grid if planning.value(f, SENS.semester).toPython() == 1]
    assert sorted(hours(planning, f) for f in s1) == [0] * 10 + [1] * 5  # "1 h 0 0"


def test_teaching_table_group_hours(table, maquette, planning):
    vol = {f: hours(table, f) for f in table.subjects(RDF.type, SENS.PlanningFigure)}
    assert len(vol) == 10
    per_year = defaultdict(Decimal)
    for f, h in vol.items():
        per_year[table.value(f, SENS.year).toPython()] += h
        # each group figure equals the catalogue block of the same domain and level
        unit, level = table.value(f, SENS.forUnit), table.value(f, SENS.level)
        block = [e for e in maquette.subjects(SENS.forUnit, unit)
                 if maquette.value(e, SENS.level) == level and maquette.value(e, SENS.catalogueCode)]
        assert [hours(maquette, e) for e in block] == [h]
    assert per_year == {2: hours(planning, u("du-cns/planning/distanciel-intermediaire")),
                        3: hours(planning, u("du-cns/planning/distanciel-avance"))}
    assert per_year == {2: 50, 3: 48}
    onsite = sum(hours(table, c) for c in courses(table) if table.value(c, SENS.modality) == SENS.Presentiel)
    assert onsite == hours(planning, u("du-cns/planning/presentiel-total"), SENS.totalHours) == 17


# ---------------------------------------------------------------- brochure


def test_brochure_outcomes_and_programme(brochure):
    outcomes = sorted(brochure.subjects(RDF.type, SENS.LearningOutcome), key=str)
    assert len(outcomes) == 7
    assert brochure.value(u("du-cns/brochure/acquis/7"), SKOS.prefLabel) == Literal(
        "Assurer une veille technologique et réglementaire", lang="fr")
    assert len(set(brochure.subjects(RDF.type, SENS.TeachingUnit))) == 6
    assert len(set(brochure.subjects(RDF.type, SENS.Module))) == 19
    assert (u("du-cns/brochure/module/integration-et-optimisation-des-services-soles"), SENS.level, INT) in brochure
    s = u("du-cns/brochure/session/lka26-1682a")
    assert str(brochure.value(s, SENS.catalogueCode)) == "LKA26-1682A"
    assert str(brochure.value(s, SENS.period)) == "Du 30 mars 2026 au 30 février 2029"
    grant = u("du-cns/brochure/financement/anr-23-cmas-0012")
    assert str(brochure.value(grant, SENS.catalogueCode)) == "ANR-23-CMAS-0012"


def test_sssom_brochure_outcomes(settings):
    ms = read_sssom_tsv(Path(settings.data_dir) / "mappings" / "du-brochure-acquis-macro.sssom.tsv")
    pairs = {(r["subject_id"], r["object_id"]) for r in ms.rows}
    assert pairs == {(f"sgdu:brochure/acquis/{n}", f"sgdu:macro/{n}") for n in range(1, 6)}
    assert all(r["mapping_justification"] == "semapv:ManualMappingCuration" for r in ms.rows)
    # outcomes 6 and 7 have no macro-competence; every macro-competence has an outcome
    assert not {r["subject_id"] for r in ms.rows} & {"sgdu:brochure/acquis/6", "sgdu:brochure/acquis/7"}


# ---------------------------------------------------------------- flagged conflicts

ISSUES = {
    "du-cns/enseignements": {
        "ue-non-imprimee-annees-2-3": "LayoutLost",
        "communication-et-accompagnement-ue-incertaine": "LayoutLost",
        "heures-par-groupe-de-lignes": "LayoutLost",
        "heures-annee-1-absentes": "MissingContent",
        "enseignant-ou-superviseur": "LayoutLost",
        "cybersecurite-debutant-sans-intervenant": "MissingContent",
        "atelier-pratique-intitule": "LayoutLost",
        "certification-sans-niveau-ni-type": "MissingContent",
    },
    "du-cns/maquette": {
        "niveau-expert-ou-avance": "TextVariant",
        "date-d-ouverture": "DocumentDisagreement",
        "bloc-5-tronque": "TextVariant",
        "catalogue-colonne-des-heures": "LayoutLost",
        "certification-sans-heures": "MissingContent",
        "nom-catherine-ledig": "TextVariant",
        "module-mon-espace-sante-hors-tableau": "MissingContent",
    },
    "du-cns/planning": {"grille-semestrielle-et-totaux": "TotalMismatch"},
    "du-cns/brochure": {
        "heures-en-presentiel": "DocumentDisagreement",
        "dates-de-la-formation": "DocumentDisagreement",
        "date-de-fin-impossible": "ImpossibleDate",
        "tarif-ou-gratuite": "DocumentDisagreement",
        "acquis-3-reformule": "DocumentDisagreement",
        "acquis-5-abrege": "DocumentDisagreement",
        "acquis-sans-macro-competence": "DocumentDisagreement",
        "titre-services-socles": "DocumentDisagreement",
        "niveau-typologie-et-risques": "DocumentDisagreement",
        "public-et-prerequis": "DocumentDisagreement",
        "duree-fixe-ou-maximale": "DocumentDisagreement",
    },
}


@pytest.mark.parametrize("graph_name", sorted(ISSUES))
def test_flagged_issues(graph_of, graph_name):
    g = graph_of(graph_name)
    key = graph_name.replace("/", "-")
    found = {str(s).rsplit("/", 1)[1]: g.value(s, SENS.issueKind) for s in g.subjects(RDF.type, SENS.SourceIssue)}
    assert found == {slug: SENS[kind] for slug, kind in ISSUES[graph_name].items()}
    for slug in found:
        assert (u(f"probleme/{key}/{slug}"), RDF.type, SENS.SourceIssue) in g


def test_disagreements_cite_both_documents(brochure):
    for issue in brochure.subjects(SENS.issueKind, SENS.DocumentDisagreement):
        sources = {brochure.value(c, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
                   for c in brochure.objects(issue, SENS.hasClaim)}
        assert sources == {u("source/000"), u("source/001")}, issue


def test_mismatch_claims_carry_both_figures(planning, brochure):
    grid = u("probleme/du-cns-planning/grille-semestrielle-et-totaux")
    values = {c.toPython() for cl in planning.objects(grid, SENS.hasClaim)
              for c in planning.objects(cl, SENS.claimedValue)}
    assert {Decimal(3), Decimal(16), Decimal(17), Decimal(90)} <= {Decimal(str(v)) for v in values}
    onsite = u("probleme/du-cns-brochure/heures-en-presentiel")
    values = {Decimal(str(c.toPython())) for cl in brochure.objects(onsite, SENS.hasClaim)
              for c in brochure.objects(cl, SENS.claimedValue)}
    assert values == {Decimal(5), Decimal(17)}


# ---------------------------------------------------------------- personal data

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
PHONE = re.compile(r"(\+33|\b0)[1-9]([ .-]?[0-9]{2}){4}\b")


@pytest.mark.parametrize("graph_name", MY_GRAPHS)
def test_no_email_or_phone(graph_of, graph_name):
    g = graph_of(graph_name)
    assert len(g) > 0
    for _, _, o in g:
        if isinstance(o, Literal):
            text = str(o)
            assert not EMAIL.search(text) and not PHONE.search(text), text
            assert "KOSTYRA" not in text and "Rue KIRSCHLEGER" not in text
