"""Référentiels socle of three professions: aides-soignants et auxiliaires de puériculture (official
annex of June 2023, seed 003, with the untitled copy in seed 002 lines 560-580 as a second witness),
ambulanciers V.1.1.2023 (seed 002, lines 582-606) and assistants de régulation médicale V1.1.2023
(seed 002, lines 608-636)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from common import BASE
from graph_lookup import french_label as _fr
from graph_lookup import issues_of_kind as _issues
from graph_lookup import members as _of
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS

from sens_graph.namespaces import SENS

B = BASE
AS = URIRef(B + "referentiel/aides-soignants-auxiliaires-puericulture/2023-06")
AMB = URIRef(B + "referentiel/ambulanciers/v1.1.2023")
ARM = URIRef(B + "referentiel/assistants-regulation-medicale/v1.1.2023")
S002, S003 = URIRef(B + "source/002"), URIRef(B + "source/003")
GRAPHS = {
    AS: "referentiel/aides-soignants-auxiliaires-puericulture-2023-06",
    AMB: "referentiel/ambulanciers-v1.1.2023",
    ARM: "referentiel/assistants-regulation-medicale-v1.1.2023",
}
WORKS = {
    AS: "referentiel/aides-soignants-auxiliaires-puericulture",
    AMB: "referentiel/ambulanciers",
    ARM: "referentiel/assistants-regulation-medicale",
}
FAMILIES = {
    AS: "famille/aides-soignants-et-auxiliaires-de-puericulture",
    AMB: "famille/ambulanciers",
    ARM: "famille/assistants-de-regulation-medicale",
}
VERSION_INFO = {AS: "Annexe créée juin 2023", AMB: "V.1.1.2023", ARM: "V1.1.2023"}
TITLES = {
    AS: "Référentiel socle et transversal de compétences du numérique en santé des aides-soignants et "
    "auxiliaires de puériculture",
    AMB: "Référentiel socle de compétences du numérique en santé des ambulanciers",
    ARM: "Référentiel socle de compétences du numérique en santé des assistants de régulation médicale",
}
# capacities per competence IRI key, counted in the sources (AS: "- " bullets of seed 003, the two
# empty bullets of 3.1 and 3.2 not counted; AMB/ARM: " - " items of seed 002)
CAPACITIES = {
    AS: {"1.1": 1, "1.2": 3, "1.3": 6, "2.1": 7, "2.2": 4, "3.1": 2, "3.2": 5, "3.3": 4, "4.1": 4, "4.2": 3,
         "5.1": 5, "5.2": 4},
    AMB: {"1.1": 1, "1.2": 3, "1.3": 5, "2.1": 7, "2.2": 4, "3.1": 2, "3.2": 4, "3.3": 3, "4.1": 5, "4.2": 3,
          "5.1": 5, "5.2": 3},
    ARM: {"1.1": 1, "1.2": 3, "1.3": 6, "1.4": 2, "2.1": 7, "2.2": 4, "3.1": 2, "3.2": 4, "3.3": 3,
          "4.1": 7, "4.1-bis": 4, "4.2": 5, "4.4": 4, "5.1": 5, "5.2": 3},
}
DOMAIN_HOURS = {
    AS: {"1": Decimal(5), "2": Decimal(4), "3": Decimal(5), "4": Decimal(2), "5": Decimal(2)},
    AMB: {"1": Decimal(2), "2": Decimal(2), "3": Decimal(2), "4": Decimal(3), "5": Decimal(3)},
    ARM: {"1": Decimal(4), "2": Decimal(4), "3": Decimal(3), "4": Decimal(4), "5": Decimal(3)},
}
TOTALS = {AS: Decimal(18), AMB: Decimal(12), ARM: Decimal(18)}
# hours per competence: printed by seed 003 only
AS_COMPETENCE_HOURS = {"1.1": 2, "1.2": 1, "1.3": 2, "2.1": 2, "2.2": 2, "3.1": 2, "3.2": 1, "3.3": 2,
                       "4.1": 1, "4.2": 1, "5.1": 1, "5.2": 1}
# items whose seed 003 and seed 002 texts differ after typographic normalisation
AS_VARIANT_COMPETENCES = {"3.2", "3.3", "5.2"}
AS_VARIANT_CAPACITIES = {
    ("1.1", 1), ("1.2", 1), ("1.2", 2), ("1.3", 1), ("1.3", 2), ("1.3", 3), ("1.3", 5), ("2.1", 4), ("2.2", 1),
    ("2.2", 2), ("3.1", 1), ("3.1", 2), ("3.2", 5), ("3.3", 1), ("3.3", 2), ("4.1", 2), ("4.2", 2), ("4.2", 3),
    ("5.1", 1), ("5.1", 2), ("5.2", 1), ("5.2", 3),
}

ALL = [AS, AMB, ARM]
IDS = ["aides-soignants", "ambulanciers", "arm"]


@pytest.fixture(params=ALL, ids=IDS)
def version(request: pytest.FixtureRequest) -> URIRef:
    return request.param


def _claims(graph: Graph, issue: URIRef) -> dict[URIRef, str]:
    """claim source → claimed value"""
    out = {}
    for c in graph.objects(issue, SENS.hasClaim):
        out[graph.value(c, PROV.wasDerivedFrom)] = str(graph.value(c, SENS.claimedValue))
    return out


def test_version_metadata(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    work = URIRef(B + WORKS[version])
    assert (work, RDF.type, SENS.CompetencyFramework) in g
    assert (work, DCTERMS.title, Literal(TITLES[version], lang="fr")) in g
    assert (version, RDF.type, SENS.FrameworkVersion) in g
    assert (version, SENS.isVersionOfFramework, work) in g
    assert _fr(g, version) == TITLES[version]
    assert (version, DCTERMS.title, Literal(TITLES[version], lang="fr")) in g
    assert str(g.value(version, OWL.versionInfo)) == VERSION_INFO[version]
    assert (version, SENS.appliesTo, URIRef(B + FAMILIES[version])) in g
    assert g.value(version, SENS.totalHours).toPython() == TOTALS[version]
    # no publication date is printed by any of the three; seed 003 prints « Annexe créée juin 2023 »
    assert g.value(version, DCTERMS.issued) is None
    expected_created = "2023-06" if version == AS else None
    created = g.value(version, DCTERMS.created)
    assert (str(created) if created is not None else None) == expected_created


def test_counts(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    domains = _of(g, version, SENS.Domain)
    competences = _of(g, version, SENS.Competence)
    capacities = _of(g, version, SENS.Capacity)
    assert len(domains) == 5
    assert {str(g.value(d, SKOS.notation)) for d in domains} == {"1", "2", "3", "4", "5"}
    assert {d for d in domains if (d, SKOS.topConceptOf, version) in g} == domains
    assert len(competences) == len(CAPACITIES[version])
    assert len(capacities) == sum(CAPACITIES[version].values())
    for key, n in CAPACITIES[version].items():
        comp = URIRef(f"{version}/competence/{key}")
        assert comp in competences, key
        caps = set(g.subjects(SENS.ofCompetence, comp))
        assert len(caps) == n, key
        assert sorted(g.value(c, SENS.order).toPython() for c in caps) == list(range(1, n + 1))


def test_totals_by_version() -> None:
    assert {v: sum(CAPACITIES[v].values()) for v in ALL} == {AS: 48, AMB: 45, ARM: 60}
    assert {v: len(CAPACITIES[v]) for v in ALL} == {AS: 12, AMB: 12, ARM: 15}


def test_hours_add_up(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    hours = {}
    for d in _of(g, version, SENS.Domain):
        h = g.value(d, SENS.hours).toPython()
        hours[str(g.value(d, SKOS.notation))] = h
    assert hours == DOMAIN_HOURS[version]
    assert sum(hours.values()) == TOTALS[version]
    # every printed arithmetic holds: no total-mismatch issue is needed
    assert not _issues(g, SENS.TotalMismatch)


def test_as_competence_hours(graph_of) -> None:
    g = graph_of(GRAPHS[AS])
    for key, h in AS_COMPETENCE_HOURS.items():
        assert g.value(URIRef(f"{AS}/competence/{key}"), SENS.hours).toPython() == Decimal(h), key
    for d in _of(g, AS, SENS.Domain):
        comp_hours = [g.value(c, SENS.hours).toPython() for c in g.subjects(SENS.inDomain, d)]
        assert sum(comp_hours) == g.value(d, SENS.hours).toPython()
    # ambulanciers and ARM print hours per domain only
    for v in (AMB, ARM):
        gv = graph_of(GRAPHS[v])
        assert not [c for c in _of(gv, v, SENS.Competence) if gv.value(c, SENS.hours) is not None]


@pytest.mark.parametrize(
    ("iri", "label"),
    [
        (f"{AS}/competence/3.2",
         "Interagir de manière adaptée entre professionnels, avec l’usager, avec les aidants et accompagnants "
         "et avec les institutions et administrations"),
        (f"{AS}/competence/1.3/capacite/1",
         "identifier les critères d'accès aux données des usagers : connaitre le cadre règlementaire et la "
         "notion d'équipe de soins"),
        (f"{AS}/competence/3.3/capacite/2", "connaitre les bonnes pratiques en cas de connexion a des plateformes"),
        (f"{AS}/competence/5.1/capacite/3",
         "énumérer les notions de téléconsultation, téléassistance, télésurveillance, téléexpertise et télé soin"),
        (f"{AS}/competence/4.2/capacite/3", "connaitre l’importance de la traçabilité des informations transcrites"),
        (f"{AMB}/domaine/5", "Télesanté"),
        (f"{AMB}/competence/4.1/capacite/4", "connaître le dispositif de téléalarme"),
        (f"{AMB}/competence/4.1/capacite/5",
         "savoir identifier un dysfonctionnement, sensibiliser et accompagner l'utilisateur"),
        (f"{AMB}/competence/5.2/capacite/2",
         "décrire un projet médical ou de soin de télésanté (conception, déploiement, évaluation)"),
        (f"{AMB}/competence/3.2/capacite/1", "identifier les bonnes pratiques de savoir être"),
        (f"{ARM}/competence/4.1", "Maitriser les logiciels métiers et les services numériques"),
        (f"{ARM}/competence/4.1-bis",
         "Utiliser un objet connecté ou une application mobile et analyser leur fiabilité"),
        (f"{ARM}/competence/4.2/capacite/4", "connaître le programme SI-SAMU"),
        (f"{ARM}/competence/4.4/capacite/3",
         "chercher des données scientifiques publiées et savoir les interpréter, produire une bibliographie "
         "pertinente et participer à un programme de recherche scientifique ou d'innovation"),
        (f"{ARM}/competence/3.1/capacite/2", "maitriser la notion de responsabilité professionnelle"),
        (f"{ARM}/competence/4.1/capacite/3",
         "connaître le marché de la e-santé et les grands programmes de transformation numérique (Ségur "
         "numérique, Hop'en, ESMS numérique, ...)"),
    ],
)
def test_verbatim_labels(union: Graph, iri: str, label: str) -> None:
    assert _fr(union, URIRef(iri)) == label


def test_provenance(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    src = S003 if version == AS else S002
    for cls in (SENS.Domain, SENS.Competence, SENS.Capacity):
        for node in _of(g, version, cls):
            assert set(g.objects(node, PROV.wasDerivedFrom)) == {src}, node
            assert str(g.value(node, SENS.sourceLocation)).startswith(f"seed {str(src)[-3:]}, line"), node


def test_as_witness_variants(graph_of) -> None:
    """Every seed 003 / seed 002 text difference is one TextVariant issue with one claim per witness."""
    g = graph_of(GRAPHS[AS])
    variants = _issues(g, SENS.TextVariant)
    assert len(variants) == len(AS_VARIANT_COMPETENCES) + len(AS_VARIANT_CAPACITIES) == 25
    concerned = {c for i in variants for c in g.objects(i, SENS.concerns)}
    expected = {URIRef(f"{AS}/competence/{n}") for n in AS_VARIANT_COMPETENCES} | {
        URIRef(f"{AS}/competence/{n}/capacite/{k}") for n, k in AS_VARIANT_CAPACITIES
    }
    assert concerned == expected
    for i in variants:
        claims = _claims(g, i)
        assert set(claims) == {S002, S003}
        (node,) = g.objects(i, SENS.concerns)
        assert claims[S003] == _fr(g, node)  # the encoded text is seed 003's
    # a sample: competence 5.2, « usager » (003) vs « utilisateur » (002)
    issue = URIRef(B + "probleme/aides-soignants-auxiliaires-puericulture-2023-06/variante-competence-5-2")
    assert _claims(g, issue) == {
        S003: "Pratiquer la télésanté en lien avec l'équipe de soin et l’usager",
        S002: "Pratiquer la télésanté en lien avec l'équipe de soin et l'utilisateur",
    }
    issue = URIRef(B + "probleme/aides-soignants-auxiliaires-puericulture-2023-06/variante-capacite-1-3-1")
    assert _claims(g, issue)[S002] == (
        "identifier les critères d'accès aux données de usagers : connaître le cadre réglementaire et la notion "
        "d'équipe de soins"
    )


def test_as_other_issues(graph_of) -> None:
    g = graph_of(GRAPHS[AS])
    # the two empty bullets of seed 003 (3.1, 3.2), absent from seed 002
    missing = _issues(g, SENS.MissingContent)
    assert {c for i in missing for c in g.objects(i, SENS.concerns)} == {
        URIRef(f"{AS}/competence/3.1"), URIRef(f"{AS}/competence/3.2")}
    for i in missing:
        assert _claims(g, i)[S003] == "-"
    # the seed 002 copy has no title (attributed) and runs its capacities together (layout lost)
    assert len(_issues(g, SENS.AttributionInferred)) == 1
    assert len(_issues(g, SENS.LayoutLost)) == 1
    # witnesses agree on all hours: no hour disagreement issue
    assert not _issues(g, SENS.DocumentDisagreement)


def test_ambulanciers_issues(graph_of) -> None:
    g = graph_of(GRAPHS[AMB])
    (tv,) = _issues(g, SENS.TextVariant)
    assert (tv, SENS.concerns, URIRef(f"{AMB}/domaine/5")) in g
    (ects,) = _issues(g, SENS.MissingContent)
    assert (ects, SENS.concerns, AMB) in g
    assert g.value(AMB, SENS.ects) is None


def test_arm_numbering_issues(graph_of) -> None:
    g = graph_of(GRAPHS[ARM])
    first, second = URIRef(f"{ARM}/competence/4.1"), URIRef(f"{ARM}/competence/4.1-bis")
    assert str(g.value(first, SKOS.notation)) == str(g.value(second, SKOS.notation)) == "4.1"
    assert [g.value(c, SENS.order).toPython() for c in (first, second)] == [1, 2]
    (dup,) = _issues(g, SENS.NumberingDuplicate)
    assert set(g.objects(dup, SENS.concerns)) == {first, second}
    (gap,) = _issues(g, SENS.NumberingGap)
    assert URIRef(f"{ARM}/competence/4.4") in set(g.objects(gap, SENS.concerns))
    assert not list(g.subjects(SKOS.notation, Literal("4.3")))
    domain4 = sorted(
        (g.value(c, SENS.order).toPython(), str(g.value(c, SKOS.notation)))
        for c in g.subjects(SENS.inDomain, URIRef(f"{ARM}/domaine/4"))
    )
    assert [n for _, n in domain4] == ["4.1", "4.1", "4.2", "4.4"]
    (ects,) = _issues(g, SENS.MissingContent)
    assert (ects, SENS.concerns, ARM) in g
