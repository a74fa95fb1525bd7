"""Référentiel socle post-bac (professionnels de santé de formation de niveau 4 à 8):
V1.2022 from the DU maquette (seed 000) and V1.1.2022 from the AMI CMA annex (seed 002)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from common import BASE
from graph_lookup import french_label as _fr
from graph_lookup import members as _of
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS

from sens_graph.namespaces import SENS

B = BASE
FW = URIRef(B + "referentiel/socle-postbac")
V1 = URIRef(B + "referentiel/socle-postbac/v1.2022")
V11 = URIRef(B + "referentiel/socle-postbac/v1.1.2022")
GRAPHS = {V1: "referentiel/socle-postbac-v1.2022", V11: "referentiel/socle-postbac-v1.1.2022"}

# capacities per competence, counted in the sources
CAPACITIES = {
    V1: {"1.1": 2, "1.2": 6, "1.3": 8, "1.4": 5, "2.1": 8, "2.2": 5, "3.1": 3, "3.2": 8, "3.3": 4,
         "4.1": 6, "4.2": 4, "4.3": 5, "4.4": 5, "5.1": 5, "5.2": 4},
    V11: {"1.1": 2, "1.2": 6, "1.3": 8, "1.4": 5, "2.1": 8, "2.2": 5, "3.1": 3, "3.2": 8, "3.3": 4,
          "4.1": 7, "4.2": 4, "4.3": 5, "4.4": 6, "5.1": 5, "5.2": 4},
}
DOMAIN_HOURS = {"1": Decimal(6), "2": Decimal(5), "3": Decimal(5), "4": Decimal(6), "5": Decimal(6)}


@pytest.fixture(params=[V1, V11], ids=["v1.2022", "v1.1.2022"])
def version(request: pytest.FixtureRequest) -> URIRef:
    return request.param


def test_structure_counts(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    assert len(_of(g, version, SENS.Domain)) == 5
    competences = _of(g, version, SENS.Competence)
    assert len(competences) == 15
    per_comp = {
        str(g.value(c, SKOS.notation)): len(set(g.subjects(SENS.ofCompetence, c))) for c in competences
    }
    assert per_comp == CAPACITIES[version]
    assert len(_of(g, version, SENS.Capacity)) == {V1: 78, V11: 80}[version]


def test_hours(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    hours = {str(g.value(d, SKOS.notation)): g.value(d, SENS.hours).toPython() for d in _of(g, version, SENS.Domain)}
    assert hours == DOMAIN_HOURS
    assert g.value(version, SENS.totalHours) == Literal(Decimal("28.0"))
    assert sum(hours.values()) == Decimal(28)
    # hours are printed per domain only
    assert not any((c, SENS.hours, None) in g for c in _of(g, version, SENS.Competence))


def test_version_metadata(graph_of) -> None:
    g1, g11 = graph_of(GRAPHS[V1]), graph_of(GRAPHS[V11])
    assert g1.value(V1, OWL.versionInfo) == Literal("V1.2022")
    assert g11.value(V11, OWL.versionInfo) == Literal("V1.1.2022")
    assert g1.value(V1, DCTERMS.title) == Literal("Référentiel socle et transversal de compétences", lang="fr")
    assert g11.value(V11, DCTERMS.title) == Literal(
        "Référentiel socle et transversal de compétences du numérique en santé des professionnels de santé "
        "de formation de niveau 4 à 8", lang="fr")
    # seed 000 names the issuer; the seed 002 annex does not
    assert g1.value(V1, DCTERMS.publisher) == URIRef(B + "organisation/delegation-ministerielle-au-numerique-en-sante")
    assert g11.value(V11, DCTERMS.publisher) is None
    assert g1.value(V1, SENS.ects) == Literal(Decimal("2.0"))
    assert (V11, PROV.wasRevisionOf, V1) in g11
    for g, v, src in ((g1, V1, "source/000"), (g11, V11, "source/002")):
        assert g.value(v, SENS.isVersionOfFramework) == FW
        assert g.value(v, SENS.appliesTo) == URIRef(B + "famille/professions-de-sante-niveau-4-a-8")
        assert (v, PROV.wasDerivedFrom, URIRef(B + src)) in g
        assert g.value(v, DCTERMS.issued) is None  # no date printed


def test_framework_identical_in_both_files(graph_of) -> None:
    a = set(graph_of(GRAPHS[V1]).triples((FW, None, None)))
    b = set(graph_of(GRAPHS[V11]).triples((FW, None, None)))
    assert a == b and (FW, RDF.type, SENS.CompetencyFramework) in a


def test_verbatim_samples(graph_of) -> None:
    g1, g11 = graph_of(GRAPHS[V1]), graph_of(GRAPHS[V11])
    c = "referentiel/socle-postbac/v1.2022/competence/"
    assert _fr(g1, URIRef(B + c + "1.2/capacite/1")) == (
        "connaitre la Loi nᵒ 78-17 relative à l’informatique, aux fichiers et aux libertés du 6 janvier 1978 (LIL) "
        "et le Règlement UE 2016/679 général de protection des données du 27 avril 2016 (RGPD)")
    assert _fr(g1, URIRef(B + c + "3.2")) == (
        "Interagir de manière adaptée entre professionnels, avec l’usager, avec les aidants et accompagnants "
        "et avec les institutions et administrations")
    assert _fr(g1, URIRef(B + c + "5.1/capacite/3")) == (
        "être en mesure de distinguer téléconsultation, téléassistance, télésurveillance, téléexpertise et télé soin")
    assert _fr(g1, URIRef(B + c + "1.4/capacite/4")).startswith("chercher des données scientifiques publiées")
    c = "referentiel/socle-postbac/v1.1.2022/competence/"
    # hyphens inside words are not capacity separators
    assert _fr(g11, URIRef(B + c + "1.1/capacite/1")).startswith(
        "connaître les enjeux et critères liés à l'identitovigilance vis-à-vis d'un usager")
    assert "identifiant e-CPS" in _fr(g11, URIRef(B + c + "1.3/capacite/7"))
    assert _fr(g11, URIRef(B + c + "3.1/capacite/3")) == (
        "identifier les moyens de communication numérique (MSSanté, MSS-C)")
    assert _fr(g11, URIRef(B + c + "1.4/capacite/3")) == (
        "connaître les principales codifications utilisées pour les pathologies, actes, produits de santé, "
        "nationales et internationales (SNOMED CT)")
    assert _fr(g11, URIRef(B + c + "4.1/capacite/4")) == (
        "être sensibilisé à l'impact environnemental du numérique en santé")
    assert _fr(g11, URIRef(B + "referentiel/socle-postbac/v1.1.2022/domaine/5")) == "Télesanté"
    for node in g11.subjects(SKOS.prefLabel, None):
        assert "<ul" not in _fr(g11, node) and not _fr(g11, node).startswith("-")


def _issues(g: Graph) -> dict[str, tuple[URIRef, set[URIRef]]]:
    return {
        str(i).rsplit("/", 1)[-1]: (g.value(i, SENS.issueKind), set(g.objects(i, SENS.concerns)))
        for i in g.subjects(RDF.type, SENS.SourceIssue)
    }


def test_source_issues(graph_of) -> None:
    g1, g11 = graph_of(GRAPHS[V1]), graph_of(GRAPHS[V11])
    issues1 = _issues(g1)
    assert issues1["titre-sans-public"][0] == SENS.AttributionInferred
    assert V1 in issues1["titre-sans-public"][1]
    issues11 = _issues(g11)
    assert {k: v[0] for k, v in issues11.items()} == {
        "secur-numerique": SENS.TextVariant, "e-prescription": SENS.TextVariant,
        "telesante": SENS.TextVariant, "donnees-de-usagers": SENS.TextVariant,
    }
    assert URIRef(B + "referentiel/socle-postbac/v1.1.2022/competence/4.1/capacite/3") in issues11["secur-numerique"][1]
    for g in (g1, g11):
        for issue in g.subjects(RDF.type, SENS.SourceIssue):
            claims = set(g.objects(issue, SENS.hasClaim))
            assert len(claims) == 2
            assert all(g.value(c, SENS.claimedValue) is not None for c in claims)
